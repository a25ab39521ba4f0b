// bucketwatch check: judge the buckets that CloudFormation templates and
// Terraform plans would create or change, before they are deployed
// (docs/check.md).
#include <iostream>

#include "app/commands.h"
#include "app/input.h"
#include "check/cloudformation.h"
#include "check/judge.h"
#include "check/terraform.h"
#include "report/verdict_json.h"
#include "report/verdict_text.h"

namespace bucketwatch::app {
namespace {

void PrintError(const Status& status) { std::cerr << "bucketwatch check: error: " << status.ToString() << "\n"; }

nlohmann::ordered_json ToJson(const check::CheckedBucket& c) {
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
  return j;
}

// After the table: where each bucket is defined, the conditions its verdict
// assumes, and whether it would deploy.
void WriteWhere(std::ostream& out, const std::vector<check::CheckedBucket>& checked) {
  out << "\nWhere:\n";
  for (const auto& c : checked) {
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
  }
}

Result<exposure::Part<exposure::BlockPublicAccess>> AccountBpa(const std::string& setting) {
  using P = exposure::Part<exposure::BlockPublicAccess>;
  if (setting == "on") return P::Of({true, true, true, true});
  if (setting == "off") return P::Absent();
  if (setting == "unknown") return P::Unknown("not in the input; --account-bpa on|off says what to assume");
  return InvalidInput("--account-bpa must be on, off or unknown, not \"" + setting + "\"");
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

  bool input_error = false;
  std::vector<check::CheckedBucket> checked;
  for (const std::string& path : options.files) {
    auto text = ReadInput(path);
    if (!text.ok()) {
      PrintError(text.status());
      input_error = true;
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
      input_error = true;
      continue;
    }
    for (const Status& s : variants.errors) PrintError(s);
    input_error = input_error || !variants.errors.empty();
    for (auto& c : check::Judge(variants)) checked.push_back(std::move(c));
  }

  bool exposed = false;
  for (const check::CheckedBucket& c : checked) {
    exposed = exposed || c.verdict.exposed();
    if (c.planned.snapshot.policy.present()) {
      for (const exposure::Diagnostic& d : c.planned.snapshot.policy.value().diagnostics) {
        if (d.severity != exposure::Diagnostic::Severity::kError) continue;
        bool terraform = c.planned.source == check::Source::kTerraform;
        PrintError(InvalidInput(d.message, (terraform ? "/policy" : "/PolicyDocument") + d.path)
                       .WithSource(c.planned.file + (terraform ? "" : " line " + std::to_string(c.planned.policy_line)) +
                                   " (" + c.planned.policy_resource + ")"));
        input_error = true;
      }
    }
  }

  if (options.format == "text") {
    std::vector<report::Judged> judged;
    for (const auto& c : checked) judged.push_back({&c.planned.snapshot, &c.verdict});
    if (!judged.empty()) report::WriteTextReport(std::cout, judged);
    WriteWhere(std::cout, checked);
  } else if (options.format == "jsonl") {
    for (const auto& c : checked) std::cout << report::Dump(ToJson(c)) << "\n";
  } else {
    nlohmann::ordered_json all = nlohmann::ordered_json::array();
    for (const auto& c : checked) all.push_back(ToJson(c));
    std::cout << report::Dump(all, 2) << "\n";
  }
  std::cout.flush();
  if (input_error) return kExitError;
  return exposed ? kExitExposed : kExitOk;
}

}  // namespace bucketwatch::app
