#include "events/compliance_change.h"

#include "events/fields.h"

namespace bucketwatch::events {
namespace {

Result<EvaluationResult> ReadResult(json::Object result, const json::Path& path) {
  EvaluationResult r;
  BW_ASSIGN_OR_RETURN(std::string type, RequiredString(result, "complianceType", path));
  if (type == "COMPLIANT") {
    r.compliance = Compliance::kCompliant;
  } else if (type == "NON_COMPLIANT") {
    r.compliance = Compliance::kNonCompliant;
  } else if (type == "NOT_APPLICABLE") {
    r.compliance = Compliance::kNotApplicable;
  } else if (type == "INSUFFICIENT_DATA") {
    r.compliance = Compliance::kInsufficientData;
  } else {
    json::Path at = path.Key("complianceType");
    return InvalidInput("unknown complianceType \"" + type +
                            "\"; expected COMPLIANT, NON_COMPLIANT, NOT_APPLICABLE or INSUFFICIENT_DATA",
                        at.Pointer());
  }
  if (auto a = Field(result, "annotation")) {
    json::Path at = path.Key("annotation");
    BW_ASSIGN_OR_RETURN(std::string_view text, json::GetString(*a, at));
    r.annotation = std::string(text);
  }
  BW_ASSIGN_OR_RETURN(r.recorded_time, OptionalString(result, "resultRecordedTime", path));
  r.ordering_time = NestedString(result, {"evaluationResultIdentifier", "orderingTimestamp"});
  return r;
}

}  // namespace

std::string_view ComplianceName(Compliance c) {
  switch (c) {
    case Compliance::kCompliant: return "COMPLIANT";
    case Compliance::kNonCompliant: return "NON_COMPLIANT";
    case Compliance::kNotApplicable: return "NOT_APPLICABLE";
    case Compliance::kInsufficientData: return "INSUFFICIENT_DATA";
  }
  return "?";
}

Result<ComplianceChange> ParseComplianceChange(json::Object detail, const json::Path& path, const Envelope& envelope) {
  ComplianceChange c;
  json::Path new_path = path.Key("newEvaluationResult");
  BW_ASSIGN_OR_RETURN(json::Object new_result, RequiredObject(detail, "newEvaluationResult", path));
  BW_ASSIGN_OR_RETURN(c.now, ReadResult(new_result, new_path));
  json::Path old_path = path.Key("oldEvaluationResult");
  BW_ASSIGN_OR_RETURN(auto old_result, OptionalObject(detail, "oldEvaluationResult", path));
  if (old_result) {
    BW_ASSIGN_OR_RETURN(EvaluationResult before, ReadResult(*old_result, old_path));
    c.before = std::move(before);
  }

  // The qualifier repeats rule name, resource type and id; older records and
  // hand-made test events sometimes carry only one of the two places.
  auto qualifier = [&new_result](std::string_view key) {
    return NestedString(new_result, {"evaluationResultIdentifier", "evaluationResultQualifier", key});
  };
  BW_ASSIGN_OR_RETURN(c.rule_name, OptionalString(detail, "configRuleName", path));
  if (c.rule_name.empty()) c.rule_name = qualifier("configRuleName");
  if (c.rule_name.empty()) return MissingOrEmpty(detail, "configRuleName", path);
  BW_ASSIGN_OR_RETURN(c.resource_id, OptionalString(detail, "resourceId", path));
  if (c.resource_id.empty()) c.resource_id = qualifier("resourceId");
  if (c.resource_id.empty()) return MissingOrEmpty(detail, "resourceId", path);
  BW_RETURN_IF_ERROR(CheckIdentifier(c.resource_id, "a resource id (a bucket name)", path, "resourceId"));
  BW_ASSIGN_OR_RETURN(c.resource_type, OptionalString(detail, "resourceType", path));
  if (c.resource_type.empty()) c.resource_type = qualifier("resourceType");
  BW_ASSIGN_OR_RETURN(c.rule_arn, OptionalString(detail, "configRuleARN", path));
  BW_ASSIGN_OR_RETURN(c.account, OptionalString(detail, "awsAccountId", path));
  BW_RETURN_IF_ERROR(CheckIdentifier(c.account, "an account id", path, "awsAccountId"));
  if (c.account.empty()) c.account = envelope.account;
  BW_ASSIGN_OR_RETURN(c.region, OptionalString(detail, "awsRegion", path));
  if (c.region.empty()) c.region = envelope.region;
  if (c.region.empty()) return MissingOrEmpty(detail, "awsRegion", path);
  BW_ASSIGN_OR_RETURN(c.notification_time, OptionalString(detail, "notificationCreationTime", path));
  return c;
}

}  // namespace bucketwatch::events
