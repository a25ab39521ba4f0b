// The scheduled reconciliation ({"bucketwatch": "reconcile"}, the input of
// the template's schedule, docs/realtime.md) as whole `bucketwatch handle`
// processes against a real S3 implementation (Ceph RGW, the rgw fixture)
// and the state table on dynalite: the first run announces the buckets that
// are already public, a run with nothing changed announces nothing, and a
// bucket made public or closed between runs, without any event, is
// announced by the next run.
#include <gtest/gtest.h>
#include <nlohmann/json.hpp>
#include <unistd.h>

#include <fstream>
#include <map>
#include <string>
#include <vector>

#include "support/rgw_fixture.h"
#include "support/state_handle.h"

namespace bucketwatch {
namespace {

using testing::BucketwatchBinary;
using testing::CommandResult;
using testing::Dynalite;
using testing::NewRgwUser;
using testing::PublicPolicy;
using testing::Rgw;
using testing::RgwUser;
using testing::RunCommand;
using testing::S3AdminAs;
using testing::ShellQuote;
using testing::SlackStandIn;

// RGW answers no STS GetCallerIdentity, so the request names the account
// whose records it compares with (the input's optional "account").
constexpr const char* kRequest = R"({"bucketwatch": "reconcile", "account": "123456789012"})";

class StateReconcileTest : public ::testing::Test {
 protected:
  void SetUp() override {
    REQUIRE_RGW();
    if (!Dynalite().skip_reason.empty()) GTEST_SKIP() << Dynalite().skip_reason;
    // A user of its own for each test: the reconciliation reads every bucket it has.
    static int tests = 0;
    user_ = NewRgwUser("reconcile" + std::to_string(++tests));
    table_ = "bw-reconcile-" + std::to_string(getpid()) + "-" + std::to_string(tests);
    CommandResult init = RunCommand({BucketwatchBinary(), "state", "init", "--table", table_}, "", Env());
    ASSERT_EQ(init.exit_code, 0) << init.err << init.out;
  }

  std::vector<std::string> Env() const {
    std::map<std::string, std::string> vars = Rgw().env;
    for (const auto& [k, v] : user_.Keys()) vars[k] = v;
    std::vector<std::string> env;
    for (const auto& [k, v] : vars) env.push_back(k + "=" + v);
    for (const char* e :
         {"AWS_SESSION_TOKEN=", "AWS_PROFILE=", "AWS_CONFIG_FILE=/dev/null", "AWS_SHARED_CREDENTIALS_FILE=/dev/null",
          "AWS_EC2_METADATA_DISABLED=true", "AWS_MAX_ATTEMPTS=2", "AWS_REGION=us-east-1",
          "WEB_HOOK_URL=", "BUCKETWATCH_SLACK_MAX_ATTEMPTS=1", "BUCKETWATCH_LANG=en", "BUCKETWATCH_LOG_LEVEL=warn"}) {
      env.emplace_back(e);
    }
    env.push_back("AWS_ENDPOINT_URL_DYNAMODB=" + Dynalite().env.at("DYNALITE_ENDPOINT"));
    env.push_back("BUCKETWATCH_SLACK_WEBHOOK_URL=" + slack_.url());
    env.push_back("BUCKETWATCH_STATE_TABLE=" + table_);
    if (!allow_list_.empty()) env.push_back("BUCKETWATCH_ALLOW_LIST=" + allow_list_);
    return env;
  }

  // One scheduled run: bucket -> what was announced (and delivered).
  std::map<std::string, std::string> Reconcile(int expected_exit) {
    CommandResult r = RunCommand({BucketwatchBinary(), "handle", "-"}, kRequest, Env());
    EXPECT_EQ(r.exit_code, expected_exit) << r.out << r.err;
    auto j = nlohmann::json::parse(r.out, nullptr, false);
    EXPECT_FALSE(j.is_discarded()) << r.out << r.err;
    std::map<std::string, std::string> said;
    if (j.is_discarded()) return said;
    EXPECT_EQ(j.value("state", ""), "compared") << r.out;
    EXPECT_EQ(j["rescan"].value("buckets_read", -1), 4) << r.out;
    for (const nlohmann::json& a : j.value("alerts", nlohmann::json::array())) {
      EXPECT_EQ(a.value("delivered", false), true) << r.out;
      EXPECT_FALSE(a.contains("possible_repeat")) << r.out;
      EXPECT_TRUE(said.emplace(a.value("bucket", ""), a.value("what", "")).second) << r.out;
    }
    return said;
  }

