// The kinds of access a verdict speaks about, and who can have them.
#ifndef BUCKETWATCH_EXPOSURE_ACCESS_H_
#define BUCKETWATCH_EXPOSURE_ACCESS_H_

#include <array>
#include <cstdint>
#include <string_view>

#include "base/json_writer.h"

namespace bucketwatch::exposure {

// What a grant lets someone do to the bucket. Mapping of S3 actions and ACL
// permissions to these follows docs/sources.md, "S3 actions and access kinds" (Service
// Authorization Reference access levels; S3 User Guide "Access control list
// (ACL) overview", permissions table).
enum class AccessKind : uint8_t {
  kRead,          // read object data
  kList,          // list the bucket's objects
  kWrite,         // write or delete objects
  kReadAcp,       // read the ACL / policy / access settings
  kWriteAcp,      // change the ACL / policy / access settings
  kBucketConfig,  // other bucket configuration (location, website, lifecycle, ...)
};
inline constexpr int kAccessKindCount = 6;
inline constexpr std::array<AccessKind, kAccessKindCount> kAllAccessKinds = {
    AccessKind::kRead,    AccessKind::kList,     AccessKind::kWrite,
    AccessKind::kReadAcp, AccessKind::kWriteAcp, AccessKind::kBucketConfig};

// Bit set of AccessKind.
using AccessMask = uint8_t;
constexpr AccessMask Bit(AccessKind kind) { return static_cast<AccessMask>(1u << static_cast<int>(kind)); }
constexpr bool Has(AccessMask mask, AccessKind kind) { return (mask & Bit(kind)) != 0; }

// Snake-case names used in JSON output: "read", "list", "write", "read_acp", ...
// The ...Plain functions give the same names as json::Plain, for writers
// that copy them without a look at their bytes (every verdict has a dozen).
json::Plain AccessKindPlain(AccessKind kind);
inline std::string_view AccessKindName(AccessKind kind) { return AccessKindPlain(kind).text(); }
// Words for people: "read objects", "list objects", ...
std::string_view AccessKindDescription(AccessKind kind);

// How far outside the owner an access reaches, in increasing breadth.
enum class Scope : uint8_t {
  kNone,           // nobody outside the owner account (and AWS services acting for it)
  kCrossAccount,   // named other accounts, organizations or principals
  kAuthenticated,  // any authenticated AWS principal or AWS service
  kPublic,         // anyone on the internet (anonymous or any web-identity login)
};
json::Plain ScopePlain(Scope scope);  // "none", "cross-account", "authenticated", "public"
inline std::string_view ScopeName(Scope scope) { return ScopePlain(scope).text(); }

// Who "the public" is: docs/sources.md, "Principals and who the public is".
enum class Who : uint8_t {
  kAnonymous,             // anyone, signed or not
  kAnyAuthenticatedAws,   // any AWS account's principals
  kFederatedWebIdentity,  // anyone who can sign in with a web identity provider
  kAnyAwsService,         // any AWS service principal, for any customer
};
using WhoMask = uint8_t;
constexpr WhoMask Bit(Who who) { return static_cast<WhoMask>(1u << static_cast<int>(who)); }
json::Plain WhoPlain(Who who);  // "anonymous", "any_authenticated_aws", ...
inline std::string_view WhoName(Who who) { return WhoPlain(who).text(); }
Scope ScopeOf(Who who);

}  // namespace bucketwatch::exposure

#endif  // BUCKETWATCH_EXPOSURE_ACCESS_H_
