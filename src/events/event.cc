#include "events/event.h"

#include "events/fields.h"

namespace bucketwatch::events {
namespace {

constexpr int kMaxUnwrap = 2;  // SNS around a Config notification around ...: enough

Result<Event> FromObject(json::Object root, int depth);

// A JSON string (or object) holding the real payload: SNS "Message",
// a Config rule's "invokingEvent".
Result<Event> Unwrap(json::Element inner, std::string_view key, int depth) {
  json::Path root;
  json::Path at = root.Key(key);
  if (depth >= kMaxUnwrap) return InvalidInput("events wrapped deeper than this are not read", at.Pointer());
  json::Object object;
  if (!inner.get_object().get(object)) {
    auto e = FromObject(object, depth + 1);
    if (!e.ok()) return std::move(e).take_status().WithPathPrefix(at.Pointer());
    return e;
  }
  std::string_view text;
  if (inner.get_string().get(text)) return json::TypeError(at, "a JSON string or object", inner);
  std::string copy(text);
  json::Parser nested;
  auto doc = nested.ParseReplacingLoneSurrogates(copy);
  if (!doc.ok()) return InvalidInput("the JSON in this string is " + doc.status().message(), at.Pointer());
  if (doc->get_object().get(object)) return json::TypeError(at, "a JSON object in the string", *doc);
  auto e = FromObject(object, depth + 1);
  if (!e.ok()) {
    return std::move(e).take_status().WithPathPrefix(at.Pointer() + " (inside the string)");
  }
  return e;
}

// An AWS Config notification ({"messageType": ...}) at `path`.
Result<Happening> FromConfigMessage(json::Object detail, const json::Path& path, const Envelope& envelope,
                                    std::string_view message_type) {
  if (message_type == "ComplianceChangeNotification") {
    BW_ASSIGN_OR_RETURN(ComplianceChange c, ParseComplianceChange(detail, path, envelope));
    return Happening(std::move(c));
  }
  if (message_type == "ConfigurationItemChangeNotification" ||
      message_type == "OversizedConfigurationItemChangeNotification") {
    BW_ASSIGN_OR_RETURN(ConfigItemChange c, ParseConfigItemChange(detail, path, envelope));
    return Happening(std::move(c));
  }
  return Happening(Ignored{"AWS Config " + std::string(message_type) + " is not a change bucketwatch acts on"});
}

Result<Event> FromEventBridge(json::Object root) {
  Event event;
  BW_ASSIGN_OR_RETURN(event.envelope, ReadEnvelope(root));
  const std::string& type = event.envelope.detail_type;
  bool known = type == kComplianceChangeType || type == kConfigItemChangeType || type == kGuardDutyFindingType ||
               type == kApiCallType;
  if (!known) {
    event.what = Ignored{"detail-type \"" + type + "\" from " +
                         (event.envelope.source.empty() ? std::string("an unnamed source") : event.envelope.source) +
                         " is not an event bucketwatch acts on"};
    return event;
  }
  json::Path root_path;
  json::Path detail_path = root_path.Key("detail");
  BW_ASSIGN_OR_RETURN(json::Object detail, RequiredObject(root, "detail", root_path));
  if (type == kComplianceChangeType) {
    BW_ASSIGN_OR_RETURN(ComplianceChange c, ParseComplianceChange(detail, detail_path, event.envelope));
    event.what = std::move(c);
  } else if (type == kConfigItemChangeType) {
    BW_ASSIGN_OR_RETURN(ConfigItemChange c, ParseConfigItemChange(detail, detail_path, event.envelope));
    event.what = std::move(c);
  } else if (type == kGuardDutyFindingType) {
    BW_ASSIGN_OR_RETURN(GuardDutyFinding f, ParseGuardDutyFinding(detail, detail_path, event.envelope));
    event.what = std::move(f);
  } else {
    BW_ASSIGN_OR_RETURN(ApiCall c, ParseApiCall(detail, detail_path, event.envelope));
    event.what = std::move(c);
  }
  return event;
}

Result<Event> FromObject(json::Object root, int depth) {
  if (Field(root, "detail-type")) return FromEventBridge(root);
  json::Path path;
  Event event;
  event.envelope.bare = true;
  if (auto message_type = Field(root, "messageType"); message_type && message_type->is_string()) {
    BW_ASSIGN_OR_RETURN(event.what,
                        FromConfigMessage(root, path, event.envelope, message_type->get_string().value_unsafe()));
    return event;
  }
  if (Field(root, kRequestKey)) {
    BW_ASSIGN_OR_RETURN(event.what, ParseRequest(root));
    return event;
  }
  if (auto invoking = Field(root, "invokingEvent")) return Unwrap(*invoking, "invokingEvent", depth);
  if (auto message = Field(root, "Message"); message && Field(root, "Type")) return Unwrap(*message, "Message", depth);
  if (Field(root, "eventName") && Field(root, "eventSource")) {
    BW_ASSIGN_OR_RETURN(ApiCall c, ParseApiCall(root, path, event.envelope));
    event.what = std::move(c);
    return event;
  }
  if (Field(root, "schemaVersion") && Field(root, "resource") && Field(root, "type")) {
    BW_ASSIGN_OR_RETURN(GuardDutyFinding f, ParseGuardDutyFinding(root, path, event.envelope));
    event.what = std::move(f);
    return event;
  }
  if (auto records = Field(root, "Records"); records && records->is_array()) {
    return InvalidInput("this is a list of records (a CloudTrail log file or an SNS/SQS batch); give one event",
                        "/Records");
  }
  return InvalidInput(
      "not an event bucketwatch can read: expected an EventBridge event (with \"detail-type\" and \"detail\"), "
      "a CloudTrail record, a GuardDuty finding or an AWS Config notification");
}

}  // namespace

std::string_view KindName(const Happening& what) {
  switch (what.index()) {
    case 0: return "config_compliance_change";
    case 1: return "config_item_change";
    case 2: return "guardduty_finding";
    case 3: return "cloudtrail_api_call";
    case 4: return "reconcile";
    default: return "ignored";
  }
}

Result<Event> ParseEvent(std::string_view text, json::Parser& parser) {
  // A lone surrogate escape is U+FFFD in free text; identifiers holding one
  // are refused where they are read (CheckIdentifier).
  auto doc = parser.ParseReplacingLoneSurrogates(text);
  if (!doc.ok()) return doc.status();
  json::Object root;
  if (doc->get_object().get(root)) {
    json::Path path;
    return json::TypeError(path, "a JSON object (an EventBridge event)", *doc);
  }
  return FromObject(root, 0);
}

}  // namespace bucketwatch::events
