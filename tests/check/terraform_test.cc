// Terraform plans and states read into planned buckets: values not known
// until apply, module addresses, buckets linked only by the configuration's
// references, the legacy arguments of aws_s3_bucket, the account-level
// block, and errors for what is not read.
#include "check/terraform.h"

#include <gtest/gtest.h>

#include "check/judge.h"

namespace bucketwatch::check {
namespace {

TemplateVariants Read(const std::string& text, Assumptions a = {}) { return ReadTerraform(text, "plan.json", a); }

const PlannedBucket* Find(const TemplateVariants& v, const std::string& resource) {
  if (v.variants.size() != 1) return nullptr;
  for (const PlannedBucket& b : v.variants[0].buckets) {
    if (b.resource == resource) return &b;
  }
  return nullptr;
}

// A plan of format 1.2 with these resource_changes and configuration root module.
std::string Plan(const std::string& changes, const std::string& root_module = "{}") {
  return R"({"format_version": "1.2", "terraform_version": "1.11.4", "resource_changes": [)" + changes +
         R"(], "configuration": {"root_module": )" + root_module + "}}";
}

// `address` as a JSON string.
std::string Quoted(const std::string& address) {
  std::string out = "\"";
  for (char c : address) out += c == '"' ? std::string("\\\"") : std::string(1, c);
  return out + "\"";
}

std::string Change(const std::string& address, const std::string& type, const std::string& action,
                   const std::string& after, const std::string& unknown = "{}", const std::string& module = "") {
  std::string name = address.substr(address.find(type) + type.size() + 1);
  name = name.substr(0, name.find('['));
  return R"({"address": )" + Quoted(address) + R"(, "mode": "managed", "type": ")" + type + R"(", "name": ")" + name +
         "\"" + (module.empty() ? "" : R"(, "module_address": )" + Quoted(module)) + R"(, "change": {"actions": [")" +
         action + R"("], "after": )" + after + R"(, "after_unknown": )" + unknown + "}}";
}

constexpr const char* kOpenBpa =
    R"({"block_public_acls": false, "block_public_policy": false, "ignore_public_acls": false, "restrict_public_buckets": false})";

TEST(Terraform, UnknownPolicyWithBlockPublicAccessOffCannotBeJudged) {
  auto v = Read(Plan(Change("aws_s3_bucket.b", "aws_s3_bucket", "create", R"({"bucket": "b1"})",
                            R"({"policy": true, "acl": true, "arn": true})") +
                     "," +
                     Change("aws_s3_bucket_public_access_block.b", "aws_s3_bucket_public_access_block", "create",
                            R"({"bucket": "b1", )" + std::string(kOpenBpa).substr(1)) +
                     "," +
                     Change("aws_s3_bucket_policy.p", "aws_s3_bucket_policy", "create", R"({"bucket": "b1"})",
                            R"({"policy": true})")));
  ASSERT_TRUE(v.errors.empty()) << v.errors[0].ToString();
  const PlannedBucket* b = Find(v, "aws_s3_bucket.b");
  ASSERT_NE(b, nullptr);
  EXPECT_TRUE(b->created);
  EXPECT_EQ(b->source, Source::kTerraform);
  EXPECT_EQ(b->policy_resource, "aws_s3_bucket_policy.p");
  ASSERT_TRUE(b->snapshot.policy.unknown());
  EXPECT_NE(b->snapshot.policy.unknown_reason().find("not known until apply"), std::string::npos);
  auto checked = Judge(v);
  ASSERT_EQ(checked.size(), 1u);
  EXPECT_FALSE(checked[0].verdict.cannot_judge.empty());  // unknown is never private
  EXPECT_TRUE(checked[0].verdict.exposed());
}

