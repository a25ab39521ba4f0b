#include "base/json.h"

#include <gtest/gtest.h>

#include <string>

namespace bucketwatch::json {
namespace {

TEST(JsonPath, PointerEscapesTildeAndSlash) {
  Path root;
  Path a = root.Key("a/b");
  Path b = a.Index(3);
  Path c = b.Key("x~y");
  EXPECT_EQ(root.Pointer(), "");
  EXPECT_EQ(c.Pointer(), "/a~1b/3/x~0y");
}

TEST(JsonParser, RefusesDeepNesting) {
  Parser parser(Limits{1 << 20, 64});
  std::string deep(100, '[');
  deep += std::string(100, ']');
  auto r = parser.Parse(deep);
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.status().code(), StatusCode::kTooLarge);
  EXPECT_NE(r.status().message().find("nested deeper than 64"), std::string::npos);
}

TEST(JsonParser, RefusesOversizedInput) {
  Parser parser(Limits{100, 64});
  std::string big = "[" + std::string(200, ' ') + "]";
  auto r = parser.Parse(big);
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.status().code(), StatusCode::kTooLarge);
}

TEST(JsonParser, ReportsMalformedJson) {
  Parser parser;
  auto r = parser.Parse("{\"a\": ");
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.status().code(), StatusCode::kInvalidInput);
  EXPECT_NE(r.status().message().find("not valid JSON"), std::string::npos);
}

TEST(JsonParser, RejectsInvalidUtf8) {
  Parser parser;
  auto r = parser.Parse("\"\xff\xfe\"");
  ASSERT_FALSE(r.ok());
  EXPECT_NE(r.status().message().find("UTF-8"), std::string::npos);
}

TEST(JsonParser, ReusesBufferAcrossDocuments) {
  Parser parser;
  auto first = parser.Parse(std::string(5000, ' ') + "{\"a\": 1}");
  ASSERT_TRUE(first.ok());
  auto second = parser.Parse("[1,2]");
  ASSERT_TRUE(second.ok());
  EXPECT_TRUE(second->is_array());
}

TEST(JsonTypeError, SaysExpectedAndFound) {
  Parser parser;
  auto r = parser.Parse("{\"Effect\": 3}");
  ASSERT_TRUE(r.ok());
  Path root;
  Status s = TypeError(root.Key("Effect"), "a string", (*r)["Effect"].value());
  EXPECT_EQ(s.ToString(), "/Effect: expected a string, found a number");
}

// An empty input as the very first parse: the reused buffer has no storage yet.
TEST(JsonParser, EmptyInputOnAFreshParserIsAnError) {
  Parser parser;
  auto r = parser.Parse("");
  ASSERT_FALSE(r.ok());
  EXPECT_NE(r.status().message().find("empty"), std::string::npos);
  EXPECT_TRUE(parser.Parse("{}").ok());
}

}  // namespace
}  // namespace bucketwatch::json
