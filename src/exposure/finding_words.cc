#include "exposure/finding_words.h"

#include "base/text.h"
#include "exposure/condition.h"

namespace bucketwatch::exposure {

const Statement* StatementOf(const Snapshot& snap, const Finding& f) {
  if (f.channel != Channel::kPolicy || !snap.policy.present() || f.statement < 0) return nullptr;
  for (const Statement& st : snap.policy.value().statements) {
    if (static_cast<int>(st.index) == f.statement) return &st;
  }
  return nullptr;
}

std::string FindingLocation(const Snapshot& snap, const Finding& f) {
  if (f.channel == Channel::kAcl) return "Grant[" + std::to_string(f.grant) + "]";
  std::string out = "Statement[" + std::to_string(f.statement) + "]";
  if (const Statement* st = StatementOf(snap, f); st != nullptr && !st->sid.empty()) {
    out += " (Sid \"" + st->sid + "\")";
  }
  return out;
}

std::vector<std::string> FindingActions(const Snapshot& snap, const Finding& f) {
  std::vector<std::string> out;
  if (f.channel == Channel::kAcl) {
    if (snap.acl.present() && f.grant >= 0 && static_cast<size_t>(f.grant) < snap.acl.value().grants.size()) {
      out.emplace_back(PermissionName(snap.acl.value().grants[static_cast<size_t>(f.grant)].permission));
    }
    return out;
  }
  const Statement* st = StatementOf(snap, f);
  if (f.actions.count() > 8 && st != nullptr) {
    // "s3:*" reads better than eighty names.
    for (const std::string& v : st->action_values) out.push_back(st->not_action ? "all but " + v : v);
  } else {
    out.reserve(f.actions.count() + f.unknown_actions.size());
    ForEachAction(f.actions, [&out](const S3Action& a) {
      std::string& name = out.emplace_back();
      name.reserve(3 + a.name.size());  // one allocation, not two
      name.append("s3:").append(a.name);
    });
  }
  for (const std::string& u : f.unknown_actions) out.push_back(u);
  return out;
}

std::string FixFor(const Finding& f) {
  if (f.channel == Channel::kAcl) {
    if (f.scope == Scope::kCrossAccount) return "remove the grant if that account should not have it";
    return "remove the grant (aws s3api put-bucket-acl --acl private), or turn on IgnorePublicAcls, or set "
           "Object Ownership to BucketOwnerEnforced";
  }
  if (f.scope == Scope::kCrossAccount) return "remove the statement if that account should not have this access";
  return "remove the statement or confine it to fixed principals or sources (aws:PrincipalOrgID, "
         "aws:SourceVpce, a narrow aws:SourceIp), or turn on RestrictPublicBuckets";
}

Cause CauseOf(const Snapshot& snap, const Finding& f) {
  Cause c;
  c.channel = f.channel;
  c.statement = f.statement;
  c.grant = f.grant;
  c.location = FindingLocation(snap, f);
  c.principal = f.principal;
  c.scope = f.scope;
  c.who = f.who;
  c.account = f.account;
  c.access = f.access;
  c.actions = FindingActions(snap, f);
  c.uncertain = f.uncertain;
  c.fix = FixFor(f);
  if (const Statement* st = StatementOf(snap, f); st != nullptr) {
    c.sid = st->sid;
    for (int i : f.conditions) {
      if (i >= 0 && static_cast<size_t>(i) < st->conditions.size()) {
        c.conditions.push_back(DescribeCondition(st->conditions[static_cast<size_t>(i)]));
      }
    }
  }
  return c;
}

std::string WhoWords(Who who) {
  switch (who) {
    case Who::kAnonymous: return "anyone on the internet";
    case Who::kAnyAuthenticatedAws: return "any AWS user";
    case Who::kFederatedWebIdentity: return "anyone who signs in with a web identity provider";
    case Who::kAnyAwsService: return "any AWS service, for any customer";
  }
  return "";
}

std::string AccessWords(AccessMask mask) {
  std::vector<std::string> words;
  for (AccessKind kind : kAllAccessKinds) {
    if (Has(mask, kind)) words.emplace_back(AccessKindDescription(kind));
  }
  return Join(words, ", ");
}

}  // namespace bucketwatch::exposure
