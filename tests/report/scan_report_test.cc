// A scan's results for people and machines (src/report/scan_report.h): the
// text table puts what needs attention first and says why each bucket is
// open; JSON and JSON Lines carry the verdict and the scan's own fields.
#include "report/scan_report.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <sstream>

namespace bucketwatch::report {
namespace {

using exposure::AccessKind;
using exposure::Scope;
using scan::BucketResult;
using scan::Standing;

scan::ScanReport Report() {
  scan::ScanReport r;
  scan::AccountResult account;
  account.account_id = "111122223333";
  account.buckets = 3;
  r.accounts.push_back(account);

  BucketResult quiet;
  quiet.account = "111122223333";
  quiet.bucket = "a-private";
  r.buckets.push_back(quiet);

  BucketResult open = quiet;
  open.bucket = "b-public";
  open.standing = Standing::kPublic;
  open.access[static_cast<size_t>(AccessKind::kRead)] = Scope::kPublic;
  open.public_read = true;
  exposure::Cause c;
  c.channel = exposure::Channel::kAcl;
  c.grant = 1;
  c.location = "Grant[1]";
  c.principal = "http://acs.amazonaws.com/groups/global/AllUsers";
  c.access = exposure::Bit(AccessKind::kList);
  c.actions = {"READ"};
  c.fix = "remove the grant";
  open.causes.push_back(c);
  open.verdict_json = R"({"bucket":"b-public","public":true})";
  r.buckets.push_back(open);

  BucketResult unknown = quiet;
  unknown.bucket = "c-unknown";
  unknown.standing = Standing::kUnknown;
  unknown.unread.push_back({"policy", "AccessDenied"});
  r.buckets.push_back(unknown);

  r.summary = scan::Summarize(r.accounts, r.buckets);
  return r;
}

TEST(ScanReportText, PublicFirstThenUnknownWithEveryReason) {
  std::ostringstream out;
  WriteScanText(out, Report());
  std::string text = out.str();
  size_t pub = text.find("b-public");
  size_t unk = text.find("c-unknown");
  size_t priv = text.find("a-private");
  ASSERT_NE(pub, std::string::npos) << text;
  EXPECT_LT(pub, unk) << text;
  EXPECT_LT(unk, priv) << text;
  EXPECT_NE(text.find("! acl Grant[1]: http://acs.amazonaws.com/groups/global/AllUsers -> anyone on the internet"),
            std::string::npos)
      << text;
  EXPECT_NE(text.find("fix: remove the grant"), std::string::npos) << text;
  EXPECT_NE(text.find("? policy could not be read: AccessDenied"), std::string::npos) << text;
  EXPECT_NE(text.find(SummaryLine(Report().summary)), std::string::npos) << text;
}

TEST(ScanReportText, TheSummaryLineCountsEachStanding) {
  std::string line = SummaryLine(Report().summary);
  EXPECT_NE(line.find("3 buckets"), std::string::npos) << line;
  EXPECT_NE(line.find("1 public"), std::string::npos) << line;
  EXPECT_NE(line.find("1 unknown"), std::string::npos) << line;
}

TEST(ScanReportJson, EachBucketIsItsVerdictThenTheScansFields) {
  std::ostringstream out;
  WriteScanJson(out, Report());
  auto doc = nlohmann::json::parse(out.str());
  ASSERT_EQ(doc["buckets"].size(), 3u);
  const auto& open = *std::find_if(doc["buckets"].begin(), doc["buckets"].end(),
                                   [](const auto& b) { return b.value("bucket", "") == "b-public"; });
  EXPECT_EQ(open["public"], true);
  EXPECT_EQ(open["standing"], "public");
  EXPECT_EQ(doc["summary"]["public"], 1) << doc["summary"].dump();
}

TEST(ScanReportJsonLines, EveryLineStandsAloneAndTheSummaryIsLast) {
  std::ostringstream out;
  WriteScanJsonLines(out, Report());
  std::istringstream lines(out.str());
  std::string line, last_kind;
  size_t buckets = 0;
  while (std::getline(lines, line)) {
    auto j = nlohmann::json::parse(line);
    last_kind = j["kind"];
    if (last_kind == "bucket") ++buckets;
  }
  EXPECT_EQ(buckets, 3u);
  EXPECT_EQ(last_kind, "summary");
}

}  // namespace
}  // namespace bucketwatch::report
