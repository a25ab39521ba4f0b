// Reading EventBridge events into what happened: each sample of
// tests/data/events/, the shapes AWS sends (docs/sources.md, "EventBridge envelopes"),
// and errors that say where the event is wrong.
#include "events/event.h"

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "support/test_files.h"

namespace bucketwatch::events {
namespace {

using bucketwatch::testing::ReadTestData;
using Json = nlohmann::json;

Result<Event> Parse(const std::string& text) {
  json::Parser parser;  // bucketwatch::json
  return ParseEvent(text, parser);
}

Event ParseOk(const std::string& text) {
  auto e = Parse(text);
  EXPECT_TRUE(e.ok()) << e.status().ToString();
  if (!e.ok()) return Event{};
  return std::move(e).value();
}

Event ParseFile(const std::string& name) { return ParseOk(ReadTestData("events/" + name)); }

std::string Dump(const Json& j) { return j.dump(); }

Json Sample(const std::string& name) { return nlohmann::json::parse(ReadTestData("events/" + name)); }

// Config DG "Monitoring AWS Config with Amazon EventBridge": detail-type
// "Config Rules Compliance Change", detail = ComplianceChangeNotification.
// The reconciliation schedule's constant input (deploy/template.yaml).
TEST(ParseEvent, TheReconciliationRequest) {
  Event e = ParseOk(R"({"bucketwatch": "reconcile"})");
  const auto* r = std::get_if<Reconcile>(&e.what);
  ASSERT_NE(r, nullptr);
  EXPECT_TRUE(r->account.empty());
  EXPECT_EQ(KindName(e.what), "reconcile");
  e = ParseOk(R"({"bucketwatch": "reconcile", "account": "111122223333"})");
  EXPECT_EQ(std::get<Reconcile>(e.what).account, "111122223333");

  auto bad = Parse(R"({"bucketwatch": "reconcile-all"})");
  ASSERT_FALSE(bad.ok());
  EXPECT_NE(bad.status().message().find("the only one is \"reconcile\""), std::string::npos) << bad.status().message();
  bad = Parse(R"({"bucketwatch": "reconcile", "account": "1111"})");
  ASSERT_FALSE(bad.ok());
  EXPECT_NE(bad.status().message().find("/account"), std::string::npos) << bad.status().message();
  EXPECT_FALSE(Parse(R"({"bucketwatch": 1})").ok());
}

// A continuation names where the rest of the account starts; RequestJson writes what ParseRequest reads.
TEST(ParseEvent, TheReconciliationsContinuation) {
  Event e = ParseOk(R"({"bucketwatch": "reconcile", "account": "111122223333", "from": "logs-2024.eu"})");
  EXPECT_EQ(std::get<Reconcile>(e.what).from, "logs-2024.eu");
  EXPECT_TRUE(std::get<Reconcile>(ParseOk(R"({"bucketwatch": "reconcile"})").what).from.empty());
  EXPECT_EQ(RequestJson({.account = "111122223333", .from = "b-7"}),
            R"({"bucketwatch":"reconcile","account":"111122223333","from":"b-7"})");
  EXPECT_EQ(std::get<Reconcile>(ParseOk(RequestJson({.from = "Old_Bucket"})).what).from, "Old_Bucket");

  for (const char* bad :
       {R"({"bucketwatch": "reconcile", "from": ""})", R"({"bucketwatch": "reconcile", "from": "a\"b"})",
        R"({"bucketwatch": "reconcile", "from": "has space"})", R"({"bucketwatch": "reconcile", "from": null})"}) {
    auto r = Parse(bad);
    ASSERT_FALSE(r.ok()) << bad;
    EXPECT_NE(r.status().message().find("/from: "), std::string::npos) << r.status().message();
    EXPECT_NE(r.status().message().find("is not an S3 bucket name"), std::string::npos) << r.status().message();
  }
  auto r = Parse(R"({"bucketwatch": "reconcile", "from": 7})");
  ASSERT_FALSE(r.ok());
  EXPECT_NE(r.status().ToString().find("/from"), std::string::npos) << r.status().ToString();
}

