// IAM-style wildcard patterns: '*' matches any run of characters (including
// none, and including '/' and ':'), '?' matches exactly one character. Used
// for Action, Resource and condition values. See the IAM User Guide, "IAM JSON
// policy elements: Resource" and "...: Action".
//
// Besides matching, the evaluator needs to reason about patterns as sets:
// which object keys a Resource pattern covers within one bucket, whether one
// pattern covers all of another (a Deny cancelling an Allow), and whether two
// patterns share any string.
#ifndef BUCKETWATCH_EXPOSURE_GLOB_H_
#define BUCKETWATCH_EXPOSURE_GLOB_H_

#include <cstddef>
#include <string_view>
#include <vector>

namespace bucketwatch::exposure {

bool GlobMatch(std::string_view pattern, std::string_view text, bool case_insensitive = false);

// Position of the first '*' or '?', or npos. (A plain loop: libstdc++'s
// find_first_of calls memchr once per character.)
size_t FirstWildcard(std::string_view pattern);
// True when the pattern has '*' or '?'.
inline bool HasWildcard(std::string_view pattern) { return FirstWildcard(pattern) != std::string_view::npos; }

// After a pattern has matched `prefix`, what may follow: the set of suffixes
// pattern.substr(k) such that pattern matches prefix+x exactly when one of them
// matches x. Returned as offsets into the pattern (no allocation beyond the
// vector), sorted and unique. Empty: no string that starts with prefix matches.
void Residuals(std::string_view pattern, std::string_view prefix, std::vector<size_t>& out);

// True when the pattern matches the empty string (it is all '*').
bool MatchesEmpty(std::string_view pattern);

// True only when every string `inner` matches is also matched by `outer`.
// Sound, not complete: a false answer may mean "could not prove it", which is
// the cautious answer wherever this is used (a Deny is believed to cancel an
// Allow only when it certainly does).
bool GlobContains(std::string_view outer, std::string_view inner);

// True when some string is matched by both patterns.
bool GlobIntersects(std::string_view a, std::string_view b);

}  // namespace bucketwatch::exposure

#endif  // BUCKETWATCH_EXPOSURE_GLOB_H_
