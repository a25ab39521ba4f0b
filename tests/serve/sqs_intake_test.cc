// The daemon's SQS intake against a loopback SQS stand-in with the JSON 1.0
// wire shapes of tests/aws/sqs_client_test.cc (docs/sources.md, "SQS";
// AWS SQS API Reference, ReceiveMessage and DeleteMessageBatch). A message
// is deleted only after its event is in the inbox (docs/serve.md, "SQS");
// one that is not a valid event, or that finds the inbox full, stays.
#include "serve/sqs_intake.h"

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>
#include <unistd.h>

#include <filesystem>
#include <mutex>
#include <set>

#include "../aws/loopback_aws.h"
#include "standins/loopback_server.h"
#include "support/test_files.h"

namespace bucketwatch::serve {
namespace {

namespace fs = std::filesystem;
using Json = nlohmann::json;

const std::string kQueue = "https://sqs.ap-northeast-1.amazonaws.com/123456789012/bucketwatch-events";

std::string Event(const std::string& id) {
  std::string text = bucketwatch::testing::ReadTestData("events/cloudtrail.PutBucketPolicy.panther-analysis.json");
  return R"({"version":"0","id":")" + id +
         R"(","detail-type":"AWS API Call via CloudTrail","source":"aws.s3","account":"111122223333",)"
         R"("time":"2026-11-29T00:00:00Z","region":"us-east-1","resources":[],"detail":)" +
         text + "}";
}

class SqsIntakeTest : public ::testing::Test {
 protected:
  void SetUp() override {
    server_.server().Post("/", [this](const httplib::Request& req, httplib::Response& res) {
      std::lock_guard lock(mu_);
      std::string target = req.get_header_value("X-Amz-Target");
      Json body = Json::parse(req.body);
      Json answer = Json::object();
      if (target == "AmazonSQS.ReceiveMessage") {
        receives_.push_back(body);
        // Every message not yet deleted is received again (the visibility
        // timeout is taken as over between polls).
        Json list = Json::array();
        for (const auto& [handle, text] : queue_) {
          list.push_back({{"MessageId", "m-" + handle},
                          {"ReceiptHandle", handle},
                          {"MD5OfBody", "0"},
                          {"Body", text},
                          {"Attributes", {{"ApproximateReceiveCount", "1"}}}});
        }
        if (!list.empty()) answer["Messages"] = list;
      } else if (target == "AmazonSQS.DeleteMessageBatch") {
        Json ok = Json::array();
        for (const Json& e : body["Entries"]) {
          queue_.erase(e["ReceiptHandle"].get<std::string>());
          deleted_.insert(e["ReceiptHandle"].get<std::string>());
          ok.push_back({{"Id", e["Id"]}});
        }
        answer["Successful"] = ok;
        answer["Failed"] = Json::array();
      } else {
        res.status = 400;
        answer = {{"__type", "com.amazonaws.sqs#InvalidAction"}, {"message", target}};
      }
      res.set_content(answer.dump(), "application/x-amz-json-1.0");
    });
    server_.Start();
    dir_ = fs::temp_directory_path() / ("bw-sqs-" + std::to_string(getpid()) + "-" +
                                        ::testing::UnitTest::GetInstance()->current_test_info()->name());
    fs::remove_all(dir_);
    fs::create_directories(dir_);
    auto store = store::Store::Open((dir_ / "state.db").string());
    ASSERT_TRUE(store.ok()) << store.status().ToString();
    writer_ = std::make_unique<InboxWriter>(std::move(store).value(), metrics_);
    settings_.queue_url = kQueue;
    settings_.wait_seconds = 1;
    settings_.visibility_timeout_seconds = 30;
  }
  void TearDown() override {
    writer_.reset();
    fs::remove_all(dir_);
  }
  std::unique_ptr<SqsIntake> Intake(int64_t max_inbox = 1000) {
    auto ctx = aws::testing::LoopbackContext(server_.url(), nullptr, {.region = "us-east-1", .max_attempts = 1});
    auto client = std::make_unique<aws::SqsClient>(ctx, aws::ParseEndpointUrl(server_.url()).value());
    return std::make_unique<SqsIntake>(std::move(client), settings_, max_inbox, *writer_, metrics_);
  }
  std::vector<std::string> Inbox() {
    auto s = store::Store::Open((dir_ / "state.db").string());
    auto pending = (*s)->PendingInbox(100);
    std::vector<std::string> ids;
    for (const auto& e : *pending) ids.push_back(e.event_id);
    return ids;
  }

