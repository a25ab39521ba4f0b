// Small text helpers shared by every module (one copy of each).
#ifndef BUCKETWATCH_BASE_TEXT_H_
#define BUCKETWATCH_BASE_TEXT_H_

#include <cstdint>
#include <cstring>
#include <string>
#include <string_view>
#include <vector>

namespace bucketwatch {

// ASCII lower case; other bytes (UTF-8 included) are kept as they are. What
// std::tolower does in the "C" locale (bucketwatch never sets another), without
// a call into the C library for every byte.
constexpr char AsciiLower(char c) { return c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c; }
std::string Lower(std::string_view s);
// a == b, compared in place for short texts: a few loads of 8 or 4 bytes
// (which may overlap) rather than a call to memcmp. The keys of the JSON
// objects read for every bucket are short.
inline bool SameText(std::string_view a, std::string_view b) {
  const size_t n = a.size();
  if (n != b.size()) return false;
  const char* p = a.data();
  const char* q = b.data();
  auto load8 = [](const char* at) {
    uint64_t v;
    std::memcpy(&v, at, 8);
    return v;
  };
  auto load4 = [](const char* at) {
    uint32_t v;
    std::memcpy(&v, at, 4);
    return v;
  };
  if (n > 32) return std::memcmp(p, q, n) == 0;
  if (n >= 8) {
    // Each 8-byte load starts where the last left off, the final one ends at n.
    for (size_t i = 0; i + 8 < n; i += 8) {
      if (load8(p + i) != load8(q + i)) return false;
    }
    return load8(p + n - 8) == load8(q + n - 8);
  }
  if (n >= 4) return load4(p) == load4(q) && load4(p + n - 4) == load4(q + n - 4);
  for (size_t i = 0; i < n; ++i) {
    if (p[i] != q[i]) return false;
  }
  return true;
}
// ASCII case-insensitive comparison (header names, condition keys, action names).
bool EqualsIgnoringCase(std::string_view a, std::string_view b);
bool StartsWithIgnoringCase(std::string_view s, std::string_view prefix);
// Without leading and trailing spaces, tabs, CR and LF.
std::string_view Trim(std::string_view s);
// The items with `separator` between them.
std::string Join(const std::vector<std::string>& items, std::string_view separator);

}  // namespace bucketwatch

#endif  // BUCKETWATCH_BASE_TEXT_H_
