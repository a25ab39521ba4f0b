// A client of the AWS Lambda Runtime API 2018-06-01 (Lambda Developer
// Guide, "Using the Lambda runtime API for custom runtimes"; facts in
// docs/sources.md, "Lambda Runtime API"), written for bucketwatch instead of vendoring
// aws-lambda-cpp, whose known faults it avoids: the error type goes in the
// Lambda-Runtime-Function-Error-Type header (not only in the body), error
// JSON keeps UTF-8 intact, the trace id is exported as _X_AMZN_TRACE_ID,
// and a 500 answer means "exit now".
//
// The /next long poll has no timeout: between invocations the sandbox is
// frozen, and a timer would fire on thaw. Requests never use a proxy.
#ifndef BUCKETWATCH_LAMBDA_RUNTIME_CLIENT_H_
#define BUCKETWATCH_LAMBDA_RUNTIME_CLIENT_H_

#include <cstdint>
#include <string>
#include <string_view>

#include "base/deadline.h"
#include "base/status.h"
#include "net/http.h"

namespace bucketwatch::lambda {

struct Invocation {
  std::string request_id;
  int64_t deadline_ms = 0;  // epoch milliseconds
  Deadline deadline = Deadline::Never();
  std::string function_arn;
  std::string trace_id;
  std::string client_context;
  std::string cognito_identity;
  std::string tenant_id;
  std::string payload;
};

// An error to report: `type` is "Category.Reason" (Runtime or Function, then
// a capitalised word), anything else is reported as Runtime.Unknown /
// Function.Unknown by Lambda.
struct ErrorReport {
  std::string type;
  std::string message;
};

// True when `type` matches (Runtime|Function)\.[A-Z][a-zA-Z]+.
bool IsValidErrorType(std::string_view type);
// {"errorMessage": ..., "errorType": <Reason>, "stackTrace": []}
std::string ErrorBody(const ErrorReport& error);

class RuntimeClient {
 public:
  // `api` is AWS_LAMBDA_RUNTIME_API: host:port, no scheme.
  explicit RuntimeClient(std::string api);

  // Waits for the next event. Status codes: kInternal when the Runtime API
  // answered 500 (the runtime must exit), kUnavailable when it could not be
  // reached, kInvalidInput for any other unusable answer.
  Result<Invocation> Next();
  // Each Post* returns kInternal on 500 (exit now), kInvalidInput on 400/403/413
  // (this answer was refused; carry on), kUnavailable when unreachable.
  Status PostResponse(const std::string& request_id, std::string_view body);
  Status PostError(const std::string& request_id, const ErrorReport& error);
  Status PostInitError(const ErrorReport& error);

 private:
  Status Post(const std::string& path, std::string_view body, const std::string& error_type);

  std::string base_;
  net::HttpClient client_;
};

}  // namespace bucketwatch::lambda

#endif  // BUCKETWATCH_LAMBDA_RUNTIME_CLIENT_H_
