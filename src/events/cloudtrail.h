// "AWS API Call via CloudTrail" for the S3 calls that can change a bucket's
// exposure (docs/sources.md, "CloudTrail events for S3"; S3 User Guide, "Logging
// Amazon S3 API calls using AWS CloudTrail": event names differ from API
// names, e.g. PutPublicAccessBlock is logged as PutBucketPublicAccessBlock).
//
// A call record says what was asked, not the bucket's whole state, so it is
// not judged from the record alone: it names the bucket (or, for
// account-level Block Public Access, every bucket of the account) to
// re-read live, and who did it. Failed calls (errorCode) changed nothing.
#ifndef BUCKETWATCH_EVENTS_CLOUDTRAIL_H_
#define BUCKETWATCH_EVENTS_CLOUDTRAIL_H_

#include <optional>
#include <string>
#include <string_view>

#include "base/json.h"
#include "base/status.h"
#include "events/envelope.h"
#include "exposure/snapshot.h"

namespace bucketwatch::events {

enum class ApiChange : uint8_t {
  kPutBucketPolicy,
  kDeleteBucketPolicy,
  kPutBucketAcl,
  kPutBucketPublicAccessBlock,
  kDeleteBucketPublicAccessBlock,
  kPutAccountPublicAccessBlock,
  kDeleteAccountPublicAccessBlock,
  kPutBucketOwnershipControls,
  kDeleteBucketOwnershipControls,
  kCreateBucket,
  kOther,  // a call that cannot change exposure
};

// What to re-read to judge the effect of a call.
enum class RescanScope : uint8_t { kNone, kBucket, kAccount };

struct ApiActor {
  std::string arn;      // userIdentity.arn
  std::string type;     // IAMUser, AssumedRole, Root, AWSService, ...
  std::string account;  // userIdentity.accountId
  std::string principal_id;
  std::string invoked_by;  // userIdentity.invokedBy (an AWS service acting for the user)
  std::string source_ip;
  std::string user_agent;
};

struct ApiCall {
  std::string event_name;
  std::string event_source;
  std::string event_id;
  std::string event_time;
  std::string bucket;   // empty for account-level calls
  std::string account;  // recipientAccountId: the account whose resource changed
  std::string region;
  ApiActor actor;
  std::string error_code;  // non-empty: the call failed and changed nothing
  std::string error_message;
  ApiChange change = ApiChange::kOther;
  RescanScope scope = RescanScope::kNone;
  // What the call asked for, when the record carries it.
  std::optional<exposure::BlockPublicAccess> requested_bpa;  // Put*PublicAccessBlock; omitted flags are false (U18)
  std::string canned_acl;                                    // x-amz-acl of PutBucketAcl / CreateBucket
  std::string requested_ownership;                           // PutBucketOwnershipControls
  std::string requested_policy;                              // PutBucketPolicy: the policy as JSON text

  bool failed() const { return !error_code.empty(); }
};

std::string_view ApiChangeName(ApiChange change);  // the CloudTrail event name; "other"

// Reads one CloudTrail record (the "detail" of the event, or a record on its own).
Result<ApiCall> ParseApiCall(json::Object record, const json::Path& path, const Envelope& envelope);

}  // namespace bucketwatch::events

#endif  // BUCKETWATCH_EVENTS_CLOUDTRAIL_H_
