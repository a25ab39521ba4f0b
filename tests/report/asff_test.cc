// Security Hub findings of a scan (src/report/asff.h): the required
// top-level ASFF attributes, the mapping of each standing to compliance,
// severity and record state (docs/scan.md), stable ids, and the length
// limits (Security Hub User Guide, "Required top-level ASFF attributes";
// docs/sources.md).
#include "report/asff.h"

#include <gtest/gtest.h>

#include <sstream>

namespace bucketwatch::report {
namespace {

using exposure::AccessKind;
using exposure::Scope;
using scan::BucketResult;
using scan::Standing;

const AsffOptions kOptions{.region = "ap-northeast-1", .time = "2026-12-06T12:00:00Z"};

BucketResult Bucket(Standing standing, std::string name = "photos") {
  BucketResult b;
  b.account = "111122223333";
  b.bucket = std::move(name);
  b.region = "ap-northeast-1";
  b.standing = standing;
  return b;
}

BucketResult PublicReadable() {
  BucketResult b = Bucket(Standing::kPublic);
  b.access[static_cast<size_t>(AccessKind::kRead)] = Scope::kPublic;
  b.public_read = true;
  exposure::Cause c;
  c.channel = exposure::Channel::kPolicy;
  c.statement = 0;
  c.location = "Statement[0] (Sid \"PublicRead\")";
  c.principal = "*";
  c.scope = Scope::kPublic;
  c.access = exposure::Bit(AccessKind::kRead);
  c.fix = "remove the statement";
  b.causes.push_back(c);
  return b;
}

TEST(Asff, APublicBucketIsAFailedHighFindingWithEveryRequiredAttribute) {
  auto f = AsffFinding(PublicReadable(), kOptions);
  ASSERT_TRUE(f.has_value());
  for (const char* key : {"SchemaVersion", "Id", "ProductArn", "GeneratorId", "AwsAccountId", "Types", "CreatedAt",
                          "UpdatedAt", "Severity", "Title", "Description", "Resources"}) {
    EXPECT_TRUE(f->contains(key)) << key;
  }
  EXPECT_EQ((*f)["SchemaVersion"], "2018-10-08");
  EXPECT_EQ((*f)["Id"], "bucketwatch/s3-public-access/111122223333/photos");
  EXPECT_EQ((*f)["ProductArn"], "arn:aws:securityhub:ap-northeast-1:111122223333:product/111122223333/default");
  EXPECT_EQ((*f)["Compliance"]["Status"], "FAILED");
  EXPECT_EQ((*f)["Severity"]["Label"], "HIGH");
  EXPECT_EQ((*f)["FindingProviderFields"]["Severity"], (*f)["Severity"]);
  EXPECT_EQ((*f)["RecordState"], "ACTIVE");
  EXPECT_EQ((*f)["Resources"][0]["Id"], "arn:aws:s3:::photos");
  EXPECT_EQ((*f)["Types"].size(), 2u);  // best practices, and data exposure
  std::string description = (*f)["Description"];
  EXPECT_NE(description.find("Statement[0] (Sid \"PublicRead\")"), std::string::npos) << description;
  std::string remediation = (*f)["Remediation"]["Recommendation"]["Text"];
  EXPECT_EQ(remediation, "Policy Statement[0] (Sid \"PublicRead\"): remove the statement");
}

TEST(Asff, AnyoneWritingIsCritical) {
  BucketResult b = PublicReadable();
  b.access[static_cast<size_t>(AccessKind::kWrite)] = Scope::kPublic;
  b.public_write = true;
  EXPECT_EQ((*AsffFinding(b, kOptions))["Severity"]["Label"], "CRITICAL");
}

TEST(Asff, EachStandingMapsToItsComplianceSeverityAndState) {
  struct Case {
    Standing standing;
    std::string error;
    const char* compliance;
    const char* severity;
    const char* state;
  };
  for (const Case& c :
       {Case{Standing::kUnknown, "", "WARNING", "MEDIUM", "ACTIVE"},
        Case{Standing::kError, "AccessDenied", "NOT_AVAILABLE", "INFORMATIONAL", "ACTIVE"},
        Case{Standing::kError, "the bucket no longer exists", "NOT_AVAILABLE", "INFORMATIONAL", "ARCHIVED"},
        Case{Standing::kCrossAccount, "", "PASSED", "INFORMATIONAL", "ACTIVE"},
        Case{Standing::kPrivate, "", "PASSED", "INFORMATIONAL", "ACTIVE"}}) {
    BucketResult b = Bucket(c.standing);
    b.error = c.error;
    auto f = AsffFinding(b, kOptions);
    ASSERT_TRUE(f.has_value());
    EXPECT_EQ((*f)["Compliance"]["Status"], c.compliance) << scan::StandingName(c.standing);
    EXPECT_EQ((*f)["Severity"]["Label"], c.severity) << scan::StandingName(c.standing);
    EXPECT_EQ((*f)["RecordState"], c.state) << c.error;
  }
}

TEST(Asff, APublicBucketAsAllowedPassesAndSaysWhy) {
  BucketResult b = PublicReadable();
  b.standing = Standing::kPublicAllowed;
  b.allowance = scan::Allowance{.reason = "the public website", .expires = "2027-03-31", .where = "allow.toml:3"};
  auto f = AsffFinding(b, kOptions);
  EXPECT_EQ((*f)["Compliance"]["Status"], "PASSED");
  EXPECT_EQ((*f)["ProductFields"]["bucketwatch/allowed_reason"], "the public website");
  EXPECT_EQ((*f)["ProductFields"]["bucketwatch/allowed_until"], "2027-03-31");
}

TEST(Asff, TheChinaPartitionComesFromTheRegion) {
  BucketResult b = PublicReadable();
  b.region = "cn-north-1";
  auto f = AsffFinding(b, {.region = "cn-north-1", .time = kOptions.time});
  EXPECT_EQ((*f)["ProductArn"], "arn:aws-cn:securityhub:cn-north-1:111122223333:product/111122223333/default");
  EXPECT_EQ((*f)["Resources"][0]["Id"], "arn:aws-cn:s3:::photos");
}

TEST(Asff, LongTextIsCutAtACharacterWithAnEllipsis) {
  BucketResult b = Bucket(Standing::kError);
  b.error = std::string(2000, 'x') + "日本語";
  auto f = AsffFinding(b, kOptions);
  std::string description = (*f)["Description"];
  size_t chars = 0;
  for (char c : description) chars += (static_cast<unsigned char>(c) & 0xC0) != 0x80 ? 1 : 0;
  EXPECT_EQ(chars, 1024u);
  EXPECT_TRUE(description.ends_with("\u2026"));
  EXPECT_EQ(TruncateUtf8("日本語テキスト", 3), "日本\u2026");
  EXPECT_EQ(TruncateUtf8("short", 10), "short");
}

TEST(Asff, BucketsOfAnUnknownAccountAreLeftOutAndNamed) {
  scan::ScanReport r;
  r.buckets.push_back(PublicReadable());
  BucketResult nameless = Bucket(Standing::kPrivate, "orphan");
  nameless.account.clear();
  r.buckets.push_back(nameless);
  std::ostringstream out;
  std::vector<std::string> left_out;
  WriteAsff(out, r, kOptions, &left_out);
  auto findings = nlohmann::json::parse(out.str());
  ASSERT_EQ(findings.size(), 1u);
  EXPECT_EQ(left_out, std::vector<std::string>{"orphan"});

  std::ostringstream empty;
  WriteAsff(empty, scan::ScanReport{}, kOptions, nullptr);
  EXPECT_EQ(empty.str(), "[]\n");
}

}  // namespace
}  // namespace bucketwatch::report
