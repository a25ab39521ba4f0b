// AWS Config items turned into Snapshots with the evaluator's own parsers,
// and the state before a change rebuilt from configurationItemDiff
// (docs/sources.md, "AWS Config events and managed rules"; AWS Config Developer Guide, "Example
// Configuration Item Change Notifications").
#include "events/config_item.h"

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "events/event.h"
#include "exposure/evaluator.h"
#include "support/test_files.h"

namespace bucketwatch::events {
namespace {

using bucketwatch::testing::ReadTestData;
using exposure::AccessKind;
using exposure::Scope;
using Json = nlohmann::json;

// The bare configuration item of a corpus file (some hold it inside a
// custom rule's invokingEvent string).
Json ItemOf(const std::string& corpus_file) {
  Json j = Json::parse(ReadTestData("corpus/" + corpus_file));
  if (j.contains("invokingEvent")) return Json::parse(j["invokingEvent"].get<std::string>())["configurationItem"];
  return j;
}

Result<exposure::Snapshot> FromItem(const Json& item) {
  bucketwatch::json::Parser parser;
  std::string text = item.dump();
  auto root = parser.Parse(text);
  if (!root.ok()) return root.status();
  bucketwatch::json::Path path;
  return SnapshotFromConfigItem(root->get_object().value_unsafe(), path);
}

ConfigItemChange Change(const Json& event) {
  bucketwatch::json::Parser parser;
  auto e = ParseEvent(event.dump(), parser);
  EXPECT_TRUE(e.ok()) << e.status().ToString();
  if (!e.ok()) return {};
  auto* c = std::get_if<ConfigItemChange>(&e->what);
  EXPECT_NE(c, nullptr);
  return c ? *c : ConfigItemChange{};
}

Json SampleChange() {
  return Json::parse(ReadTestData("events/config.ConfigurationItemChange.s3-bucket.eventbridge.assembled.json"));
}

// Every AWS::S3::Bucket item of the corpus becomes a snapshot.
TEST(SnapshotFromConfigItem, EveryCorpusItem) {
  for (const char* f :
       {"configitem-c7n-0ce4d2f086.json", "configitem-c7n-113b31444c.json", "configitem-c7n-1433129cb2.json",
        "configitem-c7n-3868bc8989.json", "configitem-c7n-4ac6aeeeab.json", "configitem-c7n-739366b6d4.json",
        "configitem-c7n-b2a328eeb6.json", "configitem-c7n-ba16ddd3af.json", "configitem-c7n-e7d29a5936.json"}) {
    SCOPED_TRACE(f);
    auto snap = FromItem(ItemOf(f));
    ASSERT_TRUE(snap.ok()) << snap.status().ToString();
    EXPECT_FALSE(snap->bucket.empty());
    EXPECT_TRUE(snap->acl.present());
    EXPECT_TRUE(snap->ownership.unknown());  // Config does not record it
    EXPECT_TRUE(snap->account_public_access_block.unknown());
  }
}

// configitem-c7n-4ac6aeeeab: a website bucket whose (doubly string-encoded)
// ACL grants AllUsers READ, i.e. anyone can list it.
TEST(SnapshotFromConfigItem, DoublyEncodedPublicAcl) {
  auto snap = FromItem(ItemOf("configitem-c7n-4ac6aeeeab.json"));
  ASSERT_TRUE(snap.ok()) << snap.status().ToString();
  EXPECT_EQ(snap->bucket, "testing-99");
  EXPECT_EQ(snap->account, "644160558196");
  EXPECT_EQ(snap->region, "us-east-1");
  EXPECT_TRUE(snap->policy.absent());  // {"policyText": null}
  EXPECT_TRUE(snap->public_access_block.absent());
  exposure::Verdict v = exposure::Evaluate(*snap);
  EXPECT_EQ(v.Access(AccessKind::kList), Scope::kPublic);
  EXPECT_EQ(v.Access(AccessKind::kRead), Scope::kNone);
  EXPECT_TRUE(v.acl_is_public);
}

// configitem-c7n-0ce4d2f086: BucketPolicy is a JSON string holding {"policyText": "..."}.
TEST(SnapshotFromConfigItem, PolicyWrappedInAString) {
  auto snap = FromItem(ItemOf("configitem-c7n-0ce4d2f086.json"));
  ASSERT_TRUE(snap.ok()) << snap.status().ToString();
  ASSERT_TRUE(snap->policy.present());
  EXPECT_FALSE(snap->policy.value().statements.empty());
  EXPECT_NE(snap->policy_text.find("DenyUnEncryptedObjectUploads"), std::string::npos);
}

// The RDK example: a Deny-only policy (aws:SecureTransport) is not public.
TEST(SnapshotFromConfigItem, RdkExampleIsPrivate) {
  Json item = Json::parse(ReadTestData("events/config.ConfigurationItem.s3-bucket.rdk-example.json"));
  auto snap = FromItem(item);
  ASSERT_TRUE(snap.ok()) << snap.status().ToString();
  EXPECT_EQ(snap->account, "934654633380");  // awsAccountId spelling
  ASSERT_TRUE(snap->policy.present());
  EXPECT_FALSE(exposure::Evaluate(*snap).exposed());
}

TEST(SnapshotFromConfigItem, BlockPublicAccessAsObjectOrString) {
  Json item = SampleChange()["detail"]["configurationItem"];
  item["supplementaryConfiguration"]["PublicAccessBlockConfiguration"] =
      R"({"blockPublicAcls":true,"ignorePublicAcls":true,"blockPublicPolicy":true,"restrictPublicBuckets":true})";
  auto snap = FromItem(item);
  ASSERT_TRUE(snap.ok()) << snap.status().ToString();
  ASSERT_TRUE(snap->public_access_block.present());
  EXPECT_TRUE(snap->public_access_block.value().restrict_public_buckets);
  EXPECT_FALSE(exposure::Evaluate(*snap).exposed());
}

TEST(SnapshotFromConfigItem, ErrorsSayWhere) {
  Json item = SampleChange()["detail"]["configurationItem"];
  item["supplementaryConfiguration"]["AccessControlList"] = "{\"grantList\": [{\"grantee\": \"AllUsers\"}]}";
  auto snap = FromItem(item);
  ASSERT_FALSE(snap.ok());
  EXPECT_EQ(snap.status().where().rfind("/supplementaryConfiguration/AccessControlList", 0), 0u)
      << snap.status().where();

  item = SampleChange()["detail"]["configurationItem"];
  item["supplementaryConfiguration"]["PublicAccessBlockConfiguration"]["blockPublicAcls"] = "sometimes";
  snap = FromItem(item);
  ASSERT_FALSE(snap.ok());
  EXPECT_EQ(snap.status().where(), "/supplementaryConfiguration/PublicAccessBlockConfiguration/blockPublicAcls");

  item = SampleChange()["detail"]["configurationItem"];
  item["resourceType"] = "AWS::EC2::Instance";
  snap = FromItem(item);
  ASSERT_FALSE(snap.ok());
  EXPECT_EQ(snap.status().where(), "/resourceType");
}

// Unknown parts stay unknown rather than becoming "not configured".
TEST(SnapshotFromConfigItem, MissingAclOrPolicyIsUnknown) {
  Json item = SampleChange()["detail"]["configurationItem"];
  item["supplementaryConfiguration"].erase("AccessControlList");
  item["supplementaryConfiguration"].erase("BucketPolicy");
  auto snap = FromItem(item);
  ASSERT_TRUE(snap.ok()) << snap.status().ToString();
  EXPECT_TRUE(snap->acl.unknown());
  EXPECT_TRUE(snap->policy.unknown());
  exposure::Verdict v = exposure::Evaluate(*snap);
  EXPECT_NE(v.unknown, 0);  // never silently private
}

// The sample event: Block Public Access went from all on to all off; the
// rebuilt "before" has it all on.
TEST(ConfigItemChange, BeforeRebuiltFromFlagDiff) {
  ConfigItemChange c = Change(SampleChange());
  ASSERT_TRUE(c.now);
  ASSERT_TRUE(c.before) << c.before_unknown;
  ASSERT_TRUE(c.before->public_access_block.present());
  EXPECT_TRUE(c.before->public_access_block.value().ignore_public_acls);
  EXPECT_TRUE(c.before->public_access_block.value().restrict_public_buckets);
  EXPECT_FALSE(c.now->public_access_block.value().restrict_public_buckets);
  EXPECT_FALSE(exposure::Evaluate(*c.before).exposed());
  EXPECT_TRUE(exposure::Evaluate(*c.now).exposed());
}

TEST(ConfigItemChange, BeforeRebuiltFromWholePolicyAndAclValues) {
  Json e = SampleChange();
  Json& changed = e["detail"]["configurationItemDiff"]["changedProperties"];
  changed.clear();
  changed["SupplementaryConfiguration.BucketPolicy"] = {
      {"previousValue", {{"policyText", nullptr}}},
      {"updatedValue", e["detail"]["configurationItem"]["supplementaryConfiguration"]["BucketPolicy"]},
      {"changeType", "UPDATE"}};
  changed["SupplementaryConfiguration.AccessControlList"] = {
      {"previousValue",
       "{\"grantList\":[{\"grantee\":{\"id\":\"8ac813c84b8ad4d9f3e35f80aaeb254f85922a902ce87ed6b49ccbfa188f5a12\"},"
       "\"permission\":\"FullControl\"}],\"owner\":{\"id\":\"8ac8\"}}"},
      {"changeType", "UPDATE"}};
  ConfigItemChange c = Change(e);
  ASSERT_TRUE(c.before) << c.before_unknown;
  EXPECT_TRUE(c.before->policy.absent());
  EXPECT_EQ(c.before->acl.value().grants.size(), 1u);
  EXPECT_TRUE(c.now->policy.present());
}

TEST(ConfigItemChange, PolicyTextDiff) {
  Json e = SampleChange();
  Json& changed = e["detail"]["configurationItemDiff"]["changedProperties"];
  changed.clear();
  changed["SupplementaryConfiguration.BucketPolicy.PolicyText"] = {{"previousValue", nullptr},
                                                                   {"changeType", "CREATE"}};
  ConfigItemChange c = Change(e);
  ASSERT_TRUE(c.before) << c.before_unknown;
  EXPECT_TRUE(c.before->policy.absent());
}

TEST(ConfigItemChange, IrrelevantChangesLeaveTheBeforeEqualToNow) {
  Json e = SampleChange();
  Json& changed = e["detail"]["configurationItemDiff"]["changedProperties"];
  changed.clear();
  changed["SupplementaryConfiguration.BucketVersioningConfiguration.Status"] = {
      {"previousValue", "Off"}, {"updatedValue", "Enabled"}, {"changeType", "UPDATE"}};
  changed["Configuration.Tags"] = {{"previousValue", nullptr}, {"changeType", "CREATE"}};
  ConfigItemChange c = Change(e);
  ASSERT_TRUE(c.before) << c.before_unknown;
  EXPECT_EQ(exposure::Evaluate(*c.before).access, exposure::Evaluate(*c.now).access);
}

TEST(ConfigItemChange, PartialDiffOfAnAclCannotBeRebuilt) {
  Json e = SampleChange();
  Json& changed = e["detail"]["configurationItemDiff"]["changedProperties"];
  changed.clear();
  changed["SupplementaryConfiguration.AccessControlList.GrantList.1"] = {{"previousValue", nullptr},
                                                                         {"changeType", "CREATE"}};
  ConfigItemChange c = Change(e);
  EXPECT_FALSE(c.before);
  EXPECT_NE(c.before_unknown.find("only part"), std::string::npos);
}

TEST(ConfigItemChange, CreateMeansNothingBefore) {
  Json e = SampleChange();
  e["detail"]["configurationItemDiff"]["changeType"] = "CREATE";
  ConfigItemChange c = Change(e);
  EXPECT_TRUE(c.new_resource);
  EXPECT_FALSE(c.before);
}

TEST(ConfigItemChange, NoDiffMeansBeforeUnknown) {
  Json e = SampleChange();
  e["detail"].erase("configurationItemDiff");
  ConfigItemChange c = Change(e);
  EXPECT_FALSE(c.before);
  EXPECT_FALSE(c.new_resource);
  EXPECT_FALSE(c.before_unknown.empty());
}

TEST(ConfigItemChange, DeletedBucket) {
  Json e = SampleChange();
  Json& item = e["detail"]["configurationItem"];
  item["configurationItemStatus"] = "ResourceDeleted";
  item["supplementaryConfiguration"] = Json::object();
  item["configuration"] = nullptr;
  e["detail"]["configurationItemDiff"]["changeType"] = "DELETE";
  ConfigItemChange c = Change(e);
  EXPECT_TRUE(c.deleted());
  EXPECT_FALSE(c.now);
}

// Config DG "Example Oversized Configuration Item Change Notification":
// only a summary and the S3 location of the item.
TEST(ConfigItemChange, OversizedNotification) {
  Json e = SampleChange();
  Json detail = {{"configurationItemSummary",
                  {{"changeType", "UPDATE"},
                   {"configurationItemVersion", "1.3"},
                   {"configurationItemCaptureTime", "2019-02-12T08:02:10.117Z"},
                   {"awsAccountId", "934654633380"},
                   {"configurationItemStatus", "OK"},
                   {"resourceType", "AWS::S3::Bucket"},
                   {"resourceId", "big-bucket"},
                   {"resourceName", "big-bucket"},
                   {"awsRegion", "us-east-1"}}},
                 {"s3DeliverySummary", {{"s3BucketLocation", "config-bucket/AWSLogs/934654633380/Config/x.json.gz"}}},
                 {"notificationCreationTime", "2019-02-12T08:02:11.512Z"},
                 {"messageType", "OversizedConfigurationItemChangeNotification"},
                 {"recordVersion", "1.0"}};
  e["detail"] = detail;
  ConfigItemChange c = Change(e);
  EXPECT_TRUE(c.oversized);
  EXPECT_EQ(c.resource_name, "big-bucket");
  EXPECT_EQ(c.oversized_location, "config-bucket/AWSLogs/934654633380/Config/x.json.gz");
  EXPECT_FALSE(c.now);
}

TEST(ConfigItemChange, AccountBlockPublicAccessItem) {
  Json e = SampleChange();
  e["detail"]["configurationItem"] =
      Json::parse(ReadTestData("events/config.ConfigurationItem.account-public-access-block.rdk-example.json"));
  e["detail"]["configurationItem"]["configuration"]["ignorePublicAcls"] = false;
  e["detail"]["configurationItemDiff"] = {
      {"changeType", "UPDATE"},
      {"changedProperties",
       {{"Configuration.IgnorePublicAcls",
         {{"previousValue", true}, {"updatedValue", false}, {"changeType", "UPDATE"}}}}}};
  ConfigItemChange c = Change(e);
  ASSERT_TRUE(c.account_bpa_now);
  ASSERT_TRUE(c.account_bpa_before) << c.before_unknown;
  EXPECT_FALSE(c.account_bpa_now->value().ignore_public_acls);
  EXPECT_TRUE(c.account_bpa_before->value().ignore_public_acls);
  EXPECT_TRUE(c.account_bpa_now->value().block_public_acls);
}

}  // namespace
}  // namespace bucketwatch::events
