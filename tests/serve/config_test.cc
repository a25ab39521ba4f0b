// The daemon's configuration file and environment overrides (docs/serve.md).
#include "serve/config.h"

#include <gtest/gtest.h>

#include <fstream>
#include <map>
#include <string>

namespace bucketwatch::serve {
namespace {

constexpr const char* kWebhook = "https://hooks.slack.com/services/T000/B000/XXXXXXXXXXXXXXXXXXXX";

struct Env {
  std::map<std::string, std::string> vars;
  handler::Getenv Get() const {
    return [this](const char* name) -> const char* {
      auto it = vars.find(name);
      return it == vars.end() ? nullptr : it->second.c_str();
    };
  }
};

const std::string kFull = std::string(R"(
[listen]
address = "0.0.0.0"
port = 9000
secret = "0123456789abcdef0123"
max_body_bytes = 65536

[inbox]
max_depth = 500
retry_after_seconds = 5

[store]
path = "/var/lib/bucketwatch/state.db"

[state]
dynamodb_table = "bucketwatch-state"

[scan]
interval_seconds = 600

[aws]
region = "ap-northeast-1"
endpoint_url = "http://127.0.0.1:8000"

[slack]
webhook_url = ")") + kWebhook +
                          R"("
lang = "ja"
env = "production"
config_rules = ["my-public-rule", "other-rule"]
)";

TEST(ServeConfig, ReadsEveryTable) {
  Env env;
  auto c = ParseServeConfig(kFull, "serve.toml", env.Get(), PlainSecrets());
  ASSERT_TRUE(c.ok()) << c.status().ToString();
  EXPECT_EQ(c->listen_address, "0.0.0.0");
  EXPECT_EQ(c->listen_port, 9000);
  EXPECT_EQ(c->shared_secret, "0123456789abcdef0123");
  EXPECT_EQ(c->max_body_bytes, 65536u);
  EXPECT_EQ(c->max_inbox, 500);
  EXPECT_EQ(c->retry_after_seconds, 5);
  EXPECT_EQ(c->store_path, "/var/lib/bucketwatch/state.db");
  EXPECT_EQ(c->scan_interval.count(), 600);
  EXPECT_EQ(c->state_table, "bucketwatch-state");
  EXPECT_EQ(c->aws.region, "ap-northeast-1");
  EXPECT_EQ(c->aws.endpoint_url, "http://127.0.0.1:8000");
  EXPECT_EQ(c->slack.webhook_url, kWebhook);
  EXPECT_EQ(c->slack.message.lang, notify::Lang::kJa);
  EXPECT_EQ(c->slack.message.env_label, "production");
  EXPECT_EQ(c->slack.declared_rules, (std::vector<std::string>{"my-public-rule", "other-rule"}));
  // The description for the log holds no secret.
  EXPECT_EQ(c->Describe().find("0123456789abcdef0123"), std::string::npos);
}

TEST(ServeConfig, DefaultsAreLocalhostAndHourlyScan) {
  Env env;
  env.vars["BUCKETWATCH_SHARED_SECRET"] = "0123456789abcdef";
  env.vars["BUCKETWATCH_SLACK_WEBHOOK_URL"] = kWebhook;
  auto c = ParseServeConfig("", "empty.toml", env.Get(), PlainSecrets());
  ASSERT_TRUE(c.ok()) << c.status().ToString();
  EXPECT_EQ(c->listen_address, "127.0.0.1");
  EXPECT_EQ(c->scan_interval.count(), 3600);
  EXPECT_EQ(c->state_table, "");  // no shared table: the states stay in the store
  EXPECT_EQ(c->slack.message.lang, notify::Lang::kEn);
}

TEST(ServeConfig, EnvironmentOverridesTheFile) {
  Env env;
  env.vars["BUCKETWATCH_LISTEN_PORT"] = "9100";
  env.vars["BUCKETWATCH_STORE"] = "/tmp/other.db";
  env.vars["BUCKETWATCH_STATE_TABLE"] = "other-table";
  env.vars["BUCKETWATCH_SCAN_INTERVAL"] = "0";
  env.vars["BUCKETWATCH_ENV"] = "staging";
  // The old Lambda's name overrides the file's webhook too.
  env.vars["WEB_HOOK_URL"] = "https://hooks.slack.com/services/T111/B111/YYYYYYYYYYYYYYYYYYYY";
  auto c = ParseServeConfig(kFull, "serve.toml", env.Get(), PlainSecrets());
  ASSERT_TRUE(c.ok()) << c.status().ToString();
  EXPECT_EQ(c->listen_port, 9100);
  EXPECT_EQ(c->store_path, "/tmp/other.db");
  EXPECT_EQ(c->state_table, "other-table");
  EXPECT_EQ(c->scan_interval.count(), 0);
  EXPECT_EQ(c->slack.message.env_label, "staging");
  EXPECT_EQ(c->slack.webhook_url, "https://hooks.slack.com/services/T111/B111/YYYYYYYYYYYYYYYYYYYY");
}

TEST(ServeConfig, SlackValuesFromTheFileAreCheckedWhereTheyAreGiven) {
  Env env;
  env.vars["BUCKETWATCH_SHARED_SECRET"] = "0123456789abcdef";
  auto c = ParseServeConfig(std::string("[slack]\nwebhook_url = \"") + kWebhook + "\"\n\nlang = \"fr\"\n", "serve.toml",
                            env.Get(), PlainSecrets());
  ASSERT_FALSE(c.ok());
  EXPECT_NE(c.status().ToString().find("serve.toml:4: slack.lang must be ja or en, found \"fr\""), std::string::npos)
      << c.status().ToString();
  // The same value in the environment is named by its variable, and wins over the file.
  env.vars["BUCKETWATCH_LANG"] = "de";
  c = ParseServeConfig(std::string("[slack]\nwebhook_url = \"") + kWebhook + "\"\nlang = \"ja\"\n", "serve.toml",
                       env.Get(), PlainSecrets());
  ASSERT_FALSE(c.ok());
  EXPECT_NE(c.status().ToString().find("BUCKETWATCH_LANG must be ja or en"), std::string::npos)
      << c.status().ToString();
  env.vars["BUCKETWATCH_LANG"] = "ja";
  c = ParseServeConfig(std::string("[slack]\nwebhook_url = \"") + kWebhook + "\"\nmax_attempts = 20\n", "serve.toml",
                       env.Get(), PlainSecrets());
  ASSERT_FALSE(c.ok());
  EXPECT_NE(c.status().ToString().find("serve.toml:3: slack.max_attempts must be a whole number from 1 to 10"),
            std::string::npos)
      << c.status().ToString();
  c = ParseServeConfig("[slack]\nlang = \"ja\"\n", "serve.toml", env.Get(), PlainSecrets());
  ASSERT_FALSE(c.ok());
  EXPECT_NE(c.status().ToString().find("serve.toml: no Slack webhook: set slack.webhook_url"), std::string::npos)
      << c.status().ToString();
}

// The sweep's and the events' allow-list: scan.allow_list, loaded at start;
// a bad file names the key's line and the file's.
TEST(ServeConfig, AllowListIsLoadedAtStartAndItsErrorsNameBothFiles) {
  Env env;
  env.vars["BUCKETWATCH_SHARED_SECRET"] = "0123456789abcdef";
  env.vars["BUCKETWATCH_SLACK_WEBHOOK_URL"] = kWebhook;
  const std::string good = ::testing::TempDir() + "/serve_allow.toml";
  const std::string bad = ::testing::TempDir() + "/serve_allow_bad.toml";
  std::ofstream(good) << "[[allow]]\nbucket = \"www.example.com\"\nreason = \"static website\"\n";
  std::ofstream(bad) << "[[allow]]\nbucket = \"www.example.com\"\nreason = \"x\"\nexpires = 2027-02-30\n";
  auto c = ParseServeConfig("[scan]\nallow_list = \"" + good + "\"\n", "serve.toml", env.Get(), PlainSecrets());
  ASSERT_TRUE(c.ok()) << c.status().ToString();
  ASSERT_TRUE(c->slack.allow);
  EXPECT_EQ(c->slack.allow->entries().size(), 1u);
  c = ParseServeConfig("[scan]\ninterval_seconds = 60\nallow_list = \"" + bad + "\"\n", "serve.toml", env.Get(),
                       PlainSecrets());
  ASSERT_FALSE(c.ok());
  EXPECT_NE(c.status().ToString().find("serve.toml:3: scan.allow_list: " + bad + ":4: "), std::string::npos)
      << c.status().ToString();
  c = ParseServeConfig("[scan]\ninterval_seconds = 60\n", "serve.toml", env.Get(), PlainSecrets());
  ASSERT_TRUE(c.ok()) << c.status().ToString();
  EXPECT_EQ(c->slack.allow, nullptr);
}

// Other accounts for the scheduled scan: 12-digit ids, read with the member
// role, which the file or the environment must give.
TEST(ServeConfig, ScanAccountsNeedTheMemberRole) {
  Env env;
  env.vars["BUCKETWATCH_SHARED_SECRET"] = "0123456789abcdef";
  env.vars["BUCKETWATCH_SLACK_WEBHOOK_URL"] = kWebhook;
  auto c = ParseServeConfig(
      "[scan]\naccounts = [\"444455556666\"]\n\n[aws]\naccount_id = \"111122223333\"\nmember_role = "
      "\"BucketwatchRead\"\n"
      "member_external_id = \"ext-1\"\n",
      "serve.toml", env.Get(), PlainSecrets());
  ASSERT_TRUE(c.ok()) << c.status().ToString();
  EXPECT_EQ(c->scan_accounts, std::vector<std::string>{"444455556666"});
  EXPECT_EQ(c->slack.member_role.name, "BucketwatchRead");
  EXPECT_EQ(c->slack.member_role.external_id, "ext-1");
  EXPECT_EQ(c->slack.own_account, "111122223333");

  c = ParseServeConfig("[scan]\naccounts = [\"444455556666\"]\n", "serve.toml", env.Get(), PlainSecrets());
  ASSERT_FALSE(c.ok());
  EXPECT_NE(c.status().ToString().find("serve.toml: scan.accounts are read with a role assumed in each: set "
                                       "aws.member_role (or BUCKETWATCH_MEMBER_ROLE)"),
            std::string::npos)
      << c.status().ToString();
  c = ParseServeConfig("[scan]\naccounts = [\"4444\"]\n", "serve.toml", env.Get(), PlainSecrets());
  ASSERT_FALSE(c.ok());
  EXPECT_NE(c.status().ToString().find("serve.toml:2: scan.accounts: \"4444\" is not a 12-digit AWS account id"),
            std::string::npos)
      << c.status().ToString();
  env.vars["BUCKETWATCH_MEMBER_ROLE"] = "FromTheEnvironment";
  c = ParseServeConfig("[scan]\naccounts = [\"444455556666\"]\n[aws]\nmember_role = \"FromTheFile\"\n", "serve.toml",
                       env.Get(), PlainSecrets());
  ASSERT_TRUE(c.ok()) << c.status().ToString();
  EXPECT_EQ(c->slack.member_role.name, "FromTheEnvironment");
}

TEST(ServeConfig, UnknownKeyNamesFileLineAndKey) {
  Env env;
  auto c = ParseServeConfig("[listen]\nport = 9000\nadress = \"0.0.0.0\"\n", "serve.toml", env.Get(), PlainSecrets());
  ASSERT_FALSE(c.ok());
  EXPECT_NE(c.status().ToString().find("serve.toml:3: listen.adress is not a known key"), std::string::npos)
      << c.status().ToString();
}

TEST(ServeConfig, WrongTypeAndRangeNameTheLine) {
  Env env;
  auto c = ParseServeConfig("\n[listen]\nport = \"80\"\n", "serve.toml", env.Get(), PlainSecrets());
  ASSERT_FALSE(c.ok());
  EXPECT_NE(c.status().ToString().find("serve.toml:3: listen.port must be an integer"), std::string::npos);
  c = ParseServeConfig("[inbox]\nretry_after_seconds = 0\n", "serve.toml", env.Get(), PlainSecrets());
  ASSERT_FALSE(c.ok());
  EXPECT_NE(c.status().ToString().find("serve.toml:2: inbox.retry_after_seconds must be between 1 and 3600"),
            std::string::npos);
}

TEST(ServeConfig, SyntaxErrorNamesTheLine) {
  Env env;
  auto c = ParseServeConfig("[listen]\nport = = 1\n", "serve.toml", env.Get(), PlainSecrets());
  ASSERT_FALSE(c.ok());
  EXPECT_NE(c.status().ToString().find("serve.toml:2:"), std::string::npos) << c.status().ToString();
}

TEST(ServeConfig, SecretIsRequiredAndLongEnough) {
  Env env;
  env.vars["BUCKETWATCH_SLACK_WEBHOOK_URL"] = kWebhook;
  auto c = ParseServeConfig("[listen]\nsecret = \"short\"\n", "serve.toml", env.Get(), PlainSecrets());
  ASSERT_FALSE(c.ok());
  EXPECT_NE(c.status().ToString().find("listen.secret"), std::string::npos);
  // The rejected value is not repeated in the error.
  EXPECT_EQ(c.status().ToString().find("short\""), std::string::npos);
}

TEST(ServeConfig, WebhookIsCheckedAndRedacted) {
  Env env;
  env.vars["BUCKETWATCH_SHARED_SECRET"] = "0123456789abcdef";
  auto c = ParseServeConfig("[slack]\nwebhook_url = \"ftp://example.com/secret-token-123\"\n", "serve.toml", env.Get(),
                            PlainSecrets());
  ASSERT_FALSE(c.ok());
  EXPECT_EQ(c.status().ToString().find("secret-token-123"), std::string::npos) << c.status().ToString();
}

TEST(ServeConfig, SecretReferencesGoThroughTheResolver) {
  Env env;
  env.vars["BUCKETWATCH_SHARED_SECRET"] = "ssm:/bucketwatch/secret";
  env.vars["BUCKETWATCH_SLACK_WEBHOOK_URL"] = "secretsmanager:bucketwatch/slack";
  std::vector<std::string> asked;
  SecretResolver fake = [&](std::string_view value, std::string_view) -> Result<std::string> {
    asked.emplace_back(value);
    if (value == "ssm:/bucketwatch/secret") return std::string("resolved-secret-0123456789");
    if (value == "secretsmanager:bucketwatch/slack") return std::string(kWebhook);
    return std::string(value);
  };
  auto c = ParseServeConfig("", "serve.toml", env.Get(), fake);
  ASSERT_TRUE(c.ok()) << c.status().ToString();
  EXPECT_EQ(c->shared_secret, "resolved-secret-0123456789");
  EXPECT_EQ(c->slack.webhook_url, kWebhook);
  // Without a resolver that knows them, a reference is an error, not a literal secret.
  auto plain = ParseServeConfig("", "serve.toml", env.Get(), PlainSecrets());
  ASSERT_FALSE(plain.ok());
  EXPECT_NE(plain.status().ToString().find("SSM parameter"), std::string::npos);
}

TEST(ServeConfig, SqsSectionAndItsLimits) {
  Env env;
  env.vars["BUCKETWATCH_SLACK_WEBHOOK_URL"] = kWebhook;
  env.vars["BUCKETWATCH_SHARED_SECRET"] = "0123456789abcdef0123";
  auto c = ParseServeConfig(
      "[sqs]\nqueue_url = \"https://sqs.ap-northeast-1.amazonaws.com/1/q\"\nwait_seconds = 5\nmax_messages = 3\n"
      "visibility_timeout_seconds = 60\n",
      "serve.toml", env.Get(), PlainSecrets());
  ASSERT_TRUE(c.ok()) << c.status().ToString();
  EXPECT_EQ(c->sqs.queue_url, "https://sqs.ap-northeast-1.amazonaws.com/1/q");
  EXPECT_EQ(c->sqs.wait_seconds, 5);
  EXPECT_EQ(c->sqs.max_messages, 3);
  EXPECT_EQ(c->sqs.visibility_timeout_seconds, 60);
  // SQS allows at most 20 s of waiting and 10 messages per receive (SQS API Reference, ReceiveMessage).
  EXPECT_FALSE(ParseServeConfig("[sqs]\nwait_seconds = 21\n", "serve.toml", env.Get(), PlainSecrets()).ok());
  EXPECT_FALSE(ParseServeConfig("[sqs]\nmax_messages = 11\n", "serve.toml", env.Get(), PlainSecrets()).ok());
  env.vars["BUCKETWATCH_SQS_QUEUE_URL"] = "https://sqs.us-east-1.amazonaws.com/1/other";
  auto e = ParseServeConfig("", "serve.toml", env.Get(), PlainSecrets());
  ASSERT_TRUE(e.ok()) << e.status().ToString();
  EXPECT_EQ(e->sqs.queue_url, "https://sqs.us-east-1.amazonaws.com/1/other");
  EXPECT_EQ(e->sqs.wait_seconds, 20);
  EXPECT_EQ(e->sqs.max_messages, 10);
}

TEST(ServeConfig, MissingFileIsNotFound) {
  Env env;
  auto c = LoadServeConfig("/nonexistent/serve.toml", env.Get(), PlainSecrets());
  ASSERT_FALSE(c.ok());
  EXPECT_EQ(c.status().code(), StatusCode::kNotFound);
}

}  // namespace
}  // namespace bucketwatch::serve
