// What the shared state adds to each event: one consistent GetItem and one
// conditional PutItem on the state table (aws/state_table.h), against a
// DynamoDB-API server on loopback (dynalite, scripts/dynalite-fixture), over
// real HTTP with SigV4, one warm client per thread. Prints per-event latency
// percentiles and events per second; asserts nothing.
//
//   eval "$(scripts/dynalite-fixture start)"
//   build/release/bench/state_bench --events 2000 --buckets 200
//   scripts/dynalite-fixture stop
#include <algorithm>
#include <atomic>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <thread>
#include <vector>

#include "aws/state_table.h"

namespace bucketwatch::aws {
namespace {

using Micros = std::chrono::duration<double, std::micro>;
using Steady = std::chrono::steady_clock;

struct Options {
  std::string endpoint;
  int events = 2000;
  int buckets = 200;
  int threads = 1;
  int warmup = 200;
};

bool ParseArgs(int argc, char** argv, Options& o) {
  if (const char* e = std::getenv("AWS_ENDPOINT_URL_DYNAMODB")) o.endpoint = e;
  for (int i = 1; i < argc; ++i) {
    std::string a = argv[i];
    auto next = [&]() -> const char* { return i + 1 < argc ? argv[++i] : nullptr; };
    const char* v = nullptr;
    if ((a == "--endpoint-url" || a == "--events" || a == "--buckets" || a == "--threads" || a == "--warmup") &&
        (v = next()) == nullptr) {
      std::fprintf(stderr, "state_bench: %s needs a value\n", a.c_str());
      return false;
    }
    if (a == "--endpoint-url") {
      o.endpoint = v;
    } else if (a == "--events") {
      o.events = std::atoi(v);
    } else if (a == "--buckets") {
      o.buckets = std::atoi(v);
    } else if (a == "--threads") {
      o.threads = std::atoi(v);
    } else if (a == "--warmup") {
      o.warmup = std::atoi(v);
    } else {
      std::fprintf(stderr,
                   "usage: state_bench [--endpoint-url URL] [--events N] [--buckets N] [--threads N] [--warmup N]\n"
                   "  URL defaults to AWS_ENDPOINT_URL_DYNAMODB (eval \"$(scripts/dynalite-fixture start)\")\n");
      return false;
    }
  }
  if (o.endpoint.empty() || o.events < 1 || o.buckets < 1 || o.threads < 1 || o.warmup < 0) {
    std::fprintf(stderr, "state_bench: give --endpoint-url (or AWS_ENDPOINT_URL_DYNAMODB) and positive counts\n");
    return false;
  }
  return true;
}

std::shared_ptr<AwsContext> Context() {
  ClientConfig config;
  config.region = "us-east-1";
  Credentials c{.access_key_id = "DYNALITEACCESSKEY001", .secret_access_key = "bench", .source = "bench"};
  return std::make_shared<AwsContext>(config, std::make_unique<StaticCredentialsProvider>(c));
}

// About what the change step keeps per bucket: standing, digest, fact time,
// and a pending alert of a few hundred bytes.
Item Attributes(int i) {
  return {{"standing", AttributeValue::String(i % 3 == 0 ? "public" : "private")},
          {"digest", AttributeValue::String("sha256:3f1c0d5e9b7a41c2a8f6e2d4b1c9a7e5f3d1b9c7a5e3f1d9b7c5a3e1f9d7b5c3")},
          {"fact_time", AttributeValue::Number(1798761600 + i)},
          {"pending", AttributeValue::String(std::string(320, 'a' + i % 26))}};
}

double Percentile(std::vector<double> v, double p) {
  std::sort(v.begin(), v.end());
  size_t k = static_cast<size_t>(p / 100.0 * static_cast<double>(v.size() - 1) + 0.5);
  return v[std::min(k, v.size() - 1)];
}

struct Sample {
  double get_us, put_us, total_us;
};

// One event's state round trip: read the record, write it back at the version read.
Sample RoundTrip(StateTable& table, int bucket, int i, std::atomic<int>& lost, std::atomic<int>& failed) {
  std::string name = "bucket-" + std::to_string(bucket);
  auto t0 = Steady::now();
  auto rec = table.Get("123456789012", name);
  auto t1 = Steady::now();
  int64_t seen = rec.ok() && *rec ? (*rec)->version : 0;
  auto w = table.PutIfVersion({"123456789012", name, 0, Attributes(i)}, seen);
  auto t2 = Steady::now();
  if (!rec.ok() || !w.ok()) {
    if (failed++ == 0)
      std::fprintf(stderr, "state_bench: %s\n", (!rec.ok() ? rec.status() : w.status()).ToString().c_str());
  } else if (!w->won()) {
    ++lost;
  }
  return {Micros(t1 - t0).count(), Micros(t2 - t1).count(), Micros(t2 - t0).count()};
}

int Run(const Options& o) {
  auto endpoint = ParseEndpointUrl(o.endpoint);
  if (!endpoint.ok()) {
    std::fprintf(stderr, "state_bench: %s\n", endpoint.status().ToString().c_str());
    return 2;
  }
  std::string table_name = "state-bench-" + std::to_string(std::chrono::system_clock::now().time_since_epoch().count());
  DynamoDbClient setup_client(Context(), *endpoint);
  auto setup = SetUpStateTable(setup_client, table_name);
  if (!setup.ok()) {
    std::fprintf(stderr, "state_bench: %s\n", setup.status().ToString().c_str());
    return 2;
  }
  std::atomic<int> lost{0}, failed{0}, next{0};
  std::vector<std::vector<Sample>> per_thread(o.threads);
  auto worker = [&](int t) {
    StateTable table(Context(), table_name, *endpoint);
    for (int i = t; i < o.warmup; i += o.threads) RoundTrip(table, i % o.buckets, i, lost, failed);
    for (int i = next++; i < o.events; i = next++)
      per_thread[t].push_back(RoundTrip(table, i % o.buckets, i, lost, failed));
  };
  auto start = Steady::now();
  std::vector<std::thread> threads;
  for (int t = 1; t < o.threads; ++t) threads.emplace_back(worker, t);
  worker(0);
  for (auto& th : threads) th.join();
  double seconds = std::chrono::duration<double>(Steady::now() - start).count();

  std::vector<double> get, put, total;
  for (const auto& samples : per_thread) {
    for (const Sample& s : samples) {
      get.push_back(s.get_us);
      put.push_back(s.put_us);
      total.push_back(s.total_us);
    }
  }
  std::printf("state round trip (GetItem consistent + conditional PutItem), %s, table %s\n", o.endpoint.c_str(),
              table_name.c_str());
  std::printf("events %d over %d buckets, %d thread(s), %d warm-up; lost races %d, errors %d\n", o.events, o.buckets,
              o.threads, o.warmup, lost.load(), failed.load());
  std::printf("%-22s %9s %9s %9s %9s\n", "per event (ms)", "p50", "p90", "p99", "max");
  for (auto [label, v] : {std::pair<const char*, std::vector<double>*>{"GetItem", &get},
                          {"PutItem (conditional)", &put},
                          {"both", &total}}) {
    std::printf("%-22s %9.3f %9.3f %9.3f %9.3f\n", label, Percentile(*v, 50) / 1000, Percentile(*v, 90) / 1000,
                Percentile(*v, 99) / 1000, Percentile(*v, 100) / 1000);
  }
  std::printf("events/s (state round trips only): %.0f\n", o.events / seconds);
  return failed.load() == 0 ? 0 : 1;
}

}  // namespace
}  // namespace bucketwatch::aws

int main(int argc, char** argv) {
  bucketwatch::aws::Options o;
  if (!bucketwatch::aws::ParseArgs(argc, argv, o)) return 2;
  return bucketwatch::aws::Run(o);
}
