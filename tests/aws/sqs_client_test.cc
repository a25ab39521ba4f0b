// The SQS client against a loopback stand-in that answers with the
// documented wire shapes (docs/sources.md, "SQS"; bodies in
// tests/data/api/sqs from the botocore service model, see api/SOURCE.txt):
// JSON 1.0, X-Amz-Target AmazonSQS.<Operation>, x-amzn-query-mode, long
// polling, {} for "no messages", per-entry batch failures, JSON errors.
#include "aws/sqs_client.h"

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include <mutex>

#include "loopback_aws.h"
#include "standins/loopback_server.h"
#include "test_files.h"

namespace bucketwatch::aws {
namespace {

using bucketwatch::testing::LoopbackServer;
using Json = nlohmann::json;

const std::string kQueue = "https://sqs.ap-northeast-1.amazonaws.com/123456789012/bucketwatch-events";

struct Seen {
  std::string target, content_type, query_mode, region, service, body;
};

class SqsStandIn : public ::testing::Test {
 protected:
  void SetUp() override {
    server_.server().Post("/", [this](const httplib::Request& req, httplib::Response& res) {
      std::lock_guard lock(mu_);
      Seen s;
      s.target = req.get_header_value("X-Amz-Target");
      s.content_type = req.get_header_value("Content-Type");
      s.query_mode = req.get_header_value("x-amzn-query-mode");
      s.region = testing::ScopeRegion(req);
      std::string auth = req.get_header_value("Authorization");
      s.service = auth.find("/sqs/aws4_request") != std::string::npos ? "sqs" : auth;
      s.body = req.body;
      seen_.push_back(s);
      res.status = status_;
      res.set_content(answer_, "application/x-amz-json-1.0");
    });
    server_.Start();
    ctx_ = testing::LoopbackContext(server_.url(), nullptr, {.region = "us-east-1", .max_attempts = 1});
  }
  void Answer(int status, std::string body) {
    std::lock_guard lock(mu_);
    status_ = status;
    answer_ = std::move(body);
  }
  SqsClient Client() { return SqsClient(ctx_, ParseEndpointUrl(server_.url()).value()); }

