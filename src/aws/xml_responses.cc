#include "aws/xml_responses.h"

#include <pugixml.hpp>

#include <cstring>
#include <initializer_list>

#include "aws/timestamp.h"
#include "base/aws_names.h"

namespace bucketwatch::aws {
namespace {

std::string_view LocalName(const char* name) {
  std::string_view n(name);
  size_t colon = n.rfind(':');
  return colon == std::string_view::npos ? n : n.substr(colon + 1);
}

pugi::xml_node Child(pugi::xml_node node, std::string_view local) {
  for (pugi::xml_node c = node.first_child(); c; c = c.next_sibling()) {
    if (c.type() == pugi::node_element && LocalName(c.name()) == local) return c;
  }
  return {};
}

std::string Trimmed(std::string_view s) {
  size_t b = s.find_first_not_of(" \t\r\n");
  if (b == std::string_view::npos) return "";
  size_t e = s.find_last_not_of(" \t\r\n");
  return std::string(s.substr(b, e - b + 1));
}

std::string TextOf(pugi::xml_node node, std::string_view local) { return Trimmed(Child(node, local).child_value()); }

// Parses `body` and checks the root element is one of `roots`.
Result<pugi::xml_node> Root(pugi::xml_document& doc, std::string_view body, std::string_view what,
                            std::initializer_list<std::string_view> roots) {
  if (body.find_first_not_of(" \t\r\n") == std::string_view::npos) {
    return InvalidInput(std::string(what) + ": the body is empty; expected <" + std::string(*roots.begin()) + ">");
  }
  pugi::xml_parse_result parsed = doc.load_buffer(body.data(), body.size(), pugi::parse_default, pugi::encoding_utf8);
  if (!parsed) {
    return InvalidInput(std::string(what) + ": not well-formed XML (" + parsed.description() + " at byte " +
                        std::to_string(parsed.offset) + ")");
  }
  pugi::xml_node root = doc.document_element();
  std::string_view name = LocalName(root.name());
  for (std::string_view r : roots) {
    if (name == r) return root;
  }
  return InvalidInput(std::string(what) + ": expected <" + std::string(*roots.begin()) + ">, found <" +
                      std::string(name) + ">");
}

Result<bool> ParseBool(pugi::xml_node node, std::string_view what) {
  std::string v = Trimmed(node.child_value());
  if (v == "true") return true;
  if (v == "false") return false;
  return InvalidInput(std::string(what) + ": <" + std::string(LocalName(node.name())) + "> is \"" + v.substr(0, 40) +
                      "\"; expected true or false");
}

}  // namespace

std::string AccountOfArn(std::string_view arn) {
  // arn:PARTITION:SERVICE:REGION:ACCOUNT:RESOURCE
  size_t pos = 0;
  for (int field = 0; field < 4; ++field) {
    pos = arn.find(':', pos);
    if (pos == std::string_view::npos) return "";
    ++pos;
  }
  std::string_view account = arn.substr(pos, arn.find(':', pos) - pos);
  if (!IsAccountId(account)) return "";
  return std::string(account);
}

Result<ErrorBody> ParseErrorBody(std::string_view body) {
  pugi::xml_document doc;
  BW_ASSIGN_OR_RETURN(pugi::xml_node root, Root(doc, body, "error body", {"Error", "ErrorResponse"}));
  pugi::xml_node error = root;
  if (LocalName(root.name()) == "ErrorResponse") error = Child(root, "Error");
  ErrorBody e;
  e.code = TextOf(error, "Code");
  if (e.code.empty()) return InvalidInput("error body: <Error> has no <Code>");
  e.message = TextOf(error, "Message");
  e.request_id = TextOf(error, "RequestId");
  if (e.request_id.empty()) e.request_id = TextOf(root, "RequestId");
  e.region = TextOf(error, "Region");
  e.endpoint = TextOf(error, "Endpoint");
  e.server_time = TextOf(error, "ServerTime");
  return e;
}

Result<BucketListing> ParseListBuckets(std::string_view body) {
  constexpr std::string_view kWhat = "ListBuckets";
  pugi::xml_document doc;
  BW_ASSIGN_OR_RETURN(pugi::xml_node root, Root(doc, body, kWhat, {"ListAllMyBucketsResult"}));
  BucketListing out;
  out.owner_id = TextOf(Child(root, "Owner"), "ID");
  out.continuation_token = TextOf(root, "ContinuationToken");
  size_t i = 0;
  for (pugi::xml_node b = Child(root, "Buckets").first_child(); b; b = b.next_sibling()) {
    if (b.type() != pugi::node_element || LocalName(b.name()) != "Bucket") continue;
    BucketEntry entry{TextOf(b, "Name"), TextOf(b, "CreationDate"), TextOf(b, "BucketRegion")};
    if (entry.name.empty()) {
      return InvalidInput(std::string(kWhat) + ": bucket " + std::to_string(i) + " has no <Name>");
    }
    out.buckets.push_back(std::move(entry));
    ++i;
  }
  return out;
}

std::string RegionOfLocationConstraint(std::string_view constraint) {
  // GetBucketLocation: "Buckets in Region us-east-1 have a LocationConstraint
  // of null", and EU is the legacy name of eu-west-1 (S3 API Reference).
  if (constraint.empty()) return "us-east-1";
  if (constraint == "EU") return "eu-west-1";
  return std::string(constraint);
}

Result<std::string> ParseBucketLocation(std::string_view body) {
  pugi::xml_document doc;
  BW_ASSIGN_OR_RETURN(pugi::xml_node root, Root(doc, body, "GetBucketLocation", {"LocationConstraint"}));
  return RegionOfLocationConstraint(Trimmed(root.child_value()));
}

Result<exposure::Acl> ParseAccessControlPolicy(std::string_view body) {
  constexpr std::string_view kWhat = "GetBucketAcl";
  pugi::xml_document doc;
  BW_ASSIGN_OR_RETURN(pugi::xml_node root, Root(doc, body, kWhat, {"AccessControlPolicy"}));
  exposure::Acl acl;
  acl.owner_id = TextOf(Child(root, "Owner"), "ID");
  pugi::xml_node list = Child(root, "AccessControlList");
  if (!list) return InvalidInput(std::string(kWhat) + ": <AccessControlPolicy> has no <AccessControlList>");
  size_t i = 0;
  for (pugi::xml_node g = list.first_child(); g; g = g.next_sibling()) {
    if (g.type() != pugi::node_element || LocalName(g.name()) != "Grant") continue;
    std::string where = std::string(kWhat) + ": grant " + std::to_string(i++);
    exposure::Grant grant;
    std::string perm = TextOf(g, "Permission");
    if (!exposure::ParsePermission(perm, grant.permission)) {
      return InvalidInput(where + ": unknown permission \"" + perm.substr(0, 40) +
                          "\"; expected READ, WRITE, READ_ACP, WRITE_ACP or FULL_CONTROL");
    }
    pugi::xml_node grantee = Child(g, "Grantee");
    if (!grantee) return InvalidInput(where + " has no <Grantee>");
    std::string type;
    for (pugi::xml_attribute a = grantee.first_attribute(); a; a = a.next_attribute()) {
      if (LocalName(a.name()) == "type") type = a.value();
    }
    std::string uri = TextOf(grantee, "URI"), id = TextOf(grantee, "ID"), email = TextOf(grantee, "EmailAddress");
    grant.display_name = TextOf(grantee, "DisplayName");
    if (type == "Group" || (type.empty() && !uri.empty())) {
      if (uri.empty()) return InvalidInput(where + ": a Group grantee without <URI>");
      grant.type = exposure::GranteeTypeOfUri(uri);
      grant.id = uri;
    } else if (type == "AmazonCustomerByEmail" || (type.empty() && !email.empty())) {
      grant.type = exposure::GranteeType::kEmail;
      grant.id = email;
    } else if (type == "CanonicalUser" || (type.empty() && !id.empty())) {
      if (id.empty()) return InvalidInput(where + ": a CanonicalUser grantee without <ID>");
      grant.type = exposure::GranteeType::kCanonicalUser;
      grant.id = id;
    } else {
      // A grantee type we do not know could be anyone: refuse to judge.
      return InvalidInput(where + ": unknown grantee type \"" + type.substr(0, 40) +
                          "\"; expected CanonicalUser, Group or AmazonCustomerByEmail");
    }
    acl.grants.push_back(std::move(grant));
  }
  return acl;
}

Result<exposure::BlockPublicAccess> ParsePublicAccessBlock(std::string_view body) {
  constexpr std::string_view kWhat = "GetPublicAccessBlock";
  pugi::xml_document doc;
  BW_ASSIGN_OR_RETURN(pugi::xml_node root, Root(doc, body, kWhat,
                                                {"PublicAccessBlockConfiguration",
                                                 "BlockPublicAccessBlockConfiguration"}));  // the second: RGW
  exposure::BlockPublicAccess bpa;
  struct Flag {
    std::string_view name;
    bool exposure::BlockPublicAccess::*member;
  };
  static constexpr Flag kFlags[] = {{"BlockPublicAcls", &exposure::BlockPublicAccess::block_public_acls},
                                    {"IgnorePublicAcls", &exposure::BlockPublicAccess::ignore_public_acls},
                                    {"BlockPublicPolicy", &exposure::BlockPublicAccess::block_public_policy},
                                    {"RestrictPublicBuckets", &exposure::BlockPublicAccess::restrict_public_buckets}};
  for (const Flag& f : kFlags) {
    pugi::xml_node n = Child(root, f.name);
    if (!n) continue;  // a missing flag is false (docs/sources.md, "S3 bucket calls")
    BW_ASSIGN_OR_RETURN(bpa.*f.member, ParseBool(n, kWhat));
  }
  return bpa;
}

Result<exposure::ObjectOwnership> ParseOwnershipControls(std::string_view body) {
  constexpr std::string_view kWhat = "GetBucketOwnershipControls";
  pugi::xml_document doc;
  auto root = Root(doc, body, kWhat, {"OwnershipControls"});
  if (!root.ok()) {
    // RGW answers ?ownershipControls with a listing (docs/sources.md, "Ceph RGW as a test stand-in").
    if (doc.document_element() && LocalName(doc.document_element().name()) == "ListBucketResult") {
      return InvalidInput(std::string(kWhat) +
                          ": the endpoint answered with an object listing (<ListBucketResult>): it does not "
                          "implement Object Ownership");
    }
    return std::move(root).take_status();
  }
  pugi::xml_node rule = Child(*root, "Rule");
  if (!rule) return InvalidInput(std::string(kWhat) + ": <OwnershipControls> has no <Rule>");
  std::string value = TextOf(rule, "ObjectOwnership");
  auto o = exposure::ParseObjectOwnership(value);
  if (!o) {
    return InvalidInput(std::string(kWhat) + ": unknown ObjectOwnership \"" + value.substr(0, 40) +
                        "\"; expected BucketOwnerEnforced, BucketOwnerPreferred or ObjectWriter");
  }
  return *o;
}

Result<bool> ParsePolicyStatus(std::string_view body) {
  constexpr std::string_view kWhat = "GetBucketPolicyStatus";
  pugi::xml_document doc;
  BW_ASSIGN_OR_RETURN(pugi::xml_node root, Root(doc, body, kWhat, {"PolicyStatus"}));
  pugi::xml_node n = Child(root, "IsPublic");
  if (!n) return InvalidInput(std::string(kWhat) + ": <PolicyStatus> has no <IsPublic>");
  return ParseBool(n, kWhat);
}

Result<CallerIdentity> ParseGetCallerIdentity(std::string_view body) {
  constexpr std::string_view kWhat = "STS GetCallerIdentity";
  pugi::xml_document doc;
  BW_ASSIGN_OR_RETURN(pugi::xml_node root, Root(doc, body, kWhat, {"GetCallerIdentityResponse"}));
  pugi::xml_node result = Child(root, "GetCallerIdentityResult");
  CallerIdentity id{TextOf(result, "Account"), TextOf(result, "Arn"), TextOf(result, "UserId")};
  if (!IsAccountId(id.account)) {
    return InvalidInput(std::string(kWhat) + ": <Account> is \"" + id.account.substr(0, 40) +
                        "\"; expected a 12-digit account id");
  }
  return id;
}

Result<Credentials> ParseAssumeRoleCredentials(std::string_view body) {
  constexpr std::string_view kWhat = "STS AssumeRole";
  pugi::xml_document doc;
  BW_ASSIGN_OR_RETURN(pugi::xml_node root,
                      Root(doc, body, kWhat, {"AssumeRoleResponse", "AssumeRoleWithWebIdentityResponse"}));
  pugi::xml_node result = Child(root, "AssumeRoleResult");
  if (!result) result = Child(root, "AssumeRoleWithWebIdentityResult");
  pugi::xml_node c = Child(result, "Credentials");
  Credentials creds;
  creds.access_key_id = TextOf(c, "AccessKeyId");
  creds.secret_access_key = TextOf(c, "SecretAccessKey");
  creds.session_token = TextOf(c, "SessionToken");
  if (creds.access_key_id.empty() || creds.secret_access_key.empty() || creds.session_token.empty()) {
    return InvalidInput(std::string(kWhat) + ": <Credentials> lacks AccessKeyId, SecretAccessKey or SessionToken");
  }
  std::string expiration = TextOf(c, "Expiration");
  auto t = ParseIso8601(expiration);
  if (!t.ok()) return InvalidInput(std::string(kWhat) + ": <Expiration>: " + t.status().message());
  creds.expiration = *t;
  creds.account_id = AccountOfArn(TextOf(Child(result, "AssumedRoleUser"), "Arn"));
  return creds;
}

}  // namespace bucketwatch::aws
