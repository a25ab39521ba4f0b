// Wildcard semantics per IAM User Guide, "IAM JSON policy elements:
// Resource" ('*' any run incl. '/', '?' one character) and "...: Action"
// (case-insensitive).
#include "exposure/glob.h"

#include <gtest/gtest.h>

namespace bucketwatch::exposure {
namespace {

TEST(GlobMatch, StarAndQuestion) {
  EXPECT_TRUE(GlobMatch("arn:aws:s3:::b/*", "arn:aws:s3:::b/a/b/c"));
  EXPECT_TRUE(GlobMatch("arn:aws:s3:::*", "arn:aws:s3:::b"));
  EXPECT_FALSE(GlobMatch("arn:aws:s3:::b/*", "arn:aws:s3:::b"));
  EXPECT_TRUE(GlobMatch("a?c", "abc"));
  EXPECT_FALSE(GlobMatch("a?c", "ac"));
  EXPECT_TRUE(GlobMatch("*", ""));
  EXPECT_TRUE(GlobMatch("s3:get*", "s3:GetObject", true));
  EXPECT_FALSE(GlobMatch("s3:get*", "s3:GetObject", false));
  EXPECT_TRUE(GlobMatch("s3:*Object", "s3:PutObject"));
  EXPECT_FALSE(GlobMatch("s3:*Object", "s3:PutObjectAcl"));
}

std::vector<std::string_view> Keys(std::string_view pattern, std::string_view prefix) {
  std::vector<size_t> offsets;
  Residuals(pattern, prefix, offsets);
  std::vector<std::string_view> out;
  for (size_t k : offsets) out.push_back(pattern.substr(k));
  return out;
}

TEST(Residuals, ObjectKeysOfBucketPattern) {
  EXPECT_EQ(Keys("arn:aws:s3:::b/*", "arn:aws:s3:::b/"), (std::vector<std::string_view>{"*"}));
  EXPECT_EQ(Keys("arn:aws:s3:::b/public/*", "arn:aws:s3:::b/"), (std::vector<std::string_view>{"public/*"}));
  EXPECT_TRUE(Keys("arn:aws:s3:::other/*", "arn:aws:s3:::b/").empty());
  // "arn:aws:s3:::b*" matches "arn:aws:s3:::b/..." with any key.
  auto keys = Keys("arn:aws:s3:::b*", "arn:aws:s3:::b/");
  ASSERT_FALSE(keys.empty());
  EXPECT_TRUE(MatchesEmpty(keys.front()));
}

TEST(GlobContains, SoundCases) {
  EXPECT_TRUE(GlobContains("*", "anything*"));
  EXPECT_TRUE(GlobContains("public/*", "public/a/*"));
  EXPECT_FALSE(GlobContains("public/*", "*"));
  EXPECT_TRUE(GlobContains("a?c", "abc"));
  EXPECT_FALSE(GlobContains("a?c", "a*c"));
  EXPECT_TRUE(GlobContains("*.jpg", "img/*.jpg"));
}

TEST(GlobIntersects, Cases) {
  EXPECT_TRUE(GlobIntersects("public/*", "*"));
  EXPECT_FALSE(GlobIntersects("public/*", "private/*"));
  EXPECT_TRUE(GlobIntersects("*.jpg", "img/*"));
  EXPECT_FALSE(GlobIntersects("a", "b"));
}

}  // namespace
}  // namespace bucketwatch::exposure
