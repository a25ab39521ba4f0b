// The embedded store of the daemon (`serve`): one SQLite file holding
//   - bucket_state: the last verdict announced per account + bucket, so only
//     changes are announced ("became public", "public in a new way", "fixed");
//   - rule_state: the last result of each AWS Config rule per account +
//     bucket, so a rule's repeated NON_COMPLIANT is announced once;
//   - outbox: every alert, written before it is sent and deleted only when
//     the destination accepted it; kept in order per destination;
//   - inbox: events accepted from outside (HTTP, SQS) and not yet handled;
//   - seen_events: ids of events already handled, to drop duplicates.
//
// Every change that must not be half-done goes through Apply(), one
// transaction: new state + its alerts + removal of the event that caused
// them. A crash at any moment leaves either all of it or none.
//
// Delivery protocol (at most one repeat, and marked): BeginDelivery() sets
// in_flight and commits before the send; Delivered() deletes the row after
// the destination accepted it. If the process dies between the two, the row
// is still in flight at restart: the next BeginDelivery() reports it as a
// possible repeat, and the message goes out marked as such.
//
// Times are milliseconds since the epoch, passed in by the caller (no clock
// here). Not thread-safe: one Store per thread; several may share the file.
#ifndef BUCKETWATCH_STORE_STORE_H_
#define BUCKETWATCH_STORE_STORE_H_

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "base/status.h"
#include "store/database.h"

namespace bucketwatch::store {

struct BucketState {
  std::string account;
  std::string bucket;
  std::string fingerprint;  // what changed is decided by comparing these
  std::string summary;      // the verdict summary as JSON, for "what was it before"
  bool exposed = false;
  int64_t updated_at_ms = 0;
  // When the read the verdict came from began: a read that began earlier
  // never replaces this state (out-of-order results of concurrent reads).
  int64_t observed_at_ms = 0;
};

// An AWS Config rule's last result for a bucket (bucket empty: the account).
struct RuleState {
  std::string account;
  std::string bucket;
  std::string rule;
  std::string compliance;      // "NON_COMPLIANT", "COMPLIANT", ...
  int64_t observed_at_ms = 0;  // when Config recorded it, for out-of-order events
};

struct NewMessage {
  std::string key;          // idempotency key: the same key is enqueued once
  std::string destination;  // "slack" (serve/event_worker.h, kSlackDestination)
  std::string payload;      // what to send, ready to go
  // The record of a shared state table that holds the alert as pending
  // (change/memory.h), cleared once it is delivered; account empty: none.
  std::string account;
  std::string bucket;
  // The same message marked as a possible repeat (notify::SlackMessage),
  // sent instead when an earlier attempt may have reached Slack.
  std::string repeat_payload;
};

struct OutboxMessage {
  int64_t id = 0;
  std::string key;
  std::string destination;
  std::string payload;
  int64_t created_at_ms = 0;
  int attempts = 0;
  bool in_flight = false;
  int64_t next_attempt_at_ms = 0;
  std::string last_error;
  std::string account;  // as NewMessage
  std::string bucket;
  std::string repeat_payload;  // as NewMessage; empty in messages queued by a version before it
};

struct InboxEvent {
  int64_t id = 0;
  std::string event_id;
  std::string body;
  int64_t received_at_ms = 0;
};

// What one handled event changes, applied atomically.
struct Commit {
  std::vector<BucketState> states;        // upserted, unless older than what is stored
  std::vector<RuleState> rules;           // upserted, unless older than what is stored
  std::vector<NewMessage> messages;       // enqueued (ignored when the key exists)
  std::optional<int64_t> inbox_done;      // inbox row to delete
  std::optional<std::string> seen_event;  // event id to remember
};

class Store {
 public:
  static Result<std::unique_ptr<Store>> Open(const std::string& path);

  Result<std::optional<BucketState>> GetState(const std::string& account, const std::string& bucket);
  Result<std::vector<BucketState>> ListStates(const std::string& account = {});
  Result<std::optional<RuleState>> GetRuleState(const std::string& account, const std::string& bucket,
                                                const std::string& rule);

  // Returns, for each state in the commit, whether it was stored (false when
  // the stored one was observed later: an out-of-order event changes nothing).
  Result<std::vector<bool>> Apply(const Commit& commit, int64_t now_ms);
  // Several commits in one transaction (one fsync for a batch of events).
  Status ApplyAll(const std::vector<Commit>& commits, int64_t now_ms);

  // The oldest message for `destination`: delivery is in order, so a later
  // message waits while an earlier one is being retried.
  Result<std::optional<OutboxMessage>> OutboxHead(const std::string& destination);
  Result<std::vector<std::string>> OutboxDestinations();
  // Marks the message in flight (committed before any send). Returns true
  // when it was already in flight: a previous attempt may have been delivered.
  Result<bool> BeginDelivery(int64_t id);
  Status Delivered(int64_t id);
  Status DeliveryFailed(int64_t id, int64_t next_attempt_at_ms, const std::string& error);
  Result<int64_t> OutboxDepth();
  // Sets a message aside that its destination refused for good (Slack's 4xx):
  // it stays in the outbox under destination "parked:<destination>", with
  // the reason, so nothing is dropped and later messages are not held up.
  Status Park(int64_t id, const std::string& error);
  static constexpr std::string_view kParkedPrefix = "parked:";

  // Adds events to the inbox in one transaction (group commit). Events whose
  // id is already in the inbox or was seen are skipped; returns how many
  // were new.
  Result<int64_t> AddToInbox(const std::vector<InboxEvent>& events, int64_t now_ms);
  // The oldest events after row `after_id`, in the order they were accepted.
  Result<std::vector<InboxEvent>> PendingInbox(int limit, int64_t after_id = 0);
  Result<int64_t> InboxDepth();
  Result<bool> Seen(const std::string& event_id);
  // Forgets seen event ids older than `before_ms`.
  Status PruneSeen(int64_t before_ms);

  Database& database() { return *db_; }

 private:
  explicit Store(std::unique_ptr<Database> db) : db_(std::move(db)) {}
  Status Migrate();
  Status ApplyOne(const Commit& commit, int64_t now_ms, std::vector<bool>& stored);

  std::unique_ptr<Database> db_;
};

}  // namespace bucketwatch::store

#endif  // BUCKETWATCH_STORE_STORE_H_
