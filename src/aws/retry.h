// The AWS SDKs' "standard" retry mode (docs/sources.md, "Retries"; sdkref
// "Retry behavior"; botocore retries/standard.py and quota.py): which
// failures are retried, full-jitter exponential backoff capped at 20 s, and
// a retry quota shared by every thread of a client, so that an outage makes
// bucketwatch fail fast instead of multiplying its load.
#ifndef BUCKETWATCH_AWS_RETRY_H_
#define BUCKETWATCH_AWS_RETRY_H_

#include <chrono>
#include <mutex>
#include <string_view>

#include "base/status.h"

namespace bucketwatch::aws {

enum class RetryKind : uint8_t {
  kNone,       // not worth retrying (AccessDenied, NoSuch*, validation, ...)
  kTransient,  // 500/502/503/504, RequestTimeout, connection reset
  kThrottle,   // Throttling, SlowDown, TooManyRequests, ...
  kTimeout,    // no answer in time: costs more quota
};

// A response with `status` and error `code` (empty when the body had none).
RetryKind ClassifyResponse(long status, std::string_view code);
// A transport failure (no response at all).
RetryKind ClassifyTransport(const Status& status);

struct RetrySettings {
  int max_attempts = 3;  // first try included
  std::chrono::milliseconds max_backoff{20000};
  int initial_quota = 500;
  int retry_cost = 5;
  int timeout_cost = 10;
  int no_retry_increment = 1;
};

// Full jitter: uniform in [0, min(2^(attempt-1) s, max_backoff)); attempt
// counts retries from 1. `unit` is a random number in [0, 1).
std::chrono::milliseconds Backoff(int attempt, double unit, const RetrySettings& settings);

// The retry token bucket. Thread-safe.
class RetryQuota {
 public:
  explicit RetryQuota(const RetrySettings& settings) : settings_(settings), available_(settings.initial_quota) {}
  // Takes the cost of one retry; false when the quota is spent (do not retry).
  bool Acquire(RetryKind kind, int& cost);
  // After a success: give back what the retries took, or a little when none were needed.
  void OnSuccess(int cost_taken);
  int available() const;

 private:
  RetrySettings settings_;
  mutable std::mutex mu_;
  int available_;
};

}  // namespace bucketwatch::aws

#endif  // BUCKETWATCH_AWS_RETRY_H_
