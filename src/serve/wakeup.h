// A doorbell between threads: one side rings, the other waits for a ring or
// a timeout. Rings are not counted; a ring before the wait is not lost.
#ifndef BUCKETWATCH_SERVE_WAKEUP_H_
#define BUCKETWATCH_SERVE_WAKEUP_H_

#include <chrono>
#include <condition_variable>
#include <mutex>

namespace bucketwatch::serve {

class Wakeup {
 public:
  void Ring() {
    {
      std::lock_guard<std::mutex> lock(mu_);
      rung_ = true;
    }
    cv_.notify_all();
  }
  void WaitFor(std::chrono::milliseconds timeout) {
    std::unique_lock<std::mutex> lock(mu_);
    cv_.wait_for(lock, timeout, [this] { return rung_; });
    rung_ = false;
  }

 private:
  std::mutex mu_;
  std::condition_variable cv_;
  bool rung_ = false;
};

}  // namespace bucketwatch::serve

#endif  // BUCKETWATCH_SERVE_WAKEUP_H_
