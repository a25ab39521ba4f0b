// Evaluator throughput, one thread:
//   (a) Evaluate() on snapshots already parsed into the model;
//   (b) parse JSON text into a Snapshot, then Evaluate().
// Over 1000 generated snapshots of realistic size (bench/snapshot_generator)
// and over the real policies, ACLs and BPA settings of tests/data/corpus.
// Run: build/release/bench/evaluator_bench  (see docs/benchmarks.md)
#include <benchmark/benchmark.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "exposure/evaluator.h"
#include "exposure/snapshot_json.h"
#include "snapshot_generator.h"

namespace bucketwatch::bench {
namespace {

namespace fs = std::filesystem;

std::vector<std::string> CorpusSnapshots() {
  std::vector<std::string> out;
  std::vector<fs::path> files;
  for (const auto& e : fs::directory_iterator(fs::path(BW_SOURCE_DIR) / "tests" / "data" / "corpus")) {
    files.push_back(e.path());
  }
  std::sort(files.begin(), files.end());
  for (const fs::path& p : files) {
    std::string name = p.filename().string();
    std::ifstream in(p);
    std::stringstream ss;
    ss << in.rdbuf();
    std::string body = ss.str();
    if (name.rfind("policy-", 0) == 0) {
      out.push_back("{\"bucket\": \"corpus-bucket\", \"account\": \"111122223333\", \"policy\": " + body + "}");
    } else if (name.rfind("acl-", 0) == 0) {
      out.push_back("{\"bucket\": \"corpus-bucket\", \"acl\": " + body + "}");
    } else if (name.rfind("bpa-", 0) == 0) {
      out.push_back("{\"bucket\": \"corpus-bucket\", \"public_access_block\": " + body + "}");
    }
  }
  return out;
}

const std::vector<std::string>& Generated() {
  static const std::vector<std::string> texts = GenerateSnapshots(1000);
  return texts;
}

const std::vector<std::string>& Corpus() {
  static const std::vector<std::string> texts = CorpusSnapshots();
  return texts;
}

std::vector<exposure::Snapshot> ParseAll(const std::vector<std::string>& texts) {
  json::Parser parser;
  std::vector<exposure::Snapshot> out;
  for (const std::string& t : texts) {
    auto batch = exposure::ParseSnapshots(t, parser);
    for (auto& s : batch.snapshots) out.push_back(std::move(s));
  }
  return out;
}

void EvaluateParsed(benchmark::State& state, const std::vector<std::string>& texts) {
  std::vector<exposure::Snapshot> snaps = ParseAll(texts);
  size_t exposed = 0;
  for (auto _ : state) {
    for (const auto& s : snaps) {
      exposure::Verdict v = exposure::Evaluate(s);
      exposed += v.exposed() ? 1 : 0;
      benchmark::DoNotOptimize(v);
    }
  }
  state.SetItemsProcessed(static_cast<int64_t>(state.iterations() * snaps.size()));
  state.counters["buckets"] = static_cast<double>(snaps.size());
  state.counters["exposed_share"] =
      static_cast<double>(exposed) / static_cast<double>(state.iterations() * snaps.size());
}

void ParseAndEvaluate(benchmark::State& state, const std::vector<std::string>& texts) {
  json::Parser parser;
  size_t bytes = 0;
  for (const auto& t : texts) bytes += t.size();
  for (auto _ : state) {
    for (const std::string& t : texts) {
      auto r = parser.Parse(t);
      auto snap = exposure::ParseSnapshot(*r);
      exposure::Verdict v = exposure::Evaluate(*snap);
      benchmark::DoNotOptimize(v);
    }
  }
  state.SetItemsProcessed(static_cast<int64_t>(state.iterations() * texts.size()));
  state.SetBytesProcessed(static_cast<int64_t>(state.iterations() * bytes));
  state.counters["avg_bytes"] = static_cast<double>(bytes) / static_cast<double>(texts.size());
}

void BM_Evaluate_Generated(benchmark::State& state) { EvaluateParsed(state, Generated()); }
void BM_ParseEvaluate_Generated(benchmark::State& state) { ParseAndEvaluate(state, Generated()); }
void BM_Evaluate_Corpus(benchmark::State& state) { EvaluateParsed(state, Corpus()); }
void BM_ParseEvaluate_Corpus(benchmark::State& state) { ParseAndEvaluate(state, Corpus()); }

BENCHMARK(BM_Evaluate_Generated)->Unit(benchmark::kMillisecond);
BENCHMARK(BM_ParseEvaluate_Generated)->Unit(benchmark::kMillisecond);
BENCHMARK(BM_Evaluate_Corpus)->Unit(benchmark::kMillisecond);
BENCHMARK(BM_ParseEvaluate_Corpus)->Unit(benchmark::kMillisecond);

}  // namespace
}  // namespace bucketwatch::bench

BENCHMARK_MAIN();
