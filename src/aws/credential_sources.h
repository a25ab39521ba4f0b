// The places AWS credentials come from, in the order the AWS SDKs look
// (botocore's create_credential_resolver; docs/sources.md, "Credentials chain and shared config"):
//
//   1. environment: AWS_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY, AWS_SESSION_TOKEN
//      (skipped when --profile is given)
//   2. the profile's role_arn with source_profile or credential_source: STS AssumeRole
//   3. web identity: AWS_ROLE_ARN + AWS_WEB_IDENTITY_TOKEN_FILE, or the
//      profile's role_arn + web_identity_token_file (unsigned STS call)
//   4. the profile's keys in the shared credentials file
//   5. the profile's credential_process
//   6. the profile's keys in the shared config file
//   7. container credentials: AWS_CONTAINER_CREDENTIALS_RELATIVE_URI or
//      _FULL_URI, with AWS_CONTAINER_AUTHORIZATION_TOKEN(_FILE)
//   8. EC2 instance metadata (IMDSv2 token, IMDSv1 fallback)
//
// A source that is not configured answers kNotFound with a short reason,
// so the chain can say what it tried; one that is configured but fails
// answers the failure, which ends the search (as in the SDKs).
#ifndef BUCKETWATCH_AWS_CREDENTIAL_SOURCES_H_
#define BUCKETWATCH_AWS_CREDENTIAL_SOURCES_H_

#include <memory>
#include <string>

#include "aws/aws_context.h"
#include "aws/credentials.h"
#include "aws/environment.h"
#include "aws/shared_config.h"
#include "aws/sts_client.h"

namespace bucketwatch::aws {

std::unique_ptr<CredentialsProvider> DefaultCredentialsChain(const ClientConfig& config,
                                                             const std::shared_ptr<const SharedConfig>& files,
                                                             const Environment& env, const Hooks& hooks);

std::unique_ptr<CredentialsProvider> EnvironmentSource(const Environment& env);
// Steps 2-6 for one profile; `step` picks which.
enum class ProfileStep { kAssumeRole, kCredentialsFile, kProcess, kConfigFile };
std::unique_ptr<CredentialsProvider> ProfileSource(ProfileStep step, const ClientConfig& config,
                                                   std::shared_ptr<const SharedConfig> files, const Environment& env,
                                                   const Hooks& hooks);
std::unique_ptr<CredentialsProvider> WebIdentitySource(const ClientConfig& config,
                                                       std::shared_ptr<const SharedConfig> files,
                                                       const Environment& env, const Hooks& hooks);
// `relative_base` is where AWS_CONTAINER_CREDENTIALS_RELATIVE_URI points
// (http://169.254.170.2 on ECS; tests give a loopback address).
std::unique_ptr<CredentialsProvider> ContainerSource(const Environment& env, const Hooks& hooks,
                                                     std::string relative_base = "http://169.254.170.2");
std::unique_ptr<CredentialsProvider> InstanceMetadataSource(const Environment& env, const Hooks& hooks);

// A role assumed with the credentials of `base` (STS AssumeRole through
// base's configuration): how `scan` reaches other accounts. Wrap it in a
// context of its own, whose CachedCredentials refreshes it before expiry.
// The result carries the role's account. Errors name the role.
std::unique_ptr<CredentialsProvider> AssumeRoleSource(std::shared_ptr<AwsContext> base, AssumeRoleParams params);

// The credentials `other` holds, through its cache: for a context that must
// learn an account afresh (after a change to account-level settings) without
// asking STS for the role again.
std::unique_ptr<CredentialsProvider> CredentialsOf(std::shared_ptr<AwsContext> other);

// Runs a credential_process command line (split like a shell would, not run
// by one) and reads its JSON ({"Version": 1, "AccessKeyId", ...}).
Result<Credentials> RunCredentialProcess(const std::string& command_line, std::chrono::seconds timeout);
// Splits a command line on unquoted whitespace, honouring '...', "..." and backslash.
Result<std::vector<std::string>> SplitCommandLine(std::string_view line);

}  // namespace bucketwatch::aws

#endif  // BUCKETWATCH_AWS_CREDENTIAL_SOURCES_H_
