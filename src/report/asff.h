// A scan's buckets as AWS Security Finding Format findings, for AWS Security
// Hub's BatchImportFindings (`aws securityhub batch-import-findings
// --findings file://...`, at most 100 a call). Field rules from the Security
// Hub User Guide, "Required top-level ASFF attributes"
// (https://docs.aws.amazon.com/securityhub/latest/userguide/asff-required-attributes.html),
// and the API Reference for BatchImportFindings
// (https://docs.aws.amazon.com/securityhub/1.0/APIReference/API_BatchImportFindings.html):
//
//  * one finding per bucket, with a stable Id ("bucketwatch/s3-public-access/
//    <account>/<bucket>"), so that the next scan updates it: a bucket that is
//    fixed turns PASSED, a deleted one ARCHIVED;
//  * ProductArn is the account's default product,
//    arn:<partition>:securityhub:<region>:<account>:product/<account>/default,
//    and with it BatchImportFindings must be called from the finding's own
//    account (AwsAccountId) in <region>: the scan's region;
//  * Severity and Types are given at the top level (required) and again in
//    FindingProviderFields, the only place a provider may update them;
//  * Title is at most 256 characters, Description 1024, Remediation text 512:
//    longer text is cut at a UTF-8 boundary with "…".
//
// Mapping (docs/scan.md): public -> FAILED, CRITICAL when anyone can write
// or change the ACL/policy, else HIGH; could not judge -> WARNING, MEDIUM;
// could not read -> NOT_AVAILABLE, INFORMATIONAL (ARCHIVED when the bucket
// no longer exists); public as allowed, cross-account, private -> PASSED,
// INFORMATIONAL.
#ifndef BUCKETWATCH_REPORT_ASFF_H_
#define BUCKETWATCH_REPORT_ASFF_H_

#include <nlohmann/json.hpp>

#include <ostream>
#include <string>
#include <vector>

#include "scan/result.h"

namespace bucketwatch::report {

struct AsffOptions {
  std::string region;  // where the findings are imported (the scan's region)
  std::string time;    // CreatedAt / UpdatedAt, RFC 3339
};

// Cuts `text` to at most `max_chars` characters (code points), ending in "…" when cut.
std::string TruncateUtf8(std::string_view text, size_t max_chars);

// Nullopt when the bucket's account is unknown (AwsAccountId is required).
std::optional<nlohmann::ordered_json> AsffFinding(const scan::BucketResult& bucket, const AsffOptions& options);

// A JSON array of findings, one a line. Buckets whose account is unknown
// are left out and named in `left_out`.
void WriteAsff(std::ostream& out, const scan::ScanReport& report, const AsffOptions& options,
               std::vector<std::string>* left_out);

}  // namespace bucketwatch::report

#endif  // BUCKETWATCH_REPORT_ASFF_H_
