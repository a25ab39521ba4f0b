// A stand-in for a Slack incoming webhook on 127.0.0.1 (docs/slack.md):
// records every request and answers from a script, so tests can see what
// bucketwatch sent and how it reacts to 200 "ok", 400 invalid_payload, 404
// channel_not_found, 429 with Retry-After, 500, or an answer that never
// comes ("hang"). Used by the tests and by tools/slack_standin_main.cc.
#ifndef BUCKETWATCH_TOOLS_STANDINS_SLACK_STANDIN_H_
#define BUCKETWATCH_TOOLS_STANDINS_SLACK_STANDIN_H_

#include <condition_variable>
#include <deque>
#include <mutex>
#include <string>
#include <vector>

#include "standins/loopback_server.h"

namespace bucketwatch::testing {

class SlackStandIn {
 public:
  struct Reply {
    int status = 200;
    std::string body = "ok";
    std::string retry_after;  // Retry-After header, when not empty
    bool hang = false;        // never answer (until the stand-in stops)
  };
  struct Request {
    std::string body;
    std::string content_type;
    std::string user_agent;
  };

  static Reply Ok() { return {}; }
  static Reply Error(int status, std::string body) { return {status, std::move(body), "", false}; }
  static Reply RateLimited(std::string retry_after) { return {429, "rate_limited", std::move(retry_after), false}; }
  static Reply Hang() { return {200, "ok", "", true}; }

  SlackStandIn();
  ~SlackStandIn();

  // Replies given in order; after the script runs out, `fallback`.
  void Script(std::vector<Reply> replies);
  void SetFallback(Reply fallback);

  // The webhook URL; its path has a secret-looking token that must never be logged.
  std::string url() const;
  static constexpr const char* kSecret = "XyZsEcReTtOkEn0123456789";

  std::vector<Request> requests() const;

 private:
  LoopbackServer server_;
  mutable std::mutex mu_;
  std::condition_variable released_;
  bool stopping_ = false;
  std::deque<Reply> script_;
  Reply fallback_;
  std::vector<Request> requests_;
};

}  // namespace bucketwatch::testing

#endif  // BUCKETWATCH_TOOLS_STANDINS_SLACK_STANDIN_H_
