// Hostile or malformed input never reads as "private": duplicate keys read
// as the broader copy (or are refused), malformed CIDR ranges confine
// nothing, unusable policies are "cannot judge", and every JSON Lines line
// stands alone. Also the Denies that are stronger than a first reading: the
// negated ...IfExists / ForAllValues: forms, and several Denies together.
#include <gtest/gtest.h>

#include <string>
#include <utility>

#include "exposure/evaluator.h"
#include "exposure/snapshot_json.h"

namespace bucketwatch::exposure {
namespace {

constexpr const char* kHead = R"({"bucket": "amzn-s3-demo-bucket", "account": "111122223333", )";

SnapshotBatch Parse(const std::string& text) {
  json::Parser parser;
  return ParseSnapshots(text, parser);
}

Verdict JudgeOne(const std::string& text) {
  SnapshotBatch batch = Parse(text);
  EXPECT_TRUE(batch.errors.empty()) << batch.errors.front().ToString();
  EXPECT_EQ(batch.snapshots.size(), 1u);
  if (batch.snapshots.empty()) return {};
  return Evaluate(batch.snapshots.front());
}

std::string WithPolicy(const std::string& policy) { return std::string(kHead) + "\"policy\": " + policy + "}"; }

std::string AllowGet(const std::string& condition) {
  return WithPolicy(R"({"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Principal": "*",
    "Action": "s3:GetObject", "Resource": "arn:aws:s3:::amzn-s3-demo-bucket/*", "Condition": )" +
                    condition + "}]}");
}

bool HasNote(const Verdict& v, std::string_view text) {
  for (const Note& n : v.notes) {
    if (n.message.find(text) != std::string::npos) return true;
  }
  return false;
}

TEST(DuplicateKeys, OperatorTwiceInConditionReadsAsTheBroader) {
  // Either order: the broad copy must not be hidden by the narrow one.
  for (const char* condition :
       {R"({"IpAddress": {"aws:SourceIp": "0.0.0.0/0"}, "IpAddress": {"aws:SourceIp": "203.0.113.0/24"}})",
        R"({"IpAddress": {"aws:SourceIp": "203.0.113.0/24"}, "IpAddress": {"aws:SourceIp": "0.0.0.0/0"}})"}) {
    Verdict v = JudgeOne(AllowGet(condition));
    EXPECT_TRUE(v.public_read) << condition;
    EXPECT_TRUE(HasNote(v, "appears twice")) << condition;
  }
}

TEST(DuplicateKeys, KeyTwiceInOneOperatorReadsAsTheBroader) {
  for (const char* condition : {R"({"IpAddress": {"aws:SourceIp": "203.0.113.0/24", "aws:SourceIp": "0.0.0.0/0"}})",
                                R"({"IpAddress": {"aws:SourceIp": "0.0.0.0/0", "aws:sourceip": "203.0.113.0/24"}})"}) {
    Verdict v = JudgeOne(AllowGet(condition));
    EXPECT_TRUE(v.public_read) << condition;
    EXPECT_TRUE(HasNote(v, "appears twice")) << condition;
  }
}

TEST(DuplicateKeys, ConditionTwiceInStatementReadsAsTheBroader) {
  Verdict v = JudgeOne(WithPolicy(R"({"Statement": [{"Effect": "Allow", "Principal": "*",
    "Action": "s3:GetObject", "Resource": "arn:aws:s3:::amzn-s3-demo-bucket/*",
    "Condition": {"IpAddress": {"aws:SourceIp": "0.0.0.0/0"}},
    "Condition": {"IpAddress": {"aws:SourceIp": "203.0.113.0/24"}}}]})"));
  EXPECT_TRUE(v.public_read);
  EXPECT_TRUE(v.exposed());
}

TEST(DuplicateKeys, StatementTwiceIsNeverPrivate) {
  Verdict v = JudgeOne(WithPolicy(R"({"Statement": [{"Effect": "Allow", "Principal": "*",
    "Action": "s3:GetObject", "Resource": "arn:aws:s3:::amzn-s3-demo-bucket/*"}], "Statement": []})"));
  EXPECT_TRUE(v.public_read);
  EXPECT_FALSE(v.cannot_judge.empty());
}

