// Verdict: the evaluator's answer for one bucket. For each kind of access,
// how far outside the owner it reaches; for each grant that reaches outside,
// a Finding that names the statement or ACL grant, who it lets in, and what
// (if anything) blocks it today.
#ifndef BUCKETWATCH_EXPOSURE_VERDICT_H_
#define BUCKETWATCH_EXPOSURE_VERDICT_H_

#include <array>
#include <optional>
#include <string>
#include <vector>

#include "exposure/access.h"
#include "exposure/s3_actions.h"
#include "exposure/snapshot.h"

namespace bucketwatch::exposure {

enum class Channel : uint8_t { kPolicy, kAcl };

// What neutralises a grant that would otherwise be in force.
struct BlockedBy {
  enum class Control : uint8_t {
    kNone,                   // in force
    kRestrictPublicBuckets,  // Block Public Access, policy channel
    kIgnorePublicAcls,       // Block Public Access, ACL channel
    kBucketOwnerEnforced,    // Object Ownership: ACLs disabled
    kDeny,                   // a Deny statement of the same policy
  };
  Control control = Control::kNone;
  bool account_level = false;  // the flag is on in the account's configuration
  bool bucket_level = false;   // ... in the bucket's
  int deny_statement = -1;     // for kDeny: the statement's index

  bool blocked() const { return control != Control::kNone; }
};
std::string_view ControlName(BlockedBy::Control c);

struct Finding {
  Channel channel = Channel::kPolicy;
  int statement = -1;     // policy: index into Policy::statements
  int grant = -1;         // ACL: index into Acl::grants
  std::string principal;  // as written: "*", an ARN, a group URI, a canonical id
  Scope scope = Scope::kPublic;
  Who who = Who::kAnonymous;                 // meaningful when scope is public or authenticated
  std::string account;                       // cross-account: the other account (or canonical id)
  AccessMask access = 0;                     // what it grants, before blocking
  ActionSet actions;                         // policy: the granted S3 actions that count, after Deny
  std::vector<std::string> unknown_actions;  // granted "s3:" actions newer than our table
  BlockedBy blocked_by;
  std::vector<int> partly_denied_by;  // Deny statements that remove part of what it grants
  std::vector<int> conditions;        // indices into the statement's conditions that do not restrict it
  std::string uncertain;              // non-empty: the answer rests on undocumented behaviour; the safe choice was made
  bool cannot_judge = false;          // from a part of the input that could not be understood
};

struct Note {
  enum class Kind : uint8_t {
    kInvalid,  // S3 would refuse this input; judged anyway
    kWarning,  // a risk that is not exposure (e.g. a confused-deputy service grant)
    kInfo,
  };
  Kind kind = Kind::kInfo;
  std::string where;  // "policy /Statement/0/Principal", "acl /Grants/2", ...
  std::string message;
};

struct EffectiveFlag {
  bool on = false;
  bool account_level = false;
  bool bucket_level = false;
};

struct Verdict {
  std::string bucket;
  std::string account;
  std::string region;

  // Effective scope of each kind of access, after Deny, Block Public Access
  // and Object Ownership; indexed by AccessKind.
  std::array<Scope, kAccessKindCount> access{};
  // Kinds that might reach the public but could not be judged.
  AccessMask unknown = 0;
  WhoMask who = 0;  // who "the public" is, over grants in force

  // The AWS Config managed rules' answers: NON_COMPLIANT = true.
  bool public_read = false;   // s3-bucket-public-read-prohibited
  bool public_write = false;  // s3-bucket-public-write-prohibited

  std::optional<bool> policy_is_public;  // GetBucketPolicyStatus's meaning; nullopt: no policy
  bool acl_is_public = false;            // the ACL grants something to AllUsers or AuthenticatedUsers
  bool acls_enabled = true;
  bool cross_account = false;  // grants in force to other accounts
  bool restrict_public_buckets_blocks_cross_account = false;
  bool invalid_policy = false;

  EffectiveFlag block_public_acls, ignore_public_acls, block_public_policy, restrict_public_buckets;

  std::vector<Finding> findings;
  std::vector<Note> notes;
  std::vector<std::string> cannot_judge;  // why some part could not be judged

  Scope Access(AccessKind kind) const { return access[static_cast<size_t>(kind)]; }
  bool IsUnknown(AccessKind kind) const { return Has(unknown, kind); }
  // Anything in force reaches beyond named accounts, or could and we cannot tell.
  bool exposed() const;
  // The widest scope over all kinds.
  Scope widest() const;
};

}  // namespace bucketwatch::exposure

#endif  // BUCKETWATCH_EXPOSURE_VERDICT_H_
