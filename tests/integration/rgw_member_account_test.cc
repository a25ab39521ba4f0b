// One central deployment for an organization against a real S3
// implementation: the function of account A (`bucketwatch lambda` with a
// stand-in Runtime API, BUCKETWATCH_ACCOUNT_ID = A and a member role name)
// handles events of several accounts in one run, with Ceph RGW (the rgw
// fixture's gateway with STS on, RGW_STS_ENDPOINT) as S3 and as STS.
// Accounts are RGW tenants, each with a user of its own
// (support/rgw_fixture.h): B has the member role, trusting A's user, and a
// public and a private bucket; C has no role; D has one that trusts
// somebody else.
//
// What proves B's buckets were read with the assumed role's session: RGW
// names a bucket within the caller's tenant, so A's own keys do not see B's
// buckets at all ("no longer exists", nothing to announce); only the
// session RGW's STS handed out for B's role, a real session token RGW
// checks, sees them and lets the public one be judged public. The control
// at the start shows the first half with the same binary and event.
//
// RGW serves no S3 Control: the account-level Block Public Access of every
// account is unknown here, as in the other RGW tests (docs/sources.md,
// "Ceph RGW as a test stand-in").
#include <gtest/gtest.h>
#include <nlohmann/json.hpp>
#include <unistd.h>

#include <map>
#include <string>
#include <vector>

#include "standins/runtime_api_standin.h"
#include "standins/slack_standin.h"
#include "support/rgw_fixture.h"
#include "support/run_command.h"
#include "support/s3_call_event.h"

namespace bucketwatch {
namespace {

using Json = nlohmann::json;
using testing::BucketwatchBinary;
using testing::CommandResult;
using testing::NewRgwRole;
using testing::NewRgwUser;
using testing::Rgw;
using testing::RgwUser;
using testing::RunCommand;
using testing::RuntimeApiStandIn;
using testing::S3AdminAs;
using testing::ShellQuote;
using testing::SlackStandIn;

constexpr const char* kRole = "bucketwatch-read";

// A 12-digit account id of this test process: the fixture is shared by
// the tests of every target, and a tenant's roles and buckets stay.
std::string Account(char first) {
  char id[16];
  std::snprintf(id, sizeof id, "%c%03d%08d", first, 0, static_cast<int>(getpid() % 100000000));
  return id;
}

std::string PublicPolicy(const std::string& bucket) {
  return R"({"Version":"2012-10-17","Statement":[{"Sid":"Open","Effect":"Allow","Principal":"*",)"
         R"("Action":"s3:GetObject","Resource":"arn:aws:s3:::)" +
         bucket + R"(/*"}]})";
}

// Readable by one named account only: private.
std::string PartnerPolicy(const std::string& bucket) {
  return R"({"Version":"2012-10-17","Statement":[{"Sid":"Partner","Effect":"Allow",)"
         R"("Principal":{"AWS":"arn:aws:iam::210987654321:root"},"Action":"s3:GetObject",)"
         R"("Resource":"arn:aws:s3:::)" +
         bucket + R"(/*"}]})";
}

class RgwMemberAccountTest : public ::testing::Test {
 protected:
  void SetUp() override {
    REQUIRE_RGW();
    central_ = NewRgwUser("central", a_);
    RgwUser member = NewRgwUser("member", b_);
    NewRgwRole(b_, kRole, central_);
    S3AdminAs(member, "create " + b_public_);
    S3AdminAs(member, "policy " + b_public_ + " " + ShellQuote(PublicPolicy(b_public_)));
    S3AdminAs(member, "create " + b_private_);
    S3AdminAs(member, "policy " + b_private_ + " " + ShellQuote(PartnerPolicy(b_private_)));
    S3AdminAs(central_, "create " + a_public_);
    S3AdminAs(central_, "policy " + a_public_ + " " + ShellQuote(PublicPolicy(a_public_)));
    // D's role exists but trusts a user that is not the function's.
    NewRgwRole(d_, kRole, NewRgwUser("stranger", Account('9')));
  }

