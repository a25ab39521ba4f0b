#include "aws/dynamodb_client.h"

#include <nlohmann/json.hpp>

#include "aws/json_responses.h"

namespace bucketwatch::aws {
namespace {

using Json = nlohmann::ordered_json;

constexpr std::string_view kConditionFailed = "ConditionalCheckFailedException";

std::string Dump(const Json& j) { return j.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace); }

std::string_view ReturnValuesName(ReturnValues r) {
  switch (r) {
    case ReturnValues::kNone: return "NONE";
    case ReturnValues::kAllOld: return "ALL_OLD";
    case ReturnValues::kAllNew: return "ALL_NEW";
    case ReturnValues::kUpdatedOld: return "UPDATED_OLD";
    case ReturnValues::kUpdatedNew: return "UPDATED_NEW";
  }
  return "NONE";
}

// TableName, the expressions and the ReturnValues* members every write shares.
Json WriteBody(const std::string& table, const Expressions& e, ReturnValues return_values, bool item_on_failure) {
  Json j = Json::object();
  j["TableName"] = table;
  if (!e.condition.empty()) j["ConditionExpression"] = e.condition;
  if (!e.names.empty()) j["ExpressionAttributeNames"] = e.names;
  if (!e.values.empty()) j["ExpressionAttributeValues"] = ToJson(e.values);
  if (return_values != ReturnValues::kNone) j["ReturnValues"] = ReturnValuesName(return_values);
  if (item_on_failure) j["ReturnValuesOnConditionCheckFailure"] = "ALL_OLD";
  return j;
}

bool IsAccessDenied(std::string_view code) {
  return code == "AccessDeniedException" || code == "UnrecognizedClientException" ||
         code == "MissingAuthenticationTokenException" || code == "InvalidSignatureException" ||
         code == "IncompleteSignatureException" || code == "ExpiredTokenException" || code == "InvalidClientTokenId" ||
         code == "SignatureDoesNotMatch";
}

std::string TableOf(const AwsRequest& request) {
  constexpr std::string_view kPrefix = "table ";
  return request.resource.rfind(kPrefix, 0) == 0 ? request.resource.substr(kPrefix.size()) : request.resource;
}

Result<std::vector<KeyAttribute>> ParseKeySchema(json::Object table, const json::Path& path) {
  std::map<std::string, std::string, std::less<>> types;  // AttributeDefinitions: name -> S|N|B
  json::Element defs;
  json::Path defs_path = path.Key("AttributeDefinitions");
  if (table["AttributeDefinitions"].get(defs) == simdjson::SUCCESS && !defs.is_null()) {
    json::Array array;
    if (defs.get(array) != simdjson::SUCCESS) return json::TypeError(defs_path, "an array", defs);
    size_t i = 0;
    for (json::Element d : array) {
      json::Path at = defs_path.Index(i++);
      json::Object o;
      if (d.get(o) != simdjson::SUCCESS) return json::TypeError(at, "an object", d);
      BW_ASSIGN_OR_RETURN(std::string name, OptionalStringMember(o, "AttributeName", at));
      BW_ASSIGN_OR_RETURN(types[name], OptionalStringMember(o, "AttributeType", at));
    }
  }
  std::vector<KeyAttribute> key;
  json::Element schema;
  json::Path schema_path = path.Key("KeySchema");
  if (table["KeySchema"].get(schema) != simdjson::SUCCESS || schema.is_null()) return key;
  json::Array array;
  if (schema.get(array) != simdjson::SUCCESS) return json::TypeError(schema_path, "an array", schema);
  size_t i = 0;
  for (json::Element k : array) {
    json::Path at = schema_path.Index(i++);
    json::Object o;
    if (k.get(o) != simdjson::SUCCESS) return json::TypeError(at, "an object", k);
    KeyAttribute a;
    BW_ASSIGN_OR_RETURN(a.name, OptionalStringMember(o, "AttributeName", at));
    BW_ASSIGN_OR_RETURN(a.role, OptionalStringMember(o, "KeyType", at));
    auto type = types.find(a.name);
    if (type != types.end()) a.type = type->second;
    key.push_back(std::move(a));
  }
  return key;
}

}  // namespace

Status DynamoDbError(const AwsRequest& request, const AwsResponse& response) {
  std::string_view code = response.code();
  std::string what = request.Describe() + ": ";
  StatusCode status = StatusCodeOf(response);
  if (code == "ResourceNotFoundException") {
    what += "table " + TableOf(request) + " does not exist in " + request.target.signing_region +
            " (or is not ACTIVE yet): ";
    status = StatusCode::kNotFound;
  } else if (ClassifyResponse(response.status, code) == RetryKind::kThrottle) {
    what += "throttled: ";
    status = StatusCode::kUnavailable;
  } else if (IsAccessDenied(code)) {
    what += "access denied: ";
    status = StatusCode::kPermissionDenied;
  } else if (code == "ValidationException" || code == "SerializationException") {
    what += "rejected: ";
    status = StatusCode::kInvalidInput;
  } else if (status == StatusCode::kNotFound) {
    // A 404 without ResourceNotFoundException: the endpoint is not DynamoDB.
    what += "the endpoint " + request.target.base + " does not answer as DynamoDB: ";
    status = StatusCode::kInvalidInput;
  }
  return Status(status, what + response.Describe());
}

