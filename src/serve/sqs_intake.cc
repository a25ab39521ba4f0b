#include "serve/sqs_intake.h"

#include <utility>
#include <vector>

#include "aws/crypto.h"
#include "base/json.h"
#include "base/log.h"
#include "events/event.h"

namespace bucketwatch::serve {
namespace {

// After a failed receive: a pause, so a queue that is gone or a network
// that is down does not turn into a busy loop.
constexpr std::chrono::milliseconds kErrorPause{5000};

}  // namespace

SqsIntake::SqsIntake(std::unique_ptr<aws::SqsClient> client, ServeConfig::Sqs settings, int64_t max_inbox,
                     InboxWriter& writer, Metrics& metrics)
    : client_(std::move(client)),
      settings_(std::move(settings)),
      max_inbox_(max_inbox),
      writer_(writer),
      metrics_(metrics) {}

SqsIntake::~SqsIntake() { Stop(); }

Result<std::unique_ptr<aws::SqsClient>> SqsIntake::MakeClient(const ServeConfig& config) {
  aws::ClientOptions options = config.aws;
  if (!config.sqs.region.empty()) {
    options.region = config.sqs.region;
  } else if (std::string r = aws::RegionOfQueueUrl(config.sqs.queue_url); !r.empty()) {
    options.region = r;
  }
  BW_ASSIGN_OR_RETURN(std::shared_ptr<aws::AwsContext> context, aws::AwsContext::Create(options));
  aws::EndpointUrl endpoint;
  if (!config.sqs.endpoint_url.empty()) {
    auto parsed = aws::ParseEndpointUrl(config.sqs.endpoint_url);
    if (!parsed.ok()) return InvalidInput("sqs.endpoint_url: " + parsed.status().message());
    endpoint = *parsed;
  }
  return std::make_unique<aws::SqsClient>(std::move(context), std::move(endpoint));
}

Status SqsIntake::PollOnce() {
  aws::ReceiveOptions options;
  options.max_messages = settings_.max_messages;
  options.wait_seconds = settings_.wait_seconds;
  if (settings_.visibility_timeout_seconds > 0) options.visibility_timeout = settings_.visibility_timeout_seconds;
  BW_ASSIGN_OR_RETURN(std::vector<aws::SqsMessage> messages, client_->ReceiveMessage(settings_.queue_url, options));
  metrics_.sqs_received += static_cast<int64_t>(messages.size());

  thread_local json::Parser parser;
  std::vector<aws::DeleteEntry> stored;
  for (size_t i = 0; i < messages.size(); ++i) {
    aws::SqsMessage& m = messages[i];
    auto event = events::ParseEvent(m.body, parser);
    if (!event.ok()) {
      // Left in the queue: the redrive policy moves it to the DLQ.
      metrics_.sqs_failed++;
      log::Warn("sqs.invalid_event", {{"message_id", m.message_id},
                                      {"receive_count", m.attributes["ApproximateReceiveCount"]},
                                      {"reason", event.status().ToString()}});
      continue;
    }
    if (metrics_.inbox_depth.load() >= max_inbox_) {
      metrics_.sqs_failed++;
      log::Warn("sqs.inbox_full", {{"message_id", m.message_id}, {"inbox", metrics_.inbox_depth.load()}});
      continue;
    }
    std::string id = event->envelope.id;
    if (id.empty()) id = "sha256:" + aws::Sha256Hex(m.body);
    auto added = writer_.Add(id, std::move(m.body));
    if (!added.ok()) {
      metrics_.sqs_failed++;
      log::Warn("sqs.not_stored", {{"message_id", m.message_id}, {"error", added.status().ToString()}});
      continue;
    }
    if (*added) {
      metrics_.events_received++;
    } else {
      metrics_.events_duplicate++;
    }
    stored.push_back({std::to_string(i), m.receipt_handle});
  }
  if (stored.empty()) return Status::Ok();
  // Durable now: the messages may go.
  BW_ASSIGN_OR_RETURN(aws::BatchResult deleted, client_->DeleteMessageBatch(settings_.queue_url, stored));
  metrics_.sqs_deleted += static_cast<int64_t>(deleted.successful.size());
  for (const aws::BatchFailure& f : deleted.failed) {
    // Received again later; the inbox knows the event id, so it is not handled twice.
    log::Warn("sqs.delete_failed", {{"entry", f.id}, {"code", f.code}, {"message", f.message}});
  }
  return Status::Ok();
}

void SqsIntake::Start() {
  log::Info("sqs.started", {{"queue_url", settings_.queue_url}, {"wait_seconds", settings_.wait_seconds}});
  thread_ = std::thread([this] { Run(); });
}

void SqsIntake::Run() {
  while (!stop_.load()) {
    Status s = PollOnce();
    if (!s.ok() && !stop_.load()) {
      log::Error("sqs.receive_failed", {{"queue_url", settings_.queue_url}, {"error", s.ToString()}});
      wakeup_.WaitFor(kErrorPause);
    }
  }
}

void SqsIntake::Stop() {
  stop_ = true;
  wakeup_.Ring();
  if (thread_.joinable()) thread_.join();
}

}  // namespace bucketwatch::serve
