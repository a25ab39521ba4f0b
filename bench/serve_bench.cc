// `bucketwatch serve` end to end, in one process on loopback (docs/benchmarks.md):
//
//  1. Intake: events per second from HTTP POST to 202, i.e. durably
//     committed to the inbox (group commit, synchronous=FULL), with 16
//     keep-alive senders. The event and delivery workers run meanwhile.
//  2. Latency: a CloudTrail PutBucketPolicy event's arrival to the Slack POST
//     (the stand-in's receipt), p50 and p99, one event every 50 ms, with the
//     live read of the bucket taking 20 ms (a rescanner that sleeps 20 ms,
//     standing for S3's latency, then judges a public snapshot).
//  3. S3 stall: while the live reads of a few buckets hang (10 s each, as in
//     an S3 outage), Config rule results about other buckets arrive one
//     every 20 ms: their arrival to the Slack POST, which they need no S3 for.
//
// Usage: serve_bench [intake_events] [latency_events] [stall_config_events]
#include <httplib.h>
#include <nlohmann/json.hpp>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <map>
#include <mutex>
#include <sstream>
#include <thread>
#include <vector>

#include "base/log.h"
#include "exposure/evaluator.h"
#include "exposure/snapshot_json.h"
#include "serve/daemon.h"

namespace bw = bucketwatch;
using Clock = std::chrono::steady_clock;
using namespace std::chrono_literals;

namespace {

// Buckets whose read hangs, as in an S3 outage.
constexpr std::string_view kStalledPrefix = "stalled-";
constexpr auto kStall = 10s;

constexpr const char* kSecret = "bench-shared-secret-0123456789";

std::string ReadFile(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream s;
  s << in.rdbuf();
  return s.str();
}

// The example public website, under the asked bucket's name (its policy names
// its bucket), read after 20 ms.
class SlowS3Rescanner : public bw::serve::Rescanner {
 public:
  explicit SlowS3Rescanner(std::string example) : example_(std::move(example)) {}
  bw::Result<std::vector<bw::scan::BucketVerdict>> Rescan(const bw::handler::Rescan& rescan,
                                                          const bw::Deadline&) override {
    std::this_thread::sleep_for(rescan.bucket.rfind(kStalledPrefix, 0) == 0 ? kStall : 20ms);
    bw::scan::BucketVerdict b;
    b.bucket = rescan.bucket;
    std::string text = example_;
    for (size_t at = text.find(kExampleBucket); at != std::string::npos; at = text.find(kExampleBucket, at)) {
      text.replace(at, kExampleBucket.size(), rescan.bucket);
      at += rescan.bucket.size();
    }
    auto batch = bw::exposure::ParseSnapshots(text, parser_);
    if (batch.snapshots.empty()) return bw::Status(bw::StatusCode::kInternal, "example unreadable");
    b.snapshot = batch.snapshots[0];
    b.snapshot.account = rescan.account;
    b.snapshot.region = rescan.region;
    b.verdict = bw::exposure::Evaluate(b.snapshot);
    return std::vector<bw::scan::BucketVerdict>{std::move(b)};
  }