DynamoDbClient::DynamoDbClient(std::shared_ptr<AwsContext> context, EndpointUrl endpoint)
    : client_(std::move(context), kDynamoDbProtocol, std::move(endpoint)) {}

Result<AwsResponse> DynamoDbClient::Send(std::string_view operation, std::string body, const std::string& table,
                                         bool conditional) {
  AwsRequest request = client_.Request(operation, std::move(body), "", "table " + table);
  BW_ASSIGN_OR_RETURN(AwsResponse response, client_.Exchange(request));
  if (response.ok() || (conditional && response.code() == kConditionFailed)) return response;
  return DynamoDbError(request, response);
}

Result<WriteOutcome> DynamoDbClient::Write(std::string_view operation, std::string body, const std::string& table) {
  BW_ASSIGN_OR_RETURN(AwsResponse response, Send(operation, std::move(body), table, /*conditional=*/true));
  WriteOutcome out;
  out.condition_failed = !response.ok();
  auto attributes = ParseWriteAttributes(response.body, out.condition_failed ? "Item" : "Attributes");
  if (!attributes.ok()) {
    return InvalidInput("DynamoDB " + std::string(operation) + " (table " + table +
                        "): " + attributes.status().ToString());
  }
  out.attributes = std::move(attributes).value();
  return out;
}

std::string DynamoDbClient::GetItemBody(const std::string& table, const Item& key, bool consistent_read) {
  Json j = Json::object();
  j["TableName"] = table;
  j["Key"] = ToJson(key);
  j["ConsistentRead"] = consistent_read;
  return Dump(j);
}

std::string DynamoDbClient::PutItemBody(const PutItemInput& input) {
  Json j = WriteBody(input.table, input.expressions, input.return_values, input.item_on_condition_failure);
  j["Item"] = ToJson(input.item);
  return Dump(j);
}

std::string DynamoDbClient::UpdateItemBody(const UpdateItemInput& input) {
  Json j = WriteBody(input.table, input.expressions, input.return_values, input.item_on_condition_failure);
  j["Key"] = ToJson(input.key);
  j["UpdateExpression"] = input.update;
  return Dump(j);
}

std::string DynamoDbClient::DeleteItemBody(const DeleteItemInput& input) {
  Json j = WriteBody(input.table, input.expressions, input.return_values, input.item_on_condition_failure);
  j["Key"] = ToJson(input.key);
  return Dump(j);
}

std::string DynamoDbClient::CreateTableBody(const std::string& table, const std::vector<KeyAttribute>& key_schema) {
  Json defs = Json::array(), keys = Json::array();
  for (const KeyAttribute& k : key_schema) {
    defs.push_back(Json{{"AttributeName", k.name}, {"AttributeType", k.type}});
    keys.push_back(Json{{"AttributeName", k.name}, {"KeyType", k.role}});
  }
  Json j = Json::object();
  j["TableName"] = table;
  j["AttributeDefinitions"] = std::move(defs);
  j["KeySchema"] = std::move(keys);
  j["BillingMode"] = "PAY_PER_REQUEST";
  return Dump(j);
}

Result<std::optional<Item>> DynamoDbClient::GetItem(const std::string& table, const Item& key, bool consistent_read) {
  BW_ASSIGN_OR_RETURN(AwsResponse response, Send("GetItem", GetItemBody(table, key, consistent_read), table));
  auto item = ParseGetItem(response.body);
  if (!item.ok()) return InvalidInput("DynamoDB GetItem (table " + table + "): " + item.status().ToString());
  return item;
}

Result<WriteOutcome> DynamoDbClient::PutItem(const PutItemInput& input) {
  return Write("PutItem", PutItemBody(input), input.table);
}

Result<WriteOutcome> DynamoDbClient::UpdateItem(const UpdateItemInput& input) {
  return Write("UpdateItem", UpdateItemBody(input), input.table);
}

Result<WriteOutcome> DynamoDbClient::DeleteItem(const DeleteItemInput& input) {
  return Write("DeleteItem", DeleteItemBody(input), input.table);
}

Result<TableDescription> DynamoDbClient::CreateTable(const std::string& table,
                                                     const std::vector<KeyAttribute>& key_schema) {
  BW_ASSIGN_OR_RETURN(AwsResponse response, Send("CreateTable", CreateTableBody(table, key_schema), table));
  auto d = ParseTableDescription(response.body, "TableDescription");
  if (!d.ok()) return InvalidInput("DynamoDB CreateTable (table " + table + "): " + d.status().ToString());
  return d;
}

