// The whole path in one process: an event file -> parse -> triage -> Slack
// Block Kit -> a real HTTP POST to a Slack stand-in on 127.0.0.1, with the
// retry, refusal and deadline rules (docs/slack.md).
#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "handler/handler.h"
#include "notify/slack_webhook.h"
#include "standins/slack_standin.h"
#include "support/test_files.h"

namespace bucketwatch::handler {
namespace {

using bucketwatch::testing::ReadTestData;
using bucketwatch::testing::SlackStandIn;
using std::chrono::milliseconds;
using Json = nlohmann::json;

EventHandler MakeHandler(const SlackStandIn& slack, notify::Lang lang = notify::Lang::kEn) {
  Settings s;
  s.webhook_url = slack.url();
  s.message.lang = lang;
  s.message.env_label = "prod";
  s.retry.first_backoff = milliseconds(50);
  s.retry.max_backoff = milliseconds(200);
  return EventHandler(std::move(s), std::make_unique<notify::SlackWebhook>(slack.url()));
}

std::string Event(const std::string& name) { return ReadTestData("events/" + name); }

const char* kSamples[] = {
    "config.ComplianceChange.s3-bucket-public-write-prohibited.eventbridge.assembled.json",
    "config.ComplianceChange.s3-bucket-public-read-prohibited.fixed.eventbridge.constructed.json",
    "config.ConfigurationItemChange.s3-bucket.eventbridge.assembled.json",
    "guardduty.eventbridge.Policy-S3-BucketAnonymousAccessGranted.constructed.json",
    "guardduty.eventbridge.Policy-S3-BucketBlockPublicAccessDisabled.assembled.json",
};

TEST(EventHandler, EachSampleEventIsPostedAsBlockKit) {
  for (const char* name : kSamples) {
    SCOPED_TRACE(name);
    SlackStandIn slack;
    EventHandler handler = MakeHandler(slack);
    HandleResult r = handler.Handle(Event(name), Deadline::In(milliseconds(20000)));
    ASSERT_TRUE(r.ok()) << r.error.ToString();
    EXPECT_EQ(r.disposition, Disposition::kAnnounce);
    ASSERT_EQ(r.alerts.size(), 1u);
    EXPECT_TRUE(r.alerts[0].delivery->delivered());
    auto requests = slack.requests();
    ASSERT_EQ(requests.size(), 1u);
    Json body = Json::parse(requests[0].body);
    EXPECT_FALSE(body["text"].get<std::string>().empty());
    EXPECT_EQ(body["blocks"][0]["type"], "header");
    EXPECT_NE(requests[0].body.find("[prod]"), std::string::npos);
    Json summary = Json::parse(r.SummaryJson());
    EXPECT_EQ(summary["outcome"], "announced");
    EXPECT_EQ(summary["alerts"][0]["delivered"], true);
  }
}

TEST(EventHandler, CloudTrailCallIsReportedAsNeedingAReReadNotPosted) {
  SlackStandIn slack;
  EventHandler handler = MakeHandler(slack);
  HandleResult r = handler.Handle(Event("cloudtrail.PutBucketPolicy.panther-analysis.json"), Deadline::Never());
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(r.disposition, Disposition::kNeedsRescan);
  EXPECT_TRUE(slack.requests().empty());
  Json summary = Json::parse(r.SummaryJson());
  EXPECT_EQ(summary["outcome"], "needs_rescan");
  EXPECT_EQ(summary["rescan"]["bucket"], "example-bucket");
  EXPECT_EQ(summary["rescan"]["actor"], "arn:aws:sts::123456789012:assumed-role/example-role/example-user");
}

// The old Lambda crashed on this (KeyError: 'annotation').
TEST(EventHandler, EventWithoutAnnotation) {
  SlackStandIn slack;
  EventHandler handler = MakeHandler(slack);
  Json e = Json::parse(Event("config.ComplianceChange.s3-bucket-public-write-prohibited.eventbridge.assembled.json"));
  e["detail"]["newEvaluationResult"].erase("annotation");
  HandleResult r = handler.Handle(e.dump(), Deadline::Never());
  ASSERT_TRUE(r.ok()) << r.error.ToString();
  ASSERT_EQ(slack.requests().size(), 1u);
  EXPECT_NE(slack.requests()[0].body.find("demos3bucketforpublicaclremediation"), std::string::npos);
}

// The old Lambda's form body split on '&' (Slack answered invalid_payload)
// and turned '+' into a space; JSON keeps both, and Slack's three control
// characters are escaped (docs/sources.md, "Slack incoming webhooks", "Slack mrkdwn escaping").
TEST(EventHandler, AmpersandAnglesPlusAndJapaneseArriveIntact) {
  SlackStandIn slack;
  EventHandler handler = MakeHandler(slack, notify::Lang::kJa);
  Json e = Json::parse(Event("config.ComplianceChange.s3-bucket-public-write-prohibited.eventbridge.assembled.json"));
  e["detail"]["newEvaluationResult"]["annotation"] = "Public via ACL & policy: a+b <script> 公開バケット";
  HandleResult r = handler.Handle(e.dump(), Deadline::Never());
  ASSERT_TRUE(r.ok()) << r.error.ToString();
  auto requests = slack.requests();
  ASSERT_EQ(requests.size(), 1u);
  Json body = Json::parse(requests[0].body);  // valid JSON as received
  std::string all = body.dump();
  EXPECT_NE(all.find("Public via ACL &amp; policy: a+b &lt;script&gt; 公開バケット"), std::string::npos) << all;
  EXPECT_EQ(all.find("<script>"), std::string::npos);
  EXPECT_NE(all.find("公開設定が適切か確認してください。"), std::string::npos);
}

TEST(EventHandler, RateLimitedThenDelivered) {
  SlackStandIn slack;
  slack.Script({SlackStandIn::RateLimited("1"), SlackStandIn::Ok()});
  EventHandler handler = MakeHandler(slack);
  HandleResult r = handler.Handle(Event(kSamples[0]), Deadline::In(milliseconds(20000)));
  ASSERT_TRUE(r.ok()) << r.error.ToString();
  EXPECT_EQ(r.alerts[0].delivery->attempts, 2);
  EXPECT_EQ(slack.requests().size(), 2u);
}

TEST(EventHandler, ServerErrorsThenDelivered) {
  SlackStandIn slack;
  slack.Script({SlackStandIn::Error(500, "rollup_error"), SlackStandIn::Error(503, "")});
  EventHandler handler = MakeHandler(slack);
  HandleResult r = handler.Handle(Event(kSamples[0]), Deadline::In(milliseconds(20000)));
  ASSERT_TRUE(r.ok()) << r.error.ToString();
  EXPECT_EQ(r.alerts[0].delivery->attempts, 3);
}

TEST(EventHandler, PermanentRefusalIsAFailureWithSlacksReason) {
  SlackStandIn slack;
  slack.SetFallback(SlackStandIn::Error(404, "channel_not_found"));
  EventHandler handler = MakeHandler(slack);
  HandleResult r = handler.Handle(Event(kSamples[0]), Deadline::In(milliseconds(20000)));
  EXPECT_FALSE(r.ok());
  EXPECT_EQ(r.failure, Failure::kDeliveryRefused);
  EXPECT_EQ(r.ErrorType(), "Function.SlackRejected");
  EXPECT_NE(r.error.message().find("channel_not_found"), std::string::npos);
  EXPECT_EQ(r.error.message().find(SlackStandIn::kSecret), std::string::npos);
  EXPECT_EQ(slack.requests().size(), 1u);  // not retried
  Json summary = Json::parse(r.SummaryJson());
  EXPECT_EQ(summary["outcome"], "failed");
  EXPECT_EQ(summary["error"]["type"], "Function.SlackRejected");
  EXPECT_EQ(r.SummaryJson().find(SlackStandIn::kSecret), std::string::npos);
}

TEST(EventHandler, MalformedEventIsAnErrorAndNothingIsSent) {
  SlackStandIn slack;
  EventHandler handler = MakeHandler(slack);
  HandleResult r =
      handler.Handle("{\"detail-type\": \"Config Rules Compliance Change\", \"detail\": {", Deadline::Never());
  EXPECT_EQ(r.failure, Failure::kInvalidEvent);
  EXPECT_EQ(r.ErrorType(), "Function.InvalidEvent");
  EXPECT_NE(r.error.message().find("not valid JSON"), std::string::npos);
  EXPECT_TRUE(slack.requests().empty());
}

TEST(EventHandler, DeadlineRunsOutWhileRateLimited) {
  SlackStandIn slack;
  slack.SetFallback(SlackStandIn::RateLimited("30"));
  EventHandler handler = MakeHandler(slack);
  HandleResult r = handler.Handle(Event(kSamples[0]), Deadline::In(milliseconds(3000)));
  EXPECT_EQ(r.failure, Failure::kDeadline);
  EXPECT_EQ(r.ErrorType(), "Function.DeadlineExceeded");
  EXPECT_EQ(slack.requests().size(), 1u);
}

TEST(EventHandler, DeadlineRunsOutWhileSlackHangs) {
  SlackStandIn slack;
  slack.SetFallback(SlackStandIn::Hang());
  EventHandler handler = MakeHandler(slack);
  HandleResult r = handler.Handle(Event(kSamples[0]), Deadline::In(milliseconds(2000)));
  EXPECT_FALSE(r.ok());
  EXPECT_EQ(r.failure, Failure::kDeadline);
  EXPECT_NE(r.error.message().find("may have arrived"), std::string::npos) << r.error.message();
}

TEST(EventHandler, DryRunRendersWithoutSending) {
  Settings s;
  s.message.lang = notify::Lang::kJa;
  EventHandler handler(std::move(s), nullptr);
  HandleResult r = handler.Handle(Event(kSamples[2]), Deadline::Never());
  ASSERT_TRUE(r.ok());
  ASSERT_EQ(r.alerts.size(), 1u);
  EXPECT_FALSE(r.alerts[0].delivery);
  EXPECT_NE(r.alerts[0].message.body.find("S3 バケットが公開されました"), std::string::npos);
}

}  // namespace
}  // namespace bucketwatch::handler
