// Keeping secrets out of logs and error messages. A Slack webhook URL is a
// bearer credential: anyone holding it can post to the channel.
#ifndef BUCKETWATCH_BASE_REDACT_H_
#define BUCKETWATCH_BASE_REDACT_H_

#include <string>
#include <string_view>

namespace bucketwatch {

// "https://hooks.slack.com/services/T000/B000/XXXX" -> "https://hooks.slack.com/***".
// Keeps scheme, host and port only; anything unparseable becomes "***".
std::string RedactUrl(std::string_view url);

// Replaces every occurrence of `secret` (when at least 4 characters) in
// `text` with "***".
std::string RedactSecret(std::string text, std::string_view secret);

}  // namespace bucketwatch

#endif  // BUCKETWATCH_BASE_REDACT_H_
