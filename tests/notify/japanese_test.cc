// Japanese messages: the AWS console's terms, the "could not be judged"
// reasons said in Japanese, and typography Slack renders: no half-width
// space before a full-width parenthesis, and no *bold* or `code` mark next
// to a full-width character (Slack would not end the mark there).
#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include <cctype>
#include <string>
#include <vector>

#include "exposure/evaluator.h"
#include "exposure/snapshot_json.h"
#include "notify/reasons.h"
#include "notify/slack_message.h"
#include "sample_alert.h"
#include "support/spec_cases.h"
#include "support/test_files.h"

namespace bucketwatch::notify {
namespace {

using Json = nlohmann::json;

// An alert with every part a message can have.
Alert EverythingAlert() {
  Alert a = PolicyAlert();
  a.access.scope[static_cast<size_t>(exposure::AccessKind::kList)] = exposure::Scope::kAuthenticated;
  a.access.unknown = exposure::Bit(exposure::AccessKind::kWrite);
  a.access.who |= exposure::Bit(exposure::Who::kAnyAuthenticatedAws);
  Cause policy = a.causes[0];
  policy.actions.push_back("s3:GetObjectVersion");
  policy.uncertain = "grants actions not in bucketwatch's S3 action table; judged by their names";
  Cause grant;
  grant.channel = Cause::Channel::kAcl;
  grant.grant = 1;
  grant.principal = "AllUsers";
  grant.access = exposure::Bit(exposure::AccessKind::kList);
  grant.actions = {"READ"};
  grant.uncertain = "Object Ownership could not be read; if it is BucketOwnerEnforced this grant has no effect";
  grant.fix = Fix::kAclGrantPublic;
  Cause cross = policy;
  cross.statement = 2;
  cross.scope = exposure::Scope::kCrossAccount;
  cross.other_account = "444455556666";
  cross.fix = Fix::kPolicyStatementCrossAccount;
  Cause bpa;
  bpa.channel = Cause::Channel::kBucketBpa;
  bpa.actions = {"BlockPublicPolicy"};
  bpa.fix = Fix::kBucketBlockPublicAccess;
  a.causes = {policy, grant, cross, bpa};
  a.fixes = {Fix::kPolicyPublic, Fix::kAclPublic, Fix::kAccountBlockPublicAccess};
  a.cannot_judge = {
      "the bucket ACL could not be read: S3 GetBucketAcl (bucket my-bucket): 403 AccessDenied: Access Denied "
      "(request id 4442587FB7D0A2F9) (the caller lacks the permission, or the bucket is not in account 123456789012)",
      "policy /Statement/3 (Sid \"Odd\") could not be fully understood and is judged as granting what it might grant",
  };
  a.origin.kind = Origin::Kind::kGuardDuty;
  a.origin.name = "Policy:S3/BucketAnonymousAccessGranted";
  a.origin.severity = 8;
  a.origin.count = 3;
  a.origin.title = "Amazon S3 Public Anonymous Access was granted";
  a.origin.description = "Bucket my-bucket was made public.";
  a.origin.id = "ev-1";
  a.origin.time = "2024-05-01T10:00:00Z";
  Actor actor;
  actor.who = "arn:aws:iam::123456789012:user/alice";
  actor.type = "IAMUser";
  actor.ip = "203.0.113.7";
  actor.location = "Tokyo, Japan";
  actor.network = "Example ISP";
  actor.api = "PutBucketPolicy";
  actor.time = "2024-05-01T10:00:00Z";
  a.actor = actor;
  a.notes = {Note::kOwnershipNotRecorded, Note::kAccountBpaNotInItem, Note::kRepeatedFinding, Note::kEffectivelyPublic};
  return a;
}

std::vector<std::string> JapaneseTexts() {
  std::vector<std::string> texts;
  MessageOptions ja{.lang = Lang::kJa, .env_label = "本番"};
  std::vector<Alert> alerts;
  for (What what : {What::kBecamePublic, What::kCannotJudge, What::kFixed, What::kProtectionOff}) {
    Alert a = EverythingAlert();
    a.what = what;
    alerts.push_back(a);
    a.origin.kind = Origin::Kind::kConfigRule;
    a.origin.name = "s3-bucket-public-read-prohibited";
    a.origin.compliance = "COMPLIANT";
    a.origin.previous_compliance = "NON_COMPLIANT";
    a.origin.annotation = "The S3 bucket ACL allows public read access.";
    alerts.push_back(a);
  }
  for (const Alert& a : alerts) {
    std::vector<std::string> more = MrkdwnTexts(Json::parse(RenderSlackMessage(a, ja).body));
    texts.insert(texts.end(), more.begin(), more.end());
  }
  return texts;
}

std::string All(const std::vector<std::string>& texts) {
  std::string all;
  for (const std::string& t : texts) all += t + "\n";
  return all;
}

TEST(Japanese, ObjectOwnershipIsCalledWhatTheConsoleCallsIt) {
  std::string all = All(JapaneseTexts());
  EXPECT_NE(all.find("オブジェクト所有権"), std::string::npos);
  EXPECT_EQ(all.find("オブジェクト所有者"), std::string::npos);
}

TEST(Japanese, NoHalfWidthSpaceBeforeAFullWidthParenthesis) {
  for (const std::string& t : JapaneseTexts()) {
    EXPECT_EQ(t.find(" （"), std::string::npos) << t;
    EXPECT_EQ(t.find(" ）"), std::string::npos) << t;
  }
}

// A mark's neighbour outside it: a line end, a space or ASCII punctuation.
bool SlackBoundary(const std::string& t, size_t at) {
  if (at >= t.size()) return true;
  unsigned char c = static_cast<unsigned char>(t[at]);
  return c < 0x80 && (std::isspace(c) || std::ispunct(c));
}

TEST(Japanese, CodeSpansAndBoldStartAndEndWhereSlackSeesThem) {
  for (const std::string& text : JapaneseTexts()) {
    bool in_code = false;
    for (size_t i = 0; i < text.size(); ++i) {
      if (text[i] == '`') {
        if (!in_code) {
          EXPECT_TRUE(i == 0 || SlackBoundary(text, i - 1)) << "before a code span: " << text.substr(0, i + 20);
        } else {
          EXPECT_TRUE(SlackBoundary(text, i + 1)) << "after a code span: " << text.substr(i > 40 ? i - 40 : 0, 60);
        }
        in_code = !in_code;
      }
    }
    // Bold: "*...*" within a line, outside code spans.
    size_t line_start = 0;
    while (line_start < text.size()) {
      size_t end = text.find('\n', line_start);
      if (end == std::string::npos) end = text.size();
      std::string line = text.substr(line_start, end - line_start);
      std::vector<size_t> stars;
      bool code = false;
      for (size_t i = 0; i < line.size(); ++i) {
        if (line[i] == '`') code = !code;
        if (line[i] == '*' && !code) stars.push_back(i);
      }
      for (size_t k = 0; k + 1 < stars.size(); k += 2) {
        EXPECT_TRUE(stars[k] == 0 || SlackBoundary(line, stars[k] - 1)) << line;
        EXPECT_TRUE(SlackBoundary(line, stars[k + 1] + 1)) << line;
      }
      line_start = end + 1;
    }
    // Slack shows no italics in full-width text.
    EXPECT_EQ(text.find("_対処"), std::string::npos) << text;
  }
}

TEST(Japanese, CouldNotJudgeReasonsAreSaidInJapanese) {
  std::string all = All(JapaneseTexts());
  EXPECT_NE(all.find("バケット ACL を読み取れませんでした: S3 GetBucketAcl（バケット my-bucket）: AWS の応答（英語）: "
                     "403 AccessDenied: Access Denied (request id 4442587FB7D0A2F9)（呼び出し元に権限がないか、"
                     "バケットがアカウント 123456789012 にありません）"),
            std::string::npos)
      << all;
  EXPECT_NE(all.find("バケットポリシーのステートメント 3（Sid「Odd」）を完全には解釈できないため"), std::string::npos)
      << all;
  EXPECT_NE(all.find("不確実な点: bucketwatch の S3 アクション表にないアクションを許可しています。"), std::string::npos)
      << all;
  EXPECT_NE(all.find("不確実な点: オブジェクト所有権を読み取れませんでした。"), std::string::npos) << all;
  for (std::string_view english : {"could not be read", "could not be fully understood", "lacks the permission",
                                   "judged by their names", "Object Ownership could not"}) {
    EXPECT_EQ(all.find(english), std::string::npos) << english;
  }
}

TEST(SayReason, KeepsWhatItDoesNotKnowVerbatimAndLabelled) {
  EXPECT_EQ(SayReason("a brand new <reason>\nof two lines", Lang::kJa),
            "（英語の原文）a brand new &lt;reason&gt; of two lines");
  EXPECT_FALSE(KnownReason("a brand new reason"));
  // Inside a known pattern, only the unknown part is labelled.
  EXPECT_EQ(SayReason("the bucket policy could not be read: curl: connection refused", Lang::kJa),
            "バケットポリシーを読み取れませんでした: （英語の原文）curl: connection refused");
  // English is said as it is, on one line and escaped.
  EXPECT_EQ(SayReason("the bucket ACL could not be read: <x>\ny", Lang::kEn),
            "the bucket ACL could not be read: &lt;x&gt; y");
  EXPECT_TRUE(KnownReason("STS GetCallerIdentity: 403 InvalidClientTokenId: The security token is invalid"));
  EXPECT_TRUE(
      KnownReason("the account id is unknown (no AWS credentials found. Tried, in order: environment); give "
                  "it with --account-id"));
}

// Every reason the evaluator gives for the project's own cases is one the
// catalog knows: a new reason in src/exposure/ needs its Japanese.
TEST(SayReason, KnowsEveryReasonTheEvaluatorGivesForTheTestCases) {
  json::Parser parser;
  size_t reasons = 0;
  auto check = [&](const exposure::Snapshot& snap, const std::string& where) {
    exposure::Verdict v = exposure::Evaluate(snap);
    for (const std::string& why : v.cannot_judge) {
      ++reasons;
      EXPECT_TRUE(KnownReason(why)) << where << ": " << why << " -> " << SayReason(why, Lang::kJa);
    }
    for (const exposure::Finding& f : v.findings) {
      if (f.uncertain.empty()) continue;
      ++reasons;
      EXPECT_TRUE(KnownReason(f.uncertain)) << where << ": " << f.uncertain;
    }
  };
  for (const std::string& file : testing::SpecCaseFiles()) {
    Json c = testing::ReadJsonFile(testing::SpecCasePath(file));
    exposure::SnapshotBatch batch = exposure::ParseSnapshots(testing::SpecCaseSnapshotJson(c), parser);
    for (const exposure::Snapshot& snap : batch.snapshots) check(snap, file);
  }
  exposure::SnapshotBatch basic = exposure::ParseSnapshots(testing::ReadTestData("cases/basic.jsonl"), parser);
  for (const exposure::Snapshot& snap : basic.snapshots) check(snap, "cases/basic.jsonl");
  EXPECT_GE(reasons, 5u) << "the cases exercise the evaluator's reasons";
}

}  // namespace
}  // namespace bucketwatch::notify
