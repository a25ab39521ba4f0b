// One condition test of a policy statement ("StringEquals": {"aws:SourceVpce":
// [...]}) and the question the evaluator asks of it: does it confine the
// statement to a fixed set of principals or sources, so that the statement
// is not public in AWS's sense?
//
// The rules are those of the S3 User Guide, "Blocking public access to your
// Amazon S3 storage — The meaning of 'public'", as worked out in
// docs/sources.md, "Conditions that confine a grant" (cases cond-*).
#ifndef BUCKETWATCH_EXPOSURE_CONDITION_H_
#define BUCKETWATCH_EXPOSURE_CONDITION_H_

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace bucketwatch::exposure {

// IAM condition operators, without their IfExists / ForAnyValue: / ForAllValues:
// modifiers (IAM User Guide, "IAM JSON policy elements: Condition operators").
enum class ConditionOperator : uint8_t {
  kStringEquals,
  kStringNotEquals,
  kStringEqualsIgnoreCase,
  kStringNotEqualsIgnoreCase,
  kStringLike,
  kStringNotLike,
  kNumericEquals,
  kNumericNotEquals,
  kNumericLessThan,
  kNumericLessThanEquals,
  kNumericGreaterThan,
  kNumericGreaterThanEquals,
  kDateEquals,
  kDateNotEquals,
  kDateLessThan,
  kDateLessThanEquals,
  kDateGreaterThan,
  kDateGreaterThanEquals,
  kBool,
  kBinaryEquals,
  kIpAddress,
  kNotIpAddress,
  kArnEquals,
  kArnLike,
  kArnNotEquals,
  kArnNotLike,
  kNull,
};

enum class SetQualifier : uint8_t { kNone, kForAnyValue, kForAllValues };

struct ParsedOperator {
  ConditionOperator op;
  SetQualifier set = SetQualifier::kNone;
  bool if_exists = false;
};
// Parses "ForAnyValue:StringLikeIfExists" and the like; nullopt if unknown.
std::optional<ParsedOperator> ParseConditionOperator(std::string_view text);

// True for the operators that hold when the key is *not* one of the values
// (StringNotEquals, StringNotLike, ArnNotEquals, ArnNotLike, NotIpAddress, ...).
bool IsNegated(ConditionOperator op);
// The positive counterpart of a negated operator (StringNotLike -> StringLike).
ConditionOperator Positive(ConditionOperator op);

struct Condition {
  ParsedOperator op;
  std::string operator_text;  // as written, for messages
  std::string key;            // as written
  std::string key_lower;      // condition keys are case-insensitive
  std::vector<std::string> values;
};

// What a condition (taken as a positive test that must hold) says about who
// can make a request that satisfies it.
enum class Confinement : uint8_t {
  kNone,               // anyone can satisfy it: does not restrict
  kFixed,              // only a fixed set of principals or sources: not public
  kAuthenticatedOnly,  // only authenticated AWS principals, but any of them
  kAwsServiceOnly,     // only AWS service principals, but any of them
};

struct ConfinementResult {
  Confinement confinement = Confinement::kNone;
  // Why, in a sentence, when the answer rests on an undocumented reading
  // (docs/evaluator.md, "Where AWS is silent: the choices made"); empty when AWS documents it.
  std::string uncertain;
  // For kFixed on a principal-account key: the accounts it names.
  std::vector<std::string> accounts;
  bool names_organization = false;
};

// Judges `c` as it appears in an Allow statement: is the set of requests
// that satisfy it limited to fixed values? `policy_variables` is false for
// Version 2008-10-17 policies, where "${...}" is literal text.
ConfinementResult JudgeAllowCondition(const Condition& c, bool policy_variables);

// Judges `c` as it appears in a Deny statement: the requests the Deny leaves
// alone are those where `c` is false. Returns the confinement of that
// remainder: kFixed for "deny unless from my VPC endpoint / IP range /
// account" (a negated operator on a restricting key), kNone otherwise.
ConfinementResult JudgeDenyCondition(const Condition& c, bool policy_variables);

// True when `c`, the only condition of a Deny statement, is a test that
// CoverEveryRequest can combine with others: a plain or ...IfExists test (no
// set operator) with fixed values on a global key a request carries at most
// once, of a family below. A cheap filter, so that policies without such
// Denies pay nothing for the combination.
bool CombinableDenyCondition(const Condition& c, bool policy_variables);

// True only when the conditions, each the only one of its Deny statement and
// each CombinableDenyCondition, together hold for every request, so that the
// Denies together deny everything all of them cover (docs/evaluator.md,
// "Allow minus Deny"). Shown per key and family, never across keys: some
// negated tests (true when the key is absent) whose shared values are all
// matched by the positive tests of the same family (StringEquals,
// StringEqualsIgnoreCase, StringLike, ArnEquals, ArnLike, IpAddress); or Bool
// true and Bool false on aws:SecureTransport, which every request has.
// Sound, not complete: false may mean "could not prove it".
bool CoverEveryRequest(const std::vector<const Condition*>& conditions, bool policy_variables);

// For messages: "StringEquals aws:SourceVpce = vpce-1a2b3c4d".
std::string DescribeCondition(const Condition& c);

}  // namespace bucketwatch::exposure

#endif  // BUCKETWATCH_EXPOSURE_CONDITION_H_
