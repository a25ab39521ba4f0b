// Triage: what an event means for the people watching, as alerts.
//
//  - Config compliance change (the S3 public-access rules): NON_COMPLIANT
//    announces; COMPLIANT after NON_COMPLIANT announces "fixed";
//    NOT_APPLICABLE and INSUFFICIENT_DATA are logged, not announced.
//  - Config item change of a bucket: the item is judged by the evaluator,
//    and so is the state before it (rebuilt from the item's diff); the
//    two verdicts are compared (change::Compare) and only a change is
//    announced. Account-level Block Public Access items announce when a
//    flag is turned off or all four are on again.
//  - GuardDuty Policy:S3/* findings announce with GuardDuty's own verdict,
//    the bucket's and account's Block Public Access, and who acted.
//  - CloudTrail calls that can change exposure need a live re-read of the
//    bucket (or of every bucket of the account) to be judged: they are
//    reported as such, with who made the call.
//  - bucketwatch's scheduled reconciliation needs a live read of every
//    bucket of the account.
//
// Pure: no I/O, no clock.
#ifndef BUCKETWATCH_HANDLER_TRIAGE_H_
#define BUCKETWATCH_HANDLER_TRIAGE_H_

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "events/event.h"
#include "exposure/verdict.h"
#include "notify/alert.h"

namespace bucketwatch::handler {

enum class Disposition : uint8_t {
  kAnnounce,           // one or more alerts to send
  kNothingToAnnounce,  // understood; no news (compliant, unchanged, private)
  kIgnored,            // not an event bucketwatch acts on
  kNeedsRescan,        // judging it needs a live re-read of the bucket or account
};
std::string_view DispositionName(Disposition d);  // "announce", "nothing_to_announce", "ignored", "needs_rescan"

// What to re-read live to judge an event.
struct Rescan {
  events::RescanScope scope = events::RescanScope::kBucket;
  std::string account;
  std::string region;
  std::string bucket;  // empty for the whole account
  notify::Actor actor;
  std::string cause;                    // "PutBucketPolicy", "oversized configuration item"
  std::string event_id;                 // the EventBridge event's id (alerts' origin id)
  std::optional<events::ApiCall> call;  // the CloudTrail call, when a call caused it
  bool scheduled = false;               // a scheduled read of every bucket (reconciliation)
  std::string from;                     // a reconciliation's slice: the buckets from this name on (empty: all)
  std::vector<std::string> requested;   // what the call asked for (RequestedSettings), worded once
};

struct Triage {
  Disposition disposition = Disposition::kNothingToAnnounce;
  std::string reason;  // one sentence for the log and the summary
  std::vector<notify::Alert> alerts;
  std::optional<Rescan> rescan;
};

struct TriageOptions {
  std::vector<std::string> declared_rules;  // BUCKETWATCH_CONFIG_RULES
};

Triage TriageEvent(const events::Event& event, const TriageOptions& options);

// What the call asked for, as AWS spells the settings (Origin::requested);
// a requested policy's statements that would let in any AWS user or anyone.
std::vector<std::string> RequestedSettings(const events::ApiCall& call);

// Shared with the rescan (handler/rescan.h): a judged bucket as an alert's parts.
notify::AccessSummary SummaryOf(const exposure::Verdict& verdict);
// Grants in force that reach beyond named accounts, or that could not be judged.
// `acl_uncertain` is set when an ACL answer rests on the unknown Object Ownership.
std::vector<notify::Cause> CausesOfVerdict(const exposure::Snapshot& snap, const exposure::Verdict& verdict,
                                           bool& acl_uncertain);
// The Block Public Access flags that are off ("BlockPublicAcls", ...); all four when absent.
std::vector<std::string> FlagsOff(const exposure::Part<exposure::BlockPublicAccess>& bpa);

}  // namespace bucketwatch::handler

#endif  // BUCKETWATCH_HANDLER_TRIAGE_H_