TEST(DuplicateKeys, SnapshotSettingsTwiceAreRefused) {
  const std::string public_acl =
      R"({"Owner": {"ID": "o"}, "Grants": [{"Grantee": {"Type": "Group", "URI": "http://acs.amazonaws.com/groups/global/AllUsers"}, "Permission": "READ"}]})";
  for (
      const std::string& text : {
          std::string(kHead) + "\"acl\": " + public_acl + ", \"acl\": null}",
          std::string(kHead) + R"("public_access_block": null, "public_access_block": {"BlockPublicAcls": true}})",
          std::string(kHead) + R"("public_access_block": {"BlockPublicAcls": false, "BlockPublicAcls": true}})",
          std::string(kHead) + R"("public_access_block": {"BlockPublicAcls": false, "blockPublicAcls": true}})",
          std::string(kHead) + R"("ownership": "ObjectWriter", "ownership": "BucketOwnerEnforced"})",
          std::string(kHead) +
              R"("acl": {"Owner": {"ID": "o"}, "Grants": [{"Grantee": {"Type": "Group", "URI": "http://acs.amazonaws.com/groups/global/AllUsers"}, "Permission": "READ"}], "Grants": []}})",
      }) {
    SnapshotBatch batch = Parse(text);
    EXPECT_TRUE(batch.snapshots.empty()) << text;
    ASSERT_EQ(batch.errors.size(), 1u) << text;
    EXPECT_NE(batch.errors[0].ToString().find("twice"), std::string::npos) << batch.errors[0].ToString();
  }
}

TEST(Cidr, NegativeOrMalformedPrefixesConfineNothing) {
  for (const char* range : {"0.0.0.0/-1", "10.0.0.0/-8", "::/-1", "0.0.0.0/+8", "0.0.0.0/", "0.0.0.0/ 8"}) {
    Verdict v = JudgeOne(AllowGet(std::string(R"({"IpAddress": {"aws:SourceIp": ")") + range + "\"}}"));
    EXPECT_TRUE(v.public_read) << range;
  }
  // A well-formed narrow range still confines.
  EXPECT_FALSE(JudgeOne(AllowGet(R"({"IpAddress": {"aws:SourceIp": "203.0.113.0/24"}})")).public_read);
}

TEST(Unusable, PolicyWithErrorsIsCannotJudge) {
  for (const char* policy : {R"({"Statement": "Allow everyone"})", R"({"Statement": 7})"}) {
    Verdict v = JudgeOne(WithPolicy(policy));
    EXPECT_TRUE(v.exposed()) << policy;
    EXPECT_FALSE(v.cannot_judge.empty()) << policy;
  }
}

TEST(JsonLines, BrokenFirstLineHidesNothing) {
  SnapshotBatch batch = Parse("{\"bucket\": \"a\",\n{\"bucket\": \"b\"}\n{\"bucket\": \"c\"}\n");
  ASSERT_EQ(batch.snapshots.size(), 2u);
  EXPECT_EQ(batch.snapshots[0].bucket, "b");
  ASSERT_EQ(batch.errors.size(), 1u);
  EXPECT_EQ(batch.errors[0].where(), "line 1");
}

TEST(Input, ByteOrderMarkIsAccepted) {
  SnapshotBatch batch = Parse("\xEF\xBB\xBF{\"bucket\": \"a\"}");
  ASSERT_EQ(batch.snapshots.size(), 1u);
  EXPECT_TRUE(batch.errors.empty());
}

TEST(Input, BucketNameLongerThan63IsRefused) {
  SnapshotBatch batch = Parse("{\"bucket\": \"" + std::string(64, 'a') + "\"}");
  EXPECT_TRUE(batch.snapshots.empty());
  ASSERT_EQ(batch.errors.size(), 1u);
  EXPECT_NE(batch.errors[0].ToString().find("at most 63 characters"), std::string::npos);
  EXPECT_EQ(Parse("{\"bucket\": \"" + std::string(63, 'a') + "\"}").snapshots.size(), 1u);
}

TEST(Input, BlockPublicAccessFlagSpellings) {
  // Booleans, or the strings true/false in any of three casings (docs/snapshot.md); nothing else.
  for (const char* yes : {"true", "\"true\"", "\"True\"", "\"TRUE\""}) {
    SnapshotBatch batch = Parse(std::string(kHead) + "\"public_access_block\": {\"BlockPublicAcls\": " + yes + "}}");
    ASSERT_EQ(batch.snapshots.size(), 1u) << yes;
    EXPECT_TRUE(batch.snapshots[0].public_access_block.value().block_public_acls) << yes;
  }
  for (const char* other : {"\"1\"", "\"yes\"", "1", "\"on\""}) {
    SnapshotBatch batch = Parse(std::string(kHead) + "\"public_access_block\": {\"BlockPublicAcls\": " + other + "}}");
    EXPECT_TRUE(batch.snapshots.empty()) << other;
    ASSERT_EQ(batch.errors.size(), 1u) << other;
    EXPECT_NE(batch.errors[0].ToString().find("true or false"), std::string::npos) << batch.errors[0].ToString();
  }
}

