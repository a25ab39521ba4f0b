// "Config Configuration Item Change": AWS Config recorded a new state of a
// resource (AWS Config Developer Guide, "Monitoring AWS Config with Amazon
// EventBridge", "Example Configuration Item Change Notifications";
// docs/sources.md, "AWS Config events and managed rules").
//
// For AWS::S3::Bucket the item is turned into a Snapshot with the
// evaluator's own parsers (exposure::ParseAcl reads Config's ACL form,
// ParsePolicy the policy text, ParseBlockPublicAccess the lowerCamel flags).
// Values inside supplementaryConfiguration may be objects or JSON strings.
//
// What a Config item cannot tell, and how it is recorded in the Snapshot:
//  - Object Ownership: Config does not record it (docs/sources.md, "AWS Config events and managed rules"),
//    so ownership is *unknown*, not absent. The evaluator then takes ACLs as enabled and
//    marks public ACL grants "uncertain", which is the cautious reading its
//    rule requires ("unknown ownership = ACLs enabled"); calling it absent
//    would assert a fact ("no ownership controls") the item does not hold.
//  - Account-level Block Public Access: not part of a bucket's item, so it
//    is unknown (judged as off; the verdict may overstate exposure and says so).
//
// The state before the change is rebuilt from configurationItemDiff: every
// changed property that matters to exposure (ACL, bucket policy, bucket
// Block Public Access, ownership) carries its previousValue, so `before` is
// the item with those values put back. When that is impossible (no diff, a
// property changed in a way the diff does not show whole), `before` is
// empty and `before_unknown` says why.
#ifndef BUCKETWATCH_EVENTS_CONFIG_ITEM_H_
#define BUCKETWATCH_EVENTS_CONFIG_ITEM_H_

#include <optional>
#include <string>
#include <vector>

#include "base/json.h"
#include "base/status.h"
#include "events/envelope.h"
#include "exposure/snapshot.h"

namespace bucketwatch::events {

enum class ItemStatus : uint8_t {
  kOk,
  kResourceDiscovered,
  kResourceNotRecorded,
  kResourceDeleted,
  kResourceDeletedNotRecorded,
  kOther,
};

inline constexpr std::string_view kBucketType = "AWS::S3::Bucket";
inline constexpr std::string_view kAccountBpaType = "AWS::S3::AccountPublicAccessBlock";

struct ConfigItemChange {
  std::string resource_type;
  std::string resource_id;
  std::string resource_name;
  std::string account;
  std::string region;
  std::string capture_time;
  ItemStatus status = ItemStatus::kOther;
  std::string status_text;
  std::string change_type;  // configurationItemDiff.changeType: CREATE, UPDATE, DELETE; "" without a diff
  std::vector<std::string> changed_properties;

  // OversizedConfigurationItemChangeNotification: the item itself is not in
  // the event (only a summary and where Config stored it in S3).
  bool oversized = false;
  std::string oversized_location;

  // AWS::S3::Bucket
  std::optional<exposure::Snapshot> now;
  std::optional<exposure::Snapshot> before;
  // AWS::S3::AccountPublicAccessBlock
  std::optional<exposure::Part<exposure::BlockPublicAccess>> account_bpa_now;
  std::optional<exposure::Part<exposure::BlockPublicAccess>> account_bpa_before;

  bool new_resource = false;   // nothing was recorded before this item
  std::string before_unknown;  // non-empty: why the state before could not be rebuilt

  bool deleted() const {
    return status == ItemStatus::kResourceDeleted || status == ItemStatus::kResourceDeletedNotRecorded;
  }
};

// Reads the "detail" of a Config Configuration Item Change event (or an
// AWS Config notification on its own, or a custom rule's invokingEvent).
Result<ConfigItemChange> ParseConfigItemChange(json::Object detail, const json::Path& path, const Envelope& envelope);

// Turns one AWS::S3::Bucket configuration item into a Snapshot. Accepts
// both key spellings (configuration item API: accountId/arn/version;
// notifications: awsAccountId/ARN/configurationItemVersion).
Result<exposure::Snapshot> SnapshotFromConfigItem(json::Object item, const json::Path& path);

}  // namespace bucketwatch::events

#endif  // BUCKETWATCH_EVENTS_CONFIG_ITEM_H_
