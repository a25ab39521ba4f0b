// `bucketwatch handle` with BUCKETWATCH_STATE_TABLE, as whole processes,
// against a real DynamoDB-API server (dynalite, tests/dynalite, started by
// the dynalite fixture), a FakeS3 for the bucket's live state and a Slack
// stand-in: only transitions are announced; of 20 processes handling the
// same call at once exactly one posts; a Slack failure fails the process and
// the retry posts the alert marked as a possible repeat; a table that cannot
// be reached does not silence the alert. A member account's scheduled
// reconciliation in a central deployment (read through the member role,
// FakeS3's STS) against the table: the first run announces the member's
// public bucket and one summary, the second nothing, and a slice of the
// account ("from") reads only the buckets from that name on.
#include "support/state_handle.h"

#include <gtest/gtest.h>

#include <map>
#include <thread>
#include <vector>

namespace bucketwatch {
namespace {

using testing::CommandResult;
using testing::SlackStandIn;

constexpr const char* kBucket = "tracked-bucket";

std::string Call(const std::string& id, const std::string& name) { return testing::CloudTrailCall(kBucket, id, name); }

class StateHandleTest : public testing::StateHandleFixture {
 protected:
  void SetBucket(const std::string& policy) { StateHandleFixture::SetBucket(kBucket, policy); }
};

TEST_F(StateHandleTest, OnlyTransitionsArePosted) {
  SetBucket(testing::AccountPolicy(kBucket));
  CommandResult r = Handle(Call("e1", "PutBucketPolicy"));  // private, first seen: nothing to say
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_EQ(slack_.requests().size(), 0u) << r.out;
  EXPECT_NE(r.out.find("\"state\":\"compared\""), std::string::npos) << r.out;

  SetBucket(testing::PublicPolicy(kBucket));
  r = Handle(Call("e2", "PutBucketPolicy"));
  ASSERT_EQ(r.exit_code, 1) << r.err;  // as without a table: something needs action
  ASSERT_EQ(slack_.requests().size(), 1u) << r.out;
  EXPECT_NE(r.out.find("became_public"), std::string::npos) << r.out;

  r = Handle(Call("e3", "PutBucketAcl"));  // still public the same way
  EXPECT_EQ(slack_.requests().size(), 1u) << r.out;

  SetBucket(testing::AccountPolicy(kBucket));
  r = Handle(Call("e4", "PutBucketPolicy"));
  ASSERT_EQ(slack_.requests().size(), 2u) << r.out;
  EXPECT_NE(r.out.find("\"what\":\"fixed\""), std::string::npos) << r.out;

  r = Handle(Call("e5", "PutBucketPolicy"));  // a private bucket stays private
  EXPECT_EQ(slack_.requests().size(), 2u) << r.out;
}

TEST_F(StateHandleTest, TwentyProcessesHandlingOneCallPostOnce) {
  SetBucket(testing::PublicPolicy(kBucket));
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
  SetBucket(testing::PublicPolicy(kBucket));
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
  SetBucket(testing::PublicPolicy(kBucket));
  CommandResult r = Handle(Call("e1", "PutBucketPolicy"), "http://127.0.0.1:9");
  ASSERT_EQ(slack_.requests().size(), 1u) << r.out << r.err;
  EXPECT_NE(r.out.find("\"state\":\"not used:"), std::string::npos) << r.out;
  EXPECT_NE(r.err.find("state.unavailable"), std::string::npos) << r.err;
}

class MemberStateTest : public testing::StateHandleFixture {
 protected:
  static constexpr const char* kMember = "444455556666";
  static constexpr const char* kMemberKey = "ASIAMEMBERSTATE00001";

  void SetUp() override {
    StateHandleFixture::SetUp();
    if (IsSkipped()) return;
    s3_.AddAccount(kMember, kMemberKey);
    s3_.AddRole(std::string("arn:aws:iam::") + kMember + ":role/bucketwatch-read", kMemberKey);
    s3_.AddBucket(kMember, "a-public",
                  testing::FakeBucket{.policy = testing::PublicPolicy("a-public"), .public_access_block = "0000"});
    s3_.AddBucket(kMember, "b-private", testing::FakeBucket{});
  }

  // One reconciliation of the member account by the central function:
  // bucket -> what was announced ("" for the account's summary), each delivered.
  std::map<std::string, std::string> Reconcile(const std::string& from, int expected_exit, int expected_read) {
    std::string request = std::string(R"({"bucketwatch": "reconcile", "account": ")") + kMember + "\"";
    if (!from.empty()) request += R"(, "from": ")" + from + "\"";
    std::vector<std::string> env = Env();
    env.insert(env.begin(), {"BUCKETWATCH_MEMBER_ROLE=bucketwatch-read",
                             std::string("BUCKETWATCH_ACCOUNT_ID=") + testing::kStateAccount,
                             "BUCKETWATCH_MEMBER_EXTERNAL_ID=", "AWS_LAMBDA_FUNCTION_NAME="});
    CommandResult r = testing::RunCommand({testing::BucketwatchBinary(), "handle", "-"}, request + "}", env);
    EXPECT_EQ(r.exit_code, expected_exit) << r.out << r.err;
    auto j = nlohmann::json::parse(r.out, nullptr, false);
    std::map<std::string, std::string> said;
    if (j.is_discarded()) {
      ADD_FAILURE() << r.out << r.err;
      return said;
    }
    EXPECT_EQ(j.value("state", ""), "compared") << r.out;
    EXPECT_EQ(j["rescan"].value("buckets_read", -1), expected_read) << r.out;
    for (const nlohmann::json& a : j.value("alerts", nlohmann::json::array())) {
      EXPECT_EQ(a.value("delivered", false), true) << r.out;
      EXPECT_EQ(a.value("account", ""), kMember) << r.out;
      EXPECT_TRUE(said.emplace(a.value("bucket", ""), a.value("what", "")).second) << r.out;
    }
    return said;
  }
};

TEST_F(MemberStateTest, TheFirstRunAnnouncesTheMembersPublicBucketsAndTheSecondNothing) {
  EXPECT_EQ(Reconcile("", 1, 2),
            (std::map<std::string, std::string>{{"a-public", "became_public"}, {"", "informational"}}));
  ASSERT_EQ(slack_.requests().size(), 2u);
  EXPECT_NE(slack_.requests()[0].body.find(kMember), std::string::npos) << slack_.requests()[0].body;
  EXPECT_EQ(slack_.requests()[0].body.find("could not be judged"), std::string::npos) << slack_.requests()[0].body;
  EXPECT_NE(slack_.requests()[1].body.find(std::string("bucketwatch now watches account ") + kMember +
                                           ": 1 public S3 bucket(s)"),
            std::string::npos)
      << slack_.requests()[1].body;
  EXPECT_EQ(s3_.RolesAssumed(),
            std::vector<std::string>{std::string("arn:aws:iam::") + kMember + ":role/bucketwatch-read"});

  EXPECT_TRUE(Reconcile("", 0, 2).empty());
  // A slice from the private bucket on: that one only, and nothing new to say.
  EXPECT_TRUE(Reconcile("b-private", 0, 1).empty());
  EXPECT_EQ(slack_.requests().size(), 2u);
}

}  // namespace
}  // namespace bucketwatch
