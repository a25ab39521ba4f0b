// The event worker (inbox -> state + outbox) and the delivery worker
// (outbox -> Slack) on a real SQLite file, with a rescanner and a Slack sink
// given by the test. Rules followed: docs/serve.md (only changes are
// announced, Config rule results included; duplicates dropped; out-of-order
// events leave the right state; a slow read holds up only its own bucket;
// alerts in order, at most one marked repeat, refused ones parked).
#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include <algorithm>
#include <condition_variable>
#include <filesystem>
#include <fstream>
#include <map>
#include <mutex>
#include <set>
#include <sstream>

#include "exposure/evaluator.h"
#include "exposure/snapshot_json.h"
#include "notify/blocks.h"
#include "serve/delivery_worker.h"
#include "serve/event_worker.h"

namespace bucketwatch::serve {
namespace {

namespace fs = std::filesystem;

std::string ReadFile(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream s;
  s << in.rdbuf();
  return s.str();
}

exposure::Snapshot Example(const std::string& file, const std::string& bucket) {
  json::Parser parser;
  auto batch = exposure::ParseSnapshots(ReadFile(std::string(BW_SOURCE_DIR) + "/examples/" + file), parser);
  EXPECT_TRUE(batch.errors.empty());
  EXPECT_EQ(batch.snapshots.size(), 1u);
  exposure::Snapshot s = batch.snapshots.at(0);
  s.bucket = bucket;
  return s;
}

// Buckets as the test sets them; Rescan reads them "live" (on the worker's
// reading threads). A bucket in `stalled` is not answered until released.
class FakeRescanner : public Rescanner {
 public:
  std::map<std::string, exposure::Snapshot> buckets;
  int failures_left = 0;
  Status bucket_error;  // not ok: every bucket read fails so (the listing worked)
  int calls = 0;
  std::string last_bucket;
  std::vector<std::string> accounts_read;  // each account-wide read's account ("": the daemon's own)

  void Stall(const std::string& bucket) {
    std::lock_guard<std::mutex> lock(mu_);
    stalled_.insert(bucket);
  }
  void Release(const std::string& bucket) {
    {
      std::lock_guard<std::mutex> lock(mu_);
      stalled_.erase(bucket);
    }
    cv_.notify_all();
  }

  Result<std::vector<scan::BucketVerdict>> Rescan(const handler::Rescan& rescan, const Deadline&) override {
    std::unique_lock<std::mutex> lock(mu_);
    cv_.wait(lock, [&] { return stalled_.count(rescan.bucket) == 0; });
    ++calls;
    last_bucket = rescan.bucket;
    if (rescan.scope == events::RescanScope::kAccount) accounts_read.push_back(rescan.account);
    const std::string account = rescan.account.empty() ? "111122223333" : rescan.account;
    if (failures_left > 0) {
      --failures_left;
      return Status(StatusCode::kUnavailable, "S3 unreachable");
    }
    std::vector<scan::BucketVerdict> out;
    if (!bucket_error.ok()) {
      scan::BucketVerdict b;
      b.snapshot.account = "111122223333";
      b.bucket = rescan.bucket;
      b.error = bucket_error;
      out.push_back(std::move(b));
      return out;
    }
    for (const auto& [name, snap] : buckets) {
      if (!rescan.bucket.empty() && name != rescan.bucket) continue;
      scan::BucketVerdict b;
      b.bucket = name;
      b.snapshot = snap;
      b.snapshot.account = account;
      b.snapshot.region = "ap-northeast-1";
      b.verdict = exposure::Evaluate(snap);
      out.push_back(std::move(b));
    }
    if (out.empty() && !rescan.bucket.empty()) {
      scan::BucketVerdict gone;
      gone.snapshot.account = "111122223333";
      gone.bucket = rescan.bucket;
      gone.error = Status(StatusCode::kGone, "S3 GetBucketLocation: 404 NoSuchBucket");
      out.push_back(std::move(gone));
    }
    return out;
  }

