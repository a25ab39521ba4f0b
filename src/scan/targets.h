// Which accounts a scan covers and how it gets into each: the credentials
// bucketwatch runs with, or a role assumed in each account (--role-arn,
// an accounts file of "account_id role_name" lines, or every active
// account of an AWS Organization with --organization ROLE_NAME).
#ifndef BUCKETWATCH_SCAN_TARGETS_H_
#define BUCKETWATCH_SCAN_TARGETS_H_

#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "aws/aws_context.h"
#include "aws/json_responses.h"
#include "base/status.h"

namespace bucketwatch::scan {

struct AccountTarget {
  std::string account_id;   // as far as known beforehand; empty: learnt while scanning
  std::string name;         // Organizations' account name, when listed from there
  std::string role_arn;     // empty: scan with the credentials bucketwatch runs with
  std::string external_id;  // sent with AssumeRole when set
  std::string skip_reason;  // non-empty: not scanned (a suspended account), reported as such
  // Made beforehand (a member role's credentials kept across events): used
  // as it is, instead of assuming role_arn.
  std::shared_ptr<aws::AwsContext> context;
};

// "arn:aws:iam::123456789012:role/Name" -> a target for account 123456789012.
// Fails when the text is not an IAM role ARN.
Result<AccountTarget> TargetForRoleArn(std::string_view arn);

// An accounts file: one "account_id role_name" per line; blank lines and
// '#' comments are ignored. Errors name the line.
Result<std::vector<AccountTarget>> ParseAccountsFile(std::string_view text, const std::string& source,
                                                     std::string_view region);
Result<std::vector<AccountTarget>> LoadAccountsFile(const std::string& path, std::string_view region);

// Targets for an organization's accounts: `role_name` in each, except the
// account whose credentials run the scan (`own_account`), which is scanned
// with them directly. Accounts that are not ACTIVE are kept as skipped
// targets so that the report says so.
std::vector<AccountTarget> TargetsForOrganization(const std::vector<aws::OrganizationAccount>& accounts,
                                                  std::string_view role_name, std::string_view own_account,
                                                  std::string_view region);

// Drops repeated accounts (the same account id, or the same role), keeping the first.
std::vector<AccountTarget> WithoutDuplicates(std::vector<AccountTarget> targets);

}  // namespace bucketwatch::scan

#endif  // BUCKETWATCH_SCAN_TARGETS_H_
