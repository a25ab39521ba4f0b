#include "aws/retry.h"

#include <algorithm>
#include <array>

namespace bucketwatch::aws {

RetryKind ClassifyResponse(long status, std::string_view code) {
  // Throttling codes of the standard mode (botocore retries/standard.py).
  static constexpr std::array<std::string_view, 13> kThrottle = {"Throttling",
                                                                 "ThrottlingException",
                                                                 "ThrottledException",
                                                                 "RequestThrottledException",
                                                                 "TooManyRequestsException",
                                                                 "ProvisionedThroughputExceededException",
                                                                 "TransactionInProgressException",
                                                                 "RequestLimitExceeded",
                                                                 "BandwidthLimitExceeded",
                                                                 "LimitExceededException",
                                                                 "RequestThrottled",
                                                                 "SlowDown",
                                                                 "EC2ThrottledException"};
  static constexpr std::array<std::string_view, 3> kTransient = {"RequestTimeout", "RequestTimeoutException",
                                                                 "PriorRequestNotComplete"};
  if (std::find(kThrottle.begin(), kThrottle.end(), code) != kThrottle.end()) return RetryKind::kThrottle;
  if (status == 429) return RetryKind::kThrottle;
  if (std::find(kTransient.begin(), kTransient.end(), code) != kTransient.end()) return RetryKind::kTransient;
  if (status == 500 || status == 502 || status == 503 || status == 504) return RetryKind::kTransient;
  return RetryKind::kNone;
}

RetryKind ClassifyTransport(const Status& status) {
  if (status.code() != StatusCode::kUnavailable) return RetryKind::kNone;
  // net::HttpClient words its timeouts with curl's "timed out".
  if (status.message().find("imed out") != std::string::npos) return RetryKind::kTimeout;
  return RetryKind::kTransient;
}

std::chrono::milliseconds Backoff(int attempt, double unit, const RetrySettings& settings) {
  double cap_ms = static_cast<double>(settings.max_backoff.count());
  double base_ms = 1000.0;
  for (int i = 1; i < attempt && base_ms < cap_ms; ++i) base_ms *= 2;
  base_ms = std::min(base_ms, cap_ms);
  unit = std::clamp(unit, 0.0, 1.0);
  return std::chrono::milliseconds(static_cast<long long>(unit * base_ms));
}

bool RetryQuota::Acquire(RetryKind kind, int& cost) {
  cost = kind == RetryKind::kTimeout ? settings_.timeout_cost : settings_.retry_cost;
  std::lock_guard lock(mu_);
  if (available_ < cost) return false;
  available_ -= cost;
  return true;
}

void RetryQuota::OnSuccess(int cost_taken) {
  std::lock_guard lock(mu_);
  available_ += cost_taken > 0 ? cost_taken : settings_.no_retry_increment;
  available_ = std::min(available_, settings_.initial_quota);
}

int RetryQuota::available() const {
  std::lock_guard lock(mu_);
  return available_;
}

}  // namespace bucketwatch::aws
