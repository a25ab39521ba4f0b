// Pending alerts against DynamoDB's 400 KB item limit, on dynalite (started
// by the dynalite fixture), which refuses a larger item as DynamoDB does:
// ValidationException "Item size has exceeded the maximum allowed size"
// (docs/realtime.md, "Pending alerts and DynamoDB's item size").
#include <gtest/gtest.h>
#include <unistd.h>

#include <iostream>
#include <random>

#include "aws/credentials_chain.h"
#include "state/compression.h"
#include "state/dynamodb_memory.h"
#include "support/big_messages.h"
#include "support/fixture_env.h"

namespace bucketwatch::state {
namespace {

using aws::AttributeValue;

constexpr const char* kAccount = "111122223333";
constexpr const char* kBucket = "amzn-s3-demo-bucket";

const testing::FixtureEnv& Dynalite() {
  static const testing::FixtureEnv f = testing::LoadFixtureEnv(BW_DYNALITE_FIXTURE_DIR, "dynalite");
  return f;
}

class StateItemSizeTest : public ::testing::Test {
 protected:
  void SetUp() override {
    if (!Dynalite().skip_reason.empty()) GTEST_SKIP() << Dynalite().skip_reason;
    aws::ClientConfig config;
    config.region = "us-east-1";
    config.timeout = std::chrono::seconds(10);
    aws::Credentials c{.access_key_id = Dynalite().env.at("AWS_ACCESS_KEY_ID"),
                       .secret_access_key = Dynalite().env.at("AWS_SECRET_ACCESS_KEY"),
                       .source = "test"};
    context_ = std::make_shared<aws::AwsContext>(config, std::make_unique<aws::StaticCredentialsProvider>(c));
    endpoint_ = aws::ParseEndpointUrl(Dynalite().env.at("DYNALITE_ENDPOINT")).value();
    const auto* info = ::testing::UnitTest::GetInstance()->current_test_info();
    table_ = std::string("size-") + info->name() + "-" + std::to_string(getpid());
    aws::DynamoDbClient db(context_, endpoint_);
    auto setup = aws::SetUpStateTable(db, table_);
    ASSERT_TRUE(setup.ok()) << setup.status().ToString();
  }

  std::unique_ptr<aws::StateTable> Table() { return std::make_unique<aws::StateTable>(context_, table_, endpoint_); }
  DynamoDbMemory Memory() { return DynamoDbMemory(Table()); }

  // `next` written over no record, then read back into `back`.
  void KeepNewAndRecall(DynamoDbMemory& memory, const change::Recollection& next, change::Recollection& back) {
    auto kept = memory.Keep(kAccount, kBucket, 0, next);
    ASSERT_TRUE(kept.ok()) << kept.status().ToString();
    ASSERT_TRUE(kept->has_value());
    auto recalled = memory.Recall(kAccount, kBucket);
    ASSERT_TRUE(recalled.ok()) << recalled.status().ToString();
    back = std::move(recalled).value();
  }

