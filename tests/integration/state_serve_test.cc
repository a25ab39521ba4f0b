// Two `bucketwatch serve` processes sharing one state table (dynalite), the
// same CloudTrail events posted to both, as when EventBridge feeds two
// replicas: each transition of each bucket is announced once, by whichever
// replica's conditional write won; a policy change that leaves a bucket
// private is announced by neither; nothing stays pending in the table once
// Slack accepted it. Each replica keeps its own inbox and outbox.
#include <gtest/gtest.h>

#include <cctype>
#include <filesystem>
#include <map>
#include <memory>
#include <string>
#include <vector>

#include "support/serve_daemon.h"
#include "support/state_handle.h"

namespace bucketwatch {
namespace {

using testing::AccountPolicy;
using testing::CloudTrailCall;
using testing::PublicPolicy;
using testing::ServeProcess;
using testing::WaitFor;

constexpr int kBuckets = 12;

class StateServeTest : public testing::StateHandleFixture {
 protected:
  void SetUp() override {
    testing::StateHandleFixture::SetUp();
    if (IsSkipped()) return;
    for (int i = 0; i < 2; ++i) {
      dirs_.push_back(std::filesystem::temp_directory_path() /
                      ("bw-state-serve-" + std::to_string(getpid()) + "-" + std::to_string(i)));
      std::filesystem::remove_all(dirs_.back());
      std::filesystem::create_directories(dirs_.back());
      replicas_.push_back(std::make_unique<ServeProcess>(dirs_.back(), slack_.url(), Env()));
      replicas_.back()->Start();
    }
  }
  void TearDown() override {
    replicas_.clear();
    if (!HasFailure()) {
      for (const auto& d : dirs_) std::filesystem::remove_all(d);
    }
  }

  static std::string Bucket(int i) { return "shared-bucket-" + std::to_string(i); }

  // Posts the event to both replicas.
  void PostToBoth(const std::string& event) {
    for (auto& r : replicas_) {
      auto answer = r->Post(event);
      ASSERT_TRUE(answer);
      ASSERT_EQ(answer->status, 202) << answer->body;
    }
  }

  // A counter or gauge of one replica's /metrics (-1: not readable).
  static long Metric(ServeProcess& r, const std::string& name) {
    auto m = r.Client().Get("/metrics");
    if (!m) return -1;
    const std::string line = "\n" + name + " ";
    size_t at = m->body.find(line);
    if (at == std::string::npos) return -1;
    return std::stol(m->body.substr(at + line.size()));
  }

  // Both replicas handled `events` events each and delivered all they queued.
  bool Settled(long events) {
    for (auto& r : replicas_) {
      if (Metric(*r, "bucketwatch_events_handled_total") < events) return false;
      if (Metric(*r, "bucketwatch_outbox_depth") != 0) return false;
    }
    return true;
  }

  std::string Logs() const {
    std::string out;
    for (const auto& r : replicas_) out += r->Log();
    return out;
  }

  // Slack messages naming `bucket` (its name followed by a non-name
  // character, so that shared-bucket-1 does not count shared-bucket-10).
  int MessagesAbout(const std::string& bucket) {
    int n = 0;
    for (const auto& r : slack_.requests()) {
      for (size_t at = r.body.find(bucket); at != std::string::npos; at = r.body.find(bucket, at + 1)) {
        const char next = at + bucket.size() < r.body.size() ? r.body[at + bucket.size()] : ' ';
        if (std::isdigit(static_cast<unsigned char>(next))) continue;
        ++n;
        break;
      }
    }
    return n;
  }

  std::vector<std::filesystem::path> dirs_;
  std::vector<std::unique_ptr<ServeProcess>> replicas_;
};

TEST_F(StateServeTest, TwoReplicasAnnounceEachTransitionOnce) {
  long posted = 0;
  // Every bucket made public: the same event reaches both replicas.
  for (int i = 0; i < kBuckets; ++i) SetBucket(Bucket(i), PublicPolicy(Bucket(i)));
  for (int i = 0; i < kBuckets; ++i)
    PostToBoth(CloudTrailCall(Bucket(i), "open-" + std::to_string(i), "PutBucketPolicy"));
  posted += kBuckets;
  ASSERT_TRUE(WaitFor([&] { return Settled(posted); })) << Logs();
  ASSERT_EQ(slack_.requests().size(), static_cast<size_t>(kBuckets)) << Logs();
  for (int i = 0; i < kBuckets; ++i) {
    EXPECT_EQ(MessagesAbout(Bucket(i)), 1) << Bucket(i);
    change::Recollection rec = Recall(Bucket(i));
    ASSERT_TRUE(rec.digest.has_value()) << Bucket(i);
    EXPECT_TRUE(rec.digest->exposed) << Bucket(i);
    EXPECT_TRUE(rec.pending.empty()) << Bucket(i) << ": " << rec.pending.size() << " pending after delivery";
  }

  // Half of them closed, each with its own event, again to both.
  for (int i = 0; i < kBuckets / 2; ++i) SetBucket(Bucket(i), AccountPolicy(Bucket(i)));
  for (int i = 0; i < kBuckets / 2; ++i) {
    PostToBoth(CloudTrailCall(Bucket(i), "close-" + std::to_string(i), "PutBucketPolicy"));
  }
  posted += kBuckets / 2;
  ASSERT_TRUE(WaitFor([&] { return Settled(posted); })) << Logs();
  EXPECT_EQ(slack_.requests().size(), static_cast<size_t>(kBuckets + kBuckets / 2)) << Logs();

  // A policy change that leaves a closed bucket private: neither says anything.
  PostToBoth(CloudTrailCall(Bucket(0), "quiet-0", "PutBucketPolicy"));
  posted += 1;
  ASSERT_TRUE(WaitFor([&] { return Settled(posted); })) << Logs();
  EXPECT_EQ(slack_.requests().size(), static_cast<size_t>(kBuckets + kBuckets / 2)) << Logs();

  for (int i = 0; i < kBuckets; ++i) EXPECT_EQ(MessagesAbout(Bucket(i)), i < kBuckets / 2 ? 2 : 1) << Bucket(i);
  for (int i = 0; i < kBuckets / 2; ++i) {
    change::Recollection rec = Recall(Bucket(i));
    ASSERT_TRUE(rec.digest.has_value()) << Bucket(i);
    EXPECT_FALSE(rec.digest->exposed) << Bucket(i);
    EXPECT_TRUE(rec.pending.empty()) << Bucket(i);
  }
  for (const auto& r : slack_.requests()) {
    EXPECT_EQ(r.body.find(":repeat:"), std::string::npos) << "a copy marked as a repeat: " << r.body;
  }
}

}  // namespace
}  // namespace bucketwatch
