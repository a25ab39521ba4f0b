// Secret references against a loopback stand-in of SSM and Secrets Manager
// with the documented JSON 1.1 wire shapes (AWS SSM API Reference,
// GetParameter; AWS Secrets Manager API Reference, GetSecretValue;
// docs/sources.md, "AWS wire protocols and error bodies"). The secret
// value must never appear in an error.
#include "aws/secret_reference.h"

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include <mutex>

#include "loopback_aws.h"
#include "standins/loopback_server.h"

namespace bucketwatch::aws {
namespace {

using bucketwatch::testing::LoopbackServer;
using Json = nlohmann::json;

const std::string kUrl = "https://hooks.slack.com/services/T0000/B0000/SECRETTOKEN0123456789";

class SecretStandIn : public ::testing::Test {
 protected:
  void SetUp() override {
    server_.server().Post("/", [this](const httplib::Request& req, httplib::Response& res) {
      std::lock_guard lock(mu_);
      std::string target = req.get_header_value("X-Amz-Target");
      targets_.push_back(target);
      content_types_.push_back(req.get_header_value("Content-Type"));
      services_.push_back(req.get_header_value("Authorization"));
      regions_.push_back(testing::ScopeRegion(req));
      bodies_.push_back(req.body);
      Json body = Json::parse(req.body);
      if (target == "AmazonSSM.GetParameter") {
        if (body["Name"] == "/bucketwatch/slack") {
          res.set_content(Json{{"Parameter",
                                {{"Name", "/bucketwatch/slack"},
                                 {"Type", "SecureString"},
                                 {"Value", kUrl},
                                 {"Version", 1},
                                 {"LastModifiedDate", 1.7e9},
                                 {"ARN", "arn:aws:ssm:us-east-1:123456789012:parameter/bucketwatch/slack"},
                                 {"DataType", "text"}}}}
                              .dump(),
                          "application/x-amz-json-1.1");
        } else {
          res.status = 400;
          res.set_content(R"({"__type":"ParameterNotFound"})", "application/x-amz-json-1.1");
        }
      } else if (target == "secretsmanager.GetSecretValue") {
        std::string id = body["SecretId"];
        if (id.find("bucketwatch/slack") != std::string::npos) {
          Json secret{{"ARN", "arn:aws:secretsmanager:ap-northeast-1:123456789012:secret:bucketwatch/slack-AbCdEf"},
                      {"Name", "bucketwatch/slack"},
                      {"VersionId", "EXAMPLE1-90ab-cdef-fedc-ba987EXAMPLE"},
                      {"SecretString", Json{{"webhook_url", kUrl}, {"other", 5}}.dump()},
                      {"VersionStages", {"AWSCURRENT"}},
                      {"CreatedDate", 1.523477145713E9}};
          res.set_content(secret.dump(), "application/x-amz-json-1.1");
        } else if (id == "plain") {
          res.set_content(Json{{"Name", "plain"}, {"SecretString", kUrl}}.dump(), "application/x-amz-json-1.1");
        } else if (id == "binary") {
          res.set_content(R"({"Name":"binary","SecretBinary":"AAEC"})", "application/x-amz-json-1.1");
        } else {
          res.status = 400;
          res.set_content(R"({"__type":"ResourceNotFoundException","Message":"Secrets Manager can't find the )"
                          R"(specified secret."})",
                          "application/x-amz-json-1.1");
        }
      } else {
        res.status = 400;
        res.set_content(R"({"__type":"UnknownOperationException"})", "application/x-amz-json-1.1");
      }
    });
    server_.Start();
    auto ctx = testing::LoopbackContext(server_.url(), nullptr, {.max_attempts = 1});
    EndpointUrl e = ParseEndpointUrl(server_.url()).value();
    resolver_ = std::make_unique<SecretResolver>(ctx, e, e);
  }

  LoopbackServer server_;
  std::mutex mu_;
  std::vector<std::string> targets_, content_types_, services_, regions_, bodies_;
  std::unique_ptr<SecretResolver> resolver_;
};

