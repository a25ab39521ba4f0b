#include "scan/allow_list.h"

#include <toml++/toml.h>

#include <ctime>
#include <fstream>
#include <set>
#include <sstream>

#include "base/aws_names.h"
#include "exposure/glob.h"

namespace bucketwatch::scan {
namespace {

constexpr std::string_view kKeys[] = {"bucket", "account", "reason", "expires", "access"};

std::string At(const std::string& source, const toml::source_region& where) {
  return source + ":" + std::to_string(where.begin.line);
}

Clock::time_point UtcMidnight(int year, int month, int day) {
  std::tm tm{};
  tm.tm_year = year - 1900;
  tm.tm_mon = month - 1;
  tm.tm_mday = day;
  return Clock::from_time_t(timegm(&tm));
}

bool ValidDate(int year, int month, int day) {
  if (year < 1970 || year > 9999 || month < 1 || month > 12 || day < 1) return false;
  static constexpr int kDays[] = {31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  if (day > kDays[month - 1]) return false;
  bool leap = (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
  return !(month == 2 && day == 29 && !leap);
}

std::string TwoDigits(int n) { return (n < 10 ? "0" : "") + std::to_string(n); }

// expires = 2027-03-31 (allowed through that day, UTC), "2027-03-31", or an
// offset date-time (allowed until that instant).
Status ReadExpiry(const toml::node& node, const std::string& where, AllowEntry& entry) {
  if (const auto* date = node.as_date()) {
    const toml::date& d = date->get();
    if (!ValidDate(d.year, d.month, d.day)) return InvalidInput(where + ": expires is not a calendar date");
    entry.until = UtcMidnight(d.year, d.month, d.day) + std::chrono::hours(24);
    entry.expires = std::to_string(d.year) + "-" + TwoDigits(d.month) + "-" + TwoDigits(d.day);
    return Status::Ok();
  }
  if (const auto* text = node.as_string()) {
    const std::string& s = text->get();
    int y = 0, m = 0, d = 0;
    char tail = 0;
    if (s.size() != 10 || std::sscanf(s.c_str(), "%4d-%2d-%2d%c", &y, &m, &d, &tail) != 3 || !ValidDate(y, m, d)) {
      return InvalidInput(where + ": expires \"" + s + "\" is not a date such as 2027-03-31");
    }
    entry.until = UtcMidnight(y, m, d) + std::chrono::hours(24);
    entry.expires = s;
    return Status::Ok();
  }
  if (const auto* dt = node.as_date_time()) {
    const toml::date_time& t = dt->get();
    if (!t.offset) {
      return InvalidInput(where + ": expires has a time but no offset; write 2027-03-31T09:00:00+09:00, or a date");
    }
    if (!ValidDate(t.date.year, t.date.month, t.date.day))
      return InvalidInput(where + ": expires is not a calendar date");
    auto midnight = UtcMidnight(t.date.year, t.date.month, t.date.day);
    entry.until = midnight + std::chrono::hours(t.time.hour) + std::chrono::minutes(t.time.minute) +
                  std::chrono::seconds(t.time.second) - std::chrono::minutes(t.offset->minutes);
    std::ostringstream out;
    out << t;
    entry.expires = out.str();
    return Status::Ok();
  }
  return InvalidInput(where + ": expires must be a date such as 2027-03-31");
}

Status ReadAccess(const toml::node& node, const std::string& where, AllowEntry& entry) {
  const auto* array = node.as_array();
  if (array == nullptr || array->empty()) {
    return InvalidInput(where + ": access must be a non-empty list such as [\"read\", \"list\"]");
  }
  entry.access = 0;
  for (const toml::node& item : *array) {
    const auto* name = item.as_string();
    bool found = false;
    if (name != nullptr) {
      for (exposure::AccessKind kind : exposure::kAllAccessKinds) {
        if (exposure::AccessKindName(kind) == name->get()) {
          entry.access |= exposure::Bit(kind);
          found = true;
        }
      }
    }
    if (!found) {
      std::string got = name != nullptr ? "\"" + name->get() + "\"" : "a value that is not a string";
      return InvalidInput(where + ": access has " + got +
                          "; each must be one of read, list, write, read_acp, write_acp, bucket_config");
    }
  }
  return Status::Ok();
}

Result<AllowEntry> ReadEntry(const toml::table& table, const std::string& source) {
  AllowEntry entry;
  entry.line = static_cast<int>(table.source().begin.line);
  std::string where = At(source, table.source());
  for (const auto& [key, value] : table) {
    bool known = false;
    for (std::string_view k : kKeys) known = known || key.str() == k;
    if (!known) {
      return InvalidInput(At(source, value.source()) + ": unknown key \"" + std::string(key.str()) +
                          "\" (expected bucket, account, reason, expires, access)");
    }
  }
  auto text = [&](std::string_view key, bool required, std::string& out) -> Status {
    const toml::node* node = table.get(key);
    if (node == nullptr) {
      return required ? InvalidInput(where + ": the entry has no " + std::string(key)) : Status::Ok();
    }
    const auto* s = node->as_string();
    if (s == nullptr) return InvalidInput(At(source, node->source()) + ": " + std::string(key) + " must be a string");
    out = s->get();
    if (required && out.find_first_not_of(" \t") == std::string::npos) {
      return InvalidInput(At(source, node->source()) + ": " + std::string(key) + " is empty");
    }
    return Status::Ok();
  };
  BW_RETURN_IF_ERROR(text("bucket", true, entry.bucket));
  BW_RETURN_IF_ERROR(text("reason", true, entry.reason));
  BW_RETURN_IF_ERROR(text("account", false, entry.account));
  if (!entry.account.empty() && !IsAccountId(entry.account)) {
    return InvalidInput(At(source, table.get("account")->source()) + ": account \"" + entry.account +
                        "\" is not a 12-digit account id");
  }
  if (const toml::node* node = table.get("expires")) {
    BW_RETURN_IF_ERROR(ReadExpiry(*node, At(source, node->source()), entry));
  }
  if (const toml::node* node = table.get("access")) {
    BW_RETURN_IF_ERROR(ReadAccess(*node, At(source, node->source()), entry));
  }
  return entry;
}

// Higher is more specific.
int Specificity(const AllowEntry& e) { return (exposure::HasWildcard(e.bucket) ? 0 : 2) + (e.account.empty() ? 0 : 1); }

}  // namespace

Result<AllowList> AllowList::Parse(std::string_view text, std::string source) {
  AllowList list;
  list.source_ = source;
  toml::table root;
  try {
    root = toml::parse(text, source);
  } catch (const toml::parse_error& e) {
    return InvalidInput(At(source, e.source()) + ": " + std::string(e.description()));
  }
  for (const auto& [key, value] : root) {
    if (key.str() != "allow") {
      return InvalidInput(At(source, value.source()) + ": unknown key \"" + std::string(key.str()) +
                          "\"; entries are [[allow]] tables");
    }
  }
  const toml::node* allow = root.get("allow");
  if (allow == nullptr) return list;  // an empty allow-list allows nothing
  const auto* array = allow->as_array();
  if (array == nullptr || !array->is_array_of_tables()) {
    return InvalidInput(At(source, allow->source()) + ": \"allow\" must be written as [[allow]] tables");
  }
  std::set<std::pair<std::string, std::string>> seen;
  for (const toml::node& item : *array) {
    BW_ASSIGN_OR_RETURN(AllowEntry entry, ReadEntry(*item.as_table(), source));
    if (!seen.insert({entry.bucket, entry.account}).second) {
      return InvalidInput(source + ":" + std::to_string(entry.line) + ": a second entry for bucket \"" + entry.bucket +
                          "\"" + (entry.account.empty() ? "" : " in account " + entry.account));
    }
    list.entries_.push_back(std::move(entry));
  }
  return list;
}

Result<AllowList> AllowList::Load(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return NotFound(path + ": cannot open the allow-list");
  std::ostringstream text;
  text << in.rdbuf();
  if (in.bad()) return IoError(path + ": cannot read the allow-list");
  return Parse(text.str(), path);
}

std::optional<Allowance> AllowList::Match(std::string_view account, std::string_view bucket,
                                          Clock::time_point now) const {
  const AllowEntry* best = nullptr;
  for (const AllowEntry& e : entries_) {
    if (!e.account.empty() && e.account != account) continue;
    if (!exposure::GlobMatch(e.bucket, bucket)) continue;
    if (best == nullptr || Specificity(e) > Specificity(*best)) best = &e;
  }
  if (best == nullptr) return std::nullopt;
  Allowance a;
  a.reason = best->reason;
  a.expires = best->expires;
  a.expired = best->until && now >= *best->until;
  a.access = best->access;
  a.where = source_ + ":" + std::to_string(best->line);
  return a;
}

}  // namespace bucketwatch::scan