TEST(ParseEvent, ComplianceChangeNonCompliant) {
  Event e = ParseFile("config.ComplianceChange.s3-bucket-public-write-prohibited.eventbridge.assembled.json");
  EXPECT_EQ(e.envelope.id, "4c16f103-a9e3-254d-2e1e-56f8949c1e03");
  EXPECT_EQ(e.envelope.detail_type, "Config Rules Compliance Change");
  EXPECT_FALSE(e.envelope.bare);
  const auto* c = std::get_if<ComplianceChange>(&e.what);
  ASSERT_NE(c, nullptr);
  EXPECT_EQ(c->rule_name, "s3-bucket-public-write-prohibited");
  EXPECT_EQ(c->resource_id, "demos3bucketforpublicaclremediation");
  EXPECT_EQ(c->resource_type, "AWS::S3::Bucket");
  EXPECT_EQ(c->account, "008186910956");
  EXPECT_EQ(c->region, "us-east-1");
  EXPECT_EQ(c->now.compliance, Compliance::kNonCompliant);
  ASSERT_TRUE(c->now.annotation);
  EXPECT_EQ(*c->now.annotation, "The S3 bucket ACL allows public write access.");
  EXPECT_EQ(c->now.recorded_time, "2020-01-31T18:38:11.674Z");
  EXPECT_FALSE(c->before);
  EXPECT_EQ(KindName(e.what), "config_compliance_change");
}

TEST(ParseEvent, ComplianceChangeFixedHasBothResultsAndNoAnnotationNow) {
  Event e = ParseFile("config.ComplianceChange.s3-bucket-public-read-prohibited.fixed.eventbridge.constructed.json");
  const auto* c = std::get_if<ComplianceChange>(&e.what);
  ASSERT_NE(c, nullptr);
  EXPECT_EQ(c->now.compliance, Compliance::kCompliant);
  EXPECT_FALSE(c->now.annotation);
  ASSERT_TRUE(c->before);
  EXPECT_EQ(c->before->compliance, Compliance::kNonCompliant);
  ASSERT_TRUE(c->before->annotation);
  EXPECT_NE(c->before->annotation->find("ACL allows public read"), std::string::npos);
}

// The old Lambda crashed (KeyError) on an event without "annotation"; the
// example event in tests/data/lambda/runtime-api-exchange.http has none, nor an awsRegion
// in its detail (the envelope's is used).
TEST(ParseEvent, ComplianceChangeWithoutAnnotationOrRegionInDetail) {
  std::string text = ReadTestData("lambda/runtime-api-exchange.http");
  size_t start = text.find("{\"version\"");
  size_t end = text.find('\n', start);
  ASSERT_NE(start, std::string::npos);
  Event e = ParseOk(text.substr(start, end - start));
  const auto* c = std::get_if<ComplianceChange>(&e.what);
  ASSERT_NE(c, nullptr);
  EXPECT_FALSE(c->now.annotation);
  EXPECT_EQ(c->region, "ap-northeast-1");
  EXPECT_EQ(c->account, "123456789012");
  EXPECT_EQ(c->resource_id, "my-bucket");
}

TEST(ParseEvent, AnnotationNullIsAbsent) {
  Json j = Sample("config.ComplianceChange.s3-bucket-public-write-prohibited.eventbridge.assembled.json");
  j["detail"]["newEvaluationResult"]["annotation"] = nullptr;
  Event e = ParseOk(Dump(j));
  EXPECT_FALSE(std::get<ComplianceChange>(e.what).now.annotation);
}

TEST(ParseEvent, RuleNameAndResourceFromTheQualifierWhenTheDetailLacksThem) {
  Json j = Sample("config.ComplianceChange.s3-bucket-public-write-prohibited.eventbridge.assembled.json");
  j["detail"].erase("configRuleName");
  j["detail"].erase("resourceId");
  Event e = ParseOk(Dump(j));
  const auto& c = std::get<ComplianceChange>(e.what);
  EXPECT_EQ(c.rule_name, "s3-bucket-public-write-prohibited");
  EXPECT_EQ(c.resource_id, "demos3bucketforpublicaclremediation");
}

TEST(ParseEvent, MissingFieldsOfAMatchingEventAreErrorsWithTheirPath) {
  Json j = Sample("config.ComplianceChange.s3-bucket-public-write-prohibited.eventbridge.assembled.json");
  j["detail"]["newEvaluationResult"].erase("complianceType");
  auto e = Parse(Dump(j));
  ASSERT_FALSE(e.ok());
  EXPECT_EQ(e.status().code(), StatusCode::kInvalidInput);
  EXPECT_EQ(e.status().where(), "/detail/newEvaluationResult/complianceType");
  EXPECT_NE(e.status().message().find("missing"), std::string::npos);

  j = Sample("config.ComplianceChange.s3-bucket-public-write-prohibited.eventbridge.assembled.json");
  j["detail"].erase("newEvaluationResult");
  e = Parse(Dump(j));
  ASSERT_FALSE(e.ok());
  EXPECT_EQ(e.status().where(), "/detail/newEvaluationResult");

  j = Sample("config.ComplianceChange.s3-bucket-public-write-prohibited.eventbridge.assembled.json");
  j.erase("detail");
  e = Parse(Dump(j));
  ASSERT_FALSE(e.ok());
  EXPECT_EQ(e.status().where(), "/detail");
}

