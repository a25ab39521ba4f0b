#include "notify/mrkdwn.h"

#include <algorithm>

namespace bucketwatch::notify {
namespace {

bool IsContinuation(unsigned char c) { return (c & 0xC0) == 0x80; }

// Byte offset of the end of the first `n` characters (or the whole text).
size_t OffsetOfChars(std::string_view text, size_t n) {
  size_t i = 0;
  while (i < text.size() && n > 0) {
    ++i;
    while (i < text.size() && IsContinuation(static_cast<unsigned char>(text[i]))) ++i;
    --n;
  }
  return i;
}

}  // namespace

void AppendEscaped(std::string& out, std::string_view text) {
  out.reserve(out.size() + text.size() + 8);
  size_t start = 0;
  for (size_t i = 0; i < text.size(); ++i) {
    char c = text[i];
    if (c != '&' && c != '<' && c != '>') continue;
    out.append(text.data() + start, i - start);
    out += c == '&' ? "&amp;" : c == '<' ? "&lt;" : "&gt;";
    start = i + 1;
  }
  out.append(text.data() + start, text.size() - start);
}

std::string Escape(std::string_view text) {
  std::string out;
  AppendEscaped(out, text);
  return out;
}

// Slack's mrkdwn has no escape for a backtick: only &, < and > can be
// written as entities ("Escaping text",
// https://api.slack.com/reference/surfaces/formatting#escaping), a
// backslash is shown as typed, and doubled backticks (CommonMark's way) do
// not make a code span in Slack ("Slack doesn't actually support escaping
// backticks", https://github.com/sourcegraph/sourcegraph-public-snapshot/pull/40275).
// Closing and reopening the span around a bare backtick leaves a lone
// backtick that pairs with the next span of the message. So a backtick
// inside a code span is shown as its lookalike U+02CB MODIFIER LETTER GRAVE
// ACCENT: the Sid a`b reads `aˋb`, not `ab`.
constexpr std::string_view kBacktickLookalike = "\xCB\x8B";

void AppendEscapedLine(std::string& out, std::string_view text, bool in_code) {
  for (char c : text) {
    switch (c) {
      case '`':
        if (in_code) {
          out += kBacktickLookalike;
        } else {
          out += c;
        }
        break;
      case '\n':
      case '\r':
      case '\t': out += ' '; break;
      case '&': out += "&amp;"; break;
      case '<': out += "&lt;"; break;
      case '>': out += "&gt;"; break;
      default: out += c;
    }
  }
}

std::string Code(std::string_view identifier, size_t max_chars) {
  std::string cut = TruncatePlain(identifier, max_chars);
  std::string out;
  out.reserve(cut.size() + 8);
  out += '`';
  AppendEscapedLine(out, cut, true);
  if (out.size() == 1) out += ' ';
  out += '`';
  return out;
}

std::string EscapeLine(std::string_view text, size_t max_chars) {
  std::string out;
  AppendEscapedLine(out, TruncatePlain(text, max_chars), false);
  return out;
}

std::string Quote(std::string_view text) {
  std::string out;
  out.reserve(text.size() + 16);
  size_t start = 0;
  while (true) {
    size_t end = text.find_first_of("\r\n", start);
    out += '>';
    AppendEscaped(out, text.substr(start, end == std::string_view::npos ? std::string_view::npos : end - start));
    if (end == std::string_view::npos) break;
    start = end + (text.compare(end, 2, "\r\n") == 0 ? 2 : 1);
    out += '\n';
  }
  return out;
}

std::string Link(std::string_view url, std::string_view label) {
  // '|' ends the address part of a link; neither part may contain one raw.
  std::string safe_url(url);
  std::replace(safe_url.begin(), safe_url.end(), '|', '_');
  std::string safe_label(label);
  std::replace(safe_label.begin(), safe_label.end(), '|', '/');
  return "<" + Escape(safe_url) + "|" + Escape(safe_label) + ">";
}

size_t CountChars(std::string_view text) {
  size_t n = 0;
  for (char c : text) {
    if (!IsContinuation(static_cast<unsigned char>(c))) ++n;
  }
  return n;
}

std::string TruncatePlain(std::string_view text, size_t max_chars) {
  // A character is at least one byte: short texts need no counting.
  if (text.size() <= max_chars || CountChars(text) <= max_chars) return std::string(text);
  size_t marker = CountChars(kCutMarker);
  if (max_chars <= marker) return std::string(text.substr(0, OffsetOfChars(text, max_chars)));
  std::string out(text.substr(0, OffsetOfChars(text, max_chars - marker)));
  out += kCutMarker;
  return out;
}

std::string TruncateMrkdwn(std::string_view text, size_t max_chars) {
  if (text.size() <= max_chars || CountChars(text) <= max_chars) return std::string(text);
  size_t marker = CountChars(kCutMarker);
  size_t keep = max_chars > marker ? max_chars - marker : 0;
  std::string_view prefix = text.substr(0, OffsetOfChars(text, keep));
  // Not inside a <link|label>: cut before an unclosed '<'.
  if (size_t lt = prefix.rfind('<'); lt != std::string_view::npos && prefix.find('>', lt) == std::string_view::npos) {
    prefix = prefix.substr(0, lt);
  }
  // Not inside an entity: cut before an '&' whose ';' was cut off.
  if (size_t amp = prefix.rfind('&');
      amp != std::string_view::npos && prefix.find(';', amp) == std::string_view::npos) {
    prefix = prefix.substr(0, amp);
  }
  // Not inside a code span: an odd number of backticks leaves one open.
  if (std::count(prefix.begin(), prefix.end(), '`') % 2 == 1) prefix = prefix.substr(0, prefix.rfind('`'));
  while (!prefix.empty() && (prefix.back() == ' ' || prefix.back() == '\n')) prefix.remove_suffix(1);
  std::string out(prefix);
  if (max_chars >= marker) out += kCutMarker;
  return out;
}

}  // namespace bucketwatch::notify
