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

// Python's json and AWS's own producers write lone surrogate escapes;
// simdjson refuses them. They are read as U+FFFD, and only then.
TEST(JsonParser, LoneSurrogateEscapesAreReadAsReplacementCharacters) {
  Parser parser;
  auto strict = parser.Parse(R"({"a": "x\ud800y"})");
  ASSERT_FALSE(strict.ok()) << "simdjson refuses it: the tolerant parse is needed";

  auto r = parser.ParseReplacingLoneSurrogates(R"({"a": "x\ud800y", "b": "\udfff", "c": "\ud83d\ude00"})");
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  EXPECT_EQ(parser.surrogates_replaced(), 2u);
  std::string_view a, b, c;
  ASSERT_FALSE((*r)["a"].get_string().get(a));
  ASSERT_FALSE((*r)["b"].get_string().get(b));
  ASSERT_FALSE((*r)["c"].get_string().get(c));
  EXPECT_EQ(a, "x\xEF\xBF\xBDy");
  EXPECT_EQ(b, kReplacementCharacter);
  EXPECT_EQ(c, "\xF0\x9F\x98\x80");  // a valid pair stays the character it encodes

  auto clean = parser.ParseReplacingLoneSurrogates(R"({"a": "\ud83d\ude00"})");
  ASSERT_TRUE(clean.ok());
  EXPECT_EQ(parser.surrogates_replaced(), 0u);
  // Other errors stay errors.
  EXPECT_FALSE(parser.ParseReplacingLoneSurrogates(R"({"a": "\ud800" )").ok());
  EXPECT_FALSE(parser.ParseReplacingLoneSurrogates(R"({"a": "\x"})").ok());
}

TEST(ReplaceLoneSurrogates, RewritesOnlyEscapesInsideStrings) {
  EXPECT_FALSE(ReplaceLoneSurrogates(R"({"a": "\ud83d\ude00", "b": "plain"})"));
  // An escaped backslash before "ud800" is text, not an escape.
  EXPECT_FALSE(ReplaceLoneSurrogates(R"({"a": "\\ud800"})"));
  auto r = ReplaceLoneSurrogates(R"({"\ud800": "\"\uDBFF\u0041", "x": "\\\udc00"})");
  ASSERT_TRUE(r);
  EXPECT_EQ(r->replaced, 3u);
  EXPECT_EQ(r->text, R"({"\ufffd": "\"\ufffd\u0041", "x": "\\\ufffd"})");
  // A high surrogate at the very end of the text.
  r = ReplaceLoneSurrogates(R"("\ud800)");
  ASSERT_TRUE(r);
  EXPECT_EQ(r->text, R"("\ufffd)");
}

}  // namespace
}  // namespace bucketwatch::json
