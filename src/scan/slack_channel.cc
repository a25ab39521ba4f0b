#include "scan/slack_channel.h"

#include <array>
#include <utility>
#include <vector>

#include "notify/catalog.h"
#include "notify/json_writer.h"
#include "notify/mrkdwn.h"
#include "notify/reasons.h"

namespace bucketwatch::scan {
namespace {

using exposure::Scope;
using notify::Fix;
using notify::Lang;

// The words of the summary message; the bucket messages use notify's catalog.
struct SummaryWords {
  std::string_view title_public;  // "{n} public S3 bucket(s) found by bucketwatch scan"
  std::string_view title_check;   // nothing public, but something to look at
  std::string_view scanned, is_public, allowed, cross_account, unknown, errors, accounts;
  std::string_view accounts_failed;  // section heading
  std::string_view cannot_judge;     // section heading
  std::string_view cannot_read;      // section heading
  std::string_view expired;          // section heading
  std::string_view not_sent;         // "{n} public buckets have no message of their own ..."
  std::string_view and_more;         // "…and {n} more"
  std::string_view footer;           // "bucketwatch scan · finished {time} · {seconds} s"
};

constexpr SummaryWords kEnglish = {
    .title_public = "bucketwatch scan: {n} public S3 bucket(s)",
    .title_check = "bucketwatch scan: buckets to check",
    .scanned = "Buckets scanned",
    .is_public = "Public",
    .allowed = "Public, allowed",
    .cross_account = "Shared with other accounts",
    .unknown = "Could not judge",
    .errors = "Could not read",
    .accounts = "Accounts",
    .accounts_failed = "Accounts that could not be scanned",
    .cannot_judge = "Buckets that could not be judged (they may be public)",
    .cannot_read = "Buckets that could not be read",
    .expired = "Allow-list entries that have expired (alerted again)",
    .not_sent = "{n} more public bucket(s) have no message of their own: see `bucketwatch scan` for the full list.",
    .and_more = "…and {n} more",
    .footer = "bucketwatch scan · finished {time} · {seconds} s",
};

constexpr SummaryWords kJapanese = {
    .title_public = "bucketwatch スキャン：公開 S3 バケット {n} 件",
    .title_check = "bucketwatch スキャン：確認が必要なバケットがあります",
    .scanned = "スキャンしたバケット",
    .is_public = "公開",
    .allowed = "公開（許可済み）",
    .cross_account = "他アカウントと共有",
    .unknown = "判定できず",
    .errors = "読み取れず",
    .accounts = "アカウント",
    .accounts_failed = "スキャンできなかったアカウント",
    .cannot_judge = "判定できなかったバケット（公開されている可能性があります）",
    .cannot_read = "読み取れなかったバケット",
    .expired = "期限切れの許可リスト項目（再度通知しています）",
    .not_sent = "ほかに公開バケットが {n} 件あります（個別の通知なし）。一覧は `bucketwatch scan` で確認してください。",
    .and_more = "…ほか {n} 件",
    .footer = "bucketwatch スキャン · 完了 {time} · {seconds} 秒",
};

constexpr size_t kListed = 10;  // buckets or accounts listed by name per section

// A bulleted list of at most kListed lines, then "…and N more"; cut to a section's length.
std::string BulletList(const std::vector<std::string>& lines, const SummaryWords& w) {
  std::string text;
  for (size_t i = 0; i < lines.size() && i < kListed; ++i) {
    if (!text.empty()) text += '\n';
    text += "• " + lines[i];
  }
  if (lines.size() > kListed) {
    text += "\n" + notify::Fill(w.and_more, {{"n", std::to_string(lines.size() - kListed)}});
  }
  return text;
}

std::string BucketName(const BucketResult& b) {
  std::string name = notify::Code(b.bucket);
  if (!b.account.empty()) name += " (" + notify::Escape(b.account) + ")";
  return name;
}

void WriteText(notify::JsonWriter& w, std::string_view type, std::string_view text) {
  w.BeginObject().Key("type").String(type).Key("text").String(text).EndObject();
}

void WriteSection(notify::JsonWriter& w, std::string_view heading, const std::string& body) {
  std::string text = "*" + std::string(heading) + "*\n" + body;
  w.BeginObject().Key("type").String("section").Key("text");
  WriteText(w, "mrkdwn", notify::TruncateMrkdwn(text, notify::SlackLimits::kSectionChars));
  w.EndObject();
}

}  // namespace

notify::Alert BucketAlert(const BucketResult& bucket) {
  notify::Alert a;
  a.what = notify::What::kIsPublic;
  a.subject = notify::Subject::kBucket;
  a.bucket = bucket.bucket;
  a.account = bucket.account;
  a.region = bucket.region;
  a.access.detailed = true;
  a.access.scope = bucket.access;
  a.access.unknown = bucket.unknown;
  a.access.who = bucket.who;
  // What makes it public; grants to named accounts are in the scan report.
  for (const exposure::Cause& c : bucket.causes) {
    if (c.scope >= Scope::kAuthenticated) a.causes.push_back(notify::AlertCause(c));
  }
  if (a.causes.empty()) a.fixes = {Fix::kPolicyPublic, Fix::kAclPublic};
  a.cannot_judge = bucket.cannot_judge;
  a.origin.kind = notify::Origin::Kind::kScan;
  a.origin.name = "scan";
  a.origin.id = "scan";
  a.origin.time = bucket.captured_at;
  if (bucket.allowance && bucket.allowance->expired) {
    a.origin.allowance =
        bucket.allowance->reason + " (" + bucket.allowance->expires + ", " + bucket.allowance->where + ")";
    a.notes.push_back(notify::Note::kAllowanceExpired);
  }
  return a;
}

notify::SlackMessage RenderScanSummary(const ScanReport& report, size_t not_sent,
                                       const notify::MessageOptions& options) {
  const SummaryWords& words = options.lang == Lang::kJa ? kJapanese : kEnglish;
  const Summary& s = report.summary;

  std::string title = s.public_buckets > 0 ? notify::Fill(words.title_public, {{"n", std::to_string(s.public_buckets)}})
                                           : std::string(words.title_check);
  // As notify's headers: the mark, the environment when it is plain text, the title.
  bool plain_env = !options.env_label.empty() && options.env_label.find_first_of("&<>") == std::string::npos;
  if (plain_env) title = "[" + options.env_label + "] " + title;
  title = (s.public_buckets > 0 ? "🚨 " : "⚠️ ") + title;

  std::vector<std::string> failed_accounts, unknown, unreadable, expired;
  for (const AccountResult& acc : report.accounts) {
    if (!acc.failed()) continue;
    std::string who = acc.account_id.empty() ? acc.role_arn : acc.account_id;
    failed_accounts.push_back(notify::Code(who) + ": " + notify::SayReason(acc.error, options.lang));
  }
  for (const BucketResult& b : report.buckets) {
    if (b.standing == Standing::kUnknown) {
      std::string why = !b.cannot_judge.empty() ? b.cannot_judge.front()
                        : !b.unread.empty()     ? b.unread.front().part + ": " + b.unread.front().reason
                                                : std::string();
      unknown.push_back(BucketName(b) + (why.empty() ? "" : ": " + notify::SayReason(why, options.lang)));
    } else if (b.standing == Standing::kError) {
      unreadable.push_back(BucketName(b) + ": " + notify::SayReason(b.error, options.lang));
    }
    if (b.allowance && b.allowance->expired) {
      expired.push_back(BucketName(b) + ": " + notify::Escape(b.allowance->reason) + " (" +
                        notify::Escape(b.allowance->expires) + ")");
    }
  }

  std::string text = title + ": " + std::string(words.scanned) + " " + std::to_string(s.scanned) + ", " +
                     std::string(words.unknown) + " " + std::to_string(s.unknown) + ", " + std::string(words.errors) +
                     " " + std::to_string(s.errors);

  notify::JsonWriter w(options.indent);
  w.BeginObject();
  if (!options.channel.empty()) w.Key("channel").String(options.channel);
  if (!options.username.empty()) w.Key("username").String(options.username);
  if (!options.icon_emoji.empty()) w.Key("icon_emoji").String(options.icon_emoji);
  if (!options.icon_url.empty()) w.Key("icon_url").String(options.icon_url);
  w.Key("text").String(notify::TruncatePlain(text, notify::SlackLimits::kFallbackChars));
  w.Key("blocks").BeginArray();
  size_t blocks = 0;

  w.BeginObject().Key("type").String("header").Key("text");
  WriteText(w, "plain_text", notify::TruncatePlain(title, notify::SlackLimits::kHeaderChars));
  w.EndObject();
  ++blocks;

  std::array<std::pair<std::string_view, size_t>, 7> counts = {{{words.scanned, s.scanned},
                                                                {words.is_public, s.public_buckets},
                                                                {words.allowed, s.allowed},
                                                                {words.cross_account, s.cross_account},
                                                                {words.unknown, s.unknown},
                                                                {words.errors, s.errors},
                                                                {words.accounts, s.accounts}}};
  w.BeginObject().Key("type").String("section").Key("fields").BeginArray();
  for (const auto& [label, n] : counts) {
    std::string value = std::to_string(n);
    if (label == words.accounts && s.account_errors > 0) value += " (" + std::to_string(s.account_errors) + " ✗)";
    WriteText(w, "mrkdwn", "*" + std::string(label) + "*\n" + value);
  }
  w.EndArray().EndObject();
  ++blocks;

  std::array<std::pair<std::string_view, const std::vector<std::string>*>, 4> lists = {
      {{words.accounts_failed, &failed_accounts},
       {words.cannot_judge, &unknown},
       {words.cannot_read, &unreadable},
       {words.expired, &expired}}};
  for (const auto& [heading, lines] : lists) {
    if (lines->empty()) continue;
    WriteSection(w, heading, BulletList(*lines, words));
    ++blocks;
  }

  std::vector<std::string> context;
  if (not_sent > 0) context.push_back(notify::Fill(words.not_sent, {{"n", std::to_string(not_sent)}}));
  char seconds[32];
  std::snprintf(seconds, sizeof seconds, "%.1f", static_cast<double>(s.elapsed.count()) / 1000.0);
  context.push_back(notify::Fill(words.footer, {{"time", notify::Escape(report.finished_at)}, {"seconds", seconds}}));
  w.BeginObject().Key("type").String("context").Key("elements").BeginArray();
  for (const std::string& c : context) {
    WriteText(w, "mrkdwn", notify::TruncateMrkdwn(c, notify::SlackLimits::kContextChars));
  }
  w.EndArray().EndObject();
  ++blocks;

  w.EndArray().EndObject();
  notify::SlackMessage message;
  message.body = w.Take();
  message.text = std::move(text);
  message.blocks = blocks;
  return message;
}

SlackScanChannel::SlackScanChannel(std::unique_ptr<notify::Sink> sink, notify::MessageOptions options)
    : sink_(std::move(sink)), options_(std::move(options)) {}

std::string SlackScanChannel::BucketMessage(const BucketResult& bucket) {
  return notify::RenderSlackMessage(BucketAlert(bucket), options_).body;
}

std::string SlackScanChannel::SummaryMessage(const ScanReport& report, size_t not_sent) {
  return RenderScanSummary(report, not_sent, options_).body;
}

}  // namespace bucketwatch::scan