TEST(Terraform, ComputedAclAndPolicyOfANewBucketAreNotSettings) {
  // A new bucket that configures neither: after_unknown marks the provider's
  // computed attributes, which say nothing about access.
  auto v = Read(
      Plan(Change("aws_s3_bucket.b", "aws_s3_bucket", "create", R"({"bucket": "b1"})",
                  R"({"policy": true, "acl": true, "grant": true})"),
           R"({"resources": [{"address": "aws_s3_bucket.b", "mode": "managed", "type": "aws_s3_bucket", "name": "b",
               "expressions": {"bucket": {"constant_value": "b1"}}}]})"));
  auto checked = Judge(v);
  ASSERT_EQ(checked.size(), 1u);
  EXPECT_TRUE(checked[0].verdict.cannot_judge.empty());
  EXPECT_FALSE(checked[0].verdict.exposed());
}

TEST(Terraform, ModulesAndReferencesLinkSettingsToTheirInstance) {
  // Two instances of a bucket in a module instance; the settings' bucket is
  // not known until apply, so only the configuration's references link them.
  std::string changes =
      Change("module.m[0].aws_s3_bucket.b[\"x\"]", "aws_s3_bucket", "create", R"({"bucket": "same"})", "{}",
             "module.m[0]") +
      "," +
      Change("module.m[0].aws_s3_bucket.b[\"y\"]", "aws_s3_bucket", "create", R"({"bucket": "same"})", "{}",
             "module.m[0]") +
      "," +
      Change("module.m[0].aws_s3_bucket_public_access_block.p[\"y\"]", "aws_s3_bucket_public_access_block", "create",
             kOpenBpa, R"({"bucket": true})", "module.m[0]") +
      "," +
      Change("module.m[0].aws_s3_bucket_ownership_controls.o", "aws_s3_bucket_ownership_controls", "create",
             R"({"rule": [{"object_ownership": "ObjectWriter"}]})", R"({"bucket": true})", "module.m[0]");
  std::string config = R"({"module_calls": {"m": {"module": {"resources": [
      {"address": "aws_s3_bucket_public_access_block.p", "mode": "managed", "type": "aws_s3_bucket_public_access_block",
       "name": "p", "expressions": {"bucket": {"references": ["aws_s3_bucket.b", "each.key"]}}},
      {"address": "aws_s3_bucket_ownership_controls.o", "mode": "managed", "type": "aws_s3_bucket_ownership_controls",
       "name": "o", "expressions": {"bucket": {"references": ["aws_s3_bucket.b[\"x\"].id", "aws_s3_bucket.b[\"x\"]"]}}}
  ]}}}})";
  auto v = Read(Plan(changes, config));
  ASSERT_TRUE(v.errors.empty()) << v.errors[0].ToString();
  ASSERT_EQ(v.variants[0].buckets.size(), 2u) << "no bucket made up for a setting that links";
  const PlannedBucket* x = Find(v, "module.m[0].aws_s3_bucket.b[\"x\"]");
  const PlannedBucket* y = Find(v, "module.m[0].aws_s3_bucket.b[\"y\"]");
  ASSERT_TRUE(x && y);
  EXPECT_EQ(y->snapshot.public_access_block.value(), exposure::BlockPublicAccess{});
  EXPECT_EQ(x->snapshot.public_access_block.value(), (exposure::BlockPublicAccess{true, true, true, true}));
  EXPECT_EQ(x->snapshot.ownership.value(), exposure::ObjectOwnership::kObjectWriter);
  EXPECT_EQ(y->snapshot.ownership.value(), exposure::ObjectOwnership::kBucketOwnerEnforced);
}

