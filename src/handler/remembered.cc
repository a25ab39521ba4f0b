#include "handler/remembered.h"

#include <algorithm>
#include <utility>

#include "aws/timestamp.h"
#include "base/log.h"
#include "change/change.h"
#include "notify/scan_summary.h"
#include "notify/slack_message.h"

namespace bucketwatch::handler {
namespace {

// Lost races are re-decided from what the winner wrote; more than a few in a
// row means many writers on one bucket, and the next event decides again.
constexpr int kRaces = 8;

// The account's own record: a name no bucket can have (bucket names are
// lower-case letters, digits, dots and hyphens).
constexpr std::string_view kAccountRecord = "(account)";

RememberedAlert Stateless(notify::Alert alert, const notify::MessageOptions& message) {
  RememberedAlert r;
  notify::SlackMessage rendered = notify::RenderSlackMessage(alert, message);
  r.payload = std::move(rendered.body);
  r.repeat_payload = std::move(rendered.repeat_body);
  r.key = alert.DedupeKey();
  r.alert = std::move(alert);
  return r;
}

// Pending alerts of `rec` that this invocation should send: those their
// invocation gave up on, those past their invocation's deadline, and those
// older than any invocation lives.
std::vector<RememberedAlert> TakenOver(const change::Recollection& rec, const std::string& bucket,
                                       const std::string& account, int64_t now_ms,
                                       const notify::MessageOptions& message) {
  std::vector<RememberedAlert> out;
  for (const change::PendingAlert& p : rec.pending) {
    const int64_t over_ms = p.until_ms > 0 ? p.until_ms : p.since_ms + kPendingTakeOverMs;
    if (!p.abandoned && now_ms <= over_ms) continue;  // its invocation is at it
    RememberedAlert r;
    r.alert.account = account;
    if (bucket == kAccountRecord) {
      r.alert.subject = notify::Subject::kAccount;
    } else {
      r.alert.bucket = bucket;
    }
    // What it said is the last part of its key (notify::Alert::DedupeKey),
    // so that the summary and the exit status speak of it as the first time.
    r.alert.what = notify::WhatOfName(p.key.substr(p.key.rfind('|') + 1)).value_or(notify::What::kInformational);
    r.key = p.key;
    if (p.payload.empty() && p.repeat_payload.empty()) {
      // The state table could not keep its message (state/dynamodb_memory.h):
      // said from its key, marked, rather than not at all.
      log::Warn("state.alert_from_key", {{"dedupe_key", p.key}});
      r.alert.notes.push_back(notify::Note::kDetailsNotKept);
      notify::SlackMessage rendered = notify::RenderSlackMessage(r.alert, message);
      r.payload = rendered.repeat_body;
      r.repeat_payload = std::move(rendered.repeat_body);
    } else {
      r.payload = notify::PayloadToRepeat(p.key, p.payload, p.repeat_payload);
      r.repeat_payload = p.repeat_payload;
    }
    r.possible_repeat = true;
    r.account = account;
    r.bucket = bucket;
    r.kept = true;
    out.push_back(std::move(r));
  }
  return out;
}

// One bucket's verdict against its record: the alerts to send, with the
// record written (conditionally) first.
Result<std::vector<RememberedAlert>> RememberBucket(change::Memory& memory, const Rescan& rescan,
                                                    const scan::BucketVerdict& b, const notify::MessageOptions& message,
                                                    int64_t read_at_ms, int64_t now_ms, int64_t until_ms,
                                                    std::string& said) {
  const std::string account = b.snapshot.account.empty() ? rescan.account : b.snapshot.account;
  for (int race = 0; race < kRaces; ++race) {
    BW_ASSIGN_OR_RETURN(change::Recollection rec, memory.Recall(account, b.bucket));
    std::vector<RememberedAlert> out = TakenOver(rec, b.bucket, account, now_ms, message);
    change::Recollection next = rec;
    bool write = false;
    if (rec.observed_at_ms > read_at_ms) {
      said = "a newer read is already stored";
    } else if (b.gone() && rec.version == 0) {
      said = "the bucket no longer exists";
    } else {
      // A bucket that is gone exposes nothing; one public only as the
      // allow-list permits is kept as exposing nothing, so that the entry's
      // expiry, or access beyond it, is announced as it becoming public.
      change::Digest digest;
      if (b.read() && !b.allowed) digest = change::DigestOf(b.verdict);
      std::optional<change::Digest> previous = rec.version > 0 ? rec.digest : std::nullopt;
      change::Change ch = change::Compare(previous, digest);
      write = !previous || previous->Fingerprint() != digest.Fingerprint();
      next.digest = digest;
      next.observed_at_ms = read_at_ms;
      // Still public, now as an entry permits: not "fixed".
      const bool announce = ch.Announce() && !b.allowed;
      said = b.allowed  ? "public as the allow-list permits"
             : announce ? std::string(change::ChangeKindName(ch.kind))
                        : "no change to announce";
      if (announce) {
        notify::Alert a = BucketAlert(rescan, b, WhatOfChange(ch.kind));
        if (!previous && notify::NeedsAction(a.what)) a.notes.push_back(notify::Note::kStateBeforeUnknown);
        RememberedAlert r = Stateless(std::move(a), message);
        r.account = account;
        r.bucket = b.bucket;
        r.kept = true;
        next.pending.push_back(change::PendingAlert{r.key, r.payload, r.repeat_payload, now_ms, until_ms, false});
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

// The facts of a reconciliation's summary; notify words and renders them.
notify::ScanSummary SummaryOf(const RescanResult& result, const std::string& account, int64_t read_at_ms,
                              int64_t now_ms) {
  notify::ScanSummary s;
  s.accounts = 1;
  s.first_of_account = account;
  for (const scan::BucketVerdict& b : result.buckets) {
    if (b.gone()) continue;
    ++s.scanned;
    if (b.allowed) {
      ++s.allowed;
    } else if (!b.read()) {
      ++s.errors;
      s.cannot_read.push_back({b.bucket, "", b.error.message(), ""});
    } else if (b.is_public()) {
      ++s.public_buckets;
    } else if (b.cannot_judge()) {
      ++s.unknown;
      const auto& why = b.verdict.cannot_judge;
      s.cannot_judge.push_back({b.bucket, "", why.empty() ? std::string() : why.front(), ""});
    }
  }
  // Not read before the time ran out: could not be read (one alert names them).
  s.scanned += result.out_of_time.size();
  s.errors += result.out_of_time.size();
  s.continued = result.continued;
  s.finished_at = aws::FormatIso8601(std::chrono::system_clock::time_point(std::chrono::milliseconds(now_ms)));
  s.elapsed = std::chrono::milliseconds(std::max<int64_t>(now_ms - read_at_ms, 0));
  return s;
}

// The account's own record says that it was reconciled before. The first reconciliation adds a summary of what it
// found, recorded as pending like any alert, so that it is said once.
Result<std::vector<RememberedAlert>> FirstReconciliation(change::Memory& memory, const RescanResult& result,
                                                         const notify::MessageOptions& message, int64_t read_at_ms,
                                                         int64_t now_ms, int64_t until_ms) {
  // The function's own account is named by what was read in it.
  std::string account = result.rescan.account;
  for (size_t i = 0; account.empty() && i < result.buckets.size(); ++i) account = result.buckets[i].snapshot.account;
  if (account.empty()) return std::vector<RememberedAlert>{};  // no bucket, no name: nothing to summarise
  for (int race = 0; race < kRaces; ++race) {
    BW_ASSIGN_OR_RETURN(change::Recollection rec, memory.Recall(account, kAccountRecord));
    std::vector<RememberedAlert> out = TakenOver(rec, std::string(kAccountRecord), account, now_ms, message);
    if (rec.version > 0) return out;
    RememberedAlert r;
    r.alert.what = notify::What::kInformational;
    r.alert.subject = notify::Subject::kAccount;
    r.alert.account = account;
    r.alert.origin.kind = notify::Origin::Kind::kScan;
    r.key = "reconciliation|account:" + account + "|" + std::string(notify::WhatName(r.alert.what));
    notify::SlackMessage summary = notify::RenderScanSummary(SummaryOf(result, account, read_at_ms, now_ms), message);
    r.payload = std::move(summary.body);
    r.repeat_payload = std::move(summary.repeat_body);
    r.account = account;
    r.bucket = std::string(kAccountRecord);
    r.kept = true;
    change::Recollection next = rec;
    next.digest = change::Digest{};
    next.observed_at_ms = read_at_ms;
    next.pending.push_back(change::PendingAlert{r.key, r.payload, r.repeat_payload, now_ms, until_ms, false});
    BW_ASSIGN_OR_RETURN(std::optional<int64_t> version, memory.Keep(account, kAccountRecord, rec.version, next));
    if (version) {
      out.push_back(std::move(r));
      return out;
    }
  }
  return Status(StatusCode::kUnavailable, "the state record of account " + account + " kept changing");
}

// Sets (or removes) the pending entry `key` of the record, when it is there.
Status UpdatePending(change::Memory& memory, const RememberedAlert& alert, bool remove) {
  if (!alert.kept) return Status::Ok();  // not recorded as pending: nothing to update
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
  for (const scan::BucketVerdict& b : result.buckets) {
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
  if (auto late = OutOfTimeAlert(result)) out.alerts.push_back(Stateless(std::move(*late), message));
  if (r.scheduled && r.scope == events::RescanScope::kAccount) {
    BW_ASSIGN_OR_RETURN(std::vector<RememberedAlert> summary,
                        FirstReconciliation(memory, result, message, read_at_ms, now_ms, until_ms));
    for (RememberedAlert& a : summary) out.alerts.push_back(std::move(a));
  }
  const std::string cause = CauseOf(r);
  if (r.scope == events::RescanScope::kBucket && result.buckets.size() == 1) {
    out.reason = cause + ": " + said + " (compared with the state table)";
  } else {
    out.reason = cause + ": " + std::to_string(result.buckets.size()) + " buckets read, " + std::to_string(announced) +
                 " changes announced (compared with the state table)" + HandedOn(result);
  }
  return out;
}

Status Delivered(change::Memory& memory, const RememberedAlert& alert) { return UpdatePending(memory, alert, true); }

Status Abandoned(change::Memory& memory, const RememberedAlert& alert) { return UpdatePending(memory, alert, false); }

}  // namespace bucketwatch::handler