TEST(ParseEvent, WrongTypesAndUnknownValuesAreErrors) {
  Json j = Sample("config.ComplianceChange.s3-bucket-public-write-prohibited.eventbridge.assembled.json");
  j["detail"]["newEvaluationResult"]["complianceType"] = "MAYBE";
  auto e = Parse(Dump(j));
  ASSERT_FALSE(e.ok());
  EXPECT_NE(e.status().message().find("MAYBE"), std::string::npos);
  EXPECT_NE(e.status().message().find("NON_COMPLIANT"), std::string::npos);

  j["detail"]["newEvaluationResult"]["complianceType"] = 5;
  e = Parse(Dump(j));
  ASSERT_FALSE(e.ok());
  EXPECT_NE(e.status().message().find("expected a string, found a number"), std::string::npos);

  j = Sample("config.ComplianceChange.s3-bucket-public-write-prohibited.eventbridge.assembled.json");
  j["detail"]["newEvaluationResult"]["annotation"] = Json::array();
  e = Parse(Dump(j));
  ASSERT_FALSE(e.ok());
  EXPECT_EQ(e.status().where(), "/detail/newEvaluationResult/annotation");
}

TEST(ParseEvent, MalformedJsonAndNonObjects) {
  auto e = Parse("{\"detail-type\": ");
  ASSERT_FALSE(e.ok());
  EXPECT_NE(e.status().message().find("not valid JSON"), std::string::npos);
  e = Parse("");
  ASSERT_FALSE(e.ok());
  e = Parse("[1, 2]");
  ASSERT_FALSE(e.ok());
  EXPECT_NE(e.status().message().find("expected a JSON object"), std::string::npos);
  e = Parse(R"({"key1": "value1"})");  // the Lambda console's test event
  ASSERT_FALSE(e.ok());
  EXPECT_NE(e.status().message().find("not an event bucketwatch can read"), std::string::npos);
  e = Parse(ReadTestData("events/cloudtrail.logfile-3records.s3-userguide.json"));
  ASSERT_FALSE(e.ok());
  EXPECT_EQ(e.status().where(), "/Records");
}

TEST(ParseEvent, OtherDetailTypesAreIgnoredNotErrors) {
  Event e = ParseOk(R"({"version":"0","id":"x","detail-type":"Scheduled Event","source":"aws.events",
                        "account":"123456789012","region":"us-east-1","time":"2024-01-01T00:00:00Z","detail":{}})");
  const auto* i = std::get_if<Ignored>(&e.what);
  ASSERT_NE(i, nullptr);
  EXPECT_NE(i->reason.find("Scheduled Event"), std::string::npos);
  EXPECT_EQ(KindName(e.what), "ignored");
}

// The SNS delivery of a Config notification (Config DG "Example Compliance
// Change Notification"): the same object, under "Message".
TEST(ParseEvent, SnsNotificationIsUnwrapped) {
  Event e = ParseFile("config.ComplianceChangeNotification.sns.aws-doc.json");
  const auto* c = std::get_if<ComplianceChange>(&e.what);
  ASSERT_NE(c, nullptr);
  EXPECT_EQ(c->rule_name, "cloudtrail-enabled");
  EXPECT_FALSE(c->now.annotation);  // "annotation": null
  ASSERT_TRUE(c->before);

  // In a real SNS delivery "Message" is a string.
  Json j = Sample("config.ComplianceChangeNotification.sns.aws-doc.json");
  j["Message"] = j["Message"].dump();
  e = ParseOk(Dump(j));
  EXPECT_TRUE(std::holds_alternative<ComplianceChange>(e.what));
  j["Message"] = "{\"messageType\": \"ComplianceChangeNotification\"";
  auto bad = Parse(Dump(j));
  ASSERT_FALSE(bad.ok());
  EXPECT_EQ(bad.status().where(), "/Message");
}

