#include "handler/rescan.h"

#include <algorithm>

#include "base/log.h"
#include "exposure/evaluator.h"
#include "exposure/finding_words.h"

namespace bucketwatch::handler {
namespace {

using events::ApiChange;
using notify::Alert;
using notify::Cause;
using notify::Fix;
using notify::Note;
using notify::What;
using BpaPart = exposure::Part<exposure::BlockPublicAccess>;

bool AllOn(const BpaPart& p) { return p.present() && FlagsOff(p).empty(); }

// Calls after which the bucket being private is news: they could have closed it.
bool CouldClose(ApiChange c) {
  switch (c) {
    case ApiChange::kPutBucketPolicy:
    case ApiChange::kDeleteBucketPolicy:
    case ApiChange::kPutBucketAcl:
    case ApiChange::kPutBucketPublicAccessBlock:
    case ApiChange::kPutBucketOwnershipControls: return true;
    default: return false;
  }
}

// The call left some of the bucket's Block Public Access flags off.
bool TurnsBucketProtectionOff(const events::ApiCall& c) {
  if (c.change == ApiChange::kDeleteBucketPublicAccessBlock) return true;
  if (c.change != ApiChange::kPutBucketPublicAccessBlock || !c.requested_bpa) return false;
  return !FlagsOff(BpaPart::Of(*c.requested_bpa)).empty();
}

std::string TargetOf(const Rescan& r) {
  return r.scope == events::RescanScope::kAccount ? "account " + r.account : "bucket " + r.bucket;
}

void SetOrigin(const Rescan& rescan, Alert& a) {
  if (rescan.call) {
    a.origin.kind = notify::Origin::Kind::kCloudTrail;
    a.origin.name = rescan.call->event_name;
    a.origin.time = rescan.call->event_time;
    a.origin.requested = rescan.requested;
  } else {
    a.origin.kind = rescan.scheduled ? notify::Origin::Kind::kScan : notify::Origin::Kind::kConfigItem;
    a.origin.name = rescan.cause;
  }
  a.origin.id = rescan.event_id;
  if (!rescan.actor.Empty()) a.actor = rescan.actor;
}

Alert UnreadAlert(const Rescan& rescan, const std::string& bucket, const Status& error) {
  Alert a;
  a.what = What::kCannotJudge;
  a.subject = bucket.empty() ? notify::Subject::kAccount : notify::Subject::kBucket;
  a.bucket = bucket;
  a.account = rescan.account;
  a.region = rescan.region;
  a.cannot_judge.push_back(error.message());
  SetOrigin(rescan, a);
  return a;
}

Alert AccountAlert(const RescanResult& result) {
  const Rescan& r = result.rescan;
  BpaPart bpa = result.account_bpa;
  // Not readable here (no permission, a local S3): what the call set is the best knowledge.
  if (bpa.unknown() && r.call) {
    if (r.call->change == ApiChange::kDeleteAccountPublicAccessBlock) bpa = BpaPart::Absent();
    if (r.call->change == ApiChange::kPutAccountPublicAccessBlock && r.call->requested_bpa) {
      bpa = BpaPart::Of(*r.call->requested_bpa);
    }
  }
  Alert a;
  a.subject = notify::Subject::kAccount;
  a.account = r.account;
  a.region = r.region;
  SetOrigin(r, a);
  if (bpa.unknown()) {
    a.what = What::kCannotJudge;
    a.cannot_judge.push_back(bpa.unknown_reason());
  } else if (AllOn(bpa)) {
    a.what = What::kProtectionOn;
    a.account_bpa = bpa.value();
  } else {
    a.what = What::kProtectionOff;
    if (bpa.present()) a.account_bpa = bpa.value();
    Cause c;
    c.channel = Cause::Channel::kAccountBpa;
    c.actions = FlagsOff(bpa);
    c.fix = Fix::kAccountBlockPublicAccess;
    a.causes.push_back(std::move(c));
  }
  a.notes.push_back(Note::kAccountWide);
  return a;
}

}  // namespace

std::string CauseOf(const Rescan& r) {
  std::string cause = r.call ? "CloudTrail " + r.cause : r.cause;
  return cause + " on " + TargetOf(r);
}

notify::What WhatOfChange(change::ChangeKind kind) {
  switch (kind) {
    case change::ChangeKind::kBecamePublic: return What::kBecamePublic;
    case change::ChangeKind::kNewlyPublic: return What::kPublicChanged;
    case change::ChangeKind::kCannotJudge: return What::kCannotJudge;
    case change::ChangeKind::kFixed: return What::kFixed;
    case change::ChangeKind::kNarrowed:
    case change::ChangeKind::kNone: break;
  }
  return What::kInformational;
}

RescanResult RunRescan(BucketReader& reader, const Rescan& rescan, const RescanOptions& options,
                       const Deadline& deadline) {
  RescanResult result;
  result.rescan = rescan;
  auto account = reader.Open(rescan);
  if (!account.ok()) {
    result.error = account.status();
    return result;
  }
  AccountReader& ar = **account;
  if (rescan.scope == events::RescanScope::kAccount) {
    // A reconciliation reads in name order, so that what is left can be handed on by one name.
    ReadSlice slice;
    if (rescan.scheduled) slice.from = rescan.from;
    auto every = ar.ReadEvery(options, slice, deadline);
    if (!every.ok()) {
      result.error = Status(every.status().code(), "listing the account's buckets: " + every.status().message());
      return result;
    }
    for (scan::BucketVerdict& b : every.value()) {
      if (b.out_of_time) {
        result.out_of_time.push_back(std::move(b.bucket));
      } else {
        result.buckets.push_back(std::move(b));
      }
    }
  } else {
    scan::BucketVerdict& b = result.buckets.emplace_back();
    b.bucket = rescan.bucket;
    auto snap = deadline.Expired()
                    ? Result<exposure::Snapshot>(Status(StatusCode::kUnavailable, std::string(scan::kOutOfTimeReason)))
                    : ar.Read(rescan.bucket);
    if (snap.ok()) {
      b.snapshot = std::move(snap).value();
      b.verdict = exposure::Evaluate(b.snapshot);
    } else {
      b.error = snap.status();
    }
    if (options.allow != nullptr) scan::ApplyAllowList(b, *options.allow, std::chrono::system_clock::now());
  }
  result.account_bpa = ar.AccountBlockPublicAccess();
  return result;
}

std::string HandedOn(const RescanResult& result) {
  if (result.continued == 0) return {};
  return "; " + std::to_string(result.continued) + " more handed to a new invocation (from " + result.continued_from +
         ")";
}

std::optional<notify::Alert> OutOfTimeAlert(const RescanResult& result) {
  if (result.out_of_time.empty()) return std::nullopt;
  constexpr size_t kNamed = 10;
  std::string names;
  for (size_t i = 0; i < std::min(kNamed, result.out_of_time.size()); ++i) {
    names += (i == 0 ? "" : ", ") + result.out_of_time[i];
  }
  if (result.out_of_time.size() > kNamed) names += ", …";
  const std::string why = std::to_string(result.out_of_time.size()) +
                          " bucket(s) were not read before the time to read them ran out (" + names +
                          "); a longer function timeout lets one run read them all";
  return UnreadAlert(result.rescan, "", Status(StatusCode::kUnavailable, why));
}

notify::Alert BucketAlert(const Rescan& rescan, const scan::BucketVerdict& bucket, notify::What what) {
  Alert a;
  a.what = what;
  a.subject = notify::Subject::kBucket;
  a.bucket = bucket.bucket;
  a.account = bucket.snapshot.account.empty() ? rescan.account : bucket.snapshot.account;
  a.region = bucket.snapshot.region.empty() ? rescan.region : bucket.snapshot.region;
  SetOrigin(rescan, a);
  if (!bucket.read()) {
    a.cannot_judge.push_back(bucket.error.message());
    return a;
  }
  const exposure::Snapshot& s = bucket.snapshot;
  if (s.public_access_block.present()) a.bucket_bpa = s.public_access_block.value();
  if (s.account_public_access_block.present()) a.account_bpa = s.account_public_access_block.value();
  a.access = SummaryOf(bucket.verdict);
  bool acl_uncertain = false;
  a.causes = CausesOfVerdict(s, bucket.verdict, acl_uncertain);
  a.cannot_judge = bucket.verdict.cannot_judge;
  return a;
}

RescanAlertList RescanAlerts(const RescanResult& result) {
  RescanAlertList out;
  const Rescan& r = result.rescan;
  const std::string cause = CauseOf(r);
  if (!result.error.ok()) {
    out.alerts.push_back(UnreadAlert(r, r.scope == events::RescanScope::kAccount ? "" : r.bucket, result.error));
    out.reason = cause + ": could not be read live (" + result.error.message() + ")";
    return out;
  }

  if (r.scope == events::RescanScope::kAccount) {
    // A call on the account's Block Public Access is news in itself; a
    // scheduled read of every bucket is not.
    if (r.call) out.alerts.push_back(AccountAlert(result));
    int exposed = 0, unjudged = 0, allowed = 0;
    for (const scan::BucketVerdict& b : result.buckets) {
      if (b.gone()) continue;
      if (b.allowed) {
        ++allowed;
      } else if (!b.read()) {
        out.alerts.push_back(BucketAlert(r, b, What::kCannotJudge));
        ++unjudged;
      } else if (b.is_public()) {
        Alert a = BucketAlert(r, b, What::kIsPublic);
        a.notes.push_back(Note::kStateBeforeUnknown);
        out.alerts.push_back(std::move(a));
        ++exposed;
      } else if (b.cannot_judge()) {
        out.alerts.push_back(BucketAlert(r, b, What::kCannotJudge));
        ++unjudged;
      }
    }
    if (auto late = OutOfTimeAlert(result)) {
      out.alerts.push_back(std::move(*late));
      unjudged += static_cast<int>(result.out_of_time.size());
    }
    const std::string account_bpa =
        r.call ? ": account Block Public Access " + std::string(notify::WhatName(out.alerts[0].what)) + ";" : ":";
    out.reason = cause + account_bpa + " " + std::to_string(result.buckets.size()) + " buckets read, " +
                 std::to_string(exposed) + " public, " + std::to_string(unjudged) + " could not be judged";
    if (allowed > 0) out.reason += ", " + std::to_string(allowed) + " public as the allow-list permits";
    out.reason += HandedOn(result);
    return out;
  }

  if (result.buckets.empty()) {
    out.reason = cause + ": nothing was read";
    return out;
  }
  const scan::BucketVerdict& b = result.buckets.front();
  if (b.gone()) {
    out.reason = cause + ": the bucket no longer exists";
    return out;
  }
  if (!b.read()) {
    out.alerts.push_back(BucketAlert(r, b, What::kCannotJudge));
    out.reason = cause + ": could not be read live (" + b.error.message() + ")";
    return out;
  }
  if (b.allowed) {
    out.reason = cause + ": the bucket is public as the allow-list permits (" + b.allowance->where + ")";
    return out;
  }
  if (b.is_public()) {
    Alert a = BucketAlert(r, b, What::kIsPublic);
    a.notes.push_back(Note::kStateBeforeUnknown);
    out.alerts.push_back(std::move(a));
    out.reason = cause + ": the bucket is public";
    return out;
  }
  if (b.cannot_judge()) {
    out.alerts.push_back(BucketAlert(r, b, What::kCannotJudge));
    out.reason = cause + ": some access could not be judged";
    return out;
  }
  // Not public. Worth saying only when the call loosened a protection or could have closed access.
  if (!r.call) {
    out.reason = cause + ": the bucket is not public";
    return out;
  }
  const bool account_blocks_all = AllOn(b.snapshot.account_public_access_block);
  if (TurnsBucketProtectionOff(*r.call) && !account_blocks_all) {
    Alert a = BucketAlert(r, b, What::kProtectionOff);
    Cause c;
    c.channel = Cause::Channel::kBucketBpa;
    c.actions = FlagsOff(b.snapshot.public_access_block);
    c.fix = Fix::kBucketBlockPublicAccess;
    a.causes.insert(a.causes.begin(), std::move(c));
    out.alerts.push_back(std::move(a));
    out.reason = cause + ": the bucket is not public, but its Block Public Access is off";
    return out;
  }
  if (CouldClose(r.call->change) || TurnsBucketProtectionOff(*r.call)) {
    out.alerts.push_back(BucketAlert(r, b, What::kInformational));
    out.reason = cause + ": the bucket is not public after the change";
    return out;
  }
  out.reason = cause + ": the bucket is not public";
  return out;
}

}  // namespace bucketwatch::handler
