// bucketwatch-lambda-standin: the AWS Lambda Runtime API on 127.0.0.1, to
// run `bucketwatch lambda` (or the packaged bootstrap) by hand, without AWS
// (docs/realtime.md, "Trying the Lambda runtime locally").
//
//   bucketwatch-lambda-standin EVENT.json... -- COMMAND [ARG...]
//
// Runs COMMAND with AWS_LAMBDA_RUNTIME_API pointing at the stand-in, which
// hands it the events one invocation each, then answers the next request
// for work with 500 "no more events" (a runtime then exits, with status 1).
// Prints every answer as a JSON line ({"request_id", "event", "answer":
// "response" | "error" | "init_error", "error_type", "body"}) and exits 0 when
// every event got a response, 1 when one got an error or no answer, 2 on
// bad usage.
#include <nlohmann/json.hpp>

#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <iterator>
#include <sstream>
#include <string>
#include <vector>

#include "standins/child_process.h"
#include "standins/runtime_api_standin.h"

namespace {

using bucketwatch::testing::RuntimeApiStandIn;

int Usage() {
  std::fprintf(stderr,
               "usage: bucketwatch-lambda-standin EVENT.json... -- COMMAND [ARG...]\n"
               "  runs COMMAND (e.g. bucketwatch lambda) against a Lambda Runtime API stand-in on\n"
               "  127.0.0.1 that hands it each event in turn; prints the answers\n");
  return 2;
}

}  // namespace

int main(int argc, char** argv) {
  std::vector<std::string> files;
  std::vector<std::string> command;
  for (int i = 1; i < argc; ++i) {
    std::string arg = argv[i];
    if (arg == "--") {
      command.assign(argv + i + 1, argv + argc);
      break;
    }
    files.push_back(arg);
  }
  if (files.empty() || command.empty()) return Usage();

  RuntimeApiStandIn api;
  for (size_t i = 0; i < files.size(); ++i) {
    std::ifstream in(files[i], std::ios::binary);
    if (!in) {
      std::fprintf(stderr, "bucketwatch-lambda-standin: cannot read %s\n", files[i].c_str());
      return 2;
    }
    std::string payload((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    api.Push({"invocation-" + std::to_string(i + 1), std::move(payload)});
  }
  int status = bucketwatch::testing::RunChild(command, {{"AWS_LAMBDA_RUNTIME_API", api.host_port()}});

  std::vector<RuntimeApiStandIn::Answer> answers = api.answers();
  size_t responses = 0;
  for (const RuntimeApiStandIn::Answer& a : answers) {
    nlohmann::ordered_json line;
    line["request_id"] = a.request_id;
    size_t index = a.request_id.rfind('-');
    size_t n = index == std::string::npos ? 0 : std::strtoul(a.request_id.c_str() + index + 1, nullptr, 10);
    line["event"] = n >= 1 && n <= files.size() ? files[n - 1] : std::string();
    line["answer"] = a.kind;
    if (!a.error_type.empty()) line["error_type"] = a.error_type;
    nlohmann::json body = nlohmann::json::parse(a.body, nullptr, false);
    if (body.is_discarded()) {
      line["body"] = a.body;
    } else {
      line["body"] = body;
    }
    std::printf("%s\n", line.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace).c_str());
    if (a.kind == "response") ++responses;
  }
  std::fprintf(stderr, "bucketwatch-lambda-standin: %zu of %zu event(s) answered with a response; %s exited %d\n",
               responses, files.size(), command[0].c_str(), status);
  return responses == files.size() && answers.size() == files.size() ? 0 : 1;
}
