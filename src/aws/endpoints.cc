#include "aws/endpoints.h"

#include "aws/uri.h"

namespace bucketwatch::aws {
namespace {

Target Custom(const EndpointUrl& e, const std::string& path, std::string_view region) {
  return Target{e.Base(), e.host, e.path_prefix + path, std::string(region)};
}

std::string S3Host(std::string_view region) {
  if (region == "us-east-1") return "s3.amazonaws.com";
  return "s3." + std::string(region) + "." + std::string(DnsSuffix(region));
}

}  // namespace

std::string_view DnsSuffix(std::string_view region) {
  return region.substr(0, 3) == "cn-" ? std::string_view("amazonaws.com.cn") : std::string_view("amazonaws.com");
}

bool VirtualHostable(std::string_view bucket) {
  if (bucket.size() < 3 || bucket.size() > 63) return false;
  for (char c : bucket) {
    if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-')) return false;
  }
  return bucket.front() != '-' && bucket.back() != '-';
}

Target S3BucketTarget(const ClientConfig& config, std::string_view bucket, std::string_view region) {
  std::string path_style = "/" + UriEncode(bucket);
  if (!config.s3_endpoint.empty()) {
    if (config.addressing == AddressingStyle::kVirtual && VirtualHostable(bucket)) {
      EndpointUrl e = config.s3_endpoint;
      e.host = std::string(bucket) + "." + e.host;
      return Custom(e, "/", region);
    }
    return Custom(config.s3_endpoint, path_style, region);
  }
  std::string host = S3Host(region);
  if (config.addressing != AddressingStyle::kPath && VirtualHostable(bucket)) {
    std::string vhost = std::string(bucket) + "." + host;
    return Target{"https://" + vhost, vhost, "/", std::string(region)};
  }
  return Target{"https://" + host, host, path_style, std::string(region)};
}

Target S3ServiceTarget(const ClientConfig& config, std::string_view region) {
  if (!config.s3_endpoint.empty()) return Custom(config.s3_endpoint, "/", region);
  std::string host = S3Host(region);
  return Target{"https://" + host, host, "/", std::string(region)};
}

Target S3ControlTarget(const ClientConfig& config, std::string_view account, std::string_view region) {
  constexpr std::string_view kPath = "/v20180820/configuration/publicAccessBlock";
  if (!config.s3control_endpoint.empty()) return Custom(config.s3control_endpoint, std::string(kPath), region);
  std::string host = std::string(account) + ".s3-control." + std::string(region) + "." + std::string(DnsSuffix(region));
  return Target{"https://" + host, host, std::string(kPath), std::string(region)};
}

Target StsTarget(const ClientConfig& config, std::string_view region) {
  if (!config.sts_endpoint.empty()) return Custom(config.sts_endpoint, "/", region.empty() ? "us-east-1" : region);
  if (region.empty()) return Target{"https://sts.amazonaws.com", "sts.amazonaws.com", "/", "us-east-1"};
  std::string host = "sts." + std::string(region) + "." + std::string(DnsSuffix(region));
  return Target{"https://" + host, host, "/", std::string(region)};
}

Target OrganizationsTarget(const ClientConfig& config, std::string_view region) {
  std::string_view partition = PartitionOfRegion(region);
  std::string_view home = partition == "aws-cn"       ? "cn-northwest-1"
                          : partition == "aws-us-gov" ? "us-gov-west-1"
                                                      : "us-east-1";
  if (!config.organizations_endpoint.empty()) return Custom(config.organizations_endpoint, "/", home);
  std::string host = "organizations." + std::string(home) + "." + std::string(DnsSuffix(home));
  return Target{"https://" + host, host, "/", std::string(home)};
}

}  // namespace bucketwatch::aws
