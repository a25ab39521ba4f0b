// DynamoDB's typed values (AttributeValue) and items, and their JSON form on
// the wire: {"S": "text"}, {"N": "42"} (numbers travel as decimal strings),
// {"B": "<base64>"}, {"BOOL": true}, {"NULL": true}, {"M": {...}},
// {"L": [...]}, and the sets {"SS"|"NS"|"BS": [...]} (DynamoDB API
// Reference, "AttributeValue"). Written with nlohmann::json, read with
// simdjson through base/json.h; a malformed value is an error naming its
// JSON pointer.
//
//   aws::Item item{{"pk", aws::AttributeValue::String("123456789012/logs")},
//                  {"version", aws::AttributeValue::Number(3)}};
//   if (auto v = item.at("version").AsInt()) ...
#ifndef BUCKETWATCH_AWS_DYNAMODB_ITEM_H_
#define BUCKETWATCH_AWS_DYNAMODB_ITEM_H_

#include <nlohmann/json_fwd.hpp>

#include <cstddef>
#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "base/json.h"
#include "base/status.h"

namespace bucketwatch::aws {

class AttributeValue;
// An item, or a key, or a map value: attribute name -> value, in name order.
using Item = std::map<std::string, AttributeValue, std::less<>>;

class AttributeValue {
 public:
  enum class Type : uint8_t {
    kString,
    kNumber,
    kBinary,
    kBool,
    kNull,
    kMap,
    kList,
    kStringSet,
    kNumberSet,
    kBinarySet
  };

  AttributeValue() = default;  // NULL
  static AttributeValue String(std::string text);
  // A decimal number as DynamoDB keeps it (up to 38 digits); fails on text
  // that is not a number.
  static Result<AttributeValue> Number(std::string_view decimal);
  static AttributeValue Number(int64_t n);
  static AttributeValue Binary(std::string bytes);
  static AttributeValue Bool(bool b);
  static AttributeValue Null() { return {}; }
  static AttributeValue Map(Item members);
  static AttributeValue List(std::vector<AttributeValue> elements);
  // Sets: unique elements, at least one (DynamoDB refuses an empty set).
  static AttributeValue StringSet(std::vector<std::string> elements);
  static AttributeValue NumberSet(std::vector<std::string> elements);
  static AttributeValue BinarySet(std::vector<std::string> elements);

  Type type() const { return type_; }
  // The value when it has that type, else nullptr / nullopt.
  const std::string* AsString() const { return type_ == Type::kString ? &text_ : nullptr; }
  const std::string* AsNumberText() const { return type_ == Type::kNumber ? &text_ : nullptr; }
  // A number that is a whole number within int64_t.
  std::optional<int64_t> AsInt() const;
  const std::string* AsBinary() const { return type_ == Type::kBinary ? &text_ : nullptr; }
  std::optional<bool> AsBool() const;
  bool IsNull() const { return type_ == Type::kNull; }
  const Item* AsMap() const { return type_ == Type::kMap ? &map_ : nullptr; }
  const std::vector<AttributeValue>* AsList() const { return type_ == Type::kList ? &list_ : nullptr; }
  // The elements of any of the three set types.
  const std::vector<std::string>* AsSet() const;

  // "S", "N", "B", "BOOL", "NULL", "M", "L", "SS", "NS", "BS".
  std::string_view TypeName() const;

  friend bool operator==(const AttributeValue& a, const AttributeValue& b);

 private:
  Type type_ = Type::kNull;
  bool bool_ = false;
  std::string text_;                  // S, N (decimal text), B (raw bytes)
  Item map_;                          // M
  std::vector<AttributeValue> list_;  // L
  std::vector<std::string> set_;      // SS, NS, BS (BS: raw bytes)
};

// DynamoDB's 400 KB limit on one item (DynamoDB Developer Guide, "Service,
// account, and table quotas":
// https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/ServiceQuotas.html).
inline constexpr size_t kMaxItemBytes = 400 * 1024;

// The size DynamoDB counts for an item, from above ("Item sizes and
// formats": names and strings in UTF-8 bytes, binaries raw, a number at most
// its digits + 1, BOOL and NULL 1, a map or list 3 plus 1 per element).
size_t ItemSize(const Item& item);
size_t AttributeSize(const AttributeValue& value);

// The wire form: {"S": "..."} for a value, {"name": {"S": "..."}, ...} for an item.
nlohmann::ordered_json ToJson(const AttributeValue& value);
nlohmann::ordered_json ToJson(const Item& item);

// Reads a value / an item (an object of values) at `path` of a document.
Result<AttributeValue> ParseAttributeValue(json::Element element, const json::Path& path);
Result<Item> ParseItem(json::Element element, const json::Path& path);

}  // namespace bucketwatch::aws

#endif  // BUCKETWATCH_AWS_DYNAMODB_ITEM_H_