TEST_F(SecretStandIn, SsmParameterIsFetchedDecrypted) {
  auto v = resolver_->Resolve("ssm:/bucketwatch/slack");
  ASSERT_TRUE(v.ok()) << v.status().ToString();
  EXPECT_EQ(*v, kUrl);
  ASSERT_EQ(targets_.size(), 1u);
  EXPECT_EQ(targets_[0], "AmazonSSM.GetParameter");
  EXPECT_EQ(content_types_[0], "application/x-amz-json-1.1");
  EXPECT_NE(services_[0].find("/ssm/aws4_request"), std::string::npos);
  EXPECT_EQ(Json::parse(bodies_[0]), (Json{{"Name", "/bucketwatch/slack"}, {"WithDecryption", true}}));
}

TEST_F(SecretStandIn, SecretsManagerJsonKeyAndTheArnsRegion) {
  auto v = resolver_->Resolve(
      "secretsmanager:arn:aws:secretsmanager:ap-northeast-1:123456789012:secret:bucketwatch/slack-AbCdEf#webhook_url");
  ASSERT_TRUE(v.ok()) << v.status().ToString();
  EXPECT_EQ(*v, kUrl);
  EXPECT_EQ(targets_[0], "secretsmanager.GetSecretValue");
  EXPECT_NE(services_[0].find("/secretsmanager/aws4_request"), std::string::npos);
  EXPECT_EQ(regions_[0], "ap-northeast-1");
  EXPECT_EQ(Json::parse(bodies_[0])["SecretId"],
            "arn:aws:secretsmanager:ap-northeast-1:123456789012:secret:bucketwatch/slack-AbCdEf");

  auto plain = resolver_->Resolve("secretsmanager:plain");
  ASSERT_TRUE(plain.ok()) << plain.status().ToString();
  EXPECT_EQ(*plain, kUrl);
}

TEST_F(SecretStandIn, FailuresNameTheReferenceAndNeverTheValue) {
  auto missing = resolver_->Resolve("ssm:/nope");
  ASSERT_FALSE(missing.ok());
  EXPECT_NE(missing.status().message().find("ParameterNotFound"), std::string::npos) << missing.status().ToString();
  EXPECT_NE(missing.status().message().find("ssm:/nope"), std::string::npos);

  auto gone = resolver_->Resolve("secretsmanager:nope");
  ASSERT_FALSE(gone.ok());
  EXPECT_NE(gone.status().message().find("ResourceNotFoundException"), std::string::npos);

  auto binary = resolver_->Resolve("secretsmanager:binary");
  ASSERT_FALSE(binary.ok());
  EXPECT_NE(binary.status().message().find("binary"), std::string::npos);

  // A key the secret does not have, and a key on a secret that is not JSON.
  for (const char* ref : {"secretsmanager:bucketwatch/slack#nokey", "secretsmanager:bucketwatch/slack#other",
                          "secretsmanager:plain#webhook_url"}) {
    auto r = resolver_->Resolve(ref);
    ASSERT_FALSE(r.ok()) << ref;
    EXPECT_EQ(r.status().ToString().find("SECRETTOKEN"), std::string::npos) << r.status().ToString();
    EXPECT_EQ(r.status().ToString().find("hooks.slack.com"), std::string::npos) << r.status().ToString();
  }
  EXPECT_FALSE(resolver_->Resolve("ssm:").ok());
  EXPECT_FALSE(resolver_->Resolve("secretsmanager:x#").ok());
}

TEST(SecretReference, Recognised) {
  EXPECT_TRUE(IsSecretReference("ssm:/a/b"));
  EXPECT_TRUE(IsSecretReference("secretsmanager:x#k"));
  EXPECT_FALSE(IsSecretReference("https://hooks.slack.com/services/T/B/x"));
  EXPECT_EQ(RegionOfArn("arn:aws:ssm:us-west-2:123456789012:parameter/x"), "us-west-2");
  EXPECT_EQ(RegionOfArn("/x"), "");
}

}  // namespace
}  // namespace bucketwatch::aws
