// The DynamoDB client and the state table on scripted answers (the wire
// shapes themselves are checked against botocore in wire_test.cc, and the
// behaviour against a real DynamoDB-API server in
// tests/integration/dynalite_test.cc): typed values, error classes and
// messages, retries, the version conditions, and `state init`'s steps.
#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "aws/crypto.h"
#include "aws/dynamodb_client.h"
#include "aws/state_table.h"
#include "fake_transport.h"
#include "test_files.h"

namespace bucketwatch::aws {
namespace {

using Json = nlohmann::json;
using testing::FakeHooks;
using testing::ReadData;
using testing::Script;

const std::string kTable = "bucketwatch-state";

std::shared_ptr<AwsContext> ScriptedContext(std::shared_ptr<Script> script, std::vector<long>* slept = nullptr) {
  ClientConfig config;
  config.region = "ap-northeast-1";
  config.max_attempts = 3;
  Credentials c{.access_key_id = "AKIDEXAMPLE", .secret_access_key = "secret", .source = "test"};
  return std::make_shared<AwsContext>(config, std::make_unique<StaticCredentialsProvider>(c),
                                      FakeHooks(std::move(script), Clock::now(), slept));
}

Result<Item> ParseItemText(std::string_view text) {
  static json::Parser parser;
  auto root = parser.Parse(text);
  if (!root.ok()) return root.status();
  return ParseItem(*root, json::Path());
}

bool Has(const Status& s, std::string_view text) { return s.message().find(text) != std::string::npos; }

TEST(Base64, RoundTripsAndRefusesWhatIsNotCanonical) {
  for (std::string bytes : {std::string(), std::string("f"), std::string("fo"), std::string("foo"),
                            std::string("\xde\xad\xbe\xef", 4), std::string("\0\0\0\0", 4)}) {
    std::string text = Base64Encode(bytes);
    EXPECT_EQ(Base64Decode(text), bytes) << text;
  }
  EXPECT_EQ(Base64Encode("\xde\xad\xbe\xef"), "3q2+7w==");
  EXPECT_EQ(Base64Decode("Zm9vYmFy"), "foobar");
  for (std::string bad : {"Zm9", "Zm9v!", "Zm=v", "=Zm9", "Zm9v====", " Zm9v"}) {
    EXPECT_FALSE(Base64Decode(bad).has_value()) << bad;
  }
}

TEST(AttributeValue, ReadsEveryTypeOfTheDocumentedItem) {
  auto item = ParseGetItem(ReadData("api/dynamodb/GetItem.response.json"));
  ASSERT_TRUE(item.ok()) << item.status().ToString();
  ASSERT_TRUE(item->has_value());
  const Item& i = **item;
  EXPECT_EQ(*i.at("pk").AsString(), "123456789012/example-bucket-1");
  EXPECT_EQ(i.at("version").AsInt(), 3);
  EXPECT_EQ(*i.at("digest").AsBinary(), std::string("\xde\xad\xbe\xef"));
  EXPECT_EQ(i.at("public_read").AsBool(), true);
  EXPECT_TRUE(i.at("note").IsNull());
  const auto& findings = *i.at("findings").AsList();
  ASSERT_EQ(findings.size(), 1u);
  EXPECT_EQ(*findings[0].AsMap()->at("sid").AsString(), "PublicRead");
  EXPECT_EQ(*i.at("accounts").AsSet(), (std::vector<std::string>{"111122223333", "444455556666"}));
  EXPECT_EQ(i.at("accounts").TypeName(), "SS");
  // Written back, it is the same document.
  EXPECT_EQ(Json::parse(ToJson(i).dump()), Json::parse(ReadData("api/dynamodb/GetItem.response.json"))["Item"]);
}

TEST(AttributeValue, NumbersAreDecimalTextAndWholeNumbersReadAsIntegers) {
  EXPECT_EQ(AttributeValue::Number(-42).AsInt(), -42);
  auto big = AttributeValue::Number("12345678901234567890123456789012345678");
  ASSERT_TRUE(big.ok());
  EXPECT_FALSE(big->AsInt().has_value());  // beyond int64: kept as text, not wrapped
  EXPECT_EQ(*big->AsNumberText(), "12345678901234567890123456789012345678");
  EXPECT_FALSE(AttributeValue::Number("1.5")->AsInt().has_value());
  EXPECT_TRUE(AttributeValue::Number("-1.5e-3").ok());
  for (std::string bad : {"", "abc", "1.", ".5", "1e", "+1", "0x10", "1 "}) {
    EXPECT_FALSE(AttributeValue::Number(bad).ok()) << bad;
  }
  EXPECT_FALSE(AttributeValue::String("3").AsInt().has_value());
}

TEST(AttributeValue, MalformedValuesNameTheirPlace) {
  struct Case {
    std::string text, where, what;
  };
  for (const Case& c : std::vector<Case>{
           {R"({"a":{"N":"ten"}})", "/a/N", "is not a number"},
           {R"({"a":{"S":"x","N":"1"}})", "/a", "exactly one type member"},
           {R"({"a":{"X":"1"}})", "/a/X", "unknown attribute value type \"X\""},
           {R"({"a":{"M":{"b":{"L":[{"S":1}]}}}})", "/a/M/b/L/0/S", "a string"},
           {R"({"a":{"B":"not base64!"}})", "/a/B", "not base64"},
           {R"({"a":{"NULL":false}})", "/a/NULL", "NULL must be true"},
           {R"({"a":{"NS":["1","x"]}})", "/a/NS/1", "is not a number"},
           {R"({"a":"plain"})", "/a", "attribute value object"},
       }) {
    auto r = ParseItemText(c.text);
    ASSERT_FALSE(r.ok()) << c.text;
    EXPECT_EQ(r.status().where(), c.where) << c.text << ": " << r.status().ToString();
    EXPECT_TRUE(Has(r.status(), c.what)) << r.status().ToString();
  }
}

struct ErrorCase {
  std::string file;
  StatusCode code;
  std::string words;
  int attempts;  // how many requests were sent
};

TEST(DynamoDbErrors, AreClassifiedAndNameTheCallAndTheTable) {
  for (const ErrorCase& c : std::vector<ErrorCase>{
           {"ResourceNotFoundException.400.json", StatusCode::kNotFound,
            "table bucketwatch-state does not exist in ap-northeast-1", 1},
           {"ProvisionedThroughputExceededException.400.json", StatusCode::kUnavailable, "throttled", 3},
           {"AccessDeniedException.400.json", StatusCode::kPermissionDenied,
            "access denied: 400 AccessDeniedException: User: arn:aws:sts::123456789012:assumed-role", 1},
           {"ValidationException.key.400.json", StatusCode::kInvalidInput,
            "rejected: 400 ValidationException: The provided key element does not match the schema", 1},
       }) {
    SCOPED_TRACE(c.file);
    auto script = std::make_shared<Script>();
    for (int i = 0; i < 3; ++i) script->Answer(400, ReadData("api/dynamodb/" + c.file));
    DynamoDbClient db(ScriptedContext(script));
    auto r = db.PutItem({.table = kTable, .item = {{"pk", AttributeValue::String("a/b")}}});
    ASSERT_FALSE(r.ok());
    EXPECT_EQ(r.status().code(), c.code) << r.status().ToString();
    EXPECT_TRUE(Has(r.status(), "DynamoDB PutItem (table bucketwatch-state): ")) << r.status().ToString();
    EXPECT_TRUE(Has(r.status(), c.words)) << r.status().ToString();
    EXPECT_EQ(static_cast<int>(script->sent.size()), c.attempts);
  }
}

TEST(DynamoDbErrors, ServerErrorsAreRetriedAndAWrongEndpointSaysSo) {
  std::vector<long> slept;
  auto script = std::make_shared<Script>();
  script->Answer(500, R"({"__type":"com.amazonaws.dynamodb.v20120810#InternalServerError","message":"boom"})");
  script->Answer(200, R"({"Item":{"pk":{"S":"1/b"},"version":{"N":"1"}}})");
  DynamoDbClient db(ScriptedContext(script, &slept));
  auto r = db.GetItem(kTable, {{"pk", AttributeValue::String("1/b")}});
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  EXPECT_EQ(script->sent.size(), 2u);
  EXPECT_EQ(slept.size(), 1u);

  auto other = std::make_shared<Script>();
  other->Answer(404, "<html>Not Found</html>");
  DynamoDbClient wrong(ScriptedContext(other));
  auto w = wrong.GetItem(kTable, {{"pk", AttributeValue::String("1/b")}});
  ASSERT_FALSE(w.ok());
  EXPECT_EQ(w.status().code(), StatusCode::kInvalidInput);
  EXPECT_TRUE(Has(w.status(), "does not answer as DynamoDB")) << w.status().ToString();
}

TEST(DynamoDbEndpoint, FollowsTheServiceVariableThenTheGeneralOne) {
  auto script = std::make_shared<Script>();
  auto ctx = ScriptedContext(script);
  MapEnvironment env{{"AWS_ENDPOINT_URL", "http://127.0.0.1:1111"},
                     {"AWS_ENDPOINT_URL_DYNAMODB", "http://127.0.0.1:2222/"}};
  auto e = ResolveJsonEndpoint(kDynamoDbProtocol, {}, env, *ctx);
  ASSERT_TRUE(e.ok());
  EXPECT_EQ(e->Base(), "http://127.0.0.1:2222");
  MapEnvironment general{{"AWS_ENDPOINT_URL", "http://127.0.0.1:1111"}};
  EXPECT_EQ(ResolveJsonEndpoint(kDynamoDbProtocol, {}, general, *ctx)->Base(), "http://127.0.0.1:1111");
  EXPECT_EQ(ResolveJsonEndpoint(kDynamoDbProtocol, {.endpoint_url = "http://127.0.0.1:3333"}, env, *ctx)->Base(),
            "http://127.0.0.1:3333");
  EXPECT_TRUE(ResolveJsonEndpoint(kDynamoDbProtocol, {}, MapEnvironment{}, *ctx)->empty());

  script->Answer(200, "{}");
  DynamoDbClient db(ctx, *e);
  ASSERT_TRUE(db.GetItem(kTable, {{"pk", AttributeValue::String("1/b")}}).ok());
  EXPECT_EQ(script->sent.at(0).url, "http://127.0.0.1:2222/");
}

TEST(StateTable, WritesCarryTheVersionCondition) {
  auto script = std::make_shared<Script>();
  StateTable table(ScriptedContext(script), kTable);
  BucketRecord r{
      .account = "123456789012", .bucket = "logs", .attributes = {{"standing", AttributeValue::String("public")}}};
  auto first = table.PutIfVersion(r, 0);
  ASSERT_TRUE(first.ok()) << first.status().ToString();
  EXPECT_TRUE(first->won());
  EXPECT_EQ(first->version, 1);
  Json body = Json::parse(script->sent.at(0).body);
  EXPECT_EQ(body["ConditionExpression"], "attribute_not_exists(#pk)");
  EXPECT_EQ(body["ExpressionAttributeNames"], (Json{{"#pk", "pk"}}));
  EXPECT_EQ(body["Item"]["pk"], (Json{{"S", "123456789012/logs"}}));
  EXPECT_EQ(body["Item"]["version"], (Json{{"N", "1"}}));
  EXPECT_EQ(body["ReturnValuesOnConditionCheckFailure"], "ALL_OLD");

  ASSERT_TRUE(
      table.UpdateIfVersion("123456789012", "logs", 1, {{"standing", AttributeValue::String("private")}}, {"pending"})
          .ok());
  body = Json::parse(script->sent.at(1).body);
  EXPECT_EQ(body["ConditionExpression"], "#v = :expected");
  EXPECT_EQ(body["UpdateExpression"], "SET #v = :next, #s0 = :s0 REMOVE #r0");
  EXPECT_EQ(body["ExpressionAttributeNames"], (Json{{"#v", "version"}, {"#s0", "standing"}, {"#r0", "pending"}}));
  EXPECT_EQ(body["ExpressionAttributeValues"][":expected"], (Json{{"N", "1"}}));
  EXPECT_EQ(body["ExpressionAttributeValues"][":next"], (Json{{"N", "2"}}));

  auto gone = table.DeleteIfVersion("123456789012", "logs", 2);
  ASSERT_TRUE(gone.ok());
  EXPECT_EQ(gone->version, 0);
  EXPECT_EQ(Json::parse(script->sent.at(2).body)["ExpressionAttributeValues"][":expected"], (Json{{"N", "2"}}));
}

TEST(StateTable, ALostRaceSaysSoAndGivesTheRecordWhenDynamoDbDoes) {
  auto script = std::make_shared<Script>();
  script->Answer(400, ReadData("api/dynamodb/ConditionalCheckFailedException.400.json"));
  script->Answer(400, R"({"__type":"com.amazonaws.dynamodb.v20120810#ConditionalCheckFailedException",)"
                      R"("message":"The conditional request failed"})");
  StateTable table(ScriptedContext(script), kTable);
  auto lost = table.PutIfVersion({.account = "123456789012", .bucket = "example-bucket-1"}, 3);
  ASSERT_TRUE(lost.ok()) << lost.status().ToString();
  EXPECT_FALSE(lost->won());
  ASSERT_TRUE(lost->current.has_value());
  EXPECT_EQ(lost->current->version, 4);
  EXPECT_EQ(*lost->current->attributes.at("standing").AsString(), "private");
  EXPECT_FALSE(lost->current->attributes.contains("pk"));

  auto lost_bare = table.UpdateIfVersion("123456789012", "example-bucket-1", 3, {});
  ASSERT_TRUE(lost_bare.ok());
  EXPECT_FALSE(lost_bare->won());
  EXPECT_FALSE(lost_bare->current.has_value());  // dynalite's answer: read it again
}

TEST(StateTable, RefusesWhatWouldCorruptARecord) {
  auto script = std::make_shared<Script>();
  StateTable table(ScriptedContext(script), kTable);
  EXPECT_FALSE(
      table.PutIfVersion({.account = "1", .bucket = "b", .attributes = {{"version", AttributeValue::Number(9)}}}, 0)
          .ok());
  EXPECT_FALSE(
      table.PutIfVersion({.account = "1", .bucket = "b", .attributes = {{"pk", AttributeValue::String("x")}}}, 0).ok());
  EXPECT_FALSE(table.PutIfVersion({.account = "1/2", .bucket = "b"}, 0).ok());
  EXPECT_FALSE(table.PutIfVersion({.account = "1", .bucket = ""}, 0).ok());
  EXPECT_FALSE(table.PutIfVersion({.account = "1", .bucket = "b"}, -1).ok());
  auto both = table.UpdateIfVersion("1", "b", 1, {{"a", AttributeValue::Bool(true)}}, {"a"});
  ASSERT_FALSE(both.ok());
  EXPECT_TRUE(Has(both.status(), "both set and removed"));
  EXPECT_FALSE(table.DeleteIfVersion("1", "b", 0).ok());
  EXPECT_TRUE(script->sent.empty());  // none of them reached DynamoDB
}

TEST(StateTable, RecordsReadBackAreChecked) {
  auto ok = RecordOfItem({{"pk", AttributeValue::String("123456789012/a/b")},
                          {"version", AttributeValue::Number(2)},
                          {"x", AttributeValue::Bool(false)}},
                         kTable);
  ASSERT_TRUE(ok.ok()) << ok.status().ToString();
  EXPECT_EQ(ok->account, "123456789012");
  EXPECT_EQ(ok->bucket, "a/b");
  EXPECT_EQ(ok->version, 2);
  EXPECT_EQ(ok->attributes.size(), 1u);
  for (const Item& bad : std::vector<Item>{
           {{"version", AttributeValue::Number(1)}},
           {{"pk", AttributeValue::String("no-slash")}, {"version", AttributeValue::Number(1)}},
           {{"pk", AttributeValue::String("1/b")}},
           {{"pk", AttributeValue::String("1/b")}, {"version", AttributeValue::String("1")}},
           {{"pk", AttributeValue::String("1/b")}, {"version", AttributeValue::Number(0)}},
       }) {
    auto r = RecordOfItem(bad, kTable);
    ASSERT_FALSE(r.ok());
    EXPECT_TRUE(Has(r.status(), "DynamoDB table bucketwatch-state: an item")) << r.status().ToString();
  }
}

TEST(StateTable, AKeySchemaMismatchIsExplained) {
  auto script = std::make_shared<Script>();
  script->Answer(400, ReadData("api/dynamodb/ValidationException.key.400.json"));
  StateTable table(ScriptedContext(script), kTable);
  auto r = table.Get("123456789012", "logs");
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.status().code(), StatusCode::kInvalidInput);
  EXPECT_TRUE(Has(r.status(), "DynamoDB GetItem (table bucketwatch-state)")) << r.status().ToString();
  EXPECT_TRUE(Has(r.status(), "pk (S, HASH) as its only key")) << r.status().ToString();
  EXPECT_TRUE(Has(r.status(), "bucketwatch state init --table bucketwatch-state")) << r.status().ToString();
}

TEST(StateTableSetUp, CreatesWaitsForActiveAndTurnsOnTimeToLive) {
  std::vector<long> slept;
  auto script = std::make_shared<Script>();
  script->Answer(400, ReadData("api/dynamodb/ResourceNotFoundException.400.json"));  // DescribeTable
  script->Answer(200, ReadData("api/dynamodb/CreateTable.response.json"));           // CREATING
  script->Answer(400, ReadData("api/dynamodb/ResourceNotFoundException.400.json"));  // not visible yet
  std::string active = ReadData("api/dynamodb/CreateTable.response.json");
  active.replace(active.find("\"CREATING\""), 10, "\"ACTIVE\"");
  active.replace(active.find("TableDescription"), 16, "Table");
  script->Answer(200, active);
  script->Answer(200, R"({"TimeToLiveDescription":{"TimeToLiveStatus":"DISABLED"}})");
  script->Answer(200, "{}");  // UpdateTimeToLive
  DynamoDbClient db(ScriptedContext(script, &slept));
  auto setup = SetUpStateTable(db, kTable);
  ASSERT_TRUE(setup.ok()) << setup.status().ToString();
  EXPECT_TRUE(setup->created);
  EXPECT_EQ(setup->table.status, "ACTIVE");
  EXPECT_EQ(setup->time_to_live, "enabled on expires_at");
  EXPECT_EQ(slept, (std::vector<long>{250, 500}));
  ASSERT_EQ(script->sent.size(), 6u);
  EXPECT_EQ(Json::parse(script->sent[1].body)["BillingMode"], "PAY_PER_REQUEST");
  EXPECT_EQ(Json::parse(script->sent[5].body)["TimeToLiveSpecification"],
            (Json{{"AttributeName", "expires_at"}, {"Enabled", true}}));
}

TEST(StateTableSetUp, AWrongKeySchemaIsAnErrorNamingBothKeys) {
  auto script = std::make_shared<Script>();
  script->Answer(200, ReadData("api/dynamodb/DescribeTable.response.wrong-key.json"));
  DynamoDbClient db(ScriptedContext(script));
  auto setup = SetUpStateTable(db, kTable);
  ASSERT_FALSE(setup.ok());
  EXPECT_EQ(setup.status().code(), StatusCode::kInvalidInput);
  EXPECT_EQ(setup.status().message(),
            "table bucketwatch-state has the key id (N, HASH), sk (S, RANGE); bucketwatch needs pk (S, HASH) alone "
            "(choose another table name)");
  EXPECT_EQ(script->sent.size(), 1u);  // nothing created, nothing changed
}

TEST(StateTableSetUp, AnExistingTableKeepsItsTimeToLiveAndAnUnknownOperationIsSaid) {
  auto script = std::make_shared<Script>();
  std::string active = ReadData("api/dynamodb/CreateTable.response.json");
  active.replace(active.find("\"CREATING\""), 10, "\"ACTIVE\"");
  active.replace(active.find("TableDescription"), 16, "Table");
  script->Answer(200, active);
  script->Answer(200, ReadData("api/dynamodb/DescribeTimeToLive.response.json"));
  script->Answer(200, active);
  script->Answer(200, R"({"TimeToLiveDescription":{"TimeToLiveStatus":"DISABLED"}})");
  script->Answer(400, R"({"__type":"com.amazon.coral.service#UnknownOperationException"})");
  DynamoDbClient db(ScriptedContext(script));
  auto again = SetUpStateTable(db, kTable);
  ASSERT_TRUE(again.ok()) << again.status().ToString();
  EXPECT_FALSE(again->created);
  EXPECT_EQ(again->time_to_live, "already enabled on expires_at");
  auto dynalite = SetUpStateTable(db, kTable);
  ASSERT_TRUE(dynalite.ok()) << dynalite.status().ToString();
  EXPECT_EQ(dynalite->time_to_live, "not supported by this endpoint (UpdateTimeToLive is unknown to it)");
}

}  // namespace
}  // namespace bucketwatch::aws
