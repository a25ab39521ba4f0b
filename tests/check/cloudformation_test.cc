// Templates read into snapshots: intrinsics, creation defaults, linking a
// policy to its bucket, and errors that name the line.
#include "check/cloudformation.h"

#include <gtest/gtest.h>

#include "check/cfn_values.h"
#include "check/judge.h"

namespace bucketwatch::check {
namespace {

TemplateVariants Read(const std::string& text, Assumptions a = {}) { return ReadCloudFormation(text, "t.yaml", a); }

const PlannedBucket& Only(const TemplateVariants& v) {
  EXPECT_EQ(v.variants.size(), 1u);
  EXPECT_EQ(v.variants[0].buckets.size(), 1u);
  return v.variants[0].buckets[0];
}

TEST(CloudFormation, NewBucketGetsTheDefaultsOfApril2023) {
  auto v = Read("Resources:\n  B:\n    Type: AWS::S3::Bucket\n");
  const PlannedBucket& b = Only(v);
  EXPECT_TRUE(b.created);
  EXPECT_EQ(b.line, 2);
  ASSERT_TRUE(b.snapshot.public_access_block.present());
  EXPECT_EQ(b.snapshot.public_access_block.value(), (exposure::BlockPublicAccess{true, true, true, true}));
  EXPECT_EQ(b.snapshot.ownership.value(), exposure::ObjectOwnership::kBucketOwnerEnforced);
}

TEST(CloudFormation, PartialBlockPublicAccessLeavesTheRestOff) {
  auto v = Read(R"(Resources:
  B:
    Type: AWS::S3::Bucket
    Properties:
      PublicAccessBlockConfiguration: {BlockPublicAcls: true, IgnorePublicAcls: "true"}
)");
  EXPECT_EQ(Only(v).snapshot.public_access_block.value(), (exposure::BlockPublicAccess{true, true, false, false}));
}

TEST(CloudFormation, IntrinsicsResolveIntoThePolicy) {
  Assumptions a;
  a.account_id = "111122223333";
  a.parameters = {{"Env", "prod"}};
  auto v = Read(
      R"({"Parameters": {"Env": {"Type": "String", "Default": "dev"}, "Ids": {"Type": "CommaDelimitedList", "Default": "a,b"}},
 "Resources": {
  "B": {"Type": "AWS::S3::Bucket", "Properties": {"BucketName": {"Fn::Sub": ["logs-${E}-${AWS::AccountId}", {"E": {"Ref": "Env"}}]}}},
  "P": {"Type": "AWS::S3::BucketPolicy", "Properties": {"Bucket": "logs-prod-111122223333", "PolicyDocument": {"Statement": [
    {"Effect": "Allow", "Principal": {"AWS": {"Fn::Join": ["", ["arn:", {"Ref": "AWS::Partition"}, ":iam::", {"Fn::Select": [1, {"Fn::Split": [",", "x,444455556666"]}]}, ":root"]]}},
     "Action": "s3:GetObject", "Resource": {"Fn::Sub": "${B.Arn}/${Ids}"}}]}}}}})",
      a);
  const PlannedBucket& b = Only(v);
  EXPECT_TRUE(v.errors.empty()) << v.errors[0].ToString();
  EXPECT_EQ(b.snapshot.bucket, "logs-prod-111122223333");
  EXPECT_EQ(b.policy_resource, "P");
  EXPECT_NE(b.snapshot.policy_text.find("arn:aws:iam::444455556666:root"), std::string::npos) << b.snapshot.policy_text;
  EXPECT_NE(b.snapshot.policy_text.find("arn:aws:s3:::logs-prod-111122223333/"), std::string::npos)
      << b.snapshot.policy_text;
}

TEST(CloudFormation, UnknownParameterInResourceWidensButInConditionCannotBeJudged) {
  auto v = Read(R"(Parameters:
  Name: {Type: String}
  Vpce: {Type: String}
Resources:
  B:
    Type: AWS::S3::Bucket
  P:
    Type: AWS::S3::BucketPolicy
    Properties:
      Bucket: !Ref B
      PolicyDocument:
        Statement:
          - Effect: Allow
            Principal: "*"
            Action: s3:GetObject
            Resource: !Sub "arn:aws:s3:::${Name}/*"
)");
  const PlannedBucket& b = Only(v);
  ASSERT_TRUE(b.snapshot.policy.present());
  EXPECT_NE(b.snapshot.policy_text.find("arn:aws:s3:::*/*"), std::string::npos) << b.snapshot.policy_text;

  auto c = Read(R"(Parameters:
  Vpce: {Type: String}
Resources:
  B:
    Type: AWS::S3::Bucket
  P:
    Type: AWS::S3::BucketPolicy
    Properties:
      Bucket: !Ref B
      PolicyDocument:
        Statement:
          - Effect: Allow
            Principal: "*"
            Action: s3:GetObject
            Resource: !Sub "${B.Arn}/*"
            Condition: {StringEquals: {"aws:SourceVpce": !Ref Vpce}}
)");
  ASSERT_TRUE(Only(c).snapshot.policy.unknown());
  EXPECT_NE(Only(c).snapshot.policy.unknown_reason().find("parameter Vpce has no default"), std::string::npos);
}

