// Cold start: a fresh process that handles one AWS Config compliance-change
// event and posts it to a Slack webhook on 127.0.0.1, timed from fork to
// exit, with the process's peak resident memory (getrusage of the child).
// Measured in the same run, interleaved, for:
//   - the old chain's Lambda (bench/old_lambda/lambda_function.py: a
//     stand-in written from its described behaviour) run by Debian's python3;
//   - `bucketwatch handle EVENT`;
//   - bucketwatch started as a Lambda `bootstrap` against a stand-in Runtime
//     API (init, one invocation, exit on the stand-in's 500);
//   - `bucketwatch --version`: loading the binary and its libraries, nothing else;
//   - the floor under all of it (bench/cold_floor.c, plain C): a process that
//     only links Debian's libcurl, then also initialises it, then also posts.
// Prints the figures; never a test (docs/benchmarks.md).
//
// --state instead compares `bucketwatch handle` of a CloudTrail call that is
// judged by a live read (bench/s3_standin on loopback, no added latency),
// with and without the DynamoDB state table (dynalite, DYNALITE_ENDPOINT
// from scripts/dynalite-fixture), interleaved: each run a bucket not seen
// before becomes public, so the state run pays the whole round trip (read
// the record, the conditional write with the pending alert, the POST, the
// write that clears it).
//
//   build/release/bench/cold_start [--runs N] [--bucketwatch PATH] [--python PATH] [--state]
#include <fcntl.h>
#include <httplib.h>
#include <signal.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <deque>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

extern char** environ;

namespace {

struct Sample {
  double ms = 0;
  long rss_kib = 0;
  int exit_code = 0;
};

// Runs argv with `env` added to this process's environment; output discarded.
Sample Run(const std::vector<std::string>& argv, const std::vector<std::string>& env) {
  std::vector<std::string> env_strings;
  for (char** e = environ; *e != nullptr; ++e) {
    std::string entry(*e);
    std::string name = entry.substr(0, entry.find('=') + 1);
    bool replaced =
        std::any_of(env.begin(), env.end(), [&name](const std::string& a) { return a.rfind(name, 0) == 0; });
    if (!replaced) env_strings.push_back(entry);
  }
  env_strings.insert(env_strings.end(), env.begin(), env.end());
  std::vector<char*> envp, args;
  for (auto& s : env_strings) envp.push_back(s.data());
  envp.push_back(nullptr);
  std::vector<std::string> argv_copy = argv;
  for (auto& s : argv_copy) args.push_back(s.data());
  args.push_back(nullptr);

  auto start = std::chrono::steady_clock::now();
  pid_t pid = fork();
  if (pid == 0) {
    int null = open("/dev/null", O_RDWR);
    dup2(null, 0);
    dup2(null, 1);
    dup2(null, 2);
    execve(args[0], args.data(), envp.data());
    _exit(127);
  }
  int status = 0;
  rusage usage{};
  wait4(pid, &status, 0, &usage);
  auto end = std::chrono::steady_clock::now();
  Sample s;
  s.ms = std::chrono::duration<double, std::milli>(end - start).count();
  s.rss_kib = usage.ru_maxrss;
  s.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
  return s;
}

struct Series {
  std::string name;
  std::vector<Sample> samples;
  double Percentile(double p) const {
    std::vector<double> v;
    for (const auto& s : samples) v.push_back(s.ms);
    std::sort(v.begin(), v.end());
    if (v.empty()) return 0;
    size_t i = static_cast<size_t>(p * static_cast<double>(v.size() - 1) + 0.5);
    return v[std::min(i, v.size() - 1)];
  }
  double MaxRssMib() const {
    long m = 0;
    for (const auto& s : samples) m = std::max(m, s.rss_kib);
    return static_cast<double>(m) / 1024.0;
  }
};

// A webhook that answers 200 "ok" to JSON and (the old function's) form posts.
class Webhook {
 public:
  Webhook() {
    server_.Post(R"(/services/.*)", [this](const httplib::Request&, httplib::Response& res) {
      ++posts_;
      res.set_content("ok", "text/html");
    });
    port_ = server_.bind_to_any_port("127.0.0.1");
    thread_ = std::thread([this] { server_.listen_after_bind(); });
    while (!server_.is_running()) std::this_thread::sleep_for(std::chrono::milliseconds(1));
  }
  ~Webhook() {
    server_.stop();
    thread_.join();
  }
  std::string url() const { return "http://127.0.0.1:" + std::to_string(port_) + "/services/T0/B0/benchsecret"; }
  int posts() const { return posts_.load(); }

