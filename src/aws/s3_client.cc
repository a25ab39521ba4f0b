#include "aws/s3_client.h"

#include <set>
#include <vector>

#include "aws/uri.h"
#include "base/log.h"

namespace bucketwatch::aws {
namespace {

// "b.s3.ap-northeast-1.amazonaws.com" -> ap-northeast-1; "b.s3.amazonaws.com"
// and "s3-external-1" -> us-east-1; legacy "s3-eu-west-1" -> eu-west-1.
std::string RegionOfS3Host(std::string_view host) {
  size_t amz = host.find(".amazonaws.com");
  if (amz == std::string_view::npos) return "";
  std::vector<std::string_view> labels;
  std::string_view before = host.substr(0, amz);
  size_t pos = 0;
  while (pos <= before.size()) {
    size_t dot = before.find('.', pos);
    if (dot == std::string_view::npos) dot = before.size();
    labels.push_back(before.substr(pos, dot - pos));
    pos = dot + 1;
  }
  for (size_t i = labels.size(); i-- > 0;) {
    std::string_view l = labels[i];
    if (l == "s3") {
      if (i + 1 < labels.size() && labels[i + 1] != "dualstack") return std::string(labels.back());
      return "us-east-1";
    }
    if (l == "s3-external-1") return "us-east-1";
    if (l.substr(0, 3) == "s3-" && l.find("fips") == std::string_view::npos) return std::string(l.substr(3));
  }
  return "";
}

}  // namespace

std::string RedirectRegion(const AwsResponse& r) {
  std::string_view header = r.Header("x-amz-bucket-region");
  if (!header.empty()) return std::string(header);
  if (r.error && !r.error->region.empty()) return r.error->region;
  if (r.error && !r.error->endpoint.empty()) return RegionOfS3Host(r.error->endpoint);
  return "";
}

bool IsWrongRegion(const AwsResponse& r, std::string_view region_used) {
  std::string_view code = r.code();
  bool redirect = r.status == 301 || r.status == 302 || r.status == 307 || code == "PermanentRedirect" ||
                  code == "TemporaryRedirect" || code == "AuthorizationHeaderMalformed" ||
                  code == "IllegalLocationConstraintException" ||
                  (r.status == 400 && r.body.empty() && !r.Header("x-amz-bucket-region").empty());
  if (!redirect) return false;
  std::string to = RedirectRegion(r);
  return to.empty() || to != region_used;
}

S3Client::S3Client(std::shared_ptr<AwsContext> context) : caller_(std::move(context)) {}

Status S3Client::Failure(const AwsRequest& request, const AwsResponse& response) const {
  Status s = ResponseError(request, response);
  // Only S3's own NoSuchBucket says the bucket is gone; any other 404 is an
  // unexpected answer.
  if (s.code() == StatusCode::kNotFound) {
    return Status(response.code() == "NoSuchBucket" ? StatusCode::kGone : StatusCode::kIoError, s.message());
  }
  return s;
}

AwsRequest S3Client::ListBucketsRequest(std::string_view token, int max_buckets) const {
  AwsRequest r;
  r.operation = "S3 ListBuckets";
  const ClientConfig& config = caller_.context().config();
  r.target = S3ServiceTarget(config, config.region);
  // A query parameter makes S3 send each bucket's BucketRegion (docs/sources.md, "S3 regions and redirects").
  r.query = "max-buckets=" + std::to_string(max_buckets);
  if (!token.empty()) r.query += "&continuation-token=" + UriEncode(token);
  r.signing_name = "s3";
  r.s3 = true;
  r.timeout = std::chrono::milliseconds(60000);
  return r;
}

Result<BucketListing> S3Client::ListBucketsPage(std::string_view token, int max_buckets) {
  AwsRequest req = ListBucketsRequest(token, max_buckets);
  BW_ASSIGN_OR_RETURN(AwsResponse res, caller_.Call(req));
  if (!res.ok()) return ResponseError(req, res);
  auto page = ParseListBuckets(res.body);
  if (!page.ok()) return BodyError(req, page.status());
  for (const BucketEntry& b : page->buckets) {
    if (!b.region.empty()) caller_.context().RememberBucketRegion(b.name, b.region);
  }
  return page;
}

Result<BucketListing> S3Client::ListAllBuckets(int page_size) {
  BucketListing all;
  std::set<std::string> tokens_seen;
  std::string token;
  for (int page = 0;; ++page) {
    BW_ASSIGN_OR_RETURN(BucketListing listing, ListBucketsPage(token, page_size));
    if (page == 0) all.owner_id = listing.owner_id;
    for (BucketEntry& b : listing.buckets) all.buckets.push_back(std::move(b));
    if (listing.continuation_token.empty()) break;
    // A server that hands out the same token twice would loop forever.
    if (!tokens_seen.insert(listing.continuation_token).second) {
      return Status(StatusCode::kInvalidInput,
                    "S3 ListBuckets: page " + std::to_string(page + 1) + " repeats an earlier continuation token");
    }
    token = std::move(listing.continuation_token);
  }
  return all;
}

AwsRequest S3Client::LocationRequest(const std::string& bucket) const {
  // botocore sends GetBucketLocation path-style to the global endpoint,
  // signed for us-east-1: it works whatever region the bucket is in.
  AwsRequest r;
  r.operation = "S3 GetBucketLocation";
  r.resource = "bucket " + bucket;
  const ClientConfig& config = caller_.context().config();
  ClientConfig path_style = config;
  path_style.addressing = AddressingStyle::kPath;
  r.target = S3BucketTarget(path_style, bucket, config.s3_endpoint.empty() ? "us-east-1" : config.region);
  r.query = "location";
  if (!expected_owner_.empty()) r.headers.push_back({"x-amz-expected-bucket-owner", expected_owner_});
  r.signing_name = "s3";
  r.s3 = true;
  return r;
}

Result<std::string> S3Client::GetBucketLocation(const std::string& bucket) {
  AwsRequest req = LocationRequest(bucket);
  BW_ASSIGN_OR_RETURN(AwsResponse res, caller_.Call(req));
  if (!res.ok()) {
    // Some refusals still say where the bucket is.
    std::string region = RedirectRegion(res);
    if (!region.empty() && res.status != 404) return region;
    return Failure(req, res);
  }
  auto region = ParseBucketLocation(res.body);
  if (!region.ok()) return BodyError(req, region.status());
  return region;
}

Result<std::string> S3Client::HeadBucketRegion(const std::string& bucket) {
  const ClientConfig& config = caller_.context().config();
  AwsRequest req;
  req.operation = "S3 HeadBucket";
  req.resource = "bucket " + bucket;
  req.method = "HEAD";
  req.target = S3BucketTarget(config, bucket, config.region);
  req.signing_name = "s3";
  req.s3 = true;
  BW_ASSIGN_OR_RETURN(AwsResponse res, caller_.Call(req));
  std::string_view region = res.Header("x-amz-bucket-region");
  if (!region.empty()) return std::string(region);
  if (res.status == 404) return Status(StatusCode::kGone, req.Describe() + ": 404: the bucket does not exist");
  return Status(StatusCodeOf(res), req.Describe() + ": " + res.Describe() + " without x-amz-bucket-region");
}

Result<std::string> S3Client::BucketRegion(const std::string& bucket) {
  AwsContext& ctx = caller_.context();
  if (auto cached = ctx.BucketRegion(bucket)) return *cached;
  auto region = GetBucketLocation(bucket);
  if (!region.ok() && region.status().code() != StatusCode::kGone) {
    // GetBucketLocation is refused to callers outside the owner's account;
    // HeadBucket answers with the region header even then.
    auto head = HeadBucketRegion(bucket);
    if (head.ok()) region = std::move(head);
  }
  if (region.ok()) ctx.RememberBucketRegion(bucket, *region);
  return region;
}

AwsRequest S3Client::BucketRequest(std::string_view operation, const std::string& bucket, std::string_view region,
                                   std::string_view subresource) const {
  AwsRequest r;
  r.operation = "S3 " + std::string(operation);
  r.resource = "bucket " + bucket;
  r.target = S3BucketTarget(caller_.context().config(), bucket, region);
  r.query = std::string(subresource);
  if (!expected_owner_.empty()) r.headers.push_back({"x-amz-expected-bucket-owner", expected_owner_});
  r.signing_name = "s3";
  r.s3 = true;
  return r;
}

Result<AwsResponse> S3Client::CallBucket(std::string_view operation, const std::string& bucket,
                                         std::string_view subresource, AwsRequest& sent) {
  AwsContext& ctx = caller_.context();
  std::string region;
  auto known = BucketRegion(bucket);
  if (known.ok()) {
    region = *known;
  } else if (known.status().code() == StatusCode::kGone) {
    return known.status();
  } else {
    region = ctx.config().region;  // a redirect will correct it
  }
  sent = BucketRequest(operation, bucket, region, subresource);
  BW_ASSIGN_OR_RETURN(AwsResponse res, caller_.Call(sent));
  if (!IsWrongRegion(res, region)) return res;
  std::string to = RedirectRegion(res);
  if (to.empty()) {
    auto head = HeadBucketRegion(bucket);
    if (head.ok()) to = *head;
  }
  if (to.empty() || to == region) return res;  // nowhere better to go: report what S3 said
  log::Debug("aws.s3.redirect", {{"bucket", bucket}, {"from", region}, {"to", to}});
  ctx.RememberBucketRegion(bucket, to);
  sent = BucketRequest(operation, bucket, to, subresource);
  return caller_.Call(sent);  // once: a second redirect is reported as it is
}

Result<std::optional<std::string>> S3Client::GetBucketPolicy(const std::string& bucket) {
  AwsRequest req;
  BW_ASSIGN_OR_RETURN(AwsResponse res, CallBucket("GetBucketPolicy", bucket, "policy", req));
  if (res.status == 404 && res.code() == "NoSuchBucketPolicy") return std::optional<std::string>();
  if (!res.ok()) return Failure(req, res);
  // The body is the policy document itself (JSON, not XML).
  if (res.body.find_first_not_of(" \t\r\n") == std::string::npos) {
    return Status(StatusCode::kInvalidInput, req.Describe() + ": 200 with an empty body; expected the policy JSON");
  }
  return std::optional<std::string>(std::move(res.body));
}

Result<exposure::Acl> S3Client::GetBucketAcl(const std::string& bucket) {
  AwsRequest req;
  BW_ASSIGN_OR_RETURN(AwsResponse res, CallBucket("GetBucketAcl", bucket, "acl", req));
  if (!res.ok()) return Failure(req, res);
  auto acl = ParseAccessControlPolicy(res.body);
  if (!acl.ok()) return BodyError(req, acl.status());
  return acl;
}

Result<std::optional<exposure::BlockPublicAccess>> S3Client::GetPublicAccessBlock(const std::string& bucket) {
  AwsRequest req;
  BW_ASSIGN_OR_RETURN(AwsResponse res, CallBucket("GetPublicAccessBlock", bucket, "publicAccessBlock", req));
  if (res.status == 404 && res.code() == "NoSuchPublicAccessBlockConfiguration") {
    return std::optional<exposure::BlockPublicAccess>();
  }
  if (!res.ok()) return Failure(req, res);
  auto bpa = ParsePublicAccessBlock(res.body);
  if (!bpa.ok()) return BodyError(req, bpa.status());
  return std::optional<exposure::BlockPublicAccess>(*bpa);
}

Result<std::optional<exposure::ObjectOwnership>> S3Client::GetBucketOwnershipControls(const std::string& bucket) {
  AwsRequest req;
  BW_ASSIGN_OR_RETURN(AwsResponse res, CallBucket("GetBucketOwnershipControls", bucket, "ownershipControls", req));
  if (res.status == 404 && res.code() == "OwnershipControlsNotFoundError") {
    return std::optional<exposure::ObjectOwnership>();
  }
  if (!res.ok()) return Failure(req, res);
  auto o = ParseOwnershipControls(res.body);
  if (!o.ok()) return BodyError(req, o.status());
  return std::optional<exposure::ObjectOwnership>(*o);
}

Result<std::optional<bool>> S3Client::GetBucketPolicyStatus(const std::string& bucket) {
  AwsRequest req;
  BW_ASSIGN_OR_RETURN(AwsResponse res, CallBucket("GetBucketPolicyStatus", bucket, "policyStatus", req));
  if (res.status == 404 && res.code() == "NoSuchBucketPolicy") return std::optional<bool>();
  if (!res.ok()) return Failure(req, res);
  auto p = ParsePolicyStatus(res.body);
  if (!p.ok()) return BodyError(req, p.status());
  return std::optional<bool>(*p);
}

}  // namespace bucketwatch::aws
