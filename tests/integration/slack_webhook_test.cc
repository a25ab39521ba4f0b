// The Slack webhook sink over real HTTP against a stand-in on 127.0.0.1
// (docs/sources.md, "Slack incoming webhooks": 200 "ok"; 400 invalid_payload, 404 channel_not_found
// permanent; 429 with Retry-After and 5xx retryable; a hung answer times
// out), and the webhook URL never showing in what it reports.
#include "notify/slack_webhook.h"

#include <gtest/gtest.h>

#include "base/log.h"
#include "standins/slack_standin.h"

namespace bucketwatch::notify {
namespace {

using bucketwatch::testing::SlackStandIn;
using std::chrono::milliseconds;

std::vector<std::string>& LogLines() {
  static std::vector<std::string> lines;
  return lines;
}

class SlackWebhookTest : public ::testing::Test {
 protected:
  void SetUp() override {
    LogLines().clear();
    log::SetSinkForTesting([](std::string_view line) { LogLines().emplace_back(line); });
  }
  void TearDown() override {
    log::SetSinkForTesting(nullptr);
    for (const std::string& l : LogLines()) EXPECT_EQ(l.find(SlackStandIn::kSecret), std::string::npos) << l;
  }
};

TEST_F(SlackWebhookTest, PostsJsonAndIsDelivered) {
  SlackStandIn slack;
  SlackWebhook hook(slack.url());
  Attempt a = hook.Send(R"({"text":"hi"})", milliseconds(5000));
  EXPECT_TRUE(a.delivered()) << a.detail;
  EXPECT_EQ(a.http_status, 200);
  auto requests = slack.requests();
  ASSERT_EQ(requests.size(), 1u);
  EXPECT_EQ(requests[0].body, R"({"text":"hi"})");
  EXPECT_EQ(requests[0].content_type, "application/json; charset=utf-8");
  EXPECT_EQ(hook.Describe().find(SlackStandIn::kSecret), std::string::npos);
}

TEST_F(SlackWebhookTest, PermanentRefusalsCarrySlacksErrorText) {
  SlackStandIn slack;
  slack.Script({SlackStandIn::Error(400, "invalid_payload"), SlackStandIn::Error(404, "channel_not_found"),
                SlackStandIn::Error(403, "action_prohibited")});
  SlackWebhook hook(slack.url());
  for (const char* expected : {"invalid_payload", "channel_not_found", "action_prohibited"}) {
    Attempt a = hook.Send("{}", milliseconds(5000));
    EXPECT_EQ(a.outcome, Attempt::Outcome::kPermanent);
    EXPECT_EQ(a.detail, expected);
  }
}

TEST_F(SlackWebhookTest, RateLimitAndServerErrorsAreRetryable) {
  SlackStandIn slack;
  slack.Script({SlackStandIn::RateLimited("7"), SlackStandIn::Error(500, "rollup_error")});
  SlackWebhook hook(slack.url());
  Attempt a = hook.Send("{}", milliseconds(5000));
  EXPECT_EQ(a.outcome, Attempt::Outcome::kRetryable);
  ASSERT_TRUE(a.retry_after);
  EXPECT_EQ(*a.retry_after, milliseconds(7000));
  a = hook.Send("{}", milliseconds(5000));
  EXPECT_EQ(a.outcome, Attempt::Outcome::kRetryable);
  EXPECT_EQ(a.http_status, 500);
}

TEST_F(SlackWebhookTest, RateLimitedThenDelivered) {
  SlackStandIn slack;
  slack.Script({SlackStandIn::RateLimited("1"), SlackStandIn::Ok()});
  SlackWebhook hook(slack.url());
  DeliveryReport r = Deliver(hook, "{}", RetryPolicy{}, Deadline::In(milliseconds(20000)), Pacing::Real());
  EXPECT_TRUE(r.delivered()) << r.Describe(hook.Describe());
  EXPECT_EQ(r.attempts, 2);
  EXPECT_EQ(slack.requests().size(), 2u);
}

TEST_F(SlackWebhookTest, HungAnswerTimesOutAsRetryable) {
  SlackStandIn slack;
  slack.SetFallback(SlackStandIn::Hang());
  SlackWebhook hook(slack.url());
  Attempt a = hook.Send("{}", milliseconds(300));
  EXPECT_EQ(a.outcome, Attempt::Outcome::kRetryable);
  EXPECT_EQ(a.http_status, 0);
  EXPECT_TRUE(a.maybe_delivered);  // the request went out; Slack may have posted it
  EXPECT_EQ(a.detail.find(SlackStandIn::kSecret), std::string::npos) << a.detail;
}

TEST_F(SlackWebhookTest, UnreachableIsRetryableAndRedacted) {
  std::string url;
  {
    SlackStandIn gone;
    url = gone.url();
  }
  SlackWebhook hook(url);
  Attempt a = hook.Send("{}", milliseconds(2000));
  EXPECT_EQ(a.outcome, Attempt::Outcome::kRetryable);
  EXPECT_EQ(a.detail.find(SlackStandIn::kSecret), std::string::npos) << a.detail;
  RetryPolicy policy;
  policy.max_attempts = 2;
  policy.first_backoff = milliseconds(10);
  DeliveryReport r = Deliver(hook, "{}", policy, Deadline::Never(), Pacing::Real());
  EXPECT_EQ(r.failure, DeliveryReport::Failure::kExhausted);
  EXPECT_EQ(r.Describe(hook.Describe()).find(SlackStandIn::kSecret), std::string::npos);
}

}  // namespace
}  // namespace bucketwatch::notify
