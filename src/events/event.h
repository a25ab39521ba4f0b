// One event, read into what happened. The entry point of src/events:
//
//   json::Parser parser;
//   BW_ASSIGN_OR_RETURN(events::Event e, events::ParseEvent(text, parser));
//   if (auto* c = std::get_if<events::ComplianceChange>(&e.what)) ...
//
// Accepted shapes: an EventBridge event (dispatched on "detail-type"), and
// for convenience when testing by hand the same payloads on their own: a
// CloudTrail record, a GuardDuty finding, an AWS Config notification, an
// SNS notification holding one of those, or a Config custom rule's
// invocation (its "invokingEvent" string); and bucketwatch's own scheduled
// request, {"bucketwatch": "reconcile"} (events/reconcile.h). An EventBridge event of another
// detail-type is Ignored, not an error; input that is none of these is.
#ifndef BUCKETWATCH_EVENTS_EVENT_H_
#define BUCKETWATCH_EVENTS_EVENT_H_

#include <string>
#include <string_view>
#include <variant>

#include "base/json.h"
#include "base/status.h"
#include "events/cloudtrail.h"
#include "events/compliance_change.h"
#include "events/config_item.h"
#include "events/envelope.h"
#include "events/guardduty.h"
#include "events/reconcile.h"

namespace bucketwatch::events {

// An event bucketwatch does not act on, and why (for the log).
struct Ignored {
  std::string reason;
};

using Happening = std::variant<ComplianceChange, ConfigItemChange, GuardDutyFinding, ApiCall, Reconcile, Ignored>;

struct Event {
  Envelope envelope;
  Happening what;
};

// "config_compliance_change", "config_item_change", "guardduty_finding",
// "cloudtrail_api_call", "reconcile", "ignored".
std::string_view KindName(const Happening& what);

// The EventBridge detail-types read here.
inline constexpr std::string_view kComplianceChangeType = "Config Rules Compliance Change";
inline constexpr std::string_view kConfigItemChangeType = "Config Configuration Item Change";
inline constexpr std::string_view kGuardDutyFindingType = "GuardDuty Finding";
inline constexpr std::string_view kApiCallType = "AWS API Call via CloudTrail";

// Parses and reads one event. Errors say where (JSON pointer) and what.
// The returned Event owns all its data; `parser` may be reused at once.
Result<Event> ParseEvent(std::string_view text, json::Parser& parser);

}  // namespace bucketwatch::events

#endif  // BUCKETWATCH_EVENTS_EVENT_H_
