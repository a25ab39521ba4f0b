// The rescan: what a CloudTrail call (or an event too large to judge from
// itself) did to a bucket, found by reading the bucket live and judging it
// with the evaluator (docs/realtime.md).
//
//   RunRescan     reads the bucket, or every bucket of the account for an
//                 account-level Block Public Access change or a scheduled
//                 reconciliation (with the scan engine), and evaluates each:
//                 the verdicts, with who made the call. The change step
//                 (handler/remembered.h) compares them with what was known.
//   RescanAlerts  what to announce with no memory of the state before (the
//                 Lambda function, `bucketwatch handle`): public after the
//                 change, protection turned off, or "not public" after a
//                 change that could have closed it.
//
// Where the live state comes from is a BucketReader, so that tests and the
// daemon can give their own (handler/aws_bucket_reader.h reads AWS).
#ifndef BUCKETWATCH_HANDLER_RESCAN_H_
#define BUCKETWATCH_HANDLER_RESCAN_H_

#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "base/deadline.h"
#include "base/status.h"
#include "change/change.h"
#include "exposure/snapshot.h"
#include "exposure/verdict.h"
#include "handler/triage.h"
#include "notify/alert.h"
#include "scan/scanner.h"

namespace bucketwatch::handler {

struct RescanOptions {
  int concurrency = 16;  // buckets read at once for an account-wide read
  // Buckets public only as an entry permits are not news (BucketVerdict::allowed).
  const scan::AllowList* allow = nullptr;
};

// Which of an account's buckets an account-wide read covers.
struct ReadSlice {
  // Set: in name order from this name on (empty: from the first), so that
  // the buckets a deadline leaves unread are the last names (the
  // reconciliation, Rescan::from). Unset: in the listing's order.
  std::optional<std::string> from;
};

// One account's buckets, read live.
class AccountReader {
 public:
  virtual ~AccountReader() = default;
  // One bucket's configuration; kGone when S3 says the bucket no longer exists.
  virtual Result<exposure::Snapshot> Read(const std::string& bucket) = 0;
  // Every bucket of the account, each read and judged and matched against
  // the allow-list (AWS: the scan engine, scan/scanner.h). Fails as a whole
  // only when the buckets cannot be listed; a bucket not read by `deadline`
  // is marked out_of_time.
  virtual Result<std::vector<scan::BucketVerdict>> ReadEvery(const RescanOptions& options, const ReadSlice& slice,
                                                             const Deadline& deadline) = 0;
  // The account-level Block Public Access, as read for this rescan.
  virtual exposure::Part<exposure::BlockPublicAccess> AccountBlockPublicAccess() = 0;
};

class BucketReader {
 public:
  virtual ~BucketReader() = default;
  // A reader for the account `rescan` names, with nothing remembered from an
  // earlier rescan (the call may just have changed account-level settings).
  virtual Result<std::unique_ptr<AccountReader>> Open(const Rescan& rescan) = 0;
};

struct RescanResult {
  Rescan rescan;
  Status error;  // not ok: nothing could be read (no reader, the listing failed, the deadline passed)
  std::vector<scan::BucketVerdict> buckets;
  // Buckets of an account-wide read not read before the deadline: said in
  // one alert about the account, not one each.
  std::vector<std::string> out_of_time;
  // A reconciliation's buckets handed to a new invocation instead (the
  // name they start from, and how many): neither read nor out of time.
  std::string continued_from;
  size_t continued = 0;
  exposure::Part<exposure::BlockPublicAccess> account_bpa;  // as read; for account-level changes
};

// Reads and judges what `rescan` names. Never throws; every failure is in the result.
RescanResult RunRescan(BucketReader& reader, const Rescan& rescan, const RescanOptions& options,
                       const Deadline& deadline);

// An alert about one judged bucket, saying `what`, with the call's actor and
// request. The daemon picks `what` from its own comparison.
notify::Alert BucketAlert(const Rescan& rescan, const scan::BucketVerdict& bucket, notify::What what);

// What a transition found by the change step (change/change.h) is called
// in an alert; kNarrowed and kNone are not announced (kInformational).
notify::What WhatOfChange(change::ChangeKind kind);

// The account-wide read's buckets not read in time, as one "could not be
// judged" alert about the account; nullopt when every bucket was read.
std::optional<notify::Alert> OutOfTimeAlert(const RescanResult& result);

// "; 4000 more handed to a new invocation (from logs-7)", or "": for the reason.
std::string HandedOn(const RescanResult& result);

// "CloudTrail PutBucketPolicy on bucket logs": the rescan's cause, for logs.
std::string CauseOf(const Rescan& r);

struct RescanAlertList {
  std::vector<notify::Alert> alerts;
  std::string reason;  // one sentence for the log and the summary
};

// What to announce with no stored state before (docs/realtime.md, "Lambda").
RescanAlertList RescanAlerts(const RescanResult& result);

}  // namespace bucketwatch::handler

#endif  // BUCKETWATCH_HANDLER_RESCAN_H_
