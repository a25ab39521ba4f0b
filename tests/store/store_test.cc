#include "store/store.h"

#include <gtest/gtest.h>

#include <filesystem>

namespace bucketwatch::store {
namespace {

std::unique_ptr<Store> OpenMemory() {
  auto s = Store::Open(":memory:");
  EXPECT_TRUE(s.ok()) << s.status().ToString();
  return std::move(s).value();
}

BucketState State(const std::string& bucket, const std::string& fp, int64_t observed) {
  return BucketState{"111122223333", bucket, fp, "{}", fp != "private", 0, observed};
}

TEST(Store, StateRoundTrip) {
  auto store = OpenMemory();
  EXPECT_FALSE(store->GetState("111122223333", "b").value().has_value());
  ASSERT_TRUE(store->Apply({.states = {State("b", "public-read", 100)}}, 1000).ok());
  auto got = store->GetState("111122223333", "b").value();
  ASSERT_TRUE(got.has_value());
  EXPECT_EQ(got->fingerprint, "public-read");
  EXPECT_TRUE(got->exposed);
  EXPECT_EQ(got->updated_at_ms, 1000);
  EXPECT_EQ(store->ListStates().value().size(), 1u);
}

TEST(Store, OlderObservationDoesNotRollStateBack) {
  auto store = OpenMemory();
  ASSERT_TRUE(store->Apply({.states = {State("b", "private", 200)}}, 1).ok());
  auto stored = store->Apply({.states = {State("b", "public-read", 150)}}, 2);
  ASSERT_TRUE(stored.ok());
  EXPECT_EQ(stored.value(), std::vector<bool>{false});
  EXPECT_EQ(store->GetState("111122223333", "b").value()->fingerprint, "private");
}

TEST(Store, OutboxIsOrderedAndIdempotent) {
  auto store = OpenMemory();
  ASSERT_TRUE(store->Apply({.messages = {{"k1", "slack:a", "one"}, {"k2", "slack:a", "two"}}}, 1).ok());
  ASSERT_TRUE(store->Apply({.messages = {{"k1", "slack:a", "one again"}}}, 2).ok());  // same key: ignored
  EXPECT_EQ(store->OutboxDepth().value(), 2);
  auto head = store->OutboxHead("slack:a").value();
  ASSERT_TRUE(head.has_value());
  EXPECT_EQ(head->payload, "one");
  EXPECT_FALSE(store->BeginDelivery(head->id).value());
  ASSERT_TRUE(store->DeliveryFailed(head->id, 5000, "HTTP 500").ok());
  // Still the head: the second message waits behind it.
  auto again = store->OutboxHead("slack:a").value();
  EXPECT_EQ(again->id, head->id);
  EXPECT_EQ(again->attempts, 1);
  EXPECT_EQ(again->next_attempt_at_ms, 5000);
  EXPECT_EQ(again->last_error, "HTTP 500");
  EXPECT_FALSE(store->BeginDelivery(head->id).value());  // the failed attempt did not deliver
  ASSERT_TRUE(store->Delivered(head->id).ok());
  EXPECT_EQ(store->OutboxHead("slack:a").value()->payload, "two");
}

TEST(Store, InFlightAtRestartIsAPossibleRepeat) {
  auto path = std::filesystem::temp_directory_path() / ("bw-store-" + std::to_string(::getpid()) + ".db");
  std::filesystem::remove(path);
  int64_t id;
  {
    auto store = Store::Open(path.string()).value();
    ASSERT_TRUE(store->Apply({.messages = {{"k", "slack:a", "alert"}}}, 1).ok());
    id = store->OutboxHead("slack:a").value()->id;
    EXPECT_FALSE(store->BeginDelivery(id).value());
    // The process "dies" here: no Delivered, no DeliveryFailed.
  }
  auto store = Store::Open(path.string()).value();
  EXPECT_TRUE(store->BeginDelivery(id).value());
  std::filesystem::remove(path);
}

TEST(Store, InboxDropsDuplicatesAndSeenEvents) {
  auto store = OpenMemory();
  EXPECT_EQ(store->AddToInbox({{0, "e1", "{}", 0}, {0, "e2", "{}", 0}, {0, "e1", "{}", 0}}, 1).value(), 2);
  auto pending = store->PendingInbox(10).value();
  ASSERT_EQ(pending.size(), 2u);
  ASSERT_TRUE(store->Apply({.inbox_done = pending[0].id, .seen_event = "e1"}, 2).ok());
  EXPECT_EQ(store->InboxDepth().value(), 1);
  EXPECT_TRUE(store->Seen("e1").value());
  EXPECT_EQ(store->AddToInbox({{0, "e1", "{}", 0}}, 3).value(), 0);  // already handled
  ASSERT_TRUE(store->PruneSeen(10).ok());
  EXPECT_FALSE(store->Seen("e1").value());
}

TEST(Store, CommitIsAllOrNothing) {
  auto store = OpenMemory();
  ASSERT_TRUE(store->AddToInbox({{0, "e1", "{}", 0}}, 1).ok());
  int64_t inbox_id = store->PendingInbox(1).value()[0].id;
  // Break the transaction halfway: a state row with a NULL-violating field is
  // impossible through the API, so drop the table to force a failure.
  ASSERT_TRUE(store->database().Exec("DROP TABLE seen_events").ok());
  auto r = store->Apply({.states = {State("b", "public-read", 1)},
                         .messages = {{"k", "slack:a", "x"}},
                         .inbox_done = inbox_id,
                         .seen_event = "e1"},
                        2);
  EXPECT_FALSE(r.ok());
  EXPECT_FALSE(store->GetState("111122223333", "b").value().has_value());
  EXPECT_EQ(store->OutboxDepth().value(), 0);
  EXPECT_EQ(store->InboxDepth().value(), 1);
}

TEST(Store, RefusesANewerSchema) {
  auto path = std::filesystem::temp_directory_path() / ("bw-store-v-" + std::to_string(::getpid()) + ".db");
  std::filesystem::remove(path);
  {
    auto db = Database::Open(path.string()).value();
    ASSERT_TRUE(db->Exec("PRAGMA user_version = 99;").ok());
  }
  auto s = Store::Open(path.string());
  ASSERT_FALSE(s.ok());
  EXPECT_NE(s.status().message().find("newer bucketwatch"), std::string::npos);
  std::filesystem::remove(path);
}

// A state file of an older schema: its outbox with `columns` beyond those
// every version had, and one undelivered message.
std::filesystem::path OldStateFile(int version, const std::string& columns) {
  auto path = std::filesystem::temp_directory_path() /
              ("bw-store-v" + std::to_string(version) + "-" + std::to_string(::getpid()) + ".db");
  std::filesystem::remove(path);
  auto db = Database::Open(path.string()).value();
  EXPECT_TRUE(db->Exec("CREATE TABLE outbox (id INTEGER PRIMARY KEY AUTOINCREMENT, key TEXT NOT NULL UNIQUE, "
                       "destination TEXT NOT NULL, payload TEXT NOT NULL, created_at_ms INTEGER NOT NULL, "
                       "attempts INTEGER NOT NULL DEFAULT 0, in_flight INTEGER NOT NULL DEFAULT 0, "
                       "next_attempt_at_ms INTEGER NOT NULL DEFAULT 0, last_error TEXT NOT NULL DEFAULT ''" +
                       columns +
                       ") STRICT;"
                       "INSERT INTO outbox (key, destination, payload, created_at_ms) VALUES ('old', 'slack', 'x', 1);"
                       "PRAGMA user_version = " +
                       std::to_string(version) + ";")
                  .ok());
  return path;
}

// A file written before the outbox knew its messages' state records: opened,
// upgraded in place, its undelivered message kept.
TEST(Store, UpgradesAnOutboxWithoutStateRecords) {
  auto path = OldStateFile(2, "");
  auto store = Store::Open(path.string());
  ASSERT_TRUE(store.ok()) << store.status().ToString();
  auto old = (*store)->OutboxHead("slack").value();
  ASSERT_TRUE(old.has_value());
  EXPECT_EQ(old->key, "old");
  EXPECT_EQ(old->bucket, "");
  ASSERT_TRUE((*store)->Delivered(old->id).ok());
  ASSERT_TRUE((*store)->Apply({.messages = {{"new", "slack", "y", "111122223333", "b", "y marked"}}}, 2).ok());
  auto now = (*store)->OutboxHead("slack").value();
  ASSERT_TRUE(now.has_value());
  EXPECT_EQ(now->account, "111122223333");
  EXPECT_EQ(now->bucket, "b");
  EXPECT_EQ(now->repeat_payload, "y marked");
  store->reset();
  std::filesystem::remove(path);
}

// A file of the version before marked copies: its queued message has none.
TEST(Store, UpgradesAnOutboxWithoutMarkedCopies) {
  auto path = OldStateFile(3, ", account TEXT NOT NULL DEFAULT '', bucket TEXT NOT NULL DEFAULT ''");
  auto store = Store::Open(path.string());
  ASSERT_TRUE(store.ok()) << store.status().ToString();
  auto old = (*store)->OutboxHead("slack").value();
  ASSERT_TRUE(old.has_value());
  EXPECT_EQ(old->payload, "x");
  EXPECT_EQ(old->repeat_payload, "");
  store->reset();
  std::filesystem::remove(path);
}

}  // namespace
}  // namespace bucketwatch::store
