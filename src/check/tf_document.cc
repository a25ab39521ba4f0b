#include "check/tf_document.h"

#include <algorithm>
#include <charconv>
#include <map>

namespace bucketwatch::check {
namespace {

using Change = TfResource::Change;

std::optional<json::Element> Member(std::optional<json::Element> e, std::string_view key) {
  json::Element out;
  if (!e || !e->is_object() || e->at_key(key).get(out) != simdjson::SUCCESS) return std::nullopt;
  return out;
}

std::string Text(std::optional<json::Element> e) {
  std::string_view s;
  if (!e || e->get_string().get(s) != simdjson::SUCCESS) return "";
  return std::string(s);
}

// "module.a[0].module.b[\"x.y\"]" -> "module.a.module.b": the configuration
// has one module per call, whatever its count or for_each.
std::string WithoutKeys(std::string_view address) {
  std::string out;
  int depth = 0;
  bool quoted = false;
  for (size_t i = 0; i < address.size(); ++i) {
    char c = address[i];
    if (quoted) {
      if (c == '\\' && i + 1 < address.size()) {
        ++i;
      } else if (c == '"') {
        quoted = false;
      }
    } else if (c == '"' && depth > 0) {
      quoted = true;
    } else if (c == '[') {
      ++depth;
    } else if (c == ']') {
      --depth;
    } else if (depth == 0) {
      out += c;
    }
  }
  return out;
}

// The end of a "name" or "name[key]" step that starts at `from`.
size_t StepEnd(std::string_view s, size_t from) {
  size_t end = s.find_first_of(".[", from);
  if (end == std::string_view::npos || s[end] == '.') return end;
  bool quoted = false;
  for (size_t i = end + 1; i < s.size(); ++i) {
    if (quoted && s[i] == '\\') {
      ++i;
    } else if (s[i] == '"') {
      quoted = !quoted;
    } else if (!quoted && s[i] == ']') {
      return i + 1 == s.size() ? std::string_view::npos : i + 1;
    }
  }
  return std::string_view::npos;
}

// "module.a[0].module.b" -> "module.a[0]" (the calling module) and "b" (the call).
std::pair<std::string, std::string> Parent(std::string_view instance) {
  size_t last = std::string_view::npos;
  for (size_t i = 0; i < instance.size();) {
    if (instance.substr(i).starts_with("module.")) last = i;
    size_t name_end = StepEnd(instance, i + 7);
    if (name_end == std::string_view::npos) break;
    i = name_end + 1;
  }
  if (last == std::string_view::npos) return {"", ""};
  std::string parent(last == 0 ? "" : instance.substr(0, last - 1));
  std::string_view step = instance.substr(last + 7);
  return {parent, std::string(step.substr(0, step.find('[')))};
}

// The configuration of each managed resource, by module path without keys
// and address ("module.a.module.b\naws_s3_bucket.x"): looked up once per
// resource, so indexed rather than searched.
using ConfigIndex = std::map<std::string, json::Element, std::less<>>;

std::vector<std::string> ReferencesIn(std::optional<json::Element> expression) {
  std::vector<std::string> out;
  auto refs = Member(expression, "references");
  if (!refs || !refs->is_array()) return out;
  for (json::Element r : json::Array(*refs)) out.push_back(Text(r));
  return out;
}

// What a module call passes in and what the module's outputs are made of.
TfModuleCall ReadCall(json::Element call) {
  TfModuleCall out;
  if (auto args = Member(call, "expressions"); args && args->is_object()) {
    for (auto [name, e] : json::Object(*args)) out.inputs.emplace(std::string(name), ReferencesIn(e));
  }
  if (auto outputs = Member(Member(call, "module"), "outputs"); outputs && outputs->is_object()) {
    for (auto [name, o] : json::Object(*outputs))
      out.outputs.emplace(std::string(name), ReferencesIn(Member(o, "expression")));
  }
  return out;
}

void IndexModules(std::optional<json::Element> module, const std::string& path, ConfigIndex& out,
                  std::map<std::string, TfModuleCall, std::less<>>& calls_out) {
  if (!module || !module->is_object()) return;
  if (auto resources = Member(module, "resources"); resources && resources->is_array()) {
    for (json::Element c : json::Array(*resources)) {
      if (Member(c, "expressions") && Text(Member(c, "mode")) == "managed")
        out.emplace(path + "\n" + Text(Member(c, "address")), c);
    }
  }
  auto module_calls = Member(module, "module_calls");
  if (!module_calls || !module_calls->is_object()) return;
  for (auto [name, call] : json::Object(*module_calls)) {
    std::string child = (path.empty() ? "" : path + ".") + "module." + std::string(name);
    calls_out.emplace(child, ReadCall(call));
    IndexModules(Member(call, "module"), child, out, calls_out);
  }
}

std::optional<json::Element> ConfigOf(const ConfigIndex& config, const TfResource& r) {
  auto it = config.find(WithoutKeys(r.module) + "\n" + r.type + "." + r.name);
  if (it == config.end()) return std::nullopt;
  return it->second;
}

// The common fields; false for what is not a managed resource.
bool Identify(TfResource& r, std::optional<json::Element> e, std::string module) {
  if (Text(Member(e, "mode")) != "managed") return false;
  r.type = Text(Member(e, "type"));
  r.name = Text(Member(e, "name"));
  r.module = std::move(module);
  std::string prefix = (r.module.empty() ? "" : r.module + ".") + r.type + "." + r.name;
  if (r.address.empty()) r.address = prefix;
  if (r.address.starts_with(prefix)) r.index = r.address.substr(prefix.size());
  return !r.type.empty();
}

Change ChangeOf(std::optional<json::Element> actions) {
  bool create = false, del = false, update = false;
  if (actions && actions->is_array()) {
    for (json::Element a : json::Array(*actions)) {
      std::string s = Text(a);
      create = create || s == "create";
      del = del || s == "delete";
      update = update || s == "update";
    }
  }
  if (create) return Change::kCreate;  // a replacement makes a new bucket too
  if (del) return Change::kDelete;
  return update ? Change::kUpdate : Change::kExisting;  // no-op, read, forget
}

void ReadPlan(json::Element root, TfDocument& out) {
  ConfigIndex config;
  IndexModules(Member(Member(root, "configuration"), "root_module"), "", config, out.calls);
  auto changes = Member(root, "resource_changes");
  if (!changes || !changes->is_array()) return;
  out.resources.reserve(json::Array(*changes).size());
  size_t i = 0;
  for (json::Element rc : json::Array(*changes)) {
    size_t at = i++;
    if (Member(rc, "deposed")) continue;  // an old object on its way out
    TfResource r;
    r.address = Text(Member(rc, "address"));
    if (!Identify(r, rc, Text(Member(rc, "module_address")))) continue;
    auto change = Member(rc, "change");
    r.change = ChangeOf(Member(change, "actions"));
    r.values = Member(change, r.change == Change::kDelete ? "before" : "after");
    if (r.change != Change::kDelete) r.unknown = Member(change, "after_unknown");
    auto resource_config = ConfigOf(config, r);
    r.config = Member(resource_config, "expressions");
    r.for_each = ReferencesIn(Member(resource_config, "for_each_expression"));
    for (std::string m = r.module; !m.empty(); m = Parent(m).first) out.module_instances.insert(m);
    r.pointer =
        "/resource_changes/" + std::to_string(at) + (r.change == Change::kDelete ? "/change/before" : "/change/after");
    out.resources.push_back(std::move(r));
  }
}

void ReadShownModule(std::optional<json::Element> module, const std::string& pointer, TfDocument& out) {
  std::string address = Text(Member(module, "address"));
  if (auto resources = Member(module, "resources"); resources && resources->is_array()) {
    size_t i = 0;
    for (json::Element e : json::Array(*resources)) {
      TfResource r;
      r.address = Text(Member(e, "address"));
      r.pointer = pointer + "/resources/" + std::to_string(i++) + "/values";
      if (!Identify(r, e, address)) continue;
      r.values = Member(e, "values");
      out.resources.push_back(std::move(r));
    }
  }
  if (auto children = Member(module, "child_modules"); children && children->is_array()) {
    size_t i = 0;
    for (json::Element c : json::Array(*children))
      ReadShownModule(c, pointer + "/child_modules/" + std::to_string(i++), out);
  }
}

std::string IndexKey(std::optional<json::Element> key) {
  if (!key) return "";
  int64_t n = 0;
  if (key->get_int64().get(n) == simdjson::SUCCESS) return "[" + std::to_string(n) + "]";
  return "[\"" + Text(key) + "\"]";
}

void ReadRawState(json::Element root, TfDocument& out) {
  auto resources = Member(root, "resources");
  if (!resources || !resources->is_array()) return;
  size_t i = 0;
  for (json::Element e : json::Array(*resources)) {
    size_t at = i++;
    auto instances = Member(e, "instances");
    if (!instances || !instances->is_array()) continue;
    size_t j = 0;
    for (json::Element inst : json::Array(*instances)) {
      TfResource r;
      r.pointer = "/resources/" + std::to_string(at) + "/instances/" + std::to_string(j++) + "/attributes";
      if (Member(inst, "deposed") || !Identify(r, e, Text(Member(e, "module")))) continue;
      r.index = IndexKey(Member(inst, "index_key"));
      r.address += r.index;
      r.values = Member(inst, "attributes");
      out.resources.push_back(std::move(r));
    }
  }
}

// "1.2" -> 1; nullopt when it is not MAJOR.MINOR.
std::optional<int> Major(std::string_view version) {
  int major = 0;
  auto [end, ec] = std::from_chars(version.data(), version.data() + version.size(), major);
  if (ec != std::errc() || end == version.data() + version.size() || *end != '.') return std::nullopt;
  return major;
}

std::optional<json::Element> Step(std::optional<json::Element> e, std::string_view step) {
  if (!e) return std::nullopt;
  if (e->is_array()) {
    size_t index = 0;
    auto [end, ec] = std::from_chars(step.data(), step.data() + step.size(), index);
    json::Element out;
    if (ec != std::errc() || end != step.data() + step.size() || e->at(index).get(out) != simdjson::SUCCESS)
      return std::nullopt;
    return out;
  }
  return Member(e, step);
}

bool MarkedUnknown(std::optional<json::Element> u) {
  bool b = false;
  return u && u->get_bool().get(b) == simdjson::SUCCESS && b;
}

}  // namespace

std::optional<std::string_view> TfValue::String() const {
  std::string_view s;
  if (!element || element->get_string().get(s) != simdjson::SUCCESS) return std::nullopt;
  return s;
}

Result<TfDocument> ReadTfDocument(json::Element root) {
  TfDocument out;
  if (!root.is_object()) return InvalidInput("expected a JSON object (a Terraform plan or state)");
  if (auto version = Member(root, "format_version")) {
    std::string v = Text(version);
    auto major = Major(v);
    if (!major || *major > 1) {
      return InvalidInput("unsupported format_version \"" + v +
                              "\"; bucketwatch reads the JSON of terraform show -json with format_version 0.x or 1.x",
                          "/format_version");
    }
    out.plan = Member(root, "resource_changes") || Member(root, "planned_values");
    if (out.plan) {
      ReadPlan(root, out);
    } else {
      ReadShownModule(Member(Member(root, "values"), "root_module"), "/values/root_module", out);
    }
    return out;
  }
  if (auto version = Member(root, "version")) {
    int64_t v = 0;
    if (version->get_int64().get(v) != simdjson::SUCCESS || v != 4) {
      return InvalidInput("unsupported state version " + std::string(simdjson::to_string(*version)) +
                              "; bucketwatch reads .tfstate version 4 (Terraform 0.12 and later)",
                          "/version");
    }
    ReadRawState(root, out);
    return out;
  }
  return InvalidInput(
      "not a Terraform plan or state: expected format_version (terraform show -json) or version (a .tfstate)");
}

TfValue Attribute(const TfResource& resource, std::initializer_list<std::string_view> path) {
  std::optional<json::Element> v = resource.values;
  std::optional<json::Element> u = resource.unknown;
  for (std::string_view step : path) {
    if (MarkedUnknown(u)) return {TfValue::Kind::kUnknown, std::nullopt};
    v = Step(v, step);
    u = Step(u, step);
  }
  if (MarkedUnknown(u)) return {TfValue::Kind::kUnknown, std::nullopt};
  if (!v || v->is_null()) return {};
  return {TfValue::Kind::kKnown, v};
}

bool Configured(const TfResource& resource, std::string_view key) { return Member(resource.config, key).has_value(); }

std::vector<std::string> References(const TfResource& resource, std::string_view key) {
  return ReferencesIn(Member(resource.config, key));
}

namespace {

void Follow(const TfDocument& doc, const std::string& module, const std::vector<std::string>& refs, int depth,
            std::vector<TfReference>& out) {
  if (depth > 32) return;  // a loop of modules is not valid Terraform; stop rather than spin
  for (const std::string& ref : refs) {
    if (ref.starts_with("var.")) {
      if (module.empty()) continue;  // a root variable's value is in the plan itself
      size_t end = ref.find_first_of(".[", 4);
      std::string name = ref.substr(4, end == std::string::npos ? std::string::npos : end - 4);
      auto it = doc.calls.find(WithoutKeys(module));
      if (it == doc.calls.end()) continue;
      if (auto in = it->second.inputs.find(name); in != it->second.inputs.end())
        Follow(doc, Parent(module).first, in->second, depth + 1, out);
    } else if (ref.starts_with("module.")) {
      size_t step_end = StepEnd(ref, 7);
      if (step_end == std::string::npos) continue;  // "module.m" alone: its outputs are listed too
      std::string step = ref.substr(7, step_end - 7);
      size_t out_end = ref.find_first_of(".[", step_end + 1);
      std::string output =
          ref.substr(step_end + 1, out_end == std::string::npos ? std::string::npos : out_end - step_end - 1);
      std::string child = (module.empty() ? "" : module + ".") + "module." + step;
      if (step.find('[') == std::string::npos) {
        // A call with count or for_each, named without a key: its only instance.
        std::vector<std::string> keyed;
        for (auto it = doc.module_instances.lower_bound(child + "[");
             it != doc.module_instances.end() && it->starts_with(child + "["); ++it) {
          if (Parent(*it).first == module) keyed.push_back(*it);
        }
        if (keyed.size() > 1) continue;
        if (keyed.size() == 1) child = keyed[0];
      }
      auto it = doc.calls.find(WithoutKeys(child));
      if (it == doc.calls.end()) continue;
      if (auto o = it->second.outputs.find(output); o != it->second.outputs.end())
        Follow(doc, child, o->second, depth + 1, out);
    } else if (ref.starts_with("each.")) {
      continue;  // the caller follows the resource's for_each instead
    } else {
      out.push_back({module, ref});
    }
  }
}

}  // namespace

std::vector<TfReference> FollowReferences(const TfDocument& doc, const TfResource& resource, std::string_view key) {
  std::vector<TfReference> out;
  std::vector<std::string> refs = References(resource, key);
  Follow(doc, resource.module, refs, 0, out);
  bool each = std::any_of(refs.begin(), refs.end(), [](const std::string& r) { return r.starts_with("each."); });
  if (each) Follow(doc, resource.module, resource.for_each, 0, out);
  return out;
}

}  // namespace bucketwatch::check
