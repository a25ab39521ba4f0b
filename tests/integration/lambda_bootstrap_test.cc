// The binary deployed as a Lambda `bootstrap` (Lambda Developer Guide,
// "Building a custom runtime"; docs/sources.md, "Lambda Runtime API"): started with no
// arguments and AWS_LAMBDA_RUNTIME_API set, it runs the Runtime API loop
// against a stand-in Runtime API, posts to a Slack stand-in, and reports a
// configuration error to /init/error.
#include <gtest/gtest.h>
#include <nlohmann/json.hpp>
#include <unistd.h>

#include <filesystem>

#include "standins/runtime_api_standin.h"
#include "standins/slack_standin.h"
#include "support/run_command.h"
#include "support/test_files.h"

namespace bucketwatch {
namespace {

using testing::BucketwatchBinary;
using testing::CommandResult;
using testing::ReadTestData;
using testing::RunCommand;
using testing::RuntimeApiStandIn;
using testing::SlackStandIn;
using Json = nlohmann::json;

// The binary under the name Lambda runs: bootstrap.
std::string Bootstrap() {
  auto dir = std::filesystem::temp_directory_path() / ("bw-bootstrap-" + std::to_string(::getpid()));
  std::filesystem::create_directories(dir);
  auto path = dir / "bootstrap";
  std::filesystem::remove(path);
  std::filesystem::create_symlink(BucketwatchBinary(), path);
  return path.string();
}

std::vector<std::string> Env(std::vector<std::string> extra) {
  std::vector<std::string> env = {
      "BUCKETWATCH_SLACK_WEBHOOK_URL=", "WEB_HOOK_URL=", "CHANNEL=", "ENV=", "BUCKETWATCH_LANG=",
      "BUCKETWATCH_LOG_LEVEL=info"};
  // Later entries replace earlier ones of the same name (getenv would take the first).
  for (const std::string& e : extra) {
    std::string name = e.substr(0, e.find('=') + 1);
    std::erase_if(env, [&name](const std::string& d) { return d.rfind(name, 0) == 0; });
    env.push_back(e);
  }
  return env;
}

TEST(LambdaBootstrap, HandlesEventsUntilTheRuntimeApiSaysExit) {
  RuntimeApiStandIn api;
  SlackStandIn slack;
  api.Push({"r-1", ReadTestData(
                       "events/config.ComplianceChange.s3-bucket-public-write-prohibited.eventbridge.assembled.json")});
  api.Push({"r-2", "{\"truncated\": "});
  api.Push({"r-3",
            ReadTestData(
                "events/config.ComplianceChange.s3-bucket-public-read-prohibited.fixed.eventbridge.constructed.json")});
  CommandResult r = RunCommand(
      {Bootstrap()}, "", Env({"AWS_LAMBDA_RUNTIME_API=" + api.host_port(), "WEB_HOOK_URL=" + slack.url(), "ENV=prod"}));
  EXPECT_EQ(r.exit_code, 1) << r.err;  // the stand-in's 500 on the fourth /next
  auto answers = api.answers();
  ASSERT_EQ(answers.size(), 3u) << r.err;
  EXPECT_EQ(answers[0].kind, "response");
  EXPECT_EQ(answers[0].request_id, "r-1");
  EXPECT_EQ(answers[1].kind, "error");
  EXPECT_EQ(answers[1].error_type, "Function.InvalidEvent");
  EXPECT_EQ(answers[2].kind, "response");
  EXPECT_EQ(slack.requests().size(), 2u);
  EXPECT_EQ(r.err.find(SlackStandIn::kSecret), std::string::npos);
  EXPECT_NE(r.err.find("\"event\":\"lambda.started\""), std::string::npos) << r.err;
}

TEST(LambdaBootstrap, BadConfigurationGoesToInitError) {
  RuntimeApiStandIn api;
  api.Push({"r-1", "{}"});
  CommandResult r = RunCommand({Bootstrap()}, "", Env({"AWS_LAMBDA_RUNTIME_API=" + api.host_port()}));
  EXPECT_EQ(r.exit_code, 2);
  auto answers = api.answers();
  ASSERT_EQ(answers.size(), 1u);
  EXPECT_EQ(answers[0].kind, "init_error");
  EXPECT_EQ(answers[0].error_type, "Runtime.ConfigInvalid");
  EXPECT_NE(Json::parse(answers[0].body)["errorMessage"].get<std::string>().find("WEB_HOOK_URL"), std::string::npos);
  EXPECT_EQ(api.next_calls(), 0);  // never asked for work
}

TEST(LambdaBootstrap, LambdaSubcommandWithExtraArguments) {
  RuntimeApiStandIn api;
  SlackStandIn slack;
  api.Push(
      {"r-1", ReadTestData("events/guardduty.eventbridge.Policy-S3-BucketAnonymousAccessGranted.constructed.json")});
  CommandResult r =
      RunCommand({BucketwatchBinary(), "lambda", "--max-invocations", "1", "function.handler"}, "",
                 Env({"AWS_LAMBDA_RUNTIME_API=" + api.host_port(), "BUCKETWATCH_SLACK_WEBHOOK_URL=" + slack.url()}));
  EXPECT_EQ(r.exit_code, 0) << r.err;
  ASSERT_EQ(api.answers().size(), 1u);
  EXPECT_EQ(api.answers()[0].kind, "response");
  EXPECT_EQ(slack.requests().size(), 1u);
}

}  // namespace
}  // namespace bucketwatch
