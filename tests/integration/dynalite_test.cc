// The DynamoDB client, the state table and `bucketwatch state init` against
// a real DynamoDB-API server on loopback: dynalite 4.0.0 (tests/dynalite),
// started by the dynalite_fixture_start test (scripts/dynalite-fixture).
// What dynalite cannot do (throttling, access control) is answered by a
// loopback stand-in at the end.
#include <gtest/gtest.h>
#include <unistd.h>

#include <atomic>
#include <fstream>
#include <map>
#include <thread>

#include "aws/state_table.h"
#include "standins/loopback_server.h"
#include "support/fixture_env.h"
#include "support/run_command.h"

namespace bucketwatch::aws {
namespace {

using bucketwatch::testing::BucketwatchBinary;
using bucketwatch::testing::RunCommand;

const bucketwatch::testing::FixtureEnv& Dynalite() {
  static const bucketwatch::testing::FixtureEnv f =
      bucketwatch::testing::LoadFixtureEnv(BW_DYNALITE_FIXTURE_DIR, "dynalite");
  return f;
}

#define REQUIRE_DYNALITE()                                                       \
  do {                                                                           \
    if (!Dynalite().skip_reason.empty()) GTEST_SKIP() << Dynalite().skip_reason; \
  } while (false)

std::shared_ptr<AwsContext> DynaliteContext(int max_attempts = 3) {
  ClientConfig config;
  config.region = "us-east-1";
  config.max_attempts = max_attempts;
  config.timeout = std::chrono::seconds(5);
  Credentials c{.access_key_id = Dynalite().env.at("AWS_ACCESS_KEY_ID"),
                .secret_access_key = Dynalite().env.at("AWS_SECRET_ACCESS_KEY"),
                .source = "test"};
  return std::make_shared<AwsContext>(config, std::make_unique<StaticCredentialsProvider>(c));
}

EndpointUrl Endpoint() { return ParseEndpointUrl(Dynalite().env.at("DYNALITE_ENDPOINT")).value(); }

// A table of this test's own (tests run in parallel processes on one server).
std::string TableName() {
  const auto* info = ::testing::UnitTest::GetInstance()->current_test_info();
  std::string name = std::string("t-") + info->name() + "-" + std::to_string(getpid());
  return name.substr(0, 200);
}

// The state table, created and ACTIVE.
StateTable NewStateTable(const std::string& name) {
  DynamoDbClient db(DynaliteContext(), Endpoint());
  auto setup = SetUpStateTable(db, name);
  EXPECT_TRUE(setup.ok()) << setup.status().ToString();
  return StateTable(DynaliteContext(), name, Endpoint());
}

Item AllTypes() {
  return {{"s", AttributeValue::String("public, via policy statement 0 ✓")},
          {"n", AttributeValue::Number("12345678901234567890.5").value()},
          {"b", AttributeValue::Binary(std::string("\0\xff\x10", 3))},
          {"t", AttributeValue::Bool(true)},
          {"z", AttributeValue::Null()},
          {"m", AttributeValue::Map(
                    {{"inner", AttributeValue::List({AttributeValue::Number(1), AttributeValue::String("two")})}})},
          {"ss", AttributeValue::StringSet({"111122223333", "444455556666"})},
          {std::string(kStateExpiresAttribute), AttributeValue::Number(1798761600)}};
}

TEST(DynaliteStateTable, RecordsRoundTripUnderTheirVersion) {
  REQUIRE_DYNALITE();
  StateTable table = NewStateTable(TableName());
  auto none = table.Get("123456789012", "logs");
  ASSERT_TRUE(none.ok()) << none.status().ToString();
  EXPECT_FALSE(none->has_value());

  BucketRecord r{.account = "123456789012", .bucket = "logs", .attributes = AllTypes()};
  auto first = table.PutIfVersion(r, 0);
  ASSERT_TRUE(first.ok()) << first.status().ToString();
  EXPECT_TRUE(first->won());
  EXPECT_EQ(first->version, 1);

  auto got = table.Get("123456789012", "logs");
  ASSERT_TRUE(got.ok() && got->has_value()) << got.status().ToString();
  EXPECT_EQ((*got)->version, 1);
  EXPECT_EQ((*got)->account, "123456789012");
  EXPECT_EQ((*got)->bucket, "logs");
  EXPECT_EQ((*got)->attributes, AllTypes());  // every type, exactly as written

  // Another bucket of the same account is another record.
  auto other = table.Get("123456789012", "logs2");
  ASSERT_TRUE(other.ok());
  EXPECT_FALSE(other->has_value());
}

TEST(DynaliteStateTable, EveryWriteHoldsOnlyAtTheVersionItWasReadAt) {
  REQUIRE_DYNALITE();
  StateTable table = NewStateTable(TableName());
  const std::string a = "123456789012", b = "site";
  ASSERT_TRUE(table.PutIfVersion({a, b, 0, {{"standing", AttributeValue::String("private")}}}, 0)->won());
  EXPECT_FALSE(table.PutIfVersion({a, b, 0, {}}, 0)->won());  // exists already
  EXPECT_FALSE(table.PutIfVersion({a, b, 0, {}}, 2)->won());  // not at 2

  auto updated = table.UpdateIfVersion(
      a, b, 1, {{"standing", AttributeValue::String("public")}, {"pending", AttributeValue::String("became public")}});
  ASSERT_TRUE(updated.ok()) << updated.status().ToString();
  EXPECT_TRUE(updated->won());
  EXPECT_EQ(updated->version, 2);
  auto stale = table.UpdateIfVersion(a, b, 1, {{"standing", AttributeValue::String("private")}});
  ASSERT_TRUE(stale.ok());
  EXPECT_FALSE(stale->won());
  EXPECT_FALSE(stale->current.has_value());  // dynalite returns no item with a failed condition

  auto cleared = table.UpdateIfVersion(a, b, 2, {}, {"pending"});
  ASSERT_TRUE(cleared.ok() && cleared->won());
  auto now = table.Get(a, b);
  ASSERT_TRUE(now.ok() && now->has_value());
  EXPECT_EQ((*now)->version, 3);
  EXPECT_EQ(*(*now)->attributes.at("standing").AsString(), "public");
  EXPECT_FALSE((*now)->attributes.contains("pending"));

  // A whole-record put drops what it does not carry.
  ASSERT_TRUE(table.PutIfVersion({a, b, 0, {{"only", AttributeValue::Bool(true)}}}, 3)->won());
  now = table.Get(a, b);
  EXPECT_EQ((*now)->attributes, (Item{{"only", AttributeValue::Bool(true)}}));

  EXPECT_FALSE(table.DeleteIfVersion(a, b, 3)->won());
  auto deleted = table.DeleteIfVersion(a, b, 4);
  ASSERT_TRUE(deleted.ok() && deleted->won());
  EXPECT_FALSE(table.Get(a, b)->has_value());
  EXPECT_FALSE(table.DeleteIfVersion(a, b, 4)->won());  // nothing left to delete

  // UpdateIfVersion at 0 creates the record.
  auto created = table.UpdateIfVersion(a, b, 0, {{"standing", AttributeValue::String("private")}});
  ASSERT_TRUE(created.ok() && created->won());
  EXPECT_EQ(table.Get(a, b)->value().version, 1);
}

TEST(DynaliteStateTable, OfWritersThatReadTheSameVersionExactlyOneWins) {
  REQUIRE_DYNALITE();
  const std::string name = TableName();
  StateTable setup = NewStateTable(name);
  constexpr int kWriters = 12, kRounds = 10;
  for (int round = 0; round < kRounds; ++round) {
    std::atomic<int> won{0}, lost{0}, failed{0};
    std::vector<std::thread> writers;
    for (int w = 0; w < kWriters; ++w) {
      writers.emplace_back([&, w] {
        StateTable table(DynaliteContext(), name, Endpoint());  // a client per writer, as per process
        BucketRecord r{"123456789012", "contested", 0, {{"writer", AttributeValue::Number(w)}}};
        auto result = table.PutIfVersion(r, round);
        if (!result.ok()) {
          ++failed;
        } else if (result->won()) {
          ++won;
        } else {
          ++lost;
        }
      });
    }
    for (auto& t : writers) t.join();
    EXPECT_EQ(won.load(), 1) << "round " << round;
    EXPECT_EQ(lost.load(), kWriters - 1) << "round " << round;
    EXPECT_EQ(failed.load(), 0) << "round " << round;
  }
  EXPECT_EQ(setup.Get("123456789012", "contested")->value().version, kRounds);
}

TEST(DynaliteStateTable, ReadModifyWriteLosesNoUpdate) {
  REQUIRE_DYNALITE();
  const std::string name = TableName();
  StateTable setup = NewStateTable(name);
  constexpr int kThreads = 6, kEach = 15;
  std::atomic<int> retries{0};
  std::vector<std::thread> threads;
  for (int t = 0; t < kThreads; ++t) {
    threads.emplace_back([&] {
      StateTable table(DynaliteContext(), name, Endpoint());
      for (int i = 0; i < kEach; ++i) {
        while (true) {  // the optimistic loop the change step runs: read, decide, write if unchanged
          auto rec = table.Get("123456789012", "counter");
          ASSERT_TRUE(rec.ok()) << rec.status().ToString();
          int64_t seen = *rec ? (*rec)->version : 0;
          int64_t count = *rec ? *(*rec)->attributes.at("count").AsInt() : 0;
          auto w =
              table.UpdateIfVersion("123456789012", "counter", seen, {{"count", AttributeValue::Number(count + 1)}});
          ASSERT_TRUE(w.ok()) << w.status().ToString();
          if (w->won()) break;
          ++retries;
        }
      }
    });
  }
  for (auto& t : threads) t.join();
  auto final_record = setup.Get("123456789012", "counter");
  ASSERT_TRUE(final_record.ok() && final_record->has_value());
  EXPECT_EQ((*final_record)->attributes.at("count").AsInt(), kThreads * kEach);
  EXPECT_EQ((*final_record)->version, kThreads * kEach);
  std::cout << "lost races retried: " << retries.load() << "\n";
}

TEST(DynaliteErrors, AMissingTableIsNamed) {
  REQUIRE_DYNALITE();
  StateTable table(DynaliteContext(), "no-such-table-" + std::to_string(getpid()), Endpoint());
  auto r = table.Get("123456789012", "logs");
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.status().code(), StatusCode::kNotFound);
  EXPECT_NE(r.status().message().find("DynamoDB GetItem (table no-such-table-"), std::string::npos);
  EXPECT_NE(r.status().message().find("does not exist in us-east-1"), std::string::npos) << r.status().message();
  auto w = table.PutIfVersion({"123456789012", "logs", 0, {}}, 0);
  ASSERT_FALSE(w.ok());
  EXPECT_EQ(w.status().code(), StatusCode::kNotFound);
  EXPECT_NE(w.status().message().find("DynamoDB PutItem"), std::string::npos);
}

TEST(DynaliteErrors, ATableStillCreatingIsNotThereYet) {
  REQUIRE_DYNALITE();
  const std::string name = TableName();
  DynamoDbClient db(DynaliteContext(), Endpoint());
  auto created = db.CreateTable(name, StateTableKeySchema());
  ASSERT_TRUE(created.ok()) << created.status().ToString();
  EXPECT_EQ(created->status, "CREATING");
  StateTable table(DynaliteContext(), name, Endpoint());
  auto r = table.Get("123456789012", "logs");
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.status().code(), StatusCode::kNotFound);
  EXPECT_NE(r.status().message().find("or is not ACTIVE yet"), std::string::npos);
}