  std::shared_ptr<aws::AwsContext> context_;
  aws::EndpointUrl endpoint_;
  std::string table_;
};

change::PendingAlert Pending(const std::string& key, const notify::SlackMessage& m, int64_t since) {
  return change::PendingAlert{key, m.body, m.repeat_body, since, 0, true};
}

// Printable text that deflate cannot shrink much (a fixed seed: the same every run).
std::string Incompressible(size_t bytes, unsigned seed) {
  std::mt19937 random(seed);
  std::string s(bytes, ' ');
  for (char& c : s) c = static_cast<char>('!' + random() % 90);
  return s;
}

TEST(StateCompressionTest, DeflatedMessagesComeBackWholeAndDamageIsAnError) {
  const std::string text = testing::Filled("公", 20000) + Incompressible(50000, 1);
  const std::string z = Deflate(text);
  EXPECT_LT(z.size(), text.size() / 2);
  auto back = Inflate(z);
  ASSERT_TRUE(back.ok()) << back.status().ToString();
  EXPECT_TRUE(*back == text);
  auto empty = Inflate(Deflate(""));
  ASSERT_TRUE(empty.ok());
  EXPECT_EQ(*empty, "");

  auto cut = Inflate(z.substr(0, z.size() / 2));
  ASSERT_FALSE(cut.ok());
  EXPECT_NE(cut.status().message().find("not a whole zlib stream"), std::string::npos) << cut.status().ToString();
  EXPECT_FALSE(Inflate("not zlib at all").ok());
  auto big = Inflate(z, 1000);
  ASSERT_FALSE(big.ok());
  EXPECT_NE(big.status().message().find("more than 1000 bytes"), std::string::npos) << big.status().ToString();
}

TEST_F(StateItemSizeTest, DynaliteRefusesAnItemOverTheLimitAsDynamoDbDoes) {
  aws::BucketRecord r{kAccount, kBucket, 0, {{"big", AttributeValue::String(std::string(aws::kMaxItemBytes, 'x'))}}};
  auto written = Table()->PutIfVersion(r, 0);
  ASSERT_FALSE(written.ok());
  EXPECT_EQ(written.status().code(), StatusCode::kInvalidInput);
  EXPECT_NE(written.status().message().find("Item size has exceeded the maximum allowed size"), std::string::npos)
      << written.status().ToString();
}

// aws::ItemSize counts from above: an item it puts at exactly the limit is taken.
TEST_F(StateItemSizeTest, AnItemCountedAtTheLimitIsTaken) {
  aws::Item full{
      {std::string(aws::kStatePartitionKey), AttributeValue::String(aws::BucketRecordKey(kAccount, kBucket))},
      {std::string(aws::kStateVersionAttribute), AttributeValue::Number(1)},
      {"big", AttributeValue::String("")},
      {"pending", AttributeValue::List({AttributeValue::Map(
                      {{"since", AttributeValue::Number(1000)}, {"abandoned", AttributeValue::Bool(true)}})})}};
  full["big"] = AttributeValue::String(std::string(aws::kMaxItemBytes - aws::ItemSize(full), 'x'));
  ASSERT_EQ(aws::ItemSize(full), aws::kMaxItemBytes);
  full.erase(std::string(aws::kStatePartitionKey));
  full.erase(std::string(aws::kStateVersionAttribute));
  auto written = Table()->PutIfVersion(aws::BucketRecord{kAccount, kBucket, 0, full}, 0);
  ASSERT_TRUE(written.ok()) << written.status().ToString();
  EXPECT_TRUE(written->won());
}

// The biggest alert and summary, in both languages and with the costliest
// characters, all pending at once on one record: every message is kept
// whole. The figures are those of docs/realtime.md.
TEST_F(StateItemSizeTest, TheLargestMessagesAreKeptWhole) {
  change::Recollection next;
  next.observed_at_ms = 1;
  int64_t since = 1000;
  for (const std::string fill : {"公", "<", "\x01", "random kanji"}) {
    for (notify::Lang lang : {notify::Lang::kEn, notify::Lang::kJa}) {
      notify::MessageOptions options;
      options.lang = lang;
      const std::string name = std::string(lang == notify::Lang::kEn ? "en" : "ja") + " fill " +
                               (fill.size() > 3 ? fill : "byte " + std::to_string(static_cast<unsigned char>(fill[0])));
      notify::SlackMessage alert = notify::RenderSlackMessage(testing::BiggestAlert(fill), options);
      notify::SlackMessage summary = notify::RenderScanSummary(testing::BiggestSummary(fill), options);
      for (const auto& [what, m] : {std::pair{"alert", &alert}, std::pair{"summary", &summary}}) {
        std::cout << "[ figure ] " << what << " " << name << ": body " << m->body.size() << " B, marked "
                  << m->repeat_body.size() << " B, marked deflated " << Deflate(m->repeat_body).size() << " B, "
                  << m->blocks << " blocks\n";
        next.pending.push_back(Pending(std::string(what) + "|" + name + "|became_public", *m, since++));
      }
    }
  }
  DynamoDbMemory memory = Memory();
  change::Recollection back;
  ASSERT_NO_FATAL_FAILURE(KeepNewAndRecall(memory, next, back));
  ASSERT_EQ(back.pending.size(), next.pending.size());
  for (size_t i = 0; i < next.pending.size(); ++i) {
    EXPECT_EQ(back.pending[i].key, next.pending[i].key);
    EXPECT_TRUE(back.pending[i].repeat_payload == next.pending[i].repeat_payload) << next.pending[i].key;
    EXPECT_TRUE(back.pending[i].abandoned);
  }
}

// Messages deflate cannot shrink enough: the oldest entries lose their copy
// (they are sent from their key, handler/remembered.h), none loses its entry,
// and the write succeeds rather than failing on every retry.
TEST_F(StateItemSizeTest, MessagesThatCannotAllFitLeaveTheOldestCopiesOut) {
  change::Recollection next;
  for (unsigned i = 0; i < 5; ++i) {
    next.pending.push_back({"k" + std::to_string(i) + "|became_public", Incompressible(150 * 1024, i),
                            Incompressible(150 * 1024, 100 + i), 1000 + i, 0, true});
  }
  DynamoDbMemory memory = Memory();
  change::Recollection back;
  ASSERT_NO_FATAL_FAILURE(KeepNewAndRecall(memory, next, back));
  ASSERT_EQ(back.pending.size(), 5u);
  size_t not_kept = 0;
  for (size_t i = 0; i < 5; ++i) {
    const change::PendingAlert& p = back.pending[i];
    EXPECT_EQ(p.key, next.pending[i].key);
    EXPECT_TRUE(p.payload.empty()) << i;  // only the marked copy is kept
    if (p.repeat_payload.empty()) {
      ++not_kept;
      EXPECT_EQ(not_kept, i + 1) << "the oldest go first";
    } else {
      EXPECT_TRUE(p.repeat_payload == next.pending[i].repeat_payload) << i;
    }
  }
  EXPECT_GE(not_kept, 1u);
  EXPECT_LE(not_kept, 4u);
  // Written back as read (a delivery clearing another entry): it still fits.
  back.pending.pop_back();
  auto again = memory.Keep(kAccount, kBucket, back.version, back);
  ASSERT_TRUE(again.ok()) << again.status().ToString();
  EXPECT_TRUE(again->has_value());
}

// Thousands of alerts waiting on one bucket: even their keys do not fit. An
// error that says so, before DynamoDB is asked (the caller announces without
// memory).
TEST_F(StateItemSizeTest, ARecordThatCannotFitEvenWithoutMessagesIsAClearError) {
  change::Recollection next;
  for (int i = 0; i < 6000; ++i) {
    next.pending.push_back(
        {"cloudtrail:" + std::to_string(i) + "|bucket:" + kBucket + "|became_public", "x", "y", 1000 + i, 0, false});
  }
  DynamoDbMemory memory = Memory();
  auto kept = memory.Keep(kAccount, kBucket, 0, next);
  ASSERT_FALSE(kept.ok());
  EXPECT_EQ(kept.status().code(), StatusCode::kTooLarge);
  EXPECT_NE(kept.status().message().find("6000 pending alerts"), std::string::npos) << kept.status().ToString();
  auto back = memory.Recall(kAccount, kBucket);
  ASSERT_TRUE(back.ok());
  EXPECT_EQ(back->version, 0);
}

// A record written before messages were deflated is read, and written back deflated.
TEST_F(StateItemSizeTest, ARecordOfAnOlderVersionIsReadAndKept) {
  aws::Item entry{{"key", AttributeValue::String("old|became_public")},
                  {"payload", AttributeValue::String("{\"text\":\"plain\"}")},
                  {"repeat_payload", AttributeValue::String("{\"text\":\"marked\"}")},
                  {"since", AttributeValue::Number(1000)}};
  aws::BucketRecord r{kAccount, kBucket, 0, {{"pending", AttributeValue::List({AttributeValue::Map(entry)})}}};
  ASSERT_TRUE(Table()->PutIfVersion(r, 0).ok());
  DynamoDbMemory memory = Memory();
  auto back = memory.Recall(kAccount, kBucket);
  ASSERT_TRUE(back.ok()) << back.status().ToString();
  ASSERT_EQ(back->pending.size(), 1u);
  EXPECT_EQ(back->pending[0].payload, "{\"text\":\"plain\"}");
  EXPECT_EQ(back->pending[0].repeat_payload, "{\"text\":\"marked\"}");
  ASSERT_TRUE(memory.Keep(kAccount, kBucket, back->version, *back).ok());
  auto item = Table()->Get(kAccount, kBucket);
  ASSERT_TRUE(item.ok() && item->has_value());
  const aws::Item& stored = *(**item).attributes.at("pending").AsList()->at(0).AsMap();
  EXPECT_TRUE(stored.contains("repeat_payload_z"));
  EXPECT_FALSE(stored.contains("payload"));
  auto again = memory.Recall(kAccount, kBucket);
  ASSERT_TRUE(again.ok());
  EXPECT_EQ(again->pending.at(0).repeat_payload, "{\"text\":\"marked\"}");
}

}  // namespace
}  // namespace bucketwatch::state
