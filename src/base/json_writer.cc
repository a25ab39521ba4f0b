#include "base/json_writer.h"

#include <simdjson.h>

#include <algorithm>
#include <array>
#include <charconv>
#include <cstdint>
#include <cstring>

#include "base/json_scan.h"

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

// Writes the escape of ASCII byte c at `out`; returns the end.
char* WriteEscapedAscii(char* out, unsigned char c) {
  auto two = [&](char second) {
    out[0] = '\\';
    out[1] = second;
    return out + 2;
  };
  switch (c) {
    case '"': return two('"');
    case '\\': return two('\\');
    case '\b': return two('b');
    case '\f': return two('f');
    case '\n': return two('n');
    case '\r': return two('r');
    case '\t': return two('t');
    default:
      std::memcpy(out, "\\u00", 4);
      out[4] = kHex[c >> 4];
      out[5] = kHex[c & 15];
      return out + 6;
  }
}

// The most a string of n bytes takes as a JSON string literal: every byte
// escaped as \u00XX (6 bytes; U+FFFD for an invalid byte takes 3), quotes.
constexpr size_t MostWritten(size_t n) { return 6 * n + 2; }

// Writes `text` as a JSON string literal at `out` (which has room for
// MostWritten(text.size()) bytes); returns the end.
char* WriteJsonString(char* out, std::string_view text) {
  auto copy = [&](size_t from, size_t to) {
    if (to == from) return;  // an empty view may have no data() to copy from
    std::memcpy(out, text.data() + from, to - from);
    out += to - from;
  };
  *out++ = '"';
  // Runs of bytes that need nothing are found 16 at a time and copied in one
  // go. Non-ASCII bytes stop the search (invalid UTF-8 becomes U+FFFD) until
  // the rest of the text is found to be valid UTF-8 (Japanese alerts): from
  // there on, only the ASCII bytes that JSON reserves are looked for.
  // Same output as nlohmann's dump() with error_handler_t::replace.
  bool high = true;
  bool validated = false;  // tried once, so invalid text stays linear
  size_t start = 0;
  size_t i = 0;
  while ((i = FindStringSpecial(text, i, high)) < text.size()) {
    auto c = static_cast<unsigned char>(text[i]);
    if (c < 0x80) {
      copy(start, i);
      out = WriteEscapedAscii(out, c);
      start = ++i;
      continue;
    }
    if (!validated) {
      validated = true;
      if (simdjson::validate_utf8(text.data() + i, text.size() - i)) {
        high = false;
        continue;
      }
    }
    size_t n = ValidSequence(text, i);
    if (n == 0) {
      copy(start, i);
      std::memcpy(out, kReplacement.data(), kReplacement.size());
      out += kReplacement.size();
      start = ++i;
    } else {
      i += n;
    }
  }
  copy(start, text.size());
  *out++ = '"';
  return out;
}

}  // namespace

void AppendJsonString(std::string& out, std::string_view text) {
  size_t size = out.size();
  out.resize(size + MostWritten(text.size()));
  char* end = WriteJsonString(out.data() + size, text);
  out.resize(static_cast<size_t>(end - out.data()));
}

void JsonWriter::Grow(size_t bytes) {
  // Doubling keeps appends amortized constant; the zeros resize() writes
  // are written once per byte of growth.
  out_.resize(std::max({size_ + bytes, 2 * out_.size(), size_t{256}}));
}

JsonWriter& JsonWriter::EscapedKey(std::string_view key) {
  String(key);
  Append(indent_ >= 0 ? ": " : ":");
  after_key_ = true;
  return *this;
}

JsonWriter& JsonWriter::String(std::string_view value) {
  BeforeValue();
  char* end = WriteJsonString(Room(MostWritten(value.size())), value);
  size_ = static_cast<size_t>(end - out_.data());
  return *this;
}

JsonWriter& JsonWriter::Int(int64_t value) {
  BeforeValue();
  constexpr size_t kDigits = 20;  // "-9223372036854775808"
  char* at = Room(kDigits);
  size_ = static_cast<size_t>(std::to_chars(at, at + kDigits, value).ptr - out_.data());
  return *this;
}

}  // namespace bucketwatch::json