Result<std::optional<TableDescription>> DynamoDbClient::DescribeTable(const std::string& table) {
  auto response = Send("DescribeTable", Dump(Json{{"TableName", table}}), table);
  if (!response.ok()) {
    if (response.status().code() == StatusCode::kNotFound) return std::optional<TableDescription>();
    return response.status();
  }
  auto d = ParseTableDescription(response->body, "Table");
  if (!d.ok()) return InvalidInput("DynamoDB DescribeTable (table " + table + "): " + d.status().ToString());
  return std::optional<TableDescription>(std::move(d).value());
}

Result<TimeToLive> DynamoDbClient::DescribeTimeToLive(const std::string& table) {
  BW_ASSIGN_OR_RETURN(AwsResponse response, Send("DescribeTimeToLive", Dump(Json{{"TableName", table}}), table));
  json::Parser parser;
  auto parsed = [&]() -> Result<TimeToLive> {
    BW_ASSIGN_OR_RETURN(json::Object root, ParseJsonObject(parser, response.body, "answer"));
    json::Path path;
    json::Path ttl_path = path.Key("TimeToLiveDescription");
    json::Element d;
    if (root["TimeToLiveDescription"].get(d) != simdjson::SUCCESS) {
      return InvalidInput("no TimeToLiveDescription", ttl_path.Pointer());
    }
    json::Object o;
    if (d.get(o) != simdjson::SUCCESS) return json::TypeError(ttl_path, "an object", d);
    TimeToLive ttl;
    BW_ASSIGN_OR_RETURN(ttl.status, OptionalStringMember(o, "TimeToLiveStatus", ttl_path));
    BW_ASSIGN_OR_RETURN(ttl.attribute, OptionalStringMember(o, "AttributeName", ttl_path));
    return ttl;
  }();
  if (!parsed.ok())
    return InvalidInput("DynamoDB DescribeTimeToLive (table " + table + "): " + parsed.status().ToString());
  return parsed;
}

Result<bool> DynamoDbClient::UpdateTimeToLive(const std::string& table, const std::string& attribute, bool enabled) {
  Json j{{"TableName", table}, {"TimeToLiveSpecification", Json{{"AttributeName", attribute}, {"Enabled", enabled}}}};
  AwsRequest request = client_.Request("UpdateTimeToLive", Dump(j), "", "table " + table);
  BW_ASSIGN_OR_RETURN(AwsResponse response, client_.Exchange(request));
  if (response.ok()) return true;
  if (response.code() == "UnknownOperationException") return false;
  return DynamoDbError(request, response);
}

Result<std::optional<Item>> ParseGetItem(std::string_view body) {
  json::Parser parser;
  BW_ASSIGN_OR_RETURN(json::Object root, ParseJsonObject(parser, body, "answer"));
  json::Element item;
  if (root["Item"].get(item) != simdjson::SUCCESS || item.is_null()) return std::optional<Item>();
  BW_ASSIGN_OR_RETURN(Item parsed, ParseItem(item, json::Path().Key("Item")));
  return std::optional<Item>(std::move(parsed));
}

Result<Item> ParseWriteAttributes(std::string_view body, std::string_view member) {
  if (body.empty()) return Item();
  json::Parser parser;
  BW_ASSIGN_OR_RETURN(json::Object root, ParseJsonObject(parser, body, "answer"));
  json::Element attributes;
  if (root[member].get(attributes) != simdjson::SUCCESS || attributes.is_null()) return Item();
  return ParseItem(attributes, json::Path().Key(member));
}

Result<TableDescription> ParseTableDescription(std::string_view body, std::string_view member) {
  json::Parser parser;
  BW_ASSIGN_OR_RETURN(json::Object root, ParseJsonObject(parser, body, "answer"));
  json::Path path;
  json::Path table_path = path.Key(member);
  json::Element t;
  if (root[member].get(t) != simdjson::SUCCESS) return InvalidInput("no " + std::string(member), table_path.Pointer());
  json::Object table;
  if (t.get(table) != simdjson::SUCCESS) return json::TypeError(table_path, "an object", t);
  TableDescription d;
  BW_ASSIGN_OR_RETURN(d.name, OptionalStringMember(table, "TableName", table_path));
  BW_ASSIGN_OR_RETURN(d.arn, OptionalStringMember(table, "TableArn", table_path));
  BW_ASSIGN_OR_RETURN(d.status, OptionalStringMember(table, "TableStatus", table_path));
  json::Element billing;
  if (table["BillingModeSummary"].get(billing) == simdjson::SUCCESS && !billing.is_null()) {
    json::Object b;
    json::Path billing_path = table_path.Key("BillingModeSummary");
    if (billing.get(b) != simdjson::SUCCESS) return json::TypeError(billing_path, "an object", billing);
    BW_ASSIGN_OR_RETURN(d.billing_mode, OptionalStringMember(b, "BillingMode", billing_path));
  }
  if (d.billing_mode.empty()) d.billing_mode = "PROVISIONED";
  BW_ASSIGN_OR_RETURN(d.key_schema, ParseKeySchema(table, table_path));
  return d;
}

}  // namespace bucketwatch::aws
