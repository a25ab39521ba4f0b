#include "handler/aws_bucket_reader.h"

#include <mutex>
#include <vector>

#include "aws/bucket_snapshot.h"
#include "aws/sts_client.h"
#include "handler/fan_out.h"

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

void AwsBucketReader::ReadOtherAccounts(aws::MemberRole role, std::string own_account) {
  member_role_ = std::move(role);
  own_account_ = std::move(own_account);
}

Result<aws::AccountRoles*> AwsBucketReader::Roles() {
  std::lock_guard lock(mu_);
  if (roles_) return roles_.get();
  BW_ASSIGN_OR_RETURN(std::shared_ptr<aws::AwsContext> base, aws::AwsContext::Create(options_, env_, hooks_));
  std::string own = own_account_.empty() ? options_.account_id : own_account_;
  if (own.empty()) {
    // Not remembered on failure: the next event asks again.
    aws::StsClient sts(base);
    auto caller = sts.GetCallerIdentity();
    if (!caller.ok()) {
      return Status(caller.status().code(),
                    "cannot tell which account is this deployment's own (to read other "
                    "accounts with the member role): " +
                        caller.status().message());
    }
    own = caller->account;
  }
  roles_ = std::make_unique<aws::AccountRoles>(std::move(base), member_role_, std::move(own));
  return roles_.get();
}

Result<std::shared_ptr<aws::AwsContext>> AwsBucketReader::ContextFor(const std::string& account) {
  if (!member_role_.name.empty() && !account.empty()) {
    BW_ASSIGN_OR_RETURN(aws::AccountRoles * roles, Roles());
    if (account != roles->own_account()) return roles->Afresh(account);
  }
  aws::ClientOptions options = options_;
  if (options.account_id.empty()) options.account_id = account;
  return aws::AwsContext::Create(options, env_, hooks_);
}

Result<std::unique_ptr<AccountReader>> AwsBucketReader::Open(const Rescan& rescan) {
  BW_ASSIGN_OR_RETURN(std::shared_ptr<aws::AwsContext> context, ContextFor(rescan.account));
  std::string hint = rescan.scope == events::RescanScope::kBucket ? rescan.region : std::string();
  return std::unique_ptr<AccountReader>(std::make_unique<AwsAccountReader>(std::move(context), std::move(hint)));
}

void ReadFromAws(EventHandler& handler, bool dry_run) {
  const Settings& settings = handler.settings();
  auto reader = std::make_shared<AwsBucketReader>(aws::ClientOptions{});
  reader->ReadOtherAccounts(settings.member_role, settings.own_account);
  handler.set_bucket_reader(std::move(reader));
  if (settings.member_role.name.empty()) return;
  std::shared_ptr<FanOut> fan_out = LambdaFanOut(settings.function_name);
  handler.set_fan_out(dry_run ? ListOnly(std::move(fan_out)) : std::move(fan_out));
}

}  // namespace bucketwatch::handler
