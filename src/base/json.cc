#include "base/json.h"

#include <array>
#include <cstring>
#include <string_view>
#include <unordered_set>
#include <vector>

namespace bucketwatch::json {

std::string Path::Pointer() const {
  std::vector<const Path*> chain;
  for (const Path* p = this; p != nullptr && p->parent_ != nullptr; p = p->parent_) chain.push_back(p);
  std::string out;
  for (auto it = chain.rbegin(); it != chain.rend(); ++it) {
    out += '/';
    if ((*it)->is_index_) {
      out += std::to_string((*it)->index_);
      continue;
    }
    for (char c : (*it)->key_) {
      if (c == '~') {
        out += "~0";
      } else if (c == '/') {
        out += "~1";
      } else {
        out += c;
      }
    }
  }
  return out;
}

std::string_view KindName(Element element) {
  switch (element.type()) {
    case simdjson::dom::element_type::ARRAY: return "an array";
    case simdjson::dom::element_type::OBJECT: return "an object";
    case simdjson::dom::element_type::INT64:
    case simdjson::dom::element_type::UINT64:
    case simdjson::dom::element_type::DOUBLE: return "a number";
    case simdjson::dom::element_type::STRING: return "a string";
    case simdjson::dom::element_type::BOOL: return "a boolean";
    case simdjson::dom::element_type::NULL_VALUE: return "null";
  }
  return "an unknown value";
}

Status TypeError(const Path& path, std::string_view expected, Element found) {
  std::string message = "expected ";
  message += expected;
  message += ", found ";
  message += KindName(found);
  if (found.is_string()) {
    std::string_view text = found.get_string().value_unsafe();
    message += " \"";
    message += text.substr(0, 60);
    if (text.size() > 60) message += "...";
    message += '"';
  }
  return InvalidInput(std::move(message), path.Pointer());
}

Parser::Parser(Limits limits) : limits_(limits), parser_(limits.max_bytes) {
  // Allocate now so that max_depth sticks: simdjson keeps it on reallocation.
  // A failure here only means a smaller first buffer; Parse grows it.
  if (parser_.allocate(size_t{64} * 1024, limits_.max_depth) != simdjson::SUCCESS) return;
}

std::string DescribeError(simdjson::error_code code, const Limits& limits) {
  switch (code) {
    case simdjson::DEPTH_ERROR: return "nested deeper than " + std::to_string(limits.max_depth) + " levels; refused";
    case simdjson::CAPACITY: return "larger than " + std::to_string(limits.max_bytes >> 20) + " MiB; refused";
    case simdjson::UTF8_ERROR: return "not valid JSON: the text is not valid UTF-8";
    case simdjson::EMPTY: return "not valid JSON: the input is empty";
    case simdjson::UNCLOSED_STRING: return "not valid JSON: a string is not closed";
    case simdjson::NUMBER_ERROR: return "not valid JSON: a number is malformed";
    case simdjson::STRING_ERROR: return "not valid JSON: a string has a bad escape or control character";
    case simdjson::T_ATOM_ERROR:
    case simdjson::F_ATOM_ERROR:
    case simdjson::N_ATOM_ERROR: return "not valid JSON: a true/false/null literal is misspelt";
    default: return std::string("not valid JSON: ") + simdjson::error_message(code);
  }
}

Result<Element> Parser::Parse(std::string_view text) {
  if (text.size() > limits_.max_bytes) {
    return TooLarge("larger than " + std::to_string(limits_.max_bytes >> 20) + " MiB; refused");
  }
  // simdjson reads up to SIMDJSON_PADDING bytes past the end; copy into a
  // reused padded buffer rather than trusting the caller's allocation.
  // (Also on first use with empty text: the buffer has no storage yet.)
  if (buffer_.size() < text.size() || buffer_.data() == nullptr) {
    buffer_ = simdjson::padded_string(text.size() * 2 + 64);
  }
  std::memcpy(buffer_.data(), text.data(), text.size());
  std::memset(buffer_.data() + text.size(), 0, simdjson::SIMDJSON_PADDING);
  Element root;
  auto error = parser_.parse(buffer_.data(), text.size(), false).get(root);
  if (error) {
    StatusCode code = (error == simdjson::DEPTH_ERROR || error == simdjson::CAPACITY) ? StatusCode::kTooLarge
                                                                                      : StatusCode::kInvalidInput;
    return Status(code, DescribeError(error, limits_));
  }
  return root;
}

namespace {

// The value of the four hex digits at `at`, or -1.
int HexQuad(std::string_view text, size_t at) {
  if (at + 4 > text.size()) return -1;
  int value = 0;
  for (size_t i = at; i < at + 4; ++i) {
    char c = text[i];
    int digit = c >= '0' && c <= '9'   ? c - '0'
                : c >= 'a' && c <= 'f' ? c - 'a' + 10
                : c >= 'A' && c <= 'F' ? c - 'A' + 10
                                       : -1;
    if (digit < 0) return -1;
    value = value * 16 + digit;
  }
  return value;
}

bool IsHigh(int unit) { return unit >= 0xD800 && unit <= 0xDBFF; }
bool IsLow(int unit) { return unit >= 0xDC00 && unit <= 0xDFFF; }

}  // namespace

std::optional<SurrogateRepair> ReplaceLoneSurrogates(std::string_view text) {
  SurrogateRepair repair;
  size_t copied = 0;  // text[0, copied) is already in repair.text
  bool in_string = false;
  for (size_t i = 0; i < text.size(); ++i) {
    char c = text[i];
    if (!in_string) {
      in_string = c == '"';
      continue;
    }
    if (c == '"') {
      in_string = false;
      continue;
    }
    if (c != '\\' || i + 1 >= text.size()) continue;
    if (text[i + 1] != 'u') {
      ++i;  // a two-character escape: \" \\ \n ...
      continue;
    }
    int unit = HexQuad(text, i + 2);
    if (IsHigh(unit) && i + 7 < text.size() && text[i + 6] == '\\' && text[i + 7] == 'u' &&
        IsLow(HexQuad(text, i + 8))) {
      i += 11;  // a valid pair
      continue;
    }
    if (IsHigh(unit) || IsLow(unit)) {
      repair.text.append(text.substr(copied, i - copied));
      repair.text += "\\ufffd";
      copied = i + 6;
      ++repair.replaced;
    }
    i += 5;
  }
  if (repair.replaced == 0) return std::nullopt;
  repair.text.append(text.substr(copied));
  return repair;
}

Result<Element> Parser::ParseReplacingLoneSurrogates(std::string_view text) {
  surrogates_replaced_ = 0;
  auto doc = Parse(text);
  if (doc.ok() || doc.status().code() != StatusCode::kInvalidInput) return doc;
  std::optional<SurrogateRepair> repair = ReplaceLoneSurrogates(text);
  if (!repair) return doc;
  // The DOM keeps its own copy of every string: the repaired text may go.
  auto repaired = Parse(repair->text);
  if (repaired.ok()) surrogates_replaced_ = repair->replaced;
  return repaired;
}

Status DuplicateKey(const Path& path, std::string_view key) {
  return InvalidInput("\"" + std::string(key) + "\" appears twice; which one is meant is unclear, so it is refused",
                      path.Key(key).Pointer());
}

Status RefuseDuplicateKeys(Object object, const Path& path) {
  // ReadMembers' way for objects with many keys nobody asked for: a set, so
  // that a hostile object of a million keys costs a million lookups, not a
  // million squared comparisons.
  std::unordered_set<std::string_view> seen;
  for (auto field : object) {
    if (!seen.insert(field.key).second) return DuplicateKey(path, field.key);
  }
  return Status::Ok();
}

Result<std::string_view> GetString(Element element, const Path& path) {
  std::string_view out;
  if (element.get_string().get(out)) return TypeError(path, "a string", element);
  return out;
}

Result<bool> GetBool(Element element, const Path& path) {
  bool out = false;
  if (element.get_bool().get(out)) {
    // aws s3api prints booleans, but hand-written files often say "true".
    std::string_view text;
    if (!element.get_string().get(text)) {
      if (text == "true" || text == "True" || text == "TRUE") return true;
      if (text == "false" || text == "False" || text == "FALSE") return false;
    }
    return TypeError(path, "true or false", element);
  }
  return out;
}

}  // namespace bucketwatch::json
