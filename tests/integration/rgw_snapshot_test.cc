// bucketwatch against a real S3 implementation on loopback: Ceph's RADOS
// Gateway (Debian 12, Ceph 16.2), started by the rgw_fixture_start test.
// Buckets are set up with an independent client (Debian's python3-boto3,
// s3_admin.py); bucketwatch must read back exactly what was set, `eval`
// must judge it right, and where RGW serves anonymous requests an unsigned
// request proves "public" end to end (docs/sources.md, "Ceph RGW as a test stand-in").
#include <gtest/gtest.h>
#include <unistd.h>

#include <cstdio>
#include <filesystem>
#include <fstream>
#include <map>
#include <sstream>

#include "aws/bucket_snapshot.h"
#include "exposure/evaluator.h"
#include "report/snapshot_writer.h"
#include "support/rgw_fixture.h"

namespace bucketwatch {
namespace {

namespace fs = std::filesystem;
using testing::Rgw;
using testing::RgwShell;
using testing::S3Admin;
using testing::ShellQuote;
using testing::ShellResult;

std::string Bucketwatch() { return std::string(BW_BINARY_DIR) + "/bucketwatch"; }

std::string Unique(const std::string& name) { return "bw-" + name + "-" + std::to_string(getpid() % 100000); }

// The library path a scanner takes: AwsContext::Create from the environment,
// a SnapshotReader, one bucket.
exposure::Snapshot Snap(const std::string& bucket, std::map<std::string, std::string> vars = {}) {
  aws::MapEnvironment env;
  for (const auto& [k, v] : Rgw().env) env.Set(k, v);
  for (const auto& [k, v] : vars) env.Set(k, v);
  env.Set("AWS_CONFIG_FILE", "/dev/null");
  env.Set("AWS_SHARED_CREDENTIALS_FILE", "/dev/null");
  env.Set("AWS_EC2_METADATA_DISABLED", "true");
  static std::vector<std::unique_ptr<aws::MapEnvironment>> keep;  // must outlive the context
  keep.push_back(std::make_unique<aws::MapEnvironment>(env));
  auto ctx = aws::AwsContext::Create({.endpoint_url = Rgw().env.at("RGW_ENDPOINT")}, *keep.back());
  EXPECT_TRUE(ctx.ok()) << ctx.status().ToString();
  aws::SnapshotReader reader(*ctx);
  auto snap = reader.Read(bucket);
  EXPECT_TRUE(snap.ok()) << snap.status().ToString();
  return snap.ok() ? *snap : exposure::Snapshot{};
}

// What RGW cannot answer, and must show as unknown (docs/sources.md, "Ceph RGW as a test stand-in").
void ExpectRgwGapsUnknown(const exposure::Snapshot& s) {
  ASSERT_TRUE(s.ownership.unknown());
  EXPECT_NE(s.ownership.unknown_reason().find("does not implement Object Ownership"), std::string::npos);
  ASSERT_TRUE(s.account_public_access_block.unknown());
  EXPECT_NE(s.account_public_access_block.unknown_reason().find("STS GetCallerIdentity"), std::string::npos);
}

TEST(RgwSnapshot, PrivateBucketReadsBackAndIsPrivate) {
  REQUIRE_RGW();
  std::string b = Unique("private");
  S3Admin("create " + b);
  exposure::Snapshot s = Snap(b);
  EXPECT_EQ(s.bucket, b);
  EXPECT_EQ(s.region, "default");  // RGW's zonegroup, as its GetBucketLocation says
  EXPECT_TRUE(s.policy.absent());
  ASSERT_TRUE(s.acl.present());
  ASSERT_EQ(s.acl.value().grants.size(), 1u);
  EXPECT_EQ(s.acl.value().grants[0].type, exposure::GranteeType::kCanonicalUser);
  EXPECT_EQ(s.acl.value().grants[0].id, "owner");
  EXPECT_EQ(s.acl.value().grants[0].permission, exposure::AclPermission::kFullControl);
  ASSERT_TRUE(s.public_access_block.present());  // RGW: all four false when unset
  EXPECT_EQ(s.public_access_block.value(), exposure::BlockPublicAccess{});
  ExpectRgwGapsUnknown(s);
  exposure::Verdict v = exposure::Evaluate(s);
  EXPECT_FALSE(v.exposed());
  EXPECT_EQ(S3Admin("anon GET " + b), "403");
}

TEST(RgwSnapshot, PublicReadAclIsPublicListAndAnonymousListingWorks) {
  REQUIRE_RGW();
  std::string b = Unique("acl-public-read");
  S3Admin("create " + b);
  S3Admin("acl " + b + " public-read");
  exposure::Snapshot s = Snap(b);
  ASSERT_TRUE(s.acl.present());
  bool all_users_read = false;
  for (const auto& g : s.acl.value().grants) {
    all_users_read |= g.type == exposure::GranteeType::kAllUsers && g.permission == exposure::AclPermission::kRead;
  }
  EXPECT_TRUE(all_users_read);
  exposure::Verdict v = exposure::Evaluate(s);
  EXPECT_EQ(v.Access(exposure::AccessKind::kList), exposure::Scope::kPublic);
  EXPECT_TRUE(v.exposed());
  EXPECT_EQ(S3Admin("anon GET " + b), "200");  // proof: anyone can list it
}

TEST(RgwSnapshot, PublicPolicyIsReadBackByteForByteAndAnonymousGetWorks) {
  REQUIRE_RGW();
  std::string b = Unique("policy-public");
  S3Admin("create " + b);
  S3Admin("put " + b + " index.html hello");
  std::string policy = R"({"Version":"2012-10-17","Statement":[{"Sid":"PublicRead","Effect":"Allow",)"
                       R"("Principal":"*","Action":"s3:GetObject","Resource":"arn:aws:s3:::)" +
                       b + R"(/*"}]})";
  S3Admin("policy " + b + " " + ShellQuote(policy));
  exposure::Snapshot s = Snap(b);
  ASSERT_TRUE(s.policy.present());
  EXPECT_EQ(s.policy_text, policy);
  // Asked and parsed; RGW's verdict is not AWS's (docs/sources.md, "Ceph RGW as a test stand-in").
  EXPECT_TRUE(s.policy_status.has_value());
  exposure::Verdict v = exposure::Evaluate(s);
  EXPECT_TRUE(v.public_read);
  EXPECT_EQ(v.Access(exposure::AccessKind::kRead), exposure::Scope::kPublic);
  EXPECT_EQ(S3Admin("anon GET " + b + " index.html"), "200");
}

