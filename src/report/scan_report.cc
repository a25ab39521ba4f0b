#include "report/scan_report.h"

#include <algorithm>
#include <numeric>

#include "base/text.h"
#include "exposure/finding_words.h"
#include "report/verdict_json.h"
#include "report/verdict_text.h"

namespace bucketwatch::report {
namespace {

using exposure::AccessKind;
using exposure::Scope;
using nlohmann::ordered_json;
using scan::BucketResult;
using scan::Standing;

std::string Cell(const BucketResult& b, AccessKind kind) {
  if (!b.error.empty()) return "?";
  return AccessCell(b.Access(kind), exposure::Has(b.unknown, kind));
}

std::string Plural(size_t n, std::string_view one, std::string_view many) {
  return std::to_string(n) + " " + std::string(n == 1 ? one : many);
}

std::string Seconds(std::chrono::milliseconds ms) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.1f s", static_cast<double>(ms.count()) / 1000.0);
  return buf;
}

std::string Where(const BucketResult& b) {
  std::vector<std::string> parts;
  if (!b.account.empty()) parts.push_back("account " + b.account);
  if (!b.region.empty()) parts.push_back(b.region);
  return parts.empty() ? "" : " (" + Join(parts, ", ") + ")";
}

std::string CauseWho(const exposure::Cause& c) {
  if (c.scope == Scope::kCrossAccount) return "account " + c.account;
  return exposure::WhoWords(c.who);
}

void WriteCause(std::ostream& out, const exposure::Cause& c) {
  out << "  ! " << (c.channel == exposure::Channel::kPolicy ? "policy " : "acl ") << c.location << ": " << c.principal
      << " -> " << CauseWho(c) << " can " << exposure::AccessWords(c.access) << " [" << Join(c.actions, " ") << "]\n";
  if (!c.conditions.empty()) out << "      conditions that do not confine it: " << Join(c.conditions, "; ") << "\n";
  if (!c.uncertain.empty()) out << "      uncertain: " << c.uncertain << "\n";
  out << "      fix: " << c.fix << "\n";
}

std::string AllowedWords(const scan::Allowance& a) {
  std::string s = "allowed: " + a.reason;
  std::vector<std::string> extra;
  if (!a.expires.empty()) extra.push_back("until " + a.expires);
  extra.push_back(a.where);
  return s + " (" + Join(extra, "; ") + ")";
}

void WriteDetail(std::ostream& out, const BucketResult& b) {
  out << "\n" << b.bucket << Where(b) << ": ";
  if (b.standing == Standing::kError) {
    out << "ERROR - " << b.error << "\n";
    return;
  }
  if (b.standing == Standing::kPublicAllowed) {
    out << "public, " << AllowedWords(*b.allowance) << " - " << BucketSentence(b) << "\n";
  } else {
    out << StandingLabel(b) << " - " << BucketSentence(b) << "\n";
  }
  if (b.allowance && b.allowance->expired) {
    out << "  allow-list entry " << b.allowance->where << " expired after " << b.allowance->expires
        << " (it said: " << b.allowance->reason << ")\n";
  } else if (b.allowance && b.standing == Standing::kPublic) {
    out << "  the allow-list entry " << b.allowance->where << " allows only "
        << exposure::AccessWords(b.allowance->access) << " to be public (" << b.allowance->reason << ")\n";
  }
  for (const exposure::Cause& c : b.causes) WriteCause(out, c);
  for (const std::string& why : b.cannot_judge) out << "  ? cannot judge: " << why << "\n";
  for (const scan::UnreadPart& u : b.unread) out << "  ? " << u.part << " could not be read: " << u.reason << "\n";
}

bool NeedsDetail(const BucketResult& b) { return b.standing != Standing::kPrivate; }

// Order of the report: the standing's urgency, then account and bucket.
std::vector<const BucketResult*> Ordered(const scan::BucketResults& buckets) {
  std::vector<const BucketResult*> order;
  order.reserve(buckets.size());
  for (const BucketResult& b : buckets) order.push_back(&b);
  std::stable_sort(order.begin(), order.end(), [](const BucketResult* a, const BucketResult* b) {
    if (a->standing != b->standing) return a->standing < b->standing;
    if (a->Widest() != b->Widest()) return a->Widest() > b->Widest();
    if (a->account != b->account) return a->account < b->account;
    return a->bucket < b->bucket;
  });
  return order;
}

ordered_json AllowanceJson(const scan::Allowance& a) {
  ordered_json access = ordered_json::array();
  for (AccessKind kind : exposure::kAllAccessKinds) {
    if (exposure::Has(a.access, kind)) access.push_back(std::string(exposure::AccessKindName(kind)));
  }
  return ordered_json{{"reason", a.reason},
                      {"expires", a.expires.empty() ? ordered_json(nullptr) : ordered_json(a.expires)},
                      {"expired", a.expired},
                      {"access", access},
                      {"entry", a.where}};
}

ordered_json OptionalBool(const std::optional<bool>& b) { return b ? ordered_json(*b) : ordered_json(nullptr); }

ordered_json CrossCheckJson(const scan::CrossCheck& c) {
  ordered_json j{{"compared", c.compared},
                 {"s3_policy_is_public", OptionalBool(c.aws_is_public)},
                 {"bucketwatch_policy_is_public", OptionalBool(c.ours)},
                 {"agrees", c.compared ? ordered_json(!c.Disagrees()) : ordered_json(nullptr)}};
  if (!c.compared) j["not_compared"] = c.not_compared;
  return j;
}

// The scan's own fields of a bucket (after the verdict's).
ordered_json ScanFields(const BucketResult& b) {
  ordered_json j;
  j["standing"] = std::string(scan::StandingName(b.standing));
  j["allowed"] = b.allowance ? AllowanceJson(*b.allowance) : ordered_json(nullptr);
  if (b.cross_check) j["cross_check"] = CrossCheckJson(*b.cross_check);
  ordered_json unread = ordered_json::object();
  for (const scan::UnreadPart& u : b.unread) unread[u.part] = u.reason;
  j["unread"] = unread;
  j["error"] = b.error.empty() ? ordered_json(nullptr) : ordered_json(b.error);
  j["captured_at"] = b.captured_at.empty() ? ordered_json(nullptr) : ordered_json(b.captured_at);
  return j;
}

// Two compact JSON objects made one: "{a...}" + "{b...}" -> "{a...,b...}".
// Both come from Dump(), so each starts with '{' and ends with '}'.
std::string Concatenate(std::string_view first, std::string_view second) {
  if (first.size() <= 2) return std::string(second);
  if (second.size() <= 2) return std::string(first);
  std::string out(first.substr(0, first.size() - 1));
  out += ',';
  out.append(second.substr(1));
  return out;
}

}  // namespace

