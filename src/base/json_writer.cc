#include "base/json_writer.h"

#include <simdjson.h>

#include <algorithm>
#include <array>
#include <charconv>
#include <cstdint>
#include <cstring>

#if defined(__SSE2__)
#include <emmintrin.h>
#elif defined(__aarch64__) && defined(__ARM_NEON)
#include <arm_neon.h>
#endif

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

// Where the first byte that needs a look is among the 16 at p, or 16 when
// none does. A byte needs a look when JSON reserves it (a control character,
// '"' or '\\') or, with `high` set, when it is not ASCII (it may be invalid
// UTF-8). Vector code on x86-64 (SSE2 is baseline) and AArch64 (NEON is
// baseline); a plain loop elsewhere.
#if defined(__SSE2__)
size_t FirstSpecial16(const char* p, bool high) {
  __m128i v = _mm_loadu_si128(reinterpret_cast<const __m128i*>(p));
  // Signed: bytes >= 0x80 are negative, so this also finds non-ASCII.
  __m128i low = high ? _mm_cmplt_epi8(v, _mm_set1_epi8(0x20)) : _mm_cmpeq_epi8(_mm_min_epu8(v, _mm_set1_epi8(0x1F)), v);
  __m128i hit =
      _mm_or_si128(low, _mm_or_si128(_mm_cmpeq_epi8(v, _mm_set1_epi8('"')), _mm_cmpeq_epi8(v, _mm_set1_epi8('\\'))));
  auto mask = static_cast<unsigned>(_mm_movemask_epi8(hit));
  return mask == 0 ? 16 : static_cast<size_t>(__builtin_ctz(mask));
}
#elif defined(__aarch64__) && defined(__ARM_NEON)
size_t FirstSpecial16(const char* p, bool high) {
  uint8x16_t v = vld1q_u8(reinterpret_cast<const uint8_t*>(p));
  uint8x16_t hit =
      vorrq_u8(vcltq_u8(v, vdupq_n_u8(0x20)), vorrq_u8(vceqq_u8(v, vdupq_n_u8('"')), vceqq_u8(v, vdupq_n_u8('\\'))));
  if (high) hit = vorrq_u8(hit, vcgeq_u8(v, vdupq_n_u8(0x80)));
  // Four bits per byte (the usual NEON stand-in for movemask).
  uint64_t mask = vget_lane_u64(vreinterpret_u64_u8(vshrn_n_u16(vreinterpretq_u16_u8(hit), 4)), 0);
  return mask == 0 ? 16 : static_cast<size_t>(__builtin_ctzll(mask)) / 4;
}
#else
size_t FirstSpecial16(const char* p, bool high) {
  for (size_t i = 0; i < 16; ++i) {
    auto c = static_cast<unsigned char>(p[i]);
    if (c < 0x20 || c == '"' || c == '\\' || (high && c >= 0x80)) return i;
  }
  return 16;
}
#endif

// Whether byte c needs a look (as above), for the bytes past the last whole
// block: a table, byte by byte. Copying them into a padded block for the
// vector test instead costs fewer instructions but more time: the 16-byte
// load right after the narrower stores that filled the block cannot be
// forwarded from them, and stalls (most strings here are keys and names
// shorter than a block).
constexpr std::array<uint8_t, 256> kLook = [] {
  std::array<uint8_t, 256> table{};
  for (size_t c = 0; c < table.size(); ++c) {
    if (c < 0x20 || c == '"' || c == '\\') table[c] = 1;  // reserved by JSON: always
    if (c >= 0x80) table[c] = 2;                          // not ASCII: with `high`
  }
  return table;
}();

// The first byte at or after `from` that needs a look (as above), or
// text.size(). Blocks of 16, then byte by byte; nothing past the text is
// read.
size_t FindSpecial(std::string_view text, size_t from, bool high) {
  size_t i = from;
  for (; i + 16 <= text.size(); i += 16) {
    size_t at = FirstSpecial16(text.data() + i, high);
    if (at < 16) return i + at;
  }
  const uint8_t mask = high ? 3 : 1;
  for (; i < text.size(); ++i) {
    if (kLook[static_cast<unsigned char>(text[i])] & mask) return i;
  }
  return text.size();
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
  while ((i = FindSpecial(text, i, high)) < text.size()) {
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

// Writes "text" at `out`, which has room for it; returns the end.
char* WriteQuoted(char* out, std::string_view text) {
  *out++ = '"';
  std::memcpy(out, text.data(), text.size());
  out += text.size();
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

void JsonWriter::NewLine() {
  size_t spaces = static_cast<size_t>(indent_) * levels_.size();
  char* at = Room(1 + spaces);
  *at = '\n';
  std::memset(at + 1, ' ', spaces);
  size_ += 1 + spaces;
}

void JsonWriter::BeforeValue() {
  if (after_key_) {
    after_key_ = false;
    return;
  }
  if (levels_.empty()) return;
  Level& top = levels_.back();
  if (!top.empty) Append(',');
  top.empty = false;
  if (indent_ >= 0) NewLine();
}

JsonWriter& JsonWriter::Open(char bracket) {
  BeforeValue();
  Append(bracket);
  levels_.push_back({});
  return *this;
}

JsonWriter& JsonWriter::Close(char bracket) {
  bool empty = levels_.empty() || levels_.back().empty;
  if (!levels_.empty()) levels_.pop_back();
  if (!empty && indent_ >= 0) NewLine();
  Append(bracket);
  return *this;
}

JsonWriter& JsonWriter::Key(Plain key) {
  BeforeValue();
  char* at = WriteQuoted(Room(key.text().size() + 4), key.text());
  *at++ = ':';
  if (indent_ >= 0) *at++ = ' ';
  size_ = static_cast<size_t>(at - out_.data());
  after_key_ = true;
  return *this;
}

JsonWriter& JsonWriter::Word(Plain value) {
  BeforeValue();
  size_ = static_cast<size_t>(WriteQuoted(Room(value.text().size() + 2), value.text()) - out_.data());
  return *this;
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

JsonWriter& JsonWriter::Bool(bool value) {
  BeforeValue();
  Append(value ? std::string_view("true") : std::string_view("false"));
  return *this;
}

JsonWriter& JsonWriter::Null() {
  BeforeValue();
  Append(std::string_view("null"));
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
