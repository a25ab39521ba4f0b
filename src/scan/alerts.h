// `scan --notify`: one message per public bucket, then a summary, sent one
// at a time at the pace a Slack incoming webhook allows (about one message a
// second; docs/sources.md, "Slack incoming webhooks"): a 429 is retried after its Retry-After, a 5xx
// or a network failure after a growing back-off, a refusal of the message
// itself (400 invalid_blocks, ...) skips that message, and a refusal of the
// destination (403, 404, 410: revoked, deleted, archived) stops sending.
//
// What a message says and where it goes is the AlertChannel's business (the
// app wires Slack in); this file only decides what is sent, in which order
// and when.
#ifndef BUCKETWATCH_SCAN_ALERTS_H_
#define BUCKETWATCH_SCAN_ALERTS_H_

#include <chrono>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "scan/result.h"

namespace bucketwatch::scan {

// How one attempt to send went.
struct Delivery {
  enum class Outcome : uint8_t { kDelivered, kRetryable, kPermanent };
  Outcome outcome = Outcome::kPermanent;
  long http_status = 0;  // 0: no answer
  std::string detail;    // the receiver's words or the transport error, secrets redacted
  std::optional<std::chrono::milliseconds> retry_after;
};

class AlertChannel {
 public:
  virtual ~AlertChannel() = default;
  // The payload of the message about one public bucket.
  virtual std::string BucketMessage(const BucketResult& bucket) = 0;
  // The payload of the closing summary; `not_sent` public buckets had no message of their own.
  virtual std::string SummaryMessage(const ScanReport& report, size_t not_sent) = 0;
  // One attempt; never throws.
  virtual Delivery Send(const std::string& payload) = 0;
  // The destination without secrets ("Slack webhook https://hooks.slack.com/***").
  virtual std::string Describe() const = 0;
};

struct PaceSettings {
  std::chrono::milliseconds interval{1100};  // between the starts of two messages
  int max_attempts = 5;                      // per message
  std::chrono::milliseconds first_backoff{1000};
  std::chrono::milliseconds max_backoff{16000};
  std::chrono::milliseconds max_retry_after{120000};  // a longer Retry-After stops sending
  size_t max_bucket_messages = 100;                   // the rest are counted in the summary
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
