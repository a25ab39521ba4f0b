// A bucket's access control list, read from any of the shapes users and AWS
// produce: `aws s3api get-bucket-acl` JSON, and AWS Config's
// supplementaryConfiguration.AccessControlList (a JSON string, sometimes a
// string of a string, with "grantList"). S3's XML is read by src/aws and
// CloudTrail's by src/events; both produce this model.
//
// Grantee and permission meanings: S3 User Guide, "Access control list (ACL)
// overview" (docs/sources.md, "Bucket ACLs and Object Ownership").
#ifndef BUCKETWATCH_EXPOSURE_ACL_H_
#define BUCKETWATCH_EXPOSURE_ACL_H_

#include <string>
#include <string_view>
#include <vector>

#include "base/json.h"
#include "base/status.h"
#include "exposure/access.h"

namespace bucketwatch::exposure {

enum class GranteeType : uint8_t {
  kAllUsers,            // http://acs.amazonaws.com/groups/global/AllUsers: anyone
  kAuthenticatedUsers,  // .../global/AuthenticatedUsers: any AWS account
  kLogDelivery,         // .../s3/LogDelivery: S3's log writer
  kOtherGroup,          // a group URI we do not know
  kCanonicalUser,       // one account, by canonical id
  kEmail,               // one account, by e-mail (legacy)
};

enum class AclPermission : uint8_t { kRead, kWrite, kReadAcp, kWriteAcp, kFullControl };

struct Grant {
  GranteeType type = GranteeType::kCanonicalUser;
  std::string id;  // canonical id, e-mail address or group URI
  std::string display_name;
  AclPermission permission = AclPermission::kRead;
};

struct Acl {
  std::string owner_id;
  std::vector<Grant> grants;
};

std::string_view PermissionName(AclPermission p);  // "READ", "WRITE", ...
std::string_view GranteeTypeName(GranteeType t);   // "AllUsers", "CanonicalUser", ...
// What a bucket ACL permission allows on the bucket ([S3-ACL] table):
// READ lists, WRITE writes objects, READ_ACP / WRITE_ACP read / write the ACL,
// FULL_CONTROL all four.
AccessMask AccessOfPermission(AclPermission p);
GranteeType GranteeTypeOfUri(std::string_view uri);

// Reads an ACL in get-bucket-acl JSON or Config form (object or string).
// Errors name the path inside `element`.
Result<Acl> ParseAcl(json::Element element);
// Parses a permission name in either S3 ("READ_ACP") or Config ("ReadAcp") spelling.
bool ParsePermission(std::string_view text, AclPermission& out);

}  // namespace bucketwatch::exposure

#endif  // BUCKETWATCH_EXPOSURE_ACL_H_
