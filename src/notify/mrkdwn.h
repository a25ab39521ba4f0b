// Slack text safety (docs/sources.md, "Slack mrkdwn escaping" and
// "Slack Block Kit limits"; Slack's "Formatting text for app surfaces"):
// escape exactly &, < and > in text from outside, so that nothing an attacker
// puts in a bucket name, a Sid or an annotation can become a mention
// (<!channel>) or a disguised link; and cut text to Block Kit's limits by
// characters, never inside an escape or a link.
#ifndef BUCKETWATCH_NOTIFY_MRKDWN_H_
#define BUCKETWATCH_NOTIFY_MRKDWN_H_

#include <cstddef>
#include <string>
#include <string_view>

namespace bucketwatch::notify {

// & -> &amp; (first), < -> &lt;, > -> &gt;. Nothing else changes.
std::string Escape(std::string_view text);
// The same, appended to `out`.
void AppendEscaped(std::string& out, std::string_view text);

// The longest piece of outside text shown whole in one place: longer than
// any real identifier (a bucket name has at most 255 characters even under
// us-east-1's legacy rules), short enough that a hostile 10,000-character
// value cannot push the rest of its line or field out of Block Kit's limits.
inline constexpr size_t kValueChars = 256;

// An identifier shown literally: escaped, line breaks made spaces, wrapped
// in backticks so mrkdwn markup inside it (*, _, ~) is shown as typed, and
// cut to `max_chars` characters (the marker inside the span). A backtick in
// it is shown as U+02CB MODIFIER LETTER GRAVE ACCENT (see mrkdwn.cc).
std::string Code(std::string_view identifier, size_t max_chars = kValueChars);

// Outside text on one line: escaped, line breaks made spaces, cut to
// `max_chars` characters.
std::string EscapeLine(std::string_view text, size_t max_chars = kValueChars);

// Outside text as a block quote: escaped, and every line of it (\n, \r\n
// or \r) starting with ">", so that no line of it can leave the quote and
// pass for a part of the message ("*FAKE HEADER*" stays quoted).
std::string Quote(std::string_view text);

// A link whose address and label are both escaped.
std::string Link(std::string_view url, std::string_view label);

// Number of characters (Unicode code points) in UTF-8 text.
size_t CountChars(std::string_view text);

// Text marking that something was cut.
inline constexpr std::string_view kCutMarker = "…";

// Cuts already-escaped mrkdwn to at most `max_chars` characters including
// the marker: never inside an entity (&amp;), a <link|label> or a
// `code span`, never inside a UTF-8 sequence. Unchanged when it fits.
std::string TruncateMrkdwn(std::string_view text, size_t max_chars);

// The same for plain_text (only the UTF-8 boundary matters).
std::string TruncatePlain(std::string_view text, size_t max_chars);

}  // namespace bucketwatch::notify

#endif  // BUCKETWATCH_NOTIFY_MRKDWN_H_
