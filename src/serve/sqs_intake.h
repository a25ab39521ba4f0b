// SQS intake: events from a queue that EventBridge targets (docs/serve.md,
// "SQS"). One thread long-polls ReceiveMessage, writes each valid event
// through the InboxWriter (the same group commit as the HTTP intake) and
// only after that commit deletes the message (DeleteMessageBatch). A message
// that is not a valid event is logged with the reason and left in the
// queue: it comes back after the visibility timeout, and the queue's
// redrive policy moves it to its dead-letter queue after maxReceiveCount.
// When the inbox is full or the write fails the message is not deleted
// either, so it is received again later.
#ifndef BUCKETWATCH_SERVE_SQS_INTAKE_H_
#define BUCKETWATCH_SERVE_SQS_INTAKE_H_

#include <atomic>
#include <memory>
#include <string>
#include <thread>

#include "aws/sqs_client.h"
#include "base/status.h"
#include "serve/config.h"
#include "serve/inbox_writer.h"
#include "serve/metrics.h"
#include "serve/wakeup.h"

namespace bucketwatch::serve {

class SqsIntake {
 public:
  SqsIntake(std::unique_ptr<aws::SqsClient> client, ServeConfig::Sqs settings, int64_t max_inbox, InboxWriter& writer,
            Metrics& metrics);
  ~SqsIntake();  // Stop()s

  // The client for `config` (its [aws] credentials, the queue's region).
  static Result<std::unique_ptr<aws::SqsClient>> MakeClient(const ServeConfig& config);

  // One receive, store, delete round. Errors are the receive's or the
  // delete's; a message left in the queue is not an error.
  Status PollOnce();

  void Start();
  // Ends the thread after the poll in hand (at most wait_seconds plus the
  // HTTP timeout): what it received is stored and deleted first.
  void Stop();

 private:
  void Run();

  std::unique_ptr<aws::SqsClient> client_;
  ServeConfig::Sqs settings_;
  int64_t max_inbox_;
  InboxWriter& writer_;
  Metrics& metrics_;
  std::atomic<bool> stop_{false};
  Wakeup wakeup_;
  std::thread thread_;
};

}  // namespace bucketwatch::serve

#endif  // BUCKETWATCH_SERVE_SQS_INTAKE_H_