 private:
  std::mutex mu_;
  std::condition_variable cv_;
  std::set<std::string> stalled_;
};

// An EventBridge "AWS API Call via CloudTrail" event (CloudTrail record
// contents: AWS CloudTrail User Guide, "CloudTrail record contents").
std::string ApiCallEvent(const std::string& id, const std::string& name, const std::string& bucket,
                         const std::string& time = "2026-11-29T01:02:03Z") {
  nlohmann::json e = {{"version", "0"},
                      {"id", id},
                      {"detail-type", "AWS API Call via CloudTrail"},
                      {"source", "aws.s3"},
                      {"account", "111122223333"},
                      {"time", time},
                      {"region", "ap-northeast-1"},
                      {"resources", nlohmann::json::array()},
                      {"detail",
                       {{"eventVersion", "1.08"},
                        {"userIdentity",
                         {{"type", "IAMUser"},
                          {"principalId", "AIDAEXAMPLE"},
                          {"arn", "arn:aws:iam::111122223333:user/alice"},
                          {"accountId", "111122223333"},
                          {"userName", "alice"}}},
                        {"eventTime", time},
                        {"eventSource", "s3.amazonaws.com"},
                        {"eventName", name},
                        {"awsRegion", "ap-northeast-1"},
                        {"sourceIPAddress", "203.0.113.7"},
                        {"userAgent", "aws-cli/2"},
                        {"requestParameters", {{"bucketName", bucket}, {"Host", bucket + ".s3.amazonaws.com"}}},
                        {"responseElements", nullptr},
                        {"eventID", id + "-ct"},
                        {"eventType", "AwsApiCall"},
                        {"recipientAccountId", "111122223333"}}}};
  return e.dump();
}

class WorkerTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = fs::temp_directory_path() / ("bw-serve-worker-" + std::to_string(::getpid()) + "-" +
                                        ::testing::UnitTest::GetInstance()->current_test_info()->name());
    fs::remove_all(dir_);
    fs::create_directories(dir_);
    auto s = store::Store::Open((dir_ / "state.db").string());
    ASSERT_TRUE(s.ok()) << s.status().ToString();
    store_ = std::move(s).value();
    settings_.webhook_url = "http://127.0.0.1:1/hook";
    worker_ = std::make_unique<EventWorker>(*store_, &rescanner_, settings_, metrics_,
                                            EventWorkerOptions{3, 1, 1, std::chrono::milliseconds(1000)});
  }
  void TearDown() override { fs::remove_all(dir_); }

  // Accepts an event into the inbox and handles whatever is due.
  void Feed(const std::string& id, const std::string& body) {
    Accept(id, body);
    Settle();
  }
  void Accept(const std::string& id, const std::string& body) {
    auto added = store_->AddToInbox({store::InboxEvent{0, id, body, 0}}, NowMs());
    ASSERT_TRUE(added.ok());
  }
  // Handles whatever is due, waiting for the reads it starts.
  void Settle() {
    std::atomic<bool> stop{false};
    auto done = worker_->Settle(stop);
    ASSERT_TRUE(done.ok()) << done.status().ToString();
  }

  // Every outbox message, oldest first, and removes them (as if delivered).
  std::vector<store::OutboxMessage> TakeOutbox() {
    std::vector<store::OutboxMessage> out;
    for (;;) {
      auto head = store_->OutboxHead(std::string(kSlackDestination));
      EXPECT_TRUE(head.ok());
      if (!head.ok() || !*head) break;
      out.push_back(**head);
      EXPECT_TRUE(store_->Delivered((*head)->id).ok());
    }
    return out;
  }

  fs::path dir_;
  std::unique_ptr<store::Store> store_;
  handler::Settings settings_;
  Metrics metrics_;
  FakeRescanner rescanner_;
  std::unique_ptr<EventWorker> worker_;
};

// The example's policy names its own bucket: it is public under that name only.
const std::string kWeb = "example-public-website";

bool Says(const store::OutboxMessage& m, const std::string& what) {
  return m.key.find("|" + what) != std::string::npos;
}

