// The CloudTrail route with memory (handler/remembered.h) on an in-memory
// change::Memory: only transitions are announced; the write that wins
// announces; facts never go backwards; an abandoned pending alert is sent
// again, marked. The same rules against a real DynamoDB-API server, with
// whole `bucketwatch handle` processes, are in
// tests/integration/state_handle_test.cc.
#include "handler/remembered.h"

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include <ctime>
#include <functional>
#include <map>

#include "exposure/evaluator.h"
#include "exposure/policy.h"
#include "in_memory.h"
#include "scan/allow_list.h"
#include "scan/scanner.h"

namespace bucketwatch::handler {
namespace {

const std::string kBucket = "amzn-s3-demo-bucket";

scan::BucketVerdict Judged(bool is_public) {
  scan::BucketVerdict b;
  b.bucket = kBucket;
  b.snapshot.bucket = kBucket;
  b.snapshot.account = "123456789012";
  b.snapshot.region = "us-west-2";
  std::string policy = R"({"Version":"2012-10-17","Statement":[{"Sid":"PublicRead","Effect":"Allow","Principal":)" +
                       std::string(is_public ? R"("*")" : R"({"AWS":"arn:aws:iam::444455556666:root"})") +
                       R"(,"Action":"s3:GetObject","Resource":"arn:aws:s3:::amzn-s3-demo-bucket/*"}]})";
  json::Parser parser;
  b.snapshot.policy_text = policy;
  b.snapshot.policy = exposure::Part<exposure::Policy>::Of(exposure::ParsePolicyText(policy, parser));
  b.snapshot.ownership = exposure::Part<exposure::ObjectOwnership>::Of(exposure::ObjectOwnership::kBucketOwnerEnforced);
  b.snapshot.acl = exposure::Part<exposure::Acl>::Of(exposure::Acl{});
  b.verdict = exposure::Evaluate(b.snapshot);
  return b;
}

RescanResult Read(scan::BucketVerdict b) {
  RescanResult r;
  r.rescan.scope = events::RescanScope::kBucket;
  r.rescan.account = "123456789012";
  r.rescan.region = "us-west-2";
  r.rescan.bucket = kBucket;
  r.rescan.cause = "PutBucketPolicy";
  r.rescan.event_id = "ev";
  r.buckets.push_back(std::move(b));
  return r;
}

class RememberedTest : public ::testing::Test {
 protected:
  // The alerts of one invocation that read the bucket at `read_at`; each is
  // then delivered (Slack accepted it).
  std::vector<RememberedAlert> Invoke(bool is_public, int64_t read_at, bool deliver = true) {
    auto r = Remember(memory_, Read(Judged(is_public)), message_, read_at, read_at + 5);
    EXPECT_TRUE(r.ok()) << r.status().ToString();
    if (!r.ok()) return {};
    for (const RememberedAlert& a : r->alerts) {
      if (deliver) {
        EXPECT_TRUE(Delivered(memory_, a).ok());
      }
    }
    return r->alerts;
  }

  InMemory memory_;
  notify::MessageOptions message_;
};

TEST_F(RememberedTest, OnlyTransitionsAreAnnounced) {
  auto first = Invoke(true, 1000);
  ASSERT_EQ(first.size(), 1u);
  EXPECT_EQ(first[0].alert.what, notify::What::kBecamePublic);
  EXPECT_FALSE(first[0].possible_repeat);
  EXPECT_TRUE(memory_.records.begin()->second.pending.empty());  // delivered: cleared

  EXPECT_TRUE(Invoke(true, 2000).empty());  // still public the same way: nothing new
  auto fixed = Invoke(false, 3000);
  ASSERT_EQ(fixed.size(), 1u);
  EXPECT_EQ(fixed[0].alert.what, notify::What::kFixed);
  EXPECT_TRUE(Invoke(false, 4000).empty());  // a private bucket's policy changed, still private
}

TEST_F(RememberedTest, AReadOlderThanTheStoredOneChangesNothing) {
  ASSERT_EQ(Invoke(false, 5000).size(), 0u);
  EXPECT_TRUE(Invoke(true, 4000).empty());  // read before the stored (private) one
  EXPECT_FALSE(memory_.records.begin()->second.digest->exposed);
}

TEST_F(RememberedTest, TheWriterThatLosesTheRaceAnnouncesNothing) {
  // Another invocation judged the same change and wrote first.
  memory_.before_keep = [this] {
    auto rival = Remember(memory_, Read(Judged(true)), message_, 1000, 1001);
    ASSERT_TRUE(rival.ok());
    ASSERT_EQ(rival->alerts.size(), 1u);
  };
  auto r = Remember(memory_, Read(Judged(true)), message_, 1000, 1002);
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  EXPECT_TRUE(r->alerts.empty());  // the rival's pending alert is its own to send
  EXPECT_EQ(memory_.records.begin()->second.pending.size(), 1u);
}

TEST_F(RememberedTest, AnAbandonedAlertIsSentAgainMarkedAndOnlyOnce) {
  auto first = Invoke(true, 1000, /*deliver=*/false);
  ASSERT_EQ(first.size(), 1u);
  ASSERT_TRUE(Abandoned(memory_, first[0]).ok());  // Slack failed; the invocation fails

