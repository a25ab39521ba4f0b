// The event worker: takes accepted events from the inbox, in order, and
// turns each into what it changes, committed in one transaction
// (store::Store::Apply): the new bucket state, the alerts to send, and the
// event's removal from the inbox. A crash at any moment leaves the event in
// the inbox (handled again after restart) or all of it done.
//
//   event -> events::ParseEvent -> handler::TriageEvent
//     announce            -> Config rule results: only a changed result
//                            (rule_results.h); its alerts go to the outbox
//     needs a rescan      -> a live read (live_reads.h, on its own threads)
//                            -> handler::Remember, the change step of
//                               `handle` and the Lambda function, against
//                               the stored state: only a change is announced
//     ignored / no news   -> recorded as seen
//
// Events about different buckets are handled side by side: a slow read of
// one bucket holds up only the later events about that bucket (or, for an
// account-wide event, that account); each bucket's events keep their order
// (bucket_lanes.h). Only this worker's thread touches the store.
//
// Duplicates (the same event id twice) are dropped by the inbox and
// seen_events. Events out of order: the rescan reads the bucket's state as
// it is now, and a state is stored with the time its read began, so a read
// that began before the stored one changes nothing.
//
// A rescan that cannot read anything (no credentials, S3 unreachable) leaves
// the event in the inbox and is retried with backoff; after the configured
// number of attempts the event is announced as "cannot judge" with the
// reason, so it is never dropped unannounced.
#ifndef BUCKETWATCH_SERVE_EVENT_WORKER_H_
#define BUCKETWATCH_SERVE_EVENT_WORKER_H_

#include <atomic>
#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "base/json.h"
#include "base/status.h"
#include "change/memory.h"
#include "handler/settings.h"
#include "handler/triage.h"
#include "serve/bucket_lanes.h"
#include "serve/live_reads.h"
#include "serve/metrics.h"
#include "serve/rescanner.h"
#include "serve/wakeup.h"
#include "store/store.h"

namespace bucketwatch::serve {

inline constexpr std::string_view kSlackDestination = "slack";

struct EventWorkerOptions {
  int rescan_attempts = 8;
  int64_t first_retry_ms = 1000;
  int64_t max_retry_ms = 60000;
  std::chrono::milliseconds rescan_timeout{120000};
  int concurrent_reads = 8;  // live reads in progress at once, each of another bucket
  // Accounts the scheduled scan reads besides the daemon's own (each with
  // the member role, handler::Settings::member_role).
  std::vector<std::string> sweep_accounts;
};

class EventWorker {
 public:
  // `rescanner` may be null: events that need one are announced as "cannot judge".
  // `shared`: the state table several replicas share (state/dynamodb_memory.h);
  // null: the bucket states are kept in `store` (serve/store_memory.h).
  EventWorker(store::Store& store, Rescanner* rescanner, handler::Settings settings, Metrics& metrics,
              EventWorkerOptions options = {}, change::Memory* shared = nullptr);

  // Takes in the live reads that finished, then handles every inbox event
  // that is due and whose bucket is not busy; reads are started, not waited
  // for. Returns how many events were committed and sets `next_due_ms` to
  // when a waiting one is due again (0: none).
  Result<int> Drain(int64_t now_ms, int64_t& next_due_ms, const std::atomic<bool>& stop);

  // Starts a full sweep of every bucket of the daemon's account and of each
  // of options.sweep_accounts (the scheduled scan), one live read per
  // account; Drain compares their verdicts as for events, through the outbox.
  void Scan(int64_t now_ms);

  // Drains until nothing more can happen without waiting for a retry's
  // backoff: every read started has finished and been taken in. For tests
  // and benchmarks; the daemon's loop is woken by set_on_read_done instead.
  Result<int> Settle(const std::atomic<bool>& stop);

  // Called after each commit that added alerts (rings the delivery worker).
  void set_on_alerts(std::function<void()> f) { on_alerts_ = std::move(f); }
  // Called on a reading thread when a live read finished (rings the event
  // loop). Set it before the first Drain.
  void set_on_read_done(std::function<void()> f) { on_read_done_ = std::move(f); }

 private:
  // One event's commit, not yet written.
  struct Prepared {
    store::Commit commit;
    std::string event_id;
    std::string outcome;
    int64_t received_at_ms = 0;
  };
  // An event whose live read is in progress.
  struct Reading {
    store::InboxEvent event;
    Lane lane;
  };
  struct Retry {
    int failures = 0;
    int64_t due_ms = 0;
  };

  // What the event asks for, decided without I/O.
  struct Triaged {
    std::optional<handler::Triage> triage;  // empty: the event could not be parsed
    std::optional<Lane> lane;               // the bucket (or account) it is about
  };
  Triaged TriageOf(const store::InboxEvent& event);
  Prepared Begin(const store::InboxEvent& event) const;
  // An event that needs no live read, prepared at once.
  Result<Prepared> PrepareNow(const store::InboxEvent& event, const Triaged& t, int64_t now_ms);
  void StartRead(const store::InboxEvent& event, const Lane& lane, handler::Rescan rescan);
  // Takes in the finished reads: commits or schedules a retry for each.
  Result<int> FinishReads(int64_t now_ms, std::vector<Prepared>& batch);
  void FinishSweep(LiveRead& read, int64_t now_ms);
  // The verdicts of a live read compared with the stored state, as alerts
  // and states in `commit`. kUnavailable-like errors: retry the event later.
  Status CompareRead(const handler::Rescan& rescan, Result<std::vector<scan::BucketVerdict>>& read, int attempts_failed,
                     int64_t read_at_ms, store::Commit& commit);
  // Writes the prepared commits in one transaction, then counts and logs them.
  Status Flush(std::vector<Prepared>& batch, int64_t now_ms);
  void Queue(const notify::Alert& alert, store::Commit& commit) const;

  store::Store& store_;
  change::Memory* shared_;
  Rescanner* rescanner_;
  handler::Settings settings_;
  handler::TriageOptions triage_options_;
  Metrics& metrics_;
  EventWorkerOptions options_;
  json::Parser parser_;
  std::function<void()> on_alerts_;
  std::function<void()> on_read_done_;
  std::unique_ptr<LiveReads> reads_;    // null without a rescanner
  std::map<int64_t, Reading> reading_;  // by inbox row id
  BucketLanes busy_;                    // lanes of the reads in progress
  int sweeps_running_ = 0;              // accounts of the current sweep not yet taken in
  int64_t sweep_buckets_ = 0;           // buckets the current sweep has taken in
  std::map<int64_t, Retry> retries_;    // by inbox row id
};

// Milliseconds since the epoch on the system clock.
int64_t NowMs();

}  // namespace bucketwatch::serve

#endif  // BUCKETWATCH_SERVE_EVENT_WORKER_H_
