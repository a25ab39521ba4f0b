// Table-driven tests of the evaluator, one row per rule, each naming the AWS
// documentation it follows. Abbreviations (full URLs in
// docs/evaluator.md and docs/sources.md):
//   [S3-PUB]  S3 User Guide, "Blocking public access to your Amazon S3 storage", section "The meaning of public"
//   [S3-BPA]  same page, the four settings and how levels combine
//   [S3-ACL]  S3 User Guide, "Access control list (ACL) overview"
//   [S3-OWN]  S3 User Guide, "Controlling ownership of objects and disabling ACLs"
//   [IAM-PRIN], [IAM-NOTPRIN], [IAM-COND], [IAM-MV], [IAM-ACTION], [IAM-RES], [IAM-NOTACTION],
//   [IAM-NOTRES], [IAM-EVAL], [IAM-VARS]: IAM User Guide pages on Principal, NotPrincipal, condition
//   operators, multivalued keys, Action, Resource, NotAction, NotResource, evaluation logic, policy variables
//   [CFG-R], [CFG-W]: AWS Config rules s3-bucket-public-read-prohibited / -write-prohibited
#include "exposure/evaluator.h"

#include <gtest/gtest.h>

#include <string>

#include "exposure/snapshot_json.h"

namespace bucketwatch::exposure {
namespace {

constexpr const char* kBucket = "amzn-s3-demo-bucket";
constexpr const char* kOwner = "111122223333";

struct Row {
  const char* name;
  const char* source;  // the documentation the expectation follows
  std::string snapshot;
  // Expected effective scope per kind: read list write read_acp write_acp bucket_config,
  // one letter each: P public, A any AWS user, X cross-account, - none, U unknown.
  const char* access;
};

// A snapshot of kBucket owned by kOwner with the given policy statements.
std::string WithStatements(const std::string& statements, const std::string& extra = "") {
  return std::string("{\"bucket\": \"") + kBucket + "\", \"account\": \"" + kOwner +
         "\", \"policy\": {\"Version\": \"2012-10-17\", \"Statement\": " + statements + "}" + extra + "}";
}

std::string AllowGetObject(const std::string& principal, const std::string& condition = "") {
  std::string s = "[{\"Effect\": \"Allow\", \"Principal\": " + principal +
                  ", \"Action\": \"s3:GetObject\", \"Resource\": \"arn:aws:s3:::amzn-s3-demo-bucket/*\"";
  if (!condition.empty()) s += ", \"Condition\": " + condition;
  return s + "}]";
}

std::string WithAcl(const std::string& grants, const std::string& extra = "") {
  return std::string("{\"bucket\": \"") + kBucket + "\", \"account\": \"" + kOwner +
         "\", \"acl\": {\"Owner\": {\"ID\": \"owner-canonical-id\"}, \"Grants\": " + grants + "}" + extra + "}";
}

std::string Grant(const char* group, const char* permission) {
  return std::string("{\"Grantee\": {\"Type\": \"Group\", \"URI\": \"http://acs.amazonaws.com/groups/") + group +
         "\"}, \"Permission\": \"" + permission + "\"}";
}

char Letter(const Verdict& v, AccessKind kind) {
  Scope s = v.Access(kind);
  if (s < Scope::kPublic && v.IsUnknown(kind)) return 'U';
  switch (s) {
    case Scope::kPublic: return 'P';
    case Scope::kAuthenticated: return 'A';
    case Scope::kCrossAccount: return 'X';
    case Scope::kNone: return '-';
  }
  return '!';
}

Verdict Judge(const std::string& snapshot_json) {
  json::Parser parser;
  SnapshotBatch batch = ParseSnapshots(snapshot_json, parser);
  EXPECT_TRUE(batch.errors.empty()) << (batch.errors.empty() ? "" : batch.errors[0].ToString());
  if (batch.snapshots.empty()) return {};
  return Evaluate(batch.snapshots[0]);
}

std::string Letters(const Verdict& v) {
  std::string out;
  for (AccessKind kind : kAllAccessKinds) out += Letter(v, kind);
  return out;
}

class EvaluatorTable : public ::testing::TestWithParam<Row> {};

TEST_P(EvaluatorTable, EffectiveAccess) {
  const Row& row = GetParam();
  Verdict v = Judge(row.snapshot);
  EXPECT_EQ(Letters(v), row.access) << row.name << " (" << row.source << ")";
}

const std::string kFullBucket = R"(["arn:aws:s3:::amzn-s3-demo-bucket", "arn:aws:s3:::amzn-s3-demo-bucket/*"])";

std::vector<Row> Rows() {
  return {
      // --- Principal forms [IAM-PRIN], [S3-PUB] ---
      {"principal star", "[IAM-PRIN] * in a resource policy includes anonymous users",
       WithStatements(AllowGetObject("\"*\"")), "P-----"},
      {"principal AWS star", "[IAM-PRIN] {\"AWS\":\"*\"} is equivalent to *",
       WithStatements(AllowGetObject(R"({"AWS": "*"})")), "P-----"},
      {"principal AWS list with star", "[IAM-PRIN] a list containing * is *",
       WithStatements(AllowGetObject(R"({"AWS": ["arn:aws:iam::444455556666:root", "*"]})")), "P-----"},
      {"principal other account id", "[S3-PUB] a fixed account is not public",
       WithStatements(AllowGetObject(R"({"AWS": "444455556666"})")), "X-----"},
      {"principal own account root", "[IAM-PRIN] the owner's own account is not outside",
       WithStatements(AllowGetObject(R"({"AWS": "arn:aws:iam::111122223333:root"})")), "------"},
      {"principal other account role", "[S3-PUB] a fixed role is not public",
       WithStatements(AllowGetObject(R"({"AWS": "arn:aws:iam::444455556666:role/reader"})")), "X-----"},
      {"principal wildcard account ARN", "[IAM-PRIN] no wildcard inside ARNs; judged as any account",
       WithStatements(AllowGetObject(R"({"AWS": "arn:aws:iam::*:root"})")), "A-----"},
      {"principal service", "[S3-PUB] a service principal is not public",
       WithStatements(AllowGetObject(R"({"Service": "logging.s3.amazonaws.com"})")), "------"},
      {"principal canonical user", "[S3-PUB] a canonical user is one account",
       WithStatements(
           AllowGetObject(R"({"CanonicalUser": "79a59df900b949e55d96a1e698fbacedfd6e09d98eacf8f8d5218e7cd47ef2be"})")),
       "X-----"},
      {"principal federated web identity", "[S3-PUB] the Facebook example is public",
       WithStatements(AllowGetObject(R"({"Federated": "accounts.google.com"})")), "P-----"},
      {"principal federated SAML provider", "[IAM-PRIN] an account's own SAML provider is that account",
       WithStatements(AllowGetObject(R"({"Federated": "arn:aws:iam::444455556666:saml-provider/corp"})")), "X-----"},
      {"NotPrincipal with Allow", "[IAM-NOTPRIN] Allow+NotPrincipal grants everyone else, anonymous included",
       "{\"bucket\": \"amzn-s3-demo-bucket\", \"policy\": {\"Statement\": [{\"Effect\": \"Allow\", \"NotPrincipal\": "
       "{\"AWS\": \"arn:aws:iam::444455556666:root\"}, \"Action\": \"s3:GetObject\", \"Resource\": "
       "\"arn:aws:s3:::amzn-s3-demo-bucket/*\"}]}}",
       "P-----"},

      // --- Fixed-value conditions [S3-PUB], [IAM-COND], [IAM-MV] ---
      {"SourceVpce fixed", "[S3-PUB] aws:SourceVpce is on the list",
       WithStatements(AllowGetObject("\"*\"", R"({"StringEquals": {"aws:SourceVpce": "vpce-1a2b3c4d"}})")), "------"},
      {"SourceVpce wildcard", "[S3-PUB] a wildcard is not a fixed value",
       WithStatements(AllowGetObject("\"*\"", R"({"StringLike": {"aws:SourceVpce": "vpce-*"}})")), "P-----"},
      {"SourceVpce one wildcard among fixed", "[S3-PUB] values of one key are ORed",
       WithStatements(AllowGetObject("\"*\"", R"({"StringEquals": {"aws:SourceVpce": ["vpce-1", "vpce-?"]}})")),
       "P-----"},
      {"SourceVpc fixed via StringLike", "[S3-PUB] StringLike with no wildcard is still fixed",
       WithStatements(AllowGetObject("\"*\"", R"({"StringLike": {"aws:SourceVpc": "vpc-111bbb22"}})")), "------"},
      {"key names are case-insensitive", "IAM: condition key names are not case-sensitive",
       WithStatements(AllowGetObject("\"*\"", R"({"StringEquals": {"AWS:SOURCEVPCE": "vpce-1a2b3c4d"}})")), "------"},
      {"policy variable value", "[S3-PUB] an IAM policy variable is not a fixed value [IAM-VARS]",
       WithStatements(AllowGetObject("\"*\"", R"({"StringEquals": {"aws:SourceAccount": "${aws:PrincipalAccount}"}})")),
       "P-----"},
      {"variable is literal in 2008 policies", "[IAM-VARS] variables exist only in Version 2012-10-17",
       "{\"bucket\": \"amzn-s3-demo-bucket\", \"policy\": {\"Version\": \"2008-10-17\", \"Statement\": [{\"Effect\": "
       "\"Allow\", \"Principal\": \"*\", \"Action\": \"s3:GetObject\", \"Resource\": "
       "\"arn:aws:s3:::amzn-s3-demo-bucket/*\", \"Condition\": {\"StringEquals\": {\"aws:SourceVpce\": "
       "\"${literal}\"}}}]}}",
       "------"},
      {"unlisted key Referer", "[S3-PUB] aws:Referer is not on the list (S3 example warns about it)",
       WithStatements(AllowGetObject("\"*\"", R"({"StringLike": {"aws:Referer": "https://example.com/*"}})")),
       "P-----"},
      {"SourceIp /24", "[S3-PUB] narrow aws:SourceIp ranges restrict",
       WithStatements(AllowGetObject("\"*\"", R"({"IpAddress": {"aws:SourceIp": "192.0.2.0/24"}})")), "------"},
      {"SourceIp bare address", "[S3-PUB] one address is /32",
       WithStatements(AllowGetObject("\"*\"", R"({"IpAddress": {"aws:SourceIp": "203.0.113.7"}})")), "------"},
      {"SourceIp /7", "[S3-PUB] broader than /8 is public",
       WithStatements(AllowGetObject("\"*\"", R"({"IpAddress": {"aws:SourceIp": "10.0.0.0/7"}})")), "P-----"},
      {"SourceIp 0.0.0.0/1", "[S3-PUB] the page's own example of very broad",
       WithStatements(AllowGetObject("\"*\"", R"({"IpAddress": {"aws:SourceIp": "0.0.0.0/1"}})")), "P-----"},
      {"SourceIp IPv6 /48", "[S3-PUB] /32 or narrower for IPv6 restricts",
       WithStatements(AllowGetObject("\"*\"", R"({"IpAddress": {"aws:SourceIp": "2001:db8:1234::/48"}})")), "------"},
      {"SourceIp IPv6 /16", "[S3-PUB] broader than /32 (IPv6) is public",
       WithStatements(AllowGetObject("\"*\"", R"({"IpAddress": {"aws:SourceIp": "2001::/16"}})")), "P-----"},
      {"SourceIp not an address", "a malformed CIDR restricts nothing (cautious)",
       WithStatements(AllowGetObject("\"*\"", R"({"IpAddress": {"aws:SourceIp": "not-an-ip"}})")), "P-----"},
      {"SourceIp with StringEquals", "[IAM-COND] IP keys take IpAddress; anything else restricts nothing (cautious)",
       WithStatements(AllowGetObject("\"*\"", R"({"StringEquals": {"aws:SourceIp": "192.0.2.1"}})")), "P-----"},
      {"NotIpAddress alone", "[IAM-COND] negated operators are true when the key is absent",
       WithStatements(AllowGetObject("\"*\"", R"({"NotIpAddress": {"aws:SourceIp": "192.0.2.0/24"}})")), "P-----"},
      {"StringNotEquals vpce", "[IAM-COND] negated operators admit everything else",
       WithStatements(AllowGetObject("\"*\"", R"({"StringNotEquals": {"aws:SourceVpce": "vpce-1a2b3c4d"}})")),
       "P-----"},
      {"IfExists", "[IAM-COND] ...IfExists is true when the key is absent",
       WithStatements(AllowGetObject("\"*\"", R"({"StringEqualsIfExists": {"aws:SourceVpce": "vpce-1a2b3c4d"}})")),
       "P-----"},
      {"ForAnyValue fixed", "[IAM-MV] ForAnyValue is false when the key is absent",
       WithStatements(AllowGetObject("\"*\"", R"({"ForAnyValue:StringEquals": {"aws:SourceVpce": ["vpce-1"]}})")),
       "------"},
      {"ForAllValues fixed", "[IAM-MV] ForAllValues is true when the key is absent",
       WithStatements(AllowGetObject("\"*\"", R"({"ForAllValues:StringEquals": {"aws:SourceVpce": ["vpce-1"]}})")),
       "P-----"},
      {"Null false", "[IAM-COND] Null tests presence only",
       WithStatements(AllowGetObject("\"*\"", R"({"Null": {"aws:SourceVpce": "false"}})")), "P-----"},
      {"Bool SecureTransport", "[S3-PUB] not an identity or source restriction",
       WithStatements(AllowGetObject("\"*\"", R"({"Bool": {"aws:SecureTransport": "true"}})")), "P-----"},
      {"one fixed condition among others", "[IAM-COND] conditions are ANDed: one fixed is enough",
       WithStatements(AllowGetObject(
           "\"*\"",
           R"({"Bool": {"aws:SecureTransport": "true"}, "StringLike": {"aws:Referer": "*"}, "StringEquals": {"aws:SourceAccount": "111122223333"}})")),
       "------"},
      {"userid fixed", "[S3-PUB] aws:userid is on the list",
       WithStatements(AllowGetObject("\"*\"", R"({"StringEquals": {"aws:userid": "AIDAEXAMPLEID"}})")), "------"},
      {"userid role id with any session", "[S3-PUB] aws:userid outside the pattern AROLEID:*",
       WithStatements(AllowGetObject("\"*\"", R"({"StringLike": {"aws:userid": "AROAEXAMPLEID:*"}})")), "------"},
      {"userid star", "[S3-PUB] a wildcard is not fixed",
       WithStatements(AllowGetObject("\"*\"", R"({"StringLike": {"aws:userid": "*:*"}})")), "P-----"},
      {"PrincipalOrgID fixed", "[S3-PUB] the page's example of a fixed principal",
       WithStatements(AllowGetObject("\"*\"", R"({"StringEquals": {"aws:PrincipalOrgID": "o-a1b2c3d4e5"}})")),
       "------"},
      {"PrincipalOrgID wildcard", "[S3-PUB] wildcard: any organization, so any AWS user",
       WithStatements(AllowGetObject("\"*\"", R"({"StringLike": {"aws:PrincipalOrgID": "o-*"}})")), "A-----"},
      {"PrincipalAccount other", "principal-account keys confine to that account",
       WithStatements(AllowGetObject("\"*\"", R"({"StringEquals": {"aws:PrincipalAccount": "444455556666"}})")),
       "X-----"},
      {"DataAccessPointArn wildcard name", "[S3-PUB] item 10: access point name may be a wildcard in a bucket policy",
       WithStatements(AllowGetObject(
           "\"*\"", R"({"StringLike": {"s3:DataAccessPointArn": "arn:aws:s3:us-west-2:111122223333:accesspoint/*"}})")),
       "------"},
      {"DataAccessPointAccount fixed", "[S3-PUB] item 11",
       WithStatements(AllowGetObject("\"*\"", R"({"StringEquals": {"s3:DataAccessPointAccount": "111122223333"}})")),
       "------"},
      {"KMS key id fixed", "[S3-PUB] item 8",
       WithStatements(AllowGetObject(
           "\"*\"",
           R"({"StringEquals": {"s3:x-amz-server-side-encryption-aws-kms-key-id": "arn:aws:kms:us-east-1:111122223333:key/1234"}})")),
       "------"},
      {"CalledVia any caller", "keys only authenticated callers have: any AWS user",
       WithStatements(
           AllowGetObject("\"*\"", R"({"ForAnyValue:StringEquals": {"aws:CalledVia": "athena.amazonaws.com"}})")),
       "A-----"},

      // --- Actions [IAM-ACTION], [IAM-NOTACTION] ---
      {"Action as a list", "[IAM-ACTION] a list of actions",
       WithStatements(
           R"([{"Effect": "Allow", "Principal": "*", "Action": ["s3:GetObject", "s3:PutObject"], "Resource": "arn:aws:s3:::amzn-s3-demo-bucket/*"}])"),
       "P-P---"},
      {"Action lower case", "[IAM-ACTION] action names are case-insensitive",
       WithStatements(
           R"([{"Effect": "Allow", "Principal": "*", "Action": "S3:getobject", "Resource": "arn:aws:s3:::amzn-s3-demo-bucket/*"}])"),
       "P-----"},
      {"Action s3:*Object", "[IAM-ACTION] wildcards anywhere in the name",
       WithStatements(
           R"([{"Effect": "Allow", "Principal": "*", "Action": "s3:*Object", "Resource": "arn:aws:s3:::amzn-s3-demo-bucket/*"}])"),
       "P-P---"},
      {"Action star on bucket and objects", "[IAM-ACTION] * is every action",
       WithStatements(R"([{"Effect": "Allow", "Principal": "*", "Action": "*", "Resource": )" + kFullBucket + "}]"),
       "PPPPPP"},
      {"Action of another service", "a kms: action grants nothing on S3",
       WithStatements(R"([{"Effect": "Allow", "Principal": "*", "Action": "kms:Decrypt", "Resource": "*"}])"),
       "------"},
      {"NotAction", "[IAM-NOTACTION] Allow+NotAction grants every other action",
       WithStatements(R"([{"Effect": "Allow", "Principal": "*", "NotAction": "s3:Delete*", "Resource": )" +
                      kFullBucket + "}]"),
       "PPPPPP"},
      {"NotAction leaving reads", "[IAM-NOTACTION] the complement of writes still reads",
       WithStatements(
           R"([{"Effect": "Allow", "Principal": "*", "NotAction": ["s3:Put*", "s3:Delete*", "s3:AbortMultipartUpload", "s3:RestoreObject", "s3:Replicate*", "s3:BypassGovernanceRetention", "s3:ObjectOwnerOverrideToBucketOwner", "s3:InitiateReplication", "s3:CreateBucket"], "Resource": "arn:aws:s3:::amzn-s3-demo-bucket/*"}])"),
       "PP-P--"},
      {"ListBucket on bucket", "[S3-ACL]/SAR: ListBucket acts on the bucket ARN",
       WithStatements(
           R"([{"Effect": "Allow", "Principal": "*", "Action": "s3:ListBucket", "Resource": "arn:aws:s3:::amzn-s3-demo-bucket"}])"),
       "-P----"},
      {"PutBucketAcl", "[S3-ACL] WRITE_ACP's policy counterpart",
       WithStatements(
           R"([{"Effect": "Allow", "Principal": "*", "Action": "s3:PutBucketAcl", "Resource": "arn:aws:s3:::amzn-s3-demo-bucket"}])"),
       "----P-"},

      // --- Resources [IAM-RES], [IAM-NOTRES] ---
      {"Resource prefix", "partial public read is public read",
       WithStatements(
           R"([{"Effect": "Allow", "Principal": "*", "Action": "s3:GetObject", "Resource": "arn:aws:s3:::amzn-s3-demo-bucket/public/*"}])"),
       "P-----"},
      {"Resource star", "[IAM-RES] * covers the bucket and every object",
       WithStatements(
           R"([{"Effect": "Allow", "Principal": "*", "Action": ["s3:GetObject", "s3:ListBucket"], "Resource": "*"}])"),
       "PP----"},
      {"Resource of another bucket", "grants nothing on this bucket",
       WithStatements(
           R"([{"Effect": "Allow", "Principal": "*", "Action": "s3:GetObject", "Resource": "arn:aws:s3:::other-bucket/*"}])"),
       "------"},
      {"Resource wildcard bucket name", "[IAM-RES] a pattern that matches this bucket's objects",
       WithStatements(
           R"([{"Effect": "Allow", "Principal": "*", "Action": "s3:GetObject", "Resource": "arn:aws:s3:::amzn-s3-*/*"}])"),
       "P-----"},
      {"Resource variable", "[IAM-VARS] a variable in a resource could be anything (cautious)",
       WithStatements(
           R"([{"Effect": "Allow", "Principal": "*", "Action": "s3:GetObject", "Resource": "arn:aws:s3:::amzn-s3-demo-bucket/${aws:username}/*"}])"),
       "P-----"},
      {"NotResource of one prefix", "[IAM-NOTRES] everything else is granted",
       WithStatements(
           R"([{"Effect": "Allow", "Principal": "*", "Action": "s3:GetObject", "NotResource": "arn:aws:s3:::amzn-s3-demo-bucket/private/*"}])"),
       "P-----"},
      {"NotResource of the whole bucket", "[IAM-NOTRES] nothing of this bucket is left",
       WithStatements(
           R"([{"Effect": "Allow", "Principal": "*", "Action": "s3:GetObject", "NotResource": "arn:aws:s3:::amzn-s3-demo-bucket/*"}])"),
       "------"},
      {"Statement as a single object", "IAM grammar: Statement may be one object",
       "{\"bucket\": \"amzn-s3-demo-bucket\", \"policy\": {\"Version\": \"2012-10-17\", \"Statement\": {\"Effect\": "
       "\"Allow\", \"Principal\": \"*\", \"Action\": \"s3:GetObject\", \"Resource\": "
       "\"arn:aws:s3:::amzn-s3-demo-bucket/*\"}}}",
       "P-----"},
      {"policy as a JSON string", "get-bucket-policy returns the document as a string",
       "{\"bucket\": \"amzn-s3-demo-bucket\", \"policy\": \"{\\\"Statement\\\": [{\\\"Effect\\\": \\\"Allow\\\", "
       "\\\"Principal\\\": \\\"*\\\", \\\"Action\\\": \\\"s3:GetObject\\\", \\\"Resource\\\": "
       "\\\"arn:aws:s3:::amzn-s3-demo-bucket/*\\\"}]}\"}",
       "P-----"},
      {"get-bucket-policy output", "aws s3api get-bucket-policy prints {\"Policy\": \"...\"}",
       "{\"bucket\": \"amzn-s3-demo-bucket\", \"policy\": {\"Policy\": \"{\\\"Statement\\\": [{\\\"Effect\\\": "
       "\\\"Allow\\\", \\\"Principal\\\": \\\"*\\\", \\\"Action\\\": \\\"s3:ListBucket\\\", \\\"Resource\\\": "
       "\\\"arn:aws:s3:::amzn-s3-demo-bucket\\\"}]}\"}}",
       "-P----"},
      {"China partition", "ARNs in aws-cn use their partition",
       "{\"bucket\": \"b\", \"region\": \"cn-north-1\", \"policy\": {\"Statement\": [{\"Effect\": \"Allow\", "
       "\"Principal\": \"*\", \"Action\": \"s3:GetObject\", \"Resource\": \"arn:aws-cn:s3:::b/*\"}]}}",
       "P-----"},

      // --- Deny [IAM-EVAL] ---
      {"unconditional Deny cancels", "[IAM-EVAL] an explicit deny overrides any allow",
       WithStatements(
           R"([{"Effect": "Allow", "Principal": "*", "Action": "s3:GetObject", "Resource": "arn:aws:s3:::amzn-s3-demo-bucket/*"}, {"Effect": "Deny", "Principal": "*", "Action": "s3:GetObject", "Resource": "arn:aws:s3:::amzn-s3-demo-bucket/*"}])"),
       "------"},
      {"Deny of a prefix leaves the rest", "[IAM-EVAL] the deny covers only part",
       WithStatements(
           R"([{"Effect": "Allow", "Principal": "*", "Action": "s3:GetObject", "Resource": "arn:aws:s3:::amzn-s3-demo-bucket/*"}, {"Effect": "Deny", "Principal": "*", "Action": "s3:GetObject", "Resource": "arn:aws:s3:::amzn-s3-demo-bucket/private/*"}])"),
       "P-----"},
      {"Deny of some actions", "[IAM-EVAL] writes denied, reads remain",
       WithStatements(
           R"([{"Effect": "Allow", "Principal": "*", "Action": ["s3:GetObject", "s3:PutObject"], "Resource": "arn:aws:s3:::amzn-s3-demo-bucket/*"}, {"Effect": "Deny", "Principal": "*", "Action": "s3:Put*", "Resource": "arn:aws:s3:::amzn-s3-demo-bucket/*"}])"),
       "P-----"},
      {"Deny unless from a VPC endpoint", "deny with a negated fixed condition leaves only that endpoint",
       WithStatements(
           R"([{"Effect": "Allow", "Principal": "*", "Action": "s3:GetObject", "Resource": "arn:aws:s3:::amzn-s3-demo-bucket/*"}, {"Effect": "Deny", "Principal": "*", "Action": "s3:*", "Resource": "arn:aws:s3:::amzn-s3-demo-bucket/*", "Condition": {"StringNotEquals": {"aws:SourceVpce": "vpce-1a2b3c4d"}}}])"),
       "------"},
      {"Deny unless TLS keeps it public", "a deny limited by SecureTransport removes only plain HTTP",
       WithStatements(
           R"([{"Effect": "Allow", "Principal": "*", "Action": "s3:GetObject", "Resource": "arn:aws:s3:::amzn-s3-demo-bucket/*"}, {"Effect": "Deny", "Principal": "*", "Action": "s3:*", "Resource": "arn:aws:s3:::amzn-s3-demo-bucket/*", "Condition": {"Bool": {"aws:SecureTransport": "false"}}}])"),
       "P-----"},
      {"Deny with IfExists negation leaves only that endpoint",
       "[IAM-COND] a negated operator, IfExists or not, is true without the key: the Deny still applies",
       WithStatements(
           R"([{"Effect": "Allow", "Principal": "*", "Action": "s3:GetObject", "Resource": "arn:aws:s3:::amzn-s3-demo-bucket/*"}, {"Effect": "Deny", "Principal": "*", "Action": "s3:*", "Resource": "arn:aws:s3:::amzn-s3-demo-bucket/*", "Condition": {"StringNotEqualsIfExists": {"aws:SourceVpce": "vpce-1a2b3c4d"}}}])"),
       "------"},
      {"Deny to one account does not cancel public", "[IAM-EVAL] a deny of one principal leaves everyone else",
       WithStatements(
           R"([{"Effect": "Allow", "Principal": "*", "Action": "s3:GetObject", "Resource": "arn:aws:s3:::amzn-s3-demo-bucket/*"}, {"Effect": "Deny", "Principal": {"AWS": "444455556666"}, "Action": "s3:GetObject", "Resource": "arn:aws:s3:::amzn-s3-demo-bucket/*"}])"),
       "P-----"},
      {"Deny NotPrincipal cancels public", "[IAM-NOTPRIN] Deny+NotPrincipal denies everyone but the listed",
       WithStatements(
           R"([{"Effect": "Allow", "Principal": "*", "Action": "s3:GetObject", "Resource": "arn:aws:s3:::amzn-s3-demo-bucket/*"}, {"Effect": "Deny", "NotPrincipal": {"AWS": "arn:aws:iam::111122223333:root"}, "Action": "s3:*", "Resource": "arn:aws:s3:::amzn-s3-demo-bucket/*"}])"),
       "------"},
      {"Deny NotResource sparing a prefix", "[IAM-NOTRES] the spared prefix stays public",
       WithStatements(
           R"([{"Effect": "Allow", "Principal": "*", "Action": "s3:GetObject", "Resource": "arn:aws:s3:::amzn-s3-demo-bucket/*"}, {"Effect": "Deny", "Principal": "*", "Action": "s3:GetObject", "NotResource": "arn:aws:s3:::amzn-s3-demo-bucket/public/*"}])"),
       "P-----"},
      {"Deny NotResource of another prefix cancels", "[IAM-NOTRES] everything but a disjoint prefix is denied",
       WithStatements(
           R"([{"Effect": "Allow", "Principal": "*", "Action": "s3:GetObject", "Resource": "arn:aws:s3:::amzn-s3-demo-bucket/reports/*"}, {"Effect": "Deny", "Principal": "*", "Action": "s3:GetObject", "NotResource": "arn:aws:s3:::amzn-s3-demo-bucket/public/*"}])"),
       "------"},
      {"unconditional Deny cancels cross-account", "[IAM-EVAL]",
       WithStatements(
           R"([{"Effect": "Allow", "Principal": {"AWS": "444455556666"}, "Action": "s3:GetObject", "Resource": "arn:aws:s3:::amzn-s3-demo-bucket/*"}, {"Effect": "Deny", "Principal": "*", "Action": "s3:*", "Resource": "arn:aws:s3:::amzn-s3-demo-bucket/*"}])"),
       "------"},

      // --- ACL [S3-ACL] ---
      {"ACL AllUsers READ", "[S3-ACL] READ on a bucket lists it", WithAcl("[" + Grant("global/AllUsers", "READ") + "]"),
       "-P----"},
      {"ACL AllUsers WRITE", "[S3-ACL] WRITE creates objects", WithAcl("[" + Grant("global/AllUsers", "WRITE") + "]"),
       "--P---"},
      {"ACL AllUsers READ_ACP", "[S3-ACL] READ_ACP reads the ACL",
       WithAcl("[" + Grant("global/AllUsers", "READ_ACP") + "]"), "---P--"},
      {"ACL AllUsers WRITE_ACP", "[S3-ACL] WRITE_ACP writes the ACL",
       WithAcl("[" + Grant("global/AllUsers", "WRITE_ACP") + "]"), "----P-"},
      {"ACL AllUsers FULL_CONTROL", "[S3-ACL] FULL_CONTROL is all four",
       WithAcl("[" + Grant("global/AllUsers", "FULL_CONTROL") + "]"), "-PPPP-"},
      {"ACL AuthenticatedUsers READ", "[S3-PUB] AuthenticatedUsers is public: any AWS account",
       WithAcl("[" + Grant("global/AuthenticatedUsers", "READ") + "]"), "-A----"},
      {"ACL LogDelivery WRITE", "[S3-ACL] the log delivery group is not public",
       WithAcl("[" + Grant("s3/LogDelivery", "WRITE") + "]"), "------"},
      {"ACL other canonical user", "[S3-ACL] a grant to another account",
       WithAcl(R"([{"Grantee": {"Type": "CanonicalUser", "ID": "other-canonical-id"}, "Permission": "READ"}])"),
       "-X----"},
      {"ACL owner grant", "[S3-ACL] the owner's own FULL_CONTROL",
       WithAcl(R"([{"Grantee": {"Type": "CanonicalUser", "ID": "owner-canonical-id"}, "Permission": "FULL_CONTROL"}])"),
       "------"},
      {"ACL https group URI", "S3 accepts the group URIs in either scheme",
       WithAcl(
           R"([{"Grantee": {"Type": "Group", "URI": "https://acs.amazonaws.com/groups/global/AllUsers"}, "Permission": "READ"}])"),
       "-P----"},

      // --- Object Ownership [S3-OWN] ---
      {"BucketOwnerEnforced disables ACLs", "[S3-OWN] ACLs no longer affect permissions",
       WithAcl("[" + Grant("global/AllUsers", "FULL_CONTROL") + "]", ", \"ownership\": \"BucketOwnerEnforced\""),
       "------"},
      {"BucketOwnerPreferred keeps ACLs", "[S3-OWN]",
       WithAcl("[" + Grant("global/AllUsers", "READ") + "]", ", \"ownership\": \"BucketOwnerPreferred\""), "-P----"},
      {"ownership controls output", "get-bucket-ownership-controls shape",
       WithAcl("[" + Grant("global/AllUsers", "READ") + "]",
               R"(, "ownership": {"OwnershipControls": {"Rules": [{"ObjectOwnership": "BucketOwnerEnforced"}]}})"),
       "------"},
      {"enforced also cuts cross-account ACL grants", "[S3-OWN] ACLs are disabled altogether",
       WithAcl(R"([{"Grantee": {"Type": "CanonicalUser", "ID": "other-canonical-id"}, "Permission": "READ"}])",
               ", \"ownership\": \"BucketOwnerEnforced\""),
       "------"},

      // --- Block Public Access [S3-BPA] ---
      {"bucket IgnorePublicAcls", "[S3-BPA] IgnorePublicAcls ignores public ACL grants",
       WithAcl("[" + Grant("global/AllUsers", "READ") + "]", R"(, "public_access_block": {"IgnorePublicAcls": true})"),
       "------"},
      {"account IgnorePublicAcls", "[S3-BPA] the account setting applies to every bucket",
       WithAcl("[" + Grant("global/AllUsers", "READ") + "]",
               R"(, "account_public_access_block": {"IgnorePublicAcls": true})"),
       "------"},
      {"BlockPublicAcls alone keeps existing grants", "[S3-BPA] does not affect existing ACLs",
       WithAcl("[" + Grant("global/AllUsers", "READ") + "]", R"(, "public_access_block": {"BlockPublicAcls": true})"),
       "-P----"},
      {"IgnorePublicAcls keeps named-account grants", "only public grants are ignored",
       WithAcl(R"([{"Grantee": {"Type": "CanonicalUser", "ID": "other-canonical-id"}, "Permission": "READ"}])",
               R"(, "public_access_block": {"IgnorePublicAcls": true})"),
       "-X----"},
      {"get-public-access-block output", "aws s3api get-public-access-block shape",
       WithAcl(
           "[" + Grant("global/AllUsers", "READ") + "]",
           R"(, "public_access_block": {"PublicAccessBlockConfiguration": {"BlockPublicAcls": false, "IgnorePublicAcls": true, "BlockPublicPolicy": false, "RestrictPublicBuckets": false}})"),
       "------"},
      {"account RestrictPublicBuckets", "[S3-BPA] RPB: only the owner's account and services",
       WithStatements(AllowGetObject("\"*\""), R"(, "account_public_access_block": {"RestrictPublicBuckets": true})"),
       "------"},
      {"BlockPublicPolicy alone keeps the policy", "[S3-BPA] does not affect existing policies",
       WithStatements(AllowGetObject("\"*\""), R"(, "account_public_access_block": {"BlockPublicPolicy": true})"),
       "P-----"},
      {"RPB cuts cross-account when the policy is public",
       "[S3-BPA] worked example: only service principals keep access",
       WithStatements(
           R"([{"Effect": "Allow", "Principal": "*", "Action": "s3:GetObject", "Resource": "arn:aws:s3:::amzn-s3-demo-bucket/*"}, {"Effect": "Allow", "Principal": {"AWS": "444455556666"}, "Action": "s3:ListBucket", "Resource": "arn:aws:s3:::amzn-s3-demo-bucket"}])",
           R"(, "public_access_block": {"RestrictPublicBuckets": true})"),
       "------"},
      {"RPB keeps cross-account when the policy is not public", "[S3-BPA] RPB applies only to public policies",
       WithStatements(
           R"([{"Effect": "Allow", "Principal": {"AWS": "444455556666"}, "Action": "s3:ListBucket", "Resource": "arn:aws:s3:::amzn-s3-demo-bucket"}])",
           R"(, "public_access_block": {"RestrictPublicBuckets": true})"),
       "-X----"},
      {"RPB does not touch ACLs", "[S3-BPA] policy and ACL channels are separate",
       WithAcl("[" + Grant("global/AllUsers", "READ") + "]",
               R"(, "public_access_block": {"RestrictPublicBuckets": true})"),
       "-P----"},
      {"flags combine across levels", "[S3-BPA] most restrictive combination, flag by flag",
       "{\"bucket\": \"amzn-s3-demo-bucket\", \"account_public_access_block\": {\"IgnorePublicAcls\": true}, "
       "\"public_access_block\": {\"RestrictPublicBuckets\": true}, \"policy\": {\"Statement\": [{\"Effect\": "
       "\"Allow\", \"Principal\": \"*\", \"Action\": \"s3:GetObject\", \"Resource\": "
       "\"arn:aws:s3:::amzn-s3-demo-bucket/*\"}]}, \"acl\": {\"Grants\": [" +
           Grant("global/AllUsers", "WRITE") + "]}}",
       "------"},

      // --- What could not be read: never private ---
      {"policy unknown", "an unreadable part is never judged private",
       "{\"bucket\": \"amzn-s3-demo-bucket\", \"unknown\": {\"policy\": \"AccessDenied\"}}", "UUUUUU"},
      {"policy unknown under RPB", "[S3-BPA] RPB neutralises any public policy, readable or not",
       "{\"bucket\": \"amzn-s3-demo-bucket\", \"public_access_block\": {\"RestrictPublicBuckets\": true}, \"unknown\": "
       "{\"policy\": \"AccessDenied\"}}",
       "------"},
      {"acl unknown", "an unreadable part is never judged private",
       "{\"bucket\": \"amzn-s3-demo-bucket\", \"unknown\": {\"acl\": \"AccessDenied\"}}", "-UUUU-"},
      {"acl unknown but ACLs disabled", "[S3-OWN]",
       "{\"bucket\": \"amzn-s3-demo-bucket\", \"ownership\": \"BucketOwnerEnforced\", \"unknown\": {\"acl\": "
       "\"AccessDenied\"}}",
       "------"},
      {"public stays public when another part is unknown", "a known public grant is reported as such",
       "{\"bucket\": \"amzn-s3-demo-bucket\", \"acl\": {\"Grants\": [" + Grant("global/AllUsers", "READ") +
           "]}, \"unknown\": {\"policy\": \"AccessDenied\"}}",
       "UPUUUU"},
  };
}

std::string RowName(const ::testing::TestParamInfo<Row>& info) {
  std::string name = info.param.name;
  for (char& c : name) {
    if (!std::isalnum(static_cast<unsigned char>(c))) c = '_';
  }
  return name;
}

INSTANTIATE_TEST_SUITE_P(Rules, EvaluatorTable, ::testing::ValuesIn(Rows()), RowName);

// --- Details of findings, beyond the access table ---

const Finding* FindPolicyFinding(const Verdict& v, int statement) {
  for (const Finding& f : v.findings) {
    if (f.channel == Channel::kPolicy && f.statement == statement) return &f;
  }
  return nullptr;
}

TEST(Evaluator, FindingNamesStatementPrincipalAndBlock) {
  // [S3-BPA]: RestrictPublicBuckets at account level neutralises the public statement.
  Verdict v = Judge(
      WithStatements(AllowGetObject("\"*\""), R"(, "account_public_access_block": {"RestrictPublicBuckets": true})"));
  const Finding* f = FindPolicyFinding(v, 0);
  ASSERT_NE(f, nullptr);
  EXPECT_EQ(f->principal, "*");
  EXPECT_EQ(f->scope, Scope::kPublic);
  EXPECT_EQ(f->who, Who::kAnonymous);
  EXPECT_EQ(f->blocked_by.control, BlockedBy::Control::kRestrictPublicBuckets);
  EXPECT_TRUE(f->blocked_by.account_level);
  EXPECT_FALSE(f->blocked_by.bucket_level);
  EXPECT_TRUE(Has(f->access, AccessKind::kRead));
  EXPECT_EQ(v.policy_is_public, std::optional<bool>(true));  // GetBucketPolicyStatus: the policy text alone
  EXPECT_FALSE(v.exposed());
}

TEST(Evaluator, FullyDeniedStatementIsReportedAsCancelled) {
  Verdict v = Judge(WithStatements(
      R"([{"Sid": "Open", "Effect": "Allow", "Principal": "*", "Action": "s3:GetObject", "Resource": "arn:aws:s3:::amzn-s3-demo-bucket/*"}, {"Effect": "Deny", "Principal": "*", "Action": "s3:*", "Resource": "arn:aws:s3:::amzn-s3-demo-bucket/*"}])"));
  const Finding* f = FindPolicyFinding(v, 0);
  ASSERT_NE(f, nullptr);
  EXPECT_EQ(f->blocked_by.control, BlockedBy::Control::kDeny);
  EXPECT_EQ(f->blocked_by.deny_statement, 1);
  EXPECT_EQ(v.policy_is_public, std::optional<bool>(false));
}

TEST(Evaluator, PartlyDeniedStatementNamesTheDeny) {
  Verdict v = Judge(WithStatements(
      R"([{"Effect": "Allow", "Principal": "*", "Action": "s3:GetObject", "Resource": "arn:aws:s3:::amzn-s3-demo-bucket/*"}, {"Effect": "Deny", "Principal": "*", "Action": "s3:GetObject", "Resource": "arn:aws:s3:::amzn-s3-demo-bucket/secret/*"}])"));
  const Finding* f = FindPolicyFinding(v, 0);
  ASSERT_NE(f, nullptr);
  EXPECT_FALSE(f->blocked_by.blocked());
  EXPECT_EQ(f->partly_denied_by, std::vector<int>{1});
}

TEST(Evaluator, WhoForEachKindOfPublic) {
  EXPECT_EQ(Judge(WithStatements(AllowGetObject(R"({"Federated": "graph.facebook.com"})"))).who,
            Bit(Who::kFederatedWebIdentity));
  EXPECT_EQ(Judge(WithStatements(AllowGetObject("\"*\"", R"({"Bool": {"aws:PrincipalIsAWSService": "true"}})"))).who,
            Bit(Who::kAnyAwsService));
  EXPECT_EQ(Judge(WithAcl("[" + Grant("global/AuthenticatedUsers", "READ") + "]")).who, Bit(Who::kAnyAuthenticatedAws));
}

TEST(Evaluator, ConfigRuleAnswers) {
  // [CFG-R]/[CFG-W]; the prediction in docs/evaluator.md: read <= read or list,
  // write <= write or change access.
  Verdict list_only = Judge(WithAcl("[" + Grant("global/AllUsers", "READ") + "]"));
  EXPECT_TRUE(list_only.public_read);
  EXPECT_FALSE(list_only.public_write);
  Verdict write_acp = Judge(WithAcl("[" + Grant("global/AllUsers", "WRITE_ACP") + "]"));
  EXPECT_FALSE(write_acp.public_read);
  EXPECT_TRUE(write_acp.public_write);
  Verdict read_acp = Judge(WithAcl("[" + Grant("global/AllUsers", "READ_ACP") + "]"));
  EXPECT_FALSE(read_acp.public_read);
  EXPECT_FALSE(read_acp.public_write);
  EXPECT_TRUE(read_acp.exposed());  // AWS still calls the ACL public [S3-PUB]
  Verdict unknown = Judge("{\"bucket\": \"b\", \"unknown\": {\"policy\": \"AccessDenied\"}}");
  EXPECT_TRUE(unknown.public_read);  // never "compliant" on what could not be read
  EXPECT_TRUE(unknown.public_write);
  EXPECT_FALSE(unknown.cannot_judge.empty());
}

TEST(Evaluator, UncertainReadingsAreSaid) {
  // U11 (docs/evaluator.md, "Where AWS is silent: the choices made"): IfExists
  // judged public, and the finding says it is a judgement call.
  Verdict v =
      Judge(WithStatements(AllowGetObject("\"*\"", R"({"StringEqualsIfExists": {"aws:SourceVpce": "vpce-1"}})")));
  const Finding* f = FindPolicyFinding(v, 0);
  ASSERT_NE(f, nullptr);
  EXPECT_NE(f->uncertain.find("IfExists"), std::string::npos) << f->uncertain;
  // U8: the exact /8 boundary is judged not public, with a note.
  Verdict b = Judge(WithStatements(AllowGetObject("\"*\"", R"({"IpAddress": {"aws:SourceIp": "198.0.0.0/8"}})")));
  EXPECT_FALSE(b.exposed());
  bool noted = false;
  for (const Note& n : b.notes) noted = noted || n.message.find("U8") != std::string::npos;
  EXPECT_TRUE(noted);
}

TEST(Evaluator, ServicePrincipalWithoutSourceConditionIsWarned) {
  // IAM User Guide, "The confused deputy problem".
  Verdict v = Judge(WithStatements(
      R"([{"Effect": "Allow", "Principal": {"Service": "cloudtrail.amazonaws.com"}, "Action": "s3:PutObject", "Resource": "arn:aws:s3:::amzn-s3-demo-bucket/*"}])"));
  EXPECT_FALSE(v.exposed());
  ASSERT_EQ(v.notes.size(), 1u);
  EXPECT_EQ(v.notes[0].kind, Note::Kind::kWarning);
  Verdict ok = Judge(WithStatements(
      R"([{"Effect": "Allow", "Principal": {"Service": "cloudtrail.amazonaws.com"}, "Action": "s3:PutObject", "Resource": "arn:aws:s3:::amzn-s3-demo-bucket/*", "Condition": {"StringEquals": {"aws:SourceAccount": "111122223333"}}}])"));
  EXPECT_TRUE(ok.notes.empty());
}

TEST(Evaluator, NonBadActionIsNotedNotCounted) {
  // U10 (docs/evaluator.md, "Where AWS is silent: the choices made"):
  // s3:ReplicateObject is not among the documented bad actions.
  Verdict v = Judge(WithStatements(
      R"([{"Effect": "Allow", "Principal": "*", "Action": "s3:ReplicateObject", "Resource": "arn:aws:s3:::amzn-s3-demo-bucket/*"}])"));
  EXPECT_FALSE(v.exposed());
  ASSERT_FALSE(v.notes.empty());
  EXPECT_NE(v.notes[0].message.find("s3:ReplicateObject"), std::string::npos);
}

TEST(Evaluator, ActionNewerThanTheTableIsJudgedByItsName) {
  Verdict v = Judge(WithStatements(
      R"([{"Effect": "Allow", "Principal": "*", "Action": "s3:GetObjectFancyNewThing", "Resource": "arn:aws:s3:::amzn-s3-demo-bucket/*"}])"));
  EXPECT_EQ(v.Access(AccessKind::kRead), Scope::kPublic);
  const Finding* f = FindPolicyFinding(v, 0);
  ASSERT_NE(f, nullptr);
  EXPECT_EQ(f->unknown_actions, std::vector<std::string>{"s3:GetObjectFancyNewThing"});
  EXPECT_FALSE(f->uncertain.empty());
}

TEST(Evaluator, CrossAccountFindingNamesTheAccount) {
  Verdict v = Judge(WithStatements(AllowGetObject(R"({"AWS": "arn:aws:iam::444455556666:role/reader"})")));
  EXPECT_TRUE(v.cross_account);
  EXPECT_FALSE(v.exposed());
  const Finding* f = FindPolicyFinding(v, 0);
  ASSERT_NE(f, nullptr);
  EXPECT_EQ(f->account, "444455556666");
  EXPECT_EQ(f->scope, Scope::kCrossAccount);
}

}  // namespace
}  // namespace bucketwatch::exposure
