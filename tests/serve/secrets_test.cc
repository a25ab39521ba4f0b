// The daemon's secret values as references (docs/serve.md, "Secrets";
// docs/realtime.md, "Secret references"), resolved through a loopback SSM
// stand-in with the JSON 1.1 GetParameter shape (AWS SSM API Reference,
// GetParameter). The resolved value must not appear in an error.
#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include <map>
#include <mutex>

#include "../aws/loopback_aws.h"
#include "serve/config.h"
#include "standins/loopback_server.h"

namespace bucketwatch::serve {
namespace {

using Json = nlohmann::json;

const std::string kWebhook = "https://hooks.slack.com/services/T000/B000/SSMWEBHOOKTOKEN00000";
const std::string kShared = "intake-shared-secret-from-ssm-0001";

class SsmStandIn : public ::testing::Test {
 protected:
  void SetUp() override {
    server_.server().Post("/", [this](const httplib::Request& req, httplib::Response& res) {
      std::lock_guard lock(mu_);
      std::string name = Json::parse(req.body).value("Name", "");
      names_.push_back(name);
      auto it = params_.find(name);
      if (req.get_header_value("X-Amz-Target") != "AmazonSSM.GetParameter" || it == params_.end()) {
        res.status = 400;
        res.set_content(R"({"__type":"ParameterNotFound"})", "application/x-amz-json-1.1");
        return;
      }
      res.set_content(Json{{"Parameter", {{"Name", name}, {"Type", "SecureString"}, {"Value", it->second}}}}.dump(),
                      "application/x-amz-json-1.1");
    });
    server_.Start();
  }
  SecretResolver Resolver(int* made = nullptr) {
    return AwsSecrets([this, made]() -> Result<aws::SecretResolver> {
      if (made != nullptr) ++*made;
      auto ctx = aws::testing::LoopbackContext(server_.url(), nullptr, {.region = "us-east-1", .max_attempts = 1});
      auto e = aws::ParseEndpointUrl(server_.url()).value();
      return aws::SecretResolver(ctx, e, e);
    });
  }

  bucketwatch::testing::LoopbackServer server_;
  std::mutex mu_;
  std::map<std::string, std::string> params_{{"/bucketwatch/slack", kWebhook}, {"/bucketwatch/intake", kShared}};
  std::vector<std::string> names_;
};

handler::Getenv NoEnv() {
  return [](const char*) -> const char* { return nullptr; };
}

TEST_F(SsmStandIn, WebhookAndSharedSecretMayBothBeReferences) {
  int made = 0;
  auto c = ParseServeConfig(R"(
[listen]
secret = "ssm:/bucketwatch/intake"
[slack]
webhook_url = "ssm:/bucketwatch/slack"
)",
                            "serve.toml", NoEnv(), Resolver(&made));
  ASSERT_TRUE(c.ok()) << c.status().ToString();
  EXPECT_EQ(c->shared_secret, kShared);
  EXPECT_EQ(c->slack.webhook_url, kWebhook);
  EXPECT_EQ(made, 1);  // one AWS setup for both
  EXPECT_EQ(names_.size(), 2u);
}

TEST_F(SsmStandIn, AReferenceInTheEnvironmentIsResolvedToo) {
  std::map<std::string, std::string> env{{"BUCKETWATCH_SHARED_SECRET", "ssm:/bucketwatch/intake"},
                                         {"BUCKETWATCH_SLACK_WEBHOOK_URL", "ssm:/bucketwatch/slack"}};
  handler::Getenv get = [&env](const char* name) -> const char* {
    auto it = env.find(name);
    return it == env.end() ? nullptr : it->second.c_str();
  };
  auto c = ParseServeConfig("", "serve.toml", get, Resolver());
  ASSERT_TRUE(c.ok()) << c.status().ToString();
  EXPECT_EQ(c->shared_secret, kShared);
  EXPECT_EQ(c->slack.webhook_url, kWebhook);
}

TEST_F(SsmStandIn, PlainValuesNeedNoAws) {
  int made = 0;
  auto c = ParseServeConfig(R"(
[listen]
secret = "0123456789abcdef0123"
[slack]
webhook_url = ")" + kWebhook + "\"\n",
                            "serve.toml", NoEnv(), Resolver(&made));
  ASSERT_TRUE(c.ok()) << c.status().ToString();
  EXPECT_EQ(made, 0);
  EXPECT_TRUE(names_.empty());
}

TEST_F(SsmStandIn, AMissingParameterIsAnErrorNamingTheKeyAndReference) {
  auto c = ParseServeConfig(R"(
[listen]
secret = "ssm:/bucketwatch/intake"
[slack]
webhook_url = "ssm:/bucketwatch/missing"
)",
                            "serve.toml", NoEnv(), Resolver());
  ASSERT_FALSE(c.ok());
  std::string e = c.status().ToString();
  EXPECT_NE(e.find("slack.webhook_url"), std::string::npos) << e;
  EXPECT_NE(e.find("/bucketwatch/missing"), std::string::npos) << e;
  EXPECT_EQ(e.find(kShared), std::string::npos) << e;
}

TEST(AwsSecrets, ASetupThatFailsIsAnErrorNamingTheKey) {
  auto resolve = AwsSecrets([]() -> Result<aws::SecretResolver> { return InvalidInput("no region"); });
  auto got = resolve("ssm:/x", "listen.secret");
  ASSERT_FALSE(got.ok());
  EXPECT_NE(got.status().ToString().find("listen.secret"), std::string::npos);
  EXPECT_EQ(*resolve("plain-value", "listen.secret"), "plain-value");
}

}  // namespace
}  // namespace bucketwatch::serve