std::string StandingLabel(const BucketResult& b) {
  switch (b.standing) {
    case Standing::kPublic: return b.Widest() == Scope::kPublic ? "PUBLIC" : "ANY AWS USER";
    case Standing::kUnknown: return "UNKNOWN";
    case Standing::kError: return "ERROR";
    case Standing::kPublicAllowed: return "ALLOWED";
    case Standing::kCrossAccount: return "cross-account";
    case Standing::kPrivate: return "private";
  }
  return "?";
}

std::string BucketSentence(const BucketResult& b) {
  if (!b.error.empty()) return b.error;
  std::vector<std::string> parts;
  for (Scope s : {Scope::kPublic, Scope::kAuthenticated, Scope::kCrossAccount}) {
    exposure::AccessMask mask = 0;
    for (AccessKind kind : exposure::kAllAccessKinds) {
      if (b.Access(kind) == s) mask |= exposure::Bit(kind);
    }
    if (mask == 0) continue;
    std::string who = s == Scope::kPublic          ? "anyone on the internet"
                      : s == Scope::kAuthenticated ? "any AWS user"
                                                   : "other accounts";
    parts.push_back(who + " can " + exposure::AccessWords(mask));
  }
  exposure::AccessMask unknown = 0;
  for (AccessKind kind : exposure::kAllAccessKinds) {
    if (exposure::Has(b.unknown, kind) && b.Access(kind) < Scope::kPublic) unknown |= exposure::Bit(kind);
  }
  if (unknown != 0) parts.push_back("could not judge who can " + exposure::AccessWords(unknown));
  if (parts.empty()) return "nobody outside the account has access";
  return Join(parts, "; ");
}

