// Configuration from the environment, compatible with the old Lambda's
// variables (WEB_HOOK_URL, CHANNEL, ENV), with the webhook URL kept secret.
#include "handler/settings.h"

#include <gtest/gtest.h>

#include <fstream>
#include <map>

namespace bucketwatch::handler {
namespace {

constexpr const char* kUrl = "https://hooks.slack.com/services/T000/B000/SECRETSECRETSECRET";

Getenv Env(std::map<std::string, std::string> vars) {
  auto shared = std::make_shared<std::map<std::string, std::string>>(std::move(vars));
  return [shared](const char* name) -> const char* {
    auto it = shared->find(name);
    return it == shared->end() ? nullptr : it->second.c_str();
  };
}

TEST(LoadSettings, TheOldLambdasVariablesWork) {
  auto s = LoadSettings(Env({{"WEB_HOOK_URL", kUrl}, {"CHANNEL", "#alerts"}, {"ENV", "prod"}}), true);
  ASSERT_TRUE(s.ok()) << s.status().ToString();
  EXPECT_EQ(s->webhook_url, kUrl);
  EXPECT_EQ(s->webhook_variable, "WEB_HOOK_URL");
  EXPECT_EQ(s->message.channel, "#alerts");
  EXPECT_EQ(s->message.env_label, "prod");
  EXPECT_EQ(s->message.lang, notify::Lang::kJa);  // the old messages were Japanese
  EXPECT_FALSE(s->warnings.empty());              // channel is ignored by app webhooks: said once
}

TEST(LoadSettings, NewNamesComeFirstAndEnglishIsTheDefault) {
  auto s = LoadSettings(Env({{"BUCKETWATCH_SLACK_WEBHOOK_URL", kUrl},
                             {"WEB_HOOK_URL", "https://hooks.slack.com/services/OTHER/OTHER/OTHER"},
                             {"BUCKETWATCH_ENV", "stg"},
                             {"ENV", "prod"}}),
                        true);
  ASSERT_TRUE(s.ok()) << s.status().ToString();
  EXPECT_EQ(s->webhook_url, kUrl);
  EXPECT_EQ(s->message.env_label, "stg");
  EXPECT_EQ(s->message.lang, notify::Lang::kEn);
  ASSERT_EQ(s->warnings.size(), 1u);
  EXPECT_NE(s->warnings[0].find("differs"), std::string::npos);
}

TEST(LoadSettings, Language) {
  auto s = LoadSettings(Env({{"WEB_HOOK_URL", kUrl}, {"BUCKETWATCH_LANG", "en"}}), true);
  ASSERT_TRUE(s.ok());
  EXPECT_EQ(s->message.lang, notify::Lang::kEn);
  s = LoadSettings(Env({{"BUCKETWATCH_SLACK_WEBHOOK_URL", kUrl}, {"BUCKETWATCH_LANG", "ja"}}), true);
  ASSERT_TRUE(s.ok());
  EXPECT_EQ(s->message.lang, notify::Lang::kJa);
  s = LoadSettings(Env({{"BUCKETWATCH_SLACK_WEBHOOK_URL", kUrl}, {"BUCKETWATCH_LANG", "fr"}}), true);
  ASSERT_FALSE(s.ok());
  EXPECT_NE(s.status().message().find("BUCKETWATCH_LANG"), std::string::npos);
}

TEST(LoadSettings, WebhookRequiredUnlessDryRun) {
  auto s = LoadSettings(Env({}), true);
  ASSERT_FALSE(s.ok());
  EXPECT_NE(s.status().message().find("BUCKETWATCH_SLACK_WEBHOOK_URL"), std::string::npos);
  EXPECT_NE(s.status().message().find("WEB_HOOK_URL"), std::string::npos);
  EXPECT_TRUE(LoadSettings(Env({}), false).ok());
}

TEST(LoadSettings, BadWebhookUrlIsRefusedWithoutShowingIt) {
  for (const char* url :
       {"http://hooks.slack.com/services/T000/B000/SECRETSECRETSECRET",
        "hooks.slack.com/services/T000/B000/SECRETSECRETSECRET", "https:///services/SECRETSECRETSECRET"}) {
    auto s = LoadSettings(Env({{"BUCKETWATCH_SLACK_WEBHOOK_URL", url}}), true);
    ASSERT_FALSE(s.ok()) << url;
    EXPECT_EQ(s.status().message().find("SECRETSECRETSECRET"), std::string::npos) << s.status().message();
    EXPECT_NE(s.status().message().find("BUCKETWATCH_SLACK_WEBHOOK_URL"), std::string::npos);
  }
  EXPECT_TRUE(CheckWebhookUrl("http://127.0.0.1:8080/services/x", "V").ok());
  EXPECT_TRUE(CheckWebhookUrl("http://localhost/services/x", "V").ok());
  EXPECT_TRUE(CheckWebhookUrl("http://[::1]:9/x", "V").ok());
  EXPECT_FALSE(CheckWebhookUrl("http://127.0.0.1.evil.example/x", "V").ok());
}

TEST(LoadSettings, DeclaredRulesAndRetryLimits) {
  auto s = LoadSettings(Env({{"BUCKETWATCH_SLACK_WEBHOOK_URL", kUrl},
                             {"BUCKETWATCH_CONFIG_RULES", " my-rule , other-rule,,"},
                             {"BUCKETWATCH_SLACK_MAX_ATTEMPTS", "3"},
                             {"BUCKETWATCH_SLACK_TIMEOUT", "4"}}),
                        true);
  ASSERT_TRUE(s.ok()) << s.status().ToString();
  EXPECT_EQ(s->declared_rules, (std::vector<std::string>{"my-rule", "other-rule"}));
  EXPECT_EQ(s->retry.max_attempts, 3);
  EXPECT_EQ(s->retry.attempt_timeout, std::chrono::seconds(4));
  s = LoadSettings(Env({{"BUCKETWATCH_SLACK_WEBHOOK_URL", kUrl}, {"BUCKETWATCH_SLACK_MAX_ATTEMPTS", "lots"}}), true);
  ASSERT_FALSE(s.ok());
  EXPECT_NE(s.status().message().find("BUCKETWATCH_SLACK_MAX_ATTEMPTS"), std::string::npos);
}

TEST(LoadSettings, TheReconciliationsSliceOfTime) {
  auto s = LoadSettings(Env({{"BUCKETWATCH_SLACK_WEBHOOK_URL", kUrl}}), true);
  ASSERT_TRUE(s.ok()) << s.status().ToString();
  EXPECT_EQ(s->reconcile_slice, std::chrono::seconds(300));
  s = LoadSettings(Env({{"BUCKETWATCH_SLACK_WEBHOOK_URL", kUrl}, {"BUCKETWATCH_RECONCILE_SECONDS", "120"}}), true);
  ASSERT_TRUE(s.ok()) << s.status().ToString();
  EXPECT_EQ(s->reconcile_slice, std::chrono::seconds(120));
  for (const char* bad : {"5", "901", "ten", "60s"}) {
    s = LoadSettings(Env({{"BUCKETWATCH_SLACK_WEBHOOK_URL", kUrl}, {"BUCKETWATCH_RECONCILE_SECONDS", bad}}), true);
    ASSERT_FALSE(s.ok()) << bad;
    EXPECT_NE(s.status().message().find("BUCKETWATCH_RECONCILE_SECONDS must be a whole number from 10 to 900"),
              std::string::npos)
        << s.status().message();
  }
}

TEST(ForLog, RedactsTheWebhook) {
  auto s = LoadSettings(Env({{"WEB_HOOK_URL", kUrl}}), true);
  ASSERT_TRUE(s.ok());
  std::string line = ForLog(*s).dump();
  EXPECT_EQ(line.find("SECRET"), std::string::npos) << line;
  EXPECT_NE(line.find("https://hooks.slack.com/***"), std::string::npos) << line;
}

// Secret references (docs/realtime.md): the variable may name an SSM
// parameter or a Secrets Manager secret; the URL is fetched at start and
// checked like a direct one, and never shown in an error.
TEST(LoadSettings, AWebhookReferenceIsResolvedAndChecked) {
  auto s = LoadSettings(Env({{"BUCKETWATCH_SLACK_WEBHOOK_URL", "ssm:/bucketwatch/slack"}}), true);
  ASSERT_TRUE(s.ok()) << s.status().ToString();
  EXPECT_EQ(s->webhook_reference, "ssm:/bucketwatch/slack");
  EXPECT_TRUE(s->webhook_url.empty());
  std::string asked;
  Status ok = ResolveWebhook(*s, [&asked](std::string_view ref) -> Result<std::string> {
    asked = std::string(ref);
    return std::string("https://hooks.slack.com/services/T1/B1/resolvedsecret\n");
  });
  ASSERT_TRUE(ok.ok()) << ok.ToString();
  EXPECT_EQ(asked, "ssm:/bucketwatch/slack");
  EXPECT_EQ(s->webhook_url, "https://hooks.slack.com/services/T1/B1/resolvedsecret");
  EXPECT_EQ(ForLog(*s).dump().find("resolvedsecret"), std::string::npos);

  auto legacy = LoadSettings(Env({{"WEB_HOOK_URL", "secretsmanager:slack#url"}}), true);
  ASSERT_TRUE(legacy.ok());
  Status bad = ResolveWebhook(*legacy, [](std::string_view) -> Result<std::string> {
    return std::string("http://example.com/hook/verysecretpath");
  });
  ASSERT_FALSE(bad.ok());
  EXPECT_NE(bad.ToString().find("secretsmanager:slack#url"), std::string::npos) << bad.ToString();
  EXPECT_EQ(bad.ToString().find("verysecretpath"), std::string::npos) << bad.ToString();
  Status failed = ResolveWebhook(*legacy, [](std::string_view) -> Result<std::string> {
    return Status(StatusCode::kPermissionDenied,
                  "secret reference secretsmanager:slack#url: 400 AccessDeniedException");
  });
  EXPECT_NE(failed.ToString().find("WEB_HOOK_URL"), std::string::npos);
}

// The allow-list of the reconciliation and the rescans: loaded at start, its
// errors naming the variable and the file's line.
TEST(LoadSettings, AllowListFromItsVariable) {
  const std::string dir = ::testing::TempDir();
  const std::string good = dir + "/settings_allow.toml";
  const std::string bad = dir + "/settings_allow_bad.toml";
  std::ofstream(good) << "[[allow]]\nbucket = \"www.example.com\"\nreason = \"static website\"\n";
  std::ofstream(bad) << "[[allow]]\nbucket = \"www.example.com\"\n";
  auto s = LoadSettings(Env({{"BUCKETWATCH_SLACK_WEBHOOK_URL", kUrl}, {"BUCKETWATCH_ALLOW_LIST", good}}), true);
  ASSERT_TRUE(s.ok()) << s.status().ToString();
  ASSERT_TRUE(s->allow);
  EXPECT_EQ(s->allow->entries().size(), 1u);

  auto refused = LoadSettings(Env({{"BUCKETWATCH_SLACK_WEBHOOK_URL", kUrl}, {"BUCKETWATCH_ALLOW_LIST", bad}}), true);
  ASSERT_FALSE(refused.ok());
  EXPECT_NE(refused.status().message().find("BUCKETWATCH_ALLOW_LIST: " + bad + ":1"), std::string::npos)
      << refused.status().message();
  auto missing = LoadSettings(
      Env({{"BUCKETWATCH_SLACK_WEBHOOK_URL", kUrl}, {"BUCKETWATCH_ALLOW_LIST", dir + "/no-such-allow.toml"}}), true);
  ASSERT_FALSE(missing.ok());
  EXPECT_NE(missing.status().message().find("BUCKETWATCH_ALLOW_LIST"), std::string::npos);
  EXPECT_EQ(LoadSettings(Env({{"BUCKETWATCH_SLACK_WEBHOOK_URL", kUrl}}), true)->allow, nullptr);
}

}  // namespace
}  // namespace bucketwatch::handler
