// Member-account roles against a loopback STS stand-in (real HTTP, real
// SigV4, the documented AssumeRole answers of tests/data/api/sts): one
// AssumeRole per account and credential lifetime, signed with the central
// credentials; refusals are clear errors, remembered for a while;
// unreachable STS is not remembered.
#include "aws/account_roles.h"

#include <gtest/gtest.h>

#include <atomic>
#include <thread>

#include "aws/timestamp.h"
#include "loopback_aws.h"
#include "standins/loopback_server.h"
#include "test_files.h"

namespace bucketwatch::aws {
namespace {

using bucketwatch::testing::LoopbackServer;

const Clock::time_point kStart = ParseIso8601("2026-11-28T20:00:00Z").value();
constexpr std::string_view kMember = "210987654321";
constexpr std::string_view kRefusing = "333344445555";

// STS that lets the central key assume bucketwatch-read in kMember only, with
// the right external id; each answer's credentials expire an hour after the
// test clock's time.
struct MemberSts {
  LoopbackServer server;
  std::mutex mu;
  std::vector<std::string> bodies, signing_keys;
  std::atomic<int> status_override{0};
  std::atomic<long long>* clock_seconds;

  explicit MemberSts(std::atomic<long long>* clock) : clock_seconds(clock) {
    server.server().Post("/", [this](const httplib::Request& req, httplib::Response& res) {
      std::lock_guard lock(mu);
      bodies.push_back(req.body);
      signing_keys.push_back(testing::ScopeKey(req));
      if (status_override != 0) {
        res.status = status_override;
        res.set_content(
            "<ErrorResponse><Error><Code>ServiceUnavailable</Code><Message>try later</Message></Error>"
            "</ErrorResponse>",
            "text/xml");
        return;
      }
      bool allowed = req.body.find("arn%3Aaws%3Aiam%3A%3A" + std::string(kMember) + "%3Arole%2Fbucketwatch-read") !=
                         std::string::npos &&
                     req.body.find("ExternalId=org-7f3c") != std::string::npos;
      if (!allowed) {
        res.status = 403;
        res.set_content(testing::ReadData("api/sts/AccessDenied.403.xml"), "text/xml");
        return;
      }
      std::string xml = testing::ReadData("api/sts/AssumeRole.response.xml");
      std::string key = "ASIAMEMBER000000000" + std::to_string(bodies.size() % 10);
      xml.replace(xml.find("ASIAIOSFODNN7EXAMPLE"), 20, key);
      Clock::time_point expiry = Clock::time_point(std::chrono::seconds(clock_seconds->load())) + std::chrono::hours(1);
      size_t e = xml.find("2026-11-28T23:00:00Z");
      xml.replace(e, 20, FormatIso8601(expiry));
      res.set_content(xml, "text/xml");
    });
    server.Start();
  }
  size_t calls() {
    std::lock_guard lock(mu);
    return bodies.size();
  }
};

class AccountRolesTest : public ::testing::Test {
 protected:
  void SetUp() override {
    clock_ = std::chrono::duration_cast<std::chrono::seconds>(kStart.time_since_epoch()).count();
    sts_ = std::make_unique<MemberSts>(&clock_);
    ClientConfig config;
    config.region = "ap-northeast-1";
    config.max_attempts = 1;
    config.timeout = std::chrono::milliseconds(2000);
    config.sts_endpoint = config.s3_endpoint = config.s3control_endpoint = ParseEndpointUrl(sts_->server.url()).value();
    Hooks hooks;
    hooks.now = [this] { return Clock::time_point(std::chrono::seconds(clock_.load())); };
    hooks.sleep = [](std::chrono::milliseconds) {};
    base_ = std::make_shared<AwsContext>(config, std::make_unique<StaticCredentialsProvider>(testing::kTestCredentials),
                                         hooks);
  }
  AccountRoles Roles() {
    return AccountRoles(base_, {.name = "bucketwatch-read", .external_id = "org-7f3c"}, "111122223333");
  }