  std::string Name(const std::string& what) const { return "bwr-" + std::to_string(getpid()) + "-" + what; }

  // Writes the allow-list file the runs read (BUCKETWATCH_ALLOW_LIST).
  void AllowList(const std::string& text) {
    allow_list_ = ::testing::TempDir() + "/reconcile-allow-" + std::to_string(getpid()) + ".toml";
    std::ofstream(allow_list_) << text;
  }

  RgwUser user_;
  SlackStandIn slack_;
  std::string table_;
  std::string allow_list_;
};

TEST_F(StateReconcileTest, AnnouncesWhatIsPublicOnceThenOnlyWhatChangedWithoutAnEvent) {
  const std::string acl = Name("acl"), policy = Name("policy"), closed = Name("closed"), later = Name("later");
  for (const std::string& b : {acl, policy, closed, later}) S3AdminAs(user_, "create " + b);
  S3AdminAs(user_, "acl " + acl + " public-read");
  S3AdminAs(user_, "policy " + policy + " " + ShellQuote(PublicPolicy(policy)));

  // The first run after deployment: what is already public, and one
  // summary of the account (its alert has no bucket).
  std::map<std::string, std::string> first = Reconcile(1);
  EXPECT_EQ(first, (std::map<std::string, std::string>{
                       {acl, "became_public"}, {policy, "became_public"}, {"", "informational"}}));
  ASSERT_EQ(slack_.requests().size(), 3u);
  EXPECT_NE(slack_.requests()[2].body.find(": 2 public S3 bucket(s)"), std::string::npos) << slack_.requests()[2].body;

  // Nothing changed: nothing said.
  EXPECT_TRUE(Reconcile(0).empty());
  EXPECT_EQ(slack_.requests().size(), 3u);

  // Made public with no event at all: the next run says so, and only that.
  S3AdminAs(user_, "policy " + later + " " + ShellQuote(PublicPolicy(later)));
  EXPECT_EQ(Reconcile(1), (std::map<std::string, std::string>{{later, "became_public"}}));
  ASSERT_EQ(slack_.requests().size(), 4u);
  EXPECT_NE(slack_.requests()[3].body.find(later), std::string::npos);

  // Closed with no event: fixed.
  S3AdminAs(user_, "acl " + acl + " private");
  EXPECT_EQ(Reconcile(0), (std::map<std::string, std::string>{{acl, "fixed"}}));  // nothing needs action
  EXPECT_EQ(slack_.requests().size(), 5u);
  for (const SlackStandIn::Request& r : slack_.requests()) EXPECT_EQ(r.body.find(":repeat:"), std::string::npos);
}

// A bucket public only as the allow-list permits is not announced by the
// reconciliation (read by the scan engine, which matches the list); when its
// entry has expired, the next run announces it.
TEST_F(StateReconcileTest, ABucketTheAllowListPermitsIsAnnouncedOnlyOnceItsEntryExpired) {
  const std::string www = Name("www"), data = Name("data"), a = Name("a"), b = Name("b");
  for (const std::string& x : {www, data, a, b}) S3AdminAs(user_, "create " + x);
  S3AdminAs(user_, "acl " + www + " public-read");
  S3AdminAs(user_, "policy " + data + " " + ShellQuote(PublicPolicy(data)));
  const std::string entry =
      "[[allow]]\nbucket = \"" + www + "\"\nreason = \"static website\"\naccess = [\"read\", \"list\"]\n";
  AllowList(entry);

  EXPECT_EQ(Reconcile(1), (std::map<std::string, std::string>{{data, "became_public"}, {"", "informational"}}));
  ASSERT_EQ(slack_.requests().size(), 2u);
  EXPECT_NE(slack_.requests()[1].body.find(": 1 public S3 bucket(s)"), std::string::npos) << slack_.requests()[1].body;
  EXPECT_EQ(slack_.requests()[0].body.find(www), std::string::npos);

  AllowList(entry + "expires = 2026-01-01\n");
  EXPECT_EQ(Reconcile(1), (std::map<std::string, std::string>{{www, "became_public"}}));
  EXPECT_TRUE(Reconcile(0).empty());
}

}  // namespace
}  // namespace bucketwatch
