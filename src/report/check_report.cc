#include "report/check_report.h"

#include "check/sarif.h"
#include "report/verdict_json.h"
#include "report/verdict_text.h"

namespace bucketwatch::report {
namespace {

// The verdict's members and check's own, streamed: building an nlohmann
// tree per bucket cost more than judging it (docs/benchmarks.md).
void WriteJson(json::JsonWriter& w, const check::CheckedBucket& c, const Allowed& a) {
  w.BeginObject();
  WriteVerdictMembers(w, c.planned.snapshot, c.verdict);
  w.Key("file").String(c.planned.file).Key("resource").String(c.planned.resource);
  if (c.planned.line > 0) w.Key("line").Int(c.planned.line);
  w.Key("created").Bool(c.planned.created).Key("deploy").String(c.deploy.empty() ? "ok" : c.deploy);
  if (!c.planned.policy_resource.empty()) {
    w.Key("policy_resource").String(c.planned.policy_resource);
    if (c.planned.policy_line > 0) {
      w.Key("policy_line").Int(c.planned.policy_line).Key("statement_lines").BeginArray();
      for (int line : c.planned.statement_lines) w.Int(line);
      w.EndArray();
    }
  }
  if (!c.conditions.empty()) w.Key("conditions").String(c.conditions);
  w.Key("standing").String(scan::StandingName(a.standing));
  if (a.allowance) {
    w.Key("allowed").BeginObject().Key("reason").String(a.allowance->reason).Key("entry").String(a.allowance->where);
    w.Key("expired").Bool(a.allowance->expired).EndObject();
  }
  w.EndObject();
}

// After the table: where each bucket is defined, the conditions its verdict
// assumes, and whether it would deploy.
void WriteWhere(std::ostream& out, const std::vector<check::CheckedBucket>& checked,
                const std::vector<Allowed>& allowed) {
  out << "\nWhere:\n";
  for (size_t i = 0; i < checked.size(); ++i) {
    const check::CheckedBucket& c = checked[i];
    out << "  " << c.planned.snapshot.bucket << ": " << c.planned.file;
    if (c.planned.line > 0) out << ":" << c.planned.line;
    out << " " << c.planned.resource;
    if (!c.planned.policy_resource.empty() && c.planned.policy_resource != c.planned.resource) {
      out << " (policy " << c.planned.policy_resource;
      if (c.planned.policy_line > 0) out << ", line " << c.planned.policy_line;
      out << ")";
    }
    if (!c.conditions.empty()) out << " [" << c.conditions << "]";
    out << "\n";
    if (!c.deploy.empty()) out << "    " << c.deploy << "\n";
    if (const auto& a = allowed[i].allowance) {
      out << "    " << (a->expired ? "allow-list entry expired: " : "allowed: ") << a->reason << " (" << a->where
          << "); " << scan::StandingName(allowed[i].standing) << "\n";
    }
  }
}

}  // namespace

// The allow-list entry for each bucket, by its name or else by its logical
// id or address, and where that leaves it (scan's own rule: public only as
// an unexpired entry permits is not an exposure).
std::vector<Allowed> ApplyAllowList(const std::vector<check::CheckedBucket>& checked, const scan::AllowList* allow) {
  std::vector<Allowed> out;
  auto now = scan::Clock::now();
  for (const check::CheckedBucket& c : checked) {
    scan::BucketResult r;
    r.access = c.verdict.access;
    r.unknown = c.verdict.unknown;
    r.cross_account = c.verdict.cross_account;
    if (allow != nullptr) {
      r.allowance = allow->Match(c.planned.snapshot.account, c.planned.snapshot.bucket, now);
      if (!r.allowance) r.allowance = allow->Match(c.planned.snapshot.account, c.planned.resource, now);
    }
    out.push_back({r.allowance, scan::Classify(r)});
  }
  return out;
}

void WriteCheckReport(std::ostream& out, std::string_view format, const std::vector<check::CheckedBucket>& checked,
                      const std::vector<Allowed>& allowed) {
  if (format == "text") {
    std::vector<Judged> judged;
    for (const auto& c : checked) judged.push_back({&c.planned.snapshot, &c.verdict});
    if (!judged.empty()) WriteTextReport(out, judged);
    WriteWhere(out, checked, allowed);
  } else if (format == "sarif") {
    std::vector<check::Suppression> suppressions;
    for (const Allowed& a : allowed) {
      check::Suppression s;
      if (a.allowance && !a.allowance->expired)
        s = {a.allowance->access, a.allowance->reason + " (" + a.allowance->where + ")"};
      suppressions.push_back(std::move(s));
    }
    out << Dump(check::SarifLog(checked, suppressions), 2) << "\n";
  } else if (format == "jsonl") {
    json::JsonWriter w;
    for (size_t i = 0; i < checked.size(); ++i) {
      WriteJson(w, checked[i], allowed[i]);
      out << w.text() << "\n";
      w.ClearText();
    }
  } else {
    json::JsonWriter w(2);
    w.BeginArray();
    for (size_t i = 0; i < checked.size(); ++i) {
      WriteJson(w, checked[i], allowed[i]);
      out << w.text();
      w.ClearText();
    }
    w.EndArray();
    out << w.text() << "\n";
  }
  out.flush();
}

}  // namespace bucketwatch::report
