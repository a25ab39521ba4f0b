#include "scan/slack_channel.h"

#include <utility>

#include "notify/scan_summary.h"

namespace bucketwatch::scan {
namespace {

using exposure::Scope;
using notify::Fix;

// The facts of the summary; notify words and renders them.
notify::ScanSummary SummaryOf(const ScanReport& report, size_t not_sent) {
  const Summary& s = report.summary;
  notify::ScanSummary out{.scanned = s.scanned,
                          .public_buckets = s.public_buckets,
                          .allowed = s.allowed,
                          .cross_account = s.cross_account,
                          .unknown = s.unknown,
                          .errors = s.errors,
                          .accounts = s.accounts,
                          .account_errors = s.account_errors};
  for (const AccountResult& acc : report.accounts) {
    if (acc.failed())
      out.accounts_failed.push_back({acc.account_id.empty() ? acc.role_arn : acc.account_id, "", acc.error, ""});
  }
  for (const BucketResult& b : report.buckets) {
    if (b.standing == Standing::kUnknown) {
      std::string why = !b.cannot_judge.empty() ? b.cannot_judge.front()
                        : !b.unread.empty()     ? b.unread.front().part + ": " + b.unread.front().reason
                                                : std::string();
      out.cannot_judge.push_back({b.bucket, b.account, std::move(why), ""});
    } else if (b.standing == Standing::kError) {
      out.cannot_read.push_back({b.bucket, b.account, b.error, ""});
    }
    if (b.allowance && b.allowance->expired) {
      out.expired.push_back({b.bucket, b.account, b.allowance->reason, b.allowance->expires});
    }
  }
  out.not_sent = not_sent;
  out.finished_at = report.finished_at;
  out.elapsed = s.elapsed;
  return out;
}

}  // namespace

notify::Alert BucketAlert(const BucketResult& bucket) {
  notify::Alert a;
  a.what = notify::What::kIsPublic;
  a.subject = notify::Subject::kBucket;
  a.bucket = bucket.bucket;
  a.account = bucket.account;
  a.region = bucket.region;
  a.access.detailed = true;
  a.access.scope = bucket.access;
  a.access.unknown = bucket.unknown;
  a.access.who = bucket.who;
  // What makes it public; grants to named accounts are in the scan report.
  for (const exposure::Cause& c : bucket.causes) {
    if (c.scope >= Scope::kAuthenticated) a.causes.push_back(notify::AlertCause(c));
  }
  if (a.causes.empty()) a.fixes = {Fix::kPolicyPublic, Fix::kAclPublic};
  a.cannot_judge = bucket.cannot_judge;
  a.origin.kind = notify::Origin::Kind::kScan;
  a.origin.name = "scan";
  a.origin.id = "scan";
  a.origin.time = bucket.captured_at;
  if (bucket.allowance && bucket.allowance->expired) {
    a.origin.allowance =
        bucket.allowance->reason + " (" + bucket.allowance->expires + ", " + bucket.allowance->where + ")";
    a.notes.push_back(notify::Note::kAllowanceExpired);
  }
  return a;
}

notify::SlackMessage RenderScanSummary(const ScanReport& report, size_t not_sent,
                                       const notify::MessageOptions& options) {
  return notify::RenderScanSummary(SummaryOf(report, not_sent), options);
}

SlackScanChannel::SlackScanChannel(std::unique_ptr<notify::Sink> sink, notify::MessageOptions options)
    : sink_(std::move(sink)), options_(std::move(options)) {}

std::string SlackScanChannel::BucketMessage(const BucketResult& bucket) {
  return notify::RenderSlackMessage(BucketAlert(bucket), options_).body;
}

std::string SlackScanChannel::SummaryMessage(const ScanReport& report, size_t not_sent) {
  return RenderScanSummary(report, not_sent, options_).body;
}

}  // namespace bucketwatch::scan
