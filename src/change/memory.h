// Memory: what bucketwatch last knew of each bucket, kept where every
// process that judges the bucket can see it, so that the change step
// (change.h) compares a new verdict with the last one whoever made it. The
// daemon keeps it in its SQLite file; the Lambda fleet and `handle` in the
// DynamoDB state table (state/dynamodb_memory.h).
//
// Writes are conditional on the version read (optimistic concurrency): of
// two processes that judged the same change, the one whose write wins
// announces it; the other reads again and finds nothing new. The alert is
// written as pending in the same write and cleared once Slack accepted it,
// so an alert whose delivery failed is still there for the next process.
#ifndef BUCKETWATCH_CHANGE_MEMORY_H_
#define BUCKETWATCH_CHANGE_MEMORY_H_

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "base/status.h"
#include "change/digest.h"

namespace bucketwatch::change {

// An alert decided on and not yet seen accepted by Slack. Both payloads
// empty: the store could not keep its message (state/dynamodb_memory.h, the
// item size limit); whoever takes it over words it from its key.
struct PendingAlert {
  std::string key;             // the alert's dedupe key
  std::string payload;         // the Slack message, rendered
  std::string repeat_payload;  // the same marked as a possible repeat (notify::SlackMessage); empty in older records
  int64_t since_ms = 0;        // when it was decided
  int64_t until_ms = 0;        // the deciding process' deadline (ms since the epoch); 0: none known
  bool abandoned = false;      // the process that decided it gave up delivering it
};

struct Recollection {
  int64_t version = 0;  // 0: nothing is known of the bucket
  std::optional<Digest> digest;
  int64_t observed_at_ms = 0;  // when the facts of `digest` were read
  std::vector<PendingAlert> pending;
};

class Memory {
 public:
  virtual ~Memory() = default;
  virtual Result<Recollection> Recall(std::string_view account, std::string_view bucket) = 0;
  // Stores `next` (its version is ignored) when the record is still at
  // `seen_version`; the new version, or nullopt when another writer came first.
  virtual Result<std::optional<int64_t>> Keep(std::string_view account, std::string_view bucket, int64_t seen_version,
                                              const Recollection& next) = 0;
};

}  // namespace bucketwatch::change

#endif  // BUCKETWATCH_CHANGE_MEMORY_H_
