// S3 Control's account-level Block Public Access (docs/sources.md, "S3 Control account Block Public Access"):
// GET /v20180820/configuration/publicAccessBlock on
// {account}.s3-control.{region}.amazonaws.com, x-amz-account-id signed,
// signing name "s3". One per thread.
#ifndef BUCKETWATCH_AWS_S3CONTROL_CLIENT_H_
#define BUCKETWATCH_AWS_S3CONTROL_CLIENT_H_

#include <memory>
#include <optional>
#include <string>

#include "aws/caller.h"
#include "exposure/snapshot.h"

namespace bucketwatch::aws {

class S3ControlClient {
 public:
  explicit S3ControlClient(std::shared_ptr<AwsContext> context);
  // Empty optional: the account has no configuration (404 NoSuchPublicAccessBlockConfiguration).
  Result<std::optional<exposure::BlockPublicAccess>> GetPublicAccessBlock(const std::string& account);
  AwsRequest PublicAccessBlockRequest(const std::string& account) const;

 private:
  AwsCaller caller_;
};

}  // namespace bucketwatch::aws

#endif  // BUCKETWATCH_AWS_S3CONTROL_CLIENT_H_
