// What a scan found, kept compact: one BucketResult per bucket (the verdict
// reduced to what reports, alerts and Security Hub need; snapshots are not
// kept), one AccountResult per account, and the counts of the summary line.
// A scan of 10,000 buckets holds these and nothing else per bucket.
#ifndef BUCKETWATCH_SCAN_RESULT_H_
#define BUCKETWATCH_SCAN_RESULT_H_

#include <array>
#include <chrono>
#include <deque>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "exposure/access.h"
#include "exposure/finding_words.h"
#include "exposure/verdict.h"

namespace bucketwatch::scan {

// Where a bucket stands, most urgent first (the order of the report).
enum class Standing : uint8_t {
  kPublic,         // open to anyone, or any AWS user, beyond what the allow-list permits
  kUnknown,        // some access could not be judged and might be public
  kError,          // the bucket could not be read at all (deleted during the scan, credentials refused)
  kPublicAllowed,  // public only as an unexpired allow-list entry permits
  kCrossAccount,   // shared with named other accounts; not public
  kPrivate,        // nobody outside the account
};
// "public", "unknown", "error", "public_allowed", "cross_account", "private".
std::string_view StandingName(Standing standing);

// The allow-list entry that matched a bucket.
struct Allowance {
  std::string reason;
  std::string expires;  // "2027-03-31" as written; empty: never
  bool expired = false;
  exposure::AccessMask access = 0;  // the kinds of access it lets be public
  std::string where;                // "allow.toml:12"
};

// S3's own GetBucketPolicyStatus against our verdict on the policy alone.
struct CrossCheck {
  bool compared = false;
  std::optional<bool> aws_is_public;  // nullopt: S3 says there is no policy
  std::optional<bool> ours;           // nullopt: we saw no policy
  std::string not_compared;           // why, when !compared
  bool Disagrees() const { return compared && aws_is_public.value_or(false) != ours.value_or(false); }
};

// A setting of the bucket that could not be read, and why.
struct UnreadPart {
  std::string part;  // "policy", "acl", "public_access_block", "ownership"
  std::string reason;
};

struct BucketResult {
  std::string account;  // the owner's id; may be empty when it could not be learnt
  std::string bucket;
  std::string region;
  Standing standing = Standing::kPrivate;

  std::array<exposure::Scope, exposure::kAccessKindCount> access{};
  exposure::AccessMask unknown = 0;  // kinds that might be public but could not be judged
  exposure::WhoMask who = 0;
  bool public_read = false;
  bool public_write = false;
  bool cross_account = false;
  std::optional<bool> policy_is_public;

  std::vector<exposure::Cause> causes;    // in force; empty for private buckets
  std::vector<std::string> cannot_judge;  // the evaluator's reasons
  std::vector<UnreadPart> unread;         // settings that could not be read
  std::string error;                      // kError: what went wrong
  std::optional<Allowance> allowance;     // the allow-list entry that matched
  std::optional<CrossCheck> cross_check;  // with --cross-check
  std::string verdict_json;               // DESIGN.md's verdict as one line of JSON (JSON formats only)
  std::string captured_at;

  exposure::Scope Access(exposure::AccessKind kind) const { return access[static_cast<size_t>(kind)]; }
  // Kinds of access open to the public or to any AWS user.
  exposure::AccessMask PublicMask() const;
  exposure::Scope Widest() const;
};

// Decides the standing from the verdict fields, the error and the allowance:
// public beyond the allowance > unknown beyond it > public as allowed >
// cross-account > private. An expired allowance allows nothing.
Standing Classify(const BucketResult& result);

struct AccountResult {
  std::string account_id;          // as far as known (role ARN, Organizations, STS)
  std::string name;                // Organizations' name, when listed from there
  std::string role_arn;            // empty: the credentials bucketwatch runs with
  std::string error;               // non-empty: the account could not be scanned
  std::string skipped;             // non-empty: deliberately not scanned (a suspended account), and why
  size_t buckets = 0;              // listed
  std::string account_bpa_unread;  // why the account-level Block Public Access could not be read

  bool failed() const { return !error.empty(); }
};

struct Summary {
  size_t accounts = 0;
  size_t account_errors = 0;
  size_t accounts_skipped = 0;
  size_t scanned = 0;  // buckets listed
  size_t public_buckets = 0;
  size_t allowed = 0;
  size_t cross_account = 0;
  size_t unknown = 0;
  size_t errors = 0;  // buckets that could not be read at all
  size_t private_buckets = 0;
  bool cross_checked = false;
  size_t disagreements = 0;
  size_t expired_allowances = 0;
  std::chrono::milliseconds elapsed{0};
  size_t requests = 0;  // HTTP requests sent, retries included
};
// A deque, not a vector: it grows page by page without copying what it
// holds, so a scan never has two copies of its results at once.
using BucketResults = std::deque<BucketResult>;

Summary Summarize(const std::vector<AccountResult>& accounts, const BucketResults& buckets);

struct ScanReport {
  std::vector<AccountResult> accounts;
  BucketResults buckets;  // account by account, in listing order
  Summary summary;
  std::vector<std::string> silent_regions;  // "region/service: last failure", still silent at the end
  std::string finished_at;                  // RFC 3339
};

}  // namespace bucketwatch::scan

#endif  // BUCKETWATCH_SCAN_RESULT_H_
