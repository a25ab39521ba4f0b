// The retry rules of Deliver() (docs/sources.md, "Slack incoming webhooks" and "Retries"):
// 429 waits for Retry-After, 5xx and network errors back off exponentially
// with jitter up to a cap, 4xx is final, and no attempt starts that cannot
// finish before the deadline. A scripted sink and a recording clock stand
// in for Slack and time: nothing here waits.
#include "notify/delivery.h"

#include <gtest/gtest.h>

#include <deque>

namespace bucketwatch::notify {
namespace {

using std::chrono::milliseconds;

class ScriptedSink : public Sink {
 public:
  explicit ScriptedSink(std::deque<Attempt> script) : script_(std::move(script)) {}
  Attempt Send(std::string_view payload, milliseconds timeout) override {
    payloads.emplace_back(payload);
    timeouts.push_back(timeout);
    if (script_.empty()) return Ok();
    Attempt a = script_.front();
    script_.pop_front();
    return a;
  }
  std::string Describe() const override { return "scripted sink"; }

  static Attempt Ok() { return {Attempt::Outcome::kDelivered, 200, "ok", std::nullopt, false}; }
  static Attempt Status(long status, std::string body, std::optional<milliseconds> retry_after = std::nullopt) {
    Attempt::Outcome o = status == 429 || status >= 500 ? Attempt::Outcome::kRetryable : Attempt::Outcome::kPermanent;
    return {o, status, std::move(body), retry_after, false};
  }
  static Attempt Unreachable() { return {Attempt::Outcome::kRetryable, 0, "connection refused", std::nullopt, false}; }

  std::vector<std::string> payloads;
  std::vector<milliseconds> timeouts;

