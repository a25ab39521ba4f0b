#include "handler/remembered.h"

#include <algorithm>
#include <utility>

#include "base/log.h"
#include "change/change.h"
#include "notify/repeat_mark.h"

namespace bucketwatch::handler {
namespace {

// Lost races are re-decided from what the winner wrote; more than a few in a
// row means many writers on one bucket, and the next event decides again.
constexpr int kRaces = 8;

RememberedAlert Stateless(notify::Alert alert, const notify::MessageOptions& message) {
  RememberedAlert r;
  r.payload = notify::RenderSlackMessage(alert, message).body;
  r.key = alert.DedupeKey();
  r.alert = std::move(alert);
  return r;
}

// Pending alerts of `rec` that this invocation should send: those their
// invocation gave up on, those past their invocation's deadline, and those
// older than any invocation lives.
std::vector<RememberedAlert> TakenOver(const change::Recollection& rec, const BucketVerdict& b,
                                       const std::string& account, const notify::MessageOptions& message,
                                       int64_t now_ms) {
  std::vector<RememberedAlert> out;
  for (const change::PendingAlert& p : rec.pending) {
    const int64_t over_ms = p.until_ms > 0 ? p.until_ms : p.since_ms + kPendingTakeOverMs;
    if (!p.abandoned && now_ms <= over_ms) continue;  // its invocation is at it
    RememberedAlert r;
    r.alert.bucket = b.bucket;
    r.alert.account = account;
    // What it said is the last part of its key (notify::Alert::DedupeKey),
    // so that the summary and the exit status speak of it as the first time.
    r.alert.what = notify::WhatOfName(p.key.substr(p.key.rfind('|') + 1)).value_or(notify::What::kInformational);
    r.key = p.key;
    r.payload = notify::MarkPossibleRepeat(p.payload, message.lang);
    r.possible_repeat = true;
    r.account = account;
    r.bucket = b.bucket;
    out.push_back(std::move(r));
  }
  return out;
}

// One bucket's verdict against its record: the alerts to send, with the
// record written (conditionally) first.
Result<std::vector<RememberedAlert>> RememberBucket(change::Memory& memory, const Rescan& rescan,
                                                    const BucketVerdict& b, const notify::MessageOptions& message,
                                                    int64_t read_at_ms, int64_t now_ms, int64_t until_ms,
                                                    std::string& said) {
  const std::string account = b.snapshot.account.empty() ? rescan.account : b.snapshot.account;
  for (int race = 0; race < kRaces; ++race) {
    BW_ASSIGN_OR_RETURN(change::Recollection rec, memory.Recall(account, b.bucket));
    std::vector<RememberedAlert> out = TakenOver(rec, b, account, message, now_ms);
    change::Recollection next = rec;
    bool write = false;
    if (rec.observed_at_ms > read_at_ms) {
      said = "a newer read is already stored";
    } else if (b.gone() && rec.version == 0) {
      said = "the bucket no longer exists";
    } else {
      change::Digest digest;  // a bucket that is gone exposes nothing
      if (b.read()) digest = change::DigestOf(b.verdict);
      std::optional<change::Digest> previous = rec.version > 0 ? rec.digest : std::nullopt;
      change::Change ch = change::Compare(previous, digest);
      write = !previous || previous->Fingerprint() != digest.Fingerprint();
      next.digest = digest;
      next.observed_at_ms = read_at_ms;
      said = ch.Announce() ? std::string(change::ChangeKindName(ch.kind)) : "no change to announce";
      if (ch.Announce()) {
        notify::Alert a = BucketAlert(rescan, b, WhatOfChange(ch.kind));
        if (!previous && notify::NeedsAction(a.what)) a.notes.push_back(notify::Note::kStateBeforeUnknown);
        RememberedAlert r = Stateless(std::move(a), message);
        r.account = account;
        r.bucket = b.bucket;
        next.pending.push_back(change::PendingAlert{r.key, r.payload, now_ms, until_ms, false});
        out.push_back(std::move(r));
        write = true;
      }
    }
    if (!write) return out;
    BW_ASSIGN_OR_RETURN(std::optional<int64_t> version, memory.Keep(account, b.bucket, rec.version, next));
    if (version) return out;
    log::Info("state.race_lost", {{"bucket", b.bucket}, {"version", rec.version}});
  }
  return Status(StatusCode::kUnavailable, "the state record of " + b.bucket + " kept changing under this invocation (" +
                                              std::to_string(kRaces) + " writes lost)");
}

// Sets (or removes) the pending entry `key` of the record, when it is there.
Status UpdatePending(change::Memory& memory, const RememberedAlert& alert, bool remove) {
  if (alert.bucket.empty()) return Status::Ok();  // not kept: nothing to update
  for (int race = 0; race < kRaces; ++race) {
    BW_ASSIGN_OR_RETURN(change::Recollection rec, memory.Recall(alert.account, alert.bucket));
    auto it = std::find_if(rec.pending.begin(), rec.pending.end(),
                           [&](const change::PendingAlert& p) { return p.key == alert.key; });
    if (it == rec.pending.end()) return Status::Ok();  // another invocation delivered it
    if (remove) {
      rec.pending.erase(it);
    } else {
      it->abandoned = true;
    }
    BW_ASSIGN_OR_RETURN(std::optional<int64_t> version, memory.Keep(alert.account, alert.bucket, rec.version, rec));
    if (version) return Status::Ok();
  }
  return Status(StatusCode::kUnavailable, "the state record of " + alert.bucket + " kept changing");
}

}  // namespace

Result<RememberedRescan> Remember(change::Memory& memory, const RescanResult& result,
                                  const notify::MessageOptions& message, int64_t read_at_ms, int64_t now_ms,
                                  int64_t until_ms) {
  RememberedRescan out;
  const Rescan& r = result.rescan;
  if (!result.error.ok()) {
    // Nothing was read: said as without memory, every time.
    RescanAlertList list = RescanAlerts(result);
    for (notify::Alert& a : list.alerts) out.alerts.push_back(Stateless(std::move(a), message));
    out.reason = std::move(list.reason);
    return out;
  }
  if (r.scope == events::RescanScope::kAccount && r.call) {
    // A call on the account's own Block Public Access is said as without memory.
    RescanAlertList list = RescanAlerts(result);
    if (!list.alerts.empty()) out.alerts.push_back(Stateless(std::move(list.alerts.front()), message));
  }
  int announced = 0;
  std::string said;
  for (const BucketVerdict& b : result.buckets) {
    if (!b.read() && !b.gone()) {
      // Could not be read: said every time, and the record stays as it was.
      out.alerts.push_back(Stateless(BucketAlert(r, b, notify::What::kCannotJudge), message));
      said = "could not be read (" + b.error.message() + ")";
      continue;
    }
    BW_ASSIGN_OR_RETURN(std::vector<RememberedAlert> alerts,
                        RememberBucket(memory, r, b, message, read_at_ms, now_ms, until_ms, said));
    announced += static_cast<int>(alerts.size());
    for (RememberedAlert& a : alerts) out.alerts.push_back(std::move(a));
  }
  const std::string cause = CauseOf(r);
  if (r.scope == events::RescanScope::kBucket && result.buckets.size() == 1) {
    out.reason = cause + ": " + said + " (compared with the state table)";
  } else {
    out.reason = cause + ": " + std::to_string(result.buckets.size()) + " buckets read, " + std::to_string(announced) +
                 " changes announced (compared with the state table)";
  }
  return out;
}

Status Delivered(change::Memory& memory, const RememberedAlert& alert) { return UpdatePending(memory, alert, true); }

Status Abandoned(change::Memory& memory, const RememberedAlert& alert) { return UpdatePending(memory, alert, false); }

}  // namespace bucketwatch::handler
