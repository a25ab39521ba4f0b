// The scan engine: every bucket of one or more accounts, read concurrently
// and judged, with nothing but a compact result kept per bucket.
//
//   scan::TrafficControl traffic({.max_in_flight = 64});
//   auto base = aws::AwsContext::Create(options, env, scan::ScanHooks(traffic));
//   scan::Scanner scanner(*base, targets, {.concurrency = 64}, &traffic);
//   scan::ScanReport report = scanner.Run();
//
// How it works: `concurrency` worker threads share one queue of tasks.
// Each account is first opened (its role assumed, its buckets listed with
// their regions, its id and account-level Block Public Access learnt),
// which queues one task per bucket; each bucket task reads the bucket's
// settings in its own region (aws::SnapshotReader), evaluates them,
// optionally asks S3's GetBucketPolicyStatus for the cross-check, applies
// the allow-list, and stores a BucketResult. Snapshots and verdicts are
// dropped as soon as the bucket is done.
//
// Faults stay local: an account that cannot be opened is reported and the
// others carry on; a setting that cannot be read makes that part unknown
// (the verdict says "cannot judge" rather than "private"); a bucket that
// vanished after it was listed, or whose reads are refused outright, is an
// error of that bucket alone. Retries follow the AWS client's standard mode;
// throttling and silent regions are handled by TrafficControl.
#ifndef BUCKETWATCH_SCAN_SCANNER_H_
#define BUCKETWATCH_SCAN_SCANNER_H_

#include <atomic>
#include <chrono>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "aws/aws_context.h"
#include "aws/xml_responses.h"
#include "base/deadline.h"
#include "base/status.h"
#include "exposure/snapshot.h"
#include "exposure/verdict.h"
#include "scan/allow_list.h"
#include "scan/result.h"
#include "scan/targets.h"
#include "scan/traffic.h"

namespace bucketwatch::scan {

// One bucket as read and judged, whole: what a caller that compares with an
// earlier state needs (the handler's rescans, the reconciliation, serve's
// sweep). A scan itself keeps only the compact BucketResult.
struct BucketVerdict {
  std::string bucket;
  Status error;  // not ok: the snapshot could not be read (kGone: S3 said the bucket does not exist)
  exposure::Snapshot snapshot;
  exposure::Verdict verdict;
  std::optional<Allowance> allowance;  // the allow-list entry that matched, if any
  bool allowed = false;                // public only as an unexpired entry permits (Standing::kPublicAllowed)
  bool out_of_time = false;            // not read: ScanSettings::deadline passed first

  bool read() const { return error.ok(); }
  bool gone() const { return error.code() == StatusCode::kGone; }
  // Reaches any AWS user or anyone (not only named accounts).
  bool is_public() const { return read() && verdict.widest() >= exposure::Scope::kAuthenticated; }
  // Some access could not be judged and nothing is known public.
  bool cannot_judge() const { return read() && !is_public() && verdict.exposed(); }
};

struct ScanSettings {
  int concurrency = 64;      // worker threads, and so requests in flight at most
  bool cross_check = false;  // also ask GetBucketPolicyStatus
  // What to keep of each bucket's full verdict, in BucketResult::verdict_json
  // (the JSON outputs keep the verdict as JSON, report/verdict_json.h);
  // empty: nothing. Called on a worker thread.
  std::function<std::string(const exposure::Snapshot&, const exposure::Verdict&)> keep_verdict_json;
  const AllowList* allow = nullptr;
  int page_size = 1000;  // ListBuckets max-buckets
  // Called on a worker thread with each page of an account's bucket
  // listing, before any bucket of the account is read (progress, tests).
  std::function<void(const AccountResult&, const std::vector<aws::BucketEntry>&)> on_listed;
  // Called on a worker thread with each bucket once it is done, its
  // snapshot and verdict handed over (the scan keeps only `result`).
  std::function<void(BucketVerdict&& bucket, const BucketResult& result)> on_judged;
  // Buckets not started by then are not read: their error says the time ran
  // out (never "private").
  Deadline deadline = Deadline::Never();
  // Set: each account's buckets are read in name order, from this name on
  // (those sorting before it are not read; empty: from the first). The
  // buckets the deadline leaves unread are then the last names, which one
  // name hands on (a reconciliation split over invocations, events/reconcile.h).
  std::optional<std::string> from_bucket;
};

// Counters a progress display reads while the scan runs.
struct ScanProgress {
  std::atomic<size_t> accounts_total{0};
  std::atomic<size_t> accounts_opened{0};  // listed or failed
  std::atomic<size_t> buckets_listed{0};
  std::atomic<size_t> buckets_done{0};
  std::atomic<size_t> public_buckets{0};
  std::atomic<size_t> unknown{0};
  std::atomic<size_t> errors{0};
};

// Why a bucket the deadline left unread could not be judged: one wording for
// the scan, the account-wide rescans and the one-bucket rescan
// (notify/reasons.cc says it in Japanese).
inline constexpr std::string_view kOutOfTimeReason = "the time to read it ran out before it was read";

// Matches the bucket against `allow` and decides whether it is public only as
// an entry permits, as a scan does (Classify): for a bucket read on its own.
void ApplyAllowList(BucketVerdict& bucket, const AllowList& allow, std::chrono::system_clock::time_point now);

// Hooks for the base context of a scan: its requests go through `traffic`.
aws::Hooks ScanHooks(TrafficControl& traffic, aws::Hooks hooks = {});

class Scanner {
 public:
  // `base`: the context of the credentials bucketwatch runs with, made with
  // ScanHooks(traffic). `targets` empty: the base credentials' own account.
  Scanner(std::shared_ptr<aws::AwsContext> base, std::vector<AccountTarget> targets, ScanSettings settings,
          TrafficControl* traffic);
  ~Scanner();
  Scanner(const Scanner&) = delete;
  Scanner& operator=(const Scanner&) = delete;

  ScanReport Run();
  const ScanProgress& progress() const { return progress_; }

 private:
  struct Account;
  struct Worker;
  void OpenAccount(size_t index);
  void ReadBucket(Worker& worker, size_t account, size_t index);
  void WorkLoop();

  std::shared_ptr<aws::AwsContext> base_;
  std::vector<AccountTarget> targets_;
  ScanSettings settings_;
  TrafficControl* traffic_;
  ScanProgress progress_;
  std::vector<std::unique_ptr<Account>> accounts_;

  struct Queue;
  std::unique_ptr<Queue> queue_;
};

}  // namespace bucketwatch::scan

#endif  // BUCKETWATCH_SCAN_SCANNER_H_