std::string SummaryLine(const scan::Summary& s) {
  std::string line = Plural(s.scanned, "bucket", "buckets") + " scanned";
  if (s.accounts > 1) line += " in " + std::to_string(s.accounts) + " accounts";
  line += ": " + std::to_string(s.public_buckets) + " public";
  if (s.allowed > 0) line += ", " + std::to_string(s.allowed) + " public as allowed";
  line += ", " + std::to_string(s.cross_account) + " cross-account, " + std::to_string(s.unknown) +
          " unknown (could not judge), " + Plural(s.errors, "error", "errors");
  if (s.account_errors > 0) line += "; " + Plural(s.account_errors, "account", "accounts") + " could not be scanned";
  if (s.accounts_skipped > 0) line += "; " + Plural(s.accounts_skipped, "account", "accounts") + " skipped";
  if (s.cross_checked) line += "; " + Plural(s.disagreements, "disagreement", "disagreements") + " with S3's IsPublic";
  line += " (" + Seconds(s.elapsed);
  if (s.requests > 0) line += ", " + std::to_string(s.requests) + " requests";
  line += ")";
  return line;
}

void WriteScanText(std::ostream& out, const scan::ScanReport& report) {
  std::vector<const BucketResult*> order = Ordered(report.buckets);
  if (!order.empty()) {
    const char* headers[] = {"BUCKET", "ACCOUNT", "REGION",   "STANDING",  "READ",
                             "LIST",   "WRITE",   "READ-ACL", "WRITE-ACL", "CONFIG"};
    constexpr size_t kColumns = std::size(headers);
    std::vector<size_t> width(kColumns);
    for (size_t c = 0; c < kColumns; ++c) width[c] = std::string_view(headers[c]).size();
    auto row_of = [](const BucketResult& b) {
      std::vector<std::string> row{b.bucket, b.account.empty() ? "-" : b.account, b.region.empty() ? "-" : b.region,
                                   StandingLabel(b)};
      for (AccessKind kind : exposure::kAllAccessKinds) row.push_back(Cell(b, kind));
      return row;
    };
    // Two passes (widths, then lines) rather than a table of rows in memory.
    for (const BucketResult* b : order) {
      std::vector<std::string> row = row_of(*b);
      for (size_t c = 0; c < kColumns; ++c) width[c] = std::max(width[c], row[c].size());
    }
    auto line = [&](const std::vector<std::string>& cells) {
      std::string text;
      for (size_t c = 0; c < cells.size(); ++c) {
        text += cells[c];
        if (c + 1 < cells.size()) text.append(width[c] - cells[c].size() + 2, ' ');
      }
      out << text << "\n";
    };
    line(std::vector<std::string>(std::begin(headers), std::end(headers)));
    for (const BucketResult* b : order) line(row_of(*b));
    for (const BucketResult* b : order) {
      if (NeedsDetail(*b)) WriteDetail(out, *b);
    }
  }

  bool any_failed = std::any_of(report.accounts.begin(), report.accounts.end(),
                                [](const scan::AccountResult& a) { return a.failed(); });
  if (any_failed) {
    out << "\nAccounts that could not be scanned:\n";
    for (const scan::AccountResult& a : report.accounts) {
      if (!a.failed()) continue;
      out << "  " << (a.account_id.empty() ? "(account unknown)" : a.account_id);
      if (!a.name.empty()) out << " \"" << a.name << "\"";
      if (!a.role_arn.empty()) out << " (role " << a.role_arn << ")";
      out << ": " << a.error << "\n";
    }
  }
  for (const scan::AccountResult& a : report.accounts) {
    if (a.skipped.empty()) continue;
    out << "\nAccount " << a.account_id << (a.name.empty() ? "" : " \"" + a.name + "\"") << ": " << a.skipped << "\n";
  }
  for (const scan::AccountResult& a : report.accounts) {
    if (!a.failed() && a.skipped.empty() && !a.account_bpa_unread.empty()) {
      out << "\nAccount " << (a.account_id.empty() ? "(id unknown)" : a.account_id)
          << ": account-level Block Public Access could not be read (taken as off): " << a.account_bpa_unread << "\n";
    }
  }
  if (report.summary.cross_checked) {
    out << "\nCross-check with S3's GetBucketPolicyStatus: "
        << Plural(report.summary.disagreements, "disagreement", "disagreements") << "\n";
    for (const BucketResult* b : order) {
      if (!b->cross_check || !b->cross_check->Disagrees()) continue;
      out << "  " << b->bucket << Where(*b) << ": S3 says the policy is "
          << (b->cross_check->aws_is_public.value_or(false) ? "public" : "not public") << ", bucketwatch says it is "
          << (b->cross_check->ours.value_or(false) ? "public" : "not public") << "\n";
    }
  }
  if (!report.silent_regions.empty()) {
    out << "\nRegions that stopped answering (their buckets are unknown):\n";
    for (const std::string& r : report.silent_regions) out << "  " << r << "\n";
  }
  out << "\n" << SummaryLine(report.summary) << "\n";
}

