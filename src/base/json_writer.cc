#include "base/json_writer.h"

#include <simdjson.h>

#include <array>
#include <cstdint>
#include <cstring>

namespace bucketwatch::json {
namespace {

constexpr char kHex[] = "0123456789abcdef";
constexpr std::string_view kReplacement = "\xEF\xBF\xBD";  // U+FFFD

// Length of the valid UTF-8 sequence starting at s[i], or 0 when invalid
// (RFC 3629: no overlongs, no surrogates, nothing above U+10FFFF).
size_t ValidSequence(std::string_view s, size_t i) {
  auto byte = [&s](size_t k) { return static_cast<unsigned char>(s[k]); };
  auto cont = [&](size_t k) { return k < s.size() && (byte(k) & 0xC0) == 0x80; };
  unsigned char c = byte(i);
  if (c >= 0xC2 && c <= 0xDF) return cont(i + 1) ? 2 : 0;
  if (c >= 0xE0 && c <= 0xEF) {
    if (!cont(i + 1) || !cont(i + 2)) return 0;
    unsigned char c1 = byte(i + 1);
    if (c == 0xE0 && c1 < 0xA0) return 0;  // overlong
    if (c == 0xED && c1 > 0x9F) return 0;  // surrogate
    return 3;
  }
  if (c >= 0xF0 && c <= 0xF4) {
    if (!cont(i + 1) || !cont(i + 2) || !cont(i + 3)) return 0;
    unsigned char c1 = byte(i + 1);
    if (c == 0xF0 && c1 < 0x90) return 0;  // overlong
    if (c == 0xF4 && c1 > 0x8F) return 0;  // above U+10FFFF
    return 4;
  }
  return 0;
}

// Bytes that cannot go into a JSON string as they are.
constexpr std::array<bool, 256> kNeedsEscape = [] {
  std::array<bool, 256> t{};
  for (int c = 0; c < 0x20; ++c) t[static_cast<size_t>(c)] = true;
  t['"'] = true;
  t['\\'] = true;
  return t;
}();

// True when none of the 8 bytes at p is a control character, '"' or '\\';
// bytes above 0x7F pass (the caller has checked the text is valid UTF-8).
// May report false for a plain chunk (a borrow in the subtraction), never
// true for one that needs escaping.
bool PlainUtf8x8(const char* p) {
  uint64_t v;
  std::memcpy(&v, p, 8);
  constexpr uint64_t kOnes = 0x0101010101010101ULL;
  constexpr uint64_t kHigh = 0x8080808080808080ULL;
  // Per byte (the lowest hit is exact; a borrow can only add false hits):
  // top bit of (b - k) & ~b is set when b < k, and never for b >= 0x80.
  auto has_zero = [](uint64_t x) { return ((x - kOnes) & ~x & kHigh) != 0; };
  if (((v - kOnes * 0x20) & ~v & kHigh) != 0) return false;
  if (has_zero(v ^ (kOnes * '"'))) return false;
  if (has_zero(v ^ (kOnes * '\\'))) return false;
  return true;
}

bool HasHighByte(std::string_view text) {
  size_t i = 0;
  for (; i + 8 <= text.size(); i += 8) {
    uint64_t v;
    std::memcpy(&v, text.data() + i, 8);
    if ((v & 0x8080808080808080ULL) != 0) return true;
  }
  for (; i < text.size(); ++i) {
    if (static_cast<unsigned char>(text[i]) >= 0x80) return true;
  }
  return false;
}

// True when none of the 8 bytes at p is non-ASCII, a control character, '"'
// or '\\' (the usual "has a zero byte" bit trick, per condition).
bool PlainAscii8(const char* p) {
  uint64_t v;
  std::memcpy(&v, p, 8);
  constexpr uint64_t kOnes = 0x0101010101010101ULL;
  constexpr uint64_t kHigh = 0x8080808080808080ULL;
  auto has_zero = [](uint64_t x) { return ((x - kOnes) & ~x & kHigh) != 0; };
  if ((v & kHigh) != 0) return false;                        // non-ASCII
  if (((v - kOnes * 0x20) & ~v & kHigh) != 0) return false;  // a byte below 0x20
  if (has_zero(v ^ (kOnes * '"'))) return false;
  if (has_zero(v ^ (kOnes * '\\'))) return false;
  return true;
}

void AppendEscapedAscii(std::string& out, unsigned char c) {
  switch (c) {
    case '"': out += "\\\""; break;
    case '\\': out += "\\\\"; break;
    case '\b': out += "\\b"; break;
    case '\f': out += "\\f"; break;
    case '\n': out += "\\n"; break;
    case '\r': out += "\\r"; break;
    case '\t': out += "\\t"; break;
    default:
      out += "\\u00";
      out += kHex[c >> 4];
      out += kHex[c & 15];
  }
}

}  // namespace

void AppendJsonString(std::string& out, std::string_view text) {
  out.reserve(out.size() + text.size() + 2);
  out += '"';
  // Valid UTF-8 with non-ASCII text (Japanese): checked once with SIMD, then
  // only the ASCII bytes that JSON reserves are looked for.
  if (HasHighByte(text) && simdjson::validate_utf8(text.data(), text.size())) {
    size_t start = 0;
    size_t i = 0;
    while (i < text.size()) {
      if (i + 8 <= text.size() && PlainUtf8x8(text.data() + i)) {
        i += 8;
        continue;
      }
      unsigned char c = static_cast<unsigned char>(text[i]);
      if (c < 0x80 && kNeedsEscape[c]) {
        out.append(text.data() + start, i - start);
        AppendEscapedAscii(out, c);
        start = i + 1;
      }
      ++i;
    }
    out.append(text.data() + start, text.size() - start);
    out += '"';
    return;
  }
  // Otherwise one pass; runs of bytes that need nothing are copied in one
  // go, eight plain ASCII bytes are skipped at a time, and invalid UTF-8
  // becomes U+FFFD.
  size_t start = 0;
  size_t i = 0;
  while (i < text.size()) {
    if (i + 8 <= text.size() && PlainAscii8(text.data() + i)) {
      i += 8;
      continue;
    }
    unsigned char c = static_cast<unsigned char>(text[i]);
    if (c < 0x80) {
      if (kNeedsEscape[c]) {
        out.append(text.data() + start, i - start);
        AppendEscapedAscii(out, c);
        start = i + 1;
      }
      ++i;
      continue;
    }
    size_t n = ValidSequence(text, i);
    if (n == 0) {
      out.append(text.data() + start, i - start);
      out += kReplacement;
      start = i + 1;
      ++i;
    } else {
      i += n;
    }
  }
  out.append(text.data() + start, text.size() - start);
  out += '"';
}

void JsonWriter::NewLine() {
  out_ += '\n';
  out_.append(static_cast<size_t>(indent_) * levels_.size(), ' ');
}

void JsonWriter::BeforeValue() {
  if (after_key_) {
    after_key_ = false;
    return;
  }
  if (levels_.empty()) return;
  Level& top = levels_.back();
  if (!top.empty) out_ += ',';
  top.empty = false;
  if (indent_ >= 0) NewLine();
}

JsonWriter& JsonWriter::Open(char bracket) {
  BeforeValue();
  out_ += bracket;
  levels_.push_back({});
  return *this;
}

JsonWriter& JsonWriter::Close(char bracket) {
  bool empty = levels_.empty() || levels_.back().empty;
  if (!levels_.empty()) levels_.pop_back();
  if (!empty && indent_ >= 0) NewLine();
  out_ += bracket;
  return *this;
}

JsonWriter& JsonWriter::Key(std::string_view key) {
  BeforeValue();
  AppendJsonString(out_, key);
  out_ += indent_ >= 0 ? ": " : ":";
  after_key_ = true;
  return *this;
}

JsonWriter& JsonWriter::String(std::string_view value) {
  BeforeValue();
  AppendJsonString(out_, value);
  return *this;
}

JsonWriter& JsonWriter::Bool(bool value) {
  BeforeValue();
  out_ += value ? "true" : "false";
  return *this;
}

JsonWriter& JsonWriter::Null() {
  BeforeValue();
  out_ += "null";
  return *this;
}

JsonWriter& JsonWriter::Int(int64_t value) {
  BeforeValue();
  out_ += std::to_string(value);
  return *this;
}

}  // namespace bucketwatch::json
