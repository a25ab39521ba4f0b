// A member account's scheduled reconciliation in a central deployment,
// compared with the state table: whole `bucketwatch handle` processes with
// the central account's keys and a member role name, Ceph RGW (the rgw
// fixture's gateway with STS on) as S3 and STS, and the table on dynalite.
// The member account is an RGW tenant whose role trusts the central user
// (support/rgw_fixture.h); only the session RGW's STS hands out for that
// role sees the member's buckets, so what is announced was read through it.
//
// The first run announces the member's public bucket and one summary of the
// account; a second run with nothing changed announces nothing; a slice of
// the account ("from", as a run too long for one invocation hands on its
// rest; docs/realtime.md) reads only the buckets from that name on, through
// the role as well, and announces nothing already said.
#include <gtest/gtest.h>
#include <nlohmann/json.hpp>
#include <unistd.h>

#include <map>
#include <string>
#include <vector>

#include "support/rgw_fixture.h"
#include "support/state_handle.h"

namespace bucketwatch {
namespace {

using Json = nlohmann::json;
using testing::BucketwatchBinary;
using testing::CommandResult;
using testing::Dynalite;
using testing::NewRgwRole;
using testing::NewRgwUser;
using testing::PublicPolicy;
using testing::Rgw;
using testing::RgwUser;
using testing::RunCommand;
using testing::S3AdminAs;
using testing::ShellQuote;
using testing::SlackStandIn;

constexpr const char* kRole = "bucketwatch-read";

// 12-digit account ids of this test process (the fixture's tenants stay).
std::string Account(char first) {
  char id[16];
  std::snprintf(id, sizeof id, "%c%03d%08d", first, 2, static_cast<int>(getpid() % 100000000));
  return id;
}

class RgwMemberStateTest : public ::testing::Test {
 protected:
  void SetUp() override {
    REQUIRE_RGW();
    if (!Dynalite().skip_reason.empty()) GTEST_SKIP() << Dynalite().skip_reason;
    central_ = NewRgwUser("state-central", central_account_);
    RgwUser member = NewRgwUser("state-member", member_account_);
    NewRgwRole(member_account_, kRole, central_);
    S3AdminAs(member, "create " + public_);
    S3AdminAs(member, "policy " + public_ + " " + ShellQuote(PublicPolicy(public_)));
    S3AdminAs(member, "create " + private_);
    table_ = "bw-member-state-" + std::to_string(getpid());
    CommandResult init = RunCommand({BucketwatchBinary(), "state", "init", "--table", table_}, "", Env());
    ASSERT_EQ(init.exit_code, 0) << init.err << init.out;
  }

  // The central function's environment: its keys, the gateway with STS for
  // S3 and STS alike, the member role's name, the table; not in Lambda.
  std::vector<std::string> Env() const {
    std::map<std::string, std::string> vars = Rgw().env;
    for (const auto& [k, v] : central_.Keys()) vars[k] = v;
    vars.insert_or_assign("AWS_ENDPOINT_URL", Rgw().env.at("RGW_STS_ENDPOINT"));
    vars.insert_or_assign("AWS_ENDPOINT_URL_DYNAMODB", Dynalite().env.at("DYNALITE_ENDPOINT"));
    for (const char* unset : {"AWS_SESSION_TOKEN", "AWS_PROFILE", "WEB_HOOK_URL", "BUCKETWATCH_MEMBER_EXTERNAL_ID",
                              "AWS_LAMBDA_FUNCTION_NAME", "BUCKETWATCH_ALLOW_LIST"}) {
      vars.insert_or_assign(unset, "");
    }
    vars.insert_or_assign("AWS_CONFIG_FILE", "/dev/null");
    vars.insert_or_assign("AWS_SHARED_CREDENTIALS_FILE", "/dev/null");
    vars.insert_or_assign("AWS_EC2_METADATA_DISABLED", "true");
    vars.insert_or_assign("AWS_REGION", "us-east-1");
    vars.insert_or_assign("AWS_MAX_ATTEMPTS", "2");
    vars.insert_or_assign("BUCKETWATCH_ACCOUNT_ID", central_account_);
    vars.insert_or_assign("BUCKETWATCH_MEMBER_ROLE", kRole);
    vars.insert_or_assign("BUCKETWATCH_STATE_TABLE", table_);
    vars.insert_or_assign("BUCKETWATCH_SLACK_WEBHOOK_URL", slack_.url());
    vars.insert_or_assign("BUCKETWATCH_SLACK_MAX_ATTEMPTS", "1");
    vars.insert_or_assign("BUCKETWATCH_LANG", "en");
    vars.insert_or_assign("BUCKETWATCH_LOG_LEVEL", "info");
    std::vector<std::string> env;
    for (const auto& [k, v] : vars) env.push_back(k + "=" + v);
    return env;
  }

