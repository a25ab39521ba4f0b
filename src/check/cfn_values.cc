#include "check/cfn_values.h"

#include <algorithm>
#include <array>
#include <limits>

#include "base/json_writer.h"

namespace bucketwatch::check {
namespace {

// Short-form tags and the function each stands for (CloudFormation User
// Guide, "Intrinsic function reference").
constexpr std::array<std::pair<std::string_view, std::string_view>, 21> kTags = {{
    {"!Ref", "Ref"},
    {"!Condition", "Condition"},
    {"!Base64", "Fn::Base64"},
    {"!Cidr", "Fn::Cidr"},
    {"!FindInMap", "Fn::FindInMap"},
    {"!GetAtt", "Fn::GetAtt"},
    {"!GetAZs", "Fn::GetAZs"},
    {"!ImportValue", "Fn::ImportValue"},
    {"!Join", "Fn::Join"},
    {"!Select", "Fn::Select"},
    {"!Split", "Fn::Split"},
    {"!Sub", "Fn::Sub"},
    {"!Transform", "Fn::Transform"},
    {"!And", "Fn::And"},
    {"!Equals", "Fn::Equals"},
    {"!If", "Fn::If"},
    {"!Not", "Fn::Not"},
    {"!Or", "Fn::Or"},
    {"!Length", "Fn::Length"},
    {"!ToJsonString", "Fn::ToJsonString"},
    {"!ForEach", "Fn::ForEach"},
}};

bool Untagged(const std::string& tag) {
  return tag.empty() || tag == "?" || tag == "!" || tag.rfind("tag:yaml.org,2002:", 0) == 0;
}

Status At(int line, std::string message) { return InvalidInput(std::move(message), "line " + std::to_string(line)); }

// A stand-in for a name that is one specific value once deployed.
std::string StandIn(std::string_view what) { return "bucketwatch-" + std::string(what); }

std::string AsText(const Value& v) {
  if (v.is_string()) return v.get<std::string>();
  if (v.is_boolean()) return v.get<bool>() ? "true" : "false";
  if (v.is_number()) return v.dump();
  return v.dump();
}

// False on a value the writer has no form for (a floating-point number,
// an integer beyond int64_t), which only a policy given as a JSON string
// can hold.
bool Write(json::JsonWriter& w, const Value& v) {
  switch (v.type()) {
    case Value::value_t::null: w.Null(); return true;
    case Value::value_t::boolean: w.Bool(v.get<bool>()); return true;
    case Value::value_t::string: w.String(v.get_ref<const std::string&>()); return true;
    case Value::value_t::number_integer: w.Int(v.get<int64_t>()); return true;
    case Value::value_t::number_unsigned:
      if (v.get<uint64_t>() > uint64_t{std::numeric_limits<int64_t>::max()}) return false;
      w.Int(static_cast<int64_t>(v.get<uint64_t>()));
      return true;
    case Value::value_t::array:
      w.BeginArray();
      for (const Value& e : v) {
        if (!Write(w, e)) return false;
      }
      w.EndArray();
      return true;
    case Value::value_t::object:
      w.BeginObject();
      for (auto it = v.begin(); it != v.end(); ++it) {
        w.EscapedKey(it.key());
        if (!Write(w, it.value())) return false;
      }
      w.EndObject();
      return true;
    default: return false;
  }
}

}  // namespace

std::string JsonText(const Value& v) {
  json::JsonWriter w;
  return Write(w, v) ? w.Take() : v.dump();
}

std::string UnknownValue(std::string_view reason) {
  std::string out(1, kUnknownOpen);
  out += reason;
  out += kUnknownClose;
  return out;
}

std::string FindUnknown(const Value& v) {
  if (v.is_string()) {
    const auto& s = v.get_ref<const std::string&>();
    size_t open = s.find(kUnknownOpen);
    if (open == std::string::npos) return {};
    size_t close = s.find(kUnknownClose, open);
    return s.substr(open + 1, close == std::string::npos ? std::string::npos : close - open - 1);
  }
  if (v.is_structured()) {
    for (const auto& item : v) {
      std::string r = FindUnknown(item);
      if (!r.empty()) return r;
    }
  }
  return {};
}

std::string ReplaceUnknown(std::string_view text, std::string_view with) {
  std::string out;
  size_t i = 0;
  while (i < text.size()) {
    size_t open = text.find(kUnknownOpen, i);
    if (open == std::string_view::npos) break;
    out.append(text.substr(i, open - i));
    out.append(with);
    size_t close = text.find(kUnknownClose, open);
    i = close == std::string_view::npos ? text.size() : close + 1;
  }
  if (i < text.size()) out.append(text.substr(i));
  return out;
}

YamlNode Child(const YamlNode& node, std::initializer_list<std::string_view> keys) {
  YamlNode current = node;
  for (std::string_view key : keys) {
    if (!current || !current.IsMap()) return YamlNode();
    YamlNode next;
    for (const auto& kv : current) {
      if (kv.first.IsScalar() && kv.first.Scalar() == key) {
        next = kv.second;
        break;
      }
    }
    current = next;
  }
  return current;
}

void TemplateContext::IndexResources() {
  resources.clear();
  const YamlNode all = Child(root, {"Resources"});
  if (!all.IsMap()) return;
  for (const auto& kv : all) {
    if (kv.first.IsScalar()) resources.emplace(kv.first.Scalar(), kv.second);
  }
}

YamlNode TemplateContext::Resource(std::string_view logical_id) const {
  auto it = resources.find(logical_id);
  return it == resources.end() ? YamlNode() : it->second;
}

int LineOf(const YamlNode& node) { return node.Line(); }

Resolver::Resolver(const TemplateContext& context) : context_(context) {}

Result<std::optional<Value>> Resolver::Resolve(const YamlNode& node) {
  int line = LineOf(node);
  const std::string& tag = node.Tag();
  if (!Untagged(tag)) {
    auto it = std::find_if(kTags.begin(), kTags.end(), [&](const auto& t) { return t.first == tag; });
    if (it == kTags.end())
      return At(line, "unknown tag " + tag + " (expected a CloudFormation short form: !Ref, !Sub, !GetAtt, ...)");
    auto v = Intrinsic(std::string(it->second), node, line);
    if (!v.ok()) return v.status();
    if (v->is_null()) return std::optional<Value>();  // AWS::NoValue
    return std::optional<Value>(std::move(*v));
  }
  switch (node.Type()) {
    case YamlType::kNull:
    case YamlType::kUndefined: return std::optional<Value>(Value());
    case YamlType::kScalar: {
      const std::string& s = node.Scalar();
      if (tag == "?" && (s == "true" || s == "false")) return std::optional<Value>(Value(s == "true"));
      if (s.find("{{resolve:") != std::string::npos) {
        return std::optional<Value>(Value(UnknownValue("a dynamic reference (line " + std::to_string(line) + ")")));
      }
      return std::optional<Value>(Value(s));
    }
    case YamlType::kSequence: {
      Value out = Value::array();
      for (const auto& item : node) {
        auto v = Resolve(item);
        if (!v.ok()) return v.status();
        if (*v) out.push_back(std::move(**v));
      }
      return std::optional<Value>(std::move(out));
    }
    case YamlType::kMap: {
      if (node.size() == 1) {
        std::string key = (*node.begin()).first.Scalar();
        if (key == "Ref" || key.rfind("Fn::", 0) == 0) {
          auto v = Intrinsic(key, (*node.begin()).second, line);
          if (!v.ok()) return v.status();
          if (v->is_null()) return std::optional<Value>();
          return std::optional<Value>(std::move(*v));
        }
      }
      Value out = Value::object();
      for (const auto& kv : node) {
        auto v = Resolve(kv.second);
        if (!v.ok()) return v.status();
        if (*v) out[kv.first.Scalar()] = std::move(**v);
      }
      return std::optional<Value>(std::move(out));
    }
  }
  return std::optional<Value>(Value());
}

Result<Value> Resolver::Required(const YamlNode& node) {
  auto v = Resolve(node);
  if (!v.ok()) return v.status();
  if (!*v) return At(LineOf(node), "AWS::NoValue where a value is needed");
  return std::move(**v);
}

Result<Value> Resolver::Intrinsic(const std::string& fn, const YamlNode& arg, int line) {
  if (fn == "Ref") {
    if (!arg.IsScalar()) return At(line, "Ref takes a name");
    if (arg.Scalar() == "AWS::NoValue") return Value();  // null: dropped by the caller
    return Ref(arg.Scalar(), line);
  }
  if (fn == "Fn::GetAtt") {
    if (arg.IsScalar()) {
      const std::string& s = arg.Scalar();
      size_t dot = s.find('.');
      if (dot == std::string::npos) return At(line, "Fn::GetAtt takes LogicalId.Attribute, got \"" + s + "\"");
      return GetAtt(s.substr(0, dot), s.substr(dot + 1), line);
    }
    if (arg.IsSequence() && arg.size() == 2 && arg[0].IsScalar()) {
      auto attribute = Required(arg[1]);
      if (!attribute.ok()) return attribute.status();
      return GetAtt(arg[0].Scalar(), AsText(*attribute), line);
    }
    return At(line, "Fn::GetAtt takes [LogicalId, Attribute]");
  }
  if (fn == "Fn::Sub") return Sub(arg, line);
  if (fn == "Fn::Join") return Join(arg, line);
  if (fn == "Fn::Select") return Select(arg, line);
  if (fn == "Fn::Split") return Split(arg, line);
  if (fn == "Fn::If") return If(arg, line);
  if (fn == "Fn::FindInMap") return FindInMap(arg, line);
  if (fn == "Fn::ImportValue") return Value(UnknownValue("Fn::ImportValue (line " + std::to_string(line) + ")"));
  if (fn == "Fn::Base64" || fn == "Fn::Cidr" || fn == "Fn::GetAZs" || fn == "Fn::Length" || fn == "Fn::ToJsonString" ||
      fn == "Fn::Transform") {
    return Value(UnknownValue(fn + " (line " + std::to_string(line) + ")"));
  }
  if (fn == "Condition" || fn == "Fn::Equals" || fn == "Fn::And" || fn == "Fn::Or" || fn == "Fn::Not") {
    auto c = ConditionFunction(fn, arg, line);
    if (!c.ok()) return c.status();
    if (!*c) return Value(UnknownValue(fn + " (line " + std::to_string(line) + ")"));
    return Value(**c ? "true" : "false");
  }
  return At(line, "unknown function " + fn);
}

Result<Value> Resolver::Ref(const std::string& name, int line) {
  if (name == "AWS::Partition") return Value("aws");
  if (name == "AWS::URLSuffix") return Value("amazonaws.com");
  if (name == "AWS::AccountId") return Value(context_.account_id.empty() ? "000000000000" : context_.account_id);
  if (name == "AWS::Region") return Value(StandIn("region"));
  if (name == "AWS::StackName" || name == "AWS::StackId") return Value(StandIn("stack"));
  if (name.rfind("AWS::", 0) == 0) return Value(UnknownValue(name + " (line " + std::to_string(line) + ")"));

  const YamlNode params = Child(context_.root, {"Parameters"});
  if (const YamlNode p = Child(params, {name})) {
    std::string type = Child(p, {"Type"}) && Child(p, {"Type"}).IsScalar() ? Child(p, {"Type"}).Scalar() : "String";
    Value v;
    if (auto it = context_.parameters.find(name); it != context_.parameters.end()) {
      v = it->second;
    } else if (Child(p, {"Default"}) && Child(p, {"Default"}).IsScalar()) {
      v = Child(p, {"Default"}).Scalar();
    } else if (Child(p, {"Default"}) && Child(p, {"Default"}).IsSequence()) {
      std::string joined;
      for (const auto& item : Child(p, {"Default"})) joined += (joined.empty() ? "" : ",") + item.Scalar();
      v = joined;
    } else {
      return Value(UnknownValue("parameter " + name + " has no default; give it with --parameter " + name + "=VALUE"));
    }
    if (type.rfind("List<", 0) == 0 || type == "CommaDelimitedList") {
      Value list = Value::array();
      std::string s = v.get<std::string>();
      size_t start = 0;
      while (true) {
        size_t comma = s.find(',', start);
        list.push_back(s.substr(start, comma == std::string::npos ? std::string::npos : comma - start));
        if (comma == std::string::npos) break;
        start = comma + 1;
      }
      return list;
    }
    return v;
  }
  const YamlNode resource = context_.Resource(name);
  if (!resource) return At(line, "Ref to \"" + name + "\", which is neither a parameter nor a resource");
  std::string type =
      Child(resource, {"Type"}) && Child(resource, {"Type"}).IsScalar() ? Child(resource, {"Type"}).Scalar() : "";
  if (type == "AWS::S3::Bucket") {
    auto bucket = BucketNameOf(name, line);
    if (!bucket.ok()) return bucket.status();
    return Value(*bucket);
  }
  return Value(StandIn(name));
}

Result<std::string> Resolver::BucketNameOf(const std::string& logical_id, int line) {
  if (std::find(resolving_.begin(), resolving_.end(), logical_id) != resolving_.end()) {
    std::string chain;
    for (const auto& r : resolving_) chain += r + " -> ";
    return At(line, "circular Ref: " + chain + logical_id);
  }
  if (auto known = bucket_names_.find(logical_id); known != bucket_names_.end()) return known->second;
  const YamlNode name = Child(context_.Resource(logical_id), {"Properties", "BucketName"});
  if (!name) return logical_id;
  resolving_.push_back(logical_id);
  auto v = Resolve(name);
  resolving_.pop_back();
  if (!v.ok()) return v.status();
  std::string out = !*v || !(*v)->is_string() || !FindUnknown(**v).empty() ? logical_id : (*v)->get<std::string>();
  bucket_names_.emplace(logical_id, out);
  return out;
}

std::string Resolver::RefTarget(const YamlNode& node) const {
  std::string name;
  if (node.Tag() == "!Ref" && node.IsScalar()) name = node.Scalar();
  if (Untagged(node.Tag()) && node.IsMap() && node.size() == 1 && Child(node, {"Ref"}) &&
      Child(node, {"Ref"}).IsScalar())
    name = Child(node, {"Ref"}).Scalar();
  if (name.empty()) return {};
  const YamlNode r = context_.Resource(name);
  if (r && Child(r, {"Type"}) && Child(r, {"Type"}).IsScalar() && Child(r, {"Type"}).Scalar() == "AWS::S3::Bucket")
    return name;
  return {};
}

Result<Value> Resolver::GetAtt(const std::string& resource, const std::string& attribute, int line) {
  const YamlNode r = context_.Resource(resource);
  if (!r) return At(line, "Fn::GetAtt of \"" + resource + "\", which is not a resource");
  std::string type = Child(r, {"Type"}) && Child(r, {"Type"}).IsScalar() ? Child(r, {"Type"}).Scalar() : "";
  if (type == "AWS::S3::Bucket") {
    auto name = BucketNameOf(resource, line);
    if (!name.ok()) return name.status();
    if (attribute == "Arn") return Value("arn:aws:s3:::" + *name);
    if (attribute == "DomainName") return Value(*name + ".s3.amazonaws.com");
    if (attribute == "RegionalDomainName") return Value(*name + ".s3." + StandIn("region") + ".amazonaws.com");
    return Value(StandIn(resource + "-" + attribute));
  }
  if (attribute == "Arn") {
    std::string account = context_.account_id.empty() ? "000000000000" : context_.account_id;
    if (type == "AWS::IAM::Role") return Value("arn:aws:iam::" + account + ":role/" + StandIn(resource));
    if (type == "AWS::IAM::User") return Value("arn:aws:iam::" + account + ":user/" + StandIn(resource));
    return Value("arn:aws:cloudformation:" + StandIn("region") + ":" + account + ":" + StandIn(resource));
  }
  if (attribute == "S3CanonicalUserId") {
    // A canonical user id is 64 hex digits; one stand-in per resource.
    std::string id = std::to_string(std::hash<std::string>{}(resource));
    id.resize(64, '0');
    for (char& c : id) c = "0123456789abcdef"[static_cast<unsigned char>(c) % 16];
    return Value(id);
  }
  return Value(StandIn(resource + "-" + attribute));
}

Result<Value> Resolver::Sub(const YamlNode& arg, int line) {
  YamlNode text_node = arg;
  std::map<std::string, Value> vars;
  if (arg.IsSequence()) {
    if (arg.size() != 2 || !arg[0].IsScalar() || !arg[1].IsMap())
      return At(line, "Fn::Sub takes a string or [string, {variables}]");
    text_node.reset(arg[0]);
    for (const auto& kv : arg[1]) {
      auto v = Required(kv.second);
      if (!v.ok()) return v.status();
      vars[kv.first.Scalar()] = std::move(*v);
    }
  }
  if (!text_node.IsScalar()) return At(line, "Fn::Sub takes a string");
  const std::string& text = text_node.Scalar();
  std::string out;
  size_t i = 0;
  while (i < text.size()) {
    size_t open = text.find("${", i);
    if (open == std::string::npos) break;
    out.append(text, i, open - i);
    size_t close = text.find('}', open);
    if (close == std::string::npos) return At(line, "Fn::Sub: \"${\" without \"}\"");
    std::string name = text.substr(open + 2, close - open - 2);
    i = close + 1;
    if (!name.empty() && name[0] == '!') {  // ${!Literal} stands for ${Literal}
      out += "${" + name.substr(1) + "}";
      continue;
    }
    if (auto it = vars.find(name); it != vars.end()) {
      out += AsText(it->second);
      continue;
    }
    size_t dot = name.find('.');
    auto v = dot == std::string::npos || name.rfind("AWS::", 0) == 0
                 ? Ref(name, line)
                 : GetAtt(name.substr(0, dot), name.substr(dot + 1), line);
    if (!v.ok()) return v.status();
    out += AsText(*v);
  }
  if (i < text.size()) out.append(text, i);
  return Value(out);
}

Result<Value> Resolver::Join(const YamlNode& arg, int line) {
  if (!arg.IsSequence() || arg.size() != 2) return At(line, "Fn::Join takes [delimiter, [values]]");
  auto delim = Required(arg[0]);
  if (!delim.ok()) return delim.status();
  auto list = Required(arg[1]);
  if (!list.ok()) return list.status();
  if (list->is_string() && !FindUnknown(*list).empty()) return *list;
  if (!list->is_array()) return At(line, "Fn::Join: the second argument must be a list");
  std::string out;
  bool first = true;
  for (const auto& item : *list) {
    if (!first) out += AsText(*delim);
    first = false;
    out += AsText(item);
  }
  return Value(out);
}

Result<Value> Resolver::Select(const YamlNode& arg, int line) {
  if (!arg.IsSequence() || arg.size() != 2) return At(line, "Fn::Select takes [index, [values]]");
  auto index = Required(arg[0]);
  if (!index.ok()) return index.status();
  auto list = Required(arg[1]);
  if (!list.ok()) return list.status();
  std::string unknown = FindUnknown(*index);
  if (unknown.empty() && list->is_string()) unknown = FindUnknown(*list);
  if (!unknown.empty()) return Value(UnknownValue(unknown));
  if (!list->is_array()) return At(line, "Fn::Select: the second argument must be a list");
  size_t n = 0;
  std::string s = AsText(*index);
  if (s.empty() || s.find_first_not_of("0123456789") != std::string::npos)
    return At(line, "Fn::Select: index \"" + s + "\" is not a number");
  n = std::stoul(s);
  if (n >= list->size())
    return At(line, "Fn::Select: index " + s + " is past the end of a list of " + std::to_string(list->size()));
  return (*list)[n];
}

Result<Value> Resolver::Split(const YamlNode& arg, int line) {
  if (!arg.IsSequence() || arg.size() != 2) return At(line, "Fn::Split takes [delimiter, string]");
  auto delim = Required(arg[0]);
  if (!delim.ok()) return delim.status();
  auto text = Required(arg[1]);
  if (!text.ok()) return text.status();
  std::string d = AsText(*delim);
  if (!FindUnknown(*text).empty()) return Value(UnknownValue(FindUnknown(*text)));
  std::string s = AsText(*text);
  if (d.empty()) return At(line, "Fn::Split: empty delimiter");
  Value out = Value::array();
  size_t start = 0;
  while (true) {
    size_t at = s.find(d, start);
    out.push_back(s.substr(start, at == std::string::npos ? std::string::npos : at - start));
    if (at == std::string::npos) break;
    start = at + d.size();
  }
  return out;
}

Result<Value> Resolver::If(const YamlNode& arg, int line) {
  if (!arg.IsSequence() || arg.size() != 3 || !arg[0].IsScalar())
    return At(line, "Fn::If takes [condition, value if true, value if false]");
  auto c = Condition(arg[0].Scalar(), line);
  if (!c.ok()) return c.status();
  bool value = false;
  if (*c) {
    value = **c;
  } else if (auto it = context_.assumed_conditions.find(arg[0].Scalar()); it != context_.assumed_conditions.end()) {
    value = it->second;
  } else {
    return Value(UnknownValue("condition " + arg[0].Scalar()));
  }
  auto v = Resolve(arg[value ? 1 : 2]);
  if (!v.ok()) return v.status();
  if (!*v) return Value();
  return std::move(**v);
}

Result<Value> Resolver::FindInMap(const YamlNode& arg, int line) {
  if (!arg.IsSequence() || arg.size() < 3) return At(line, "Fn::FindInMap takes [map, key, key]");
  std::array<std::string, 3> keys;
  for (size_t i = 0; i < 3; ++i) {
    auto k = Required(arg[i]);
    if (!k.ok()) return k.status();
    if (!FindUnknown(*k).empty()) return Value(UnknownValue(FindUnknown(*k)));
    keys[i] = AsText(*k);
  }
  if (keys[1].find("bucketwatch-") == 0)
    return Value(
        UnknownValue("Fn::FindInMap keyed by a value known only once deployed (line " + std::to_string(line) + ")"));
  const YamlNode found = Child(context_.root, {"Mappings", keys[0], keys[1], keys[2]});
  if (!found) {
    if (arg.size() == 4) return Required(arg[3]);
    return At(line, "Fn::FindInMap: no " + keys[0] + "/" + keys[1] + "/" + keys[2] + " in Mappings");
  }
  return Required(found);
}

Result<std::optional<bool>> Resolver::Condition(const std::string& name, int line) {
  if (auto it = conditions_.find(name); it != conditions_.end()) return it->second;
  const YamlNode c = Child(context_.root, {"Conditions", name});
  if (!c) return At(line, "condition \"" + name + "\" is not in Conditions");
  if (std::find(resolving_.begin(), resolving_.end(), "Condition " + name) != resolving_.end()) {
    return At(line, "circular Condition " + name);
  }
  resolving_.push_back("Condition " + name);
  auto v = ConditionExpr(c);
  resolving_.pop_back();
  if (!v.ok()) return v.status();
  conditions_[name] = *v;
  return *v;
}

Result<std::optional<bool>> Resolver::ConditionExpr(const YamlNode& node) {
  int line = LineOf(node);
  std::string fn;
  YamlNode arg;
  if (!Untagged(node.Tag())) {
    auto it = std::find_if(kTags.begin(), kTags.end(), [&](const auto& t) { return t.first == node.Tag(); });
    if (it == kTags.end()) return At(line, "unknown tag " + node.Tag());
    fn = it->second;
    arg.reset(node);
  } else if (node.IsMap() && node.size() == 1) {
    fn = (*node.begin()).first.Scalar();
    arg.reset((*node.begin()).second);
  } else {
    return At(line, "a condition must be Fn::Equals, Fn::And, Fn::Or, Fn::Not or Condition");
  }
  return ConditionFunction(fn, arg, line);
}

Result<std::optional<bool>> Resolver::ConditionFunction(const std::string& fn, const YamlNode& arg, int line) {
  using R = std::optional<bool>;
  if (fn == "Condition") {
    if (!arg.IsScalar()) return At(line, "Condition takes a name");
    return Condition(arg.Scalar(), line);
  }
  if (fn == "Fn::Equals") {
    if (!arg.IsSequence() || arg.size() != 2) return At(line, "Fn::Equals takes two values");
    auto a = Required(arg[0]);
    if (!a.ok()) return a.status();
    auto b = Required(arg[1]);
    if (!b.ok()) return b.status();
    if (!FindUnknown(*a).empty() || !FindUnknown(*b).empty()) return R();
    return R(AsText(*a) == AsText(*b));
  }
  if (fn == "Fn::Not") {
    if (!arg.IsSequence() || arg.size() != 1) return At(line, "Fn::Not takes one condition");
    auto a = ConditionExpr(arg[0]);
    if (!a.ok() || !*a) return a;
    return R(!**a);
  }
  if (fn == "Fn::And" || fn == "Fn::Or") {
    if (!arg.IsSequence()) return At(line, fn + " takes a list of conditions");
    bool is_and = fn == "Fn::And";
    bool unknown = false;
    for (const auto& item : arg) {
      auto a = ConditionExpr(item);
      if (!a.ok()) return a;
      if (!*a) {
        unknown = true;
      } else if (**a != is_and) {
        return R(!is_and);
      }
    }
    return unknown ? R() : R(is_and);
  }
  return At(line, "unknown condition function " + fn);
}

}  // namespace bucketwatch::check
