// Which buckets have an event in hand, so that events about different
// buckets are handled side by side while each bucket's events keep their
// order. A bucket event waits while its bucket or its whole account is
// busy; an account-wide event (account Block Public Access, the sweep of
// one account) waits while anything of that account is busy.
#ifndef BUCKETWATCH_SERVE_BUCKET_LANES_H_
#define BUCKETWATCH_SERVE_BUCKET_LANES_H_

#include <map>
#include <set>
#include <string>

namespace bucketwatch::serve {

// A lane: one bucket of one account, or (bucket empty) the whole account.
struct Lane {
  std::string account;
  std::string bucket;
};

class BucketLanes {
 public:
  // Would `lane` run into one that is taken?
  bool Blocked(const Lane& lane) const {
    auto it = accounts_.find(lane.account);
    if (it == accounts_.end()) return false;
    const Taken& t = it->second;
    if (t.whole > 0) return true;
    if (lane.bucket.empty()) return !t.buckets.empty();
    return t.buckets.count(lane.bucket) > 0;
  }
  void Take(const Lane& lane) {
    Taken& t = accounts_[lane.account];
    if (lane.bucket.empty()) {
      ++t.whole;
    } else {
      t.buckets.insert(lane.bucket);
    }
  }
  void Release(const Lane& lane) {
    auto it = accounts_.find(lane.account);
    if (it == accounts_.end()) return;
    Taken& t = it->second;
    if (lane.bucket.empty()) {
      if (t.whole > 0) --t.whole;
    } else {
      t.buckets.erase(lane.bucket);
    }
    if (t.whole == 0 && t.buckets.empty()) accounts_.erase(it);
  }
  bool empty() const { return accounts_.empty(); }

 private:
  struct Taken {
    int whole = 0;
    std::set<std::string> buckets;
  };
  std::map<std::string, Taken> accounts_;
};

}  // namespace bucketwatch::serve

#endif  // BUCKETWATCH_SERVE_BUCKET_LANES_H_
