// The access settings one Terraform resource sets, read from its planned or
// recorded values: aws_s3_bucket_public_access_block and
// aws_s3_account_public_access_block (the four flags),
// aws_s3_bucket_ownership_controls, aws_s3_bucket_acl (acl or
// access_control_policy), aws_s3_bucket_policy, and the legacy acl, grant
// and policy arguments of aws_s3_bucket. A value not known until apply
// makes the setting unknown; a value of the wrong shape is an error (added
// to `errors`, naming the JSON pointer) and leaves the setting unknown.
#ifndef BUCKETWATCH_CHECK_TF_SETTINGS_H_
#define BUCKETWATCH_CHECK_TF_SETTINGS_H_

#include <string>
#include <vector>

#include "base/json.h"
#include "check/tf_document.h"
#include "exposure/snapshot.h"

namespace bucketwatch::check {

exposure::Part<exposure::BlockPublicAccess> ReadTfBlockPublicAccess(const TfResource& r, std::vector<Status>& errors);
exposure::Part<exposure::ObjectOwnership> ReadTfOwnership(const TfResource& r, std::vector<Status>& errors);

struct TfAcl {
  bool set = false;      // the resource sets the ACL (else acl is absent)
  std::string canned;    // the canned ACL, when that is how it is set
  bool granted = false;  // set as a list of grants
  exposure::Part<exposure::Acl> acl;
};
// aws_s3_bucket_acl: `acl`, or the grants of `access_control_policy`.
TfAcl ReadTfAclResource(const TfResource& r, std::vector<Status>& errors);
// aws_s3_bucket's legacy `grant` blocks or `acl`; a computed value the
// configuration does not set is not set.
TfAcl ReadTfBucketAcl(const TfResource& bucket, std::vector<Status>& errors);

struct TfPolicy {
  bool set = false;  // the resource sets a policy (known or not)
  std::string text;  // when known
  exposure::Part<exposure::Policy> policy;
};
// The `policy` argument (of aws_s3_bucket_policy, or aws_s3_bucket's legacy
// one). `computed_is_unset`: an unknown value the configuration does not set
// is the provider's computed attribute, not a policy.
TfPolicy ReadTfPolicy(const TfResource& r, bool computed_is_unset, json::Parser& parser);

}  // namespace bucketwatch::check

#endif  // BUCKETWATCH_CHECK_TF_SETTINGS_H_
