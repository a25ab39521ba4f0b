// Everything that decides where bucketwatch's AWS requests go and how they
// are retried, resolved once from command-line options, the environment and
// the shared config file (docs/sources.md: "Credentials chain and shared config",
// "Endpoint overrides", "Retries"):
//
//   profile   --profile > AWS_PROFILE > AWS_DEFAULT_PROFILE > "default"
//   region    --region > AWS_REGION > AWS_DEFAULT_REGION > profile region > us-east-1
//   endpoint  --endpoint-url > AWS_ENDPOINT_URL_<SERVICE> > AWS_ENDPOINT_URL >
//             (SERVICE: S3, S3_CONTROL, STS, ORGANIZATIONS)
//             profile services section > profile endpoint_url; none of the
//             configured ones when AWS_IGNORE_CONFIGURED_ENDPOINT_URLS=true
//   retries   AWS_MAX_ATTEMPTS > profile max_attempts > 3 (standard mode)
#ifndef BUCKETWATCH_AWS_CLIENT_CONFIG_H_
#define BUCKETWATCH_AWS_CLIENT_CONFIG_H_

#include <chrono>
#include <string>

#include "aws/environment.h"
#include "aws/shared_config.h"
#include "base/status.h"

namespace bucketwatch::aws {

// What the user chose on the command line; empty = not given.
struct ClientOptions {
  std::string profile;
  std::string region;
  std::string endpoint_url;  // applies to every service bucketwatch calls
  std::string account_id;    // skip STS GetCallerIdentity
};

enum class AddressingStyle { kAuto, kVirtual, kPath };

// A parsed endpoint override: "http://127.0.0.1:18080/prefix".
struct EndpointUrl {
  std::string scheme;       // http | https
  std::string host;         // host, with ":port" when not the scheme's default
  std::string path_prefix;  // without trailing '/'; usually empty
  bool empty() const { return host.empty(); }
  std::string Base() const { return scheme + "://" + host; }
};
Result<EndpointUrl> ParseEndpointUrl(std::string_view url);

struct ClientConfig {
  std::string profile = "default";
  bool profile_explicit = false;           // --profile or AWS_PROFILE: a missing profile is an error
  bool profile_from_command_line = false;  // --profile: environment keys are then skipped
  std::string region = "us-east-1";
  std::string region_source = "default";
  EndpointUrl s3_endpoint, s3control_endpoint, sts_endpoint;  // empty: AWS's own
  EndpointUrl organizations_endpoint;                         // empty: AWS's own
  AddressingStyle addressing = AddressingStyle::kAuto;
  int max_attempts = 3;
  std::chrono::milliseconds timeout{15000};  // one HTTP exchange, connection included
  std::string account_id;                    // given by the user; empty: ask STS
};

Result<ClientConfig> ResolveClientConfig(const ClientOptions& options, const Environment& env,
                                         const SharedConfig& files);

// The endpoint override of one more service by the same rules (SQS, SSM,
// Secrets Manager, DynamoDB: aws/json_client.h); empty when none is configured.
Result<EndpointUrl> ResolveServiceEndpoint(std::string_view env_suffix, std::string_view config_key,
                                           const ClientOptions& options, const Environment& env,
                                           const SharedConfig& files, const std::string& profile);

}  // namespace bucketwatch::aws

#endif  // BUCKETWATCH_AWS_CLIENT_CONFIG_H_
