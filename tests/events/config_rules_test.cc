// Recognising the AWS Config managed rules about S3 public access by name,
// with the prefixes and suffixes Security Hub and conformance packs add
// (docs/sources.md, "AWS Config events and managed rules").
#include "events/config_rules.h"

#include <gtest/gtest.h>

namespace bucketwatch::events {
namespace {

TEST(ConfigRules, ManagedNames) {
  const std::vector<std::string> none;
  EXPECT_EQ(RecognizeRule("s3-bucket-public-read-prohibited", none), PublicAccessRule::kPublicRead);
  EXPECT_EQ(RecognizeRule("s3-bucket-public-write-prohibited", none), PublicAccessRule::kPublicWrite);
  EXPECT_EQ(RecognizeRule("s3-bucket-level-public-access-prohibited", none), PublicAccessRule::kBucketLevel);
  EXPECT_EQ(RecognizeRule("s3-account-level-public-access-blocks", none), PublicAccessRule::kAccountLevel);
  EXPECT_EQ(RecognizeRule("s3-account-level-public-access-blocks-periodic", none),
            PublicAccessRule::kAccountLevelPeriodic);
}

TEST(ConfigRules, PrefixesAndSuffixesAddedBySecurityHubAndConformancePacks) {
  const std::vector<std::string> none;
  EXPECT_EQ(RecognizeRule("securityhub-s3-bucket-public-read-prohibited-1a2b3c", none), PublicAccessRule::kPublicRead);
  EXPECT_EQ(RecognizeRule("s3-bucket-public-write-prohibited-conformance-pack-x9y8z7", none),
            PublicAccessRule::kPublicWrite);
  EXPECT_EQ(RecognizeRule("securityhub-s3-account-level-public-access-blocks-periodic-d4e5", none),
            PublicAccessRule::kAccountLevelPeriodic);
  EXPECT_EQ(RecognizeRule("OrgConfigRule-s3-bucket-level-public-access-prohibited-abc", none),
            PublicAccessRule::kBucketLevel);
  // The identifier spelling, as some organisations name rules.
  EXPECT_EQ(RecognizeRule("S3_BUCKET_PUBLIC_READ_PROHIBITED", none), PublicAccessRule::kPublicRead);
}

TEST(ConfigRules, OtherRulesAreNotRecognised) {
  const std::vector<std::string> none;
  EXPECT_FALSE(RecognizeRule("s3-bucket-ssl-requests-only", none));
  EXPECT_FALSE(RecognizeRule("cloudtrail-enabled", none));
  // Only whole words of the name count.
  EXPECT_FALSE(RecognizeRule("xs3-bucket-public-read-prohibitedx", none));
}

TEST(ConfigRules, DeclaredRulesByExactName) {
  const std::vector<std::string> declared = {"my-s3-public-check"};
  EXPECT_EQ(RecognizeRule("my-s3-public-check", declared), PublicAccessRule::kDeclared);
  EXPECT_FALSE(RecognizeRule("my-s3-public-check-2", declared));
  EXPECT_TRUE(IsBucketRule(PublicAccessRule::kDeclared));
  EXPECT_FALSE(IsBucketRule(PublicAccessRule::kAccountLevel));
}

}  // namespace
}  // namespace bucketwatch::events
