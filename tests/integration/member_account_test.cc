// One central deployment for an organization, as whole `bucketwatch handle`
// processes against the FakeS3 stand-in (S3, S3 Control and STS on
// loopback; the access key picks the account): an event from a member
// account is judged by reading that account's bucket with the member role
// assumed there; a role that cannot be assumed makes the bucket "could not
// be judged" with the reason, never "private"; the own account is read with
// the function's own credentials, and is learnt from STS when not given.
// The scheduled reconciliation of a central deployment starts one
// asynchronous Lambda invocation per active account of the organization (a
// loopback Lambda stand-in), and each of those reads its account; an
// account too large for one invocation hands its rest to another.
// rgw_member_account_test.cc does the reading with a real S3 server and STS.
#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include <chrono>
#include <mutex>
#include <set>
#include <thread>

#include "standins/loopback_server.h"
#include "standins/runtime_api_standin.h"
#include "standins/slack_standin.h"
#include "support/fake_s3.h"
#include "support/run_command.h"
#include "support/s3_call_event.h"

namespace bucketwatch {
namespace {

using testing::BucketwatchBinary;
using testing::CommandResult;
using testing::FakeBucket;
using testing::FakeS3;
using testing::LoopbackServer;
using testing::RunCommand;
using testing::SlackStandIn;

constexpr const char* kCentral = "111122223333";
constexpr const char* kCentralKey = "AKIDCENTRAL000000001";
constexpr const char* kMember = "444455556666";
constexpr const char* kMemberKey = "ASIAMEMBER0000000001";
constexpr const char* kBucket = "member-bucket";
const std::string kRoleArn = std::string("arn:aws:iam::") + kMember + ":role/bucketwatch-read";

std::string PublicPolicy(const std::string& bucket) {
  return R"({"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":"*","Action":"s3:GetObject",)"
         R"("Resource":"arn:aws:s3:::)" +
         bucket + R"(/*"}]})";
}

std::string Call(const std::string& account, const std::string& bucket) {
  return testing::S3CallEvent({.id = "member-event-1", .account = account, .bucket = bucket});
}

class MemberAccountTest : public ::testing::Test {
 protected:
  void SetUp() override {
    s3_.AddAccount(kCentral, kCentralKey);
    s3_.AddAccount(kMember, kMemberKey);
    s3_.AddBucket(kMember, kBucket, FakeBucket{.policy = PublicPolicy(kBucket), .public_access_block = "0000"});
    s3_.AddBucket(kCentral, "central-bucket",
                  FakeBucket{.policy = PublicPolicy("central-bucket"), .public_access_block = "0000"});
  }

  CommandResult Handle(const std::string& event, const std::vector<std::string>& extra, bool dry_run = true) {
    std::vector<std::string> env = ProcessEnv(extra);
    if (dry_run) return RunCommand({BucketwatchBinary(), "handle", "--dry-run", "-"}, event, env);
    return RunCommand({BucketwatchBinary(), "handle", "-"}, event, env);
  }

  std::vector<std::string> ProcessEnv(const std::vector<std::string>& extra) const {
    std::vector<std::string> env = s3_.ProcessEnvironment(kCentralKey);
    env.insert(env.end(), {"BUCKETWATCH_SLACK_WEBHOOK_URL=", "WEB_HOOK_URL=", "BUCKETWATCH_STATE_TABLE=",
                           "BUCKETWATCH_ACCOUNT_ID=", "BUCKETWATCH_MEMBER_EXTERNAL_ID=", "BUCKETWATCH_LANG=en",
                           "BUCKETWATCH_LOG_LEVEL=info", "BUCKETWATCH_MEMBER_ROLE=bucketwatch-read"});
    env.insert(env.begin(), extra.begin(), extra.end());  // getenv takes the first
    return env;
  }

  FakeS3 s3_;
};

TEST_F(MemberAccountTest, AMemberAccountsBucketIsReadWithTheAssumedRole) {
  s3_.AddRole(kRoleArn, kMemberKey);
  CommandResult r = Handle(Call(kMember, kBucket), {std::string("BUCKETWATCH_ACCOUNT_ID=") + kCentral});
  ASSERT_EQ(r.exit_code, 1) << r.err << r.out;
  std::string text = nlohmann::json::parse(r.out)["text"];
  EXPECT_NE(text.find("public"), std::string::npos) << text;
  EXPECT_EQ(text.find("could not be judged"), std::string::npos) << text;
  EXPECT_NE(r.out.find(kMember), std::string::npos) << r.out;
  EXPECT_EQ(s3_.RolesAssumed(), std::vector<std::string>{kRoleArn});
  EXPECT_EQ(s3_.Count("GetCallerIdentity"), 0) << "the own account was given";
  EXPECT_NE(r.err.find("aws.member_role_assumed"), std::string::npos) << r.err;
}

