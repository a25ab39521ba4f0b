// `check --format sarif`: the checked buckets as a SARIF 2.1.0 log, the
// form GitHub code scanning and other CI tools read
// (https://docs.oasis-open.org/sarif/sarif/v2.1.0/sarif-v2.1.0.html). One
// rule per kind of access; one result per bucket and kind that is public
// (level error) or could be and cannot be judged (warning), at the file and
// line of the statement, grant or resource (CloudFormation) or at the file
// with the resource address as a logical location (Terraform).
#ifndef BUCKETWATCH_CHECK_SARIF_H_
#define BUCKETWATCH_CHECK_SARIF_H_

#include <nlohmann/json.hpp>

#include <string>
#include <vector>

#include "check/judge.h"

namespace bucketwatch::check {

// Kinds of access a bucket is meant to have public (an allow-list entry),
// and why: their results are kept, marked suppressed, so code scanning
// does not raise them.
struct Suppression {
  exposure::AccessMask access = 0;
  std::string justification;
};

// `suppressions` is empty or parallel to `checked`.
nlohmann::ordered_json SarifLog(const std::vector<CheckedBucket>& checked,
                                const std::vector<Suppression>& suppressions = {});

}  // namespace bucketwatch::check

#endif  // BUCKETWATCH_CHECK_SARIF_H_
