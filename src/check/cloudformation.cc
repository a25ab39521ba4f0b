#include "check/cloudformation.h"

#include <algorithm>
#include <set>
#include <unordered_map>

#include "base/json.h"
#include "check/cfn_values.h"

namespace bucketwatch::check {
namespace {

using exposure::Acl;
using exposure::BlockPublicAccess;
using exposure::Part;

Status At(const std::string& file, int line, std::string message) {
  return InvalidInput(std::move(message), "line " + std::to_string(line)).WithSource(file);
}

std::string TypeOf(const YamlNode& resource) {
  return resource.IsMap() && Child(resource, {"Type"}) && Child(resource, {"Type"}).IsScalar()
             ? Child(resource, {"Type"}).Scalar()
             : "";
}

bool Flag(const Value& v, bool& out) {
  if (v.is_boolean()) {
    out = v.get<bool>();
    return true;
  }
  if (v.is_string() && (v == "true" || v == "false")) {
    out = v == "true";
    return true;
  }
  return false;
}

class TemplateReader {
 public:
  TemplateReader(const TemplateContext& context, const std::string& file, const Assumptions& assumptions)
      : root_(context.root), file_(file), assumptions_(assumptions), context_(context), resolver_(context) {}

  PlannedInput Read() {
    out_.buckets.reserve(context_.resources.size());
    for (const auto& kv : Child(root_, {"Resources"})) {
      const std::string id = kv.first.Scalar();
      if (TypeOf(kv.second) == "AWS::S3::Bucket" && Exists(kv.second)) ReadBucket(id, kv.second, LineOf(kv.first));
    }
    for (const auto& kv : Child(root_, {"Resources"})) {
      if (TypeOf(kv.second) == "AWS::S3::BucketPolicy" && Exists(kv.second))
        ReadPolicy(kv.first.Scalar(), kv.second, LineOf(kv.first));
    }
    return std::move(out_);
  }

 private:
  // A resource with a Condition that is false is not created.
  bool Exists(const YamlNode& resource) {
    const YamlNode c = Child(resource, {"Condition"});
    if (!c || !c.IsScalar()) return true;
    auto v = resolver_.Condition(c.Scalar(), LineOf(c));
    if (!v.ok()) {
      out_.errors.push_back(v.status().WithSource(file_));
      return true;
    }
    if (*v) return **v;
    auto it = context_.assumed_conditions.find(c.Scalar());
    return it == context_.assumed_conditions.end() || it->second;
  }

  // A property resolved; errors are recorded and give nullopt.
  std::optional<Value> Property(const YamlNode& node) {
    if (!node) return std::nullopt;
    auto v = resolver_.Resolve(node);
    if (!v.ok()) {
      out_.errors.push_back(v.status().WithSource(file_));
      return std::nullopt;
    }
    return *v;
  }

  // `line`: of the resource's logical id.
  void ReadBucket(const std::string& id, const YamlNode& resource, int line) {
    PlannedBucket b;
    b.resource = id;
    b.file = file_;
    b.line = line;
    b.created = true;
    auto name = resolver_.BucketNameOf(id, b.line);
    if (!name.ok()) {
      out_.errors.push_back(name.status().WithSource(file_));
      b.snapshot.bucket = id;
    } else {
      b.snapshot.bucket = *name;
    }
    b.snapshot.account = assumptions_.account_id;
    b.snapshot.account_public_access_block = assumptions_.account_bpa;
    const YamlNode props = Child(resource, {"Properties"});
    // New buckets: S3's defaults unless set (docs/check.md, "What a new bucket gets").
    ApplyNewBucketDefaults(b.snapshot);
    if (props && props.IsMap()) {
      // A policy may name the bucket by the same expression, unknown parts and all.
      if (auto v = Property(Child(props, {"BucketName"})); v && v->is_string()) b.name_value = v->get<std::string>();
      ReadBlockPublicAccess(Child(props, {"PublicAccessBlockConfiguration"}), b);
      ReadOwnership(Child(props, {"OwnershipControls"}), b);
      ReadAccessControl(Child(props, {"AccessControl"}), b);
    }
    by_resource_.emplace(id, out_.buckets.size());
    out_.buckets.push_back(std::move(b));
  }

