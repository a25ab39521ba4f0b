// Where each call goes and which region signs it (docs/sources.md, "S3 regions and redirects",
// "Endpoint overrides"). AWS's own endpoints follow botocore's defaults: S3 in us-east-1 is
// the global s3.amazonaws.com, buckets are addressed virtual-hosted unless
// their name is not DNS-compatible or has a dot (the wildcard certificate
// does not cover a.b.s3...), S3 Control is {account}.s3-control.{region},
// STS is regional. A configured endpoint (a local S3 such as Ceph RGW or
// MinIO, a VPC endpoint) is used as given: path-style addressing unless the
// profile says addressing_style = virtual, and no account prefix on S3
// Control's host.
#ifndef BUCKETWATCH_AWS_ENDPOINTS_H_
#define BUCKETWATCH_AWS_ENDPOINTS_H_

#include <string>
#include <string_view>

#include "aws/client_config.h"
#include "base/aws_names.h"

namespace bucketwatch::aws {

struct Target {
  std::string base;  // scheme://host[:port]
  std::string host;  // the Host header, signed
  std::string path;  // wire path, starts with '/'
  std::string signing_region;
};

// "amazonaws.com", or "amazonaws.com.cn" for the China regions.
std::string_view DnsSuffix(std::string_view region);
// A name usable as a DNS label under s3.<region>.amazonaws.com with a valid
// TLS certificate: 3-63 of a-z 0-9 -, starting and ending alphanumeric.
bool VirtualHostable(std::string_view bucket);

Target S3BucketTarget(const ClientConfig& config, std::string_view bucket, std::string_view region);
Target S3ServiceTarget(const ClientConfig& config, std::string_view region);  // ListBuckets
Target S3ControlTarget(const ClientConfig& config, std::string_view account, std::string_view region);
Target StsTarget(const ClientConfig& config, std::string_view region);
// AWS Organizations has one endpoint per partition: us-east-1 (aws),
// cn-northwest-1 (aws-cn), us-gov-west-1 (aws-us-gov); `region` picks the partition.
Target OrganizationsTarget(const ClientConfig& config, std::string_view region);

}  // namespace bucketwatch::aws

#endif  // BUCKETWATCH_AWS_ENDPOINTS_H_
