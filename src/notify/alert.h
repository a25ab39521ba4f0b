// Alert: one thing to tell people about one bucket (or one account), in a
// form that does not depend on the language or the channel it is sent in.
// Rendering (slack_message.h) turns it into words; everything that came
// from outside (bucket names, annotations, Sids, principals, finding text)
// is kept verbatim here and escaped only when rendered.
#ifndef BUCKETWATCH_NOTIFY_ALERT_H_
#define BUCKETWATCH_NOTIFY_ALERT_H_

#include <array>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "exposure/access.h"
#include "exposure/finding_words.h"
#include "exposure/snapshot.h"

namespace bucketwatch::notify {

// What happened.
enum class What : uint8_t {
  kBecamePublic,   // was not public (or not known before), now is
  kPublicChanged,  // was public, now public in a new way (more access, wider, another grant)
  kStillPublic,    // re-evaluated and still public (e.g. a NON_COMPLIANT result after NON_COMPLIANT)
  kIsPublic,       // public now; what it was before is not known
  kCannotJudge,    // some access could not be judged; it may be public
  kFixed,          // was public, no longer is
  kProtectionOff,  // Block Public Access was turned off or is incomplete: the next change could make it public
  kProtectionOn,   // Block Public Access is fully on again
  kInformational,  // worth knowing; nothing is public because of it
  // An AWS Config rule bucketwatch does not know judged a bucket: its own
  // result and annotation are passed on, as the old Lambda did.
  kRuleNonCompliant,
  kRuleCompliant,  // ... and the same rule finds it compliant again
};
std::string_view WhatName(What what);  // "became_public", "public_changed", ...
// The reverse of WhatName; nullopt for a name it never gives.
std::optional<What> WhatOfName(std::string_view name);
// True for what someone should act on now (everything but fixed, protection on, informational).
bool NeedsAction(What what);

enum class Subject : uint8_t { kBucket, kAccount };

// Who can do what, for each kind of access. Detailed when bucketwatch
// judged the bucket itself; otherwise only what AWS's rule or finding says.
struct AccessSummary {
  bool detailed = false;
  std::array<exposure::Scope, exposure::kAccessKindCount> scope{};
  exposure::AccessMask unknown = 0;
  exposure::WhoMask who = 0;
  // Coarse claims (AWS Config rule, GuardDuty): public read / write.
  bool claims_read = false;
  bool claims_write = false;
  bool any_aws_user = false;  // the claim is about authenticated AWS users rather than anyone (GuardDuty)

