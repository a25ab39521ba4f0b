// A Slack incoming webhook as a delivery Sink (docs/sources.md, "Slack incoming webhooks"): a JSON
// POST; 200 "ok" is delivered; 429 is retryable after Retry-After; 5xx and
// network failures are retryable; any other 4xx (invalid_payload,
// channel_not_found, action_prohibited, no_service, ...) is permanent and
// reported with Slack's own error text.
//
// The webhook URL is a credential: it never appears in Describe(), in an
// Attempt's detail or in a log line; only its scheme and host do.
#ifndef BUCKETWATCH_NOTIFY_SLACK_WEBHOOK_H_
#define BUCKETWATCH_NOTIFY_SLACK_WEBHOOK_H_

#include <chrono>
#include <memory>
#include <optional>
#include <string>
#include <string_view>

#include "net/http.h"
#include "notify/delivery.h"

namespace bucketwatch::notify {

class SlackWebhook final : public Sink {
 public:
  explicit SlackWebhook(std::string url);
  Attempt Send(std::string_view payload, std::chrono::milliseconds timeout) override;
  std::string Describe() const override;  // "Slack webhook https://hooks.slack.com/***"

 private:
  std::string url_;
  // Made on the first message (an event that announces nothing never loads
  // anything for HTTP), then kept: the connection stays alive between messages.
  std::unique_ptr<net::HttpClient> client_;
};

// How a webhook answer is classified (exposed for tests). `retry_after` is
// the Retry-After header value, "" when absent.
Attempt ClassifySlackAnswer(long status, std::string_view body, std::string_view retry_after);

// Retry-After as delta-seconds ("30", also "1.5") or an HTTP date; nullopt
// when unreadable.
std::optional<std::chrono::milliseconds> ParseRetryAfter(std::string_view value);

}  // namespace bucketwatch::notify

#endif  // BUCKETWATCH_NOTIFY_SLACK_WEBHOOK_H_
