// Finding the bytes of a JSON string that need a look: the ones JSON
// reserves inside a string (a control character, '"' or '\\') and, when
// asked, the ones that are not ASCII. Both the writer (which escapes them)
// and the stream splitter (which skips over strings to find where a
// document ends) scan long runs of ordinary bytes, 16 at a time.
#ifndef BUCKETWATCH_BASE_JSON_SCAN_H_
#define BUCKETWATCH_BASE_JSON_SCAN_H_

#include <cstddef>
#include <string_view>

namespace bucketwatch::json {

// The first byte of `text` at or after `from` that is a control character,
// '"' or '\\', or (with `high`) at or above 0x80; text.size() when there is
// none. Nothing past the text is read.
size_t FindStringSpecial(std::string_view text, size_t from, bool high);

}  // namespace bucketwatch::json

#endif  // BUCKETWATCH_BASE_JSON_SCAN_H_
