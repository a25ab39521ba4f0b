// A bucket as a template or plan would leave it: its Snapshot, where it is
// defined, and whether the input creates it (then S3's defaults for new
// buckets fill what the input leaves out: docs/check.md).
#ifndef BUCKETWATCH_CHECK_PLANNED_H_
#define BUCKETWATCH_CHECK_PLANNED_H_

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "base/status.h"
#include "exposure/snapshot.h"

namespace bucketwatch::check {

// Which kind of input a bucket comes from: it decides how messages name
// settings (AccessControl or aws_s3_bucket_acl) and where a bucket is (file
// and line, or file and resource address).
enum class Source : uint8_t { kCloudFormation, kTerraform };

struct PlannedBucket {
  Source source = Source::kCloudFormation;
  std::string resource;  // logical id (CloudFormation) or resource address (Terraform)
  std::string file;
  int line = 0;                 // of the resource; 0 when the bucket is not defined in the input, and in Terraform
  bool created = false;         // the input creates the bucket
  std::string name_value;       // BucketName as resolved, unknown marks and all (check/cfn_values.h)
  std::string canned_acl;       // as written (AccessControl, acl), empty when none
  bool granted_acl = false;     // the input sets the ACL as a list of grants (Terraform)
  std::string acl_resource;     // what sets the ACL, when not the bucket itself (Terraform)
  std::string policy_resource;  // the policy's logical id or address, when there is one
  int policy_line = 0;
  std::vector<int> statement_lines;  // line of each policy statement
  // The account-level Block Public Access is one the input itself sets, in
  // an order not fixed against the bucket's own calls: it refuses nothing
  // for certain, but is in force once applied.
  bool account_bpa_in_input = false;
  // What S3 refuses at a step before the final settings (Terraform applies
  // aws_s3_bucket's own arguments before the resources that reference it);
  // the snapshot is already without it.
  std::vector<std::string> refused;
  exposure::Snapshot snapshot;
};

// Everything read from one input: the buckets, and errors that name the
// line (the buckets they do not concern are still there).
struct PlannedInput {
  std::vector<PlannedBucket> buckets;
  std::vector<Status> errors;
};

// An input read once per combination of the values of conditions that are
// not known before deployment (CloudFormation); other inputs have one.
struct TemplateVariants {
  std::vector<std::string> unknown_conditions;  // the conditions varied, in order
  std::vector<PlannedInput> variants;           // one per combination; bit i = condition i true
  std::vector<Status> errors;                   // each error once, naming file and line
};

// What to assume where the input is silent.
struct Assumptions {
  std::string account_id;  // --account-id
  exposure::Part<exposure::BlockPublicAccess> account_bpa = exposure::Part<exposure::BlockPublicAccess>::Absent();
  std::vector<std::pair<std::string, std::string>> parameters;  // --parameter KEY=VALUE
};

// The canonical id that stands in for the bucket owner's in ACLs built here.
inline constexpr std::string_view kStandInOwner = "bucketwatch-bucket-owner";

// The ACL a canned ACL grants on a bucket (S3 User Guide, "Access control
// list (ACL) overview", Canned ACL), spelt as CloudFormation does
// ("PublicRead") or as S3 and Terraform do ("public-read"); nullopt for a
// name that is not a canned ACL.
std::optional<exposure::Acl> CannedAcl(std::string_view name);

// A canned ACL that grants nothing beyond the owner's full control, which S3
// accepts on a bucket whose ACLs are disabled.
bool OwnerOnlyCannedAcl(std::string_view name);

// Since April 2023 S3 creates every bucket with all four bucket-level Block
// Public Access flags on and Object Ownership BucketOwnerEnforced (docs/check.md,
// "What a new bucket gets"); a new bucket's ACL is the owner's alone.
void ApplyNewBucketDefaults(exposure::Snapshot& snapshot);

// A bucket the input does not define: its Block Public Access, Object
// Ownership and ACL are not known here (`why` says so).
void MarkSettingsUnknown(exposure::Snapshot& snapshot, std::string_view why);

}  // namespace bucketwatch::check

#endif  // BUCKETWATCH_CHECK_PLANNED_H_
