// Reading a live Snapshot (exposure/snapshot.h) of a bucket from AWS: the
// entry point for `bucketwatch snapshot`, the scanner and the daemon.
//
//   auto ctx = aws::AwsContext::Create(options);       // once, shared by all threads
//   aws::SnapshotReader reader(*ctx);                  // one per thread
//   auto buckets = reader.ListBuckets();               // every bucket, with regions
//   auto snap = reader.Read("example-bucket");         // policy, ACL, BPA, ownership
//
// account: the credentials' account (STS GetCallerIdentity, once per
// context) or the one given; account-level Block Public Access: S3 Control,
// once per context; region: ListBuckets' BucketRegion, GetBucketLocation
// or HeadBucket; every other field: the S3 calls in the bucket's region.
// A "not configured" answer makes a field absent; any failure (AccessDenied,
// a body that cannot be parsed, an endpoint that does not implement the
// call, a network failure after retries) makes it unknown, with the reason,
// so the evaluator reports "cannot judge" rather than "private".
#ifndef BUCKETWATCH_AWS_BUCKET_SNAPSHOT_H_
#define BUCKETWATCH_AWS_BUCKET_SNAPSHOT_H_

#include <memory>
#include <string>
#include <vector>

#include "aws/aws_context.h"
#include "aws/s3_client.h"
#include "aws/s3control_client.h"
#include "aws/sts_client.h"
#include "base/json.h"
#include "exposure/snapshot.h"

namespace bucketwatch::aws {

class SnapshotReader {
 public:
  explicit SnapshotReader(std::shared_ptr<AwsContext> context);

  // Every bucket the credentials' account owns (paginated ListBuckets).
  Result<std::vector<BucketEntry>> ListBuckets();

  // One bucket's configuration. Fails only when the bucket does not exist
  // (kGone, on S3's own NoSuchBucket) or no credentials can be found; every other problem is an
  // unknown part of the snapshot.
  Result<exposure::Snapshot> Read(const std::string& bucket);

  // The account id and account-level Block Public Access (cached in the context).
  const AccountFacts& Account();

  S3Client& s3() { return s3_; }

  // Whether Read() also asks GetBucketPolicyStatus (on by default). It
  // changes no verdict; a scan that does not cross-check saves the call.
  void set_read_policy_status(bool read) { read_policy_status_ = read; }

 private:
  AccountFacts LearnAccount();

  std::shared_ptr<AwsContext> context_;
  S3Client s3_;
  S3ControlClient s3control_;
  StsClient sts_;
  json::Parser parser_;
  bool read_policy_status_ = true;
};

}  // namespace bucketwatch::aws

#endif  // BUCKETWATCH_AWS_BUCKET_SNAPSHOT_H_