TEST(ParseEvent, ConfigItemChangeOfABucket) {
  Event e = ParseFile("config.ConfigurationItemChange.s3-bucket.eventbridge.assembled.json");
  const auto* c = std::get_if<ConfigItemChange>(&e.what);
  ASSERT_NE(c, nullptr);
  EXPECT_EQ(c->resource_type, "AWS::S3::Bucket");
  EXPECT_EQ(c->account, "934654633380");
  EXPECT_EQ(c->change_type, "UPDATE");
  EXPECT_EQ(c->changed_properties.size(), 4u);
  ASSERT_TRUE(c->now);
  EXPECT_EQ(c->now->bucket, "mborch-test-bucket-config-item");
  ASSERT_TRUE(c->before) << c->before_unknown;
  EXPECT_EQ(KindName(e.what), "config_item_change");
}

// A custom rule's invocation carries the notification as a JSON string
// (cloud-custodian fixture, tests/data/corpus/configitem-c7n-1433129cb2.json).
TEST(ParseEvent, ConfigRuleInvokingEventIsUnwrapped) {
  Event e = ParseOk(ReadTestData("corpus/configitem-c7n-1433129cb2.json"));
  const auto* c = std::get_if<ConfigItemChange>(&e.what);
  ASSERT_NE(c, nullptr);
  ASSERT_TRUE(c->now);
  EXPECT_EQ(c->now->bucket, "c7n-fire-logs");
}

TEST(ParseEvent, GuardDutyFinding) {
  Event e = ParseFile("guardduty.eventbridge.Policy-S3-BucketAnonymousAccessGranted.constructed.json");
  const auto* f = std::get_if<GuardDutyFinding>(&e.what);
  ASSERT_NE(f, nullptr);
  EXPECT_EQ(f->type, "Policy:S3/BucketAnonymousAccessGranted");
  EXPECT_EQ(f->kind, GuardDutyKind::kAnonymousAccessGranted);
  EXPECT_EQ(f->severity, 8);
  ASSERT_EQ(f->buckets.size(), 1u);
  const GuardDutyBucket& b = f->buckets[0];
  EXPECT_EQ(b.name, "s3-medicare-reltio-json-outbound-temp");
  EXPECT_EQ(b.effective_public, true);
  EXPECT_EQ(b.policy_read, true);
  EXPECT_EQ(b.acl_read, false);
  ASSERT_TRUE(b.bucket_bpa);
  EXPECT_FALSE(b.bucket_bpa->block_public_acls);
  EXPECT_EQ(f->actor.user_name, "DEVELOPER");
  EXPECT_EQ(f->actor.user_type, "AssumedRole");
  EXPECT_EQ(f->actor.api, "PutBucketPolicy");
  EXPECT_EQ(f->actor.ip, "165.225.220.243");
  EXPECT_EQ(f->actor.country, "United States");
  EXPECT_EQ(f->actor.organization, "ZSCALER-SJC1");
  EXPECT_EQ(f->count, 1);
  EXPECT_FALSE(f->archived);
}

TEST(ParseEvent, GuardDutyFindingOnItsOwn) {
  Event e = ParseFile("guardduty.finding.Policy-S3-BucketBlockPublicAccessDisabled.onug.json");
  EXPECT_TRUE(e.envelope.bare);
  const auto* f = std::get_if<GuardDutyFinding>(&e.what);
  ASSERT_NE(f, nullptr);
  EXPECT_EQ(f->kind, GuardDutyKind::kBucketBlockPublicAccessOff);
  ASSERT_EQ(f->buckets.size(), 1u);
  EXPECT_EQ(f->buckets[0].effective_public, false);
  ASSERT_TRUE(f->buckets[0].account_bpa);
  EXPECT_TRUE(f->buckets[0].account_bpa->block_public_acls);
  EXPECT_FALSE(f->buckets[0].account_bpa->ignore_public_acls);
}

TEST(ParseEvent, CloudTrailCallThroughEventBridge) {
  Event e = ParseFile("cloudtrail.PutBucketPublicAccessBlock.eventbridge.panther.json");
  const auto* c = std::get_if<ApiCall>(&e.what);
  ASSERT_NE(c, nullptr);
  EXPECT_EQ(c->change, ApiChange::kPutBucketPublicAccessBlock);
  EXPECT_EQ(c->scope, RescanScope::kBucket);
  EXPECT_EQ(c->bucket, "austin-panther");
  EXPECT_EQ(c->account, "111111111111");
  EXPECT_EQ(c->actor.arn, "arn:aws:sts::111111111111:assumed-role/PantherDevAustinAdministrator/austin_byers");
  EXPECT_EQ(c->actor.source_ip, "136.25.4.99");
  ASSERT_TRUE(c->requested_bpa);  // the "xmlns" key beside the flags is fine
  EXPECT_TRUE(c->requested_bpa->restrict_public_buckets);
  EXPECT_FALSE(c->requested_bpa->block_public_acls);
  EXPECT_FALSE(c->failed());
}

