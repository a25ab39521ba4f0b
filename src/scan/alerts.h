// `scan --notify`: one message per public bucket, then a summary, sent one
// at a time at the pace a Slack incoming webhook allows (about one message a
// second; docs/sources.md, "Slack incoming webhooks"): a 429 is retried after its Retry-After, a 5xx
// or a network failure after a growing back-off, a refusal of the message
// itself (400 invalid_blocks, ...) skips that message, and a refusal of the
// destination (403, 404, 410: revoked, deleted, archived) stops sending.
//
// What a message says and where it goes is the AlertChannel's business (the
// app wires Slack in); this file only decides what is sent, in which order
// and when. Each message is delivered by notify::Deliver, the retry rules
// every mode shares; only the pace between attempts is the scan's own.
#ifndef BUCKETWATCH_SCAN_ALERTS_H_
#define BUCKETWATCH_SCAN_ALERTS_H_

#include <chrono>
#include <functional>
#include <string>
#include <vector>

#include "notify/delivery.h"
#include "scan/result.h"

namespace bucketwatch::scan {

// What the messages say, and where they go.
class AlertChannel {
 public:
  virtual ~AlertChannel() = default;
  // The payload of the message about one public bucket.
  virtual std::string BucketMessage(const BucketResult& bucket) = 0;
  // The payload of the closing summary; `not_sent` public buckets had no message of their own.
  virtual std::string SummaryMessage(const ScanReport& report, size_t not_sent) = 0;
  // One attempt per call; SendAlerts paces and retries (notify::Deliver).
  virtual notify::Sink& sink() = 0;
};

// Slack's answer is waited for patiently: nothing else is queued behind a
// scan's messages, so a Retry-After of up to two minutes is honoured; a
// longer one stops sending.
inline notify::RetryPolicy ScanRetryPolicy() {
  notify::RetryPolicy p;
  p.max_attempts = 5;
  p.first_backoff = std::chrono::milliseconds(1000);
  p.max_backoff = std::chrono::milliseconds(16000);
  p.max_retry_after = std::chrono::milliseconds(120000);
  return p;
}

struct PaceSettings {
  std::chrono::milliseconds interval{1100};  // between the starts of two attempts
  size_t max_bucket_messages = 100;          // the rest are counted in the summary
  notify::RetryPolicy retry = ScanRetryPolicy();
};

struct Pacer {
  std::function<void(std::chrono::milliseconds)> sleep;
  std::function<std::chrono::steady_clock::time_point()> now = std::chrono::steady_clock::now;
};

struct AlertReport {
  size_t public_buckets = 0;  // standing kPublic
  size_t sent = 0;            // messages delivered, the summary included
  size_t failed = 0;          // messages given up on
  bool summary_sent = false;
  bool stopped = false;               // the destination refused: nothing more was sent
  std::vector<std::string> problems;  // one line per message given up on

  bool ok() const { return failed == 0 && !stopped; }
};

// Whether the scan has anything to tell: a public bucket, one that could not
// be judged or read, an account that could not be scanned, an expired
// allow-list entry. Nothing is sent when it has not.
bool WorthAlerting(const ScanReport& report);

AlertReport SendAlerts(const ScanReport& report, AlertChannel& channel, const PaceSettings& settings,
                       const Pacer& pacer);

}  // namespace bucketwatch::scan

#endif  // BUCKETWATCH_SCAN_ALERTS_H_
