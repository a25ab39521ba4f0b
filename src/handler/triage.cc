#include "handler/triage.h"

#include <cctype>

#include "base/aws_names.h"
#include "base/json.h"
#include "change/change.h"
#include "change/digest.h"
#include "events/config_rules.h"
#include "exposure/evaluator.h"
#include "exposure/finding_words.h"
#include "handler/rescan.h"

namespace bucketwatch::handler {
namespace {

std::string Bool(bool b) { return b ? "true" : "false"; }

// The requested policy's statements that would let in any AWS user or
// anyone, judged on their own (no ACL, no Block Public Access).
std::vector<std::string> PublicStatementsOf(const std::string& bucket, const std::string& policy_text) {
  json::Parser parser;
  exposure::Snapshot alone;
  alone.bucket = bucket;  // statements name their Resource
  alone.policy = exposure::Part<exposure::Policy>::Of(exposure::ParsePolicyText(policy_text, parser));
  exposure::Verdict v = exposure::Evaluate(alone);
  std::vector<std::string> lines;
  for (const exposure::Finding& f : v.findings) {
    if (f.channel != exposure::Channel::kPolicy || f.scope < exposure::Scope::kAuthenticated) continue;
    std::string line = "bucketPolicy Statement[" + std::to_string(f.statement) + "]";
    for (const auto& st : alone.policy.value().statements) {
      if (static_cast<int>(st.index) == f.statement && !st.sid.empty()) line += " Sid=\"" + st.sid + "\"";
    }
    line += " Principal=" + f.principal;
    std::string actions;
    for (const std::string& a : exposure::FindingActions(alone, f)) actions += (actions.empty() ? "" : ",") + a;
    if (!actions.empty()) line += " Action=" + actions;
    lines.push_back(std::move(line));
  }
  return lines;
}

using events::Compliance;
using exposure::Scope;
using notify::Alert;
using notify::Cause;
using notify::Fix;
using notify::Note;
using notify::What;

Triage Nothing(Disposition d, std::string reason) {
  Triage t;
  t.disposition = d;
  t.reason = std::move(reason);
  return t;
}

Triage Announce(Alert alert, std::string reason) {
  Triage t;
  t.disposition = Disposition::kAnnounce;
  t.reason = std::move(reason);
  t.alerts.push_back(std::move(alert));
  return t;
}

bool AllOn(const exposure::Part<exposure::BlockPublicAccess>& p) { return p.present() && FlagsOff(p).empty(); }

// --- AWS Config rule compliance -----------------------------------------

// The managed rules' annotations (undocumented, observed 2017-2020;
// docs/sources.md, "AWS Config events and managed rules") name the channel. Either
// sentence may appear, or both run together without a separator.
std::vector<Cause> CausesOfAnnotation(std::string_view annotation) {
  struct Sentence {
    std::string_view text;
    Cause::Channel channel;
    bool read;
    Fix fix;
  };
  static constexpr Sentence kSentences[] = {
      {"S3 bucket policy allows public read access", Cause::Channel::kPolicy, true, Fix::kPolicyPublic},
      {"S3 bucket ACL allows public read access", Cause::Channel::kAcl, true, Fix::kAclPublic},
      {"S3 bucket policy allows public write access", Cause::Channel::kPolicy, false, Fix::kPolicyPublic},
      {"S3 bucket ACL allows public write access", Cause::Channel::kAcl, false, Fix::kAclPublic},
  };
  std::vector<Cause> causes;
  for (const Sentence& s : kSentences) {
    if (annotation.find(s.text) == std::string_view::npos) continue;
    Cause c;
    c.channel = s.channel;
    c.claims_read = s.read;
    c.claims_write = !s.read;
    c.fix = s.fix;
    causes.push_back(std::move(c));
  }
  return causes;
}

constexpr const char* kInsufficientDataReason =
    "AWS Config could not evaluate the rule (INSUFFICIENT_DATA) after finding the bucket NON_COMPLIANT";

Triage FromCompliance(const events::ComplianceChange& c, const events::Envelope& env, const TriageOptions& options) {
  auto rule = events::RecognizeRule(c.rule_name, options.declared_rules);
  // The old Lambda passed on every result its EventBridge rule delivered:
  // a bucket rule bucketwatch does not know is passed on too, unjudged.
  if (!rule && c.resource_type == events::kBucketType) rule = events::PublicAccessRule::kUnknown;
  if (!rule) {
    return Nothing(Disposition::kIgnored, "AWS Config rule \"" + c.rule_name + "\" about " +
                                              (c.resource_type.empty() ? "an unnamed resource type" : c.resource_type) +
                                              " is not about S3 bucket exposure");
  }
  const Compliance now = c.now.compliance;
  const bool was_noncompliant = c.before && c.before->compliance == Compliance::kNonCompliant;
  std::string transition = std::string(events::ComplianceName(now));
  if (c.before) transition = std::string(events::ComplianceName(c.before->compliance)) + " -> " + transition;
  std::string subject = c.resource_type.empty() ? c.resource_id : c.resource_type + " " + c.resource_id;
  std::string summary = "AWS Config rule " + c.rule_name + " on " + subject + ": " + transition;

  // A rule that can no longer evaluate a bucket it found public has not
  // found it fixed: that is "could not be judged", never silence.
  const bool lost_sight = now == Compliance::kInsufficientData && was_noncompliant;
  if ((now == Compliance::kNotApplicable || now == Compliance::kInsufficientData) && !lost_sight) {
    std::string reason = summary + "; logged, not announced";
    if (was_noncompliant) reason += " (it was NON_COMPLIANT; the resource may have been deleted)";
    return Nothing(Disposition::kNothingToAnnounce, reason);
  }
  if (now == Compliance::kCompliant && !was_noncompliant) {
    return Nothing(Disposition::kNothingToAnnounce, summary + "; nothing was reported public before");
  }

  const bool bucket_rule = events::IsBucketRule(*rule);
  const bool protection_rule = *rule == events::PublicAccessRule::kBucketLevel || !bucket_rule;
  Alert a;
  const bool unknown_rule = *rule == events::PublicAccessRule::kUnknown;
  if (lost_sight) {
    a.what = What::kCannotJudge;
    a.cannot_judge.push_back(kInsufficientDataReason);
  } else if (unknown_rule) {
    a.what = now == Compliance::kNonCompliant ? What::kRuleNonCompliant : What::kRuleCompliant;
  } else if (now == Compliance::kNonCompliant) {
    a.what = protection_rule ? What::kProtectionOff : (was_noncompliant ? What::kStillPublic : What::kBecamePublic);
  } else {
    a.what = protection_rule ? What::kProtectionOn : What::kFixed;
  }
  a.subject = bucket_rule ? notify::Subject::kBucket : notify::Subject::kAccount;
  if (bucket_rule) a.bucket = c.resource_id;
  a.account = !bucket_rule && IsAccountId(c.resource_id) ? c.resource_id : c.account;
  a.region = c.region;
  a.partition = std::string(PartitionOfArn(c.rule_arn));

  notify::Origin& o = a.origin;
  o.kind = notify::Origin::Kind::kConfigRule;
  o.name = c.rule_name;
  o.id = env.id;
  o.time = c.now.recorded_time.empty() ? env.time : c.now.recorded_time;
  o.compliance = std::string(events::ComplianceName(now));
  if (c.before) o.previous_compliance = std::string(events::ComplianceName(c.before->compliance));
  o.annotation = c.now.annotation;
  if ((!o.annotation || o.annotation->empty()) && c.before && (!notify::NeedsAction(a.what) || lost_sight)) {
    o.annotation = c.before->annotation;  // shown as what it was
  }

  switch (*rule) {
    case events::PublicAccessRule::kPublicRead: a.access.claims_read = true; break;
    case events::PublicAccessRule::kPublicWrite: a.access.claims_write = true; break;
    case events::PublicAccessRule::kBucketLevel:
      if (notify::NeedsAction(a.what)) a.fixes.push_back(Fix::kBucketBlockPublicAccess);
      break;
    case events::PublicAccessRule::kAccountLevel:
    case events::PublicAccessRule::kAccountLevelPeriodic:
      if (notify::NeedsAction(a.what)) a.fixes.push_back(Fix::kAccountBlockPublicAccess);
      a.notes.push_back(Note::kAccountWide);
      break;
    case events::PublicAccessRule::kDeclared: a.notes.push_back(Note::kRuleDeclared); break;
    case events::PublicAccessRule::kUnknown: a.notes.push_back(Note::kRuleUnknown); break;
  }
  const bool exposure_rule = *rule == events::PublicAccessRule::kPublicRead ||
                             *rule == events::PublicAccessRule::kPublicWrite ||
                             *rule == events::PublicAccessRule::kDeclared;
  if (exposure_rule && notify::NeedsAction(a.what) && !lost_sight) {
    a.causes = CausesOfAnnotation(c.now.annotation.value_or(""));
    if (a.causes.empty()) a.fixes = {Fix::kPolicyPublic, Fix::kAclPublic};
  }
  return Announce(std::move(a), summary);
}

// --- AWS Config configuration item ---------------------------------------

Triage FromBucketItem(const events::ConfigItemChange& c, const events::Envelope& env) {
  std::string name = c.resource_name.empty() ? c.resource_id : c.resource_name;
  if (c.deleted()) return Nothing(Disposition::kNothingToAnnounce, "AWS Config: bucket " + name + " was deleted");
  if (c.status == events::ItemStatus::kResourceNotRecorded || !c.now) {
    return Nothing(Disposition::kNothingToAnnounce, "AWS Config no longer records bucket " + name);
  }
  const exposure::Verdict now = exposure::Evaluate(*c.now);
  const change::Digest now_digest = change::DigestOf(now);
  std::optional<exposure::Verdict> before;
  std::optional<change::Change> ch;
  if (c.before) {
    before = exposure::Evaluate(*c.before);
    ch = change::Compare(change::DigestOf(*before), now_digest);
  } else if (c.new_resource) {
    ch = change::Compare(std::nullopt, now_digest);
  }

  Alert a;
  if (ch) {
    if (!ch->Announce()) {
      return Nothing(Disposition::kNothingToAnnounce,
                     "AWS Config: bucket " + name + ": " +
                         (ch->kind == change::ChangeKind::kNarrowed ? "still exposed, but less than before"
                                                                    : "no change in who can reach it"));
    }
    a.what = WhatOfChange(ch->kind);
  } else {
    if (!now.exposed()) {
      return Nothing(Disposition::kNothingToAnnounce,
                     "AWS Config: bucket " + name + " is not public; the state before is unknown (" + c.before_unknown +
                         "), so whether it was fixed cannot be told");
    }
    a.what = now.widest() >= Scope::kAuthenticated ? What::kIsPublic : What::kCannotJudge;
    a.notes.push_back(Note::kStateBeforeUnknown);
  }
  a.subject = notify::Subject::kBucket;
  a.bucket = c.now->bucket;
  a.account = c.account;
  a.region = c.region;
  a.origin.kind = notify::Origin::Kind::kConfigItem;
  a.origin.name = "configuration item";
  a.origin.id = env.id;
  a.origin.time = c.capture_time.empty() ? env.time : c.capture_time;
  if (c.now->public_access_block.present()) a.bucket_bpa = c.now->public_access_block.value();

  if (a.what == What::kFixed) {
    a.access = SummaryOf(*before);  // what it was
  } else {
    a.access = SummaryOf(now);
    bool acl_uncertain = false;
    a.causes = CausesOfVerdict(*c.now, now, acl_uncertain);
    a.cannot_judge = now.cannot_judge;
    if (acl_uncertain && c.now->ownership.unknown()) a.notes.push_back(Note::kOwnershipNotRecorded);
    if (c.now->account_public_access_block.unknown()) a.notes.push_back(Note::kAccountBpaNotInItem);
  }
  std::string reason = "AWS Config: bucket " + name + " " + std::string(notify::WhatName(a.what));
  return Announce(std::move(a), std::move(reason));
}

Triage FromAccountBpaItem(const events::ConfigItemChange& c, const events::Envelope& env) {
  using BpaPart = exposure::Part<exposure::BlockPublicAccess>;
  BpaPart now = c.account_bpa_now.value_or(BpaPart::Absent());
  std::string account = c.account.empty() ? c.resource_id : c.account;
  What what = What::kInformational;
  bool before_unknown = false;
  if (c.account_bpa_before && !c.new_resource) {
    const BpaPart& before = *c.account_bpa_before;
    exposure::BlockPublicAccess b = before.present() ? before.value() : exposure::BlockPublicAccess{};
    exposure::BlockPublicAccess n = now.present() ? now.value() : exposure::BlockPublicAccess{};
    bool turned_off =
        (b.block_public_acls && !n.block_public_acls) || (b.ignore_public_acls && !n.ignore_public_acls) ||
        (b.block_public_policy && !n.block_public_policy) || (b.restrict_public_buckets && !n.restrict_public_buckets);
    if (turned_off) {
      what = What::kProtectionOff;
    } else if (AllOn(now) && !AllOn(before)) {
      what = What::kProtectionOn;
    } else {
      return Nothing(Disposition::kNothingToAnnounce,
                     "AWS Config: account " + account + " Block Public Access changed without turning anything off");
    }
  } else {
    before_unknown = !c.new_resource;
    if (AllOn(now)) {
      return Nothing(Disposition::kNothingToAnnounce,
                     "AWS Config: account " + account + " Block Public Access is fully on");
    }
    what = What::kProtectionOff;
  }
  Alert a;
  a.what = what;
  a.subject = notify::Subject::kAccount;
  a.account = account;
  a.region = c.region;
  a.origin.kind = notify::Origin::Kind::kConfigItem;
  a.origin.name = "configuration item";
  a.origin.id = env.id;
  a.origin.time = c.capture_time.empty() ? env.time : c.capture_time;
  if (now.present()) a.account_bpa = now.value();
  if (what == What::kProtectionOff) {
    Cause cause;
    cause.channel = Cause::Channel::kAccountBpa;
    cause.actions = FlagsOff(now);
    cause.fix = Fix::kAccountBlockPublicAccess;
    a.causes.push_back(std::move(cause));
  }
  if (before_unknown) a.notes.push_back(Note::kStateBeforeUnknown);
  a.notes.push_back(Note::kAccountWide);
  Triage t = Announce(std::move(a),
                      "AWS Config: account " + account + " Block Public Access " + std::string(notify::WhatName(what)));
  t.rescan = Rescan{events::RescanScope::kAccount, account, c.region, "", {}, "account Block Public Access changed"};
  return t;
}

Triage FromConfigItem(const events::ConfigItemChange& c, const events::Envelope& env) {
  const bool bucket = c.resource_type == events::kBucketType;
  const bool account_bpa = c.resource_type == events::kAccountBpaType;
  if (!bucket && !account_bpa) {
    return Nothing(Disposition::kIgnored,
                   "AWS Config item for " + c.resource_type + " is not about S3 bucket exposure");
  }
  if (c.oversized) {
    Triage t = Nothing(Disposition::kNeedsRescan,
                       "AWS Config sent only a summary of the configuration item of " + c.resource_type + " " +
                           c.resource_id + " (too large for the event" +
                           (c.oversized_location.empty() ? std::string() : "; stored at s3://" + c.oversized_location) +
                           "); judging it needs a live re-read");
    t.rescan = Rescan{bucket ? events::RescanScope::kBucket : events::RescanScope::kAccount,
                      c.account,
                      c.region,
                      bucket ? (c.resource_name.empty() ? c.resource_id : c.resource_name) : std::string(),
                      {},
                      "oversized configuration item"};
    return t;
  }
  return bucket ? FromBucketItem(c, env) : FromAccountBpaItem(c, env);
}

// --- GuardDuty -------------------------------------------------------------

notify::Actor ActorOf(const events::GuardDutyActor& g, std::string_view time) {
  notify::Actor a;
  a.who = g.user_name.empty() ? g.principal_id : g.user_name;
  a.type = g.user_type;
  a.ip = g.ip;
  std::string location = g.city;
  if (!g.country.empty()) location += (location.empty() ? "" : ", ") + g.country;
  a.location = location;
  a.network = g.organization;
  a.api = g.api;
  a.time = std::string(time);
  return a;
}

void AddClaims(const events::GuardDutyBucket& b, Alert& a) {
  auto add = [&a](Cause::Channel channel, bool read, Fix fix) {
    Cause c;
    c.channel = channel;
    c.claims_read = read;
    c.claims_write = !read;
    c.fix = fix;
    a.causes.push_back(std::move(c));
  };
  if (b.policy_read.value_or(false)) add(Cause::Channel::kPolicy, true, Fix::kPolicyPublic);
  if (b.policy_write.value_or(false)) add(Cause::Channel::kPolicy, false, Fix::kPolicyPublic);
  if (b.acl_read.value_or(false)) add(Cause::Channel::kAcl, true, Fix::kAclPublic);
  if (b.acl_write.value_or(false)) add(Cause::Channel::kAcl, false, Fix::kAclPublic);
  a.access.claims_read = b.policy_read.value_or(false) || b.acl_read.value_or(false);
  a.access.claims_write = b.policy_write.value_or(false) || b.acl_write.value_or(false);
}

Alert GuardDutyAlert(const events::GuardDutyFinding& f, const events::Envelope& env) {
  Alert a;
  a.account = f.account;
  a.region = f.region;
  a.partition = f.partition;
  notify::Origin& o = a.origin;
  o.kind = notify::Origin::Kind::kGuardDuty;
  o.name = f.type;
  o.id = f.id.empty() ? env.id : f.id;
  o.time = f.updated_at.empty() ? env.time : f.updated_at;
  o.title = f.title;
  o.description = f.description;
  o.severity = f.severity;
  o.count = f.count;
  a.actor = ActorOf(f.actor, f.last_seen.empty() ? f.updated_at : f.last_seen);
  if (f.count > 1) a.notes.push_back(Note::kRepeatedFinding);
  return a;
}

Triage FromGuardDuty(const events::GuardDutyFinding& f, const events::Envelope& env) {
  if (!events::IsS3PolicyFinding(f.type)) {
    return Nothing(Disposition::kIgnored, "GuardDuty finding type " + f.type + " is not about S3 bucket exposure");
  }
  if (f.archived) {
    return Nothing(Disposition::kNothingToAnnounce, "GuardDuty finding " + f.id + " (" + f.type + ") is archived");
  }
  Triage t;
  t.disposition = Disposition::kAnnounce;
  t.reason = "GuardDuty " + f.type;

  if (f.kind == events::GuardDutyKind::kAccountBlockPublicAccessOff) {
    Alert a = GuardDutyAlert(f, env);
    a.what = What::kProtectionOff;
    a.subject = notify::Subject::kAccount;
    std::optional<exposure::BlockPublicAccess> account_bpa;
    for (const auto& b : f.buckets) {
      if (b.account_bpa) account_bpa = b.account_bpa;
    }
    Cause c;
    c.channel = Cause::Channel::kAccountBpa;
    c.actions = FlagsOff(account_bpa ? exposure::Part<exposure::BlockPublicAccess>::Of(*account_bpa)
                                     : exposure::Part<exposure::BlockPublicAccess>::Absent());
    c.fix = Fix::kAccountBlockPublicAccess;
    a.causes.push_back(std::move(c));
    a.account_bpa = account_bpa;
    a.notes.push_back(Note::kAccountWide);
    t.alerts.push_back(std::move(a));
    t.rescan = Rescan{events::RescanScope::kAccount, f.account, f.region, "", ActorOf(f.actor, f.updated_at), f.type};
    return t;
  }

  if (f.buckets.empty()) {
    return Nothing(Disposition::kNothingToAnnounce,
                   "GuardDuty finding " + f.id + " (" + f.type + ") names no bucket; logged, not announced");
  }
  for (const events::GuardDutyBucket& b : f.buckets) {
    Alert a = GuardDutyAlert(f, env);
    a.subject = notify::Subject::kBucket;
    a.bucket = b.name;
    a.bucket_bpa = b.bucket_bpa;
    a.account_bpa = b.account_bpa;
    switch (f.kind) {
      case events::GuardDutyKind::kAnonymousAccessGranted:
      case events::GuardDutyKind::kPublicAccessGranted:
        a.what = b.effective_public.value_or(true) ? What::kBecamePublic : What::kInformational;
        a.access.any_aws_user = f.kind == events::GuardDutyKind::kPublicAccessGranted;
        AddClaims(b, a);
        break;
      case events::GuardDutyKind::kBucketBlockPublicAccessOff: {
        a.what = b.effective_public.value_or(false) ? What::kBecamePublic : What::kProtectionOff;
        Cause c;
        c.channel = Cause::Channel::kBucketBpa;
        c.actions = FlagsOff(b.bucket_bpa ? exposure::Part<exposure::BlockPublicAccess>::Of(*b.bucket_bpa)
                                          : exposure::Part<exposure::BlockPublicAccess>::Absent());
        c.fix = Fix::kBucketBlockPublicAccess;
        a.causes.push_back(std::move(c));
        AddClaims(b, a);
        break;
      }
      default: a.what = What::kInformational; break;
    }
    if (b.effective_public)
      a.notes.push_back(*b.effective_public ? Note::kEffectivelyPublic : Note::kEffectivelyNotPublic);
    t.alerts.push_back(std::move(a));
  }
  return t;
}

// --- CloudTrail --------------------------------------------------------------

Triage FromApiCall(const events::ApiCall& c, const events::Envelope& env) {
  if (c.change == events::ApiChange::kOther) {
    return Nothing(Disposition::kIgnored, "CloudTrail " + c.event_name + " does not change bucket exposure");
  }
  std::string target = c.scope == events::RescanScope::kAccount ? "account " + c.account : "bucket " + c.bucket;
  if (c.failed()) {
    return Nothing(Disposition::kNothingToAnnounce,
                   "CloudTrail " + c.event_name + " on " + target + " failed (" + c.error_code + "): nothing changed");
  }
  notify::Actor actor;
  actor.who = c.actor.arn.empty() ? c.actor.principal_id : c.actor.arn;
  actor.type = c.actor.type;
  actor.ip = c.actor.source_ip;
  actor.api = c.event_name;
  actor.time = c.event_time;
  std::string by = actor.who.empty() ? std::string() : " by " + actor.who;
  if (!actor.ip.empty()) by += " from " + actor.ip;
  Triage t = Nothing(Disposition::kNeedsRescan,
                     "CloudTrail " + c.event_name + " on " + target + by +
                         ": judging its effect needs a live re-read of the " +
                         (c.scope == events::RescanScope::kAccount ? "account's buckets" : "bucket"));
  t.rescan = Rescan{c.scope, c.account, c.region, c.bucket, actor, c.event_name, env.id, c};
  t.rescan->requested = RequestedSettings(c);  // worded once, shown by every alert of the rescan
  return t;
}

Triage FromReconcile(const events::Reconcile& r, const events::Envelope& env) {
  Triage t;
  t.disposition = Disposition::kNeedsRescan;
  Rescan rescan;
  rescan.scope = events::RescanScope::kAccount;
  rescan.account = r.account.empty() ? env.account : r.account;
  rescan.region = env.region;
  rescan.cause = "scheduled reconciliation";
  rescan.event_id = env.id;
  rescan.scheduled = true;
  rescan.from = r.from;
  t.reason = "scheduled reconciliation: every bucket of " +
             (rescan.account.empty() ? std::string("the account") : "account " + rescan.account) +
             (r.from.empty() ? "" : " from " + r.from + " on") + " is read";
  t.rescan = std::move(rescan);
  return t;
}

}  // namespace

std::vector<std::string> RequestedSettings(const events::ApiCall& call) {
  std::vector<std::string> out;
  if (!call.canned_acl.empty()) out.push_back("x-amz-acl: " + call.canned_acl);
  if (call.requested_bpa) {
    const exposure::BlockPublicAccess& b = *call.requested_bpa;
    out.push_back("BlockPublicAcls=" + Bool(b.block_public_acls) + " IgnorePublicAcls=" + Bool(b.ignore_public_acls) +
                  " BlockPublicPolicy=" + Bool(b.block_public_policy) +
                  " RestrictPublicBuckets=" + Bool(b.restrict_public_buckets));
  }
  if (!call.requested_ownership.empty()) out.push_back("ObjectOwnership=" + call.requested_ownership);
  if (!call.requested_policy.empty()) {
    for (std::string& line : PublicStatementsOf(call.bucket, call.requested_policy)) out.push_back(std::move(line));
  }
  return out;
}

std::vector<std::string> FlagsOff(const exposure::Part<exposure::BlockPublicAccess>& p) {
  exposure::BlockPublicAccess b = p.present() ? p.value() : exposure::BlockPublicAccess{};
  std::vector<std::string> off;
  if (!b.block_public_acls) off.emplace_back("BlockPublicAcls");
  if (!b.ignore_public_acls) off.emplace_back("IgnorePublicAcls");
  if (!b.block_public_policy) off.emplace_back("BlockPublicPolicy");
  if (!b.restrict_public_buckets) off.emplace_back("RestrictPublicBuckets");
  return off;
}

notify::AccessSummary SummaryOf(const exposure::Verdict& v) {
  notify::AccessSummary s;
  s.detailed = true;
  s.scope = v.access;
  s.unknown = v.unknown;
  s.who = v.who;
  return s;
}

// Grants in force that reach beyond named accounts, or that could not be judged.
std::vector<Cause> CausesOfVerdict(const exposure::Snapshot& snap, const exposure::Verdict& v, bool& acl_uncertain) {
  std::vector<Cause> causes;
  for (const exposure::Finding& f : v.findings) {
    if (f.blocked_by.blocked()) continue;
    if (f.scope < Scope::kAuthenticated && !f.cannot_judge) continue;
    Cause c = notify::AlertCause(exposure::CauseOf(snap, f));
    // Said once for the whole alert rather than under each grant.
    if (c.channel == Cause::Channel::kAcl && !c.uncertain.empty() && snap.ownership.unknown()) {
      acl_uncertain = true;
      c.uncertain.clear();
    }
    causes.push_back(std::move(c));
  }
  return causes;
}

std::string_view DispositionName(Disposition d) {
  switch (d) {
    case Disposition::kAnnounce: return "announce";
    case Disposition::kNothingToAnnounce: return "nothing_to_announce";
    case Disposition::kIgnored: return "ignored";
    case Disposition::kNeedsRescan: return "needs_rescan";
  }
  return "ignored";
}

Triage TriageEvent(const events::Event& event, const TriageOptions& options) {
  const events::Envelope& env = event.envelope;
  if (const auto* c = std::get_if<events::ComplianceChange>(&event.what)) return FromCompliance(*c, env, options);
  if (const auto* c = std::get_if<events::ConfigItemChange>(&event.what)) return FromConfigItem(*c, env);
  if (const auto* f = std::get_if<events::GuardDutyFinding>(&event.what)) return FromGuardDuty(*f, env);
  if (const auto* c = std::get_if<events::ApiCall>(&event.what)) return FromApiCall(*c, env);
  if (const auto* r = std::get_if<events::Reconcile>(&event.what)) return FromReconcile(*r, env);
  const auto& ignored = std::get<events::Ignored>(event.what);
  return Nothing(Disposition::kIgnored, ignored.reason);
}

}  // namespace bucketwatch::handler
