#include "aws/timestamp.h"

#include <cctype>
#include <ctime>

namespace bucketwatch::aws {
namespace {

bool Digits(std::string_view s, size_t pos, size_t n, int& out) {
  if (pos + n > s.size()) return false;
  out = 0;
  for (size_t i = pos; i < pos + n; ++i) {
    if (!std::isdigit(static_cast<unsigned char>(s[i]))) return false;
    out = out * 10 + (s[i] - '0');
  }
  return true;
}

}  // namespace

Result<Clock::time_point> ParseIso8601(std::string_view text) {
  auto bad = [&] { return InvalidInput("\"" + std::string(text.substr(0, 64)) + "\" is not an ISO 8601 time"); };
  int year, mon, day, hour, min, sec;
  if (!Digits(text, 0, 4, year) || text.size() < 19 || text[4] != '-' || !Digits(text, 5, 2, mon) || text[7] != '-' ||
      !Digits(text, 8, 2, day) || (text[10] != 'T' && text[10] != ' ' && text[10] != 't') ||
      !Digits(text, 11, 2, hour) || text[13] != ':' || !Digits(text, 14, 2, min) || text[16] != ':' ||
      !Digits(text, 17, 2, sec)) {
    return bad();
  }
  if (mon < 1 || mon > 12 || day < 1 || day > 31 || hour > 23 || min > 59 || sec > 60) return bad();
  size_t pos = 19;
  if (pos < text.size() && text[pos] == '.') {
    ++pos;
    while (pos < text.size() && std::isdigit(static_cast<unsigned char>(text[pos]))) ++pos;
  }
  long offset = 0;
  std::string_view zone = text.substr(pos);
  if (zone == "Z" || zone == "z") {
    offset = 0;
  } else if (zone.size() == 6 && (zone[0] == '+' || zone[0] == '-') && zone[3] == ':') {
    int oh, om;
    if (!Digits(zone, 1, 2, oh) || !Digits(zone, 4, 2, om)) return bad();
    offset = (oh * 3600L + om * 60L) * (zone[0] == '-' ? -1 : 1);
  } else {
    return bad();  // no zone: ambiguous, refuse rather than guess local time
  }
  std::tm tm{};
  tm.tm_year = year - 1900;
  tm.tm_mon = mon - 1;
  tm.tm_mday = day;
  tm.tm_hour = hour;
  tm.tm_min = min;
  tm.tm_sec = sec;
  return Clock::from_time_t(timegm(&tm) - offset);
}

std::string FormatIso8601(Clock::time_point t) {
  std::time_t secs = Clock::to_time_t(t);
  std::tm tm{};
  gmtime_r(&secs, &tm);
  char buf[32];
  std::strftime(buf, sizeof buf, "%Y-%m-%dT%H:%M:%SZ", &tm);
  return buf;
}

}  // namespace bucketwatch::aws