  // One reconciliation of the member account: bucket -> what was announced
  // ("" for the account's summary), each delivered.
  std::map<std::string, std::string> Reconcile(const std::string& from, int expected_exit, int expected_read) {
    std::string request = R"({"bucketwatch": "reconcile", "account": ")" + member_account_ + "\"";
    if (!from.empty()) request += R"(, "from": ")" + from + "\"";
    CommandResult r = RunCommand({BucketwatchBinary(), "handle", "-"}, request + "}", Env());
    EXPECT_EQ(r.exit_code, expected_exit) << r.out << r.err;
    EXPECT_NE(r.err.find("aws.member_role_assumed"), std::string::npos) << r.err;
    Json j = Json::parse(r.out, nullptr, false);
    std::map<std::string, std::string> said;
    if (j.is_discarded()) {
      ADD_FAILURE() << r.out << r.err;
      return said;
    }
    EXPECT_EQ(j.value("state", ""), "compared") << r.out;
    EXPECT_EQ(j["rescan"].value("buckets_read", -1), expected_read) << r.out;
    EXPECT_EQ(j["rescan"].value("account", ""), member_account_) << r.out;
    for (const Json& a : j.value("alerts", Json::array())) {
      EXPECT_EQ(a.value("delivered", false), true) << r.out;
      EXPECT_EQ(a.value("account", ""), member_account_) << r.out;
      EXPECT_TRUE(said.emplace(a.value("bucket", ""), a.value("what", "")).second) << r.out;
    }
    return said;
  }

  const std::string central_account_ = Account('1'), member_account_ = Account('4');
  const std::string tag_ = std::to_string(getpid());
  // "…-a-public" sorts before "…-b-private": a slice from the second leaves the first out.
  const std::string public_ = "bwm-" + tag_ + "-a-public", private_ = "bwm-" + tag_ + "-b-private";
  RgwUser central_;
  SlackStandIn slack_;
  std::string table_;
};

TEST_F(RgwMemberStateTest, TheFirstRunAnnouncesTheMembersPublicBucketsAndTheSecondNothing) {
  std::map<std::string, std::string> first = Reconcile("", 1, 2);
  EXPECT_EQ(first, (std::map<std::string, std::string>{{public_, "became_public"}, {"", "informational"}}));
  ASSERT_EQ(slack_.requests().size(), 2u);
  const std::string& alert = slack_.requests()[0].body;
  EXPECT_NE(alert.find(public_), std::string::npos) << alert;
  EXPECT_NE(alert.find(member_account_), std::string::npos) << alert;
  EXPECT_EQ(alert.find("could not be judged"), std::string::npos) << alert;
  const std::string& summary = slack_.requests()[1].body;
  EXPECT_NE(summary.find("bucketwatch now watches account " + member_account_ + ": 1 public S3 bucket(s)"),
            std::string::npos)
      << summary;

  EXPECT_TRUE(Reconcile("", 0, 2).empty());
  EXPECT_EQ(slack_.requests().size(), 2u);

  // A slice from the private bucket on: that one only, nothing new to say.
  EXPECT_TRUE(Reconcile(private_, 0, 1).empty());
  EXPECT_EQ(slack_.requests().size(), 2u);
}

}  // namespace
}  // namespace bucketwatch