TEST(ParseEvent, CloudTrailRecordsOnTheirOwn) {
  Event e = ParseFile("cloudtrail.PutBucketPolicy.panther-analysis.json");
  EXPECT_EQ(std::get<ApiCall>(e.what).bucket, "example-bucket");
  e = ParseFile("cloudtrail.PutAccountPublicAccessBlock.constructed.json");
  const auto& a = std::get<ApiCall>(e.what);
  EXPECT_EQ(a.scope, RescanScope::kAccount);
  EXPECT_EQ(a.account, "111122223333");
  ASSERT_TRUE(a.requested_bpa);
  EXPECT_FALSE(a.requested_bpa->block_public_policy);
  e = ParseFile("cloudtrail.CreateBucket.constructed.json");
  EXPECT_EQ(std::get<ApiCall>(e.what).change, ApiChange::kCreateBucket);
  e = ParseFile("cloudtrail.PutBucketOwnershipControls.constructed.json");
  EXPECT_EQ(std::get<ApiCall>(e.what).change, ApiChange::kPutBucketOwnershipControls);
  e = ParseFile("cloudtrail.DeleteBucketPublicAccessBlock.panther-analysis.json");
  EXPECT_EQ(std::get<ApiCall>(e.what).change, ApiChange::kDeleteBucketPublicAccessBlock);
}

TEST(ParseEvent, FailedCloudTrailCallsAreMarked) {
  Json j = Sample("cloudtrail.PutBucketPolicy.panther-analysis.json");
  j["errorCode"] = "AccessDenied";
  j["errorMessage"] = "Access Denied";
  Event e = ParseOk(Dump(j));
  const auto& c = std::get<ApiCall>(e.what);
  EXPECT_TRUE(c.failed());
  EXPECT_EQ(c.error_code, "AccessDenied");
}

// The S3 User Guide's PutBucketAcl example has its bucket name blanked: a
// bucket-level call without a bucket cannot be acted on.
TEST(ParseEvent, BucketCallWithoutBucketIsAnError) {
  auto e = Parse(ReadTestData("events/cloudtrail.PutBucketAcl.s3-userguide.json"));
  ASSERT_FALSE(e.ok());
  EXPECT_EQ(e.status().where(), "/requestParameters/bucketName");
}

// An empty identifier is reported as empty, not as missing.
TEST(ParseEvent, EmptyRequiredFieldsAreReportedAsEmpty) {
  Json j = Sample("cloudtrail.PutBucketPolicy.panther-analysis.json");
  j["requestParameters"]["bucketName"] = "";
  auto e = Parse(Dump(j));
  ASSERT_FALSE(e.ok());
  EXPECT_EQ(e.status().where(), "/requestParameters/bucketName");
  EXPECT_EQ(e.status().message(), "required field \"bucketName\" is empty");
  j["requestParameters"]["bucketName"] = Json::array({""});
  e = Parse(Dump(j));
  ASSERT_FALSE(e.ok());
  EXPECT_EQ(e.status().message(), "required field \"bucketName\" is empty");
  j["requestParameters"].erase("bucketName");
  e = Parse(Dump(j));
  ASSERT_FALSE(e.ok());
  EXPECT_EQ(e.status().message(), "missing required field \"bucketName\"");

  j = Sample("config.ComplianceChange.s3-bucket-public-write-prohibited.eventbridge.assembled.json");
  j["detail"]["resourceId"] = "";
  j["detail"]["newEvaluationResult"]["evaluationResultIdentifier"]["evaluationResultQualifier"].erase("resourceId");
  e = Parse(Dump(j));
  ASSERT_FALSE(e.ok());
  EXPECT_EQ(e.status().where(), "/detail/resourceId");
  EXPECT_EQ(e.status().message(), "required field \"resourceId\" is empty");

  j = Sample("config.ConfigurationItemChange.s3-bucket.eventbridge.assembled.json");
  j["detail"]["configurationItem"]["resourceId"] = "";
  e = Parse(Dump(j));
  ASSERT_FALSE(e.ok());
  EXPECT_EQ(e.status().where(), "/detail/configurationItem/resourceId");
  EXPECT_EQ(e.status().message(), "required field \"resourceId\" is empty");

  j = Sample("guardduty.eventbridge.Policy-S3-BucketAnonymousAccessGranted.constructed.json");
  j["detail"]["accountId"] = "";
  j["account"] = "";
  e = Parse(Dump(j));
  ASSERT_FALSE(e.ok());
  EXPECT_EQ(e.status().where(), "/detail/accountId");
  EXPECT_EQ(e.status().message(), "required field \"accountId\" is empty");
}

