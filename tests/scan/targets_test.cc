// Which accounts a scan covers (src/scan/targets.h): role ARNs, the
// accounts file ("account_id role_name" lines), and an organization's
// account list (Organizations ListAccounts, State/Status ACTIVE).
#include "scan/targets.h"

#include <gtest/gtest.h>

#include "base/aws_names.h"

namespace bucketwatch::scan {
namespace {

TEST(Targets, RoleArnGivesTheAccount) {
  auto t = TargetForRoleArn("arn:aws:iam::111122223333:role/audit/BucketwatchScan");
  ASSERT_TRUE(t.ok()) << t.status().ToString();
  EXPECT_EQ(t->account_id, "111122223333");
  EXPECT_EQ(t->role_arn, "arn:aws:iam::111122223333:role/audit/BucketwatchScan");
  EXPECT_TRUE(TargetForRoleArn("arn:aws-cn:iam::111122223333:role/Scan").ok());
}

TEST(Targets, NotARoleArnIsRefused) {
  for (const char* bad :
       {"arn:aws:iam::111122223333:user/Scan", "arn:aws:iam::1111:role/Scan", "arn:aws:sts::111122223333:role/Scan",
        "BucketwatchScan", "arn:aws:iam::111122223333:role/", "arn:aws:iam:us-east-1:111122223333:role/Scan"}) {
    auto t = TargetForRoleArn(bad);
    ASSERT_FALSE(t.ok()) << bad;
    EXPECT_NE(t.status().message().find("is not an IAM role ARN"), std::string::npos);
  }
}

TEST(Targets, RoleArnInFollowsThePartition) {
  EXPECT_EQ(RoleArnIn("111122223333", "Scan", "ap-northeast-1"), "arn:aws:iam::111122223333:role/Scan");
  EXPECT_EQ(RoleArnIn("111122223333", "Scan", "cn-north-1"), "arn:aws-cn:iam::111122223333:role/Scan");
  EXPECT_EQ(RoleArnIn("111122223333", "Scan", "us-gov-west-1"), "arn:aws-us-gov:iam::111122223333:role/Scan");
  EXPECT_EQ(RoleArnIn("111122223333", "path/Scan", "us-east-1"), "arn:aws:iam::111122223333:role/path/Scan");
}

TEST(Targets, AccountsFileWithCommentsBlankLinesAndArns) {
  auto t = ParseAccountsFile(
      "# production\n"
      "111122223333 BucketwatchScan\n"
      "\n"
      "  444455556666\tBucketwatchScan   # staging\n"
      "777788889999 arn:aws:iam::777788889999:role/other/Scan\r\n",
      "accounts.txt", "us-east-1");
  ASSERT_TRUE(t.ok()) << t.status().ToString();
  ASSERT_EQ(t->size(), 3u);
  EXPECT_EQ((*t)[0].role_arn, "arn:aws:iam::111122223333:role/BucketwatchScan");
  EXPECT_EQ((*t)[1].account_id, "444455556666");
  EXPECT_EQ((*t)[2].role_arn, "arn:aws:iam::777788889999:role/other/Scan");
}

TEST(Targets, AccountsFileErrorsNameTheLine) {
  auto error = [](const std::string& text) {
    auto t = ParseAccountsFile(text, "accounts.txt", "us-east-1");
    EXPECT_FALSE(t.ok());
    return t.ok() ? std::string() : t.status().message();
  };
  EXPECT_EQ(error("111122223333 Scan\n222\n"), "accounts.txt:2: expected \"account_id role_name\", found only \"222\"");
  EXPECT_EQ(error("11112222333 Scan\n"), "accounts.txt:1: \"11112222333\" is not a 12-digit account id");
  EXPECT_EQ(error("111122223333 Scan extra\n"),
            "accounts.txt:1: expected two fields, \"account_id role_name\"; found more");
  EXPECT_EQ(error("111122223333 Sc@n!\n"), "accounts.txt:1: \"Sc@n!\" is not an IAM role name");
  EXPECT_EQ(error("111122223333 arn:aws:iam::444455556666:role/Scan\n"),
            "accounts.txt:1: the role arn:aws:iam::444455556666:role/Scan is not in account 111122223333");
}

TEST(Targets, OrganizationUsesOwnCredentialsForOwnAccountAndSkipsInactive) {
  std::vector<aws::OrganizationAccount> accounts = {
      {"111122223333", "arn:...", "management", "ACTIVE"},
      {"444455556666", "arn:...", "prod", "ACTIVE"},
      {"777788889999", "arn:...", "old", "SUSPENDED"},
  };
  auto t = TargetsForOrganization(accounts, "OrganizationAccountAccessRole", "111122223333", "us-east-1");
  ASSERT_EQ(t.size(), 3u);
  EXPECT_EQ(t[0].role_arn, "");  // the credentials' own account
  EXPECT_EQ(t[0].name, "management");
  EXPECT_EQ(t[1].role_arn, "arn:aws:iam::444455556666:role/OrganizationAccountAccessRole");
  EXPECT_EQ(t[1].skip_reason, "");
  EXPECT_EQ(t[2].skip_reason, "not scanned: the account is SUSPENDED in AWS Organizations");
}

TEST(Targets, DuplicatesAreDropped) {
  std::vector<AccountTarget> t(3);
  t[0].account_id = "111122223333";
  t[0].role_arn = "arn:aws:iam::111122223333:role/A";
  t[1].account_id = "111122223333";
  t[1].role_arn = "arn:aws:iam::111122223333:role/B";
  t[2].account_id = "444455556666";
  auto unique = WithoutDuplicates(t);
  ASSERT_EQ(unique.size(), 2u);
  EXPECT_EQ(unique[0].role_arn, "arn:aws:iam::111122223333:role/A");
}

}  // namespace
}  // namespace bucketwatch::scan