std::string DenyUnlessFromVpce(const std::string& op) {
  return WithPolicy(R"({"Version": "2012-10-17", "Statement": [
    {"Effect": "Allow", "Principal": "*", "Action": "s3:GetObject", "Resource": "arn:aws:s3:::amzn-s3-demo-bucket/*"},
    {"Effect": "Deny", "Principal": "*", "Action": "s3:*", "Resource": "arn:aws:s3:::amzn-s3-demo-bucket/*",
     "Condition": {")" +
                    op + R"(": {"aws:SourceVpce": "vpce-1a2b3c4d"}}}]})");
}

TEST(DenyStrength, NegatedIfExistsAndForAllValuesStillDenyWithoutTheKey) {
  for (const char* op : {"StringNotEquals", "StringNotEqualsIfExists", "ForAllValues:StringNotEquals",
                         "ForAllValues:StringNotEqualsIfExists"}) {
    EXPECT_FALSE(JudgeOne(DenyUnlessFromVpce(op)).public_read) << op;
  }
  // ForAnyValue: with a negated operator is false without the key: the anonymous caller passes.
  EXPECT_TRUE(JudgeOne(DenyUnlessFromVpce("ForAnyValue:StringNotEquals")).public_read);
  Verdict ip = JudgeOne(WithPolicy(R"({"Version": "2012-10-17", "Statement": [
    {"Effect": "Allow", "Principal": "*", "Action": "s3:GetObject", "Resource": "arn:aws:s3:::amzn-s3-demo-bucket/*"},
    {"Effect": "Deny", "Principal": "*", "Action": "s3:*", "Resource": "arn:aws:s3:::amzn-s3-demo-bucket/*",
     "Condition": {"NotIpAddressIfExists": {"aws:SourceIp": "203.0.113.0/24"}}}]})"));
  EXPECT_FALSE(ip.public_read);
}

TEST(DenyStrength, DeniesTogetherCancelAnAllowNoSingleDenyCovers) {
  Verdict v = JudgeOne(WithPolicy(R"({"Version": "2012-10-17", "Statement": [
    {"Effect": "Allow", "Principal": "*", "Action": "s3:GetObject",
     "Resource": ["arn:aws:s3:::amzn-s3-demo-bucket/a/*", "arn:aws:s3:::amzn-s3-demo-bucket/b/*"]},
    {"Effect": "Deny", "Principal": "*", "Action": "s3:GetObject", "Resource": "arn:aws:s3:::amzn-s3-demo-bucket/a/*"},
    {"Effect": "Deny", "Principal": "*", "Action": "s3:*", "Resource": "arn:aws:s3:::amzn-s3-demo-bucket/b/*"}]})"));
  EXPECT_FALSE(v.public_read);
  ASSERT_FALSE(v.findings.empty());
  EXPECT_EQ(v.findings[0].blocked_by.control, BlockedBy::Control::kDeny);
  // One prefix left uncovered: still public.
  Verdict partly = JudgeOne(WithPolicy(R"({"Version": "2012-10-17", "Statement": [
    {"Effect": "Allow", "Principal": "*", "Action": "s3:GetObject",
     "Resource": ["arn:aws:s3:::amzn-s3-demo-bucket/a/*", "arn:aws:s3:::amzn-s3-demo-bucket/c/*"]},
    {"Effect": "Deny", "Principal": "*", "Action": "s3:GetObject", "Resource": "arn:aws:s3:::amzn-s3-demo-bucket/a/*"},
    {"Effect": "Deny", "Principal": "*", "Action": "s3:*", "Resource": "arn:aws:s3:::amzn-s3-demo-bucket/b/*"}]})"));
  EXPECT_TRUE(partly.public_read);
}

std::string AllowWithDenies(const std::string& first, const std::string& second) {
  return WithPolicy(R"({"Version": "2012-10-17", "Statement": [
    {"Effect": "Allow", "Principal": "*", "Action": "s3:GetObject", "Resource": "arn:aws:s3:::amzn-s3-demo-bucket/*"},
    {"Effect": "Deny", "Principal": "*", "Action": "s3:*", "Resource": "arn:aws:s3:::amzn-s3-demo-bucket/*",
     "Condition": )" +
                    first + R"(},
    {"Effect": "Deny", "Principal": "*", "Action": "s3:GetObject", "Resource": "arn:aws:s3:::amzn-s3-demo-bucket/*",
     "Condition": )" +
                    second + "}]}");
}

