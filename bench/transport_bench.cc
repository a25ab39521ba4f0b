// What would driving the scan's requests from one event loop (libcurl's
// multi interface) save against today's blocking transfers, one thread
// each? Both drive the same plain GETs, with the options net::HttpClient
// sets that matter for cost, against bench/s3_standin with a set latency,
// and print the wall time and this process's CPU time (user + system, from
// getrusage; the stand-in is another process).
//
//   build/default/bench/transport_bench                  # 40,000 GETs, 20 ms, 64 in flight
//   build/default/bench/transport_bench --requests 8000 --latency-ms 0 --mode multi   # threads|multi|both
//
// "threads": `concurrency` threads, each one easy handle kept alive,
// curl_easy_perform in turn (what scan::Scanner's workers do through
// net::HttpClient). "multi": one thread, `concurrency` easy handles on one
// multi handle, curl_multi_poll until each is done, then the next request
// on the same handle. docs/benchmarks.md has the figures.
#include <curl/curl.h>
#include <sys/resource.h>

#include <atomic>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <string>
#include <thread>
#include <vector>

#include "child_process.h"

namespace {

namespace fs = std::filesystem;

struct Options {
  long requests = 40000;
  int latency_ms = 20;
  int concurrency = 64;
  long buckets = 10000;
};

size_t Discard(char*, size_t size, size_t n, void* counter) {
  *static_cast<size_t*>(counter) += size * n;
  return size * n;
}

// The per-transfer options of net::HttpClient that cost CPU (headers kept,
// no signals, TCP_NODELAY, the body collected).
void SetUp(CURL* curl, const std::string& url, curl_slist* headers, size_t* body_bytes) {
  curl_easy_setopt(curl, CURLOPT_URL, url.c_str());
  curl_easy_setopt(curl, CURLOPT_HTTPHEADER, headers);
  curl_easy_setopt(curl, CURLOPT_NOSIGNAL, 1L);
  curl_easy_setopt(curl, CURLOPT_TCP_NODELAY, 1L);
  curl_easy_setopt(curl, CURLOPT_WRITEFUNCTION, &Discard);
  curl_easy_setopt(curl, CURLOPT_WRITEDATA, body_bytes);
  curl_easy_setopt(curl, CURLOPT_HTTPGET, 1L);
}

std::string UrlOf(int port, long n, long buckets) {
  char name[32];
  std::snprintf(name, sizeof name, "bench-%06ld", n % buckets);
  return "http://127.0.0.1:" + std::to_string(port) + "/" + name + "?acl";
}

// The headers a signed S3 request carries, so that curl handles as many.
curl_slist* SignedLikeHeaders() {
  curl_slist* h = nullptr;
  h = curl_slist_append(h, "x-amz-date: 20261207T050000Z");
  h = curl_slist_append(h, "x-amz-content-sha256: e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
  h = curl_slist_append(h, "x-amz-expected-bucket-owner: 111122223333");
  h = curl_slist_append(h,
                        "Authorization: AWS4-HMAC-SHA256 Credential=AKIDBENCHMARK0000001/20261207/us-east-1/s3/"
                        "aws4_request, SignedHeaders=host;x-amz-content-sha256;x-amz-date, Signature="
                        "0000000000000000000000000000000000000000000000000000000000000000");
  return h;
}

long RunThreads(const Options& o, int port) {
  std::atomic<long> next{0}, failed{0};
  std::vector<std::thread> threads;
  for (int t = 0; t < o.concurrency; ++t) {
    threads.emplace_back([&] {
      CURL* curl = curl_easy_init();
      curl_slist* headers = SignedLikeHeaders();
      size_t body = 0;
      for (long n; (n = next.fetch_add(1)) < o.requests;) {
        SetUp(curl, UrlOf(port, n, o.buckets), headers, &body);
        if (curl_easy_perform(curl) != CURLE_OK) failed++;
      }
      curl_slist_free_all(headers);
      curl_easy_cleanup(curl);
    });
  }
  for (std::thread& t : threads) t.join();
  return failed.load();
}

long RunMulti(const Options& o, int port) {
  CURLM* multi = curl_multi_init();
  curl_slist* headers = SignedLikeHeaders();
  std::vector<CURL*> handles(static_cast<size_t>(o.concurrency));
  std::vector<size_t> bodies(handles.size());
  long next = 0, failed = 0;
  for (size_t i = 0; i < handles.size() && next < o.requests; ++i) {
    handles[i] = curl_easy_init();
    SetUp(handles[i], UrlOf(port, next++, o.buckets), headers, &bodies[i]);
    curl_multi_add_handle(multi, handles[i]);
  }
  for (int running = 1; running > 0;) {
    curl_multi_perform(multi, &running);
    int left = 0;
    while (CURLMsg* m = curl_multi_info_read(multi, &left)) {
      if (m->msg != CURLMSG_DONE) continue;
      if (m->data.result != CURLE_OK) failed++;
      CURL* done = m->easy_handle;
      curl_multi_remove_handle(multi, done);
      if (next < o.requests) {
        size_t i = 0;
        while (handles[i] != done) ++i;
        SetUp(done, UrlOf(port, next++, o.buckets), headers, &bodies[i]);
        curl_multi_add_handle(multi, done);
        running++;
      }
    }
    if (running > 0) curl_multi_poll(multi, nullptr, 0, 1000, nullptr);
  }
  for (CURL* h : handles) curl_easy_cleanup(h);
  curl_slist_free_all(headers);
  curl_multi_cleanup(multi);
  return failed;
}

struct Cpu {
  double user = 0, system = 0;
};

Cpu CpuSeconds() {
  rusage u{};
  getrusage(RUSAGE_SELF, &u);
  auto seconds = [](const timeval& t) { return static_cast<double>(t.tv_sec) + static_cast<double>(t.tv_usec) / 1e6; };
  return {seconds(u.ru_utime), seconds(u.ru_stime)};
}

void Measure(const char* mode, long (*run)(const Options&, int), const Options& o, const fs::path& here) {
  bucketwatch::bench::Standin standin = bucketwatch::bench::StartStandin(here, o.buckets, o.latency_ms);
  Cpu cpu0 = CpuSeconds();
  auto started = std::chrono::steady_clock::now();
  long failed = run(o, standin.port);
  double wall = std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
  Cpu cpu1 = CpuSeconds();
  double user = cpu1.user - cpu0.user, system = cpu1.system - cpu0.system, cpu = user + system;
  long served = bucketwatch::bench::StopStandin(standin);
  double bound = static_cast<double>(o.requests) * o.latency_ms / 1000.0 / o.concurrency;
  std::printf(
      "%-8s %8ld %6d %5d ms %8.2f s %8.2f s %6.3fx %7.2f s cpu (%.2f user, %.2f sys) %6.1f us/req  served %ld "
      "failed %ld\n",
      mode, o.requests, o.concurrency, o.latency_ms, wall, bound, bound > 0 ? wall / bound : 0.0, cpu, user, system,
      cpu * 1e6 / static_cast<double>(o.requests), served, failed);
  std::fflush(stdout);
}

}  // namespace

int main(int argc, char** argv) {
  Options o;
  int repeat = 1;
  std::string mode = "both";
  for (int i = 1; i + 1 < argc; i += 2) {
    if (std::strcmp(argv[i], "--requests") == 0) o.requests = std::atol(argv[i + 1]);
    if (std::strcmp(argv[i], "--latency-ms") == 0) o.latency_ms = std::atoi(argv[i + 1]);
    if (std::strcmp(argv[i], "--concurrency") == 0) o.concurrency = std::atoi(argv[i + 1]);
    if (std::strcmp(argv[i], "--repeat") == 0) repeat = std::atoi(argv[i + 1]);
    if (std::strcmp(argv[i], "--mode") == 0) mode = argv[i + 1];
  }
  curl_global_init(CURL_GLOBAL_DEFAULT);
  fs::path here = fs::canonical("/proc/self/exe").parent_path();
  std::printf("# %-6s %8s %6s %8s %10s %10s %7s %11s\n", "mode", "requests", "conc", "latency", "wall", "bound",
              "ratio", "cpu");
  for (int r = 0; r < repeat; ++r) {
    if (mode != "multi") Measure("threads", &RunThreads, o, here);
    if (mode != "threads") Measure("multi", &RunMulti, o, here);
  }
  curl_global_cleanup();
  return 0;
}
