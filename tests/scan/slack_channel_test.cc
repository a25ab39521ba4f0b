// scan --notify through Slack (src/scan/slack_channel.h): the messages a
// scan sends (one per public bucket, rendered by notify's Block Kit code,
// then a summary) and their delivery to a Slack incoming-webhook stand-in
// on loopback, which answers as Slack does (docs/sources.md, "Slack incoming webhooks": 200 "ok",
// 429 with Retry-After, 404 no_service). The scan itself runs against
// FakeS3; the CLI test runs the bucketwatch binary end to end.
#include "scan/slack_channel.h"

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include <fstream>

#include "notify/slack_webhook.h"
#include "scan/allow_list.h"
#include "scan_fixture.h"
#include "standins/slack_standin.h"
#include "support/run_command.h"

namespace bucketwatch::scan {
namespace {

using bucketwatch::testing::FakeBucket;
using bucketwatch::testing::SlackStandIn;
using nlohmann::json;
using std::chrono::milliseconds;
using testing::AccountReadPolicy;
using testing::Find;
using testing::PublicReadPolicy;
using testing::ScanFixture;

constexpr const char* kAccount = "111122223333";
constexpr const char* kKey = "AKIDACCOUNTA00000001";

void Buckets(bucketwatch::testing::FakeS3& s3) {
  s3.AddAccount(kAccount, kKey);
  s3.AddBucket(kAccount, "site", FakeBucket{.region = "ap-northeast-1", .policy = PublicReadPolicy("site")});
  s3.AddBucket(kAccount, "listing", FakeBucket{.acl_grants = {"AllUsers:READ"}, .ownership = ""});
  s3.AddBucket(kAccount, "partner", FakeBucket{.policy = AccountReadPolicy("partner", "444455556666")});
  s3.AddBucket(kAccount, "private", FakeBucket{});
}

// Everything a message shows, as one string to search.
std::string AllText(const json& payload) {
  std::string text = payload.value("text", "");
  for (const json& b : payload["blocks"]) text += "\n" + b.dump();
  return text;
}

ScanReport Scan(ScanFixture& f, const AllowList* allow = nullptr) {
  return f.Run(f.Context(kKey), {}, {.allow = allow});
}

TEST(SlackChannel, BucketMessageSaysWhatIsOpenToWhomAndWhy) {
  ScanFixture f;
  Buckets(f.s3);
  ScanReport r = Scan(f);
  const BucketResult* site = Find(r, "site");
  ASSERT_EQ(site->standing, Standing::kPublic);

  notify::Alert a = BucketAlert(*site);
  EXPECT_EQ(a.what, notify::What::kIsPublic);  // a scan does not know the state before
  EXPECT_EQ(a.account, kAccount);
  EXPECT_EQ(a.region, "ap-northeast-1");
  ASSERT_EQ(a.causes.size(), 1u);
  EXPECT_EQ(a.causes[0].sid, "PublicRead");
  EXPECT_EQ(a.causes[0].fix, notify::Fix::kPolicyStatementPublic);

  json en = json::parse(notify::RenderSlackMessage(a, {}).body);
  std::string text = AllText(en);
  EXPECT_NE(text.find("site"), std::string::npos);
  EXPECT_NE(text.find(kAccount), std::string::npos);
  EXPECT_NE(text.find("PublicRead"), std::string::npos);
  EXPECT_NE(text.find("s3:GetObject"), std::string::npos);
  EXPECT_NE(text.find("bucketwatch scan"), std::string::npos);  // reported by

  json ja = json::parse(notify::RenderSlackMessage(a, {.lang = notify::Lang::kJa}).body);
  EXPECT_NE(AllText(ja).find("全バケットを読み取って判定"), std::string::npos);

  // An ACL grant to everyone names the group, not its URI.
  notify::Alert listing = BucketAlert(*Find(r, "listing"));
  ASSERT_EQ(listing.causes.size(), 1u);
  EXPECT_EQ(listing.causes[0].principal, "AllUsers");
  EXPECT_EQ(listing.causes[0].fix, notify::Fix::kAclGrantPublic);
}

TEST(SlackChannel, ExpiredAllowanceIsNamedInTheMessage) {
  ScanFixture f;
  Buckets(f.s3);
  auto allow = AllowList::Parse("[[allow]]\nbucket = \"site\"\nreason = \"spring <campaign>\"\nexpires = 2020-01-31\n",
                                "allow.toml");
  ASSERT_TRUE(allow.ok());
  ScanReport r = Scan(f, &*allow);
  const BucketResult* site = Find(r, "site");
  ASSERT_EQ(site->standing, Standing::kPublic);
  notify::Alert a = BucketAlert(*site);
  ASSERT_EQ(a.notes.size(), 1u);
  EXPECT_EQ(a.notes[0], notify::Note::kAllowanceExpired);
  std::string text = AllText(json::parse(notify::RenderSlackMessage(a, {}).body));
  // Outside text is escaped for mrkdwn (docs/sources.md, "Slack mrkdwn escaping").
  EXPECT_NE(text.find("spring &lt;campaign&gt; (2020-01-31, allow.toml:1)"), std::string::npos) << text;
}

TEST(SlackChannel, SummaryCountsAndListsWhatCouldNotBeJudged) {
  ScanFixture f;
  Buckets(f.s3);
  f.s3.SetFault([](const bucketwatch::testing::FakeCall& c) -> std::optional<bucketwatch::testing::FakeAnswer> {
    if (c.operation == "GetBucketPolicy" && c.bucket == "partner") {
      return bucketwatch::testing::FakeS3::Error(403, "AccessDenied", "Access Denied");
    }
    return std::nullopt;
  });
  ScanReport r = Scan(f);
  ASSERT_EQ(Find(r, "partner")->standing, Standing::kUnknown);

  for (notify::Lang lang : {notify::Lang::kEn, notify::Lang::kJa}) {
    notify::SlackMessage m = RenderScanSummary(r, 3, {.lang = lang, .env_label = "prod"});
    json p = json::parse(m.body);
    ASSERT_TRUE(p["blocks"].is_array());
    EXPECT_EQ(p["blocks"].size(), m.blocks);
    EXPECT_EQ(p["blocks"][0]["type"], "header");
    std::string header = p["blocks"][0]["text"]["text"];
    EXPECT_EQ(header, lang == notify::Lang::kEn ? "🚨 [prod] bucketwatch scan: 2 public S3 bucket(s)"
                                                : "🚨 [prod] bucketwatch スキャン：公開 S3 バケット 2 件");
    std::string text = AllText(p);
    EXPECT_NE(text.find("`partner`"), std::string::npos);
    EXPECT_NE(text.find("AccessDenied"), std::string::npos) << text;
    if (lang == notify::Lang::kJa) {
      // The evaluator's English reason, said in Japanese; AWS's own answer kept and labelled.
      EXPECT_NE(text.find("バケットポリシーを読み取れませんでした"), std::string::npos) << text;
      EXPECT_NE(text.find("AWS の応答（英語）: 403 AccessDenied"), std::string::npos) << text;
      EXPECT_EQ(text.find("could not be read"), std::string::npos) << text;
    }
    // Public buckets left without a message of their own.
    EXPECT_NE(text.find(lang == notify::Lang::kEn ? "3 more public" : "ほかに公開バケットが 3 件"), std::string::npos)
        << text;
  }
}

// Pacing through the real webhook sink: Slack's Retry-After on a 429 is
// waited for, and every message is posted as JSON.
TEST(SlackChannel, DeliversThroughTheWebhookHonouringRetryAfter) {
  ScanFixture f;
  Buckets(f.s3);
  ScanReport r = Scan(f);
  SlackStandIn slack;
  slack.Script({SlackStandIn::Ok(), SlackStandIn::RateLimited("7"), SlackStandIn::Ok(), SlackStandIn::Ok()});
  SlackScanChannel channel(std::make_unique<notify::SlackWebhook>(slack.url()), {});
  std::vector<long> slept;
  Pacer pacer{.sleep = [&](milliseconds d) { slept.push_back(static_cast<long>(d.count())); }};
  PaceSettings pace;
  pace.interval = milliseconds(0);  // the pacing itself is alerts_test's; here only what Slack asks
  AlertReport sent = SendAlerts(r, channel, pace, pacer);

  EXPECT_TRUE(sent.ok());
  EXPECT_TRUE(sent.summary_sent);
  EXPECT_EQ(sent.sent, 3u);  // two public buckets, the summary
  EXPECT_NE(std::find(slept.begin(), slept.end(), 7000L), slept.end());
  std::vector<SlackStandIn::Request> requests = slack.requests();
  ASSERT_EQ(requests.size(), 4u);
  EXPECT_EQ(requests[1].body, requests[2].body);  // the rate-limited message again
  EXPECT_NE(requests[3].body.find("bucketwatch scan"), std::string::npos);
  for (const auto& q : requests) EXPECT_EQ(q.content_type.rfind("application/json", 0), 0u);
  EXPECT_EQ(channel.sink().Describe().find(SlackStandIn::kSecret), std::string::npos);
}

TEST(SlackChannel, RevokedWebhookStopsSendingAndSaysSoWithoutTheSecret) {
  ScanFixture f;
  Buckets(f.s3);
  ScanReport r = Scan(f);
  SlackStandIn slack;
  slack.SetFallback(SlackStandIn::Error(404, "no_service"));
  SlackScanChannel channel(std::make_unique<notify::SlackWebhook>(slack.url()), {});
  Pacer pacer{.sleep = [](milliseconds) {}};
  AlertReport sent = SendAlerts(r, channel, PaceSettings{}, pacer);
  EXPECT_TRUE(sent.stopped);
  EXPECT_EQ(slack.requests().size(), 1u);
  ASSERT_EQ(sent.problems.size(), 1u);
  EXPECT_NE(sent.problems[0].find("no_service"), std::string::npos);
  EXPECT_EQ(sent.problems[0].find(SlackStandIn::kSecret), std::string::npos);
}

// The command end to end: `scan --notify` with the webhook of docs/slack.md.
std::vector<std::string> Env(const std::string& webhook, const std::string& lang = "") {
  return {"AWS_ACCESS_KEY_ID=" + std::string(kKey),
          "AWS_SECRET_ACCESS_KEY=fake-secret",
          "AWS_SESSION_TOKEN=",
          "AWS_PROFILE=",
          "AWS_CONFIG_FILE=/nonexistent",
          "AWS_SHARED_CREDENTIALS_FILE=/nonexistent",
          "AWS_EC2_METADATA_DISABLED=true",
          "AWS_REGION=us-east-1",
          "BUCKETWATCH_SLACK_WEBHOOK_URL=" + webhook,
          "WEB_HOOK_URL=",
          "ENV=",
          "BUCKETWATCH_ENV=",
          "CHANNEL=",
          "BUCKETWATCH_LANG=" + lang};
}

TEST(ScanNotifyCli, OneMessagePerPublicBucketThenTheSummary) {
  bucketwatch::testing::FakeS3 s3;
  Buckets(s3);
  SlackStandIn slack;
  std::string allow_path = ::testing::TempDir() + "/scan-notify-allow.toml";
  std::ofstream(allow_path) << "[[allow]]\nbucket = \"listing\"\nreason = \"public index\"\naccess = [\"list\"]\n";
  auto r = bucketwatch::testing::RunCommand({bucketwatch::testing::BucketwatchBinary(), "scan", "--endpoint-url",
                                             s3.url(), "--notify", "--allow", allow_path, "--format", "json"},
                                            "", Env(slack.url(), "ja"));
  EXPECT_EQ(r.exit_code, 1) << r.err;  // site is public
  std::vector<SlackStandIn::Request> requests = slack.requests();
  ASSERT_EQ(requests.size(), 2u) << r.err;  // site; listing is allowed; then the summary
  EXPECT_NE(requests[0].body.find("site"), std::string::npos);
  EXPECT_EQ(requests[0].body.find("listing"), std::string::npos);
  EXPECT_NE(requests[1].body.find("bucketwatch スキャン"), std::string::npos);
  EXPECT_EQ(r.err.find(SlackStandIn::kSecret), std::string::npos);
  EXPECT_EQ(r.out.find(SlackStandIn::kSecret), std::string::npos);
}

TEST(ScanNotifyCli, NoWebhookIsAnErrorBeforeScanning) {
  bucketwatch::testing::FakeS3 s3;
  Buckets(s3);
  auto r = bucketwatch::testing::RunCommand(
      {bucketwatch::testing::BucketwatchBinary(), "scan", "--endpoint-url", s3.url(), "--notify"}, "", Env(""));
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_NE(r.err.find("BUCKETWATCH_SLACK_WEBHOOK_URL"), std::string::npos) << r.err;
  EXPECT_EQ(s3.Total(), 0);
}

TEST(ScanNotifyCli, UndeliveredAlertsExitTwo) {
  bucketwatch::testing::FakeS3 s3;
  Buckets(s3);
  SlackStandIn slack;
  slack.SetFallback(SlackStandIn::Error(404, "no_service"));
  auto r = bucketwatch::testing::RunCommand(
      {bucketwatch::testing::BucketwatchBinary(), "scan", "--endpoint-url", s3.url(), "--notify"}, "",
      Env(slack.url()));
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_NE(r.err.find("no_service"), std::string::npos) << r.err;
  EXPECT_EQ(r.err.find(SlackStandIn::kSecret), std::string::npos);
  EXPECT_NE(r.out.find("site"), std::string::npos);  // the report is still written
}

}  // namespace
}  // namespace bucketwatch::scan