  // The function's environment: A's keys, the gateway with STS for S3 and
  // STS alike (it must check the session tokens it handed out), nothing
  // from the caller's AWS setup.
  std::vector<std::string> Env(const std::string& own_account) const {
    std::map<std::string, std::string> vars = Rgw().env;
    for (const auto& [k, v] : central_.Keys()) vars[k] = v;
    vars.insert_or_assign("AWS_ENDPOINT_URL", Rgw().env.at("RGW_STS_ENDPOINT"));
    vars.insert_or_assign("AWS_SESSION_TOKEN", "");
    vars.insert_or_assign("AWS_PROFILE", "");
    vars.insert_or_assign("AWS_CONFIG_FILE", "/dev/null");
    vars.insert_or_assign("AWS_SHARED_CREDENTIALS_FILE", "/dev/null");
    vars.insert_or_assign("AWS_EC2_METADATA_DISABLED", "true");
    vars.insert_or_assign("AWS_REGION", "us-east-1");
    vars.insert_or_assign("AWS_MAX_ATTEMPTS", "2");
    vars.insert_or_assign("BUCKETWATCH_ACCOUNT_ID", own_account);
    vars.insert_or_assign("BUCKETWATCH_MEMBER_ROLE", kRole);
    vars.insert_or_assign("BUCKETWATCH_MEMBER_EXTERNAL_ID", "");
    vars.insert_or_assign("BUCKETWATCH_STATE_TABLE", "");
    vars.insert_or_assign("BUCKETWATCH_SLACK_WEBHOOK_URL", slack_.url());
    vars.insert_or_assign("WEB_HOOK_URL", "");
    vars.insert_or_assign("BUCKETWATCH_SLACK_MAX_ATTEMPTS", "1");
    vars.insert_or_assign("BUCKETWATCH_LANG", "en");
    vars.insert_or_assign("BUCKETWATCH_LOG_LEVEL", "info");
    std::vector<std::string> env;
    for (const auto& [k, v] : vars) env.push_back(k + "=" + v);
    return env;
  }

  static std::string Call(const std::string& id, const std::string& account, const std::string& bucket) {
    return testing::S3CallEvent({.id = id, .account = account, .bucket = bucket});
  }

  // The Slack message about `bucket` (its plain-text fallback); "" when none.
  std::string MessageAbout(const std::string& bucket) const {
    std::string found;
    for (const SlackStandIn::Request& r : slack_.requests()) {
      std::string text = Json::parse(r.body).value("text", "");
      if (text.find(bucket) != std::string::npos) {
        EXPECT_TRUE(found.empty()) << "two messages about " << bucket;
        found = r.body;
      }
    }
    return found;
  }

  const std::string a_ = Account('1'), b_ = Account('4'), c_ = Account('7'), d_ = Account('5');
  const std::string tag_ = std::to_string(getpid());
  const std::string b_public_ = "bwx-" + tag_ + "-b-public", b_private_ = "bwx-" + tag_ + "-b-private",
                    a_public_ = "bwx-" + tag_ + "-a-public";
  RgwUser central_;
  SlackStandIn slack_;
};