 private:
  httplib::Server server_;
  std::thread thread_;
  int port_ = 0;
  std::atomic<int> posts_{0};
};

// A Runtime API that hands out one event per Arm() and answers 500 after.
class RuntimeApi {
 public:
  explicit RuntimeApi(std::string event) : event_(std::move(event)) {
    server_.Get("/2018-06-01/runtime/invocation/next", [this](const httplib::Request&, httplib::Response& res) {
      std::lock_guard<std::mutex> lock(mu_);
      if (pending_ == 0) {
        res.status = 500;
        return;
      }
      --pending_;
      res.set_header("Lambda-Runtime-Aws-Request-Id", "bench-" + std::to_string(++served_));
      auto now =
          std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::system_clock::now().time_since_epoch());
      res.set_header("Lambda-Runtime-Deadline-Ms", std::to_string(now.count() + 30000));
      res.set_content(event_, "application/json");
    });
    server_.Post(R"(/2018-06-01/runtime/invocation/([^/]+)/(response|error))",
                 [this](const httplib::Request& req, httplib::Response& res) {
                   if (req.matches[2] == "response") ++responses_;
                   res.status = 202;
                 });
    port_ = server_.bind_to_any_port("127.0.0.1");
    thread_ = std::thread([this] { server_.listen_after_bind(); });
    while (!server_.is_running()) std::this_thread::sleep_for(std::chrono::milliseconds(1));
  }
  ~RuntimeApi() {
    server_.stop();
    thread_.join();
  }
  void Arm() {
    std::lock_guard<std::mutex> lock(mu_);
    pending_ = 1;
  }
  std::string host_port() const { return "127.0.0.1:" + std::to_string(port_); }
  int responses() const { return responses_.load(); }

 private:
  httplib::Server server_;
  std::thread thread_;
  int port_ = 0;
  std::string event_;
  std::mutex mu_;
  int pending_ = 0;
  int served_ = 0;
  std::atomic<int> responses_{0};
};

std::string ReadFile(const std::string& path) {
  FILE* f = std::fopen(path.c_str(), "rb");
  if (f == nullptr) {
    std::fprintf(stderr, "cannot read %s\n", path.c_str());
    std::exit(2);
  }
  std::string s;
  char buf[65536];
  size_t n;
  while ((n = std::fread(buf, 1, sizeof buf, f)) > 0) s.append(buf, n);
  std::fclose(f);
  return s;
}

void Print(const Series& s) {
  std::printf("  %-44s %8.2f %8.2f %8.2f %8.2f %10.1f\n", s.name.c_str(), s.Percentile(0.5), s.Percentile(0.1),
              s.Percentile(0.9), s.Percentile(0.0), s.MaxRssMib());
}

