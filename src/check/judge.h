// Judging planned buckets with the evaluator, as `eval` does, plus what only
// a deployment can tell: whether S3 would refuse the input (docs/check.md).
#ifndef BUCKETWATCH_CHECK_JUDGE_H_
#define BUCKETWATCH_CHECK_JUDGE_H_

#include <string>
#include <vector>

#include "check/planned.h"
#include "exposure/verdict.h"

namespace bucketwatch::check {

struct CheckedBucket {
  PlannedBucket planned;  // of the variant judged broadest
  exposure::Verdict verdict;
  // Empty when the input would deploy; else "would fail to deploy: why".
  // The verdict is then that of the bucket without the refused ACL or policy.
  std::string deploy;
  std::string conditions;  // the condition values this verdict assumes ("IsPublic=true"), when any varied
};

// What S3 would refuse of what the input asks for a bucket it creates, and
// why. `verdict` is the bucket judged as written.
struct Refusals {
  bool acl = false;     // the canned ACL
  bool policy = false;  // the bucket policy
  std::vector<std::string> reasons;
};
Refusals DeployRefusals(const PlannedBucket& bucket, const exposure::Verdict& verdict);

// Each bucket of the input once, judged under every combination of unknown
// conditions; the broadest verdict wins. One judge for every kind of input.
// Takes the input by value: its buckets move into the result.
std::vector<CheckedBucket> Judge(TemplateVariants input);

}  // namespace bucketwatch::check

#endif  // BUCKETWATCH_CHECK_JUDGE_H_
