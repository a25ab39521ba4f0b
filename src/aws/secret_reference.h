// Secret references: a setting whose value names where the secret is kept
// instead of holding it (docs/realtime.md, "Secret references"):
//
//   ssm:<parameter name or ARN>                 SSM GetParameter, WithDecryption
//                                               (a SecureString is decrypted)
//   secretsmanager:<secret id or ARN>           Secrets Manager GetSecretValue, SecretString
//   secretsmanager:<secret id or ARN>#<key>     ... one string member of a JSON SecretString
//
// Both are JSON 1.1 calls (X-Amz-Target AmazonSSM.GetParameter /
// secretsmanager.GetSecretValue), in the ARN's region or else the
// configured one. Resolved once at start. The value never appears in an
// error or a log line; the reference (a name, not a secret) does.
#ifndef BUCKETWATCH_AWS_SECRET_REFERENCE_H_
#define BUCKETWATCH_AWS_SECRET_REFERENCE_H_

#include <memory>
#include <string>
#include <string_view>

#include "aws/json_client.h"

namespace bucketwatch::aws {

// True for "ssm:..." and "secretsmanager:...".
bool IsSecretReference(std::string_view value);

class SecretResolver {
 public:
  SecretResolver(std::shared_ptr<AwsContext> context, EndpointUrl ssm_endpoint = {},
                 EndpointUrl secretsmanager_endpoint = {});
  // The default setup from the environment and shared files (region, credentials, endpoint overrides).
  static Result<SecretResolver> FromEnvironment(const Environment& env = Environment::Process());

  // The secret `reference` names. Errors name the reference and AWS's answer, never the value.
  Result<std::string> Resolve(std::string_view reference);

  // The answers' secret, parsed (exposed for tests).
  static Result<std::string> ParameterValue(std::string_view body);
  static Result<std::string> SecretString(std::string_view body, std::string_view key);

 private:
  JsonClient ssm_;
  JsonClient secretsmanager_;
};

}  // namespace bucketwatch::aws

#endif  // BUCKETWATCH_AWS_SECRET_REFERENCE_H_
