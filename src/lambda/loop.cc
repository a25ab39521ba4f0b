#include "lambda/loop.h"

#include <cstdlib>
#include <thread>

#include "base/log.h"

namespace bucketwatch::lambda {

int RunLoop(RuntimeClient& client, const InvocationHandler& handler, const LoopOptions& options) {
  int handled = 0;
  int next_failures = 0;
  while (options.max_invocations == 0 || handled < options.max_invocations) {
    auto next = client.Next();
    if (!next.ok()) {
      const Status& s = next.status();
      log::Error("lambda.next_failed", {{"error", s.ToString()}, {"consecutive", next_failures + 1}});
      if (s.code() == StatusCode::kInternal || ++next_failures >= options.max_next_failures) return 1;
      std::this_thread::sleep_for(options.next_retry_pause * next_failures);
      continue;
    }
    next_failures = 0;
    const Invocation& inv = *next;
    // X-Ray: the SDKs and the Lambda runtime read the trace header from here.
    if (inv.trace_id.empty()) {
      ::unsetenv("_X_AMZN_TRACE_ID");
    } else {
      ::setenv("_X_AMZN_TRACE_ID", inv.trace_id.c_str(), 1);
    }

    InvocationOutcome outcome = handler(inv);
    Status posted = outcome.ok ? client.PostResponse(inv.request_id, outcome.response)
                               : client.PostError(inv.request_id, outcome.error);
    ++handled;
    log::Fields fields = {{"request_id", inv.request_id}, {"ok", outcome.ok}};
    if (!outcome.ok) fields["error_type"] = outcome.error.type;
    if (!posted.ok()) {
      fields["post_error"] = posted.ToString();
      log::Error("lambda.answer_failed", fields);
      if (posted.code() == StatusCode::kInternal || posted.code() == StatusCode::kUnavailable) return 1;
      continue;
    }
    log::Info("lambda.answered", fields);
  }
  return 0;
}

}  // namespace bucketwatch::lambda
