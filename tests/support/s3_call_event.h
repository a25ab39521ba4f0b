// An EventBridge "AWS API Call via CloudTrail" event for one S3 call, as the
// tests that run `bucketwatch handle` on calls build it (the shape of
// tests/data/events/cloudtrail.*).
#ifndef BUCKETWATCH_TESTS_SUPPORT_S3_CALL_EVENT_H_
#define BUCKETWATCH_TESTS_SUPPORT_S3_CALL_EVENT_H_

#include <string>

namespace bucketwatch::testing {

struct S3Call {
  std::string id;  // the EventBridge event's id; the CloudTrail eventID is id + "-ct"
  std::string event_name = "PutBucketPolicy";
  std::string account = "111122223333";
  std::string bucket;
  std::string region = "us-east-1";
  std::string time = "2026-12-01T01:02:03Z";
};

std::string S3CallEvent(const S3Call& call);

}  // namespace bucketwatch::testing

#endif  // BUCKETWATCH_TESTS_SUPPORT_S3_CALL_EVENT_H_
