// libFuzzer target: any bytes as an S3 or STS XML response body (errors,
// ListBuckets, GetBucketLocation, GetBucketAcl, GetPublicAccessBlock,
// GetBucketOwnershipControls, GetBucketPolicyStatus, GetCallerIdentity,
// AssumeRole) must give a value or an error from every reader, never a
// crash, hang or memory error. Runs: scripts/fuzz.
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "aws/xml_responses.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  namespace aws = bucketwatch::aws;
  std::string_view body(reinterpret_cast<const char*>(data), size);
  (void)aws::ParseErrorBody(body);
  (void)aws::ParseListBuckets(body);
  auto location = aws::ParseBucketLocation(body);
  if (location.ok()) (void)aws::RegionOfLocationConstraint(*location);
  (void)aws::ParseAccessControlPolicy(body);
  (void)aws::ParsePublicAccessBlock(body);
  (void)aws::ParseOwnershipControls(body);
  (void)aws::ParsePolicyStatus(body);
  auto caller = aws::ParseGetCallerIdentity(body);
  if (caller.ok()) (void)aws::AccountOfArn(caller->arn);
  (void)aws::ParseAssumeRoleCredentials(body);
  return 0;
}