  bucketwatch::testing::LoopbackServer server_;
  std::mutex mu_;
  std::map<std::string, std::string> queue_;  // receipt handle -> body
  std::set<std::string> deleted_;
  std::vector<Json> receives_;
  fs::path dir_;
  Metrics metrics_;
  std::unique_ptr<InboxWriter> writer_;
  ServeConfig::Sqs settings_;
};

TEST_F(SqsIntakeTest, EventsAreStoredThenDeleted) {
  queue_ = {{"h1", Event("e-1")}, {"h2", Event("e-2")}};
  ASSERT_TRUE(Intake()->PollOnce().ok());
  EXPECT_EQ(Inbox(), (std::vector<std::string>{"e-1", "e-2"}));
  EXPECT_EQ(deleted_, (std::set<std::string>{"h1", "h2"}));
  EXPECT_TRUE(queue_.empty());
  EXPECT_EQ(metrics_.sqs_received.load(), 2);
  EXPECT_EQ(metrics_.sqs_deleted.load(), 2);
  EXPECT_EQ(metrics_.sqs_failed.load(), 0);
  ASSERT_EQ(receives_.size(), 1u);
  EXPECT_EQ(receives_[0]["QueueUrl"], kQueue);
  EXPECT_EQ(receives_[0]["MaxNumberOfMessages"], 10);
  EXPECT_EQ(receives_[0]["WaitTimeSeconds"], 1);
  EXPECT_EQ(receives_[0]["VisibilityTimeout"], 30);
}

TEST_F(SqsIntakeTest, AMalformedMessageIsNotDeleted) {
  queue_ = {{"bad", R"({"detail-type":"AWS API Call via CloudTrail")"}, {"good", Event("e-3")}};
  ASSERT_TRUE(Intake()->PollOnce().ok());
  EXPECT_EQ(Inbox(), (std::vector<std::string>{"e-3"}));
  EXPECT_EQ(deleted_, (std::set<std::string>{"good"}));
  EXPECT_TRUE(queue_.contains("bad"));  // left for the redrive policy
  EXPECT_EQ(metrics_.sqs_failed.load(), 1);
  EXPECT_EQ(metrics_.sqs_deleted.load(), 1);
}

TEST_F(SqsIntakeTest, AFullInboxLeavesTheMessageForLater) {
  queue_ = {{"h1", Event("e-4")}};
  metrics_.inbox_depth = 5;
  auto intake = Intake(/*max_inbox=*/5);
  ASSERT_TRUE(intake->PollOnce().ok());
  EXPECT_TRUE(Inbox().empty());
  EXPECT_TRUE(deleted_.empty());
  EXPECT_EQ(metrics_.sqs_failed.load(), 1);
  // Room again: the same message, received again, goes in and is deleted.
  metrics_.inbox_depth = 0;
  ASSERT_TRUE(intake->PollOnce().ok());
  EXPECT_EQ(Inbox(), (std::vector<std::string>{"e-4"}));
  EXPECT_EQ(deleted_, (std::set<std::string>{"h1"}));
}

TEST_F(SqsIntakeTest, TheThreadStoresAndDeletesThenStops) {
  queue_ = {{"h1", Event("e-5")}};
  auto intake = Intake();
  intake->Start();
  // Wait on the outcome, not on a clock: the deletion is the last step. The
  // bound (a minute) only ends a failing test.
  bool deleted = false;
  for (int i = 0; i < 12000 && !deleted; ++i) {
    {
      std::lock_guard lock(mu_);
      deleted = !deleted_.empty();
    }
    if (!deleted) std::this_thread::sleep_for(std::chrono::milliseconds(5));
  }
  intake->Stop();
  ASSERT_TRUE(deleted) << "the message was never deleted from the queue";
  EXPECT_EQ(Inbox(), (std::vector<std::string>{"e-5"}));
}

TEST_F(SqsIntakeTest, AnUnreachableQueueIsAnErrorAndNothingIsStored) {
  auto intake = Intake();
  server_.Stop();
  EXPECT_FALSE(intake->PollOnce().ok());
  EXPECT_TRUE(Inbox().empty());
}

}  // namespace
}  // namespace bucketwatch::serve
