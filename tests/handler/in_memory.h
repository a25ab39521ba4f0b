// An in-memory change::Memory for the handler's tests.
#ifndef BUCKETWATCH_TESTS_HANDLER_IN_MEMORY_H_
#define BUCKETWATCH_TESTS_HANDLER_IN_MEMORY_H_

#include <functional>
#include <map>
#include <string>
#include <string_view>
#include <utility>

#include "change/memory.h"

namespace bucketwatch::handler {

// Records by "account/bucket"; `before_keep` runs before each write (a rival
// writer can slip in there).
class InMemory : public change::Memory {
 public:
  std::map<std::string, change::Recollection> records;
  std::function<void()> before_keep;
  int writes = 0;

  Result<change::Recollection> Recall(std::string_view account, std::string_view bucket) override {
    auto it = records.find(Key(account, bucket));
    return it == records.end() ? change::Recollection{} : it->second;
  }
  Result<std::optional<int64_t>> Keep(std::string_view account, std::string_view bucket, int64_t seen,
                                      const change::Recollection& next) override {
    if (before_keep) std::exchange(before_keep, nullptr)();
    change::Recollection& r = records[Key(account, bucket)];
    if (r.version != seen) return std::optional<int64_t>();
    ++writes;
    int64_t version = seen + 1;
    r = next;
    r.version = version;
    return std::optional<int64_t>(version);
  }

 private:
  static std::string Key(std::string_view a, std::string_view b) { return std::string(a) + "/" + std::string(b); }
};

}  // namespace bucketwatch::handler

#endif  // BUCKETWATCH_TESTS_HANDLER_IN_MEMORY_H_
