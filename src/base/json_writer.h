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
  char* Room(size_t bytes) {
    if (out_.size() - size_ < bytes) Grow(bytes);
    return out_.data() + size_;
  }
  void Append(std::string_view text) {
    if (text.empty()) return;  // an empty view may have no data() to copy from
    std::memcpy(Room(text.size()), text.data(), text.size());
    size_ += text.size();
  }
  void Append(char c) {
    *Room(1) = c;
    ++size_;
  }
  void Grow(size_t bytes);

  struct Level {
    bool empty = true;
  };
  int indent_;
  std::string out_;
  size_t size_ = 0;
  std::vector<Level> levels_;
  bool after_key_ = false;
};

}  // namespace bucketwatch::json

#endif  // BUCKETWATCH_BASE_JSON_WRITER_H_
