#include "serve/event_worker.h"

#include <algorithm>
#include <chrono>

#include "base/log.h"
#include "events/event.h"
#include "handler/remembered.h"
#include "handler/rescan.h"
#include "notify/alert.h"
#include "notify/slack_message.h"
#include "serve/rule_results.h"
#include "serve/store_memory.h"

namespace bucketwatch::serve {
namespace {

using notify::What;

// The tag of the sweep's read (inbox row ids are positive).
constexpr int64_t kSweepTag = -1;

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
                         EventWorkerOptions options, change::Memory* shared)
    : store_(store),
      shared_(shared),
      rescanner_(rescanner),
      settings_(std::move(settings)),
      metrics_(metrics),
      options_(options) {
  triage_options_.declared_rules = settings_.declared_rules;
  if (rescanner_ != nullptr) {
    reads_ = std::make_unique<LiveReads>(*rescanner_, options_.concurrent_reads, [this] {
      if (on_read_done_) on_read_done_();
    });
  }
}

void EventWorker::Queue(const notify::Alert& alert, store::Commit& commit) const {
  notify::SlackMessage m = notify::RenderSlackMessage(alert, settings_.message);
  commit.messages.push_back(
      {alert.DedupeKey(), std::string(kSlackDestination), std::move(m.body), "", "", std::move(m.repeat_body)});
}

Status EventWorker::CompareRead(const handler::Rescan& rescan, Result<std::vector<scan::BucketVerdict>>& read,
                                int attempts_failed, int64_t read_at_ms, store::Commit& commit) {
  const bool last_attempt = attempts_failed + 1 >= options_.rescan_attempts;
  if (!read.ok() && !last_attempt) return read.status();  // retried later
  handler::RescanResult result;
  result.rescan = rescan;
  if (read.ok()) {
    result.buckets = std::move(read).value();
  } else {
    // Every attempt failed: said (as "cannot judge", with why) rather than dropped.
    result.error = read.status();
    log::Error("rescan.failed",
               {{"account", rescan.account}, {"bucket", rescan.bucket}, {"error", read.status().ToString()}});
    metrics_.events_failed++;
  }
  for (const scan::BucketVerdict& b : result.buckets) {
    metrics_.verdicts++;
    if (b.read() && b.verdict.exposed()) metrics_.verdicts_public++;
  }
  // The change step of `handle` and the Lambda function, against the shared
  // table or this daemon's own store.
  StoreMemory own(store_, commit);
  change::Memory& memory = shared_ != nullptr ? *shared_ : own;
  auto remembered = handler::Remember(memory, result, settings_.message, read_at_ms, NowMs());
  if (!remembered.ok()) {
    if (shared_ == nullptr) return remembered.status();  // the store failed; the event stays in the inbox
    if (!last_attempt) return Status(StatusCode::kUnavailable, remembered.status().ToString());
    // The table stayed out of reach: announced as without state rather than lost.
    log::Error("state.unavailable", {{"bucket", rescan.bucket}, {"error", remembered.status().ToString()}});
    for (const notify::Alert& a : handler::RescanAlerts(result).alerts) Queue(a, commit);
    return Status::Ok();
  }
  for (handler::RememberedAlert& a : remembered->alerts) {
    // The record holding it as pending, when there is one.
    std::string account = a.kept ? std::move(a.account) : std::string();
    std::string bucket = a.kept ? std::move(a.bucket) : std::string();
    commit.messages.push_back({std::move(a.key), std::string(kSlackDestination), std::move(a.payload),
                               std::move(account), std::move(bucket), std::move(a.repeat_payload)});
  }
  return Status::Ok();
}

EventWorker::Triaged EventWorker::TriageOf(const store::InboxEvent& event) {
  Triaged t;
  auto parsed = events::ParseEvent(event.body, parser_);
  if (!parsed.ok()) {
    // Checked at intake, so only an event from an older version's inbox can
    // get here: logged with the reason and dropped.
    log::Error("event.invalid", {{"event_id", event.event_id}, {"error", parsed.status().ToString()}});
    return t;
  }
  t.triage = handler::TriageEvent(*parsed, triage_options_);
  const handler::Triage& tr = *t.triage;
  if (tr.rescan) {
    const bool whole = tr.rescan->scope == events::RescanScope::kAccount;
    t.lane = Lane{tr.rescan->account, whole ? std::string() : tr.rescan->bucket};
  } else if (!tr.alerts.empty()) {
    const notify::Alert& a = tr.alerts.front();
    t.lane = Lane{a.account, a.subject == notify::Subject::kAccount ? std::string() : a.bucket};
  }
  return t;
}

EventWorker::Prepared EventWorker::Begin(const store::InboxEvent& event) const {
  Prepared p;
  p.event_id = event.event_id;
  p.received_at_ms = event.received_at_ms;
  p.commit.inbox_done = event.id;
  p.commit.seen_event = event.event_id;
  return p;
}

Result<EventWorker::Prepared> EventWorker::PrepareNow(const store::InboxEvent& event, const Triaged& t,
                                                      int64_t now_ms) {
  Prepared p = Begin(event);
  if (!t.triage) {
    metrics_.events_failed++;
    p.outcome = "invalid";
    return p;
  }
  const handler::Triage& triage = *t.triage;
  p.outcome = std::string(handler::DispositionName(triage.disposition));
  switch (triage.disposition) {
    case handler::Disposition::kAnnounce: {
      const int64_t received = event.received_at_ms > 0 ? event.received_at_ms : now_ms;
      BW_ASSIGN_OR_RETURN(std::vector<notify::Alert> alerts, NewRuleResults(store_, triage.alerts, received, p.commit));
      if (alerts.empty()) p.outcome = "unchanged";
      for (const notify::Alert& a : alerts) Queue(a, p.commit);
      break;
    }
    case handler::Disposition::kNeedsRescan: {
      // No live reader: say the bucket could not be judged, now.
      Result<std::vector<scan::BucketVerdict>> none = Status(StatusCode::kUnavailable, "no live reader configured");
      handler::Rescan rescan = *triage.rescan;
      if (rescan.event_id.empty()) rescan.event_id = event.event_id;
      BW_RETURN_IF_ERROR(CompareRead(rescan, none, options_.rescan_attempts, now_ms, p.commit));
      break;
    }
    case handler::Disposition::kIgnored: metrics_.events_ignored++; break;
    case handler::Disposition::kNothingToAnnounce: break;
  }
  return p;
}

void EventWorker::StartRead(const store::InboxEvent& event, const Lane& lane, handler::Rescan rescan) {
  if (rescan.event_id.empty()) rescan.event_id = event.event_id;
  metrics_.rescans++;
  busy_.Take(lane);
  reading_[event.id] = Reading{event, lane};
  LiveRead read;
  read.tag = event.id;
  read.rescan = std::move(rescan);
  read.timeout = options_.rescan_timeout;
  reads_->Submit(std::move(read));
}

Result<int> EventWorker::FinishReads(int64_t now_ms, std::vector<Prepared>& batch) {
  if (!reads_) return 0;
  int done = 0;
  for (LiveRead& read : reads_->TakeFinished()) {
    if (read.tag == kSweepTag) {
      FinishSweep(read, now_ms);
      continue;
    }
    auto it = reading_.find(read.tag);
    if (it == reading_.end()) continue;
    Reading r = std::move(it->second);
    reading_.erase(it);
    busy_.Release(r.lane);
    Retry& retry = retries_[r.event.id];
    Prepared p = Begin(r.event);
    p.outcome = std::string(handler::DispositionName(handler::Disposition::kNeedsRescan));
    Status s = CompareRead(read.rescan, read.result, retry.failures, read.started_at_ms, p.commit);
    if (!s.ok()) {
      if (s.code() != StatusCode::kUnavailable && s.code() != StatusCode::kPermissionDenied &&
          s.code() != StatusCode::kNotFound && s.code() != StatusCode::kInvalidInput) {
        return s;  // the store failed; the event stays in the inbox
      }
      retry.failures++;
      retry.due_ms = now_ms + Backoff(options_, retry.failures);
      metrics_.rescan_retries++;
      log::Warn("rescan.retry", {{"event_id", r.event.event_id},
                                 {"attempt", retry.failures},
                                 {"error", s.ToString()},
                                 {"retry_in_ms", retry.due_ms - now_ms}});
      continue;
    }
    batch.push_back(std::move(p));
    ++done;
    BW_RETURN_IF_ERROR(Flush(batch, now_ms));  // its state is read by the bucket's next event
  }
  return done;
}

void EventWorker::Scan(int64_t now_ms) {
  if (!reads_) return;
  if (sweeps_running_ > 0) {
    log::Warn("scan.still_running", {{"accounts_left", sweeps_running_}});
    return;
  }
  sweep_buckets_ = 0;
  std::vector<std::string> accounts = {""};  // the daemon's own, with its own credentials
  accounts.insert(accounts.end(), options_.sweep_accounts.begin(), options_.sweep_accounts.end());
  for (const std::string& account : accounts) {
    LiveRead read;
    read.tag = kSweepTag;
    read.rescan.scope = events::RescanScope::kAccount;
    read.rescan.account = account;
    read.rescan.cause = "scheduled scan";
    read.rescan.event_id = "scan-" + std::to_string(now_ms) + (account.empty() ? "" : "-" + account);
    read.timeout = options_.rescan_timeout;
    ++sweeps_running_;
    reads_->Submit(std::move(read));
  }
}

void EventWorker::FinishSweep(LiveRead& read, int64_t now_ms) {
  --sweeps_running_;
  const size_t buckets = read.result.ok() ? read.result->size() : 0;
  store::Commit commit;
  // The next sweep is the retry: an account that could not be read is
  // announced now as "could not be judged", with why, never left unsaid.
  Status s = CompareRead(read.rescan, read.result, options_.rescan_attempts - 1, read.started_at_ms, commit);
  if (s.ok()) s = store_.Apply(commit, now_ms).status();
  const std::string account = read.rescan.account.empty() ? "(own)" : read.rescan.account;
  if (!s.ok()) {
    log::Error("scan.failed", {{"account", account}, {"error", s.ToString()}});
    return;
  }
  sweep_buckets_ += static_cast<int64_t>(buckets);
  if (sweeps_running_ == 0) {
    metrics_.last_scan_time_ms = NowMs();
    metrics_.last_scan_duration_ms = metrics_.last_scan_time_ms - read.started_at_ms;
    metrics_.last_scan_buckets = sweep_buckets_;
  }
  metrics_.alerts_queued += static_cast<int64_t>(commit.messages.size());
  metrics_.outbox_depth += static_cast<int64_t>(commit.messages.size());
  log::Info("scan.done", {{"account", account},
                          {"buckets", buckets},
                          {"alerts", commit.messages.size()},
                          {"took_ms", NowMs() - read.started_at_ms}});
  if (!commit.messages.empty() && on_alerts_) on_alerts_();
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

Result<int> EventWorker::Drain(int64_t now_ms, int64_t& next_due_ms, const std::atomic<bool>& stop) {
  next_due_ms = 0;
  std::vector<Prepared> batch;
  BW_ASSIGN_OR_RETURN(int done, FinishReads(now_ms, batch));
  // Lanes of events left waiting in this pass: a later event about the same
  // bucket must not overtake them.
  BucketLanes waiting;
  int64_t after = 0;
  while (!stop.load()) {
    BW_ASSIGN_OR_RETURN(std::vector<store::InboxEvent> events, store_.PendingInbox(256, after));
    if (events.empty()) break;
    for (const store::InboxEvent& e : events) {
      if (stop.load()) break;
      after = e.id;
      if (reading_.count(e.id) > 0) continue;  // its lane is busy: later ones wait
      Triaged t = TriageOf(e);
      auto r = retries_.find(e.id);
      const bool due = r == retries_.end() || r->second.due_ms <= now_ms;
      if (!due) next_due_ms = next_due_ms == 0 ? r->second.due_ms : std::min(next_due_ms, r->second.due_ms);
      if (t.lane && (!due || busy_.Blocked(*t.lane) || waiting.Blocked(*t.lane))) {
        waiting.Take(*t.lane);
        continue;
      }
      if (!due) continue;
      if (reads_ && t.triage && t.triage->disposition == handler::Disposition::kNeedsRescan) {
        StartRead(e, *t.lane, *t.triage->rescan);
        continue;
      }
      BW_ASSIGN_OR_RETURN(Prepared p, PrepareNow(e, t, now_ms));
      // A commit that changes stored state is written at once, so that the
      // next event reads it; others are written together.
      const bool has_state = !p.commit.states.empty() || !p.commit.rules.empty();
      batch.push_back(std::move(p));
      ++done;
      if (has_state || batch.size() >= 256) {
        BW_RETURN_IF_ERROR(Flush(batch, now_ms));
        now_ms = NowMs();
      }
    }
  }
  BW_RETURN_IF_ERROR(Flush(batch, now_ms));
  return done;
}

Result<int> EventWorker::Settle(const std::atomic<bool>& stop) {
  int done = 0;
  for (;;) {
    int64_t due = 0;
    BW_ASSIGN_OR_RETURN(int n, Drain(NowMs(), due, stop));
    done += n;
    if (stop.load() || !reads_ || reads_->outstanding() == 0) return done;
    reads_->WaitForFinished(std::chrono::milliseconds(100));
  }
}

}  // namespace bucketwatch::serve
