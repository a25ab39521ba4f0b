// Rescanner: the live re-read a CloudTrail call (or the scheduled scan)
// asks for, judged by the evaluator. The event worker compares each
// verdict with the stored one; where the verdicts come from is this
// interface, so tests give their own and the daemon reads AWS.
//
// The daemon's implementation (MakeAwsRescanner) is handler::RunRescan over
// handler::AwsBucketReader, as in `handle` and the Lambda function: every
// bucket of an account is read by the scan engine (scan/scanner.h).
#ifndef BUCKETWATCH_SERVE_RESCANNER_H_
#define BUCKETWATCH_SERVE_RESCANNER_H_

#include <memory>
#include <string>
#include <vector>

#include "aws/client_config.h"
#include "base/deadline.h"
#include "base/status.h"
#include "handler/rescan.h"
#include "handler/settings.h"
#include "handler/triage.h"

namespace bucketwatch::serve {

class Rescanner {
 public:
  virtual ~Rescanner() = default;
  // Called from several threads at once (serve/live_reads.h), each call
  // about another bucket or account.
  // Reads what `rescan` names: one bucket, or every bucket of the account
  // (bucket empty). Fails as a whole only when nothing could be read
  // (no credentials, the listing failed): the caller retries later. Each
  // bucket's snapshot names its account and region.
  virtual Result<std::vector<scan::BucketVerdict>> Rescan(const handler::Rescan& rescan, const Deadline& deadline) = 0;
};

// Reads AWS through aws::SnapshotReader, a fresh context per rescan so that
// the account-level Block Public Access is read again after a change to it;
// every bucket of an account with the scan engine. From `settings`: the
// allow-list (buckets public only as it permits are marked so,
// BucketVerdict::allowed) and the member role other accounts are read with.
std::unique_ptr<Rescanner> MakeAwsRescanner(aws::ClientOptions options, const handler::Settings& settings);

}  // namespace bucketwatch::serve

#endif  // BUCKETWATCH_SERVE_RESCANNER_H_
