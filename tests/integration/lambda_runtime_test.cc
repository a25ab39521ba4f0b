// The Lambda Runtime API client and loop against a stand-in Runtime API
// on 127.0.0.1 (docs/sources.md, "Lambda Runtime API"; tests/data/lambda/runtime-api-exchange.http):
// /next hands out events with their headers, /response takes results,
// /error takes failures with Lambda-Runtime-Function-Error-Type, /init/error
// takes configuration errors, and a 500 means "exit".
#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include <cstdlib>

#include "handler/handler.h"
#include "handler/lambda_invocation.h"
#include "lambda/loop.h"
#include "lambda/runtime_client.h"
#include "notify/slack_webhook.h"
#include "standins/runtime_api_standin.h"
#include "standins/slack_standin.h"
#include "support/test_files.h"

namespace bucketwatch::lambda {
namespace {

using bucketwatch::testing::ReadTestData;
using bucketwatch::testing::RuntimeApiStandIn;
using bucketwatch::testing::SlackStandIn;
using std::chrono::milliseconds;
using Json = nlohmann::json;

std::string Event(const std::string& name) { return ReadTestData("events/" + name); }

TEST(RuntimeClient, NextCarriesTheInvocationHeaders) {
  RuntimeApiStandIn api;
  int64_t deadline = RuntimeApiStandIn::NowMs() + 30000;
  api.Push({"req-1", R"({"a":1})", deadline});
  RuntimeClient client(api.host_port());
  auto inv = client.Next();
  ASSERT_TRUE(inv.ok()) << inv.status().ToString();
  EXPECT_EQ(inv->request_id, "req-1");
  EXPECT_EQ(inv->payload, R"({"a":1})");
  EXPECT_EQ(inv->deadline_ms, deadline);
  EXPECT_GT(inv->deadline.Remaining(), milliseconds(20000));
  EXPECT_EQ(inv->function_arn, "arn:aws:lambda:ap-northeast-1:123456789012:function:bucketwatch");
  EXPECT_NE(inv->trace_id.find("Root=1-"), std::string::npos);
  // An empty queue answers 500: exit now.
  auto none = client.Next();
  ASSERT_FALSE(none.ok());
  EXPECT_EQ(none.status().code(), StatusCode::kInternal);
}

TEST(RuntimeClient, ErrorsCarryTheirTypeInTheHeaderAndUtf8InTheBody) {
  RuntimeApiStandIn api;
  RuntimeClient client(api.host_port());
  ASSERT_TRUE(client.PostError("req-9", {"Function.SlackRejected", "Slack が拒否: channel_not_found"}).ok());
  ASSERT_TRUE(client.PostInitError({"Runtime.ConfigInvalid", "no webhook"}).ok());
  ASSERT_TRUE(client.PostError("req-10", {"not a valid type", "x"}).ok());
  auto answers = api.answers();
  ASSERT_EQ(answers.size(), 3u);
  EXPECT_EQ(answers[0].kind, "error");
  EXPECT_EQ(answers[0].request_id, "req-9");
  EXPECT_EQ(answers[0].error_type, "Function.SlackRejected");
  Json body = Json::parse(answers[0].body);
  EXPECT_EQ(body["errorMessage"], "Slack が拒否: channel_not_found");  // not mangled to \uffff
  EXPECT_EQ(body["errorType"], "SlackRejected");
  EXPECT_TRUE(body["stackTrace"].is_array());
  EXPECT_EQ(answers[1].kind, "init_error");
  EXPECT_EQ(answers[1].error_type, "Runtime.ConfigInvalid");
  EXPECT_EQ(answers[2].error_type, "Runtime.Unknown");
  EXPECT_TRUE(IsValidErrorType("Function.DeadlineExceeded"));
  EXPECT_FALSE(IsValidErrorType("Function.deadline"));
  EXPECT_FALSE(IsValidErrorType("Handler.Oops"));
}

TEST(RuntimeClient, UnreachableRuntimeApiIsUnavailable) {
  std::string gone;
  {
    RuntimeApiStandIn api;
    gone = api.host_port();
  }
  RuntimeClient client(gone);
  auto inv = client.Next();
  ASSERT_FALSE(inv.ok());
  EXPECT_EQ(inv.status().code(), StatusCode::kUnavailable);
}

handler::EventHandler MakeHandler(const SlackStandIn& slack) {
  handler::Settings s;
  s.webhook_url = slack.url();
  s.retry.first_backoff = milliseconds(50);
  return handler::EventHandler(std::move(s), std::make_unique<notify::SlackWebhook>(slack.url()));
}

// A run of invocations: good events answered on /response, a malformed
// one and one that Slack refuses on /error, so that Lambda retries them and
// then sends them to the failure destination.
TEST(RunLoop, AnswersEachInvocation) {
  RuntimeApiStandIn api;
  SlackStandIn slack;
  slack.Script({SlackStandIn::Ok(), SlackStandIn::Error(400, "invalid_payload")});
  api.Push({"ok-1", Event("config.ComplianceChange.s3-bucket-public-write-prohibited.eventbridge.assembled.json")});
  api.Push({"bad-2", "{not json"});
  api.Push({"refused-3", Event("guardduty.eventbridge.Policy-S3-BucketAnonymousAccessGranted.constructed.json")});
  api.Push({"ignored-4", R"({"detail-type":"Scheduled Event","source":"aws.events","detail":{}})"});
  handler::EventHandler h = MakeHandler(slack);
  RuntimeClient client(api.host_port());
  LoopOptions options;
  options.max_invocations = 4;
  EXPECT_EQ(RunLoop(client, handler::ForLambda(h), options), 0);

  auto answers = api.answers();
  ASSERT_EQ(answers.size(), 4u);
  EXPECT_EQ(answers[0].kind, "response");
  EXPECT_EQ(answers[0].request_id, "ok-1");
  EXPECT_EQ(Json::parse(answers[0].body)["outcome"], "announced");
  EXPECT_EQ(answers[1].kind, "error");
  EXPECT_EQ(answers[1].error_type, "Function.InvalidEvent");
  EXPECT_EQ(answers[2].kind, "error");
  EXPECT_EQ(answers[2].error_type, "Function.SlackRejected");
  EXPECT_NE(Json::parse(answers[2].body)["errorMessage"].get<std::string>().find("invalid_payload"), std::string::npos);
  EXPECT_EQ(answers[3].kind, "response");
  EXPECT_EQ(Json::parse(answers[3].body)["outcome"], "ignored");
  EXPECT_EQ(slack.requests().size(), 2u);
  for (const auto& a : answers) EXPECT_EQ(a.body.find(SlackStandIn::kSecret), std::string::npos);
}

TEST(RunLoop, DeadlineFromTheInvocationIsHonoured) {
  RuntimeApiStandIn api;
  SlackStandIn slack;
  slack.SetFallback(SlackStandIn::RateLimited("60"));
  api.Push({"late-1", Event("config.ComplianceChange.s3-bucket-public-write-prohibited.eventbridge.assembled.json"),
            RuntimeApiStandIn::NowMs() + 2500});
  handler::EventHandler h = MakeHandler(slack);
  RuntimeClient client(api.host_port());
  LoopOptions options;
  options.max_invocations = 1;
  EXPECT_EQ(RunLoop(client, handler::ForLambda(h), options), 0);
  auto answers = api.answers();
  ASSERT_EQ(answers.size(), 1u);
  EXPECT_EQ(answers[0].kind, "error");
  EXPECT_EQ(answers[0].error_type, "Function.DeadlineExceeded");
}

TEST(RunLoop, ExitsWhenTheRuntimeApiSaysSo) {
  RuntimeApiStandIn api;
  api.Push({"r1", R"({"detail-type":"Scheduled Event","detail":{}})"});
  api.SetAnswerStatus(500);
  RuntimeClient client(api.host_port());
  int calls = 0;
  InvocationHandler count = [&calls](const Invocation&) {
    ++calls;
    return InvocationOutcome{true, "{}", {}};
  };
  EXPECT_EQ(RunLoop(client, count, LoopOptions{}), 1);  // /response answered 500
  EXPECT_EQ(calls, 1);
  EXPECT_EQ(api.next_calls(), 1);
}

TEST(RunLoop, ExportsTheTraceId) {
  RuntimeApiStandIn api;
  api.Push({"r1", "{}", 0, "Root=1-abc;Sampled=1"});
  RuntimeClient client(api.host_port());
  std::string seen;
  InvocationHandler look = [&seen](const Invocation&) {
    const char* t = std::getenv("_X_AMZN_TRACE_ID");
    seen = t == nullptr ? "" : t;
    return InvocationOutcome{true, "{}", {}};
  };
  LoopOptions options;
  options.max_invocations = 1;
  EXPECT_EQ(RunLoop(client, look, options), 0);
  EXPECT_EQ(seen, "Root=1-abc;Sampled=1");
}

}  // namespace
}  // namespace bucketwatch::lambda
