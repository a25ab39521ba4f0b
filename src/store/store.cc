#include "store/store.h"

namespace bucketwatch::store {
namespace {

// 2: rule_state. 3: the outbox's account and bucket. Older files are
// upgraded in place (tables and columns added).
constexpr int kSchemaVersion = 4;

constexpr const char* kSchema = R"sql(
CREATE TABLE IF NOT EXISTS bucket_state (
  account TEXT NOT NULL,
  bucket TEXT NOT NULL,
  fingerprint TEXT NOT NULL,
  summary TEXT NOT NULL,
  exposed INTEGER NOT NULL,
  updated_at_ms INTEGER NOT NULL,
  observed_at_ms INTEGER NOT NULL,
  PRIMARY KEY (account, bucket)
) STRICT;
CREATE TABLE IF NOT EXISTS rule_state (
  account TEXT NOT NULL,
  bucket TEXT NOT NULL,
  rule TEXT NOT NULL,
  compliance TEXT NOT NULL,
  observed_at_ms INTEGER NOT NULL,
  PRIMARY KEY (account, bucket, rule)
) STRICT;
CREATE TABLE IF NOT EXISTS outbox (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  key TEXT NOT NULL UNIQUE,
  destination TEXT NOT NULL,
  payload TEXT NOT NULL,
  created_at_ms INTEGER NOT NULL,
  attempts INTEGER NOT NULL DEFAULT 0,
  in_flight INTEGER NOT NULL DEFAULT 0,
  next_attempt_at_ms INTEGER NOT NULL DEFAULT 0,
  last_error TEXT NOT NULL DEFAULT '',
  account TEXT NOT NULL DEFAULT '',
  bucket TEXT NOT NULL DEFAULT '',
  repeat_payload TEXT NOT NULL DEFAULT ''
) STRICT;
CREATE INDEX IF NOT EXISTS outbox_by_destination ON outbox (destination, id);
CREATE TABLE IF NOT EXISTS inbox (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  event_id TEXT NOT NULL UNIQUE,
  body TEXT NOT NULL,
  received_at_ms INTEGER NOT NULL
) STRICT;
CREATE TABLE IF NOT EXISTS seen_events (
  event_id TEXT PRIMARY KEY,
  seen_at_ms INTEGER NOT NULL
) STRICT;
)sql";

BucketState StateFromRow(const Row& r) {
  return BucketState{r.Text(0), r.Text(1), r.Text(2), r.Text(3), r.Int(4) != 0, r.Int(5), r.Int(6)};
}

OutboxMessage MessageFromRow(const Row& r) {
  OutboxMessage m{r.Int(0),      r.Text(1), r.Text(2), r.Text(3), r.Int(4),  static_cast<int>(r.Int(5)),
                  r.Int(6) != 0, r.Int(7),  r.Text(8), r.Text(9), r.Text(10)};
  m.repeat_payload = r.Text(11);
  return m;
}

constexpr const char* kStateColumns = "account, bucket, fingerprint, summary, exposed, updated_at_ms, observed_at_ms";
constexpr const char* kOutboxColumns =
    "id, key, destination, payload, created_at_ms, attempts, in_flight, next_attempt_at_ms, last_error, account, "
    "bucket, repeat_payload";

}  // namespace

Result<std::unique_ptr<Store>> Store::Open(const std::string& path) {
  BW_ASSIGN_OR_RETURN(std::unique_ptr<Database> db, Database::Open(path));
  std::unique_ptr<Store> store(new Store(std::move(db)));
  BW_RETURN_IF_ERROR(store->Migrate());
  return store;
}

Status Store::Migrate() {
  BW_ASSIGN_OR_RETURN(auto rows, db_->Query("PRAGMA user_version"));
  int64_t version = rows.empty() ? 0 : rows[0].Int(0);
  if (version > kSchemaVersion) {
    return Status(StatusCode::kInvalidInput, "the state database was written by a newer bucketwatch (schema " +
                                                 std::to_string(version) + ", this one knows " +
                                                 std::to_string(kSchemaVersion) + ")")
        .WithSource(db_->path());
  }
  return db_->Transaction([&]() -> Status {
    if (version >= 1 && version < 3) {
      BW_RETURN_IF_ERROR(
          db_->Exec("ALTER TABLE outbox ADD COLUMN account TEXT NOT NULL DEFAULT '';"
                    "ALTER TABLE outbox ADD COLUMN bucket TEXT NOT NULL DEFAULT '';"));
    }
    // Messages queued before version 4 have no marked copy: a repeat of one
    // is sent unmarked, and the delivery says so in the log.
    if (version >= 1 && version < 4) {
      BW_RETURN_IF_ERROR(db_->Exec("ALTER TABLE outbox ADD COLUMN repeat_payload TEXT NOT NULL DEFAULT '';"));
    }
    BW_RETURN_IF_ERROR(db_->Exec(kSchema));
    return db_->Exec("PRAGMA user_version = " + std::to_string(kSchemaVersion) + ";");
  });
}

