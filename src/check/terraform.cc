#include "check/terraform.h"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <map>

#include "base/json.h"
#include "check/judge.h"
#include "check/tf_document.h"
#include "check/tf_settings.h"
#include "exposure/evaluator.h"

namespace bucketwatch::check {
namespace {

using Change = TfResource::Change;
using exposure::Part;

// Terraform's JSON is UTF-8, but PowerShell's `>` writes it as UTF-16LE with
// a byte-order mark; read that too. Nullopt when `text` is not UTF-16LE.
std::optional<std::string> FromUtf16(std::string_view text) {
  if (text.size() < 2 || text[0] != '\xFF' || text[1] != '\xFE') return std::nullopt;
  std::string out;
  out.reserve(text.size() / 2);
  for (size_t i = 2; i + 1 < text.size(); i += 2) {
    uint32_t c = static_cast<unsigned char>(text[i]) | (static_cast<unsigned char>(text[i + 1]) << 8);
    if (c >= 0xD800 && c < 0xDC00 && i + 3 < text.size()) {
      uint32_t low = static_cast<unsigned char>(text[i + 2]) | (static_cast<unsigned char>(text[i + 3]) << 8);
      if (low >= 0xDC00 && low < 0xE000) {
        c = 0x10000 + ((c - 0xD800) << 10) + (low - 0xDC00);
        i += 2;
      }
    }
    if (c < 0x80) {
      out += static_cast<char>(c);
    } else if (c < 0x800) {
      out += static_cast<char>(0xC0 | (c >> 6));
      out += static_cast<char>(0x80 | (c & 0x3F));
    } else if (c < 0x10000) {
      out += static_cast<char>(0xE0 | (c >> 12));
      out += static_cast<char>(0x80 | ((c >> 6) & 0x3F));
      out += static_cast<char>(0x80 | (c & 0x3F));
    } else {
      out += static_cast<char>(0xF0 | (c >> 18));
      out += static_cast<char>(0x80 | ((c >> 12) & 0x3F));
      out += static_cast<char>(0x80 | ((c >> 6) & 0x3F));
      out += static_cast<char>(0x80 | (c & 0x3F));
    }
  }
  return out;
}

std::string_view WithoutBom(std::string_view text) { return text.starts_with("\xEF\xBB\xBF") ? text.substr(3) : text; }

// simdjson says what is wrong but not where; the line comes from a second,
// slower parse that only runs on broken input.
Status JsonError(std::string_view text, const std::string& message) {
  try {
    nlohmann::json parsed = nlohmann::json::parse(text);
    (void)parsed;
  } catch (const nlohmann::json::parse_error& e) {
    size_t end = std::min<size_t>(e.byte == 0 ? 0 : e.byte - 1, text.size());
    int line = 1 + static_cast<int>(std::count(text.begin(), text.begin() + static_cast<ptrdiff_t>(end), '\n'));
    return InvalidInput(message, "line " + std::to_string(line));
  }
  return InvalidInput(message);
}

class TerraformReader {
 public:
  TerraformReader(const TfDocument& doc, const std::string& file, const Assumptions& assumptions)
      : doc_(doc), file_(file), assumptions_(assumptions) {}

  PlannedInput Read() {
    ReadAccountBpa();
    buckets_.reserve(static_cast<size_t>(std::count_if(doc_.resources.begin(), doc_.resources.end(),
                                                       [](const TfResource& r) { return r.type == "aws_s3_bucket"; })));
    for (const TfResource& r : doc_.resources) {
      if (r.type == "aws_s3_bucket" && r.change != Change::kDelete) AddBucket(r);
    }
    for (const TfResource& r : doc_.resources) ApplySetting(r);
    for (const TfResource* r : unlinked_) MayBeAnyNewBucket(*r);
    for (Status& s : errors_) out_.errors.push_back(std::move(s).WithSource(file_));
    out_.buckets = std::move(buckets_);
    return std::move(out_);
  }

 private:
  // aws_s3_account_public_access_block, when the input has one, stands for
  // what --account-bpa would otherwise assume.
  void ReadAccountBpa() {
    account_bpa_ = assumptions_.account_bpa;
    for (const TfResource& r : doc_.resources) {
      if (r.type != "aws_s3_account_public_access_block") continue;
      account_bpa_ = r.change == Change::kDelete ? Part<exposure::BlockPublicAccess>::Absent()
                                                 : ReadTfBlockPublicAccess(r, errors_);
      account_in_input_ = r.change != Change::kExisting;
    }
  }

  PlannedBucket NewBucket(const TfResource& r) const {
    PlannedBucket b;
    b.source = Source::kTerraform;
    b.resource = r.address;
    b.file = file_;
    b.account_bpa_in_input = account_in_input_;
    b.snapshot.account = assumptions_.account_id;
    b.snapshot.account_public_access_block = account_bpa_;
    return b;
  }

