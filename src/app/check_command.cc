// bucketwatch check: judge the buckets that CloudFormation templates and
// Terraform plans would create or change, before they are deployed
// (docs/check.md).
#include <iostream>

#include "app/commands.h"
#include "app/input.h"
#include "aws/bucket_snapshot.h"
#include "base/heap.h"
#include "check/cloudformation.h"
#include "check/judge.h"
#include "check/terraform.h"
#include "report/check_report.h"
#include "scan/allow_list.h"
#include "scan/result.h"

namespace bucketwatch::app {
namespace {

// The heap `check` reserves with huge pages: the 1,000-bucket template of
// bench/check_bench peaks at about 15 MiB of heap; glibc takes no more.
constexpr size_t kHeapReserve = size_t{32} << 20;

void PrintError(const Status& status) { std::cerr << "bucketwatch check: error: " << status.ToString() << "\n"; }

using AccountBpaPart = exposure::Part<exposure::BlockPublicAccess>;

// --account-bpa live: the setting of the credentials' account (or of
// --account-id's), read as `snapshot` and `scan` read it, with the same
// configuration from the environment. Whatever stops the read (no
// credentials, AccessDenied, no answer) leaves it unknown, with why: never
// assumed on or off. Without --account-id the account read stands for
// AWS::AccountId too, so that both describe the same account.
AccountBpaPart LiveAccountBpa(const CheckOptions& options, check::Assumptions& assumptions) {
  aws::ClientOptions client{options.profile, options.region, options.endpoint_url, assumptions.account_id};
  auto context = aws::AwsContext::Create(client);
  if (!context.ok()) return AccountBpaPart::Unknown("--account-bpa live: " + context.status().ToString());
  aws::SnapshotReader reader(*context);
  const aws::AccountFacts& facts = reader.Account();
  if (assumptions.account_id.empty()) assumptions.account_id = facts.account_id;
  if (facts.public_access_block.unknown()) {
    return AccountBpaPart::Unknown("--account-bpa live: " + facts.public_access_block.unknown_reason());
  }
  return facts.public_access_block;
}

Result<AccountBpaPart> AccountBpa(const CheckOptions& options, check::Assumptions& assumptions) {
  const std::string& setting = options.account_bpa;
  if (setting != "live" && (!options.profile.empty() || !options.region.empty() || !options.endpoint_url.empty())) {
    return InvalidInput("--profile, --region and --endpoint-url are for --account-bpa live, not \"" + setting + "\"");
  }
  if (setting == "on") return AccountBpaPart::Of({true, true, true, true});
  if (setting == "off") return AccountBpaPart::Absent();
  if (setting == "unknown") {
    return AccountBpaPart::Unknown("not in the input; --account-bpa on|off|live says what to assume");
  }
  if (setting == "live") return LiveAccountBpa(options, assumptions);
  return InvalidInput("--account-bpa must be on, off, unknown or live, not \"" + setting + "\"");
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
    std::vector<check::CheckedBucket> judged = check::Judge(std::move(variants));
    if (checked.empty()) {
      checked = std::move(judged);
    } else {
      checked.reserve(checked.size() + judged.size());
      for (auto& c : judged) checked.push_back(std::move(c));
    }
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

}  // namespace

int RunCheck(const CheckOptions& options) {
  heap::ReserveWithHugePages(kHeapReserve);
  check::Assumptions assumptions;
  assumptions.account_id = options.account_id;
  auto bpa = AccountBpa(options, assumptions);
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
  std::vector<report::Allowed> allowed = report::ApplyAllowList(checked, allow ? &*allow : nullptr);
  report::WriteCheckReport(std::cout, options.format, checked, allowed);
  bool exposed = false;
  for (const report::Allowed& a : allowed) {
    exposed = exposed || a.standing == scan::Standing::kPublic || a.standing == scan::Standing::kUnknown;
  }
  if (!ok) return kExitError;
  return exposed ? kExitExposed : kExitOk;
}

}  // namespace bucketwatch::app