  auto retry = Invoke(true, 2000, /*deliver=*/false);
  ASSERT_EQ(retry.size(), 1u);
  EXPECT_TRUE(retry[0].possible_repeat);
  EXPECT_EQ(retry[0].key, first[0].key);
  auto j = nlohmann::json::parse(retry[0].payload);
  EXPECT_EQ(j["text"].get<std::string>().rfind(":repeat:", 0), 0u) << retry[0].payload;
  ASSERT_TRUE(Delivered(memory_, retry[0]).ok());
  EXPECT_TRUE(Invoke(true, 3000).empty());
}

// The state table could not keep the message (state/dynamodb_memory.h
// leaves the copy out to fit DynamoDB's item limit): the alert is still sent,
// marked, worded from its key, and says why it is short.
TEST_F(RememberedTest, AnAbandonedAlertWhoseMessageWasNotKeptIsSentFromItsKey) {
  auto first = Invoke(true, 1000, /*deliver=*/false);
  ASSERT_EQ(first.size(), 1u);
  ASSERT_TRUE(Abandoned(memory_, first[0]).ok());
  change::PendingAlert& kept = memory_.records.begin()->second.pending.at(0);
  kept.payload.clear();
  kept.repeat_payload.clear();

  auto retry = Invoke(true, 2000, /*deliver=*/false);
  ASSERT_EQ(retry.size(), 1u);
  EXPECT_TRUE(retry[0].possible_repeat);
  EXPECT_EQ(retry[0].key, first[0].key);
  EXPECT_EQ(retry[0].alert.what, notify::What::kBecamePublic);
  ASSERT_FALSE(retry[0].payload.empty());
  auto j = nlohmann::json::parse(retry[0].payload);
  EXPECT_EQ(j["text"].get<std::string>().rfind(":repeat:", 0), 0u) << retry[0].payload;
  EXPECT_NE(retry[0].payload.find(kBucket), std::string::npos) << retry[0].payload;
  EXPECT_NE(retry[0].payload.find("too large to keep in the state table"), std::string::npos) << retry[0].payload;
  EXPECT_EQ(retry[0].repeat_payload, retry[0].payload);
  ASSERT_TRUE(Delivered(memory_, retry[0]).ok());
  EXPECT_TRUE(memory_.records.begin()->second.pending.empty());
}

TEST_F(RememberedTest, APendingAlertOfALiveInvocationIsLeftToIt) {
  auto first = Invoke(true, 1000, /*deliver=*/false);
  ASSERT_EQ(first.size(), 1u);
  // A second invocation a minute later: the first may still be sending.
  EXPECT_TRUE(Invoke(true, 61000, /*deliver=*/false).empty());
  // Past the longest a Lambda invocation lives: taken over, marked.
  auto late = Invoke(true, 1000 + kPendingTakeOverMs + 1, /*deliver=*/false);
  ASSERT_EQ(late.size(), 1u);
  EXPECT_TRUE(late[0].possible_repeat);
}

TEST_F(RememberedTest, APendingAlertPastItsInvocationsDeadlineIsTakenOver) {
  // Decided at 1005 by an invocation that ends by 4000 at the latest.
  auto first = Remember(memory_, Read(Judged(true)), message_, 1000, 1005, 4000);
  ASSERT_TRUE(first.ok()) << first.status().ToString();
  ASSERT_EQ(first->alerts.size(), 1u);
  EXPECT_TRUE(Invoke(true, 3995, /*deliver=*/false).empty());  // before its deadline: left to it
  auto retry = Invoke(true, 4000, /*deliver=*/false);          // after: it was killed, taken over
  ASSERT_EQ(retry.size(), 1u);
  EXPECT_TRUE(retry[0].possible_repeat);
  EXPECT_EQ(retry[0].key, first->alerts[0].key);
}

// A private bucket of its own name.
// A bucket public only as the allow-list permits is not news; once its
// entry has lapsed it is announced as having become public, and an entry
// added for a public bucket does not make it "fixed".
TEST_F(RememberedTest, ABucketPublicAsTheAllowListPermitsIsAnnouncedOnlyOnceItsEntryLapses) {
  auto allow = scan::AllowList::Parse(R"([[allow]]
bucket = "amzn-s3-demo-bucket"
reason = "static website"
expires = 2027-03-31
)",
                                      "allow.toml");
  ASSERT_TRUE(allow.ok()) << allow.status().ToString();
  auto on = [](const char* day) {
    std::tm tm{};
    EXPECT_NE(strptime(day, "%Y-%m-%d", &tm), nullptr);
    return std::chrono::system_clock::from_time_t(timegm(&tm));
  };
  auto judged_on = [&](const char* day) {
    scan::BucketVerdict b = Judged(true);
    scan::ApplyAllowList(b, *allow, on(day));
    return b;
  };
  auto remember = [&](scan::BucketVerdict b, int64_t read_at) {
    auto r = Remember(memory_, Read(std::move(b)), message_, read_at, read_at);
    EXPECT_TRUE(r.ok()) << r.status().ToString();
    for (const RememberedAlert& a : r->alerts) EXPECT_TRUE(Delivered(memory_, a).ok());
    return r.ok() ? r->alerts : std::vector<RememberedAlert>{};
  };

