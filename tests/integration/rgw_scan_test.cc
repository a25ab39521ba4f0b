// `bucketwatch scan` against a real S3 implementation on loopback: Ceph's
// RADOS Gateway (Debian 12, Ceph 16.2), started by the rgw_fixture_start
// test. Each test creates its own RGW users with radosgw-admin, so that a
// user's ListBuckets holds only the buckets the test made; the buckets are
// set up with an independent client (python3-boto3, s3_admin.py). The mix:
// public (canned ACL public-read), private, shared with a second RGW user
// (an ACL grant to its canonical id), shared with another account (a
// policy), broken (a policy that denies the owner GetBucketAcl). Where RGW
// serves the access, a request proves it (docs/sources.md, "Ceph RGW as a test stand-in").
// Checked: the table, the JSON and the exit codes (docs/scan.md).
#include <gtest/gtest.h>
#include <nlohmann/json.hpp>
#include <unistd.h>

#include <cstdio>
#include <fstream>
#include <map>
#include <sstream>

#include "support/rgw_fixture.h"

namespace bucketwatch {
namespace {

using nlohmann::json;

using testing::NewRgwUser;
using testing::Rgw;
using testing::RgwShell;
using testing::RgwUser;
using testing::S3AdminAs;
using testing::ShellQuote;
using testing::ShellResult;

ShellResult Scan(const RgwUser& user, const std::string& args, std::string* err = nullptr) {
  return RgwShell(std::string(BW_BINARY_DIR) + "/bucketwatch scan --endpoint-url " +
                      ShellQuote(Rgw().env.at("RGW_ENDPOINT")) + " " + args,
                  user.Keys(), err);
}

std::string Name(const std::string& user_tag, const std::string& what) {
  return "bws-" + std::to_string(getpid()) + "-" + user_tag + "-" + what;
}

const json* FindBucket(const json& doc, const std::string& bucket) {
  for (const json& b : doc["buckets"]) {
    if (b.value("bucket", "") == bucket) return &b;
  }
  return nullptr;
}

TEST(RgwScan, MixedAccountIsJudgedInTableAndJsonAndExitsOne) {
  REQUIRE_RGW();
  RgwUser a = NewRgwUser("a");
  RgwUser b = NewRgwUser("b");
  std::string pub = Name("a", "public"), priv = Name("a", "private"), shared = Name("a", "shared"),
              partner = Name("a", "partner"), broken = Name("a", "broken");
  S3AdminAs(a, "create " + pub);
  S3AdminAs(a, "acl " + pub + " public-read");
  S3AdminAs(a, "create " + priv);
  S3AdminAs(a, "create " + shared);
  S3AdminAs(a, "grant " + shared + " " + b.uid + " READ");
  S3AdminAs(a, "create " + partner);
  S3AdminAs(a, "policy " + partner + " " +
                   ShellQuote(R"({"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"AWS":)"
                              R"("arn:aws:iam::123456789012:root"},"Action":"s3:GetObject","Resource":"arn:aws:s3:::)" +
                              partner + R"(/*"}]})"));
  S3AdminAs(a, "create " + broken);
  S3AdminAs(a, "policy " + broken + " " +
                   ShellQuote(R"({"Version":"2012-10-17","Statement":[{"Effect":"Deny","Principal":"*",)"
                              R"("Action":"s3:GetBucketAcl","Resource":"arn:aws:s3:::)" +
                              broken + R"("}]})"));
  // What RGW itself does with these settings.
  EXPECT_EQ(S3AdminAs(a, "anon GET " + pub), "200");
  EXPECT_EQ(S3AdminAs(a, "anon GET " + shared), "403");
  EXPECT_EQ(S3AdminAs(a, "as-other LIST " + shared, &b), "200");  // the second user can list it
  EXPECT_EQ(S3AdminAs(a, "anon GET " + priv), "403");

  std::string err;
  ShellResult js = Scan(a, "--format json", &err);
  EXPECT_EQ(js.exit_code, 1) << err;
  json doc = json::parse(js.out, nullptr, false);
  ASSERT_FALSE(doc.is_discarded()) << js.out;
  ASSERT_EQ(doc["buckets"].size(), 5u) << js.out;
  std::map<std::string, std::string> want = {
      {pub, "public"}, {priv, "private"}, {shared, "cross_account"}, {partner, "cross_account"}, {broken, "unknown"}};
  for (const auto& [bucket, standing] : want) {
    const json* j = FindBucket(doc, bucket);
    ASSERT_NE(j, nullptr) << bucket;
    EXPECT_EQ((*j)["standing"], standing) << bucket;
    EXPECT_TRUE((*j)["error"].is_null()) << bucket;
  }
  EXPECT_EQ((*FindBucket(doc, pub))["public"], true);
  EXPECT_EQ((*FindBucket(doc, priv))["public"], false);
  EXPECT_EQ((*FindBucket(doc, shared))["public"], false);
  // The refused call is named, and the bucket is not called private.
  std::string unread = (*FindBucket(doc, broken))["unread"].dump();
  EXPECT_NE(unread.find("GetBucketAcl"), std::string::npos) << unread;
  EXPECT_NE(unread.find("AccessDenied"), std::string::npos) << unread;
  const json& s = doc["summary"];
  EXPECT_EQ(s["scanned"], 5);
  EXPECT_EQ(s["public"], 1);
  EXPECT_EQ(s["cross_account"], 2);
  EXPECT_EQ(s["unknown"], 1);
  EXPECT_EQ(s["errors"], 0);
  EXPECT_EQ(s["private"], 1);

  ShellResult table = Scan(a, "", &err);
  EXPECT_EQ(table.exit_code, 1) << err;
  std::vector<std::string> rows;
  std::istringstream lines(table.out);
  for (std::string line; std::getline(lines, line) && !line.empty();) rows.push_back(line);
  ASSERT_EQ(rows.size(), 6u) << table.out;  // header and five buckets
  EXPECT_EQ(rows[0].rfind("BUCKET", 0), 0u);
  // Most urgent first: public, could not judge, then the rest.
  EXPECT_EQ(rows[1].rfind(pub + " ", 0), 0u) << table.out;
  EXPECT_NE(rows[1].find("PUBLIC"), std::string::npos);
  EXPECT_EQ(rows[2].rfind(broken + " ", 0), 0u) << table.out;
  EXPECT_NE(rows[2].find("UNKNOWN"), std::string::npos);
  EXPECT_EQ(rows[5].rfind(priv + " ", 0), 0u) << table.out;
  // Why: the grant that opens the public bucket, the one to the second user.
  EXPECT_NE(table.out.find("AllUsers -> anyone on the internet can list objects [READ]"), std::string::npos)
      << table.out;
  EXPECT_NE(table.out.find("(" + b.uid + ") -> account " + b.uid + " can list objects [READ]"), std::string::npos)
      << table.out;
  EXPECT_NE(table.out.find("5 buckets scanned: 1 public, 2 cross-account, 1 unknown (could not judge), 0 errors"),
            std::string::npos)
      << table.out;

  // The second user's own listing holds none of the first user's buckets.
  S3AdminAs(b, "create " + Name("b", "own"));
  ShellResult other = Scan(b, "--format jsonl", &err);
  EXPECT_EQ(other.exit_code, 0) << err;
  EXPECT_NE(other.out.find(Name("b", "own")), std::string::npos);
  EXPECT_EQ(other.out.find(pub), std::string::npos);
  EXPECT_NE(other.out.find(R"("kind":"summary")"), std::string::npos);
}

