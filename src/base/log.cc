#include "base/log.h"

#include <unistd.h>

#include <atomic>
#include <chrono>
#include <cstdlib>
#include <ctime>
#include <string>

namespace bucketwatch::log {
namespace {

Level LevelFromEnv() {
  const char* v = std::getenv("BUCKETWATCH_LOG_LEVEL");
  if (v == nullptr) return Level::kInfo;
  std::string_view s(v);
  if (s == "debug") return Level::kDebug;
  if (s == "warn" || s == "warning") return Level::kWarn;
  if (s == "error") return Level::kError;
  if (s == "off" || s == "none") return Level::kOff;
  return Level::kInfo;
}

std::atomic<int>& Threshold() {
  static std::atomic<int> threshold{static_cast<int>(LevelFromEnv())};
  return threshold;
}

std::atomic<Sink>& CurrentSink() {
  static std::atomic<Sink> sink{nullptr};
  return sink;
}

std::string Now() {
  auto now = std::chrono::system_clock::now();
  auto ms = std::chrono::duration_cast<std::chrono::milliseconds>(now.time_since_epoch()).count();
  std::time_t secs = static_cast<std::time_t>(ms / 1000);
  std::tm tm{};
  gmtime_r(&secs, &tm);
  char buf[40];
  size_t n = std::strftime(buf, sizeof buf, "%Y-%m-%dT%H:%M:%S", &tm);
  std::snprintf(buf + n, sizeof buf - n, ".%03dZ", static_cast<int>(ms % 1000));
  return buf;
}

const char* Name(Level level) {
  switch (level) {
    case Level::kDebug: return "debug";
    case Level::kInfo: return "info";
    case Level::kWarn: return "warn";
    case Level::kError: return "error";
    case Level::kOff: return "off";
  }
  return "info";
}

}  // namespace

bool Enabled(Level level) { return static_cast<int>(level) >= Threshold().load(std::memory_order_relaxed); }

void SetLevel(Level level) { Threshold().store(static_cast<int>(level)); }

void SetSinkForTesting(Sink sink) { CurrentSink().store(sink); }

void Write(Level level, std::string_view event, const Fields& fields) {
  if (!Enabled(level) || level == Level::kOff) return;
  Fields line = Fields::object();
  line["time"] = Now();
  line["level"] = Name(level);
  line["event"] = std::string(event);
  if (fields.is_object()) {
    for (auto it = fields.begin(); it != fields.end(); ++it) line[it.key()] = it.value();
  }
  std::string text = line.dump(-1, ' ', false, nlohmann::detail::error_handler_t::replace);
  text += '\n';
  if (Sink sink = CurrentSink().load()) {
    sink(text);
    return;
  }
  // One write(2) per line keeps lines whole when threads log at once.
  ssize_t ignored = ::write(STDERR_FILENO, text.data(), text.size());
  (void)ignored;
}

}  // namespace bucketwatch::log
