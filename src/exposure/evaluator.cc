#include "exposure/evaluator.h"

#include <algorithm>
#include <string>
#include <string_view>
#include <vector>

#include "base/aws_names.h"
#include "exposure/deny.h"
#include "exposure/statement_views.h"

namespace bucketwatch::exposure {
namespace {

using Control = BlockedBy::Control;

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

  bool PolicyVariables() const { return snap_.policy.present() && snap_.policy.value().policy_variables(); }

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

  // Allow minus Deny (docs/evaluator.md, "Allow minus Deny"): a Deny that
  // applies to everyone takes away the actions it covers on the resources it
  // covers, if it is unconditional or leaves only requests confined to fixed
  // values. Returns what of `before` survives; records the Denies in `f`.
  ActionSet SubtractPublicDenies(Finding& f, const ResourceView& res, const ActionSet& before,
                                 const std::vector<DenyView>& denies) const {
    ActionSet surviving = before;
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
        PolicyVariables(), /*account=*/nullptr, f.blocked_by.deny_statement, combined);
    removed_bucket |= together & BucketActions();
    removed_objects |= together & ObjectActions();
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
    return surviving;
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

    ActionSet before = granted & BadActions();
    ActionSet surviving = SubtractPublicDenies(f, res, before, denies);

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
    surviving &= ~DeniedInCombination(res, surviving, denies, PolicyVariables(), &account, denied_by, combined);
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
      // Set here, past the grants that are skipped (the owner's own, most often).
      if (f.principal.empty()) f.principal = g.id;
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