TEST(DynaliteErrors, AWrongKeySchemaIsExplainedAndRefusedBySetUp) {
  REQUIRE_DYNALITE();
  const std::string name = TableName();
  DynamoDbClient db(DynaliteContext(), Endpoint());
  ASSERT_TRUE(db.CreateTable(name, {{"id", "S", "HASH"}}).ok());
  auto setup = SetUpStateTable(db, name);  // refused at once, CREATING or not
  ASSERT_FALSE(setup.ok());
  EXPECT_EQ(setup.status().message(), "table " + name +
                                          " has the key id (S, HASH); bucketwatch needs pk (S, HASH) alone "
                                          "(choose another table name)");
  // Once ACTIVE, every call says what is wrong.
  for (int i = 0; i < 100 && db.DescribeTable(name)->value().status != "ACTIVE"; ++i) {
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
  }
  StateTable table(DynaliteContext(), name, Endpoint());
  auto r = table.Get("123456789012", "logs");
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.status().code(), StatusCode::kInvalidInput);
  EXPECT_NE(r.status().message().find("The provided key element does not match the schema"), std::string::npos);
  EXPECT_NE(r.status().message().find("pk (S, HASH) as its only key"), std::string::npos) << r.status().message();
  auto w = table.PutIfVersion({"123456789012", "logs", 0, {}}, 0);
  ASSERT_FALSE(w.ok());
  EXPECT_NE(w.status().message().find("Missing the key id"), std::string::npos) << w.status().message();
}

