// Small text helpers shared by every module (one copy of each).
#ifndef BUCKETWATCH_BASE_TEXT_H_
#define BUCKETWATCH_BASE_TEXT_H_

#include <string>
#include <string_view>
#include <vector>

namespace bucketwatch {

// ASCII lower case; other bytes (UTF-8 included) are kept as they are. What
// std::tolower does in the "C" locale (bucketwatch never sets another), without
// a call into the C library for every byte.
constexpr char AsciiLower(char c) { return c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c; }
std::string Lower(std::string_view s);
// ASCII case-insensitive comparison (header names, condition keys, action names).
bool EqualsIgnoringCase(std::string_view a, std::string_view b);
bool StartsWithIgnoringCase(std::string_view s, std::string_view prefix);
// Without leading and trailing spaces, tabs, CR and LF.
std::string_view Trim(std::string_view s);
// The items with `separator` between them.
std::string Join(const std::vector<std::string>& items, std::string_view separator);

}  // namespace bucketwatch

#endif  // BUCKETWATCH_BASE_TEXT_H_
