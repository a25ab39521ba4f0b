// `bucketwatch serve` as a separate process for tests: a configuration
// file written from the arguments, the environment given, its standard
// error kept in serve.log, its port read from the ready file.
#ifndef BUCKETWATCH_TESTS_SUPPORT_SERVE_DAEMON_H_
#define BUCKETWATCH_TESTS_SUPPORT_SERVE_DAEMON_H_

#include <fcntl.h>
#include <gtest/gtest.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <thread>
#include <vector>

#include "standins/loopback_server.h"
#include "support/run_command.h"

namespace bucketwatch::testing {

inline constexpr const char* kServeSecret = "test-shared-secret-0123456789";

// Waits for `done` for up to a minute (a bound for a failing test, not a timing assertion).
template <typename F>
inline bool WaitFor(F done) {
  for (int i = 0; i < 1200; ++i) {
    if (done()) return true;
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
  }
  return done();
}

class ServeProcess {
 public:
  ServeProcess(const std::filesystem::path& dir, const std::string& slack_url, std::vector<std::string> env = {})
      : dir_(dir), slack_url_(slack_url), env_(std::move(env)) {}
  ~ServeProcess() {
    if (pid_ > 0) Kill(SIGKILL);
  }

  void Start(int max_inbox = 100000) {
    std::ofstream(dir_ / "serve.toml") << "[listen]\nport = 0\nsecret = \"" << kServeSecret << "\"\n"
                                       << "[inbox]\nmax_depth = " << max_inbox << "\n"
                                       << "[store]\npath = \"" << (dir_ / "state.db").string() << "\"\n"
                                       << "[scan]\ninterval_seconds = 0\n"
                                       << "[slack]\nwebhook_url = \"" << slack_url_ << "\"\ntimeout_seconds = 2\n";
    std::filesystem::path ready = dir_ / "ready";
    std::filesystem::remove(ready);
    pid_ = fork();
    if (pid_ == 0) {
      int log = open((dir_ / "serve.log").c_str(), O_WRONLY | O_CREAT | O_APPEND, 0644);
      dup2(log, 2);
      for (const std::string& e : env_) putenv(const_cast<char*>(e.c_str()));
      std::string bin = BucketwatchBinary();
      std::string config = (dir_ / "serve.toml").string();
      std::string ready_path = ready.string();
      execl(bin.c_str(), bin.c_str(), "serve", "--config", config.c_str(), "--ready-file", ready_path.c_str(),
            static_cast<char*>(nullptr));
      _exit(127);
    }
    ASSERT_TRUE(WaitFor([&] { return std::filesystem::exists(ready) || Exited(); })) << Log();
    ASSERT_FALSE(Exited()) << Log();
    std::ifstream(ready) >> port_;
    ASSERT_GT(port_, 0);
  }
  bool Exited() {
    int status = 0;
    if (pid_ <= 0) return true;
    pid_t r = waitpid(pid_, &status, WNOHANG);
    if (r == pid_) {
      pid_ = 0;
      exit_status_ = status;
      return true;
    }
    return false;
  }
  // Returns the exit status as waitpid gives it.
  int Kill(int sig) {
    int status = 0;
    kill(pid_, sig);
    waitpid(pid_, &status, 0);
    pid_ = 0;
    return status;
  }
  httplib::Client Client() {
    httplib::Client c("127.0.0.1", port_);
    c.set_read_timeout(30, 0);
    return c;
  }
  httplib::Result Post(const std::string& body, bool with_secret = true) {
    httplib::Client c = Client();
    httplib::Headers h;
    if (with_secret) h.emplace("X-Bucketwatch-Secret", kServeSecret);
    return c.Post("/events", h, body, "application/json");
  }
  std::string Log() const {
    std::ifstream in(dir_ / "serve.log");
    std::stringstream s;
    s << in.rdbuf();
    return s.str();
  }
  int port() const { return port_; }

 private:
  std::filesystem::path dir_;
  std::string slack_url_;
  std::vector<std::string> env_;
  pid_t pid_ = 0;
  int port_ = 0;
  int exit_status_ = 0;
};

}  // namespace bucketwatch::testing

#endif  // BUCKETWATCH_TESTS_SUPPORT_SERVE_DAEMON_H_
