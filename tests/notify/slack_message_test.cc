// Alerts rendered as Slack Block Kit payloads: content, escaping of outside
// text (docs/sources.md, "Slack mrkdwn escaping"), Block Kit limits ("Slack Block Kit limits",
// tests/data/slack/limits.json), legacy webhook fields ("Slack incoming webhooks"),
// English and Japanese.
#include "notify/slack_message.h"

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "notify/mrkdwn.h"
#include "sample_alert.h"
#include "support/test_files.h"

namespace bucketwatch::notify {
namespace {

using exposure::AccessKind;
using exposure::Scope;
using Json = nlohmann::json;

Json Render(const Alert& a, const MessageOptions& o = {}) { return Json::parse(RenderSlackMessage(a, o).body); }

std::string AllText(const Json& payload) { return payload.dump(); }

// Every text in every block, checked against Block Kit's limits.
void ExpectWithinLimits(const Json& p) {
  auto limits = Json::parse(testing::ReadTestData("slack/limits.json"));
  ASSERT_TRUE(p.contains("text"));
  EXPECT_LE(CountChars(p["text"].get<std::string>()), limits["message"]["text_recommended_max_chars"].get<size_t>());
  ASSERT_TRUE(p["blocks"].is_array());
  EXPECT_LE(p["blocks"].size(), limits["message"]["blocks_max"].get<size_t>());
  for (const Json& b : p["blocks"]) {
    std::string type = b["type"];
    if (type == "header") {
      EXPECT_EQ(b["text"]["type"], "plain_text");
      EXPECT_LE(CountChars(b["text"]["text"].get<std::string>()),
                limits["header_block"]["text_max_chars"].get<size_t>());
    } else if (type == "section") {
      ASSERT_TRUE(b.contains("text") || b.contains("fields"));
      if (b.contains("text")) {
        std::string t = b["text"]["text"];
        EXPECT_FALSE(t.empty());
        EXPECT_LE(CountChars(t), limits["section_block"]["text_max_chars"].get<size_t>());
      }
      if (b.contains("fields")) {
        EXPECT_LE(b["fields"].size(), limits["section_block"]["fields_max_items"].get<size_t>());
        for (const Json& f : b["fields"]) {
          EXPECT_FALSE(f["text"].get<std::string>().empty());
          EXPECT_LE(CountChars(f["text"].get<std::string>()),
                    limits["section_block"]["field_text_max_chars"].get<size_t>());
        }
      }
    } else if (type == "context") {
      EXPECT_LE(b["elements"].size(), limits["context_block"]["elements_max"].get<size_t>());
      for (const Json& e : b["elements"]) EXPECT_FALSE(e["text"].get<std::string>().empty());
    }
  }
}

TEST(RenderSlackMessage, BecamePublicNamesBucketAccountRegionCauseAndFix) {
  Json p = Render(PolicyAlert());
  ExpectWithinLimits(p);
  std::string text = p["text"];
  EXPECT_NE(text.find("my-bucket"), std::string::npos);
  EXPECT_NE(text.find("became public"), std::string::npos);
  std::string all = AllText(p);
  EXPECT_NE(all.find("123456789012"), std::string::npos);
  EXPECT_NE(all.find("ap-northeast-1"), std::string::npos);
  EXPECT_NE(all.find("Bucket policy statement 0"), std::string::npos);
  EXPECT_NE(all.find("`PublicRead`"), std::string::npos);
  EXPECT_NE(all.find("`s3:GetObject`"), std::string::npos);
  EXPECT_NE(all.find("Anyone on the internet"), std::string::npos);
  EXPECT_NE(all.find("RestrictPublicBuckets"), std::string::npos);  // the fix
  EXPECT_NE(all.find("https://console.aws.amazon.com/s3/buckets/my-bucket?region=ap-northeast-1&amp;tab=permissions"),
            std::string::npos);
  EXPECT_EQ(p["blocks"][0]["type"], "header");
  EXPECT_FALSE(p.contains("channel"));
  EXPECT_FALSE(p.contains("username"));
  EXPECT_EQ(p["unfurl_links"], false);
}

TEST(RenderSlackMessage, OutsideTextIsEscapedEverywhere) {
  Alert a = PolicyAlert();
  a.causes[0].sid = "<!channel> & <https://evil.example|click>";
  a.causes[0].principal = "<@U024BE7LH>";
  a.origin.kind = Origin::Kind::kConfigRule;
  a.origin.name = "s3-bucket-public-read-prohibited";
  a.origin.annotation = "Public via ACL & policy: a+b <script> 公開";
  MessageOptions o;
  o.env_label = "prod <&>";
  Json p = Render(a, o);
  std::string all = AllText(p);
  EXPECT_EQ(all.find("<!channel>"), std::string::npos);
  EXPECT_EQ(all.find("<@U024BE7LH>"), std::string::npos);
  EXPECT_EQ(all.find("<https://evil"), std::string::npos);
  EXPECT_EQ(all.find("<script>"), std::string::npos);
  EXPECT_NE(all.find("&lt;!channel&gt; &amp; &lt;https://evil.example|click&gt;"), std::string::npos);
  EXPECT_NE(all.find("Public via ACL &amp; policy: a+b &lt;script&gt; 公開"), std::string::npos);
  EXPECT_NE(p["text"].get<std::string>().find("[prod &lt;&amp;&gt;]"), std::string::npos);
  // The header is plain text: a label with markup characters stays out of it.
  EXPECT_EQ(p["blocks"][0]["text"]["text"].get<std::string>().find("prod"), std::string::npos);
}

TEST(RenderSlackMessage, HugeInputsAreCutNeverRefused) {
  Alert a = PolicyAlert();
  a.bucket = std::string(300, 'b');
  a.origin.kind = Origin::Kind::kGuardDuty;
  a.origin.title = std::string(5000, 'T');
  a.origin.description = std::string(10000, '&');  // 50,000 characters once escaped
  a.origin.annotation = std::string(20000, '<');
  for (int i = 1; i < 500; ++i) {
    Cause c = a.causes[0];
    c.statement = i;
    c.sid = std::string(1000, 'S');
    for (int k = 0; k < 100; ++k) c.actions.push_back("s3:Action" + std::to_string(k));
    a.causes.push_back(c);
  }
  a.cannot_judge = std::vector<std::string>(200, std::string(100, 'x'));
  a.notes = {Note::kOwnershipNotRecorded, Note::kAccountBpaNotInItem, Note::kStateBeforeUnknown,
             Note::kRepeatedFinding,      Note::kRuleDeclared,        Note::kEffectivelyNotPublic,
             Note::kEffectivelyPublic,    Note::kAccountWide,         Note::kOwnershipNotRecorded,
             Note::kAccountBpaNotInItem,  Note::kStateBeforeUnknown,  Note::kRepeatedFinding};
  MessageOptions o;
  o.env_label = std::string(500, 'e');
  o.lang = Lang::kJa;
  Json p = Render(a, o);
  ExpectWithinLimits(p);
  std::string all = AllText(p);
  EXPECT_NE(all.find("…"), std::string::npos);  // the marker
  EXPECT_NE(all.find("ほか 480 件"), std::string::npos) << "20 causes shown, the rest counted";
}

// The copy sent again after an attempt that may have reached Slack is the
// same message with the mark first, in the message's language, within the
// limits however large the message.
TEST(RenderSlackMessage, EveryMessageComesWithItsCopyMarkedAsAPossibleRepeat) {
  for (Lang lang : {Lang::kEn, Lang::kJa}) {
    MessageOptions o;
    o.lang = lang;
    o.channel = "#alerts";
    Alert big = PolicyAlert();
    for (int i = 1; i < 200; ++i) big.causes.push_back(big.causes[0]);
    big.cannot_judge = std::vector<std::string>(100, "why");
    for (const Alert& a : {PolicyAlert(), big}) {
      SlackMessage m = RenderSlackMessage(a, o);
      Json plain = Json::parse(m.body);
      Json repeat = Json::parse(m.repeat_body);
      const std::string mark(CatalogFor(lang).possible_repeat);
      EXPECT_EQ(repeat["text"], mark + "\n" + plain["text"].get<std::string>());
      ASSERT_EQ(repeat["blocks"].size(), plain["blocks"].size() + 1);
      EXPECT_EQ(repeat["blocks"][0]["type"], "context");
      EXPECT_EQ(repeat["blocks"][0]["elements"][0]["text"], mark);
      for (size_t i = 0; i < plain["blocks"].size(); ++i) EXPECT_EQ(repeat["blocks"][i + 1], plain["blocks"][i]);
      repeat.erase("text");
      repeat.erase("blocks");
      plain.erase("text");
      plain.erase("blocks");
      EXPECT_EQ(repeat, plain);  // channel, unfurl settings
      ExpectWithinLimits(Json::parse(m.repeat_body));
    }
  }
  EXPECT_NE(RenderSlackMessage(PolicyAlert(), {.lang = Lang::kJa}).repeat_body.find("再送の可能性があります"),
            std::string::npos);
}

TEST(RenderSlackMessage, LegacyWebhookFieldsWhenSet) {
  MessageOptions o;
  o.channel = "#alerts";
  o.username = "prodでS3が全体公開されました";
  o.icon_emoji = ":aws_s3:";
  Json p = Render(PolicyAlert(), o);
  EXPECT_EQ(p["channel"], "#alerts");
  EXPECT_EQ(p["username"], "prodでS3が全体公開されました");
  EXPECT_EQ(p["icon_emoji"], ":aws_s3:");
  EXPECT_FALSE(p.contains("icon_url"));
}

TEST(RenderSlackMessage, JapaneseReadsLikeTheOldChain) {
  MessageOptions o;
  o.lang = Lang::kJa;
  o.env_label = "prod";
  Json p = Render(PolicyAlert(), o);
  std::string all = AllText(p);
  EXPECT_NE(all.find("公開設定が適切か確認してください。"), std::string::npos);
  EXPECT_NE(all.find("S3 バケットが公開されました"), std::string::npos);
  EXPECT_NE(all.find("インターネット上の誰でも"), std::string::npos);
  EXPECT_NE(all.find("オブジェクトの読み取り"), std::string::npos);
  EXPECT_NE(all.find("[prod]"), std::string::npos);
  // UTF-8 as is, not \u escapes.
  EXPECT_NE(RenderSlackMessage(PolicyAlert(), o).body.find("公開"), std::string::npos);
}

TEST(RenderSlackMessage, FixedShowsWhatItWas) {
  Alert a = PolicyAlert();
  a.what = What::kFixed;
  a.causes.clear();
  Json p = Render(a);
  std::string all = AllText(p);
  EXPECT_NE(all.find("no longer public"), std::string::npos);
  EXPECT_NE(all.find("*Before*"), std::string::npos);
  EXPECT_EQ(p["text"].get<std::string>().find("Anyone"), std::string::npos);
}

TEST(RenderSlackMessage, AccountSubjectLinksToAccountSettings) {
  Alert a;
  a.what = What::kProtectionOff;
  a.subject = Subject::kAccount;
  a.account = "111122223333";
  a.region = "cn-north-1";
  Cause c;
  c.channel = Cause::Channel::kAccountBpa;
  c.actions = {"IgnorePublicAcls"};
  c.fix = Fix::kAccountBlockPublicAccess;
  a.causes.push_back(c);
  Json p = Render(a);
  std::string all = AllText(p);
  EXPECT_NE(all.find("https://console.amazonaws.cn/s3/settings?region=cn-north-1"), std::string::npos);
  EXPECT_NE(all.find("Account-level S3 Block Public Access is off"), std::string::npos);
  EXPECT_NE(all.find("s3control put-public-access-block --account-id 111122223333"), std::string::npos);
  EXPECT_NE(all.find("What is off"), std::string::npos);
}

TEST(ConsoleUrl, Partitions) {
  Alert a;
  a.bucket = "b";
  a.region = "us-gov-west-1";
  EXPECT_EQ(ConsoleUrl(a), "https://console.amazonaws-us-gov.com/s3/buckets/b?region=us-gov-west-1&tab=permissions");
  a.region = "eu-west-1";
  EXPECT_EQ(ConsoleUrl(a), "https://console.aws.amazon.com/s3/buckets/b?region=eu-west-1&tab=permissions");
  a.bucket = "we?ird&name";
  EXPECT_EQ(ConsoleUrl(a),
            "https://console.aws.amazon.com/s3/buckets/we%3Fird%26name?region=eu-west-1&tab=permissions");
  a.partition = "aws-iso";
  EXPECT_EQ(ConsoleUrl(a), "");
}

TEST(Catalog, EveryMessageHasWordsInEveryLanguage) {
  for (Lang lang : {Lang::kEn, Lang::kJa}) {
    const Catalog& c = CatalogFor(lang);
    for (size_t i = 0; i < kWhatCount; ++i) {
      EXPECT_FALSE(c.bucket_title[i].empty()) << i;
      EXPECT_FALSE(c.account_title[i].empty()) << i;
      if (i != static_cast<size_t>(What::kInformational)) {
        EXPECT_FALSE(c.lead[i].empty()) << i;
      }
    }
    for (size_t i = 1; i < kFixCount; ++i) EXPECT_FALSE(c.fixes[i].empty()) << i;
    for (size_t i = 0; i < kNoteCount; ++i) EXPECT_FALSE(c.note[i].empty()) << i;
    for (auto a : c.access) EXPECT_FALSE(a.empty());
    for (auto w : c.who) EXPECT_FALSE(w.empty());
    EXPECT_FALSE(c.footer.empty());
  }
  EXPECT_EQ(ParseLang("ja"), Lang::kJa);
  EXPECT_EQ(ParseLang("ja_JP.UTF-8"), Lang::kJa);
  EXPECT_EQ(ParseLang("EN"), Lang::kEn);
  EXPECT_FALSE(ParseLang("fr"));
  EXPECT_FALSE(ParseLang("jan"));
}

TEST(Alert, DedupeKeyIsStableAndTellsRepeatsApart) {
  Alert a = PolicyAlert();
  EXPECT_EQ(a.DedupeKey(), PolicyAlert().DedupeKey());
  Alert fixed = a;
  fixed.what = What::kFixed;
  EXPECT_NE(a.DedupeKey(), fixed.DedupeKey());
  Alert repeat = a;
  repeat.origin.count = 3;
  EXPECT_NE(a.DedupeKey(), repeat.DedupeKey());
}

}  // namespace
}  // namespace bucketwatch::notify
