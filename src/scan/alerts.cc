#include "scan/alerts.h"

#include <algorithm>

#include "base/log.h"

namespace bucketwatch::scan {
namespace {

using std::chrono::milliseconds;

// Statuses that say the destination itself is gone or refuses us
// (invalid_token, no_service, channel_not_found, channel_is_archived):
// every further message would fail the same way.
bool DestinationRefused(const notify::Attempt& a) {
  return a.outcome == notify::Attempt::Outcome::kPermanent &&
         (a.http_status == 401 || a.http_status == 403 || a.http_status == 404 || a.http_status == 410);
}

// The channel's sink with the scan's pace: at least `interval` between the
// starts of two attempts, retries included (a retry is a message too, as
// far as Slack's rate goes).
class PacedSink final : public notify::Sink {
 public:
  PacedSink(notify::Sink& inner, milliseconds interval, const Pacer& pacer)
      : inner_(inner), interval_(interval), pacer_(pacer) {}
  notify::Attempt Send(std::string_view payload, milliseconds timeout) override {
    auto now = pacer_.now();
    if (started_ && now < last_ + interval_) {
      pacer_.sleep(std::chrono::duration_cast<milliseconds>(last_ + interval_ - now));
    }
    last_ = pacer_.now();
    started_ = true;
    return inner_.Send(payload, timeout);
  }
  std::string Describe() const override { return inner_.Describe(); }

 private:
  notify::Sink& inner_;
  milliseconds interval_;
  const Pacer& pacer_;
  bool started_ = false;
  std::chrono::steady_clock::time_point last_{};
};

class Sender {
 public:
  Sender(notify::Sink& sink, const PaceSettings& settings, const Pacer& pacer, AlertReport& report)
      : sink_(sink, settings.interval, pacer), settings_(settings), report_(report) {
    // No jitter: a scan is the only sender on its webhook, so the full
    // back-off is waited, and never less than the interval.
    pacing_.sleep = [&pacer, interval = settings.interval](milliseconds wait) {
      pacer.sleep(std::max(wait, interval));
    };
    pacing_.random = [] { return 1.0; };
  }

  // Sends one message; false when sending must stop altogether.
  bool Send(const std::string& what, const std::string& payload) {
    notify::DeliveryReport d = notify::Deliver(sink_, payload, settings_.retry, Deadline::Never(), pacing_);
    if (d.delivered()) {
      ++report_.sent;
      return true;
    }
    const notify::Attempt& last = d.last;
    std::string why = what + ": " + (last.http_status != 0 ? "HTTP " + std::to_string(last.http_status) + " " : "") +
                      last.detail + " (attempt " + std::to_string(d.attempts) + ")";
    if (DestinationRefused(last)) {
      Fail(sink_.Describe() + " refused " + why + "; nothing more is sent");
      report_.stopped = true;
      return false;
    }
    if (last.retry_after && *last.retry_after > settings_.retry.max_retry_after) {
      Fail(why + ": asked to wait " + std::to_string(last.retry_after->count() / 1000) + " s; nothing more is sent");
      report_.stopped = true;
      return false;
    }
    Fail(why);
    return true;
  }

 private:
  void Fail(const std::string& why) {
    ++report_.failed;
    report_.problems.push_back(why);
    log::Warn("scan.alert_failed", {{"reason", why}});
  }

  PacedSink sink_;
  const PaceSettings& settings_;
  notify::Pacing pacing_;
  AlertReport& report_;
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
  Sender sender(channel.sink(), settings, pacer, out);
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
