#include "serve/delivery_worker.h"

#include <algorithm>
#include <chrono>
#include <utility>

#include "base/log.h"
#include "handler/remembered.h"
#include "serve/event_worker.h"

namespace bucketwatch::serve {

void DeliveryWorker::Settle(const store::OutboxMessage& message, bool delivered) {
  if (shared_ == nullptr || message.account.empty()) return;
  handler::RememberedAlert alert;
  alert.key = message.key;
  alert.account = message.account;
  alert.bucket = message.bucket;
  alert.kept = true;
  Status s = delivered ? handler::Delivered(*shared_, alert) : handler::Abandoned(*shared_, alert);
  // Left pending, another replica sends it again after a while, marked as a
  // possible repeat: a copy too many, never one too few.
  if (!s.ok()) log::Warn("state.not_settled", {{"key", message.key}, {"error", s.ToString()}});
}

DeliveryWorker::DeliveryWorker(store::Store& store, notify::Sink& sink, notify::RetryPolicy policy, Metrics& metrics,
                               notify::Pacing pacing)
    : store_(store), sink_(sink), policy_(policy), metrics_(metrics), pacing_(std::move(pacing)) {}

Result<int64_t> DeliveryWorker::Drain(const std::atomic<bool>& stop) {
  int64_t next_due = 0;
  BW_ASSIGN_OR_RETURN(std::vector<std::string> destinations, store_.OutboxDestinations());
  for (const std::string& destination : destinations) {
    if (destination.starts_with(store::Store::kParkedPrefix)) continue;
    while (!stop.load()) {
      BW_ASSIGN_OR_RETURN(std::optional<store::OutboxMessage> head, store_.OutboxHead(destination));
      if (!head) break;
      int64_t now = NowMs();
      if (head->next_attempt_at_ms > now) {
        next_due = next_due == 0 ? head->next_attempt_at_ms : std::min(next_due, head->next_attempt_at_ms);
        break;
      }
      BW_ASSIGN_OR_RETURN(bool was_in_flight, store_.BeginDelivery(head->id));
      bool repeat = was_in_flight || head->last_error.starts_with(kMaybeDelivered);
      std::string_view payload =
          repeat ? notify::PayloadToRepeat(head->key, head->payload, head->repeat_payload) : head->payload;
      notify::Attempt attempt = sink_.Send(payload, policy_.attempt_timeout);
      int attempts = head->attempts + 1;
      if (attempt.delivered()) {
        BW_RETURN_IF_ERROR(store_.Delivered(head->id));
        Settle(*head, true);
        metrics_.alerts_sent++;
        metrics_.outbox_depth--;
        if (repeat) metrics_.alerts_repeated++;
        log::Info("alert.delivered", {{"key", head->key},
                                      {"attempts", attempts},
                                      {"possible_repeat", repeat},
                                      {"waited_ms", NowMs() - head->created_at_ms}});
        continue;
      }
      std::string detail = attempt.detail.empty() ? std::string(notify::OutcomeName(attempt.outcome)) : attempt.detail;
      if (attempt.http_status != 0) detail = "HTTP " + std::to_string(attempt.http_status) + " " + detail;
      if (attempt.outcome == notify::Attempt::Outcome::kPermanent) {
        BW_RETURN_IF_ERROR(store_.Park(head->id, detail));
        Settle(*head, false);
        metrics_.alerts_parked++;
        log::Error("alert.parked",
                   {{"key", head->key}, {"destination", sink_.Describe()}, {"error", detail}, {"attempts", attempts}});
        continue;
      }
      // Retryable: wait as notify's rules say, however long it takes. A
      // Retry-After longer than the policy's cap is still honoured here: the
      // outbox can wait.
      std::chrono::milliseconds wait = notify::BackoffBefore(attempts + 1, attempt, policy_, pacing_.random());
      if (attempt.retry_after && *attempt.retry_after > wait) wait = *attempt.retry_after;
      std::string error = attempt.maybe_delivered ? std::string(kMaybeDelivered) + detail : detail;
      BW_RETURN_IF_ERROR(store_.DeliveryFailed(head->id, NowMs() + wait.count(), error));
      metrics_.alerts_retried++;
      log::Warn("alert.retry", {{"key", head->key},
                                {"attempt", attempts},
                                {"error", detail},
                                {"retry_in_ms", static_cast<int64_t>(wait.count())}});
      int64_t due = NowMs() + wait.count();
      next_due = next_due == 0 ? due : std::min(next_due, due);
      break;
    }
  }
  return next_due;
}

}  // namespace bucketwatch::serve