  void AddBucket(const TfResource& r) {
    PlannedBucket b = NewBucket(r);
    b.created = r.change == Change::kCreate;
    auto name = Attribute(r, {"bucket"}).String();
    b.snapshot.bucket = name ? std::string(*name) : r.address;  // a name not known until apply
    if (b.created) {
      ApplyNewBucketDefaults(b.snapshot);
    } else {
      MarkSettingsUnknown(b.snapshot, r.address + " exists already and the input does not set it");
      b.snapshot.policy = Part<exposure::Policy>::Unknown(r.address + " exists already and the input does not set it");
    }
    TfAcl acl = ReadTfBucketAcl(r, errors_);
    if (acl.set) SetAcl(b, acl, "");
    TfPolicy policy = ReadTfPolicy(r, b.created, policy_parser_);
    if (policy.set) SetPolicy(b, policy, r.address);
    if (b.created) RefuseInline(b);
    by_address_[r.address] = buckets_.size();
    if (name) by_name_.emplace(std::string(*name), buckets_.size());
    buckets_.push_back(std::move(b));
  }

  static void SetAcl(PlannedBucket& b, TfAcl& acl, const std::string& resource) {
    b.snapshot.acl = std::move(acl.acl);
    b.canned_acl = acl.canned;
    b.granted_acl = acl.granted && b.snapshot.acl.present();
    b.acl_resource = resource;
  }

  static void SetPolicy(PlannedBucket& b, TfPolicy& policy, const std::string& resource) {
    b.snapshot.policy = std::move(policy.policy);
    b.snapshot.policy_text = std::move(policy.text);
    b.policy_resource = resource;
  }

  // Terraform applies aws_s3_bucket's own acl and policy when it creates the
  // bucket, before any resource that references the bucket (its Block
  // Public Access or ownership controls) exists: S3's defaults judge them.
  static void RefuseInline(PlannedBucket& b) {
    Refusals refusals = DeployRefusals(b, exposure::Evaluate(b.snapshot));
    for (const std::string& reason : refusals.reasons)
      b.refused.push_back("when " + b.resource + " is created, " + reason);
    if (refusals.acl) {
      b.snapshot.acl = Part<exposure::Acl>::Of(*CannedAcl("private"));
      b.canned_acl.clear();
      b.granted_acl = false;
    }
    if (refusals.policy) {
      b.snapshot.policy = Part<exposure::Policy>::Absent();
      b.snapshot.policy_text.clear();
    }
  }

  void ApplySetting(const TfResource& r) {
    const std::string& t = r.type;
    if (t != "aws_s3_bucket_public_access_block" && t != "aws_s3_bucket_ownership_controls" &&
        t != "aws_s3_bucket_acl" && t != "aws_s3_bucket_policy")
      return;
    PlannedBucket& b = buckets_[Target(r)];
    const bool gone = r.change == Change::kDelete;  // S3 then has no such setting
    if (t == "aws_s3_bucket_public_access_block") {
      b.snapshot.public_access_block =
          gone ? Part<exposure::BlockPublicAccess>::Absent() : ReadTfBlockPublicAccess(r, errors_);
    } else if (t == "aws_s3_bucket_ownership_controls") {
      b.snapshot.ownership = gone ? Part<exposure::ObjectOwnership>::Absent() : ReadTfOwnership(r, errors_);
    } else if (t == "aws_s3_bucket_acl") {
      if (gone) return;  // destroying it leaves the ACL as it is
      TfAcl acl = ReadTfAclResource(r, errors_);
      SetAcl(b, acl, r.address);
    } else if (gone) {
      b.snapshot.policy = Part<exposure::Policy>::Absent();
      b.snapshot.policy_text.clear();
    } else {
      TfPolicy policy = ReadTfPolicy(r, false, policy_parser_);
      if (!policy.set) policy.policy = Part<exposure::Policy>::Absent();
      SetPolicy(b, policy, r.address);
    }
  }

  // The bucket a setting belongs to: by its planned name, else by the
  // configuration's reference, else a bucket this input does not define.
  size_t Target(const TfResource& r) {
    TfValue bucket = Attribute(r, {"bucket"});
    if (auto name = bucket.String()) {
      auto [first, last] = by_name_.equal_range(std::string(*name));
      if (first != last && std::next(first) == last) return first->second;
      if (first != last) {
        auto linked = ByReference(r);  // several buckets of that name: the reference decides
        return linked ? *linked : first->second;
      }
      return Elsewhere(r, std::string(*name));
    }
    if (auto linked = ByReference(r)) return *linked;
    if (bucket.unknown() && r.change != Change::kDelete) unlinked_.push_back(&r);
    return Elsewhere(r, "");
  }