TEST(RgwScan, NothingPublicBeyondTheAllowListExitsZeroAndAnExpiredEntryExitsOne) {
  REQUIRE_RGW();
  RgwUser c = NewRgwUser("c");
  std::string site = Name("c", "site"), data = Name("c", "data");
  S3AdminAs(c, "create " + site);
  S3AdminAs(c, "acl " + site + " public-read");
  S3AdminAs(c, "create " + data);

  std::string allow = ::testing::TempDir() + "/rgw-scan-allow-" + std::to_string(getpid()) + ".toml";
  std::ofstream(allow) << "[[allow]]\nbucket = \"" << site << "\"\nreason = \"static site\"\naccess = [\"list\"]\n";
  std::string err;
  ShellResult ok = Scan(c, "--allow " + ShellQuote(allow), &err);
  EXPECT_EQ(ok.exit_code, 0) << err << ok.out;
  EXPECT_NE(ok.out.find("ALLOWED"), std::string::npos) << ok.out;
  EXPECT_NE(ok.out.find("static site"), std::string::npos) << ok.out;

  std::ofstream(allow) << "[[allow]]\nbucket = \"" << site
                       << "\"\nreason = \"static site\"\naccess = [\"list\"]\nexpires = 2020-01-31\n";
  ShellResult expired = Scan(c, "--allow " + ShellQuote(allow) + " --format json", &err);
  EXPECT_EQ(expired.exit_code, 1) << err;
  json doc = json::parse(expired.out, nullptr, false);
  ASSERT_FALSE(doc.is_discarded()) << expired.out;
  const json* j = FindBucket(doc, site);
  ASSERT_NE(j, nullptr);
  EXPECT_EQ((*j)["standing"], "public");
  EXPECT_EQ((*j)["allowed"]["expired"], true);
  EXPECT_EQ(doc["summary"]["expired_allowances"], 1);

  // Without the public bucket, nothing to report.
  RgwUser d = NewRgwUser("d");
  S3AdminAs(d, "create " + Name("d", "only-private"));
  ShellResult clean = Scan(d, "--format json", &err);
  EXPECT_EQ(clean.exit_code, 0) << err;
  EXPECT_NE(clean.out.find("\"standing\":\"private\""), std::string::npos) << clean.out;
}

TEST(RgwScan, RejectedKeysStopTheScanWithExitTwo) {
  REQUIRE_RGW();
  RgwUser bad{"nobody", "SCANUNKNOWNKEY000001", "not-a-secret-of-any-user-000000000000"};
  std::string err;
  ShellResult r = Scan(bad, "--format json", &err);
  EXPECT_EQ(r.exit_code, 2) << r.out;
  EXPECT_NE(err.find("InvalidAccessKeyId"), std::string::npos) << err;
  EXPECT_EQ(err.find(bad.secret_key), std::string::npos);
}

}  // namespace
}  // namespace bucketwatch
