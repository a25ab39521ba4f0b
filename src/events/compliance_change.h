// "Config Rules Compliance Change": an AWS Config rule's verdict on one
// resource changed (AWS Config Developer Guide, "Monitoring AWS Config with
// Amazon EventBridge" and "Example Compliance Change Notification";
// docs/sources.md, "AWS Config events and managed rules"). The event carries the new result and,
// when there was one, the previous result; the annotation is optional free
// text and is never required (the old Lambda crashed without it).
#ifndef BUCKETWATCH_EVENTS_COMPLIANCE_CHANGE_H_
#define BUCKETWATCH_EVENTS_COMPLIANCE_CHANGE_H_

#include <optional>
#include <string>
#include <string_view>

#include "base/json.h"
#include "base/status.h"
#include "events/envelope.h"

namespace bucketwatch::events {

enum class Compliance : uint8_t { kCompliant, kNonCompliant, kNotApplicable, kInsufficientData };
std::string_view ComplianceName(Compliance c);  // "COMPLIANT", "NON_COMPLIANT", ...

struct EvaluationResult {
  Compliance compliance = Compliance::kInsufficientData;
  std::optional<std::string> annotation;  // absent or null: nullopt
  std::string recorded_time;              // resultRecordedTime
  std::string ordering_time;              // evaluationResultIdentifier.orderingTimestamp
};

struct ComplianceChange {
  std::string rule_name;
  std::string rule_arn;
  std::string resource_type;  // "AWS::S3::Bucket", "AWS::S3::AccountPublicAccessBlock", "AWS::::Account"
  std::string resource_id;    // the bucket name, or the account id for account-level rules
  std::string account;
  std::string region;
  EvaluationResult now;
  std::optional<EvaluationResult> before;  // oldEvaluationResult, when the resource had one
  std::string notification_time;
};

// Reads the event's "detail" (at `path`, "/detail" for EventBridge).
// Account and Region fall back to the envelope's.
Result<ComplianceChange> ParseComplianceChange(json::Object detail, const json::Path& path, const Envelope& envelope);

}  // namespace bucketwatch::events

#endif  // BUCKETWATCH_EVENTS_COMPLIANCE_CHANGE_H_
