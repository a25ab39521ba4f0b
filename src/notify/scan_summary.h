// The closing message of `bucketwatch scan --notify`, and of the first
// scheduled reconciliation of an account (`first_of_account`): the counts, the
// accounts that could not be scanned, the buckets that could not be judged
// or read, expired allow-list entries, and how many public buckets had no
// message of their own; in English or Japanese, built of the same blocks as
// every alert.
#ifndef BUCKETWATCH_NOTIFY_SCAN_SUMMARY_H_
#define BUCKETWATCH_NOTIFY_SCAN_SUMMARY_H_

#include <chrono>
#include <string>
#include <vector>

#include "notify/blocks.h"

namespace bucketwatch::notify {

struct ScanSummary {
  size_t scanned = 0;
  size_t public_buckets = 0;
  size_t allowed = 0;
  size_t cross_account = 0;
  size_t unknown = 0;
  size_t errors = 0;
  size_t accounts = 0;
  size_t account_errors = 0;

  // One line of a section: an account or bucket (with its account), and why
  // (English, as AWS or the evaluator said it; translated when rendered).
  struct Listed {
    std::string name;
    std::string account;
    std::string reason;
    std::string expires;  // expired allow-list entries only
  };
  std::vector<Listed> accounts_failed;
  std::vector<Listed> cannot_judge;
  std::vector<Listed> cannot_read;
  std::vector<Listed> expired;

  size_t not_sent = 0;  // public buckets without a message of their own
  // Buckets of the account left to later invocations of a reconciliation
  // (not counted above; each says its own news).
  size_t continued = 0;
  std::string finished_at;  // RFC 3339
  std::chrono::milliseconds elapsed{0};
  // Set: the first reconciliation of this account, worded as bucketwatch
  // starting to watch it.
  std::string first_of_account;
};

SlackMessage RenderScanSummary(const ScanSummary& summary, const MessageOptions& options);

}  // namespace bucketwatch::notify

#endif  // BUCKETWATCH_NOTIFY_SCAN_SUMMARY_H_
