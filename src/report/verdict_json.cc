#include "report/verdict_json.h"

#include "exposure/condition.h"
#include "exposure/finding_words.h"

namespace bucketwatch::report {
using nlohmann::ordered_json;

namespace {

using exposure::AccessKind;
using exposure::Finding;
using json::JsonWriter;

void Levels(JsonWriter& w, bool account, bool bucket) {
  w.BeginArray();
  if (account) w.Word("account");
  if (bucket) w.Word("bucket");
  w.EndArray();
}

void Flag(JsonWriter& w, json::Plain name, const exposure::EffectiveFlag& f) {
  w.Key(name).BeginObject().Key("on").Bool(f.on).Key("levels");
  Levels(w, f.account_level, f.bucket_level);
  w.EndObject();
}

void Strings(JsonWriter& w, const std::vector<std::string>& values) {
  w.BeginArray();
  for (const std::string& v : values) w.String(v);
  w.EndArray();
}

void StringOrNull(JsonWriter& w, const std::string& value) {
  if (value.empty()) {
    w.Null();
  } else {
    w.String(value);
  }
}

void Access(JsonWriter& w, const exposure::Verdict& v) {
  w.Key("access").BeginObject();
  for (AccessKind kind : exposure::kAllAccessKinds) {
    exposure::Scope s = v.Access(kind);
    bool unknown = v.IsUnknown(kind) && s < exposure::Scope::kPublic;
    w.Key(exposure::AccessKindPlain(kind)).Word(unknown ? json::Plain("unknown") : exposure::ScopePlain(s));
  }
  w.EndObject();
  w.Key("who").BeginArray();
  for (auto who : {exposure::Who::kAnonymous, exposure::Who::kFederatedWebIdentity, exposure::Who::kAnyAuthenticatedAws,
                   exposure::Who::kAnyAwsService}) {
    if (v.who & exposure::Bit(who)) w.Word(exposure::WhoPlain(who));
  }
  w.EndArray();
}

// What the statement behind a policy finding says: its resources and the
// conditions that do not confine it.
void StatementParts(JsonWriter& w, const exposure::Statement& st, const Finding& f) {
  w.Key(st.not_resource ? json::Plain("not_resources") : json::Plain("resources"));
  Strings(w, st.resources);
  w.Key("conditions_not_restricting").BeginArray();
  for (int i : f.conditions) {
    if (i >= 0 && static_cast<size_t>(i) < st.conditions.size()) {
      w.String(exposure::DescribeCondition(st.conditions[static_cast<size_t>(i)]));
    }
  }
  w.EndArray();
}

void BlockedBy(JsonWriter& w, const exposure::BlockedBy& b) {
  w.Key("blocked_by");
  if (!b.blocked()) {
    w.Null();
    return;
  }
  w.BeginObject().Key("control").String(exposure::ControlName(b.control));
  if (b.control == exposure::BlockedBy::Control::kDeny) {
    w.Key("statement").Int(b.deny_statement);
  } else {
    w.Key("levels");
    Levels(w, b.account_level, b.bucket_level);
  }
  w.EndObject();
}

void WriteFinding(JsonWriter& w, const exposure::Snapshot& snap, const Finding& f) {
  bool policy = f.channel == exposure::Channel::kPolicy;
  const exposure::Statement* st = exposure::StatementOf(snap, f);
  w.BeginObject().Key("source").Word(policy ? json::Plain("policy") : json::Plain("acl"));
  w.Key("location").String(exposure::FindingLocation(snap, f));
  if (policy) {
    w.Key("statement").Int(f.statement).Key("sid");
    if (st != nullptr && !st->sid.empty()) {
      w.String(st->sid);
    } else {
      w.Null();
    }
  } else {
    w.Key("grant").Int(f.grant);
  }
  w.Key("principal").String(f.principal).Key("scope").Word(exposure::ScopePlain(f.scope));
  if (f.scope == exposure::Scope::kCrossAccount) {
    w.Key("account").String(f.account);
  } else {
    w.Key("who").Word(exposure::WhoPlain(f.who));
  }
  w.Key("access").BeginArray();
  for (AccessKind kind : exposure::kAllAccessKinds) {
    if (exposure::Has(f.access, kind)) w.Word(exposure::AccessKindPlain(kind));
  }
  w.EndArray().Key("actions");
  Strings(w, exposure::FindingActions(snap, f));
  if (st != nullptr) StatementParts(w, *st, f);
  BlockedBy(w, f.blocked_by);
  if (!f.partly_denied_by.empty()) {
    w.Key("partly_denied_by").BeginArray();
    for (int i : f.partly_denied_by) w.Int(i);
    w.EndArray();
  }
  if (!f.uncertain.empty()) w.Key("uncertain").String(f.uncertain);
  if (f.cannot_judge) w.Key("cannot_judge").Bool(true);
  w.EndObject();
}

}  // namespace

std::string Dump(const ordered_json& value, int indent) {
  return value.dump(indent, ' ', false, nlohmann::detail::error_handler_t::replace);
}

void WriteVerdictJson(JsonWriter& w, const exposure::Snapshot& snap, const exposure::Verdict& v) {
  w.BeginObject();
  WriteVerdictMembers(w, snap, v);
  w.EndObject();
}

void WriteVerdictMembers(JsonWriter& w, const exposure::Snapshot& snap, const exposure::Verdict& v) {
  w.Key("bucket").String(v.bucket).Key("account");
  StringOrNull(w, v.account);
  w.Key("region");
  StringOrNull(w, v.region);
  w.Key("public").Bool(v.exposed()).Key("public_read").Bool(v.public_read).Key("public_write").Bool(v.public_write);
  Access(w, v);
  w.Key("cross_account").Bool(v.cross_account).Key("policy_is_public");
  if (v.policy_is_public) {
    w.Bool(*v.policy_is_public);
  } else {
    w.Null();
  }
  w.Key("acl_is_public").Bool(v.acl_is_public).Key("acls_enabled").Bool(v.acls_enabled);
  w.Key("block_public_access").BeginObject();
  Flag(w, "BlockPublicAcls", v.block_public_acls);
  Flag(w, "IgnorePublicAcls", v.ignore_public_acls);
  Flag(w, "BlockPublicPolicy", v.block_public_policy);
  Flag(w, "RestrictPublicBuckets", v.restrict_public_buckets);
  w.EndObject();
  w.Key("restrict_public_buckets_blocks_cross_account").Bool(v.restrict_public_buckets_blocks_cross_account);
  w.Key("invalid_policy").Bool(v.invalid_policy).Key("cannot_judge");
  Strings(w, v.cannot_judge);
  w.Key("findings").BeginArray();
  for (const Finding& f : v.findings) WriteFinding(w, snap, f);
  w.EndArray().Key("notes").BeginArray();
  for (const exposure::Note& n : v.notes) {
    json::Plain kind = n.kind == exposure::Note::Kind::kInvalid   ? json::Plain("invalid")
                       : n.kind == exposure::Note::Kind::kWarning ? json::Plain("warning")
                                                                  : json::Plain("info");
    w.BeginObject().Key("kind").Word(kind).Key("where").String(n.where).Key("message").String(n.message).EndObject();
  }
  w.EndArray();
}

ordered_json VerdictToJson(const exposure::Snapshot& snap, const exposure::Verdict& v) {
  JsonWriter w;
  WriteVerdictJson(w, snap, v);
  return ordered_json::parse(w.text());
}

}  // namespace bucketwatch::report