// bench/s3_standin as a child process; stops it when destroyed.
class S3StandIn {
 public:
  explicit S3StandIn(int buckets) {
    std::string path = std::string(BW_BINARY_DIR) + "/bench/s3_standin";
    int out[2];
    if (pipe(out) != 0) std::exit(2);
    pid_ = fork();
    if (pid_ == 0) {
      dup2(out[1], 1);
      close(out[0]);
      std::string n = std::to_string(buckets);
      execl(path.c_str(), path.c_str(), "--buckets", n.c_str(), "--latency-ms", "0", static_cast<char*>(nullptr));
      _exit(127);
    }
    close(out[1]);
    FILE* f = fdopen(out[0], "r");
    if (f == nullptr || std::fscanf(f, "port %d", &port_) != 1) {
      std::fprintf(stderr, "cold_start: %s did not start (build the s3_standin target)\n", path.c_str());
      std::exit(2);
    }
    std::fclose(f);
  }
  ~S3StandIn() {
    kill(pid_, SIGTERM);
    waitpid(pid_, nullptr, 0);
  }
  std::string url() const { return "http://127.0.0.1:" + std::to_string(port_); }

 private:
  pid_t pid_ = -1;
  int port_ = 0;
};

// A CloudTrail PutBucketPolicy on bench-NNNNNN, written to a file.
std::string CallEventFile(long bucket_index) {
  static const char* const kRegions[] = {"us-east-1", "ap-northeast-1", "eu-west-1"};  // as bench/s3_standin
  char name[32];
  std::snprintf(name, sizeof name, "bench-%06ld", bucket_index);
  const char* region = kRegions[bucket_index % 3];
  std::string event =
      std::string(R"({"version":"0","id":"cold-)") + name +
      R"(","detail-type":"AWS API Call via CloudTrail","source":"aws.s3","account":"111122223333",)" +
      R"("time":"2026-12-06T00:00:00Z","region":")" + region + R"(","resources":[],"detail":{)" +
      R"("eventVersion":"1.08","userIdentity":{"type":"IAMUser","arn":"arn:aws:iam::111122223333:user/a"},)" +
      R"("eventTime":"2026-12-06T00:00:00Z","eventSource":"s3.amazonaws.com","eventName":"PutBucketPolicy",)" +
      R"("awsRegion":")" + region + R"(","sourceIPAddress":"203.0.113.7","requestParameters":{"bucketName":")" + name +
      R"("},"eventID":"cold-ct","recipientAccountId":"111122223333"}})";
  std::string path = "/tmp/bw-cold-" + std::to_string(getpid()) + "-" + name + ".json";
  FILE* f = std::fopen(path.c_str(), "wb");
  if (f == nullptr) std::exit(2);
  std::fwrite(event.data(), 1, event.size(), f);
  std::fclose(f);
  return path;
}

