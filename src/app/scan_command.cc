// bucketwatch scan: every bucket of an account, or of many, judged at once
// (src/scan/), reported as a table, JSON, JSON Lines or Security Hub
// findings, with optional Slack alerts.
#include <unistd.h>

#include <atomic>
#include <condition_variable>
#include <cstdlib>
#include <iostream>
#include <mutex>
#include <thread>

#include "app/commands.h"
#include "app/scan_alerts.h"
#include "aws/aws_context.h"
#include "aws/organizations_client.h"
#include "aws/sts_client.h"
#include "aws/timestamp.h"
#include "base/aws_names.h"
#include "base/log.h"
#include "report/asff.h"
#include "report/scan_report.h"
#include "report/verdict_json.h"
#include "scan/allow_list.h"
#include "scan/scanner.h"
#include "scan/targets.h"

namespace bucketwatch::app {
namespace {

void PrintError(const std::string& message) { std::cerr << "bucketwatch scan: error: " << message << "\n"; }
void PrintWarning(const std::string& message) { std::cerr << "bucketwatch scan: warning: " << message << "\n"; }

// The accounts to scan, from --role-arn, --accounts-file and --organization.
Result<std::vector<scan::AccountTarget>> ChooseTargets(const ScanOptions& options,
                                                       const std::shared_ptr<aws::AwsContext>& base) {
  std::vector<scan::AccountTarget> targets;
  const std::string& region = base->config().region;
  for (const std::string& arn : options.role_arns) {
    BW_ASSIGN_OR_RETURN(scan::AccountTarget t, scan::TargetForRoleArn(arn));
    targets.push_back(std::move(t));
  }
  if (!options.accounts_file.empty()) {
    BW_ASSIGN_OR_RETURN(auto listed, scan::LoadAccountsFile(options.accounts_file, region));
    for (auto& t : listed) targets.push_back(std::move(t));
  }
  if (!options.organization_role.empty()) {
    if (!IsRoleName(options.organization_role)) {
      return InvalidInput("--organization: \"" + options.organization_role +
                          "\" is not an IAM role name (the role's name in every member account, not an ARN)");
    }
    std::string own = base->config().account_id;
    if (own.empty()) {
      aws::StsClient sts(base);
      auto id = sts.GetCallerIdentity();
      if (!id.ok()) return Status(id.status().code(), "the account of the credentials: " + id.status().message());
      own = id->account;
    }
    aws::OrganizationsClient organizations(base);
    auto accounts = organizations.ListAllAccounts();
    if (!accounts.ok()) {
      return Status(accounts.status().code(),
                    accounts.status().message() +
                        " (--organization needs the management account or a delegated administrator, "
                        "with organizations:ListAccounts)");
    }
    for (auto& t : scan::TargetsForOrganization(*accounts, options.organization_role, own, region)) {
      targets.push_back(std::move(t));
    }
  }
  for (scan::AccountTarget& t : targets) {
    if (!t.role_arn.empty()) t.external_id = options.external_id;
  }
  return scan::WithoutDuplicates(std::move(targets));
}

// A line on standard error, redrawn while the scan runs (only on a terminal).
class ProgressLine {
 public:
  explicit ProgressLine(const scan::ScanProgress& progress) : progress_(progress) {
    thread_ = std::thread([this] { Loop(); });
  }
  ~ProgressLine() {
    {
      std::lock_guard lock(mu_);
      done_ = true;
    }
    cv_.notify_all();
    thread_.join();
    std::cerr << "\r\033[K" << std::flush;
  }

 private:
  void Loop() {
    std::unique_lock lock(mu_);
    while (!cv_.wait_for(lock, std::chrono::milliseconds(200), [this] { return done_; })) {
      const scan::ScanProgress& p = progress_;
      std::string line = "scanning: ";
      if (p.accounts_total > 1) {
        line +=
            std::to_string(p.accounts_opened.load()) + "/" + std::to_string(p.accounts_total.load()) + " accounts, ";
      }
      line += std::to_string(p.buckets_done.load()) + "/" + std::to_string(p.buckets_listed.load()) + " buckets, " +
              std::to_string(p.public_buckets.load()) + " public, " + std::to_string(p.unknown.load()) + " unknown, " +
              std::to_string(p.errors.load()) + " errors";
      std::cerr << "\r\033[K" << line << std::flush;
    }
  }

