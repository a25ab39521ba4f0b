// The delivery worker: sends the outbox to Slack, oldest first, one message
// at a time per destination (a later alert never overtakes an earlier one).
//
//   BeginDelivery (committed) -> Sink::Send -> Delivered (row deleted)
//
// A message found already in flight (the daemon died between the send and
// the commit) or whose last attempt may have reached Slack (a timeout after
// the request was sent) goes out marked as a possible repeat: at most one
// repeat, and it says so.
//
// Retry rules are notify's: 429 after Retry-After, 5xx and network errors
// with capped exponential backoff and jitter, for as long as it takes (Slack
// down for an hour: the alerts wait, in order). A permanent refusal (4xx:
// the message itself is wrong, or the webhook was revoked) parks the
// message: kept in the store with Slack's reason, logged as an error,
// counted in /metrics, and the queue moves on.
//
// With a state table shared by several replicas, a message decided against
// it is also pending in its bucket's record (change/memory.h): once Slack
// accepted it, it is cleared there, so that no other replica takes it over;
// a parked one is marked abandoned there, as the Lambda function does.
#ifndef BUCKETWATCH_SERVE_DELIVERY_WORKER_H_
#define BUCKETWATCH_SERVE_DELIVERY_WORKER_H_

#include <atomic>
#include <cstdint>
#include <string>
#include <string_view>

#include "base/status.h"
#include "change/memory.h"
#include "notify/delivery.h"
#include "notify/slack_message.h"
#include "serve/metrics.h"
#include "store/store.h"

namespace bucketwatch::serve {

// The mark an attempt carries in last_error when it may have been delivered.
inline constexpr std::string_view kMaybeDelivered = "possibly delivered: ";

class DeliveryWorker {
 public:
  DeliveryWorker(store::Store& store, notify::Sink& sink, notify::RetryPolicy policy, Metrics& metrics,
                 notify::Pacing pacing = notify::Pacing::Real());

  // Sends every message that is due, in order, until the outbox is empty,
  // a message must wait, or `stop`. Returns when the next waiting message
  // is due (ms since the epoch; 0: nothing waiting).
  Result<int64_t> Drain(const std::atomic<bool>& stop);

  // The shared state table (null: none); used from this worker's thread only.
  void set_shared_state(change::Memory* shared) { shared_ = shared; }

 private:
  // The message's pending entry in the shared table, cleared or abandoned.
  void Settle(const store::OutboxMessage& message, bool delivered);

  store::Store& store_;
  notify::Sink& sink_;
  notify::RetryPolicy policy_;
  Metrics& metrics_;
  notify::Pacing pacing_;
  change::Memory* shared_ = nullptr;
};

}  // namespace bucketwatch::serve

#endif  // BUCKETWATCH_SERVE_DELIVERY_WORKER_H_