int CompareState(int runs, const std::string& bucketwatch) {
  const char* dynamodb = std::getenv("DYNALITE_ENDPOINT");
  if (dynamodb == nullptr) {
    std::fprintf(stderr,
                 "cold_start --state: DYNALITE_ENDPOINT is not set; run eval \"$(scripts/dynalite-fixture start)\"\n");
    return 2;
  }
  runs = std::min(runs, 99);  // every 50th of the stand-in's 5,000 buckets is public: one new bucket per run
  S3StandIn s3(5000);
  Webhook hook;
  const std::string table = "bw-cold-start-" + std::to_string(getpid());
  std::vector<std::string> env = {"AWS_ENDPOINT_URL=" + s3.url(),
                                  std::string("AWS_ENDPOINT_URL_DYNAMODB=") + dynamodb,
                                  "AWS_ACCESS_KEY_ID=AKIDCOLDSTART0000001",
                                  "AWS_SECRET_ACCESS_KEY=bench",
                                  "AWS_SESSION_TOKEN=",
                                  "AWS_REGION=us-east-1",
                                  "AWS_PROFILE=",
                                  "AWS_CONFIG_FILE=/dev/null",
                                  "AWS_SHARED_CREDENTIALS_FILE=/dev/null",
                                  "AWS_EC2_METADATA_DISABLED=true",
                                  "BUCKETWATCH_SLACK_WEBHOOK_URL=" + hook.url(),
                                  "WEB_HOOK_URL=",
                                  "BUCKETWATCH_LOG_LEVEL=info",
                                  "BUCKETWATCH_STATE_TABLE="};
  std::vector<std::string> with_state = env;
  with_state.back() = "BUCKETWATCH_STATE_TABLE=" + table;
  if (Run({bucketwatch, "state", "init", "--table", table}, env).exit_code != 0) {
    std::fprintf(stderr, "cold_start --state: `bucketwatch state init --table %s` failed\n", table.c_str());
    return 2;
  }
  Series without{"handle CloudTrail call, no state table", {}};
  Series with{"handle CloudTrail call, with state table", {}};
  std::vector<std::string> files;
  Run({bucketwatch, "handle", CallEventFile(50 * (runs + 1))}, env);  // untimed: the caches
  for (int i = 1; i <= runs; ++i) files.push_back(CallEventFile(50L * i));
  int posts_before = hook.posts();
  for (const std::string& file : files) {
    without.samples.push_back(Run({bucketwatch, "handle", file}, env));
    with.samples.push_back(Run({bucketwatch, "handle", file}, with_state));
  }
  int posts = hook.posts() - posts_before;
  for (const std::string& file : files) std::remove(file.c_str());

  std::printf(
      "Cold start with the state table: a CloudTrail call judged by a live read (loopback S3, no latency),"
      " a bucket newly public each run; %d runs each, interleaved\n\n",
      runs);
  std::printf("  %-44s %8s %8s %8s %8s %10s\n", "process", "median", "p10", "p90", "min", "peak RSS");
  Print(without);
  Print(with);
  std::printf("\n  with / without, median: %.2fx (goal <= 1.3x)\n", with.Percentile(0.5) / without.Percentile(0.5));
  bool ok = posts == 2 * runs;
  for (const Series* s : {&without, &with}) {
    for (const Sample& x : s->samples) ok = ok && x.exit_code == 1;
  }
  if (!ok)
    std::printf("  warning: %d posts (expected %d), or a run did not exit 1 (public, announced)\n", posts, 2 * runs);
  return ok ? 0 : 1;
}

}  // namespace

