// `bucketwatch scan` end to end against bench/s3_standin: wall time,
// requests per second and peak memory of the bucketwatch process, set
// against the bound requests x latency / concurrency (what a perfect
// client with that many requests in flight would take). Each run starts a
// fresh stand-in and a fresh `bucketwatch scan` process, whose peak RSS
// comes from wait4(2).
//
//   build/release/bench/scan_bench                        # 10,000 buckets, 20 ms, concurrency 64, json
//   build/release/bench/scan_bench --buckets 1000,5000,10000,20000 --format table
//
// Prints one line per run (docs/benchmarks.md has the figures and the machine).
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <sstream>
#include <string>
#include <thread>
#include <vector>

#include "child_process.h"

namespace {

namespace fs = std::filesystem;
using bucketwatch::bench::Child;
using bucketwatch::bench::Spawn;
using bucketwatch::bench::Standin;
using bucketwatch::bench::StartStandin;
using bucketwatch::bench::StopStandin;

struct Options {
  std::vector<long> buckets{10000};
  int latency_ms = 20;
  int concurrency = 64;
  std::string format = "json";
  int repeat = 1;
};

std::vector<long> ParseList(const char* text) {
  std::vector<long> out;
  std::stringstream ss(text);
  std::string item;
  while (std::getline(ss, item, ',')) out.push_back(std::atol(item.c_str()));
  return out;
}

void Run(const Options& o, long buckets, const fs::path& here) {
  Standin standin = StartStandin(here, buckets, o.latency_ms);
  std::string endpoint = "http://127.0.0.1:" + std::to_string(standin.port);

  std::vector<std::string> env = {
      "AWS_ACCESS_KEY_ID=AKIDBENCHMARK0000001", "AWS_SECRET_ACCESS_KEY=bench-secret", "AWS_CONFIG_FILE=/dev/null",
      "AWS_SHARED_CREDENTIALS_FILE=/dev/null",  "AWS_EC2_METADATA_DISABLED=true",     "AWS_REGION=us-east-1"};
  auto started = std::chrono::steady_clock::now();
  Child scan = Spawn({BW_BINARY_DIR "/bucketwatch", "scan", "--endpoint-url", endpoint, "--concurrency",
                      std::to_string(o.concurrency), "--format", o.format},
                     env, true);
  // Drain its output (counting it) so that it never blocks on a full pipe.
  size_t output_bytes = 0;
  char buf[1 << 16];
  for (ssize_t n; (n = read(scan.out, buf, sizeof buf)) > 0;) output_bytes += static_cast<size_t>(n);
  int status = 0;
  rusage usage{};
  wait4(scan.pid, &status, 0, &usage);
  double wall = std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
  close(scan.out);
  long requests = StopStandin(standin);

  double bound = static_cast<double>(requests) * o.latency_ms / 1000.0 / o.concurrency;
  int exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
  std::printf("%8ld %6d %5d ms %-6s %8ld %8.2f s %8.2f s %6.3fx %9.0f/s %8.1f MiB %7.1f s cpu %8.1f MiB  exit %d\n",
              buckets, o.concurrency, o.latency_ms, o.format.c_str(), requests, wall, bound, wall / bound,
              static_cast<double>(requests) / wall, static_cast<double>(usage.ru_maxrss) / 1024.0,
              static_cast<double>(usage.ru_utime.tv_sec + usage.ru_stime.tv_sec) +
                  static_cast<double>(usage.ru_utime.tv_usec + usage.ru_stime.tv_usec) / 1e6,
              static_cast<double>(output_bytes) / (1024.0 * 1024.0), exit_code);
  std::fflush(stdout);
}

}  // namespace

int main(int argc, char** argv) {
  Options o;
  for (int i = 1; i + 1 < argc; i += 2) {
    if (std::strcmp(argv[i], "--buckets") == 0) o.buckets = ParseList(argv[i + 1]);
    if (std::strcmp(argv[i], "--latency-ms") == 0) o.latency_ms = std::atoi(argv[i + 1]);
    if (std::strcmp(argv[i], "--concurrency") == 0) o.concurrency = std::atoi(argv[i + 1]);
    if (std::strcmp(argv[i], "--format") == 0) o.format = argv[i + 1];
    if (std::strcmp(argv[i], "--repeat") == 0) o.repeat = std::atoi(argv[i + 1]);
  }
  fs::path here = fs::canonical("/proc/self/exe").parent_path();
  std::printf("# bucketwatch scan against bench/s3_standin (%s)\n", BW_BINARY_DIR "/bucketwatch");
  std::printf("# %6s %6s %8s %-6s %8s %10s %10s %7s %11s %12s %10s %12s\n", "buckets", "conc", "latency", "format",
              "requests", "wall", "bound", "ratio", "req/s", "peak RSS", "cpu", "output");
  for (long n : o.buckets) {
    for (int r = 0; r < o.repeat; ++r) Run(o, n, here);
  }
  return 0;
}
