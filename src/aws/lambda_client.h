// AWS Lambda Invoke, asynchronous (X-Amz-Invocation-Type: Event): how the
// organization-wide reconciliation starts one invocation of the function per
// account (docs/deploy.md). REST-JSON: POST
// /2015-03-31/functions/<name>/invocations, signing name "lambda"; Lambda
// answers 202 once the event is queued (API reference, "Invoke":
// https://docs.aws.amazon.com/lambda/latest/api/API_Invoke.html). The
// endpoint follows AWS_ENDPOINT_URL_LAMBDA / AWS_ENDPOINT_URL like the other
// clients.
#ifndef BUCKETWATCH_AWS_LAMBDA_CLIENT_H_
#define BUCKETWATCH_AWS_LAMBDA_CLIENT_H_

#include <memory>
#include <string>
#include <string_view>

#include "aws/caller.h"
#include "aws/client_config.h"

namespace bucketwatch::aws {

class LambdaClient {
 public:
  LambdaClient(std::shared_ptr<AwsContext> context, EndpointUrl endpoint = {});
  // The endpoint override from the environment and shared config, if any.
  static Result<EndpointUrl> Endpoint(const ClientOptions& options, const Environment& env, const AwsContext& context);

  // Queues `payload` (JSON) for `function` (a name, or an ARN with or
  // without qualifier). Errors name the function and Lambda's reason.
  Status InvokeAsync(std::string_view function, std::string payload);

  AwsRequest InvokeRequest(std::string_view function, std::string payload) const;

 private:
  AwsCaller caller_;
  EndpointUrl endpoint_;
};

}  // namespace bucketwatch::aws

#endif  // BUCKETWATCH_AWS_LAMBDA_CLIENT_H_
