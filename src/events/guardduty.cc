#include "events/guardduty.h"

#include "events/fields.h"
#include "exposure/snapshot_json.h"

namespace bucketwatch::events {
namespace {

std::optional<bool> OptionalBool(json::Object object, std::string_view key) {
  auto e = Field(object, key);
  bool b = false;
  if (!e || e->get_bool().get(b)) return std::nullopt;
  return b;
}

// {"allowsPublicReadAccess": b, "allowsPublicWriteAccess": b} at object.key.
void ReadAllows(json::Object object, std::string_view key, std::optional<bool>& read, std::optional<bool>& write) {
  auto e = Field(object, key);
  json::Object o;
  if (!e || e->get_object().get(o)) return;
  read = OptionalBool(o, "allowsPublicReadAccess");
  write = OptionalBool(o, "allowsPublicWriteAccess");
}

Result<std::optional<exposure::BlockPublicAccess>> ReadBpa(json::Object object, const json::Path& path) {
  auto e = Field(object, "blockPublicAccess");
  if (!e) return std::optional<exposure::BlockPublicAccess>();
  json::Path at = path.Key("blockPublicAccess");
  BW_ASSIGN_OR_RETURN(auto part, exposure::ParseBlockPublicAccess(*e, at));
  if (!part.present()) return std::optional<exposure::BlockPublicAccess>();
  return std::optional<exposure::BlockPublicAccess>(part.value());
}

Result<GuardDutyBucket> ReadBucket(json::Object b, const json::Path& path) {
  GuardDutyBucket out;
  BW_ASSIGN_OR_RETURN(out.name, OptionalString(b, "name", path));
  BW_RETURN_IF_ERROR(CheckIdentifier(out.name, "a bucket name", path, "name"));
  BW_ASSIGN_OR_RETURN(out.arn, OptionalString(b, "arn", path));
  BW_RETURN_IF_ERROR(CheckIdentifier(out.arn, "a bucket ARN", path, "arn"));
  if (out.name.empty() && out.arn.rfind("arn:", 0) == 0) out.name = out.arn.substr(out.arn.rfind(':') + 1);
  if (out.name.empty()) return MissingOrEmpty(b, "name", path);
  out.owner_id = NestedString(b, {"owner", "id"});
  json::Path access_path = path.Key("publicAccess");
  BW_ASSIGN_OR_RETURN(auto access, OptionalObject(b, "publicAccess", path));
  if (!access) return out;
  std::string effective = NestedString(*access, {"effectivePermission"});
  if (effective == "PUBLIC") out.effective_public = true;
  if (effective == "NOT_PUBLIC") out.effective_public = false;
  json::Path config_path = access_path.Key("permissionConfiguration");
  BW_ASSIGN_OR_RETURN(auto config, OptionalObject(*access, "permissionConfiguration", access_path));
  if (!config) return out;
  json::Path bucket_path = config_path.Key("bucketLevelPermissions");
  BW_ASSIGN_OR_RETURN(auto bucket_level, OptionalObject(*config, "bucketLevelPermissions", config_path));
  if (bucket_level) {
    ReadAllows(*bucket_level, "accessControlList", out.acl_read, out.acl_write);
    ReadAllows(*bucket_level, "bucketPolicy", out.policy_read, out.policy_write);
    BW_ASSIGN_OR_RETURN(out.bucket_bpa, ReadBpa(*bucket_level, bucket_path));
  }
  json::Path account_path = config_path.Key("accountLevelPermissions");
  BW_ASSIGN_OR_RETURN(auto account_level, OptionalObject(*config, "accountLevelPermissions", config_path));
  if (account_level) {
    BW_ASSIGN_OR_RETURN(out.account_bpa, ReadBpa(*account_level, account_path));
  }
  return out;
}

GuardDutyKind KindOf(std::string_view type) {
  if (type == "Policy:S3/BucketAnonymousAccessGranted") return GuardDutyKind::kAnonymousAccessGranted;
  if (type == "Policy:S3/BucketPublicAccessGranted") return GuardDutyKind::kPublicAccessGranted;
  if (type == "Policy:S3/BucketBlockPublicAccessDisabled") return GuardDutyKind::kBucketBlockPublicAccessOff;
  if (type == "Policy:S3/AccountBlockPublicAccessDisabled") return GuardDutyKind::kAccountBlockPublicAccessOff;
  return GuardDutyKind::kOtherPolicy;
}

}  // namespace

bool IsS3PolicyFinding(std::string_view type) { return type.rfind("Policy:S3/", 0) == 0; }

Result<GuardDutyFinding> ParseGuardDutyFinding(json::Object finding, const json::Path& path, const Envelope& envelope) {
  GuardDutyFinding f;
  BW_ASSIGN_OR_RETURN(f.type, RequiredString(finding, "type", path));
  f.kind = KindOf(f.type);
  BW_ASSIGN_OR_RETURN(f.id, RequiredString(finding, "id", path));
  BW_ASSIGN_OR_RETURN(f.arn, OptionalString(finding, "arn", path));
  BW_ASSIGN_OR_RETURN(f.account, OptionalString(finding, "accountId", path));
  BW_RETURN_IF_ERROR(CheckIdentifier(f.account, "an account id", path, "accountId"));
  if (f.account.empty()) f.account = envelope.account;
  if (f.account.empty()) return MissingOrEmpty(finding, "accountId", path);
  BW_ASSIGN_OR_RETURN(f.region, OptionalString(finding, "region", path));
  if (f.region.empty()) f.region = envelope.region;
  if (f.region.empty()) return MissingOrEmpty(finding, "region", path);
  BW_ASSIGN_OR_RETURN(f.partition, OptionalString(finding, "partition", path));
  BW_ASSIGN_OR_RETURN(f.title, OptionalString(finding, "title", path));
  BW_ASSIGN_OR_RETURN(f.description, OptionalString(finding, "description", path));
  BW_ASSIGN_OR_RETURN(auto severity, OptionalNumber(finding, "severity", path));
  f.severity = severity.value_or(0);
  BW_ASSIGN_OR_RETURN(f.created_at, OptionalString(finding, "createdAt", path));
  BW_ASSIGN_OR_RETURN(f.updated_at, OptionalString(finding, "updatedAt", path));

  json::Path resource_path = path.Key("resource");
  BW_ASSIGN_OR_RETURN(json::Object resource, RequiredObject(finding, "resource", path));
  BW_ASSIGN_OR_RETURN(f.resource_type, OptionalString(resource, "resourceType", resource_path));
  f.actor.user_name = NestedString(resource, {"accessKeyDetails", "userName"});
  f.actor.user_type = NestedString(resource, {"accessKeyDetails", "userType"});
  f.actor.principal_id = NestedString(resource, {"accessKeyDetails", "principalId"});
  f.actor.access_key_id = NestedString(resource, {"accessKeyDetails", "accessKeyId"});
  if (auto buckets = Field(resource, "s3BucketDetails")) {
    json::Path buckets_path = resource_path.Key("s3BucketDetails");
    json::Array array;
    if (buckets->get_array().get(array)) return json::TypeError(buckets_path, "a list of buckets", *buckets);
    size_t i = 0;
    for (json::Element e : array) {
      json::Path bp = buckets_path.Index(i++);
      json::Object b;
      if (e.get_object().get(b)) return json::TypeError(bp, "a bucket object", e);
      BW_ASSIGN_OR_RETURN(GuardDutyBucket bucket, ReadBucket(b, bp));
      f.buckets.push_back(std::move(bucket));
    }
  }

  json::Path service_path = path.Key("service");
  BW_ASSIGN_OR_RETURN(auto service, OptionalObject(finding, "service", path));
  if (service) {
    if (auto archived = OptionalBool(*service, "archived")) f.archived = *archived;
    BW_ASSIGN_OR_RETURN(auto count, OptionalNumber(*service, "count", service_path));
    if (count && *count >= 1) f.count = static_cast<int64_t>(*count);
    f.first_seen = NestedString(*service, {"eventFirstSeen"});
    f.last_seen = NestedString(*service, {"eventLastSeen"});
    auto call = [&service](std::initializer_list<std::string_view> tail) {
      std::vector<std::string_view> keys = {"action", "awsApiCallAction"};
      keys.insert(keys.end(), tail.begin(), tail.end());
      json::Object current = *service;
      for (size_t i = 0; i + 1 < keys.size(); ++i) {
        auto e = Field(current, keys[i]);
        if (!e || e->get_object().get(current)) return std::string();
      }
      return NestedString(current, {keys.back()});
    };
    f.actor.api = call({"api"});
    f.actor.caller_type = call({"callerType"});
    f.actor.ip = call({"remoteIpDetails", "ipAddressV4"});
    if (f.actor.ip.empty()) f.actor.ip = call({"remoteIpDetails", "ipAddressV6"});
    f.actor.city = call({"remoteIpDetails", "city", "cityName"});
    f.actor.country = call({"remoteIpDetails", "country", "countryName"});
    f.actor.organization = call({"remoteIpDetails", "organization", "asnOrg"});
  }
  return f;
}

}  // namespace bucketwatch::events