TEST_F(WorkerTest, AnnouncesOnlyChanges) {
  rescanner_.buckets[kWeb] = Example("public-website.json", kWeb);
  Feed("e1", ApiCallEvent("e1", "PutBucketPolicy", kWeb));
  EXPECT_EQ(rescanner_.calls, 1);
  EXPECT_EQ(rescanner_.last_bucket, kWeb);
  auto sent = TakeOutbox();
  ASSERT_EQ(sent.size(), 1u);
  EXPECT_TRUE(Says(sent[0], "became_public")) << sent[0].key;
  // The alert names who made the call, from where.
  EXPECT_NE(sent[0].payload.find("arn:aws:iam::111122223333:user/alice"), std::string::npos);
  EXPECT_NE(sent[0].payload.find("203.0.113.7"), std::string::npos);

  // The same state again: nothing to say.
  Feed("e2", ApiCallEvent("e2", "PutBucketAcl", kWeb));
  EXPECT_TRUE(TakeOutbox().empty());

  // Fixed.
  rescanner_.buckets[kWeb] = Example("private-data.json", kWeb);
  Feed("e3", ApiCallEvent("e3", "DeleteBucketPolicy", kWeb));
  sent = TakeOutbox();
  ASSERT_EQ(sent.size(), 1u);
  EXPECT_TRUE(Says(sent[0], "fixed")) << sent[0].key;

  auto state = store_->GetState("111122223333", kWeb);
  ASSERT_TRUE(state.ok() && state->has_value());
  EXPECT_FALSE((*state)->exposed);
  EXPECT_EQ(metrics_.events_handled.load(), 3);
}

// A read that fails for want of credentials is not "the bucket is gone":
// the event is announced as "could not be judged", with the reason.
TEST_F(WorkerTest, ABucketReadWithoutCredentialsIsAnnouncedNotDropped) {
  rescanner_.bucket_error = NotFound("no AWS credentials found. Tried, in order: environment (not set)");
  Feed("e1", ApiCallEvent("e1", "PutBucketPolicy", kWeb));
  auto sent = TakeOutbox();
  ASSERT_EQ(sent.size(), 1u);
  EXPECT_TRUE(Says(sent[0], "cannot_judge")) << sent[0].key;
  EXPECT_NE(sent[0].payload.find("no AWS credentials found"), std::string::npos);
}

TEST_F(WorkerTest, DuplicateEventIsDroppedAfterHandling) {
  rescanner_.buckets[kWeb] = Example("public-website.json", kWeb);
  Feed("e1", ApiCallEvent("e1", "PutBucketPolicy", kWeb));
  auto again =
      store_->AddToInbox({store::InboxEvent{0, "e1", ApiCallEvent("e1", "PutBucketPolicy", kWeb), 0}}, NowMs());
  ASSERT_TRUE(again.ok());
  EXPECT_EQ(*again, 0);  // seen: not taken in again
  EXPECT_EQ(TakeOutbox().size(), 1u);
  EXPECT_EQ(rescanner_.calls, 1);
}

TEST_F(WorkerTest, OutOfOrderEventsLeaveTheLiveState) {
  // The newer call (made private) is handled first, the older one (made
  // public) after it: the rescan reads the bucket as it is now, so the
  // older event changes nothing and announces nothing.
  rescanner_.buckets[kWeb] = Example("public-website.json", kWeb);
  Feed("e0", ApiCallEvent("e0", "PutBucketPolicy", kWeb, "2026-11-29T01:00:00Z"));
  ASSERT_EQ(TakeOutbox().size(), 1u);
  rescanner_.buckets[kWeb] = Example("private-data.json", kWeb);
  Feed("new", ApiCallEvent("new", "DeleteBucketPolicy", kWeb, "2026-11-29T01:00:09Z"));
  auto sent = TakeOutbox();
  ASSERT_EQ(sent.size(), 1u);
  EXPECT_TRUE(Says(sent[0], "fixed"));
  Feed("old", ApiCallEvent("old", "PutBucketPolicy", kWeb, "2026-11-29T01:00:05Z"));
  EXPECT_TRUE(TakeOutbox().empty());
  auto state = store_->GetState("111122223333", kWeb);
  ASSERT_TRUE(state.ok() && state->has_value());
  EXPECT_FALSE((*state)->exposed);
}

