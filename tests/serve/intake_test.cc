// The HTTP intake and the daemon in-process, with a rescanner the test holds
// back: a full inbox answers 503 with Retry-After and accepts again once the
// worker catches up; shutting down answers 503; the secret is checked
// (docs/serve.md, "Endpoints").
#include <gtest/gtest.h>
#include <httplib.h>

#include <condition_variable>
#include <filesystem>
#include <mutex>

#include "serve/daemon.h"
#include "serve/http_intake.h"
#include "support/test_files.h"

namespace bucketwatch::serve {
namespace {

namespace fs = std::filesystem;
constexpr const char* kSecret = "intake-test-secret-0123456789";

// Holds every rescan until released.
class GatedRescanner : public Rescanner {
 public:
  Result<std::vector<scan::BucketVerdict>> Rescan(const handler::Rescan&, const Deadline&) override {
    std::unique_lock<std::mutex> lock(mu_);
    entered_ = true;
    cv_.notify_all();
    cv_.wait(lock, [this] { return open_; });
    return std::vector<scan::BucketVerdict>{};
  }
  void WaitEntered() {
    std::unique_lock<std::mutex> lock(mu_);
    cv_.wait(lock, [this] { return entered_; });
  }
  void Open() {
    std::lock_guard<std::mutex> lock(mu_);
    open_ = true;
    cv_.notify_all();
  }

 private:
  std::mutex mu_;
  std::condition_variable cv_;
  bool entered_ = false;
  bool open_ = false;
};

class NullSink : public notify::Sink {
 public:
  notify::Attempt Send(std::string_view, std::chrono::milliseconds) override {
    return notify::Attempt{notify::Attempt::Outcome::kDelivered, 200, "ok", {}, false};
  }
  std::string Describe() const override { return "null"; }
};

std::string Event(const std::string& id) {
  std::string text = testing::ReadTestData("events/cloudtrail.PutBucketPolicy.panther-analysis.json");
  // An EventBridge envelope around the record, with our id.
  return R"({"version":"0","id":")" + id +
         R"(","detail-type":"AWS API Call via CloudTrail","source":"aws.s3","account":"111122223333",)"
         R"("time":"2026-11-29T00:00:00Z","region":"us-east-1","resources":[],"detail":)" +
         text + "}";
}

TEST(HttpIntake, FullInboxAnswers503WithRetryAfterThenAcceptsAgain) {
  fs::path dir = fs::temp_directory_path() / ("bw-intake-" + std::to_string(getpid()));
  fs::remove_all(dir);
  fs::create_directories(dir);
  ServeConfig config;
  config.listen_port = 0;
  config.shared_secret = kSecret;
  config.store_path = (dir / "state.db").string();
  config.scan_interval = std::chrono::seconds(0);
  config.max_inbox = 2;
  config.retry_after_seconds = 7;
  config.slack.webhook_url = "http://127.0.0.1:1/services/x";
  auto gated = std::make_unique<GatedRescanner>();
  GatedRescanner* gate = gated.get();
  auto daemon = Daemon::Start(config, std::move(gated), std::make_unique<NullSink>());
  ASSERT_TRUE(daemon.ok()) << daemon.status().ToString();

  httplib::Client c("127.0.0.1", (*daemon)->port());
  httplib::Headers h{{"X-Bucketwatch-Secret", kSecret}};
  auto post = [&](const std::string& id) { return c.Post("/events", h, Event(id), "application/json"); };

  auto r = post("e1");
  ASSERT_TRUE(r);
  ASSERT_EQ(r->status, 202) << r->body;
  gate->WaitEntered();  // e1 is being handled and stays in the inbox meanwhile
  ASSERT_EQ(post("e2")->status, 202);
  r = post("e3");  // the inbox holds e1 and e2: full
  ASSERT_TRUE(r);
  EXPECT_EQ(r->status, 503);
  EXPECT_EQ(r->get_header_value("Retry-After"), "7");
  EXPECT_EQ((*daemon)->metrics().events_refused.load(), 1);

  // A wrong secret is refused before the body is looked at.
  httplib::Headers wrong{{"X-Bucketwatch-Secret", "intake-test-secret-012345678X"}};
  r = c.Post("/events", wrong, Event("e4"), "application/json");
  ASSERT_TRUE(r);
  EXPECT_EQ(r->status, 401);

  gate->Open();
  // Once the worker has caught up the same event is accepted.
  for (int i = 0; i < 600 && (*daemon)->metrics().inbox_depth.load() > 0; ++i) {
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
  }
  ASSERT_EQ((*daemon)->metrics().inbox_depth.load(), 0);
  r = post("e3");
  ASSERT_TRUE(r);
  EXPECT_EQ(r->status, 202);

  auto health = c.Get("/healthz");
  ASSERT_TRUE(health);
  EXPECT_EQ(health->status, 200);
  auto metrics = c.Get("/metrics");
  ASSERT_TRUE(metrics);
  EXPECT_NE(metrics->body.find("# TYPE bucketwatch_inbox_depth gauge"), std::string::npos);
  EXPECT_NE(metrics->body.find("bucketwatch_events_refused_total 1\n"), std::string::npos);
  (*daemon)->Stop();
  fs::remove_all(dir);
}

TEST(HttpIntake, SecretComparison) {
  EXPECT_TRUE(SecretMatches("abc", "abc"));
  EXPECT_FALSE(SecretMatches("abd", "abc"));
  EXPECT_FALSE(SecretMatches("ab", "abc"));
  EXPECT_FALSE(SecretMatches("", "abc"));
}

}  // namespace
}  // namespace bucketwatch::serve
