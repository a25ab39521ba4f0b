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

namespace bucketwatch::json {
namespace {

constexpr std::array<std::string_view, 3> kNames = {"bucket", "policy", "acl"};

Members<3> MustRead(Parser& parser, std::string_view text) {
  auto doc = parser.Parse(text);
  EXPECT_TRUE(doc.ok()) << text;
  Object object;
  EXPECT_FALSE(doc->get_object().get(object));
  auto members = ReadMembers(object, kNames, Path());
  EXPECT_TRUE(members.ok()) << text << ": " << members.status().message();
  return members.ok() ? *members : Members<3>{};
}

Status ReadStatus(Parser& parser, std::string_view text) {
  auto doc = parser.Parse(text);
  EXPECT_TRUE(doc.ok()) << text;
  Object object;
  EXPECT_FALSE(doc->get_object().get(object));
  auto members = ReadMembers(object, kNames, Path().Key("acl"));
  return members.ok() ? Status::Ok() : members.status();
}

TEST(ReadMembers, GivesTheValuesAskedForInAnyOrderAndTheFirstOtherKey) {
  Parser parser;
  Members<3> m = MustRead(parser, R"({"acl": 1, "x": true, "bucket": "b", "y": null})");
  EXPECT_TRUE(m.has(0));
  EXPECT_FALSE(m.has(1));
  EXPECT_TRUE(m.has(2));
  EXPECT_EQ(m.values[0].get_string().value(), "b");
  EXPECT_EQ(m.values[2].get_int64().value(), 1);
  EXPECT_EQ(m.unknown, "x");
  Members<3> none = MustRead(parser, "{}");
  EXPECT_EQ(none.given, 0u);
  EXPECT_TRUE(none.unknown.empty());
}

TEST(ReadMembers, RefusesAnyKeyGivenTwiceAskedForOrNot) {
  Parser parser;
  for (std::string_view text : {R"({"bucket": "a", "bucket": "b"})", R"({"policy": {}, "acl": 1, "policy": null})",
                                R"({"x": 1, "bucket": "a", "x": 2})"}) {
    Status s = ReadStatus(parser, text);
    EXPECT_EQ(s.code(), StatusCode::kInvalidInput) << text;
    EXPECT_NE(s.message().find("appears twice"), std::string::npos) << s.message();
    EXPECT_EQ(s.where().substr(0, 5), "/acl/") << s.where();
  }
  // More keys that were not asked for than are compared on the stack: the
  // duplicate among them is still found, whatever its place.
  std::string many = "{";
  for (int i = 0; i < 20; ++i) many += "\"k" + std::to_string(i) + "\": " + std::to_string(i) + ", ";
  std::string twice = many + "\"k17\": 0}";
  Status s = ReadStatus(parser, twice);
  EXPECT_NE(s.message().find("\"k17\" appears twice"), std::string::npos) << s.message();
  EXPECT_TRUE(ReadStatus(parser, many + "\"bucket\": 1}").ok());
}

TEST(IndexOfName, FindsEachNameFromAnyStartingPoint) {
  for (size_t from = 0; from <= kNames.size() + 1; ++from) {
    for (size_t i = 0; i < kNames.size(); ++i) EXPECT_EQ(IndexOfName(kNames[i], kNames, from), i) << from;
    EXPECT_EQ(IndexOfName("buckets", kNames, from), kNames.size());
    EXPECT_EQ(IndexOfName("", kNames, from), kNames.size());
  }
}

}  // namespace
}  // namespace bucketwatch::json