TEST_F(WorkerTest, FailedRescanIsRetriedThenReportedNotDropped) {
  rescanner_.buckets[kWeb] = Example("public-website.json", kWeb);
  rescanner_.failures_left = 1;
  Feed("e1", ApiCallEvent("e1", "PutBucketPolicy", kWeb));
  // Left in the inbox for a retry.
  auto depth = store_->InboxDepth();
  ASSERT_TRUE(depth.ok());
  EXPECT_EQ(*depth, 1);
  std::this_thread::sleep_for(std::chrono::milliseconds(5));  // past the 1 ms backoff
  Settle();
  auto sent = TakeOutbox();
  ASSERT_EQ(sent.size(), 1u);
  EXPECT_TRUE(Says(sent[0], "became_public"));

  // Every attempt fails: announced as "cannot judge" with the reason.
  rescanner_.failures_left = 100;
  Feed("e2", ApiCallEvent("e2", "PutBucketPolicy", "other-bucket"));
  for (int i = 0; i < 5; ++i) {
    std::this_thread::sleep_for(std::chrono::milliseconds(5));
    Settle();
  }
  sent = TakeOutbox();
  ASSERT_EQ(sent.size(), 1u);
  EXPECT_TRUE(Says(sent[0], "cannot_judge")) << sent[0].key;
  EXPECT_NE(sent[0].payload.find("S3 unreachable"), std::string::npos);
  EXPECT_EQ(*store_->InboxDepth(), 0);
}

// A state table shared with other replicas, in memory; `failures` calls
// fail first, as a throttled or unreachable table does.
class SharedTable : public change::Memory {
 public:
  int failures = 0;
  std::map<std::string, change::Recollection> records;

  Result<change::Recollection> Recall(std::string_view account, std::string_view bucket) override {
    if (failures > 0) {
      --failures;
      return Status(StatusCode::kUnavailable, "DynamoDB GetItem on table t: ProvisionedThroughputExceeded");
    }
    auto it = records.find(Key(account, bucket));
    return it == records.end() ? change::Recollection{} : it->second;
  }
  Result<std::optional<int64_t>> Keep(std::string_view account, std::string_view bucket, int64_t seen,
                                      const change::Recollection& next) override {
    change::Recollection& r = records[Key(account, bucket)];
    if (r.version != seen) return std::optional<int64_t>();
    r = next;
    r.version = seen + 1;
    return std::optional<int64_t>(r.version);
  }

 private:
  static std::string Key(std::string_view account, std::string_view bucket) {
    return std::string(account) + "/" + std::string(bucket);
  }
};

TEST_F(WorkerTest, ASharedTableKeepsTheStateAndThePendingAlert) {
  SharedTable table;
  table.failures = 1;  // the first attempt meets a throttled table: retried
  worker_ = std::make_unique<EventWorker>(*store_, &rescanner_, settings_, metrics_,
                                          EventWorkerOptions{3, 1, 1, std::chrono::milliseconds(1000)}, &table);
  rescanner_.buckets[kWeb] = Example("public-website.json", kWeb);
  Feed("e1", ApiCallEvent("e1", "PutBucketPolicy", kWeb));
  EXPECT_EQ(*store_->InboxDepth(), 1);
  std::this_thread::sleep_for(std::chrono::milliseconds(5));
  Settle();
  auto sent = TakeOutbox();
  ASSERT_EQ(sent.size(), 1u);
  EXPECT_TRUE(Says(sent[0], "became_public")) << sent[0].key;
  // The outbox knows which record holds it as pending; the file keeps no state.
  EXPECT_EQ(sent[0].account, "111122223333");
  EXPECT_EQ(sent[0].bucket, kWeb);
  const change::Recollection& rec = table.records["111122223333/" + kWeb];
  ASSERT_EQ(rec.pending.size(), 1u);
  EXPECT_EQ(rec.pending[0].key, sent[0].key);
  EXPECT_FALSE(store_->GetState("111122223333", kWeb)->has_value());

  // Another replica recorded the same state: nothing to say.
  Feed("e2", ApiCallEvent("e2", "PutBucketAcl", kWeb));
  EXPECT_TRUE(TakeOutbox().empty());

  // The table out of reach for every attempt: announced as without state.
  table.failures = 100;
  Feed("e3", ApiCallEvent("e3", "PutBucketAcl", kWeb));
  for (int i = 0; i < 5; ++i) {
    std::this_thread::sleep_for(std::chrono::milliseconds(5));
    Settle();
  }
  sent = TakeOutbox();
  ASSERT_EQ(sent.size(), 1u);
  EXPECT_NE(sent[0].key.find(kWeb), std::string::npos) << sent[0].key;
  EXPECT_EQ(sent[0].bucket, "");  // not pending anywhere
  EXPECT_EQ(*store_->InboxDepth(), 0);
}