 private:
  static constexpr std::string_view kExampleBucket = "example-public-website";
  std::string example_;
  bw::json::Parser parser_;
};

// An event EventBridge may well send that bucketwatch does not act on: it
// goes through intake, the inbox and the event worker, and nothing reaches
// Slack (whose own limit, one message a second, would otherwise be measured).
std::string IgnoredEvent(const std::string& id, const std::string& bucket) {
  nlohmann::json e = {{"version", "0"},
                      {"id", id},
                      {"detail-type", "Object Created"},
                      {"source", "aws.s3"},
                      {"account", "111122223333"},
                      {"time", "2026-11-29T01:00:00Z"},
                      {"region", "ap-northeast-1"},
                      {"resources", nlohmann::json::array({"arn:aws:s3:::" + bucket})},
                      {"detail", {{"bucket", {{"name", bucket}}}, {"object", {{"key", "logs/2026/11/29/x.gz"}}}}}};
  return e.dump();
}

std::string ComplianceEvent(const std::string& id, const std::string& bucket) {
  nlohmann::json e = {{"version", "0"},
                      {"id", id},
                      {"detail-type", "Config Rules Compliance Change"},
                      {"source", "aws.config"},
                      {"account", "111122223333"},
                      {"time", "2026-11-29T01:00:00Z"},
                      {"region", "ap-northeast-1"},
                      {"resources", nlohmann::json::array()},
                      {"detail",
                       {{"resourceId", bucket},
                        {"awsRegion", "ap-northeast-1"},
                        {"awsAccountId", "111122223333"},
                        {"configRuleName", "s3-bucket-public-read-prohibited"},
                        {"messageType", "ComplianceChangeNotification"},
                        {"resourceType", "AWS::S3::Bucket"},
                        {"newEvaluationResult",
                         {{"evaluationResultIdentifier",
                           {{"evaluationResultQualifier",
                             {{"configRuleName", "s3-bucket-public-read-prohibited"},
                              {"resourceType", "AWS::S3::Bucket"},
                              {"resourceId", bucket}}}}},
                          {"complianceType", "NON_COMPLIANT"}}}}}};
  return e.dump();
}

std::string ApiCallEvent(const std::string& id, const std::string& bucket) {
  nlohmann::json e = {{"version", "0"},
                      {"id", id},
                      {"detail-type", "AWS API Call via CloudTrail"},
                      {"source", "aws.s3"},
                      {"account", "111122223333"},
                      {"time", "2026-11-29T01:00:00Z"},
                      {"region", "ap-northeast-1"},
                      {"resources", nlohmann::json::array()},
                      {"detail",
                       {{"eventVersion", "1.08"},
                        {"userIdentity", {{"type", "IAMUser"}, {"arn", "arn:aws:iam::111122223333:user/alice"}}},
                        {"eventTime", "2026-11-29T01:00:00Z"},
                        {"eventSource", "s3.amazonaws.com"},
                        {"eventName", "PutBucketPolicy"},
                        {"awsRegion", "ap-northeast-1"},
                        {"sourceIPAddress", "203.0.113.7"},
                        {"requestParameters", {{"bucketName", bucket}}},
                        {"eventID", id + "-ct"},
                        {"recipientAccountId", "111122223333"}}}};
  return e.dump();
}

double Percentile(std::vector<double> v, double p) {
  if (v.empty()) return 0;
  std::sort(v.begin(), v.end());
  size_t i = static_cast<size_t>(p * static_cast<double>(v.size() - 1) + 0.5);
  return v[std::min(i, v.size() - 1)];
}

// Posts `n` events, one every `gap`, each about its own bucket
// ("<prefix>N-end", so the stand-in finds the name in the alert); returns
// when each was posted, by "<prefix>N".
template <typename MakeEvent>
std::map<std::string, Clock::time_point> SendPaced(httplib::Client& c, int n, const std::string& prefix,
                                                   std::chrono::milliseconds gap, MakeEvent make_event) {
  httplib::Headers h{{"X-Bucketwatch-Secret", kSecret}};
  std::map<std::string, Clock::time_point> sent;
  for (int i = 0; i < n; ++i) {
    std::string bucket = prefix + std::to_string(i);
    auto t0 = Clock::now();
    auto r = c.Post("/events", h, make_event(prefix + "ev-" + std::to_string(i), bucket + "-end"), "application/json");
    if (!r || r->status != 202) {
      std::fprintf(stderr, "event %s not accepted\n", bucket.c_str());
      continue;
    }
    sent[bucket] = t0;
    std::this_thread::sleep_for(gap);
  }
  return sent;
}

// Waits (up to 20 s) for every sent bucket's alert to reach the Slack
// stand-in; returns each one's time from POST to arrival, in ms.
std::vector<double> ArrivalTimesMs(const std::map<std::string, Clock::time_point>& sent,
                                   const std::map<std::string, Clock::time_point>& arrived, std::mutex& mu) {
  for (int i = 0; i < 400; ++i) {
    {
      std::lock_guard<std::mutex> lock(mu);
      if (std::all_of(sent.begin(), sent.end(), [&](const auto& e) { return arrived.count(e.first) > 0; })) break;
    }
    std::this_thread::sleep_for(50ms);
  }
  std::vector<double> ms;
  std::lock_guard<std::mutex> lock(mu);
  for (const auto& [bucket, t0] : sent) {
    auto it = arrived.find(bucket);
    if (it != arrived.end()) ms.push_back(std::chrono::duration<double, std::milli>(it->second - t0).count());
  }
  return ms;
}

}  // namespace

