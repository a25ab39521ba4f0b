// Snapshot: everything the evaluator needs to know about one bucket, and
// nothing else (DESIGN.md, "Formats users see").
//
// Each setting is a Part: absent (not configured), present, or unknown (it
// could not be read, e.g. AccessDenied; the reason says why). The evaluator
// never calls a bucket private on the strength of an unknown part.
#ifndef BUCKETWATCH_EXPOSURE_SNAPSHOT_H_
#define BUCKETWATCH_EXPOSURE_SNAPSHOT_H_

#include <optional>
#include <string>
#include <string_view>
#include <utility>

#include "exposure/acl.h"
#include "exposure/policy.h"

namespace bucketwatch::exposure {

template <typename T>
class Part {
 public:
  static Part Absent() { return Part(); }
  static Part Of(T&& value) {  // moved once: a Policy is large
    Part p;
    p.value_.emplace(std::move(value));
    return p;
  }
  static Part Of(const T& value) {
    Part p;
    p.value_.emplace(value);
    return p;
  }
  static Part Unknown(std::string_view reason) {
    Part p;
    p.unknown_reason_ = reason.empty() ? std::string("could not be read") : std::string(reason);
    return p;
  }

  bool absent() const { return !value_ && unknown_reason_.empty(); }
  bool present() const { return value_.has_value(); }
  bool unknown() const { return !unknown_reason_.empty(); }
  const T& value() const { return *value_; }
  T& value() { return *value_; }
  const std::string& unknown_reason() const { return unknown_reason_; }

 private:
  std::optional<T> value_;
  std::string unknown_reason_;
};

// The four Block Public Access flags (S3 API Reference,
// PublicAccessBlockConfiguration). A flag left out of a configuration is false.
struct BlockPublicAccess {
  bool block_public_acls = false;
  bool ignore_public_acls = false;
  bool block_public_policy = false;
  bool restrict_public_buckets = false;
  bool operator==(const BlockPublicAccess&) const = default;
};

// S3 Object Ownership (S3 User Guide, "Controlling ownership of objects and
// disabling ACLs"). No ownership controls behaves as kObjectWriter.
enum class ObjectOwnership : uint8_t { kBucketOwnerEnforced, kBucketOwnerPreferred, kObjectWriter };
std::string_view ObjectOwnershipName(ObjectOwnership o);
std::optional<ObjectOwnership> ParseObjectOwnership(std::string_view text);

struct Snapshot {
  std::string bucket;
  std::string account;  // the owner's 12-digit id; may be empty when unknown
  std::string region;   // may be empty

  Part<BlockPublicAccess> account_public_access_block;
  Part<BlockPublicAccess> public_access_block;
  Part<ObjectOwnership> ownership;
  Part<Policy> policy;
  std::string policy_text;  // the policy document as JSON text, when present
  Part<Acl> acl;

  // S3's own GetBucketPolicyStatus answer, when it was asked (cross-checks).
  std::optional<bool> policy_status;
  std::string captured_at;  // RFC 3339, when known
};

}  // namespace bucketwatch::exposure

#endif  // BUCKETWATCH_EXPOSURE_SNAPSHOT_H_
