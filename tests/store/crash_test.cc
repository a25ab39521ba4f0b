// Crash consistency of the outbox, in the manner of leveldb's
// fault_injection_test: a child process handles events and delivers alerts
// to a "destination" (an append-only file, fsynced like an HTTP 200), and is
// killed with SIGKILL at random moments, again and again. After a final
// clean run every alert must have been delivered; any alert delivered more
// than once must have been marked as a possible repeat on each extra
// delivery; each kill may cause at most one extra delivery; no state may be
// missing. (A first delivery may carry the repeat mark: the process died
// after marking the alert in flight but before sending it. The mark means
// "possibly a repeat", so that is allowed.)
#include <fcntl.h>
#include <gtest/gtest.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <filesystem>
#include <fstream>
#include <map>
#include <random>
#include <thread>

#include "store/store.h"

namespace bucketwatch::store {
namespace {

constexpr int kEvents = 300;

// The child: handle every event not yet handled, then deliver every alert.
[[noreturn]] void Worker(const std::string& db_path, const std::string& sink_path) {
  auto opened = Store::Open(db_path);
  if (!opened.ok()) _exit(3);
  Store& store = **opened;
  int sink = ::open(sink_path.c_str(), O_WRONLY | O_APPEND | O_CREAT, 0600);
  if (sink < 0) _exit(4);
  int64_t now = 1;
  // Intake: all events accepted up front (the HTTP front door would do this).
  std::vector<InboxEvent> events;
  for (int i = 0; i < kEvents; ++i) events.push_back({0, "event-" + std::to_string(i), std::to_string(i), 0});
  if (!store.AddToInbox(events, now).ok()) _exit(5);
  while (true) {
    auto pending = store.PendingInbox(10);
    if (!pending.ok()) _exit(6);
    for (const InboxEvent& e : pending.value()) {
      std::string bucket = "bucket-" + e.body;
      Commit c;
      c.states.push_back({"111122223333", bucket, "public", "{}", true, 0, ++now});
      c.messages.push_back({"alert-" + e.event_id, "sink", bucket});
      c.inbox_done = e.id;
      c.seen_event = e.event_id;
      if (!store.Apply(c, now).ok()) _exit(7);
    }
    auto head = store.OutboxHead("sink");
    if (!head.ok()) _exit(8);
    if (!head.value() && pending.value().empty()) _exit(0);
    if (!head.value()) continue;
    auto repeat = store.BeginDelivery(head.value()->id);
    if (!repeat.ok()) _exit(9);
    std::string line = head.value()->key + (repeat.value() ? " repeat\n" : " first\n");
    if (::write(sink, line.data(), line.size()) != static_cast<ssize_t>(line.size())) _exit(10);
    ::fsync(sink);  // the destination has it: like Slack's 200
    if (!store.Delivered(head.value()->id).ok()) _exit(11);
  }
}

TEST(CrashConsistency, KillNineAtRandomMomentsLosesNothing) {
  auto dir = std::filesystem::temp_directory_path() / ("bw-crash-" + std::to_string(::getpid()));
  std::filesystem::create_directories(dir);
  std::string db_path = (dir / "state.db").string();
  std::string sink_path = (dir / "sink.txt").string();
  std::mt19937 rng(7);
  int kills = 0;
  for (int round = 0; round < 40; ++round) {
    pid_t pid = fork();
    ASSERT_GE(pid, 0);
    if (pid == 0) Worker(db_path, sink_path);
    std::this_thread::sleep_for(std::chrono::microseconds(500 + rng() % 20000));
    if (::kill(pid, SIGKILL) == 0) ++kills;
    int status = 0;
    waitpid(pid, &status, 0);
    if (WIFEXITED(status)) {
      ASSERT_EQ(WEXITSTATUS(status), 0) << "worker failed in round " << round;
      break;  // it finished before the kill
    }
  }
  // A last run to completion.
  pid_t pid = fork();
  ASSERT_GE(pid, 0);
  if (pid == 0) Worker(db_path, sink_path);
  int status = 0;
  waitpid(pid, &status, 0);
  ASSERT_TRUE(WIFEXITED(status));
  ASSERT_EQ(WEXITSTATUS(status), 0);

  std::map<std::string, std::vector<std::string>> deliveries;
  std::ifstream in(sink_path);
  std::string key, mark;
  while (in >> key >> mark) deliveries[key].push_back(mark);
  ASSERT_EQ(deliveries.size(), static_cast<size_t>(kEvents)) << "an alert was lost";
  int repeats = 0;
  for (const auto& [k, marks] : deliveries) {
    for (size_t i = 1; i < marks.size(); ++i) {
      EXPECT_EQ(marks[i], "repeat") << k << " was delivered again without the repeat mark";
      ++repeats;
    }
  }
  EXPECT_LE(repeats, kills) << "more extra deliveries than crashes";
  auto store = Store::Open(db_path).value();
  EXPECT_EQ(store->ListStates().value().size(), static_cast<size_t>(kEvents));
  EXPECT_EQ(store->OutboxDepth().value(), 0);
  EXPECT_EQ(store->InboxDepth().value(), 0);
  std::cout << "kills: " << kills << ", extra (marked) deliveries: " << repeats << "\n";
  std::filesystem::remove_all(dir);
}

}  // namespace
}  // namespace bucketwatch::store
