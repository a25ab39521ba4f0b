#include "aws/account_roles.h"

#include "aws/credential_sources.h"
#include "aws/endpoints.h"
#include "base/aws_names.h"
#include "base/log.h"

namespace bucketwatch::aws {

AccountRoles::AccountRoles(std::shared_ptr<AwsContext> base, MemberRole role, std::string own_account)
    : base_(std::move(base)), role_(std::move(role)), own_account_(std::move(own_account)) {}

std::string AccountRoles::RoleArn(std::string_view account) const {
  return RoleArnIn(account, role_.name, base_->config().region);
}

Result<std::shared_ptr<AwsContext>> AccountRoles::For(std::string_view account) {
  if (!own_account_.empty() && account == own_account_) return base_;
  if (!IsAccountId(account)) return InvalidInput("account id \"" + std::string(account) + "\" is not 12 digits");
  if (role_.name.empty()) {
    return InvalidInput("account " + std::string(account) + " is not this deployment's own (" +
                        (own_account_.empty() ? std::string("unknown") : own_account_) +
                        ") and no member role name is configured to read it with");
  }
  std::shared_ptr<Entry> entry;
  {
    std::lock_guard lock(mu_);
    auto& slot = accounts_[std::string(account)];
    if (!slot) slot = std::make_shared<Entry>();
    entry = slot;
  }
  std::lock_guard lock(entry->mu);  // one AssumeRole per account at a time
  if (entry->context) return entry->context;
  if (!entry->failure.ok() && base_->hooks().now() - entry->failed_at < role_.remember_failure) return entry->failure;
  return SetUp(*entry, std::string(account));
}

Result<std::shared_ptr<AwsContext>> AccountRoles::Afresh(std::string_view account) {
  BW_ASSIGN_OR_RETURN(std::shared_ptr<AwsContext> kept, For(account));
  ClientConfig config = kept->config();
  if (config.account_id.empty()) config.account_id = std::string(account);
  auto context = std::make_shared<AwsContext>(config, CredentialsOf(kept), kept->hooks());
  context->set_files(std::shared_ptr<const SharedConfig>(kept, &kept->files()));
  return context;
}

Result<std::shared_ptr<AwsContext>> AccountRoles::SetUp(Entry& entry, const std::string& account) {
  std::string arn = RoleArn(account);
  ClientConfig config = base_->config();
  config.account_id = account;  // S3 Control needs it; STS need not be asked
  AssumeRoleParams params{.role_arn = arn, .session_name = role_.session_name, .external_id = role_.external_id};
  auto context = std::make_shared<AwsContext>(config, AssumeRoleSource(base_, params), base_->hooks());
  context->set_files(std::shared_ptr<const SharedConfig>(base_, &base_->files()));
  auto credentials = context->credentials().Fetch();
  if (!credentials.ok()) {
    Status why(credentials.status().code(),
               "cannot assume role " + arn + " in account " + account + ": " + credentials.status().message());
    log::Warn("aws.member_role_failed", {{"account", account}, {"role", arn}, {"error", why.message()}});
    // An unreachable STS is worth asking again at once; a refusal is not.
    if (why.code() != StatusCode::kUnavailable) {
      entry.failure = why;
      entry.failed_at = base_->hooks().now();
    }
    return why;
  }
  log::Info("aws.member_role_assumed", {{"account", account}, {"role", arn}});
  entry.failure = Status::Ok();
  entry.context = std::move(context);
  return entry.context;
}

}  // namespace bucketwatch::aws