  void ReadBlockPublicAccess(const YamlNode& node, PlannedBucket& b) {
    if (!node) return;
    auto v = Property(node);
    if (!v) {
      b.snapshot.public_access_block =
          Part<BlockPublicAccess>::Unknown("PublicAccessBlockConfiguration could not be read");
      return;
    }
    if (!v->is_object()) {
      // AWS::NoValue (from Fn::If) leaves the defaults.
      if (v->is_null()) return;
      std::string unknown = FindUnknown(*v);
      if (unknown.empty()) {
        out_.errors.push_back(
            At(file_, LineOf(node), "PublicAccessBlockConfiguration must be a mapping of the four flags"));
      }
      b.snapshot.public_access_block =
          Part<BlockPublicAccess>::Unknown(unknown.empty() ? "not a mapping" : "depends on " + unknown);
      return;
    }
    BlockPublicAccess bpa;  // a flag left out of the configuration is false
    std::pair<const char*, bool*> flags[] = {{"BlockPublicAcls", &bpa.block_public_acls},
                                             {"IgnorePublicAcls", &bpa.ignore_public_acls},
                                             {"BlockPublicPolicy", &bpa.block_public_policy},
                                             {"RestrictPublicBuckets", &bpa.restrict_public_buckets}};
    for (auto& [key, flag] : flags) {
      if (!v->contains(key)) continue;
      if (!Flag((*v)[key], *flag)) {
        std::string unknown = FindUnknown((*v)[key]);
        if (unknown.empty()) {
          out_.errors.push_back(At(file_, LineOf(Child(node, {key}) ? Child(node, {key}) : node),
                                   std::string(key) + " must be true or false"));
        }
        b.snapshot.public_access_block = Part<BlockPublicAccess>::Unknown(
            std::string(key) + " depends on " + (unknown.empty() ? "an invalid value" : unknown));
        return;
      }
    }
    b.snapshot.public_access_block = Part<BlockPublicAccess>::Of(bpa);
  }

  void ReadOwnership(const YamlNode& node, PlannedBucket& b) {
    if (!node) return;
    auto v = Property(node);
    if (!v || v->is_null()) return;
    const Value* rule = nullptr;
    if (v->is_object() && v->contains("Rules") && (*v)["Rules"].is_array() && !(*v)["Rules"].empty())
      rule = &(*v)["Rules"][0];
    if (!rule || !rule->is_object() || !rule->contains("ObjectOwnership")) {
      std::string unknown = FindUnknown(*v);
      if (unknown.empty()) {
        out_.errors.push_back(At(file_, LineOf(node), "OwnershipControls must have Rules: [{ObjectOwnership: ...}]"));
      }
      b.snapshot.ownership =
          Part<exposure::ObjectOwnership>::Unknown("OwnershipControls without Rules[0].ObjectOwnership");
      return;
    }
    const Value& o = (*rule)["ObjectOwnership"];
    std::string unknown = FindUnknown(o);
    auto parsed =
        o.is_string() && unknown.empty() ? exposure::ParseObjectOwnership(o.get<std::string>()) : std::nullopt;
    if (!parsed) {
      if (unknown.empty())
        out_.errors.push_back(At(file_, LineOf(node),
                                 "ObjectOwnership must be BucketOwnerEnforced, BucketOwnerPreferred or ObjectWriter"));
      b.snapshot.ownership = Part<exposure::ObjectOwnership>::Unknown("ObjectOwnership depends on " +
                                                                      (unknown.empty() ? "an invalid value" : unknown));
      return;
    }
    b.snapshot.ownership = Part<exposure::ObjectOwnership>::Of(*parsed);
  }

