#include "check/tf_settings.h"

#include <algorithm>

#include "check/planned.h"

namespace bucketwatch::check {
namespace {

using exposure::Acl;
using exposure::Part;

std::string NotKnown(const TfResource& r, std::string_view what) {
  return std::string(what) + " of " + r.address + " is not known until apply";
}

Status Wrong(const TfResource& r, std::string_view key, std::string message) {
  return InvalidInput(r.address + ": " + std::move(message), r.pointer + "/" + std::string(key));
}

// One grantee of access_control_policy (type, id, uri, email_address).
struct Grantee {
  TfValue type, id, uri, email;
};

// A grant of S3's kinds read into ours; false with an error when its parts
// are of the wrong shape.
bool AddGrant(const TfResource& r, const std::string& where, const Grantee& g, std::string_view permission, Acl& acl,
              std::vector<Status>& errors) {
  exposure::Grant grant;
  if (!exposure::ParsePermission(permission, grant.permission)) {
    errors.push_back(Wrong(
        r, where,
        "permission \"" + std::string(permission) + "\" is not one of READ, WRITE, READ_ACP, WRITE_ACP, FULL_CONTROL"));
    return false;
  }
  if (auto uri = g.uri.String(); uri && !uri->empty()) {
    grant.type = exposure::GranteeTypeOfUri(*uri);
    grant.id = std::string(*uri);
  } else if (auto email = g.email.String(); email && !email->empty()) {
    grant.type = exposure::GranteeType::kEmail;
    grant.id = std::string(*email);
  } else if (auto id = g.id.String(); id && !id->empty()) {
    grant.type = exposure::GranteeType::kCanonicalUser;
    grant.id = std::string(*id);
  } else {
    errors.push_back(Wrong(r, where, "the grantee has none of uri, id or email_address"));
    return false;
  }
  acl.grants.push_back(std::move(grant));
  return true;
}

// An ACL of grants; the owner's own full control comes first (the judge
// keeps only that one when S3 refuses the rest).
Acl OwnerAcl(std::string owner) {
  Acl acl;
  acl.owner_id = owner.empty() ? std::string(kStandInOwner) : std::move(owner);
  acl.grants.push_back(
      {exposure::GranteeType::kCanonicalUser, acl.owner_id, "", exposure::AclPermission::kFullControl});
  return acl;
}

TfAcl Unknown(std::string why) {
  TfAcl out;
  out.set = true;
  out.granted = true;
  out.acl = Part<Acl>::Unknown(why);
  return out;
}

// access_control_policy [{owner: [{id}], grant: [{grantee: [{type, id, uri, email_address}], permission}]}]
TfAcl ReadAccessControlPolicy(const TfResource& r, std::vector<Status>& errors) {
  TfValue owner = Attribute(r, {"access_control_policy", "0", "owner", "0", "id"});
  Acl acl = OwnerAcl(owner.String() ? std::string(*owner.String()) : "");
  TfValue grants = Attribute(r, {"access_control_policy", "0", "grant"});
  if (grants.unknown()) return Unknown(NotKnown(r, "access_control_policy"));
  size_t count = grants.known() && grants.element->is_array() ? json::Array(*grants.element).size() : 0;
  for (size_t i = 0; i < count; ++i) {
    std::string n = std::to_string(i);
    Grantee g{Attribute(r, {"access_control_policy", "0", "grant", n, "grantee", "0", "type"}),
              Attribute(r, {"access_control_policy", "0", "grant", n, "grantee", "0", "id"}),
              Attribute(r, {"access_control_policy", "0", "grant", n, "grantee", "0", "uri"}),
              Attribute(r, {"access_control_policy", "0", "grant", n, "grantee", "0", "email_address"})};
    TfValue permission = Attribute(r, {"access_control_policy", "0", "grant", n, "permission"});
    if (g.type.unknown() || g.id.unknown() || g.uri.unknown() || g.email.unknown() || permission.unknown())
      return Unknown(NotKnown(r, "a grant of access_control_policy"));
    std::string where = "access_control_policy/0/grant/" + n;
    if (!AddGrant(r, where, g, permission.String().value_or(""), acl, errors))
      return Unknown("a grant of " + r.address + " could not be read");
  }
  TfAcl out;
  out.set = true;
  out.granted = true;
  out.acl = Part<Acl>::Of(std::move(acl));
  return out;
}

TfAcl CannedOf(const TfResource& r, std::string_view canned, std::vector<Status>& errors) {
  TfAcl out;
  out.set = true;
  out.canned = std::string(canned);
  if (auto acl = CannedAcl(canned)) {
    out.acl = Part<Acl>::Of(std::move(*acl));
  } else {
    errors.push_back(Wrong(r, "acl", "\"" + out.canned + "\" is not a canned ACL"));
    out.acl = Part<Acl>::Unknown("acl \"" + out.canned + "\" of " + r.address + " is not a canned ACL");
  }
  return out;
}

}  // namespace

Part<exposure::BlockPublicAccess> ReadTfBlockPublicAccess(const TfResource& r, std::vector<Status>& errors) {
  exposure::BlockPublicAccess bpa;  // an argument left out is false
  std::pair<const char*, bool*> flags[] = {{"block_public_acls", &bpa.block_public_acls},
                                           {"ignore_public_acls", &bpa.ignore_public_acls},
                                           {"block_public_policy", &bpa.block_public_policy},
                                           {"restrict_public_buckets", &bpa.restrict_public_buckets}};
  for (auto& [key, flag] : flags) {
    TfValue v = Attribute(r, {key});
    if (v.unknown()) return Part<exposure::BlockPublicAccess>::Unknown(NotKnown(r, key));
    if (!v.known()) continue;
    if (v.element->get_bool().get(*flag) != simdjson::SUCCESS) {
      errors.push_back(Wrong(r, key, std::string(key) + " must be true or false"));
      return Part<exposure::BlockPublicAccess>::Unknown(std::string(key) + " of " + r.address + " is not a boolean");
    }
  }
  return Part<exposure::BlockPublicAccess>::Of(bpa);
}

Part<exposure::ObjectOwnership> ReadTfOwnership(const TfResource& r, std::vector<Status>& errors) {
  TfValue v = Attribute(r, {"rule", "0", "object_ownership"});
  if (v.unknown()) return Part<exposure::ObjectOwnership>::Unknown(NotKnown(r, "object_ownership"));
  auto parsed = v.String() ? exposure::ParseObjectOwnership(*v.String()) : std::nullopt;
  if (!parsed) {
    errors.push_back(Wrong(r, "rule/0/object_ownership",
                           "object_ownership must be BucketOwnerEnforced, BucketOwnerPreferred or ObjectWriter"));
    return Part<exposure::ObjectOwnership>::Unknown("object_ownership of " + r.address + " could not be read");
  }
  return Part<exposure::ObjectOwnership>::Of(*parsed);
}

TfAcl ReadTfAclResource(const TfResource& r, std::vector<Status>& errors) {
  TfValue canned = Attribute(r, {"acl"});
  if (canned.unknown()) return Unknown(NotKnown(r, "acl"));
  if (auto name = canned.String(); name && !name->empty()) return CannedOf(r, *name, errors);
  TfValue policy = Attribute(r, {"access_control_policy"});
  if (policy.unknown()) return Unknown(NotKnown(r, "access_control_policy"));
  if (policy.known()) return ReadAccessControlPolicy(r, errors);
  errors.push_back(Wrong(r, "acl", "aws_s3_bucket_acl needs acl or access_control_policy"));
  return Unknown(r.address + " sets neither acl nor access_control_policy");
}

TfAcl ReadTfBucketAcl(const TfResource& bucket, std::vector<Status>& errors) {
  TfValue grants = Attribute(bucket, {"grant"});
  if (grants.unknown() && Configured(bucket, "grant")) return Unknown(NotKnown(bucket, "grant"));
  size_t count = grants.known() && grants.element->is_array() ? json::Array(*grants.element).size() : 0;
  if (count > 0) {
    Acl acl = OwnerAcl("");
    for (size_t i = 0; i < count; ++i) {
      std::string n = std::to_string(i);
      Grantee g{Attribute(bucket, {"grant", n, "type"}), Attribute(bucket, {"grant", n, "id"}),
                Attribute(bucket, {"grant", n, "uri"}), TfValue{}};
      TfValue permissions = Attribute(bucket, {"grant", n, "permissions"});
      if (g.id.unknown() || g.uri.unknown() || permissions.unknown() || !permissions.known() ||
          !permissions.element->is_array())
        return Unknown(NotKnown(bucket, "a grant"));
      for (json::Element p : json::Array(*permissions.element)) {
        std::string_view name;
        if (p.get_string().get(name) != simdjson::SUCCESS || !AddGrant(bucket, "grant/" + n, g, name, acl, errors))
          return Unknown("a grant of " + bucket.address + " could not be read");
      }
    }
    TfAcl out;
    out.set = out.granted = true;
    out.acl = Part<Acl>::Of(std::move(acl));
    return out;
  }
  TfValue canned = Attribute(bucket, {"acl"});
  if (canned.unknown()) return Configured(bucket, "acl") ? Unknown(NotKnown(bucket, "acl")) : TfAcl{};
  if (auto name = canned.String(); name && !name->empty()) return CannedOf(bucket, *name, errors);
  return TfAcl{};
}

TfPolicy ReadTfPolicy(const TfResource& r, bool computed_is_unset, json::Parser& parser) {
  TfPolicy out;
  TfValue v = Attribute(r, {"policy"});
  if (v.unknown()) {
    if (computed_is_unset && !Configured(r, "policy")) return out;
    out.set = true;
    std::string why = NotKnown(r, "the policy");
    // Terraform reads a data source during apply when its arguments are not
    // known while planning; its rendered JSON is then not in the plan.
    for (const std::string& ref : References(r, "policy")) {
      if (ref.starts_with("data.") && std::count(ref.begin(), ref.end(), '.') == 2) {
        why += " (" + (r.module.empty() ? "" : r.module + ".") + ref + " is read during apply)";
        break;
      }
    }
    out.policy = Part<exposure::Policy>::Unknown(why);
    return out;
  }
  auto text = v.String();
  if (!text || text->empty()) return out;
  out.set = true;
  out.text = std::string(*text);
  out.policy = Part<exposure::Policy>::Of(exposure::ParsePolicyText(out.text, parser));
  return out;
}

}  // namespace bucketwatch::check