int main(int argc, char** argv) {
  int intake_events = argc > 1 ? std::atoi(argv[1]) : 20000;
  int latency_events = argc > 2 ? std::atoi(argv[2]) : 300;
  int stall_events = argc > 3 ? std::atoi(argv[3]) : 100;
  bw::log::SetLevel(bw::log::Level::kError);

  // Slack stand-in: when each message arrived, by bucket.
  std::mutex mu;
  std::map<std::string, Clock::time_point> arrived;
  httplib::Server slack;
  slack.Post(R"(/services/.*)", [&](const httplib::Request& req, httplib::Response& res) {
    auto now = Clock::now();
    size_t at = req.body.find("latbucket-");
    if (at == std::string::npos) at = req.body.find("cfgbucket-");
    if (at != std::string::npos) {
      size_t end = req.body.find("-end", at);
      std::lock_guard<std::mutex> lock(mu);
      arrived.emplace(req.body.substr(at, end - at), now);
    }
    res.set_content("ok", "text/plain");
  });
  slack.set_tcp_nodelay(true);
  int slack_port = slack.bind_to_any_port("127.0.0.1");
  std::thread slack_thread([&] { slack.listen_after_bind(); });

  auto dir = std::filesystem::temp_directory_path() / ("bw-serve-bench-" + std::to_string(getpid()));
  std::filesystem::create_directories(dir);
  bw::serve::ServeConfig config;
  config.listen_port = 0;
  config.shared_secret = kSecret;
  config.store_path = (dir / "state.db").string();
  config.scan_interval = 0s;
  config.max_inbox = 1 << 30;
  config.slack.webhook_url = "http://127.0.0.1:" + std::to_string(slack_port) + "/services/T0/B0/benchbenchbench";

  auto daemon = bw::serve::Daemon::Start(
      config,
      std::make_unique<SlowS3Rescanner>(ReadFile(std::string(BW_SOURCE_DIR) + "/examples/public-website.json")));
  if (!daemon.ok()) {
    std::fprintf(stderr, "serve_bench: %s\n", daemon.status().ToString().c_str());
    return 1;
  }
  int port = (*daemon)->port();

  // 1. Intake throughput.
  constexpr int kSenders = 64;
  std::atomic<int> next{0}, accepted{0}, failed{0};
  auto start = Clock::now();
  std::vector<std::thread> senders;
  for (int t = 0; t < kSenders; ++t) {
    senders.emplace_back([&] {
      httplib::Client c("127.0.0.1", port);
      c.set_keep_alive(true);
      c.set_tcp_nodelay(true);  // else the client's header and body writes meet delayed ACKs (40 ms)
      httplib::Headers h{{"X-Bucketwatch-Secret", kSecret}};
      for (int i = next++; i < intake_events; i = next++) {
        std::string n = std::to_string(i);
        auto r = c.Post("/events", h, IgnoredEvent("intake-" + n, "intake-" + n), "application/json");
        if (r && r->status == 202) {
          accepted++;
        } else {
          failed++;
        }
      }
    });
  }
  for (auto& t : senders) t.join();
  double seconds = std::chrono::duration<double>(Clock::now() - start).count();
  std::printf("intake: %d events accepted (%d not) in %.2f s: %.0f events/s (HTTP POST -> inbox commit, %d senders)\n",
              accepted.load(), failed.load(), seconds, accepted.load() / seconds, kSenders);
  // Let the backlog drain before measuring latency.
  while ((*daemon)->metrics().inbox_depth.load() > 0) std::this_thread::sleep_for(50ms);
  std::printf("intake: backlog handled %.2f s after the last 202\n",
              std::chrono::duration<double>(Clock::now() - start).count() - seconds);

  // 2. Latency, CloudTrail arrival -> Slack POST.
  httplib::Client c("127.0.0.1", port);
  c.set_keep_alive(true);
  c.set_tcp_nodelay(true);
  httplib::Headers h{{"X-Bucketwatch-Secret", kSecret}};
  std::map<std::string, Clock::time_point> sent =
      SendPaced(c, latency_events, "latbucket-", 50ms,
                [](const std::string& id, const std::string& bucket) { return ApiCallEvent(id, bucket); });
  std::vector<double> ms = ArrivalTimesMs(sent, arrived, mu);
  double p50 = Percentile(ms, 0.50), p99 = Percentile(ms, 0.99);
  std::printf(
      "latency: %zu CloudTrail events, arrival -> Slack POST with a 20 ms S3 read: p50 %.1f ms, p99 %.1f ms "
      "(beyond S3's 20 ms: p50 %.1f ms, p99 %.1f ms)\n",
      ms.size(), p50, p99, p50 - 20, p99 - 20);

  // 3. Config results while S3 hangs for other buckets.
  for (int i = 0; i < 4; ++i) {
    std::string bucket = std::string(kStalledPrefix) + std::to_string(i);
    auto r = c.Post("/events", h, ApiCallEvent("stall-" + std::to_string(i), bucket), "application/json");
    if (!r || r->status != 202) std::fprintf(stderr, "stall event %d not accepted\n", i);
  }
  std::this_thread::sleep_for(100ms);  // the reads are under way
  std::map<std::string, Clock::time_point> config_sent =
      SendPaced(c, stall_events, "cfgbucket-", 20ms,
                [](const std::string& id, const std::string& bucket) { return ComplianceEvent(id, bucket); });
  std::vector<double> config_ms = ArrivalTimesMs(config_sent, arrived, mu);
  std::printf(
      "stall: %zu of %zu Config results reached Slack while 4 buckets' S3 reads hung for %lld s: "
      "arrival -> Slack POST p50 %.1f ms, p99 %.1f ms, max %.1f ms\n",
      config_ms.size(), config_sent.size(), static_cast<long long>(kStall.count()), Percentile(config_ms, 0.5),
      Percentile(config_ms, 0.99), Percentile(config_ms, 1.0));

  (*daemon)->Stop();
  slack.stop();
  slack_thread.join();
  std::filesystem::remove_all(dir);
  return 0;
}
