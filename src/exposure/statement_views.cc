#include "exposure/statement_views.h"

#include <algorithm>
#include <string>
#include <string_view>
#include <vector>

#include "exposure/glob.h"

namespace bucketwatch::exposure {
namespace {

std::string RewriteVariables(std::string_view raw, std::string_view with) {
  std::string out;
  size_t pos = 0;
  while (pos < raw.size()) {
    size_t open = raw.find("${", pos);
    size_t close = open == std::string_view::npos ? open : raw.find('}', open);
    if (close == std::string_view::npos) {
      out.append(raw.substr(pos));
      break;
    }
    out.append(raw.substr(pos, open - pos));
    std::string_view name = raw.substr(open + 2, close - open - 2);
    // ${*}, ${?} and ${$} stand for the literal characters.
    if (name == "*" || name == "?" || name == "$") {
      out.append(name);
    } else {
      out.append(with);
    }
    pos = close + 1;
  }
  return out;
}

// Widest first: when a statement names several unbounded principals, the
// widest one says who the public is.
int WhoRank(Who who) {
  switch (who) {
    case Who::kAnonymous: return 0;
    case Who::kFederatedWebIdentity: return 1;
    case Who::kAnyAuthenticatedAws: return 2;
    case Who::kAnyAwsService: return 3;
  }
  return 0;
}

}  // namespace

AccessMask AccessOf(const ActionSet& actions) {
  AccessMask mask = 0;
  for (AccessKind kind : kAllAccessKinds) {
    if ((actions & ActionsOfKind(kind)).any()) mask |= Bit(kind);
  }
  return mask;
}

ResourceView::ResourceView(const Statement& st, const BucketArns& arns, bool policy_variables, bool wide)
    : not_resource_(st.not_resource) {
  thread_local std::vector<size_t> offsets;  // scratch, reused across calls
  bool bucket_matched = false;
  for (const std::string& raw : st.resources) {
    std::string_view pattern = raw;
    if (policy_variables && raw.find("${") != std::string::npos) {
      // Room for all at the first: patterns point into owned_, which must not move.
      if (owned_.empty()) owned_.reserve(st.resources.size());
      owned_.push_back(RewriteVariables(raw, wide ? "*" : "\x01"));
      pattern = owned_.back();
    }
    if (GlobMatch(pattern, arns.bucket)) bucket_matched = true;
    Residuals(pattern, arns.object_prefix, offsets);
    for (size_t k : offsets) {
      if (k < pattern.size()) keys_.push_back(pattern.substr(k));  // an empty key names no object
    }
  }
  std::sort(keys_.begin(), keys_.end());
  keys_.resize_down(static_cast<size_t>(std::unique(keys_.begin(), keys_.end()) - keys_.begin()));
  bool keys_cover_all = std::any_of(keys_.begin(), keys_.end(), [](std::string_view k) { return MatchesEmpty(k); });
  if (not_resource_) {
    bucket_ = !bucket_matched;
    objects_ = !keys_cover_all;
    all_objects_ = keys_.empty();
  } else {
    bucket_ = bucket_matched;
    objects_ = !keys_.empty();
    all_objects_ = keys_cover_all;
  }
}
bool ResourceView::CoversObjectsOf(const ResourceView& allow) const {
  if (all_objects_) return true;
  if (!objects_ || allow.not_resource_) return false;
  return std::all_of(allow.keys_.begin(), allow.keys_.end(), [this](std::string_view a) { return CoversKey(a); });
}

bool ResourceView::CoversKey(std::string_view allow_key) const {
  if (all_objects_) return true;
  if (!objects_) return false;
  if (!not_resource_) {
    return std::any_of(keys_.begin(), keys_.end(),
                       [allow_key](std::string_view d) { return GlobContains(d, allow_key); });
  }
  // Deny everything except E: covers the key when it cannot be in E.
  return std::none_of(keys_.begin(), keys_.end(),
                      [allow_key](std::string_view e) { return GlobIntersects(allow_key, e); });
}

ActionSet EffectiveActions(const Statement& st) {
  if (!st.not_action) return st.actions;
  return (BucketActions() | ObjectActions()) & ~st.actions;
}

ActionSet ActionsOn(const ActionSet& actions, const ResourceView& res) {
  ActionSet out;
  if (res.bucket()) out |= actions & BucketActions();
  if (res.objects()) out |= actions & ObjectActions();
  return out;
}

std::string PrincipalText(const Principal& p) {
  if (p.type == "*" || p.type == "AWS") return p.value;
  return p.type + ":" + p.value;
}

PrincipalView ViewPrincipals(const Statement& st) {
  PrincipalView view;
  if (st.not_principal) {
    // Allow with NotPrincipal: everyone but the listed, anonymous callers
    // included [IAM-NOTPRIN].
    view.unbounded = true;
    view.who = Who::kAnonymous;
    view.text = "NotPrincipal [";
    for (size_t i = 0; i < st.principals.size(); ++i) {
      if (i > 0) view.text += ", ";
      view.text += PrincipalText(st.principals[i]);
    }
    view.text += "]";
    return view;
  }
  for (const Principal& p : st.principals) {
    Who who;
    switch (p.kind) {
      case PrincipalKind::kEveryone:
      case PrincipalKind::kUnrecognised: who = Who::kAnonymous; break;
      case PrincipalKind::kWebIdentityProvider: who = Who::kFederatedWebIdentity; break;
      case PrincipalKind::kWildcardArn: who = Who::kAnyAuthenticatedAws; break;
      case PrincipalKind::kAnyService: who = Who::kAnyAwsService; break;
      default: view.bounded.push_back(&p); continue;
    }
    if (!view.unbounded || WhoRank(who) < WhoRank(view.who)) {
      view.who = who;
      view.text = PrincipalText(p);
    }
    view.unbounded = true;
  }
  return view;
}

ConditionView ViewAllowConditions(const Statement& st, bool policy_variables) {
  ConditionView view;
  for (size_t i = 0; i < st.conditions.size(); ++i) {
    const Condition& c = st.conditions[i];
    ConfinementResult r = JudgeAllowCondition(c, policy_variables);
    switch (r.confinement) {
      case Confinement::kFixed:
        if (!view.fixed) view.fixed_by = DescribeCondition(c);
        view.fixed = true;
        view.accounts.insert(view.accounts.end(), r.accounts.begin(), r.accounts.end());
        break;
      case Confinement::kAuthenticatedOnly:
        view.authenticated_only = true;
        view.not_restricting.push_back(static_cast<int>(i));
        break;
      case Confinement::kAwsServiceOnly:
        view.aws_service_only = true;
        view.not_restricting.push_back(static_cast<int>(i));
        break;
      case Confinement::kNone: view.not_restricting.push_back(static_cast<int>(i)); break;
    }
    if (!r.uncertain.empty() && view.uncertain.empty()) view.uncertain = std::move(r.uncertain);
  }
  return view;
}

}  // namespace bucketwatch::exposure
