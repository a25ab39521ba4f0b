#include <utility>

#include "aws/aws_context.h"
#include "aws/bucket_snapshot.h"
#include "exposure/evaluator.h"
#include "serve/rescanner.h"

namespace bucketwatch::serve {
namespace {

class AwsRescanner final : public Rescanner {
 public:
  explicit AwsRescanner(aws::ClientOptions options) : options_(std::move(options)) {}

  Result<std::vector<RescannedBucket>> Rescan(const handler::Rescan& rescan, const Deadline& deadline) override {
    aws::ClientOptions options = options_;
    // The event names the account whose bucket changed: no STS call needed.
    if (options.account_id.empty()) options.account_id = rescan.account;
    BW_ASSIGN_OR_RETURN(std::shared_ptr<aws::AwsContext> context, aws::AwsContext::Create(options));
    aws::SnapshotReader reader(context);

    std::vector<std::string> names;
    if (!rescan.bucket.empty()) {
      names.push_back(rescan.bucket);
    } else {
      BW_ASSIGN_OR_RETURN(std::vector<aws::BucketEntry> listing, reader.ListBuckets());
      for (aws::BucketEntry& e : listing) names.push_back(std::move(e.name));
    }
    std::vector<RescannedBucket> out;
    out.reserve(names.size());
    for (const std::string& name : names) {
      if (deadline.Expired()) return Status(StatusCode::kUnavailable, "the rescan ran out of time after " + std::to_string(out.size()) + " of " +
                                                 std::to_string(names.size()) + " buckets");
      RescannedBucket b;
      b.bucket = name;
      auto snap = reader.Read(name);
      if (!snap.ok()) {
        // A bucket that cannot be read at all (no credentials) fails the
        // whole rescan, to be retried; one that is gone is reported as such.
        if (snap.status().code() != StatusCode::kNotFound) return snap.status();
        b.error = snap.status();
        b.account = rescan.account.empty() ? reader.Account().account_id : rescan.account;
        b.region = rescan.region;
      } else {
        b.snapshot = std::move(snap).value();
        b.verdict = exposure::Evaluate(b.snapshot);
        b.account = b.snapshot.account.empty() ? rescan.account : b.snapshot.account;
        b.region = b.snapshot.region.empty() ? rescan.region : b.snapshot.region;
      }
      out.push_back(std::move(b));
    }
    return out;
  }

 private:
  aws::ClientOptions options_;
};

}  // namespace

std::unique_ptr<Rescanner> MakeAwsRescanner(aws::ClientOptions options) {
  return std::make_unique<AwsRescanner>(std::move(options));
}

}  // namespace bucketwatch::serve
