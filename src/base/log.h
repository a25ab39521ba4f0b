// Structured logs: one JSON object per line on standard error (CloudWatch
// Logs and journald keep each line as one record).
//
//   log::Info("slack.sent", {{"bucket", name}, {"attempt", 2}});
//   -> {"time":"2026-11-29T01:02:03.456Z","level":"info","event":"slack.sent","bucket":"b","attempt":2}
//
// The threshold comes from BUCKETWATCH_LOG_LEVEL (debug|info|warn|error|off,
// default info). Never pass a secret as a field: redact it first
// (base/redact.h). Thread-safe: each line is written with one write(2).
#ifndef BUCKETWATCH_BASE_LOG_H_
#define BUCKETWATCH_BASE_LOG_H_

#include <nlohmann/json.hpp>

#include <string_view>

namespace bucketwatch::log {

enum class Level { kDebug = 0, kInfo = 1, kWarn = 2, kError = 3, kOff = 4 };

using Fields = nlohmann::ordered_json;

bool Enabled(Level level);
void Write(Level level, std::string_view event, const Fields& fields = Fields::object());

inline void Debug(std::string_view event, const Fields& fields = Fields::object()) {
  Write(Level::kDebug, event, fields);
}
inline void Info(std::string_view event, const Fields& fields = Fields::object()) {
  Write(Level::kInfo, event, fields);
}
inline void Warn(std::string_view event, const Fields& fields = Fields::object()) {
  Write(Level::kWarn, event, fields);
}
inline void Error(std::string_view event, const Fields& fields = Fields::object()) {
  Write(Level::kError, event, fields);
}

// The same line from fields already written as one JSON object ("{...}"),
// for the once-per-event line on hot paths where building a Fields tree
// costs more than the rest of the work. `fields_json` must be valid JSON.
void WriteSerialized(Level level, std::string_view event, std::string_view fields_json);

// Tests capture log lines instead of writing them to standard error.
using Sink = void (*)(std::string_view line);
void SetSinkForTesting(Sink sink);
void SetLevel(Level level);

}  // namespace bucketwatch::log

#endif  // BUCKETWATCH_BASE_LOG_H_
