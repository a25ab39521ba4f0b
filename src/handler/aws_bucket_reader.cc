#include "handler/aws_bucket_reader.h"

#include <algorithm>
#include <mutex>
#include <vector>

#include "aws/bucket_snapshot.h"
#include "aws/sts_client.h"
#include "handler/fan_out.h"
#include "scan/scanner.h"

namespace bucketwatch::handler {
namespace {

class AwsAccountReader : public AccountReader {
 public:
  AwsAccountReader(std::shared_ptr<aws::AwsContext> context, std::string region_hint, scan::TrafficControl& traffic)
      : context_(std::move(context)), region_hint_(std::move(region_hint)), traffic_(traffic) {}

  Result<std::vector<scan::BucketVerdict>> ReadEvery(const RescanOptions& options, const ReadSlice& slice,
                                                     const Deadline& deadline) override {
    scan::AccountTarget target;
    target.account_id = context_->config().account_id;
    target.context = context_;
    std::mutex mu;
    std::vector<scan::BucketVerdict> buckets;
    scan::ScanSettings settings{.concurrency = options.concurrency, .allow = options.allow};
    settings.deadline = deadline;
    settings.from_bucket = slice.from;
    settings.on_judged = [&](scan::BucketVerdict&& b, const scan::BucketResult&) {
      std::lock_guard lock(mu);
      buckets.push_back(std::move(b));
    };
    scan::Scanner scanner(context_, {std::move(target)}, std::move(settings), &traffic_);
    scan::ScanReport report = scanner.Run();
    if (report.accounts.front().failed()) return Status(StatusCode::kUnavailable, report.accounts.front().error);
    std::sort(buckets.begin(), buckets.end(), [](const auto& a, const auto& b) { return a.bucket < b.bucket; });
    return buckets;
  }

  Result<exposure::Snapshot> Read(const std::string& bucket) override {
    // The event's Region is where S3 logged the call, the bucket's own: the
    // reads start there (S3 redirects if not), and the alert names it even
    // when S3 cannot be asked.
    if (!region_hint_.empty() && !context_->BucketRegion(bucket)) context_->RememberBucketRegion(bucket, region_hint_);
    return Reader().Read(bucket);
  }

  exposure::Part<exposure::BlockPublicAccess> AccountBlockPublicAccess() override {
    return Reader().Account().public_access_block;
  }

 private:
  aws::SnapshotReader& Reader() {
    if (!reader_) reader_ = std::make_unique<aws::SnapshotReader>(context_);
    return *reader_;
  }

  std::shared_ptr<aws::AwsContext> context_;
  std::string region_hint_;  // for a bucket-level rescan: the event's Region
  scan::TrafficControl& traffic_;
  std::unique_ptr<aws::SnapshotReader> reader_;
};

}  // namespace

AwsBucketReader::AwsBucketReader(aws::ClientOptions options, const aws::Environment& env)
    : options_(std::move(options)), env_(env), traffic_(scan::TrafficSettings{}), hooks_(scan::ScanHooks(traffic_)) {}

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
  return std::unique_ptr<AccountReader>(
      std::make_unique<AwsAccountReader>(std::move(context), std::move(hint), traffic_));
}

void ReadFromAws(EventHandler& handler, bool dry_run) {
  const Settings& settings = handler.settings();
  auto reader = std::make_shared<AwsBucketReader>(aws::ClientOptions{});
  reader->ReadOtherAccounts(settings.member_role, settings.own_account);
  handler.set_bucket_reader(std::move(reader));
  // In Lambda a reconciliation can hand on what it has not read; a central deployment also fans out.
  if (settings.function_name.empty() && settings.member_role.name.empty()) return;
  std::shared_ptr<FanOut> fan_out = LambdaFanOut(settings.function_name);
  handler.set_fan_out(dry_run ? ListOnly(std::move(fan_out)) : std::move(fan_out));
}

}  // namespace bucketwatch::handler