TEST_F(MemberAccountTest, ARoleThatCannotBeAssumedIsCouldNotBeJudgedWithTheReason) {
  s3_.DenyRole(kRoleArn);
  CommandResult r = Handle(Call(kMember, kBucket), {std::string("BUCKETWATCH_ACCOUNT_ID=") + kCentral});
  ASSERT_EQ(r.exit_code, 1) << r.err << r.out;
  std::string text = nlohmann::json::parse(r.out)["text"];
  EXPECT_NE(text.find("could not be judged"), std::string::npos) << text;
  EXPECT_NE(r.out.find("cannot assume role " + kRoleArn), std::string::npos) << r.out;
  EXPECT_EQ(r.out.find("no longer exists"), std::string::npos) << r.out;
  EXPECT_EQ(s3_.Count("GetBucketPolicy"), 0) << "nothing is read with the central credentials";
}

TEST_F(MemberAccountTest, TheOwnAccountIsReadWithTheFunctionsCredentials) {
  s3_.AddRole(kRoleArn, kMemberKey);
  CommandResult r = Handle(Call(kCentral, "central-bucket"), {std::string("BUCKETWATCH_ACCOUNT_ID=") + kCentral});
  ASSERT_EQ(r.exit_code, 1) << r.err << r.out;
  std::string text = nlohmann::json::parse(r.out)["text"];
  EXPECT_EQ(text.find("could not be judged"), std::string::npos) << text;
  EXPECT_NE(text.find("central-bucket"), std::string::npos) << text;
  EXPECT_TRUE(s3_.RolesAssumed().empty());
}

TEST_F(MemberAccountTest, TheOwnAccountIsLearntFromStsWhenNotGiven) {
  s3_.AddRole(kRoleArn, kMemberKey);
  CommandResult r = Handle(Call(kMember, kBucket), {});
  ASSERT_EQ(r.exit_code, 1) << r.err << r.out;
  EXPECT_EQ(s3_.Count("GetCallerIdentity"), 1);
  EXPECT_EQ(s3_.RolesAssumed(), std::vector<std::string>{kRoleArn});
  std::string text = nlohmann::json::parse(r.out)["text"];
  EXPECT_EQ(text.find("could not be judged"), std::string::npos) << text;
}

TEST_F(MemberAccountTest, ABadMemberSettingIsAClearConfigurationError) {
  CommandResult r = Handle(Call(kMember, kBucket), {"BUCKETWATCH_MEMBER_ROLE=bad role!"});
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_NE(r.err.find("BUCKETWATCH_MEMBER_ROLE"), std::string::npos) << r.err;
  r = Handle(Call(kMember, kBucket), {"BUCKETWATCH_ACCOUNT_ID=12345"});
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_NE(r.err.find("BUCKETWATCH_ACCOUNT_ID must be a 12-digit account id"), std::string::npos) << r.err;
}

// Lambda's Invoke API on loopback: records each asynchronous invocation.
struct LambdaStandIn {
  LoopbackServer server;
  std::mutex mu;
  std::vector<std::string> payloads, invocation_types, scopes;
  std::string refuse_account;  // answer 429 (throttled) to every invocation for this account

  LambdaStandIn() {
    server.server().Post("/2015-03-31/functions/bucketwatch/invocations",
                         [this](const httplib::Request& req, httplib::Response& res) {
                           std::lock_guard lock(mu);
                           payloads.push_back(req.body);
                           invocation_types.push_back(req.get_header_value("X-Amz-Invocation-Type"));
                           scopes.push_back(req.get_header_value("Authorization"));
                           if (!refuse_account.empty() && req.body.find(refuse_account) != std::string::npos) {
                             res.status = 429;
                             res.set_header("x-amzn-ErrorType", "TooManyRequestsException");
                             res.set_content(R"({"Type":"User","message":"Rate exceeded"})", "application/json");
                             return;
                           }
                           res.status = 202;
                         });
    server.Start();
  }
};

class OrganizationReconcileTest : public MemberAccountTest {
 protected:
  void SetUp() override {
    MemberAccountTest::SetUp();
    s3_.AddRole(kRoleArn, kMemberKey);
    s3_.SetOrganization(
        {{kCentral, "security", "ACTIVE"}, {kMember, "workloads", "ACTIVE"}, {"777788889999", "leaving", "SUSPENDED"}},
        2);
  }
  std::vector<std::string> Env(bool with_function = true) const {
    std::vector<std::string> env = {std::string("BUCKETWATCH_ACCOUNT_ID=") + kCentral,
                                    "BUCKETWATCH_SLACK_WEBHOOK_URL=" + slack_.url(),
                                    "AWS_ENDPOINT_URL_LAMBDA=" + lambda_.server.url()};
    env.push_back(with_function ? "AWS_LAMBDA_FUNCTION_NAME=bucketwatch" : "AWS_LAMBDA_FUNCTION_NAME=");
    return env;
  }
  SlackStandIn slack_;
  LambdaStandIn lambda_;
};

