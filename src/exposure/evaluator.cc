#include "exposure/evaluator.h"

#include <algorithm>
#include <array>
#include <bit>
#include <string>
#include <string_view>
#include <vector>

#include "base/aws_names.h"
#include "exposure/glob.h"

namespace bucketwatch::exposure {
namespace {

using Control = BlockedBy::Control;

// The bucket's ARN and the prefix every object ARN starts with.
struct BucketArns {
  std::string bucket;         // arn:aws:s3:::name
  std::string object_prefix;  // arn:aws:s3:::name/
};

AccessMask AccessOf(const ActionSet& actions) {
  AccessMask mask = 0;
  for (AccessKind kind : kAllAccessKinds) {
    if ((actions & ActionsOfKind(kind)).any()) mask |= Bit(kind);
  }
  return mask;
}

// A vector of string_views with room for four inline: most statements name
// one or two resources, and the evaluator should not allocate for them.
class SmallViews {
 public:
  void push_back(std::string_view v) {
    if (size_ < kInline) {
      inline_[size_++] = v;
      return;
    }
    if (size_ == kInline) heap_.assign(inline_.begin(), inline_.end());
    heap_.push_back(v);
    ++size_;
  }
  std::string_view* begin() { return size_ <= kInline ? inline_.data() : heap_.data(); }
  std::string_view* end() { return begin() + size_; }
  const std::string_view* begin() const { return size_ <= kInline ? inline_.data() : heap_.data(); }
  const std::string_view* end() const { return begin() + size_; }
  bool empty() const { return size_ == 0; }
  void resize_down(size_t n) {
    size_ = n;
    if (size_ <= kInline && !heap_.empty()) {
      std::copy(heap_.begin(), heap_.begin() + static_cast<std::ptrdiff_t>(n), inline_.begin());
      heap_.clear();
    }
  }