ordered_json SummaryToJson(const scan::Summary& s) {
  ordered_json j;
  j["accounts"] = s.accounts;
  j["account_errors"] = s.account_errors;
  j["accounts_skipped"] = s.accounts_skipped;
  j["scanned"] = s.scanned;
  j["public"] = s.public_buckets;
  j["public_allowed"] = s.allowed;
  j["cross_account"] = s.cross_account;
  j["unknown"] = s.unknown;
  j["errors"] = s.errors;
  j["private"] = s.private_buckets;
  j["expired_allowances"] = s.expired_allowances;
  j["cross_checked"] = s.cross_checked;
  j["disagreements"] = s.cross_checked ? ordered_json(s.disagreements) : ordered_json(nullptr);
  j["elapsed_ms"] = s.elapsed.count();
  j["requests"] = s.requests;
  return j;
}

ordered_json AccountToJson(const scan::AccountResult& a) {
  ordered_json j;
  j["account"] = a.account_id.empty() ? ordered_json(nullptr) : ordered_json(a.account_id);
  j["name"] = a.name.empty() ? ordered_json(nullptr) : ordered_json(a.name);
  j["role_arn"] = a.role_arn.empty() ? ordered_json(nullptr) : ordered_json(a.role_arn);
  j["buckets"] = a.buckets;
  j["error"] = a.error.empty() ? ordered_json(nullptr) : ordered_json(a.error);
  j["skipped"] = a.skipped.empty() ? ordered_json(nullptr) : ordered_json(a.skipped);
  j["account_public_access_block_unread"] =
      a.account_bpa_unread.empty() ? ordered_json(nullptr) : ordered_json(a.account_bpa_unread);
  return j;
}

std::string BucketJsonLine(const BucketResult& b, bool with_kind) {
  std::string head = with_kind ? Dump(ordered_json{{"kind", "bucket"}}) : "{}";
  std::string verdict = b.verdict_json;
  if (verdict.empty()) {
    // Not judged (an error), or judged without keeping the JSON: the identity and the answer.
    ordered_json v;
    v["bucket"] = b.bucket;
    v["account"] = b.account.empty() ? ordered_json(nullptr) : ordered_json(b.account);
    v["region"] = b.region.empty() ? ordered_json(nullptr) : ordered_json(b.region);
    v["public"] =
        b.error.empty() ? ordered_json(b.Widest() >= Scope::kAuthenticated || b.unknown != 0) : ordered_json(nullptr);
    verdict = Dump(v);
  }
  return Concatenate(Concatenate(head, verdict), Dump(ScanFields(b)));
}

void WriteScanJson(std::ostream& out, const scan::ScanReport& report) {
  out << "{\n  \"summary\": " << Dump(SummaryToJson(report.summary)) << ",\n";
  out << "  \"finished_at\": " << Dump(ordered_json(report.finished_at)) << ",\n";
  out << "  \"accounts\": [";
  for (size_t i = 0; i < report.accounts.size(); ++i) {
    out << (i == 0 ? "\n    " : ",\n    ") << Dump(AccountToJson(report.accounts[i]));
  }
  out << (report.accounts.empty() ? "],\n" : "\n  ],\n");
  out << "  \"buckets\": [";
  for (size_t i = 0; i < report.buckets.size(); ++i) {
    out << (i == 0 ? "\n    " : ",\n    ") << BucketJsonLine(report.buckets[i], false);
  }
  out << (report.buckets.empty() ? "],\n" : "\n  ],\n");
  out << "  \"silent_regions\": " << Dump(ordered_json(report.silent_regions)) << "\n}\n";
}

void WriteScanJsonLines(std::ostream& out, const scan::ScanReport& report) {
  for (const BucketResult& b : report.buckets) out << BucketJsonLine(b, true) << "\n";
  for (const scan::AccountResult& a : report.accounts) {
    ordered_json j{{"kind", "account"}};
    j.update(AccountToJson(a));
    out << Dump(j) << "\n";
  }
  ordered_json s{{"kind", "summary"}};
  s.update(SummaryToJson(report.summary));
  s["finished_at"] = report.finished_at;
  s["silent_regions"] = report.silent_regions;
  out << Dump(s) << "\n";
}

}  // namespace bucketwatch::report
