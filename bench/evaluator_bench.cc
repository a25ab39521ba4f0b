// Evaluator throughput, one thread:
//   (a) Evaluate() on snapshots already parsed into the model;
//   (b) parse JSON text into a Snapshot, then Evaluate().
// Over 1000 generated snapshots of realistic size (bench/snapshot_generator)
// and over the real policies, ACLs and BPA settings of tests/data/corpus.
// And the whole `bucketwatch eval` process, pinned to one core:
//   (c) 20,000 generated snapshots (JSON Lines or one JSON array, from a
//       file) in each output format: wall time, buckets/s, peak RSS;
//   (d) 1,000,000 snapshots of JSON Lines piped in (about 1 GB): peak RSS.
// BW_EVAL_BINARY names another bucketwatch to measure (an older build).
// A child's peak RSS includes what this process held when it forked:
// bench_rss_MiB, printed beside it, is that floor.
// Run: build/release/bench/evaluator_bench  (see docs/benchmarks.md)
#include <benchmark/benchmark.h>
#include <fcntl.h>
#include <sched.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <csignal>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <functional>
#include <map>
#include <sstream>

#include "exposure/evaluator.h"
#include "exposure/snapshot_json.h"
#include "snapshot_generator.h"

namespace bucketwatch::bench {
namespace {

namespace fs = std::filesystem;

constexpr size_t kEvalBuckets = 20000;

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

// A generated snapshot on one line (the generator pretty-prints a little).
std::string OneLine(std::string text) {
  std::replace(text.begin(), text.end(), '\n', ' ');
  return text;
}

// Input files, removed when the benchmark ends.
struct TempFiles {
  std::map<std::string, std::string> paths;
  ~TempFiles() {
    for (const auto& [shape, path] : paths) ::unlink(path.c_str());
  }
};

// 20,000 generated snapshots in a file: "jsonl" (one per line) or "array".
// Written by a child process: a process's peak RSS includes what its parent
// held when it forked, so this one stays small.
const std::string& EvalInput(const std::string& shape) {
  static TempFiles files;
  std::string& path = files.paths[shape];
  if (!path.empty()) return path;
  path = "/tmp/bw-evaluator-bench-" + std::to_string(::getpid()) + "." + shape;
  pid_t pid = ::fork();
  if (pid == 0) {
    std::ofstream out(path);
    std::vector<std::string> texts = GenerateSnapshots(kEvalBuckets);
    for (size_t i = 0; i < texts.size(); ++i) {
      if (shape == "jsonl") {
        out << OneLine(texts[i]) << "\n";
      } else {
        out << (i == 0 ? "[" : ",\n") << texts[i];
      }
    }
    if (shape != "jsonl") out << "]\n";
    out.close();
    ::_exit(out ? 0 : 1);
  }
  ::waitpid(pid, nullptr, 0);
  return path;
}

// This process's own peak RSS: a floor under every child's figure.
double OwnPeakRssMiB() {
  struct rusage usage {};
  ::getrusage(RUSAGE_SELF, &usage);
  return static_cast<double>(usage.ru_maxrss) / 1024.0;
}

struct Run {
  double seconds = 0;
  double cpu_seconds = 0;  // user + system: less disturbed than wall time by other work on the machine
  double peak_rss_mib = 0;
  int exit_code = -1;
};

// Runs `bucketwatch eval --format FORMAT INPUT` on core 0 with standard
// output to /dev/null; `feed`, when given, writes its standard input.
Run RunEval(const std::string& format, const std::string& input, const std::function<void(int)>& feed = {}) {
  const char* env = std::getenv("BW_EVAL_BINARY");
  std::string binary = env != nullptr ? env : std::string(BW_BINARY_DIR) + "/bucketwatch";
  int in[2] = {-1, -1};
  if (feed && ::pipe(in) != 0) return {};
  auto start = std::chrono::steady_clock::now();
  pid_t pid = ::fork();
  if (pid == 0) {
    cpu_set_t one;
    CPU_ZERO(&one);
    CPU_SET(0, &one);
    ::sched_setaffinity(0, sizeof one, &one);
    int null = ::open("/dev/null", O_WRONLY);
    ::dup2(null, STDOUT_FILENO);
    if (feed) {
      ::dup2(in[0], STDIN_FILENO);
      ::close(in[1]);
    }
    ::execl(binary.c_str(), binary.c_str(), "eval", "--format", format.c_str(), input.c_str(),
            static_cast<char*>(nullptr));
    ::_exit(127);
  }
  if (feed) {
    ::close(in[0]);
    feed(in[1]);
    ::close(in[1]);
  }
  int status = 0;
  struct rusage usage {};
  ::wait4(pid, &status, 0, &usage);
  Run run;
  run.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  run.cpu_seconds = static_cast<double>(usage.ru_utime.tv_sec + usage.ru_stime.tv_sec) +
                    static_cast<double>(usage.ru_utime.tv_usec + usage.ru_stime.tv_usec) / 1e6;
  run.peak_rss_mib = static_cast<double>(usage.ru_maxrss) / 1024.0;
  run.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
  return run;
}

void EvalProcess(benchmark::State& state, const std::string& shape, const std::string& format) {
  const std::string& path = EvalInput(shape);
  double rss = 0, cpu = 0;
  for (auto _ : state) {
    Run run = RunEval(format, path);
    if (run.exit_code != 1) state.SkipWithError("eval did not exit 1 (the generated set has public buckets)");
    state.SetIterationTime(run.seconds);
    rss = std::max(rss, run.peak_rss_mib);
    cpu += run.cpu_seconds;
  }
  state.counters["cpu_ms"] = cpu * 1000 / static_cast<double>(state.iterations());
  state.SetItemsProcessed(static_cast<int64_t>(state.iterations() * kEvalBuckets));
  state.counters["peak_rss_MiB"] = rss;
  state.counters["bench_rss_MiB"] = OwnPeakRssMiB();
}

// 1,000,000 snapshots of JSON Lines through a pipe: the input is never on
// disk, and the process can only hold what it keeps.
void BM_EvalProcess_Memory_Jsonl_1M(benchmark::State& state) {
  std::string block;
  for (const std::string& t : Generated()) block += OneLine(t) + "\n";
  const size_t repeats = 1000;
  std::signal(SIGPIPE, SIG_IGN);
  double rss = 0;
  for (auto _ : state) {
    Run run = RunEval("jsonl", "-", [&](int fd) {
      for (size_t r = 0; r < repeats; ++r) {
        for (size_t off = 0; off < block.size();) {
          ssize_t n = ::write(fd, block.data() + off, block.size() - off);
          if (n <= 0) return;
          off += static_cast<size_t>(n);
        }
      }
    });
    if (run.exit_code != 1) state.SkipWithError("eval did not exit 1");
    state.SetIterationTime(run.seconds);
    rss = std::max(rss, run.peak_rss_mib);
  }
  state.SetItemsProcessed(static_cast<int64_t>(state.iterations() * repeats * Generated().size()));
  state.counters["peak_rss_MiB"] = rss;
  state.counters["bench_rss_MiB"] = OwnPeakRssMiB();
}

void BM_Evaluate_Generated(benchmark::State& state) { EvaluateParsed(state, Generated()); }
void BM_ParseEvaluate_Generated(benchmark::State& state) { ParseAndEvaluate(state, Generated()); }
void BM_Evaluate_Corpus(benchmark::State& state) { EvaluateParsed(state, Corpus()); }
void BM_ParseEvaluate_Corpus(benchmark::State& state) { ParseAndEvaluate(state, Corpus()); }

BENCHMARK(BM_Evaluate_Generated)->Unit(benchmark::kMillisecond);
BENCHMARK(BM_ParseEvaluate_Generated)->Unit(benchmark::kMillisecond);
BENCHMARK(BM_Evaluate_Corpus)->Unit(benchmark::kMillisecond);
BENCHMARK(BM_ParseEvaluate_Corpus)->Unit(benchmark::kMillisecond);
BENCHMARK_CAPTURE(EvalProcess, Jsonl_to_json, "jsonl", "json")->UseManualTime()->Unit(benchmark::kMillisecond);
BENCHMARK_CAPTURE(EvalProcess, Jsonl_to_jsonl, "jsonl", "jsonl")->UseManualTime()->Unit(benchmark::kMillisecond);
BENCHMARK_CAPTURE(EvalProcess, Jsonl_to_text, "jsonl", "text")->UseManualTime()->Unit(benchmark::kMillisecond);
BENCHMARK_CAPTURE(EvalProcess, Array_to_json, "array", "json")->UseManualTime()->Unit(benchmark::kMillisecond);
BENCHMARK_CAPTURE(EvalProcess, Array_to_jsonl, "array", "jsonl")->UseManualTime()->Unit(benchmark::kMillisecond);
BENCHMARK(BM_EvalProcess_Memory_Jsonl_1M)->UseManualTime()->Iterations(1)->Unit(benchmark::kMillisecond);

}  // namespace
}  // namespace bucketwatch::bench

BENCHMARK_MAIN();
