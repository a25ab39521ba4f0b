// change::Memory on the DynamoDB state table (aws/state_table.h): one item
// per bucket with the verdict digest, the time of the read it came from and
// the pending alerts; every write is conditional on the version read.
//
// Item attributes besides the key and version (docs/deploy.md, "State"):
//   digest       S  the digest as JSON (change/digest.h)
//   observed_at  N  milliseconds since the epoch
//   pending      L  of M {key S, since N, until N, abandoned BOOL, and one of
//                   repeat_payload_z B (the marked copy, zlib), payload_z B
//                   (an older entry's only copy), not_kept BOOL (no copy
//                   fitted); payload S / repeat_payload S in older records}
//   expires_at   N  seconds since the epoch: a year after the last write, so
//                   deleted buckets' records do not stay for ever
#ifndef BUCKETWATCH_STATE_DYNAMODB_MEMORY_H_
#define BUCKETWATCH_STATE_DYNAMODB_MEMORY_H_

#include <memory>

#include "aws/state_table.h"
#include "change/memory.h"

namespace bucketwatch::state {

class DynamoDbMemory final : public change::Memory {
 public:
  explicit DynamoDbMemory(std::unique_ptr<aws::StateTable> table) : table_(std::move(table)) {}

  Result<change::Recollection> Recall(std::string_view account, std::string_view bucket) override;
  Result<std::optional<int64_t>> Keep(std::string_view account, std::string_view bucket, int64_t seen_version,
                                      const change::Recollection& next) override;

  const std::string& table_name() const { return table_->name(); }

 private:
  std::unique_ptr<aws::StateTable> table_;
};

// The memory on table `table`, in the region, with the credentials and
// endpoint (AWS_ENDPOINT_URL_DYNAMODB / AWS_ENDPOINT_URL) of the environment.
Result<std::unique_ptr<DynamoDbMemory>> OpenDynamoDbMemory(const std::string& table,
                                                           const aws::ClientOptions& options = {});

// What a record may take of DynamoDB's item limit: the rest is margin for
// the key, the version and DynamoDB's own counting (docs/realtime.md,
// "Pending alerts and DynamoDB's item size").
inline constexpr size_t kPendingBudget = aws::kMaxItemBytes - 16 * 1024;

// The record as DynamoDB attributes, and back (errors name the attribute).
// Pending entries keep their marked copy deflated; over `budget` bytes, the
// oldest entries' copies are left out (not_kept) until the item fits.
aws::Item AttributesOf(const change::Recollection& r, int64_t now_seconds, size_t budget = kPendingBudget);
Result<change::Recollection> RecollectionOf(const aws::BucketRecord& record);

}  // namespace bucketwatch::state

#endif  // BUCKETWATCH_STATE_DYNAMODB_MEMORY_H_
