// `bucketwatch serve` as a separate process, with a Slack stand-in on
// loopback: HTTP intake answers (202/400/401/413/503), Slack down and rate
// limiting, SIGKILL in the middle of a delivery and during a burst, SIGTERM,
// duplicates. Every accepted event's alert must arrive exactly once, or once
// plus a copy marked as a possible repeat (docs/serve.md).
#include <fcntl.h>
#include <gtest/gtest.h>
#include <nlohmann/json.hpp>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <atomic>
#include <chrono>
#include <filesystem>
#include <fstream>
#include <map>
#include <mutex>
#include <set>
#include <thread>

#include "standins/slack_standin.h"
#include "support/serve_daemon.h"
#include "support/test_files.h"

namespace bucketwatch::testing {
namespace {

namespace fs = std::filesystem;
using namespace std::chrono_literals;

constexpr const char* kRepeatMark = "Possibly a repeat";

// A Config compliance change (NON_COMPLIANT) for `bucket`: announced as it
// is, without a live read (tests/data/events, AWS Config Developer Guide).
std::string ComplianceEvent(const std::string& id, const std::string& bucket) {
  static const nlohmann::json base = nlohmann::json::parse(
      ReadTestData("events/config.ComplianceChange.s3-bucket-public-write-prohibited.eventbridge.assembled.json"));
  nlohmann::json e = base;
  e["id"] = id;
  e["detail"]["resourceId"] = bucket;
  e["detail"]["newEvaluationResult"]["evaluationResultIdentifier"]["evaluationResultQualifier"]["resourceId"] = bucket;
  return e.dump();
}

class ServeTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = fs::temp_directory_path() / ("bw-serve-it-" + std::to_string(getpid()) + "-" +
                                        ::testing::UnitTest::GetInstance()->current_test_info()->name());
    fs::remove_all(dir_);
    fs::create_directories(dir_);
  }
  void TearDown() override {
    if (!HasFailure()) fs::remove_all(dir_);
  }

  // Slack messages per bucket: how many, and how many marked as a repeat.
  struct Count {
    int plain = 0;
    int repeats = 0;
  };
  std::map<std::string, Count> Received(const std::vector<std::string>& buckets) {
    std::map<std::string, Count> out;
    for (const auto& r : slack_.requests()) {
      for (const std::string& b : buckets) {
        if (r.body.find(b) == std::string::npos) continue;
        if (r.body.find(kRepeatMark) != std::string::npos) {
          out[b].repeats++;
        } else {
          out[b].plain++;
        }
      }
    }
    return out;
  }

  fs::path dir_;
  SlackStandIn slack_;
};

TEST_F(ServeTest, AnswersBadRequestsAndKeepsGoing) {
  ServeProcess d(dir_, slack_.url());
  d.Start();
  auto r = d.Post(ComplianceEvent("id-1", "bucket-one"), /*with_secret=*/false);
  ASSERT_TRUE(r);
  EXPECT_EQ(r->status, 401);
  r = d.Post("{not json");
  ASSERT_TRUE(r);
  EXPECT_EQ(r->status, 400);
  EXPECT_NE(r->body.find("\"error\""), std::string::npos);
  r = d.Post(R"({"detail-type":"Config Rules Compliance Change","detail":{}})");
  ASSERT_TRUE(r);
  EXPECT_EQ(r->status, 400) << r->body;
  r = d.Post(std::string(300 * 1024, ' '));
  ASSERT_TRUE(r);
  EXPECT_EQ(r->status, 413);

  r = d.Post(ComplianceEvent("id-1", "bucket-one"));
  ASSERT_TRUE(r);
  EXPECT_EQ(r->status, 202) << r->body;
  ASSERT_TRUE(WaitFor([&] { return slack_.requests().size() == 1; })) << d.Log();
  EXPECT_NE(slack_.requests()[0].body.find("bucket-one"), std::string::npos);

  httplib::Client c = d.Client();
  auto health = c.Get("/healthz");
  ASSERT_TRUE(health);
  EXPECT_EQ(health->status, 200);
  auto metrics = c.Get("/metrics");
  ASSERT_TRUE(metrics);
  EXPECT_NE(metrics->body.find("bucketwatch_events_received_total 1\n"), std::string::npos) << metrics->body;
  EXPECT_NE(metrics->body.find("bucketwatch_events_rejected_total 4\n"), std::string::npos);
  ASSERT_TRUE(WaitFor([&] {
    auto m = c.Get("/metrics");
    return m && m->body.find("bucketwatch_alerts_sent_total 1\n") != std::string::npos;
  }));
  EXPECT_EQ(d.Kill(SIGTERM), 0);
}