TEST_F(WorkerTest, FailedCallsAndOtherEventsAreIgnored) {
  nlohmann::json e = nlohmann::json::parse(ApiCallEvent("e1", "PutBucketPolicy", kWeb));
  e["detail"]["errorCode"] = "AccessDenied";
  Feed("e1", e.dump());
  EXPECT_TRUE(TakeOutbox().empty());
  EXPECT_EQ(rescanner_.calls, 0);
  EXPECT_EQ(*store_->InboxDepth(), 0);
}

TEST_F(WorkerTest, ScanComparesEveryBucket) {
  rescanner_.buckets[kWeb] = Example("public-website.json", kWeb);
  rescanner_.buckets["b"] = Example("private-data.json", "b");
  worker_->Scan(NowMs());
  Settle();
  auto sent = TakeOutbox();
  ASSERT_EQ(sent.size(), 1u);
  EXPECT_NE(sent[0].key.find("|example-public-website|became_public"), std::string::npos) << sent[0].key;
  worker_->Scan(NowMs() + 1);
  Settle();
  EXPECT_TRUE(TakeOutbox().empty());
  EXPECT_EQ(metrics_.last_scan_buckets.load(), 2);
}

// The scheduled scan reads the daemon's own account and every account of
// scan.accounts (with the member role), each compared on its own records.
TEST_F(WorkerTest, ScanReadsTheOwnAccountAndEachConfiguredOne) {
  EventWorkerOptions options{3, 1, 1, std::chrono::milliseconds(1000)};
  options.sweep_accounts = {"444455556666", "777788889999"};
  worker_ = std::make_unique<EventWorker>(*store_, &rescanner_, settings_, metrics_, options);
  rescanner_.buckets[kWeb] = Example("public-website.json", kWeb);
  worker_->Scan(NowMs());
  Settle();
  std::vector<std::string> read = rescanner_.accounts_read;
  std::sort(read.begin(), read.end());
  EXPECT_EQ(read, (std::vector<std::string>{"", "444455556666", "777788889999"}));
  auto sent = TakeOutbox();
  ASSERT_EQ(sent.size(), 3u);  // the same bucket name in three accounts: three buckets
  std::set<std::string> keys;
  for (const auto& m : sent) keys.insert(m.key);
  EXPECT_EQ(keys.size(), 3u);
  EXPECT_EQ(metrics_.last_scan_buckets.load(), 3);
  worker_->Scan(NowMs() + 1);
  Settle();
  EXPECT_TRUE(TakeOutbox().empty());
}

// An account the scheduled scan cannot read is announced as could not be
// judged, with why, not only logged.
TEST_F(WorkerTest, AnAccountTheScanCannotReadIsAnnouncedNotOnlyLogged) {
  rescanner_.failures_left = 1;
  worker_->Scan(NowMs());
  Settle();
  auto sent = TakeOutbox();
  ASSERT_EQ(sent.size(), 1u);
  EXPECT_NE(sent[0].payload.find("S3 unreachable"), std::string::npos) << sent[0].payload;
}