TEST(Terraform, LegacyInlineAclAndPolicyOfAnUpdatedBucket) {
  // A bucket only updated: S3's defaults for new buckets do not apply, its
  // Block Public Access is unknown, and the inline acl and policy count.
  auto v = Read(Plan(Change(
      "aws_s3_bucket.b", "aws_s3_bucket", "update",
      R"({"bucket": "b1", "acl": "public-read", "policy": "{\"Statement\":[{\"Effect\":\"Allow\",\"Principal\":\"*\",\"Action\":\"s3:GetObject\",\"Resource\":\"arn:aws:s3:::b1/*\"}]}"})")));
  const PlannedBucket* b = Find(v, "aws_s3_bucket.b");
  ASSERT_NE(b, nullptr);
  EXPECT_FALSE(b->created);
  EXPECT_EQ(b->canned_acl, "public-read");
  EXPECT_EQ(b->policy_resource, "aws_s3_bucket.b");
  EXPECT_TRUE(b->snapshot.public_access_block.unknown());
  EXPECT_TRUE(b->snapshot.ownership.unknown());
  auto checked = Judge(v);
  ASSERT_EQ(checked.size(), 1u);
  EXPECT_TRUE(checked[0].deploy.empty());
  EXPECT_TRUE(checked[0].verdict.public_read);
}

TEST(Terraform, LegacyInlineAclOfANewBucketMeetsTheDefaults) {
  // aws_s3_bucket's own acl is applied before the ownership controls that
  // reference the bucket exist: refused, whatever comes after.
  auto v = Read(Plan(Change("aws_s3_bucket.b", "aws_s3_bucket", "create", R"({"bucket": "b1", "acl": "public-read"})") +
                     "," +
                     Change("aws_s3_bucket_ownership_controls.o", "aws_s3_bucket_ownership_controls", "create",
                            R"({"bucket": "b1", "rule": [{"object_ownership": "ObjectWriter"}]})") +
                     "," +
                     Change("aws_s3_bucket_public_access_block.p", "aws_s3_bucket_public_access_block", "create",
                            R"({"bucket": "b1", )" + std::string(kOpenBpa).substr(1))));
  auto checked = Judge(v);
  ASSERT_EQ(checked.size(), 1u);
  EXPECT_TRUE(checked[0].deploy.starts_with("would fail to deploy: when aws_s3_bucket.b is created"))
      << checked[0].deploy;
  EXPECT_FALSE(checked[0].verdict.public_read);
}

TEST(Terraform, DeletedSettingsAreGoneAndDeletedBucketsAreNotJudged) {
  auto v = Read(Plan(
      Change("aws_s3_bucket.b", "aws_s3_bucket", "no-op", R"({"bucket": "b1", "acl": "private"})") + "," +
      R"({"address": "aws_s3_bucket_public_access_block.p", "mode": "managed", "type": "aws_s3_bucket_public_access_block",
          "name": "p", "change": {"actions": ["delete"], "before": {"bucket": "b1", "block_public_policy": true},
          "after": null}},)" +
      R"({"address": "aws_s3_bucket.old", "mode": "managed", "type": "aws_s3_bucket", "name": "old",
          "change": {"actions": ["delete"], "before": {"bucket": "old1"}, "after": null}})"));
  ASSERT_TRUE(v.errors.empty()) << v.errors[0].ToString();
  ASSERT_EQ(v.variants[0].buckets.size(), 1u);
  const PlannedBucket* b = Find(v, "aws_s3_bucket.b");
  ASSERT_NE(b, nullptr);
  EXPECT_TRUE(b->snapshot.public_access_block.absent()) << "the plan removes it";
  EXPECT_TRUE(b->snapshot.ownership.unknown()) << "an existing bucket's ownership is not in the input";
}

TEST(Terraform, AccessControlPolicyGrants) {
  auto v = Read(Plan(Change("aws_s3_bucket_acl.a", "aws_s3_bucket_acl", "update",
                            R"({"bucket": "elsewhere", "access_control_policy": [{"owner": [{"id": "abc"}], "grant": [
                 {"grantee": [{"type": "Group", "uri": "http://acs.amazonaws.com/groups/global/AuthenticatedUsers"}], "permission": "READ"},
                 {"grantee": [{"type": "CanonicalUser", "id": "abc"}], "permission": "FULL_CONTROL"}]}]})")));
  ASSERT_TRUE(v.errors.empty()) << v.errors[0].ToString();
  const PlannedBucket* b = Find(v, "aws_s3_bucket_acl.a");
  ASSERT_NE(b, nullptr);
  EXPECT_EQ(b->snapshot.bucket, "elsewhere");
  ASSERT_TRUE(b->snapshot.acl.present());
  EXPECT_EQ(b->snapshot.acl.value().owner_id, "abc");
  EXPECT_TRUE(b->snapshot.policy.unknown()) << "a bucket defined elsewhere";
  auto checked = Judge(v);
  EXPECT_TRUE(checked[0].verdict.acl_is_public);
}