// The sample's text with `placeholder` (a JSON string value) replaced by a
// string holding a lone surrogate escape, which nlohmann cannot hold.
std::string WithLoneSurrogate(const Json& j, const std::string& placeholder, const std::string& raw) {
  std::string text = j.dump();
  size_t at = text.find("\"" + placeholder + "\"");
  EXPECT_NE(at, std::string::npos) << placeholder;
  return text.replace(at, placeholder.size() + 2, "\"" + raw + "\"");
}

TEST(ParseEvent, LoneSurrogateInFreeTextIsReadAsReplacementCharacter) {
  Json j = Sample("config.ComplianceChange.s3-bucket-public-write-prohibited.eventbridge.assembled.json");
  j["detail"]["newEvaluationResult"]["annotation"] = "@annotation@";
  Event e = ParseOk(WithLoneSurrogate(j, "@annotation@", R"(odd \ud800 text)"));
  const auto& c = std::get<ComplianceChange>(e.what);
  ASSERT_TRUE(c.now.annotation);
  EXPECT_EQ(*c.now.annotation, "odd \xEF\xBF\xBD text");
  EXPECT_EQ(c.resource_id, "demos3bucketforpublicaclremediation");

  j = Sample("cloudtrail.PutBucketPolicy.panther-analysis.json");
  j["userAgent"] = "@agent@";
  e = ParseOk(WithLoneSurrogate(j, "@agent@", R"(aws-cli \udc00)"));
  EXPECT_EQ(std::get<ApiCall>(e.what).bucket, "example-bucket");
  EXPECT_EQ(std::get<ApiCall>(e.what).actor.user_agent, "aws-cli \xEF\xBF\xBD");

  // Inside an SNS notification's Message string, escaped once more.
  Json sns = Sample("config.ComplianceChangeNotification.sns.aws-doc.json");
  Json inner = sns["Message"];  // an object in this sample; sent as a string here
  inner["newEvaluationResult"]["annotation"] = "@annotation@";
  sns["Message"] = WithLoneSurrogate(inner, "@annotation@", R"(x \ud800)");
  e = ParseOk(sns.dump());
  EXPECT_EQ(*std::get<ComplianceChange>(e.what).now.annotation, "x \xEF\xBF\xBD");
}

TEST(ParseEvent, LoneSurrogateInAnIdentifierIsRefusedNamingTheField) {
  Json j = Sample("cloudtrail.PutBucketPolicy.panther-analysis.json");
  j["requestParameters"]["bucketName"] = "@bucket@";
  auto e = Parse(WithLoneSurrogate(j, "@bucket@", R"(bucket\ud800)"));
  ASSERT_FALSE(e.ok());
  EXPECT_EQ(e.status().where(), "/requestParameters/bucketName");
  EXPECT_NE(e.status().message().find("U+FFFD where a bucket name was expected"), std::string::npos)
      << e.status().message();

  j = Sample("config.ComplianceChange.s3-bucket-public-write-prohibited.eventbridge.assembled.json");
  j["detail"]["awsAccountId"] = "@account@";
  e = Parse(WithLoneSurrogate(j, "@account@", R"(\ud80012345678901)"));
  ASSERT_FALSE(e.ok());
  EXPECT_EQ(e.status().where(), "/detail/awsAccountId");
  EXPECT_NE(e.status().message().find("an account id"), std::string::npos);

  j = Sample("guardduty.eventbridge.Policy-S3-BucketAnonymousAccessGranted.constructed.json");
  j["detail"]["resource"]["s3BucketDetails"][0]["name"] = "@bucket@";
  e = Parse(WithLoneSurrogate(j, "@bucket@", R"(b\udfff)"));
  ASSERT_FALSE(e.ok());
  EXPECT_EQ(e.status().where(), "/detail/resource/s3BucketDetails/0/name");
}

}  // namespace
}  // namespace bucketwatch::events
