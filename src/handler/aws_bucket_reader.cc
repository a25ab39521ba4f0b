#include "handler/aws_bucket_reader.h"

#include <mutex>
#include <vector>

#include "aws/bucket_snapshot.h"

namespace bucketwatch::handler {
namespace {

class AwsAccountReader : public AccountReader {
 public:
  AwsAccountReader(std::shared_ptr<aws::AwsContext> context, std::string region_hint)
      : context_(std::move(context)), region_hint_(std::move(region_hint)) {}

  Result<std::vector<std::string>> ListBuckets() override {
    Lease lease(*this);
    BW_ASSIGN_OR_RETURN(std::vector<aws::BucketEntry> entries, lease.reader->ListBuckets());
    std::vector<std::string> names;
    names.reserve(entries.size());
    for (aws::BucketEntry& e : entries) names.push_back(std::move(e.name));
    return names;
  }

  Result<exposure::Snapshot> Read(const std::string& bucket) override {
    // The event's Region is where S3 logged the call, the bucket's own: the
    // reads start there (S3 redirects if not), and the alert names it even
    // when S3 cannot be asked.
    if (!region_hint_.empty() && !context_->BucketRegion(bucket)) context_->RememberBucketRegion(bucket, region_hint_);
    Lease lease(*this);
    return lease.reader->Read(bucket);
  }

  exposure::Part<exposure::BlockPublicAccess> AccountBlockPublicAccess() override {
    Lease lease(*this);
    return lease.reader->Account().public_access_block;
  }

 private:
  // A SnapshotReader (and its connections) for one thread at a time.
  struct Lease {
    explicit Lease(AwsAccountReader& owner) : owner_(owner) {
      std::lock_guard lock(owner_.mu_);
      if (owner_.idle_.empty()) {
        reader = std::make_unique<aws::SnapshotReader>(owner_.context_);
      } else {
        reader = std::move(owner_.idle_.back());
        owner_.idle_.pop_back();
      }
    }
    ~Lease() {
      std::lock_guard lock(owner_.mu_);
      owner_.idle_.push_back(std::move(reader));
    }
    Lease(const Lease&) = delete;
    Lease& operator=(const Lease&) = delete;
    AwsAccountReader& owner_;
    std::unique_ptr<aws::SnapshotReader> reader;
  };

  std::shared_ptr<aws::AwsContext> context_;
  std::string region_hint_;  // for a bucket-level rescan: the event's Region
  std::mutex mu_;
  std::vector<std::unique_ptr<aws::SnapshotReader>> idle_;
};

}  // namespace

AwsBucketReader::AwsBucketReader(aws::ClientOptions options, const aws::Environment& env, aws::Hooks hooks)
    : options_(std::move(options)), env_(env), hooks_(std::move(hooks)) {}

Result<std::unique_ptr<AccountReader>> AwsBucketReader::Open(const Rescan& rescan) {
  aws::ClientOptions options = options_;
  if (options.account_id.empty()) options.account_id = rescan.account;
  BW_ASSIGN_OR_RETURN(std::shared_ptr<aws::AwsContext> context, aws::AwsContext::Create(options, env_, hooks_));
  std::string hint = rescan.scope == events::RescanScope::kBucket ? rescan.region : std::string();
  return std::unique_ptr<AccountReader>(std::make_unique<AwsAccountReader>(std::move(context), std::move(hint)));
}

}  // namespace bucketwatch::handler
