// `bucketwatch handle` with BUCKETWATCH_STATE_TABLE, as whole processes,
// against a real DynamoDB-API server (dynalite, tests/dynalite, started by
// the dynalite fixture), a FakeS3 for the bucket's live state and a Slack
// stand-in: only transitions are announced; of 20 processes handling the
// same call at once exactly one posts; a Slack failure fails the process and
// the retry posts the alert marked as a possible repeat; a table that cannot
// be reached does not silence the alert.
#include <gtest/gtest.h>
#include <nlohmann/json.hpp>
#include <unistd.h>

#include <thread>
#include <vector>

#include "standins/slack_standin.h"
#include "support/fake_s3.h"
#include "support/fixture_env.h"
#include "support/run_command.h"
#include "support/s3_call_event.h"

namespace bucketwatch {
namespace {

using testing::BucketwatchBinary;
using testing::CommandResult;
using testing::FakeBucket;
using testing::FakeS3;
using testing::RunCommand;
using testing::SlackStandIn;

constexpr const char* kAccount = "111122223333";
constexpr const char* kKey = "AKIDSTATE00000000001";
constexpr const char* kBucket = "tracked-bucket";

const testing::FixtureEnv& Dynalite() {
  static const testing::FixtureEnv f = testing::LoadFixtureEnv(BW_DYNALITE_FIXTURE_DIR, "dynalite");
  return f;
}

std::string PublicPolicy() {
  return std::string(R"({"Version":"2012-10-17","Statement":[{"Sid":"Open","Effect":"Allow","Principal":"*",)") +
         R"("Action":"s3:GetObject","Resource":"arn:aws:s3:::)" + kBucket + R"(/*"}]})";
}
std::string AccountPolicy() {
  return std::string(R"({"Version":"2012-10-17","Statement":[{"Sid":"Partner","Effect":"Allow",)") +
         R"("Principal":{"AWS":"arn:aws:iam::444455556666:root"},"Action":"s3:GetObject",)" +
         R"("Resource":"arn:aws:s3:::)" + kBucket + R"(/*"}]})";
}

std::string Call(const std::string& id, const std::string& name) {
  return testing::S3CallEvent({.id = id, .event_name = name, .account = kAccount, .bucket = kBucket});
}

class StateHandleTest : public ::testing::Test {
 protected:
  void SetUp() override {
    if (!Dynalite().skip_reason.empty()) GTEST_SKIP() << Dynalite().skip_reason;
    s3_.AddAccount(kAccount, kKey);
    table_ = "bw-" + std::string(::testing::UnitTest::GetInstance()->current_test_info()->name()) + "-" +
             std::to_string(getpid());
    CommandResult init = RunCommand({BucketwatchBinary(), "state", "init", "--table", table_}, "", Env());
    ASSERT_EQ(init.exit_code, 0) << init.err << init.out;
  }

  std::vector<std::string> Env(const std::string& dynamodb_endpoint = "") const {
    std::vector<std::string> env = s3_.ProcessEnvironment(kKey);
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

  void SetBucket(const std::string& policy) {
    s3_.AddBucket(kAccount, kBucket, FakeBucket{.policy = policy, .public_access_block = "0000"});
  }

  FakeS3 s3_;
  SlackStandIn slack_;
  std::string table_;
};

TEST_F(StateHandleTest, OnlyTransitionsArePosted) {
  SetBucket(AccountPolicy());
  CommandResult r = Handle(Call("e1", "PutBucketPolicy"));  // private, first seen: nothing to say
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_EQ(slack_.requests().size(), 0u) << r.out;
  EXPECT_NE(r.out.find("\"state\":\"compared\""), std::string::npos) << r.out;

  SetBucket(PublicPolicy());
  r = Handle(Call("e2", "PutBucketPolicy"));
  ASSERT_EQ(r.exit_code, 1) << r.err;  // as without a table: something needs action
  ASSERT_EQ(slack_.requests().size(), 1u) << r.out;
  EXPECT_NE(r.out.find("became_public"), std::string::npos) << r.out;

  r = Handle(Call("e3", "PutBucketAcl"));  // still public the same way
  EXPECT_EQ(slack_.requests().size(), 1u) << r.out;

  SetBucket(AccountPolicy());
  r = Handle(Call("e4", "PutBucketPolicy"));
  ASSERT_EQ(slack_.requests().size(), 2u) << r.out;
  EXPECT_NE(r.out.find("\"what\":\"fixed\""), std::string::npos) << r.out;

  r = Handle(Call("e5", "PutBucketPolicy"));  // a private bucket stays private
  EXPECT_EQ(slack_.requests().size(), 2u) << r.out;
}

TEST_F(StateHandleTest, TwentyProcessesHandlingOneCallPostOnce) {
  SetBucket(PublicPolicy());
  std::vector<std::thread> runs;
  std::vector<CommandResult> results(20);
  for (size_t i = 0; i < results.size(); ++i) {
    runs.emplace_back([&, i] { results[i] = Handle(Call("same-event", "PutBucketPolicy")); });
  }
  for (std::thread& t : runs) t.join();
  for (const CommandResult& r : results) EXPECT_TRUE(r.exit_code == 0 || r.exit_code == 1) << r.err;
  ASSERT_EQ(slack_.requests().size(), 1u);
  EXPECT_EQ(slack_.requests()[0].body.find(":repeat:"), std::string::npos);
}

TEST_F(StateHandleTest, ASlackFailureFailsTheProcessAndTheRetryPostsMarked) {
  SetBucket(PublicPolicy());
  slack_.Script({SlackStandIn::Error(500, "internal_error")});
  CommandResult r = Handle(Call("e1", "PutBucketPolicy"));
  EXPECT_EQ(r.exit_code, 3) << r.out << r.err;  // not delivered: as a Lambda invocation, it fails and is retried
  EXPECT_NE(r.out.find("Function.SlackDeliveryFailed"), std::string::npos) << r.out;

  r = Handle(Call("e1", "PutBucketPolicy"));  // the retry
  ASSERT_EQ(slack_.requests().size(), 2u) << r.out << r.err;
  EXPECT_EQ(r.exit_code, 1) << r.out;  // what it re-sends still needs action
  EXPECT_NE(r.out.find("\"what\":\"became_public\""), std::string::npos) << r.out;
  EXPECT_NE(slack_.requests()[1].body.find(":repeat:"), std::string::npos);
  EXPECT_NE(r.out.find("\"possible_repeat\":true"), std::string::npos) << r.out;

  r = Handle(Call("e1", "PutBucketPolicy"));  // delivered: nothing pending, nothing new
  EXPECT_EQ(slack_.requests().size(), 2u) << r.out;
}

TEST_F(StateHandleTest, ATableThatCannotBeReachedDoesNotSilenceTheAlert) {
  SetBucket(PublicPolicy());
  CommandResult r = Handle(Call("e1", "PutBucketPolicy"), "http://127.0.0.1:9");
  ASSERT_EQ(slack_.requests().size(), 1u) << r.out << r.err;
  EXPECT_NE(r.out.find("\"state\":\"not used:"), std::string::npos) << r.out;
  EXPECT_NE(r.err.find("state.unavailable"), std::string::npos) << r.err;
}

}  // namespace
}  // namespace bucketwatch
