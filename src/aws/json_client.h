// One call to an AWS service that speaks the JSON protocol (awsJson1_0:
// SQS, DynamoDB; awsJson1_1: SSM, Secrets Manager; docs/sources.md,
// "AWS wire protocols and error bodies"): POST /
// with Content-Type application/x-amz-json-1.x and X-Amz-Target
// "<prefix>.<Operation>", both signed; errors are {"__type", "message"}
// (parsed by the caller, aws/json_responses.h). SQS is "awsQueryCompatible":
// requests say x-amzn-query-mode: true.
#ifndef BUCKETWATCH_AWS_JSON_CLIENT_H_
#define BUCKETWATCH_AWS_JSON_CLIENT_H_

#include <chrono>
#include <memory>
#include <string>
#include <string_view>

#include "aws/caller.h"
#include "aws/client_config.h"

namespace bucketwatch::aws {

struct JsonProtocol {
  std::string_view service;          // "SQS": names calls in messages
  std::string_view target_prefix;    // X-Amz-Target before the operation
  std::string_view endpoint_prefix;  // {prefix}.{region}.amazonaws.com
  std::string_view signing_name;
  std::string_view content_type;
  bool query_compatible = false;
  std::string_view env_suffix;  // AWS_ENDPOINT_URL_<suffix>
  std::string_view config_key;  // [services] key in the shared config file
};

inline constexpr JsonProtocol kSqsProtocol{"SQS", "AmazonSQS", "sqs", "sqs", "application/x-amz-json-1.0",
                                           true,  "SQS",       "sqs"};
inline constexpr JsonProtocol kSsmProtocol{"SSM", "AmazonSSM", "ssm", "ssm", "application/x-amz-json-1.1",
                                           false, "SSM",       "ssm"};
inline constexpr JsonProtocol kSecretsManagerProtocol{
    "Secrets Manager", "secretsmanager", "secretsmanager", "secretsmanager", "application/x-amz-json-1.1", false,
    "SECRETS_MANAGER", "secretsmanager"};
inline constexpr JsonProtocol kDynamoDbProtocol{
    "DynamoDB", "DynamoDB_20120810", "dynamodb", "dynamodb", "application/x-amz-json-1.0",
    false,      "DYNAMODB",          "dynamodb"};

// The endpoint override for `protocol` by the rules of client_config.h
// (--endpoint-url, AWS_ENDPOINT_URL_<SERVICE>, AWS_ENDPOINT_URL, the shared
// config file); empty: AWS's own.
Result<EndpointUrl> ResolveJsonEndpoint(const JsonProtocol& protocol, const ClientOptions& options,
                                        const Environment& env, const AwsContext& context);

class JsonClient {
 public:
  JsonClient(std::shared_ptr<AwsContext> context, const JsonProtocol& protocol, EndpointUrl endpoint = {});

  // The 2xx body, or an error naming the call, the resource and AWS's code.
  Result<std::string> Call(std::string_view operation, std::string body, std::string_view region, std::string resource,
                           std::chrono::milliseconds timeout = std::chrono::seconds(15));
  // The whole answer, error answers included: for callers that act on
  // particular error codes (DynamoDB's ConditionalCheckFailedException).
  Result<AwsResponse> Exchange(const AwsRequest& request);
  AwsRequest Request(std::string_view operation, std::string body, std::string_view region, std::string resource) const;

  AwsContext& context() { return caller_.context(); }

 private:
  AwsCaller caller_;
  const JsonProtocol& protocol_;
  EndpointUrl endpoint_;
};

// "us-west-2" from an ARN ("arn:aws:ssm:us-west-2:123456789012:parameter/x"); "" when not an ARN.
std::string RegionOfArn(std::string_view arn);

}  // namespace bucketwatch::aws

#endif  // BUCKETWATCH_AWS_JSON_CLIENT_H_
