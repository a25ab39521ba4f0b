// A principal named in a policy's Principal or NotPrincipal element, and
// what kind of caller it stands for (IAM User Guide, "AWS JSON policy
// elements: Principal"; docs/sources.md, "Principals and who the public is").
#ifndef BUCKETWATCH_EXPOSURE_PRINCIPAL_H_
#define BUCKETWATCH_EXPOSURE_PRINCIPAL_H_

#include <string>
#include <string_view>

namespace bucketwatch::exposure {

enum class PrincipalKind : uint8_t {
  kEveryone,                 // "*" or {"AWS": "*"}: anyone, including anonymous callers
  kAccount,                  // "123456789012" or arn:aws:iam::123456789012:root
  kIamPrincipal,             // a role, user, assumed-role session ... of one account
  kCanonicalUser,            // {"CanonicalUser": "<64 hex>"}: one account
  kCloudFrontOai,            // arn:aws:iam::cloudfront:user/CloudFront Origin Access Identity ...
  kService,                  // {"Service": "cloudtrail.amazonaws.com"}
  kAnyService,               // {"Service": "*"}
  kWebIdentityProvider,      // {"Federated": "graph.facebook.com"}: anyone who signs in there
  kAccountIdentityProvider,  // {"Federated": "arn:aws:iam::1234...:saml-provider/x"}
  kWildcardArn,              // an ARN with a wildcard inside: S3 rejects it; "any account" if judged
  kUnrecognised,             // something else; judged as everyone
};

struct Principal {
  PrincipalKind kind = PrincipalKind::kEveryone;
  std::string type;     // "AWS", "Service", "Federated", "CanonicalUser", or "*" for the bare string
  std::string value;    // as written
  std::string account;  // for kinds tied to one account: its id; else empty
};

// Classifies one value of a Principal element of the given type.
Principal ClassifyPrincipal(std::string_view type, std::string_view value);

// True for kinds that any member of the public can be.
bool IsUnbounded(PrincipalKind kind);

}  // namespace bucketwatch::exposure

#endif  // BUCKETWATCH_EXPOSURE_PRINCIPAL_H_
