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

  Result<std::vector<scan::BucketVerdict>> Rescan(const handler::Rescan& rescan, const Deadline& deadline) override {
    handler::RescanResult result = handler::RunRescan(reader_, rescan, handler::RescanOptions{}, deadline);
    if (!result.error.ok()) return result.error;
    for (scan::BucketVerdict& b : result.buckets) {
      if (b.snapshot.account.empty()) b.snapshot.account = rescan.account;
      if (b.snapshot.region.empty()) b.snapshot.region = rescan.region;
    }
    return std::move(result.buckets);
  }

 private:
  handler::AwsBucketReader reader_;
};

}  // namespace

std::unique_ptr<Rescanner> MakeAwsRescanner(aws::ClientOptions options) {
  return std::make_unique<AwsRescanner>(std::move(options));
}

}  // namespace bucketwatch::serve
