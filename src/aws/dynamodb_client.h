// Amazon DynamoDB over its JSON 1.0 protocol (X-Amz-Target
// DynamoDB_20120810.<Operation>, SigV4 service "dynamodb"; DynamoDB API
// Reference): the single-item calls bucketwatch's shared state needs, with
// condition expressions, and the table calls `bucketwatch state init` needs.
// The endpoint follows AWS_ENDPOINT_URL_DYNAMODB / AWS_ENDPOINT_URL like
// every client (ResolveJsonEndpoint(kDynamoDbProtocol, ...)).
//
// Outcomes. A condition that does not hold (ConditionalCheckFailedException)
// is not an error: the write answers condition_failed, since for optimistic
// concurrency it means "someone else wrote first". Every error names the call
// and the table, and is classified by its StatusCode:
//   kNotFound          ResourceNotFoundException: the table does not exist
//                      (or is not ACTIVE yet) in that region
//   kUnavailable       throttling (ProvisionedThroughputExceededException,
//                      ThrottlingException, RequestLimitExceeded), 5xx, no
//                      answer; already retried by the standard retry mode
//   kPermissionDenied  AccessDeniedException, unknown or expired credentials
//   kInvalidInput      ValidationException (a key that does not match the
//                      table's key schema, a bad expression) and the rest
//
//   aws::DynamoDbClient db(ctx, endpoint);   // one per thread
//   auto item = db.GetItem("bucketwatch-state", {{"pk", AttributeValue::String("1234/logs")}});
#ifndef BUCKETWATCH_AWS_DYNAMODB_CLIENT_H_
#define BUCKETWATCH_AWS_DYNAMODB_CLIENT_H_

#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "aws/dynamodb_item.h"
#include "aws/json_client.h"

namespace bucketwatch::aws {

// An expression's placeholders, shared by the condition and (UpdateItem) the
// update expression, as DynamoDB shares them.
struct Expressions {
  std::string condition;                     // ConditionExpression; empty: unconditional
  std::map<std::string, std::string> names;  // ExpressionAttributeNames: "#v" -> "version"
  Item values;                               // ExpressionAttributeValues: ":v" -> {"N": "3"}
};

enum class ReturnValues : uint8_t { kNone, kAllOld, kAllNew, kUpdatedOld, kUpdatedNew };

struct PutItemInput {
  std::string table;
  Item item;
  Expressions expressions;
  ReturnValues return_values = ReturnValues::kNone;  // PutItem: kNone or kAllOld
  // Ask for the item as it stood when the condition failed
  // (ReturnValuesOnConditionCheckFailure ALL_OLD); servers that do not
  // implement it (dynalite) leave WriteOutcome::attributes empty.
  bool item_on_condition_failure = false;
};

struct UpdateItemInput {
  std::string table;
  Item key;
  std::string update;  // UpdateExpression: "SET #a = :a REMOVE #b"
  Expressions expressions;
  ReturnValues return_values = ReturnValues::kNone;
  bool item_on_condition_failure = false;
};

struct DeleteItemInput {
  std::string table;
  Item key;
  Expressions expressions;
  ReturnValues return_values = ReturnValues::kNone;  // DeleteItem: kNone or kAllOld
  bool item_on_condition_failure = false;
};

struct WriteOutcome {
  // The condition did not hold and nothing was written (a lost race).
  bool condition_failed = false;
  // ReturnValues' attributes when written; when the condition failed, the
  // item as it stood (item_on_condition_failure, where the server says).
  Item attributes;
};

// One attribute of a key schema.
struct KeyAttribute {
  std::string name;
  std::string type;  // "S", "N" or "B" (AttributeDefinitions)
  std::string role;  // "HASH" (partition key) or "RANGE" (sort key)
  friend bool operator==(const KeyAttribute&, const KeyAttribute&) = default;
};

struct TableDescription {
  std::string name;
  std::string arn;
  std::string status;        // CREATING, ACTIVE, UPDATING, DELETING, ...
  std::string billing_mode;  // PAY_PER_REQUEST, PROVISIONED (absent: PROVISIONED)
  std::vector<KeyAttribute> key_schema;
};

struct TimeToLive {
  std::string status;     // ENABLED, DISABLED, ENABLING, DISABLING
  std::string attribute;  // empty when disabled
};

class DynamoDbClient {
 public:
  // `endpoint`: an override (dynalite, a VPC endpoint); empty: AWS's own in
  // the context's region.
  DynamoDbClient(std::shared_ptr<AwsContext> context, EndpointUrl endpoint = {});

  // The item, or nullopt when there is none with that key.
  Result<std::optional<Item>> GetItem(const std::string& table, const Item& key, bool consistent_read = true);
  Result<WriteOutcome> PutItem(const PutItemInput& input);
  Result<WriteOutcome> UpdateItem(const UpdateItemInput& input);
  Result<WriteOutcome> DeleteItem(const DeleteItemInput& input);

  // On-demand (PAY_PER_REQUEST) table with that key schema; answers the
  // description (status CREATING: wait for ACTIVE with DescribeTable).
  Result<TableDescription> CreateTable(const std::string& table, const std::vector<KeyAttribute>& key_schema);
  // nullopt when the table does not exist.
  Result<std::optional<TableDescription>> DescribeTable(const std::string& table);
  Result<TimeToLive> DescribeTimeToLive(const std::string& table);
  // false: the endpoint does not know the operation (dynalite has no TTL).
  Result<bool> UpdateTimeToLive(const std::string& table, const std::string& attribute, bool enabled);

  // The request bodies, for tests against the documented wire shapes.
  static std::string GetItemBody(const std::string& table, const Item& key, bool consistent_read);
  static std::string PutItemBody(const PutItemInput& input);
  static std::string UpdateItemBody(const UpdateItemInput& input);
  static std::string DeleteItemBody(const DeleteItemInput& input);
  static std::string CreateTableBody(const std::string& table, const std::vector<KeyAttribute>& key_schema);

  AwsContext& context() { return client_.context(); }

 private:
  // The 2xx answer or, where `conditional`, a failed condition's answer;
  // every other failure as a classified error.
  Result<AwsResponse> Send(std::string_view operation, std::string body, const std::string& table,
                           bool conditional = false);
  Result<WriteOutcome> Write(std::string_view operation, std::string body, const std::string& table);

  JsonClient client_;
};

// The error a DynamoDB answer stands for (see the table above), naming the
// call and the table.
Status DynamoDbError(const AwsRequest& request, const AwsResponse& response);

// The answers, parsed (exposed for tests).
Result<std::optional<Item>> ParseGetItem(std::string_view body);
Result<TableDescription> ParseTableDescription(std::string_view body, std::string_view member);
// The "Attributes" of a write's answer, or the "Item" of a
// ConditionalCheckFailedException's body; empty when absent.
Result<Item> ParseWriteAttributes(std::string_view body, std::string_view member);

}  // namespace bucketwatch::aws

#endif  // BUCKETWATCH_AWS_DYNAMODB_CLIENT_H_
