#include "standins/slack_standin.h"

#include <chrono>

namespace bucketwatch::testing {

SlackStandIn::SlackStandIn() {
  server_.server().Post(R"(/services/.*)", [this](const httplib::Request& req, httplib::Response& res) {
    Reply reply;
    {
      std::unique_lock<std::mutex> lock(mu_);
      requests_.push_back({req.body, req.get_header_value("Content-Type"), req.get_header_value("User-Agent")});
      if (!script_.empty()) {
        reply = script_.front();
        script_.pop_front();
      } else {
        reply = fallback_;
      }
      if (reply.hang) {
        // Held until the stand-in stops; the client's timeout ends it first.
        released_.wait_for(lock, std::chrono::seconds(30), [this] { return stopping_; });
      }
    }
    res.status = reply.status;
    if (!reply.retry_after.empty()) res.set_header("Retry-After", reply.retry_after);
    res.set_content(reply.body, "text/plain");
  });
  server_.Start();
}

SlackStandIn::~SlackStandIn() {
  {
    std::lock_guard<std::mutex> lock(mu_);
    stopping_ = true;
  }
  released_.notify_all();
  server_.Stop();
}

void SlackStandIn::Script(std::vector<Reply> replies) {
  std::lock_guard<std::mutex> lock(mu_);
  script_.assign(replies.begin(), replies.end());
}

void SlackStandIn::SetFallback(Reply fallback) {
  std::lock_guard<std::mutex> lock(mu_);
  fallback_ = std::move(fallback);
}

std::string SlackStandIn::url() const { return server_.url() + "/services/T0000/B0000/" + kSecret; }

std::vector<SlackStandIn::Request> SlackStandIn::requests() const {
  std::lock_guard<std::mutex> lock(mu_);
  return requests_;
}

}  // namespace bucketwatch::testing
