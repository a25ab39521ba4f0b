#include "serve/inbox_writer.h"

#include <utility>

#include "base/log.h"
#include "serve/event_worker.h"

namespace bucketwatch::serve {

InboxWriter::InboxWriter(std::unique_ptr<store::Store> store, Metrics& metrics, size_t max_group)
    : store_(std::move(store)), metrics_(metrics), max_group_(max_group) {
  thread_ = std::thread([this] { Run(); });
}

InboxWriter::~InboxWriter() { Stop(); }

void InboxWriter::Stop() {
  {
    std::lock_guard<std::mutex> lock(mu_);
    stopping_ = true;
  }
  work_cv_.notify_all();
  if (thread_.joinable()) thread_.join();
}

Result<bool> InboxWriter::Add(std::string event_id, std::string body) {
  Pending p;
  p.event.event_id = std::move(event_id);
  p.event.body = std::move(body);
  std::unique_lock<std::mutex> lock(mu_);
  if (stopping_) return Status(StatusCode::kUnavailable, "shutting down");
  queue_.push_back(&p);
  work_cv_.notify_one();
  done_cv_.wait(lock, [&p] { return p.done; });
  if (!p.status.ok()) return p.status;
  return p.added;
}

void InboxWriter::Run() {
  std::vector<Pending*> group;
  std::vector<store::InboxEvent> events;
  for (;;) {
    {
      std::unique_lock<std::mutex> lock(mu_);
      work_cv_.wait(lock, [this] { return stopping_ || !queue_.empty(); });
      if (queue_.empty()) return;  // stopping, nothing left
      size_t n = std::min(queue_.size(), max_group_);
      group.assign(queue_.begin(), queue_.begin() + static_cast<std::ptrdiff_t>(n));
      queue_.erase(queue_.begin(), queue_.begin() + static_cast<std::ptrdiff_t>(n));
    }
    events.clear();
    for (Pending* p : group) events.push_back(p->event);
    auto added = store_->AddToInbox(events, NowMs());
    Status status = added.ok() ? Status::Ok() : added.status();
    int64_t new_events = added.ok() ? *added : 0;
    if (!status.ok()) log::Error("inbox.write_failed", {{"events", group.size()}, {"error", status.ToString()}});
    metrics_.events_received += new_events;
    metrics_.events_duplicate += static_cast<int64_t>(group.size()) - new_events;
    metrics_.inbox_depth += new_events;
    {
      std::lock_guard<std::mutex> lock(mu_);
      // Which ones were new is not reported per event; all in a committed
      // group are durable, which is what the sender needs to know.
      for (Pending* p : group) {
        p->status = status;
        p->added = new_events > 0;
        p->done = true;
      }
    }
    done_cv_.notify_all();
    if (new_events > 0 && on_commit_) on_commit_();
  }
}

}  // namespace bucketwatch::serve
