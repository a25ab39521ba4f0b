// What the tests of `bucketwatch handle` with BUCKETWATCH_STATE_TABLE share:
// whole processes against a real DynamoDB-API server (dynalite, started by
// the dynalite fixture; the test target defines BW_DYNALITE_FIXTURE_DIR), a
// FakeS3 for the buckets' live state and a Slack stand-in. Each test gets a
// table of its own (the tests of several targets share one server).
#ifndef BUCKETWATCH_TESTS_SUPPORT_STATE_HANDLE_H_
#define BUCKETWATCH_TESTS_SUPPORT_STATE_HANDLE_H_

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>
#include <unistd.h>

#include <memory>
#include <string>
#include <vector>

#include "aws/state_table.h"
#include "standins/slack_standin.h"
#include "state/dynamodb_memory.h"
#include "support/fake_s3.h"
#include "support/fixture_env.h"
#include "support/run_command.h"
#include "support/s3_call_event.h"

namespace bucketwatch::testing {

inline constexpr const char* kStateAccount = "111122223333";
inline constexpr const char* kStateKey = "AKIDSTATE00000000001";

inline const FixtureEnv& Dynalite() {
  static const FixtureEnv f = LoadFixtureEnv(BW_DYNALITE_FIXTURE_DIR, "dynalite");
  return f;
}

inline std::string PublicPolicy(const std::string& bucket) {
  return R"({"Version":"2012-10-17","Statement":[{"Sid":"Open","Effect":"Allow","Principal":"*",)"
         R"("Action":"s3:GetObject","Resource":"arn:aws:s3:::)" +
         bucket + R"(/*"}]})";
}
// Readable by one other account only: private.
inline std::string AccountPolicy(const std::string& bucket, const std::string& partner = "444455556666") {
  return R"({"Version":"2012-10-17","Statement":[{"Sid":"Partner","Effect":"Allow",)"
         R"("Principal":{"AWS":"arn:aws:iam::)" +
         partner + R"(:root"},"Action":"s3:GetObject","Resource":"arn:aws:s3:::)" + bucket + R"(/*"}]})";
}

// An EventBridge "AWS API Call via CloudTrail" event for the bucket.
inline std::string CloudTrailCall(const std::string& bucket, const std::string& id, const std::string& name) {
  return S3CallEvent({.id = id, .event_name = name, .account = kStateAccount, .bucket = bucket});
}

class StateHandleFixture : public ::testing::Test {
 protected:
  void SetUp() override {
    if (!Dynalite().skip_reason.empty()) GTEST_SKIP() << Dynalite().skip_reason;
    s3_.AddAccount(kStateAccount, kStateKey);
    table_ = "bw-" + std::string(::testing::UnitTest::GetInstance()->current_test_info()->name()) + "-" +
             std::to_string(getpid());
    CommandResult init = RunCommand({BucketwatchBinary(), "state", "init", "--table", table_}, "", Env());
    ASSERT_EQ(init.exit_code, 0) << init.err << init.out;
  }

  std::vector<std::string> Env(const std::string& dynamodb_endpoint = "") const {
    std::vector<std::string> env = s3_.ProcessEnvironment(kStateKey);
    env.insert(env.end(),
               {"AWS_ENDPOINT_URL_DYNAMODB=" +
                    (dynamodb_endpoint.empty() ? Dynalite().env.at("DYNALITE_ENDPOINT") : dynamodb_endpoint),
                "BUCKETWATCH_SLACK_WEBHOOK_URL=" + slack_.url(), "WEB_HOOK_URL=", "BUCKETWATCH_SLACK_MAX_ATTEMPTS=1",
                "BUCKETWATCH_STATE_TABLE=" + table_, "BUCKETWATCH_LOG_LEVEL=warn"});
    return env;
  }

  CommandResult Handle(const std::string& event, const std::string& dynamodb_endpoint = "") {
    return RunCommand({BucketwatchBinary(), "handle", "-"}, event, Env(dynamodb_endpoint));
  }

  void SetBucket(const std::string& bucket, const std::string& policy) {
    s3_.AddBucket(kStateAccount, bucket, FakeBucket{.policy = policy, .public_access_block = "0000"});
  }

  // The bucket's record in the table, as the processes left it.
  change::Recollection Recall(const std::string& bucket) {
    if (!memory_) {
      aws::ClientConfig config;
      config.region = "us-east-1";
      config.timeout = std::chrono::seconds(5);
      aws::Credentials c{.access_key_id = kStateKey, .secret_access_key = "state-secret", .source = "test"};
      auto context = std::make_shared<aws::AwsContext>(config, std::make_unique<aws::StaticCredentialsProvider>(c));
      auto endpoint = aws::ParseEndpointUrl(Dynalite().env.at("DYNALITE_ENDPOINT"));
      EXPECT_TRUE(endpoint.ok()) << endpoint.status().ToString();
      if (!endpoint.ok()) return {};
      memory_ = std::make_unique<state::DynamoDbMemory>(std::make_unique<aws::StateTable>(context, table_, *endpoint));
    }
    auto r = memory_->Recall(kStateAccount, bucket);
    EXPECT_TRUE(r.ok()) << r.status().ToString();
    return r.ok() ? *r : change::Recollection{};
  }

  FakeS3 s3_;
  SlackStandIn slack_;
  std::string table_;
  std::unique_ptr<state::DynamoDbMemory> memory_;
};

}  // namespace bucketwatch::testing

#endif  // BUCKETWATCH_TESTS_SUPPORT_STATE_HANDLE_H_
