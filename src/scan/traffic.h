// How a scan's requests reach AWS. Shared by every thread of one scan:
//
//  * connections: each worker thread keeps one libcurl handle, and so its
//    kept-alive connections, for every account and client it serves;
//  * throttling: an answer that says "slow down" (503 SlowDown, 429,
//    Throttling...) halves the number of requests allowed in flight (at most
//    once a second), which then grows back by one per `limit` successes
//    (additive increase, multiplicative decrease), so a storm is ridden out
//    by sending less rather than by spending the retry quota;
//  * regions that do not answer: after `breaker_threshold` requests in a
//    row to one region and service got no answer at all (connection refused
//    or reset, timeouts), its remaining requests fail at once, without a
//    retry, naming the region and the last failure; after the cool-down one
//    probe is let through and an answer closes the breaker. A dead region
//    thus costs seconds, not a timeout per bucket.
#ifndef BUCKETWATCH_SCAN_TRAFFIC_H_
#define BUCKETWATCH_SCAN_TRAFFIC_H_

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <functional>
#include <map>
#include <mutex>
#include <string>
#include <vector>

#include "aws/transport.h"
#include "net/http.h"

namespace bucketwatch::scan {

struct TrafficSettings {
  int max_in_flight = 64;
  int min_in_flight = 2;
  int breaker_threshold = 8;
  std::chrono::milliseconds breaker_cooldown{30000};
  std::chrono::milliseconds decrease_interval{1000};
};

class TrafficControl {
 public:
  using SteadyClock = std::chrono::steady_clock;
  explicit TrafficControl(TrafficSettings settings, std::function<SteadyClock::time_point()> now = SteadyClock::now);

  // Transports that go through this control. `inner` sends the requests
  // (tests give a fake); by default a libcurl client per thread.
  aws::TransportFactory Factory(aws::TransportFactory inner = nullptr);

  // What a request is keyed by for the breaker: "<region>/<service>" from
  // its SigV4 credential scope, else its host.
  static std::string KeyOf(const net::HttpRequest& request);

  // The steps of one send, public for the transport and for tests.
  Status Admit(const std::string& key);  // fails fast when the key's breaker is open
  void Acquire();                        // waits for a slot under the current limit
  void Release();
  void Record(const std::string& key, const Result<net::HttpResponse>& outcome);

  size_t requests() const { return requests_.load(); }
  size_t throttled() const { return throttled_.load(); }
  size_t short_circuited() const { return short_circuited_.load(); }
  int limit() const;
  int peak_in_flight() const;
  // "ap-northeast-1/s3: ..." for every breaker open now.
  std::vector<std::string> OpenBreakers() const;

 private:
  struct Breaker {
    int consecutive_failures = 0;
    bool open = false;
    bool probing = false;
    SteadyClock::time_point retry_at;
    std::string last_failure;
  };
  void OnThrottle();
  void OnSuccess();

  TrafficSettings settings_;
  std::function<SteadyClock::time_point()> now_;

  mutable std::mutex mu_;
  std::condition_variable slot_free_;
  int limit_;
  int successes_ = 0;  // since the limit last changed
  int in_flight_ = 0;
  int peak_in_flight_ = 0;
  SteadyClock::time_point last_decrease_{};
  std::map<std::string, Breaker, std::less<>> breakers_;

  std::atomic<size_t> requests_{0};
  std::atomic<size_t> throttled_{0};
  std::atomic<size_t> short_circuited_{0};
};

}  // namespace bucketwatch::scan

#endif  // BUCKETWATCH_SCAN_TRAFFIC_H_
