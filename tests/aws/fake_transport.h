// A Transport that records what would be sent and answers from a script:
// for golden-wire tests, where the request must go to AWS's real host
// names but must not leave the machine.
#ifndef BUCKETWATCH_TESTS_AWS_FAKE_TRANSPORT_H_
#define BUCKETWATCH_TESTS_AWS_FAKE_TRANSPORT_H_

#include <deque>
#include <functional>
#include <memory>
#include <mutex>
#include <vector>

#include "aws/aws_context.h"
#include "aws/transport.h"

namespace bucketwatch::aws::testing {

struct Script {
  std::mutex mu;
  std::vector<net::HttpRequest> sent;
  std::deque<Result<net::HttpResponse>> answers;  // consumed in order; empty -> 200 ""
  void Answer(long status, std::string body, std::vector<net::Header> headers = {}) {
    net::HttpResponse r;
    r.status = status;
    r.body = std::move(body);
    r.headers = std::move(headers);
    answers.emplace_back(std::move(r));
  }
  void Fail(Status s) { answers.emplace_back(std::move(s)); }
};

class FakeTransport : public Transport {
 public:
  explicit FakeTransport(std::shared_ptr<Script> script) : script_(std::move(script)) {}
  Result<net::HttpResponse> Send(const net::HttpRequest& request) override {
    std::lock_guard lock(script_->mu);
    script_->sent.push_back(request);
    if (script_->answers.empty()) return net::HttpResponse{.status = 200};
    auto r = std::move(script_->answers.front());
    script_->answers.pop_front();
    return r;
  }

 private:
  std::shared_ptr<Script> script_;
};

// Hooks with a fixed clock, no waiting, and the scripted transport.
inline Hooks FakeHooks(std::shared_ptr<Script> script, Clock::time_point now, std::vector<long>* slept = nullptr) {
  Hooks h;
  h.transport = [script] { return std::make_unique<FakeTransport>(script); };
  h.now = [now] { return now; };
  h.sleep = [slept](std::chrono::milliseconds d) {
    if (slept != nullptr) slept->push_back(static_cast<long>(d.count()));
  };
  h.random = [] { return 0.5; };
  return h;
}

}  // namespace bucketwatch::aws::testing

#endif  // BUCKETWATCH_TESTS_AWS_FAKE_TRANSPORT_H_
