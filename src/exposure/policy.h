// A bucket policy, parsed into what the evaluator needs, with every problem
// found on the way recorded as a Diagnostic that says where (a JSON pointer
// inside the policy) and what.
//
// Parsing never fails outright on a policy-shaped input: a statement with a
// broken element is kept and filled in cautiously (a broken Principal is read
// as "*", a broken Action as every action, a broken Condition as no
// condition, an unknown Effect as Allow) and marked `broken`, so that a bad
// policy is judged exposed rather than safe. Grammar follows the IAM JSON
// policy reference ("IAM JSON policy element reference") and the S3 rules of
// docs/sources.md, "IAM policy grammar".
#ifndef BUCKETWATCH_EXPOSURE_POLICY_H_
#define BUCKETWATCH_EXPOSURE_POLICY_H_

#include <string>
#include <string_view>
#include <vector>

#include "base/json.h"
#include "base/status.h"
#include "exposure/condition.h"
#include "exposure/principal.h"
#include "exposure/s3_actions.h"

namespace bucketwatch::exposure {

struct Diagnostic {
  enum class Severity : uint8_t {
    kError,    // not valid policy grammar: the policy could not be fully understood
    kInvalid,  // valid JSON grammar that S3 would refuse at PutBucketPolicy
    kNote,     // worth saying, changes nothing
  };
  Severity severity = Severity::kError;
  std::string path;  // JSON pointer inside the policy document
  std::string message;
};

enum class Effect : uint8_t { kAllow, kDeny };

struct Statement {
  size_t index = 0;
  std::string sid;
  Effect effect = Effect::kAllow;

  bool not_principal = false;
  std::vector<Principal> principals;

  bool not_action = false;
  ActionSet actions;                         // table actions matched by Action / NotAction
  std::vector<std::string> action_values;    // as written
  std::vector<std::string> unknown_actions;  // exact "s3:X" not in the table, without "s3:"

  bool not_resource = false;
  std::vector<std::string> resources;

  std::vector<Condition> conditions;

  // Some element could not be understood and was filled in cautiously.
  bool broken = false;
};

struct Policy {
  std::string version;  // "2012-10-17", "2008-10-17" or empty when absent
  std::vector<Statement> statements;
  std::vector<Diagnostic> diagnostics;
  // Some error leaves what the policy grants unclear (not merely invalid: a
  // policy without a Statement is an error, but clearly grants nothing).
  bool unclear = false;

  // Policy variables (${aws:username}) exist only in Version 2012-10-17.
  bool policy_variables() const { return version == "2012-10-17"; }
  bool has_errors() const;
  bool has_invalid() const;  // any kError or kInvalid diagnostic
};

// Parses a policy document already parsed as JSON. `element` may be the
// policy object itself, a JSON string holding it (as get-bucket-policy and
// Config return it), or get-bucket-policy's {"Policy": "..."} output. A string
// is parsed with a per-thread parser of this module's own, so `element` must
// not come from NestedJsonParser().
Policy ParsePolicy(json::Element element);
// Parses policy text with the given parser.
Policy ParsePolicyText(std::string_view text, json::Parser& parser);

// Adds the statement that stands for a policy that could not be read at all:
// Allow everything to everyone, marked broken, so the bucket is judged
// exposed ("cannot judge") rather than safe.
void AddUnreadableStatement(Policy& policy);

// The per-thread parser used for JSON held in strings (policies, Config ACLs).
json::Parser& NestedJsonParser();

}  // namespace bucketwatch::exposure

#endif  // BUCKETWATCH_EXPOSURE_POLICY_H_
