#include "store/database.h"

#include <sqlite3.h>

#include <charconv>

namespace bucketwatch::store {

int64_t Row::Int(size_t column) const {
  const auto& v = text.at(column);
  if (!v) return 0;
  int64_t out = 0;
  std::from_chars(v->data(), v->data() + v->size(), out);
  return out;
}

const std::string& Row::Text(size_t column) const {
  static const std::string kEmpty;
  const auto& v = text.at(column);
  return v ? *v : kEmpty;
}

Result<std::unique_ptr<Database>> Database::Open(const std::string& path) {
  sqlite3* db = nullptr;
  int rc =
      sqlite3_open_v2(path.c_str(), &db, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_NOMUTEX, nullptr);
  if (rc != SQLITE_OK) {
    std::string message = db ? sqlite3_errmsg(db) : sqlite3_errstr(rc);
    if (db) sqlite3_close(db);
    return IoError("cannot open the state database: " + message).WithSource(path);
  }
  std::unique_ptr<Database> out(new Database(db, path));
  sqlite3_busy_timeout(db, 10000);
  // WAL lets readers run beside the writer; FULL syncs the WAL at every
  // commit, so an acknowledged event or alert survives a crash or power loss.
  BW_RETURN_IF_ERROR(out->Exec("PRAGMA journal_mode=WAL; PRAGMA synchronous=FULL; PRAGMA foreign_keys=ON;"));
  return out;
}

Database::~Database() {
  for (auto& [sql, stmt] : cache_) sqlite3_finalize(stmt);
  sqlite3_close(db_);
}

Status Database::Error(std::string_view what, int rc) const {
  StatusCode code = (rc == SQLITE_BUSY || rc == SQLITE_LOCKED) ? StatusCode::kUnavailable : StatusCode::kIoError;
  return Status(code, std::string(what) + ": " + sqlite3_errmsg(db_)).WithSource(path_);
}

Result<sqlite3_stmt*> Database::Prepare(std::string_view sql) {
  if (auto it = cache_.find(sql); it != cache_.end()) {
    sqlite3_reset(it->second);
    sqlite3_clear_bindings(it->second);
    return it->second;
  }
  sqlite3_stmt* stmt = nullptr;
  int rc = sqlite3_prepare_v2(db_, sql.data(), static_cast<int>(sql.size()), &stmt, nullptr);
  if (rc != SQLITE_OK) return Error("cannot prepare statement", rc);
  cache_.emplace(std::string(sql), stmt);
  return stmt;
}

Status Database::Exec(std::string_view sql, const std::vector<Value>& params) {
  if (params.empty() && sql.find(';') != std::string_view::npos) {
    char* err = nullptr;
    std::string text(sql);
    int rc = sqlite3_exec(db_, text.c_str(), nullptr, nullptr, &err);
    if (rc != SQLITE_OK) {
      std::string message = err ? err : sqlite3_errstr(rc);
      sqlite3_free(err);
      return Status(rc == SQLITE_BUSY ? StatusCode::kUnavailable : StatusCode::kIoError, message).WithSource(path_);
    }
    return Status::Ok();
  }
  auto rows = Query(sql, params);
  if (!rows.ok()) return rows.status();
  return Status::Ok();
}

Result<std::vector<Row>> Database::Query(std::string_view sql, const std::vector<Value>& params) {
  BW_ASSIGN_OR_RETURN(sqlite3_stmt * stmt, Prepare(sql));
  for (size_t i = 0; i < params.size(); ++i) {
    const Value& v = params[i];
    int index = static_cast<int>(i) + 1;
    int rc = SQLITE_OK;
    switch (v.kind) {
      case Value::Kind::kNull: rc = sqlite3_bind_null(stmt, index); break;
      case Value::Kind::kInt: rc = sqlite3_bind_int64(stmt, index, v.i); break;
      case Value::Kind::kText:
        rc = sqlite3_bind_text(stmt, index, v.text.data(), static_cast<int>(v.text.size()), SQLITE_TRANSIENT);
        break;
    }
    if (rc != SQLITE_OK) return Error("cannot bind a parameter", rc);
  }
  std::vector<Row> rows;
  while (true) {
    int rc = sqlite3_step(stmt);
    if (rc == SQLITE_DONE) break;
    if (rc != SQLITE_ROW) {
      Status s = Error("statement failed", rc);
      sqlite3_reset(stmt);
      return s;
    }
    Row row;
    int n = sqlite3_column_count(stmt);
    row.text.reserve(static_cast<size_t>(n));
    for (int c = 0; c < n; ++c) {
      if (sqlite3_column_type(stmt, c) == SQLITE_NULL) {
        row.text.emplace_back(std::nullopt);
      } else {
        const auto* p = reinterpret_cast<const char*>(sqlite3_column_text(stmt, c));
        row.text.emplace_back(std::string(p, static_cast<size_t>(sqlite3_column_bytes(stmt, c))));
      }
    }
    rows.push_back(std::move(row));
  }
  sqlite3_reset(stmt);
  return rows;
}

int64_t Database::Changes() const { return sqlite3_changes64(db_); }
int64_t Database::LastInsertId() const { return sqlite3_last_insert_rowid(db_); }

}  // namespace bucketwatch::store