  void ReadAccessControl(const YamlNode& node, PlannedBucket& b) {
    if (!node) return;
    auto v = Property(node);
    if (!v || v->is_null()) return;
    std::string unknown = FindUnknown(*v);
    if (unknown.empty() && !v->is_string())
      out_.errors.push_back(At(file_, LineOf(node), "AccessControl must be a canned ACL name"));
    if (!unknown.empty() || !v->is_string()) {
      b.snapshot.acl = Part<Acl>::Unknown("AccessControl depends on " +
                                          (unknown.empty() ? "a value that is not a string" : unknown));
      return;
    }
    b.canned_acl = v->get<std::string>();
    auto acl = CannedAcl(b.canned_acl);
    if (!acl) {
      out_.errors.push_back(At(file_, LineOf(node), "AccessControl \"" + b.canned_acl + "\" is not a canned ACL"));
      b.snapshot.acl = Part<Acl>::Unknown("AccessControl \"" + b.canned_acl + "\" is not a canned ACL");
      return;
    }
    b.snapshot.acl = Part<Acl>::Of(std::move(*acl));
  }

  PlannedBucket* TargetOf(const std::string& policy_id, const YamlNode& bucket_node) {
    std::string target = resolver_.RefTarget(bucket_node);
    if (!target.empty()) {
      if (auto it = by_resource_.find(target); it != by_resource_.end()) return &out_.buckets[it->second];
    }
    auto v = Property(bucket_node);
    std::string name;
    if (v && v->is_string()) {
      for (auto& b : out_.buckets) {
        if (b.created && (b.snapshot.bucket == *v || b.name_value == *v)) return &b;
      }
      if (FindUnknown(*v).empty()) name = v->get<std::string>();
    }
    // A bucket this input does not define: its settings are not known here.
    PlannedBucket b;
    b.resource = policy_id;
    b.file = file_;
    b.snapshot.bucket = name.empty() ? policy_id : name;
    b.snapshot.account = assumptions_.account_id;
    b.snapshot.account_public_access_block = assumptions_.account_bpa;
    MarkSettingsUnknown(b.snapshot, "the bucket is not defined in this input");
    out_.buckets.push_back(std::move(b));
    return &out_.buckets.back();
  }

  void ReadPolicy(const std::string& id, const YamlNode& resource, int line) {
    const YamlNode props = Child(resource, {"Properties"});
    if (!props || !Child(props, {"Bucket"}) || !Child(props, {"PolicyDocument"})) {
      out_.errors.push_back(At(file_, line, "AWS::S3::BucketPolicy " + id + " needs Bucket and PolicyDocument"));
      return;
    }
    PlannedBucket* b = TargetOf(id, Child(props, {"Bucket"}));
    b->policy_resource = id;
    b->policy_line = line;
    const YamlNode doc = Child(props, {"PolicyDocument"});
    // IAM takes one statement object in place of a list of them.
    if (const YamlNode statements = Child(doc, {"Statement"}); statements && statements.IsSequence()) {
      for (const auto& st : statements) b->statement_lines.push_back(LineOf(st));
    } else if (statements && statements.IsMap()) {
      b->statement_lines.push_back(LineOf(statements));
    }
    auto v = Property(doc);
    if (!v) {
      b->snapshot.policy = Part<exposure::Policy>::Unknown("PolicyDocument of " + id + " could not be read");
      return;
    }
    Value policy = std::move(*v);
    if (policy.is_string() && FindUnknown(policy).empty()) {
      policy = Value::parse(policy.get<std::string>(), nullptr, false);
      if (policy.is_discarded()) {
        out_.errors.push_back(At(file_, LineOf(doc), "PolicyDocument of " + id + " is a string that is not JSON"));
        b->snapshot.policy = Part<exposure::Policy>::Unknown("PolicyDocument of " + id + " is not JSON");
        return;
      }
    }
    std::string unknown = Widen(policy);
    if (!unknown.empty()) {
      b->snapshot.policy = Part<exposure::Policy>::Unknown("the policy " + id + " depends on " + unknown);
      return;
    }
    b->snapshot.policy_text = JsonText(policy);
    b->snapshot.policy = Part<exposure::Policy>::Of(exposure::ParsePolicyText(b->snapshot.policy_text, parser_));
  }

