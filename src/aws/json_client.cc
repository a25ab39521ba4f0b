#include "aws/json_client.h"

#include "aws/endpoints.h"

namespace bucketwatch::aws {

Result<EndpointUrl> ResolveJsonEndpoint(const JsonProtocol& protocol, const ClientOptions& options,
                                        const Environment& env, const AwsContext& context) {
  return ResolveServiceEndpoint(protocol.env_suffix, protocol.config_key, options, env, context.files(),
                                context.config().profile);
}

JsonClient::JsonClient(std::shared_ptr<AwsContext> context, const JsonProtocol& protocol, EndpointUrl endpoint)
    : caller_(std::move(context)), protocol_(protocol), endpoint_(std::move(endpoint)) {}

AwsRequest JsonClient::Request(std::string_view operation, std::string body, std::string_view region,
                               std::string resource) const {
  std::string signing_region = region.empty() ? caller_.context().config().region : std::string(region);
  AwsRequest r;
  r.operation = std::string(protocol_.service) + " " + std::string(operation);
  r.resource = std::move(resource);
  r.method = "POST";
  if (!endpoint_.empty()) {
    r.target = Target{endpoint_.Base(), endpoint_.host, endpoint_.path_prefix + "/", signing_region};
  } else {
    std::string host =
        std::string(protocol_.endpoint_prefix) + "." + signing_region + "." + std::string(DnsSuffix(signing_region));
    r.target = Target{"https://" + host, host, "/", signing_region};
  }
  r.headers.push_back({"Content-Type", std::string(protocol_.content_type)});
  r.headers.push_back({"X-Amz-Target", std::string(protocol_.target_prefix) + "." + std::string(operation)});
  if (protocol_.query_compatible) r.headers.push_back({"x-amzn-query-mode", "true"});
  r.body = std::move(body);
  r.signing_name = std::string(protocol_.signing_name);
  return r;
}

Result<AwsResponse> JsonClient::Exchange(const AwsRequest& request) { return caller_.Call(request); }

Result<std::string> JsonClient::Call(std::string_view operation, std::string body, std::string_view region,
                                     std::string resource, std::chrono::milliseconds timeout) {
  AwsRequest request = Request(operation, std::move(body), region, std::move(resource));
  request.timeout = timeout;
  BW_ASSIGN_OR_RETURN(AwsResponse response, caller_.Call(request));
  if (!response.ok()) return ResponseError(request, response);
  return std::move(response.body);
}

std::string RegionOfArn(std::string_view arn) {
  // arn:partition:service:region:account:resource
  if (arn.rfind("arn:", 0) != 0) return {};
  size_t pos = 0;
  for (int i = 0; i < 3; ++i) {
    pos = arn.find(':', pos);
    if (pos == std::string_view::npos) return {};
    ++pos;
  }
  size_t end = arn.find(':', pos);
  if (end == std::string_view::npos) return {};
  return std::string(arn.substr(pos, end - pos));
}

}  // namespace bucketwatch::aws
