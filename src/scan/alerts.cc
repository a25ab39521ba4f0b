#include "scan/alerts.h"

#include <algorithm>

#include "base/log.h"

namespace bucketwatch::scan {
namespace {

using std::chrono::milliseconds;

// Statuses that say the destination itself is gone or refuses us
// (invalid_token, no_service, channel_not_found, channel_is_archived):
// every further message would fail the same way.
bool DestinationRefused(const Delivery& d) {
  return d.outcome == Delivery::Outcome::kPermanent &&
         (d.http_status == 401 || d.http_status == 403 || d.http_status == 404 || d.http_status == 410);
}

class Sender {
 public:
  Sender(AlertChannel& channel, const PaceSettings& settings, const Pacer& pacer, AlertReport& report)
      : channel_(channel), settings_(settings), pacer_(pacer), report_(report) {}

  // Sends one message; false when sending must stop altogether.
  bool Send(const std::string& what, const std::string& payload) {
    for (int attempt = 1;; ++attempt) {
      WaitForTurn();
      Delivery d = channel_.Send(payload);
      if (d.outcome == Delivery::Outcome::kDelivered) {
        ++report_.sent;
        return true;
      }
      std::string why = what + ": " + (d.http_status != 0 ? "HTTP " + std::to_string(d.http_status) + " " : "") +
                        d.detail + " (attempt " + std::to_string(attempt) + ")";
      if (DestinationRefused(d)) {
        Fail(channel_.Describe() + " refused " + why + "; nothing more is sent");
        report_.stopped = true;
        return false;
      }
      if (d.outcome == Delivery::Outcome::kPermanent || attempt >= settings_.max_attempts) {
        Fail(why);
        return true;
      }
      milliseconds wait = Backoff(attempt);
      if (d.retry_after) {
        if (*d.retry_after > settings_.max_retry_after) {
          Fail(why + ": asked to wait " + std::to_string(d.retry_after->count() / 1000) + " s; nothing more is sent");
          report_.stopped = true;
          return false;
        }
        wait = std::max(wait, *d.retry_after);
      }
      wait = std::max(wait, settings_.interval);  // a retry is a message too, as far as the rate goes
      log::Info("scan.alert_retry", {{"message", what}, {"status", d.http_status}, {"wait_ms", wait.count()}});
      pacer_.sleep(wait);
    }
  }

 private:
  void WaitForTurn() {
    auto now = pacer_.now();
    if (started_ && now < last_ + settings_.interval) {
      pacer_.sleep(std::chrono::duration_cast<milliseconds>(last_ + settings_.interval - now));
    }
    last_ = pacer_.now();
    started_ = true;
  }
  milliseconds Backoff(int attempt) const {
    milliseconds b = settings_.first_backoff;
    for (int i = 1; i < attempt && b < settings_.max_backoff; ++i) b *= 2;
    return std::min(b, settings_.max_backoff);
  }
  void Fail(const std::string& why) {
    ++report_.failed;
    report_.problems.push_back(why);
    log::Warn("scan.alert_failed", {{"reason", why}});
  }

  AlertChannel& channel_;
  const PaceSettings& settings_;
  const Pacer& pacer_;
  AlertReport& report_;
  bool started_ = false;
  std::chrono::steady_clock::time_point last_{};
};

}  // namespace

bool WorthAlerting(const ScanReport& report) {
  const Summary& s = report.summary;
  return s.public_buckets > 0 || s.unknown > 0 || s.errors > 0 || s.account_errors > 0 || s.expired_allowances > 0;
}

AlertReport SendAlerts(const ScanReport& report, AlertChannel& channel, const PaceSettings& settings,
                       const Pacer& pacer) {
  AlertReport out;
  std::vector<const BucketResult*> alerted;
  for (const BucketResult& b : report.buckets) {
    if (b.standing == Standing::kPublic) alerted.push_back(&b);
  }
  out.public_buckets = alerted.size();
  if (!WorthAlerting(report)) return out;
  // Writable before readable, then by name: the worst first if the cap cuts the list.
  std::stable_sort(alerted.begin(), alerted.end(), [](const BucketResult* a, const BucketResult* b) {
    if (a->public_write != b->public_write) return a->public_write;
    if (a->account != b->account) return a->account < b->account;
    return a->bucket < b->bucket;
  });
  size_t to_send = std::min(alerted.size(), settings.max_bucket_messages);
  Sender sender(channel, settings, pacer, out);
  for (size_t i = 0; i < to_send; ++i) {
    const BucketResult& b = *alerted[i];
    if (!sender.Send("alert for bucket " + b.bucket, channel.BucketMessage(b))) return out;
  }
  size_t sent_before = out.sent;
  if (!sender.Send("scan summary", channel.SummaryMessage(report, alerted.size() - to_send))) return out;
  out.summary_sent = out.sent > sent_before;
  return out;
}

}  // namespace bucketwatch::scan
