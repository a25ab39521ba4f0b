// The daemon's live reads: handler::RunRescan over handler::AwsBucketReader
// (the same reader, engine and rules as `handle` and the Lambda function).
#include <utility>

#include "handler/aws_bucket_reader.h"
#include "handler/rescan.h"
#include "serve/rescanner.h"

namespace bucketwatch::serve {
namespace {

class AwsRescanner final : public Rescanner {
 public:
  AwsRescanner(aws::ClientOptions options, const handler::Settings& settings)
      : reader_(std::move(options)), allow_(settings.allow) {
    if (!settings.member_role.name.empty()) reader_.ReadOtherAccounts(settings.member_role, settings.own_account);
  }

  Result<std::vector<scan::BucketVerdict>> Rescan(const handler::Rescan& rescan, const Deadline& deadline) override {
    handler::RescanResult result = handler::RunRescan(reader_, rescan, {.allow = allow_.get()}, deadline);
    if (!result.error.ok()) return result.error;
    for (scan::BucketVerdict& b : result.buckets) {
      if (b.snapshot.account.empty()) b.snapshot.account = rescan.account;
      if (b.snapshot.region.empty()) b.snapshot.region = rescan.region;
    }
    return std::move(result.buckets);
  }

 private:
  handler::AwsBucketReader reader_;
  std::shared_ptr<const scan::AllowList> allow_;
};

}  // namespace

std::unique_ptr<Rescanner> MakeAwsRescanner(aws::ClientOptions options, const handler::Settings& settings) {
  return std::make_unique<AwsRescanner>(std::move(options), settings);
}

}  // namespace bucketwatch::serve
