// change::Memory over the daemon's own SQLite store (store/store.h), for a
// daemon that shares no state table with other replicas.
//
// It reads the file but writes into the commit being prepared: the bucket's
// new state, the alerts it decided (the outbox) and the event's removal
// from the inbox are then one transaction. So nothing is kept as pending
// here: the outbox, written in the same transaction, is where an alert
// waits, and a crash before the commit leaves the event in the inbox with
// none of it done. Only the event worker's thread uses it (single writer),
// so a write never loses a race.
#ifndef BUCKETWATCH_SERVE_STORE_MEMORY_H_
#define BUCKETWATCH_SERVE_STORE_MEMORY_H_

#include <cstdint>
#include <optional>
#include <string_view>

#include "change/memory.h"
#include "store/store.h"

namespace bucketwatch::serve {

class StoreMemory final : public change::Memory {
 public:
  StoreMemory(store::Store& store, store::Commit& commit) : store_(store), commit_(commit) {}

  Result<change::Recollection> Recall(std::string_view account, std::string_view bucket) override;
  Result<std::optional<int64_t>> Keep(std::string_view account, std::string_view bucket, int64_t seen_version,
                                      const change::Recollection& next) override;

 private:
  store::Store& store_;
  store::Commit& commit_;
};

}  // namespace bucketwatch::serve

#endif  // BUCKETWATCH_SERVE_STORE_MEMORY_H_
