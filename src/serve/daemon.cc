#include "serve/daemon.h"

#include <algorithm>
#include <utility>

#include "base/log.h"
#include "notify/slack_webhook.h"

namespace bucketwatch::serve {
namespace {

// How long a worker sleeps when nothing rings it: a bound on how late a
// retry that came due is noticed.
constexpr int64_t kIdlePollMs = 1000;

std::chrono::milliseconds UntilDue(int64_t due_ms) {
  if (due_ms == 0) return std::chrono::milliseconds(kIdlePollMs);
  int64_t wait = std::clamp<int64_t>(due_ms - NowMs(), 1, kIdlePollMs);
  return std::chrono::milliseconds(wait);
}

}  // namespace

Result<std::unique_ptr<Daemon>> Daemon::Start(const ServeConfig& config, std::unique_ptr<Rescanner> rescanner,
                                              std::unique_ptr<notify::Sink> sink) {
  std::unique_ptr<Daemon> d(new Daemon());
  d->config_ = config;
  d->metrics_.started_at_ms = NowMs();
  d->rescanner_ = rescanner ? std::move(rescanner) : MakeAwsRescanner(config.aws, config.slack);
  d->sink_ = sink ? std::move(sink) : std::make_unique<notify::SlackWebhook>(config.slack.webhook_url);

  BW_ASSIGN_OR_RETURN(std::unique_ptr<store::Store> writer_store, store::Store::Open(config.store_path));
  BW_ASSIGN_OR_RETURN(d->event_store_, store::Store::Open(config.store_path));
  BW_ASSIGN_OR_RETURN(d->delivery_store_, store::Store::Open(config.store_path));
  BW_ASSIGN_OR_RETURN(int64_t inbox, d->event_store_->InboxDepth());
  BW_ASSIGN_OR_RETURN(int64_t outbox, d->event_store_->OutboxDepth());
  d->metrics_.inbox_depth = inbox;
  d->metrics_.outbox_depth = outbox;

  if (!config.state_table.empty()) {
    // One connection per worker thread, as for the store.
    BW_ASSIGN_OR_RETURN(d->event_state_, state::OpenDynamoDbMemory(config.state_table, config.aws));
    BW_ASSIGN_OR_RETURN(d->delivery_state_, state::OpenDynamoDbMemory(config.state_table, config.aws));
  }
  EventWorkerOptions options;
  options.rescan_attempts = config.rescan_attempts;
  options.sweep_accounts = config.scan_accounts;
  d->event_worker_ = std::make_unique<EventWorker>(*d->event_store_, d->rescanner_.get(), config.slack, d->metrics_,
                                                   options, d->event_state_.get());
  d->event_worker_->set_on_alerts([raw = d.get()] { raw->delivery_wakeup_.Ring(); });
  d->event_worker_->set_on_read_done([raw = d.get()] { raw->events_wakeup_.Ring(); });
  d->delivery_worker_ =
      std::make_unique<DeliveryWorker>(*d->delivery_store_, *d->sink_, config.slack.retry, d->metrics_);
  d->delivery_worker_->set_shared_state(d->delivery_state_.get());
  d->writer_ = std::make_unique<InboxWriter>(std::move(writer_store), d->metrics_);
  d->writer_->set_on_commit([raw = d.get()] { raw->events_wakeup_.Ring(); });

  d->event_thread_ = std::thread([raw = d.get()] { raw->RunEvents(); });
  d->delivery_thread_ = std::thread([raw = d.get()] { raw->RunDelivery(); });

  auto intake = HttpIntake::Start(config, *d->writer_, d->metrics_);
  if (!intake.ok()) {
    d->Stop();
    return intake.status();
  }
  d->intake_ = std::move(intake).value();
  if (!config.sqs.queue_url.empty()) {
    auto client = SqsIntake::MakeClient(config);
    if (!client.ok()) {
      d->Stop();
      return client.status();
    }
    d->sqs_ =
        std::make_unique<SqsIntake>(std::move(client).value(), config.sqs, config.max_inbox, *d->writer_, d->metrics_);
    d->sqs_->Start();
  }
  log::Info("serve.started", {{"address", config.listen_address},
                              {"port", d->intake_->port()},
                              {"store", config.store_path},
                              {"inbox", inbox},
                              {"outbox", outbox},
                              {"scan_interval_s", static_cast<int64_t>(config.scan_interval.count())},
                              {"slack", d->sink_->Describe()}});
  return d;
}

void Daemon::RunEvents() {
  int64_t next_scan_ms = config_.scan_interval.count() > 0 ? NowMs() + config_.scan_interval.count() * 1000 : 0;
  while (!stop_.load()) {
    int64_t due = 0;
    auto handled = event_worker_->Drain(NowMs(), due, stop_);
    if (!handled.ok()) {
      log::Error("events.store_failed", {{"error", handled.status().ToString()}});
      due = NowMs() + kIdlePollMs;  // the event stays in the inbox; try again
    }
    if (stop_.load()) break;
    if (next_scan_ms != 0 && NowMs() >= next_scan_ms) {
      event_worker_->Scan(NowMs());  // runs beside the events; its verdicts are taken in by Drain
      next_scan_ms = NowMs() + config_.scan_interval.count() * 1000;
    }
    if (next_scan_ms != 0) due = due == 0 ? next_scan_ms : std::min(due, next_scan_ms);
    events_wakeup_.WaitFor(UntilDue(due));
  }
}

void Daemon::RunDelivery() {
  while (!stop_.load()) {
    auto due = delivery_worker_->Drain(stop_);
    int64_t next = 0;
    if (!due.ok()) {
      log::Error("delivery.store_failed", {{"error", due.status().ToString()}});
      next = NowMs() + kIdlePollMs;
    } else {
      next = *due;
    }
    if (stop_.load()) break;
    delivery_wakeup_.WaitFor(UntilDue(next));
  }
}

void Daemon::Stop() {
  if (stopped_) return;
  stopped_ = true;
  log::Info("serve.stopping", {{"inbox", metrics_.inbox_depth.load()}, {"outbox", metrics_.outbox_depth.load()}});
  // Refuse new events, let the requests in progress reach their commit.
  if (intake_) {
    intake_->Drain();
    intake_->Stop();
  }
  // Finishes the poll in hand: what it received is stored, then deleted.
  if (sqs_) sqs_->Stop();
  if (writer_) writer_->Stop();
  stop_ = true;
  events_wakeup_.Ring();
  delivery_wakeup_.Ring();
  if (event_thread_.joinable()) event_thread_.join();
  if (delivery_thread_.joinable()) delivery_thread_.join();
  log::Info("serve.stopped", {{"inbox", metrics_.inbox_depth.load()}, {"outbox", metrics_.outbox_depth.load()}});
}

Daemon::~Daemon() { Stop(); }

}  // namespace bucketwatch::serve