  // Unknown parts of Resource and Action only widen a statement when read
  // as "*"; anywhere else (principals, conditions, effect, Not- elements)
  // they decide who is let in, so the policy cannot be judged: returns why.
  std::string Widen(Value& policy) {
    if (!policy.is_object()) return FindUnknown(policy);
    if (!policy.contains("Statement")) return FindUnknown(policy);
    Value& statements = policy["Statement"];
    if (statements.is_object()) statements = Value::array({statements});
    if (!statements.is_array()) return FindUnknown(statements);
    for (Value& st : statements) {
      if (!st.is_object()) continue;
      for (auto it = st.begin(); it != st.end(); ++it) {
        const std::string& key = it.key();
        std::string unknown = FindUnknown(it.value());
        if (unknown.empty()) continue;
        if (key != "Resource" && key != "Action") return unknown;
        auto widen = [](Value& s) {
          if (s.is_string()) s = ReplaceUnknown(s.get<std::string>(), "*");
        };
        if (it.value().is_array()) {
          for (Value& s : it.value()) widen(s);
        } else {
          widen(it.value());
        }
      }
    }
    return FindUnknown(policy);
  }

  const YamlNode& root_;
  const std::string& file_;
  const Assumptions& assumptions_;
  const TemplateContext& context_;
  Resolver resolver_;
  json::Parser parser_;
  PlannedInput out_;
  // Index in out_.buckets of each bucket resource read, by logical id: a
  // policy's Ref is looked up once per policy (a search of the vector made
  // 1,000 policies cost half a million comparisons).
  std::unordered_map<std::string, size_t> by_resource_;
};

}  // namespace

bool LooksLikeCloudFormation(std::string_view text) {
  return text.find("Resources") != std::string_view::npos ||
         text.find("AWSTemplateFormatVersion") != std::string_view::npos;
}

TemplateVariants ReadCloudFormation(std::string_view text, const std::string& file, const Assumptions& assumptions) {
  TemplateVariants out;
  TemplateContext context;
  auto document = YamlDocument::Parse(text);
  if (!document.ok()) {
    out.errors.push_back(document.status().WithSource(file));
    return out;
  }
  context.document = std::move(document).value();
  context.root = context.document->root();
  if (!context.root.IsMap() || !Child(context.root, {"Resources"}) || !Child(context.root, {"Resources"}).IsMap()) {
    out.errors.push_back(At(file, 1, "not a CloudFormation template: expected a mapping with Resources"));
    return out;
  }
  context.IndexResources();
  context.account_id = assumptions.account_id;
  for (const auto& [k, v] : assumptions.parameters) context.parameters[k] = v;

  // Which conditions are not known before deployment.
  if (Child(context.root, {"Conditions"}) && Child(context.root, {"Conditions"}).IsMap()) {
    Resolver probe(context);
    for (const auto& kv : Child(context.root, {"Conditions"})) {
      auto v = probe.Condition(kv.first.Scalar(), LineOf(kv.first));
      if (!v.ok()) {
        out.errors.push_back(v.status().WithSource(file));
      } else if (!*v && out.unknown_conditions.size() < kMaxUnknownConditions) {
        out.unknown_conditions.push_back(kv.first.Scalar());
      }
    }
  }
  std::set<std::string> seen;
  for (const Status& s : out.errors) seen.insert(s.ToString());
  size_t combinations = size_t{1} << out.unknown_conditions.size();
  for (size_t mask = 0; mask < combinations; ++mask) {
    context.assumed_conditions.clear();
    for (size_t i = 0; i < out.unknown_conditions.size(); ++i)
      context.assumed_conditions[out.unknown_conditions[i]] = (mask >> i) & 1;
    TemplateReader reader(context, file, assumptions);
    PlannedInput input = reader.Read();
    for (Status& s : input.errors) {
      if (seen.insert(s.ToString()).second) out.errors.push_back(std::move(s));
    }
    input.errors.clear();
    out.variants.push_back(std::move(input));
  }
  return out;
}

}  // namespace bucketwatch::check
