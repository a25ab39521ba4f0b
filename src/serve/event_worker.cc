#include "serve/event_worker.h"

#include <algorithm>
#include <chrono>

#include "base/log.h"
#include "change/change.h"
#include "change/digest.h"
#include "events/event.h"
#include "handler/rescan.h"
#include "notify/alert.h"
#include "notify/slack_message.h"

namespace bucketwatch::serve {
namespace {

using notify::What;

What WhatOfChange(change::ChangeKind kind) {
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

// The alert, built as `handle` and the Lambda function build it (the
// call's actor and request, causes, access), saying what the comparison found.
notify::Alert RescanAlert(const handler::Rescan& rescan, const RescannedBucket& b, What what, bool seen_before) {
  handler::BucketVerdict v;
  v.bucket = b.bucket;
  v.error = b.error;
  v.snapshot = b.snapshot;
  if (v.snapshot.account.empty()) v.snapshot.account = b.account;
  if (v.snapshot.region.empty()) v.snapshot.region = b.region;
  v.verdict = b.verdict;
  notify::Alert a = handler::BucketAlert(rescan, v, what);
  if (!seen_before && notify::NeedsAction(what)) a.notes.push_back(notify::Note::kStateBeforeUnknown);
  return a;
}

int64_t Backoff(const EventWorkerOptions& o, int failures) {
  int64_t wait = o.first_retry_ms;
  for (int i = 1; i < failures && wait < o.max_retry_ms; ++i) wait *= 2;
  return std::min(wait, o.max_retry_ms);
}

}  // namespace

int64_t NowMs() {
  return std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::system_clock::now().time_since_epoch())
      .count();
}

EventWorker::EventWorker(store::Store& store, Rescanner* rescanner, handler::Settings settings, Metrics& metrics,
                         EventWorkerOptions options)
    : store_(store), rescanner_(rescanner), settings_(std::move(settings)), metrics_(metrics), options_(options) {
  triage_options_.declared_rules = settings_.declared_rules;
}

Status EventWorker::HandleRescan(const handler::Rescan& rescan, int attempts_failed, const Status& last_error,
                                 store::Commit& commit, int64_t now_ms) {
  std::vector<RescannedBucket> buckets;
  Status error = last_error;
  if (rescanner_ == nullptr) {
    error = Status(StatusCode::kUnavailable, "no live reader configured");
  } else if (attempts_failed < options_.rescan_attempts) {
    metrics_.rescans++;
    auto read = rescanner_->Rescan(rescan, Deadline::In(options_.rescan_timeout));
    if (read.ok()) {
      buckets = std::move(read).value();
      error = Status::Ok();
    } else {
      error = read.status();
      if (attempts_failed + 1 < options_.rescan_attempts) return error;  // retried later
    }
  }
  if (!error.ok()) {
    // Every attempt failed: say so rather than drop the event.
    RescannedBucket b;
    b.account = rescan.account;
    b.region = rescan.region;
    b.bucket = rescan.bucket;
    b.error = error;
    notify::Alert a = RescanAlert(rescan, b, What::kCannotJudge, true);
    if (rescan.bucket.empty()) {
      a.subject = notify::Subject::kAccount;
    }
    log::Error("rescan.failed", {{"account", rescan.account}, {"bucket", rescan.bucket}, {"error", error.ToString()}});
    metrics_.events_failed++;
    commit.messages.push_back(
        {a.DedupeKey(), std::string(kSlackDestination), notify::RenderSlackMessage(a, settings_.message).body});
    return Status::Ok();
  }

  for (const RescannedBucket& b : buckets) {
    metrics_.verdicts++;
    if (!b.error.ok() && !b.gone()) {
      // This bucket could not be read (the others were): say so; its stored
      // state stays as it was.
      notify::Alert a = RescanAlert(rescan, b, What::kCannotJudge, true);
      commit.messages.push_back(
          {a.DedupeKey(), std::string(kSlackDestination), notify::RenderSlackMessage(a, settings_.message).body});
      continue;
    }
    change::Digest digest;  // a bucket that is gone exposes nothing
    if (b.error.ok()) digest = change::DigestOf(b.verdict);
    if (digest.exposed) metrics_.verdicts_public++;
    BW_ASSIGN_OR_RETURN(std::optional<store::BucketState> stored, store_.GetState(b.account, b.bucket));
    std::optional<change::Digest> previous;
    if (stored) {
      auto parsed = change::Digest::FromJson(stored->summary);
      if (parsed.ok()) {
        previous = std::move(parsed).value();
      } else {
        log::Warn("state.unreadable", {{"bucket", b.bucket}, {"error", parsed.status().ToString()}});
      }
    }
    change::Change ch = change::Compare(previous, digest);
    if (b.gone() && !stored) continue;  // never seen, now gone: nothing to say or keep
    commit.states.push_back(
        store::BucketState{b.account, b.bucket, digest.Fingerprint(), digest.ToJson(), digest.exposed, now_ms, now_ms});
    if (!ch.Announce()) continue;
    notify::Alert a = RescanAlert(rescan, b, WhatOfChange(ch.kind), previous.has_value());
    commit.messages.push_back(
        {a.DedupeKey(), std::string(kSlackDestination), notify::RenderSlackMessage(a, settings_.message).body});
  }
  return Status::Ok();
}

Result<EventWorker::Prepared> EventWorker::Prepare(const store::InboxEvent& event, int64_t now_ms) {
  Prepared p;
  p.event_id = event.event_id;
  p.received_at_ms = event.received_at_ms;
  store::Commit& commit = p.commit;
  commit.inbox_done = event.id;
  commit.seen_event = event.event_id;

  auto parsed = events::ParseEvent(event.body, parser_);
  if (!parsed.ok()) {
    // Checked at intake, so only an event from an older version's inbox can
    // get here: logged with the reason and dropped.
    log::Error("event.invalid", {{"event_id", event.event_id}, {"error", parsed.status().ToString()}});
    metrics_.events_failed++;
    p.outcome = "invalid";
    return p;
  }
  handler::Triage triage = handler::TriageEvent(*parsed, triage_options_);
  p.outcome = std::string(handler::DispositionName(triage.disposition));
  switch (triage.disposition) {
    case handler::Disposition::kAnnounce:
      for (const notify::Alert& a : triage.alerts) {
        commit.messages.push_back(
            {a.DedupeKey(), std::string(kSlackDestination), notify::RenderSlackMessage(a, settings_.message).body});
      }
      break;
    case handler::Disposition::kNeedsRescan: {
      Retry& retry = retries_[event.id];
      handler::Rescan rescan = *triage.rescan;
      if (rescan.event_id.empty()) rescan.event_id = event.event_id;
      Status s = HandleRescan(rescan, retry.failures, retry.last_error, commit, now_ms);
      if (!s.ok()) {
        if (s.code() != StatusCode::kUnavailable && s.code() != StatusCode::kPermissionDenied &&
            s.code() != StatusCode::kNotFound && s.code() != StatusCode::kInvalidInput) {
          return s;  // the store failed
        }
        retry.failures++;
        retry.last_error = s;
        retry.due_ms = now_ms + Backoff(options_, retry.failures);
        metrics_.rescan_retries++;
        log::Warn("rescan.retry", {{"event_id", event.event_id},
                                   {"attempt", retry.failures},
                                   {"error", s.ToString()},
                                   {"retry_in_ms", retry.due_ms - now_ms}});
        return Status(StatusCode::kUnavailable, s.message());
      }
      break;
    }
    case handler::Disposition::kIgnored: metrics_.events_ignored++; break;
    case handler::Disposition::kNothingToAnnounce: break;
  }
  return p;
}

Status EventWorker::Flush(std::vector<Prepared>& batch, int64_t now_ms) {
  if (batch.empty()) return Status::Ok();
  std::vector<store::Commit> commits;
  commits.reserve(batch.size());
  for (Prepared& p : batch) commits.push_back(std::move(p.commit));
  BW_RETURN_IF_ERROR(store_.ApplyAll(commits, now_ms));
  size_t alerts = 0;
  for (size_t i = 0; i < batch.size(); ++i) {
    const Prepared& p = batch[i];
    const store::Commit& c = commits[i];
    retries_.erase(*c.inbox_done);
    alerts += c.messages.size();
    metrics_.events_handled++;
    metrics_.inbox_depth--;
    log::Info("event.handled", {{"event_id", p.event_id},
                                {"outcome", p.outcome},
                                {"alerts", c.messages.size()},
                                {"queued_ms", now_ms - p.received_at_ms}});
  }
  metrics_.alerts_queued += static_cast<int64_t>(alerts);
  metrics_.outbox_depth += static_cast<int64_t>(alerts);
  batch.clear();
  if (alerts > 0 && on_alerts_) on_alerts_();
  return Status::Ok();
}

Status EventWorker::Handle(const store::InboxEvent& event, int64_t now_ms) {
  BW_ASSIGN_OR_RETURN(Prepared p, Prepare(event, now_ms));
  std::vector<Prepared> batch;
  batch.push_back(std::move(p));
  return Flush(batch, now_ms);
}

Result<int> EventWorker::Drain(int64_t now_ms, int64_t& next_due_ms, const std::atomic<bool>& stop) {
  next_due_ms = 0;
  int done = 0;
  std::vector<Prepared> batch;
  while (!stop.load()) {
    BW_ASSIGN_OR_RETURN(std::vector<store::InboxEvent> events, store_.PendingInbox(256));
    int handled_now = 0;
    for (const store::InboxEvent& e : events) {
      if (stop.load()) break;
      auto r = retries_.find(e.id);
      if (r != retries_.end() && r->second.due_ms > now_ms) {
        next_due_ms = next_due_ms == 0 ? r->second.due_ms : std::min(next_due_ms, r->second.due_ms);
        continue;
      }
      auto p = Prepare(e, now_ms);
      if (!p.ok()) {
        if (p.status().code() != StatusCode::kUnavailable) return p.status();
        const Retry& retry = retries_[e.id];
        next_due_ms = next_due_ms == 0 ? retry.due_ms : std::min(next_due_ms, retry.due_ms);
        continue;
      }
      // A commit that changes bucket state is written at once, so that the
      // next event reads it; others are written together.
      bool has_state = !p->commit.states.empty();
      batch.push_back(std::move(p).value());
      ++done;
      ++handled_now;
      if (has_state || batch.size() >= 256) {
        BW_RETURN_IF_ERROR(Flush(batch, now_ms));
        now_ms = NowMs();
      }
    }
    BW_RETURN_IF_ERROR(Flush(batch, now_ms));
    now_ms = NowMs();
    if (handled_now == 0) break;  // everything left is waiting for a retry
  }
  return done;
}

Status EventWorker::Scan(int64_t now_ms) {
  if (rescanner_ == nullptr) return Status::Ok();
  handler::Rescan rescan;
  rescan.scope = events::RescanScope::kAccount;
  rescan.cause = "scheduled scan";
  rescan.event_id = "scan-" + std::to_string(now_ms);
  store::Commit commit;
  auto started = std::chrono::steady_clock::now();
  Status s = HandleRescan(rescan, 0, Status::Ok(), commit, now_ms);
  if (!s.ok()) return s;
  BW_ASSIGN_OR_RETURN(std::vector<bool> stored, store_.Apply(commit, now_ms));
  (void)stored;
  auto took = std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::steady_clock::now() - started);
  metrics_.last_scan_time_ms = NowMs();
  metrics_.last_scan_duration_ms = took.count();
  metrics_.last_scan_buckets = static_cast<int64_t>(commit.states.size());
  metrics_.alerts_queued += static_cast<int64_t>(commit.messages.size());
  metrics_.outbox_depth += static_cast<int64_t>(commit.messages.size());
  log::Info("scan.done",
            {{"buckets", commit.states.size()}, {"alerts", commit.messages.size()}, {"took_ms", took.count()}});
  if (!commit.messages.empty() && on_alerts_) on_alerts_();
  return Status::Ok();
}

}  // namespace bucketwatch::serve