TEST(Terraform, AccountBlockInThePlanStandsForTheAssumption) {
  Assumptions a;
  a.account_bpa = exposure::Part<exposure::BlockPublicAccess>::Absent();
  auto v = Read(Plan(Change("aws_s3_account_public_access_block.this", "aws_s3_account_public_access_block", "create",
                            R"({"block_public_acls": true, "block_public_policy": true, "ignore_public_acls": true,
                                "restrict_public_buckets": true})") +
                     "," + Change("aws_s3_bucket.b", "aws_s3_bucket", "create", R"({"bucket": "b1"})")),
                a);
  const PlannedBucket* b = Find(v, "aws_s3_bucket.b");
  ASSERT_NE(b, nullptr);
  ASSERT_TRUE(b->snapshot.account_public_access_block.present());
  EXPECT_TRUE(b->snapshot.account_public_access_block.value().restrict_public_buckets);
  EXPECT_TRUE(b->account_bpa_in_input);
}

TEST(Terraform, UnsupportedFormatVersionsAreErrors) {
  auto v = Read(R"({"format_version": "2.0", "resource_changes": []})");
  ASSERT_EQ(v.errors.size(), 1u);
  EXPECT_EQ(v.errors[0].ToString(),
            "plan.json: /format_version: unsupported format_version \"2.0\"; bucketwatch reads the JSON of "
            "terraform show -json with format_version 0.x or 1.x");
  auto old = Read(R"({"version": 3, "terraform_version": "0.11.14", "modules": []})");
  ASSERT_EQ(old.errors.size(), 1u);
  EXPECT_NE(old.errors[0].ToString().find("unsupported state version 3"), std::string::npos);
  auto broken = Read("{\"format_version\": \"1.2\",\n \"resource_changes\": [\n  {\"address\": }\n]}");
  ASSERT_EQ(broken.errors.size(), 1u);
  EXPECT_NE(broken.errors[0].ToString().find("plan.json: line 3: not valid JSON"), std::string::npos)
      << broken.errors[0].ToString();
}

TEST(Terraform, WrongShapesNameTheResourceAndPointer) {
  auto v = Read(Plan(Change("aws_s3_bucket_public_access_block.p", "aws_s3_bucket_public_access_block", "create",
                            R"({"bucket": "b1", "block_public_acls": "yes"})")));
  ASSERT_EQ(v.errors.size(), 1u);
  EXPECT_EQ(v.errors[0].ToString(),
            "plan.json: /resource_changes/0/change/after/block_public_acls: aws_s3_bucket_public_access_block.p: "
            "block_public_acls must be true or false");
  EXPECT_TRUE(Find(v, "aws_s3_bucket_public_access_block.p")->snapshot.public_access_block.unknown());
}

TEST(Terraform, StateAsShownAndRawState) {
  auto shown = Read(R"({"format_version": "1.0", "values": {"root_module": {"child_modules": [{"address": "module.m",
      "resources": [{"address": "module.m.aws_s3_bucket.b", "mode": "managed", "type": "aws_s3_bucket", "name": "b",
                     "values": {"bucket": "b1", "acl": "private", "grant": []}}]}]}}})");
  const PlannedBucket* b = Find(shown, "module.m.aws_s3_bucket.b");
  ASSERT_NE(b, nullptr);
  EXPECT_FALSE(b->created);
  EXPECT_TRUE(b->snapshot.acl.present());
  auto raw = Read(R"({"version": 4, "terraform_version": "1.5.0", "resources": [
      {"module": "module.m[\"k\"]", "mode": "managed", "type": "aws_s3_bucket", "name": "b",
       "instances": [{"index_key": 1, "attributes": {"bucket": "b1"}}]}]})");
  b = Find(raw, "module.m[\"k\"].aws_s3_bucket.b[1]");
  ASSERT_NE(b, nullptr);
  EXPECT_TRUE(b->snapshot.acl.unknown()) << "a state that does not record the ACL";
}

