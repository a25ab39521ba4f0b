// bucketwatch snapshot: read buckets' live access configuration from AWS and
// print it as snapshots (DESIGN.md), ready for `bucketwatch eval`.
#include <atomic>
#include <iostream>
#include <thread>

#include "app/commands.h"
#include "aws/bucket_snapshot.h"
#include "report/snapshot_writer.h"
#include "report/verdict_json.h"

namespace bucketwatch::app {
namespace {

void PrintError(const std::string& message) { std::cerr << "bucketwatch snapshot: error: " << message << "\n"; }

void WarnUnknownParts(const exposure::Snapshot& s) {
  auto warn = [&](std::string_view part, const std::string& reason) {
    std::cerr << "bucketwatch snapshot: warning: bucket " << s.bucket << ": " << part
              << " could not be read: " << reason << "\n";
  };
  if (s.account_public_access_block.unknown())
    warn("account Block Public Access", s.account_public_access_block.unknown_reason());
  if (s.public_access_block.unknown()) warn("Block Public Access", s.public_access_block.unknown_reason());
  if (s.ownership.unknown()) warn("Object Ownership", s.ownership.unknown_reason());
  if (s.policy.unknown()) warn("policy", s.policy.unknown_reason());
  if (s.acl.unknown()) warn("ACL", s.acl.unknown_reason());
}

}  // namespace

int RunSnapshot(const SnapshotOptions& options) {
  aws::ClientOptions client{options.profile, options.region, options.endpoint_url, options.account_id};
  auto context = aws::AwsContext::Create(client);
  if (!context.ok()) {
    PrintError(context.status().ToString());
    return kExitError;
  }

  // Credentials first: without them every bucket would fail for the same reason.
  if (auto creds = (*context)->credentials().Fetch(); !creds.ok()) {
    PrintError(creds.status().message());
    return kExitError;
  }

  std::vector<std::string> buckets = options.buckets;
  if (buckets.empty()) {
    aws::SnapshotReader lister(*context);
    auto listed = lister.ListBuckets();
    if (!listed.ok()) {
      PrintError(listed.status().message());
      return kExitError;
    }
    for (aws::BucketEntry& b : *listed) buckets.push_back(std::move(b.name));
  }

  // Buckets are read by a few threads, each with its own reader (and so its
  // own connections), sharing the context's credentials and caches.
  std::vector<std::optional<Result<exposure::Snapshot>>> results(buckets.size());
  std::atomic<size_t> next{0};
  int jobs = std::max(1, std::min<int>(options.jobs, static_cast<int>(buckets.size())));
  auto work = [&] {
    aws::SnapshotReader reader(*context);
    for (size_t i = next++; i < buckets.size(); i = next++) results[i] = reader.Read(buckets[i]);
  };
  std::vector<std::thread> threads;
  for (int t = 1; t < jobs; ++t) threads.emplace_back(work);
  work();
  for (std::thread& t : threads) t.join();

  bool failed = false;
  nlohmann::ordered_json all = nlohmann::ordered_json::array();
  for (size_t i = 0; i < buckets.size(); ++i) {
    Result<exposure::Snapshot>& r = *results[i];
    if (!r.ok()) {
      PrintError("bucket " + buckets[i] + ": " + r.status().message());
      failed = true;
      continue;
    }
    WarnUnknownParts(*r);
    if (options.format == "json") {
      all.push_back(report::SnapshotToJson(*r));
    } else {
      std::cout << report::Dump(report::SnapshotToJson(*r)) << "\n";
    }
  }
  if (options.format == "json") std::cout << report::Dump(all, 2) << "\n";
  std::cout.flush();
  return failed ? kExitError : kExitOk;
}

}  // namespace bucketwatch::app