 private:
  static constexpr size_t kInline = 4;
  std::array<std::string_view, kInline> inline_{};
  std::vector<std::string_view> heap_;
  size_t size_ = 0;
};

// A statement's Resource or NotResource element, judged against one bucket.
// Key patterns are the parts of the resource patterns that remain after the
// object prefix; they are views into the statement's strings (or into
// `owned`, for patterns rewritten for policy variables).
class ResourceView {
 public:
  // `wide`: read a policy variable as '*' (it could be anything); otherwise
  // as a character no key contains (it is certainly not everything). The
  // cautious reading depends on whether the element grants or takes away.
  ResourceView(const Statement& st, const BucketArns& arns, bool policy_variables, bool wide)
      : not_resource_(st.not_resource) {
    owned_.reserve(st.resources.size());
    thread_local std::vector<size_t> offsets;  // scratch, reused across calls
    bool bucket_matched = false;
    for (const std::string& raw : st.resources) {
      std::string_view pattern = raw;
      if (policy_variables && raw.find("${") != std::string::npos) {
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
  ResourceView(const ResourceView&) = delete;
  ResourceView& operator=(const ResourceView&) = delete;
  ResourceView(ResourceView&&) = default;

  bool bucket() const { return bucket_; }
  bool objects() const { return objects_; }
  bool all_objects() const { return all_objects_; }
  bool not_resource() const { return not_resource_; }

  // True only when every object this (Deny) view covers includes every object
  // `allow` grants on. Cautious: false when it cannot be shown.
  bool CoversObjectsOf(const ResourceView& allow) const {
    if (all_objects_) return true;
    if (!objects_ || allow.not_resource_) return false;
    return std::all_of(allow.keys_.begin(), allow.keys_.end(), [this](std::string_view a) { return CoversKey(a); });
  }

  // True only when this (Deny) view covers every object whose key matches
  // the pattern `allow_key`.
  bool CoversKey(std::string_view allow_key) const {
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

  // The object key patterns of a Resource (not NotResource) element.
  const SmallViews& keys() const { return keys_; }

 private:
  static std::string RewriteVariables(std::string_view raw, std::string_view with) {
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

  bool not_resource_;
  bool bucket_ = false;
  bool objects_ = false;
  bool all_objects_ = false;
  std::vector<std::string> owned_;
  // Usually one or two key patterns: keep them inline.
  SmallViews keys_;
};

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

std::string PrincipalText(const Principal& p) {
  if (p.type == "*" || p.type == "AWS") return p.value;
  return p.type + ":" + p.value;
}

struct PrincipalView {
  bool unbounded = false;
  Who who = Who::kAnonymous;
  std::string text;  // the unbounded principal, as written
  std::vector<const Principal*> bounded;
};

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

struct ConditionView {
  bool fixed = false;  // one condition confines the statement to fixed values
  bool authenticated_only = false;
  bool aws_service_only = false;
  std::vector<int> not_restricting;
  std::vector<std::string> accounts;  // named by principal-account keys
  std::string uncertain;
  std::string fixed_by;  // description of the confining condition
};

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

DenyView MakeDenyView(const Statement& st, const BucketArns& arns, bool policy_variables) {
  // NotResource in a Deny spares what it lists: read variables widely there.
  DenyView d{&st,
             false,
             st.conditions.empty(),
             false,
             st.conditions.size() == 1 && CombinableDenyCondition(st.conditions[0], policy_variables),
             {},
             EffectiveActions(st),
             ResourceView(st, arns, policy_variables, /*wide=*/st.not_resource)};
  d.everyone = st.not_principal || std::any_of(st.principals.begin(), st.principals.end(),
                                               [](const Principal& p) { return p.kind == PrincipalKind::kEveryone; });
  if (!st.conditions.empty()) {
    // The Deny leaves alone requests where some condition is false. All of
    // those must be confined to fixed values for it to take away "public".
    d.leaves_only_fixed = true;
    for (const Condition& c : st.conditions) {
      ConfinementResult r = JudgeDenyCondition(c, policy_variables);
      if (r.confinement != Confinement::kFixed) {
        d.leaves_only_fixed = false;
        break;
      }
      if (!r.uncertain.empty() && d.uncertain.empty()) d.uncertain = std::move(r.uncertain);
    }
  }
  return d;
}

class Evaluation {
 public:
  Evaluation(const Snapshot& snap, Verdict& v) : snap_(snap), v_(v) {}

  void Run() {
    v_.bucket = snap_.bucket;
    v_.account = snap_.account;
    v_.region = snap_.region;
    JudgeSettings();
    if (snap_.policy.present()) JudgePolicy(snap_.policy.value());
    if (snap_.policy.unknown()) JudgeUnknownPolicy();
    if (snap_.acl.present()) JudgeAcl(snap_.acl.value());
    if (snap_.acl.unknown()) JudgeUnknownAcl();
    Combine();
  }

 private:
  static EffectiveFlag Flag(const Part<BlockPublicAccess>& account, const Part<BlockPublicAccess>& bucket,
                            bool BlockPublicAccess::*member) {
    EffectiveFlag f;
    f.account_level = account.present() && account.value().*member;
    f.bucket_level = bucket.present() && bucket.value().*member;
    f.on = f.account_level || f.bucket_level;
    return f;
  }

  void JudgeSettings() {
    // Most restrictive wins, flag by flag; a level with no configuration has
    // all four off ([S3-BPA]). An unreadable level is taken as off.
    const auto& a = snap_.account_public_access_block;
    const auto& b = snap_.public_access_block;
    v_.block_public_acls = Flag(a, b, &BlockPublicAccess::block_public_acls);
    v_.ignore_public_acls = Flag(a, b, &BlockPublicAccess::ignore_public_acls);
    v_.block_public_policy = Flag(a, b, &BlockPublicAccess::block_public_policy);
    v_.restrict_public_buckets = Flag(a, b, &BlockPublicAccess::restrict_public_buckets);
    if (a.unknown()) {
      v_.notes.push_back({Note::Kind::kWarning, "account_public_access_block",
                          "could not be read (" + a.unknown_reason() +
                              "); judged as if it were off, so the verdict may overstate exposure"});
    }
    if (b.unknown()) {
      v_.notes.push_back({Note::Kind::kWarning, "public_access_block",
                          "could not be read (" + b.unknown_reason() +
                              "); judged as if it were off, so the verdict may overstate exposure"});
    }
    // BucketOwnerEnforced disables ACLs; no ownership controls behaves as
    // ObjectWriter ([S3-OWN]). Unreadable: ACLs are taken as enabled.
    v_.acls_enabled = !(snap_.ownership.present() && snap_.ownership.value() == ObjectOwnership::kBucketOwnerEnforced);
    if (snap_.ownership.unknown()) {
      v_.notes.push_back({Note::Kind::kWarning, "ownership",
                          "could not be read (" + snap_.ownership.unknown_reason() + "); ACLs are taken as enabled"});
    }
    arns_.bucket.assign("arn:");
    arns_.bucket += PartitionOfRegion(snap_.region);
    arns_.bucket += ":s3:::";
    arns_.bucket += snap_.bucket;
    arns_.object_prefix.assign(arns_.bucket);
    arns_.object_prefix += '/';
  }

  BlockedBy PolicyBlock() const {
    BlockedBy b;
    if (v_.restrict_public_buckets.on) {
      b.control = Control::kRestrictPublicBuckets;
      b.account_level = v_.restrict_public_buckets.account_level;
      b.bucket_level = v_.restrict_public_buckets.bucket_level;
    }
    return b;
  }

  void JudgePolicy(const Policy& policy) {
    const bool vars = policy.policy_variables();
    for (const Diagnostic& d : policy.diagnostics) {
      v_.notes.push_back({d.severity == Diagnostic::Severity::kNote ? Note::Kind::kInfo : Note::Kind::kInvalid,
                          "policy " + (d.path.empty() ? std::string("/") : d.path), d.message});
    }
    v_.invalid_policy = policy.has_invalid();

    std::vector<DenyView> denies;
    for (const Statement& st : policy.statements) {
      // A Deny we could not fully read takes nothing away: the cautious reading.
      if (st.effect == Effect::kDeny && !st.broken) denies.push_back(MakeDenyView(st, arns_, vars));
    }

    bool policy_public = false;
    std::vector<Finding> cross;
    for (const Statement& st : policy.statements) {
      if (st.effect != Effect::kAllow) continue;
      ResourceView res(st, arns_, vars, /*wide=*/!st.not_resource);
      ActionSet granted = ActionsOn(EffectiveActions(st), res);
      NoteResourceProblems(st, res, granted);
      std::vector<std::string> unknown = UnknownActionsOn(st, res);
      if (granted.none() && unknown.empty()) continue;

      PrincipalView principals = ViewPrincipals(st);
      ConditionView conditions = ViewAllowConditions(st, vars);
      if (principals.unbounded && !conditions.fixed) {
        if (JudgePublicStatement(st, res, granted, unknown, principals, conditions, denies)) {
          policy_public = true;
        }
      } else if (principals.unbounded) {
        // Confined to fixed values: not public. Say so when the reading is uncertain.
        if (!conditions.uncertain.empty()) {
          v_.notes.push_back({Note::Kind::kInfo, StatementWhere(st),
                              "judged not public because of " + conditions.fixed_by + "; " + conditions.uncertain});
        }
        for (const std::string& account : conditions.accounts) {
          if (account != snap_.account) {
            AddCrossAccount(cross, st, res, granted, principals.text + " if " + conditions.fixed_by, account, denies);
          }
        }
      }
      for (const Principal* p : principals.bounded)
        JudgeBoundedPrincipal(cross, st, res, granted, *p, conditions, denies);
    }
    v_.policy_is_public = policy_public;
    if (policy.unclear && v_.cannot_judge.empty()) JudgeUnreadablePolicy("it is not valid policy grammar");
    // RestrictPublicBuckets also cuts named other accounts, but only while the
    // policy is public ([S3-BPA]).
    bool rpb_cuts = policy_public && v_.restrict_public_buckets.on;
    for (Finding& f : cross) {
      if (rpb_cuts && !f.blocked_by.blocked()) {
        f.blocked_by = PolicyBlock();
        v_.restrict_public_buckets_blocks_cross_account = true;
      }
      v_.findings.push_back(std::move(f));
    }
  }

  static std::string StatementWhere(const Statement& st) {
    std::string where = "policy /Statement/" + std::to_string(st.index);
    if (!st.sid.empty()) where += " (Sid \"" + st.sid + "\")";
    return where;
  }

  void NoteResourceProblems(const Statement& st, const ResourceView& res, const ActionSet& granted) {
    if (st.broken || st.not_resource || granted.any()) return;
    ActionSet eff = EffectiveActions(st);
    if (eff.none() && st.unknown_actions.empty()) return;
    if (!res.bucket() && !res.objects()) {
      v_.notes.push_back({Note::Kind::kInvalid, StatementWhere(st),
                          "none of its resources is this bucket or its objects (" + arns_.bucket +
                              "); S3 refuses a policy naming another bucket, and it grants nothing here"});
      v_.invalid_policy = true;
    } else if (st.unknown_actions.empty()) {
      v_.notes.push_back({Note::Kind::kInvalid, StatementWhere(st),
                          "its actions apply to none of its resources (bucket actions need the bucket ARN, "
                          "object actions \"bucket/...\"); S3 refuses it (\"Action does not apply to any "
                          "resource(s) in statement\"), and it grants nothing"});
      v_.invalid_policy = true;
    }
  }

  static std::vector<std::string> UnknownActionsOn(const Statement& st, const ResourceView& res) {
    std::vector<std::string> out;
    if (st.not_action) return out;
    for (const std::string& name : st.unknown_actions) {
      S3Action guess = GuessUnknownAction(name);
      bool applies = (guess.resource == ResourceType::kObject && res.objects()) ||
                     (guess.resource == ResourceType::kBucket && res.bucket());
      if (applies) out.push_back(name);
    }
    return out;
  }

  bool JudgePublicStatement(const Statement& st, const ResourceView& res, const ActionSet& granted,
                            const std::vector<std::string>& unknown, const PrincipalView& principals,
                            const ConditionView& conditions, const std::vector<DenyView>& denies) {
    Finding f;
    f.channel = Channel::kPolicy;
    f.statement = static_cast<int>(st.index);
    f.principal = principals.text;
    f.who = principals.who;
    if (conditions.aws_service_only) {
      f.who = Who::kAnyAwsService;
    } else if (conditions.authenticated_only && f.who != Who::kAnyAwsService) {
      f.who = Who::kAnyAuthenticatedAws;
    }
    f.scope = ScopeOf(f.who);
    f.conditions = conditions.not_restricting;
    f.uncertain = conditions.uncertain;
    f.cannot_judge = st.broken;

    // Allow minus Deny (docs/evaluator.md, "Allow minus Deny"): a Deny that
    // applies to everyone takes away the actions it covers on the resources it
    // covers, if it is unconditional or leaves only requests confined to fixed
    // values.
    ActionSet surviving = granted & BadActions();
    ActionSet removed_bucket, removed_objects;
    for (const DenyView& d : denies) {
      ActionSet overlap = d.actions & surviving;
      if (!d.everyone || overlap.none()) continue;
      bool takes_public = d.unconditional || d.leaves_only_fixed;
      bool bucket = d.resources.bucket() && res.bucket();
      bool objects = d.resources.CoversObjectsOf(res) && res.objects();
      bool touches = bucket || objects || (d.resources.objects() && res.objects());
      if (!takes_public || (!bucket && !objects)) {
        if (touches) f.partly_denied_by.push_back(static_cast<int>(d.st->index));
        continue;
      }
      if (bucket) removed_bucket |= d.actions & BucketActions();
      if (objects) removed_objects |= d.actions & ObjectActions();
      if (f.blocked_by.deny_statement < 0) f.blocked_by.deny_statement = static_cast<int>(d.st->index);
      if (!d.uncertain.empty() && f.uncertain.empty()) f.uncertain = d.uncertain;
    }
    std::vector<int> combined;
    ActionSet together = DeniedInCombination(
        res, surviving & ~((removed_bucket & BucketActions()) | (removed_objects & ObjectActions())), denies,
        /*fixed_counts=*/true, [](const DenyView& d) { return d.everyone; }, f.blocked_by.deny_statement, combined);
    removed_bucket |= together & BucketActions();
    removed_objects |= together & ObjectActions();
    ActionSet before = surviving;
    surviving &= ~((removed_bucket & BucketActions()) | (removed_objects & ObjectActions()));
    if (surviving.none()) {
      // Together they are not partial: they are what takes it all away.
      std::erase_if(f.partly_denied_by,
                    [&](int k) { return std::find(combined.begin(), combined.end(), k) != combined.end(); });
    }
    if (surviving != before && surviving.any()) {
      // Part was taken away: record the Deny as partial, not as a block.
      f.partly_denied_by.push_back(f.blocked_by.deny_statement);
      f.blocked_by.deny_statement = -1;
    }

    ActionSet not_counted = granted & ~BadActions();
    if (not_counted.any()) NoteNotCounted(st, principals, not_counted);

    for (const std::string& name : unknown) {
      if (!IsBadActionName(name)) continue;
      f.unknown_actions.push_back("s3:" + name);
      f.access |= Bit(GuessUnknownAction(name).kind);
    }
    if (!f.unknown_actions.empty() && f.uncertain.empty()) {
      f.uncertain = "grants actions not in bucketwatch's S3 action table; judged by their names";
    }

    if (surviving.none() && f.unknown_actions.empty()) {
      if (before.none()) return false;
      // Everything it grants is denied: report it as blocked by the Deny.
      f.actions = before;
      f.access = AccessOf(before);
      f.blocked_by.control = Control::kDeny;
      std::sort(f.partly_denied_by.begin(), f.partly_denied_by.end());
      f.partly_denied_by.erase(std::unique(f.partly_denied_by.begin(), f.partly_denied_by.end()),
                               f.partly_denied_by.end());
      v_.findings.push_back(std::move(f));
      return false;
    }
    f.actions = surviving;
    f.access |= AccessOf(surviving);
    f.blocked_by = PolicyBlock();
    std::sort(f.partly_denied_by.begin(), f.partly_denied_by.end());
    f.partly_denied_by.erase(std::unique(f.partly_denied_by.begin(), f.partly_denied_by.end()),
                             f.partly_denied_by.end());
    if (f.cannot_judge) {
      v_.cannot_judge.push_back(StatementWhere(st) + " could not be fully understood and is judged as granting " +
                                "what it might grant");
    }
    v_.findings.push_back(std::move(f));
    return true;
  }

  // Denies combined over resources and conditions (docs/evaluator.md, "Allow
  // minus Deny"): an action is taken away when every object key pattern `res`
  // grants it on (the bucket, for a bucket action) is covered by Denies that
  // together deny every request there: one that denies all (unconditional, or
  // "deny unless <fixed>" when `fixed_counts`), or several whose single
  // conditions CoverEveryRequest. A NotResource Deny that denies all may also
  // split a pattern: what it spares must then be covered so. `applies` picks
  // the Denies that reach the grantee; `used` gets the statements that took
  // part.
  template <typename Applies>
  ActionSet DeniedInCombination(const ResourceView& res, const ActionSet& candidates,
                                const std::vector<DenyView>& denies, bool fixed_counts, Applies applies,
                                int& first_deny, std::vector<int>& used) const {
    ActionSet out;
    if (candidates.none() || (!res.bucket() && !res.objects())) return out;
    // The Denies that can take part, at most 64 (the rest are left out: the
    // cautious side), so that a set of them is a bit mask.
    std::array<const DenyView*, 64> part{};
    size_t n = 0;
    auto denies_all = [fixed_counts](const DenyView& d) {
      return d.unconditional || (fixed_counts && d.leaves_only_fixed);
    };
    for (const DenyView& d : denies) {
      if (n == part.size()) break;
      if ((denies_all(d) || d.combinable) && (d.actions & candidates).any() && applies(d)) part[n++] = &d;
    }
    if (n < 2) return out;  // one Deny alone was judged by the caller
    const bool vars = snap_.policy.present() && snap_.policy.value().policy_variables();
    thread_local std::vector<const Condition*> conditions;  // scratch
    auto every_request = [&](uint64_t members) {
      conditions.clear();
      for (size_t k = 0; k < n; ++k) {
        if (!(members >> k & 1)) continue;
        if (denies_all(*part[k])) return true;
        conditions.push_back(&part[k]->st->conditions[0]);
      }
      return conditions.size() >= 2 && CoverEveryRequest(conditions, vars);
    };
    auto covering = [&](std::string_view key, uint64_t mask) {
      uint64_t members = 0;
      for (size_t k = 0; k < n; ++k) {
        if ((mask >> k & 1) && part[k]->resources.CoversKey(key)) members |= uint64_t{1} << k;
      }
      return members;
    };
    auto key_denied = [&](std::string_view key, uint64_t mask) {
      if (every_request(covering(key, mask))) return true;
      for (size_t k = 0; k < n; ++k) {
        const DenyView& split = *part[k];
        if (!(mask >> k & 1) || !denies_all(split) || !split.resources.not_resource() || !split.resources.objects()) {
          continue;
        }
        // It denies all but the keys it lists; those (where they meet `key`) must be denied by the others.
        if (std::all_of(split.resources.keys().begin(), split.resources.keys().end(), [&](std::string_view spared) {
              return !GlobIntersects(key, spared) || every_request(covering(spared, mask));
            })) {
          return true;
        }
      }
      return false;
    };
    // An NotResource Allow grants on keys it does not list: judged as granting on every key.
    static constexpr std::string_view kEveryKey = "*";
    struct Memo {
      uint64_t mask;
      bool object;
      bool denied;
    };
    std::array<Memo, 8> memo{};
    size_t memo_size = 0;
    uint64_t used_mask = 0;
    for (size_t bit = 0; bit < candidates.size(); ++bit) {
      if (!candidates.test(bit)) continue;
      const bool object = ObjectActions().test(bit);
      if (object ? !res.objects() : !(res.bucket() && BucketActions().test(bit))) continue;
      uint64_t mask = 0;
      for (size_t k = 0; k < n; ++k) {
        if (part[k]->actions.test(bit)) mask |= uint64_t{1} << k;
      }
      if (std::popcount(mask) < 2) continue;
      auto hit = std::find_if(memo.begin(), memo.begin() + static_cast<std::ptrdiff_t>(memo_size),
                              [&](const Memo& m) { return m.mask == mask && m.object == object; });
      bool denied;
      if (hit != memo.begin() + static_cast<std::ptrdiff_t>(memo_size)) {
        denied = hit->denied;
      } else {
        if (!object) {
          uint64_t members = 0;
          for (size_t k = 0; k < n; ++k) {
            if ((mask >> k & 1) && part[k]->resources.bucket()) members |= uint64_t{1} << k;
          }
          denied = every_request(members);
        } else if (res.not_resource()) {
          denied = key_denied(kEveryKey, mask);
        } else {
          denied = std::all_of(res.keys().begin(), res.keys().end(),
                               [&](std::string_view key) { return key_denied(key, mask); });
        }
        if (memo_size < memo.size()) memo[memo_size++] = {mask, object, denied};
      }
      if (!denied) continue;
      out.set(bit);
      used_mask |= mask;
    }
    for (size_t k = 0; k < n; ++k) {
      if (!(used_mask >> k & 1)) continue;
      used.push_back(static_cast<int>(part[k]->st->index));
      if (first_deny < 0) first_deny = used.back();
    }
    return out;
  }

  void NoteNotCounted(const Statement& st, const PrincipalView& principals, const ActionSet& actions) {
    std::string names;
    ForEachAction(actions, [&names](const S3Action& a) {
      if (!names.empty()) names += ", ";
      names += "s3:";
      names += a.name;
    });
    v_.notes.push_back({Note::Kind::kWarning, StatementWhere(st),
                        "grants " + names + " to " + principals.text +
                            "; AWS's definition of public counts only Get*, List*, Put*, Delete*, "
                            "AbortMultipartUpload and RestoreObject, so this alone is not called public (U10)"});
  }

  void JudgeBoundedPrincipal(std::vector<Finding>& cross, const Statement& st, const ResourceView& res,
                             const ActionSet& granted, const Principal& p, const ConditionView& conditions,
                             const std::vector<DenyView>& denies) {
    switch (p.kind) {
      case PrincipalKind::kService:
        // A service principal is not public, but without aws:SourceArn or
        // aws:SourceAccount any customer's use of the service may reach the
        // bucket (IAM User Guide, "The confused deputy problem").
        if (!HasSourceCondition(st)) {
          v_.notes.push_back({Note::Kind::kWarning, StatementWhere(st),
                              "grants to the service " + p.value +
                                  " without an aws:SourceArn or aws:SourceAccount condition (confused-deputy risk)"});
        }
        return;
      case PrincipalKind::kCloudFrontOai: return;
      case PrincipalKind::kAccount:
      case PrincipalKind::kIamPrincipal:
      case PrincipalKind::kAccountIdentityProvider:
        if (p.account.empty()) {
          v_.notes.push_back({Note::Kind::kInfo, StatementWhere(st),
                              "names " + p.value + ", the unique id of a principal that was probably deleted"});
          return;
        }
        if (!snap_.account.empty() && p.account == snap_.account) return;
        AddCrossAccount(cross, st, res, granted, PrincipalText(p), p.account, denies,
                        conditions.fixed ? conditions.fixed_by : std::string());
        return;
      case PrincipalKind::kCanonicalUser:
        if (snap_.acl.present() && snap_.acl.value().owner_id == p.value) return;
        AddCrossAccount(cross, st, res, granted, PrincipalText(p), p.value, denies,
                        conditions.fixed ? conditions.fixed_by : std::string());
        return;
      default: return;
    }
  }

  static bool HasSourceCondition(const Statement& st) {
    return std::any_of(st.conditions.begin(), st.conditions.end(), [](const Condition& c) {
      return c.key_lower == "aws:sourcearn" || c.key_lower == "aws:sourceaccount" || c.key_lower == "aws:sourceowner" ||
             c.key_lower == "aws:sourceorgid";
    });
  }

  void AddCrossAccount(std::vector<Finding>& cross, const Statement& st, const ResourceView& res,
                       const ActionSet& granted, std::string principal, const std::string& account,
                       const std::vector<DenyView>& denies, const std::string& restricted_by = {}) {
    // Alone, only an unconditional Deny covering this account takes a named grant away.
    ActionSet surviving = granted;
    int denied_by = -1;
    for (const DenyView& d : denies) {
      if (!d.unconditional || !d.Covers(account)) continue;
      ActionSet removed;
      if (d.resources.bucket() && res.bucket()) removed |= d.actions & BucketActions();
      if (d.resources.CoversObjectsOf(res) && res.objects()) removed |= d.actions & ObjectActions();
      if ((removed & surviving).any() && denied_by < 0) denied_by = static_cast<int>(d.st->index);
      surviving &= ~removed;
    }
    // Denies together, as for a public grant, except that "deny unless
    // <fixed>" does not keep out a named account that may meet the condition.
    std::vector<int> combined;
    surviving &= ~DeniedInCombination(
        res, surviving, denies, /*fixed_counts=*/false, [&account](const DenyView& d) { return d.Covers(account); },
        denied_by, combined);
    Finding f;
    f.channel = Channel::kPolicy;
    f.statement = static_cast<int>(st.index);
    f.principal = std::move(principal);
    f.scope = Scope::kCrossAccount;
    f.account = account;
    f.cannot_judge = st.broken;
    if (!restricted_by.empty()) f.principal += " (only when " + restricted_by + ")";
    if (surviving.none()) {
      f.actions = granted;
      f.access = AccessOf(granted);
      f.blocked_by.control = Control::kDeny;
      f.blocked_by.deny_statement = denied_by;
    } else {
      f.actions = surviving;
      f.access = AccessOf(surviving);
    }
    if (f.access == 0) return;
    // Merge statements naming the same account in one finding per statement.
    for (Finding& existing : cross) {
      if (existing.statement == f.statement && existing.account == f.account) return;
    }
    cross.push_back(std::move(f));
  }

  void JudgeUnknownPolicy() { JudgeUnreadablePolicy(snap_.policy.unknown_reason()); }

  // A policy that could not be read, or not fully understood: never "private".
  void JudgeUnreadablePolicy(const std::string& reason) {
    if (v_.restrict_public_buckets.on) {
      v_.notes.push_back({Note::Kind::kWarning, "policy",
                          "could not be read (" + reason +
                              "); RestrictPublicBuckets keeps any public policy from taking effect, but "
                              "grants to other accounts cannot be judged"});
      return;
    }
    v_.cannot_judge.push_back("the bucket policy could not be read: " + reason);
    for (AccessKind kind : kAllAccessKinds) v_.unknown |= Bit(kind);
  }

  void JudgeAcl(const Acl& acl) {
    for (size_t i = 0; i < acl.grants.size(); ++i) {
      const Grant& g = acl.grants[i];
      Finding f;
      f.channel = Channel::kAcl;
      f.grant = static_cast<int>(i);
      f.principal = g.id;
      f.access = AccessOfPermission(g.permission);
      bool is_public = false;
      switch (g.type) {
        case GranteeType::kAllUsers:
          f.scope = Scope::kPublic;
          f.who = Who::kAnonymous;
          is_public = true;
          break;
        case GranteeType::kAuthenticatedUsers:
          f.scope = Scope::kAuthenticated;
          f.who = Who::kAnyAuthenticatedAws;
          is_public = true;
          break;
        case GranteeType::kCanonicalUser:
          // Without the owner's id we cannot tell the owner's own grant from
          // another account's; say nothing rather than guess.
          if (acl.owner_id.empty() || g.id == acl.owner_id) continue;
          f.scope = Scope::kCrossAccount;
          f.account = g.id;
          if (!g.display_name.empty()) f.principal = g.display_name + " (" + g.id + ")";
          break;
        case GranteeType::kEmail:
          f.scope = Scope::kCrossAccount;
          f.account = g.id;
          break;
        case GranteeType::kLogDelivery: continue;  // S3's log writer: not public ([S3-ACL])
        case GranteeType::kOtherGroup:
          v_.notes.push_back({Note::Kind::kInvalid, "acl /Grants/" + std::to_string(i),
                              "grants to the unknown group " + g.id +
                                  "; S3 has only AllUsers, "
                                  "AuthenticatedUsers and LogDelivery"});
          continue;
      }
      if (is_public) v_.acl_is_public = true;
      if (!v_.acls_enabled) {
        f.blocked_by.control = Control::kBucketOwnerEnforced;
        f.blocked_by.bucket_level = true;
      } else if (is_public && v_.ignore_public_acls.on) {
        // IgnorePublicAcls ignores public grants only; grants to named
        // accounts stay (U12 in docs/evaluator.md, "Where AWS is silent: the choices made").
        f.blocked_by.control = Control::kIgnorePublicAcls;
        f.blocked_by.account_level = v_.ignore_public_acls.account_level;
        f.blocked_by.bucket_level = v_.ignore_public_acls.bucket_level;
      }
      if (is_public && snap_.ownership.unknown() && !f.blocked_by.blocked()) {
        f.uncertain = "Object Ownership could not be read; if it is BucketOwnerEnforced this grant has no effect";
      }
      v_.findings.push_back(std::move(f));
    }
  }

  void JudgeUnknownAcl() {
    if (!v_.acls_enabled || v_.ignore_public_acls.on) return;  // no public ACL could take effect
    v_.cannot_judge.push_back("the bucket ACL could not be read: " + snap_.acl.unknown_reason());
    v_.unknown |=
        Bit(AccessKind::kList) | Bit(AccessKind::kWrite) | Bit(AccessKind::kReadAcp) | Bit(AccessKind::kWriteAcp);
  }

  void Combine() {
    for (const Finding& f : v_.findings) {
      if (f.blocked_by.blocked()) continue;
      for (AccessKind kind : kAllAccessKinds) {
        if (!Has(f.access, kind)) continue;
        Scope& s = v_.access[static_cast<size_t>(kind)];
        s = std::max(s, f.scope);
      }
      if (f.scope == Scope::kCrossAccount) {
        v_.cross_account = true;
      } else {
        v_.who |= Bit(f.who);
      }
    }
    // The Config rules' prediction (docs/evaluator.md; docs/sources.md,
    // "AWS Config events and managed rules"): read <= read or list objects;
    // write <= write objects or change access. Unknown counts as exposed.
    auto open = [this](AccessKind kind) { return v_.Access(kind) >= Scope::kAuthenticated || v_.IsUnknown(kind); };
    v_.public_read = open(AccessKind::kRead) || open(AccessKind::kList);
    v_.public_write = open(AccessKind::kWrite) || open(AccessKind::kWriteAcp);
  }

  const Snapshot& snap_;
  Verdict& v_;
  // Reused by every evaluation on this thread, so building them costs no allocation.
  static thread_local BucketArns arns_;
};

thread_local BucketArns Evaluation::arns_;

}  // namespace

std::string_view ControlName(BlockedBy::Control c) {
  switch (c) {
    case Control::kNone: return "none";
    case Control::kRestrictPublicBuckets: return "RestrictPublicBuckets";
    case Control::kIgnorePublicAcls: return "IgnorePublicAcls";
    case Control::kBucketOwnerEnforced: return "BucketOwnerEnforced";
    case Control::kDeny: return "Deny";
  }
  return "?";
}

bool Verdict::exposed() const { return widest() >= Scope::kAuthenticated || unknown != 0; }

Scope Verdict::widest() const {
  Scope s = Scope::kNone;
  for (Scope a : access) s = std::max(s, a);
  return s;
}

Verdict Evaluate(const Snapshot& snapshot) {
  Verdict verdict;
  Evaluation(snapshot, verdict).Run();
  return verdict;
}

}  // namespace bucketwatch::exposure