  scan::BucketVerdict allowed = judged_on("2026-12-07");
  ASSERT_TRUE(allowed.allowed);
  EXPECT_TRUE(remember(allowed, 1000).empty());
  EXPECT_FALSE(memory_.records.begin()->second.digest->exposed);

  scan::BucketVerdict lapsed = judged_on("2027-04-01");
  ASSERT_FALSE(lapsed.allowed);
  ASSERT_TRUE(lapsed.allowance && lapsed.allowance->expired);
  auto announced = remember(lapsed, 2000);
  ASSERT_EQ(announced.size(), 1u);
  EXPECT_EQ(announced[0].alert.what, notify::What::kBecamePublic);

  EXPECT_TRUE(remember(judged_on("2026-12-08"), 3000).empty());  // allowed again: not "fixed"
}

scan::BucketVerdict Quiet() {
  scan::BucketVerdict quiet = Judged(false);
  quiet.bucket = quiet.snapshot.bucket = "quiet-bucket";
  return quiet;
}

// A scheduled reconciliation of account 123456789012 that read `buckets`.
RescanResult Reconciliation(std::vector<scan::BucketVerdict> buckets) {
  RescanResult r;
  r.rescan.scope = events::RescanScope::kAccount;
  r.rescan.account = "123456789012";
  r.rescan.cause = "scheduled reconciliation";
  r.rescan.scheduled = true;
  r.buckets = std::move(buckets);
  return r;
}