TEST(Terraform, Utf16FromPowerShellIsRead) {
  std::string utf8 = Plan(Change("aws_s3_bucket.b", "aws_s3_bucket", "create", R"({"bucket": "b1"})"));
  std::string wide = "\xFF\xFE";
  for (char c : utf8) {
    wide += c;
    wide += '\0';
  }
  EXPECT_TRUE(LooksLikeTerraform(wide));
  auto v = Read(wide);
  ASSERT_TRUE(v.errors.empty()) << v.errors[0].ToString();
  EXPECT_NE(Find(v, "aws_s3_bucket.b"), nullptr);
}

}  // namespace
}  // namespace bucketwatch::check

namespace bucketwatch::check {
namespace {

// Terraform's JSON configuration representation has no `locals` (a module
// carries outputs, resources and module_calls; docs/check.md), so a `bucket =
// local.x` whose value is not known until apply links to no bucket: what
// the setting sets is unknown on every bucket the plan creates, never
// private. (tests/data/iac/tfplan-bw-unlinked-local.json is the same for an
// ACL, as Terraform 1.11 writes it.)
TEST(Terraform, APolicyWhoseBucketIsALocalValueIsUnknownOnEveryNewBucket) {
  const std::string policy =
      R"({"policy": "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\",\"Principal\":\"*\",)"
      R"(\"Action\":\"s3:GetObject\",\"Resource\":\"arn:aws:s3:::a1/*\"}]}"})";
  std::string changes =
      Change("aws_s3_bucket.a", "aws_s3_bucket", "create", R"({"bucket": "a1"})", R"({"id": true})") + "," +
      Change("aws_s3_bucket.b", "aws_s3_bucket", "create", R"({"bucket": "b1"})", R"({"id": true})") + "," +
      Change("aws_s3_bucket_public_access_block.k", "aws_s3_bucket_public_access_block", "create", kOpenBpa,
             R"({"bucket": true})") +
      "," + Change("aws_s3_bucket_policy.p", "aws_s3_bucket_policy", "create", policy, R"({"bucket": true})");
  std::string config = R"({"resources": [
      {"address": "aws_s3_bucket_public_access_block.k", "mode": "managed", "type": "aws_s3_bucket_public_access_block",
       "name": "k", "expressions": {"bucket": {"references": ["local.target"]}}},
      {"address": "aws_s3_bucket_policy.p", "mode": "managed", "type": "aws_s3_bucket_policy", "name": "p",
       "expressions": {"bucket": {"references": ["local.target"]}}}]})";
  auto v = Read(Plan(changes, config));
  ASSERT_TRUE(v.errors.empty()) << v.errors[0].ToString();
  for (const char* address : {"aws_s3_bucket.a", "aws_s3_bucket.b"}) {
    const PlannedBucket* b = Find(v, address);
    ASSERT_NE(b, nullptr) << address;
    ASSERT_TRUE(b->snapshot.policy.unknown()) << address;
    EXPECT_NE(b->snapshot.policy.unknown_reason().find("bucket = local.target"), std::string::npos)
        << b->snapshot.policy.unknown_reason();
    EXPECT_TRUE(b->snapshot.public_access_block.unknown()) << address;
  }
  for (const CheckedBucket& c : Judge(v)) {
    if (c.planned.resource != "aws_s3_bucket.a" && c.planned.resource != "aws_s3_bucket.b") continue;
    EXPECT_FALSE(c.verdict.cannot_judge.empty()) << c.planned.resource;  // unknown, never private
    EXPECT_TRUE(c.verdict.exposed()) << c.planned.resource;
  }
}

}  // namespace
}  // namespace bucketwatch::check
