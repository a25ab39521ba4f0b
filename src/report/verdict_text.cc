#include "report/verdict_text.h"

#include <algorithm>
#include <array>
#include <sstream>

#include "base/text.h"
#include "exposure/finding_words.h"
#include "report/verdict_json.h"

namespace bucketwatch::report {
namespace {

using exposure::AccessKind;
using exposure::Finding;
using exposure::Scope;
using exposure::Verdict;
using Control = exposure::BlockedBy::Control;

std::string Cell(const Verdict& v, AccessKind kind) { return AccessCell(v.Access(kind), v.IsUnknown(kind)); }

std::string Levels(bool account, bool bucket) {
  if (account && bucket) return "account and bucket";
  if (account) return "account";
  return "bucket";
}

std::string Blocked(const Finding& f) {
  const auto& b = f.blocked_by;
  switch (b.control) {
    case Control::kNone: return "";
    case Control::kDeny: return "cancelled by Deny Statement[" + std::to_string(b.deny_statement) + "]";
    case Control::kBucketOwnerEnforced: return "ACLs disabled by Object Ownership BucketOwnerEnforced";
    case Control::kRestrictPublicBuckets:
    case Control::kIgnorePublicAcls:
      return "blocked by Block Public Access " + std::string(exposure::ControlName(b.control)) + " (" +
             Levels(b.account_level, b.bucket_level) + ")";
  }
  return "";
}

std::string ScopeWords(const Finding& f) {
  if (f.scope == Scope::kCrossAccount) return "account " + f.account;
  return exposure::WhoWords(f.who);
}

void WriteFinding(std::ostream& out, const exposure::Snapshot& snap, const Finding& f) {
  bool in_force = !f.blocked_by.blocked();
  out << "  " << (in_force ? "! " : "- ") << (f.channel == exposure::Channel::kPolicy ? "policy " : "acl ")
      << exposure::FindingLocation(snap, f) << ": " << f.principal << " -> " << ScopeWords(f) << " can "
      << exposure::AccessWords(f.access) << " [" << Join(exposure::FindingActions(snap, f), " ") << "]\n";
  if (!in_force) {
    out << "      " << Blocked(f) << "\n";
  } else {
    out << "      fix: " << exposure::FixFor(f) << "\n";
  }
  if (!f.partly_denied_by.empty()) {
    std::vector<std::string> idx;
    for (int i : f.partly_denied_by) idx.push_back("Statement[" + std::to_string(i) + "]");
    out << "      partly denied by " << Join(idx, ", ") << " (what remains is still granted)\n";
  }
  if (f.channel == exposure::Channel::kPolicy && snap.policy.present() && !f.conditions.empty()) {
    for (const auto& st : snap.policy.value().statements) {
      if (static_cast<int>(st.index) != f.statement) continue;
      std::vector<std::string> conds;
      for (int i : f.conditions) conds.push_back(exposure::DescribeCondition(st.conditions[static_cast<size_t>(i)]));
      out << "      conditions that do not confine it: " << Join(conds, "; ") << "\n";
    }
  }
  if (!f.uncertain.empty()) out << "      uncertain: " << f.uncertain << "\n";
  if (f.cannot_judge) out << "      cannot judge: part of this statement could not be understood (see notes)\n";
}

}  // namespace

std::string AccessCell(Scope scope, bool unknown) {
  if (scope < Scope::kPublic && unknown) return "unknown";
  switch (scope) {
    case Scope::kNone: return "-";
    case Scope::kCrossAccount: return "accounts";
    case Scope::kAuthenticated: return "any-aws";
    case Scope::kPublic: return "public";
  }
  return "?";
}

std::string VerdictLabel(const Verdict& v) {
  Scope widest = v.widest();
  if (widest == Scope::kPublic) return "PUBLIC";
  if (widest == Scope::kAuthenticated) return "ANY AWS USER";
  if (v.unknown != 0) return "CANNOT JUDGE";
  if (widest == Scope::kCrossAccount) return "cross-account";
  return "private";
}

std::string VerdictSentence(const Verdict& v) {
  std::vector<std::string> parts;
  for (Scope s : {Scope::kPublic, Scope::kAuthenticated, Scope::kCrossAccount}) {
    std::vector<std::string> kinds;
    for (AccessKind kind : exposure::kAllAccessKinds) {
      if (v.Access(kind) == s) kinds.emplace_back(exposure::AccessKindDescription(kind));
    }
    if (kinds.empty()) continue;
    std::string who = s == Scope::kPublic          ? "anyone on the internet"
                      : s == Scope::kAuthenticated ? "any AWS user"
                                                   : "other accounts";
    parts.push_back(who + " can " + Join(kinds, ", "));
  }
  if (v.unknown != 0) parts.push_back("some access could not be judged: " + Join(v.cannot_judge, "; "));
  if (parts.empty()) return "nobody outside the account has access";
  return Join(parts, "; ");
}

namespace {

constexpr std::array<std::string_view, 9> kHeaders = {"BUCKET", "ACCOUNT",  "VERDICT",   "READ",  "LIST",
                                                      "WRITE",  "READ-ACL", "WRITE-ACL", "CONFIG"};

// What a bucket that reaches outside its account gets below the table.
std::string Detail(const exposure::Snapshot& snap, const Verdict& v) {
  std::ostringstream out;
  out << "\n" << v.bucket;
  if (!v.account.empty() || !v.region.empty()) {
    out << " (" << (v.account.empty() ? "" : "account " + v.account)
        << (v.account.empty() || v.region.empty() ? "" : ", ") << v.region << ")";
  }
  out << ": " << VerdictLabel(v) << " - " << VerdictSentence(v) << "\n";
  for (const Finding& f : v.findings) WriteFinding(out, snap, f);
  for (const std::string& why : v.cannot_judge) out << "  ? cannot judge: " << why << "\n";
  for (const exposure::Note& n : v.notes) {
    const char* kind = n.kind == exposure::Note::Kind::kInvalid   ? "invalid"
                       : n.kind == exposure::Note::Kind::kWarning ? "warning"
                                                                  : "note";
    out << "  " << kind << ": " << n.where << ": " << n.message << "\n";
  }
  return out.str();
}

}  // namespace

void TextReport::Add(const exposure::Snapshot& snapshot, const Verdict& v) {
  Row row;
  row.widest = v.widest();
  auto cell = [&row](std::string_view text) {
    row.cells += text;
    row.ends[row.count++] = static_cast<uint32_t>(row.cells.size());
  };
  cell(v.bucket);
  cell(v.account.empty() ? "-" : v.account);
  cell(VerdictLabel(v));
  for (AccessKind kind : exposure::kAllAccessKinds) cell(Cell(v, kind));
  if (v.exposed() || v.cross_account || !v.findings.empty() || !v.notes.empty()) row.detail = Detail(snapshot, v);
  rows_.push_back(std::move(row));
  if (v.exposed()) ++exposed_;
  if (v.unknown != 0) ++unknown_;
  if (v.cross_account) ++cross_;
}

std::string_view TextReport::Row::Cell(size_t c) const {
  size_t begin = c == 0 ? 0 : ends[c - 1];
  return std::string_view(cells).substr(begin, ends[c] - begin);
}

void TextReport::Write(std::ostream& out) {
  // Exposed buckets first: they are what the reader is here for.
  std::stable_sort(rows_.begin(), rows_.end(), [](const Row& a, const Row& b) { return a.widest > b.widest; });
  std::array<size_t, kHeaders.size()> width{};
  for (size_t c = 0; c < width.size(); ++c) width[c] = kHeaders[c].size();
  for (const Row& row : rows_) {
    for (size_t c = 0; c < row.count; ++c) width[c] = std::max(width[c], row.Cell(c).size());
  }
  std::string text;
  auto cell = [&](size_t c, std::string_view value) {
    text += value;
    if (c + 1 < width.size()) text.append(width[c] - value.size() + 2, ' ');
  };
  for (size_t c = 0; c < kHeaders.size(); ++c) cell(c, kHeaders[c]);
  out << text << "\n";
  for (const Row& row : rows_) {
    text.clear();
    for (size_t c = 0; c < row.count; ++c) cell(c, row.Cell(c));
    out << text << "\n";
  }
  for (const Row& row : rows_) out << row.detail;
  out << "\n"
      << rows_.size() << (rows_.size() == 1 ? " bucket" : " buckets") << " judged: " << exposed_ << " exposed, "
      << cross_ << " shared with other accounts, " << unknown_ << " could not be fully judged\n";
}

void WriteTextReport(std::ostream& out, const std::vector<Judged>& judged) {
  TextReport report;
  for (const Judged& j : judged) report.Add(*j.snapshot, *j.verdict);
  report.Write(out);
}

}  // namespace bucketwatch::report
