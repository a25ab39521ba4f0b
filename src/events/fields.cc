#include "events/fields.h"

#include <cstdlib>

namespace bucketwatch::events {

std::optional<json::Element> Field(json::Object object, std::string_view key) {
  json::Element e;
  if (object.at_key(key).get(e) || e.is_null()) return std::nullopt;
  return e;
}

Status Missing(const json::Path& path, std::string_view key) {
  json::Path at = path.Key(key);
  return InvalidInput("missing required field \"" + std::string(key) + "\"", at.Pointer());
}

Status MissingOrEmpty(json::Object object, std::string_view key, const json::Path& path) {
  auto e = Field(object, key);
  bool empty = false;
  std::string_view s;
  json::Array a;
  json::Element first;
  if (e && !e->get_string().get(s)) {
    empty = s.empty();
  } else if (e && !e->get_array().get(a) && a.size() > 0 && !a.at(0).get(first) && !first.get_string().get(s)) {
    empty = s.empty();  // CloudTrail writes some parameters as one-element lists
  }
  if (!empty) return Missing(path, key);
  json::Path at = path.Key(key);
  return InvalidInput("required field \"" + std::string(key) + "\" is empty", at.Pointer());
}

Status CheckIdentifier(std::string_view value, std::string_view what, const json::Path& path, std::string_view key) {
  if (value.find(json::kReplacementCharacter) == std::string_view::npos) return Status();
  json::Path at = path.Key(key);
  return InvalidInput("\"" + std::string(key) + "\" holds U+FFFD where " + std::string(what) +
                          " was expected (a lone surrogate escape such as \\ud800 is read as U+FFFD): it is not "
                          "the identifier AWS has, so the event is refused rather than judged for another one",
                      at.Pointer());
}

Result<std::string> OptionalString(json::Object object, std::string_view key, const json::Path& path) {
  auto e = Field(object, key);
  if (!e) return std::string();
  json::Path at = path.Key(key);
  BW_ASSIGN_OR_RETURN(std::string_view s, json::GetString(*e, at));
  return std::string(s);
}

Result<std::string> RequiredString(json::Object object, std::string_view key, const json::Path& path) {
  BW_ASSIGN_OR_RETURN(std::string s, OptionalString(object, key, path));
  if (s.empty()) return MissingOrEmpty(object, key, path);
  return s;
}

Result<json::Object> RequiredObject(json::Object object, std::string_view key, const json::Path& path) {
  auto e = Field(object, key);
  if (!e) return Missing(path, key);
  json::Object out;
  json::Path at = path.Key(key);
  if (e->get_object().get(out)) return json::TypeError(at, "an object", *e);
  return out;
}

Result<std::optional<json::Object>> OptionalObject(json::Object object, std::string_view key, const json::Path& path) {
  auto e = Field(object, key);
  if (!e) return std::optional<json::Object>();
  json::Object out;
  json::Path at = path.Key(key);
  if (e->get_object().get(out)) return json::TypeError(at, "an object", *e);
  return std::optional<json::Object>(out);
}

Result<std::optional<double>> OptionalNumber(json::Object object, std::string_view key, const json::Path& path) {
  auto e = Field(object, key);
  if (!e) return std::optional<double>();
  double d = 0;
  if (!e->get_double().get(d)) return std::optional<double>(d);
  int64_t i = 0;
  if (!e->get_int64().get(i)) return std::optional<double>(static_cast<double>(i));
  uint64_t u = 0;
  if (!e->get_uint64().get(u)) return std::optional<double>(static_cast<double>(u));
  std::string_view s;
  if (!e->get_string().get(s)) {
    std::string copy(s);
    char* end = nullptr;
    double v = std::strtod(copy.c_str(), &end);
    if (end != copy.c_str() && *end == '\0') return std::optional<double>(v);
  }
  json::Path at = path.Key(key);
  return json::TypeError(at, "a number", *e);
}

std::string NestedString(json::Object object, std::initializer_list<std::string_view> keys) {
  json::Object current = object;
  size_t i = 0;
  for (std::string_view key : keys) {
    auto e = Field(current, key);
    if (!e) return {};
    if (++i == keys.size()) {
      std::string_view s;
      if (e->get_string().get(s)) return {};
      return std::string(s);
    }
    if (e->get_object().get(current)) return {};
  }
  return {};
}

}  // namespace bucketwatch::events
