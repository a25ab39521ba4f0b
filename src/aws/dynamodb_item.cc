#include "aws/dynamodb_item.h"

#include <nlohmann/json.hpp>

#include <charconv>

#include "aws/crypto.h"

namespace bucketwatch::aws {
namespace {

using Json = nlohmann::ordered_json;

// -?digits[.digits][(e|E)[+-]digits]: what DynamoDB takes as a number.
bool IsDecimal(std::string_view s) {
  size_t i = 0;
  auto digits = [&] {
    size_t start = i;
    while (i < s.size() && s[i] >= '0' && s[i] <= '9') ++i;
    return i > start;
  };
  if (i < s.size() && s[i] == '-') ++i;
  if (!digits()) return false;
  if (i < s.size() && s[i] == '.') {
    ++i;
    if (!digits()) return false;
  }
  if (i < s.size() && (s[i] == 'e' || s[i] == 'E')) {
    ++i;
    if (i < s.size() && (s[i] == '+' || s[i] == '-')) ++i;
    if (!digits()) return false;
  }
  return i == s.size();
}

Result<std::vector<std::string>> ParseSet(json::Element value, const json::Path& path, std::string_view type) {
  json::Array array;
  if (value.get(array) != simdjson::SUCCESS) return json::TypeError(path, "an array", value);
  std::vector<std::string> out;
  size_t i = 0;
  for (json::Element e : array) {
    json::Path at = path.Index(i++);
    BW_ASSIGN_OR_RETURN(std::string_view text, json::GetString(e, at));
    if (type == "NS" && !IsDecimal(text))
      return InvalidInput("\"" + std::string(text) + "\" is not a number", at.Pointer());
    if (type == "BS") {
      auto bytes = Base64Decode(text);
      if (!bytes) return InvalidInput("not base64", at.Pointer());
      out.push_back(std::move(*bytes));
    } else {
      out.emplace_back(text);
    }
  }
  return out;
}

Result<AttributeValue> ParseScalar(std::string_view type, json::Element value, const json::Path& path) {
  if (type == "S") {
    BW_ASSIGN_OR_RETURN(std::string_view text, json::GetString(value, path));
    return AttributeValue::String(std::string(text));
  }
  if (type == "N") {
    BW_ASSIGN_OR_RETURN(std::string_view text, json::GetString(value, path));
    auto n = AttributeValue::Number(text);
    if (!n.ok()) return Status(n.status().code(), n.status().message(), path.Pointer());
    return n;
  }
  if (type == "B") {
    BW_ASSIGN_OR_RETURN(std::string_view text, json::GetString(value, path));
    auto bytes = Base64Decode(text);
    if (!bytes) return InvalidInput("not base64", path.Pointer());
    return AttributeValue::Binary(std::move(*bytes));
  }
  if (type == "BOOL") {
    BW_ASSIGN_OR_RETURN(bool b, json::GetBool(value, path));
    return AttributeValue::Bool(b);
  }
  if (type == "NULL") {
    BW_ASSIGN_OR_RETURN(bool b, json::GetBool(value, path));
    if (!b) return InvalidInput("NULL must be true", path.Pointer());
    return AttributeValue::Null();
  }
  return InvalidInput(
      "unknown attribute value type \"" + std::string(type) + "\"; expected S, N, B, BOOL, NULL, M, L, SS, NS or BS",
      path.Pointer());
}

}  // namespace

AttributeValue AttributeValue::String(std::string text) {
  AttributeValue v;
  v.type_ = Type::kString;
  v.text_ = std::move(text);
  return v;
}

Result<AttributeValue> AttributeValue::Number(std::string_view decimal) {
  if (!IsDecimal(decimal)) return InvalidInput("\"" + std::string(decimal) + "\" is not a number");
  AttributeValue v;
  v.type_ = Type::kNumber;
  v.text_ = std::string(decimal);
  return v;
}

AttributeValue AttributeValue::Number(int64_t n) {
  AttributeValue v;
  v.type_ = Type::kNumber;
  v.text_ = std::to_string(n);
  return v;
}

AttributeValue AttributeValue::Binary(std::string bytes) {
  AttributeValue v;
  v.type_ = Type::kBinary;
  v.text_ = std::move(bytes);
  return v;
}

AttributeValue AttributeValue::Bool(bool b) {
  AttributeValue v;
  v.type_ = Type::kBool;
  v.bool_ = b;
  return v;
}

AttributeValue AttributeValue::Map(Item members) {
  AttributeValue v;
  v.type_ = Type::kMap;
  v.map_ = std::move(members);
  return v;
}

AttributeValue AttributeValue::List(std::vector<AttributeValue> elements) {
  AttributeValue v;
  v.type_ = Type::kList;
  v.list_ = std::move(elements);
  return v;
}

AttributeValue AttributeValue::StringSet(std::vector<std::string> elements) {
  AttributeValue v;
  v.type_ = Type::kStringSet;
  v.set_ = std::move(elements);
  return v;
}

AttributeValue AttributeValue::NumberSet(std::vector<std::string> elements) {
  AttributeValue v = StringSet(std::move(elements));
  v.type_ = Type::kNumberSet;
  return v;
}

AttributeValue AttributeValue::BinarySet(std::vector<std::string> elements) {
  AttributeValue v = StringSet(std::move(elements));
  v.type_ = Type::kBinarySet;
  return v;
}

std::optional<int64_t> AttributeValue::AsInt() const {
  if (type_ != Type::kNumber) return std::nullopt;
  int64_t n = 0;
  auto [end, ec] = std::from_chars(text_.data(), text_.data() + text_.size(), n);
  if (ec != std::errc() || end != text_.data() + text_.size()) return std::nullopt;
  return n;
}

std::optional<bool> AttributeValue::AsBool() const {
  if (type_ != Type::kBool) return std::nullopt;
  return bool_;
}

const std::vector<std::string>* AttributeValue::AsSet() const {
  bool set = type_ == Type::kStringSet || type_ == Type::kNumberSet || type_ == Type::kBinarySet;
  return set ? &set_ : nullptr;
}

std::string_view AttributeValue::TypeName() const {
  switch (type_) {
    case Type::kString: return "S";
    case Type::kNumber: return "N";
    case Type::kBinary: return "B";
    case Type::kBool: return "BOOL";
    case Type::kNull: return "NULL";
    case Type::kMap: return "M";
    case Type::kList: return "L";
    case Type::kStringSet: return "SS";
    case Type::kNumberSet: return "NS";
    case Type::kBinarySet: return "BS";
  }
  return "?";
}

bool operator==(const AttributeValue& a, const AttributeValue& b) {
  return a.type_ == b.type_ && a.bool_ == b.bool_ && a.text_ == b.text_ && a.map_ == b.map_ && a.list_ == b.list_ &&
         a.set_ == b.set_;
}

size_t AttributeSize(const AttributeValue& value) {
  using T = AttributeValue::Type;
  switch (value.type()) {
    case T::kString:
    case T::kBinary: return value.AsString() ? value.AsString()->size() : value.AsBinary()->size();
    case T::kNumber: return value.AsNumberText()->size() + 1;
    case T::kBool:
    case T::kNull: return 1;
    case T::kMap: return 3 + ItemSize(*value.AsMap()) + value.AsMap()->size();
    case T::kList: {
      size_t n = 3;
      for (const AttributeValue& v : *value.AsList()) n += 1 + AttributeSize(v);
      return n;
    }
    case T::kStringSet:
    case T::kNumberSet:
    case T::kBinarySet: {
      size_t n = 0;
      for (const std::string& e : *value.AsSet()) n += e.size() + 1;
      return n;
    }
  }
  return 0;
}

size_t ItemSize(const Item& item) {
  size_t n = 0;
  for (const auto& [name, value] : item) n += name.size() + AttributeSize(value);
  return n;
}

Json ToJson(const AttributeValue& value) {
  Json j = Json::object();
  std::string type(value.TypeName());
  switch (value.type()) {
    case AttributeValue::Type::kString: j[type] = *value.AsString(); break;
    case AttributeValue::Type::kNumber: j[type] = *value.AsNumberText(); break;
    case AttributeValue::Type::kBinary: j[type] = Base64Encode(*value.AsBinary()); break;
    case AttributeValue::Type::kBool: j[type] = *value.AsBool(); break;
    case AttributeValue::Type::kNull: j[type] = true; break;
    case AttributeValue::Type::kMap: j[type] = ToJson(*value.AsMap()); break;
    case AttributeValue::Type::kList: {
      Json list = Json::array();
      for (const AttributeValue& e : *value.AsList()) list.push_back(ToJson(e));
      j[type] = std::move(list);
      break;
    }
    case AttributeValue::Type::kStringSet:
    case AttributeValue::Type::kNumberSet: j[type] = *value.AsSet(); break;
    case AttributeValue::Type::kBinarySet: {
      Json list = Json::array();
      for (const std::string& e : *value.AsSet()) list.push_back(Base64Encode(e));
      j[type] = std::move(list);
      break;
    }
  }
  return j;
}

Json ToJson(const Item& item) {
  Json j = Json::object();
  for (const auto& [name, value] : item) j[name] = ToJson(value);
  return j;
}

Result<AttributeValue> ParseAttributeValue(json::Element element, const json::Path& path) {
  json::Object object;
  if (element.get(object) != simdjson::SUCCESS) return json::TypeError(path, "an attribute value object", element);
  if (object.size() != 1) {
    return InvalidInput("an attribute value has exactly one type member, found " + std::to_string(object.size()),
                        path.Pointer());
  }
  auto field = *object.begin();
  std::string_view type = field.key;
  json::Path at = path.Key(type);
  if (type == "M") {
    BW_ASSIGN_OR_RETURN(Item members, ParseItem(field.value, at));
    return AttributeValue::Map(std::move(members));
  }
  if (type == "L") {
    json::Array array;
    if (field.value.get(array) != simdjson::SUCCESS) return json::TypeError(at, "an array", field.value);
    std::vector<AttributeValue> elements;
    size_t i = 0;
    for (json::Element e : array) {
      BW_ASSIGN_OR_RETURN(AttributeValue v, ParseAttributeValue(e, at.Index(i++)));
      elements.push_back(std::move(v));
    }
    return AttributeValue::List(std::move(elements));
  }
  if (type == "SS" || type == "NS" || type == "BS") {
    BW_ASSIGN_OR_RETURN(std::vector<std::string> elements, ParseSet(field.value, at, type));
    if (type == "SS") return AttributeValue::StringSet(std::move(elements));
    if (type == "NS") return AttributeValue::NumberSet(std::move(elements));
    return AttributeValue::BinarySet(std::move(elements));
  }
  return ParseScalar(type, field.value, at);
}

Result<Item> ParseItem(json::Element element, const json::Path& path) {
  json::Object object;
  if (element.get(object) != simdjson::SUCCESS) return json::TypeError(path, "an object of attribute values", element);
  Item item;
  for (auto field : object) {
    BW_ASSIGN_OR_RETURN(AttributeValue v, ParseAttributeValue(field.value, path.Key(field.key)));
    item.insert_or_assign(std::string(field.key), std::move(v));
  }
  return item;
}

}  // namespace bucketwatch::aws
