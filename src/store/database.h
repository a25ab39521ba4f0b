// A SQLite database file opened for durability: WAL journal, synchronous =
// FULL (a committed transaction survives power loss), foreign keys on, a
// busy timeout so a second process waits instead of failing. Statements are
// prepared once and cached by their text.
//
// One Database per thread (SQLite connections are not shared here); several
// processes or threads may open the same file.
#ifndef BUCKETWATCH_STORE_DATABASE_H_
#define BUCKETWATCH_STORE_DATABASE_H_

#include <cstdint>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "base/status.h"

struct sqlite3;
struct sqlite3_stmt;

namespace bucketwatch::store {

// A bound value for a statement parameter.
struct Value {
  enum class Kind { kNull, kInt, kText } kind = Kind::kNull;
  int64_t i = 0;
  std::string text;
  static Value Null() { return {}; }
  static Value Int(int64_t v) { return {Kind::kInt, v, {}}; }
  static Value Text(std::string v) { return {Kind::kText, 0, std::move(v)}; }
};

// One result row, columns by position.
struct Row {
  std::vector<std::optional<std::string>> text;  // every column as text (NULL = nullopt)
  int64_t Int(size_t column) const;
  const std::string& Text(size_t column) const;  // "" for NULL
  bool IsNull(size_t column) const { return !text.at(column).has_value(); }
};

class Database {
 public:
  // Opens (creating if needed) the file at `path`; ":memory:" for tests.
  static Result<std::unique_ptr<Database>> Open(const std::string& path);
  ~Database();
  Database(const Database&) = delete;
  Database& operator=(const Database&) = delete;

  // Runs one statement (or several separated by ';' when no parameters).
  Status Exec(std::string_view sql, const std::vector<Value>& params = {});
  // Runs a query and returns every row.
  Result<std::vector<Row>> Query(std::string_view sql, const std::vector<Value>& params = {});
  // Rows changed by the last Exec.
  int64_t Changes() const;
  int64_t LastInsertId() const;

  // BEGIN IMMEDIATE ... COMMIT, or ROLLBACK when `body` fails.
  template <typename F>
  Status Transaction(F&& body) {
    BW_RETURN_IF_ERROR(Exec("BEGIN IMMEDIATE"));
    Status s = body();
    if (!s.ok()) {
      (void)Exec("ROLLBACK");
      return s;
    }
    Status c = Exec("COMMIT");
    if (!c.ok()) (void)Exec("ROLLBACK");
    return c;
  }

  const std::string& path() const { return path_; }

 private:
  Database(sqlite3* db, std::string path) : db_(db), path_(std::move(path)) {}
  Result<sqlite3_stmt*> Prepare(std::string_view sql);
  Status Error(std::string_view what, int rc) const;

  sqlite3* db_;
  std::string path_;
  std::map<std::string, sqlite3_stmt*, std::less<>> cache_;
};

}  // namespace bucketwatch::store

#endif  // BUCKETWATCH_STORE_DATABASE_H_
