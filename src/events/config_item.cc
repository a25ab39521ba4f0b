#include "events/config_item.h"

#include <array>
#include <cctype>

#include "base/text.h"
#include "events/fields.h"
#include "exposure/acl.h"
#include "exposure/policy.h"
#include "exposure/snapshot_json.h"

namespace bucketwatch::events {
namespace {

using exposure::BlockPublicAccess;
using exposure::Part;
using exposure::Snapshot;

// JSON held in strings inside an item (BucketPolicy, a stringified Block
// Public Access configuration). Separate from the evaluator's
// NestedJsonParser(), which ParseAcl and ParsePolicy use for their own
// strings; each value read with it is turned into owned data before the
// next parse.
json::Parser& ItemStringParser() {
  thread_local json::Parser parser;
  return parser;
}

// The value itself, or the document held in it when it is a JSON string.
Result<json::Element> Unstring(json::Element e, const json::Path& path, std::string& holder) {
  std::string_view text;
  if (e.get_string().get(text)) return e;
  holder.assign(text);
  auto inner = ItemStringParser().Parse(holder);
  if (!inner.ok()) return InvalidInput("the string is " + inner.status().message(), path.Pointer());
  return *inner;
}

// The exposure-relevant values of a bucket item, as found in the item or
// put back from the diff. "recorded" tells a key that was absent from a key
// whose value is null.
struct BucketParts {
  bool acl_recorded = false;
  std::optional<json::Element> acl;
  bool policy_recorded = false;
  std::optional<json::Element> policy;  // BucketPolicy: {"policyText": ...} or its JSON string
  bool policy_text_override = false;    // the diff gave BucketPolicy.PolicyText directly
  std::optional<std::string> policy_text;
  std::optional<json::Element> pab;
  std::array<std::optional<bool>, 4> flags;  // per-flag previous values from the diff
  bool ownership_recorded = false;
  std::optional<json::Element> ownership;
};

BucketParts PartsOf(json::Object supplementary) {
  BucketParts p;
  json::Element e;
  if (!supplementary.at_key("AccessControlList").get(e)) {
    p.acl_recorded = true;
    if (!e.is_null()) p.acl = e;
  }
  if (!supplementary.at_key("BucketPolicy").get(e)) {
    p.policy_recorded = true;
    if (!e.is_null()) p.policy = e;
  }
  if (auto v = Field(supplementary, "PublicAccessBlockConfiguration")) p.pab = *v;
  if (!supplementary.at_key("BucketOwnershipControls").get(e)) {
    p.ownership_recorded = true;
    if (!e.is_null()) p.ownership = e;
  }
  return p;
}

Result<Part<exposure::Acl>> AclOf(const BucketParts& p, const json::Path& sup) {
  if (!p.acl_recorded || !p.acl) return Part<exposure::Acl>::Unknown("AWS Config recorded no AccessControlList");
  auto acl = exposure::ParseAcl(*p.acl);
  json::Path at = sup.Key("AccessControlList");
  if (!acl.ok()) return std::move(acl).take_status().WithPathPrefix(at.Pointer());
  return Part<exposure::Acl>::Of(std::move(acl).value());
}

// Sets snap.policy (and policy_text) from the parts.
Status PolicyOf(const BucketParts& p, const json::Path& sup, Snapshot& snap) {
  std::optional<std::string> text;
  if (p.policy_text_override) {
    text = p.policy_text;
  } else if (!p.policy_recorded) {
    snap.policy = Part<exposure::Policy>::Unknown("AWS Config recorded no BucketPolicy");
    return Status::Ok();
  } else if (p.policy) {
    json::Path at = sup.Key("BucketPolicy");
    std::string holder;
    BW_ASSIGN_OR_RETURN(json::Element wrapper, Unstring(*p.policy, at, holder));
    json::Object object;
    if (wrapper.get_object().get(object)) return json::TypeError(at, "an object with policyText", wrapper);
    json::Element inner;
    if (!object.at_key("policyText").get(inner) || !object.at_key("PolicyText").get(inner)) {
      json::Path text_at = at.Key("policyText");
      if (!inner.is_null()) {
        BW_ASSIGN_OR_RETURN(std::string_view s, json::GetString(inner, text_at));
        text = std::string(s);
      }
    } else if (!object.at_key("Statement").get(inner)) {
      text = simdjson::minify(wrapper);  // the policy document itself
    } else {
      return InvalidInput("expected {\"policyText\": <policy JSON text or null>}", at.Pointer());
    }
  }
  if (!text) {
    snap.policy = Part<exposure::Policy>::Absent();
    return Status::Ok();
  }
  snap.policy_text = *text;
  snap.policy = Part<exposure::Policy>::Of(exposure::ParsePolicyText(snap.policy_text, exposure::NestedJsonParser()));
  return Status::Ok();
}

Result<Part<BlockPublicAccess>> PabOf(const BucketParts& p, const json::Path& sup) {
  Part<BlockPublicAccess> bpa = Part<BlockPublicAccess>::Absent();
  if (p.pab) {
    json::Path at = sup.Key("PublicAccessBlockConfiguration");
    std::string holder;
    BW_ASSIGN_OR_RETURN(json::Element e, Unstring(*p.pab, at, holder));
    BW_ASSIGN_OR_RETURN(bpa, exposure::ParseBlockPublicAccess(e, at));
  }
  bool any_override = false;
  for (const auto& f : p.flags) any_override = any_override || f.has_value();
  if (!any_override) return bpa;
  BlockPublicAccess flags = bpa.present() ? bpa.value() : BlockPublicAccess{};
  if (p.flags[0]) flags.block_public_acls = *p.flags[0];
  if (p.flags[1]) flags.ignore_public_acls = *p.flags[1];
  if (p.flags[2]) flags.block_public_policy = *p.flags[2];
  if (p.flags[3]) flags.restrict_public_buckets = *p.flags[3];
  return Part<BlockPublicAccess>::Of(flags);
}

// Config may one day record ownership; read it when it does, in either
// key casing ({"rules": [{"objectOwnership": ...}]}).
Part<exposure::ObjectOwnership> OwnershipOf(const BucketParts& p) {
  if (!p.ownership_recorded) {
    return Part<exposure::ObjectOwnership>::Unknown(
        "not recorded by AWS Config; if it is BucketOwnerEnforced, ACL grants have no effect");
  }
  if (!p.ownership) return Part<exposure::ObjectOwnership>::Absent();
  std::string holder;
  json::Path path;
  auto e = Unstring(*p.ownership, path, holder);
  json::Object object;
  if (!e.ok() || e->get_object().get(object)) {
    return Part<exposure::ObjectOwnership>::Unknown("AWS Config's BucketOwnershipControls could not be read");
  }
  json::Array rules;
  json::Element r;
  if ((object.at_key("rules").get(r) && object.at_key("Rules").get(r)) || r.get_array().get(rules)) {
    return Part<exposure::ObjectOwnership>::Unknown("AWS Config's BucketOwnershipControls has no rules");
  }
  if (rules.size() == 0) return Part<exposure::ObjectOwnership>::Absent();
  json::Object rule;
  json::Element setting;
  std::string_view text;
  if (rules.at(0).get_object().get(rule) ||
      (rule.at_key("objectOwnership").get(setting) && rule.at_key("ObjectOwnership").get(setting)) ||
      setting.get_string().get(text)) {
    return Part<exposure::ObjectOwnership>::Unknown("AWS Config's BucketOwnershipControls could not be read");
  }
  auto o = exposure::ParseObjectOwnership(text);
  if (!o) return Part<exposure::ObjectOwnership>::Unknown("unknown Object Ownership \"" + std::string(text) + "\"");
  return Part<exposure::ObjectOwnership>::Of(*o);
}

struct Identity {
  std::string type;
  std::string id;
  std::string name;
  std::string account;
  std::string region;
  std::string capture_time;
  std::string status;
};

Result<Identity> IdentityOf(json::Object item, const json::Path& path) {
  Identity id;
  BW_ASSIGN_OR_RETURN(id.type, RequiredString(item, "resourceType", path));
  BW_ASSIGN_OR_RETURN(id.id, RequiredString(item, "resourceId", path));
  BW_RETURN_IF_ERROR(CheckIdentifier(id.id, "a resource id (a bucket name)", path, "resourceId"));
  BW_ASSIGN_OR_RETURN(id.name, OptionalString(item, "resourceName", path));
  BW_RETURN_IF_ERROR(CheckIdentifier(id.name, "a resource name (a bucket name)", path, "resourceName"));
  BW_ASSIGN_OR_RETURN(id.account, OptionalString(item, "awsAccountId", path));
  BW_RETURN_IF_ERROR(CheckIdentifier(id.account, "an account id", path, "awsAccountId"));
  if (id.account.empty()) {
    BW_ASSIGN_OR_RETURN(id.account, OptionalString(item, "accountId", path));
    BW_RETURN_IF_ERROR(CheckIdentifier(id.account, "an account id", path, "accountId"));
  }
  BW_ASSIGN_OR_RETURN(id.region, OptionalString(item, "awsRegion", path));
  BW_ASSIGN_OR_RETURN(id.status, OptionalString(item, "configurationItemStatus", path));
  // Capture times are strings in real items; some test fixtures use epoch numbers.
  if (auto t = Field(item, "configurationItemCaptureTime"); t && t->is_string()) {
    id.capture_time = std::string(t->get_string().value_unsafe());
  }
  return id;
}

Result<Snapshot> BuildSnapshot(const Identity& id, const BucketParts& parts, const json::Path& sup) {
  Snapshot snap;
  snap.bucket = id.name.empty() ? id.id : id.name;
  snap.account = id.account;
  snap.region = id.region;
  snap.captured_at = id.capture_time;
  snap.account_public_access_block = Part<BlockPublicAccess>::Unknown(
      "not part of a bucket's AWS Config item; judged as off, so the verdict may overstate exposure");
  // The ACL first: the policy's own nested parse must not disturb it.
  BW_ASSIGN_OR_RETURN(snap.acl, AclOf(parts, sup));
  BW_RETURN_IF_ERROR(PolicyOf(parts, sup, snap));
  BW_ASSIGN_OR_RETURN(snap.public_access_block, PabOf(parts, sup));
  snap.ownership = OwnershipOf(parts);
  return snap;
}

ItemStatus StatusOf(std::string_view s) {
  if (s == "OK") return ItemStatus::kOk;
  if (s == "ResourceDiscovered") return ItemStatus::kResourceDiscovered;
  if (s == "ResourceNotRecorded") return ItemStatus::kResourceNotRecorded;
  if (s == "ResourceDeleted") return ItemStatus::kResourceDeleted;
  if (s == "ResourceDeletedNotRecorded") return ItemStatus::kResourceDeletedNotRecorded;
  return ItemStatus::kOther;
}

int FlagIndex(std::string_view lower_name) {
  if (lower_name == "blockpublicacls") return 0;
  if (lower_name == "ignorepublicacls") return 1;
  if (lower_name == "blockpublicpolicy") return 2;
  if (lower_name == "restrictpublicbuckets") return 3;
  return -1;
}

std::optional<bool> BoolOrNull(json::Element e) {
  bool b = false;
  if (!e.get_bool().get(b)) return b;
  std::string_view s;
  if (!e.get_string().get(s)) {
    if (s == "true") return true;
    if (s == "false") return false;
  }
  return std::nullopt;
}

// Puts the previous values of a bucket item's changed properties back into
// `parts`. Returns "" or why the state before cannot be rebuilt.
std::string RewindBucket(json::Object changed, BucketParts& parts) {
  constexpr std::string_view kSup = "supplementaryconfiguration.";
  for (auto field : changed) {
    std::string name = Lower(field.key);
    if (name.compare(0, kSup.size(), kSup) != 0) continue;  // Configuration.*, Relationships.*, tags
    std::string rest = name.substr(kSup.size());
    json::Object change;
    json::Element previous;
    if (field.value.get_object().get(change)) return "changed property " + std::string(field.key) + " is not an object";
    bool has_previous = !change.at_key("previousValue").get(previous) && !previous.is_null();
    auto prev = [&]() -> std::optional<json::Element> {
      if (has_previous) return previous;
      return std::nullopt;
    };
    if (rest == "accesscontrollist") {
      parts.acl_recorded = true;
      parts.acl = prev();
    } else if (rest == "bucketpolicy") {
      parts.policy_recorded = true;
      parts.policy = prev();
      parts.policy_text_override = false;
    } else if (rest == "bucketpolicy.policytext") {
      parts.policy_text_override = true;
      parts.policy_text.reset();
      if (has_previous) {
        std::string_view s;
        if (previous.get_string().get(s)) return "the previous policy text is not a string";
        parts.policy_text = std::string(s);
      }
    } else if (rest == "publicaccessblockconfiguration") {
      parts.pab = prev();
      parts.flags = {};
    } else if (rest.compare(0, 31, "publicaccessblockconfiguration.") == 0) {
      int i = FlagIndex(std::string_view(rest).substr(31));
      if (i < 0) return "changed property " + std::string(field.key) + " is not a Block Public Access flag";
      std::optional<bool> b = has_previous ? BoolOrNull(previous) : std::optional<bool>(false);
      if (!b) return "the previous value of " + std::string(field.key) + " is not true or false";
      parts.flags[static_cast<size_t>(i)] = b;
    } else if (rest == "bucketownershipcontrols") {
      parts.ownership_recorded = true;
      parts.ownership = prev();
    } else if (rest.compare(0, 18, "accesscontrollist.") == 0 || rest.compare(0, 13, "bucketpolicy.") == 0 ||
               rest.compare(0, 24, "bucketownershipcontrols.") == 0) {
      return "the diff shows only part of " + std::string(field.key) + ", not its whole previous value";
    }
  }
  return {};
}

// Account-level Block Public Access item: the four flags are the
// configuration itself.
Result<Part<BlockPublicAccess>> AccountBpaOf(std::optional<json::Element> configuration, const json::Path& at) {
  if (!configuration) return Part<BlockPublicAccess>::Absent();
  std::string holder;
  BW_ASSIGN_OR_RETURN(json::Element e, Unstring(*configuration, at, holder));
  json::Object object;
  if (!e.get_object().get(object) && object.size() == 0) return Part<BlockPublicAccess>::Absent();
  return exposure::ParseBlockPublicAccess(e, at);
}

std::string RewindAccountBpa(json::Object changed, std::optional<json::Element>& configuration,
                             std::array<std::optional<bool>, 4>& flags) {
  for (auto field : changed) {
    std::string name = Lower(field.key);
    json::Object change;
    json::Element previous;
    if (field.value.get_object().get(change)) return "changed property " + std::string(field.key) + " is not an object";
    bool has_previous = !change.at_key("previousValue").get(previous) && !previous.is_null();
    if (name == "configuration") {
      configuration.reset();
      if (has_previous) configuration = previous;
      flags = {};
    } else if (name.compare(0, 14, "configuration.") == 0) {
      int i = FlagIndex(std::string_view(name).substr(14));
      if (i < 0) continue;
      std::optional<bool> b = has_previous ? BoolOrNull(previous) : std::optional<bool>(false);
      if (!b) return "the previous value of " + std::string(field.key) + " is not true or false";
      flags[static_cast<size_t>(i)] = b;
    }
  }
  return {};
}

// The diff: whether the event has one, and its changed properties (none
// listed means nothing that matters changed).
struct Diff {
  bool present = false;
  std::optional<json::Object> changed;
};

Result<Diff> ReadDiff(json::Object detail, const json::Path& path, ConfigItemChange& c) {
  Diff d;
  BW_ASSIGN_OR_RETURN(auto diff, OptionalObject(detail, "configurationItemDiff", path));
  if (!diff) return d;
  d.present = true;
  json::Path diff_path = path.Key("configurationItemDiff");
  BW_ASSIGN_OR_RETURN(c.change_type, OptionalString(*diff, "changeType", diff_path));
  BW_ASSIGN_OR_RETURN(d.changed, OptionalObject(*diff, "changedProperties", diff_path));
  if (d.changed) {
    for (auto field : *d.changed) c.changed_properties.emplace_back(field.key);
  }
  return d;
}

Status ReadBucket(json::Object item, const json::Path& item_path, const Identity& id, const Diff& diff,
                  ConfigItemChange& c) {
  json::Path sup_path = item_path.Key("supplementaryConfiguration");
  BW_ASSIGN_OR_RETURN(auto supplementary, OptionalObject(item, "supplementaryConfiguration", item_path));
  if (c.deleted()) {
    c.before_unknown = "the bucket was deleted";
    return Status::Ok();
  }
  if (!supplementary) return Missing(item_path, "supplementaryConfiguration");
  BucketParts parts = PartsOf(*supplementary);
  BW_ASSIGN_OR_RETURN(Snapshot now, BuildSnapshot(id, parts, sup_path));
  c.now = std::move(now);
  if (c.new_resource) return Status::Ok();
  if (!diff.present) {
    c.before_unknown = "the event carries no configurationItemDiff";
    return Status::Ok();
  }
  std::string why = diff.changed ? RewindBucket(*diff.changed, parts) : std::string();
  if (!why.empty()) {
    c.before_unknown = why;
    return Status::Ok();
  }
  json::Path root;
  json::Path diff_path = root.Key("configurationItemDiff");
  auto before = BuildSnapshot(id, parts, diff_path);
  if (!before.ok()) {
    c.before_unknown = "a previous value in the diff could not be read: " + before.status().ToString();
    return Status::Ok();
  }
  c.before = std::move(before).value();
  return Status::Ok();
}

Status ReadAccountBpa(json::Object item, const json::Path& item_path, const Diff& diff, ConfigItemChange& c) {
  json::Path conf_path = item_path.Key("configuration");
  std::optional<json::Element> configuration = Field(item, "configuration");
  if (c.deleted()) {
    c.account_bpa_now = Part<BlockPublicAccess>::Absent();
  } else {
    BW_ASSIGN_OR_RETURN(auto now, AccountBpaOf(configuration, conf_path));
    c.account_bpa_now = now;
  }
  if (c.new_resource) return Status::Ok();
  if (!diff.present) {
    c.before_unknown = "the event carries no configurationItemDiff";
    return Status::Ok();
  }
  std::array<std::optional<bool>, 4> flags;
  std::string why = diff.changed ? RewindAccountBpa(*diff.changed, configuration, flags) : std::string();
  if (!why.empty()) {
    c.before_unknown = why;
    return Status::Ok();
  }
  auto before = AccountBpaOf(configuration, conf_path);
  if (!before.ok()) {
    c.before_unknown = "a previous value in the diff could not be read: " + before.status().ToString();
    return Status::Ok();
  }
  Part<BlockPublicAccess> b = *before;
  bool any = false;
  for (const auto& f : flags) any = any || f.has_value();
  if (any) {
    BlockPublicAccess v = b.present() ? b.value() : BlockPublicAccess{};
    if (flags[0]) v.block_public_acls = *flags[0];
    if (flags[1]) v.ignore_public_acls = *flags[1];
    if (flags[2]) v.block_public_policy = *flags[2];
    if (flags[3]) v.restrict_public_buckets = *flags[3];
    b = Part<BlockPublicAccess>::Of(v);
  }
  c.account_bpa_before = b;
  return Status::Ok();
}

Result<ConfigItemChange> ParseOversized(json::Object detail, const json::Path& path, const Envelope& envelope) {
  ConfigItemChange c;
  c.oversized = true;
  json::Path summary_path = path.Key("configurationItemSummary");
  BW_ASSIGN_OR_RETURN(json::Object summary, RequiredObject(detail, "configurationItemSummary", path));
  BW_ASSIGN_OR_RETURN(Identity id, IdentityOf(summary, summary_path));
  c.resource_type = id.type;
  c.resource_id = id.id;
  c.resource_name = id.name;
  c.account = id.account.empty() ? envelope.account : id.account;
  c.region = id.region.empty() ? envelope.region : id.region;
  c.capture_time = id.capture_time;
  c.status_text = id.status;
  c.status = StatusOf(id.status);
  BW_ASSIGN_OR_RETURN(c.change_type, OptionalString(summary, "changeType", summary_path));
  c.oversized_location = NestedString(detail, {"s3DeliverySummary", "s3BucketLocation"});
  c.before_unknown = "the configuration item was too large for the notification";
  return c;
}

}  // namespace

Result<Snapshot> SnapshotFromConfigItem(json::Object item, const json::Path& path) {
  BW_ASSIGN_OR_RETURN(Identity id, IdentityOf(item, path));
  if (id.type != kBucketType) {
    json::Path at = path.Key("resourceType");
    return InvalidInput("expected an AWS::S3::Bucket configuration item, found " + id.type, at.Pointer());
  }
  json::Path sup_path = path.Key("supplementaryConfiguration");
  BW_ASSIGN_OR_RETURN(json::Object supplementary, RequiredObject(item, "supplementaryConfiguration", path));
  return BuildSnapshot(id, PartsOf(supplementary), sup_path);
}

Result<ConfigItemChange> ParseConfigItemChange(json::Object detail, const json::Path& path, const Envelope& envelope) {
  BW_ASSIGN_OR_RETURN(std::string message_type, OptionalString(detail, "messageType", path));
  if (message_type == "OversizedConfigurationItemChangeNotification" || Field(detail, "configurationItemSummary")) {
    return ParseOversized(detail, path, envelope);
  }
  ConfigItemChange c;
  json::Path item_path = path.Key("configurationItem");
  BW_ASSIGN_OR_RETURN(json::Object item, RequiredObject(detail, "configurationItem", path));
  BW_ASSIGN_OR_RETURN(Identity id, IdentityOf(item, item_path));
  if (id.account.empty()) id.account = envelope.account;
  if (id.region.empty()) id.region = envelope.region;
  c.resource_type = id.type;
  c.resource_id = id.id;
  c.resource_name = id.name;
  c.account = id.account;
  c.region = id.region;
  c.capture_time = id.capture_time;
  c.status_text = id.status;
  c.status = StatusOf(id.status);

  BW_ASSIGN_OR_RETURN(Diff diff, ReadDiff(detail, path, c));
  c.new_resource = c.change_type == "CREATE" || (c.change_type.empty() && c.status == ItemStatus::kResourceDiscovered);

  if (id.type == kBucketType) {
    BW_RETURN_IF_ERROR(ReadBucket(item, item_path, id, diff, c));
  } else if (id.type == kAccountBpaType) {
    BW_RETURN_IF_ERROR(ReadAccountBpa(item, item_path, diff, c));
  }
  return c;
}

}  // namespace bucketwatch::events