TEST(CloudFormation, PolicyForABucketDefinedElsewhereHasUnknownSettings) {
  auto v = Read(R"(Resources:
  P:
    Type: AWS::S3::BucketPolicy
    Properties:
      Bucket: existing-bucket
      PolicyDocument: {Statement: [{Effect: Allow, Principal: "*", Action: "s3:GetObject", Resource: "arn:aws:s3:::existing-bucket/*"}]}
)");
  const PlannedBucket& b = Only(v);
  EXPECT_FALSE(b.created);
  EXPECT_EQ(b.snapshot.bucket, "existing-bucket");
  EXPECT_TRUE(b.snapshot.public_access_block.unknown());
  EXPECT_TRUE(b.snapshot.ownership.unknown());
  EXPECT_TRUE(Judge(v)[0].deploy.empty()) << "nothing known to refuse it";
}

TEST(CloudFormation, PublicPolicyOnANewBucketWouldFailToDeploy) {
  auto v = Read(R"(Resources:
  B:
    Type: AWS::S3::Bucket
  P:
    Type: AWS::S3::BucketPolicy
    Properties:
      Bucket: !Ref B
      PolicyDocument: {Statement: [{Effect: Allow, Principal: "*", Action: "s3:GetObject", Resource: !Sub "${B.Arn}/*"}]}
)");
  auto checked = Judge(v);
  ASSERT_EQ(checked.size(), 1u);
  EXPECT_EQ(checked[0].deploy,
            "would fail to deploy: BlockPublicPolicy (bucket level) refuses the public bucket policy P (AccessDenied)");
  EXPECT_FALSE(checked[0].verdict.public_read);
}

TEST(CloudFormation, FalseResourceConditionIsNotCreated) {
  auto v = Read(R"(Conditions:
  Never: !Equals [a, b]
Resources:
  B:
    Type: AWS::S3::Bucket
    Condition: Never
)");
  ASSERT_EQ(v.variants.size(), 1u);
  EXPECT_TRUE(v.variants[0].buckets.empty());
}

TEST(CloudFormation, UnknownConditionGivesOneVariantPerValue) {
  auto v = Read(R"(Parameters:
  P: {Type: String}
Conditions:
  C: !Equals [!Ref P, x]
Resources:
  B:
    Type: AWS::S3::Bucket
    Properties:
      AccessControl: !If [C, PublicRead, Private]
)");
  ASSERT_EQ(v.unknown_conditions, std::vector<std::string>{"C"});
  ASSERT_EQ(v.variants.size(), 2u);
  EXPECT_EQ(v.variants[0].buckets[0].canned_acl, "Private");
  EXPECT_EQ(v.variants[1].buckets[0].canned_acl, "PublicRead");
}

TEST(CloudFormation, ErrorsNameTheLine) {
  auto v = Read("Resources:\n  B:\n    Type: AWS::S3::Bucket\n    Properties:\n      BucketName: !Ref Nowhere\n");
  ASSERT_EQ(v.errors.size(), 1u);
  EXPECT_EQ(v.errors[0].ToString(), "t.yaml: line 5: Ref to \"Nowhere\", which is neither a parameter nor a resource");
  auto bad = Read("Resources: [\n");
  ASSERT_EQ(bad.errors.size(), 1u);
  EXPECT_NE(bad.errors[0].ToString().find("t.yaml: line "), std::string::npos);
  auto bad_values = Read(R"(Resources:
  B:
    Type: AWS::S3::Bucket
    Properties:
      AccessControl: [1]
      PublicAccessBlockConfiguration: yes
      OwnershipControls: {Rules: x}
)");
  ASSERT_EQ(bad_values.errors.size(), 3u);
  EXPECT_EQ(bad_values.errors[0].ToString(),
            "t.yaml: line 6: PublicAccessBlockConfiguration must be a mapping of the four flags");
  EXPECT_EQ(bad_values.errors[1].ToString(),
            "t.yaml: line 7: OwnershipControls must have Rules: [{ObjectOwnership: ...}]");
  EXPECT_EQ(bad_values.errors[2].ToString(), "t.yaml: line 5: AccessControl must be a canned ACL name");
  const PlannedBucket& b = Only(bad_values);
  EXPECT_TRUE(b.snapshot.acl.unknown());
  EXPECT_TRUE(b.snapshot.public_access_block.unknown());
  EXPECT_TRUE(b.snapshot.ownership.unknown());
  auto not_cfn = Read("foo: bar\n");
  ASSERT_EQ(not_cfn.errors.size(), 1u);
  EXPECT_NE(not_cfn.errors[0].message().find("expected a mapping with Resources"), std::string::npos);
}

}  // namespace
}  // namespace bucketwatch::check

namespace bucketwatch::check {
namespace {

// The policy text handed to the evaluator is written by the streaming
// writer; it must read as nlohmann's dump() would have written it.
TEST(CloudFormation, JsonTextIsWhatDumpWrites) {
  Value v = Value::parse(R"({"Version":"2012-10-17","Statement":[{"Sid":"é \"q\" \\ \u0001 tab\t",)"
                         R"("Effect":"Allow","Principal":"*","Action":["s3:GetObject"],"N":-3,"U":18446744073709551,)"
                         R"("B":true,"Z":null,"E":{},"A":[]}]})");
  EXPECT_EQ(JsonText(v), v.dump());
  // What the writer has no form for is left to dump().
  Value floats = Value::parse(R"({"Condition":{"NumericLessThan":{"s3:max-keys":1.5}},"Big":18446744073709551615})");
  EXPECT_EQ(JsonText(floats), floats.dump());
}

}  // namespace
}  // namespace bucketwatch::check
