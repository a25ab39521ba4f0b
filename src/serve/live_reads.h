// Live reads of the daemon, run on a few threads of their own so that a
// slow S3 (a stalled connection, an outage with long retries) holds up only
// the events about the bucket being read. The event thread submits a read
// and goes on; finished reads are collected by the event thread, which
// alone touches the store.
#ifndef BUCKETWATCH_SERVE_LIVE_READS_H_
#define BUCKETWATCH_SERVE_LIVE_READS_H_

#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <deque>
#include <functional>
#include <mutex>
#include <thread>
#include <vector>

#include "base/status.h"
#include "handler/triage.h"
#include "serve/rescanner.h"

namespace bucketwatch::serve {

struct LiveRead {
  int64_t tag = 0;  // the caller's: which event asked for it
  handler::Rescan rescan;
  std::chrono::milliseconds timeout{0};
  int64_t started_at_ms = 0;  // when the read began: the time its facts are from
  Result<std::vector<scan::BucketVerdict>> result = Status(StatusCode::kUnavailable, "not read yet");
};

class LiveReads {
 public:
  // `on_finished` is called on a reading thread after each read.
  LiveReads(Rescanner& rescanner, int threads, std::function<void()> on_finished);
  ~LiveReads();  // waits for the reads in progress; queued ones are not started
  LiveReads(const LiveReads&) = delete;
  LiveReads& operator=(const LiveReads&) = delete;

  void Submit(LiveRead read);
  // The reads finished since the last call, in the order they finished.
  std::vector<LiveRead> TakeFinished();
  // Submitted and not yet taken back.
  int outstanding() const;
  // Waits until a read finishes (or `timeout`); true when one is waiting to be taken.
  bool WaitForFinished(std::chrono::milliseconds timeout);

 private:
  void Run();

  Rescanner& rescanner_;
  std::function<void()> on_finished_;
  mutable std::mutex mu_;
  std::condition_variable work_;
  std::condition_variable done_;
  std::deque<LiveRead> queued_;
  std::vector<LiveRead> finished_;
  int outstanding_ = 0;
  bool stop_ = false;
  std::vector<std::thread> threads_;
};

}  // namespace bucketwatch::serve

#endif  // BUCKETWATCH_SERVE_LIVE_READS_H_
