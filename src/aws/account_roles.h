// Reading other accounts of an organization from one central deployment:
// for each member account, the role of the same name (deploy/member.yaml)
// assumed with the central credentials, arn:<partition>:iam::<account>:role/<name>
// (with an external id when configured), kept per account.
//
// Each account gets an AwsContext of its own whose credentials cache holds
// the assumed role's credentials and assumes the role again shortly before
// they expire (aws/credentials_chain.h): one STS AssumeRole per account per
// credential lifetime, however many buckets are read. A role that cannot be
// assumed (missing, trust policy refusing, wrong external id) is an error
// that says so — a bucket that could not be read is "cannot judge", never
// "private" — and is remembered for a short while so that reading many
// buckets of that account does not ask STS again for each.
//
//   aws::AccountRoles roles(base, {.name = "bucketwatch-read", .external_id = "..."}, own_account);
//   auto ctx = roles.For(event_account);      // base itself for own_account
//   if (!ctx.ok()) ... "cannot judge": ctx.status().message() says why
//   aws::SnapshotReader reader(*ctx);
#ifndef BUCKETWATCH_AWS_ACCOUNT_ROLES_H_
#define BUCKETWATCH_AWS_ACCOUNT_ROLES_H_

#include <chrono>
#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <string_view>

#include "aws/aws_context.h"

namespace bucketwatch::aws {

struct MemberRole {
  std::string name;         // the role's name in every member account, e.g. "bucketwatch-read"
  std::string external_id;  // sent with AssumeRole when not empty
  std::string session_name = "bucketwatch";
  // How long a refusal is remembered before STS is asked again (errors
  // other than "unreachable", which are never remembered).
  std::chrono::seconds remember_failure{60};
};

class AccountRoles {
 public:
  // `base`: the central credentials and configuration. `own_account`: the
  // account `base` belongs to, read with `base` itself; empty: none.
  AccountRoles(std::shared_ptr<AwsContext> base, MemberRole role, std::string own_account = {});

  // The context to read `account` with. The first call for an account
  // assumes the role (so that a missing role is known at once); later calls
  // answer the same context. Thread-safe; accounts are set up in parallel.
  Result<std::shared_ptr<AwsContext>> For(std::string_view account);

  // A new context for `account` that has learnt nothing yet (bucket regions,
  // the account-level Block Public Access), with the credentials For() keeps:
  // for a read right after the account's settings may have changed, without
  // a new AssumeRole.
  Result<std::shared_ptr<AwsContext>> Afresh(std::string_view account);

  // arn:<partition>:iam::<account>:role/<name>, the partition from the base region.
  std::string RoleArn(std::string_view account) const;
  const std::string& own_account() const { return own_account_; }

 private:
  struct Entry {
    std::mutex mu;
    std::shared_ptr<AwsContext> context;  // set once the role was assumed
    Status failure;                       // the last refusal
    Clock::time_point failed_at{};
  };
  Result<std::shared_ptr<AwsContext>> SetUp(Entry& entry, const std::string& account);

  std::shared_ptr<AwsContext> base_;
  MemberRole role_;
  std::string own_account_;
  std::mutex mu_;
  std::map<std::string, std::shared_ptr<Entry>, std::less<>> accounts_;
};

}  // namespace bucketwatch::aws

#endif  // BUCKETWATCH_AWS_ACCOUNT_ROLES_H_
