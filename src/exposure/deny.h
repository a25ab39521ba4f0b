// Deny statements, read once per policy, and what several of them take away
// together (docs/evaluator.md, "Allow minus Deny"). Internal to the evaluator
// (exposure/evaluator.cc).
#ifndef BUCKETWATCH_EXPOSURE_DENY_H_
#define BUCKETWATCH_EXPOSURE_DENY_H_

#include <algorithm>
#include <string>
#include <string_view>
#include <vector>

#include "exposure/policy.h"
#include "exposure/s3_actions.h"
#include "exposure/statement_views.h"

namespace bucketwatch::exposure {

// A Deny statement, prepared once per policy.
struct DenyView {
  const Statement* st = nullptr;
  bool everyone = false;           // applies to every principal, anonymous included
  bool unconditional = false;      // no Condition
  bool leaves_only_fixed = false;  // "deny unless <fixed restriction>" (docs/evaluator.md, "Allow minus Deny")
  bool combinable = false;         // one condition that CoverEveryRequest may combine with others'
  std::string uncertain;
  ActionSet actions;
  ResourceView resources;

  // True when this Deny also applies to principals of `account`.
  bool Covers(std::string_view account) const {
    if (everyone && !st->not_principal) return true;
    if (st->not_principal) {
      return std::none_of(st->principals.begin(), st->principals.end(),
                          [account](const Principal& p) { return !account.empty() && p.account == account; });
    }
    return std::any_of(st->principals.begin(), st->principals.end(),
                       [account](const Principal& p) { return !account.empty() && p.account == account; });
  }
};

DenyView MakeDenyView(const Statement& st, const BucketArns& arns, bool policy_variables);

// Denies combined over resources and conditions: an action is taken away
// when every object key pattern `res` grants it on (the bucket, for a bucket
// action) is covered by Denies that together deny every request there: one
// that denies all (unconditional, or "deny unless <fixed>" for a public
// grant), or several whose single conditions CoverEveryRequest. A
// NotResource Deny that denies all may also split a pattern: what it spares
// must then be covered so.
//
// `account` says whom the grant reaches: null for the public (the Denies that
// apply to everyone take part), else one named account (the Denies that cover
// it; "deny unless <fixed>" does not keep out an account that may meet the
// condition). `used` gets the statements that took part; `first_deny`, if
// still negative, the first of them.
ActionSet DeniedInCombination(const ResourceView& res, const ActionSet& candidates, const std::vector<DenyView>& denies,
                              bool policy_variables, const std::string* account, int& first_deny,
                              std::vector<int>& used);

}  // namespace bucketwatch::exposure

#endif  // BUCKETWATCH_EXPOSURE_DENY_H_