TEST_F(OrganizationReconcileTest, OneInvocationPerActiveAccountEachReadingItsAccount) {
  CommandResult r = Handle(R"({"bucketwatch": "reconcile"})", Env(), /*dry_run=*/false);
  ASSERT_EQ(r.exit_code, 0) << r.err << r.out;
  EXPECT_TRUE(slack_.requests().empty()) << "starting the accounts' reconciliations announces nothing";
  auto summary = nlohmann::json::parse(r.out);
  EXPECT_EQ(summary["reconcile_started"], nlohmann::json({kCentral, kMember})) << r.out;
  ASSERT_EQ(lambda_.payloads.size(), 2u);
  for (size_t i = 0; i < 2; ++i) {
    EXPECT_EQ(lambda_.invocation_types[i], "Event");
    EXPECT_NE(lambda_.scopes[i].find("/us-east-1/lambda/aws4_request"), std::string::npos) << lambda_.scopes[i];
  }
  EXPECT_EQ(lambda_.payloads[1], std::string(R"({"bucketwatch":"reconcile","account":")") + kMember + "\"}");
  EXPECT_TRUE(s3_.RolesAssumed().empty()) << "the fan-out itself reads no bucket";

  // Each started invocation reads its own account: the member's through the role.
  CommandResult member = Handle(lambda_.payloads[1], Env());
  ASSERT_EQ(member.exit_code, 1) << member.err << member.out;
  EXPECT_NE(member.out.find(kBucket), std::string::npos) << member.out;
  EXPECT_EQ(member.out.find("central-bucket"), std::string::npos) << member.out;
  EXPECT_EQ(s3_.RolesAssumed(), std::vector<std::string>{kRoleArn});
  CommandResult central = Handle(lambda_.payloads[0], Env());
  ASSERT_EQ(central.exit_code, 1) << central.err << central.out;
  EXPECT_NE(central.out.find("central-bucket"), std::string::npos) << central.out;
}

TEST_F(OrganizationReconcileTest, AnAccountThatCannotBeStartedFailsTheRunButNotTheOthers) {
  lambda_.refuse_account = kCentral;
  CommandResult r = Handle(R"({"bucketwatch": "reconcile"})", Env(), /*dry_run=*/false);
  EXPECT_EQ(r.exit_code, 3) << r.err << r.out;
  EXPECT_NE(r.out.find("Function.ReconcileNotStarted"), std::string::npos) << r.out;
  EXPECT_NE(r.err.find(std::string("could not start the reconciliation of 1 account(s): ") + kCentral),
            std::string::npos)
      << r.err;
  EXPECT_NE(r.err.find("TooManyRequestsException"), std::string::npos) << r.err;
  // The member's was started all the same (the refused one was retried by the client first).
  EXPECT_NE(r.out.find(std::string("\"reconcile_started\":[\"") + kMember + "\"]"), std::string::npos) << r.out;
}

TEST_F(OrganizationReconcileTest, OutsideLambdaItSaysHowToReconcileEachAccount) {
  CommandResult r = Handle(R"({"bucketwatch": "reconcile"})", Env(/*with_function=*/false), /*dry_run=*/false);
  EXPECT_EQ(r.exit_code, 3) << r.err << r.out;
  EXPECT_NE(r.err.find("AWS_LAMBDA_FUNCTION_NAME is not set"), std::string::npos) << r.err;
  EXPECT_TRUE(lambda_.payloads.empty());
}

TEST_F(OrganizationReconcileTest, AnOrganizationThatCannotBeListedFailsTheRun) {
  s3_.SetFault([](const testing::FakeCall& call) -> std::optional<testing::FakeAnswer> {
    if (call.operation == "ListAccounts") return FakeS3::Error(400, "AWSOrganizationsNotInUseException", "not in use");
    return std::nullopt;
  });
  CommandResult r = Handle(R"({"bucketwatch": "reconcile"})", Env(), /*dry_run=*/false);
  EXPECT_EQ(r.exit_code, 3) << r.err << r.out;
  EXPECT_NE(r.err.find("listing the organization's accounts"), std::string::npos) << r.err;
  EXPECT_TRUE(lambda_.payloads.empty());
}

