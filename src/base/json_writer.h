// A small streaming JSON writer, for output written on a hot path: Slack
// payloads, `eval`'s and `check`'s verdicts.
//
// The project writes JSON with nlohmann::ordered_json elsewhere; for the
// Slack payload, written once per event,
// building and dumping an nlohmann tree for a 15-block message cost about
// 20 µs and most of the warm event budget (docs/benchmarks.md). The output
// follows nlohmann's dump() byte for byte on valid UTF-8 (tests compare the
// two), and like error_handler_t::replace it writes U+FFFD for invalid
// UTF-8 instead of failing.
#ifndef BUCKETWATCH_BASE_JSON_WRITER_H_
#define BUCKETWATCH_BASE_JSON_WRITER_H_

#include <cstdint>
#include <cstring>
#include <string>
#include <string_view>
#include <vector>

namespace bucketwatch::json {

// Appends `text` as a JSON string literal (quotes included).
void AppendJsonString(std::string& out, std::string_view text);

// A name the program spells out (a key of its own output): text that JSON
// takes as it is, checked when the program is compiled, so it is written
// without a look at its bytes. Text known only when the program runs is
// written with EscapedKey or String, which escape what needs it. Names that
// are values are written with Word.
class Plain {
 public:
  template <size_t N>
  consteval Plain(const char (&text)[N]) : text_(text, N - 1) {  // NOLINT: implicit, for literals
    for (char c : text_) {
      auto byte = static_cast<unsigned char>(c);
      if (byte < 0x20 || byte >= 0x80 || c == '"' || c == '\\') throw "not plain ASCII: JSON would escape it";
    }
  }
  constexpr std::string_view text() const { return text_; }

 private:
  std::string_view text_;
};

class JsonWriter {
 public:
  // indent < 0: one line with no spaces (as nlohmann's dump(-1)); else
  // pretty-printed with that many spaces per level (as dump(indent)).
  explicit JsonWriter(int indent = -1) : indent_(indent) {}

  JsonWriter& BeginObject() { return Open('{'); }
  JsonWriter& EndObject() { return Close('}'); }
  JsonWriter& BeginArray() { return Open('['); }
  JsonWriter& EndArray() { return Close(']'); }
  JsonWriter& Key(Plain key);
  JsonWriter& EscapedKey(std::string_view key);
  JsonWriter& String(std::string_view value);
  // A value the program spells out ("account", "policy"): no look at its bytes.
  JsonWriter& Word(Plain value);
  JsonWriter& Bool(bool value);
  JsonWriter& Int(int64_t value);
  JsonWriter& Null();

  // Text written as it is, between values: the newline of JSON Lines.
  JsonWriter& Raw(std::string_view text) {
    Append(text);
    return *this;
  }

  // Room for this many bytes before the first growth.
  void Reserve(size_t bytes) {
    if (out_.size() < bytes) out_.resize(bytes);
  }
  std::string_view text() const { return {out_.data(), size_}; }
  std::string Take() {
    out_.resize(size_);
    size_ = 0;
    return std::move(out_);
  }
  // Forgets the text written so far (after the caller has written it
  // out), keeping the open arrays and objects: a long array is streamed.
  void ClearText() { size_ = 0; }

 private:
  JsonWriter& Open(char bracket);
  JsonWriter& Close(char bracket);
  void BeforeValue();
  void NewLine();

  // out_ is kept longer than the text (out_[0, size_)), so that a short
  // append is a copy made here rather than a call into libstdc++'s shared
  // library (std::string's members are not inlined): the verdicts of `eval`
  // are mostly short keys and values.
  [[gnu::always_inline]] char* Room(size_t bytes) {
    if (out_.size() - size_ < bytes) Grow(bytes);
    return out_.data() + size_;
  }
  [[gnu::always_inline]] void Append(std::string_view text) {
    if (text.empty()) return;  // an empty view may have no data() to copy from
    std::memcpy(Room(text.size()), text.data(), text.size());
    size_ += text.size();
  }
  [[gnu::always_inline]] void Append(char c) {
    *Room(1) = c;
    ++size_;
  }
  void Grow(size_t bytes);
  // Writes "text" at the end, with room for `after` more bytes; returns
  // where the next byte goes (size_ is left to the caller).
  char* Quoted(Plain text, size_t after);

  struct Level {
    bool empty = true;
  };
  int indent_;
  std::string out_;
  size_t size_ = 0;
  std::vector<Level> levels_;
  bool after_key_ = false;
};

// The members every verdict calls dozens of times are defined here and
// always inlined where they are called (GCC otherwise keeps one copy of
// each): a key's length is then known to the compiler, and its copy is a
// few moves rather than a call to memcpy.

[[gnu::always_inline]] inline void JsonWriter::NewLine() {
  const size_t spaces = static_cast<size_t>(indent_) * levels_.size();
  char* at = Room(1 + spaces + 8);
  *at = '\n';
  // Eight spaces at a time: the room asked for covers the last store's overshoot.
  constexpr uint64_t kEightSpaces = 0x2020202020202020;
  for (size_t i = 0; i < spaces; i += 8) std::memcpy(at + 1 + i, &kEightSpaces, 8);
  size_ += 1 + spaces;
}

[[gnu::always_inline]] inline void JsonWriter::BeforeValue() {
  if (after_key_) {
    after_key_ = false;
    return;
  }
  if (levels_.empty()) return;
  Level& top = levels_.back();
  if (!top.empty) Append(',');
  top.empty = false;
  if (indent_ >= 0) [[unlikely]]
    NewLine();
}

[[gnu::always_inline]] inline JsonWriter& JsonWriter::Open(char bracket) {
  BeforeValue();
  Append(bracket);
  levels_.push_back({});
  return *this;
}

[[gnu::always_inline]] inline JsonWriter& JsonWriter::Close(char bracket) {
  bool empty = levels_.empty() || levels_.back().empty;
  if (!levels_.empty()) levels_.pop_back();
  if (!empty && indent_ >= 0) [[unlikely]]
    NewLine();
  Append(bracket);
  return *this;
}

[[gnu::always_inline]] inline char* JsonWriter::Quoted(Plain text, size_t after) {
  const std::string_view t = text.text();
  char* at = Room(t.size() + 2 + after);
  *at++ = '"';
  std::memcpy(at, t.data(), t.size());
  at += t.size();
  *at++ = '"';
  return at;
}

[[gnu::always_inline]] inline JsonWriter& JsonWriter::Key(Plain key) {
  BeforeValue();
  char* at = Quoted(key, 2);
  *at++ = ':';
  if (indent_ >= 0) *at++ = ' ';
  size_ = static_cast<size_t>(at - out_.data());
  after_key_ = true;
  return *this;
}

[[gnu::always_inline]] inline JsonWriter& JsonWriter::Word(Plain value) {
  BeforeValue();
  size_ = static_cast<size_t>(Quoted(value, 0) - out_.data());
  return *this;
}

[[gnu::always_inline]] inline JsonWriter& JsonWriter::Bool(bool value) {
  BeforeValue();
  Append(value ? std::string_view("true") : std::string_view("false"));
  return *this;
}

[[gnu::always_inline]] inline JsonWriter& JsonWriter::Null() {
  BeforeValue();
  Append(std::string_view("null"));
  return *this;
}

}  // namespace bucketwatch::json

#endif  // BUCKETWATCH_BASE_JSON_WRITER_H_