  std::atomic<long long> clock_{0};
  std::unique_ptr<MemberSts> sts_;
  std::shared_ptr<AwsContext> base_;
};

TEST_F(AccountRolesTest, TheOwnAccountIsReadWithTheBaseCredentials) {
  AccountRoles roles = Roles();
  auto ctx = roles.For("111122223333");
  ASSERT_TRUE(ctx.ok());
  EXPECT_EQ(ctx->get(), base_.get());
  EXPECT_EQ(sts_->calls(), 0u);
}

TEST_F(AccountRolesTest, AMemberRoleIsAssumedOnceWithTheCentralKeyAndKeptUntilItExpires) {
  AccountRoles roles = Roles();
  auto ctx = roles.For(kMember);
  ASSERT_TRUE(ctx.ok()) << ctx.status().ToString();
  ASSERT_EQ(sts_->calls(), 1u);
  EXPECT_EQ(sts_->signing_keys[0], testing::kTestCredentials.access_key_id);
  EXPECT_NE(sts_->bodies[0].find("Action=AssumeRole"), std::string::npos);
  EXPECT_NE(sts_->bodies[0].find("RoleSessionName=bucketwatch"), std::string::npos);
  EXPECT_EQ((*ctx)->config().account_id, kMember);
  auto creds = (*ctx)->credentials().Fetch();
  ASSERT_TRUE(creds.ok());
  EXPECT_EQ(creds->access_key_id, "ASIAMEMBER0000000001");
  EXPECT_NE(creds->source.find("role arn:aws:iam::210987654321:role/bucketwatch-read"), std::string::npos);

  // Later reads of the same account: the same context, no new AssumeRole.
  for (int i = 0; i < 5; ++i) {
    auto again = roles.For(kMember);
    ASSERT_TRUE(again.ok());
    EXPECT_EQ(again->get(), ctx->get());
    ASSERT_TRUE((*again)->credentials().Fetch().ok());
  }
  EXPECT_EQ(sts_->calls(), 1u);

  // 55 minutes on, the credentials are within the refresh window: assumed again.
  clock_ += 55 * 60;
  auto refreshed = (*roles.For(kMember))->credentials().Fetch();
  ASSERT_TRUE(refreshed.ok()) << refreshed.status().ToString();
  EXPECT_EQ(sts_->calls(), 2u);
  EXPECT_EQ(refreshed->access_key_id, "ASIAMEMBER0000000002");
}

TEST_F(AccountRolesTest, ARefusedRoleIsAClearErrorRememberedForAMinute) {
  AccountRoles roles = Roles();
  auto denied = roles.For(kRefusing);
  ASSERT_FALSE(denied.ok());
  EXPECT_EQ(denied.status().code(), StatusCode::kPermissionDenied);
  EXPECT_EQ(denied.status().message().rfind("cannot assume role arn:aws:iam::333344445555:role/bucketwatch-read in "
                                            "account 333344445555: ",
                                            0),
            0u)
      << denied.status().message();
  EXPECT_NE(denied.status().message().find("403 AccessDenied: User: "), std::string::npos) << denied.status().message();
  EXPECT_EQ(denied.status().message().find(testing::kTestCredentials.secret_access_key), std::string::npos);
  EXPECT_EQ(sts_->calls(), 1u);

  clock_ += 30;
  auto still = roles.For(kRefusing);
  ASSERT_FALSE(still.ok());
  EXPECT_EQ(still.status().message(), denied.status().message());
  EXPECT_EQ(sts_->calls(), 1u);  // remembered

  clock_ += 31;
  EXPECT_FALSE(roles.For(kRefusing).ok());
  EXPECT_EQ(sts_->calls(), 2u);  // asked again after a minute

  // A wrong external id is refused too (the trust policy's condition).
  AccountRoles wrong_id(base_, {.name = "bucketwatch-read", .external_id = "guess"});
  auto w = wrong_id.For(kMember);
  ASSERT_FALSE(w.ok());
  EXPECT_NE(w.status().message().find("cannot assume role arn:aws:iam::210987654321:role/bucketwatch-read"),
            std::string::npos);
}

TEST_F(AccountRolesTest, AnUnreachableStsIsNotRemembered) {
  AccountRoles roles = Roles();
  sts_->status_override = 503;
  auto down = roles.For(kMember);
  ASSERT_FALSE(down.ok());
  EXPECT_EQ(down.status().code(), StatusCode::kUnavailable) << down.status().ToString();
  sts_->status_override = 0;
  auto up = roles.For(kMember);
  ASSERT_TRUE(up.ok()) << up.status().ToString();
  EXPECT_EQ(sts_->calls(), 2u);
}

TEST_F(AccountRolesTest, ManyThreadsAskingForOneAccountCauseOneAssumeRole) {
  AccountRoles roles = Roles();
  std::vector<std::thread> threads;
  std::atomic<int> ok{0};
  for (int i = 0; i < 8; ++i) {
    threads.emplace_back([&] {
      if (roles.For(kMember).ok()) ++ok;
    });
  }
  for (auto& t : threads) t.join();
  EXPECT_EQ(ok.load(), 8);
  EXPECT_EQ(sts_->calls(), 1u);
}

TEST_F(AccountRolesTest, BadAccountsAndMissingSettingsAreErrors) {
  AccountRoles roles = Roles();
  EXPECT_EQ(roles.For("12345").status().code(), StatusCode::kInvalidInput);
  EXPECT_EQ(roles.For("21098765432x").status().code(), StatusCode::kInvalidInput);
  AccountRoles no_role(base_, {}, "111122223333");
  auto r = no_role.For(kMember);
  ASSERT_FALSE(r.ok());
  EXPECT_NE(r.status().message().find("no member role name is configured"), std::string::npos);
  EXPECT_EQ(sts_->calls(), 0u);
}

TEST(AccountRoles, TheRoleArnFollowsThePartitionOfTheRegion) {
  for (auto [region, partition] : std::vector<std::pair<std::string, std::string>>{
           {"ap-northeast-1", "aws"}, {"cn-north-1", "aws-cn"}, {"us-gov-west-1", "aws-us-gov"}}) {
    auto ctx = testing::LoopbackContext("http://127.0.0.1:9", nullptr, {.region = region});
    AccountRoles roles(ctx, {.name = "bucketwatch-read"});
    EXPECT_EQ(roles.RoleArn("210987654321"), "arn:" + partition + ":iam::210987654321:role/bucketwatch-read");
  }
}

}  // namespace
}  // namespace bucketwatch::aws
