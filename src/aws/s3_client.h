// Amazon S3's REST API for the calls that read a bucket's access
// configuration (docs/sources.md, "S3 bucket calls"), with the region handling of
// docs/sources.md, "S3 regions and redirects":
// a bucket's calls go to its own region, found from ListBuckets'
// BucketRegion, GetBucketLocation or HeadBucket, and a "wrong region"
// answer (301/307 redirect, 400 AuthorizationHeaderMalformed,
// IllegalLocationConstraintException) is followed once, re-signed for the
// region S3 names. Not thread-safe: one per thread, sharing an AwsContext.
//
// The "not configured" answers (NoSuchBucketPolicy,
// NoSuchPublicAccessBlockConfiguration, OwnershipControlsNotFoundError) are
// an empty optional, never an error; an error always names the call, the
// bucket and what S3 said. kGone means S3 said the bucket itself does not exist.
#ifndef BUCKETWATCH_AWS_S3_CLIENT_H_
#define BUCKETWATCH_AWS_S3_CLIENT_H_

#include <memory>
#include <optional>
#include <string>

#include "aws/caller.h"
#include "exposure/acl.h"
#include "exposure/snapshot.h"

namespace bucketwatch::aws {

class S3Client {
 public:
  explicit S3Client(std::shared_ptr<AwsContext> context);

  // One page (max-buckets 1-10000; continuation token from the last page).
  Result<BucketListing> ListBucketsPage(std::string_view continuation_token, int max_buckets = 1000);
  // Every page; remembers each bucket's region.
  Result<BucketListing> ListAllBuckets(int page_size = 1000);

  // The bucket's region: the context's cache, else GetBucketLocation, else
  // HeadBucket's x-amz-bucket-region.
  Result<std::string> BucketRegion(const std::string& bucket);
  Result<std::string> GetBucketLocation(const std::string& bucket);

  Result<std::optional<std::string>> GetBucketPolicy(const std::string& bucket);  // the policy text
  Result<exposure::Acl> GetBucketAcl(const std::string& bucket);
  Result<std::optional<exposure::BlockPublicAccess>> GetPublicAccessBlock(const std::string& bucket);
  Result<std::optional<exposure::ObjectOwnership>> GetBucketOwnershipControls(const std::string& bucket);
  Result<std::optional<bool>> GetBucketPolicyStatus(const std::string& bucket);

  // Sends x-amz-expected-bucket-owner on bucket calls, so that S3 refuses
  // (403) rather than answers for a bucket of another account.
  void set_expected_owner(std::string account) { expected_owner_ = std::move(account); }

  // The request a bucket call makes (tests compare it with botocore's).
  AwsRequest BucketRequest(std::string_view operation, const std::string& bucket, std::string_view region,
                           std::string_view subresource) const;
  AwsRequest ListBucketsRequest(std::string_view continuation_token, int max_buckets) const;
  AwsRequest LocationRequest(const std::string& bucket) const;

 private:
  // A bucket sub-resource GET in the bucket's region, following one redirect.
  Result<AwsResponse> CallBucket(std::string_view operation, const std::string& bucket, std::string_view subresource,
                                 AwsRequest& sent);
  Result<std::string> HeadBucketRegion(const std::string& bucket);
  Status Failure(const AwsRequest& request, const AwsResponse& response) const;

  AwsCaller caller_;
  std::string expected_owner_;
};

// The region a wrong-region answer points to: x-amz-bucket-region, the
// error's <Region>, or the region inside its <Endpoint>; empty if none.
std::string RedirectRegion(const AwsResponse& response);
bool IsWrongRegion(const AwsResponse& response, std::string_view region_used);

}  // namespace bucketwatch::aws

#endif  // BUCKETWATCH_AWS_S3_CLIENT_H_
