// Warm throughput: events handled per second in one process, excluding the
// network. Each iteration is what an invocation does after /next: parse the
// event, triage it (for a Config item: build the Snapshot, evaluate it and
// the state before, compare), render the Slack payload, and hand it to a sink
// that accepts at once. Log lines are formatted as in production and
// dropped (BM_*), or not produced at all (BM_*_LogsOff).
//
//   build/release/bench/handler_bench
#include <benchmark/benchmark.h>

#include <fstream>
#include <sstream>

#include "base/log.h"
#include "handler/handler.h"

namespace bucketwatch {
namespace {

std::string Read(const std::string& name) {
  std::ifstream in(std::string(BW_SOURCE_DIR) + "/tests/data/events/" + name, std::ios::binary);
  std::stringstream s;
  s << in.rdbuf();
  if (s.str().empty()) std::abort();
  return s.str();
}

class AcceptingSink : public notify::Sink {
 public:
  notify::Attempt Send(std::string_view payload, std::chrono::milliseconds) override {
    bytes += payload.size();
    return {notify::Attempt::Outcome::kDelivered, 200, "ok", std::nullopt, false};
  }
  std::string Describe() const override { return "accepting sink"; }
  size_t bytes = 0;
};

void BenchEvents(benchmark::State& state, const std::vector<std::string>& events, bool logs) {
  log::SetSinkForTesting([](std::string_view) {});
  log::SetLevel(logs ? log::Level::kInfo : log::Level::kOff);
  handler::Settings settings;
  settings.message.env_label = "prod";
  settings.message.lang = notify::Lang::kJa;
  handler::EventHandler h(settings, std::make_unique<AcceptingSink>());
  size_t i = 0, bytes = 0;
  for (auto _ : state) {
    const std::string& e = events[i++ % events.size()];
    handler::HandleResult r = h.Handle(e, Deadline::Never());
    if (!r.ok()) state.SkipWithError("an event failed");
    benchmark::DoNotOptimize(r);
    bytes += e.size();
  }
  state.SetItemsProcessed(static_cast<int64_t>(state.iterations()));
  state.SetBytesProcessed(static_cast<int64_t>(bytes));
  log::SetSinkForTesting(nullptr);
  log::SetLevel(log::Level::kInfo);
}

const std::string kCompliance = "config.ComplianceChange.s3-bucket-public-write-prohibited.eventbridge.assembled.json";
const std::string kFixed =
    "config.ComplianceChange.s3-bucket-public-read-prohibited.fixed.eventbridge.constructed.json";
const std::string kItem = "config.ConfigurationItemChange.s3-bucket.eventbridge.assembled.json";
const std::string kGuardDuty = "guardduty.eventbridge.Policy-S3-BucketAnonymousAccessGranted.constructed.json";
const std::string kCloudTrail = "cloudtrail.PutBucketPublicAccessBlock.eventbridge.panther.json";

void BM_ComplianceChange(benchmark::State& s) { BenchEvents(s, {Read(kCompliance)}, true); }
void BM_ComplianceChange_LogsOff(benchmark::State& s) { BenchEvents(s, {Read(kCompliance)}, false); }
void BM_ConfigItemChange(benchmark::State& s) { BenchEvents(s, {Read(kItem)}, true); }
void BM_GuardDutyFinding(benchmark::State& s) { BenchEvents(s, {Read(kGuardDuty)}, true); }
void BM_CloudTrailCall(benchmark::State& s) { BenchEvents(s, {Read(kCloudTrail)}, true); }
void BM_Mixed(benchmark::State& s) {
  BenchEvents(s, {Read(kCompliance), Read(kFixed), Read(kItem), Read(kGuardDuty), Read(kCloudTrail)}, true);
}
void BM_Mixed_LogsOff(benchmark::State& s) {
  BenchEvents(s, {Read(kCompliance), Read(kFixed), Read(kItem), Read(kGuardDuty), Read(kCloudTrail)}, false);
}

BENCHMARK(BM_ComplianceChange);
BENCHMARK(BM_ComplianceChange_LogsOff);
BENCHMARK(BM_ConfigItemChange);
BENCHMARK(BM_GuardDutyFinding);
BENCHMARK(BM_CloudTrailCall);
BENCHMARK(BM_Mixed);
BENCHMARK(BM_Mixed_LogsOff);

}  // namespace
}  // namespace bucketwatch

BENCHMARK_MAIN();