TEST(RgwSnapshot, PolicyForOneAccountIsNotPublicAndAnonymousIsRefused) {
  REQUIRE_RGW();
  std::string b = Unique("policy-account");
  S3Admin("create " + b);
  S3Admin("put " + b + " data.csv x");
  std::string policy = R"({"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"AWS":)"
                       R"("arn:aws:iam::123456789012:root"},"Action":"s3:GetObject","Resource":"arn:aws:s3:::)" +
                       b + R"(/*"}]})";
  S3Admin("policy " + b + " " + ShellQuote(policy));
  exposure::Snapshot s = Snap(b);
  ASSERT_TRUE(s.policy.present());
  exposure::Verdict v = exposure::Evaluate(s);
  EXPECT_FALSE(v.public_read);
  EXPECT_EQ(v.Access(exposure::AccessKind::kRead), exposure::Scope::kCrossAccount);
  EXPECT_EQ(S3Admin("anon GET " + b + " data.csv"), "403");
}

TEST(RgwSnapshot, BlockPublicAccessFlagsReadBackExactlyAndIgnorePublicAclsBlocks) {
  REQUIRE_RGW();
  std::string b = Unique("bpa");
  S3Admin("create " + b);
  S3Admin("acl " + b + " public-read");
  S3Admin("pab " + b + " IgnorePublicAcls,RestrictPublicBuckets");
  exposure::Snapshot s = Snap(b);
  ASSERT_TRUE(s.public_access_block.present());
  EXPECT_EQ(s.public_access_block.value(), (exposure::BlockPublicAccess{false, true, false, true}));
  exposure::Verdict v = exposure::Evaluate(s);
  EXPECT_EQ(v.Access(exposure::AccessKind::kList), exposure::Scope::kNone);
  EXPECT_FALSE(v.public_read);
  EXPECT_EQ(S3Admin("anon GET " + b), "403");  // RGW enforces IgnorePublicAcls

  std::string all = Unique("bpa-all");
  S3Admin("create " + all);
  S3Admin("pab " + all + " BlockPublicAcls,IgnorePublicAcls,BlockPublicPolicy,RestrictPublicBuckets");
  EXPECT_EQ(Snap(all).public_access_block.value(), (exposure::BlockPublicAccess{true, true, true, true}));
}

TEST(RgwSnapshot, AuthenticatedReadIsAnyAwsUserAndPublicReadWriteIsPublicWrite) {
  REQUIRE_RGW();
  std::string auth = Unique("acl-auth");
  S3Admin("create " + auth);
  S3Admin("acl " + auth + " authenticated-read");
  exposure::Verdict va = exposure::Evaluate(Snap(auth));
  EXPECT_EQ(va.Access(exposure::AccessKind::kList), exposure::Scope::kAuthenticated);
  EXPECT_EQ(S3Admin("anon GET " + auth), "403");
  EXPECT_EQ(S3Admin("as-other LIST " + auth), "200");

  std::string rw = Unique("acl-rw");
  S3Admin("create " + rw);
  S3Admin("acl " + rw + " public-read-write");
  exposure::Verdict vw = exposure::Evaluate(Snap(rw));
  EXPECT_TRUE(vw.public_write);
  EXPECT_EQ(S3Admin("anon PUT " + rw + " dropped.txt"), "200");  // proof: anyone can write
}

