// The BucketReader of the Lambda function, `bucketwatch handle` and the
// daemon: live reads through aws::SnapshotReader, with region, endpoint and
// credentials from the environment and shared files as docs/aws.md says
// (in Lambda: AWS_REGION and the execution role's keys).
//
// Each rescan gets a fresh aws::AwsContext, so that the account-level Block
// Public Access is read again after a change to it; the account id comes
// from the event (no STS call) unless one was given. Buckets of one account
// are read by several threads, each with its own SnapshotReader.
#ifndef BUCKETWATCH_HANDLER_AWS_BUCKET_READER_H_
#define BUCKETWATCH_HANDLER_AWS_BUCKET_READER_H_

#include <memory>

#include "aws/aws_context.h"
#include "aws/client_config.h"
#include "aws/environment.h"
#include "handler/rescan.h"

namespace bucketwatch::handler {

class AwsBucketReader : public BucketReader {
 public:
  // `env` must outlive the reader.
  explicit AwsBucketReader(aws::ClientOptions options, const aws::Environment& env = aws::Environment::Process(),
                           aws::Hooks hooks = {});

  Result<std::unique_ptr<AccountReader>> Open(const Rescan& rescan) override;

 private:
  aws::ClientOptions options_;
  const aws::Environment& env_;
  aws::Hooks hooks_;
};

}  // namespace bucketwatch::handler

#endif  // BUCKETWATCH_HANDLER_AWS_BUCKET_READER_H_