Result<std::optional<BucketState>> Store::GetState(const std::string& account, const std::string& bucket) {
  BW_ASSIGN_OR_RETURN(auto rows, db_->Query(std::string("SELECT ") + kStateColumns +
                                                " FROM bucket_state WHERE account = ? AND bucket = ?",
                                            {Value::Text(account), Value::Text(bucket)}));
  if (rows.empty()) return std::optional<BucketState>();
  return std::optional<BucketState>(StateFromRow(rows[0]));
}

Result<std::vector<BucketState>> Store::ListStates(const std::string& account) {
  std::vector<Row> rows;
  if (account.empty()) {
    BW_ASSIGN_OR_RETURN(
        rows, db_->Query(std::string("SELECT ") + kStateColumns + " FROM bucket_state ORDER BY account, bucket"));
  } else {
    BW_ASSIGN_OR_RETURN(rows, db_->Query(std::string("SELECT ") + kStateColumns +
                                             " FROM bucket_state WHERE account = ? ORDER BY bucket",
                                         {Value::Text(account)}));
  }
  std::vector<BucketState> out;
  out.reserve(rows.size());
  for (const Row& r : rows) out.push_back(StateFromRow(r));
  return out;
}

Result<std::optional<RuleState>> Store::GetRuleState(const std::string& account, const std::string& bucket,
                                                     const std::string& rule) {
  BW_ASSIGN_OR_RETURN(auto rows, db_->Query("SELECT compliance, observed_at_ms FROM rule_state "
                                            "WHERE account = ? AND bucket = ? AND rule = ?",
                                            {Value::Text(account), Value::Text(bucket), Value::Text(rule)}));
  if (rows.empty()) return std::optional<RuleState>();
  return std::optional<RuleState>(RuleState{account, bucket, rule, rows[0].Text(0), rows[0].Int(1)});
}

Status Store::ApplyOne(const Commit& commit, int64_t now_ms, std::vector<bool>& stored) {
  stored.clear();
  for (const BucketState& st : commit.states) {
    // An event observed before what we already hold must not roll the
    // state back (events arrive out of order).
    BW_RETURN_IF_ERROR(db_->Exec(
        "INSERT INTO bucket_state (account, bucket, fingerprint, summary, exposed, updated_at_ms, observed_at_ms) "
        "VALUES (?, ?, ?, ?, ?, ?, ?) "
        "ON CONFLICT (account, bucket) DO UPDATE SET fingerprint = excluded.fingerprint, "
        "summary = excluded.summary, exposed = excluded.exposed, updated_at_ms = excluded.updated_at_ms, "
        "observed_at_ms = excluded.observed_at_ms WHERE excluded.observed_at_ms >= bucket_state.observed_at_ms",
        {Value::Text(st.account), Value::Text(st.bucket), Value::Text(st.fingerprint), Value::Text(st.summary),
         Value::Int(st.exposed ? 1 : 0), Value::Int(now_ms), Value::Int(st.observed_at_ms)}));
    stored.push_back(db_->Changes() > 0);
  }
  for (const RuleState& r : commit.rules) {
    BW_RETURN_IF_ERROR(
        db_->Exec("INSERT INTO rule_state (account, bucket, rule, compliance, observed_at_ms) VALUES (?, ?, ?, ?, ?) "
                  "ON CONFLICT (account, bucket, rule) DO UPDATE SET compliance = excluded.compliance, "
                  "observed_at_ms = excluded.observed_at_ms WHERE excluded.observed_at_ms >= rule_state.observed_at_ms",
                  {Value::Text(r.account), Value::Text(r.bucket), Value::Text(r.rule), Value::Text(r.compliance),
                   Value::Int(r.observed_at_ms)}));
  }
  for (const NewMessage& m : commit.messages) {
    BW_RETURN_IF_ERROR(
        db_->Exec("INSERT OR IGNORE INTO outbox (key, destination, payload, created_at_ms, account, bucket, "
                  "repeat_payload) VALUES (?, ?, ?, ?, ?, ?, ?)",
                  {Value::Text(m.key), Value::Text(m.destination), Value::Text(m.payload), Value::Int(now_ms),
                   Value::Text(m.account), Value::Text(m.bucket), Value::Text(m.repeat_payload)}));
  }
  if (commit.inbox_done) {
    BW_RETURN_IF_ERROR(db_->Exec("DELETE FROM inbox WHERE id = ?", {Value::Int(*commit.inbox_done)}));
  }
  if (commit.seen_event) {
    BW_RETURN_IF_ERROR(db_->Exec("INSERT OR REPLACE INTO seen_events (event_id, seen_at_ms) VALUES (?, ?)",
                                 {Value::Text(*commit.seen_event), Value::Int(now_ms)}));
  }
  return Status::Ok();
}

Result<std::vector<bool>> Store::Apply(const Commit& commit, int64_t now_ms) {
  std::vector<bool> stored;
  Status s = db_->Transaction([&]() -> Status { return ApplyOne(commit, now_ms, stored); });
  if (!s.ok()) return s;
  return stored;
}