  const scan::ScanProgress& progress_;
  std::mutex mu_;
  std::condition_variable cv_;
  bool done_ = false;
  std::thread thread_;
};

int ExitCodeOf(const scan::Summary& s) {
  if (s.account_errors > 0) return kExitError;
  if (s.public_buckets > 0 || s.unknown > 0 || s.errors > 0) return kExitExposed;
  return kExitOk;
}

}  // namespace

int RunScan(const ScanOptions& options) {
  // Retries and account progress are logged at info; on a command line only
  // warnings are worth a line, unless the user asked for more.
  if (std::getenv("BUCKETWATCH_LOG_LEVEL") == nullptr) log::SetLevel(log::Level::kWarn);

  std::optional<scan::AllowList> allow;
  if (!options.allow_file.empty()) {
    auto loaded = scan::AllowList::Load(options.allow_file);
    if (!loaded.ok()) {
      PrintError(loaded.status().message());
      return kExitError;
    }
    allow = std::move(loaded).value();
  }
  std::unique_ptr<scan::AlertChannel> channel;
  scan::PaceSettings pace;
  pace.max_bucket_messages = static_cast<size_t>(options.notify_max);
  if (options.notify) {
    auto made = MakeScanAlertChannel(&pace);
    if (!made.ok()) {
      PrintError(made.status().message());
      return kExitError;
    }
    channel = std::move(made).value();
  }

  scan::TrafficControl traffic({.max_in_flight = options.concurrency});
  aws::ClientOptions client{options.profile, options.region, options.endpoint_url, options.account_id};
  auto base = aws::AwsContext::Create(client, aws::Environment::Process(), scan::ScanHooks(traffic));
  if (!base.ok()) {
    PrintError(base.status().ToString());
    return kExitError;
  }
  // Without credentials every account and bucket would fail the same way.
  if (auto creds = (*base)->credentials().Fetch(); !creds.ok()) {
    PrintError(creds.status().message());
    return kExitError;
  }
  auto targets = ChooseTargets(options, *base);
  if (!targets.ok()) {
    PrintError(targets.status().message());
    return kExitError;
  }

  scan::ScanSettings settings;
  settings.concurrency = options.concurrency;
  settings.cross_check = options.cross_check;
  if (options.format == "json" || options.format == "jsonl") {
    settings.keep_verdict_json = [](const exposure::Snapshot& snap, const exposure::Verdict& verdict) {
      json::JsonWriter writer;
      report::WriteVerdictJson(writer, snap, verdict);
      return writer.Take();
    };
  }
  settings.allow = allow ? &*allow : nullptr;
  scan::Scanner scanner(*base, std::move(targets).value(), settings, &traffic);
  scan::ScanReport report;
  {
    std::optional<ProgressLine> progress;
    if (isatty(STDERR_FILENO) == 1) progress.emplace(scanner.progress());
    report = scanner.Run();
  }

  if (report.summary.accounts == 1 && report.accounts[0].failed()) {
    // One account and it could not be listed: nothing was scanned.
    PrintError(report.accounts[0].error);
    return kExitError;
  }

  if (options.format == "json") {
    report::WriteScanJson(std::cout, report);
  } else if (options.format == "jsonl") {
    report::WriteScanJsonLines(std::cout, report);
  } else if (options.format == "asff") {
    std::vector<std::string> left_out;
    report::WriteAsff(std::cout, report, {.region = (*base)->config().region, .time = report.finished_at}, &left_out);
    if (!left_out.empty()) {
      PrintWarning(std::to_string(left_out.size()) + " bucket(s) left out of the findings: their account id is " +
                   "unknown (give --account-id), e.g. " + left_out.front());
    }
  } else {
    report::WriteScanText(std::cout, report);
  }
  std::cout.flush();
  if (options.format != "table") {
    for (const scan::AccountResult& a : report.accounts) {
      if (a.failed()) PrintError("account " + (a.account_id.empty() ? a.role_arn : a.account_id) + ": " + a.error);
    }
    std::cerr << report::SummaryLine(report.summary) << "\n";
  }

  int code = ExitCodeOf(report.summary);
  if (channel) {
    scan::Pacer pacer{.sleep = [](std::chrono::milliseconds d) { std::this_thread::sleep_for(d); }};
    scan::AlertReport sent = scan::SendAlerts(report, *channel, pace, pacer);
    for (const std::string& p : sent.problems) PrintError("alert not delivered: " + p);
    if (!sent.ok()) code = kExitError;
  }
  return code;
}

}  // namespace bucketwatch::app
