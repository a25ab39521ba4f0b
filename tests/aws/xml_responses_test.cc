// Every response and error body of tests/data/api (S3, S3 Control, STS),
// checked against what botocore parsed from the same bytes
// (tests/data/api/botocore_wire/*.txt, "parsed response"), plus RGW's
// variants (docs/sources.md, "Ceph RGW as a test stand-in") and broken bodies.
#include "aws/xml_responses.h"

#include <gtest/gtest.h>

#include "aws/timestamp.h"
#include "test_files.h"

namespace bucketwatch::aws {
namespace {

using testing::ReadData;

TEST(ListBuckets, PaginatedPageHasOwnerBucketsRegionsAndToken) {
  auto r = ParseListBuckets(ReadData("api/s3/ListBuckets.response.paginated.xml"));
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  EXPECT_EQ(r->owner_id, "75aa57f09aa0c8caeab4f8c24e99d10f8e7faeebf76c078efc7c6caea54ba06a");
  ASSERT_EQ(r->buckets.size(), 2u);
  EXPECT_EQ(r->buckets[0].name, "example-bucket-1");
  EXPECT_EQ(r->buckets[0].region, "us-east-1");
  EXPECT_EQ(r->buckets[0].creation_date, "2019-12-11T23:32:47.000Z");
  EXPECT_EQ(r->buckets[1].name, "example-bucket-2");
  EXPECT_EQ(r->buckets[1].region, "ap-northeast-1");
  EXPECT_EQ(r->continuation_token, "eyJNYXJrZXIiOiAiZXhhbXBsZS1idWNrZXQtMiJ9");
}

TEST(ListBuckets, LastPageHasNoTokenAndEmptyListIsEmpty) {
  auto last = ParseListBuckets(ReadData("api/s3/ListBuckets.response.last-page.xml"));
  ASSERT_TRUE(last.ok());
  EXPECT_EQ(last->continuation_token, "");
  ASSERT_EQ(last->buckets.size(), 1u);
  EXPECT_EQ(last->buckets[0].region, "eu-west-1");
  auto empty = ParseListBuckets(ReadData("api/s3/ListBuckets.response.empty.xml"));
  ASSERT_TRUE(empty.ok());
  EXPECT_TRUE(empty->buckets.empty());
}

// S3 API Reference, GetBucketLocation: empty means us-east-1, EU means eu-west-1.
TEST(GetBucketLocation, EmptyIsUsEast1AndEuIsEuWest1) {
  EXPECT_EQ(ParseBucketLocation(ReadData("api/s3/GetBucketLocation.response.us-east-1.xml")).value(), "us-east-1");
  EXPECT_EQ(ParseBucketLocation(ReadData("api/s3/GetBucketLocation.response.EU.xml")).value(), "eu-west-1");
  EXPECT_EQ(ParseBucketLocation(ReadData("api/s3/GetBucketLocation.response.ap-northeast-1.xml")).value(),
            "ap-northeast-1");
}

TEST(GetBucketAcl, GrantsOfEveryGranteeType) {
  auto acl = ParseAccessControlPolicy(ReadData("api/s3/GetBucketAcl.response.xml"));
  ASSERT_TRUE(acl.ok()) << acl.status().ToString();
  EXPECT_EQ(acl->owner_id, "75aa57f09aa0c8caeab4f8c24e99d10f8e7faeebf76c078efc7c6caea54ba06a");
  ASSERT_EQ(acl->grants.size(), 4u);
  EXPECT_EQ(acl->grants[0].type, exposure::GranteeType::kCanonicalUser);
  EXPECT_EQ(acl->grants[0].permission, exposure::AclPermission::kFullControl);
  EXPECT_EQ(acl->grants[1].type, exposure::GranteeType::kAllUsers);
  EXPECT_EQ(acl->grants[1].permission, exposure::AclPermission::kRead);
  EXPECT_EQ(acl->grants[2].type, exposure::GranteeType::kAuthenticatedUsers);
  EXPECT_EQ(acl->grants[2].permission, exposure::AclPermission::kWrite);
  EXPECT_EQ(acl->grants[3].type, exposure::GranteeType::kLogDelivery);
  EXPECT_EQ(acl->grants[3].permission, exposure::AclPermission::kReadAcp);
}

TEST(GetBucketAcl, UnknownGranteeTypeOrPermissionIsAnErrorNotASkip) {
  std::string body = ReadData("api/s3/GetBucketAcl.response.xml");
  std::string odd = body;
  odd.replace(odd.find("xsi:type=\"Group\""), 16, "xsi:type=\"Robot\"");
  auto r = ParseAccessControlPolicy(odd);
  ASSERT_FALSE(r.ok());
  EXPECT_NE(r.status().message().find("unknown grantee type \"Robot\""), std::string::npos);
  std::string perm = body;
  perm.replace(perm.find("<Permission>READ</Permission>"), 29, "<Permission>PEEK</Permission>");
  EXPECT_FALSE(ParseAccessControlPolicy(perm).ok());
}

TEST(GetPublicAccessBlock, AwsShapeRgwShapeAndMissingFlags) {
  auto aws = ParsePublicAccessBlock(ReadData("api/s3/GetPublicAccessBlock.response.xml"));
  ASSERT_TRUE(aws.ok());
  EXPECT_EQ(*aws, (exposure::BlockPublicAccess{true, true, false, false}));
  auto control = ParsePublicAccessBlock(ReadData("api/s3control/GetPublicAccessBlock.response.xml"));
  ASSERT_TRUE(control.ok());
  EXPECT_EQ(*control, (exposure::BlockPublicAccess{true, true, true, true}));
  // RGW Pacific: another root name, no namespace (docs/sources.md, "Ceph RGW as a test stand-in").
  auto rgw = ParsePublicAccessBlock(
      "<BlockPublicAccessBlockConfiguration><BlockPublicAcls>false</BlockPublicAcls><IgnorePublicAcls>true"
      "</IgnorePublicAcls></BlockPublicAccessBlockConfiguration>");
  ASSERT_TRUE(rgw.ok());
  EXPECT_EQ(*rgw, (exposure::BlockPublicAccess{false, true, false, false}));
  auto bad = ParsePublicAccessBlock(
      "<PublicAccessBlockConfiguration><BlockPublicAcls>yes</BlockPublicAcls></PublicAccessBlockConfiguration>");
  ASSERT_FALSE(bad.ok());
  EXPECT_NE(bad.status().message().find("expected true or false"), std::string::npos);
}

TEST(GetBucketOwnershipControls, RuleValueAndRgwListingIsAnError) {
  auto o = ParseOwnershipControls(ReadData("api/s3/GetBucketOwnershipControls.response.xml"));
  ASSERT_TRUE(o.ok());
  EXPECT_EQ(*o, exposure::ObjectOwnership::kBucketOwnerEnforced);
  // RGW answers ?ownershipControls with an object listing (docs/sources.md, "Ceph RGW as a test stand-in").
  auto rgw = ParseOwnershipControls(
      "<?xml version=\"1.0\"?><ListBucketResult xmlns=\"http://s3.amazonaws.com/doc/2006-03-01/\"><Name>b</Name>"
      "</ListBucketResult>");
  ASSERT_FALSE(rgw.ok());
  EXPECT_NE(rgw.status().message().find("does not implement Object Ownership"), std::string::npos);
  EXPECT_FALSE(ParseOwnershipControls("<OwnershipControls></OwnershipControls>").ok());
  EXPECT_FALSE(ParseOwnershipControls(
                   "<OwnershipControls><Rule><ObjectOwnership>Mine</ObjectOwnership></Rule></OwnershipControls>")
                   .ok());
}

TEST(GetBucketPolicyStatus, IsPublic) {
  auto p = ParsePolicyStatus(ReadData("api/s3/GetBucketPolicyStatus.response.xml"));
  ASSERT_TRUE(p.ok());
  EXPECT_TRUE(*p);
}

TEST(Sts, GetCallerIdentityAndAssumeRole) {
  auto id = ParseGetCallerIdentity(ReadData("api/sts/GetCallerIdentity.response.xml"));
  ASSERT_TRUE(id.ok()) << id.status().ToString();
  EXPECT_EQ(id->account, "123456789012");
  EXPECT_EQ(id->arn, "arn:aws:sts::123456789012:assumed-role/bucketwatch-lambda/bucketwatch");
  auto c = ParseAssumeRoleCredentials(ReadData("api/sts/AssumeRole.response.xml"));
  ASSERT_TRUE(c.ok()) << c.status().ToString();
  EXPECT_EQ(c->access_key_id, "ASIAIOSFODNN7EXAMPLE");
  EXPECT_EQ(c->secret_access_key, "wJalrXUtnFEMI/K7MDENG/bPxRfiCYzEXAMPLEKEY");
  EXPECT_EQ(c->session_token.substr(0, 20), "IQoJb3JpZ2luX2VjEXAM");
  EXPECT_EQ(FormatIso8601(*c->expiration), "2026-11-28T23:00:00Z");
  EXPECT_EQ(c->account_id, "123456789012");
}

struct ErrorCase {
  std::string file;
  std::string code;
};

TEST(ErrorBodies, EveryS3S3ControlAndStsErrorGivesItsCode) {
  std::vector<ErrorCase> cases = {
      {"s3/errors/AccessDenied.403.xml", "AccessDenied"},
      {"s3/errors/AuthorizationHeaderMalformed.400.xml", "AuthorizationHeaderMalformed"},
      {"s3/errors/ExpiredToken.400.xml", "ExpiredToken"},
      {"s3/errors/InternalError.500.xml", "InternalError"},
      {"s3/errors/InvalidAccessKeyId.403.xml", "InvalidAccessKeyId"},
      {"s3/errors/NoSuchBucket.404.xml", "NoSuchBucket"},
      {"s3/errors/NoSuchBucketPolicy.404.xml", "NoSuchBucketPolicy"},
      {"s3/errors/NoSuchPublicAccessBlockConfiguration.404.xml", "NoSuchPublicAccessBlockConfiguration"},
      {"s3/errors/OwnershipControlsNotFoundError.404.xml", "OwnershipControlsNotFoundError"},
      {"s3/errors/PermanentRedirect.301.xml", "PermanentRedirect"},
      {"s3/errors/RequestTimeTooSkewed.403.xml", "RequestTimeTooSkewed"},
      {"s3/errors/SignatureDoesNotMatch.403.xml", "SignatureDoesNotMatch"},
      {"s3/errors/SlowDown.503.xml", "SlowDown"},
      {"s3control/NoSuchPublicAccessBlockConfiguration.404.xml", "NoSuchPublicAccessBlockConfiguration"},
      {"sts/AccessDenied.403.xml", "AccessDenied"},
      {"sts/ExpiredToken.400.xml", "ExpiredToken"},
      {"sts/Throttling.400.xml", "Throttling"},
  };
  for (const ErrorCase& c : cases) {
    SCOPED_TRACE(c.file);
    auto e = ParseErrorBody(ReadData("api/" + c.file));
    ASSERT_TRUE(e.ok()) << e.status().ToString();
    EXPECT_EQ(e->code, c.code);
    EXPECT_FALSE(e->message.empty());
    EXPECT_FALSE(e->request_id.empty());
  }
  auto redirect = ParseErrorBody(ReadData("api/s3/errors/AuthorizationHeaderMalformed.400.xml"));
  EXPECT_EQ(redirect->region, "ap-northeast-1");
  auto moved = ParseErrorBody(ReadData("api/s3/errors/PermanentRedirect.301.xml"));
  EXPECT_EQ(moved->endpoint, "example-bucket-2.s3.ap-northeast-1.amazonaws.com");
  auto skew = ParseErrorBody(ReadData("api/s3/errors/RequestTimeTooSkewed.403.xml"));
  EXPECT_EQ(skew->server_time, "2026-11-28T22:00:00Z");
}

// Bad input: truncated and invalid bodies are errors that say what is wrong.
TEST(BadBodies, TruncatedInvalidEmptyAndWrongRootAreErrors) {
  std::string acl = ReadData("api/s3/GetBucketAcl.response.xml");
  for (size_t cut : {size_t{10}, acl.size() / 2, acl.size() - 30}) {
    auto r = ParseAccessControlPolicy(acl.substr(0, cut));
    ASSERT_FALSE(r.ok()) << cut;
    EXPECT_EQ(r.status().code(), StatusCode::kInvalidInput);
  }
  auto truncated = ParseAccessControlPolicy(acl.substr(0, acl.size() / 2));
  EXPECT_NE(truncated.status().message().find("not well-formed XML"), std::string::npos);
  auto empty = ParseListBuckets("");
  ASSERT_FALSE(empty.ok());
  EXPECT_NE(empty.status().message().find("empty"), std::string::npos);
  auto html = ParseListBuckets("<html><body>Bad Gateway</body></html>");
  ASSERT_FALSE(html.ok());
  EXPECT_NE(html.status().message().find("expected <ListAllMyBucketsResult>, found <html>"), std::string::npos);
  EXPECT_FALSE(ParseErrorBody("not xml at all").ok());
  EXPECT_FALSE(ParseErrorBody("<Error><Message>no code</Message></Error>").ok());
  EXPECT_FALSE(ParsePolicyStatus("<PolicyStatus/>").ok());
  EXPECT_FALSE(ParseGetCallerIdentity("<GetCallerIdentityResponse><GetCallerIdentityResult><Account>12</Account>"
                                      "</GetCallerIdentityResult></GetCallerIdentityResponse>")
                   .ok());
  EXPECT_FALSE(ParseAssumeRoleCredentials("<AssumeRoleResponse><AssumeRoleResult><Credentials><AccessKeyId>A"
                                          "</AccessKeyId></Credentials></AssumeRoleResult></AssumeRoleResponse>")
                   .ok());
  EXPECT_FALSE(ParseListBuckets("<ListAllMyBucketsResult><Buckets><Bucket><CreationDate>x</CreationDate></Bucket>"
                                "</Buckets></ListAllMyBucketsResult>")
                   .ok());
}

TEST(BadBodies, EntityDeclarationsAreNotExpanded) {
  // pugixml does not process DTDs: no external entities, no billion laughs.
  auto r = ParseBucketLocation(
      "<?xml version=\"1.0\"?><!DOCTYPE l [<!ENTITY x SYSTEM \"file:///etc/passwd\">]>"
      "<LocationConstraint>&x;</LocationConstraint>");
  if (r.ok()) {
    EXPECT_EQ(r->find("root"), std::string::npos);
  }
}

TEST(Timestamps, Iso8601Forms) {
  EXPECT_EQ(FormatIso8601(ParseIso8601("2026-11-28T23:00:00Z").value()), "2026-11-28T23:00:00Z");
  EXPECT_EQ(FormatIso8601(ParseIso8601("2019-12-11T23:32:47.000Z").value()), "2019-12-11T23:32:47Z");
  EXPECT_EQ(FormatIso8601(ParseIso8601("2026-11-29T08:00:00+09:00").value()), "2026-11-28T23:00:00Z");
  EXPECT_FALSE(ParseIso8601("2026-11-28T23:00:00").ok());  // no zone: refused, not guessed
  EXPECT_FALSE(ParseIso8601("yesterday").ok());
  EXPECT_EQ(AccountOfArn("arn:aws:sts::123456789012:assumed-role/r/s"), "123456789012");
  EXPECT_EQ(AccountOfArn("arn:aws:iam::aws:policy/x"), "");
}

}  // namespace
}  // namespace bucketwatch::aws
