// bucketwatch-slack-standin: a Slack incoming webhook on 127.0.0.1, to see
// what bucketwatch would post without a Slack workspace (docs/slack.md).
//
//   bucketwatch-slack-standin [--reply STATUS[:BODY]]... -- COMMAND [ARG...]
//     runs COMMAND with BUCKETWATCH_SLACK_WEBHOOK_URL set to the stand-in,
//     then prints every message it posted (its JSON, one per line) and exits
//     with COMMAND's exit status.
//   bucketwatch-slack-standin [--reply STATUS[:BODY]]...
//     prints the webhook URL, then every message as it arrives, until
//     interrupted (for `bucketwatch serve` in another terminal).
//
// --reply gives Slack's answers in order (then 200 "ok"): 404:channel_not_found,
// 500, 429 (with Retry-After: 1) ...
#include <chrono>
#include <csignal>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <thread>
#include <vector>

#include "standins/child_process.h"
#include "standins/slack_standin.h"

namespace {

using bucketwatch::testing::SlackStandIn;

volatile std::sig_atomic_t g_stop = 0;
void OnSignal(int) { g_stop = 1; }

int Usage() {
  std::fprintf(stderr,
               "usage: bucketwatch-slack-standin [--reply STATUS[:BODY]]... [-- COMMAND [ARG...]]\n"
               "  with COMMAND: run it with BUCKETWATCH_SLACK_WEBHOOK_URL set to a Slack stand-in on\n"
               "  127.0.0.1, print what it posted, exit with its status; without: print the URL, then\n"
               "  every message as it arrives, until interrupted\n");
  return 2;
}

void Print(const SlackStandIn::Request& r) {
  std::fwrite(r.body.data(), 1, r.body.size(), stdout);
  std::fputc('\n', stdout);
  std::fflush(stdout);
}

}  // namespace

int main(int argc, char** argv) {
  std::vector<SlackStandIn::Reply> replies;
  std::vector<std::string> command;
  for (int i = 1; i < argc; ++i) {
    std::string arg = argv[i];
    if (arg == "--") {
      command.assign(argv + i + 1, argv + argc);
      if (command.empty()) return Usage();
      break;
    }
    if (arg == "--reply" && i + 1 < argc) {
      std::string reply = argv[++i];
      size_t colon = reply.find(':');
      int status = std::atoi(reply.substr(0, colon).c_str());
      if (status < 100 || status > 599) return Usage();
      std::string body = colon == std::string::npos ? (status == 200 ? "ok" : "error") : reply.substr(colon + 1);
      replies.push_back(status == 429 ? SlackStandIn::RateLimited("1") : SlackStandIn::Error(status, body));
      continue;
    }
    return Usage();
  }

  SlackStandIn slack;
  slack.Script(replies);
  if (!command.empty()) {
    int status = bucketwatch::testing::RunChild(command, {{"BUCKETWATCH_SLACK_WEBHOOK_URL", slack.url()}});
    std::vector<SlackStandIn::Request> received = slack.requests();
    std::fprintf(stderr, "bucketwatch-slack-standin: %zu message(s) received\n", received.size());
    for (const SlackStandIn::Request& r : received) Print(r);
    return status;
  }

  std::signal(SIGINT, OnSignal);
  std::signal(SIGTERM, OnSignal);
  std::printf("%s\n", slack.url().c_str());
  std::fflush(stdout);
  size_t shown = 0;
  while (g_stop == 0) {
    std::vector<SlackStandIn::Request> received = slack.requests();
    for (; shown < received.size(); ++shown) Print(received[shown]);
    std::this_thread::sleep_for(std::chrono::milliseconds(100));
  }
  return 0;
}
