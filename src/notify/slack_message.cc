#include "notify/slack_message.h"

#include <algorithm>
#include <cstdio>
#include <iterator>

#include "base/text.h"
#include "notify/blocks.h"
#include "notify/mrkdwn.h"
#include "notify/reasons.h"

namespace bucketwatch::notify {
namespace {

using exposure::AccessKind;
using exposure::Scope;
using exposure::Who;

std::string_view Emoji(What what) {
  switch (what) {
    case What::kBecamePublic:
    case What::kPublicChanged:
    case What::kStillPublic:
    case What::kIsPublic: return ":rotating_light:";
    case What::kCannotJudge:
    case What::kRuleNonCompliant:
    case What::kProtectionOff: return ":warning:";
    case What::kFixed:
    case What::kRuleCompliant:
    case What::kProtectionOn: return ":white_check_mark:";
    case What::kInformational: return ":information_source:";
  }
  return ":information_source:";
}

std::string AccessWords(const Catalog& cat, exposure::AccessMask mask) {
  std::vector<std::string> words;
  for (AccessKind kind : exposure::kAllAccessKinds) {
    if (exposure::Has(mask, kind)) words.emplace_back(cat.access[static_cast<size_t>(kind)]);
  }
  return Join(words, cat.list_separator);
}

std::string_view WhoWords(const Catalog& cat, Scope scope, Who who) {
  if (scope == Scope::kCrossAccount) return cat.other_accounts;
  return cat.who[static_cast<size_t>(who)];
}

// The public is described by who the grants in force let in.
Who PublicWho(exposure::WhoMask mask, Scope scope) {
  if (scope == Scope::kPublic) {
    if (mask & exposure::Bit(Who::kAnonymous)) return Who::kAnonymous;
    if (mask & exposure::Bit(Who::kFederatedWebIdentity)) return Who::kFederatedWebIdentity;
    return Who::kAnonymous;
  }
  if ((mask & exposure::Bit(Who::kAnyAuthenticatedAws)) || !(mask & exposure::Bit(Who::kAnyAwsService))) {
    return Who::kAnyAuthenticatedAws;
  }
  return Who::kAnyAwsService;
}

// "• *Anyone on the internet*: read objects, list objects", one line per reach.
std::vector<std::string> AccessLines(const Alert& alert, const Catalog& cat) {
  std::vector<std::string> lines;
  const AccessSummary& a = alert.access;
  if (a.detailed) {
    for (Scope s : {Scope::kPublic, Scope::kAuthenticated, Scope::kCrossAccount}) {
      exposure::AccessMask mask = 0;
      for (AccessKind kind : exposure::kAllAccessKinds) {
        if (a.scope[static_cast<size_t>(kind)] == s) mask |= exposure::Bit(kind);
      }
      if (mask == 0) continue;
      lines.push_back("• *" + std::string(WhoWords(cat, s, PublicWho(a.who, s))) + "*: " + AccessWords(cat, mask));
    }
    if (a.unknown != 0) lines.push_back("• *" + std::string(cat.could_not_judge) + "*: " + AccessWords(cat, a.unknown));
    return lines;
  }
  if (a.claims_read) lines.push_back("• " + std::string(a.any_aws_user ? cat.aws_user_read : cat.public_read));
  if (a.claims_write) lines.push_back("• " + std::string(a.any_aws_user ? cat.aws_user_write : cat.public_write));
  return lines;
}

// A short summary for the fallback text: the widest reach only.
std::string ShortSummary(const Alert& alert, const Catalog& cat) {
  std::vector<std::string> lines = AccessLines(alert, cat);
  if (lines.empty()) return {};
  std::string s = lines.front().substr(std::string_view("• ").size());
  std::string out;
  for (char c : s) {
    if (c != '*') out += c;
  }
  return out;
}

std::string FixSentence(const Catalog& cat, Fix fix, const Alert& alert) {
  std::string_view text = cat.fixes[static_cast<size_t>(fix)];
  if (text.empty()) return {};
  // Inside `code`: escaped, without backticks (Code() without its wrapping).
  auto bare = [](std::string_view s) {
    std::string c = Code(s);
    return c.substr(1, c.size() - 2);
  };
  std::string bucket = bare(alert.bucket.empty() ? "BUCKET" : alert.bucket);
  std::string account = bare(alert.account.empty() ? "ACCOUNT_ID" : alert.account);
  return Fill(text, {{"bucket", bucket}, {"account", account}});
}

// A parenthetical next to *bold* or `code`. Slack starts and ends a mark
// only next to a space or ASCII punctuation, never next to a full-width
// character (https://github.com/seratch/ChatGPT-in-Slack/issues/61), and
// Japanese puts no half-width space before a full-width "（". So such a
// parenthetical is written " (…)" in every language, as AWS's Japanese
// documentation writes parentheticals in Latin script ("アクセスコントロールリスト
// (ACL)", https://docs.aws.amazon.com/ja_jp/AmazonS3/latest/userguide/about-object-ownership.html).
constexpr std::string_view kMarkParenOpen = " (";
constexpr std::string_view kMarkParenClose = ")";

std::string CauseText(const Cause& c, const Catalog& cat, const Alert& alert) {
  std::string head;
  switch (c.channel) {
    case Cause::Channel::kPolicy:
      if (c.statement >= 0) {
        std::string n = std::to_string(c.statement);
        head = "*" + Fill(cat.policy_statement, {{"n", n}}) + "*";
        if (!c.sid.empty()) {
          std::string sid = Code(c.sid);
          head += std::string(kMarkParenOpen) + Fill(cat.sid, {{"sid", sid}}) + std::string(kMarkParenClose);
        }
      } else {
        head = "*" + std::string(cat.bucket_policy) + "*";
      }
      break;
    case Cause::Channel::kAcl:
      if (c.grant >= 0) {
        std::string n = std::to_string(c.grant);
        head = "*" + Fill(cat.acl_grant, {{"n", n}}) + "*";
      } else {
        head = "*" + std::string(cat.bucket_acl) + "*";
      }
      break;
    case Cause::Channel::kBucketBpa: head = "*" + std::string(cat.bucket_bpa) + "*"; break;
    case Cause::Channel::kAccountBpa: head = "*" + std::string(cat.account_bpa) + "*"; break;
  }

  std::string body;
  if (c.channel == Cause::Channel::kBucketBpa || c.channel == Cause::Channel::kAccountBpa) {
    body = ": " + Fill(cat.off_flags, {{"flags", Join(c.actions, ", ")}});
  } else if (c.access == 0) {
    // Only AWS's claim is known: "Bucket ACL allows public read access".
    std::vector<std::string> claims;
    if (c.claims_read) claims.emplace_back(cat.claims_public_read);
    if (c.claims_write) claims.emplace_back(cat.claims_public_write);
    body = " " + Join(claims, std::string(cat.list_separator));
  } else {
    std::string principal = Code(c.principal);
    std::string who = c.scope == Scope::kCrossAccount && !c.other_account.empty()
                          ? Fill(cat.one_account, {{"account", Code(c.other_account)}})
                          : std::string(WhoWords(cat, c.scope, c.who));
    std::string what = AccessWords(cat, c.access);
    body = ": " + Fill(cat.principal, {{"principal", principal}}) + " → " +
           Fill(cat.grants_to, {{"who", who}, {"what", what}});
    if (!c.actions.empty()) {
      std::vector<std::string> shown;
      for (size_t i = 0; i < c.actions.size() && i < 12; ++i) shown.push_back(Code(c.actions[i]));
      std::string list = Join(shown, " ");
      if (c.actions.size() > 12) list += " " + Fill(cat.and_more, {{"n", std::to_string(c.actions.size() - 12)}});
      body += std::string(kMarkParenOpen) + list + std::string(kMarkParenClose);
    }
  }
  std::string text = head + body;
  if (!c.uncertain.empty()) text += "\n" + Fill(cat.uncertain, {{"text", SayReason(c.uncertain, cat.lang)}});
  // Bold, not italic: Slack shows no italics in Japanese (full-width) text
  // (https://get.slack.help/hc/ja/articles/202288908).
  std::string fix = FixSentence(cat, c.fix, alert);
  if (!fix.empty()) text += "\n*" + std::string(cat.fix) + ":* " + fix;
  return text;
}

std::string SourceLine(const Alert& alert, const Catalog& cat) {
  const Origin& o = alert.origin;
  switch (o.kind) {
    case Origin::Kind::kConfigRule: {
      std::string line = Fill(cat.source_config_rule, {{"rule", Code(o.name)}});
      if (!o.compliance.empty()) {
        std::string now = Code(o.compliance);
        if (!o.previous_compliance.empty()) {
          std::string before = Code(o.previous_compliance);
          line += ": " + Fill(cat.compliance_change, {{"before", before}, {"now", now}});
        } else {
          line += ": " + now;
        }
      }
      return line;
    }
    case Origin::Kind::kConfigItem: return std::string(cat.source_config_item);
    case Origin::Kind::kGuardDuty: {
      char severity[32];
      std::snprintf(severity, sizeof severity, "%g", o.severity);
      return Fill(cat.source_guardduty, {{"type", Code(o.name)}, {"severity", severity}});
    }
    case Origin::Kind::kCloudTrail: return Fill(cat.source_cloudtrail, {{"name", Code(o.name)}});
    case Origin::Kind::kScan: return std::string(cat.source_scan);
  }
  return {};
}

std::string ActorLine(const Actor& a, const Catalog& cat) {
  std::vector<std::string> parts;
  if (!a.who.empty()) {
    std::string who = Code(a.who);
    if (!a.type.empty()) who += std::string(kMarkParenOpen) + EscapeLine(a.type) + std::string(kMarkParenClose);
    parts.push_back(who);
  }
  if (!a.ip.empty()) {
    std::string where = std::string(cat.from) + " " + Code(a.ip);
    std::vector<std::string> place;
    if (!a.location.empty()) place.push_back(EscapeLine(a.location));
    if (!a.network.empty()) place.push_back(EscapeLine(a.network));
    if (!place.empty()) where += std::string(kMarkParenOpen) + Join(place, "; ") + std::string(kMarkParenClose);
    parts.push_back(where);
  }
  if (!a.api.empty()) parts.push_back(std::string(cat.calling) + " " + Code(a.api));
  if (!a.time.empty()) parts.push_back(std::string(cat.at) + " " + EscapeLine(a.time));
  return "*" + std::string(cat.changed_by) + "*: " + Join(parts, " · ");
}

std::string NoteSentence(const Catalog& cat, Note note, const Alert& alert) {
  std::string_view text = cat.note[static_cast<size_t>(note)];
  std::string n = std::to_string(alert.origin.count);
  return Fill(text, {{"n", n}, {"allowance", EscapeLine(alert.origin.allowance)}});
}

std::string HeaderText(const Alert& alert, const Catalog& cat, const MessageOptions& options) {
  const auto& titles = alert.subject == Subject::kAccount ? cat.account_title : cat.bucket_title;
  return HeaderLine(Emoji(alert.what), titles[static_cast<size_t>(alert.what)], options);
}

std::string FallbackText(const Alert& alert, const Catalog& cat, const MessageOptions& options) {
  const auto& titles = alert.subject == Subject::kAccount ? cat.account_title : cat.bucket_title;
  std::string text(Emoji(alert.what));
  text += ' ';
  if (!options.env_label.empty()) text += "[" + EscapeLine(options.env_label) + "] ";
  text += titles[static_cast<size_t>(alert.what)];
  text += ": ";
  text += EscapeLine(alert.subject == Subject::kAccount || alert.bucket.empty() ? alert.account : alert.bucket);
  std::vector<std::string> where;
  if (alert.subject == Subject::kBucket && !alert.account.empty()) where.push_back(EscapeLine(alert.account));
  if (!alert.region.empty()) where.push_back(EscapeLine(alert.region));
  if (!where.empty())
    text += std::string(cat.paren_open) + Join(where, cat.list_separator) + std::string(cat.paren_close);
  std::string summary = ShortSummary(alert, cat);
  if (!summary.empty() && NeedsAction(alert.what)) text += " — " + summary;
  return TruncateMrkdwn(text, SlackLimits::kFallbackChars);
}

}  // namespace

SlackMessage RenderSlackMessage(const Alert& alert, const MessageOptions& options) {
  const Catalog& cat = CatalogFor(options.lang);
  Blocks blocks;
  blocks.Header(HeaderText(alert, cat, options));

  // Lead line and the console link.
  std::string lead(cat.lead[static_cast<size_t>(alert.what)]);
  std::string url = ConsoleUrl(alert);
  std::string intro = lead;
  if (!url.empty()) {
    if (!intro.empty()) intro += "\n";
    intro += Link(url, cat.open_console);
  }
  blocks.Section(std::move(intro));

  // Identity.
  std::vector<std::string> fields;
  if (alert.subject == Subject::kBucket && !alert.bucket.empty()) {
    fields.push_back("*" + std::string(cat.bucket) + "*\n" + Code(alert.bucket));
  }
  if (!alert.account.empty()) fields.push_back("*" + std::string(cat.account) + "*\n" + Code(alert.account));
  if (!options.env_label.empty()) {
    fields.push_back("*" + std::string(cat.environment) + "*\n" + EscapeLine(options.env_label));
  }
  if (!alert.region.empty()) fields.push_back("*" + std::string(cat.region) + "*\n" + EscapeLine(alert.region));
  fields.push_back("*" + std::string(cat.reported_by) + "*\n" + SourceLine(alert, cat));
  blocks.Fields(std::move(fields));

  // Who can do what.
  std::vector<std::string> access = AccessLines(alert, cat);
  if (!access.empty()) {
    std::string title = alert.what == What::kFixed ? std::string(cat.before) : std::string(cat.who_can);
    blocks.Section("*" + title + "*\n" + Join(access, "\n"));
  } else if (alert.access.detailed && (alert.what == What::kFixed || alert.what == What::kInformational)) {
    blocks.Section("*" + std::string(cat.who_can) + "*\n" + std::string(cat.nothing_outside));
  }

  // What makes it public, one block per statement or grant.
  size_t shown = 0;
  for (const Cause& c : alert.causes) {
    if (shown == SlackLimits::kCauseBlocks) break;
    std::string text = CauseText(c, cat, alert);
    if (shown == 0) {
      bool protection = alert.what == What::kProtectionOff || alert.what == What::kProtectionOn;
      std::string titled = "*";
      titled += protection ? cat.protection_causes : cat.causes;
      titled += "*\n";
      titled += text;
      text = std::move(titled);
    }
    blocks.Section(std::move(text));
    ++shown;
  }
  if (alert.causes.size() > shown) {
    blocks.Section(Fill(cat.and_more, {{"n", std::to_string(alert.causes.size() - shown)}}));
  }

  if (!alert.fixes.empty()) {
    std::vector<std::string> lines;
    for (Fix f : alert.fixes) {
      std::string sentence = FixSentence(cat, f, alert);
      if (!sentence.empty()) lines.push_back("• " + sentence);
    }
    if (!lines.empty()) blocks.Section("*" + std::string(cat.fix) + "*\n" + Join(lines, "\n"));
  }

  if (!alert.cannot_judge.empty()) {
    std::vector<std::string> lines;
    for (const std::string& why : alert.cannot_judge) lines.push_back("• " + SayReason(why, cat.lang));
    blocks.Section("*" + std::string(cat.cannot_judge) + "*\n" + Join(lines, "\n"));
  }

  const Origin& o = alert.origin;
  if (o.annotation && !o.annotation->empty()) {
    std::string label(cat.annotation);
    // Fixed, compliant again, or no longer evaluated: the annotation is the one before.
    if (o.kind == Origin::Kind::kConfigRule &&
        (alert.what == What::kFixed || alert.what == What::kRuleCompliant || alert.what == What::kCannotJudge)) {
      label += cat.paren_open.data() + std::string(cat.before) + std::string(cat.paren_close);
    }
    blocks.Section("*" + label + "*\n" + Quote(*o.annotation));
  }
  if (o.kind == Origin::Kind::kGuardDuty && (!o.title.empty() || !o.description.empty())) {
    std::string text = "*" + std::string(cat.finding) + "*";
    if (!o.title.empty()) text += "\n" + Quote(o.title);
    if (!o.description.empty()) text += "\n" + Quote(o.description);
    blocks.Section(std::move(text));
  }
  if (!o.requested.empty()) {
    std::vector<std::string> lines;
    for (const std::string& r : o.requested) lines.push_back("• " + Code(r));
    blocks.Section("*" + std::string(cat.requested) + "*\n" + Join(lines, "\n"));
  }
  if (alert.actor && !alert.actor->Empty()) blocks.Section(ActorLine(*alert.actor, cat));

  std::vector<std::string> notes;
  for (Note n : alert.notes) notes.push_back(NoteSentence(cat, n, alert));
  blocks.Context(std::move(notes));

  std::string footer = Fill(cat.footer, {{"id", Code(o.id.empty() ? "-" : o.id)}});
  if (!o.time.empty()) footer += " · " + EscapeLine(o.time);
  blocks.Context({std::move(footer)});

  blocks.Limit(cat.and_more, 2);
  return blocks.Message(FallbackText(alert, cat, options), options);
}

}  // namespace bucketwatch::notify
