#include "events/cloudtrail.h"

#include <array>

#include "events/fields.h"

namespace bucketwatch::events {
namespace {

struct Known {
  std::string_view name;
  ApiChange change;
  RescanScope scope;
};

constexpr std::array<Known, 10> kKnown = {{
    {"PutBucketPolicy", ApiChange::kPutBucketPolicy, RescanScope::kBucket},
    {"DeleteBucketPolicy", ApiChange::kDeleteBucketPolicy, RescanScope::kBucket},
    {"PutBucketAcl", ApiChange::kPutBucketAcl, RescanScope::kBucket},
    {"PutBucketPublicAccessBlock", ApiChange::kPutBucketPublicAccessBlock, RescanScope::kBucket},
    {"DeleteBucketPublicAccessBlock", ApiChange::kDeleteBucketPublicAccessBlock, RescanScope::kBucket},
    {"PutAccountPublicAccessBlock", ApiChange::kPutAccountPublicAccessBlock, RescanScope::kAccount},
    {"DeleteAccountPublicAccessBlock", ApiChange::kDeleteAccountPublicAccessBlock, RescanScope::kAccount},
    {"PutBucketOwnershipControls", ApiChange::kPutBucketOwnershipControls, RescanScope::kBucket},
    {"DeleteBucketOwnershipControls", ApiChange::kDeleteBucketOwnershipControls, RescanScope::kBucket},
    {"CreateBucket", ApiChange::kCreateBucket, RescanScope::kBucket},
}};

// CloudTrail turns request headers and XML bodies into JSON; a header may
// arrive as a string or a one-element list (["public-read"]).
std::string StringOrFirst(json::Object object, std::string_view key) {
  auto e = Field(object, key);
  if (!e) return {};
  std::string_view s;
  if (!e->get_string().get(s)) return std::string(s);
  json::Array a;
  if (!e->get_array().get(a) && a.size() > 0) {
    json::Element first;
    if (!a.at(0).get(first) && !first.get_string().get(s)) return std::string(s);
  }
  return {};
}

// requestParameters.PublicAccessBlockConfiguration, XML turned into JSON:
// it carries an "xmlns" key beside the flags, and a flag left out of the
// request is false (the whole configuration is replaced; U18).
std::optional<exposure::BlockPublicAccess> RequestedBpa(json::Object params) {
  auto e = Field(params, "PublicAccessBlockConfiguration");
  json::Object o;
  if (!e || e->get_object().get(o)) return std::nullopt;
  auto flag = [&o](std::string_view key) {
    auto v = Field(o, key);
    bool b = false;
    if (v && !v->get_bool().get(b)) return b;
    std::string_view s;
    return v && !v->get_string().get(s) && s == "true";
  };
  exposure::BlockPublicAccess bpa;
  bpa.block_public_acls = flag("BlockPublicAcls");
  bpa.ignore_public_acls = flag("IgnorePublicAcls");
  bpa.block_public_policy = flag("BlockPublicPolicy");
  bpa.restrict_public_buckets = flag("RestrictPublicBuckets");
  return bpa;
}

}  // namespace

std::string_view ApiChangeName(ApiChange change) {
  for (const Known& k : kKnown) {
    if (k.change == change) return k.name;
  }
  return "other";
}

Result<ApiCall> ParseApiCall(json::Object record, const json::Path& path, const Envelope& envelope) {
  ApiCall c;
  BW_ASSIGN_OR_RETURN(c.event_name, RequiredString(record, "eventName", path));
  BW_ASSIGN_OR_RETURN(c.event_source, OptionalString(record, "eventSource", path));
  BW_ASSIGN_OR_RETURN(c.event_id, OptionalString(record, "eventID", path));
  BW_ASSIGN_OR_RETURN(c.event_time, OptionalString(record, "eventTime", path));
  BW_ASSIGN_OR_RETURN(c.region, OptionalString(record, "awsRegion", path));
  if (c.region.empty()) c.region = envelope.region;
  BW_ASSIGN_OR_RETURN(c.account, OptionalString(record, "recipientAccountId", path));
  BW_RETURN_IF_ERROR(CheckIdentifier(c.account, "an account id", path, "recipientAccountId"));
  if (c.account.empty()) c.account = envelope.account;
  BW_ASSIGN_OR_RETURN(c.error_code, OptionalString(record, "errorCode", path));
  BW_ASSIGN_OR_RETURN(c.error_message, OptionalString(record, "errorMessage", path));
  BW_ASSIGN_OR_RETURN(c.actor.source_ip, OptionalString(record, "sourceIPAddress", path));
  BW_ASSIGN_OR_RETURN(c.actor.user_agent, OptionalString(record, "userAgent", path));
  BW_ASSIGN_OR_RETURN(auto identity, OptionalObject(record, "userIdentity", path));
  if (identity) {
    c.actor.arn = NestedString(*identity, {"arn"});
    c.actor.type = NestedString(*identity, {"type"});
    c.actor.account = NestedString(*identity, {"accountId"});
    c.actor.principal_id = NestedString(*identity, {"principalId"});
    c.actor.invoked_by = NestedString(*identity, {"invokedBy"});
  }
  for (const Known& k : kKnown) {
    if (k.name == c.event_name) {
      c.change = k.change;
      c.scope = k.scope;
    }
  }
  if (c.change == ApiChange::kOther) return c;

  json::Path params_path = path.Key("requestParameters");
  BW_ASSIGN_OR_RETURN(auto params, OptionalObject(record, "requestParameters", path));
  if (params) {
    c.bucket = StringOrFirst(*params, "bucketName");
    BW_RETURN_IF_ERROR(CheckIdentifier(c.bucket, "a bucket name", params_path, "bucketName"));
    c.canned_acl = StringOrFirst(*params, "x-amz-acl");
    c.requested_bpa = RequestedBpa(*params);
    c.requested_ownership = NestedString(*params, {"OwnershipControls", "Rule", "ObjectOwnership"});
    // CloudTrail records the policy as a JSON object (sometimes as a string).
    if (auto policy = Field(*params, "bucketPolicy")) {
      std::string_view text;
      if (policy->is_object()) {
        c.requested_policy = simdjson::minify(*policy);
      } else if (!policy->get_string().get(text)) {
        c.requested_policy = std::string(text);
      }
    }
  }
  if (c.scope == RescanScope::kBucket && c.bucket.empty() && !c.failed()) {
    if (params) return MissingOrEmpty(*params, "bucketName", params_path);
    return Missing(params_path, "bucketName");
  }
  return c;
}

}  // namespace bucketwatch::events
