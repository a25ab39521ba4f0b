// `bucketwatch handle` with BUCKETWATCH_STATE_TABLE, as whole processes,
// against a real DynamoDB-API server (dynalite, tests/dynalite, started by
// the dynalite fixture), a FakeS3 for the bucket's live state and a Slack
// stand-in: only transitions are announced; of 20 processes handling the
// same call at once exactly one posts; a Slack failure fails the process and
// the retry posts the alert marked as a possible repeat; a table that cannot
// be reached does not silence the alert.
#include "support/state_handle.h"

#include <gtest/gtest.h>

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

}  // namespace
}  // namespace bucketwatch
