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
#include <string>
#include <string_view>
#include <vector>

namespace bucketwatch::json {

// Appends `text` as a JSON string literal (quotes included).
void AppendJsonString(std::string& out, std::string_view text);

class JsonWriter {
 public:
  // indent < 0: one line with no spaces (as nlohmann's dump(-1)); else
  // pretty-printed with that many spaces per level (as dump(indent)).
  explicit JsonWriter(int indent = -1) : indent_(indent) {}

  JsonWriter& BeginObject() { return Open('{'); }
  JsonWriter& EndObject() { return Close('}'); }
  JsonWriter& BeginArray() { return Open('['); }
  JsonWriter& EndArray() { return Close(']'); }
  JsonWriter& Key(std::string_view key);
  JsonWriter& String(std::string_view value);
  JsonWriter& Bool(bool value);
  JsonWriter& Int(int64_t value);
  JsonWriter& Null();

  // Text written as it is, between values: the newline of JSON Lines.
  JsonWriter& Raw(std::string_view text) {
    out_ += text;
    return *this;
  }

  void Reserve(size_t bytes) { out_.reserve(bytes); }
  const std::string& text() const { return out_; }
  std::string Take() { return std::move(out_); }
  // Forgets the text written so far (after the caller has written it
  // out), keeping the open arrays and objects: a long array is streamed.
  void ClearText() { out_.clear(); }

 private:
  JsonWriter& Open(char bracket);
  JsonWriter& Close(char bracket);
  void BeforeValue();
  void NewLine();

  struct Level {
    bool empty = true;
  };
  int indent_;
  std::string out_;
  std::vector<Level> levels_;
  bool after_key_ = false;
};

}  // namespace bucketwatch::json

#endif  // BUCKETWATCH_BASE_JSON_WRITER_H_
