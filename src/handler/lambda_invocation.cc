#include "handler/lambda_invocation.h"

namespace bucketwatch::handler {

lambda::InvocationHandler ForLambda(EventHandler& handler) {
  return [&handler](const lambda::Invocation& inv) {
    HandleResult r = handler.Handle(inv.payload, inv.deadline);
    lambda::InvocationOutcome out;
    out.ok = r.ok();
    if (out.ok) {
      out.response = r.SummaryJson();
    } else {
      out.error = {r.ErrorType(), r.error.ToString()};
    }
    return out;
  };
}

}  // namespace bucketwatch::handler
