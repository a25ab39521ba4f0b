// A stand-in for the AWS Lambda Runtime API on 127.0.0.1
// (tests/data/lambda/runtime-api-exchange.http; AWS Lambda Developer Guide,
// "Using the Lambda runtime API for custom runtimes"): hands out queued
// events on GET /next with the invocation headers, and records what the
// runtime answers on /response, /error and /init/error. When the queue is
// empty, /next answers 500, which tells a runtime to exit. Used by the
// tests and by tools/lambda_standin_main.cc.
#ifndef BUCKETWATCH_TOOLS_STANDINS_RUNTIME_API_STANDIN_H_
#define BUCKETWATCH_TOOLS_STANDINS_RUNTIME_API_STANDIN_H_

#include <cstdint>
#include <deque>
#include <mutex>
#include <string>
#include <vector>

#include "standins/loopback_server.h"

namespace bucketwatch::testing {

class RuntimeApiStandIn {
 public:
  struct Invocation {
    std::string request_id;
    std::string payload;
    int64_t deadline_ms = 0;  // epoch ms; 0: now + 60 s
    std::string trace_id = "Root=1-5bef4de7-ad49b0e87f6ef6c87fc2e700;Parent=9a9197af755a6419;Sampled=1";
  };
  struct Answer {
    std::string kind;  // "response", "error" or "init_error"
    std::string request_id;
    std::string body;
    std::string error_type;  // Lambda-Runtime-Function-Error-Type
    std::string content_type;
  };

  RuntimeApiStandIn();
  ~RuntimeApiStandIn();

  void Push(Invocation invocation);
  // Status for /response and /error answers (202 normally; 500 to say "exit").
  void SetAnswerStatus(int status);

  std::string host_port() const;  // what AWS_LAMBDA_RUNTIME_API holds
  std::vector<Answer> answers() const;
  int next_calls() const;

  static int64_t NowMs();

 private:
  LoopbackServer server_;
  mutable std::mutex mu_;
  std::deque<Invocation> queue_;
  std::vector<Answer> answers_;
  int next_calls_ = 0;
  int answer_status_ = 202;
};

}  // namespace bucketwatch::testing

#endif  // BUCKETWATCH_TOOLS_STANDINS_RUNTIME_API_STANDIN_H_
