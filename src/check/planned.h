// A bucket as a template or plan would leave it: its Snapshot, where it is
// defined, and whether the input creates it (then S3's defaults for new
// buckets fill what the input leaves out: docs/check.md).
#ifndef BUCKETWATCH_CHECK_PLANNED_H_
#define BUCKETWATCH_CHECK_PLANNED_H_

#include <string>
#include <vector>

#include "base/status.h"
#include "exposure/snapshot.h"

namespace bucketwatch::check {

struct PlannedBucket {
  std::string resource;  // logical id (CloudFormation)
  std::string file;
  int line = 0;                 // of the resource; 0 when the bucket is not defined in the input
  bool created = false;         // the input creates the bucket
  std::string name_value;       // BucketName as resolved, unknown marks and all (check/cfn_values.h)
  std::string canned_acl;       // as written (AccessControl), empty when none
  std::string policy_resource;  // the policy's logical id, when there is one
  int policy_line = 0;
  std::vector<int> statement_lines;  // line of each policy statement
  exposure::Snapshot snapshot;
};

// Everything read from one input: the buckets, and errors that name the
// line (the buckets they do not concern are still there).
struct PlannedInput {
  std::vector<PlannedBucket> buckets;
  std::vector<Status> errors;
};

// What to assume where the input is silent.
struct Assumptions {
  std::string account_id;  // --account-id
  exposure::Part<exposure::BlockPublicAccess> account_bpa = exposure::Part<exposure::BlockPublicAccess>::Absent();
  std::vector<std::pair<std::string, std::string>> parameters;  // --parameter KEY=VALUE
};

}  // namespace bucketwatch::check

#endif  // BUCKETWATCH_CHECK_PLANNED_H_
