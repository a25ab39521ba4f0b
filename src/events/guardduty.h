// "GuardDuty Finding" of the Policy:S3/* types: a principal changed a
// bucket's policy, ACL or Block Public Access so that it is (or may be)
// public (GuardDuty User Guide, "S3 protection finding types";
// docs/sources.md, "GuardDuty S3 findings"). GuardDuty's own verdict travels in
// resource.s3BucketDetails[].publicAccess; who acted is in
// resource.accessKeyDetails and service.action.awsApiCallAction.
#ifndef BUCKETWATCH_EVENTS_GUARDDUTY_H_
#define BUCKETWATCH_EVENTS_GUARDDUTY_H_

#include <optional>
#include <string>
#include <vector>

#include "base/json.h"
#include "base/status.h"
#include "events/envelope.h"
#include "exposure/snapshot.h"

namespace bucketwatch::events {

enum class GuardDutyKind : uint8_t {
  kAnonymousAccessGranted,       // Policy:S3/BucketAnonymousAccessGranted (High): open to the internet
  kPublicAccessGranted,          // Policy:S3/BucketPublicAccessGranted (High): open to any AWS user
  kBucketBlockPublicAccessOff,   // Policy:S3/BucketBlockPublicAccessDisabled (Low)
  kAccountBlockPublicAccessOff,  // Policy:S3/AccountBlockPublicAccessDisabled (Low)
  kOtherPolicy,                  // another Policy:S3/* type
};

struct GuardDutyBucket {
  std::string name;
  std::string arn;
  std::string owner_id;
  std::optional<bool> effective_public;           // effectivePermission PUBLIC / NOT_PUBLIC
  std::optional<bool> acl_read, acl_write;        // ACL allowsPublicRead/WriteAccess
  std::optional<bool> policy_read, policy_write;  // bucket policy allowsPublicRead/WriteAccess
  std::optional<exposure::BlockPublicAccess> bucket_bpa;
  std::optional<exposure::BlockPublicAccess> account_bpa;
};

struct GuardDutyActor {
  std::string user_name;
  std::string user_type;
  std::string principal_id;
  std::string access_key_id;
  std::string api;          // the call that triggered the finding
  std::string caller_type;  // "Remote IP", "Domain", "AWS Service"...
  std::string ip;
  std::string city;
  std::string country;
  std::string organization;  // network owner (ASN organisation)
};

struct GuardDutyFinding {
  std::string type;  // "Policy:S3/BucketAnonymousAccessGranted"
  GuardDutyKind kind = GuardDutyKind::kOtherPolicy;
  std::string id;
  std::string arn;
  std::string account;
  std::string region;
  std::string partition;
  std::string title;
  std::string description;
  double severity = 0;
  std::string created_at;
  std::string updated_at;
  std::string first_seen;
  std::string last_seen;
  int64_t count = 1;  // > 1: GuardDuty has seen this activity again and re-sent the finding
  bool archived = false;
  std::string resource_type;
  std::vector<GuardDutyBucket> buckets;
  GuardDutyActor actor;
};

// True for "Policy:S3/..." finding types.
bool IsS3PolicyFinding(std::string_view type);

// Reads a finding (the "detail" of the event, or a finding on its own).
Result<GuardDutyFinding> ParseGuardDutyFinding(json::Object finding, const json::Path& path, const Envelope& envelope);

}  // namespace bucketwatch::events

#endif  // BUCKETWATCH_EVENTS_GUARDDUTY_H_
