// The daemon's counters, shown on /metrics in the Prometheus text format
// (Prometheus "Exposition formats", text format 0.0.4). Counters only go up;
// gauges (depths, last scan) are read when rendered.
#ifndef BUCKETWATCH_SERVE_METRICS_H_
#define BUCKETWATCH_SERVE_METRICS_H_

#include <atomic>
#include <cstdint>
#include <string>

namespace bucketwatch::serve {

struct Metrics {
  // Intake.
  std::atomic<int64_t> http_requests{0};
  std::atomic<int64_t> events_received{0};          // accepted (202), durably in the inbox
  std::atomic<int64_t> events_duplicate{0};         // accepted, but already in the inbox or seen
  std::atomic<int64_t> events_refused{0};           // 503: inbox over its limit, or shutting down
  std::atomic<int64_t> events_rejected{0};          // 400/401/413: malformed, unauthorised, too large
  std::atomic<int64_t> http_requests_timed_out{0};  // closed: the request did not arrive whole in time
  // SQS intake.
  std::atomic<int64_t> sqs_received{0};  // messages received
  std::atomic<int64_t> sqs_deleted{0};   // deleted after their event was stored
  std::atomic<int64_t> sqs_failed{0};    // left in the queue: not a valid event, inbox full, not stored
  // The event worker.
  std::atomic<int64_t> events_handled{0};
  std::atomic<int64_t> events_ignored{0};
  std::atomic<int64_t> events_failed{0};  // could not be handled after every attempt (logged)
  std::atomic<int64_t> rescans{0};
  std::atomic<int64_t> rescan_retries{0};
  std::atomic<int64_t> verdicts{0};
  std::atomic<int64_t> verdicts_public{0};
  std::atomic<int64_t> alerts_queued{0};
  // Delivery.
  std::atomic<int64_t> alerts_sent{0};
  std::atomic<int64_t> alerts_repeated{0};  // sent marked as a possible repeat
  std::atomic<int64_t> alerts_retried{0};   // attempts that failed and will be retried
  std::atomic<int64_t> alerts_parked{0};    // refused for good by Slack: kept, not sent
  // Gauges kept up to date by the workers.
  std::atomic<int64_t> inbox_depth{0};
  std::atomic<int64_t> outbox_depth{0};
  std::atomic<int64_t> last_scan_time_ms{0};
  std::atomic<int64_t> last_scan_duration_ms{0};
  std::atomic<int64_t> last_scan_buckets{0};
  std::atomic<int64_t> started_at_ms{0};

  std::string Render() const;
};

}  // namespace bucketwatch::serve

#endif  // BUCKETWATCH_SERVE_METRICS_H_
