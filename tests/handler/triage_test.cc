// What each event means as alerts: the rules of docs/slack.md, "What is
// announced", and docs/sources.md, "AWS Config events and managed rules" (Config NON_COMPLIANT announces,
// COMPLIANT after NON_COMPLIANT announces "fixed", NOT_APPLICABLE and
// INSUFFICIENT_DATA are logged; Config items are judged and compared with
// the state before; GuardDuty Policy:S3/* findings announce with their own
// verdict; CloudTrail calls need a live re-read).
#include "handler/triage.h"

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "events/event.h"
#include "support/test_files.h"

namespace bucketwatch::handler {
namespace {

using bucketwatch::testing::ReadTestData;
using exposure::AccessKind;
using exposure::Scope;
using notify::Cause;
using notify::Note;
using notify::What;
using Json = nlohmann::json;

Json Sample(const std::string& name) { return Json::parse(ReadTestData("events/" + name)); }

Triage TriageOf(const Json& event, const TriageOptions& options = {}) {
  bucketwatch::json::Parser parser;
  auto e = events::ParseEvent(event.dump(), parser);
  EXPECT_TRUE(e.ok()) << e.status().ToString();
  if (!e.ok()) return {};
  return TriageEvent(*e, options);
}

Json NonCompliantWrite() {
  return Sample("config.ComplianceChange.s3-bucket-public-write-prohibited.eventbridge.assembled.json");
}

bool HasNote(const notify::Alert& a, Note n) { return std::find(a.notes.begin(), a.notes.end(), n) != a.notes.end(); }

// The scheduled reconciliation reads every bucket of the account; it is a
// scan (its alerts say so), not a call, so there is no account alert.
TEST(Triage, ReconciliationReadsEveryBucketOfTheAccount) {
  Triage t = TriageOf(Json{{"bucketwatch", "reconcile"}, {"account", "111122223333"}});
  ASSERT_EQ(t.disposition, Disposition::kNeedsRescan);
  ASSERT_TRUE(t.rescan.has_value());
  EXPECT_EQ(t.rescan->scope, events::RescanScope::kAccount);
  EXPECT_EQ(t.rescan->account, "111122223333");
  EXPECT_TRUE(t.rescan->scheduled);
  EXPECT_FALSE(t.rescan->call.has_value());
  EXPECT_TRUE(t.alerts.empty());
}

TEST(TriageCompliance, NonCompliantAnnouncesBecamePublicWithTheAnnotationsCause) {
  Triage t = TriageOf(NonCompliantWrite());
  ASSERT_EQ(t.disposition, Disposition::kAnnounce);
  ASSERT_EQ(t.alerts.size(), 1u);
  const notify::Alert& a = t.alerts[0];
  EXPECT_EQ(a.what, What::kBecamePublic);
  EXPECT_EQ(a.bucket, "demos3bucketforpublicaclremediation");
  EXPECT_EQ(a.account, "008186910956");
  EXPECT_EQ(a.region, "us-east-1");
  EXPECT_TRUE(a.access.claims_write);
  EXPECT_FALSE(a.access.claims_read);
  ASSERT_EQ(a.causes.size(), 1u);
  EXPECT_EQ(a.causes[0].channel, Cause::Channel::kAcl);
  EXPECT_TRUE(a.causes[0].claims_write);
  EXPECT_EQ(a.causes[0].fix, notify::Fix::kAclPublic);
  EXPECT_EQ(a.origin.name, "s3-bucket-public-write-prohibited");
  EXPECT_EQ(a.origin.compliance, "NON_COMPLIANT");
  EXPECT_EQ(a.origin.id, "4c16f103-a9e3-254d-2e1e-56f8949c1e03");
}

TEST(TriageCompliance, BothChannelsInOneAnnotation) {
  Json e = NonCompliantWrite();
  e["detail"]["configRuleName"] = "s3-bucket-public-read-prohibited";
  e["detail"]["newEvaluationResult"]["annotation"] =
      "The S3 bucket ACL allows public read access.The S3 bucket policy allows public read access.";
  Triage t = TriageOf(e);
  ASSERT_EQ(t.alerts.size(), 1u);
  EXPECT_EQ(t.alerts[0].causes.size(), 2u);
  EXPECT_TRUE(t.alerts[0].access.claims_read);
}

TEST(TriageCompliance, WithoutAnnotationTheGeneralFixesAreGiven) {
  Json e = NonCompliantWrite();
  e["detail"]["newEvaluationResult"].erase("annotation");
  Triage t = TriageOf(e);
  ASSERT_EQ(t.alerts.size(), 1u);
  EXPECT_TRUE(t.alerts[0].causes.empty());
  EXPECT_EQ(t.alerts[0].fixes, (std::vector<notify::Fix>{notify::Fix::kPolicyPublic, notify::Fix::kAclPublic}));
}

TEST(TriageCompliance, CompliantAfterNonCompliantIsFixed) {
  Triage t =
      TriageOf(Sample("config.ComplianceChange.s3-bucket-public-read-prohibited.fixed.eventbridge.constructed.json"));
  ASSERT_EQ(t.disposition, Disposition::kAnnounce);
  const notify::Alert& a = t.alerts[0];
  EXPECT_EQ(a.what, What::kFixed);
  EXPECT_EQ(a.origin.previous_compliance, "NON_COMPLIANT");
  ASSERT_TRUE(a.origin.annotation);  // what it was
  EXPECT_NE(a.origin.annotation->find("public read"), std::string::npos);
  EXPECT_TRUE(a.causes.empty());
}

TEST(TriageCompliance, NonCompliantAgainIsStillPublic) {
  Json e = NonCompliantWrite();
  e["detail"]["oldEvaluationResult"] = e["detail"]["newEvaluationResult"];
  EXPECT_EQ(TriageOf(e).alerts.at(0).what, What::kStillPublic);
}

TEST(TriageCompliance, CompliantWithoutPastAndOtherResultsAreNotAnnounced) {
  Json e = NonCompliantWrite();
  e["detail"]["newEvaluationResult"]["complianceType"] = "COMPLIANT";
  Triage t = TriageOf(e);
  EXPECT_EQ(t.disposition, Disposition::kNothingToAnnounce);
  EXPECT_TRUE(t.alerts.empty());
  // NOT_APPLICABLE after NON_COMPLIANT: the rule no longer applies (the
  // bucket was deleted). Logged.
  e = NonCompliantWrite();
  e["detail"]["oldEvaluationResult"] = e["detail"]["newEvaluationResult"];
  e["detail"]["newEvaluationResult"]["complianceType"] = "NOT_APPLICABLE";
  t = TriageOf(e);
  EXPECT_EQ(t.disposition, Disposition::kNothingToAnnounce);
  EXPECT_TRUE(t.alerts.empty());
  EXPECT_NE(t.reason.find("NOT_APPLICABLE"), std::string::npos);
  EXPECT_NE(t.reason.find("was NON_COMPLIANT"), std::string::npos);
  // INSUFFICIENT_DATA with nothing public before: nothing to say.
  e = NonCompliantWrite();
  e["detail"]["newEvaluationResult"]["complianceType"] = "INSUFFICIENT_DATA";
  EXPECT_EQ(TriageOf(e).disposition, Disposition::kNothingToAnnounce);
}

// A bucket last found public that the rule can no longer evaluate has not
// been found fixed: "could not be judged", with the annotation it had.
TEST(TriageCompliance, InsufficientDataAfterNonCompliantCannotBeJudged) {
  Json e = NonCompliantWrite();
  e["detail"]["oldEvaluationResult"] = e["detail"]["newEvaluationResult"];
  e["detail"]["newEvaluationResult"]["complianceType"] = "INSUFFICIENT_DATA";
  e["detail"]["newEvaluationResult"].erase("annotation");
  Triage t = TriageOf(e);
  ASSERT_EQ(t.disposition, Disposition::kAnnounce);
  ASSERT_EQ(t.alerts.size(), 1u);
  EXPECT_EQ(t.alerts[0].what, What::kCannotJudge);
  ASSERT_EQ(t.alerts[0].cannot_judge.size(), 1u);
  EXPECT_NE(t.alerts[0].cannot_judge[0].find("INSUFFICIENT_DATA"), std::string::npos);
  EXPECT_TRUE(t.alerts[0].origin.annotation.has_value());
  EXPECT_TRUE(t.alerts[0].causes.empty());
}

TEST(TriageCompliance, RuleNamesWithPrefixesAndDeclaredRules) {
  Json e = NonCompliantWrite();
  e["detail"]["configRuleName"] = "securityhub-s3-bucket-public-write-prohibited-7f3a1c";
  EXPECT_EQ(TriageOf(e).disposition, Disposition::kAnnounce);

  e["detail"]["configRuleName"] = "team-s3-exposure";
  Triage t = TriageOf(e, TriageOptions{{"team-s3-exposure"}});
  ASSERT_EQ(t.disposition, Disposition::kAnnounce);
  EXPECT_TRUE(HasNote(t.alerts[0], Note::kRuleDeclared));
}

// A team moving from the old Lambda keeps its own rule names: their results
// about a bucket are passed on (never dropped), saying bucketwatch does not
// know what the rule checks.
TEST(TriageCompliance, AnUnknownRuleAboutABucketIsPassedOnAsTheOldLambdaDid) {
  Json e = NonCompliantWrite();
  e["detail"]["configRuleName"] = "org-s3-public-check";
  Triage t = TriageOf(e);
  ASSERT_EQ(t.disposition, Disposition::kAnnounce);
  ASSERT_EQ(t.alerts.size(), 1u);
  const notify::Alert& a = t.alerts[0];
  EXPECT_EQ(a.what, What::kRuleNonCompliant);
  EXPECT_TRUE(notify::NeedsAction(a.what));
  EXPECT_EQ(a.bucket, "demos3bucketforpublicaclremediation");
  EXPECT_EQ(a.origin.name, "org-s3-public-check");
  EXPECT_TRUE(a.origin.annotation.has_value());
  EXPECT_TRUE(HasNote(a, Note::kRuleUnknown));
  EXPECT_TRUE(a.causes.empty());  // not judged: nothing is claimed about why

  Json fixed = Sample("config.ComplianceChange.s3-bucket-public-read-prohibited.fixed.eventbridge.constructed.json");
  fixed["detail"]["configRuleName"] = "org-s3-public-check";
  t = TriageOf(fixed);
  ASSERT_EQ(t.disposition, Disposition::kAnnounce);
  EXPECT_EQ(t.alerts[0].what, What::kRuleCompliant);
  EXPECT_FALSE(notify::NeedsAction(t.alerts[0].what));
}

TEST(TriageCompliance, AnUnknownRuleAboutAnotherResourceTypeIsIgnored) {
  Json e = NonCompliantWrite();
  e["detail"]["configRuleName"] = "ec2-instance-no-public-ip";
  e["detail"]["resourceType"] = "AWS::EC2::Instance";
  Triage t = TriageOf(e);
  EXPECT_EQ(t.disposition, Disposition::kIgnored);
  EXPECT_NE(t.reason.find("AWS::EC2::Instance"), std::string::npos);
}

TEST(TriageCompliance, AccountLevelRuleIsAboutTheAccount) {
  Json e = NonCompliantWrite();
  e["detail"]["configRuleName"] = "securityhub-s3-account-level-public-access-blocks-periodic-abc";
  e["detail"]["resourceType"] = "AWS::::Account";
  e["detail"]["resourceId"] = "008186910956";
  e["detail"]["newEvaluationResult"].erase("annotation");
  Triage t = TriageOf(e);
  ASSERT_EQ(t.alerts.size(), 1u);
  const notify::Alert& a = t.alerts[0];
  EXPECT_EQ(a.what, What::kProtectionOff);
  EXPECT_EQ(a.subject, notify::Subject::kAccount);
  EXPECT_EQ(a.account, "008186910956");
  EXPECT_TRUE(a.bucket.empty());
  EXPECT_EQ(a.fixes, std::vector<notify::Fix>{notify::Fix::kAccountBlockPublicAccess});
  EXPECT_TRUE(HasNote(a, Note::kAccountWide));
}

TEST(TriageCompliance, BucketLevelRuleIsAboutProtection) {
  Json e = NonCompliantWrite();
  e["detail"]["configRuleName"] = "s3-bucket-level-public-access-prohibited";
  Triage t = TriageOf(e);
  ASSERT_EQ(t.alerts.size(), 1u);
  EXPECT_EQ(t.alerts[0].what, What::kProtectionOff);
  EXPECT_EQ(t.alerts[0].subject, notify::Subject::kBucket);
}

TEST(TriageCompliance, PartitionFromTheRuleArn) {
  Json e = NonCompliantWrite();
  e["detail"]["configRuleARN"] = "arn:aws-cn:config:cn-north-1:008186910956:config-rule/config-rule-1";
  e["detail"]["awsRegion"] = "cn-north-1";
  EXPECT_EQ(TriageOf(e).alerts.at(0).partition, "aws-cn");
}

Json ItemChange() { return Sample("config.ConfigurationItemChange.s3-bucket.eventbridge.assembled.json"); }

// The sample turns Block Public Access off on a bucket whose policy and ACL
// are public: it became public, through both channels.
TEST(TriageConfigItem, BecamePublicJudgedByTheEvaluator) {
  Triage t = TriageOf(ItemChange());
  ASSERT_EQ(t.disposition, Disposition::kAnnounce) << t.reason;
  ASSERT_EQ(t.alerts.size(), 1u);
  const notify::Alert& a = t.alerts[0];
  EXPECT_EQ(a.what, What::kBecamePublic);
  EXPECT_EQ(a.bucket, "mborch-test-bucket-config-item");
  EXPECT_TRUE(a.access.detailed);
  EXPECT_EQ(a.access.scope[static_cast<size_t>(AccessKind::kRead)], Scope::kPublic);
  EXPECT_EQ(a.access.scope[static_cast<size_t>(AccessKind::kList)], Scope::kPublic);
  ASSERT_EQ(a.causes.size(), 2u);
  EXPECT_EQ(a.causes[0].channel, Cause::Channel::kPolicy);
  EXPECT_EQ(a.causes[0].statement, 0);
  EXPECT_EQ(a.causes[0].sid, "PublicReadGetObject");
  EXPECT_EQ(a.causes[0].actions, std::vector<std::string>{"s3:GetObject"});
  EXPECT_EQ(a.causes[0].fix, notify::Fix::kPolicyStatementPublic);
  EXPECT_EQ(a.causes[1].channel, Cause::Channel::kAcl);
  EXPECT_EQ(a.causes[1].principal, "AllUsers");
  EXPECT_TRUE(a.causes[1].uncertain.empty());  // said once, as a note
  EXPECT_TRUE(HasNote(a, Note::kOwnershipNotRecorded));
  EXPECT_TRUE(HasNote(a, Note::kAccountBpaNotInItem));
}

TEST(TriageConfigItem, NoExposureChangeIsNotAnnounced) {
  Json e = ItemChange();
  e["detail"]["configurationItemDiff"]["changedProperties"] = {
      {"SupplementaryConfiguration.BucketVersioningConfiguration.Status",
       {{"previousValue", "Off"}, {"updatedValue", "Enabled"}, {"changeType", "UPDATE"}}}};
  Triage t = TriageOf(e);
  EXPECT_EQ(t.disposition, Disposition::kNothingToAnnounce);
  EXPECT_NE(t.reason.find("no change"), std::string::npos);
}

TEST(TriageConfigItem, FixedWhenThePublicStatementWasRemoved) {
  Json e = ItemChange();
  Json& sup = e["detail"]["configurationItem"]["supplementaryConfiguration"];
  Json public_policy = sup["BucketPolicy"];
  sup["BucketPolicy"] = {{"policyText", nullptr}};
  sup["AccessControlList"] =
      "{\"grantList\":[{\"grantee\":{\"id\":\"8ac813c84b8ad4d9f3e35f80aaeb254f85922a902ce87ed6b49ccbfa188f5a12\"},"
      "\"permission\":\"FullControl\"}],\"owner\":{\"id\":"
      "\"8ac813c84b8ad4d9f3e35f80aaeb254f85922a902ce87ed6b49ccbfa188f5a12\"}}";
  sup["PublicAccessBlockConfiguration"] = {{"blockPublicAcls", false},
                                           {"ignorePublicAcls", false},
                                           {"blockPublicPolicy", false},
                                           {"restrictPublicBuckets", false}};
  e["detail"]["configurationItemDiff"]["changedProperties"] = {
      {"SupplementaryConfiguration.BucketPolicy", {{"previousValue", public_policy}, {"changeType", "UPDATE"}}}};
  Triage t = TriageOf(e);
  ASSERT_EQ(t.disposition, Disposition::kAnnounce) << t.reason;
  const notify::Alert& a = t.alerts.at(0);
  EXPECT_EQ(a.what, What::kFixed);
  EXPECT_EQ(a.access.scope[static_cast<size_t>(AccessKind::kRead)], Scope::kPublic);  // what it was
  EXPECT_TRUE(a.causes.empty());
}

TEST(TriageConfigItem, NewPrivateBucketIsQuietNewPublicBucketIsAnnounced) {
  Json e = ItemChange();
  e["detail"]["configurationItemDiff"]["changeType"] = "CREATE";
  EXPECT_EQ(TriageOf(e).alerts.at(0).what, What::kBecamePublic);
  e["detail"]["configurationItem"]["supplementaryConfiguration"]["PublicAccessBlockConfiguration"] = {
      {"blockPublicAcls", true},
      {"ignorePublicAcls", true},
      {"blockPublicPolicy", true},
      {"restrictPublicBuckets", true}};
  EXPECT_EQ(TriageOf(e).disposition, Disposition::kNothingToAnnounce);
}

TEST(TriageConfigItem, UnknownBeforePublicNowIsAnnouncedAsIsPublic) {
  Json e = ItemChange();
  e["detail"].erase("configurationItemDiff");
  Triage t = TriageOf(e);
  ASSERT_EQ(t.alerts.size(), 1u);
  EXPECT_EQ(t.alerts[0].what, What::kIsPublic);
  EXPECT_TRUE(HasNote(t.alerts[0], Note::kStateBeforeUnknown));
}

TEST(TriageConfigItem, OversizedItemNeedsALiveReRead) {
  Json e = ItemChange();
  e["detail"] = {{"messageType", "OversizedConfigurationItemChangeNotification"},
                 {"configurationItemSummary",
                  {{"resourceType", "AWS::S3::Bucket"},
                   {"resourceId", "big"},
                   {"awsAccountId", "934654633380"},
                   {"awsRegion", "us-east-1"},
                   {"configurationItemStatus", "OK"}}},
                 {"s3DeliverySummary", {{"s3BucketLocation", "cfg/x.json.gz"}}}};
  Triage t = TriageOf(e);
  EXPECT_EQ(t.disposition, Disposition::kNeedsRescan);
  ASSERT_TRUE(t.rescan);
  EXPECT_EQ(t.rescan->bucket, "big");
  EXPECT_NE(t.reason.find("s3://cfg/x.json.gz"), std::string::npos);
}

TEST(TriageConfigItem, AccountBlockPublicAccessTurnedOff) {
  Json e = ItemChange();
  e["detail"]["configurationItem"] =
      Json::parse(ReadTestData("events/config.ConfigurationItem.account-public-access-block.rdk-example.json"));
  e["detail"]["configurationItem"]["configuration"]["restrictPublicBuckets"] = false;
  e["detail"]["configurationItemDiff"] = {
      {"changeType", "UPDATE"},
      {"changedProperties",
       {{"Configuration.RestrictPublicBuckets",
         {{"previousValue", true}, {"updatedValue", false}, {"changeType", "UPDATE"}}}}}};
  Triage t = TriageOf(e);
  ASSERT_EQ(t.alerts.size(), 1u) << t.reason;
  EXPECT_EQ(t.alerts[0].what, What::kProtectionOff);
  EXPECT_EQ(t.alerts[0].subject, notify::Subject::kAccount);
  EXPECT_EQ(t.alerts[0].causes.at(0).actions, std::vector<std::string>{"RestrictPublicBuckets"});
  ASSERT_TRUE(t.rescan);
  EXPECT_EQ(t.rescan->scope, events::RescanScope::kAccount);

  // Turned back on.
  e["detail"]["configurationItem"]["configuration"]["restrictPublicBuckets"] = true;
  e["detail"]["configurationItemDiff"]["changedProperties"]["Configuration.RestrictPublicBuckets"]["previousValue"] =
      false;
  t = TriageOf(e);
  ASSERT_EQ(t.alerts.size(), 1u) << t.reason;
  EXPECT_EQ(t.alerts[0].what, What::kProtectionOn);
}

TEST(TriageConfigItem, OtherResourceTypesAreIgnored) {
  Json e = ItemChange();
  e["detail"]["configurationItem"]["resourceType"] = "AWS::EC2::Instance";
  EXPECT_EQ(TriageOf(e).disposition, Disposition::kIgnored);
}

TEST(TriageGuardDuty, AnonymousAccessGranted) {
  Triage t = TriageOf(Sample("guardduty.eventbridge.Policy-S3-BucketAnonymousAccessGranted.constructed.json"));
  ASSERT_EQ(t.alerts.size(), 1u);
  const notify::Alert& a = t.alerts[0];
  EXPECT_EQ(a.what, What::kBecamePublic);
  EXPECT_EQ(a.bucket, "s3-medicare-reltio-json-outbound-temp");
  EXPECT_TRUE(a.access.claims_read);
  EXPECT_FALSE(a.access.any_aws_user);
  ASSERT_EQ(a.causes.size(), 1u);
  EXPECT_EQ(a.causes[0].channel, Cause::Channel::kPolicy);
  ASSERT_TRUE(a.actor);
  EXPECT_EQ(a.actor->who, "DEVELOPER");
  EXPECT_EQ(a.actor->api, "PutBucketPolicy");
  EXPECT_EQ(a.actor->location, "Brooklyn, United States");
  EXPECT_EQ(a.origin.severity, 8);
  ASSERT_TRUE(a.bucket_bpa);
  EXPECT_TRUE(HasNote(a, Note::kEffectivelyPublic));
}

TEST(TriageGuardDuty, BlockPublicAccessDisabledButNotPublic) {
  Triage t = TriageOf(Sample("guardduty.eventbridge.Policy-S3-BucketBlockPublicAccessDisabled.assembled.json"));
  ASSERT_EQ(t.alerts.size(), 1u);
  const notify::Alert& a = t.alerts[0];
  EXPECT_EQ(a.what, What::kProtectionOff);
  ASSERT_EQ(a.causes.size(), 1u);
  EXPECT_EQ(a.causes[0].channel, Cause::Channel::kBucketBpa);
  EXPECT_EQ(a.causes[0].actions.size(), 4u);
  EXPECT_TRUE(HasNote(a, Note::kEffectivelyNotPublic));
}

TEST(TriageGuardDuty, BlockPublicAccessDisabledAndNowPublic) {
  Json e = Sample("guardduty.eventbridge.Policy-S3-BucketBlockPublicAccessDisabled.assembled.json");
  Json& b = e["detail"]["resource"]["s3BucketDetails"][0]["publicAccess"];
  b["effectivePermission"] = "PUBLIC";
  b["permissionConfiguration"]["bucketLevelPermissions"]["accessControlList"]["allowsPublicReadAccess"] = true;
  Triage t = TriageOf(e);
  const notify::Alert& a = t.alerts.at(0);
  EXPECT_EQ(a.what, What::kBecamePublic);
  EXPECT_EQ(a.causes.size(), 2u);  // Block Public Access off, and the ACL it no longer blocks
}

TEST(TriageGuardDuty, RepeatsArchivedOtherTypesAndAccountLevel) {
  Json e = Sample("guardduty.eventbridge.Policy-S3-BucketAnonymousAccessGranted.constructed.json");
  e["detail"]["service"]["count"] = 4;
  Triage t = TriageOf(e);
  EXPECT_TRUE(HasNote(t.alerts.at(0), Note::kRepeatedFinding));
  EXPECT_EQ(t.alerts[0].origin.count, 4);

  e["detail"]["service"]["archived"] = true;
  EXPECT_EQ(TriageOf(e).disposition, Disposition::kNothingToAnnounce);

  e = Sample("guardduty.eventbridge.Policy-S3-BucketAnonymousAccessGranted.constructed.json");
  e["detail"]["type"] = "Stealth:S3/ServerAccessLoggingDisabled";
  EXPECT_EQ(TriageOf(e).disposition, Disposition::kIgnored);

  e["detail"]["type"] = "Policy:S3/AccountBlockPublicAccessDisabled";
  t = TriageOf(e);
  ASSERT_EQ(t.alerts.size(), 1u);
  EXPECT_EQ(t.alerts[0].subject, notify::Subject::kAccount);
  EXPECT_EQ(t.alerts[0].what, What::kProtectionOff);
}

TEST(TriageCloudTrail, ExposureChangingCallsNeedALiveReRead) {
  Triage t = TriageOf(Sample("cloudtrail.PutBucketPublicAccessBlock.eventbridge.panther.json"));
  EXPECT_EQ(t.disposition, Disposition::kNeedsRescan);
  EXPECT_TRUE(t.alerts.empty());
  ASSERT_TRUE(t.rescan);
  EXPECT_EQ(t.rescan->scope, events::RescanScope::kBucket);
  EXPECT_EQ(t.rescan->bucket, "austin-panther");
  EXPECT_EQ(t.rescan->actor.who, "arn:aws:sts::111111111111:assumed-role/PantherDevAustinAdministrator/austin_byers");
  EXPECT_EQ(t.rescan->actor.ip, "136.25.4.99");

  t = TriageOf(Sample("cloudtrail.PutAccountPublicAccessBlock.constructed.json"));
  ASSERT_TRUE(t.rescan);
  EXPECT_EQ(t.rescan->scope, events::RescanScope::kAccount);
  EXPECT_EQ(t.rescan->account, "111122223333");
}

TEST(TriageCloudTrail, FailedAndUnrelatedCalls) {
  Json e = Sample("cloudtrail.PutBucketPolicy.panther-analysis.json");
  e["errorCode"] = "AccessDenied";
  Triage t = TriageOf(e);
  EXPECT_EQ(t.disposition, Disposition::kNothingToAnnounce);
  EXPECT_NE(t.reason.find("AccessDenied"), std::string::npos);
  e = Sample("cloudtrail.PutBucketPolicy.panther-analysis.json");
  e["eventName"] = "GetBucketPolicy";
  EXPECT_EQ(TriageOf(e).disposition, Disposition::kIgnored);
}

}  // namespace
}  // namespace bucketwatch::handler