// One account too large for one invocation, in a whole `bucketwatch lambda`
// process: the invocation's deadline is near (a Runtime API stand-in gives
// 3 s), half its buckets are slow to answer, so it reads what it can and
// starts an invocation of itself (the Lambda stand-in) for the rest, naming
// the first bucket it did not read; that one reads the rest. Every bucket is
// read once, and nothing is said to be out of time.
TEST_F(OrganizationReconcileTest, ALargeAccountsRestIsHandedToAnInvocationOfItsOwn) {
  // Nothing public, so nothing to deliver: the invocation may end a little past its deadline.
  s3_.RemoveBucket(kCentral, "central-bucket");
  for (int i = 0; i < 4; ++i) s3_.AddBucket(kCentral, "fast-" + std::to_string(i), FakeBucket{});
  for (int i = 10; i < 50; ++i) s3_.AddBucket(kCentral, "slow-" + std::to_string(i), FakeBucket{});
  std::mutex mu;
  std::multiset<std::string> read;
  s3_.SetFault([&](const testing::FakeCall& call) -> std::optional<testing::FakeAnswer> {
    if (call.operation != "GetBucketPolicy") return std::nullopt;
    {
      std::lock_guard lock(mu);
      read.insert(call.bucket);
    }
    if (call.bucket.starts_with("slow-")) std::this_thread::sleep_for(std::chrono::milliseconds(2500));
    return std::nullopt;
  });
  const std::string request = std::string(R"({"bucketwatch": "reconcile", "account": ")") + kCentral + "\"}";
  testing::RuntimeApiStandIn api;
  const int64_t now_ms =
      std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::system_clock::now().time_since_epoch())
          .count();
  api.Push({.request_id = "r-1", .payload = request, .deadline_ms = now_ms + 3000});
  std::vector<std::string> extra = Env();
  extra.push_back("AWS_LAMBDA_RUNTIME_API=" + api.host_port());
  CommandResult first = RunCommand({BucketwatchBinary(), "lambda"}, "", ProcessEnv(extra));
  std::vector<testing::RuntimeApiStandIn::Answer> answers = api.answers();
  ASSERT_EQ(answers.size(), 1u) << first.err;
  EXPECT_EQ(answers[0].kind, "response") << answers[0].body;
  auto summary = nlohmann::json::parse(answers[0].body);
  ASSERT_TRUE(summary.contains("reconcile_continued")) << answers[0].body << first.err;
  const std::string from = summary["reconcile_continued"]["from"];
  EXPECT_TRUE(from.starts_with("slow-")) << from;
  ASSERT_EQ(lambda_.payloads.size(), 1u);
  EXPECT_EQ(lambda_.payloads[0],
            std::string(R"({"bucketwatch":"reconcile","account":")") + kCentral + R"(","from":")" + from + "\"}");
  EXPECT_EQ(answers[0].body.find("cannot_judge"), std::string::npos) << answers[0].body;

  // The started invocation (here `handle`, S3 answering quickly now) reads the rest.
  s3_.SetFault([&](const testing::FakeCall& call) -> std::optional<testing::FakeAnswer> {
    if (call.operation == "GetBucketPolicy") {
      std::lock_guard lock(mu);
      read.insert(call.bucket);
    }
    return std::nullopt;
  });
  CommandResult rest = Handle(lambda_.payloads[0], Env(), /*dry_run=*/false);
  ASSERT_EQ(rest.exit_code, 0) << rest.err << rest.out;
  EXPECT_EQ(nlohmann::json::parse(rest.out)["rescan"]["buckets_read"],
            44 - summary["rescan"]["buckets_read"].get<int>())
      << rest.out;
  std::multiset<std::string> every;
  for (int i = 0; i < 4; ++i) every.insert("fast-" + std::to_string(i));
  for (int i = 10; i < 50; ++i) every.insert("slow-" + std::to_string(i));
  EXPECT_EQ(read, every) << "each bucket read once";
}

// `scan --organization` takes the role's name in every member account; an
// ARN names one account's role and is refused before anything is read.
TEST(ScanOrganization, ARoleArnIsRefusedWithWhatIsExpected) {
  CommandResult r = RunCommand(
      {BucketwatchBinary(), "scan", "--organization", "arn:aws:iam::111122223333:role/Scan"}, "",
      {"AWS_ACCESS_KEY_ID=AKIDEXAMPLE", "AWS_SECRET_ACCESS_KEY=x", "AWS_REGION=us-east-1",
       "AWS_ENDPOINT_URL=http://127.0.0.1:9", "AWS_CONFIG_FILE=/dev/null", "AWS_SHARED_CREDENTIALS_FILE=/dev/null"});
  EXPECT_EQ(r.exit_code, 2) << r.err;
  EXPECT_NE(r.err.find("--organization: \"arn:aws:iam::111122223333:role/Scan\" is not an IAM role name"),
            std::string::npos)
      << r.err;
}

}  // namespace
}  // namespace bucketwatch
