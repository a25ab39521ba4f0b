#include "exposure/s3_actions.h"

#include <array>
#include <cctype>
#include <string>
#include <unordered_map>

#include "base/text.h"
#include "exposure/glob.h"

namespace bucketwatch::exposure {
namespace {

using enum ResourceType;
using enum AccessKind;

// Source: Service Authorization Reference for Amazon S3 (see header). Kinds
// per docs/sources.md, "S3 actions and access kinds"; object tagging, retention and legal
// hold reads count as reading object data, their writes as writing it.
constexpr S3Action kActions[] = {
    // Object data and metadata.
    {"GetObject", kObject, kRead},
    {"GetObjectVersion", kObject, kRead},
    {"GetObjectTorrent", kObject, kRead},
    {"GetObjectVersionTorrent", kObject, kRead},
    {"GetObjectAttributes", kObject, kRead},
    {"GetObjectVersionAttributes", kObject, kRead},
    {"GetObjectTagging", kObject, kRead},
    {"GetObjectVersionTagging", kObject, kRead},
    {"GetObjectRetention", kObject, kRead},
    {"GetObjectLegalHold", kObject, kRead},
    {"GetObjectVersionForReplication", kObject, kRead},
    {"GetObjectAcl", kObject, kReadAcp},
    {"GetObjectVersionAcl", kObject, kReadAcp},
    {"ListMultipartUploadParts", kObject, kList},
    {"PutObject", kObject, kWrite},
    {"DeleteObject", kObject, kWrite},
    {"DeleteObjectVersion", kObject, kWrite},
    {"AbortMultipartUpload", kObject, kWrite},
    {"RestoreObject", kObject, kWrite},
    {"PutObjectTagging", kObject, kWrite},
    {"PutObjectVersionTagging", kObject, kWrite},
    {"DeleteObjectTagging", kObject, kWrite},
    {"DeleteObjectVersionTagging", kObject, kWrite},
    {"PutObjectRetention", kObject, kWrite},
    {"PutObjectLegalHold", kObject, kWrite},
    {"ReplicateObject", kObject, kWrite},
    {"ReplicateDelete", kObject, kWrite},
    {"ReplicateTags", kObject, kWrite},
    {"BypassGovernanceRetention", kObject, kWrite},
    {"ObjectOwnerOverrideToBucketOwner", kObject, kWrite},
    {"InitiateReplication", kObject, kWrite},
    {"PutObjectAcl", kObject, kWriteAcp},
    {"PutObjectVersionAcl", kObject, kWriteAcp},
    // Listing.
    {"ListBucket", kBucket, kList},
    {"ListBucketVersions", kBucket, kList},
    {"ListBucketMultipartUploads", kBucket, kList},
    // Access control of the bucket.
    {"GetBucketAcl", kBucket, kReadAcp},
    {"GetBucketPolicy", kBucket, kReadAcp},
    {"GetBucketPolicyStatus", kBucket, kReadAcp},
    {"GetBucketPublicAccessBlock", kBucket, kReadAcp},
    {"GetBucketOwnershipControls", kBucket, kReadAcp},
    {"PutBucketAcl", kBucket, kWriteAcp},
    {"PutBucketPolicy", kBucket, kWriteAcp},
    {"DeleteBucketPolicy", kBucket, kWriteAcp},
    {"PutBucketPublicAccessBlock", kBucket, kWriteAcp},
    {"PutBucketOwnershipControls", kBucket, kWriteAcp},
    // Other bucket configuration.
    {"CreateBucket", kBucket, kBucketConfig},
    {"DeleteBucket", kBucket, kBucketConfig},
    {"GetBucketLocation", kBucket, kBucketConfig},
    {"GetBucketCORS", kBucket, kBucketConfig},
    {"PutBucketCORS", kBucket, kBucketConfig},
    {"GetBucketVersioning", kBucket, kBucketConfig},
    {"PutBucketVersioning", kBucket, kBucketConfig},
    {"GetBucketRequestPayment", kBucket, kBucketConfig},
    {"PutBucketRequestPayment", kBucket, kBucketConfig},
    {"GetBucketNotification", kBucket, kBucketConfig},
    {"PutBucketNotification", kBucket, kBucketConfig},
    {"GetBucketLogging", kBucket, kBucketConfig},
    {"PutBucketLogging", kBucket, kBucketConfig},
    {"GetBucketTagging", kBucket, kBucketConfig},
    {"PutBucketTagging", kBucket, kBucketConfig},
    {"GetBucketWebsite", kBucket, kBucketConfig},
    {"PutBucketWebsite", kBucket, kBucketConfig},
    {"DeleteBucketWebsite", kBucket, kBucketConfig},
    {"GetLifecycleConfiguration", kBucket, kBucketConfig},
    {"PutLifecycleConfiguration", kBucket, kBucketConfig},
    {"GetReplicationConfiguration", kBucket, kBucketConfig},
    {"PutReplicationConfiguration", kBucket, kBucketConfig},
    {"GetEncryptionConfiguration", kBucket, kBucketConfig},
    {"PutEncryptionConfiguration", kBucket, kBucketConfig},
    {"GetBucketObjectLockConfiguration", kBucket, kBucketConfig},
    {"PutBucketObjectLockConfiguration", kBucket, kBucketConfig},
    {"GetAccelerateConfiguration", kBucket, kBucketConfig},
    {"PutAccelerateConfiguration", kBucket, kBucketConfig},
    {"GetAnalyticsConfiguration", kBucket, kBucketConfig},
    {"PutAnalyticsConfiguration", kBucket, kBucketConfig},
    {"GetInventoryConfiguration", kBucket, kBucketConfig},
    {"PutInventoryConfiguration", kBucket, kBucketConfig},
    {"GetMetricsConfiguration", kBucket, kBucketConfig},
    {"PutMetricsConfiguration", kBucket, kBucketConfig},
    {"GetIntelligentTieringConfiguration", kBucket, kBucketConfig},
    {"PutIntelligentTieringConfiguration", kBucket, kBucketConfig},
    {"GetBucketMetadataTableConfiguration", kBucket, kBucketConfig},
    {"CreateBucketMetadataTableConfiguration", kBucket, kBucketConfig},
    {"DeleteBucketMetadataTableConfiguration", kBucket, kBucketConfig},
    // Not on a bucket or object ARN: account, access points, jobs, Storage Lens.
    {"ListAllMyBuckets", kOther, kBucketConfig},
    {"GetAccountPublicAccessBlock", kOther, kBucketConfig},
    {"PutAccountPublicAccessBlock", kOther, kBucketConfig},
    {"ListAccessPoints", kOther, kBucketConfig},
    {"CreateAccessPoint", kOther, kBucketConfig},
    {"DeleteAccessPoint", kOther, kBucketConfig},
    {"GetAccessPoint", kOther, kBucketConfig},
    {"GetAccessPointPolicy", kOther, kBucketConfig},
    {"PutAccessPointPolicy", kOther, kBucketConfig},
    {"DeleteAccessPointPolicy", kOther, kBucketConfig},
    {"GetAccessPointPolicyStatus", kOther, kBucketConfig},
    {"ListMultiRegionAccessPoints", kOther, kBucketConfig},
    {"CreateJob", kOther, kBucketConfig},
    {"DescribeJob", kOther, kBucketConfig},
    {"ListJobs", kOther, kBucketConfig},
    {"UpdateJobPriority", kOther, kBucketConfig},
    {"UpdateJobStatus", kOther, kBucketConfig},
    {"GetStorageLensConfiguration", kOther, kBucketConfig},
    {"PutStorageLensConfiguration", kOther, kBucketConfig},
    {"ListStorageLensConfigurations", kOther, kBucketConfig},
};
static_assert(std::size(kActions) <= kMaxS3Actions);

struct Tables {
  std::array<std::string, std::size(kActions)> full_lower;  // "s3:getobject"
  ActionSet bucket, object, bad;
  std::array<ActionSet, kAccessKindCount> by_kind;
  std::unordered_map<std::string, size_t> by_name;  // "s3:getobject" -> index
  Tables() {
    for (size_t i = 0; i < std::size(kActions); ++i) {
      const S3Action& a = kActions[i];
      full_lower[i] = "s3:" + Lower(a.name);
      by_name.emplace(full_lower[i], i);
      if (a.resource == kBucket) bucket.set(i);
      if (a.resource == kObject) object.set(i);
      if (a.resource != kOther) by_kind[static_cast<size_t>(a.kind)].set(i);
      if (IsBadActionName(a.name)) bad.set(i);
    }
  }
};

const Tables& GetTables() {
  static const Tables tables;
  return tables;
}

}  // namespace

std::span<const S3Action> AllS3Actions() { return kActions; }
const ActionSet& BucketActions() { return GetTables().bucket; }
const ActionSet& ObjectActions() { return GetTables().object; }
const ActionSet& BadActions() { return GetTables().bad; }
const ActionSet& ActionsOfKind(AccessKind kind) { return GetTables().by_kind[static_cast<size_t>(kind)]; }

bool IsBadActionName(std::string_view name) {
  return StartsWithIgnoringCase(name, "Get") || StartsWithIgnoringCase(name, "List") ||
         StartsWithIgnoringCase(name, "Delete") || StartsWithIgnoringCase(name, "Put") ||
         EqualsIgnoringCase(name, "AbortMultipartUpload") || EqualsIgnoringCase(name, "RestoreObject");
}

ActionMatch MatchAction(std::string_view value) {
  ActionMatch match;
  const Tables& t = GetTables();
  const std::string lower = Lower(value);
  const bool wildcard = HasWildcard(lower);
  if (!wildcard) {
    size_t colon = lower.find(':');
    if (colon == std::string::npos || lower.compare(0, colon, "s3") != 0) {
      match.other_service = true;
      return match;
    }
    auto it = t.by_name.find(lower);
    if (it == t.by_name.end()) {
      match.known = false;
    } else {
      match.actions.set(it->second);
    }
    return match;
  }
  // Policies repeat the same few patterns ("s3:*", "s3:Get*"): remember them.
  thread_local std::unordered_map<std::string, ActionMatch> cache;
  if (auto it = cache.find(lower); it != cache.end()) return it->second;
  for (size_t i = 0; i < std::size(kActions); ++i) {
    if (GlobMatch(lower, t.full_lower[i])) match.actions.set(i);
  }
  if (match.actions.none()) {
    // "kms:*" and the like: nothing of S3's.
    match.other_service = !GlobMatch(lower, "s3:x") && !GlobMatch(lower, "s3:");
  }
  if (cache.size() > 1024) cache.clear();
  cache.emplace(lower, match);
  return match;
}

S3Action GuessUnknownAction(std::string_view name) {
  // Newer actions follow the naming of their family: "...Object..." acts on
  // objects; Get/List read, Put/Delete/Create write. Unknown is treated as
  // applying to the bucket and its objects both (the cautious choice).
  bool object = name.find("Object") != std::string_view::npos;
  AccessKind kind = kBucketConfig;
  if (object) kind = (StartsWithIgnoringCase(name, "Get") || StartsWithIgnoringCase(name, "List")) ? kRead : kWrite;
  return S3Action{name, object ? kObject : kBucket, kind};
}

}  // namespace bucketwatch::exposure
