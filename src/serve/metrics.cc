#include "serve/metrics.h"

namespace bucketwatch::serve {
namespace {

void Add(std::string& out, const char* name, const char* type, const char* help, int64_t value) {
  out += "# HELP ";
  out += name;
  out += ' ';
  out += help;
  out += "\n# TYPE ";
  out += name;
  out += ' ';
  out += type;
  out += '\n';
  out += name;
  out += ' ';
  out += std::to_string(value);
  out += '\n';
}

void AddSeconds(std::string& out, const char* name, const char* help, int64_t ms) {
  out += "# HELP ";
  out += name;
  out += ' ';
  out += help;
  out += "\n# TYPE ";
  out += name;
  out += " gauge\n";
  out += name;
  out += ' ';
  out += std::to_string(ms / 1000);
  out += '.';
  std::string frac = std::to_string(ms % 1000);
  out.append(3 - frac.size(), '0');
  out += frac;
  out += '\n';
}

}  // namespace

std::string Metrics::Render() const {
  std::string o;
  o.reserve(4096);
  Add(o, "bucketwatch_http_requests_total", "counter", "HTTP requests to the intake.", http_requests);
  Add(o, "bucketwatch_http_requests_timed_out_total", "counter",
      "Connections closed because their request did not arrive whole within listen.request_timeout_seconds.",
      http_requests_timed_out);
  Add(o, "bucketwatch_events_received_total", "counter", "Events accepted and durably in the inbox.", events_received);
  Add(o, "bucketwatch_sqs_received_total", "counter", "SQS messages received.", sqs_received);
  Add(o, "bucketwatch_sqs_deleted_total", "counter", "SQS messages deleted after their event was stored.", sqs_deleted);
  Add(o, "bucketwatch_sqs_failed_total", "counter",
      "SQS messages left in the queue: not a valid event, inbox full or not stored.", sqs_failed);
  Add(o, "bucketwatch_events_duplicate_total", "counter", "Events accepted that were already in the inbox or seen.",
      events_duplicate);
  Add(o, "bucketwatch_events_refused_total", "counter",
      "Events refused with 503 (inbox full or shutting down); the sender retries.", events_refused);
  Add(o, "bucketwatch_events_rejected_total", "counter", "Requests rejected as malformed, unauthorised or too large.",
      events_rejected);
  Add(o, "bucketwatch_events_handled_total", "counter", "Events handled (judged, state and alerts committed).",
      events_handled);
  Add(o, "bucketwatch_events_ignored_total", "counter", "Events handled that bucketwatch does not act on.",
      events_ignored);
  Add(o, "bucketwatch_events_failed_total", "counter", "Events that could not be handled after every attempt.",
      events_failed);
  Add(o, "bucketwatch_rescans_total", "counter", "Live re-reads of a bucket or account.", rescans);
  Add(o, "bucketwatch_rescan_retries_total", "counter", "Rescans that failed and were retried.", rescan_retries);
  Add(o, "bucketwatch_verdicts_total", "counter", "Buckets judged.", verdicts);
  Add(o, "bucketwatch_verdicts_public_total", "counter", "Buckets judged exposed or not judgeable.", verdicts_public);
  Add(o, "bucketwatch_alerts_queued_total", "counter", "Alerts written to the outbox.", alerts_queued);
  Add(o, "bucketwatch_alerts_sent_total", "counter", "Alerts Slack accepted.", alerts_sent);
  Add(o, "bucketwatch_alerts_repeated_total", "counter", "Alerts sent marked as a possible repeat.", alerts_repeated);
  Add(o, "bucketwatch_alerts_retried_total", "counter", "Delivery attempts that failed and will be retried.",
      alerts_retried);
  Add(o, "bucketwatch_alerts_parked_total", "counter", "Alerts Slack refused for good, kept in the outbox as parked.",
      alerts_parked);
  Add(o, "bucketwatch_inbox_depth", "gauge", "Events accepted and not yet handled.", inbox_depth);
  Add(o, "bucketwatch_outbox_depth", "gauge", "Alerts not yet delivered (parked included).", outbox_depth);
  AddSeconds(o, "bucketwatch_last_scan_time_seconds", "When the last scheduled scan finished (Unix time; 0: none).",
             last_scan_time_ms);
  AddSeconds(o, "bucketwatch_last_scan_duration_seconds", "How long the last scheduled scan took.",
             last_scan_duration_ms);
  Add(o, "bucketwatch_last_scan_buckets", "gauge", "Buckets judged by the last scheduled scan.", last_scan_buckets);
  AddSeconds(o, "bucketwatch_start_time_seconds", "When the daemon started (Unix time).", started_at_ms);
  return o;
}

}  // namespace bucketwatch::serve
