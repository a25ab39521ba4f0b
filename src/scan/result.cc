#include "scan/result.h"

#include <algorithm>

namespace bucketwatch::scan {

std::string_view StandingName(Standing standing) {
  switch (standing) {
    case Standing::kPublic: return "public";
    case Standing::kUnknown: return "unknown";
    case Standing::kError: return "error";
    case Standing::kPublicAllowed: return "public_allowed";
    case Standing::kCrossAccount: return "cross_account";
    case Standing::kPrivate: return "private";
  }
  return "unknown";
}

exposure::AccessMask BucketResult::PublicMask() const {
  exposure::AccessMask mask = 0;
  for (exposure::AccessKind kind : exposure::kAllAccessKinds) {
    if (Access(kind) >= exposure::Scope::kAuthenticated) mask |= exposure::Bit(kind);
  }
  return mask;
}

exposure::Scope BucketResult::Widest() const {
  exposure::Scope s = exposure::Scope::kNone;
  for (exposure::Scope a : access) s = std::max(s, a);
  return s;
}

Standing Classify(const BucketResult& r) {
  if (!r.error.empty()) return Standing::kError;
  exposure::AccessMask allowed = 0;
  if (r.allowance && !r.allowance->expired) allowed = r.allowance->access;
  exposure::AccessMask open = r.PublicMask();
  if ((open & ~allowed) != 0) return Standing::kPublic;
  // Kinds already public (and allowed) need no judging; nor do allowed ones.
  if ((r.unknown & ~allowed & ~open) != 0) return Standing::kUnknown;
  if (open != 0) return Standing::kPublicAllowed;
  if (r.cross_account || r.Widest() == exposure::Scope::kCrossAccount) return Standing::kCrossAccount;
  return Standing::kPrivate;
}

Summary Summarize(const std::vector<AccountResult>& accounts, const BucketResults& buckets) {
  Summary s;
  s.accounts = accounts.size();
  for (const AccountResult& a : accounts) {
    if (a.failed()) ++s.account_errors;
    if (!a.skipped.empty()) ++s.accounts_skipped;
  }
  s.scanned = buckets.size();
  for (const BucketResult& b : buckets) {
    switch (b.standing) {
      case Standing::kPublic: ++s.public_buckets; break;
      case Standing::kUnknown: ++s.unknown; break;
      case Standing::kError: ++s.errors; break;
      case Standing::kPublicAllowed: ++s.allowed; break;
      case Standing::kCrossAccount: ++s.cross_account; break;
      case Standing::kPrivate: ++s.private_buckets; break;
    }
    if (b.cross_check) {
      s.cross_checked = true;
      if (b.cross_check->Disagrees()) ++s.disagreements;
    }
    if (b.allowance && b.allowance->expired) ++s.expired_allowances;
  }
  return s;
}

}  // namespace bucketwatch::scan
