// `bucketwatch serve`: the intake, the event worker, the delivery worker
// and the scheduled scan around one SQLite file (docs/serve.md).
//
// Threads: libmicrohttpd's (one per connection), the inbox writer (group
// commit), the event worker (inbox -> state + outbox; also runs the
// scheduled scan), the delivery worker (outbox -> Slack). Each thread that
// touches the store has its own connection to the file.
//
// Stop(): new events get 503, requests in progress finish and are committed,
// the event worker finishes the event in hand (its transaction commits or
// not at all), the delivery worker finishes the attempt in hand. Whatever
// is left waits in the file for the next start.
#ifndef BUCKETWATCH_SERVE_DAEMON_H_
#define BUCKETWATCH_SERVE_DAEMON_H_

#include <atomic>
#include <memory>
#include <thread>

#include "base/status.h"
#include "notify/delivery.h"
#include "serve/config.h"
#include "serve/delivery_worker.h"
#include "serve/event_worker.h"
#include "serve/http_intake.h"
#include "serve/inbox_writer.h"
#include "serve/metrics.h"
#include "serve/rescanner.h"
#include "serve/sqs_intake.h"
#include "serve/wakeup.h"
#include "state/dynamodb_memory.h"
#include "store/store.h"

namespace bucketwatch::serve {

class Daemon {
 public:
  // `rescanner` and `sink` may be given by tests; null: AWS and the
  // configured Slack webhook.
  static Result<std::unique_ptr<Daemon>> Start(const ServeConfig& config,
                                               std::unique_ptr<Rescanner> rescanner = nullptr,
                                               std::unique_ptr<notify::Sink> sink = nullptr);
  ~Daemon();  // Stop()s

  int port() const { return intake_->port(); }
  Metrics& metrics() { return metrics_; }
  void Stop();

 private:
  Daemon() = default;
  void RunEvents();
  void RunDelivery();

  ServeConfig config_;
  Metrics metrics_;
  std::unique_ptr<Rescanner> rescanner_;
  std::unique_ptr<notify::Sink> sink_;
  std::unique_ptr<store::Store> event_store_;
  std::unique_ptr<store::Store> delivery_store_;
  std::unique_ptr<state::DynamoDbMemory> event_state_;  // with a shared state table
  std::unique_ptr<state::DynamoDbMemory> delivery_state_;
  std::unique_ptr<InboxWriter> writer_;
  std::unique_ptr<HttpIntake> intake_;
  std::unique_ptr<SqsIntake> sqs_;
  std::unique_ptr<EventWorker> event_worker_;
  std::unique_ptr<DeliveryWorker> delivery_worker_;
  Wakeup events_wakeup_;
  Wakeup delivery_wakeup_;
  std::atomic<bool> stop_{false};
  std::thread event_thread_;
  std::thread delivery_thread_;
  bool stopped_ = false;
};

}  // namespace bucketwatch::serve

#endif  // BUCKETWATCH_SERVE_DAEMON_H_
