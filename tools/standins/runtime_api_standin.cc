#include "standins/runtime_api_standin.h"

#include <chrono>

namespace bucketwatch::testing {

int64_t RuntimeApiStandIn::NowMs() {
  return std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::system_clock::now().time_since_epoch())
      .count();
}

RuntimeApiStandIn::RuntimeApiStandIn() {
  auto& s = server_.server();
  s.Get("/2018-06-01/runtime/invocation/next", [this](const httplib::Request&, httplib::Response& res) {
    std::lock_guard<std::mutex> lock(mu_);
    ++next_calls_;
    if (queue_.empty()) {
      res.status = 500;
      res.set_content(R"({"errorMessage":"no more events","errorType":"Runtime.ExitNow"})", "application/json");
      return;
    }
    Invocation inv = queue_.front();
    queue_.pop_front();
    int64_t deadline = inv.deadline_ms != 0 ? inv.deadline_ms : NowMs() + 60000;
    res.set_header("Lambda-Runtime-Aws-Request-Id", inv.request_id);
    res.set_header("Lambda-Runtime-Deadline-Ms", std::to_string(deadline));
    res.set_header("Lambda-Runtime-Invoked-Function-Arn",
                   "arn:aws:lambda:ap-northeast-1:123456789012:function:bucketwatch");
    res.set_header("Lambda-Runtime-Trace-Id", inv.trace_id);
    res.set_content(inv.payload, "application/json");
  });
  auto record = [this](std::string kind) {
    return [this, kind](const httplib::Request& req, httplib::Response& res) {
      std::lock_guard<std::mutex> lock(mu_);
      std::string id = req.matches.size() > 1 ? std::string(req.matches[1]) : std::string();
      answers_.push_back({kind, id, req.body, req.get_header_value("Lambda-Runtime-Function-Error-Type"),
                          req.get_header_value("Content-Type")});
      res.status = kind == "init_error" ? 202 : answer_status_;
      res.set_content(R"({"status":"OK"})", "application/json");
    };
  };
  s.Post(R"(/2018-06-01/runtime/invocation/([^/]+)/response)", record("response"));
  s.Post(R"(/2018-06-01/runtime/invocation/([^/]+)/error)", record("error"));
  s.Post("/2018-06-01/runtime/init/error", record("init_error"));
  server_.Start();
}

RuntimeApiStandIn::~RuntimeApiStandIn() { server_.Stop(); }

void RuntimeApiStandIn::Push(Invocation invocation) {
  std::lock_guard<std::mutex> lock(mu_);
  queue_.push_back(std::move(invocation));
}

void RuntimeApiStandIn::SetAnswerStatus(int status) {
  std::lock_guard<std::mutex> lock(mu_);
  answer_status_ = status;
}

std::string RuntimeApiStandIn::host_port() const { return "127.0.0.1:" + std::to_string(server_.port()); }

std::vector<RuntimeApiStandIn::Answer> RuntimeApiStandIn::answers() const {
  std::lock_guard<std::mutex> lock(mu_);
  return answers_;
}

int RuntimeApiStandIn::next_calls() const {
  std::lock_guard<std::mutex> lock(mu_);
  return next_calls_;
}

}  // namespace bucketwatch::testing