// An EventBridge "Config Rules Compliance Change" for a bucket (shape of
// tests/data/events/config.ComplianceChange.*).
std::string RuleResultEvent(const std::string& id, const std::string& bucket, const std::string& now,
                            const std::string& before, const std::string& time) {
  nlohmann::json result = {{"evaluationResultIdentifier",
                            {{"evaluationResultQualifier",
                              {{"configRuleName", "s3-bucket-public-read-prohibited"},
                               {"resourceType", "AWS::S3::Bucket"},
                               {"resourceId", bucket}}},
                             {"orderingTimestamp", time}}},
                           {"complianceType", now},
                           {"resultRecordedTime", time},
                           {"annotation", "The S3 bucket policy allows public read access."}};
  nlohmann::json detail = {{"resourceId", bucket},
                           {"awsRegion", "ap-northeast-1"},
                           {"awsAccountId", "111122223333"},
                           {"configRuleName", "s3-bucket-public-read-prohibited"},
                           {"configRuleARN", "arn:aws:config:ap-northeast-1:111122223333:config-rule/config-rule-x"},
                           {"messageType", "ComplianceChangeNotification"},
                           {"newEvaluationResult", result},
                           {"resourceType", "AWS::S3::Bucket"}};
  if (!before.empty()) {
    nlohmann::json old = result;
    old["complianceType"] = before;
    detail["oldEvaluationResult"] = old;
  }
  nlohmann::json e = {{"version", "0"},
                      {"id", id},
                      {"detail-type", "Config Rules Compliance Change"},
                      {"source", "aws.config"},
                      {"account", "111122223333"},
                      {"time", time},
                      {"region", "ap-northeast-1"},
                      {"resources", nlohmann::json::array()},
                      {"detail", detail}};
  return e.dump();
}

// Config repeats NON_COMPLIANT on every evaluation: the daemon says it once,
// says "fixed" once, and an older result arriving late changes nothing.
TEST_F(WorkerTest, ConfigRuleResultsAreAnnouncedOnlyWhenTheyChange) {
  Feed("c1", RuleResultEvent("c1", kWeb, "NON_COMPLIANT", "", "2026-11-29T01:00:00Z"));
  auto sent = TakeOutbox();
  ASSERT_EQ(sent.size(), 1u);
  EXPECT_TRUE(Says(sent[0], "became_public")) << sent[0].key;

  Feed("c2", RuleResultEvent("c2", kWeb, "NON_COMPLIANT", "NON_COMPLIANT", "2026-11-29T02:00:00Z"));
  Feed("c3", RuleResultEvent("c3", kWeb, "NON_COMPLIANT", "", "2026-11-29T03:00:00Z"));
  EXPECT_TRUE(TakeOutbox().empty());

  Feed("c4", RuleResultEvent("c4", kWeb, "COMPLIANT", "NON_COMPLIANT", "2026-11-29T04:00:00Z"));
  sent = TakeOutbox();
  ASSERT_EQ(sent.size(), 1u);
  EXPECT_TRUE(Says(sent[0], "fixed")) << sent[0].key;

  // Recorded before the "fixed": too late to matter.
  Feed("late", RuleResultEvent("late", kWeb, "NON_COMPLIANT", "", "2026-11-29T03:30:00Z"));
  EXPECT_TRUE(TakeOutbox().empty());
  auto rule = store_->GetRuleState("111122223333", kWeb, "s3-bucket-public-read-prohibited");
  ASSERT_TRUE(rule.ok() && rule->has_value());
  EXPECT_EQ((*rule)->compliance, "COMPLIANT");
  EXPECT_EQ(*store_->InboxDepth(), 0);

  // Another bucket has its own result.
  Feed("c5", RuleResultEvent("c5", "other-bucket", "NON_COMPLIANT", "", "2026-11-29T05:00:00Z"));
  EXPECT_EQ(TakeOutbox().size(), 1u);
}

// A read that hangs (an S3 stall) holds up the events about its bucket,
// in order, but not the events about other buckets.
TEST_F(WorkerTest, ASlowReadHoldsUpOnlyItsOwnBucket) {
  rescanner_.buckets[kWeb] = Example("public-website.json", kWeb);
  rescanner_.Stall(kWeb);
  std::atomic<bool> stop{false};
  int64_t due = 0;
  Accept("ct", ApiCallEvent("ct", "PutBucketPolicy", kWeb));
  Accept("same", RuleResultEvent("same", kWeb, "NON_COMPLIANT", "", "2026-11-29T01:00:00Z"));
  Accept("other", RuleResultEvent("other", "other-bucket", "NON_COMPLIANT", "", "2026-11-29T01:00:00Z"));
  ASSERT_TRUE(worker_->Drain(NowMs(), due, stop).ok());
  // Only the other bucket's event is done; the stalled bucket's two wait.
  auto sent = TakeOutbox();
  ASSERT_EQ(sent.size(), 1u);
  EXPECT_NE(sent[0].key.find("other-bucket"), std::string::npos) << sent[0].key;
  EXPECT_EQ(*store_->InboxDepth(), 2);

  rescanner_.Release(kWeb);
  Settle();
  // In the order they came: the read's alert, then the rule's.
  sent = TakeOutbox();
  ASSERT_EQ(sent.size(), 2u);
  EXPECT_EQ(sent[0].key.rfind("ct|", 0), 0u) << sent[0].key;
  EXPECT_EQ(sent[1].key.rfind("same|", 0), 0u) << sent[1].key;
  EXPECT_EQ(*store_->InboxDepth(), 0);
}

