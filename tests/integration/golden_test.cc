// What users see, kept byte for byte: `handle --dry-run` on every sample
// event in English and Japanese (CloudTrail calls re-read from a FakeS3
// stand-in with known buckets), and `scan` in every format against the
// same stand-in. The expected outputs are files under tests/data/golden/;
// a change to them is a change users see and is reviewed as such.
// To rewrite them after an intended change: BW_UPDATE_GOLDEN=1 ctest -R Golden

// GCC 12 at -O1 (the sanitizer build) warns falsely inside <regex>'s own
// std::function moves (https://gcc.gnu.org/bugzilla/show_bug.cgi?id=105562);
// the warning is reported at the header's lines, so it is silenced for the
// whole file rather than around the include.
#if defined(__GNUC__) && !defined(__clang__)
#pragma GCC diagnostic ignored "-Wmaybe-uninitialized"
#endif
#include <gtest/gtest.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <regex>
#include <sstream>

#include "standins/slack_standin.h"
#include "support/fake_s3.h"
#include "support/run_command.h"

namespace bucketwatch {
namespace {

namespace fs = std::filesystem;
using testing::BucketwatchBinary;
using testing::CommandResult;
using testing::FakeBucket;
using testing::FakeS3;
using testing::RunCommand;

constexpr const char* kAccount = "111122223333";
constexpr const char* kKey = "AKIDGOLDEN0000000001";

std::string GoldenPath(const std::string& name) { return std::string(BW_TESTDATA_DIR) + "/golden/" + name; }

void ExpectGolden(const std::string& name, const std::string& actual) {
  std::string path = GoldenPath(name);
  if (std::getenv("BW_UPDATE_GOLDEN") != nullptr) {
    fs::create_directories(fs::path(path).parent_path());
    std::ofstream(path, std::ios::binary) << actual;
    return;
  }
  std::ifstream in(path, std::ios::binary);
  ASSERT_TRUE(in) << "missing golden file " << path << " (BW_UPDATE_GOLDEN=1 writes it)";
  std::stringstream want;
  want << in.rdbuf();
  EXPECT_EQ(want.str(), actual) << "differs from " << path;
}

std::string Policy(const std::string& bucket, const std::string& principal, const std::string& action) {
  return R"({"Version":"2012-10-17","Statement":[{"Sid":"Golden","Effect":"Allow","Principal":)" + principal +
         R"(,"Action":")" + action + R"(","Resource":"arn:aws:s3:::)" + bucket + R"(/*"}]})";
}

// The buckets the sample CloudTrail calls name, in states that exercise the wording.
void Buckets(FakeS3& s3) {
  s3.AddAccount(kAccount, kKey);
  s3.AddBucket(kAccount, "amzn-s3-demo-bucket",
               FakeBucket{.region = "ap-northeast-1",
                          .policy = Policy("amzn-s3-demo-bucket", R"("*")", "s3:GetObject"),
                          .public_access_block = "0000"});
  s3.AddBucket(kAccount, "corporate-documents", FakeBucket{});
  s3.AddBucket(kAccount, "example-bucket",
               FakeBucket{.region = "us-west-2", .acl_grants = {"AllUsers:READ"}, .ownership = "BucketOwnerPreferred"});
  s3.AddBucket(
      kAccount, "austin-panther",
      FakeBucket{.region = "us-west-2",
                 .policy = Policy("austin-panther", R"({"AWS":"arn:aws:iam::444455556666:root"})", "s3:GetObject")});
  s3.AddBucket(kAccount, "writable",
               FakeBucket{.acl_grants = {"AuthenticatedUsers:WRITE"}, .ownership = "ObjectWriter"});
}

std::vector<std::string> Env(const FakeS3& s3, const std::string& lang) {
  return {"AWS_ENDPOINT_URL=" + s3.url(),
          std::string("AWS_ACCESS_KEY_ID=") + kKey,
          "AWS_SECRET_ACCESS_KEY=golden-secret",
          "AWS_SESSION_TOKEN=",
          "AWS_REGION=us-east-1",
          "AWS_DEFAULT_REGION=",
          "AWS_PROFILE=",
          "AWS_CONFIG_FILE=/dev/null",
          "AWS_SHARED_CREDENTIALS_FILE=/dev/null",
          "AWS_EC2_METADATA_DISABLED=true",
          "BUCKETWATCH_SLACK_WEBHOOK_URL=",
          "WEB_HOOK_URL=",
          "CHANNEL=#golden",
          "ENV=",
          "BUCKETWATCH_ENV=golden",
          "BUCKETWATCH_LANG=" + lang,
          "BUCKETWATCH_CONFIG_RULES=",
          "AWS_LAMBDA_RUNTIME_API=",
          "BUCKETWATCH_LOG_LEVEL=off"};
}

std::vector<std::string> SampleEvents() {
  std::vector<std::string> names;
  for (const auto& entry : fs::directory_iterator(std::string(BW_TESTDATA_DIR) + "/events")) {
    std::string name = entry.path().filename().string();
    if (name.ends_with(".json")) names.push_back(name);
  }
  std::sort(names.begin(), names.end());
  return names;
}

TEST(Golden, HandleDryRunOfEverySampleEventInBothLanguages) {
  FakeS3 s3;
  Buckets(s3);
  std::vector<std::string> events = SampleEvents();
  ASSERT_GE(events.size(), 19u);
  for (std::string lang : {"en", "ja"}) {
    for (const std::string& event : events) {
      CommandResult r =
          RunCommand({BucketwatchBinary(), "handle", "--dry-run", std::string(BW_TESTDATA_DIR) + "/events/" + event},
                     "", Env(s3, lang));
      ExpectGolden("handle/" + event.substr(0, event.size() - 5) + "." + lang + ".txt",
                   "exit " + std::to_string(r.exit_code) + "\n" + r.out);
    }
  }
}

// What changes from run to run: times and durations.
std::string Steady(std::string text) {
  static const std::regex kTime(R"(\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?Z)");
  static const std::regex kElapsed(R"(("elapsed_ms": ?)\d+)");
  static const std::regex kSeconds(R"(\d+\.\d+ (s|秒))");
  static const std::regex kRequests(R"(("requests": ?)\d+)");
  static const std::regex kRequestCount(R"(\d+ requests)");
  text = std::regex_replace(text, kTime, "<time>");
  text = std::regex_replace(text, kElapsed, "$1<ms>");
  text = std::regex_replace(text, kRequests, "$1<n>");
  text = std::regex_replace(text, kRequestCount, "<n> requests");
  return std::regex_replace(text, kSeconds, "<s> $1");
}

TEST(Golden, ScanInEveryFormat) {
  FakeS3 s3;
  Buckets(s3);
  for (std::string format : {"table", "json", "jsonl", "asff"}) {
    CommandResult r =
        RunCommand({BucketwatchBinary(), "scan", "--format", format, "--concurrency", "1"}, "", Env(s3, "en"));
    ExpectGolden("scan/" + format + ".txt",
                 "exit " + std::to_string(r.exit_code) + "\n" + Steady(r.out) + "--- stderr\n" + Steady(r.err));
  }
}

TEST(Golden, ScanNotifyPostsTheSameMessagesInBothLanguages) {
  FakeS3 s3;
  Buckets(s3);
  for (std::string lang : {"en", "ja"}) {
    testing::SlackStandIn slack;
    std::vector<std::string> env = Env(s3, lang);
    std::replace(env.begin(), env.end(), std::string("BUCKETWATCH_SLACK_WEBHOOK_URL="),
                 "BUCKETWATCH_SLACK_WEBHOOK_URL=" + slack.url());
    CommandResult r =
        RunCommand({BucketwatchBinary(), "scan", "--notify", "--format", "jsonl", "--concurrency", "1"}, "", env);
    std::string posted = "exit " + std::to_string(r.exit_code) + "\n";
    for (const auto& request : slack.requests()) posted += Steady(request.body) + "\n";
    ExpectGolden("scan/notify." + lang + ".txt", posted);
  }
}

}  // namespace
}  // namespace bucketwatch
