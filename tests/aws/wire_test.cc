// Byte-for-byte agreement with botocore's signed requests
// (tests/data/api/botocore_wire/*.txt; their origin: tests/data/SOURCES.md): first the
// signer alone on all 36 captures (S3, S3 Control, STS, Config, SQS,
// DynamoDB), then each request bucketwatch itself builds for the calls it
// makes, through its clients, sent to a recording transport.
#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include <algorithm>
#include <filesystem>
#include <map>

#include "aws/bucket_snapshot.h"
#include "aws/dynamodb_client.h"
#include "aws/s3_client.h"
#include "aws/s3control_client.h"
#include "aws/sigv4.h"
#include "aws/sts_client.h"
#include "aws/timestamp.h"
#include "fake_transport.h"
#include "test_files.h"

namespace bucketwatch::aws {
namespace {

namespace fs = std::filesystem;
using testing::DataPath;
using testing::FakeHooks;
using testing::ReadData;
using testing::ReadFile;
using testing::Script;

const Clock::time_point kCaptureTime = ParseIso8601("2026-01-02T03:04:05Z").value();
const Credentials kCaptureCredentials{.access_key_id = "AKIDEXAMPLE",
                                      .secret_access_key = "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY",
                                      .session_token = "session-token-example"};

struct Golden {
  std::string method, url;
  std::vector<net::Header> headers;  // without the unsigned per-call placeholders
  std::string body;
  std::string authorization;
};

Golden ReadGolden(const std::string& name) {
  std::string text = ReadData("api/botocore_wire/" + name + ".txt");
  Golden g;
  std::vector<std::string> lines;
  size_t pos = 0;
  while (pos < text.size()) {
    size_t end = text.find('\n', pos);
    if (end == std::string::npos) end = text.size();
    lines.push_back(text.substr(pos, end - pos));
    pos = end + 1;
  }
  size_t i = 0;
  while (lines[i].starts_with("#")) ++i;
  g.method = lines[i].substr(0, lines[i].find(' '));
  g.url = lines[i].substr(lines[i].find(' ') + 1);
  for (++i; i < lines.size() && !lines[i].empty(); ++i) {
    std::string hname = lines[i].substr(0, lines[i].find(':'));
    std::string value = lines[i].substr(lines[i].find(':') + 2);
    if (hname == "Authorization") g.authorization = value;
    if (hname == "User-Agent" || hname.starts_with("amz-sdk-") || hname == "Content-Length") continue;
    g.headers.push_back({hname, value});
  }
  size_t body_end = text.find("\n\n# parsed response:");
  size_t body_start = text.find("\n\n", text.find(g.url)) + 2;
  if (body_start < body_end) g.body = text.substr(body_start, body_end - body_start);
  return g;
}

std::vector<std::pair<std::string, std::string>> Normalised(const std::vector<net::Header>& headers) {
  std::vector<std::pair<std::string, std::string>> out;
  for (const auto& h : headers) {
    std::string n = h.name;
    for (char& c : n) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    if (n == "user-agent") continue;
    out.emplace_back(n, h.value);
  }
  std::sort(out.begin(), out.end());
  return out;
}

TEST(BotocoreWire, SignerReproducesEveryAuthorizationHeader) {
  int n = 0;
  for (const auto& entry : fs::directory_iterator(DataPath("api/botocore_wire"))) {
    std::string name = entry.path().stem().string();
    SCOPED_TRACE(name);
    Golden g = ReadGolden(name);
    std::string scope = g.authorization.substr(g.authorization.find('/') + 1);  // 20260102/region/service/...
    std::string region = scope.substr(9, scope.find('/', 9) - 9);
    std::string rest = scope.substr(scope.find('/', 9) + 1);
    std::string service = rest.substr(0, rest.find('/'));
    std::string after_scheme = g.url.substr(g.url.find("://") + 3);
    std::string target = after_scheme.substr(after_scheme.find('/'));
    SignableRequest req;
    req.method = g.method;
    req.path = target.substr(0, target.find('?'));
    if (target.find('?') != std::string::npos) req.query = target.substr(target.find('?') + 1);
    for (const auto& h : g.headers) {
      if (h.name == "Authorization" || h.name == "X-Amz-Date" || h.name == "X-Amz-Security-Token") continue;
      req.headers.push_back(h);
    }
    req.body = g.body;
    SigningParams params{.region = region,
                         .service = service,
                         .time = kCaptureTime,
                         .s3 = service == "s3",
                         .content_sha256_header = service == "s3"};
    Signed s = SignHeaders(req, kCaptureCredentials, params);
    EXPECT_EQ(s.headers.back().value, g.authorization);
    ++n;
  }
  EXPECT_EQ(n, 36);
}

// The context of the captures: fixed key, token and time, region as given.
std::shared_ptr<AwsContext> CaptureContext(std::shared_ptr<Script> script, std::string region) {
  ClientConfig config;
  config.region = std::move(region);
  config.max_attempts = 3;
  return std::make_shared<AwsContext>(config, std::make_unique<StaticCredentialsProvider>(kCaptureCredentials),
                                      FakeHooks(std::move(script), kCaptureTime));
}

void ExpectSameRequest(const net::HttpRequest& sent, const std::string& golden_name) {
  SCOPED_TRACE(golden_name);
  Golden g = ReadGolden(golden_name);
  EXPECT_EQ(sent.method, g.method);
  EXPECT_EQ(sent.url, g.url);
  EXPECT_EQ(Normalised(sent.headers), Normalised(g.headers));
  EXPECT_EQ(sent.body, g.body);
}

TEST(BotocoreWire, ListBucketsPagesAreBotocoresRequests) {
  auto script = std::make_shared<Script>();
  script->Answer(200, ReadData("api/s3/ListBuckets.response.paginated.xml"));
  script->Answer(200, ReadData("api/s3/ListBuckets.response.last-page.xml"));
  S3Client s3(CaptureContext(script, "us-east-1"));
  auto all = s3.ListAllBuckets(1000);
  ASSERT_TRUE(all.ok()) << all.status().ToString();
  ASSERT_EQ(script->sent.size(), 2u);
  ExpectSameRequest(script->sent[0], "s3-ListBuckets-page1");
  ExpectSameRequest(script->sent[1], "s3-ListBuckets-page2");
  ASSERT_EQ(all->buckets.size(), 3u);
  EXPECT_EQ(all->buckets[2].name, "example-bucket-3");
}

TEST(BotocoreWire, GetBucketLocationIsPathStyleOnTheGlobalEndpoint) {
  for (std::string variant : {"us-east-1", "EU"}) {
    auto script = std::make_shared<Script>();
    script->Answer(200, ReadData("api/s3/GetBucketLocation.response." + variant + ".xml"));
    S3Client s3(CaptureContext(script, "us-east-1"));
    auto region = s3.GetBucketLocation("example-bucket-1");
    ASSERT_TRUE(region.ok());
    EXPECT_EQ(*region, variant == "EU" ? "eu-west-1" : "us-east-1");
    ExpectSameRequest(script->sent.at(0), "s3-GetBucketLocation-" + variant);
  }
}

struct BucketCallCase {
  std::string golden;
  long status;
  std::string body_file;
  std::function<std::string(S3Client&)> call;  // returns a description of the result
};

TEST(BotocoreWire, BucketCallsAreBotocoresRequestsAndReadTheirAnswers) {
  std::vector<BucketCallCase> cases = {
      {"s3-GetBucketPolicy", 200, "s3/GetBucketPolicy.response.json",
       [](S3Client& c) {
         auto r = c.GetBucketPolicy("example-bucket-1");
         return r.ok() && r->has_value() ? std::string("policy") : r.status().ToString();
       }},
      {"s3-GetBucketPolicy-none", 404, "s3/errors/NoSuchBucketPolicy.404.xml",
       [](S3Client& c) {
         auto r = c.GetBucketPolicy("example-bucket-1");
         return r.ok() && !r->has_value() ? std::string("absent") : std::string("?");
       }},
      {"s3-GetBucketAcl", 200, "s3/GetBucketAcl.response.xml",
       [](S3Client& c) {
         auto r = c.GetBucketAcl("example-bucket-1");
         return r.ok() ? std::to_string(r->grants.size()) + " grants" : r.status().ToString();
       }},
      {"s3-GetPublicAccessBlock", 200, "s3/GetPublicAccessBlock.response.xml",
       [](S3Client& c) {
         auto r = c.GetPublicAccessBlock("example-bucket-1");
         return r.ok() && r->has_value() && (*r)->block_public_acls ? std::string("bpa") : std::string("?");
       }},
      {"s3-GetPublicAccessBlock-none", 404, "s3/errors/NoSuchPublicAccessBlockConfiguration.404.xml",
       [](S3Client& c) {
         auto r = c.GetPublicAccessBlock("example-bucket-1");
         return r.ok() && !r->has_value() ? std::string("absent") : std::string("?");
       }},
      {"s3-GetBucketPolicyStatus", 200, "s3/GetBucketPolicyStatus.response.xml",
       [](S3Client& c) {
         auto r = c.GetBucketPolicyStatus("example-bucket-1");
         return r.ok() && r->value_or(false) ? std::string("public") : std::string("?");
       }},
      {"s3-GetBucketOwnershipControls", 200, "s3/GetBucketOwnershipControls.response.xml",
       [](S3Client& c) {
         auto r = c.GetBucketOwnershipControls("example-bucket-1");
         return r.ok() && r->has_value() ? std::string(exposure::ObjectOwnershipName(**r)) : std::string("?");
       }},
      {"s3-GetBucketOwnershipControls-none", 404, "s3/errors/OwnershipControlsNotFoundError.404.xml",
       [](S3Client& c) {
         auto r = c.GetBucketOwnershipControls("example-bucket-1");
         return r.ok() && !r->has_value() ? std::string("absent") : std::string("?");
       }},
  };
  std::map<std::string, std::string> want = {{"s3-GetBucketPolicy", "policy"},
                                             {"s3-GetBucketPolicy-none", "absent"},
                                             {"s3-GetBucketAcl", "4 grants"},
                                             {"s3-GetPublicAccessBlock", "bpa"},
                                             {"s3-GetPublicAccessBlock-none", "absent"},
                                             {"s3-GetBucketPolicyStatus", "public"},
                                             {"s3-GetBucketOwnershipControls", "BucketOwnerEnforced"},
                                             {"s3-GetBucketOwnershipControls-none", "absent"}};
  for (const BucketCallCase& c : cases) {
    SCOPED_TRACE(c.golden);
    auto script = std::make_shared<Script>();
    script->Answer(c.status, ReadData("api/" + c.body_file));
    auto ctx = CaptureContext(script, "ap-northeast-1");
    ctx->RememberBucketRegion("example-bucket-1", "ap-northeast-1");  // as ListBuckets would have
    S3Client s3(ctx);
    EXPECT_EQ(c.call(s3), want[c.golden]);
    ASSERT_EQ(script->sent.size(), 1u);
    ExpectSameRequest(script->sent[0], c.golden);
  }
}

// Signed for us-east-1, S3 names ap-northeast-1; the second request is botocore's
// (docs/sources.md, "S3 regions and redirects").
TEST(BotocoreWire, WrongRegionIsFollowedOnceAndResigned) {
  auto script = std::make_shared<Script>();
  script->Answer(400, ReadData("api/s3/errors/AuthorizationHeaderMalformed.400.xml"),
                 {{"x-amz-bucket-region", "ap-northeast-1"}});
  script->Answer(200, ReadData("api/s3/GetBucketAcl.response.xml"));
  auto ctx = CaptureContext(script, "us-east-1");
  ctx->RememberBucketRegion("example-bucket-1", "us-east-1");  // a stale belief
  S3Client s3(ctx);
  auto acl = s3.GetBucketAcl("example-bucket-1");
  ASSERT_TRUE(acl.ok()) << acl.status().ToString();
  ASSERT_EQ(script->sent.size(), 2u);
  EXPECT_EQ(script->sent[0].url, "https://example-bucket-1.s3.amazonaws.com/?acl");
  ExpectSameRequest(script->sent[1], "s3-AuthorizationHeaderMalformed");
  EXPECT_EQ(ctx->BucketRegion("example-bucket-1"), "ap-northeast-1");
}

TEST(BotocoreWire, SlowDownIsRetriedAndTheFirstRequestIsBotocores) {
  auto script = std::make_shared<Script>();
  script->Answer(503, ReadData("api/s3/errors/SlowDown.503.xml"));
  script->Answer(200, ReadData("api/s3/GetBucketAcl.response.xml"));
  auto ctx = CaptureContext(script, "ap-northeast-1");
  ctx->RememberBucketRegion("example-bucket-1", "ap-northeast-1");
  S3Client s3(ctx);
  ASSERT_TRUE(s3.GetBucketAcl("example-bucket-1").ok());
  ASSERT_EQ(script->sent.size(), 2u);
  ExpectSameRequest(script->sent[0], "s3-SlowDown");
}

TEST(BotocoreWire, S3ControlPublicAccessBlock) {
  for (std::string name : {"s3control-GetPublicAccessBlock", "s3control-GetPublicAccessBlock-none"}) {
    auto script = std::make_shared<Script>();
    bool none = name.ends_with("none");
    script->Answer(none ? 404 : 200, ReadData(none ? "api/s3control/NoSuchPublicAccessBlockConfiguration.404.xml"
                                                   : "api/s3control/GetPublicAccessBlock.response.xml"));
    S3ControlClient control(CaptureContext(script, "ap-northeast-1"));
    auto bpa = control.GetPublicAccessBlock("123456789012");
    ASSERT_TRUE(bpa.ok()) << bpa.status().ToString();
    EXPECT_EQ(bpa->has_value(), !none);
    ExpectSameRequest(script->sent.at(0), name);
  }
}

TEST(BotocoreWire, StsCalls) {
  {
    auto script = std::make_shared<Script>();
    script->Answer(200, ReadData("api/sts/GetCallerIdentity.response.xml"));
    StsClient sts(CaptureContext(script, "ap-northeast-1"));
    auto id = sts.GetCallerIdentity();
    ASSERT_TRUE(id.ok());
    EXPECT_EQ(id->account, "123456789012");
    ExpectSameRequest(script->sent.at(0), "sts-GetCallerIdentity");
  }
  {
    auto script = std::make_shared<Script>();
    script->Answer(200, ReadData("api/sts/AssumeRole.response.xml"));
    StsClient sts(CaptureContext(script, "ap-northeast-1"));
    auto c = sts.AssumeRole({"arn:aws:iam::123456789012:role/bucketwatch-audit", "bucketwatch", "", 3600},
                            kCaptureCredentials);
    ASSERT_TRUE(c.ok());
    EXPECT_EQ(c->access_key_id, "ASIAIOSFODNN7EXAMPLE");
    ExpectSameRequest(script->sent.at(0), "sts-AssumeRole");
  }
  {
    auto script = std::make_shared<Script>();
    script->Answer(403, ReadData("api/sts/AccessDenied.403.xml"));
    StsClient sts(CaptureContext(script, "ap-northeast-1"));
    auto c = sts.AssumeRole({"arn:aws:iam::210987654321:role/bucketwatch-audit", "bucketwatch", "", std::nullopt},
                            kCaptureCredentials);
    ASSERT_FALSE(c.ok());
    EXPECT_EQ(c.status().code(), StatusCode::kPermissionDenied);
    EXPECT_NE(c.status().message().find("STS AssumeRole (role arn:aws:iam::210987654321:role/bucketwatch-audit): "
                                        "403 AccessDenied"),
              std::string::npos)
        << c.status().message();
    ExpectSameRequest(script->sent.at(0), "sts-AssumeRole-denied");
  }
}

// JSON-protocol requests: the same method, URL and headers as botocore's, the
// same JSON document as body (botocore writes it with blanks, bucketwatch
// without, so the bytes and hence the signature differ; the signer itself is
// checked on botocore's bytes above) and the same credential scope and
// signed headers.
void ExpectSameJsonRequest(const net::HttpRequest& sent, const std::string& golden_name) {
  SCOPED_TRACE(golden_name);
  Golden g = ReadGolden(golden_name);
  EXPECT_EQ(sent.method, g.method);
  EXPECT_EQ(sent.url, g.url);
  auto without_signature = [](std::vector<std::pair<std::string, std::string>> headers) {
    for (auto& [name, value] : headers) {
      if (name == "authorization") value = value.substr(0, value.find(", Signature="));
    }
    return headers;
  };
  EXPECT_EQ(without_signature(Normalised(sent.headers)), without_signature(Normalised(g.headers)));
  EXPECT_EQ(nlohmann::json::parse(sent.body), nlohmann::json::parse(g.body));
}

Item GoldenKey() { return {{"pk", AttributeValue::String("123456789012/example-bucket-1")}}; }

Expressions VersionIs3() {
  return {.condition = "#v = :expected",
          .names = {{"#v", "version"}},
          .values = {{":expected", AttributeValue::Number(3)}}};
}

TEST(BotocoreWire, DynamoDbItemCallsAreBotocoresRequests) {
  auto script = std::make_shared<Script>();
  script->Answer(200, ReadData("api/dynamodb/GetItem.response.json"));
  script->Answer(200, "{}");
  script->Answer(400, ReadData("api/dynamodb/ConditionalCheckFailedException.400.json"));
  script->Answer(200, ReadData("api/dynamodb/UpdateItem.response.json"));
  script->Answer(200, "{}");
  DynamoDbClient db(CaptureContext(script, "ap-northeast-1"));

  auto got = db.GetItem("bucketwatch-state", GoldenKey());
  ASSERT_TRUE(got.ok()) << got.status().ToString();
  ASSERT_TRUE(got->has_value());
  EXPECT_EQ((**got).at("version").AsInt(), 3);
  ExpectSameJsonRequest(script->sent.at(0), "dynamodb-GetItem");

  Item item = GoldenKey();
  item["version"] = AttributeValue::Number(4);
  item["standing"] = AttributeValue::String("public");
  item["public_read"] = AttributeValue::Bool(true);
  item["digest"] = AttributeValue::Binary("\xde\xad\xbe\xef");
  item["note"] = AttributeValue::Null();
  item["findings"] = AttributeValue::List(
      {AttributeValue::Map({{"sid", AttributeValue::String("PublicRead")}, {"index", AttributeValue::Number(0)}})});
  item["expires_at"] = AttributeValue::Number(1798761600);
  auto put = db.PutItem(
      {.table = "bucketwatch-state", .item = item, .expressions = VersionIs3(), .item_on_condition_failure = true});
  ASSERT_TRUE(put.ok()) << put.status().ToString();
  EXPECT_FALSE(put->condition_failed);
  ExpectSameJsonRequest(script->sent.at(1), "dynamodb-PutItem-conditional");

  auto lost = db.PutItem({.table = "bucketwatch-state",
                          .item = {{"pk", GoldenKey().at("pk")}, {"version", AttributeValue::Number(1)}},
                          .expressions = {.condition = "attribute_not_exists(#pk)", .names = {{"#pk", "pk"}}},
                          .item_on_condition_failure = true});
  ASSERT_TRUE(lost.ok()) << lost.status().ToString();
  EXPECT_TRUE(lost->condition_failed);
  EXPECT_EQ(lost->attributes.at("version").AsInt(), 4);  // the item as it stood
  ExpectSameJsonRequest(script->sent.at(2), "dynamodb-PutItem-lost-race");

  Expressions update = VersionIs3();
  update.names["#s0"] = "standing";
  update.names["#r0"] = "pending";
  update.values[":next"] = AttributeValue::Number(4);
  update.values[":s0"] = AttributeValue::String("public");
  auto updated = db.UpdateItem({.table = "bucketwatch-state",
                                .key = GoldenKey(),
                                .update = "SET #v = :next, #s0 = :s0 REMOVE #r0",
                                .expressions = update,
                                .return_values = ReturnValues::kAllNew});
  ASSERT_TRUE(updated.ok()) << updated.status().ToString();
  EXPECT_EQ(*updated->attributes.at("standing").AsString(), "public");
  ExpectSameJsonRequest(script->sent.at(3), "dynamodb-UpdateItem");

  auto deleted = db.DeleteItem({.table = "bucketwatch-state", .key = GoldenKey(), .expressions = VersionIs3()});
  ASSERT_TRUE(deleted.ok()) << deleted.status().ToString();
  ExpectSameJsonRequest(script->sent.at(4), "dynamodb-DeleteItem");
}

TEST(BotocoreWire, DynamoDbTableCallsAreBotocoresRequests) {
  auto script = std::make_shared<Script>();
  script->Answer(200, ReadData("api/dynamodb/CreateTable.response.json"));
  script->Answer(400, ReadData("api/dynamodb/ResourceNotFoundException.400.json"));
  script->Answer(200, "{}");
  script->Answer(400, ReadData("api/dynamodb/ProvisionedThroughputExceededException.400.json"));
  script->Answer(200, "{}");
  DynamoDbClient db(CaptureContext(script, "ap-northeast-1"));

  auto created = db.CreateTable("bucketwatch-state", {{"pk", "S", "HASH"}});
  ASSERT_TRUE(created.ok()) << created.status().ToString();
  EXPECT_EQ(created->status, "CREATING");
  EXPECT_EQ(created->billing_mode, "PAY_PER_REQUEST");
  ExpectSameJsonRequest(script->sent.at(0), "dynamodb-CreateTable");

  auto missing = db.DescribeTable("bucketwatch-state");
  ASSERT_TRUE(missing.ok()) << missing.status().ToString();
  EXPECT_FALSE(missing->has_value());
  ExpectSameJsonRequest(script->sent.at(1), "dynamodb-DescribeTable-missing");

  auto ttl = db.UpdateTimeToLive("bucketwatch-state", "expires_at", true);
  ASSERT_TRUE(ttl.ok()) << ttl.status().ToString();
  EXPECT_TRUE(*ttl);
  ExpectSameJsonRequest(script->sent.at(2), "dynamodb-UpdateTimeToLive");

  // Throttled once, then accepted: the first request is botocore's.
  auto put = db.PutItem({.table = "bucketwatch-state", .item = GoldenKey()});
  ASSERT_TRUE(put.ok()) << put.status().ToString();
  ASSERT_EQ(script->sent.size(), 5u);
  ExpectSameJsonRequest(script->sent.at(3), "dynamodb-PutItem-throttled");
}

}  // namespace
}  // namespace bucketwatch::aws
