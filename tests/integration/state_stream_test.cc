// Streams of CloudTrail calls through many processes sharing one state
// table (dynalite), as the Lambda fleet meets them: `bucketwatch handle`
// processes for single events, warm `bucketwatch lambda` instances (each fed
// by a Runtime API stand-in) for the long streams. A retried event posts
// once; a process killed after its state write and before Slack answered
// leaves the alert to the retry, which sends it marked as a possible repeat;
// a thousand policy changes that leave buckets private post nothing; a read
// older than the stored one does not flip the standing back; a shuffled,
// duplicated stream from parallel instances leaves every bucket's standing
// as last read, each transition announced exactly once.
#include <gtest/gtest.h>
#include <nlohmann/json.hpp>
#include <signal.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <condition_variable>
#include <map>
#include <mutex>
#include <random>
#include <thread>
#include <vector>

#include "standins/runtime_api_standin.h"
#include "support/state_handle.h"

namespace bucketwatch {
namespace {

using testing::AccountPolicy;
using testing::BucketwatchBinary;
using testing::CloudTrailCall;
using testing::CommandResult;
using testing::FakeAnswer;
using testing::FakeCall;
using testing::PublicPolicy;
using testing::RunCommand;
using testing::RuntimeApiStandIn;
using testing::SlackStandIn;

constexpr const char* kBucket = "streamed-bucket";

int64_t NowMs() {
  return std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::system_clock::now().time_since_epoch())
      .count();
}

bool Marked(const SlackStandIn::Request& r) { return r.body.find(":repeat:") != std::string::npos; }

size_t CountMarked(const std::vector<SlackStandIn::Request>& requests) {
  return static_cast<size_t>(std::count_if(requests.begin(), requests.end(), Marked));
}

// Waits (at most `limit`) until `done` holds.
template <typename F>
bool WaitFor(F done, std::chrono::milliseconds limit) {
  auto until = std::chrono::steady_clock::now() + limit;
  while (!done()) {
    if (std::chrono::steady_clock::now() > until) return false;
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  }
  return true;
}

// An invocation's summary (handler.h): what `handle` prints, what the
// function answers.
nlohmann::json Summary(const std::string& text) {
  auto j = nlohmann::json::parse(text, nullptr, false);
  EXPECT_FALSE(j.is_discarded()) << text;
  return j.is_discarded() ? nlohmann::json::object() : j;
}

// Runs `run(i)` for i in [0, n) on `workers` threads.
template <typename F>
void OnWorkers(size_t n, size_t workers, F run) {
  std::atomic<size_t> next{0};
  std::vector<std::thread> threads;
  for (size_t w = 0; w < workers; ++w) {
    threads.emplace_back([&] {
      for (size_t i = next++; i < n; i = next++) run(i);
    });
  }
  for (std::thread& t : threads) t.join();
}

class StateStreamTest : public testing::StateHandleFixture {
 protected:
  // A fleet of `instances` warm function instances, each a `bucketwatch
  // lambda` process taking its events in turn from a Runtime API stand-in of
  // its own (event i goes to instance i % instances), all running at once.
  // The invocations' summaries (handler.h), in the order of `events`.
  std::vector<std::string> RunFleet(const std::vector<std::string>& events, size_t instances) {
    std::vector<std::string> summaries(events.size());
    OnWorkers(instances, instances, [&](size_t instance) {
      RuntimeApiStandIn api;
      std::vector<size_t> mine;
      for (size_t i = instance; i < events.size(); i += instances) {
        api.Push({"req-" + std::to_string(i), events[i]});
        mine.push_back(i);
      }
      std::vector<std::string> env = Env();
      env.push_back("AWS_LAMBDA_RUNTIME_API=" + api.host_port());
      CommandResult r = RunCommand({BucketwatchBinary(), "lambda"}, "", env);
      std::vector<RuntimeApiStandIn::Answer> answers = api.answers();
      ASSERT_EQ(answers.size(), mine.size()) << r.err;
      for (size_t k = 0; k < mine.size(); ++k) {
        EXPECT_EQ(answers[k].kind, "response") << answers[k].error_type << " " << answers[k].body;
        summaries[mine[k]] = answers[k].body;
      }
    });
    return summaries;
  }
};

TEST_F(StateStreamTest, TheSameEventHandledTwicePostsOnce) {
  SetBucket(kBucket, PublicPolicy(kBucket));
  const std::string event = CloudTrailCall(kBucket, "retried", "PutBucketPolicy");
  CommandResult first = Handle(event);
  EXPECT_EQ(first.exit_code, 1) << first.out << first.err;  // public: needs action
  CommandResult retry = Handle(event);                      // Lambda's retry of the same event
  EXPECT_EQ(retry.exit_code, 0) << retry.out << retry.err;
  EXPECT_FALSE(Summary(retry.out).contains("alerts")) << retry.out;
  ASSERT_EQ(slack_.requests().size(), 1u) << first.out << retry.out;
  EXPECT_FALSE(Marked(slack_.requests()[0]));
  EXPECT_TRUE(Recall(kBucket).pending.empty());
}

TEST_F(StateStreamTest, AProcessKilledBeforeSlackAnsweredLeavesTheAlertToTheRetry) {
  SetBucket(kBucket, PublicPolicy(kBucket));
  slack_.Script({SlackStandIn::Hang()});  // the first POST arrives and is never answered
  const std::string event = CloudTrailCall(kBucket, "killed", "PutBucketPolicy");
  // A deadline, as every Lambda invocation has: the alert is recorded with it.
  std::vector<std::string> env = Env();
  env.push_back("BUCKETWATCH_SLACK_TIMEOUT=30");
  std::atomic<int> pid{0};
  CommandResult killed;
  std::thread run([&] {
    killed = RunCommand({BucketwatchBinary(), "handle", "--timeout", "6", "-"}, event, env, [&](int p) { pid = p; });
  });
  bool posted = WaitFor([&] { return pid != 0 && !slack_.requests().empty(); }, std::chrono::milliseconds(5500));
  if (pid != 0) kill(pid, SIGKILL);  // after the state write, before Slack answered
  run.join();
  ASSERT_TRUE(posted) << "the first POST never arrived: " << killed.out << killed.err;
  EXPECT_EQ(killed.exit_code, 128 + SIGKILL) << killed.out << killed.err;

  // As the killed process left it: the alert pending, not given up on.
  change::Recollection left = Recall(kBucket);
  ASSERT_EQ(left.pending.size(), 1u);
  EXPECT_FALSE(left.pending[0].abandoned);
  ASSERT_GT(left.pending[0].until_ms, 0);
  const int64_t wait_ms = left.pending[0].until_ms + 50 - NowMs();
  ASSERT_LT(wait_ms, 7000);
  if (wait_ms > 0) std::this_thread::sleep_for(std::chrono::milliseconds(wait_ms));

  CommandResult retry = Handle(event);  // past the killed invocation's deadline
  EXPECT_EQ(retry.exit_code, 1) << retry.out << retry.err;
  std::vector<SlackStandIn::Request> sent = slack_.requests();
  ASSERT_EQ(sent.size(), 2u) << retry.out << retry.err;
  EXPECT_FALSE(Marked(sent[0]));  // the killed process' POST, which Slack may have shown
  EXPECT_TRUE(Marked(sent[1])) << sent[1].body;
  EXPECT_EQ(sent.size() - CountMarked(sent), 1u);  // at most one unmarked copy
  nlohmann::json summary = Summary(retry.out);
  ASSERT_EQ(summary["alerts"].size(), 1u) << retry.out;
  EXPECT_EQ(summary["alerts"][0]["what"], "became_public") << retry.out;
  EXPECT_EQ(summary["alerts"][0]["possible_repeat"], true) << retry.out;
  EXPECT_TRUE(Recall(kBucket).pending.empty());

  CommandResult again = Handle(event);  // delivered: nothing more
  EXPECT_EQ(again.exit_code, 0) << again.out;
  EXPECT_EQ(slack_.requests().size(), 2u);
}

TEST_F(StateStreamTest, AThousandPolicyChangesOnPrivateBucketsPostNothing) {
  constexpr size_t kBuckets = 10, kEvents = 1000;
  const char* calls[] = {"PutBucketPolicy", "DeleteBucketPolicy", "PutBucketAcl", "PutBucketPolicy"};
  std::vector<std::string> names;
  for (size_t b = 0; b < kBuckets; ++b) names.push_back("quiet-" + std::to_string(b));
  for (const std::string& n : names) SetBucket(n, AccountPolicy(n));
  // Every read of a policy finds another one, each leaving the bucket
  // private: none, one partner account, another.
  s3_.SetFault([](const FakeCall& call) -> std::optional<FakeAnswer> {
    if (call.operation != "GetBucketPolicy") return std::nullopt;
    switch (call.nth % 3) {
      case 0: return testing::FakeS3::Error(404, "NoSuchBucketPolicy", "The bucket policy does not exist");
      case 1: return FakeAnswer{200, AccountPolicy(call.bucket, "444455556666")};
      default: return FakeAnswer{200, AccountPolicy(call.bucket, "777788889999")};
    }
  });
  std::vector<std::string> events;
  for (size_t i = 0; i < kEvents; ++i) {
    events.push_back(CloudTrailCall(names[i % kBuckets], "quiet-" + std::to_string(i), calls[i % 4]));
  }
  std::vector<std::string> summaries = RunFleet(events, 4);
  for (size_t i = 0; i < kEvents; ++i) {
    ASSERT_NE(summaries[i].find("\"state\":\"compared\""), std::string::npos) << i << ": " << summaries[i];
    ASSERT_FALSE(Summary(summaries[i]).contains("alerts")) << i << ": " << summaries[i];
  }
  EXPECT_EQ(s3_.Count("GetBucketPolicy"), static_cast<int>(kEvents));
  EXPECT_EQ(slack_.requests().size(), 0u);
  for (const std::string& n : names) {
    change::Recollection rec = Recall(n);
    EXPECT_GT(rec.version, 0) << n;
    ASSERT_TRUE(rec.digest.has_value()) << n;
    EXPECT_FALSE(rec.digest->exposed) << n;
    EXPECT_TRUE(rec.pending.empty()) << n;
  }
}

TEST_F(StateStreamTest, AnOlderReadStoredLaterDoesNotFlipTheStandingBack) {
  SetBucket(kBucket, AccountPolicy(kBucket));
  // The first process reads the bucket while it is private, then stalls on
  // its last read until a second process has read it public and stored that.
  std::mutex mu;
  std::condition_variable cv;
  bool stalled = false, released = false;
  s3_.SetFault([&](const FakeCall& call) -> std::optional<FakeAnswer> {
    if (call.nth != 1) return std::nullopt;
    if (call.operation == "GetBucketPolicyStatus") {
      return FakeAnswer{200, R"(<PolicyStatus xmlns="http://s3.amazonaws.com/doc/2006-03-01/">)"
                             "<IsPublic>false</IsPublic></PolicyStatus>"};
    }
    if (call.operation != "GetBucketOwnershipControls") return std::nullopt;
    std::unique_lock lock(mu);
    stalled = true;
    cv.notify_all();
    cv.wait_for(lock, std::chrono::seconds(20), [&] { return released; });
    return std::nullopt;
  });
  CommandResult older;
  std::thread first([&] { older = Handle(CloudTrailCall(kBucket, "older", "PutBucketPolicy")); });
  {
    std::unique_lock lock(mu);
    cv.wait_for(lock, std::chrono::seconds(10), [&] { return stalled; });
  }
  SetBucket(kBucket, PublicPolicy(kBucket));
  CommandResult newer = Handle(CloudTrailCall(kBucket, "newer", "PutBucketPolicy"));
  {
    std::lock_guard lock(mu);
    released = true;
  }
  cv.notify_all();
  first.join();
  ASSERT_TRUE(stalled) << older.out << older.err;
  EXPECT_EQ(newer.exit_code, 1) << newer.out << newer.err;
  EXPECT_NE(newer.out.find("\"what\":\"became_public\""), std::string::npos) << newer.out;
  EXPECT_EQ(older.exit_code, 0) << older.out << older.err;
  EXPECT_NE(older.out.find("a newer read is already stored"), std::string::npos) << older.out;
  ASSERT_TRUE(Recall(kBucket).digest.has_value());
  EXPECT_TRUE(Recall(kBucket).digest->exposed);

  // Still public the same way: no "fixed" and no second "became public".
  CommandResult later = Handle(CloudTrailCall(kBucket, "later", "PutBucketAcl"));
  EXPECT_EQ(later.exit_code, 0) << later.out << later.err;
  ASSERT_EQ(slack_.requests().size(), 1u);
  EXPECT_FALSE(Marked(slack_.requests()[0]));
}

// 2,000 calls on 200 buckets through 8 function instances, in four rounds: before each,
// every bucket is set private (two ways) or public; the round's calls (two
// per bucket and 100 duplicates, same event id) are shuffled. Within a
// round a bucket's live state holds still, so what must be announced is
// exact: "became public" or "fixed" once for a bucket whose standing
// changed, nothing for the others.
TEST_F(StateStreamTest, AShuffledDuplicatedStreamFromParallelInstancesAnnouncesEachTransitionOnce) {
  constexpr size_t kBuckets = 200, kRounds = 4, kWorkers = 8;
  std::mt19937 random(20261206);
  std::vector<std::string> names;
  for (size_t b = 0; b < kBuckets; ++b) names.push_back("mixed-" + std::to_string(1000 + b));
  std::vector<std::optional<bool>> standing(kBuckets);  // public? nullopt: never read
  const char* calls[] = {"PutBucketPolicy", "DeleteBucketPolicy", "PutBucketAcl", "DeleteBucketPublicAccessBlock"};
  size_t handled = 0, announced = 0;
  for (size_t round = 0; round < kRounds; ++round) {
    std::vector<bool> is_public(kBuckets);
    std::map<std::string, std::string> expected;  // bucket -> what must be announced
    for (size_t b = 0; b < kBuckets; ++b) {
      const int pick = static_cast<int>(random() % 3);
      is_public[b] = pick == 2;
      SetBucket(names[b], pick == 0 ? "" : pick == 1 ? AccountPolicy(names[b]) : PublicPolicy(names[b]));
      if (is_public[b] && standing[b] != true) expected[names[b]] = "became_public";
      if (!is_public[b] && standing[b] == true) expected[names[b]] = "fixed";
      standing[b] = is_public[b];
    }
    std::vector<std::string> events;
    for (size_t b = 0; b < kBuckets; ++b) {
      for (int k = 0; k < 2; ++k) {
        std::string id = "r" + std::to_string(round) + "-" + names[b] + "-" + std::to_string(k);
        events.push_back(CloudTrailCall(names[b], id, calls[random() % 4]));
      }
    }
    for (size_t d = 0; d < 100; ++d) events.push_back(events[random() % (2 * kBuckets)]);
    std::shuffle(events.begin(), events.end(), random);

    std::vector<std::string> summaries = RunFleet(events, kWorkers);
    handled += events.size();

    std::map<std::string, std::vector<std::string>> said;  // bucket -> what was announced
    for (const std::string& text : summaries) {
      ASSERT_NE(text.find("\"state\":\"compared\""), std::string::npos) << text;
      nlohmann::json j = Summary(text);
      if (!j.contains("alerts")) continue;
      for (const nlohmann::json& a : j["alerts"]) {
        EXPECT_FALSE(a.contains("possible_repeat")) << text;
        EXPECT_EQ(a["delivered"], true) << text;
        said[a["bucket"].get<std::string>()].push_back(a["what"].get<std::string>());
      }
    }
    for (const auto& [bucket, what] : expected) {
      auto it = said.find(bucket);
      ASSERT_NE(it, said.end()) << "round " << round << ": " << bucket << " " << what << " was not announced";
      EXPECT_EQ(it->second, std::vector<std::string>{what}) << "round " << round << ": " << bucket;
    }
    for (const auto& [bucket, what] : said) {
      EXPECT_TRUE(expected.count(bucket)) << "round " << round << ": " << bucket << " announced " << what[0];
    }
    announced += expected.size();
    std::vector<SlackStandIn::Request> sent = slack_.requests();
    ASSERT_EQ(sent.size(), announced) << "round " << round;
    EXPECT_EQ(CountMarked(sent), 0u);
  }
  EXPECT_EQ(handled, 2000u);
  // Every bucket's stored standing is its last read, with nothing pending;
  // every bucket that ends public had its "public" alert delivered.
  std::vector<SlackStandIn::Request> sent = slack_.requests();
  for (size_t b = 0; b < kBuckets; ++b) {
    change::Recollection rec = Recall(names[b]);
    ASSERT_TRUE(rec.digest.has_value()) << names[b];
    EXPECT_EQ(rec.digest->exposed, *standing[b]) << names[b];
    EXPECT_TRUE(rec.pending.empty()) << names[b];
    if (*standing[b]) {
      EXPECT_TRUE(std::any_of(sent.begin(), sent.end(), [&](const SlackStandIn::Request& r) {
        return r.body.find(names[b]) != std::string::npos;
      })) << names[b];
    }
  }
}

}  // namespace
}  // namespace bucketwatch
