// The S3 actions a bucket policy can grant on a bucket or its objects, and
// sets of them.
//
// The table follows the Service Authorization Reference, "Actions, resources,
// and condition keys for Amazon S3"
// (https://docs.aws.amazon.com/service-authorization/latest/reference/list_amazons3.html):
// each action's resource type (bucket or object) and the access kind of
// docs/sources.md, "S3 actions and access kinds". Actions on access points, jobs, Storage
// Lens and the account never apply to a bucket ARN and are listed only so
// that they are recognised.
#ifndef BUCKETWATCH_EXPOSURE_S3_ACTIONS_H_
#define BUCKETWATCH_EXPOSURE_S3_ACTIONS_H_

#include <bitset>
#include <cstddef>
#include <span>
#include <string_view>

#include "exposure/access.h"

namespace bucketwatch::exposure {

enum class ResourceType : uint8_t { kBucket, kObject, kOther };

struct S3Action {
  std::string_view name;  // without the "s3:" prefix, e.g. "GetObject"
  ResourceType resource;
  AccessKind kind;
};

inline constexpr size_t kMaxS3Actions = 160;
using ActionSet = std::bitset<kMaxS3Actions>;

std::span<const S3Action> AllS3Actions();

// Set of the table's actions that apply to buckets / to objects.
const ActionSet& BucketActions();
const ActionSet& ObjectActions();
// Set of "bad actions" (s3:Get*, s3:List*, s3:AbortMultipartUpload,
// s3:Delete*, s3:Put*, s3:RestoreObject): the ones whose grant to the public
// makes a policy public, per the S3 API model text ([SDK-BPA];
// docs/sources.md, "What AWS calls public").
const ActionSet& BadActions();
// Actions of one access kind.
const ActionSet& ActionsOfKind(AccessKind kind);

// Outcome of matching one Action element value.
struct ActionMatch {
  ActionSet actions;           // table actions the value matches
  bool known = true;           // false: an exact "s3:Name" that is not in the table
  bool other_service = false;  // e.g. "kms:Decrypt": grants nothing on S3
};
// Matches an IAM action value ("s3:GetObject", "s3:Get*", "*", "S3:getobject")
// case-insensitively, as IAM does.
ActionMatch MatchAction(std::string_view value);

// For an "s3:" action missing from the table (newer than it): a cautious
// guess at its resource type and kind, and whether it is a bad action.
S3Action GuessUnknownAction(std::string_view name_without_prefix);
bool IsBadActionName(std::string_view name_without_prefix);

// Names ("s3:GetObject", ...) of the actions in set, in table order.
template <typename F>
void ForEachAction(const ActionSet& set, F&& f) {
  auto all = AllS3Actions();
  for (size_t i = 0; i < all.size(); ++i) {
    if (set.test(i)) f(all[i]);
  }
}

}  // namespace bucketwatch::exposure

#endif  // BUCKETWATCH_EXPOSURE_S3_ACTIONS_H_
