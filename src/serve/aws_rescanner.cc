// The daemon's live reads: handler::RunRescan over handler::AwsBucketReader
// (the same reader and rules as `handle` and the Lambda function).
#include <utility>

#include "handler/aws_bucket_reader.h"
#include "handler/rescan.h"
#include "serve/rescanner.h"

namespace bucketwatch::serve {
namespace {

class AwsRescanner final : public Rescanner {
 public:
  explicit AwsRescanner(aws::ClientOptions options) : reader_(std::move(options)) {}

  Result<std::vector<RescannedBucket>> Rescan(const handler::Rescan& rescan, const Deadline& deadline) override {
    handler::RescanResult result = handler::RunRescan(reader_, rescan, handler::RescanOptions{}, deadline);
    if (!result.error.ok()) return result.error;
    std::vector<RescannedBucket> out;
    out.reserve(result.buckets.size());
    for (handler::BucketVerdict& b : result.buckets) {
      RescannedBucket r;
      r.bucket = std::move(b.bucket);
      r.error = std::move(b.error);
      r.account = b.snapshot.account.empty() ? rescan.account : b.snapshot.account;
      r.region = b.snapshot.region.empty() ? rescan.region : b.snapshot.region;
      r.snapshot = std::move(b.snapshot);
      r.verdict = std::move(b.verdict);
      out.push_back(std::move(r));
    }
    return out;
  }

 private:
  handler::AwsBucketReader reader_;
};

}  // namespace

std::unique_ptr<Rescanner> MakeAwsRescanner(aws::ClientOptions options) {
  return std::make_unique<AwsRescanner>(std::move(options));
}

}  // namespace bucketwatch::serve
