// `bucketwatch handle` as users run it, against a Slack stand-in on
// 127.0.0.1: exit codes (0 nothing needing action, 1 an alert needing
// action, 2 bad event or configuration, 3 not delivered), --dry-run, the
// old Lambda's environment variables, and no webhook URL in any output.
#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "standins/slack_standin.h"
#include "support/run_command.h"
#include "support/test_files.h"

namespace bucketwatch {
namespace {

using testing::BucketwatchBinary;
using testing::CommandResult;
using testing::ReadTestData;
using testing::RunCommand;
using testing::SlackStandIn;
using Json = nlohmann::json;

std::string EventPath(const std::string& name) { return std::string(BW_TESTDATA_DIR) + "/events/" + name; }

const std::string kWrite = "config.ComplianceChange.s3-bucket-public-write-prohibited.eventbridge.assembled.json";
const std::string kFixed =
    "config.ComplianceChange.s3-bucket-public-read-prohibited.fixed.eventbridge.constructed.json";

// A clean environment for the variables bucketwatch reads.
std::vector<std::string> Env(std::vector<std::string> extra) {
  std::vector<std::string> env = {"BUCKETWATCH_SLACK_WEBHOOK_URL=",
                                  "WEB_HOOK_URL=",
                                  "CHANNEL=",
                                  "ENV=",
                                  "BUCKETWATCH_ENV=",
                                  "BUCKETWATCH_LANG=",
                                  "AWS_LAMBDA_RUNTIME_API=",
                                  "BUCKETWATCH_LOG_LEVEL=info"};
  // Later entries replace earlier ones of the same name (getenv would take the first).
  for (const std::string& e : extra) {
    std::string name = e.substr(0, e.find('=') + 1);
    std::erase_if(env, [&name](const std::string& d) { return d.rfind(name, 0) == 0; });
    env.push_back(e);
  }
  return env;
}

void ExpectNoSecret(const CommandResult& r) {
  EXPECT_EQ(r.out.find(SlackStandIn::kSecret), std::string::npos) << r.out;
  EXPECT_EQ(r.err.find(SlackStandIn::kSecret), std::string::npos) << r.err;
}

TEST(HandleCli, SendsAndExitsOneForAPublicBucket) {
  SlackStandIn slack;
  CommandResult r = RunCommand({BucketwatchBinary(), "handle", EventPath(kWrite)}, "",
                               Env({"WEB_HOOK_URL=" + slack.url(), "CHANNEL=#alerts", "ENV=prod"}));
  EXPECT_EQ(r.exit_code, 1) << r.err;
  ExpectNoSecret(r);
  ASSERT_EQ(slack.requests().size(), 1u);
  Json body = Json::parse(slack.requests()[0].body);
  EXPECT_EQ(body["channel"], "#alerts");  // the old variables still work
  EXPECT_NE(body.dump().find("[prod]"), std::string::npos);
  EXPECT_NE(body.dump().find("公開設定が適切か確認してください。"), std::string::npos);  // WEB_HOOK_URL: Japanese
  Json summary = Json::parse(r.out);
  EXPECT_EQ(summary["outcome"], "announced");
  // Logs are JSON lines on standard error.
  size_t lines = 0;
  size_t start = 0;
  while (start < r.err.size()) {
    size_t end = r.err.find('\n', start);
    if (end == std::string::npos) end = r.err.size();
    if (end > start) {
      EXPECT_NO_THROW(Json::parse(r.err.substr(start, end - start))) << r.err.substr(start, end - start);
      ++lines;
    }
    start = end + 1;
  }
  EXPECT_GE(lines, 2u);
}

TEST(HandleCli, FixedExitsZeroAndReadsStandardInput) {
  SlackStandIn slack;
  CommandResult r = RunCommand({BucketwatchBinary(), "handle", "-"}, ReadTestData("events/" + kFixed),
                               Env({"BUCKETWATCH_SLACK_WEBHOOK_URL=" + slack.url(), "BUCKETWATCH_LANG=en"}));
  EXPECT_EQ(r.exit_code, 0) << r.err;
  ASSERT_EQ(slack.requests().size(), 1u);
  EXPECT_NE(slack.requests()[0].body.find("no longer public"), std::string::npos);
}

TEST(HandleCli, DryRunPrintsThePayloadAndSendsNothing) {
  CommandResult r = RunCommand({BucketwatchBinary(), "handle", "--dry-run", EventPath(kWrite)}, "", Env({}));
  EXPECT_EQ(r.exit_code, 1) << r.err;
  Json payload = Json::parse(r.out);
  EXPECT_TRUE(payload["blocks"].is_array());
  EXPECT_NE(payload["text"].get<std::string>().find("demos3bucketforpublicaclremediation"), std::string::npos);
}

TEST(HandleCli, MalformedEventExitsTwoNamingTheFileAndPlace) {
  SlackStandIn slack;
  Json e = Json::parse(ReadTestData("events/" + kWrite));
  e["detail"].erase("newEvaluationResult");
  CommandResult r = RunCommand({BucketwatchBinary(), "handle", "-"}, e.dump(), Env({"WEB_HOOK_URL=" + slack.url()}));
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_NE(r.err.find("standard input"), std::string::npos) << r.err;
  EXPECT_NE(r.err.find("/detail/newEvaluationResult"), std::string::npos) << r.err;
  EXPECT_TRUE(slack.requests().empty());
  r = RunCommand({BucketwatchBinary(), "handle", "-"}, "not json", Env({"WEB_HOOK_URL=" + slack.url()}));
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_NE(r.err.find("not valid JSON"), std::string::npos) << r.err;
}

TEST(HandleCli, MissingWebhookExitsTwo) {
  CommandResult r = RunCommand({BucketwatchBinary(), "handle", EventPath(kWrite)}, "", Env({}));
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_NE(r.err.find("BUCKETWATCH_SLACK_WEBHOOK_URL"), std::string::npos) << r.err;
}

TEST(HandleCli, RefusedBySlackExitsThreeWithSlacksReason) {
  SlackStandIn slack;
  slack.SetFallback(SlackStandIn::Error(404, "channel_not_found"));
  CommandResult r =
      RunCommand({BucketwatchBinary(), "handle", EventPath(kWrite)}, "", Env({"WEB_HOOK_URL=" + slack.url()}));
  EXPECT_EQ(r.exit_code, 3);
  EXPECT_NE(r.err.find("channel_not_found"), std::string::npos) << r.err;
  EXPECT_NE(r.err.find("http://127.0.0.1"), std::string::npos) << r.err;  // redacted, but says where
  ExpectNoSecret(r);
}

TEST(HandleCli, TimeoutEndsAHungDelivery) {
  SlackStandIn slack;
  slack.SetFallback(SlackStandIn::Hang());
  CommandResult r = RunCommand({BucketwatchBinary(), "handle", "--timeout", "2", EventPath(kWrite)}, "",
                               Env({"WEB_HOOK_URL=" + slack.url()}));
  EXPECT_EQ(r.exit_code, 3) << r.err;
  ExpectNoSecret(r);
}

TEST(HandleCli, IgnoredEventExitsZeroAndSendsNothing) {
  SlackStandIn slack;
  CommandResult r = RunCommand({BucketwatchBinary(), "handle", "-"},
                               R"({"detail-type":"Scheduled Event","source":"aws.events","detail":{}})",
                               Env({"WEB_HOOK_URL=" + slack.url()}));
  EXPECT_EQ(r.exit_code, 0) << r.err;
  EXPECT_EQ(Json::parse(r.out)["outcome"], "ignored");
  EXPECT_TRUE(slack.requests().empty());
}

// A lone surrogate escape ("\ud800"), which Python's json and AWS's own
// producers write, does not cost the alert: free text shows U+FFFD and the
// bucket is judged; an identifier holding one is refused, naming it.
TEST(HandleCli, LoneSurrogateInFreeTextStillJudgesTheBucket) {
  Json e = Json::parse(ReadTestData("events/" + kWrite));
  e["detail"]["newEvaluationResult"]["annotation"] = "@annotation@";
  std::string text = e.dump();
  text.replace(text.find("\"@annotation@\""), 14, R"("public \ud800 write")");
  CommandResult r = RunCommand({BucketwatchBinary(), "handle", "--dry-run", "-"}, text, Env({}));
  EXPECT_EQ(r.exit_code, 1) << r.err;
  Json payload = Json::parse(r.out);
  EXPECT_NE(payload.dump().find("public \xEF\xBF\xBD write"), std::string::npos) << r.out;
  EXPECT_NE(payload["text"].get<std::string>().find("demos3bucketforpublicaclremediation"), std::string::npos);

  e = Json::parse(ReadTestData("events/" + kWrite));
  e["detail"]["resourceId"] = "@bucket@";
  text = e.dump();
  text.replace(text.find("\"@bucket@\""), 10, R"("demo\ud800")");
  r = RunCommand({BucketwatchBinary(), "handle", "--dry-run", "-"}, text, Env({}));
  EXPECT_EQ(r.exit_code, 2) << r.out;
  EXPECT_NE(r.err.find("/detail/resourceId"), std::string::npos) << r.err;
  EXPECT_NE(r.err.find("U+FFFD"), std::string::npos) << r.err;
}

// No credentials anywhere: the live read fails, and that is never "the
// bucket no longer exists" or "nothing to announce". Each call is announced
// as "could not be judged", with the reason, in the Region the event names.
TEST(HandleCli, CloudTrailCallWithoutCredentialsIsAnnouncedAsNotJudged) {
  const std::vector<std::string> no_credentials = {"AWS_ACCESS_KEY_ID=",
                                                   "AWS_SECRET_ACCESS_KEY=",
                                                   "AWS_SESSION_TOKEN=",
                                                   "AWS_PROFILE=",
                                                   "AWS_CONFIG_FILE=/dev/null",
                                                   "AWS_SHARED_CREDENTIALS_FILE=/dev/null",
                                                   "AWS_EC2_METADATA_DISABLED=true",
                                                   "AWS_CONTAINER_CREDENTIALS_FULL_URI=",
                                                   "AWS_CONTAINER_CREDENTIALS_RELATIVE_URI=",
                                                   "AWS_WEB_IDENTITY_TOKEN_FILE=",
                                                   "AWS_REGION=us-east-1",
                                                   "AWS_DEFAULT_REGION="};
  struct Case {
    std::string file, bucket, region;
  };
  for (const Case& c : std::vector<Case>{
           {"cloudtrail.PutBucketPolicy.panther-analysis.json", "example-bucket", "us-west-2"},
           {"cloudtrail.PutBucketPublicAccessBlock.eventbridge.panther.json", "austin-panther", "us-west-2"},
           {"cloudtrail.DeleteBucketPublicAccessBlock.panther-analysis.json", "corporate-documents", "us-east-1"},
           {"cloudtrail.PutBucketOwnershipControls.constructed.json", "amzn-s3-demo-bucket", "ap-northeast-1"},
           {"cloudtrail.CreateBucket.constructed.json", "amzn-s3-demo-bucket", "ap-northeast-1"}}) {
    std::vector<std::string> env = Env(no_credentials);
    env.push_back("BUCKETWATCH_LANG=en");
    CommandResult r = RunCommand({BucketwatchBinary(), "handle", "--dry-run", EventPath(c.file)}, "", Env(env));
    EXPECT_EQ(r.exit_code, 1) << c.file << "\n" << r.err;
    ASSERT_FALSE(r.out.empty()) << c.file << ": nothing announced\n" << r.err;
    Json body = Json::parse(r.out);
    std::string text = body["text"];
    EXPECT_NE(text.find("could not be judged"), std::string::npos) << c.file << ": " << text;
    EXPECT_NE(text.find(c.bucket), std::string::npos) << c.file << ": " << text;
    EXPECT_NE(text.find(c.region), std::string::npos) << c.file << ": the event's Region: " << text;
    EXPECT_NE(r.out.find("no AWS credentials found"), std::string::npos) << c.file << ": the reason\n" << r.out;
    EXPECT_EQ(r.out.find("no longer exists"), std::string::npos) << c.file;
  }
}

}  // namespace
}  // namespace bucketwatch