int main(int argc, char** argv) {
  int runs = 30;
  std::string bucketwatch = std::string(BW_BINARY_DIR) + "/bucketwatch";
  std::string python = "/usr/bin/python3";
  std::string event_path = std::string(BW_SOURCE_DIR) +
                           "/tests/data/events/config.ComplianceChange.s3-bucket-public-write-prohibited.eventbridge."
                           "assembled.json";
  std::string old_lambda = std::string(BW_SOURCE_DIR) + "/bench/old_lambda/lambda_function.py";
  bool state = false;
  for (int i = 1; i < argc; ++i) {
    std::string flag = argv[i];
    std::string value = i + 1 < argc ? argv[i + 1] : "";
    if (flag == "--state") state = true;
    if (flag == "--runs") runs = std::max(1, std::atoi(value.c_str()));
    if (flag == "--bucketwatch") bucketwatch = value;
    if (flag == "--python") python = value;
    if (flag != "--state") ++i;  // the others take a value
  }

  if (state) return CompareState(runs, bucketwatch);
  if (access(python.c_str(), X_OK) != 0) {
    std::fprintf(stderr, "cold_start: %s not found; install python3 (scripts/setup) or pass --python PATH\n",
                 python.c_str());
    return 2;
  }
  Webhook hook;
  RuntimeApi api(ReadFile(event_path));
  // The old variables, as the old function was configured.
  std::vector<std::string> env = {"WEB_HOOK_URL=" + hook.url(), "CHANNEL=#alerts", "ENV=prod",
                                  "BUCKETWATCH_SLACK_WEBHOOK_URL=", "AWS_LAMBDA_RUNTIME_API="};
  std::vector<std::string> lambda_env = env;
  lambda_env.back() = "AWS_LAMBDA_RUNTIME_API=" + api.host_port();

  Series py{"old Lambda (python3 + urllib, form post)", {}};
  Series handle{"bucketwatch handle EVENT", {}};
  Series bootstrap{"bucketwatch as Lambda bootstrap (1 event)", {}};
  Series version{"bucketwatch --version (load only)", {}};
  std::string floor = std::string(BW_BINARY_DIR) + "/bench/cold_floor";
  Series floor_load{"floor: C program linked with libcurl", {}};
  Series floor_init{"floor: + curl_global_init (OpenSSL init)", {}};
  Series floor_post{"floor: + one JSON POST", {}};

  // One untimed round first: page cache and the dynamic loader's caches.
  Run({python, old_lambda, event_path}, env);
  Run({bucketwatch, "handle", event_path}, env);
  int posts_before = hook.posts();
  int responses_before = api.responses();
  for (int i = 0; i < runs; ++i) {
    py.samples.push_back(Run({python, old_lambda, event_path}, env));
    handle.samples.push_back(Run({bucketwatch, "handle", event_path}, env));
    api.Arm();
    bootstrap.samples.push_back(Run({bucketwatch}, lambda_env));
    version.samples.push_back(Run({bucketwatch, "--version"}, env));
    floor_load.samples.push_back(Run({floor}, env));
    floor_init.samples.push_back(Run({floor, "init"}, env));
    floor_post.samples.push_back(Run({floor, "post", hook.url()}, env));
  }
  int posts = hook.posts() - posts_before;
  int responses = api.responses() - responses_before;

  unsigned cores = std::thread::hardware_concurrency();
  std::printf(
      "Cold start: one Config compliance-change event posted to a loopback webhook; %d runs each, interleaved;"
      " %u cores\n\n",
      runs, cores);
  std::printf("  %-44s %8s %8s %8s %8s %10s\n", "process", "median", "p10", "p90", "min", "peak RSS");
  std::printf("  %-44s %8s %8s %8s %8s %10s\n", "", "ms", "ms", "ms", "ms", "MiB (max)");
  Print(py);
  Print(handle);
  Print(bootstrap);
  Print(version);
  std::printf("  %s\n", "what any program using Debian's libcurl pays:");
  Print(floor_load);
  Print(floor_init);
  Print(floor_post);
  double speedup = py.Percentile(0.5) / handle.Percentile(0.5);
  double speedup_lambda = py.Percentile(0.5) / bootstrap.Percentile(0.5);
  std::printf(
      "\n  speed-up, median: handle %.1fx, bootstrap %.1fx (goal >= 15x);"
      " peak memory %.1f MiB vs %.1f MiB (goal <= 16 MiB)\n",
      speedup, speedup_lambda, handle.MaxRssMib(), py.MaxRssMib());
  std::printf(
      "  loading alone (--version) is %.0f%% of `handle`'s median; the libcurl floor with one POST is %.0f%%;"
      " best possible speed-up with libcurl: %.1fx\n",
      100.0 * version.Percentile(0.5) / handle.Percentile(0.5),
      100.0 * floor_post.Percentile(0.5) / handle.Percentile(0.5), py.Percentile(0.5) / floor_post.Percentile(0.5));

  bool ok = true;
  auto check = [&ok](const Series& s, int want) {
    for (const Sample& x : s.samples) {
      if (x.exit_code != want) {
        std::printf("  warning: %s exited %d (expected %d)\n", s.name.c_str(), x.exit_code, want);
        ok = false;
        return;
      }
    }
  };
  check(py, 0);
  check(handle, 1);     // 1: an alert that needs action was delivered
  check(bootstrap, 1);  // 1: the Runtime API answered 500 ("exit") after the event
  check(version, 0);
  check(floor_post, 0);
  if (posts != 4 * runs || responses != runs) {
    std::printf("  warning: the webhook got %d posts (expected %d), the Runtime API %d responses (expected %d)\n",
                posts, 3 * runs, responses, runs);
    ok = false;
  }
  return ok ? 0 : 1;
}
