// Hostile or malformed input never reads as "private": duplicate keys read
// as the broader copy (or are refused), malformed CIDR ranges confine
// nothing, unusable policies are "cannot judge", and every JSON Lines line
// stands alone. Also the Denies that are stronger than a first reading: the
// negated ...IfExists / ForAllValues: forms, and several Denies together.
#include <gtest/gtest.h>

#include <string>
#include <utility>
#include <vector>

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
          std::string(kHead) +
              R"("public_access_block": {"PublicAccessBlockConfiguration": {"BlockPublicAcls": true, "BlockPublicAcls": false}}})",
          // AWS Config's form of the ACL.
          std::string(kHead) + R"("acl": {"owner": {"id": "o", "id": "p"}, "grantList": []}})",
          std::string(kHead) +
              R"("acl": {"owner": {"id": "o"}, "grantList": [{"grantee": {"id": "a", "id": "o"}, "permission": "Read"}]}})",
          std::string(kHead) +
              R"("acl": {"owner": {"id": "o"}, "grantList": [{"grantee": "AllUsers", "permission": "Read", "permission": "Write"}]}})",
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

// A policy with an Allow to `principal` of s3:GetObject on `allow_resource`
// and a Deny to everyone of s3:* for each {resource element, condition}.
std::string AllowWithManyDenies(const std::string& principal, const std::string& allow_resource,
                                const std::vector<std::pair<std::string, std::string>>& denies) {
  std::string policy = R"({"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Principal": )" + principal +
                       R"(, "Action": "s3:GetObject", "Resource": "arn:aws:s3:::amzn-s3-demo-bucket/)" +
                       allow_resource + "\"}";
  for (const auto& [resource, condition] : denies) {
    policy += R"(, {"Effect": "Deny", "Principal": "*", "Action": "s3:*", )" + resource;
    if (!condition.empty()) policy += R"(, "Condition": )" + condition;
    policy += "}";
  }
  return WithPolicy(policy + "]}");
}

