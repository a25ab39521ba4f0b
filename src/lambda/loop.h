// The Runtime API loop: ask for an event, handle it, answer, repeat.
//
//   /next fails (unreachable)  -> retried; after 3 in a row the runtime exits
//   any answer 500             -> exit at once (the Runtime API says so)
//   handler fails              -> /error with its type, so Lambda retries the
//                                 event and then sends it to the failure destination
//   /response or /error refused (400, 403, 413) -> logged; next event
#ifndef BUCKETWATCH_LAMBDA_LOOP_H_
#define BUCKETWATCH_LAMBDA_LOOP_H_

#include <chrono>
#include <functional>
#include <string>

#include "lambda/runtime_client.h"

namespace bucketwatch::lambda {

struct InvocationOutcome {
  bool ok = true;
  std::string response;  // ok: the response body
  ErrorReport error;     // not ok
};

using InvocationHandler = std::function<InvocationOutcome(const Invocation&)>;

struct LoopOptions {
  int max_invocations = 0;  // 0: until the Runtime API goes away or says exit (tests set a number)
  int max_next_failures = 3;
  std::chrono::milliseconds next_retry_pause{100};
};

// Returns the process exit code: 0 after max_invocations, 1 when the
// Runtime API says exit or stays unreachable.
int RunLoop(RuntimeClient& client, const InvocationHandler& handler, const LoopOptions& options);

}  // namespace bucketwatch::lambda

#endif  // BUCKETWATCH_LAMBDA_LOOP_H_
