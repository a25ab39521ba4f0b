// What `bucketwatch check` prints (docs/check.md): the verdicts of the
// buckets templates and plans would create, in text (the `eval` table, then
// where each bucket is defined and whether it would deploy), JSON, JSON Lines
// or SARIF, with the allow-list's say on each (scan's rule: public only as
// an unexpired entry permits is not an exposure).
#ifndef BUCKETWATCH_REPORT_CHECK_REPORT_H_
#define BUCKETWATCH_REPORT_CHECK_REPORT_H_

#include <optional>
#include <ostream>
#include <string_view>
#include <vector>

#include "check/judge.h"
#include "scan/allow_list.h"
#include "scan/result.h"

namespace bucketwatch::report {

// A bucket's allow-list entry (--allow) and where it leaves the bucket.
struct Allowed {
  std::optional<scan::Allowance> allowance;
  scan::Standing standing = scan::Standing::kPrivate;
};

// The allow-list entry for each bucket, by its name or else by its logical
// id or address; `allow` may be null.
std::vector<Allowed> ApplyAllowList(const std::vector<check::CheckedBucket>& checked, const scan::AllowList* allow);

// `format`: text, json, jsonl or sarif; `allowed` as ApplyAllowList made it.
void WriteCheckReport(std::ostream& out, std::string_view format, const std::vector<check::CheckedBucket>& checked,
                      const std::vector<Allowed>& allowed);

}  // namespace bucketwatch::report

#endif  // BUCKETWATCH_REPORT_CHECK_REPORT_H_
