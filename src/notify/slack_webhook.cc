#include "notify/slack_webhook.h"

#include <cctype>
#include <ctime>

#include "base/redact.h"
#include "net/curl_api.h"

namespace bucketwatch::notify {
namespace {

constexpr size_t kMaxDetail = 200;

// Slack's answers are short tokens ("invalid_payload"); a proxy's may be a
// whole HTML page. Keep one readable line.
std::string Readable(std::string_view body) {
  std::string out;
  for (char c : body) {
    if (out.size() >= kMaxDetail) {
      out += "...";
      break;
    }
    unsigned char u = static_cast<unsigned char>(c);
    out += (u < 0x20 || u == 0x7f) ? ' ' : c;
  }
  while (!out.empty() && out.back() == ' ') out.pop_back();
  return out;
}

}  // namespace

std::optional<std::chrono::milliseconds> ParseRetryAfter(std::string_view value) {
  while (!value.empty() && value.front() == ' ') value.remove_prefix(1);
  while (!value.empty() && value.back() == ' ') value.remove_suffix(1);
  if (value.empty()) return std::nullopt;
  if (std::isdigit(static_cast<unsigned char>(value.front()))) {
    std::string copy(value);
    char* end = nullptr;
    double seconds = std::strtod(copy.c_str(), &end);
    if (end == nullptr || *end != '\0' || seconds < 0 || seconds > 86400) return std::nullopt;
    return std::chrono::milliseconds(static_cast<int64_t>(seconds * 1000));
  }
  auto curl = net::Curl();
  if (!curl.ok()) return std::nullopt;  // then nothing can be sent either
  std::string copy(value);
  time_t when = (*curl)->getdate(copy.c_str(), nullptr);
  if (when < 0) return std::nullopt;
  time_t now = std::time(nullptr);
  return std::chrono::milliseconds(when > now ? static_cast<int64_t>(when - now) * 1000 : 0);
}

Attempt ClassifySlackAnswer(long status, std::string_view body, std::string_view retry_after) {
  Attempt a;
  a.http_status = status;
  a.detail = Readable(body);
  if (status >= 200 && status < 300) {
    a.outcome = Attempt::Outcome::kDelivered;
  } else if (status == 429) {
    a.outcome = Attempt::Outcome::kRetryable;
    a.retry_after = ParseRetryAfter(retry_after);
    if (a.detail.empty()) a.detail = "rate limited";
  } else if (status >= 500 || status == 408) {
    a.outcome = Attempt::Outcome::kRetryable;
    a.retry_after = ParseRetryAfter(retry_after);
  } else {
    a.outcome = Attempt::Outcome::kPermanent;
    if (a.detail.empty()) a.detail = "no error text";
  }
  return a;
}

SlackWebhook::SlackWebhook(std::string url) : url_(std::move(url)) {}

std::string SlackWebhook::Describe() const { return "Slack webhook " + RedactUrl(url_); }

Attempt SlackWebhook::Send(std::string_view payload, std::chrono::milliseconds timeout) {
  net::HttpRequest req;
  req.method = "POST";
  req.url = url_;
  req.headers = {{"Content-Type", "application/json; charset=utf-8"}, {"User-Agent", "bucketwatch/0.1"}};
  req.body = std::string(payload);
  req.timeout = timeout;
  req.connect_timeout = std::min(timeout, std::chrono::milliseconds(3000));
  req.max_response_bytes = size_t{64} * 1024;
  if (client_ == nullptr) client_ = std::make_unique<net::HttpClient>();
  auto res = client_->Send(req);
  if (!res.ok()) {
    Attempt a;
    const Status& s = res.status();
    a.outcome = s.code() == StatusCode::kUnavailable ? Attempt::Outcome::kRetryable : Attempt::Outcome::kPermanent;
    a.detail = RedactSecret(s.message(), url_);
    // A timeout or reset after the request went out: Slack may have posted it.
    const std::string& m = s.message();
    a.maybe_delivered = m.find("Operation timed out") != std::string::npos ||
                        m.find("Empty reply") != std::string::npos || m.find("Recv failure") != std::string::npos;
    return a;
  }
  Attempt a = ClassifySlackAnswer(res->status, res->body, res->HeaderValue("Retry-After"));
  a.detail = RedactSecret(a.detail, url_);
  return a;
}

}  // namespace bucketwatch::notify
