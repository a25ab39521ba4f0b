// EventHandler: one event in, alerts out. Parses the event, triages it,
// renders each alert for Slack and delivers it within the deadline. Shared
// by `bucketwatch handle` and the Lambda runtime loop.
//
// The result says whether the event was handled; when not, ErrorType() is
// the Lambda error type to report ("Function.InvalidEvent",
// "Function.SlackDeliveryFailed", ...), so that AWS retries the event and
// then sends it to the function's failure destination.
#ifndef BUCKETWATCH_HANDLER_HANDLER_H_
#define BUCKETWATCH_HANDLER_HANDLER_H_

#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "base/deadline.h"
#include "base/json.h"
#include "base/status.h"
#include "change/memory.h"
#include "handler/fan_out.h"
#include "handler/remembered.h"
#include "handler/rescan.h"
#include "handler/settings.h"
#include "handler/triage.h"
#include "notify/delivery.h"
#include "notify/slack_message.h"

namespace bucketwatch::handler {

struct AlertResult {
  notify::Alert alert;
  notify::SlackMessage message;
  std::optional<notify::DeliveryReport> delivery;  // none when not sent (dry run, or an earlier one failed)
  bool possible_repeat = false;                    // a pending alert of an earlier invocation, sent again marked
};

enum class Failure : uint8_t {
  kNone,
  kInvalidEvent,     // not JSON, or a matching event with missing or malformed fields
  kDeliveryFailed,   // Slack could not be reached or kept failing: worth retrying later
  kDeliveryRefused,  // Slack refused the message (4xx): its reason is in the message
  kDeadline,         // the invocation's time ran out before delivery
  kNotStarted,       // a reconciliation could not be started for some account, or for the rest of one
};

struct HandleResult {
  std::string event_kind;  // "config_compliance_change", ...; "" when unreadable
  std::string event_id;
  Disposition disposition = Disposition::kIgnored;
  std::string reason;
  std::vector<AlertResult> alerts;
  std::optional<Rescan> rescan;
  int buckets_read = -1;                       // after a rescan: how many buckets were read live
  std::string memory;                          // "compared" / why the state table was not used; empty without one
  std::vector<std::string> reconcile_started;  // the accounts an organization-wide reconciliation started
  // A reconciliation that handed the rest of its account to a new
  // invocation: the bucket name that one starts from, and how many are left.
  std::string reconcile_continued_from;
  size_t reconcile_continued = 0;
  Failure failure = Failure::kNone;
  Status error;

  bool ok() const { return failure == Failure::kNone; }
  // Some alert calls for action (became public, protection off, ...).
  bool needs_action() const;
  // "Function.InvalidEvent", "Function.SlackDeliveryFailed", "Function.SlackRejected",
  // "Function.DeadlineExceeded", "Function.ReconcileNotStarted"; "" when ok.
  std::string ErrorType() const;
  // The outcome as one line of JSON (the Lambda response; `handle`'s output).
  std::string SummaryJson() const;
};

class EventHandler {
 public:
  // `sink` may be null: alerts are rendered, not sent (--dry-run).
  EventHandler(Settings settings, std::unique_ptr<notify::Sink> sink, notify::Pacing pacing = notify::Pacing::Real());

  HandleResult Handle(std::string_view event_text, const Deadline& deadline);

  const Settings& settings() const { return settings_; }

  // Judges the events that need a live re-read (CloudTrail calls) by reading
  // through `reader` (handler/rescan.h); without one they end "needs_rescan".
  void set_bucket_reader(std::shared_ptr<BucketReader> reader, RescanOptions options = {}) {
    reader_ = std::move(reader);
    rescan_options_ = options;
  }
  // Compares those verdicts with what `memory` holds and announces only
  // transitions (handler/remembered.h). When the memory cannot be read or
  // written, the event is announced as without it (and logged).
  void set_memory(std::shared_ptr<change::Memory> memory) { memory_ = std::move(memory); }
  // How to start invocations (handler/fan_out.h). A reconciliation reads
  // for at most Settings::reconcile_slice and starts one for the buckets it
  // has not read; in a central deployment (a member role set) the scheduled
  // request without an account starts one reconciliation per account of the
  // organization.
  void set_fan_out(std::shared_ptr<FanOut> fan_out) { fan_out_ = std::move(fan_out); }

 private:
  Settings settings_;
  TriageOptions triage_options_;
  std::unique_ptr<notify::Sink> sink_;
  notify::Pacing pacing_;
  std::shared_ptr<BucketReader> reader_;
  RescanOptions rescan_options_;
  std::shared_ptr<change::Memory> memory_;
  std::shared_ptr<FanOut> fan_out_;
  json::Parser parser_;

  // The rescan's alerts from the memory; false: it could not be used.
  bool RememberRescan(const RescanResult& rescanned, int64_t read_at_ms, const Deadline& deadline,
                      std::vector<RememberedAlert>& kept, Triage& triage, HandleResult& result);
  // Sends the alerts in order; stops at the first that fails.
  void Deliver(HandleResult& result, const std::vector<RememberedAlert>& kept, const Deadline& deadline);
  // Starts a reconciliation of the buckets `rescanned` left unread; when it
  // cannot, they stay out of time (said as "could not be judged") and the
  // invocation fails so that Lambda retries it.
  void HandOn(RescanResult& rescanned, HandleResult& result);
  // Judges what triage left for a live read, as transitions with memory.
  void JudgeLive(Triage& triage, std::vector<RememberedAlert>& kept, HandleResult& result, const Deadline& deadline);
};

}  // namespace bucketwatch::handler

#endif  // BUCKETWATCH_HANDLER_HANDLER_H_
