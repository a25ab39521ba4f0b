// Group commit for the inbox: many HTTP (or SQS) threads hand in events at
// once; one thread writes everything waiting in a single transaction
// (synchronous=FULL: one fsync for the whole group) and then answers them
// all. An event is acknowledged only after its transaction committed.
#ifndef BUCKETWATCH_SERVE_INBOX_WRITER_H_
#define BUCKETWATCH_SERVE_INBOX_WRITER_H_

#include <condition_variable>
#include <cstdint>
#include <functional>
#include <memory>
#include <mutex>
#include <thread>
#include <vector>

#include "base/status.h"
#include "serve/metrics.h"
#include "store/store.h"

namespace bucketwatch::serve {

class InboxWriter {
 public:
  // `store` is used by the writer's thread only.
  InboxWriter(std::unique_ptr<store::Store> store, Metrics& metrics, size_t max_group = 2048);
  ~InboxWriter();  // Stop()s

  // Blocks until the event is committed (ok: durable; true when it was new,
  // false for a duplicate) or the write failed.
  Result<bool> Add(std::string event_id, std::string body);

  // Called after each committed group that added events (rings the event worker).
  void set_on_commit(std::function<void()> f) { on_commit_ = std::move(f); }

  // Writes what is waiting, then ends the thread. Later Add()s fail.
  void Stop();

 private:
  struct Pending {
    store::InboxEvent event;
    bool done = false;
    Status status;
    bool added = false;
  };
  void Run();

  std::unique_ptr<store::Store> store_;
  Metrics& metrics_;
  size_t max_group_;
  std::function<void()> on_commit_;
  std::mutex mu_;
  std::condition_variable work_cv_;
  std::condition_variable done_cv_;
  std::vector<Pending*> queue_;
  bool stopping_ = false;
  std::thread thread_;
};

}  // namespace bucketwatch::serve

#endif  // BUCKETWATCH_SERVE_INBOX_WRITER_H_
