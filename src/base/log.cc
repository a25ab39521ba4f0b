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
  // The date and time to the second change once a second: format them then.
  thread_local std::time_t cached_secs = -1;
  thread_local char cached[32];
  thread_local size_t cached_len = 0;
  if (secs != cached_secs) {
    std::tm tm{};
    gmtime_r(&secs, &tm);
    cached_len = std::strftime(cached, sizeof cached, "%Y-%m-%dT%H:%M:%S", &tm);
    cached_secs = secs;
  }
  std::string out(cached, cached_len);
  int milli = static_cast<int>(ms % 1000);
  out += '.';
  out += static_cast<char>('0' + milli / 100);
  out += static_cast<char>('0' + milli / 10 % 10);
  out += static_cast<char>('0' + milli % 10);
  out += 'Z';
  return out;
}

void Emit(std::string& text) {
  text += '\n';
  if (Sink sink = CurrentSink().load()) {
    sink(text);
    return;
  }
  // One write(2) per line keeps lines whole when threads log at once.
  ssize_t ignored = ::write(STDERR_FILENO, text.data(), text.size());
  (void)ignored;
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

// {"time":"...","level":"...","event":<event>  (no closing brace)
std::string Prefix(Level level, std::string_view event) {
  std::string text;
  text.reserve(256);
  text += "{\"time\":\"";
  text += Now();
  text += "\",\"level\":\"";
  text += Name(level);
  text += "\",\"event\":";
  text += Fields(std::string(event)).dump(-1, ' ', false, nlohmann::detail::error_handler_t::replace);
  return text;
}

}  // namespace

bool Enabled(Level level) { return static_cast<int>(level) >= Threshold().load(std::memory_order_relaxed); }

void SetLevel(Level level) { Threshold().store(static_cast<int>(level)); }

void SetSinkForTesting(Sink sink) { CurrentSink().store(sink); }

void Write(Level level, std::string_view event, const Fields& fields) {
  if (!Enabled(level) || level == Level::kOff) return;
  constexpr auto kReplace = nlohmann::detail::error_handler_t::replace;
  std::string text;
  bool plain = fields.is_object() && !fields.contains("time") && !fields.contains("level") && !fields.contains("event");
  if (plain) {
    // The fixed keys written directly and the caller's fields spliced in:
    // no copy of the fields.
    text = Prefix(level, event);
    if (fields.empty()) {
      text += '}';
    } else {
      std::string rest = fields.dump(-1, ' ', false, kReplace);
      text += ',';
      text.append(rest, 1, std::string::npos);
    }
  } else {
    Fields line = Fields::object();
    line["time"] = Now();
    line["level"] = Name(level);
    line["event"] = std::string(event);
    if (fields.is_object()) {
      for (auto it = fields.begin(); it != fields.end(); ++it) line[it.key()] = it.value();
    }
    text = line.dump(-1, ' ', false, kReplace);
  }
  Emit(text);
}

void WriteSerialized(Level level, std::string_view event, std::string_view fields_json) {
  if (!Enabled(level) || level == Level::kOff) return;
  std::string text = Prefix(level, event);
  // Splice "{...}" after the fixed keys; anything else is not an object.
  size_t open = fields_json.find('{');
  size_t close = fields_json.rfind('}');
  if (open == std::string_view::npos || close == std::string_view::npos || close < open) {
    text += '}';
  } else {
    std::string_view inner = fields_json.substr(open + 1, close - open - 1);
    if (inner.find_first_not_of(" \t\r\n") != std::string_view::npos) {
      text += ',';
      text += inner;
    }
    text += '}';
  }
  Emit(text);
}

}  // namespace bucketwatch::log
