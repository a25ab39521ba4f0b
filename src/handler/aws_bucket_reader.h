// The BucketReader of the Lambda function, `bucketwatch handle` and the
// daemon: live reads through aws::SnapshotReader, with region, endpoint and
// credentials from the environment and shared files as docs/aws.md says
// (in Lambda: AWS_REGION and the execution role's keys).
//
// Each rescan gets a fresh aws::AwsContext, so that the account-level Block
// Public Access is read again after a change to it; the account id comes
// from the event (no STS call) unless one was given. Every bucket of an
// account is read by the scan engine (scan/scanner.h: the buckets' own
// Regions from the listing, several at once); all requests of the reader go
// through one scan::TrafficControl, kept for the process.
//
// A central deployment for an organization (ReadOtherAccounts) reads an
// event's bucket in another account with a role assumed there
// (aws::AccountRoles: one AssumeRole per account and credential lifetime,
// kept across invocations of a warm function). A role that cannot be
// assumed fails the read with the reason, which the alert shows as "could
// not be judged".
#ifndef BUCKETWATCH_HANDLER_AWS_BUCKET_READER_H_
#define BUCKETWATCH_HANDLER_AWS_BUCKET_READER_H_

#include <memory>
#include <mutex>
#include <string>

#include "aws/account_roles.h"
#include "aws/aws_context.h"
#include "aws/client_config.h"
#include "aws/environment.h"
#include "handler/handler.h"
#include "handler/rescan.h"
#include "scan/traffic.h"

namespace bucketwatch::handler {

class AwsBucketReader : public BucketReader {
 public:
  // `env` must outlive the reader.
  explicit AwsBucketReader(aws::ClientOptions options, const aws::Environment& env = aws::Environment::Process());

  // Accounts other than `own_account` are read with `role` assumed in them.
  // `own_account` empty: learnt from STS GetCallerIdentity at the first read
  // of an event's account. Call before the first Open.
  void ReadOtherAccounts(aws::MemberRole role, std::string own_account);

  Result<std::unique_ptr<AccountReader>> Open(const Rescan& rescan) override;

 private:
  Result<std::shared_ptr<aws::AwsContext>> ContextFor(const std::string& account);
  Result<aws::AccountRoles*> Roles();

  aws::ClientOptions options_;
  const aws::Environment& env_;
  scan::TrafficControl traffic_;
  aws::Hooks hooks_;  // requests through traffic_
  aws::MemberRole member_role_;
  std::string own_account_;
  std::mutex mu_;
  std::unique_ptr<aws::AccountRoles> roles_;  // made at the first read of another account
};

// `handle` and the Lambda function read AWS live: an AwsBucketReader with the
// environment's configuration (other accounts through the member role of the
// handler's settings) and, in Lambda or a central deployment, invocations
// started through Lambda (handler/fan_out.h): a large account's
// reconciliation continued, an organization's fanned out.
// A dry run starts nothing: it lists the accounts it would start.
void ReadFromAws(EventHandler& handler, bool dry_run = false);

}  // namespace bucketwatch::handler

#endif  // BUCKETWATCH_HANDLER_AWS_BUCKET_READER_H_