  // The bucket the configuration's `bucket` argument refers to, through
  // module inputs and outputs if need be.
  std::optional<size_t> ByReference(const TfResource& r) const {
    constexpr std::string_view kPrefix = "aws_s3_bucket.";
    for (const TfReference& target : FollowReferences(doc_, r, "bucket")) {
      const std::string& ref = target.ref;
      if (!ref.starts_with(kPrefix)) continue;
      size_t end = ref.find_first_of(".[", kPrefix.size());
      std::string base = (target.module.empty() ? "" : target.module + ".") + ref.substr(0, end);
      std::string index;
      if (end != std::string::npos && ref[end] == '[') index = ref.substr(end, ref.find(']', end) + 1 - end);
      if (auto it = by_address_.find(base + index); it != by_address_.end()) return it->second;
      if (!index.empty()) continue;
      // "aws_s3_bucket.b" from `aws_s3_bucket.b[count.index]`: the same
      // instance key as the referring resource, or the only instance.
      if (auto it = by_address_.find(base + r.index);
          target.module == r.module && !r.index.empty() && it != by_address_.end())
        return it->second;
      std::optional<size_t> only;
      for (auto it = by_address_.lower_bound(base + "["); it != by_address_.end() && it->first.starts_with(base + "[");
           ++it) {
        if (only) return std::nullopt;
        only = it->second;
      }
      if (only) return only;
    }
    return std::nullopt;
  }

  // A setting whose bucket is not known until apply and that no reference
  // links to one (a local value, `each.value`, an expression the plan's
  // configuration leaves out) may be for any bucket the input creates: on
  // each, what it sets is unknown, so none is judged private without it.
  void MayBeAnyNewBucket(const TfResource& r) {
    std::vector<std::string> refs = References(r, "bucket");
    std::string why = r.address + " may set it: its bucket is not known until apply and the plan does not say which";
    if (!refs.empty()) why += " (bucket = " + refs.front() + ")";
    for (PlannedBucket& b : buckets_) {
      if (!b.created) continue;
      if (r.type == "aws_s3_bucket_public_access_block") {
        b.snapshot.public_access_block = Part<exposure::BlockPublicAccess>::Unknown(why);
      } else if (r.type == "aws_s3_bucket_ownership_controls") {
        b.snapshot.ownership = Part<exposure::ObjectOwnership>::Unknown(why);
      } else if (r.type == "aws_s3_bucket_acl") {
        b.snapshot.acl = Part<exposure::Acl>::Unknown(why);
        b.canned_acl.clear();
        b.granted_acl = false;
      } else {
        b.snapshot.policy = Part<exposure::Policy>::Unknown(why);
        b.snapshot.policy_text.clear();
      }
    }
  }

  // A bucket the input does not define, one per name (or per resource when
  // its name is not known until apply): nothing about it is known but what
  // the input sets.
  size_t Elsewhere(const TfResource& r, const std::string& name) {
    std::string key = name.empty() ? "\n" + r.address : name;
    if (auto it = elsewhere_.find(key); it != elsewhere_.end()) return it->second;
    PlannedBucket b = NewBucket(r);
    b.snapshot.bucket = name.empty() ? r.address : name;
    std::string why = "the bucket is not defined in this input";
    MarkSettingsUnknown(b.snapshot, why);
    b.snapshot.policy = Part<exposure::Policy>::Unknown(why);
    elsewhere_[key] = buckets_.size();
    buckets_.push_back(std::move(b));
    return buckets_.size() - 1;
  }

  const TfDocument& doc_;
  const std::string& file_;
  const Assumptions& assumptions_;
  Part<exposure::BlockPublicAccess> account_bpa_;
  bool account_in_input_ = false;
  std::vector<PlannedBucket> buckets_;
  std::map<std::string, size_t> by_address_;
  std::multimap<std::string, size_t> by_name_;
  std::map<std::string, size_t> elsewhere_;
  std::vector<const TfResource*> unlinked_;  // settings whose bucket nothing links
  json::Parser policy_parser_;
  std::vector<Status> errors_;
  PlannedInput out_;
};

}  // namespace

bool LooksLikeTerraform(std::string_view text) {
  std::string head;
  if (auto wide = FromUtf16(text.substr(0, 8192))) {
    head = std::move(*wide);
  } else {
    head = std::string(WithoutBom(text).substr(0, 4096));
  }
  size_t first = head.find_first_not_of(" \t\r\n");
  return first != std::string::npos && head[first] == '{' &&
         (head.find("\"format_version\"") != std::string::npos ||
          head.find("\"terraform_version\"") != std::string::npos);
}

TemplateVariants ReadTerraform(std::string_view text, const std::string& file, const Assumptions& assumptions) {
  TemplateVariants out;
  std::optional<std::string> wide = FromUtf16(text);
  std::string_view utf8 = wide ? std::string_view(*wide) : WithoutBom(text);
  // Plans of large configurations run to hundreds of MiB; policies are
  // strings inside them, so the nesting stays shallow.
  json::Parser parser(json::Limits{.max_bytes = size_t{1} << 30, .max_depth = 128});
  auto root = parser.Parse(utf8);
  if (!root.ok()) {
    out.errors.push_back(JsonError(utf8, root.status().message()).WithSource(file));
    return out;
  }
  auto doc = ReadTfDocument(*root);
  if (!doc.ok()) {
    out.errors.push_back(doc.status().WithSource(file));
    return out;
  }
  PlannedInput input = TerraformReader(*doc, file, assumptions).Read();
  out.errors = std::move(input.errors);
  input.errors.clear();
  out.variants.push_back(std::move(input));
  return out;
}

}  // namespace bucketwatch::check
