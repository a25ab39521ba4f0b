// Change: a verdict compared with the last one announced for the bucket.
// Only changes are announced (DESIGN.md): the bucket became public, it is
// public in a new way, it can no longer be judged, or it was fixed.
#ifndef BUCKETWATCH_CHANGE_CHANGE_H_
#define BUCKETWATCH_CHANGE_CHANGE_H_

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "change/digest.h"

namespace bucketwatch::change {

enum class ChangeKind : uint8_t {
  kNone,          // nothing a watcher needs to hear
  kBecamePublic,  // was not exposed (or never seen), now is
  kNewlyPublic,   // was exposed, now exposed in a new way (more access, wider, another grant)
  kNarrowed,      // still exposed, but less than before
  kCannotJudge,   // was private (or never seen), now some access cannot be judged
  kFixed,         // was exposed (or unjudgeable), now nothing reaches the public
};
std::string_view ChangeKindName(ChangeKind kind);  // "became_public", "newly_public", ...

struct Change {
  ChangeKind kind = ChangeKind::kNone;
  // Access kinds whose scope widened or that became unknown, and grants in
  // force now that were not before (for "public in a new way").
  exposure::AccessMask widened = 0;
  std::vector<std::string> new_grants;
  std::vector<std::string> gone_grants;

  // Should it be sent? kNarrowed and kNone are recorded, not announced.
  bool Announce() const { return kind != ChangeKind::kNone && kind != ChangeKind::kNarrowed; }
};

// `previous` is the digest last recorded for the bucket, if any.
Change Compare(const std::optional<Digest>& previous, const Digest& current);

}  // namespace bucketwatch::change

#endif  // BUCKETWATCH_CHANGE_CHANGE_H_
