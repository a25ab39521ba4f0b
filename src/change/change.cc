#include "change/change.h"

#include <algorithm>
#include <iterator>

namespace bucketwatch::change {

std::string_view ChangeKindName(ChangeKind kind) {
  switch (kind) {
    case ChangeKind::kNone: return "none";
    case ChangeKind::kBecamePublic: return "became_public";
    case ChangeKind::kNewlyPublic: return "newly_public";
    case ChangeKind::kNarrowed: return "narrowed";
    case ChangeKind::kCannotJudge: return "cannot_judge";
    case ChangeKind::kFixed: return "fixed";
  }
  return "none";
}

namespace {

// "policy Statement[0] * read,write" -> "policy Statement[0] *": which grant,
// without what it allows.
std::string_view GrantKey(std::string_view line) { return line.substr(0, line.rfind(' ')); }

// True when a grant in `added` comes from a statement or ACL grant (and
// principal) that granted nothing public before; a known grant that now
// allows less is not news.
bool AddsAGrant(const Digest& before, const std::vector<std::string>& added) {
  return std::any_of(added.begin(), added.end(), [&before](const std::string& line) {
    return std::none_of(before.grants.begin(), before.grants.end(),
                        [&line](const std::string& old) { return GrantKey(old) == GrantKey(line); });
  });
}

}  // namespace

Change Compare(const std::optional<Digest>& previous, const Digest& current) {
  Change c;
  const Digest empty;
  const Digest& before = previous ? *previous : empty;
  for (exposure::AccessKind kind : exposure::kAllAccessKinds) {
    size_t i = static_cast<size_t>(kind);
    bool was_unknown = exposure::Has(before.unknown_access, kind);
    bool is_unknown = exposure::Has(current.unknown_access, kind);
    if (current.access[i] > before.access[i] && current.access[i] >= exposure::Scope::kAuthenticated) {
      c.widened |= exposure::Bit(kind);
    }
    if (is_unknown && !was_unknown) c.widened |= exposure::Bit(kind);
  }
  std::set_difference(current.grants.begin(), current.grants.end(), before.grants.begin(), before.grants.end(),
                      std::back_inserter(c.new_grants));
  std::set_difference(before.grants.begin(), before.grants.end(), current.grants.begin(), current.grants.end(),
                      std::back_inserter(c.gone_grants));

  auto known_public = [](const Digest& d) {
    return std::any_of(d.access.begin(), d.access.end(),
                       [](exposure::Scope s) { return s >= exposure::Scope::kAuthenticated; });
  };
  const bool was_known_public = known_public(before);
  const bool is_known_public = known_public(current);
  if (!current.exposed) {
    c.kind = before.exposed ? ChangeKind::kFixed : ChangeKind::kNone;
  } else if (!before.exposed) {
    c.kind = is_known_public ? ChangeKind::kBecamePublic : ChangeKind::kCannotJudge;
  } else if (!was_known_public && is_known_public) {
    c.kind = ChangeKind::kBecamePublic;  // from "cannot judge" to known public
  } else if (c.widened != 0 || AddsAGrant(before, c.new_grants)) {
    c.kind = ChangeKind::kNewlyPublic;
  } else if (current.Fingerprint() != before.Fingerprint()) {
    c.kind = ChangeKind::kNarrowed;
  }
  return c;
}

}  // namespace bucketwatch::change
