// The rescan of CloudTrail calls with a fake BucketReader: what is read,
// what is announced with no state before (docs/realtime.md, "Lambda"), and
// what the alert says about the call (docs/sources.md, "CloudTrail events for S3":
// failed calls changed nothing; account-level Block Public Access changes
// affect every bucket of the account).
#include "handler/rescan.h"

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include <atomic>
#include <map>
#include <mutex>

#include "events/event.h"
#include "exposure/evaluator.h"
#include "fake_reader.h"
#include "handler/handler.h"
#include "notify/reasons.h"
#include "scan/allow_list.h"
#include "scan/scanner.h"
#include "support/test_files.h"

namespace bucketwatch::handler {
namespace {

using bucketwatch::testing::ReadTestData;
using notify::What;
using Json = nlohmann::json;

Json Sample(const std::string& name) { return Json::parse(ReadTestData("events/" + name)); }

Rescan RescanOf(const Json& event) {
  json::Parser parser;
  auto e = events::ParseEvent(event.dump(), parser);
  EXPECT_TRUE(e.ok()) << e.status().ToString();
  Triage t = TriageEvent(*e, {});
  EXPECT_EQ(t.disposition, Disposition::kNeedsRescan) << t.reason;
  return t.rescan.value_or(Rescan{});
}

RescanAlertList RescanAndAlert(FakeState& state, const Json& event, RescanResult* out = nullptr) {
  FakeReader reader(state);
  RescanResult r = RunRescan(reader, RescanOf(event), {}, Deadline::Never());
  if (out != nullptr) *out = r;
  return RescanAlerts(r);
}

bool HasNote(const notify::Alert& a, notify::Note n) {
  return std::find(a.notes.begin(), a.notes.end(), n) != a.notes.end();
}

TEST(Rescan, PolicyMadePublicIsAnnouncedWithWhoWhatAndWhy) {
  FakeState state;
  state.buckets["example-bucket"] = Bucket("example-bucket", PublicPolicy("example-bucket"));
  RescanResult r;
  RescanAlertList list = RescanAndAlert(state, Sample("cloudtrail.PutBucketPolicy.panther-analysis.json"), &r);
  ASSERT_EQ(r.buckets.size(), 1u);
  EXPECT_TRUE(r.buckets[0].is_public());
  EXPECT_EQ(state.opened_accounts, std::vector<std::string>{"123456789012"});
  ASSERT_EQ(list.alerts.size(), 1u);
  const notify::Alert& a = list.alerts[0];
  EXPECT_EQ(a.what, What::kIsPublic);
  EXPECT_EQ(a.bucket, "example-bucket");
  EXPECT_EQ(a.account, "123456789012");
  // Who did it.
  ASSERT_TRUE(a.actor);
  EXPECT_EQ(a.actor->who, "arn:aws:sts::123456789012:assumed-role/example-role/example-user");
  EXPECT_EQ(a.actor->ip, "111.111.111.111");
  EXPECT_EQ(a.actor->time, "2019-01-01T00:00:00Z");
  EXPECT_EQ(a.actor->api, "PutBucketPolicy");
  // What changed: the requested policy's public statement, as the call wrote it.
  EXPECT_EQ(a.origin.kind, notify::Origin::Kind::kCloudTrail);
  EXPECT_EQ(a.origin.name, "PutBucketPolicy");
  ASSERT_EQ(a.origin.requested.size(), 1u);
  EXPECT_NE(a.origin.requested[0].find("Statement[0]"), std::string::npos) << a.origin.requested[0];
  EXPECT_NE(a.origin.requested[0].find("Sid=\"Public Access\""), std::string::npos);
  EXPECT_NE(a.origin.requested[0].find("s3:GetBucketAcl"), std::string::npos);
  // Our own reasons: the live policy's statement.
  ASSERT_EQ(a.causes.size(), 1u);
  EXPECT_EQ(a.causes[0].channel, notify::Cause::Channel::kPolicy);
  EXPECT_EQ(a.causes[0].sid, "PublicRead");
  EXPECT_TRUE(a.access.detailed);
  EXPECT_TRUE(HasNote(a, notify::Note::kStateBeforeUnknown));
}

// A bucket public only as the allow-list permits is not announced, the
// entry named in the log; the same call on a bucket the list does not name is.
TEST(Rescan, ABucketPublicAsTheAllowListPermitsIsNotAnnounced) {
  auto allow = scan::AllowList::Parse(R"([[allow]]
bucket = "example-*"
reason = "public data set"
access = ["read", "list", "write", "read_acp", "write_acp", "bucket_config"]
)",
                                      "allow.toml");
  ASSERT_TRUE(allow.ok()) << allow.status().ToString();
  for (const std::string bucket : {"example-bucket", "other-bucket"}) {
    FakeState state;
    state.buckets[bucket] = Bucket(bucket, PublicPolicy(bucket));
    FakeReader reader(state);
    Rescan rescan = RescanOf(Sample("cloudtrail.PutBucketPolicy.panther-analysis.json"));
    rescan.bucket = bucket;
    RescanResult r = RunRescan(reader, rescan, {.allow = &*allow}, Deadline::Never());
    ASSERT_EQ(r.buckets.size(), 1u);
    RescanAlertList list = RescanAlerts(r);
    if (bucket == "example-bucket") {
      EXPECT_TRUE(r.buckets[0].allowed);
      EXPECT_TRUE(list.alerts.empty());
      EXPECT_NE(list.reason.find("public as the allow-list permits (allow.toml:1)"), std::string::npos) << list.reason;
    } else {
      EXPECT_FALSE(r.buckets[0].allowed);
      ASSERT_EQ(list.alerts.size(), 1u);
      EXPECT_EQ(list.alerts[0].what, What::kIsPublic);
    }
  }
}

TEST(Rescan, PolicyThatLeavesTheBucketPrivateSaysNotPublic) {
  FakeState state;
  state.buckets["example-bucket"] = Bucket("example-bucket");
  RescanAlertList list = RescanAndAlert(state, Sample("cloudtrail.PutBucketPolicy.panther-analysis.json"));
  ASSERT_EQ(list.alerts.size(), 1u);
  EXPECT_EQ(list.alerts[0].what, What::kInformational);
  EXPECT_TRUE(list.alerts[0].causes.empty());
  EXPECT_NE(list.reason.find("not public"), std::string::npos);
}

TEST(Rescan, CreatingAPrivateBucketIsNotAnnounced) {
  FakeState state;
  state.buckets["amzn-s3-demo-bucket"] = Bucket("amzn-s3-demo-bucket");
  RescanAlertList list = RescanAndAlert(state, Sample("cloudtrail.CreateBucket.constructed.json"));
  EXPECT_TRUE(list.alerts.empty()) << list.reason;
}

TEST(Rescan, BucketProtectionRemovedFromAPrivateBucketIsProtectionOff) {
  FakeState state;
  state.buckets["corporate-documents"] = Bucket("corporate-documents");
  RescanAlertList list =
      RescanAndAlert(state, Sample("cloudtrail.DeleteBucketPublicAccessBlock.panther-analysis.json"));
  ASSERT_EQ(list.alerts.size(), 1u);
  EXPECT_EQ(list.alerts[0].what, What::kProtectionOff);
  ASSERT_FALSE(list.alerts[0].causes.empty());
  EXPECT_EQ(list.alerts[0].causes[0].channel, notify::Cause::Channel::kBucketBpa);
  EXPECT_EQ(list.alerts[0].causes[0].actions.size(), 4u);  // none configured: all four off
}

TEST(Rescan, BucketProtectionOffIsNotNewsWhenTheAccountBlocksEverything) {
  FakeState state;
  state.buckets["corporate-documents"] = Bucket("corporate-documents");
  state.account_bpa = BpaPart::Of({true, true, true, true});
  RescanAlertList list =
      RescanAndAlert(state, Sample("cloudtrail.DeleteBucketPublicAccessBlock.panther-analysis.json"));
  ASSERT_EQ(list.alerts.size(), 1u);
  EXPECT_EQ(list.alerts[0].what, What::kInformational);
}

TEST(Rescan, RequestedSettingsOfBpaAndOwnershipCalls) {
  json::Parser parser;
  auto e = events::ParseEvent(Sample("cloudtrail.PutBucketPublicAccessBlock.eventbridge.panther.json").dump(), parser);
  ASSERT_TRUE(e.ok());
  const auto& call = std::get<events::ApiCall>(e->what);
  std::vector<std::string> r = RequestedSettings(call);
  ASSERT_EQ(r.size(), 1u);
  EXPECT_NE(r[0].find("BlockPublicAcls=false"), std::string::npos);
  EXPECT_NE(r[0].find("RestrictPublicBuckets=true"), std::string::npos);

  e = events::ParseEvent(Sample("cloudtrail.PutBucketOwnershipControls.constructed.json").dump(), parser);
  ASSERT_TRUE(e.ok());
  r = RequestedSettings(std::get<events::ApiCall>(e->what));
  ASSERT_EQ(r.size(), 1u);
  EXPECT_EQ(r[0].rfind("ObjectOwnership=", 0), 0u);
}

TEST(Rescan, AccountLevelChangeReadsEveryBucketAndAnnouncesTheAccountAndThePublicOnes) {
  FakeState state;
  state.buckets["a-private"] = Bucket("a-private");
  state.buckets["b-public"] = Bucket("b-public", PublicPolicy("b-public"));
  state.buckets["c-private"] = Bucket("c-private");
  state.errors["d-denied"] =
      Status(StatusCode::kPermissionDenied, "S3 GetBucketPolicy (bucket d-denied): 403 AccessDenied");
  state.account_bpa = BpaPart::Absent();
  FakeReader reader(state);
  RescanResult r = RunRescan(reader, RescanOf(Sample("cloudtrail.PutAccountPublicAccessBlock.constructed.json")),
                             {.concurrency = 2}, Deadline::Never());
  EXPECT_EQ(state.reads.load(), 4);
  RescanAlertList list = RescanAlerts(r);
  ASSERT_EQ(list.alerts.size(), 3u) << list.reason;
  EXPECT_EQ(list.alerts[0].subject, notify::Subject::kAccount);
  EXPECT_EQ(list.alerts[0].what, What::kProtectionOff);
  EXPECT_EQ(list.alerts[0].account, "111122223333");
  EXPECT_TRUE(HasNote(list.alerts[0], notify::Note::kAccountWide));
  EXPECT_EQ(list.alerts[1].bucket, "b-public");
  EXPECT_EQ(list.alerts[1].what, What::kIsPublic);
  EXPECT_EQ(list.alerts[2].bucket, "d-denied");
  EXPECT_EQ(list.alerts[2].what, What::kCannotJudge);
  ASSERT_EQ(list.alerts[2].cannot_judge.size(), 1u);
  EXPECT_NE(list.alerts[2].cannot_judge[0].find("AccessDenied"), std::string::npos);
  EXPECT_NE(list.reason.find("4 buckets read, 1 public, 1 could not be judged"), std::string::npos) << list.reason;
}

// Buckets an account-wide read could not reach before the deadline are one
// alert about the account, naming them, not one message each.
TEST(Rescan, BucketsNotReadInTimeAreOneAlertAboutTheAccount) {
  FakeState state;
  state.buckets["b-public"] = Bucket("b-public", PublicPolicy("b-public"));
  FakeReader reader(state);
  RescanResult r = RunRescan(reader, RescanOf(Sample("cloudtrail.PutAccountPublicAccessBlock.constructed.json")), {},
                             Deadline::Never());
  for (int i = 0; i < 12; ++i) r.out_of_time.push_back("late-" + std::to_string(i));
  RescanAlertList list = RescanAlerts(r);
  ASSERT_EQ(list.alerts.size(), 3u) << list.reason;  // the account's protection, b-public, the late ones
  const notify::Alert& late = list.alerts[2];
  EXPECT_EQ(late.subject, notify::Subject::kAccount);
  EXPECT_EQ(late.what, What::kCannotJudge);
  ASSERT_EQ(late.cannot_judge.size(), 1u);
  EXPECT_NE(late.cannot_judge[0].find("12 bucket(s) were not read before the time to read them ran out (late-0, "),
            std::string::npos)
      << late.cannot_judge[0];
  EXPECT_NE(late.cannot_judge[0].find("late-9, …)"), std::string::npos) << late.cannot_judge[0];
  // Said whole in Japanese too, as is the one-bucket wording.
  EXPECT_TRUE(notify::KnownReason(late.cannot_judge[0])) << notify::SayReason(late.cannot_judge[0], notify::Lang::kJa);
  EXPECT_TRUE(notify::KnownReason(scan::kOutOfTimeReason));
  EXPECT_NE(list.reason.find("12 could not be judged"), std::string::npos) << list.reason;
}

TEST(Rescan, AccountProtectionFullyOnIsAnnouncedAsOnAgain) {
  FakeState state;
  state.account_bpa = BpaPart::Of({true, true, true, true});
  RescanAlertList list = RescanAndAlert(state, Sample("cloudtrail.PutAccountPublicAccessBlock.constructed.json"));
  ASSERT_EQ(list.alerts.size(), 1u);
  EXPECT_EQ(list.alerts[0].what, What::kProtectionOn);
}

TEST(Rescan, UnreadableAccountSettingFallsBackToWhatTheCallSet) {
  FakeState state;
  state.account_bpa = BpaPart::Unknown("S3 Control GetPublicAccessBlock: 403 AccessDenied");
  RescanAlertList list = RescanAndAlert(state, Sample("cloudtrail.PutAccountPublicAccessBlock.constructed.json"));
  ASSERT_EQ(list.alerts.size(), 1u);
  EXPECT_EQ(list.alerts[0].what, What::kProtectionOff);  // the sample turns all four off
}

TEST(Rescan, AVanishedBucketIsNotAnnouncedAndAnUnreadableOneCannotBeJudged) {
  FakeState state;
  EXPECT_TRUE(RescanAndAlert(state, Sample("cloudtrail.PutBucketPolicy.panther-analysis.json")).alerts.empty());
  state.errors["example-bucket"] = Status(StatusCode::kPermissionDenied, "no AWS credentials found");
  RescanAlertList list = RescanAndAlert(state, Sample("cloudtrail.PutBucketPolicy.panther-analysis.json"));
  ASSERT_EQ(list.alerts.size(), 1u);
  EXPECT_EQ(list.alerts[0].what, What::kCannotJudge);
  EXPECT_EQ(list.alerts[0].cannot_judge, std::vector<std::string>{"no AWS credentials found"});
}

TEST(Rescan, DeadlinePassedMeansCannotJudgeNeverPrivate) {
  FakeState state;
  state.buckets["example-bucket"] = Bucket("example-bucket");
  FakeReader reader(state);
  RescanResult r = RunRescan(reader, RescanOf(Sample("cloudtrail.PutBucketPolicy.panther-analysis.json")), {},
                             Deadline::In(std::chrono::milliseconds(-1)));
  EXPECT_EQ(state.reads.load(), 0);
  RescanAlertList list = RescanAlerts(r);
  ASSERT_EQ(list.alerts.size(), 1u);
  EXPECT_EQ(list.alerts[0].what, What::kCannotJudge);
}

TEST(RescanHandler, EventHandlerRescansAndRendersTheCallersArnAndIp) {
  FakeState state;
  state.buckets["example-bucket"] = Bucket("example-bucket", PublicPolicy("example-bucket"));
  Settings settings;
  EventHandler handler(settings, nullptr);
  handler.set_bucket_reader(std::make_shared<FakeReader>(state));
  HandleResult r = handler.Handle(Sample("cloudtrail.PutBucketPolicy.panther-analysis.json").dump(), Deadline::Never());
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(r.disposition, Disposition::kAnnounce);
  EXPECT_EQ(r.buckets_read, 1);
  ASSERT_EQ(r.alerts.size(), 1u);
  const std::string& body = r.alerts[0].message.body;
  EXPECT_NE(body.find("arn:aws:sts::123456789012:assumed-role/example-role/example-user"), std::string::npos);
  EXPECT_NE(body.find("111.111.111.111"), std::string::npos);
  EXPECT_NE(body.find("PutBucketPolicy"), std::string::npos);
  EXPECT_NE(body.find("Statement[0]"), std::string::npos);
  Json summary = Json::parse(r.SummaryJson());
  EXPECT_EQ(summary["outcome"], "announced");
  EXPECT_EQ(summary["rescan"]["buckets_read"], 1);
}

TEST(RescanHandler, FailedCallsAreNotReadAtAll) {
  FakeState state;
  Settings settings;
  EventHandler handler(settings, nullptr);
  handler.set_bucket_reader(std::make_shared<FakeReader>(state));
  Json e = Sample("cloudtrail.PutBucketPolicy.panther-analysis.json");
  e["errorCode"] = "AccessDenied";
  HandleResult r = handler.Handle(e.dump(), Deadline::Never());
  EXPECT_EQ(r.disposition, Disposition::kNothingToAnnounce);
  EXPECT_EQ(state.opens.load(), 0);
  EXPECT_TRUE(r.alerts.empty());
}

}  // namespace
}  // namespace bucketwatch::handler
