// The JSON-protocol answers bucketwatch reads (awsJson1_0 / awsJson1_1;
// docs/sources.md, "AWS wire protocols and error bodies"): error bodies
// ({"__type": ..., "message": ...}) and AWS Organizations ListAccounts.
// Parsed with simdjson through base/json.h; every failure says what was
// expected and where.
#ifndef BUCKETWATCH_AWS_JSON_RESPONSES_H_
#define BUCKETWATCH_AWS_JSON_RESPONSES_H_

#include <string>
#include <string_view>
#include <vector>

#include "aws/xml_responses.h"
#include "base/json.h"
#include "base/status.h"

namespace bucketwatch::aws {

// A string member, or "" when absent or null; an error naming the place when
// it is of another type.
Result<std::string> OptionalStringMember(json::Object object, std::string_view key, const json::Path& path);
// The answer's root object; `what` names the answer in a parse error.
Result<json::Object> ParseJsonObject(json::Parser& parser, std::string_view body, std::string_view what);

// True when the body looks like a JSON document (first non-blank byte '{').
bool LooksLikeJson(std::string_view body);

// "com.amazonaws.organizations#TooManyRequestsException:http://..." ->
// "TooManyRequestsException": the part after the last '#' and before the first ':'.
std::string NormalizeJsonErrorCode(std::string_view type);

// A JSON error answer. The code comes from "__type" (also "code" or "Code"),
// else from the x-amzn-ErrorType header; fails when neither has one.
Result<ErrorBody> ParseJsonErrorBody(std::string_view body, std::string_view error_type_header);

// One member account as Organizations ListAccounts describes it.
struct OrganizationAccount {
  std::string id;  // 12 digits
  std::string arn;
  std::string name;
  std::string state;  // "State" (2025) else the older "Status": ACTIVE, SUSPENDED, PENDING_CLOSURE, CLOSED, ...
  // Usable: ACTIVE, or no state given. A suspended or closing account cannot be read.
  bool active() const { return state.empty() || state == "ACTIVE"; }
};
struct AccountListing {
  std::vector<OrganizationAccount> accounts;
  std::string next_token;  // empty on the last page
};
// ListAccounts' answer: {"Accounts": [...], "NextToken": "..."}.
Result<AccountListing> ParseListAccounts(std::string_view body);

}  // namespace bucketwatch::aws

#endif  // BUCKETWATCH_AWS_JSON_RESPONSES_H_
