// The shared state table: one DynamoDB item per bucket, keyed by
// "<account>/<bucket>", carrying a version number for optimistic
// concurrency and whatever attributes the change step keeps (opaque here).
// Every write is a single-item conditional write on the version (DynamoDB
// "Condition expressions"; no transactions, which dynalite lacks and one
// item does not need): of two writers that read the same version, exactly
// one wins and the other is told it lost the race, re-reads and decides
// again.
//
//   aws::StateTable table(ctx, "bucketwatch-state", endpoint);
//   auto rec = table.Get(account, bucket);                // consistent read
//   int64_t seen = *rec ? (*rec)->version : 0;            // 0: no record yet
//   aws::BucketRecord next{account, bucket, seen, {{"standing", AttributeValue::String("public")}}};
//   auto w = table.PutIfVersion(next, seen);
//   if (w.ok() && !w->won()) ...                          // someone else wrote first: read again
//
// The key schema is kStatePartitionKey (a string) alone, on-demand billing;
// deploy/template.yaml declares the same (deploy/validate-template checks
// that it matches these constants) and `bucketwatch state init` creates it.
#ifndef BUCKETWATCH_AWS_STATE_TABLE_H_
#define BUCKETWATCH_AWS_STATE_TABLE_H_

#include <chrono>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "aws/dynamodb_client.h"

namespace bucketwatch::aws {

// The table's only key attribute, a string (HASH).
inline constexpr std::string_view kStatePartitionKey = "pk";
inline constexpr std::string_view kStatePartitionKeyType = "S";
// Set by every write to the version it wrote; never given by the caller.
inline constexpr std::string_view kStateVersionAttribute = "version";
// The table's TTL attribute: a Number of seconds since the epoch after which
// DynamoDB may delete the item (within days; DynamoDB "Time to Live"). The
// caller sets it where a record should not live for ever.
inline constexpr std::string_view kStateExpiresAttribute = "expires_at";

// [{pk, S, HASH}]: what `state init` creates and CheckStateTableSchema wants.
std::vector<KeyAttribute> StateTableKeySchema();

// "123456789012/my-bucket".
std::string BucketRecordKey(std::string_view account, std::string_view bucket);

struct BucketRecord {
  std::string account;
  std::string bucket;
  // The version the record was read at; 0 when it does not exist. A write
  // stores expected_version + 1.
  int64_t version = 0;
  // The caller's attributes: anything but kStatePartitionKey and
  // kStateVersionAttribute (an error names them if given).
  Item attributes;
};

struct ConditionalWrite {
  enum class Outcome : uint8_t { kWon, kLostRace };
  Outcome outcome = Outcome::kLostRace;
  int64_t version = 0;  // kWon: the version now stored (0 after a delete)
  // kLostRace: the record as it stood, when DynamoDB returned it
  // (ReturnValuesOnConditionCheckFailure; not dynalite); nullopt otherwise,
  // or when there is no record. Read it again with Get() when absent.
  std::optional<BucketRecord> current;
  bool won() const { return outcome == Outcome::kWon; }
};

class StateTable {
 public:
  StateTable(std::shared_ptr<AwsContext> context, std::string table, EndpointUrl endpoint = {});

  const std::string& name() const { return table_; }

  // The record, read consistently; nullopt when there is none.
  Result<std::optional<BucketRecord>> Get(std::string_view account, std::string_view bucket);
  // Replaces the whole record (attributes not given are dropped) when its
  // version is still `expected_version` (0: when it does not exist).
  Result<ConditionalWrite> PutIfVersion(const BucketRecord& record, int64_t expected_version);
  // Sets the attributes of `set` and removes those of `remove`, leaving the
  // others, when the version is still `expected_version` (0: creates it).
  Result<ConditionalWrite> UpdateIfVersion(std::string_view account, std::string_view bucket, int64_t expected_version,
                                           const Item& set, const std::vector<std::string>& remove = {});
  // Deletes the record when its version is still `expected_version` (>= 1).
  Result<ConditionalWrite> DeleteIfVersion(std::string_view account, std::string_view bucket, int64_t expected_version);

  DynamoDbClient& client() { return client_; }

 private:
  // A DynamoDB answer in this layer's words: the table's key schema hinted
  // at when DynamoDB says the key does not match it.
  Status Explain(const Status& status) const;
  Result<ConditionalWrite> Finish(Result<WriteOutcome> written, std::string_view account, std::string_view bucket,
                                  int64_t new_version);

  DynamoDbClient client_;
  std::string table_;
};

// A record read back from its item (checks the key and the version).
Result<BucketRecord> RecordOfItem(const Item& item, std::string_view table);

// Why `table` cannot be bucketwatch's state table ("has the key id (N,
// HASH), bucketwatch needs pk (S, HASH) alone"), or OK.
Status CheckStateTableSchema(const TableDescription& table);

// What `bucketwatch state init` did.
struct StateTableSetup {
  bool created = false;  // false: it existed already, with the right key schema
  TableDescription table;
  // TTL on kStateExpiresAttribute: "enabled", "already enabled", "not
  // supported by this endpoint", or "enabled on <other attribute>" (a warning).
  std::string time_to_live;
};

struct StateTableSetupOptions {
  std::chrono::seconds wait_for_active{300};
  std::chrono::milliseconds first_poll{250};  // doubles up to 2 s
};

// Creates the table when it does not exist, waits until it is ACTIVE and
// turns TTL on; a table that exists with another key schema is an error
// (kInvalidInput) naming what differs.
Result<StateTableSetup> SetUpStateTable(DynamoDbClient& client, const std::string& table,
                                        const StateTableSetupOptions& options = {});

}  // namespace bucketwatch::aws

#endif  // BUCKETWATCH_AWS_STATE_TABLE_H_
