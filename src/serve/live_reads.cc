#include "serve/live_reads.h"

#include <utility>

#include "base/deadline.h"
#include "serve/event_worker.h"

namespace bucketwatch::serve {

LiveReads::LiveReads(Rescanner& rescanner, int threads, std::function<void()> on_finished)
    : rescanner_(rescanner), on_finished_(std::move(on_finished)) {
  if (threads < 1) threads = 1;
  threads_.reserve(static_cast<size_t>(threads));
  for (int i = 0; i < threads; ++i) threads_.emplace_back([this] { Run(); });
}

LiveReads::~LiveReads() {
  {
    std::lock_guard<std::mutex> lock(mu_);
    stop_ = true;
  }
  work_.notify_all();
  for (std::thread& t : threads_) t.join();
}

void LiveReads::Submit(LiveRead read) {
  {
    std::lock_guard<std::mutex> lock(mu_);
    queued_.push_back(std::move(read));
    ++outstanding_;
  }
  work_.notify_one();
}

std::vector<LiveRead> LiveReads::TakeFinished() {
  std::lock_guard<std::mutex> lock(mu_);
  std::vector<LiveRead> out;
  out.swap(finished_);
  outstanding_ -= static_cast<int>(out.size());
  return out;
}

int LiveReads::outstanding() const {
  std::lock_guard<std::mutex> lock(mu_);
  return outstanding_;
}

bool LiveReads::WaitForFinished(std::chrono::milliseconds timeout) {
  std::unique_lock<std::mutex> lock(mu_);
  return done_.wait_for(lock, timeout, [this] { return !finished_.empty(); });
}

void LiveReads::Run() {
  for (;;) {
    LiveRead read;
    {
      std::unique_lock<std::mutex> lock(mu_);
      work_.wait(lock, [this] { return stop_ || !queued_.empty(); });
      if (stop_) return;
      read = std::move(queued_.front());
      queued_.pop_front();
    }
    read.started_at_ms = NowMs();
    read.result = rescanner_.Rescan(read.rescan, Deadline::In(read.timeout));
    {
      std::lock_guard<std::mutex> lock(mu_);
      finished_.push_back(std::move(read));
    }
    done_.notify_all();
    if (on_finished_) on_finished_();
  }
}

}  // namespace bucketwatch::serve
