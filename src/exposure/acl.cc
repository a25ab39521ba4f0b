#include "exposure/acl.h"

#include <algorithm>
#include <array>
#include <iterator>
#include <string>

#include "exposure/policy.h"

namespace bucketwatch::exposure {
namespace {

using json::Element;
using json::Path;

constexpr std::string_view kAllUsersUri = "http://acs.amazonaws.com/groups/global/AllUsers";
constexpr std::string_view kAuthenticatedUsersUri = "http://acs.amazonaws.com/groups/global/AuthenticatedUsers";
constexpr std::string_view kLogDeliveryUri = "http://acs.amazonaws.com/groups/s3/LogDelivery";

// The string fields `names` of `object` in one pass over its fields; "" for
// one absent or null. A key given twice is refused.
template <size_t N>
Result<std::array<std::string_view, N>> StringFields(json::Object object, const std::string_view (&names)[N],
                                                     const Path& path) {
  std::array<std::string_view, N> wanted;
  std::copy(std::begin(names), std::end(names), wanted.begin());
  BW_ASSIGN_OR_RETURN(auto members, json::ReadMembers(object, wanted, path));
  std::array<std::string_view, N> values;
  for (size_t i = 0; i < N; ++i) {
    if (members.has(i) && !members.values[i].is_null()) {
      BW_ASSIGN_OR_RETURN(values[i], json::GetString(members.values[i], path.Key(names[i])));
    }
  }
  return values;
}

// get-bucket-acl: {"Owner": {...}, "Grants": [{"Grantee": {...}, "Permission": "READ"}]}
Result<Acl> ParseS3Form(json::Object object, const Path& path) {
  static constexpr std::array<std::string_view, 2> kAclMembers = {"Owner", "Grants"};
  static constexpr std::array<std::string_view, 2> kGrantMembers = {"Grantee", "Permission"};
  BW_ASSIGN_OR_RETURN(auto members, json::ReadMembers(object, kAclMembers, path));
  Acl acl;
  Element owner = members.values[0];
  if (members.has(0) && !owner.is_null()) {
    json::Object o;
    if (owner.get_object().get(o)) return json::TypeError(path.Key("Owner"), "an object", owner);
    BW_ASSIGN_OR_RETURN(auto id, StringFields(o, {"ID"}, path.Key("Owner")));
    acl.owner_id = std::string(id[0]);
  }
  Element grants = members.values[1];
  if (!members.has(1) || grants.is_null()) return acl;
  json::Array array;
  Path grants_path = path.Key("Grants");
  if (grants.get_array().get(array)) return json::TypeError(grants_path, "a list of grants", grants);
  // An ACL has at most 100 grants (S3 User Guide, "Access control list
  // (ACL) overview"); a longer array is hostile, and gets no room up front.
  acl.grants.reserve(std::min<size_t>(array.size(), 100));
  size_t i = 0;
  for (Element g : array) {
    Path gp = grants_path.Index(i++);
    json::Object go;
    if (g.get_object().get(go)) return json::TypeError(gp, "a grant object", g);
    BW_ASSIGN_OR_RETURN(auto grant_members, json::ReadMembers(go, kGrantMembers, gp));
    if (!grant_members.has(0)) return InvalidInput("the grant has no Grantee", gp.Pointer());
    if (!grant_members.has(1)) return InvalidInput("the grant has no Permission", gp.Pointer());
    Element grantee = grant_members.values[0], permission = grant_members.values[1];
    Grant grant;
    BW_ASSIGN_OR_RETURN(std::string_view perm, json::GetString(permission, gp.Key("Permission")));
    if (!ParsePermission(perm, grant.permission)) {
      return InvalidInput(
          "unknown permission \"" + std::string(perm) + "\"; expected READ, WRITE, READ_ACP, WRITE_ACP or FULL_CONTROL",
          gp.Key("Permission").Pointer());
    }
    json::Object ge;
    Path gep = gp.Key("Grantee");
    if (grantee.get_object().get(ge)) return json::TypeError(gep, "a grantee object", grantee);
    BW_ASSIGN_OR_RETURN(auto fields, StringFields(ge, {"Type", "URI", "ID", "EmailAddress", "DisplayName"}, gep));
    auto [type, uri, id, email, name] = fields;
    grant.display_name = std::string(name);
    if (!uri.empty() || type == "Group") {
      if (uri.empty()) return InvalidInput("a Group grantee needs a URI", gep.Pointer());
      grant.type = GranteeTypeOfUri(uri);
      grant.id = std::string(uri);
    } else if (!email.empty() || type == "AmazonCustomerByEmail") {
      grant.type = GranteeType::kEmail;
      grant.id = std::string(email);
    } else if (!id.empty() || type == "CanonicalUser") {
      grant.type = GranteeType::kCanonicalUser;
      grant.id = std::string(id);
    } else {
      return InvalidInput("the grantee has none of URI, ID or EmailAddress", gep.Pointer());
    }
    acl.grants.push_back(std::move(grant));
  }
  return acl;
}

// AWS Config: {"grantList": [{"grantee": "AllUsers" | {"id": ...}, "permission": "Read"}], "owner": {...}}
Result<Acl> ParseConfigForm(json::Object object, const Path& path) {
  static constexpr std::array<std::string_view, 2> kGrantMembers = {"grantee", "permission"};
  Acl acl;
  Element owner;
  if (!object.at_key("owner").get(owner) && !owner.is_null()) {
    json::Object o;
    if (owner.get_object().get(o)) return json::TypeError(path.Key("owner"), "an object", owner);
    BW_ASSIGN_OR_RETURN(auto id, StringFields(o, {"id"}, path.Key("owner")));
    acl.owner_id = std::string(id[0]);
  }
  for (std::string_view list_key : {"grantList", "grantSet"}) {
    Element list;
    if (object.at_key(list_key).get(list) || list.is_null()) continue;
    json::Array array;
    Path lp = path.Key(list_key);
    if (list.get_array().get(array)) return json::TypeError(lp, "a list of grants", list);
    size_t i = 0;
    for (Element g : array) {
      Path gp = lp.Index(i++);
      json::Object go;
      if (g.get_object().get(go)) return json::TypeError(gp, "a grant object", g);
      BW_ASSIGN_OR_RETURN(auto grant_members, json::ReadMembers(go, kGrantMembers, gp));
      if (!grant_members.has(0)) return InvalidInput("the grant has no grantee", gp.Pointer());
      if (!grant_members.has(1)) return InvalidInput("the grant has no permission", gp.Pointer());
      Element grantee = grant_members.values[0], permission = grant_members.values[1];
      Grant grant;
      BW_ASSIGN_OR_RETURN(std::string_view perm, json::GetString(permission, gp.Key("permission")));
      if (!ParsePermission(perm, grant.permission)) {
        return InvalidInput(
            "unknown permission \"" + std::string(perm) + "\"; expected Read, Write, ReadAcp, WriteAcp or FullControl",
            gp.Key("permission").Pointer());
      }
      std::string_view group;
      json::Object ge;
      if (!grantee.get_string().get(group)) {
        if (group == "AllUsers") {
          grant.type = GranteeType::kAllUsers;
          grant.id = std::string(kAllUsersUri);
        } else if (group == "AuthenticatedUsers") {
          grant.type = GranteeType::kAuthenticatedUsers;
          grant.id = std::string(kAuthenticatedUsersUri);
        } else if (group == "LogDelivery") {
          grant.type = GranteeType::kLogDelivery;
          grant.id = std::string(kLogDeliveryUri);
        } else {
          grant.type = GranteeTypeOfUri(group);
          grant.id = std::string(group);
        }
      } else if (!grantee.get_object().get(ge)) {
        Path gep = gp.Key("grantee");
        BW_ASSIGN_OR_RETURN(auto fields, StringFields(ge, {"id", "displayName", "emailAddress", "URI"}, gep));
        auto [id, name, email, uri] = fields;
        grant.display_name = std::string(name);
        if (!uri.empty()) {
          grant.type = GranteeTypeOfUri(uri);
          grant.id = std::string(uri);
        } else if (!email.empty()) {
          grant.type = GranteeType::kEmail;
          grant.id = std::string(email);
        } else {
          grant.type = GranteeType::kCanonicalUser;
          grant.id = std::string(id);
        }
      } else {
        return json::TypeError(gp.Key("grantee"), "a group name or a grantee object", grantee);
      }
      acl.grants.push_back(std::move(grant));
    }
  }
  return acl;
}

}  // namespace

std::string_view PermissionName(AclPermission p) {
  switch (p) {
    case AclPermission::kRead: return "READ";
    case AclPermission::kWrite: return "WRITE";
    case AclPermission::kReadAcp: return "READ_ACP";
    case AclPermission::kWriteAcp: return "WRITE_ACP";
    case AclPermission::kFullControl: return "FULL_CONTROL";
  }
  return "?";
}

std::string_view GranteeTypeName(GranteeType t) {
  switch (t) {
    case GranteeType::kAllUsers: return "AllUsers";
    case GranteeType::kAuthenticatedUsers: return "AuthenticatedUsers";
    case GranteeType::kLogDelivery: return "LogDelivery";
    case GranteeType::kOtherGroup: return "Group";
    case GranteeType::kCanonicalUser: return "CanonicalUser";
    case GranteeType::kEmail: return "AmazonCustomerByEmail";
  }
  return "?";
}

AccessMask AccessOfPermission(AclPermission p) {
  switch (p) {
    case AclPermission::kRead: return Bit(AccessKind::kList);
    case AclPermission::kWrite: return Bit(AccessKind::kWrite);
    case AclPermission::kReadAcp: return Bit(AccessKind::kReadAcp);
    case AclPermission::kWriteAcp: return Bit(AccessKind::kWriteAcp);
    case AclPermission::kFullControl:
      return Bit(AccessKind::kList) | Bit(AccessKind::kWrite) | Bit(AccessKind::kReadAcp) | Bit(AccessKind::kWriteAcp);
  }
  return 0;
}

GranteeType GranteeTypeOfUri(std::string_view uri) {
  // S3 accepts both http and https forms of the group URIs in requests.
  auto ends = [&uri](std::string_view tail) {
    return uri.size() >= tail.size() && uri.substr(uri.size() - tail.size()) == tail;
  };
  if (ends("acs.amazonaws.com/groups/global/AllUsers")) return GranteeType::kAllUsers;
  if (ends("acs.amazonaws.com/groups/global/AuthenticatedUsers")) return GranteeType::kAuthenticatedUsers;
  if (ends("acs.amazonaws.com/groups/s3/LogDelivery")) return GranteeType::kLogDelivery;
  return GranteeType::kOtherGroup;
}

bool ParsePermission(std::string_view text, AclPermission& out) {
  if (text == "READ" || text == "Read") {
    out = AclPermission::kRead;
  } else if (text == "WRITE" || text == "Write") {
    out = AclPermission::kWrite;
  } else if (text == "READ_ACP" || text == "ReadAcp") {
    out = AclPermission::kReadAcp;
  } else if (text == "WRITE_ACP" || text == "WriteAcp") {
    out = AclPermission::kWriteAcp;
  } else if (text == "FULL_CONTROL" || text == "FullControl") {
    out = AclPermission::kFullControl;
  } else {
    return false;
  }
  return true;
}

Result<Acl> ParseAcl(json::Element element) {
  Path path;
  // Config stores the ACL as a JSON string, sometimes a string of a string.
  std::string text;
  for (int depth = 0; depth < 3 && element.is_string(); ++depth) {
    text.assign(element.get_string().value_unsafe());
    auto inner = NestedJsonParser().Parse(text);
    if (!inner.ok()) return InvalidInput("the ACL string is " + inner.status().message(), path.Pointer());
    element = *inner;
  }
  json::Object object;
  if (element.get_object().get(object)) return json::TypeError(path, "an ACL object", element);
  Element probe;
  if (!object.at_key("grantList").get(probe) || !object.at_key("grantSet").get(probe)) {
    return ParseConfigForm(object, path);
  }
  return ParseS3Form(object, path);
}

}  // namespace bucketwatch::exposure
