// The event worker: takes accepted events from the inbox, in order, and
// turns each into what it changes, committed in one transaction
// (store::Store::Apply): the new bucket state, the alerts to send, and the
// event's removal from the inbox. A crash at any moment leaves the event in
// the inbox (handled again after restart) or all of it done.
//
//   event -> events::ParseEvent -> handler::TriageEvent
//     announce            -> its alerts go to the outbox
//     needs a rescan      -> Rescanner reads the bucket(s) live -> Evaluate
//                            -> change::Compare with the stored digest
//                            -> only a change is announced
//     ignored / no news   -> recorded as seen
//
// Duplicates (the same event id twice) are dropped by the inbox and
// seen_events. Events out of order: the rescan reads the bucket's state as
// it is now, so the last one handled leaves the right state; the stored
// observed_at is the time of the read, which only moves forward.
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
#include <string>

#include "base/json.h"
#include "base/status.h"
#include "handler/settings.h"
#include "handler/triage.h"
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
};

class EventWorker {
 public:
  // `rescanner` may be null: events that need one are announced as "cannot judge".
  EventWorker(store::Store& store, Rescanner* rescanner, handler::Settings settings, Metrics& metrics,
              EventWorkerOptions options = {});

  // Handles one inbox event. Ok: committed. kUnavailable: left in the inbox
  // for a later attempt. Other errors: the store failed.
  Status Handle(const store::InboxEvent& event, int64_t now_ms);

  // Handles every inbox event that is due; returns how many were committed
  // and sets `next_due_ms` to when a waiting one is due again (0: none).
  Result<int> Drain(int64_t now_ms, int64_t& next_due_ms, const std::atomic<bool>& stop);

  // A full sweep of every bucket of the account, through the same
  // comparison and outbox as events (the scheduled scan).
  Status Scan(int64_t now_ms);

  // Called after each commit that added alerts (rings the delivery worker).
  void set_on_alerts(std::function<void()> f) { on_alerts_ = std::move(f); }

 private:
  // One event's commit, not yet written.
  struct Prepared {
    store::Commit commit;
    std::string event_id;
    std::string outcome;
    int64_t received_at_ms = 0;
  };
  // Decides what the event changes. kUnavailable: leave it for a retry.
  Result<Prepared> Prepare(const store::InboxEvent& event, int64_t now_ms);
  // Writes the prepared commits in one transaction, then counts and logs them.
  Status Flush(std::vector<Prepared>& batch, int64_t now_ms);

  Status HandleRescan(const handler::Rescan& rescan, int attempts_failed, const Status& last_error,
                      store::Commit& commit, int64_t now_ms);

  store::Store& store_;
  Rescanner* rescanner_;
  handler::Settings settings_;
  handler::TriageOptions triage_options_;
  Metrics& metrics_;
  EventWorkerOptions options_;
  json::Parser parser_;
  std::function<void()> on_alerts_;
  struct Retry {
    int failures = 0;
    int64_t due_ms = 0;
    Status last_error;
  };
  std::map<int64_t, Retry> retries_;  // by inbox row id
};

// Milliseconds since the epoch on the system clock.
int64_t NowMs();

}  // namespace bucketwatch::serve

#endif  // BUCKETWATCH_SERVE_EVENT_WORKER_H_
