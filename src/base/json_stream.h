// Cutting JSON text that arrives a block at a time (a file or a pipe) into
// the documents it holds, so that each one is parsed and handled before the
// rest has been read: the elements of a top-level array, the lines of JSON
// Lines, or one whole document. Memory holds one document, not the input.
//
// Only boundaries are found here (strings, escapes, bracket depth, line
// ends); every document is parsed by Parser. simdjson 3.0.1 (Debian 12)
// reads a buffer of whole concatenated documents (parse_many) but has no way
// to read the elements of an array as they arrive, and JSON Lines must be
// cut at line ends anyway so that one broken line cannot swallow the next.
#ifndef BUCKETWATCH_BASE_JSON_STREAM_H_
#define BUCKETWATCH_BASE_JSON_STREAM_H_

#include <cstddef>
#include <functional>
#include <string>
#include <string_view>

#include "base/json.h"
#include "base/status.h"

namespace bucketwatch::json {

// One document cut out of the stream, or why one could not be.
struct Piece {
  enum class Form {
    kWhole,    // the input is this one document
    kLine,     // one line of JSON Lines, or a place in the input (for errors)
    kElement,  // one element of a top-level array
    kNothing,  // the input holds no document at all (empty or blank)
  };
  Form form = Form::kWhole;
  std::string_view text;  // valid only during the visit
  size_t line = 1;        // the line it starts on, from 1
  size_t index = 0;       // kElement: its index in the array
  Status error;           // not OK: no document could be cut out here (text is empty)
};

class DocumentSplitter {
 public:
  using Visit = std::function<void(const Piece&)>;
  // is_record says whether a document is one record of the stream (for
  // snapshots, an object with a "bucket"). Text that is not an array is
  // read as JSON Lines once a line holds a record on its own (the first
  // line only if more follows); otherwise as one document. A document
  // larger than the parser's max_bytes is refused, not held.
  DocumentSplitter(Parser& parser, bool (*is_record)(Element), Visit visit);

  void Feed(std::string_view bytes);
  // The input has ended: hands out what remains.
  void Finish();

 private:
  enum class Mode { kStart, kArray, kAfterArray, kUndecided, kLines, kSkipRest };

  void Start(bool at_end);
  void ScanArray();
  void EndElement(size_t end, bool closes);
  void FinishArray();
  void ScanLines(bool at_end);
  bool ConfirmsLines(std::string_view line, bool first);
  void Compact();
  void Error(Piece::Form form, Status status);

  Parser& parser_;
  bool (*is_record_)(Element);
  Visit visit_;
  size_t max_bytes_;
  Mode mode_ = Mode::kStart;
  std::string buf_;  // bytes not yet handed out, from begin_
  size_t begin_ = 0;
  size_t pos_ = 0;   // next byte to scan
  size_t line_ = 1;  // line of pos_
  bool bom_checked_ = false;
  // Array elements.
  size_t index_ = 0;
  size_t element_line_ = 0;  // 0 until the element's first byte
  size_t depth_ = 0;
  bool in_string_ = false;
  bool escape_ = false;
  bool skipping_ = false;  // the element is too large: scanned, not kept
  // Lines.
  size_t start_line_ = 1;  // the line the text starts on (after blank lines)
  bool seen_first_line_ = false;
  bool first_line_record_ = false;
  bool skipping_line_ = false;
};

}  // namespace bucketwatch::json

#endif  // BUCKETWATCH_BASE_JSON_STREAM_H_
