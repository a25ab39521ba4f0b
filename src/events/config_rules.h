// Which AWS Config rule a compliance change speaks for. The managed rules
// about S3 public access (docs/sources.md, "AWS Config events and managed rules") are recognised
// by name, also when Security Hub ("securityhub-s3-bucket-public-read-
// prohibited-1a2b3c"), a conformance pack ("s3-bucket-public-read-
// prohibited-conformance-pack-x9y8") or an organization rule adds a prefix
// or suffix. Rules with other names can be declared by the operator
// (BUCKETWATCH_CONFIG_RULES) and are then treated as bucket exposure rules.
#ifndef BUCKETWATCH_EVENTS_CONFIG_RULES_H_
#define BUCKETWATCH_EVENTS_CONFIG_RULES_H_

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace bucketwatch::events {

enum class PublicAccessRule : uint8_t {
  kPublicRead,            // s3-bucket-public-read-prohibited: anyone can read or list
  kPublicWrite,           // s3-bucket-public-write-prohibited: anyone can write
  kBucketLevel,           // s3-bucket-level-public-access-prohibited: bucket-level BPA settings (Security Hub S3.8)
  kAccountLevel,          // s3-account-level-public-access-blocks: account-level BPA flags
  kAccountLevelPeriodic,  // s3-account-level-public-access-blocks-periodic (Security Hub S3.1)
  kDeclared,              // a rule the operator declared as a bucket exposure rule
  kUnknown,               // any other rule about a bucket: bucketwatch passes its result on unjudged
};

// The managed rule's identifier in lower case ("s3-bucket-public-read-prohibited");
// "declared" for kDeclared, "unknown" for kUnknown.
std::string_view PublicAccessRuleName(PublicAccessRule rule);

// True for the rules about one bucket; false for the account-level ones.
bool IsBucketRule(PublicAccessRule rule);

// Recognises `rule_name`; `declared` holds the operator's extra rule names
// (exact, case-sensitive as Config names are).
std::optional<PublicAccessRule> RecognizeRule(std::string_view rule_name, const std::vector<std::string>& declared);

}  // namespace bucketwatch::events

#endif  // BUCKETWATCH_EVENTS_CONFIG_RULES_H_
