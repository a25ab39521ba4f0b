// A fake BucketReader for the handler's tests: buckets by name, read
// without AWS, and an account-wide read that can run out of time after a
// given number of buckets.
#ifndef BUCKETWATCH_TESTS_HANDLER_FAKE_READER_H_
#define BUCKETWATCH_TESTS_HANDLER_FAKE_READER_H_

#include <algorithm>
#include <atomic>
#include <map>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

#include "base/json.h"
#include "exposure/evaluator.h"
#include "exposure/policy.h"
#include "handler/rescan.h"

namespace bucketwatch::handler {

using BpaPart = exposure::Part<exposure::BlockPublicAccess>;

inline exposure::Snapshot Bucket(const std::string& name, const std::string& policy = "") {
  exposure::Snapshot s;
  s.bucket = name;
  s.account = "123456789012";
  s.region = "us-west-2";
  exposure::Acl acl;
  exposure::Grant owner;
  owner.type = exposure::GranteeType::kCanonicalUser;
  owner.id = "owner";
  owner.permission = exposure::AclPermission::kFullControl;
  acl.owner_id = "owner";
  acl.grants.push_back(owner);
  s.acl = exposure::Part<exposure::Acl>::Of(acl);
  s.ownership = exposure::Part<exposure::ObjectOwnership>::Of(exposure::ObjectOwnership::kBucketOwnerEnforced);
  if (!policy.empty()) {
    json::Parser parser;
    s.policy_text = policy;
    s.policy = exposure::Part<exposure::Policy>::Of(exposure::ParsePolicyText(policy, parser));
  }
  return s;
}

inline std::string PublicPolicy(const std::string& bucket) {
  return R"({"Version":"2012-10-17","Statement":[{"Sid":"PublicRead","Effect":"Allow","Principal":"*",)"
         R"("Action":"s3:GetObject","Resource":"arn:aws:s3:::)" +
         bucket + R"(/*"}]})";
}

// Buckets by name; a name mapped to an error fails to read.
struct FakeState {
  std::map<std::string, exposure::Snapshot> buckets;
  std::map<std::string, Status> errors;
  BpaPart account_bpa = BpaPart::Absent();
  std::atomic<int> opens{0}, reads{0};
  int reads_in_time = -1;  // an account-wide read runs out of time after this many buckets; -1: never
  std::vector<std::string> read_names;
  std::vector<std::optional<std::string>> slices;  // each account-wide read's ReadSlice::from
  std::vector<Deadline> reading_deadlines;         // and its deadline
  std::vector<std::string> opened_accounts;
  std::mutex mu;
};

class FakeAccount : public AccountReader {
 public:
  explicit FakeAccount(FakeState& s) : s_(s) {}
  // The AWS reader's engine is scan/scanner.h, tested over RGW
  // (tests/integration/rgw_rescan_test.cc); here each bucket is read in
  // turn, in name order from the slice's first name when one is given, and
  // "the deadline passes" after `reads_in_time` buckets of one call.
  Result<std::vector<scan::BucketVerdict>> ReadEvery(const RescanOptions&, const ReadSlice& slice,
                                                     const Deadline& deadline) override {
    std::vector<std::string> names;
    for (const auto& [name, snap] : s_.buckets) names.push_back(name);
    for (const auto& [name, error] : s_.errors) names.push_back(name);
    if (slice.from) {
      std::sort(names.begin(), names.end());
      std::erase_if(names, [&](const std::string& n) { return n < *slice.from; });
    }
    {
      std::lock_guard lock(s_.mu);
      s_.slices.push_back(slice.from);
      s_.reading_deadlines.push_back(deadline);
    }
    std::vector<scan::BucketVerdict> out;
    int read = 0;
    for (const std::string& name : names) {
      scan::BucketVerdict& b = out.emplace_back();
      b.bucket = name;
      if (s_.reads_in_time >= 0 && read >= s_.reads_in_time) {
        b.out_of_time = true;
        b.error = Status(StatusCode::kUnavailable, std::string(scan::kOutOfTimeReason));
        continue;
      }
      ++read;
      auto snap = Read(name);
      if (!snap.ok()) {
        b.error = snap.status();
        continue;
      }
      b.snapshot = std::move(snap).value();
      b.verdict = exposure::Evaluate(b.snapshot);
    }
    return out;
  }
  Result<exposure::Snapshot> Read(const std::string& bucket) override {
    ++s_.reads;
    {
      std::lock_guard lock(s_.mu);
      s_.read_names.push_back(bucket);
    }
    Result<exposure::Snapshot> r = Status(StatusCode::kGone, "S3 HeadBucket (bucket " + bucket + "): 404");
    if (auto e = s_.errors.find(bucket); e != s_.errors.end()) r = e->second;
    if (auto b = s_.buckets.find(bucket); b != s_.buckets.end()) {
      exposure::Snapshot snap = b->second;
      snap.account_public_access_block = s_.account_bpa;
      r = snap;
    }
    return r;
  }
  BpaPart AccountBlockPublicAccess() override { return s_.account_bpa; }

 private:
  FakeState& s_;
};

class FakeReader : public BucketReader {
 public:
  explicit FakeReader(FakeState& s) : s_(s) {}
  Result<std::unique_ptr<AccountReader>> Open(const Rescan& rescan) override {
    ++s_.opens;
    std::lock_guard lock(s_.mu);
    s_.opened_accounts.push_back(rescan.account);
    return std::unique_ptr<AccountReader>(std::make_unique<FakeAccount>(s_));
  }

 private:
  FakeState& s_;
};

}  // namespace bucketwatch::handler

#endif  // BUCKETWATCH_TESTS_HANDLER_FAKE_READER_H_