TEST_F(RgwMemberAccountTest, EachAccountIsReadWithItsOwnCredentialsAndARoleThatCannotBeAssumedIsNeverPrivate) {
  // The control: with A's own keys (the function told B is its own account,
  // so no role is assumed) B's public bucket is not even seen.
  CommandResult own =
      RunCommand({BucketwatchBinary(), "handle", "--dry-run", "-"}, Call("control", b_, b_public_), Env(b_));
  EXPECT_EQ(own.exit_code, 0) << own.err << own.out;
  EXPECT_NE(own.err.find("the bucket no longer exists"), std::string::npos) << own.err;
  EXPECT_EQ(own.err.find("aws.member_role_assumed"), std::string::npos) << own.err;

  RuntimeApiStandIn api;
  api.Push({"r-b-public", Call("b-public", b_, b_public_)});
  api.Push({"r-b-private", Call("b-private", b_, b_private_)});
  api.Push({"r-c", Call("c", c_, "bwx-" + tag_ + "-c")});
  api.Push({"r-d", Call("d", d_, "bwx-" + tag_ + "-d")});
  api.Push({"r-a", Call("a", a_, a_public_)});
  std::vector<std::string> env = Env(a_);
  env.push_back("AWS_LAMBDA_RUNTIME_API=" + api.host_port());
  CommandResult r = RunCommand({BucketwatchBinary(), "lambda"}, "", env);
  EXPECT_EQ(r.exit_code, 1) << r.err;  // the stand-in's 500 on /next once the queue is empty
  std::vector<RuntimeApiStandIn::Answer> answers = api.answers();
  ASSERT_EQ(answers.size(), 5u) << r.err;
  for (const RuntimeApiStandIn::Answer& a : answers) EXPECT_EQ(a.kind, "response") << a.request_id << ": " << a.body;

  // B's public bucket: read with the session of B's role, judged public.
  std::string b_public = MessageAbout(b_public_);
  EXPECT_NE(b_public.find("S3 bucket is public"), std::string::npos) << b_public << r.err;
  EXPECT_NE(b_public.find("statement 0"), std::string::npos) << b_public;  // the live policy, as read
  EXPECT_NE(b_public.find("Open"), std::string::npos) << b_public;         // its Sid
  EXPECT_NE(b_public.find(b_), std::string::npos) << b_public;
  EXPECT_EQ(b_public.find("could not be judged"), std::string::npos) << b_public;

  // B's private bucket, through the same session: judged, and not public.
  std::string b_private = MessageAbout(b_private_);
  EXPECT_NE(b_private.find("access settings changed"), std::string::npos) << b_private << r.err;
  EXPECT_NE(b_private.find("*Other accounts*: read objects"), std::string::npos) << b_private;  // its policy, as read
  EXPECT_EQ(b_private.find("is public"), std::string::npos) << b_private;
  EXPECT_EQ(b_private.find("could not be judged"), std::string::npos) << b_private;
  EXPECT_EQ(b_private.find("no longer exists"), std::string::npos) << b_private;

  // One AssumeRole for B's two events; none for A, whose bucket is read with its own keys.
  const std::string b_role = "arn:aws:iam::" + b_ + ":role/" + kRole;
  size_t assumed = r.err.find("aws.member_role_assumed");
  ASSERT_NE(assumed, std::string::npos) << r.err;
  EXPECT_EQ(r.err.find("aws.member_role_assumed", assumed + 1), std::string::npos) << r.err;
  EXPECT_NE(r.err.find(b_role, assumed), std::string::npos) << r.err;
  std::string a_public = MessageAbout(a_public_);
  EXPECT_NE(a_public.find("S3 bucket is public"), std::string::npos) << a_public << r.err;
  EXPECT_EQ(a_public.find("could not be judged"), std::string::npos) << a_public;

  // C has no such role, D's refuses A: "could not be judged", naming the
  // role and the account and what STS answered; never "private".
  for (const auto& [account, answer] : {std::pair{c_, "NoSuchEntity"}, std::pair{d_, "AccessDenied"}}) {
    std::string text = MessageAbout("bwx-" + tag_ + "-" + (account == c_ ? "c" : "d"));
    const std::string role = "arn:aws:iam::" + account + ":role/" + kRole;
    EXPECT_NE(text.find("could not be judged"), std::string::npos) << text;
    EXPECT_NE(text.find("cannot assume role " + role + " in account " + account), std::string::npos) << text;
    EXPECT_NE(text.find(answer), std::string::npos) << text;
    EXPECT_EQ(text.find("private"), std::string::npos) << text;
    EXPECT_EQ(text.find("no longer exists"), std::string::npos) << text;
  }
  EXPECT_EQ(slack_.requests().size(), 5u);
}

}  // namespace
}  // namespace bucketwatch
