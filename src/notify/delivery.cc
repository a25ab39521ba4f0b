#include "notify/delivery.h"

#include <algorithm>
#include <random>
#include <thread>

#include "base/log.h"

namespace bucketwatch::notify {

using std::chrono::milliseconds;

std::string_view OutcomeName(Attempt::Outcome outcome) {
  switch (outcome) {
    case Attempt::Outcome::kDelivered: return "delivered";
    case Attempt::Outcome::kRetryable: return "retryable";
    case Attempt::Outcome::kPermanent: return "permanent";
  }
  return "permanent";
}

Pacing Pacing::Real() {
  Pacing p;
  p.sleep = [](milliseconds d) {
    if (d.count() > 0) std::this_thread::sleep_for(d);
  };
  // Seeded on first use only: a delivery that succeeds at once never pays for it.
  p.random = [] {
    thread_local std::mt19937_64 engine{std::random_device{}()};
    return std::uniform_real_distribution<double>(0.0, 1.0)(engine);
  };
  return p;
}

std::string DeliveryReport::Describe(std::string_view destination) const {
  std::string s(destination);
  s += ": ";
  switch (failure) {
    case Failure::kNone: s += "delivered"; break;
    case Failure::kRefused: s += "refused"; break;
    case Failure::kExhausted: s += "failed"; break;
    case Failure::kDeadline: s += "not delivered before the deadline"; break;
  }
  if (last.http_status != 0) s += ", HTTP " + std::to_string(last.http_status);
  if (!last.detail.empty()) s += ": " + last.detail;
  s += " (" + std::to_string(attempts) + (attempts == 1 ? " attempt)" : " attempts)");
  if (last.maybe_delivered && failure != Failure::kNone) s += "; the message may have arrived despite the error";
  return s;
}

milliseconds BackoffBefore(int next_attempt, const Attempt& last, const RetryPolicy& policy, double random01) {
  if (last.retry_after) return std::max(*last.retry_after, milliseconds(0));
  int doublings = std::clamp(next_attempt - 2, 0, 30);
  int64_t cap = policy.max_backoff.count();
  int64_t base = policy.first_backoff.count();
  int64_t step = std::min(cap, base << std::min(doublings, 20));
  random01 = std::clamp(random01, 0.0, 1.0);
  int64_t fixed = step / 2;
  double spread = static_cast<double>(step - fixed);
  return milliseconds(fixed + static_cast<int64_t>(spread * random01));
}

DeliveryReport Deliver(Sink& sink, std::string_view payload, const RetryPolicy& policy, const Deadline& deadline,
                       const Pacing& pacing) {
  DeliveryReport report;
  const std::string destination = sink.Describe();
  for (int attempt = 1; attempt <= std::max(policy.max_attempts, 1); ++attempt) {
    milliseconds left = deadline.Remaining() - policy.reserve;
    if (left < policy.min_attempt_time) {
      report.failure = DeliveryReport::Failure::kDeadline;
      if (report.attempts == 0) report.last.detail = "no time left before the deadline to try";
      return report;
    }
    milliseconds timeout = std::min(policy.attempt_timeout, left);
    report.last = sink.Send(payload, timeout);
    report.attempts = attempt;
    if (report.last.delivered()) return report;  // the caller logs the outcome
    log::Fields fields = {{"to", destination},
                          {"attempt", attempt},
                          {"outcome", std::string(OutcomeName(report.last.outcome))},
                          {"status", report.last.http_status},
                          {"detail", report.last.detail}};
    if (report.last.outcome == Attempt::Outcome::kPermanent) {
      log::Error("delivery.refused", fields);
      report.failure = DeliveryReport::Failure::kRefused;
      return report;
    }
    if (attempt >= policy.max_attempts) {
      log::Error("delivery.gave_up", fields);
      report.failure = DeliveryReport::Failure::kExhausted;
      return report;
    }
    milliseconds wait = BackoffBefore(attempt + 1, report.last, policy, pacing.random ? pacing.random() : 0.5);
    bool too_long = report.last.retry_after && *report.last.retry_after > policy.max_retry_after;
    if (too_long || deadline.Remaining() - policy.reserve - wait < policy.min_attempt_time) {
      fields["wait_ms"] = wait.count();
      log::Error("delivery.out_of_time", fields);
      report.failure = DeliveryReport::Failure::kDeadline;
      return report;
    }
    fields["wait_ms"] = wait.count();
    log::Warn("delivery.retrying", fields);
    if (pacing.sleep) pacing.sleep(wait);
  }
  report.failure = DeliveryReport::Failure::kExhausted;
  return report;
}

}  // namespace bucketwatch::notify
