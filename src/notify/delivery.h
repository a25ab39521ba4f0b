// Delivery: sending one rendered message, and retrying it within a deadline.
//
// A Sink makes exactly one attempt and says how it went: delivered,
// retryable (with the delay the receiver asked for, if any) or permanently
// refused (with the receiver's reason). Deliver() adds the retry rules on
// top: 429 after its Retry-After, 5xx and network errors with capped
// exponential backoff and jitter, never starting an attempt that cannot
// finish before the deadline. Callers that keep their own queue (an outbox,
// a scan pacing itself to Slack's one message per second) call Sink::Send
// directly and schedule retries themselves.
#ifndef BUCKETWATCH_NOTIFY_DELIVERY_H_
#define BUCKETWATCH_NOTIFY_DELIVERY_H_

#include <chrono>
#include <functional>
#include <optional>
#include <string>
#include <string_view>

#include "base/deadline.h"
#include "base/status.h"

namespace bucketwatch::notify {

struct Attempt {
  enum class Outcome : uint8_t { kDelivered, kRetryable, kPermanent };
  Outcome outcome = Outcome::kPermanent;
  long http_status = 0;  // 0: no response
  // The receiver's answer or the transport error, secrets redacted.
  std::string detail;
  // The receiver asked to wait this long (Slack's Retry-After).
  std::optional<std::chrono::milliseconds> retry_after;
  // The request may have reached the receiver (a timeout after sending):
  // a retry can post the message twice.
  bool maybe_delivered = false;

  bool delivered() const { return outcome == Outcome::kDelivered; }
};
std::string_view OutcomeName(Attempt::Outcome outcome);  // "delivered", "retryable", "permanent"

class Sink {
 public:
  virtual ~Sink() = default;
  // One attempt, bounded by `timeout`. Never throws.
  virtual Attempt Send(std::string_view payload, std::chrono::milliseconds timeout) = 0;
  // For logs and errors: names the destination without secrets.
  virtual std::string Describe() const = 0;
};

struct RetryPolicy {
  int max_attempts = 5;
  std::chrono::milliseconds first_backoff{500};
  std::chrono::milliseconds max_backoff{8000};
  std::chrono::milliseconds attempt_timeout{10000};
  // An attempt is not started with less than this much time before the
  // deadline, and this much is kept back for reporting the failure.
  std::chrono::milliseconds min_attempt_time{1000};
  std::chrono::milliseconds reserve{250};
  // A receiver asking to wait longer than this is not waited for: the
  // delivery fails as retryable later.
  std::chrono::milliseconds max_retry_after{60000};
};

// How the waits between attempts happen; tests replace both.
struct Pacing {
  std::function<void(std::chrono::milliseconds)> sleep;
  std::function<double()> random;  // uniform in [0, 1)
  static Pacing Real();
};

struct DeliveryReport {
  enum class Failure : uint8_t {
    kNone,
    kRefused,    // a permanent answer (4xx): retrying the same message will not help
    kExhausted,  // every attempt failed with a retryable answer
    kDeadline,   // not enough time left for another attempt
  };
  Failure failure = Failure::kNone;
  int attempts = 0;
  Attempt last;

  bool delivered() const { return failure == Failure::kNone; }
  // Could a later try (another Lambda invocation, the outbox) succeed?
  bool retryable_later() const { return failure == Failure::kExhausted || failure == Failure::kDeadline; }
  // "Slack webhook https://hooks.slack.com/***: HTTP 404 channel_not_found after 1 attempt".
  std::string Describe(std::string_view destination) const;
};

// The wait before attempt `next_attempt` (2 for the first retry): the
// receiver's Retry-After when given, else capped exponential backoff with
// "equal jitter" (half fixed, half random) so that a burst of senders spreads out.
std::chrono::milliseconds BackoffBefore(int next_attempt, const Attempt& last, const RetryPolicy& policy,
                                        double random01);

DeliveryReport Deliver(Sink& sink, std::string_view payload, const RetryPolicy& policy, const Deadline& deadline,
                       const Pacing& pacing);

}  // namespace bucketwatch::notify

#endif  // BUCKETWATCH_NOTIFY_DELIVERY_H_
