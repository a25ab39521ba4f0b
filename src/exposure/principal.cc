#include "exposure/principal.h"

#include <algorithm>
#include <cctype>

#include "base/aws_names.h"
#include "exposure/glob.h"

namespace bucketwatch::exposure {
namespace {

bool StartsWith(std::string_view s, std::string_view p) { return s.substr(0, p.size()) == p; }

// Web identity providers that anyone can sign in to ([S3-PUB] gives the
// Facebook statement as its first public example; IAM User Guide, "OIDC
// federation" lists the others).
bool IsWebIdentityProvider(std::string_view v) {
  return v == "graph.facebook.com" || v == "accounts.google.com" || v == "www.amazon.com" ||
         v == "cognito-identity.amazonaws.com" || v == "appleid.apple.com";
}

}  // namespace

bool IsUnbounded(PrincipalKind kind) {
  return kind == PrincipalKind::kEveryone || kind == PrincipalKind::kAnyService ||
         kind == PrincipalKind::kWebIdentityProvider || kind == PrincipalKind::kWildcardArn ||
         kind == PrincipalKind::kUnrecognised;
}

Principal ClassifyPrincipal(std::string_view type, std::string_view value) {
  Principal p;
  p.type = std::string(type);
  p.value = std::string(value);
  if (type == "AWS" || type == "*") {
    if (value == "*") {
      p.kind = PrincipalKind::kEveryone;
      return p;
    }
    if (IsAccountId(value)) {
      p.kind = PrincipalKind::kAccount;
      p.account = std::string(value);
      return p;
    }
    if (StartsWith(value, "arn:")) {
      // arn:partition:iam::account:resource, or arn:aws:sts::account:assumed-role/...
      std::string_view rest = value;
      std::string_view fields[6];
      for (int i = 0; i < 5; ++i) {
        size_t colon = rest.find(':');
        if (colon == std::string_view::npos) {
          p.kind = PrincipalKind::kUnrecognised;
          return p;
        }
        fields[i] = rest.substr(0, colon);
        rest.remove_prefix(colon + 1);
      }
      fields[5] = rest;
      if (fields[4] == "cloudfront" && StartsWith(fields[5], "user/CloudFront Origin Access Identity")) {
        p.kind = PrincipalKind::kCloudFrontOai;
        return p;
      }
      if (HasWildcard(value)) {
        // "You cannot use a wildcard to match part of a principal name or ARN"
        // [IAM-PRIN]. With a fixed account it can reach no further than that
        // account; otherwise any account.
        p.kind = IsAccountId(fields[4]) ? PrincipalKind::kIamPrincipal : PrincipalKind::kWildcardArn;
        if (IsAccountId(fields[4])) p.account = std::string(fields[4]);
        return p;
      }
      if ((fields[2] == "iam" || fields[2] == "sts") && IsAccountId(fields[4])) {
        p.account = std::string(fields[4]);
        p.kind = fields[5] == "root" ? PrincipalKind::kAccount : PrincipalKind::kIamPrincipal;
        return p;
      }
    }
    // A unique id (AROA..., AIDA...) appears when the named role or user was
    // deleted: it denotes one, unknown, principal.
    if (value.size() > 4 && (StartsWith(value, "AROA") || StartsWith(value, "AIDA"))) {
      p.kind = PrincipalKind::kIamPrincipal;
      return p;
    }
    p.kind = PrincipalKind::kUnrecognised;
    return p;
  }
  if (type == "CanonicalUser") {
    p.kind = value == "*" ? PrincipalKind::kEveryone : PrincipalKind::kCanonicalUser;
    return p;
  }
  if (type == "Service") {
    p.kind = value == "*" ? PrincipalKind::kAnyService : PrincipalKind::kService;
    return p;
  }
  if (type == "Federated") {
    if (IsWebIdentityProvider(value) || value == "*") {
      p.kind = PrincipalKind::kWebIdentityProvider;
      return p;
    }
    if (StartsWith(value, "arn:")) {
      // arn:aws:iam::account:saml-provider/x or oidc-provider/x: the account's own IdP.
      std::string_view rest = value;
      for (int i = 0; i < 4; ++i) rest.remove_prefix(std::min(rest.size(), rest.find(':') + 1));
      std::string_view account = rest.substr(0, rest.find(':'));
      if (IsAccountId(account)) {
        p.kind = PrincipalKind::kAccountIdentityProvider;
        p.account = std::string(account);
        return p;
      }
    }
    // Any other OIDC provider host: anyone who can sign in there.
    p.kind = PrincipalKind::kWebIdentityProvider;
    return p;
  }
  p.kind = PrincipalKind::kUnrecognised;
  return p;
}

}  // namespace bucketwatch::exposure
