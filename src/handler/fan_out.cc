#include "handler/fan_out.h"

#include <mutex>

#include "aws/aws_context.h"
#include "aws/lambda_client.h"
#include "aws/organizations_client.h"
#include "base/log.h"
#include "base/text.h"
#include "events/reconcile.h"

namespace bucketwatch::handler {
namespace {

class AwsFanOut : public FanOut {
 public:
  explicit AwsFanOut(std::string function) : function_(std::move(function)) {}

  Result<std::vector<std::string>> Accounts() override {
    BW_ASSIGN_OR_RETURN(std::shared_ptr<aws::AwsContext> context, Context());
    aws::OrganizationsClient organizations(context);
    BW_ASSIGN_OR_RETURN(std::vector<aws::OrganizationAccount> listed, organizations.ListAllAccounts());
    std::vector<std::string> active;
    for (const aws::OrganizationAccount& a : listed) {
      if (a.active()) active.push_back(a.id);
    }
    return active;
  }

  bool CanStart() const override { return !function_.empty(); }

  Status Start(const std::string& request) override {
    if (function_.empty()) {
      return InvalidInput(
          "no function to start it in: AWS_LAMBDA_FUNCTION_NAME is not set (outside Lambda, give each account: "
          "{\"bucketwatch\": \"reconcile\", \"account\": \"<id>\"})");
    }
    BW_ASSIGN_OR_RETURN(std::shared_ptr<aws::AwsContext> context, Context());
    BW_ASSIGN_OR_RETURN(aws::EndpointUrl endpoint,
                        aws::LambdaClient::Endpoint({}, aws::Environment::Process(), *context));
    aws::LambdaClient lambda(context, endpoint);
    return lambda.InvokeAsync(function_, request);
  }

 private:
  Result<std::shared_ptr<aws::AwsContext>> Context() {
    std::lock_guard lock(mu_);
    if (context_) return context_;
    BW_ASSIGN_OR_RETURN(context_, aws::AwsContext::Create(aws::ClientOptions{}));
    return context_;
  }

  std::string function_;
  std::mutex mu_;
  std::shared_ptr<aws::AwsContext> context_;
};

class ListingOnly : public FanOut {
 public:
  explicit ListingOnly(std::shared_ptr<FanOut> inner) : inner_(std::move(inner)) {}
  Result<std::vector<std::string>> Accounts() override { return inner_->Accounts(); }
  bool CanStart() const override { return inner_->CanStart(); }
  Status Start(const std::string& request) override {
    log::Info("reconcile.would_start", {{"request", request}});
    return Status::Ok();
  }

 private:
  std::shared_ptr<FanOut> inner_;
};

}  // namespace

FanOutResult FanOutReconcile(FanOut& fan_out, const Deadline& deadline) {
  FanOutResult out;
  auto accounts = fan_out.Accounts();
  if (!accounts.ok()) {
    out.error = Status(accounts.status().code(), "listing the organization's accounts: " + accounts.status().message());
    out.reason = "organization reconciliation: " + out.error.message();
    return out;
  }
  out.accounts = accounts->size();
  std::vector<std::string> failed;
  for (const std::string& account : *accounts) {
    if (deadline.Expired()) {
      failed.push_back(account + " (the time ran out)");
      continue;
    }
    Status started = fan_out.Start(events::RequestJson({.account = account}));
    if (started.ok()) {
      out.started.push_back(account);
    } else {
      log::Warn("reconcile.not_started", {{"account", account}, {"error", started.ToString()}});
      failed.push_back(account + " (" + started.message() + ")");
    }
  }
  out.reason = "organization reconciliation: started for " + std::to_string(out.started.size()) + " of " +
               std::to_string(out.accounts) + " accounts";
  if (!failed.empty()) {
    out.error =
        Status(StatusCode::kUnavailable, "could not start the reconciliation of " + std::to_string(failed.size()) +
                                             " account(s): " + Join(failed, "; "));
  }
  return out;
}

std::shared_ptr<FanOut> LambdaFanOut(std::string function) { return std::make_shared<AwsFanOut>(std::move(function)); }

std::shared_ptr<FanOut> ListOnly(std::shared_ptr<FanOut> inner) {
  return std::make_shared<ListingOnly>(std::move(inner));
}

}  // namespace bucketwatch::handler
