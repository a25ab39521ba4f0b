#include "report/verdict_json.h"

#include "exposure/finding_words.h"

namespace bucketwatch::report {
namespace {

using exposure::AccessKind;
using exposure::Finding;
using nlohmann::ordered_json;

ordered_json Levels(bool account, bool bucket) {
  ordered_json levels = ordered_json::array();
  if (account) levels.push_back("account");
  if (bucket) levels.push_back("bucket");
  return levels;
}

ordered_json FlagJson(const exposure::EffectiveFlag& f) {
  return ordered_json{{"on", f.on}, {"levels", Levels(f.account_level, f.bucket_level)}};
}

ordered_json AccessList(exposure::AccessMask mask) {
  ordered_json out = ordered_json::array();
  for (AccessKind kind : exposure::kAllAccessKinds) {
    if (exposure::Has(mask, kind)) out.push_back(std::string(exposure::AccessKindName(kind)));
  }
  return out;
}

}  // namespace

std::string Dump(const ordered_json& value, int indent) {
  return value.dump(indent, ' ', false, nlohmann::detail::error_handler_t::replace);
}

ordered_json VerdictToJson(const exposure::Snapshot& snap, const exposure::Verdict& v) {
  ordered_json j;
  j["bucket"] = v.bucket;
  j["account"] = v.account.empty() ? ordered_json(nullptr) : ordered_json(v.account);
  j["region"] = v.region.empty() ? ordered_json(nullptr) : ordered_json(v.region);
  j["public"] = v.exposed();
  j["public_read"] = v.public_read;
  j["public_write"] = v.public_write;
  ordered_json access;
  for (AccessKind kind : exposure::kAllAccessKinds) {
    exposure::Scope s = v.Access(kind);
    bool unknown = v.IsUnknown(kind) && s < exposure::Scope::kPublic;
    access[std::string(exposure::AccessKindName(kind))] = unknown ? "unknown" : std::string(exposure::ScopeName(s));
  }
  j["access"] = access;
  ordered_json who = ordered_json::array();
  for (auto w : {exposure::Who::kAnonymous, exposure::Who::kFederatedWebIdentity, exposure::Who::kAnyAuthenticatedAws,
                 exposure::Who::kAnyAwsService}) {
    if (v.who & exposure::Bit(w)) who.push_back(std::string(exposure::WhoName(w)));
  }
  j["who"] = who;
  j["cross_account"] = v.cross_account;
  j["policy_is_public"] = v.policy_is_public ? ordered_json(*v.policy_is_public) : ordered_json(nullptr);
  j["acl_is_public"] = v.acl_is_public;
  j["acls_enabled"] = v.acls_enabled;
  j["block_public_access"] = ordered_json{{"BlockPublicAcls", FlagJson(v.block_public_acls)},
                                          {"IgnorePublicAcls", FlagJson(v.ignore_public_acls)},
                                          {"BlockPublicPolicy", FlagJson(v.block_public_policy)},
                                          {"RestrictPublicBuckets", FlagJson(v.restrict_public_buckets)}};
  j["restrict_public_buckets_blocks_cross_account"] = v.restrict_public_buckets_blocks_cross_account;
  j["invalid_policy"] = v.invalid_policy;
  j["cannot_judge"] = v.cannot_judge;

  ordered_json findings = ordered_json::array();
  for (const Finding& f : v.findings) {
    ordered_json fj;
    bool policy = f.channel == exposure::Channel::kPolicy;
    fj["source"] = policy ? "policy" : "acl";
    fj["location"] = exposure::FindingLocation(snap, f);
    if (policy) {
      fj["statement"] = f.statement;
      const auto* st = exposure::StatementOf(snap, f);
      fj["sid"] = (st != nullptr && !st->sid.empty()) ? ordered_json(st->sid) : ordered_json(nullptr);
    } else {
      fj["grant"] = f.grant;
    }
    fj["principal"] = f.principal;
    fj["scope"] = std::string(exposure::ScopeName(f.scope));
    if (f.scope == exposure::Scope::kCrossAccount) {
      fj["account"] = f.account;
    } else {
      fj["who"] = std::string(exposure::WhoName(f.who));
    }
    fj["access"] = AccessList(f.access);
    fj["actions"] = exposure::FindingActions(snap, f);
    if (const auto* st = exposure::StatementOf(snap, f)) {
      ordered_json resources = st->resources;
      fj[st->not_resource ? "not_resources" : "resources"] = resources;
      ordered_json conditions = ordered_json::array();
      for (int i : f.conditions) {
        if (i >= 0 && static_cast<size_t>(i) < st->conditions.size()) {
          conditions.push_back(exposure::DescribeCondition(st->conditions[static_cast<size_t>(i)]));
        }
      }
      fj["conditions_not_restricting"] = conditions;
    }
    if (f.blocked_by.blocked()) {
      ordered_json b{{"control", std::string(exposure::ControlName(f.blocked_by.control))}};
      if (f.blocked_by.control == exposure::BlockedBy::Control::kDeny) {
        b["statement"] = f.blocked_by.deny_statement;
      } else {
        b["levels"] = Levels(f.blocked_by.account_level, f.blocked_by.bucket_level);
      }
      fj["blocked_by"] = b;
    } else {
      fj["blocked_by"] = nullptr;
    }
    if (!f.partly_denied_by.empty()) fj["partly_denied_by"] = f.partly_denied_by;
    if (!f.uncertain.empty()) fj["uncertain"] = f.uncertain;
    if (f.cannot_judge) fj["cannot_judge"] = true;
    findings.push_back(std::move(fj));
  }
  j["findings"] = std::move(findings);

  ordered_json notes = ordered_json::array();
  for (const exposure::Note& n : v.notes) {
    const char* kind = n.kind == exposure::Note::Kind::kInvalid   ? "invalid"
                       : n.kind == exposure::Note::Kind::kWarning ? "warning"
                                                                  : "info";
    notes.push_back(ordered_json{{"kind", kind}, {"where", n.where}, {"message", n.message}});
  }
  j["notes"] = std::move(notes);
  return j;
}

}  // namespace bucketwatch::report