// --- delivery ---------------------------------------------------------------

class ScriptedSink : public notify::Sink {
 public:
  std::vector<notify::Attempt> script;  // answers in order; then delivered
  std::vector<std::string> sent;
  notify::Attempt Send(std::string_view payload, std::chrono::milliseconds) override {
    sent.emplace_back(payload);
    if (script.empty()) return notify::Attempt{notify::Attempt::Outcome::kDelivered, 200, "ok", {}, false};
    notify::Attempt a = script.front();
    script.erase(script.begin());
    return a;
  }
  std::string Describe() const override { return "scripted"; }
};

class DeliveryTest : public WorkerTest {
 protected:
  void Enqueue(const std::string& key, const std::string& text, notify::Lang lang = notify::Lang::kEn) {
    store::Commit c;
    notify::Blocks blocks;
    blocks.Section(text);
    notify::MessageOptions options;
    options.lang = lang;
    notify::SlackMessage m = blocks.Message(text, options);
    c.messages.push_back({key, std::string(kSlackDestination), m.body, "", "", m.repeat_body});
    ASSERT_TRUE(store_->Apply(c, NowMs()).ok());
  }
  notify::Pacing NoJitter() {
    return notify::Pacing{[](std::chrono::milliseconds) {}, [] { return 0.0; }};
  }
  // As a process that began delivering the head of the queue and died
  // before recording Slack's answer leaves it.
  void LeaveHeadInFlight() {
    auto head = store_->OutboxHead(std::string(kSlackDestination));
    ASSERT_TRUE(head.ok() && head->has_value());
    ASSERT_TRUE(store_->BeginDelivery((*head)->id).ok());
  }
  int64_t DrainAll(DeliveryWorker& w) {
    std::atomic<bool> stop{false};
    auto due = w.Drain(stop);
    EXPECT_TRUE(due.ok());
    return due.ok() ? *due : -1;
  }
};

TEST_F(DeliveryTest, InOrderAndWaitsForRetryAfter) {
  Enqueue("k1", "first");
  Enqueue("k2", "second");
  ScriptedSink sink;
  notify::Attempt limited{notify::Attempt::Outcome::kRetryable, 429, "rate_limited", std::chrono::milliseconds(60000),
                          false};
  sink.script = {limited};
  DeliveryWorker w(*store_, sink, notify::RetryPolicy{}, metrics_, NoJitter());
  int64_t due = DrainAll(w);
  // The first waits for Slack's Retry-After; the second waits behind it.
  ASSERT_EQ(sink.sent.size(), 1u);
  EXPECT_GE(due, NowMs() + 50000);
  EXPECT_EQ(*store_->OutboxDepth(), 2);
  EXPECT_EQ(metrics_.alerts_retried.load(), 1);
}

TEST_F(DeliveryTest, SlackDownThenBackSendsEverythingInOrderOnce) {
  for (int i = 0; i < 5; ++i) Enqueue("k" + std::to_string(i), "alert " + std::to_string(i));
  ScriptedSink sink;
  notify::Attempt down{notify::Attempt::Outcome::kRetryable, 0, "connection refused", {}, false};
  sink.script = {down, down, down};
  notify::RetryPolicy policy;
  policy.first_backoff = std::chrono::milliseconds(1);
  policy.max_backoff = std::chrono::milliseconds(1);
  DeliveryWorker w(*store_, sink, policy, metrics_, NoJitter());
  for (int round = 0; round < 20 && *store_->OutboxDepth() > 0; ++round) {
    DrainAll(w);
    std::this_thread::sleep_for(std::chrono::milliseconds(3));
  }
  EXPECT_EQ(*store_->OutboxDepth(), 0);
  std::vector<std::string> delivered(sink.sent.begin() + 3, sink.sent.end());
  ASSERT_EQ(delivered.size(), 5u);
  for (int i = 0; i < 5; ++i) EXPECT_NE(delivered[i].find("alert " + std::to_string(i)), std::string::npos);
}

