// Amazon SQS over its JSON protocol (docs/sources.md, "SQS"): the daemon's
// queue intake. ReceiveMessage long-polls (WaitTimeSeconds up to 20, the
// HTTP timeout longer than the wait); an empty answer is {} (no
// "Messages"). Delete a message only after its event is durably handled;
// a receipt handle is valid only for the receive that gave it.
//
//   aws::SqsClient sqs(ctx, endpoint);   // one per thread
//   auto batch = sqs.ReceiveMessage(queue_url, {});
//   ... handle each message's Body (the EventBridge event JSON) ...
//   sqs.DeleteMessageBatch(queue_url, {{"0", handle}, ...});
#ifndef BUCKETWATCH_AWS_SQS_CLIENT_H_
#define BUCKETWATCH_AWS_SQS_CLIENT_H_

#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "aws/json_client.h"

namespace bucketwatch::aws {

struct SqsMessage {
  std::string message_id;
  std::string receipt_handle;
  std::string md5_of_body;
  std::string body;
  std::map<std::string, std::string> attributes;  // ApproximateReceiveCount, SentTimestamp, ...
};

struct ReceiveOptions {
  int max_messages = 10;  // 1-10
  int wait_seconds = 20;  // 0-20: long polling
  std::optional<int> visibility_timeout;
  std::vector<std::string> system_attributes{"ApproximateReceiveCount", "SentTimestamp"};
};

struct DeleteEntry {
  std::string id;  // unique within the batch
  std::string receipt_handle;
};

struct BatchFailure {
  std::string id;
  std::string code;  // ReceiptHandleIsInvalid, ...
  std::string message;
  bool sender_fault = false;
};

struct BatchResult {
  std::vector<std::string> successful;  // ids
  std::vector<BatchFailure> failed;
};

class SqsClient {
 public:
  // `endpoint`: an override (a local stand-in); empty: the queue URL's own host region.
  SqsClient(std::shared_ptr<AwsContext> context, EndpointUrl endpoint = {});

  Result<std::vector<SqsMessage>> ReceiveMessage(const std::string& queue_url, const ReceiveOptions& options);
  // Up to 10 entries; each may fail on its own (see BatchResult::failed).
  Result<BatchResult> DeleteMessageBatch(const std::string& queue_url, const std::vector<DeleteEntry>& entries);
  Status DeleteMessage(const std::string& queue_url, const std::string& receipt_handle);
  // 0 makes the message visible again at once (give it back).
  Status ChangeMessageVisibility(const std::string& queue_url, const std::string& receipt_handle,
                                 int visibility_timeout);

  // The request bodies, for tests against the documented wire shapes.
  static std::string ReceiveMessageBody(const std::string& queue_url, const ReceiveOptions& options);
  static std::string DeleteMessageBatchBody(const std::string& queue_url, const std::vector<DeleteEntry>& entries);

 private:
  JsonClient client_;
};

// "ap-northeast-1" from https://sqs.ap-northeast-1.amazonaws.com/123456789012/q
// (also the legacy ap-northeast-1.queue.amazonaws.com); "" when the host says none.
std::string RegionOfQueueUrl(std::string_view queue_url);

// The answers, parsed (exposed for tests).
Result<std::vector<SqsMessage>> ParseReceiveMessage(std::string_view body);
Result<BatchResult> ParseBatchResult(std::string_view body);

}  // namespace bucketwatch::aws

#endif  // BUCKETWATCH_AWS_SQS_CLIENT_H_
