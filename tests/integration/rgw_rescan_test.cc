// The rescan of a CloudTrail call against a real S3 implementation on
// loopback (Ceph RGW, started by the rgw_fixture_start test): a bucket is
// made public by an independent client (s3_admin.py, boto3), the CloudTrail
// record of that call (tests/data/events, the PutBucketPolicy sample with
// the bucket's name put in) is handled, and the alert must say the bucket is
// public, who did it and what the call asked for (docs/realtime.md).
#include <gtest/gtest.h>
#include <nlohmann/json.hpp>
#include <unistd.h>

#include <cstdio>
#include <fstream>
#include <map>

#include "aws/environment.h"
#include "handler/aws_bucket_reader.h"
#include "handler/handler.h"
#include "support/rgw_fixture.h"
#include "support/test_files.h"

namespace bucketwatch {
namespace {

using Json = nlohmann::json;
using testing::Rgw;
using testing::RgwShell;
using testing::S3Admin;
using testing::ShellQuote;
using testing::ShellResult;

ShellResult Shell(const std::string& command) { return RgwShell(command, {{"BUCKETWATCH_LANG", "en"}}); }

std::string Unique(const std::string& name) { return "bw-rt-" + name + "-" + std::to_string(getpid() % 100000); }

std::string PublicPolicy(const std::string& bucket) {
  return R"({"Version":"2012-10-17","Statement":[{"Sid":"PublicRead","Effect":"Allow","Principal":"*",)"
         R"("Action":"s3:GetObject","Resource":"arn:aws:s3:::)" +
         bucket + R"(/*"}]})";
}

// The CloudTrail sample (panther-analysis, tests/data/SOURCES.md) about `bucket`,
// recording the policy that was put. RGW does not know AWS account ids, so
// the record names none (the credentials' account is used).
Json PutBucketPolicyEvent(const std::string& bucket, const std::string& policy) {
  Json e = Json::parse(testing::ReadTestData("events/cloudtrail.PutBucketPolicy.panther-analysis.json"));
  e["requestParameters"]["bucketName"] = bucket;
  e["requestParameters"]["bucketPolicy"] = Json::parse(policy);
  e.erase("recipientAccountId");
  return e;
}

std::string WriteEvent(const Json& e, const std::string& name) {
  std::string path = std::string(BW_BINARY_DIR) + "/" + name + ".json";
  std::ofstream(path) << e.dump();
  return path;
}

TEST(RgwRescan, HandleDryRunSaysTheBucketMadePublicIsPublicAndWhoDidIt) {
  REQUIRE_RGW();
  std::string b = Unique("public");
  std::string policy = PublicPolicy(b);
  S3Admin("create " + b);
  S3Admin("policy " + b + " " + ShellQuote(policy));
  std::string file = WriteEvent(PutBucketPolicyEvent(b, policy), b);
  ShellResult r = Shell(std::string(BW_BINARY_DIR) + "/bucketwatch handle --dry-run " + file + " 2>/dev/null");
  EXPECT_EQ(r.exit_code, 1) << r.out;  // an alert that needs action
  Json message = Json::parse(r.out);
  std::string text = message.dump();
  EXPECT_NE(text.find("S3 bucket is public"), std::string::npos) << text;
  EXPECT_NE(text.find(b), std::string::npos);
  EXPECT_NE(text.find("arn:aws:sts::123456789012:assumed-role/example-role/example-user"), std::string::npos);
  EXPECT_NE(text.find("111.111.111.111"), std::string::npos);
  EXPECT_NE(text.find("PublicRead"), std::string::npos);    // our reason: the live policy's statement
  EXPECT_NE(text.find("Statement[0]"), std::string::npos);  // what the call asked for
  EXPECT_NE(text.find("Anyone on the internet"), std::string::npos);
}

TEST(RgwRescan, EventHandlerSaysNotPublicAfterAPolicyThatKeepsItPrivate) {
  REQUIRE_RGW();
  std::string b = Unique("private");
  std::string policy = R"({"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"AWS":)"
                       R"("arn:aws:iam::123456789012:root"},"Action":"s3:GetObject","Resource":"arn:aws:s3:::)" +
                       b + R"(/*"}]})";
  S3Admin("create " + b);
  S3Admin("policy " + b + " " + ShellQuote(policy));

  aws::MapEnvironment env;
  for (const auto& [k, v] : Rgw().env) env.Set(k, v);
  env.Set("AWS_CONFIG_FILE", "/dev/null");
  env.Set("AWS_SHARED_CREDENTIALS_FILE", "/dev/null");
  env.Set("AWS_EC2_METADATA_DISABLED", "true");
  handler::EventHandler h(handler::Settings{}, nullptr);
  h.set_bucket_reader(std::make_shared<handler::AwsBucketReader>(aws::ClientOptions{}, env));
  handler::HandleResult r = h.Handle(PutBucketPolicyEvent(b, policy).dump(), Deadline::Never());
  ASSERT_TRUE(r.ok()) << r.error.ToString();
  EXPECT_EQ(r.buckets_read, 1);
  ASSERT_EQ(r.alerts.size(), 1u) << r.reason;
  EXPECT_EQ(r.alerts[0].alert.what, notify::What::kInformational) << r.reason;
  EXPECT_EQ(r.alerts[0].alert.bucket, b);
  EXPECT_FALSE(r.needs_action());
}

}  // namespace
}  // namespace bucketwatch
