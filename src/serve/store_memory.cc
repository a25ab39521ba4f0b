#include "serve/store_memory.h"

#include <string>

#include "base/log.h"

namespace bucketwatch::serve {

Result<change::Recollection> StoreMemory::Recall(std::string_view account, std::string_view bucket) {
  std::optional<store::BucketState> stored;
  // A state this commit already holds (a sweep reads many buckets) is newer than the file's.
  for (auto it = commit_.states.rbegin(); it != commit_.states.rend() && !stored; ++it) {
    if (it->account == account && it->bucket == bucket) stored = *it;
  }
  if (!stored) {
    BW_ASSIGN_OR_RETURN(stored, store_.GetState(std::string(account), std::string(bucket)));
  }
  change::Recollection r;
  if (!stored) return r;
  r.version = 1;
  r.observed_at_ms = stored->observed_at_ms;
  auto digest = change::Digest::FromJson(stored->summary);
  if (digest.ok()) {
    r.digest = std::move(digest).value();
  } else {
    // Judged as never seen: its next alert says the state before is unknown.
    log::Warn("state.unreadable", {{"bucket", std::string(bucket)}, {"error", digest.status().ToString()}});
  }
  return r;
}

Result<std::optional<int64_t>> StoreMemory::Keep(std::string_view account, std::string_view bucket,
                                                 int64_t seen_version, const change::Recollection& next) {
  if (!next.digest) return Status(StatusCode::kInternal, "a bucket state without a verdict digest");
  const change::Digest& d = *next.digest;
  // updated_at_ms is stamped by Store::Apply when the commit is written.
  commit_.states.push_back(store::BucketState{std::string(account), std::string(bucket), d.Fingerprint(), d.ToJson(),
                                              d.exposed, 0, next.observed_at_ms});
  return std::optional<int64_t>(seen_version + 1);
}

}  // namespace bucketwatch::serve