TEST_F(ServeTest, SlackDownAndRateLimitedThenEverythingInOrderOnce) {
  slack_.Script({SlackStandIn::Error(500, "internal_error"), SlackStandIn::RateLimited("1"),
                 SlackStandIn::Error(503, "service_unavailable")});
  ServeProcess d(dir_, slack_.url());
  d.Start();
  std::vector<std::string> buckets;
  for (int i = 0; i < 5; ++i) {
    buckets.push_back("ordered-bucket-" + std::to_string(i));
    auto r = d.Post(ComplianceEvent("ord-" + std::to_string(i), buckets.back()));
    ASSERT_TRUE(r);
    ASSERT_EQ(r->status, 202);
  }
  ASSERT_TRUE(WaitFor([&] { return slack_.requests().size() >= 8; })) << d.Log();
  auto requests = slack_.requests();
  ASSERT_EQ(requests.size(), 8u);
  // The three failures were all the first alert (later ones wait behind it).
  for (int i = 0; i < 3; ++i) EXPECT_NE(requests[i].body.find(buckets[0]), std::string::npos);
  for (int i = 0; i < 5; ++i) EXPECT_NE(requests[3 + i].body.find(buckets[i]), std::string::npos) << i;
  EXPECT_EQ(d.Kill(SIGTERM), 0);
}

TEST_F(ServeTest, KilledInTheMiddleOfDeliveryRepeatsAtMostOnceMarked) {
  slack_.SetFallback(SlackStandIn::Hang());
  auto d = std::make_unique<ServeProcess>(dir_, slack_.url());
  d->Start();
  ASSERT_EQ(d->Post(ComplianceEvent("kill-1", "killed-bucket-a"))->status, 202);
  ASSERT_EQ(d->Post(ComplianceEvent("kill-2", "killed-bucket-b"))->status, 202);
  // The first alert is on its way to Slack, which has not answered yet.
  ASSERT_TRUE(WaitFor([&] { return !slack_.requests().empty(); })) << d->Log();
  d->Kill(SIGKILL);
  slack_.SetFallback(SlackStandIn::Ok());
  d->Start();
  ASSERT_TRUE(WaitFor([&] {
    auto n = Received({"killed-bucket-a", "killed-bucket-b"});
    return n["killed-bucket-a"].repeats == 1 && n["killed-bucket-b"].plain == 1;
  })) << d->Log();
  auto n = Received({"killed-bucket-a", "killed-bucket-b"});
  EXPECT_EQ(n["killed-bucket-a"].plain, 1);  // the attempt cut off by the kill
  EXPECT_EQ(n["killed-bucket-a"].repeats, 1);
  EXPECT_EQ(n["killed-bucket-b"].plain, 1);
  EXPECT_EQ(n["killed-bucket-b"].repeats, 0);
  EXPECT_EQ(d->Kill(SIGTERM), 0);
}

