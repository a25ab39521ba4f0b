// AWS STS over its query protocol (docs/sources.md, "STS" and "AWS wire protocols and error bodies"):
// GetCallerIdentity (the account id S3 Control needs), AssumeRole and the
// unsigned AssumeRoleWithWebIdentity (for credential sources).
#ifndef BUCKETWATCH_AWS_STS_CLIENT_H_
#define BUCKETWATCH_AWS_STS_CLIENT_H_

#include <memory>
#include <optional>
#include <string>

#include "aws/caller.h"

namespace bucketwatch::aws {

struct AssumeRoleParams {
  std::string role_arn;
  std::string session_name;
  std::string external_id;
  std::optional<int> duration_seconds;
};

struct WebIdentityParams {
  std::string role_arn;
  std::string session_name;
  std::string token;  // the OIDC token itself: a credential
  std::optional<int> duration_seconds;
};

class StsClient {
 public:
  explicit StsClient(std::shared_ptr<AwsContext> context);

  // With the context's credentials.
  Result<CallerIdentity> GetCallerIdentity();
  // With `source` credentials; the result carries the role's account.
  Result<Credentials> AssumeRole(const AssumeRoleParams& params, const Credentials& source);
  Result<Credentials> AssumeRoleWithWebIdentity(const WebIdentityParams& params);

  // The request bodies, for tests against the golden wire vectors.
  static std::string AssumeRoleBody(const AssumeRoleParams& params);
  static std::string GetCallerIdentityBody() { return "Action=GetCallerIdentity&Version=2011-06-15"; }
  AwsRequest Request(const std::string& operation, std::string body) const;

 private:
  AwsCaller caller_;
};

}  // namespace bucketwatch::aws

#endif  // BUCKETWATCH_AWS_STS_CLIENT_H_