// --- bucketwatch state init, the command ---------------------------------------

std::vector<std::string> FixtureEnv(bool with_endpoint_variable) {
  std::vector<std::string> env = {"AWS_ACCESS_KEY_ID=" + Dynalite().env.at("AWS_ACCESS_KEY_ID"),
                                  "AWS_SECRET_ACCESS_KEY=" + Dynalite().env.at("AWS_SECRET_ACCESS_KEY"),
                                  "AWS_REGION=us-east-1",
                                  "AWS_ENDPOINT_URL=",
                                  "AWS_PROFILE=",
                                  "AWS_CONFIG_FILE=/dev/null",
                                  "AWS_SHARED_CREDENTIALS_FILE=/dev/null",
                                  "AWS_EC2_METADATA_DISABLED=true"};
  env.push_back("AWS_ENDPOINT_URL_DYNAMODB=" + (with_endpoint_variable ? Dynalite().env.at("DYNALITE_ENDPOINT") : ""));
  return env;
}

TEST(StateInitCommand, CreatesTheTableThenFindsItReady) {
  REQUIRE_DYNALITE();
  const std::string name = TableName();
  auto created = RunCommand({BucketwatchBinary(), "state", "init", "--table", name}, "", FixtureEnv(true));
  EXPECT_EQ(created.exit_code, 0) << created.err;
  EXPECT_NE(created.out.find("table " + name + " in us-east-1 at " + Dynalite().env.at("DYNALITE_ENDPOINT") +
                             ": created (key pk, a string; on-demand) and ACTIVE"),
            std::string::npos)
      << created.out;
  EXPECT_NE(created.out.find("time to live: not supported by this endpoint"), std::string::npos) << created.out;

  auto again = RunCommand(
      {BucketwatchBinary(), "state", "init", "--table", name, "--endpoint-url", Dynalite().env.at("DYNALITE_ENDPOINT")},
      "", FixtureEnv(false));
  EXPECT_EQ(again.exit_code, 0) << again.err;
  EXPECT_NE(again.out.find(": already there with bucketwatch's key schema (pk, a string); ACTIVE"), std::string::npos)
      << again.out;

  // What it made is what the state table needs.
  DynamoDbClient db(DynaliteContext(), Endpoint());
  auto d = db.DescribeTable(name);
  ASSERT_TRUE(d.ok() && d->has_value());
  EXPECT_EQ((*d)->key_schema, StateTableKeySchema());
  EXPECT_EQ((*d)->billing_mode, "PAY_PER_REQUEST");
  EXPECT_EQ((*d)->status, "ACTIVE");
}

