#include "scan/traffic.h"

#include <algorithm>
#include <cctype>

#include "aws/json_responses.h"
#include "aws/retry.h"
#include "aws/xml_responses.h"
#include "base/log.h"

namespace bucketwatch::scan {
namespace {

// Did the server ask us to slow down? 503 and 429 always do (S3 throttles
// with 503 SlowDown); 400 only with a throttling code (STS "Throttling").
bool IsThrottle(const net::HttpResponse& r) {
  if (r.status == 503 || r.status == 429) return true;
  if (r.status < 400 || r.body.empty()) return false;
  std::string code;
  if (aws::LooksLikeJson(r.body)) {
    auto e = aws::ParseJsonErrorBody(r.body, r.HeaderValue("x-amzn-ErrorType"));
    if (e.ok()) code = e->code;
  } else {
    auto e = aws::ParseErrorBody(r.body);
    if (e.ok()) code = e->code;
  }
  return aws::ClassifyResponse(r.status, code) == aws::RetryKind::kThrottle;
}

class GuardedTransport : public aws::Transport {
 public:
  GuardedTransport(TrafficControl* control, std::unique_ptr<aws::Transport> inner)
      : control_(control), inner_(std::move(inner)) {}

  Result<net::HttpResponse> Send(const net::HttpRequest& request) override {
    std::string key = TrafficControl::KeyOf(request);
    BW_RETURN_IF_ERROR(control_->Admit(key));
    control_->Acquire();
    Result<net::HttpResponse> outcome = inner_ ? inner_->Send(request) : ThreadClient().Send(request);
    control_->Release();
    control_->Record(key, outcome);
    return outcome;
  }

 private:
  // One curl handle per thread, whichever account or client is sending.
  static net::HttpClient& ThreadClient() {
    thread_local net::HttpClient client;
    return client;
  }

  TrafficControl* control_;
  std::unique_ptr<aws::Transport> inner_;
};

}  // namespace

TrafficControl::TrafficControl(TrafficSettings settings, std::function<SteadyClock::time_point()> now)
    : settings_(settings), now_(std::move(now)) {
  settings_.max_in_flight = std::max(1, settings_.max_in_flight);
  settings_.min_in_flight = std::clamp(settings_.min_in_flight, 1, settings_.max_in_flight);
  limit_ = settings_.max_in_flight;
}

aws::TransportFactory TrafficControl::Factory(aws::TransportFactory inner) {
  return [this, inner]() -> std::unique_ptr<aws::Transport> {
    return std::make_unique<GuardedTransport>(this, inner ? inner() : nullptr);
  };
}

std::string TrafficControl::KeyOf(const net::HttpRequest& request) {
  // "AWS4-HMAC-SHA256 Credential=AKID/20260102/us-east-1/s3/aws4_request, ..."
  std::string_view auth = net::HeaderValue(request.headers, "Authorization");
  size_t c = auth.find("Credential=");
  if (c != std::string_view::npos) {
    std::string_view scope = auth.substr(c + 11);
    scope = scope.substr(0, scope.find_first_of(", "));
    size_t s1 = scope.find('/');
    size_t s2 = s1 == std::string_view::npos ? s1 : scope.find('/', s1 + 1);
    size_t s3 = s2 == std::string_view::npos ? s2 : scope.find('/', s2 + 1);
    size_t s4 = s3 == std::string_view::npos ? s3 : scope.find('/', s3 + 1);
    if (s4 != std::string_view::npos) return std::string(scope.substr(s2 + 1, s4 - s2 - 1));
  }
  std::string_view host = net::HeaderValue(request.headers, "Host");
  return host.empty() ? std::string("unknown") : std::string(host);
}

Status TrafficControl::Admit(const std::string& key) {
  std::lock_guard lock(mu_);
  auto it = breakers_.find(key);
  if (it == breakers_.end() || !it->second.open) return Status::Ok();
  Breaker& b = it->second;
  if (!b.probing && now_() >= b.retry_at) {
    b.probing = true;  // this request finds out whether the region is back
    return Status::Ok();
  }
  ++short_circuited_;
  // kIoError, not kUnavailable: the caller must not retry what was not sent.
  return Status(StatusCode::kIoError, key + " did not answer " + std::to_string(b.consecutive_failures) +
                                          " requests in a row (last: " + b.last_failure +
                                          "); not sent while it stays silent");
}

void TrafficControl::Acquire() {
  std::unique_lock lock(mu_);
  slot_free_.wait(lock, [this] { return in_flight_ < limit_; });
  ++in_flight_;
  peak_in_flight_ = std::max(peak_in_flight_, in_flight_);
  ++requests_;
}

void TrafficControl::Release() {
  {
    std::lock_guard lock(mu_);
    --in_flight_;
  }
  slot_free_.notify_one();
}

void TrafficControl::Record(const std::string& key, const Result<net::HttpResponse>& outcome) {
  bool answered = outcome.ok();
  bool throttle = answered && IsThrottle(*outcome);
  {
    std::lock_guard lock(mu_);
    Breaker& b = breakers_[key];
    if (answered) {
      if (b.open) log::Info("scan.region_answers_again", {{"region", key}});
      b = Breaker{};
    } else {
      bool no_answer = outcome.status().code() == StatusCode::kUnavailable;
      if (no_answer) {
        ++b.consecutive_failures;
        b.last_failure = outcome.status().message();
      }
      if (b.probing || (no_answer && !b.open && b.consecutive_failures >= settings_.breaker_threshold)) {
        if (!b.open) {
          log::Warn("scan.region_silent",
                    {{"region", key}, {"failures", b.consecutive_failures}, {"last", b.last_failure}});
        }
        b.open = true;  // a failed probe keeps it open for another cool-down
        b.probing = false;
        b.retry_at = now_() + settings_.breaker_cooldown;
      }
    }
    if (b.consecutive_failures == 0 && !b.open) {
      // Drop healthy entries so the map only holds troubled keys.
      breakers_.erase(key);
    }
  }
  if (throttle) {
    OnThrottle();
  } else if (answered) {
    OnSuccess();
  }
}

void TrafficControl::OnThrottle() {
  ++throttled_;
  std::lock_guard lock(mu_);
  SteadyClock::time_point now = now_();
  if (last_decrease_ != SteadyClock::time_point{} && now - last_decrease_ < settings_.decrease_interval) return;
  last_decrease_ = now;
  int before = limit_;
  limit_ = std::max(settings_.min_in_flight, limit_ / 2);
  successes_ = 0;
  if (before != limit_) log::Info("scan.throttled", {{"in_flight_limit", limit_}});
}

void TrafficControl::OnSuccess() {
  bool grew = false;
  {
    std::lock_guard lock(mu_);
    // One more slot per window of `limit` successes.
    if (limit_ < settings_.max_in_flight && ++successes_ >= limit_) {
      ++limit_;
      successes_ = 0;
      grew = true;
    }
  }
  if (grew) slot_free_.notify_all();
}

int TrafficControl::limit() const {
  std::lock_guard lock(mu_);
  return limit_;
}

int TrafficControl::peak_in_flight() const {
  std::lock_guard lock(mu_);
  return peak_in_flight_;
}

std::vector<std::string> TrafficControl::OpenBreakers() const {
  std::lock_guard lock(mu_);
  std::vector<std::string> out;
  for (const auto& [key, b] : breakers_) {
    if (b.open) out.push_back(key + ": " + b.last_failure);
  }
  return out;
}

}  // namespace bucketwatch::scan
