// The allow-list: buckets that are meant to be public (static websites,
// public datasets), each with the reason and, optionally, the date after
// which it must be looked at again. A TOML file (docs/scan.md):
//
//   [[allow]]
//   bucket  = "www.example.com"      # or a pattern: "public-assets-*" (* and ?)
//   account = "111122223333"         # optional: only in this account
//   reason  = "static website behind CloudFront"
//   expires = 2027-03-31             # optional: allowed through that day (UTC)
//   access  = ["read"]               # optional, default ["read"]: what may be public
//
// A bucket public in a way its entry does not list is reported and alerted
// as usual; an expired entry allows nothing (the bucket alerts again). When
// several entries match, the most specific wins: an exact name over a
// pattern, then an entry for the account over one for any account, then the
// first in the file. Unknown keys, a missing reason, a bad date or access
// name, and two entries for the same bucket and account are errors that
// name the line.
#ifndef BUCKETWATCH_SCAN_ALLOW_LIST_H_
#define BUCKETWATCH_SCAN_ALLOW_LIST_H_

#include <chrono>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "base/status.h"
#include "exposure/access.h"
#include "scan/result.h"

namespace bucketwatch::scan {

using Clock = std::chrono::system_clock;

struct AllowEntry {
  std::string bucket;   // a name, or a pattern with * and ?
  std::string account;  // empty: any account
  std::string reason;
  std::string expires;                     // as written, "2027-03-31"; empty: never
  std::optional<Clock::time_point> until;  // the first instant it no longer applies
  exposure::AccessMask access = exposure::Bit(exposure::AccessKind::kRead);
  int line = 0;
};

class AllowList {
 public:
  // Parses the TOML text; `source` names it in errors ("allow.toml").
  static Result<AllowList> Parse(std::string_view text, std::string source);
  static Result<AllowList> Load(const std::string& path);

  // The entry for the bucket, judged at `now`; nullopt when none matches.
  std::optional<Allowance> Match(std::string_view account, std::string_view bucket, Clock::time_point now) const;

  const std::vector<AllowEntry>& entries() const { return entries_; }
  const std::string& source() const { return source_; }

 private:
  std::vector<AllowEntry> entries_;
  std::string source_;
};

}  // namespace bucketwatch::scan

#endif  // BUCKETWATCH_SCAN_ALLOW_LIST_H_