constexpr const char* kAllObjects = R"("Resource": "arn:aws:s3:::amzn-s3-demo-bucket/*")";

std::vector<std::pair<std::string, std::string>> OnAllObjects(const std::vector<std::string>& conditions) {
  std::vector<std::pair<std::string, std::string>> out;
  for (const std::string& c : conditions) out.emplace_back(kAllObjects, c);
  return out;
}

TEST(DenyStrength, ThreeOrMoreDeniesWhoseConditionsCoverEveryRequest) {
  auto judge = [](const std::vector<std::string>& conditions) {
    return JudgeOne(AllowWithManyDenies("\"*\"", "*", OnAllObjects(conditions))).public_read;
  };
  // Keys off the list of restricting keys, so that no one Deny already
  // leaves only fixed requests. Agent 1, agent 2, neither (or none): every request.
  EXPECT_FALSE(judge({R"({"StringEquals": {"aws:UserAgent": "agent-1"}})",
                      R"({"StringEqualsIfExists": {"aws:UserAgent": ["agent-2"]}})",
                      R"({"StringNotEquals": {"aws:UserAgent": ["agent-2", "agent-1"]}})"}));
  // Two negated tests: only an agent both list escapes them, and agent-1 is denied.
  EXPECT_FALSE(judge({R"({"StringNotEquals": {"aws:UserAgent": ["agent-1", "agent-2"]}})",
                      R"({"StringNotEquals": {"aws:UserAgent": ["agent-1", "agent-3"]}})",
                      R"({"StringEquals": {"aws:UserAgent": "agent-1"}})"}));
  // Case folded on both sides with ...IgnoreCase.
  EXPECT_FALSE(judge({R"({"StringEqualsIgnoreCase": {"aws:Referer": "A"}})",
                      R"({"StringEqualsIgnoreCase": {"aws:Referer": "b"}})",
                      R"({"StringNotEqualsIgnoreCase": {"aws:Referer": ["a", "B"]}})"}));
  // Ranges that hold every IPv4 and IPv6 address, and a negated test for
  // requests without aws:VpcSourceIp (not through a VPC endpoint).
  EXPECT_FALSE(judge({R"({"IpAddress": {"aws:VpcSourceIp": "0.0.0.0/1"}})",
                      R"({"IpAddress": {"aws:VpcSourceIp": ["128.0.0.0/2", "192.0.0.0/2"]}})",
                      R"({"IpAddress": {"aws:VpcSourceIp": "::/0"}})",
                      R"({"NotIpAddress": {"aws:VpcSourceIp": ["203.0.113.0/24", "2001:db8::/32"]}})"}));
  // The positive ranges need only hold what the negated test lets through.
  EXPECT_FALSE(judge({R"({"IpAddress": {"aws:VpcSourceIp": "203.0.113.0/25"}})",
                      R"({"IpAddressIfExists": {"aws:VpcSourceIp": "203.0.113.128/25"}})",
                      R"({"NotIpAddress": {"aws:VpcSourceIp": "203.0.113.0/24"}})"}));
  // StringLike: a narrower pattern under the negation is held by a wider one.
  EXPECT_FALSE(judge({R"({"StringLike": {"aws:Referer": "https://a.example/*"}})",
                      R"({"StringLike": {"aws:Referer": "https://b.example/*"}})",
                      R"({"StringNotLike": {"aws:Referer": ["https://a.example/x/*", "https://b.example/*"]}})"}));

  // Some requests are left: the Allow stands.
  EXPECT_TRUE(
      judge({R"({"StringEquals": {"aws:UserAgent": "agent-1"}})", R"({"StringEquals": {"aws:UserAgent": "agent-2"}})",
             R"({"StringNotEquals": {"aws:UserAgent": ["agent-1", "agent-2", "agent-3"]}})"}));
  EXPECT_TRUE(judge({R"({"StringEquals": {"aws:UserAgent": "agent-1"}})",
                     R"({"StringEquals": {"aws:Referer": "agent-2"}})",  // another key
                     R"({"StringNotEquals": {"aws:UserAgent": ["agent-1", "agent-2"]}})"}));
  EXPECT_TRUE(judge({R"({"StringEquals": {"aws:UserAgent": "agent-1"}})",
                     R"({"StringLike": {"aws:UserAgent": "agent-2"}})",  // another family
                     R"({"StringNotEquals": {"aws:UserAgent": ["agent-1", "agent-2"]}})"}));
  // Every address, but no negated test: a request without aws:VpcSourceIp escapes.
  EXPECT_TRUE(
      judge({R"({"IpAddress": {"aws:VpcSourceIp": "0.0.0.0/0"}})", R"({"IpAddress": {"aws:VpcSourceIp": "::/0"}})",
             R"({"IpAddress": {"aws:VpcSourceIp": "10.0.0.0/8"}})"}));
  // A gap (64.0.0.0/2), and an IPv6 range no positive test holds.
  EXPECT_TRUE(judge({R"({"IpAddress": {"aws:VpcSourceIp": "0.0.0.0/2"}})",
                     R"({"IpAddress": {"aws:VpcSourceIp": "128.0.0.0/1"}})",
                     R"({"NotIpAddress": {"aws:VpcSourceIp": "0.0.0.0/0"}})"}));
  EXPECT_TRUE(judge({R"({"IpAddress": {"aws:VpcSourceIp": "0.0.0.0/0"}})",
                     R"({"IpAddress": {"aws:VpcSourceIp": "203.0.113.0/24"}})",
                     R"({"NotIpAddress": {"aws:VpcSourceIp": ["203.0.113.0/24", "2001:db8::/32"]}})"}));
  // "ä" may match "Ä" under AWS's case folding, which is not only ASCII's: a
  // request "ä" could escape both, so non-ASCII values are not compared.
  EXPECT_TRUE(judge({R"({"StringNotEqualsIgnoreCase": {"aws:Referer": "\u00c4"}})",
                     R"({"StringNotEqualsIgnoreCase": {"aws:Referer": "\u00e4"}})"}));
  // Patterns that only overlap: "https://a.example/*" does not hold "https://*".
  EXPECT_TRUE(
      judge({R"({"StringLike": {"aws:Referer": "https://a.example/*"}})",
             R"({"StringLike": {"aws:Referer": "http://*"}})", R"({"StringNotLike": {"aws:Referer": "https://*"}})"}));
}

TEST(DenyStrength, DeniesCombinedOverConditionsAndResourcesAtOnce) {
  const std::string prefix_a = R"("Resource": "arn:aws:s3:::amzn-s3-demo-bucket/a/*")";
  const std::string tls_on = R"({"Bool": {"aws:SecureTransport": "true"}})";
  const std::string tls_off = R"({"Bool": {"aws:SecureTransport": "false"}})";
  // a/* over TLS, a/* without TLS, and everything but a/* always.
  Verdict v = JudgeOne(AllowWithManyDenies(
      "\"*\"", "*",
      {{prefix_a, tls_on}, {prefix_a, tls_off}, {R"("NotResource": "arn:aws:s3:::amzn-s3-demo-bucket/a/*")", ""}}));
  EXPECT_FALSE(v.public_read);
  ASSERT_EQ(v.findings.size(), 1u);
  EXPECT_EQ(v.findings[0].blocked_by.control, BlockedBy::Control::kDeny);
  EXPECT_TRUE(v.findings[0].partly_denied_by.empty());
  // The same pair on all objects, and a pair on a/*: the split needs no NotResource.
  EXPECT_FALSE(JudgeOne(AllowWithManyDenies("\"*\"", "a/*", {{kAllObjects, tls_on}, {prefix_a, tls_off}})).public_read);
  // The NotResource Deny also spares c/*, which nothing else denies.
  EXPECT_TRUE(JudgeOne(AllowWithManyDenies("\"*\"", "*",
                                           {{prefix_a, tls_on},
                                            {prefix_a, tls_off},
                                            {R"("NotResource": ["arn:aws:s3:::amzn-s3-demo-bucket/a/*",
                                                "arn:aws:s3:::amzn-s3-demo-bucket/c/*"])",
                                             ""}}))
                  .public_read);
  // Each half of the condition on a different prefix: no request is denied on both.
  EXPECT_TRUE(JudgeOne(AllowWithManyDenies("\"*\"", "*",
                                           {{prefix_a, tls_on},
                                            {R"("Resource": "arn:aws:s3:::amzn-s3-demo-bucket/b/*")", tls_off},
                                            {R"("NotResource": "arn:aws:s3:::amzn-s3-demo-bucket/a/*")", ""}}))
                  .public_read);
}

TEST(DenyStrength, CrossAccountGrantsMeetTheSameCombination) {
  const std::string partner = R"({"AWS": "arn:aws:iam::444455556666:root"})";
  auto judge = [&](const std::vector<std::pair<std::string, std::string>>& denies) {
    return JudgeOne(AllowWithManyDenies(partner, "*", denies));
  };
  const std::string tls_on = R"({"Bool": {"aws:SecureTransport": "true"}})";
  const std::string tls_off = R"({"Bool": {"aws:SecureTransport": "false"}})";
  Verdict both = judge(OnAllObjects({tls_on, tls_off}));
  EXPECT_FALSE(both.cross_account);
  ASSERT_EQ(both.findings.size(), 1u);
  EXPECT_EQ(both.findings[0].blocked_by.control, BlockedBy::Control::kDeny);
  EXPECT_EQ(both.findings[0].blocked_by.deny_statement, 1);
  EXPECT_FALSE(judge(OnAllObjects({R"({"StringEquals": {"aws:SourceVpc": "vpc-1"}})",
                                   R"({"StringEquals": {"aws:SourceVpc": "vpc-2"}})",
                                   R"({"StringNotEquals": {"aws:SourceVpc": ["vpc-1", "vpc-2"]}})"}))
                   .cross_account);
  // Over resources too: a Deny on each of two prefixes the grant names.
  EXPECT_FALSE(JudgeOne(WithPolicy(R"({"Version": "2012-10-17", "Statement": [
    {"Effect": "Allow", "Principal": {"AWS": "444455556666"}, "Action": "s3:GetObject",
     "Resource": ["arn:aws:s3:::amzn-s3-demo-bucket/a/*", "arn:aws:s3:::amzn-s3-demo-bucket/b/*"]},
    {"Effect": "Deny", "Principal": "*", "Action": "s3:GetObject", "Resource": "arn:aws:s3:::amzn-s3-demo-bucket/a/*"},
    {"Effect": "Deny", "Principal": "*", "Action": "s3:*", "Resource": "arn:aws:s3:::amzn-s3-demo-bucket/b/*"}]})"))
                   .cross_account);
  // One half alone leaves the account in; so does "deny unless from my VPC",
  // which the account may meet.
  EXPECT_TRUE(judge(OnAllObjects({tls_on})).cross_account);
  EXPECT_TRUE(judge(OnAllObjects({R"({"StringNotEquals": {"aws:SourceVpc": "vpc-1"}})", tls_off})).cross_account);
}

}  // namespace
}  // namespace bucketwatch::exposure
