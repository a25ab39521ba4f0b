// Deadline: the moment by which work must be finished, on the monotonic
// clock. A Lambda invocation's deadline comes as wall-clock epoch
// milliseconds (Lambda-Runtime-Deadline-Ms); FromEpochMs converts it once, so
// later clock adjustments cannot move it.
#ifndef BUCKETWATCH_BASE_DEADLINE_H_
#define BUCKETWATCH_BASE_DEADLINE_H_

#include <chrono>
#include <cstdint>

namespace bucketwatch {

class Deadline {
 public:
  using Clock = std::chrono::steady_clock;

  // No deadline at all (a command run by hand).
  static Deadline Never() { return Deadline(Clock::time_point::max()); }
  static Deadline In(std::chrono::milliseconds d) { return Deadline(Clock::now() + d); }
  static Deadline At(Clock::time_point t) { return Deadline(t); }
  // `epoch_ms` is milliseconds since 1970 on the system clock.
  static Deadline FromEpochMs(int64_t epoch_ms) {
    auto now_ms =
        std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::system_clock::now().time_since_epoch())
            .count();
    return In(std::chrono::milliseconds(epoch_ms - now_ms));
  }

  bool never() const { return at_ == Clock::time_point::max(); }
  // Time left; zero or negative once passed. Never() reports a very large value.
  std::chrono::milliseconds Remaining() const {
    if (never()) return std::chrono::milliseconds(INT64_MAX / 2);
    return std::chrono::duration_cast<std::chrono::milliseconds>(at_ - Clock::now());
  }
  bool Expired() const { return Remaining().count() <= 0; }
  Clock::time_point at() const { return at_; }

 private:
  explicit Deadline(Clock::time_point at) : at_(at) {}
  Clock::time_point at_;
};

}  // namespace bucketwatch

#endif  // BUCKETWATCH_BASE_DEADLINE_H_