TEST_F(ServeTest, BurstIsAcceptedOrRefusedNeverLostEvenAcrossSigkill) {
  auto d = std::make_unique<ServeProcess>(dir_, slack_.url());
  d->Start(/*max_inbox=*/20);
  constexpr int kThreads = 8;
  constexpr int kPerThread = 50;
  std::mutex mu;
  std::set<std::string> accepted;
  std::atomic<int> refused{0}, other{0};
  std::vector<std::thread> threads;
  for (int t = 0; t < kThreads; ++t) {
    threads.emplace_back([&, t] {
      httplib::Client c = d->Client();
      c.set_keep_alive(true);
      httplib::Headers h{{"X-Bucketwatch-Secret", kServeSecret}};
      for (int i = 0; i < kPerThread; ++i) {
        std::string bucket = "burst-" + std::to_string(t) + "-" + std::to_string(i) + "-end";
        auto r = c.Post("/events", h, ComplianceEvent("burst-" + bucket, bucket), "application/json");
        if (r && r->status == 202) {
          std::lock_guard<std::mutex> lock(mu);
          accepted.insert(bucket);
        } else if (r && r->status == 503) {
          EXPECT_FALSE(r->get_header_value("Retry-After").empty());
          refused++;
        } else {
          other++;
        }
      }
    });
  }
  for (auto& t : threads) t.join();
  EXPECT_EQ(other.load(), 0);
  EXPECT_EQ(static_cast<int>(accepted.size()) + refused.load(), kThreads * kPerThread);
  // Killed with work in the inbox and the outbox; restarted: nothing lost.
  d->Kill(SIGKILL);
  d->Start(20);
  std::vector<std::string> names(accepted.begin(), accepted.end());
  ASSERT_TRUE(WaitFor([&] {
    auto n = Received(names);
    for (const auto& b : names) {
      if (n[b].plain + n[b].repeats == 0) return false;
    }
    return true;
  })) << d->Log();
  auto n = Received(names);
  for (const auto& b : names) {
    EXPECT_LE(n[b].plain, 1) << b;
    EXPECT_LE(n[b].repeats, 1) << b;
    if (n[b].repeats == 1) {
      EXPECT_EQ(n[b].plain, 1) << b;  // a repeat only after a first send
    }
  }
  // Nothing that was refused was sent.
  EXPECT_EQ(slack_.requests().size(), [&] {
    size_t total = 0;
    for (const auto& b : names) total += static_cast<size_t>(n[b].plain + n[b].repeats);
    return total;
  }());
  EXPECT_EQ(d->Kill(SIGTERM), 0);
}

TEST_F(ServeTest, DuplicateEventIsAnnouncedOnce) {
  ServeProcess d(dir_, slack_.url());
  d.Start();
  ASSERT_EQ(d.Post(ComplianceEvent("dup-1", "dup-bucket"))->status, 202);
  ASSERT_EQ(d.Post(ComplianceEvent("dup-1", "dup-bucket"))->status, 202);
  ASSERT_TRUE(WaitFor([&] { return slack_.requests().size() == 1; }));
  ASSERT_EQ(d.Post(ComplianceEvent("dup-1", "dup-bucket"))->status, 202);  // after it was handled
  ASSERT_EQ(d.Post(ComplianceEvent("after-dup", "after-bucket"))->status, 202);
  // Alerts go out in order: once the later one arrived, a repeat would have too.
  ASSERT_TRUE(WaitFor([&] { return Received({"after-bucket"})["after-bucket"].plain == 1; })) << d.Log();
  EXPECT_EQ(Received({"dup-bucket"})["dup-bucket"].plain, 1);
  EXPECT_EQ(slack_.requests().size(), 2u);
}

TEST_F(ServeTest, SigtermStopsCleanlyAndLeavesTheRestForNextStart) {
  slack_.SetFallback(SlackStandIn::Error(500, "internal_error"));
  auto d = std::make_unique<ServeProcess>(dir_, slack_.url());
  d->Start();
  ASSERT_EQ(d->Post(ComplianceEvent("term-1", "term-bucket"))->status, 202);
  ASSERT_TRUE(WaitFor([&] { return !slack_.requests().empty(); }));
  int status = d->Kill(SIGTERM);
  ASSERT_TRUE(WIFEXITED(status)) << d->Log();
  EXPECT_EQ(WEXITSTATUS(status), 0);
  slack_.SetFallback(SlackStandIn::Ok());
  size_t before = slack_.requests().size();
  d->Start();
  ASSERT_TRUE(WaitFor([&] { return slack_.requests().size() > before; })) << d->Log();
  EXPECT_EQ(d->Kill(SIGTERM), 0);
  // Every attempt was a failure (500) but the last; none was cut off, so no repeat mark.
  EXPECT_EQ(Received({"term-bucket"})["term-bucket"].repeats, 0);
}

}  // namespace
}  // namespace bucketwatch::testing