Status Store::ApplyAll(const std::vector<Commit>& commits, int64_t now_ms) {
  std::vector<bool> stored;
  return db_->Transaction([&]() -> Status {
    for (const Commit& c : commits) BW_RETURN_IF_ERROR(ApplyOne(c, now_ms, stored));
    return Status::Ok();
  });
}

Result<std::optional<OutboxMessage>> Store::OutboxHead(const std::string& destination) {
  BW_ASSIGN_OR_RETURN(auto rows, db_->Query(std::string("SELECT ") + kOutboxColumns +
                                                " FROM outbox WHERE destination = ? ORDER BY id LIMIT 1",
                                            {Value::Text(destination)}));
  if (rows.empty()) return std::optional<OutboxMessage>();
  return std::optional<OutboxMessage>(MessageFromRow(rows[0]));
}

Result<std::vector<std::string>> Store::OutboxDestinations() {
  BW_ASSIGN_OR_RETURN(auto rows, db_->Query("SELECT DISTINCT destination FROM outbox ORDER BY destination"));
  std::vector<std::string> out;
  out.reserve(rows.size());
  for (const Row& r : rows) out.push_back(r.Text(0));
  return out;
}

Result<bool> Store::BeginDelivery(int64_t id) {
  bool repeat = false;
  Status s = db_->Transaction([&]() -> Status {
    BW_ASSIGN_OR_RETURN(auto rows, db_->Query("SELECT in_flight FROM outbox WHERE id = ?", {Value::Int(id)}));
    if (rows.empty()) return NotFound("no outbox message " + std::to_string(id));
    repeat = rows[0].Int(0) != 0;
    return db_->Exec("UPDATE outbox SET in_flight = 1, attempts = attempts + 1 WHERE id = ?", {Value::Int(id)});
  });
  if (!s.ok()) return s;
  return repeat;
}

Status Store::Delivered(int64_t id) { return db_->Exec("DELETE FROM outbox WHERE id = ?", {Value::Int(id)}); }

Status Store::DeliveryFailed(int64_t id, int64_t next_attempt_at_ms, const std::string& error) {
  return db_->Exec("UPDATE outbox SET in_flight = 0, next_attempt_at_ms = ?, last_error = ? WHERE id = ?",
                   {Value::Int(next_attempt_at_ms), Value::Text(error), Value::Int(id)});
}

Status Store::Park(int64_t id, const std::string& error) {
  return db_->Exec("UPDATE outbox SET destination = ? || destination, in_flight = 0, last_error = ? WHERE id = ?",
                   {Value::Text(std::string(kParkedPrefix)), Value::Text(error), Value::Int(id)});
}

Result<int64_t> Store::OutboxDepth() {
  BW_ASSIGN_OR_RETURN(auto rows, db_->Query("SELECT count(*) FROM outbox"));
  return rows[0].Int(0);
}

Result<int64_t> Store::AddToInbox(const std::vector<InboxEvent>& events, int64_t now_ms) {
  int64_t added = 0;
  Status s = db_->Transaction([&]() -> Status {
    added = 0;
    for (const InboxEvent& e : events) {
      BW_ASSIGN_OR_RETURN(auto seen,
                          db_->Query("SELECT 1 FROM seen_events WHERE event_id = ?", {Value::Text(e.event_id)}));
      if (!seen.empty()) continue;
      BW_RETURN_IF_ERROR(db_->Exec("INSERT OR IGNORE INTO inbox (event_id, body, received_at_ms) VALUES (?, ?, ?)",
                                   {Value::Text(e.event_id), Value::Text(e.body), Value::Int(now_ms)}));
      added += db_->Changes();
    }
    return Status::Ok();
  });
  if (!s.ok()) return s;
  return added;
}

Result<std::vector<InboxEvent>> Store::PendingInbox(int limit, int64_t after_id) {
  BW_ASSIGN_OR_RETURN(auto rows, db_->Query("SELECT id, event_id, body, received_at_ms FROM inbox WHERE id > ? "
                                            "ORDER BY id LIMIT ?",
                                            {Value::Int(after_id), Value::Int(limit)}));
  std::vector<InboxEvent> out;
  out.reserve(rows.size());
  for (const Row& r : rows) out.push_back(InboxEvent{r.Int(0), r.Text(1), r.Text(2), r.Int(3)});
  return out;
}

Result<int64_t> Store::InboxDepth() {
  BW_ASSIGN_OR_RETURN(auto rows, db_->Query("SELECT count(*) FROM inbox"));
  return rows[0].Int(0);
}

Result<bool> Store::Seen(const std::string& event_id) {
  BW_ASSIGN_OR_RETURN(auto rows, db_->Query("SELECT 1 FROM seen_events WHERE event_id = ?", {Value::Text(event_id)}));
  return !rows.empty();
}

Status Store::PruneSeen(int64_t before_ms) {
  return db_->Exec("DELETE FROM seen_events WHERE seen_at_ms < ?", {Value::Int(before_ms)});
}

}  // namespace bucketwatch::store
