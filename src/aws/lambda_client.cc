#include "aws/lambda_client.h"

#include "aws/endpoints.h"
#include "aws/json_client.h"
#include "aws/uri.h"

namespace bucketwatch::aws {

LambdaClient::LambdaClient(std::shared_ptr<AwsContext> context, EndpointUrl endpoint)
    : caller_(std::move(context)), endpoint_(std::move(endpoint)) {}

Result<EndpointUrl> LambdaClient::Endpoint(const ClientOptions& options, const Environment& env,
                                           const AwsContext& context) {
  return ResolveServiceEndpoint("LAMBDA", "lambda", options, env, context.files(), context.config().profile);
}

AwsRequest LambdaClient::InvokeRequest(std::string_view function, std::string payload) const {
  // An ARN names its own Region; a plain name is in the configured one.
  std::string region = RegionOfArn(function);
  if (region.empty()) region = caller_.context().config().region;
  std::string path = "/2015-03-31/functions/" + UriEncode(function) + "/invocations";
  AwsRequest r;
  r.operation = "Lambda Invoke";
  r.resource = "function " + std::string(function);
  r.method = "POST";
  if (!endpoint_.empty()) {
    r.target = Target{endpoint_.Base(), endpoint_.host, endpoint_.path_prefix + path, region};
  } else {
    std::string host = "lambda." + region + "." + std::string(DnsSuffix(region));
    r.target = Target{"https://" + host, host, path, region};
  }
  r.headers.push_back({"Content-Type", "application/json"});
  r.headers.push_back({"X-Amz-Invocation-Type", "Event"});
  r.body = std::move(payload);
  r.signing_name = "lambda";
  return r;
}

Status LambdaClient::InvokeAsync(std::string_view function, std::string payload) {
  AwsRequest request = InvokeRequest(function, std::move(payload));
  BW_ASSIGN_OR_RETURN(AwsResponse response, caller_.Call(request));
  if (response.status != 202) {
    if (response.ok()) {
      return Status(StatusCode::kInvalidInput, request.Describe() + ": answered HTTP " +
                                                   std::to_string(response.status) + " instead of 202 (queued)");
    }
    return ResponseError(request, response);
  }
  return Status::Ok();
}

}  // namespace bucketwatch::aws