  LoopbackServer server_;
  std::shared_ptr<AwsContext> ctx_;
  std::mutex mu_;
  int status_ = 200;
  std::string answer_ = "{}";
  std::vector<Seen> seen_;
};

TEST_F(SqsStandIn, ReceiveMessageSendsTheDocumentedRequestAndReadsTheMessage) {
  Answer(200, testing::ReadData("api/sqs/ReceiveMessage.response.json"));
  ReceiveOptions options;
  options.visibility_timeout = 60;
  auto got = Client().ReceiveMessage(kQueue, options);
  ASSERT_TRUE(got.ok()) << got.status().ToString();
  ASSERT_EQ(seen_.size(), 1u);
  EXPECT_EQ(seen_[0].target, "AmazonSQS.ReceiveMessage");
  EXPECT_EQ(seen_[0].content_type, "application/x-amz-json-1.0");
  EXPECT_EQ(seen_[0].query_mode, "true");
  EXPECT_EQ(seen_[0].service, "sqs");
  EXPECT_EQ(seen_[0].region, "ap-northeast-1");  // the queue's region, from its URL
  EXPECT_EQ(Json::parse(seen_[0].body), Json::parse(testing::ReadData("api/sqs/ReceiveMessage.request.json")));
  ASSERT_EQ(got->size(), 1u);
  const SqsMessage& m = (*got)[0];
  EXPECT_EQ(m.message_id, "5fea7756-0ea4-451a-a703-a558b933e274");
  EXPECT_EQ(m.receipt_handle.substr(0, 8), "MbZj6wDW");
  EXPECT_EQ(m.md5_of_body, "fafb00f5732ab283681e124bf8747ed1");
  EXPECT_EQ(Json::parse(m.body)["detail-type"], "Config Rules Compliance Change");
  EXPECT_EQ(m.attributes.at("ApproximateReceiveCount"), "1");
  EXPECT_EQ(m.attributes.at("SentTimestamp"), "1671408000000");
}

TEST_F(SqsStandIn, AnEmptyAnswerIsNoMessages) {
  Answer(200, testing::ReadData("api/sqs/ReceiveMessage.response.empty.json"));
  auto got = Client().ReceiveMessage(kQueue, {});
  ASSERT_TRUE(got.ok()) << got.status().ToString();
  EXPECT_TRUE(got->empty());
  EXPECT_EQ(Json::parse(seen_[0].body)["WaitTimeSeconds"], 20);  // long polling by default
}

TEST_F(SqsStandIn, AMissingQueueIsAnErrorNamingTheCodeAndTheQueue) {
  Answer(400, testing::ReadData("api/sqs/QueueDoesNotExist.400.json"));
  auto got = Client().ReceiveMessage(kQueue, {});
  ASSERT_FALSE(got.ok());
  EXPECT_NE(got.status().message().find("QueueDoesNotExist"), std::string::npos) << got.status().ToString();
  EXPECT_NE(got.status().message().find("bucketwatch-events"), std::string::npos);
  EXPECT_NE(got.status().code(), StatusCode::kUnavailable);  // not worth retrying
}

TEST_F(SqsStandIn, DeleteMessageBatchReportsEachEntry) {
  Answer(200, R"({"Successful":[{"Id":"0"}],"Failed":[{"Id":"1","SenderFault":true,"Code":"ReceiptHandleIsInvalid",)"
              R"("Message":"The input receipt handle is invalid."}]})");
  auto got = Client().DeleteMessageBatch(kQueue, {{"0", "handle-a"}, {"1", "handle-b"}});
  ASSERT_TRUE(got.ok()) << got.status().ToString();
  EXPECT_EQ(seen_[0].target, "AmazonSQS.DeleteMessageBatch");
  Json body = Json::parse(seen_[0].body);
  EXPECT_EQ(body["QueueUrl"], kQueue);
  ASSERT_EQ(body["Entries"].size(), 2u);
  EXPECT_EQ(body["Entries"][1]["ReceiptHandle"], "handle-b");
  EXPECT_EQ(got->successful, std::vector<std::string>{"0"});
  ASSERT_EQ(got->failed.size(), 1u);
  EXPECT_EQ(got->failed[0].id, "1");
  EXPECT_EQ(got->failed[0].code, "ReceiptHandleIsInvalid");
  EXPECT_TRUE(got->failed[0].sender_fault);
}

TEST_F(SqsStandIn, DeleteMessageAndChangeVisibility) {
  Answer(200, "{}");
  SqsClient sqs = Client();
  ASSERT_TRUE(sqs.DeleteMessage(kQueue, "handle-a").ok());
  ASSERT_TRUE(sqs.ChangeMessageVisibility(kQueue, "handle-b", 0).ok());
  ASSERT_EQ(seen_.size(), 2u);
  EXPECT_EQ(seen_[0].target, "AmazonSQS.DeleteMessage");
  EXPECT_EQ(Json::parse(seen_[0].body), (Json{{"QueueUrl", kQueue}, {"ReceiptHandle", "handle-a"}}));
  EXPECT_EQ(seen_[1].target, "AmazonSQS.ChangeMessageVisibility");
  EXPECT_EQ(Json::parse(seen_[1].body)["VisibilityTimeout"], 0);

  Answer(400, testing::ReadData("api/sqs/ReceiptHandleIsInvalid.400.json"));
  Status s = sqs.DeleteMessage(kQueue, "x");
  ASSERT_FALSE(s.ok());
  EXPECT_NE(s.message().find("ReceiptHandleIsInvalid"), std::string::npos);
}

TEST(Sqs, RequestLimitsAreCheckedBeforeSending) {
  auto ctx = testing::LoopbackContext("http://127.0.0.1:9");
  SqsClient sqs(ctx, ParseEndpointUrl("http://127.0.0.1:9").value());
  EXPECT_FALSE(sqs.ReceiveMessage(kQueue, {.max_messages = 11}).ok());
  EXPECT_FALSE(sqs.ReceiveMessage(kQueue, {.wait_seconds = 21}).ok());
  EXPECT_FALSE(sqs.DeleteMessageBatch(kQueue, {}).ok());
}

TEST(Sqs, RegionOfQueueUrl) {
  EXPECT_EQ(RegionOfQueueUrl(kQueue), "ap-northeast-1");
  EXPECT_EQ(RegionOfQueueUrl("https://eu-west-1.queue.amazonaws.com/1/q"), "eu-west-1");
  EXPECT_EQ(RegionOfQueueUrl("http://127.0.0.1:4566/000000000000/q"), "");
}

TEST(Sqs, MalformedAnswersSayWhere) {
  auto r = ParseReceiveMessage(R"({"Messages":[{"MessageId":"m","Body":"b"}]})");
  ASSERT_FALSE(r.ok());
  EXPECT_NE(r.status().ToString().find("/Messages/0"), std::string::npos) << r.status().ToString();
  EXPECT_FALSE(ParseReceiveMessage("not json").ok());
  EXPECT_FALSE(ParseBatchResult(R"({"Failed":{}})").ok());
}

}  // namespace
}  // namespace bucketwatch::aws
