// bucketwatch check: judge the buckets that CloudFormation templates and
// Terraform plans would create or change, before they are deployed
// (docs/check.md).
#include <iostream>

#include "app/commands.h"
#include "app/input.h"
#include "check/cloudformation.h"
#include "check/judge.h"
#include "check/sarif.h"
#include "check/terraform.h"
#include "report/verdict_json.h"
#include "report/verdict_text.h"
#include "scan/allow_list.h"
#include "scan/result.h"

namespace bucketwatch::app {
namespace {

void PrintError(const Status& status) { std::cerr << "bucketwatch check: error: " << status.ToString() << "\n"; }

// A bucket's allow-list entry (--allow) and where it leaves the bucket.
struct Allowed {
  std::optional<scan::Allowance> allowance;
  scan::Standing standing = scan::Standing::kPrivate;
};

nlohmann::ordered_json ToJson(const check::CheckedBucket& c, const Allowed& a) {
  nlohmann::ordered_json j = report::VerdictToJson(c.planned.snapshot, c.verdict);
  j["file"] = c.planned.file;
  j["resource"] = c.planned.resource;
  if (c.planned.line > 0) j["line"] = c.planned.line;
  j["created"] = c.planned.created;
  j["deploy"] = c.deploy.empty() ? "ok" : c.deploy;
  if (!c.planned.policy_resource.empty()) {
    j["policy_resource"] = c.planned.policy_resource;
    if (c.planned.policy_line > 0) {
      j["policy_line"] = c.planned.policy_line;
      j["statement_lines"] = c.planned.statement_lines;
    }
  }
  if (!c.conditions.empty()) j["conditions"] = c.conditions;
  j["standing"] = std::string(scan::StandingName(a.standing));
  if (a.allowance) {
    j["allowed"] = {{"reason", a.allowance->reason}, {"entry", a.allowance->where}, {"expired", a.allowance->expired}};
  }
  return j;
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

Result<exposure::Part<exposure::BlockPublicAccess>> AccountBpa(const std::string& setting) {
  using P = exposure::Part<exposure::BlockPublicAccess>;
  if (setting == "on") return P::Of({true, true, true, true});
  if (setting == "off") return P::Absent();
  if (setting == "unknown") return P::Unknown("not in the input; --account-bpa on|off says what to assume");
  return InvalidInput("--account-bpa must be on, off or unknown, not \"" + setting + "\"");
}

// Judges every file; false when one could not be read or had errors
// (printed, with file and line), the other buckets being judged still.
bool CheckFiles(const std::vector<std::string>& files, const check::Assumptions& assumptions,
                std::vector<check::CheckedBucket>& checked) {
  bool ok = true;
  for (const std::string& path : files) {
    auto text = ReadInput(path);
    if (!text.ok()) {
      PrintError(text.status());
      ok = false;
      continue;
    }
    std::string source = path == "-" ? "standard input" : path;
    check::TemplateVariants variants;
    if (check::LooksLikeTerraform(*text)) {
      variants = check::ReadTerraform(*text, source, assumptions);
    } else if (check::LooksLikeCloudFormation(*text)) {
      variants = check::ReadCloudFormation(*text, source, assumptions);
    } else {
      PrintError(InvalidInput("neither a CloudFormation template (no Resources) nor Terraform's JSON (no "
                              "format_version or terraform_version)")
                     .WithSource(source));
      ok = false;
      continue;
    }
    for (const Status& s : variants.errors) PrintError(s);
    ok = ok && variants.errors.empty();
    for (auto& c : check::Judge(variants)) checked.push_back(std::move(c));
  }
  return ok;
}

// Policies S3 would refuse as invalid: an input error, with where.
bool ReportInvalidPolicies(const std::vector<check::CheckedBucket>& checked) {
  bool ok = true;
  for (const check::CheckedBucket& c : checked) {
    if (!c.planned.snapshot.policy.present()) continue;
    for (const exposure::Diagnostic& d : c.planned.snapshot.policy.value().diagnostics) {
      if (d.severity != exposure::Diagnostic::Severity::kError) continue;
      bool terraform = c.planned.source == check::Source::kTerraform;
      PrintError(InvalidInput(d.message, (terraform ? "/policy" : "/PolicyDocument") + d.path)
                     .WithSource(c.planned.file + (terraform ? "" : " line " + std::to_string(c.planned.policy_line)) +
                                 " (" + c.planned.policy_resource + ")"));
      ok = false;
    }
  }
  return ok;
}

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

void WriteOutput(const std::string& format, const std::vector<check::CheckedBucket>& checked,
                 const std::vector<Allowed>& allowed) {
  if (format == "text") {
    std::vector<report::Judged> judged;
    for (const auto& c : checked) judged.push_back({&c.planned.snapshot, &c.verdict});
    if (!judged.empty()) report::WriteTextReport(std::cout, judged);
    WriteWhere(std::cout, checked, allowed);
  } else if (format == "sarif") {
    std::vector<check::Suppression> suppressions;
    for (const Allowed& a : allowed) {
      check::Suppression s;
      if (a.allowance && !a.allowance->expired)
        s = {a.allowance->access, a.allowance->reason + " (" + a.allowance->where + ")"};
      suppressions.push_back(std::move(s));
    }
    std::cout << report::Dump(check::SarifLog(checked, suppressions), 2) << "\n";
  } else if (format == "jsonl") {
    for (size_t i = 0; i < checked.size(); ++i) std::cout << report::Dump(ToJson(checked[i], allowed[i])) << "\n";
  } else {
    nlohmann::ordered_json all = nlohmann::ordered_json::array();
    for (size_t i = 0; i < checked.size(); ++i) all.push_back(ToJson(checked[i], allowed[i]));
    std::cout << report::Dump(all, 2) << "\n";
  }
  std::cout.flush();
}

}  // namespace

int RunCheck(const CheckOptions& options) {
  check::Assumptions assumptions;
  assumptions.account_id = options.account_id;
  auto bpa = AccountBpa(options.account_bpa);
  if (!bpa.ok()) {
    PrintError(bpa.status());
    return kExitError;
  }
  assumptions.account_bpa = *bpa;
  for (const std::string& p : options.parameters) {
    size_t eq = p.find('=');
    if (eq == std::string::npos || eq == 0) {
      PrintError(InvalidInput("--parameter takes KEY=VALUE, not \"" + p + "\""));
      return kExitError;
    }
    assumptions.parameters.emplace_back(p.substr(0, eq), p.substr(eq + 1));
  }
  std::optional<scan::AllowList> allow;
  if (!options.allow_file.empty()) {
    auto loaded = scan::AllowList::Load(options.allow_file);
    if (!loaded.ok()) {
      PrintError(loaded.status());
      return kExitError;
    }
    allow = std::move(loaded).value();
  }

  std::vector<check::CheckedBucket> checked;
  bool ok = CheckFiles(options.files, assumptions, checked);
  ok = ReportInvalidPolicies(checked) && ok;
  std::vector<Allowed> allowed = ApplyAllowList(checked, allow ? &*allow : nullptr);
  WriteOutput(options.format, checked, allowed);
  bool exposed = false;
  for (const Allowed& a : allowed) {
    exposed = exposed || a.standing == scan::Standing::kPublic || a.standing == scan::Standing::kUnknown;
  }
  if (!ok) return kExitError;
  return exposed ? kExitExposed : kExitOk;
}

}  // namespace bucketwatch::app
