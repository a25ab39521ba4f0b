#include "aws/s3control_client.h"

namespace bucketwatch::aws {

S3ControlClient::S3ControlClient(std::shared_ptr<AwsContext> context) : caller_(std::move(context)) {}

AwsRequest S3ControlClient::PublicAccessBlockRequest(const std::string& account) const {
  AwsRequest r;
  r.operation = "S3 Control GetPublicAccessBlock";
  r.resource = "account " + account;
  const ClientConfig& config = caller_.context().config();
  r.target = S3ControlTarget(config, account, config.region);
  r.headers.push_back({"x-amz-account-id", account});
  r.signing_name = "s3";  // S3 Control signs as s3, not s3-control (docs/sources.md, "Signature Version 4")
  r.s3 = true;
  return r;
}

Result<std::optional<exposure::BlockPublicAccess>> S3ControlClient::GetPublicAccessBlock(const std::string& account) {
  AwsRequest req = PublicAccessBlockRequest(account);
  BW_ASSIGN_OR_RETURN(AwsResponse res, caller_.Call(req));
  if (res.status == 404 && res.code() == "NoSuchPublicAccessBlockConfiguration") {
    return std::optional<exposure::BlockPublicAccess>();
  }
  if (!res.ok()) {
    Status s = ResponseError(req, res);
    if (s.code() == StatusCode::kNotFound) {
      // Any other 404 (RGW's NoSuchBucket for the path) means S3 Control is not there.
      return Status(StatusCode::kIoError, s.message() + "; the endpoint does not seem to implement S3 Control");
    }
    return s;
  }
  auto bpa = ParsePublicAccessBlock(res.body);
  if (!bpa.ok()) return BodyError(req, bpa.status());
  return std::optional<exposure::BlockPublicAccess>(*bpa);
}

}  // namespace bucketwatch::aws