 private:
  std::deque<Attempt> script_;
};

struct RecordingPacing {
  std::vector<milliseconds> waits;
  double random = 0.5;
  Pacing pacing() {
    Pacing p;
    p.sleep = [this](milliseconds d) { waits.push_back(d); };
    p.random = [this] { return random; };
    return p;
  }
};

TEST(Deliver, FirstTry) {
  ScriptedSink sink({ScriptedSink::Ok()});
  RecordingPacing clock;
  DeliveryReport r = Deliver(sink, "{}", RetryPolicy{}, Deadline::Never(), clock.pacing());
  EXPECT_TRUE(r.delivered());
  EXPECT_EQ(r.attempts, 1);
  EXPECT_TRUE(clock.waits.empty());
  EXPECT_EQ(sink.payloads, std::vector<std::string>{"{}"});
}

TEST(Deliver, RateLimitedWaitsForRetryAfterThenSucceeds) {
  ScriptedSink sink({ScriptedSink::Status(429, "rate_limited", milliseconds(3000)), ScriptedSink::Ok()});
  RecordingPacing clock;
  DeliveryReport r = Deliver(sink, "{}", RetryPolicy{}, Deadline::Never(), clock.pacing());
  EXPECT_TRUE(r.delivered());
  EXPECT_EQ(r.attempts, 2);
  ASSERT_EQ(clock.waits.size(), 1u);
  EXPECT_EQ(clock.waits[0], milliseconds(3000));
}

TEST(Deliver, ServerErrorsBackOffExponentiallyWithJitterUpToTheCap) {
  std::deque<Attempt> script(6, ScriptedSink::Status(500, "rollup_error"));
  ScriptedSink sink(script);
  RetryPolicy policy;
  policy.max_attempts = 7;
  policy.first_backoff = milliseconds(500);
  policy.max_backoff = milliseconds(4000);
  RecordingPacing clock;
  clock.random = 1.0;  // the top of each jitter range
  DeliveryReport r = Deliver(sink, "{}", policy, Deadline::Never(), clock.pacing());
  EXPECT_TRUE(r.delivered());
  EXPECT_EQ(r.attempts, 7);
  std::vector<milliseconds> expected = {milliseconds(500),  milliseconds(1000), milliseconds(2000),
                                        milliseconds(4000), milliseconds(4000), milliseconds(4000)};
  EXPECT_EQ(clock.waits, expected);
}

TEST(Deliver, JitterStaysWithinHalfToFullStep) {
  RetryPolicy policy;
  policy.first_backoff = milliseconds(1000);
  Attempt failed = ScriptedSink::Status(503, "");
  EXPECT_EQ(BackoffBefore(2, failed, policy, 0.0), milliseconds(500));
  EXPECT_EQ(BackoffBefore(2, failed, policy, 1.0), milliseconds(1000));
  EXPECT_EQ(BackoffBefore(3, failed, policy, 0.0), milliseconds(1000));
  EXPECT_EQ(BackoffBefore(30, failed, policy, 1.0), policy.max_backoff);
}

TEST(Deliver, NetworkErrorsAreRetried) {
  ScriptedSink sink({ScriptedSink::Unreachable(), ScriptedSink::Ok()});
  RecordingPacing clock;
  DeliveryReport r = Deliver(sink, "{}", RetryPolicy{}, Deadline::Never(), clock.pacing());
  EXPECT_TRUE(r.delivered());
  EXPECT_EQ(r.attempts, 2);
}

TEST(Deliver, PermanentRefusalIsFinalAndKeepsSlacksReason) {
  ScriptedSink sink({ScriptedSink::Status(404, "channel_not_found")});
  RecordingPacing clock;
  DeliveryReport r = Deliver(sink, "{}", RetryPolicy{}, Deadline::Never(), clock.pacing());
  EXPECT_FALSE(r.delivered());
  EXPECT_EQ(r.failure, DeliveryReport::Failure::kRefused);
  EXPECT_FALSE(r.retryable_later());
  EXPECT_EQ(r.attempts, 1);
  EXPECT_TRUE(clock.waits.empty());
  std::string d = r.Describe("Slack webhook https://hooks.slack.com/***");
  EXPECT_NE(d.find("HTTP 404"), std::string::npos);
  EXPECT_NE(d.find("channel_not_found"), std::string::npos);
}

TEST(Deliver, GivesUpAfterMaxAttempts) {
  ScriptedSink sink(std::deque<Attempt>(10, ScriptedSink::Status(502, "bad gateway")));
  RetryPolicy policy;
  policy.max_attempts = 3;
  RecordingPacing clock;
  DeliveryReport r = Deliver(sink, "{}", policy, Deadline::Never(), clock.pacing());
  EXPECT_EQ(r.failure, DeliveryReport::Failure::kExhausted);
  EXPECT_TRUE(r.retryable_later());
  EXPECT_EQ(r.attempts, 3);
  EXPECT_EQ(clock.waits.size(), 2u);
}

TEST(Deliver, DoesNotWaitPastTheDeadline) {
  ScriptedSink sink({ScriptedSink::Status(429, "rate_limited", milliseconds(30000)), ScriptedSink::Ok()});
  RecordingPacing clock;
  DeliveryReport r = Deliver(sink, "{}", RetryPolicy{}, Deadline::In(milliseconds(5000)), clock.pacing());
  EXPECT_EQ(r.failure, DeliveryReport::Failure::kDeadline);
  EXPECT_TRUE(r.retryable_later());
  EXPECT_EQ(r.attempts, 1);
  EXPECT_TRUE(clock.waits.empty());
}

TEST(Deliver, AttemptTimeoutIsBoundedByTheDeadline) {
  ScriptedSink sink({ScriptedSink::Ok()});
  RecordingPacing clock;
  RetryPolicy policy;
  policy.attempt_timeout = milliseconds(10000);
  DeliveryReport r = Deliver(sink, "{}", policy, Deadline::In(milliseconds(3000)), clock.pacing());
  EXPECT_TRUE(r.delivered());
  ASSERT_EQ(sink.timeouts.size(), 1u);
  EXPECT_LE(sink.timeouts[0], milliseconds(3000) - policy.reserve);
  EXPECT_GE(sink.timeouts[0], policy.min_attempt_time);
}

TEST(Deliver, NoAttemptWhenTheDeadlineHasPassed) {
  ScriptedSink sink({ScriptedSink::Ok()});
  RecordingPacing clock;
  DeliveryReport r = Deliver(sink, "{}", RetryPolicy{}, Deadline::In(milliseconds(-1)), clock.pacing());
  EXPECT_EQ(r.failure, DeliveryReport::Failure::kDeadline);
  EXPECT_EQ(r.attempts, 0);
  EXPECT_TRUE(sink.payloads.empty());
}

TEST(Deliver, RetryAfterLongerThanAllowedIsNotWaitedFor) {
  ScriptedSink sink({ScriptedSink::Status(429, "", milliseconds(3600 * 1000))});
  RecordingPacing clock;
  DeliveryReport r = Deliver(sink, "{}", RetryPolicy{}, Deadline::Never(), clock.pacing());
  EXPECT_EQ(r.failure, DeliveryReport::Failure::kDeadline);
  EXPECT_TRUE(clock.waits.empty());
}

}  // namespace
}  // namespace bucketwatch::notify
