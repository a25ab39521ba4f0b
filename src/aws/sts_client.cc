#include "aws/sts_client.h"

#include "aws/uri.h"

namespace bucketwatch::aws {
namespace {

// Form fields encoded as the query protocol wants (RFC 3986, %20 for space).
void Field(std::string& body, std::string_view name, std::string_view value) {
  body += '&';
  body += name;
  body += '=';
  body += UriEncode(value);
}

}  // namespace

StsClient::StsClient(std::shared_ptr<AwsContext> context) : caller_(std::move(context)) {}

AwsRequest StsClient::Request(const std::string& operation, std::string body) const {
  AwsRequest r;
  r.operation = "STS " + operation;
  r.method = "POST";
  const ClientConfig& config = caller_.context().config();
  r.target = StsTarget(config, config.region);
  r.headers.push_back({"Content-Type", "application/x-www-form-urlencoded; charset=utf-8"});
  r.body = std::move(body);
  r.signing_name = "sts";
  return r;
}

std::string StsClient::AssumeRoleBody(const AssumeRoleParams& p) {
  // Members in the model's order, as botocore serialises them.
  std::string body = "Action=AssumeRole&Version=2011-06-15";
  Field(body, "RoleArn", p.role_arn);
  Field(body, "RoleSessionName", p.session_name);
  if (p.duration_seconds) Field(body, "DurationSeconds", std::to_string(*p.duration_seconds));
  if (!p.external_id.empty()) Field(body, "ExternalId", p.external_id);
  return body;
}

Result<CallerIdentity> StsClient::GetCallerIdentity() {
  AwsRequest req = Request("GetCallerIdentity", GetCallerIdentityBody());
  BW_ASSIGN_OR_RETURN(AwsResponse res, caller_.Call(req));
  if (!res.ok()) return ResponseError(req, res);
  auto id = ParseGetCallerIdentity(res.body);
  if (!id.ok()) return BodyError(req, id.status());
  return id;
}

Result<Credentials> StsClient::AssumeRole(const AssumeRoleParams& params, const Credentials& source) {
  AwsRequest req = Request("AssumeRole", AssumeRoleBody(params));
  req.resource = "role " + params.role_arn;
  BW_ASSIGN_OR_RETURN(AwsResponse res, caller_.CallWith(req, source));
  if (!res.ok()) return ResponseError(req, res);
  auto creds = ParseAssumeRoleCredentials(res.body);
  if (!creds.ok()) return BodyError(req, creds.status());
  return creds;
}

Result<Credentials> StsClient::AssumeRoleWithWebIdentity(const WebIdentityParams& p) {
  std::string body = "Action=AssumeRoleWithWebIdentity&Version=2011-06-15";
  Field(body, "RoleArn", p.role_arn);
  Field(body, "RoleSessionName", p.session_name);
  Field(body, "WebIdentityToken", p.token);
  if (p.duration_seconds) Field(body, "DurationSeconds", std::to_string(*p.duration_seconds));
  AwsRequest req = Request("AssumeRoleWithWebIdentity", std::move(body));
  req.resource = "role " + p.role_arn;
  req.sign = false;  // the token is the credential
  BW_ASSIGN_OR_RETURN(AwsResponse res, caller_.Call(req));
  if (!res.ok()) return ResponseError(req, res);
  auto creds = ParseAssumeRoleCredentials(res.body);
  if (!creds.ok()) return BodyError(req, creds.status());
  return creds;
}

}  // namespace bucketwatch::aws