TEST_F(DeliveryTest, RefusedMessageIsParkedAndTheQueueMovesOn) {
  Enqueue("bad", "refused one");
  Enqueue("good", "next one");
  ScriptedSink sink;
  sink.script = {notify::Attempt{notify::Attempt::Outcome::kPermanent, 400, "invalid_blocks", {}, false}};
  DeliveryWorker w(*store_, sink, notify::RetryPolicy{}, metrics_, NoJitter());
  DrainAll(w);
  ASSERT_EQ(sink.sent.size(), 2u);
  EXPECT_EQ(metrics_.alerts_parked.load(), 1);
  EXPECT_EQ(metrics_.alerts_sent.load(), 1);
  // Kept, with Slack's reason.
  auto parked = store_->OutboxHead(std::string(store::Store::kParkedPrefix) + std::string(kSlackDestination));
  ASSERT_TRUE(parked.ok() && parked->has_value());
  EXPECT_EQ((*parked)->key, "bad");
  EXPECT_NE((*parked)->last_error.find("invalid_blocks"), std::string::npos);
}

TEST_F(DeliveryTest, InFlightAtStartIsSentMarkedAsPossibleRepeat) {
  Enqueue("k1", "the alert");
  LeaveHeadInFlight();
  ScriptedSink sink;
  DeliveryWorker w(*store_, sink, notify::RetryPolicy{}, metrics_, NoJitter());
  DrainAll(w);
  ASSERT_EQ(sink.sent.size(), 1u);
  auto j = nlohmann::json::parse(sink.sent[0]);  // still valid JSON
  EXPECT_EQ(j["text"].get<std::string>().rfind(":repeat: Possibly a repeat", 0), 0u);
  EXPECT_EQ(j["blocks"][0]["type"], "context");
  EXPECT_EQ(j["blocks"][1]["type"], "section");
  EXPECT_EQ(metrics_.alerts_repeated.load(), 1);
}

TEST_F(DeliveryTest, TimeoutAfterSendingMarksTheRetryAsRepeat) {
  Enqueue("k1", "the alert", notify::Lang::kJa);
  ScriptedSink sink;
  notify::Attempt timeout{notify::Attempt::Outcome::kRetryable, 0, "timed out", {}, true};
  sink.script = {timeout};
  notify::RetryPolicy policy;
  policy.first_backoff = std::chrono::milliseconds(1);
  policy.max_backoff = std::chrono::milliseconds(1);
  DeliveryWorker w(*store_, sink, policy, metrics_, NoJitter());
  DrainAll(w);
  std::this_thread::sleep_for(std::chrono::milliseconds(3));
  DrainAll(w);
  ASSERT_EQ(sink.sent.size(), 2u);
  EXPECT_EQ(sink.sent[0].find("再送"), std::string::npos);
  EXPECT_NE(sink.sent[1].find("再送の可能性があります"), std::string::npos);
}

TEST_F(DeliveryTest, ARepeatOfAMessageQueuedWithoutAMarkedCopyIsSentAsQueued) {
  // As a state file of a version before marked copies holds it.
  store::Commit c;
  c.messages.push_back({"old", std::string(kSlackDestination), R"({"text":"old","blocks":[]})"});
  ASSERT_TRUE(store_->Apply(c, NowMs()).ok());
  LeaveHeadInFlight();
  ScriptedSink sink;
  DeliveryWorker w(*store_, sink, notify::RetryPolicy{}, metrics_, NoJitter());
  DrainAll(w);
  ASSERT_EQ(sink.sent.size(), 1u);
  EXPECT_EQ(sink.sent[0], R"({"text":"old","blocks":[]})");
  EXPECT_EQ(metrics_.alerts_repeated.load(), 1);
}

}  // namespace
}  // namespace bucketwatch::serve
