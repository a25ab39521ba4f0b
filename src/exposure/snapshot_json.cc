#include "exposure/snapshot_json.h"

#include <algorithm>
#include <array>
#include <cctype>
#include <string>
#include <vector>

#include "base/aws_names.h"

namespace bucketwatch::exposure {
namespace {

using json::Element;
using json::Path;

Result<Part<ObjectOwnership>> OwnershipFromText(std::string_view text, const Path& path) {
  auto o = ParseObjectOwnership(text);
  if (!o) {
    return InvalidInput("unknown Object Ownership \"" + std::string(text) +
                            "\"; expected BucketOwnerEnforced, BucketOwnerPreferred or ObjectWriter",
                        path.Pointer());
  }
  return Part<ObjectOwnership>::Of(*o);
}

// Reads {"Rules": [{"ObjectOwnership": "..."}]}.
Result<Part<ObjectOwnership>> OwnershipFromControls(Element controls, const Path& path) {
  json::Object object;
  Element rules;
  if (controls.get_object().get(object) || object.at_key("Rules").get(rules)) {
    return InvalidInput("expected {\"Rules\": [{\"ObjectOwnership\": ...}]}", path.Pointer());
  }
  Path rules_path = path.Key("Rules");
  json::Array array;
  if (rules.get_array().get(array)) return json::TypeError(rules_path, "a list of rules", rules);
  if (array.size() == 0) return Part<ObjectOwnership>::Absent();
  Path rule_path = rules_path.Index(0);
  Element rule, setting;
  json::Object rule_object;
  if (array.at(0).get(rule) || rule.get_object().get(rule_object) ||
      rule_object.at_key("ObjectOwnership").get(setting)) {
    return InvalidInput("expected {\"ObjectOwnership\": \"...\"}", rule_path.Pointer());
  }
  Path setting_path = rule_path.Key("ObjectOwnership");
  BW_ASSIGN_OR_RETURN(std::string_view text, json::GetString(setting, setting_path));
  return OwnershipFromText(text, setting_path);
}

// A setting name, get-bucket-ownership-controls output, or its inner object.
Result<Part<ObjectOwnership>> ParseOwnership(Element e, const Path& path) {
  if (e.is_null()) return Part<ObjectOwnership>::Absent();
  json::Object object;
  if (!e.get_object().get(object)) {
    Element controls;
    if (!object.at_key("OwnershipControls").get(controls)) {
      return OwnershipFromControls(controls, path.Key("OwnershipControls"));
    }
    return OwnershipFromControls(e, path);
  }
  BW_ASSIGN_OR_RETURN(std::string_view text, json::GetString(e, path));
  return OwnershipFromText(text, path);
}

Status ReadUnknown(Element e, const Path& path, std::array<std::string, 5>& reasons) {
  static constexpr std::array<std::string_view, 5> kFields = {"account_public_access_block", "public_access_block",
                                                              "ownership", "policy", "acl"};
  if (e.is_null()) return Status::Ok();
  json::Object object;
  if (e.get_object().get(object)) return json::TypeError(path, "an object of field: reason", e);
  for (auto field : object) {
    Path here = path.Key(field.key);
    size_t i = 0;
    while (i < kFields.size() && kFields[i] != field.key) ++i;
    if (i == kFields.size()) {
      return InvalidInput("\"" + std::string(field.key) +
                              "\" is not a snapshot setting; expected account_public_access_block, "
                              "public_access_block, ownership, policy or acl",
                          here.Pointer());
    }
    BW_ASSIGN_OR_RETURN(std::string_view reason, json::GetString(field.value, here));
    reasons[i] = reason.empty() ? "could not be read" : std::string(reason);
  }
  return Status::Ok();
}

// S3 bucket names are 3 to 63 characters (S3 User Guide, "Bucket naming rules").
constexpr size_t kMaxBucketName = 63;

}  // namespace

std::string_view ObjectOwnershipName(ObjectOwnership o) {
  switch (o) {
    case ObjectOwnership::kBucketOwnerEnforced: return "BucketOwnerEnforced";
    case ObjectOwnership::kBucketOwnerPreferred: return "BucketOwnerPreferred";
    case ObjectOwnership::kObjectWriter: return "ObjectWriter";
  }
  return "?";
}

std::optional<ObjectOwnership> ParseObjectOwnership(std::string_view text) {
  if (text == "BucketOwnerEnforced") return ObjectOwnership::kBucketOwnerEnforced;
  if (text == "BucketOwnerPreferred") return ObjectOwnership::kBucketOwnerPreferred;
  if (text == "ObjectWriter") return ObjectOwnership::kObjectWriter;
  return std::nullopt;
}

namespace {

// The four flags as the S3 API spells them, then as Config's
// supplementaryConfiguration does (lowerCamel), then the wrapper of
// get-public-access-block's output.
constexpr std::array<std::string_view, 9> kFlagNames = {
    "BlockPublicAcls",       "IgnorePublicAcls",      "BlockPublicPolicy",
    "RestrictPublicBuckets", "blockPublicAcls",       "ignorePublicAcls",
    "blockPublicPolicy",     "restrictPublicBuckets", "PublicAccessBlockConfiguration"};
constexpr size_t kWrapper = 8;

Result<BlockPublicAccess> ReadFlags(const json::Members<9>& members, const Path& path) {
  if (!members.unknown.empty()) {
    return InvalidInput("unknown Block Public Access flag \"" + std::string(members.unknown) +
                            "\"; expected BlockPublicAcls, IgnorePublicAcls, BlockPublicPolicy or "
                            "RestrictPublicBuckets",
                        path.Key(members.unknown).Pointer());
  }
  BlockPublicAccess bpa;
  std::array<bool*, 4> flags = {&bpa.block_public_acls, &bpa.ignore_public_acls, &bpa.block_public_policy,
                                &bpa.restrict_public_buckets};
  for (size_t i = 0; i < flags.size(); ++i) {
    size_t given = members.has(i) ? i : i + 4;
    if (members.has(i) && members.has(i + 4)) {
      return InvalidInput("the Block Public Access flag \"" + std::string(kFlagNames[i + 4]) +
                              "\" is given twice (in two spellings); which one is meant is unclear, so it is refused",
                          path.Key(kFlagNames[i + 4]).Pointer());
    }
    if (!members.has(given) || members.values[given].is_null()) continue;  // Config writes null for "not set"
    BW_ASSIGN_OR_RETURN(*flags[i], json::GetBool(members.values[given], path.Key(kFlagNames[given])));
  }
  return bpa;
}

}  // namespace

Result<Part<BlockPublicAccess>> ParseBlockPublicAccess(Element e, const Path& path) {
  if (e.is_null()) return Part<BlockPublicAccess>::Absent();
  json::Object object;
  if (e.get_object().get(object)) return json::TypeError(path, "an object of Block Public Access flags", e);
  BW_ASSIGN_OR_RETURN(auto members, json::ReadMembers(object, kFlagNames, path));
  if (!members.has(kWrapper)) {
    BW_ASSIGN_OR_RETURN(BlockPublicAccess bpa, ReadFlags(members, path));
    return Part<BlockPublicAccess>::Of(bpa);
  }
  Element inner = members.values[kWrapper];
  Path wrapped = path.Key(kFlagNames[kWrapper]);
  if (inner.is_null()) return Part<BlockPublicAccess>::Absent();
  if (inner.get_object().get(object)) return json::TypeError(wrapped, "an object of flags", inner);
  BW_ASSIGN_OR_RETURN(members, json::ReadMembers(object, kFlagNames, wrapped));
  if (members.has(kWrapper) && members.unknown.empty()) members.unknown = kFlagNames[kWrapper];
  BW_ASSIGN_OR_RETURN(BlockPublicAccess bpa, ReadFlags(members, wrapped));
  return Part<BlockPublicAccess>::Of(bpa);
}

namespace {

// The snapshot's members, in the order they are read.
enum Member : uint8_t {
  kBucket,
  kAccount,
  kRegion,
  kAccountBpa,
  kBucketBpa,
  kOwnership,
  kPolicy,
  kAcl,
  kUnknown,
  kPolicyStatus,
  kCapturedAt,
};
constexpr std::array<std::string_view, 11> kMembers = {"bucket",
                                                       "account",
                                                       "region",
                                                       "account_public_access_block",
                                                       "public_access_block",
                                                       "ownership",
                                                       "policy",
                                                       "acl",
                                                       "unknown",
                                                       "policy_status",
                                                       "captured_at"};

Result<std::string> ReadBucketName(Element v, const Path& here) {
  BW_ASSIGN_OR_RETURN(std::string_view s, json::GetString(v, here));
  if (s.empty()) return InvalidInput("the bucket name is empty", here.Pointer());
  if (s.size() > kMaxBucketName) {
    return InvalidInput(
        "the bucket name has " + std::to_string(s.size()) + " characters; S3 bucket names are at most 63 characters",
        here.Pointer());
  }
  return std::string(s);
}

Result<std::string> ReadAccount(Element v, const Path& here) {
  if (v.is_null()) return std::string();
  int64_t n;
  if (!v.get_int64().get(n)) {
    return InvalidInput(
        "expected the account id as a string of 12 digits, found a number (leading zeros "
        "would be lost)",
        here.Pointer());
  }
  BW_ASSIGN_OR_RETURN(std::string_view s, json::GetString(v, here));
  if (!s.empty() && !IsAccountId(s)) {
    return InvalidInput("expected a 12-digit account id, found \"" + std::string(s) + "\"", here.Pointer());
  }
  return std::string(s);
}

// A string member that may be null (read as empty).
Result<std::string> ReadOptionalString(Element v, const Path& here) {
  if (v.is_null()) return std::string();
  BW_ASSIGN_OR_RETURN(std::string_view s, json::GetString(v, here));
  return std::string(s);
}

}  // namespace

Result<Snapshot> ParseSnapshot(Element element, SnapshotOptions options) {
  Path root;
  json::Object object;
  if (element.get_object().get(object)) return json::TypeError(root, "a snapshot object", element);
  BW_ASSIGN_OR_RETURN(auto members, json::ReadMembers(object, kMembers, root));
  if (!members.unknown.empty()) {
    return InvalidInput("unknown snapshot field \"" + std::string(members.unknown) +
                            "\"; expected bucket, account, region, account_public_access_block, "
                            "public_access_block, ownership, policy, acl, unknown, policy_status or captured_at",
                        root.Key(members.unknown).Pointer());
  }
  auto here = [&root](Member m) { return root.Key(kMembers[m]); };
  const auto& v = members.values;
  if (!members.has(kBucket)) return InvalidInput("the snapshot has no \"bucket\" name", root.Pointer());
  Snapshot snap;
  BW_ASSIGN_OR_RETURN(snap.bucket, ReadBucketName(v[kBucket], here(kBucket)));
  if (members.has(kAccount)) {
    BW_ASSIGN_OR_RETURN(snap.account, ReadAccount(v[kAccount], here(kAccount)));
  }
  if (members.has(kRegion)) {
    BW_ASSIGN_OR_RETURN(snap.region, ReadOptionalString(v[kRegion], here(kRegion)));
  }
  if (members.has(kAccountBpa)) {
    BW_ASSIGN_OR_RETURN(snap.account_public_access_block, ParseBlockPublicAccess(v[kAccountBpa], here(kAccountBpa)));
  }
  if (members.has(kBucketBpa)) {
    BW_ASSIGN_OR_RETURN(snap.public_access_block, ParseBlockPublicAccess(v[kBucketBpa], here(kBucketBpa)));
  }
  if (members.has(kOwnership)) {
    BW_ASSIGN_OR_RETURN(snap.ownership, ParseOwnership(v[kOwnership], here(kOwnership)));
  }
  std::array<std::string, 5> unknown;
  if (members.has(kUnknown)) {
    BW_RETURN_IF_ERROR(ReadUnknown(v[kUnknown], here(kUnknown), unknown));
  }
  if (members.has(kPolicyStatus) && !v[kPolicyStatus].is_null()) {
    BW_ASSIGN_OR_RETURN(bool b, json::GetBool(v[kPolicyStatus], here(kPolicyStatus)));
    snap.policy_status = b;
  }
  if (members.has(kCapturedAt)) {
    BW_ASSIGN_OR_RETURN(snap.captured_at, ReadOptionalString(v[kCapturedAt], here(kCapturedAt)));
  }
  const bool has_policy = members.has(kPolicy) && !v[kPolicy].is_null();
  const bool has_acl = members.has(kAcl) && !v[kAcl].is_null();
  const Element policy_element = v[kPolicy], acl_element = v[kAcl];

  // The ACL first: the policy may be held in a string, and parsing that
  // string must not disturb the ACL's own nested parse.
  if (has_acl) {
    auto acl = ParseAcl(acl_element);
    if (!acl.ok()) return std::move(acl).take_status().WithPathPrefix("/acl");
    snap.acl = Part<Acl>::Of(std::move(acl).value());
  }
  if (has_policy) {
    std::string_view text;
    if (!options.keep_policy_text) {
      // Left empty: the caller only judges.
    } else if (!policy_element.get_string().get(text)) {
      snap.policy_text = std::string(text);
    } else {
      json::Object wrapper;
      Element inner;
      if (!policy_element.get_object().get(wrapper) && wrapper.size() == 1 && !wrapper.at_key("Policy").get(inner) &&
          inner.is_string()) {
        snap.policy_text = std::string(inner.get_string().value_unsafe());
      } else {
        snap.policy_text = simdjson::minify(policy_element);
      }
    }
    snap.policy = Part<Policy>::Of(ParsePolicy(policy_element));
  }
  if (!unknown[0].empty()) snap.account_public_access_block = Part<BlockPublicAccess>::Unknown(unknown[0]);
  if (!unknown[1].empty()) snap.public_access_block = Part<BlockPublicAccess>::Unknown(unknown[1]);
  if (!unknown[2].empty()) snap.ownership = Part<ObjectOwnership>::Unknown(unknown[2]);
  if (!unknown[3].empty()) snap.policy = Part<Policy>::Unknown(unknown[3]);
  if (!unknown[4].empty()) snap.acl = Part<Acl>::Unknown(unknown[4]);
  return snap;
}

namespace {

bool IsSnapshotRecord(Element element) {
  Element bucket;
  return element.is_object() && !element.at_key("bucket").get(bucket);
}

// Where a piece of the input is, for its errors: "line 3", "/2 (line 15)".
std::string Where(const json::Piece& piece) {
  switch (piece.form) {
    case json::Piece::Form::kLine: return "line " + std::to_string(piece.line);
    case json::Piece::Form::kElement:
      return "/" + std::to_string(piece.index) + " (line " + std::to_string(piece.line) + ")";
    case json::Piece::Form::kWhole:
    case json::Piece::Form::kNothing: break;
  }
  return "";
}

}  // namespace

SnapshotReader::SnapshotReader(json::Parser& parser, OnSnapshot on_snapshot, OnError on_error, SnapshotOptions options)
    : parser_(parser),
      on_snapshot_(std::move(on_snapshot)),
      on_error_(std::move(on_error)),
      options_(options),
      splitter_(parser, &IsSnapshotRecord, [this](const json::Piece& piece) { Take(piece); }) {}

void SnapshotReader::Take(const json::Piece& piece) {
  if (piece.form == json::Piece::Form::kNothing) {
    on_error_(InvalidInput("the input is empty; expected a snapshot, a list of them or JSON Lines"));
    return;
  }
  if (!piece.error.ok()) {
    on_error_(Status(piece.error.code(), piece.error.message(), Where(piece)));
    return;
  }
  auto doc = parser_.Parse(piece.text);
  if (!doc.ok()) {
    on_error_(Status(doc.status().code(), doc.status().message(), Where(piece)));
    return;
  }
  auto snap = ParseSnapshot(*doc, options_);
  if (snap.ok()) {
    on_snapshot_(std::move(snap).value());
    return;
  }
  Status s = std::move(snap).take_status();
  switch (piece.form) {
    case json::Piece::Form::kElement: on_error_(std::move(s).WithPathPrefix("/" + std::to_string(piece.index))); break;
    case json::Piece::Form::kLine: {
      std::string at = Where(piece);
      if (!s.where().empty()) at += " " + s.where();
      on_error_(Status(s.code(), s.message(), std::move(at)));
      break;
    }
    default: on_error_(std::move(s));
  }
}

SnapshotBatch ParseSnapshots(std::string_view text, json::Parser& parser) {
  SnapshotBatch batch;
  SnapshotReader reader(
      parser, [&batch](Snapshot&& s) { batch.snapshots.push_back(std::move(s)); },
      [&batch](Status s) { batch.errors.push_back(std::move(s)); });
  reader.Feed(text);
  reader.Finish();
  return batch;
}

}  // namespace bucketwatch::exposure