TEST(StateInitCommand, AWrongKeySchemaExitsTwoNamingIt) {
  REQUIRE_DYNALITE();
  const std::string name = TableName();
  DynamoDbClient db(DynaliteContext(), Endpoint());
  ASSERT_TRUE(db.CreateTable(name, {{"bucket", "S", "HASH"}, {"time", "N", "RANGE"}}).ok());
  auto r = RunCommand({BucketwatchBinary(), "state", "init", "--table", name}, "", FixtureEnv(true));
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_EQ(r.out, "");
  EXPECT_NE(r.err.find("bucketwatch state init: error: table " + name +
                       " has the key bucket (S, HASH), time (N, RANGE); bucketwatch needs pk (S, HASH) alone"),
            std::string::npos)
      << r.err;
}

TEST(StateInitCommand, BadInputIsAnErrorThatSaysWhere) {
  REQUIRE_DYNALITE();
  auto short_name = RunCommand({BucketwatchBinary(), "state", "init", "--table", "x"}, "", FixtureEnv(true));
  EXPECT_EQ(short_name.exit_code, 2);
  EXPECT_NE(short_name.err.find("DynamoDB DescribeTable (table x): rejected: 400 ValidationException"),
            std::string::npos)
      << short_name.err;
  auto no_table = RunCommand({BucketwatchBinary(), "state", "init"}, "", FixtureEnv(true));
  EXPECT_EQ(no_table.exit_code, 2);
  EXPECT_NE(no_table.err.find("--table is required"), std::string::npos) << no_table.err;
}

