// One AWS request, start to finish: credentials from the shared cache,
// SigV4, the send, and the standard retry mode (with the clock-skew and
// expired-token corrections that retry without delay). Error answers are
// responses, parsed; only "no answer at all" is an error value.
#ifndef BUCKETWATCH_AWS_CALLER_H_
#define BUCKETWATCH_AWS_CALLER_H_

#include <chrono>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "aws/aws_context.h"
#include "aws/endpoints.h"
#include "aws/xml_responses.h"
#include "net/http.h"

namespace bucketwatch::aws {

struct AwsRequest {
  std::string operation;  // "S3 GetBucketPolicy": names the call in messages
  std::string resource;   // "bucket example", "account 123456789012": names what it was about
  std::string method = "GET";
  Target target;
  std::string query;  // on-the-wire form
  std::vector<net::Header> headers;
  std::string body;
  std::string signing_name;                  // "s3" (S3 and S3 Control), "sts"
  bool s3 = false;                           // S3 path rules and x-amz-content-sha256
  bool sign = true;                          // false: AssumeRoleWithWebIdentity, whose token is the credential
  std::chrono::milliseconds timeout{15000};  // capped at 4 x ClientConfig::timeout
  size_t max_response_bytes = 16u << 20;

  std::string Url() const { return target.base + target.path + (query.empty() ? "" : "?" + query); }
  // "S3 GetBucketPolicy (bucket example)".
  std::string Describe() const { return resource.empty() ? operation : operation + " (" + resource + ")"; }
};

struct AwsResponse {
  long status = 0;
  std::vector<net::Header> headers;
  std::string body;
  std::optional<ErrorBody> error;  // for status >= 300 with an error document
  std::string unparsed_error;      // for status >= 300 without one: why
  int attempts = 1;

  bool ok() const { return status >= 200 && status < 300; }
  std::string_view code() const { return error ? std::string_view(error->code) : std::string_view(); }
  std::string_view Header(std::string_view name) const;
  std::string RequestId() const;
  // "403 AccessDenied: Access Denied (request id 4442587FB7D0A2F9)".
  std::string Describe() const;
};

// The StatusCode that a failed response stands for: kPermissionDenied
// (403, AccessDenied, expired or invalid credentials), kNotFound (404),
// kUnavailable (5xx, throttling), kInvalidInput otherwise.
StatusCode StatusCodeOf(const AwsResponse& response);
// "S3 GetBucketAcl (bucket b): 403 AccessDenied: Access Denied (...)" as a Status.
Status ResponseError(const AwsRequest& request, const AwsResponse& response);
// A 2xx answer whose body could not be read: kInvalidInput naming the call.
Status BodyError(const AwsRequest& request, const Status& parse_error);

class AwsCaller {
 public:
  explicit AwsCaller(std::shared_ptr<AwsContext> context);

  // Signs with the context's credentials.
  Result<AwsResponse> Call(const AwsRequest& request);
  // Signs with `credentials` (credential sources calling STS for themselves).
  Result<AwsResponse> CallWith(const AwsRequest& request, const Credentials& credentials);

  AwsContext& context() { return *context_; }
  const AwsContext& context() const { return *context_; }
  const std::shared_ptr<AwsContext>& shared_context() const { return context_; }

 private:
  Result<AwsResponse> Run(const AwsRequest& request, const Credentials* fixed);
  std::shared_ptr<AwsContext> context_;
  std::unique_ptr<Transport> transport_;
};

}  // namespace bucketwatch::aws

#endif  // BUCKETWATCH_AWS_CALLER_H_