  bool Empty() const;
};

// What would close a cause. Each has a sentence in every language.
enum class Fix : uint8_t {
  kNone,
  kPolicyStatementPublic,        // remove or confine the statement, or RestrictPublicBuckets
  kPolicyStatementCrossAccount,  // remove it if that account should not have access
  kAclGrantPublic,               // remove the grant, IgnorePublicAcls, or BucketOwnerEnforced
  kAclGrantCrossAccount,
  kPolicyPublic,              // (no statement known) the bucket policy allows public access
  kAclPublic,                 // (no grant known) the ACL allows public access
  kBucketBlockPublicAccess,   // turn the bucket's Block Public Access back on
  kAccountBlockPublicAccess,  // turn the account's Block Public Access on
};

// One statement, grant or setting that opens access.
struct Cause {
  enum class Channel : uint8_t { kPolicy, kAcl, kBucketBpa, kAccountBpa };
  Channel channel = Channel::kPolicy;
  int statement = -1;  // policy: index in the policy
  std::string sid;
  int grant = -1;         // ACL: index in the ACL
  std::string principal;  // as written: "*", an ARN, a group URI, a canonical id
  exposure::Scope scope = exposure::Scope::kPublic;
  exposure::Who who = exposure::Who::kAnonymous;
  std::string other_account;        // cross-account: which account
  exposure::AccessMask access = 0;  // 0: the kind of access is not known in detail
  bool claims_read = false;         // coarse (Config annotation, GuardDuty): read / write
  bool claims_write = false;
  std::vector<std::string> actions;  // granted actions / ACL permission, for the message
  std::string uncertain;             // English note from the evaluator: the answer rests on undocumented behaviour
  Fix fix = Fix::kNone;
};

// A statement or grant of a verdict as a cause of an alert; the ACL's group
// URIs shortened to the names people know ("AllUsers").
Cause AlertCause(const exposure::Cause& cause);

// Where the news came from.
struct Origin {
  enum class Kind : uint8_t { kConfigRule, kConfigItem, kGuardDuty, kCloudTrail, kScan };
  Kind kind = Kind::kConfigRule;
  std::string name;                       // Config rule name, GuardDuty finding type, CloudTrail event name
  std::string id;                         // EventBridge event id, GuardDuty finding id
  std::string time;                       // when AWS recorded it
  std::optional<std::string> annotation;  // Config rule annotation, verbatim
  std::string compliance;                 // Config: "NON_COMPLIANT" ...
  std::string previous_compliance;
  std::string title;        // GuardDuty, verbatim
  std::string description;  // GuardDuty, verbatim
  double severity = 0;
  int64_t count = 0;  // GuardDuty: times the activity was seen
  // CloudTrail: what the call asked for, as settings written the way AWS
  // spells them ("x-amz-acl: public-read", "BlockPublicAcls=false"); shown verbatim.
  std::vector<std::string> requested;
  std::string allowance;  // scan: the expired allow-list entry, "reason (expired 2026-03-31)"
};

// Who made the change, when known.
struct Actor {
  std::string who;   // an ARN, or a user name
  std::string type;  // IAMUser, AssumedRole, ...
  std::string ip;
  std::string location;  // "Brooklyn, United States"
  std::string network;   // ASN organisation
  std::string api;       // the call
  std::string time;

  bool Empty() const { return who.empty() && ip.empty() && api.empty(); }
};

// Facts that qualify the message; each has a sentence in every language.
enum class Note : uint8_t {
  kOwnershipNotRecorded,  // Config items do not hold Object Ownership
  kAccountBpaNotInItem,   // the account's Block Public Access is not in a bucket's item
  kStateBeforeUnknown,    // no record of the state before: this may not be new
  kRepeatedFinding,       // GuardDuty re-sent the finding (count > 1)
  kRuleDeclared,          // the rule was declared by the operator (BUCKETWATCH_CONFIG_RULES)
  kEffectivelyNotPublic,  // GuardDuty: effectivePermission NOT_PUBLIC
  kEffectivelyPublic,     // GuardDuty: effectivePermission PUBLIC
  kAccountWide,           // account-level setting: affects every bucket of the account
  kAllowanceExpired,      // scan: the allow-list entry for the bucket expired (Origin::allowance)
  kRuleUnknown,           // bucketwatch does not know what the Config rule checks
  kDetailsNotKept,        // a pending alert's message did not fit in the state table: sent from its key alone
};

struct Alert {
  What what = What::kInformational;
  Subject subject = Subject::kBucket;
  std::string bucket;
  std::string account;
  std::string region;
  std::string partition;  // "aws", "aws-cn", "aws-us-gov"; empty: from the Region

  AccessSummary access;
  std::vector<Cause> causes;              // what opens access now (in force)
  std::vector<Fix> fixes;                 // what would close it, when no single cause is known
  std::vector<std::string> cannot_judge;  // English, from the evaluator
  // Block Public Access as reported (GuardDuty) or judged, when known.
  std::optional<exposure::BlockPublicAccess> bucket_bpa;
  std::optional<exposure::BlockPublicAccess> account_bpa;

  Origin origin;
  std::optional<Actor> actor;
  std::vector<Note> notes;

  // A key that is the same for repeated deliveries of the same news (for
  // de-duplication by an outbox): origin id, subject and what happened.
  std::string DedupeKey() const;
};

// "aws", "aws-cn" or "aws-us-gov" from an explicit partition or the Region.
std::string PartitionOf(std::string_view partition, std::string_view region);
// The AWS console page for the subject: the bucket's Permissions tab, or the
// account's Block Public Access settings.
std::string ConsoleUrl(const Alert& alert);

}  // namespace bucketwatch::notify

#endif  // BUCKETWATCH_NOTIFY_ALERT_H_