// --- what dynalite cannot do: a loopback stand-in ------------------------------

TEST(DynamoDbStandIn, ThrottlingIsRetriedThenReportedAndAccessDeniedIsNot) {
  bucketwatch::testing::LoopbackServer server;
  std::atomic<int> requests{0};
  std::atomic<bool> deny{false};
  server.server().Post("/", [&](const httplib::Request& req, httplib::Response& res) {
    ++requests;
    res.status = 400;
    std::string type = deny ? "com.amazon.coral.service#AccessDeniedException"
                            : "com.amazonaws.dynamodb.v20120810#ProvisionedThroughputExceededException";
    std::string op = req.get_header_value("X-Amz-Target");
    res.set_content(R"({"__type":")" + type + R"(","message":"refused )" + op + R"("})", "application/x-amz-json-1.0");
  });
  server.Start();
  ClientConfig config;
  config.max_attempts = 4;
  Hooks hooks;
  hooks.sleep = [](std::chrono::milliseconds) {};
  auto ctx = std::make_shared<AwsContext>(
      config,
      std::make_unique<StaticCredentialsProvider>(Credentials{.access_key_id = "AKID", .secret_access_key = "s"}),
      hooks);
  StateTable table(ctx, "bucketwatch-state", ParseEndpointUrl(server.url()).value());
  auto throttled = table.PutIfVersion({"123456789012", "logs", 0, {}}, 0);
  ASSERT_FALSE(throttled.ok());
  EXPECT_EQ(throttled.status().code(), StatusCode::kUnavailable);
  EXPECT_EQ(requests.load(), 4);
  EXPECT_NE(throttled.status().message().find("DynamoDB PutItem (table bucketwatch-state): throttled: 400 "
                                              "ProvisionedThroughputExceededException: refused "
                                              "DynamoDB_20120810.PutItem"),
            std::string::npos)
      << throttled.status().message();
  EXPECT_NE(throttled.status().message().find("after 4 attempts"), std::string::npos);

  deny = true;
  requests = 0;
  auto denied = table.Get("123456789012", "logs");
  ASSERT_FALSE(denied.ok());
  EXPECT_EQ(denied.status().code(), StatusCode::kPermissionDenied);
  EXPECT_EQ(requests.load(), 1);
  EXPECT_NE(denied.status().message().find("DynamoDB GetItem (table bucketwatch-state): access denied"),
            std::string::npos)
      << denied.status().message();
}

}  // namespace
}  // namespace bucketwatch::aws
