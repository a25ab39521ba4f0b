// Slack mrkdwn escaping and cutting (docs/sources.md, "Slack mrkdwn escaping"
// and "Slack Block Kit limits"; vectors in
// tests/data/slack/mrkdwn_escape_vectors.json).
#include "notify/mrkdwn.h"

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "support/test_files.h"

namespace bucketwatch::notify {
namespace {

TEST(Escape, SlackVectors) {
  auto vectors = nlohmann::json::parse(testing::ReadTestData("slack/mrkdwn_escape_vectors.json"));
  ASSERT_GE(vectors["vectors"].size(), 10u);
  for (const auto& v : vectors["vectors"]) {
    EXPECT_EQ(Escape(v["in"].get<std::string>()), v["out"].get<std::string>()) << v["in"];
  }
}

TEST(Code, ShowsBackticksMakesLineBreaksSpacesAndEscapes) {
  EXPECT_EQ(Code("my-bucket"), "`my-bucket`");
  EXPECT_EQ(Code("a`b"), "`aˋb`");
  EXPECT_EQ(Code("<!channel>\nx"), "`&lt;!channel&gt; x`");
  EXPECT_EQ(Code(""), "` `");
}

TEST(Link, EscapesBothParts) {
  EXPECT_EQ(Link("https://x/?a=1&b=2", "open <it>"), "<https://x/?a=1&amp;b=2|open &lt;it&gt;>");
  EXPECT_EQ(Link("https://x/|evil", "a|b"), "<https://x/_evil|a/b>");
}

TEST(CountChars, CountsCodePoints) {
  EXPECT_EQ(CountChars("abc"), 3u);
  EXPECT_EQ(CountChars("公開"), 2u);
  EXPECT_EQ(CountChars("ü&"), 2u);
}

TEST(TruncateMrkdwn, FitsUnchanged) {
  EXPECT_EQ(TruncateMrkdwn("short", 10), "short");
  EXPECT_EQ(TruncateMrkdwn("公開設定", 4), "公開設定");
}

TEST(TruncateMrkdwn, CutsByCharactersWithAMarker) {
  std::string cut = TruncateMrkdwn("abcdefghij", 5);
  EXPECT_EQ(cut, "abcd…");
  EXPECT_EQ(CountChars(cut), 5u);
  std::string ja = TruncateMrkdwn("公開設定が適切か確認してください", 6);
  EXPECT_EQ(ja, "公開設定が…");
}

TEST(TruncateMrkdwn, NeverInsideAnEntityALinkOrACodeSpan) {
  // "a &amp; b": a cut at 5 characters would end inside "&amp;".
  EXPECT_EQ(TruncateMrkdwn("a &amp; b c d e f", 5), "a…");
  EXPECT_EQ(TruncateMrkdwn("see <https://example.com/long/path|the console> now", 20), "see…");
  EXPECT_EQ(TruncateMrkdwn("bucket `a-very-long-bucket-name` is public", 15), "bucket…");
  for (size_t n = 1; n < 60; ++n) {
    std::string t = TruncateMrkdwn("x &lt;!channel&gt; <https://a|b> `c` &amp; 公開 y", n);
    EXPECT_LE(CountChars(t), n);
    // Balanced: no half entity, no open link, no open code span.
    size_t amp = t.rfind('&');
    if (amp != std::string::npos) {
      EXPECT_NE(t.find(';', amp), std::string::npos) << t;
    }
    size_t lt = t.rfind('<');
    if (lt != std::string::npos) {
      EXPECT_NE(t.find('>', lt), std::string::npos) << t;
    }
    EXPECT_EQ(std::count(t.begin(), t.end(), '`') % 2, 0) << t;
  }
}

TEST(TruncatePlain, KeepsUtf8Whole) {
  std::string t = TruncatePlain("ブロックパブリックアクセス", 5);
  EXPECT_EQ(CountChars(t), 5u);
  EXPECT_EQ(t, "ブロック…");
}

}  // namespace
}  // namespace bucketwatch::notify
