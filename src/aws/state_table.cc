#include "aws/state_table.h"

#include <algorithm>

namespace bucketwatch::aws {
namespace {

constexpr std::string_view kActive = "ACTIVE";

Status CheckKeyParts(std::string_view account, std::string_view bucket) {
  if (account.empty() || bucket.empty()) return InvalidInput("a bucket record needs an account and a bucket name");
  if (account.find('/') != std::string_view::npos) {
    return InvalidInput("account \"" + std::string(account) + "\" has a '/', which the record key uses as separator");
  }
  return Status::Ok();
}

Status CheckAttributeName(const std::string& name) {
  if (name.empty()) return InvalidInput("an attribute of a bucket record has an empty name");
  if (name == kStatePartitionKey || name == kStateVersionAttribute) {
    return InvalidInput("attribute \"" + name + "\" of a bucket record is the table's own (key or version)");
  }
  return Status::Ok();
}

// The condition that the stored version is still `expected` (0: no item).
void VersionCondition(int64_t expected, Expressions& e) {
  if (expected == 0) {
    e.condition = "attribute_not_exists(#pk)";
    e.names["#pk"] = std::string(kStatePartitionKey);
  } else {
    e.condition = "#v = :expected";
    e.names["#v"] = std::string(kStateVersionAttribute);
    e.values[":expected"] = AttributeValue::Number(expected);
  }
}

Item KeyOf(std::string_view account, std::string_view bucket) {
  return Item{{std::string(kStatePartitionKey), AttributeValue::String(BucketRecordKey(account, bucket))}};
}

std::string Describe(const std::vector<KeyAttribute>& key) {
  if (key.empty()) return "no key";
  std::string out;
  for (const KeyAttribute& k : key) {
    if (!out.empty()) out += ", ";
    out += k.name + " (" + (k.type.empty() ? "?" : k.type) + ", " + k.role + ")";
  }
  return out;
}

// Waits until the table is ACTIVE (CreateTable answers CREATING).
Result<TableDescription> WaitUntilActive(DynamoDbClient& client, TableDescription table,
                                         const StateTableSetupOptions& options) {
  AwsContext& ctx = client.context();
  auto deadline = ctx.Now() + options.wait_for_active;
  std::chrono::milliseconds poll = options.first_poll;
  while (table.status != kActive) {
    if (ctx.Now() >= deadline) {
      return Status(StatusCode::kUnavailable, "DynamoDB DescribeTable (table " + table.name + "): still " +
                                                  table.status + " after " +
                                                  std::to_string(options.wait_for_active.count()) + " s");
    }
    ctx.Sleep(poll);
    poll = std::min<std::chrono::milliseconds>(poll * 2, std::chrono::seconds(2));
    BW_ASSIGN_OR_RETURN(std::optional<TableDescription> now, client.DescribeTable(table.name));
    // Just after CreateTable, a DescribeTable may not see the table yet.
    if (now) table = std::move(*now);
  }
  return table;
}

Result<std::string> TurnOnTimeToLive(DynamoDbClient& client, const std::string& table) {
  const std::string attribute(kStateExpiresAttribute);
  BW_ASSIGN_OR_RETURN(TimeToLive ttl, client.DescribeTimeToLive(table));
  if (ttl.status == "ENABLED" || ttl.status == "ENABLING") {
    if (ttl.attribute == attribute) return std::string("already enabled on " + attribute);
    return "enabled on " + ttl.attribute + ", not on " + attribute + ": bucketwatch's records will not expire";
  }
  BW_ASSIGN_OR_RETURN(bool done, client.UpdateTimeToLive(table, attribute, true));
  if (!done) return std::string("not supported by this endpoint (UpdateTimeToLive is unknown to it)");
  return "enabled on " + attribute;
}

}  // namespace

std::vector<KeyAttribute> StateTableKeySchema() {
  return {{std::string(kStatePartitionKey), std::string(kStatePartitionKeyType), "HASH"}};
}

std::string BucketRecordKey(std::string_view account, std::string_view bucket) {
  std::string key;
  key.reserve(account.size() + 1 + bucket.size());
  key.append(account).append("/").append(bucket);
  return key;
}

StateTable::StateTable(std::shared_ptr<AwsContext> context, std::string table, EndpointUrl endpoint)
    : client_(std::move(context), std::move(endpoint)), table_(std::move(table)) {}

Status StateTable::Explain(const Status& status) const {
  const std::string& m = status.message();
  bool key_mismatch = m.find("key element does not match the schema") != std::string::npos ||
                      m.find("Missing the key") != std::string::npos ||
                      m.find("Type mismatch for key") != std::string::npos;
  if (status.code() != StatusCode::kInvalidInput || !key_mismatch) return status;
  return Status(status.code(), m + " (bucketwatch's state table has " + Describe(StateTableKeySchema()) +
                                   " as its only key; `bucketwatch state init --table " + table_ +
                                   "` says what this one has)");
}

Result<std::optional<BucketRecord>> StateTable::Get(std::string_view account, std::string_view bucket) {
  BW_RETURN_IF_ERROR(CheckKeyParts(account, bucket));
  auto item = client_.GetItem(table_, KeyOf(account, bucket), /*consistent_read=*/true);
  if (!item.ok()) return Explain(item.status());
  if (!*item) return std::optional<BucketRecord>();
  BW_ASSIGN_OR_RETURN(BucketRecord record, RecordOfItem(**item, table_));
  return std::optional<BucketRecord>(std::move(record));
}

Result<ConditionalWrite> StateTable::Finish(Result<WriteOutcome> written, std::string_view account,
                                            std::string_view bucket, int64_t new_version) {
  if (!written.ok()) return Explain(written.status());
  ConditionalWrite out;
  if (!written->condition_failed) {
    out.outcome = ConditionalWrite::Outcome::kWon;
    out.version = new_version;
    return out;
  }
  out.outcome = ConditionalWrite::Outcome::kLostRace;
  if (!written->attributes.empty()) {
    BW_ASSIGN_OR_RETURN(BucketRecord current, RecordOfItem(written->attributes, table_));
    if (current.account != account || current.bucket != bucket) {
      return InvalidInput("DynamoDB (table " + table_ + "): the item returned for " + BucketRecordKey(account, bucket) +
                          " is " + BucketRecordKey(current.account, current.bucket));
    }
    out.current = std::move(current);
  }
  return out;
}

Result<ConditionalWrite> StateTable::PutIfVersion(const BucketRecord& record, int64_t expected_version) {
  BW_RETURN_IF_ERROR(CheckKeyParts(record.account, record.bucket));
  if (expected_version < 0) return InvalidInput("a bucket record's expected version cannot be negative");
  PutItemInput input{.table = table_, .item = record.attributes, .item_on_condition_failure = true};
  for (const auto& [name, value] : input.item) BW_RETURN_IF_ERROR(CheckAttributeName(name));
  input.item[std::string(kStatePartitionKey)] = AttributeValue::String(BucketRecordKey(record.account, record.bucket));
  input.item[std::string(kStateVersionAttribute)] = AttributeValue::Number(expected_version + 1);
  VersionCondition(expected_version, input.expressions);
  return Finish(client_.PutItem(input), record.account, record.bucket, expected_version + 1);
}

Result<ConditionalWrite> StateTable::UpdateIfVersion(std::string_view account, std::string_view bucket,
                                                     int64_t expected_version, const Item& set,
                                                     const std::vector<std::string>& remove) {
  BW_RETURN_IF_ERROR(CheckKeyParts(account, bucket));
  if (expected_version < 0) return InvalidInput("a bucket record's expected version cannot be negative");
  UpdateItemInput input{.table = table_, .key = KeyOf(account, bucket), .item_on_condition_failure = true};
  VersionCondition(expected_version, input.expressions);
  Expressions& e = input.expressions;
  e.names["#v"] = std::string(kStateVersionAttribute);
  e.values[":next"] = AttributeValue::Number(expected_version + 1);
  std::string update = "SET #v = :next";
  int i = 0;
  for (const auto& [name, value] : set) {
    BW_RETURN_IF_ERROR(CheckAttributeName(name));
    std::string n = "#s" + std::to_string(i), v = ":s" + std::to_string(i++);
    e.names[n] = name;
    e.values[v] = value;
    update += ", " + n + " = " + v;
  }
  i = 0;
  for (const std::string& name : remove) {
    BW_RETURN_IF_ERROR(CheckAttributeName(name));
    if (set.contains(name)) return InvalidInput("attribute \"" + name + "\" is both set and removed");
    std::string n = "#r" + std::to_string(i++);
    e.names[n] = name;
    update += (i == 1 ? " REMOVE " : ", ") + n;
  }
  input.update = std::move(update);
  return Finish(client_.UpdateItem(input), account, bucket, expected_version + 1);
}

Result<ConditionalWrite> StateTable::DeleteIfVersion(std::string_view account, std::string_view bucket,
                                                     int64_t expected_version) {
  BW_RETURN_IF_ERROR(CheckKeyParts(account, bucket));
  if (expected_version < 1) return InvalidInput("deleting a bucket record needs the version it was read at (>= 1)");
  DeleteItemInput input{.table = table_, .key = KeyOf(account, bucket), .item_on_condition_failure = true};
  VersionCondition(expected_version, input.expressions);
  return Finish(client_.DeleteItem(input), account, bucket, 0);
}

Result<BucketRecord> RecordOfItem(const Item& item, std::string_view table) {
  auto where = [&](std::string_view what) {
    return InvalidInput("DynamoDB table " + std::string(table) + ": an item " + std::string(what));
  };
  auto pk = item.find(kStatePartitionKey);
  if (pk == item.end() || pk->second.AsString() == nullptr)
    return where("has no string " + std::string(kStatePartitionKey));
  const std::string& key = *pk->second.AsString();
  size_t slash = key.find('/');
  if (slash == std::string::npos || slash == 0 || slash + 1 == key.size()) {
    return where("has " + std::string(kStatePartitionKey) + " \"" + key + "\", not \"<account>/<bucket>\"");
  }
  BucketRecord r{.account = key.substr(0, slash), .bucket = key.substr(slash + 1)};
  auto version = item.find(kStateVersionAttribute);
  std::optional<int64_t> v = version == item.end() ? std::nullopt : version->second.AsInt();
  if (!v || *v < 1) {
    return where(key + " has no " + std::string(kStateVersionAttribute) + " that is a whole number >= 1");
  }
  r.version = *v;
  for (const auto& [name, value] : item) {
    if (name != kStatePartitionKey && name != kStateVersionAttribute) r.attributes.emplace(name, value);
  }
  return r;
}

Status CheckStateTableSchema(const TableDescription& table) {
  std::vector<KeyAttribute> want = StateTableKeySchema();
  if (table.key_schema == want) return Status::Ok();
  return InvalidInput("table " + table.name + " has the key " + Describe(table.key_schema) + "; bucketwatch needs " +
                      Describe(want) + " alone (choose another table name)");
}

Result<StateTableSetup> SetUpStateTable(DynamoDbClient& client, const std::string& table,
                                        const StateTableSetupOptions& options) {
  StateTableSetup setup;
  BW_ASSIGN_OR_RETURN(std::optional<TableDescription> existing, client.DescribeTable(table));
  if (existing) {
    BW_RETURN_IF_ERROR(CheckStateTableSchema(*existing));
    setup.table = std::move(*existing);
  } else {
    auto created = client.CreateTable(table, StateTableKeySchema());
    if (!created.ok()) {
      // Someone else may have created it in between: then it is theirs to check.
      BW_ASSIGN_OR_RETURN(std::optional<TableDescription> again, client.DescribeTable(table));
      if (!again) return created.status();
      BW_RETURN_IF_ERROR(CheckStateTableSchema(*again));
      setup.table = std::move(*again);
    } else {
      setup.created = true;
      setup.table = std::move(created).value();
      if (setup.table.name.empty()) setup.table.name = table;
    }
  }
  BW_ASSIGN_OR_RETURN(setup.table, WaitUntilActive(client, std::move(setup.table), options));
  BW_ASSIGN_OR_RETURN(setup.time_to_live, TurnOnTimeToLive(client, table));
  return setup;
}

}  // namespace bucketwatch::aws
