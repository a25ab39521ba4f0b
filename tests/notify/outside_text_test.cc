// Hostile outside text in a message: multi-line annotations and findings
// stay inside their quote, huge names are cut without losing the field's
// label, the console link or the rest of their line, and backticks inside
// code spans are shown.
#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include <string>
#include <vector>

#include "notify/mrkdwn.h"
#include "notify/slack_message.h"
#include "sample_alert.h"

namespace bucketwatch::notify {
namespace {

using Json = nlohmann::json;

// The sample alert, in eu-west-1 and from a CloudTrail call.
Alert PublicAlert() {
  Alert a = PolicyAlert();
  a.region = "eu-west-1";
  a.origin.kind = Origin::Kind::kCloudTrail;
  a.origin.name = "PutBucketPolicy";
  return a;
}

// The one text that contains `needle`.
std::string TextWith(const Json& payload, std::string_view needle) {
  for (const std::string& t : MrkdwnTexts(payload)) {
    if (t.find(needle) != std::string::npos) return t;
  }
  ADD_FAILURE() << "no text contains " << needle << " in " << payload.dump();
  return {};
}

std::vector<std::string> Lines(const std::string& text) {
  std::vector<std::string> lines;
  size_t start = 0;
  while (true) {
    size_t nl = text.find('\n', start);
    lines.push_back(text.substr(start, nl == std::string::npos ? nl : nl - start));
    if (nl == std::string::npos) break;
    start = nl + 1;
  }
  return lines;
}

// Every line after the heading line is quoted.
void ExpectQuotedAfterHeading(const std::string& section) {
  std::vector<std::string> lines = Lines(section);
  ASSERT_GE(lines.size(), 2u) << section;
  for (size_t i = 1; i < lines.size(); ++i) {
    EXPECT_EQ(lines[i].rfind('>', 0), 0u) << "line " << i << " left the quote: " << section;
  }
}

constexpr std::string_view kHostile = "first line\n*FAKE HEADER*\r\n:white_check_mark: bucket is private\rlast\n\nend";

TEST(OutsideText, ConfigAnnotationIsQuotedOnEveryLine) {
  Alert a = PublicAlert();
  a.origin.kind = Origin::Kind::kConfigRule;
  a.origin.name = "s3-bucket-public-read-prohibited";
  a.origin.annotation = std::string(kHostile);
  Json p = Json::parse(RenderSlackMessage(a, {}).body);
  std::string section = TextWith(p, "FAKE HEADER");
  EXPECT_EQ(section.rfind("*AWS Config annotation*\n", 0), 0u) << section;
  ExpectQuotedAfterHeading(section);
  EXPECT_NE(section.find("\n>*FAKE HEADER*\n"), std::string::npos) << section;
  EXPECT_NE(section.find("\n>:white_check_mark: bucket is private\n>last\n"), std::string::npos) << section;
}

TEST(OutsideText, GuardDutyTitleAndDescriptionAreQuotedOnEveryLine) {
  Alert a = PublicAlert();
  a.origin.kind = Origin::Kind::kGuardDuty;
  a.origin.name = "Policy:S3/BucketAnonymousAccessGranted";
  a.origin.title = "Title\n*FAKE TITLE*";
  a.origin.description = std::string(kHostile);
  for (Lang lang : {Lang::kEn, Lang::kJa}) {
    Json p = Json::parse(RenderSlackMessage(a, {.lang = lang}).body);
    std::string section = TextWith(p, "FAKE HEADER");
    ExpectQuotedAfterHeading(section);
    EXPECT_NE(section.find("\n>*FAKE TITLE*\n"), std::string::npos) << section;
  }
}

TEST(Quote, EveryKindOfLineBreakStartsAQuotedLine) {
  EXPECT_EQ(Quote("a"), ">a");
  EXPECT_EQ(Quote("a\nb\r\nc\rd"), ">a\n>b\n>c\n>d");
  EXPECT_EQ(Quote("a\n\nb"), ">a\n>\n>b");
  EXPECT_EQ(Quote("<!here> & >quote"), ">&lt;!here&gt; &amp; &gt;quote");
}

TEST(OutsideText, HugeBucketNameKeepsTheFieldLabelAndAConsoleLink) {
  Alert a = PublicAlert();
  a.bucket = std::string(10000, 'b');
  Json p = Json::parse(RenderSlackMessage(a, {}).body);
  std::string field = TextWith(p, "*Bucket*");
  EXPECT_EQ(field.rfind("*Bucket*\n`bbbb", 0), 0u) << field.substr(0, 40);
  EXPECT_NE(field.find("…`"), std::string::npos) << "the value is cut inside its code span";
  EXPECT_LE(CountChars(field), kValueChars + 16);
  std::string intro = TextWith(p, "AWS console");
  EXPECT_NE(intro.find("<https://console.aws.amazon.com/s3/buckets?region=eu-west-1|"), std::string::npos) << intro;
  // The other fields are still there.
  EXPECT_NE(TextWith(p, "*Account*").find("123456789012"), std::string::npos);
  EXPECT_NE(TextWith(p, "*Region*").find("eu-west-1"), std::string::npos);
}

TEST(OutsideText, HugeUserNameKeepsTheRestOfTheChangedByLine) {
  Alert a = PublicAlert();
  Actor actor;
  actor.who = "arn:aws:iam::123456789012:user/" + std::string(10000, 'u');
  actor.type = "IAMUser";
  actor.ip = "203.0.113.7";
  actor.location = std::string(10000, 'L') + "\n*FAKE*";
  actor.api = "PutBucketPolicy";
  actor.time = "2024-05-01T10:00:00Z";
  a.actor = actor;
  for (Lang lang : {Lang::kEn, Lang::kJa}) {
    Json p = Json::parse(RenderSlackMessage(a, {.lang = lang}).body);
    std::string line = TextWith(p, "uuuu");
    EXPECT_NE(line.find("`203.0.113.7`"), std::string::npos) << line.substr(0, 100);
    EXPECT_NE(line.find("`PutBucketPolicy`"), std::string::npos);
    EXPECT_NE(line.find("2024-05-01T10:00:00Z"), std::string::npos);
    EXPECT_NE(line.find("(IAMUser)"), std::string::npos);
    EXPECT_EQ(line.find('\n'), std::string::npos) << "outside text cannot start a line of its own";
    EXPECT_LT(CountChars(line), SlackLimits::kSectionChars);
  }
}

TEST(OutsideText, BacktickInsideACodeSpanIsShown) {
  Alert a = PublicAlert();
  a.causes[0].sid = "a`b";
  Json p = Json::parse(RenderSlackMessage(a, {}).body);
  std::string cause = TextWith(p, "Sid");
  EXPECT_NE(cause.find("Sid `aˋb`"), std::string::npos) << cause;
}

TEST(Code, ShowsBackticksAsALookalikeAndCutsTheValueNotTheSpan) {
  EXPECT_EQ(Code("a`b"), "`aˋb`");
  EXPECT_EQ(Code("``"), "`ˋˋ`");
  std::string cut = Code(std::string(1000, 'x'), 10);
  EXPECT_EQ(cut, "`xxxxxxxxx…`");
  EXPECT_EQ(Code("<&>", 2), "`&lt;…`");
}

TEST(EscapeLine, KeepsOutsideTextOnOneLine) {
  EXPECT_EQ(EscapeLine("a\n*b*\r\nc"), "a *b*  c");
  EXPECT_EQ(EscapeLine(std::string(10, 'z'), 4), "zzz…");
}

}  // namespace
}  // namespace bucketwatch::notify
