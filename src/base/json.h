// The project's one door to JSON input: a size- and depth-limited parser over
// simdjson's DOM, and Path, which names a place in a document as a JSON
// pointer (RFC 6901) for error messages.
//
// Elements returned by Parser::Parse stay valid until the next Parse call on
// the same Parser. A Parser is not thread-safe; use one per thread.
#ifndef BUCKETWATCH_BASE_JSON_H_
#define BUCKETWATCH_BASE_JSON_H_

#include <simdjson.h>

#include <array>
#include <cstddef>
#include <cstdint>
#include <cstring>
#include <optional>
#include <string>
#include <string_view>

#include "base/status.h"
#include "base/text.h"

namespace bucketwatch::json {

using Element = simdjson::dom::element;
using Object = simdjson::dom::object;
using Array = simdjson::dom::array;

struct Limits {
  // S3 bucket policies are at most 20 KiB and Config items a few hundred KiB;
  // anything far beyond that is refused rather than parsed.
  size_t max_bytes = 16u << 20;
  // Policies nest about 6 deep; 64 leaves room and keeps hostile input from
  // exhausting the stack of any recursive walk over the result.
  size_t max_depth = 64;
};

// A place in a JSON document, built on the stack while walking it; the
// pointer text is made only when an error needs it.
class Path {
 public:
  Path() = default;
  Path Key(std::string_view key) const { return Path(this, key, 0, false); }
  Path Index(size_t index) const { return Path(this, {}, index, true); }
  std::string Pointer() const;  // "" for the root, else "/a/0/b" with ~ and / escaped

 private:
  Path(const Path* parent, std::string_view key, size_t index, bool is_index)
      : parent_(parent), key_(key), index_(index), is_index_(is_index) {}
  const Path* parent_ = nullptr;
  std::string_view key_;
  size_t index_ = 0;
  bool is_index_ = false;
};

// "string", "number", "object", ... for messages such as "expected a string, found a number".
std::string_view KindName(Element element);
Status TypeError(const Path& path, std::string_view expected, Element found);

class Parser {
 public:
  explicit Parser(Limits limits = {});
  // Parses one document. Errors say what is wrong ("not valid JSON", "nested
  // deeper than 64 levels", "larger than 16 MiB").
  Result<Element> Parse(std::string_view text);
  // Parse, except that a lone UTF-16 surrogate escape ("\ud800" without
  // its pair, or a lone "\udc00"), which strict JSON (RFC 8259 section 8.2)
  // leaves undefined but Python's json and AWS's own producers write, is
  // read as U+FFFD instead of refusing the whole document. The text is
  // rewritten only when the strict parse fails on a string;
  // surrogates_replaced() then says how many were replaced. Callers decide
  // where U+FFFD is acceptable (free text) and where not (identifiers).
  Result<Element> ParseReplacingLoneSurrogates(std::string_view text);
  size_t surrogates_replaced() const { return surrogates_replaced_; }
  const Limits& limits() const { return limits_; }
  simdjson::dom::parser& raw() { return parser_; }

 private:
  Limits limits_;
  simdjson::dom::parser parser_;
  simdjson::padded_string buffer_;
  size_t surrogates_replaced_ = 0;
};

// U+FFFD REPLACEMENT CHARACTER in UTF-8: what a lone surrogate is read as.
inline constexpr std::string_view kReplacementCharacter = "\xEF\xBF\xBD";

// `text` with every lone surrogate escape inside a JSON string replaced by
// "\ufffd", and how many were; nullopt when there was none. Escaped
// backslashes ("\\ud800" is text, not an escape) and valid pairs are kept.
struct SurrogateRepair {
  std::string text;
  size_t replaced = 0;
};
std::optional<SurrogateRepair> ReplaceLoneSurrogates(std::string_view text);

// A message for a simdjson error code, in our words.
std::string DescribeError(simdjson::error_code code, const Limits& limits);

// The members of one object, read in one pass over it: the value of each of
// the names asked for, and the first key that is none of them.
template <size_t N>
struct Members {
  std::array<Element, N> values{};
  uint32_t given = 0;        // bit i: names[i] is in the object
  std::string_view unknown;  // the first key not asked for; empty when none
  bool has(size_t i) const { return ((given >> i) & 1u) != 0; }
};

// The error for `key` given twice in the object at `path`. Which copy a
// reader takes is not defined (RFC 8259 section 4), so a setting given twice
// is refused rather than read as either copy.
Status DuplicateKey(const Path& path, std::string_view key);

// An error naming the first key that appears twice in `object`, or Ok: every
// key compared with every other.
Status RefuseDuplicateKeys(Object object, const Path& path);

// The index of `key` in `names`, or N when it is none of them. The search
// starts at `from` and wraps around: objects usually list their keys in the
// order `names` does, so passing the index after the last match finds most
// keys at the first look.
template <size_t N>
size_t IndexOfName(std::string_view key, const std::array<std::string_view, N>& names, size_t from = 0) {
  for (size_t i = from; i < N; ++i) {
    if (SameText(names[i], key)) return i;
  }
  for (size_t i = 0; i < from && i < N; ++i) {
    if (SameText(names[i], key)) return i;
  }
  return N;
}

// Reads `object` once: the values of `names`, or DuplicateKey for the first
// key (asked for or not) that appears twice. A name asked for is checked by
// a bit; only the keys not asked for are compared with each other.
template <size_t N>
Result<Members<N>> ReadMembers(Object object, const std::array<std::string_view, N>& names, const Path& path) {
  static_assert(N <= 32, "given is a 32-bit mask");
  Members<N> out;
  std::array<std::string_view, 8> others;  // the keys not asked for, while they are few
  size_t other_count = 0;
  size_t next = 0;  // where the next key most likely is among names
  for (auto field : object) {
    const std::string_view key = field.key;
    const size_t i = IndexOfName(key, names, next);
    if (i < N) {
      next = i + 1;
      if (out.has(i)) return DuplicateKey(path, key);
      out.given |= 1u << i;
      out.values[i] = field.value;
      continue;
    }
    if (out.unknown.empty()) out.unknown = key;
    if (other_count == others.size()) continue;  // checked below, all at once
    for (size_t k = 0; k < other_count; ++k) {
      if (SameText(others[k], key)) return DuplicateKey(path, key);
    }
    others[other_count++] = key;
  }
  if (other_count == others.size()) BW_RETURN_IF_ERROR(RefuseDuplicateKeys(object, path));
  return out;
}

// Returns the string value or a type error naming path.
Result<std::string_view> GetString(Element element, const Path& path);
Result<bool> GetBool(Element element, const Path& path);

}  // namespace bucketwatch::json

#endif  // BUCKETWATCH_BASE_JSON_H_