TEST(DenyStrength, DeniesWithComplementaryConditionsCancelAnAllow) {
  // Every request is over TLS or not: together the two deny everything.
  for (auto [on, off] : {std::pair{"true", "false"}, std::pair{"FALSE", "True"}}) {
    Verdict v = JudgeOne(AllowWithDenies(std::string(R"({"Bool": {"aws:SecureTransport": ")") + on + "\"}}",
                                         std::string(R"({"Bool": {"aws:SecureTransport": ")") + off + "\"}}"));
    EXPECT_FALSE(v.public_read) << on;
    ASSERT_EQ(v.findings.size(), 1u);
    EXPECT_EQ(v.findings[0].blocked_by.control, BlockedBy::Control::kDeny);
    EXPECT_EQ(v.findings[0].blocked_by.deny_statement, 1);
    EXPECT_TRUE(v.findings[0].partly_denied_by.empty());
  }
  // A test and its negation with the same values, on a key every request has
  // at most once (absent: the negation holds).
  EXPECT_FALSE(JudgeOne(AllowWithDenies(R"({"StringLike": {"aws:Referer": ["https://a.example/*", "x"]}})",
                                        R"({"StringNotLike": {"aws:Referer": ["x", "https://a.example/*"]}})"))
                   .public_read);
  EXPECT_FALSE(JudgeOne(AllowWithDenies(R"({"NotIpAddress": {"aws:SourceIp": "203.0.113.0/24"}})",
                                        R"({"IpAddressIfExists": {"aws:SourceIp": "203.0.113.0/24"}})"))
                   .public_read);
}

TEST(DenyStrength, DeniesThatLeaveSomeRequestsKeepTheAllow) {
  const char* tls = R"({"Bool": {"aws:SecureTransport": "false"}})";
  for (const char* other : {
           R"({"Bool": {"aws:SecureTransport": "false"}})",                     // the same half twice
           R"({"StringLike": {"aws:Referer": "https://a.example/*"}})",         // another key
           R"({"Bool": {"aws:ViaAWSService": "true"}})",                        // another key, not always there
           R"({"ForAnyValue:StringEquals": {"aws:SecureTransport": "true"}})",  // a set operator
       }) {
    EXPECT_TRUE(JudgeOne(AllowWithDenies(tls, other)).public_read) << other;
  }
  // Values that differ, a policy variable, and a pair that does not cover the Allow's action.
  EXPECT_TRUE(JudgeOne(AllowWithDenies(R"({"StringEquals": {"aws:Referer": "a"}})",
                                       R"({"StringNotEquals": {"aws:Referer": "b"}})"))
                  .public_read);
  EXPECT_TRUE(JudgeOne(AllowWithDenies(R"({"StringEquals": {"aws:Referer": "${aws:username}"}})",
                                       R"({"StringNotEquals": {"aws:Referer": "${aws:username}"}})"))
                  .public_read);
  EXPECT_TRUE(JudgeOne(WithPolicy(R"({"Version": "2012-10-17", "Statement": [
    {"Effect": "Allow", "Principal": "*", "Action": "s3:GetObject", "Resource": "arn:aws:s3:::amzn-s3-demo-bucket/*"},
    {"Effect": "Deny", "Principal": "*", "Action": "s3:GetObject", "Resource": "arn:aws:s3:::amzn-s3-demo-bucket/*",
     "Condition": {"Bool": {"aws:SecureTransport": "true"}}},
    {"Effect": "Deny", "Principal": "*", "Action": "s3:PutObject", "Resource": "arn:aws:s3:::amzn-s3-demo-bucket/*",
     "Condition": {"Bool": {"aws:SecureTransport": "false"}}}]})"))
                  .public_read);
  // A malformed range: what AWS would make of it is not known.
  EXPECT_TRUE(JudgeOne(AllowWithDenies(R"({"IpAddress": {"aws:SourceIp": "0.0.0.0/-1"}})",
                                       R"({"NotIpAddress": {"aws:SourceIp": "0.0.0.0/-1"}})"))
                  .public_read);
  // Two conditions in one Deny are both required: not combined.
  EXPECT_TRUE(
      JudgeOne(AllowWithDenies(R"({"Bool": {"aws:SecureTransport": "true"}, "StringEquals": {"aws:Referer": "a"}})",
                               R"({"Bool": {"aws:SecureTransport": "false"}})"))
          .public_read);
}

}  // namespace
}  // namespace bucketwatch::exposure