// Another user's credentials: every read is refused, nothing is known, and
// the verdict must not be "private".
TEST(RgwSnapshot, RefusedReadsAreUnknownAndNeverPrivate) {
  REQUIRE_RGW();
  std::string b = Unique("refused");
  S3Admin("create " + b);
  exposure::Snapshot s = Snap(b, {{"AWS_ACCESS_KEY_ID", Rgw().env.at("RGW_OTHER_ACCESS_KEY")},
                                  {"AWS_SECRET_ACCESS_KEY", Rgw().env.at("RGW_OTHER_SECRET_KEY")}});
  ASSERT_TRUE(s.acl.unknown());
  EXPECT_NE(s.acl.unknown_reason().find("403 AccessDenied"), std::string::npos) << s.acl.unknown_reason();
  ASSERT_TRUE(s.policy.unknown());
  exposure::Verdict v = exposure::Evaluate(s);
  EXPECT_TRUE(v.exposed());
  EXPECT_FALSE(v.cannot_judge.empty());
}

TEST(RgwSnapshot, CommandPipesIntoEvalAndSavedJsonReplays) {
  REQUIRE_RGW();
  std::string pub = Unique("cli-public"), priv = Unique("cli-private");
  S3Admin("create " + pub);
  S3Admin("acl " + pub + " public-read");
  S3Admin("create " + priv);
  std::string endpoint = Rgw().env.at("RGW_ENDPOINT");
  std::string snap = Bucketwatch() + " snapshot --endpoint-url " + endpoint;

  // The two named buckets, JSON Lines, straight into eval.
  ShellResult piped =
      RgwShell(snap + " " + priv + " " + pub + " 2>/dev/null | " + Bucketwatch() + " eval --format jsonl -");
  EXPECT_EQ(piped.exit_code, 1) << piped.out;  // something public
  EXPECT_NE(piped.out.find("\"bucket\":\"" + pub + "\",\"account\":null,\"region\":\"default\",\"public\":true"),
            std::string::npos)
      << piped.out;
  EXPECT_NE(piped.out.find("\"bucket\":\"" + priv + "\",\"account\":null,\"region\":\"default\",\"public\":false"),
            std::string::npos)
      << piped.out;

  // Every bucket (no names), saved as a JSON array, then replayed.
  std::string saved = (fs::temp_directory_path() / ("bw-saved-" + std::to_string(getpid()) + ".json")).string();
  ShellResult all = RgwShell(snap + " --format json > " + saved + " 2>/dev/null; echo $?");
  EXPECT_EQ(all.out, "0\n");
  std::ifstream in(saved);
  std::stringstream text;
  text << in.rdbuf();
  EXPECT_NE(text.str().find("\"bucket\": \"" + pub + "\""), std::string::npos);
  EXPECT_NE(text.str().find("\"bucket\": \"" + priv + "\""), std::string::npos);
  ShellResult replay = RgwShell(Bucketwatch() + " eval --format jsonl " + saved);
  EXPECT_EQ(replay.exit_code, 1);
  EXPECT_NE(replay.out.find("\"bucket\":\"" + pub + "\",\"account\":null,\"region\":\"default\",\"public\":true"),
            std::string::npos);
  fs::remove(saved);
}

TEST(RgwSnapshot, MissingBucketAndRejectedKeysAreErrorsThatSayWhich) {
  REQUIRE_RGW();
  std::string endpoint = Rgw().env.at("RGW_ENDPOINT");
  ShellResult missing =
      RgwShell(Bucketwatch() + " snapshot --endpoint-url " + endpoint + " bw-no-such-bucket-here 2>&1");
  EXPECT_EQ(missing.exit_code, 2);
  EXPECT_NE(missing.out.find("bucket bw-no-such-bucket-here"), std::string::npos) << missing.out;
  EXPECT_NE(missing.out.find("NoSuchBucket"), std::string::npos) << missing.out;

  std::string b = Unique("badkey");
  S3Admin("create " + b);
  ShellResult badkey = RgwShell(Bucketwatch() + " snapshot --endpoint-url " + endpoint + " " + b + " 2>&1",
                                {{"AWS_SECRET_ACCESS_KEY", "wrong-secret-for-the-owner-key-00000000"}});
  EXPECT_EQ(badkey.exit_code, 2) << badkey.out;
  EXPECT_NE(badkey.out.find("SignatureDoesNotMatch"), std::string::npos) << badkey.out;
  EXPECT_EQ(badkey.out.find("wrong-secret-for-the-owner-key"), std::string::npos);  // never printed
}

}  // namespace
}  // namespace bucketwatch
