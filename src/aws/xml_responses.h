// The bodies of every S3, S3 Control and STS answer bucketwatch reads, and
// their error bodies (docs/sources.md, "AWS wire protocols and error bodies"), parsed with pugixml into our
// own types. Elements are matched by local name, so namespaces and
// prefixes do not matter; a root element other than the one expected is an
// error (RGW answers some calls it does not implement with a
// ListBucketResult). Every failure says what was expected and what was found.
#ifndef BUCKETWATCH_AWS_XML_RESPONSES_H_
#define BUCKETWATCH_AWS_XML_RESPONSES_H_

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "aws/credentials.h"
#include "base/status.h"
#include "exposure/acl.h"
#include "exposure/snapshot.h"

namespace bucketwatch::aws {

// An error answer: S3's <Error>, S3 Control's and STS's
// <ErrorResponse><Error>. Fields absent from the body are empty.
struct ErrorBody {
  std::string code;
  std::string message;
  std::string request_id;
  std::string region;       // AuthorizationHeaderMalformed
  std::string endpoint;     // PermanentRedirect / TemporaryRedirect
  std::string server_time;  // RequestTimeTooSkewed
};
// Fails when the body is not XML or has no <Code>.
Result<ErrorBody> ParseErrorBody(std::string_view body);

struct BucketEntry {
  std::string name;
  std::string creation_date;  // as S3 wrote it
  std::string region;         // <BucketRegion>; empty when S3 did not send it
};
struct BucketListing {
  std::string owner_id;  // the caller's canonical user id
  std::vector<BucketEntry> buckets;
  std::string continuation_token;  // empty on the last page
};
Result<BucketListing> ParseListBuckets(std::string_view body);

// GetBucketLocation's answer as a region name: empty -> us-east-1, EU -> eu-west-1.
Result<std::string> ParseBucketLocation(std::string_view body);
// The region a LocationConstraint value stands for.
std::string RegionOfLocationConstraint(std::string_view constraint);

Result<exposure::Acl> ParseAccessControlPolicy(std::string_view body);
// Reads both AWS's <PublicAccessBlockConfiguration> (S3 and S3 Control) and
// RGW's <BlockPublicAccessBlockConfiguration>; a flag left out is false.
Result<exposure::BlockPublicAccess> ParsePublicAccessBlock(std::string_view body);
Result<exposure::ObjectOwnership> ParseOwnershipControls(std::string_view body);
Result<bool> ParsePolicyStatus(std::string_view body);

struct CallerIdentity {
  std::string account;
  std::string arn;
  std::string user_id;
};
Result<CallerIdentity> ParseGetCallerIdentity(std::string_view body);
// AssumeRole and AssumeRoleWithWebIdentity results (their Credentials element).
Result<Credentials> ParseAssumeRoleCredentials(std::string_view body);
// The account field of an ARN ("arn:aws:sts::123456789012:assumed-role/r/s"); empty if none.
std::string AccountOfArn(std::string_view arn);

}  // namespace bucketwatch::aws

#endif  // BUCKETWATCH_AWS_XML_RESPONSES_H_