// The scheduled reconciliation: every bucket of the account, compared; the
// public one is announced on the first run only, the private one never.
TEST_F(RememberedTest, ReconciliationAnnouncesEachBucketOnce) {
  RescanResult r = Reconciliation({Judged(true), Quiet()});
  for (int run = 0; run < 2; ++run) {
    auto out = Remember(memory_, r, message_, 1000 + run, 1000 + run);
    ASSERT_TRUE(out.ok()) << out.status().ToString();
    for (const RememberedAlert& a : out->alerts) ASSERT_TRUE(Delivered(memory_, a).ok());
    if (run == 0) {
      // The public bucket, then the first run's summary of the account.
      ASSERT_EQ(out->alerts.size(), 2u) << out->reason;
      EXPECT_EQ(out->alerts[0].alert.bucket, kBucket);
      EXPECT_EQ(out->alerts[0].alert.origin.kind, notify::Origin::Kind::kScan);
      const RememberedAlert& summary = out->alerts[1];
      EXPECT_EQ(summary.alert.subject, notify::Subject::kAccount);
      EXPECT_EQ(summary.alert.what, notify::What::kInformational);
      EXPECT_NE(summary.payload.find("bucketwatch now watches account 123456789012: 1 public S3 bucket(s)"),
                std::string::npos)
          << summary.payload;
    } else {
      EXPECT_TRUE(out->alerts.empty()) << out->reason;
    }
  }
  EXPECT_EQ(memory_.records.size(), 3u);  // the two buckets and the account
  for (const auto& [key, record] : memory_.records) EXPECT_TRUE(record.pending.empty()) << key;
}

// The summary of a first run whose Slack delivery failed is sent again by
// the next run, marked, and never a second time unmarked.
TEST_F(RememberedTest, AnUndeliveredFirstSummaryIsSentByTheNextRunMarked) {
  RescanResult r = Reconciliation({Quiet()});
  auto first = Remember(memory_, r, message_, 1000, 1000);
  ASSERT_TRUE(first.ok()) << first.status().ToString();
  ASSERT_EQ(first->alerts.size(), 1u);
  EXPECT_NE(first->alerts[0].payload.find("no public S3 bucket"), std::string::npos) << first->alerts[0].payload;
  ASSERT_TRUE(Abandoned(memory_, first->alerts[0]).ok());
  auto second = Remember(memory_, r, message_, 2000, 2000);
  ASSERT_TRUE(second.ok()) << second.status().ToString();
  ASSERT_EQ(second->alerts.size(), 1u);
  EXPECT_TRUE(second->alerts[0].possible_repeat);
  EXPECT_EQ(second->alerts[0].key, first->alerts[0].key);
  ASSERT_TRUE(Delivered(memory_, second->alerts[0]).ok());
  auto third = Remember(memory_, r, message_, 3000, 3000);
  ASSERT_TRUE(third.ok());
  EXPECT_TRUE(third->alerts.empty());
}

TEST_F(RememberedTest, AMemoryThatCannotBeReadIsAnErrorNotSilence) {
  class Broken : public change::Memory {
    Result<change::Recollection> Recall(std::string_view, std::string_view) override {
      return Status(StatusCode::kUnavailable, "DynamoDB: connection refused");
    }
    Result<std::optional<int64_t>> Keep(std::string_view, std::string_view, int64_t,
                                        const change::Recollection&) override {
      return Status(StatusCode::kUnavailable, "DynamoDB: connection refused");
    }
  } broken;
  auto r = Remember(broken, Read(Judged(true)), message_, 1000, 1000);
  EXPECT_FALSE(r.ok());
  EXPECT_NE(r.status().message().find("connection refused"), std::string::npos);
}

}  // namespace
}  // namespace bucketwatch::handler
