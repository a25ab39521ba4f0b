// The scan engine (src/scan/scanner.h) against FakeS3, a loopback stand-in
// for S3, S3 Control, STS and Organizations with AWS's wire shapes
// (docs/sources.md, "S3 bucket calls"): a mix of public, private,
// cross-account and broken buckets; each bucket read in its own region
// (docs/sources.md, "S3 regions and redirects"); faults that real S3 produces
// and RGW cannot (AccessDenied on one call, a bucket deleted after listing,
// SlowDown storms, a region that does not answer; docs/sources.md, "Retries");
// and several accounts reached through STS AssumeRole, one of them refused
// (docs/sources.md, "STS").
#include "scan/scanner.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <atomic>
#include <map>
#include <mutex>
#include <set>
#include <thread>

#include "aws/organizations_client.h"
#include "report/verdict_json.h"
#include "scan_fixture.h"

namespace bucketwatch::scan {
namespace {

using bucketwatch::testing::FakeAnswer;
using bucketwatch::testing::FakeBucket;
using bucketwatch::testing::FakeCall;
using bucketwatch::testing::FakeS3;
using exposure::AccessKind;
using exposure::Scope;
using testing::AccountReadPolicy;
using testing::Find;
using testing::PublicReadPolicy;
using testing::ScanFixture;

constexpr const char* kAccount = "111122223333";
constexpr const char* kKey = "AKIDACCOUNTA00000001";

void MixedAccount(FakeS3& s3) {
  s3.AddAccount(kAccount, kKey);
  s3.AddBucket(kAccount, "site", FakeBucket{.region = "ap-northeast-1", .policy = PublicReadPolicy("site")});
  s3.AddBucket(kAccount, "listing",
               FakeBucket{.region = "eu-west-1", .acl_grants = {"AllUsers:READ"}, .ownership = ""});
  s3.AddBucket(kAccount, "partner", FakeBucket{.policy = AccountReadPolicy("partner", "444455556666")});
  s3.AddBucket(kAccount, "private", FakeBucket{});
  // ACLs disabled: the AllUsers grant has no effect.
  s3.AddBucket(kAccount, "acl-disabled", FakeBucket{.acl_grants = {"AllUsers:READ"}});
  // Block Public Access neutralises the public policy.
  s3.AddBucket(kAccount, "blocked", FakeBucket{.policy = PublicReadPolicy("blocked"), .public_access_block = "1111"});
}

TEST(Scanner, JudgesEveryBucketOfAMixedAccount) {
  ScanFixture f;
  MixedAccount(f.s3);
  std::vector<std::pair<std::string, std::string>> regions;  // bucket, region of its GetBucketAcl
  std::mutex mu;
  f.s3.SetFault([&](const FakeCall& c) -> std::optional<FakeAnswer> {
    if (c.operation == "GetBucketAcl") {
      std::lock_guard lock(mu);
      regions.emplace_back(c.bucket, c.region);
    }
    return std::nullopt;
  });
  ScanReport r = f.Run(f.Context(kKey));

  ASSERT_EQ(r.buckets.size(), 6u);
  EXPECT_EQ(r.accounts.size(), 1u);
  EXPECT_EQ(r.accounts[0].account_id, kAccount);  // learnt from STS GetCallerIdentity
  EXPECT_EQ(Find(r, "site")->standing, Standing::kPublic);
  EXPECT_EQ(Find(r, "site")->Access(AccessKind::kRead), Scope::kPublic);
  EXPECT_EQ(Find(r, "site")->region, "ap-northeast-1");
  ASSERT_EQ(Find(r, "site")->causes.size(), 1u);
  EXPECT_EQ(Find(r, "site")->causes[0].location, "Statement[0] (Sid \"PublicRead\")");
  EXPECT_EQ(Find(r, "site")->causes[0].sid, "PublicRead");
  EXPECT_EQ(Find(r, "site")->causes[0].actions, (std::vector<std::string>{"s3:GetObject"}));
  EXPECT_EQ(Find(r, "listing")->standing, Standing::kPublic);
  EXPECT_EQ(Find(r, "listing")->Access(AccessKind::kList), Scope::kPublic);
  EXPECT_EQ(Find(r, "partner")->standing, Standing::kCrossAccount);
  EXPECT_EQ(Find(r, "partner")->causes[0].account, "444455556666");
  EXPECT_EQ(Find(r, "private")->standing, Standing::kPrivate);
  EXPECT_TRUE(Find(r, "private")->causes.empty());
  EXPECT_EQ(Find(r, "acl-disabled")->standing, Standing::kPrivate);
  EXPECT_EQ(Find(r, "blocked")->standing, Standing::kPrivate);
  for (const BucketResult& b : r.buckets) {
    EXPECT_EQ(b.account, kAccount);
    EXPECT_TRUE(b.verdict_json.empty());  // not asked for: not kept
    EXPECT_TRUE(b.error.empty()) << b.error;
  }

  EXPECT_EQ(r.summary.scanned, 6u);
  EXPECT_EQ(r.summary.public_buckets, 2u);
  EXPECT_EQ(r.summary.cross_account, 1u);
  EXPECT_EQ(r.summary.private_buckets, 3u);
  EXPECT_EQ(r.summary.unknown, 0u);
  EXPECT_EQ(r.summary.errors, 0u);
  // Each bucket's calls are signed for its own region (docs/sources.md, "S3 regions and redirects").
  std::set<std::pair<std::string, std::string>> seen(regions.begin(), regions.end());
  EXPECT_TRUE(seen.count({"site", "ap-northeast-1"}));
  EXPECT_TRUE(seen.count({"listing", "eu-west-1"}));
  EXPECT_TRUE(seen.count({"private", "us-east-1"}));
  // Without --cross-check, GetBucketPolicyStatus is not asked: 5 calls a bucket at most.
  EXPECT_EQ(f.s3.Count("GetBucketPolicyStatus"), 0);
  EXPECT_EQ(f.s3.Count("GetBucketAcl"), 6);
  EXPECT_EQ(f.s3.Count("GetAccountPublicAccessBlock"), 1);  // once per account, not per bucket
  EXPECT_EQ(f.s3.Count("GetCallerIdentity"), 1);
  EXPECT_EQ(r.summary.requests, static_cast<size_t>(f.s3.Total()));
}

TEST(Scanner, KeepsVerdictJsonOnlyWhenAskedAndNeverBeyondTheConcurrency) {
  ScanFixture f({.max_in_flight = 3});
  MixedAccount(f.s3);
  auto keep = [](const exposure::Snapshot& snap, const exposure::Verdict& verdict) {
    return report::Dump(report::VerdictToJson(snap, verdict));
  };
  ScanReport r = f.Run(f.Context(kKey), {}, {.concurrency = 3, .keep_verdict_json = keep});
  for (const BucketResult& b : r.buckets) {
    EXPECT_EQ(b.verdict_json.rfind("{\"bucket\":\"" + b.bucket + "\",\"account\":\"111122223333\"", 0), 0u)
        << b.verdict_json;
  }
  EXPECT_LE(f.traffic.peak_in_flight(), 3);
}

TEST(Scanner, ListsEveryPageOfAManyBucketAccount) {
  ScanFixture f;
  f.s3.AddAccount(kAccount, kKey);
  for (int i = 0; i < 25; ++i) f.s3.AddBucket(kAccount, "bucket-" + std::to_string(100 + i), FakeBucket{});
  ScanReport r = f.Run(f.Context(kKey), {}, {.page_size = 10});
  EXPECT_EQ(r.buckets.size(), 25u);
  EXPECT_EQ(f.s3.Count("ListBuckets"), 3);
  EXPECT_EQ(r.summary.private_buckets, 25u);
}

// A reconciliation's slice (events/reconcile.h): from a name on, in name
// order; each bucket read once.
TEST(Scanner, FromABucketReadsTheRestInNameOrder) {
  ScanFixture f;
  f.s3.AddAccount(kAccount, kKey);
  for (int i = 24; i >= 0; --i) f.s3.AddBucket(kAccount, "bucket-" + std::to_string(100 + i), FakeBucket{});
  std::mutex mu;
  std::vector<std::string> judged;
  ScanSettings settings{.concurrency = 1, .page_size = 10};
  settings.on_judged = [&](BucketVerdict&& b, const BucketResult&) {
    std::lock_guard lock(mu);
    judged.push_back(b.bucket);
  };
  settings.from_bucket = "bucket-117";
  ScanReport r = f.Run(f.Context(kKey), {}, settings);
  EXPECT_EQ(judged, (std::vector<std::string>{"bucket-117", "bucket-118", "bucket-119", "bucket-120", "bucket-121",
                                              "bucket-122", "bucket-123", "bucket-124"}));
  EXPECT_EQ(r.buckets.size(), 8u);
  EXPECT_EQ(r.accounts.at(0).buckets, 8u);
  EXPECT_EQ(f.s3.Count("GetBucketPolicy"), 8);

  judged.clear();
  settings.from_bucket = "";  // the first slice: every bucket, in name order
  r = f.Run(f.Context(kKey), {}, settings);
  ASSERT_EQ(judged.size(), 25u);
  EXPECT_TRUE(std::is_sorted(judged.begin(), judged.end()));
}

TEST(Scanner, AccessDeniedOnOneCallMakesThatBucketUnknownOnly) {
  ScanFixture f;
  MixedAccount(f.s3);
  f.s3.SetFault([](const FakeCall& c) -> std::optional<FakeAnswer> {
    if (c.operation == "GetBucketPolicy" && c.bucket == "private")
      return FakeS3::Error(403, "AccessDenied", "Access Denied");
    return std::nullopt;
  });
  ScanReport r = f.Run(f.Context(kKey));
  const BucketResult* b = Find(r, "private");
  EXPECT_EQ(b->standing, Standing::kUnknown);
  ASSERT_EQ(b->unread.size(), 1u);
  EXPECT_EQ(b->unread[0].part, "policy");
  EXPECT_NE(b->unread[0].reason.find("S3 GetBucketPolicy (bucket private): 403 AccessDenied"), std::string::npos)
      << b->unread[0].reason;
  EXPECT_FALSE(b->cannot_judge.empty());
  EXPECT_EQ(f.s3.Count("GetBucketPolicy"), 6);  // AccessDenied is not retried
  EXPECT_EQ(r.summary.unknown, 1u);
  EXPECT_EQ(r.summary.public_buckets, 2u);  // the others are judged as before
  EXPECT_EQ(r.summary.private_buckets, 2u);
}

// What a caller that compares states needs: each bucket's snapshot and
// verdict handed over whole; the deadline leaves buckets unread, said so,
// never private.
TEST(Scanner, HandsOverEachJudgedBucketAndStopsReadingAtTheDeadline) {
  ScanFixture f;
  MixedAccount(f.s3);
  std::mutex mu;
  std::map<std::string, BucketVerdict> judged;
  ScanSettings settings;
  settings.on_judged = [&](BucketVerdict&& b, const BucketResult& r) {
    EXPECT_EQ(b.bucket, r.bucket);
    std::lock_guard lock(mu);
    judged.emplace(b.bucket, std::move(b));
  };
  ScanReport r = f.Run(f.Context(kKey), {}, settings);
  ASSERT_EQ(judged.size(), 6u);
  EXPECT_TRUE(judged.at("site").is_public());
  EXPECT_EQ(judged.at("site").snapshot.region, "ap-northeast-1");
  EXPECT_FALSE(judged.at("private").is_public());
  EXPECT_FALSE(judged.at("private").out_of_time);

  judged.clear();
  settings.deadline = Deadline::In(std::chrono::milliseconds(-1));
  r = f.Run(f.Context(kKey), {}, settings);
  ASSERT_EQ(judged.size(), 6u);
  for (const auto& [name, b] : judged) {
    EXPECT_TRUE(b.out_of_time) << name;
    EXPECT_FALSE(b.read()) << name;
  }
  EXPECT_EQ(r.summary.errors, 6u);
  EXPECT_EQ(r.summary.private_buckets, 0u);
}

TEST(Scanner, BucketDeletedAfterListingIsAnErrorOfItsOwn) {
  ScanFixture f;
  MixedAccount(f.s3);
  ScanSettings settings;
  settings.on_listed = [&](const AccountResult& a, const std::vector<aws::BucketEntry>& listed) {
    EXPECT_EQ(listed.size(), 6u);
    f.s3.RemoveBucket(a.account_id, "partner");
  };
  ScanReport r = f.Run(f.Context(kKey), {}, settings);
  const BucketResult* b = Find(r, "partner");
  ASSERT_NE(b, nullptr);
  EXPECT_EQ(b->standing, Standing::kError);
  EXPECT_EQ(b->error.rfind("the bucket no longer exists (deleted after it was listed): ", 0), 0u) << b->error;
  EXPECT_NE(b->error.find("NoSuchBucket"), std::string::npos);
  EXPECT_EQ(r.summary.errors, 1u);
  EXPECT_EQ(r.summary.scanned, 6u);
  EXPECT_EQ(r.summary.public_buckets, 2u);
}

TEST(Scanner, SlowDownStormIsRetriedAndRiddenOut) {
  ScanFixture f;
  MixedAccount(f.s3);
  // Every call fails twice with 503 SlowDown before it succeeds (max 3 attempts).
  f.s3.SetFault([](const FakeCall& c) -> std::optional<FakeAnswer> {
    if (!c.bucket.empty() && c.nth <= 2) return FakeS3::Error(503, "SlowDown", "Please reduce your request rate.");
    return std::nullopt;
  });
  ScanReport r = f.Run(f.Context(kKey));
  EXPECT_EQ(r.summary.unknown, 0u);
  EXPECT_EQ(r.summary.public_buckets, 2u);
  EXPECT_EQ(r.summary.private_buckets, 3u);
  EXPECT_GT(f.traffic.throttled(), 0u);
}

TEST(Scanner, SlowDownThatNeverEndsMakesTheBucketUnknownWithTheReason) {
  ScanFixture f;
  MixedAccount(f.s3);
  f.s3.SetFault([](const FakeCall& c) -> std::optional<FakeAnswer> {
    if (c.bucket == "listing" && c.operation == "GetBucketAcl") {
      return FakeS3::Error(503, "SlowDown", "Please reduce your request rate.");
    }
    return std::nullopt;
  });
  ScanReport r = f.Run(f.Context(kKey));
  // Its ACL is in force (no Object Ownership), so an unread ACL leaves it unjudged.
  const BucketResult* b = Find(r, "listing");
  EXPECT_EQ(b->standing, Standing::kUnknown) << b->error;
  ASSERT_FALSE(b->unread.empty());
  EXPECT_EQ(b->unread[0].part, "acl");
  EXPECT_NE(b->unread[0].reason.find("503 SlowDown: Please reduce your request rate."), std::string::npos)
      << b->unread[0].reason;
  EXPECT_NE(b->unread[0].reason.find("after 3 attempts"), std::string::npos) << b->unread[0].reason;
  EXPECT_EQ(r.summary.unknown, 1u);
  EXPECT_EQ(f.s3.Count("GetBucketAcl"), 5 + 3);  // three attempts for the storm-bound one
}

TEST(Scanner, RegionThatDoesNotAnswerMakesItsBucketsUnknownQuickly) {
  ScanFixture f({.max_in_flight = 4, .breaker_threshold = 4});
  f.s3.AddAccount(kAccount, kKey);
  for (int i = 0; i < 12; ++i) {
    f.s3.AddBucket(kAccount, "paris-" + std::to_string(10 + i), FakeBucket{.region = "eu-west-3"});
  }
  f.s3.AddBucket(kAccount, "home", FakeBucket{.policy = PublicReadPolicy("home")});
  // Requests signed for eu-west-3 get no answer at all; the rest reach FakeS3.
  std::atomic<int> paris_attempts{0};
  struct Silent : aws::Transport {
    std::atomic<int>* attempts;
    net::HttpClient client;
    Result<net::HttpResponse> Send(const net::HttpRequest& r) override {
      if (TrafficControl::KeyOf(r) == "eu-west-3/s3") {
        ++*attempts;
        return Status(StatusCode::kUnavailable, "GET https://s3.eu-west-3.amazonaws.com/***: Connection timed out");
      }
      return client.Send(r);
    }
  };
  f.inner = [&paris_attempts] {
    auto s = std::make_unique<Silent>();
    s->attempts = &paris_attempts;
    return std::unique_ptr<aws::Transport>(std::move(s));
  };
  ScanReport r = f.Run(f.Context(kKey), {}, {.concurrency = 4});
  EXPECT_EQ(Find(r, "home")->standing, Standing::kPublic);
  for (int i = 0; i < 12; ++i) {
    const BucketResult* b = Find(r, "paris-" + std::to_string(10 + i));
    EXPECT_EQ(b->standing, Standing::kUnknown) << b->bucket;
    EXPECT_EQ(b->region, "eu-west-3");
  }
  // 12 buckets x 4 calls x 3 attempts would be 144 tries; the breaker stops it early.
  EXPECT_LT(paris_attempts.load(), 30);
  EXPECT_GT(f.traffic.short_circuited(), 0u);
  ASSERT_EQ(r.silent_regions.size(), 1u);
  EXPECT_EQ(r.silent_regions[0].rfind("eu-west-3/s3: ", 0), 0u);
  const BucketResult* last = Find(r, "paris-21");
  bool named = false;
  for (const UnreadPart& u : last->unread) named |= u.reason.find("eu-west-3/s3 did not answer") != std::string::npos;
  EXPECT_TRUE(named);
}

void ThreeAccounts(FakeS3& s3) {
  s3.AddAccount("999999999999", "AKIDMANAGEMENT000001");
  s3.AddAccount("111111111111", "ASIAROLEACCOUNTONE01");
  s3.AddAccount("222222222222", "ASIAROLEACCOUNTTWO02");
  s3.AddAccount("333333333333", "ASIAROLEACCOUNTTHREE");
  s3.AddBucket("999999999999", "mgmt-logs", FakeBucket{});
  s3.AddBucket("111111111111", "one-site", FakeBucket{.policy = PublicReadPolicy("one-site")});
  s3.AddBucket("111111111111", "one-data", FakeBucket{});
  s3.AddBucket("222222222222", "two-data", FakeBucket{});
  s3.AddBucket("333333333333", "three-data", FakeBucket{.region = "ap-northeast-1"});
  s3.AddRole("arn:aws:iam::111111111111:role/BucketwatchScan", "ASIAROLEACCOUNTONE01");
  s3.DenyRole("arn:aws:iam::222222222222:role/BucketwatchScan");
  s3.AddRole("arn:aws:iam::333333333333:role/BucketwatchScan", "ASIAROLEACCOUNTTHREE");
}

TEST(Scanner, SeveralAccountsThroughRolesOneRefusedTheRestCarryOn) {
  ScanFixture f;
  ThreeAccounts(f.s3);
  std::vector<AccountTarget> targets;
  for (const char* account : {"111111111111", "222222222222", "333333333333"}) {
    auto t = TargetForRoleArn(std::string("arn:aws:iam::") + account + ":role/BucketwatchScan");
    ASSERT_TRUE(t.ok());
    targets.push_back(*t);
  }
  ScanReport r = f.Run(f.Context("AKIDMANAGEMENT000001"), targets);
  ASSERT_EQ(r.accounts.size(), 3u);
  EXPECT_FALSE(r.accounts[0].failed());
  EXPECT_EQ(r.accounts[0].buckets, 2u);
  ASSERT_TRUE(r.accounts[1].failed());
  EXPECT_NE(r.accounts[1].error.find("STS AssumeRole (role arn:aws:iam::222222222222:role/BucketwatchScan): 403 "
                                     "AccessDenied"),
            std::string::npos)
      << r.accounts[1].error;
  EXPECT_FALSE(r.accounts[2].failed());
  ASSERT_EQ(r.buckets.size(), 3u);  // account one's two, account three's one
  EXPECT_EQ(Find(r, "one-site")->account, "111111111111");
  EXPECT_EQ(Find(r, "one-site")->standing, Standing::kPublic);
  EXPECT_EQ(Find(r, "three-data")->account, "333333333333");
  EXPECT_EQ(Find(r, "three-data")->region, "ap-northeast-1");
  EXPECT_EQ(Find(r, "mgmt-logs"), nullptr);  // the base account was not asked for
  EXPECT_EQ(r.summary.account_errors, 1u);
  EXPECT_EQ(r.summary.accounts, 3u);
  EXPECT_EQ(f.s3.Count("GetCallerIdentity"), 0);  // the account ids came from the role ARNs
  EXPECT_EQ(f.s3.Count("AssumeRole"), 3);
}

TEST(Scanner, OrganizationListedPageByPageOwnAccountWithOwnCredentials) {
  ScanFixture f;
  ThreeAccounts(f.s3);
  f.s3.SetOrganization({{"999999999999", "management", "ACTIVE"},
                        {"111111111111", "one", "ACTIVE"},
                        {"222222222222", "two", "ACTIVE"},
                        {"333333333333", "three", "ACTIVE"},
                        {"444444444444", "closed", "SUSPENDED"}},
                       2);
  auto base = f.Context("AKIDMANAGEMENT000001");
  // On a thread of its own, as the scan's threads are: its kept-alive
  // connection closes with it, so FakeS3 stops at once.
  Result<std::vector<aws::OrganizationAccount>> accounts = Status(StatusCode::kInternal, "not run");
  std::thread([&] { accounts = aws::OrganizationsClient(base).ListAllAccounts(); }).join();
  ASSERT_TRUE(accounts.ok()) << accounts.status().ToString();
  EXPECT_EQ(accounts->size(), 5u);
  EXPECT_EQ(f.s3.Count("ListAccounts"), 3);
  auto targets = TargetsForOrganization(*accounts, "BucketwatchScan", "999999999999", "us-east-1");
  ScanReport r = f.Run(base, targets);
  ASSERT_EQ(r.accounts.size(), 5u);
  EXPECT_EQ(r.accounts[0].name, "management");
  EXPECT_EQ(r.accounts[0].role_arn, "");
  EXPECT_FALSE(r.accounts[0].failed());
  EXPECT_TRUE(r.accounts[2].failed());  // role refused
  EXPECT_EQ(r.accounts[4].skipped, "not scanned: the account is SUSPENDED in AWS Organizations");
  EXPECT_FALSE(r.accounts[4].failed());
  EXPECT_NE(Find(r, "mgmt-logs"), nullptr);
  EXPECT_EQ(r.buckets.size(), 4u);
  EXPECT_EQ(r.summary.account_errors, 1u);
  EXPECT_EQ(r.summary.accounts_skipped, 1u);
  EXPECT_EQ(f.s3.RolesAssumed().size(), 3u);  // not for the own account, not for the suspended one
}

TEST(Scanner, CrossCheckReportsWhereS3AndBucketwatchDisagree) {
  ScanFixture f;
  MixedAccount(f.s3);
  // S3 says the partner's policy is public; bucketwatch judges it cross-account only.
  f.s3.AddBucket(kAccount, "partner",
                 FakeBucket{.policy = AccountReadPolicy("partner", "444455556666"), .policy_status = true});
  ScanReport r = f.Run(f.Context(kKey), {}, {.cross_check = true});
  EXPECT_EQ(f.s3.Count("GetBucketPolicyStatus"), 6);
  EXPECT_TRUE(r.summary.cross_checked);
  EXPECT_EQ(r.summary.disagreements, 1u);
  const CrossCheck& c = *Find(r, "partner")->cross_check;
  EXPECT_TRUE(c.compared);
  EXPECT_TRUE(c.Disagrees());
  EXPECT_EQ(c.aws_is_public, std::optional<bool>(true));
  EXPECT_EQ(c.ours, std::optional<bool>(false));
  const CrossCheck& site = *Find(r, "site")->cross_check;
  EXPECT_FALSE(site.Disagrees());
  EXPECT_EQ(site.ours, std::optional<bool>(true));
  const CrossCheck& none = *Find(r, "private")->cross_check;  // no policy on either side
  EXPECT_TRUE(none.compared);
  EXPECT_FALSE(none.aws_is_public.has_value());
  EXPECT_FALSE(none.Disagrees());
}

TEST(Scanner, CrossCheckThatCannotReadSaysWhy) {
  ScanFixture f;
  MixedAccount(f.s3);
  f.s3.SetFault([](const FakeCall& c) -> std::optional<FakeAnswer> {
    if (c.operation == "GetBucketPolicyStatus" && c.bucket == "site") return FakeS3::Error(403, "AccessDenied");
    return std::nullopt;
  });
  ScanReport r = f.Run(f.Context(kKey), {}, {.cross_check = true});
  const CrossCheck& c = *Find(r, "site")->cross_check;
  EXPECT_FALSE(c.compared);
  EXPECT_NE(c.not_compared.find("GetBucketPolicyStatus could not be read: S3 GetBucketPolicyStatus (bucket site): 403"),
            std::string::npos)
      << c.not_compared;
  EXPECT_EQ(Find(r, "site")->standing, Standing::kPublic);  // the verdict does not depend on it
}

TEST(Scanner, AllowListMakesIntendedPublicBucketsAllowedAndExpiredOnesPublic) {
  ScanFixture f;
  MixedAccount(f.s3);
  auto allow = AllowList::Parse(R"(
[[allow]]
bucket = "site"
reason = "the public website"
[[allow]]
bucket = "listing"
reason = "old campaign"
expires = 2020-01-31
access = ["list"]
)",
                                "allow.toml");
  ASSERT_TRUE(allow.ok());
  ScanReport r = f.Run(f.Context(kKey), {}, {.allow = &*allow});
  EXPECT_EQ(Find(r, "site")->standing, Standing::kPublicAllowed);
  EXPECT_EQ(Find(r, "site")->allowance->reason, "the public website");
  EXPECT_EQ(Find(r, "listing")->standing, Standing::kPublic);
  EXPECT_TRUE(Find(r, "listing")->allowance->expired);
  EXPECT_EQ(r.summary.allowed, 1u);
  EXPECT_EQ(r.summary.public_buckets, 1u);
  EXPECT_EQ(r.summary.expired_allowances, 1u);
}

TEST(Scanner, ListingRefusedForTheOnlyAccountIsAnAccountError) {
  ScanFixture f;
  MixedAccount(f.s3);
  f.s3.SetFault([](const FakeCall& c) -> std::optional<FakeAnswer> {
    if (c.operation == "ListBuckets") return FakeS3::Error(403, "AccessDenied", "Access Denied");
    return std::nullopt;
  });
  ScanReport r = f.Run(f.Context(kKey));
  ASSERT_EQ(r.accounts.size(), 1u);
  EXPECT_TRUE(r.accounts[0].failed());
  EXPECT_NE(r.accounts[0].error.find("S3 ListBuckets: 403 AccessDenied"), std::string::npos) << r.accounts[0].error;
  EXPECT_TRUE(r.buckets.empty());
}

TEST(Scanner, RejectedKeysMakeTheBucketsErrorsNotPrivate) {
  ScanFixture f;
  MixedAccount(f.s3);
  f.s3.SetFault([](const FakeCall& c) -> std::optional<FakeAnswer> {
    if (c.operation == "GetBucketPolicy") return FakeS3::Error(403, "InvalidAccessKeyId", "The key does not exist");
    return std::nullopt;
  });
  ScanReport r = f.Run(f.Context(kKey));
  EXPECT_EQ(r.summary.errors, 6u);
  for (const BucketResult& b : r.buckets) EXPECT_NE(b.error.find("InvalidAccessKeyId"), std::string::npos);
}

}  // namespace
}  // namespace bucketwatch::scan
