// The event handler as the Lambda loop's invocation handler: an event
// handled is answered with its summary; one that failed (a malformed event,
// an alert Slack did not accept) is answered as an error with its type, so
// that Lambda retries it and, at the end, hands it to the failure
// destination.
#ifndef BUCKETWATCH_HANDLER_LAMBDA_INVOCATION_H_
#define BUCKETWATCH_HANDLER_LAMBDA_INVOCATION_H_

#include "handler/handler.h"
#include "lambda/loop.h"

namespace bucketwatch::handler {

// `handler` must outlive the returned function.
lambda::InvocationHandler ForLambda(EventHandler& handler);

}  // namespace bucketwatch::handler

#endif  // BUCKETWATCH_HANDLER_LAMBDA_INVOCATION_H_
