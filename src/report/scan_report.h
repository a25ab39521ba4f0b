// A scan's results rendered for people and machines:
//
//  * text: a table of every bucket, the ones that need attention first
//    (public, could not be judged, could not be read, public as allowed,
//    shared with other accounts, private), then for each bucket that is not
//    private what is open to whom and why (the statement or grant, the
//    principal, the actions, the fix), accounts that could not be scanned,
//    cross-check disagreements, and the summary line;
//  * json: one document {"summary", "accounts", "buckets", "silent_regions"}
//    whose buckets are DESIGN.md's verdicts plus the scan's own fields
//    (standing, allowed, cross_check, unread, error), one bucket a line;
//  * jsonl: the same, one object a line, each with "kind": "bucket",
//    "account" or (last) "summary".
#ifndef BUCKETWATCH_REPORT_SCAN_REPORT_H_
#define BUCKETWATCH_REPORT_SCAN_REPORT_H_

#include <nlohmann/json.hpp>

#include <ostream>
#include <string>

#include "scan/result.h"

namespace bucketwatch::report {

// "PUBLIC", "ANY AWS USER", "UNKNOWN", "ERROR", "ALLOWED", "cross-account", "private".
std::string StandingLabel(const scan::BucketResult& bucket);
// "anyone on the internet can read objects; other accounts can list objects".
std::string BucketSentence(const scan::BucketResult& bucket);
// "10000 buckets scanned in 3 accounts: 2 public, 1 allowed, 5 cross-account, 3 unknown, 1 error; ..."
std::string SummaryLine(const scan::Summary& summary);

void WriteScanText(std::ostream& out, const scan::ScanReport& report);

nlohmann::ordered_json SummaryToJson(const scan::Summary& summary);
nlohmann::ordered_json AccountToJson(const scan::AccountResult& account);
// One bucket as one line of JSON: the verdict (when the bucket was judged
// and its verdict JSON kept) followed by the scan's fields.
std::string BucketJsonLine(const scan::BucketResult& bucket, bool with_kind);

void WriteScanJson(std::ostream& out, const scan::ScanReport& report);
void WriteScanJsonLines(std::ostream& out, const scan::ScanReport& report);

}  // namespace bucketwatch::report

#endif  // BUCKETWATCH_REPORT_SCAN_REPORT_H_
