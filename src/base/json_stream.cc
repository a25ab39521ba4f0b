#include "base/json_stream.h"

#include <array>

#include "base/json_scan.h"

namespace bucketwatch::json {
namespace {

constexpr std::string_view kByteOrderMark = "\xEF\xBB\xBF";

bool IsSpace(char c) { return c == ' ' || c == '\t' || c == '\r' || c == '\n'; }

std::string_view Trim(std::string_view text) {
  while (!text.empty() && IsSpace(text.front())) text.remove_prefix(1);
  while (!text.empty() && IsSpace(text.back())) text.remove_suffix(1);
  return text;
}

bool IsBlank(std::string_view line) { return line.find_first_not_of(" \t\r") == std::string_view::npos; }

// Bytes that matter outside strings (inside them: FindStringSpecial).
constexpr std::array<bool, 256> Table(std::string_view bytes) {
  std::array<bool, 256> t{};
  for (char c : bytes) t[static_cast<unsigned char>(c)] = true;
  return t;
}
constexpr std::array<bool, 256> kOutside = Table("\"{}[],\n");

}  // namespace

DocumentSplitter::DocumentSplitter(Parser& parser, bool (*is_record)(Element), Visit visit)
    : parser_(parser), is_record_(is_record), visit_(std::move(visit)), max_bytes_(parser.limits().max_bytes) {}

void DocumentSplitter::Error(Piece::Form form, Status status) {
  Piece piece;
  piece.form = form;
  piece.line = form == Piece::Form::kElement ? (element_line_ != 0 ? element_line_ : line_) : line_;
  piece.index = index_;
  piece.error = std::move(status);
  visit_(piece);
}

void DocumentSplitter::Feed(std::string_view bytes) {
  buf_.append(bytes);
  Start(false);
}

void DocumentSplitter::Finish() { Start(true); }

void DocumentSplitter::Start(bool at_end) {
  if (mode_ == Mode::kStart) {
    std::string_view seen(buf_);
    if (!bom_checked_) {
      if (!at_end && seen.size() < kByteOrderMark.size() && kByteOrderMark.substr(0, seen.size()) == seen) return;
      if (seen.substr(0, kByteOrderMark.size()) == kByteOrderMark) pos_ = kByteOrderMark.size();
      bom_checked_ = true;
    }
    while (pos_ < buf_.size() && IsSpace(buf_[pos_])) line_ += buf_[pos_++] == '\n' ? 1 : 0;
    begin_ = pos_;
    if (pos_ == buf_.size()) {
      if (at_end) visit_(Piece{Piece::Form::kNothing, {}, line_, 0, Status::Ok()});
      return;
    }
    if (buf_[pos_] == '[') {
      mode_ = Mode::kArray;
      begin_ = ++pos_;
    } else {
      mode_ = Mode::kUndecided;
      start_line_ = line_;
    }
  }
  switch (mode_) {
    case Mode::kStart: break;
    case Mode::kArray:
    case Mode::kAfterArray:
      ScanArray();
      if (at_end && mode_ == Mode::kArray) FinishArray();
      break;
    case Mode::kUndecided:
    case Mode::kLines: ScanLines(at_end); break;
    case Mode::kSkipRest: begin_ = pos_ = buf_.size(); break;
  }
  Compact();
}

void DocumentSplitter::Compact() {
  if (begin_ == 0 || (begin_ < (size_t{1} << 16) && begin_ * 2 < buf_.size())) return;
  buf_.erase(0, begin_);
  pos_ -= begin_;
  begin_ = 0;
}

void DocumentSplitter::ScanArray() {
  const char* d = buf_.data();
  const size_t n = buf_.size();
  while (pos_ < n) {
    if (mode_ == Mode::kAfterArray) {
      char c = d[pos_];
      if (!IsSpace(c)) {
        Error(Piece::Form::kLine, InvalidInput("not valid JSON: more text follows the end of the array"));
        mode_ = Mode::kSkipRest;
        begin_ = pos_ = n;
        return;
      }
      line_ += c == '\n' ? 1 : 0;
      begin_ = ++pos_;
      continue;
    }
    if (escape_) {  // the byte after a backslash, in a string
      escape_ = false;
      line_ += d[pos_++] == '\n' ? 1 : 0;
      continue;
    }
    if (in_string_) {
      // Strings are most of an array's bytes: skipped 16 at a time. A stop
      // at a control character other than a line end just moves on.
      pos_ = FindStringSpecial(std::string_view(d, n), pos_, false);
      if (pos_ == n) break;
      char c = d[pos_++];
      if (c == '\\') escape_ = true;
      if (c == '"') in_string_ = false;
      if (c == '\n') ++line_;
      continue;
    }
    if (element_line_ == 0) {
      char c = d[pos_];
      if (IsSpace(c)) {
        line_ += c == '\n' ? 1 : 0;
        ++pos_;
        continue;
      }
      if (c != ',' && c != ']') element_line_ = line_;
    }
    while (pos_ < n && !kOutside[static_cast<unsigned char>(d[pos_])]) ++pos_;
    if (pos_ == n) break;
    char c = d[pos_];
    if (c == '"') {
      in_string_ = true;
    } else if (c == '{' || c == '[') {
      ++depth_;
    } else if (c == '\n') {
      ++line_;
    } else if (depth_ > 0 && (c == '}' || c == ']')) {
      --depth_;
    } else if (depth_ == 0 && (c == ',' || c == ']')) {
      EndElement(pos_, c == ']');
      if (c == ']') mode_ = Mode::kAfterArray;
      begin_ = pos_ + 1;
    }
    ++pos_;
  }
  if (mode_ != Mode::kArray || element_line_ == 0) return;
  if (!skipping_ && pos_ - begin_ > max_bytes_) {
    Error(Piece::Form::kElement, TooLarge(DescribeError(simdjson::CAPACITY, parser_.limits())));
    skipping_ = true;
  }
  if (skipping_) begin_ = pos_;
}

void DocumentSplitter::EndElement(size_t end, bool closes) {
  std::string_view text = Trim(std::string_view(buf_).substr(begin_, end - begin_));
  if (skipping_) {
    skipping_ = false;
  } else if (text.empty()) {
    if (closes && index_ == 0) return;  // []
    Error(Piece::Form::kElement, InvalidInput("not valid JSON: an array element is missing (two commas in a row, or "
                                              "a comma before \"]\")"));
  } else {
    visit_(Piece{Piece::Form::kElement, text, element_line_, index_, Status::Ok()});
  }
  ++index_;
  element_line_ = 0;
  depth_ = 0;
}

void DocumentSplitter::FinishArray() {
  if (element_line_ != 0) {
    if (in_string_ || depth_ > 0 || escape_) {
      if (!skipping_) Error(Piece::Form::kElement, InvalidInput("not valid JSON: the input ends inside this element"));
      element_line_ = 0;
      ++index_;
    } else {
      EndElement(buf_.size(), false);
    }
  }
  Error(Piece::Form::kLine, InvalidInput("not valid JSON: the array is not closed (no \"]\" at the end)"));
  mode_ = Mode::kSkipRest;
  begin_ = pos_ = buf_.size();
}

bool DocumentSplitter::ConfirmsLines(std::string_view line, bool first) {
  bool record = false;
  size_t start = line.find_first_not_of(" \t\r");
  if (start != std::string_view::npos && line[start] == '{') {
    // A record on its own line, not an object inside a pretty-printed document.
    auto doc = parser_.Parse(line);
    record = doc.ok() && is_record_(*doc);
  }
  if (first) {
    first_line_record_ = record;
    return false;
  }
  return record || first_line_record_;
}

void DocumentSplitter::ScanLines(bool at_end) {
  while (pos_ < buf_.size()) {
    size_t nl = std::string_view(buf_).find('\n', pos_);
    if (nl == std::string_view::npos && !at_end) break;
    size_t end = nl != std::string_view::npos ? nl : buf_.size();
    std::string_view line = std::string_view(buf_).substr(pos_, end - pos_);
    size_t number = line_++;
    pos_ = nl != std::string_view::npos ? end + 1 : end;
    if (mode_ == Mode::kLines) {
      if (!skipping_line_ && !IsBlank(line)) visit_(Piece{Piece::Form::kLine, line, number, 0, Status::Ok()});
      skipping_line_ = false;
      begin_ = pos_;
      continue;
    }
    if (IsBlank(line)) continue;
    bool first = !seen_first_line_;
    seen_first_line_ = true;
    if (ConfirmsLines(line, first)) {
      mode_ = Mode::kLines;
      pos_ = begin_;
      line_ = start_line_;
    }
  }
  size_t held = buf_.size() - begin_;
  if (mode_ == Mode::kLines) {
    if (!skipping_line_ && held > max_bytes_) {
      Error(Piece::Form::kLine, TooLarge(DescribeError(simdjson::CAPACITY, parser_.limits())));
      skipping_line_ = true;
    }
    if (skipping_line_) begin_ = pos_ = buf_.size();
    return;
  }
  if (held > max_bytes_ && first_line_record_) {
    // Too large to be one document, and it began with a record: JSON Lines
    // whose second line is long.
    mode_ = Mode::kLines;
    pos_ = begin_;
    line_ = start_line_;
    ScanLines(at_end);
  } else if (held > max_bytes_) {
    Error(Piece::Form::kWhole, TooLarge(DescribeError(simdjson::CAPACITY, parser_.limits())));
    mode_ = Mode::kSkipRest;
    begin_ = pos_ = buf_.size();
  } else if (at_end) {
    visit_(Piece{Piece::Form::kWhole, std::string_view(buf_).substr(begin_), start_line_, 0, Status::Ok()});
    mode_ = Mode::kSkipRest;
    begin_ = pos_ = buf_.size();
  }
}

}  // namespace bucketwatch::json
