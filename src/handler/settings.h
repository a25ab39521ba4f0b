// What the event handler is configured with, read from the environment,
// so that a Lambda function configured for the old Python handler works
// unchanged (WEB_HOOK_URL, CHANNEL, ENV) and every setting has a
// BUCKETWATCH_ name:
//
//   BUCKETWATCH_SLACK_WEBHOOK_URL (or WEB_HOOK_URL)  incoming webhook (a secret), or a secret
//                                                    reference: ssm:<name> | secretsmanager:<id>[#key]
//                                                    (resolved at start by ResolveWebhook)
//   BUCKETWATCH_ENV (or ENV)                         environment label shown with the account
//   BUCKETWATCH_LANG                                 ja | en (default: ja when only the old
//                                                    variables are set, as the old messages were
//                                                    Japanese; en otherwise)
//   BUCKETWATCH_SLACK_CHANNEL (or CHANNEL), BUCKETWATCH_SLACK_USERNAME,
//   BUCKETWATCH_SLACK_ICON_EMOJI, BUCKETWATCH_SLACK_ICON_URL
//                                                    legacy webhook fields, sent when set
//   BUCKETWATCH_CONFIG_RULES                         extra Config rule names (comma-separated)
//                                                    to treat as bucket exposure rules
//   BUCKETWATCH_SLACK_MAX_ATTEMPTS (1-10, default 5), BUCKETWATCH_SLACK_TIMEOUT (seconds per
//                                                    attempt, 1-60, default 10)
//   BUCKETWATCH_STATE_TABLE                          DynamoDB table of what was known before
//   BUCKETWATCH_MEMBER_ROLE, BUCKETWATCH_MEMBER_EXTERNAL_ID
//                                                    a central deployment: the role assumed in an
//                                                    event's account when it is not the own one
//   BUCKETWATCH_ACCOUNT_ID                           the own account (12 digits); unset: asked of
//                                                    STS once when a member role is configured
//   BUCKETWATCH_ALLOW_LIST                           path of an allow-list file (scan's format,
//                                                    docs/scan.md): buckets public only as it
//                                                    permits are not announced
#ifndef BUCKETWATCH_HANDLER_SETTINGS_H_
#define BUCKETWATCH_HANDLER_SETTINGS_H_

#include <chrono>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "aws/account_roles.h"
#include "base/log.h"
#include "base/status.h"
#include "notify/delivery.h"
#include "notify/slack_message.h"
#include "scan/allow_list.h"

namespace bucketwatch::handler {

struct Settings {
  std::string webhook_url;        // a credential: never log it (see ForLog)
  std::string webhook_variable;   // the variable it came from
  std::string webhook_reference;  // "ssm:..." / "secretsmanager:...": where the URL is kept; empty: given directly
  notify::MessageOptions message;
  std::string lang_reason;
  std::vector<std::string> declared_rules;
  // BUCKETWATCH_STATE_TABLE: the DynamoDB table CloudTrail verdicts are
  // compared with (handler/remembered.h); empty: no memory between events.
  std::string state_table;
  // A central deployment for an organization: buckets of other accounts are
  // read with this role assumed in the event's account (name empty: every
  // account is read with the function's own credentials).
  aws::MemberRole member_role;
  std::string own_account;    // empty: learnt from STS when needed
  std::string function_name;  // AWS_LAMBDA_FUNCTION_NAME: set by Lambda, to start invocations of itself
  // BUCKETWATCH_RECONCILE_SECONDS: how long one invocation reads an
  // account's buckets before it hands the rest to a new invocation (when it
  // can start one; docs/realtime.md).
  std::chrono::seconds reconcile_slice{300};
  // BUCKETWATCH_ALLOW_LIST, loaded: buckets intentionally public (null: none).
  std::shared_ptr<const scan::AllowList> allow;
  notify::RetryPolicy retry;
  std::vector<std::string> warnings;  // worth a log line at start-up
};

// Looks a variable up; nullptr when unset.
using Getenv = std::function<const char*(const char*)>;
Getenv ProcessEnvironment();

// One setting as given, and where: a variable's name, or a place in a file
// ("serve.toml:12: slack.lang"). Errors about the value name `where`.
struct Given {
  std::string value;  // trimmed, not empty
  std::string where;
};

// The settings as given, before they are checked. The environment fills
// them (FromEnvironment); `serve` then fills from its file what the
// environment left unset.
struct GivenSettings {
  std::optional<Given> webhook_url, lang, env_label, channel, username, icon_emoji, icon_url;
  std::optional<Given> config_rules;  // names separated by commas
  std::optional<Given> max_attempts, attempt_timeout, reconcile_seconds;
  std::optional<Given> state_table, member_role, member_external_id, own_account, function_name;
  std::optional<Given> allow_list;  // a file's path
  std::vector<std::string> warnings;
};

// The variables above, the BUCKETWATCH_ name before the old Lambda's.
GivenSettings FromEnvironment(const Getenv& getenv);
// `need_webhook` is false when nothing will be sent (--dry-run). Errors name
// where the value was given and what is wrong, with any URL redacted.
Result<Settings> Interpret(const GivenSettings& given, bool need_webhook);
// Interpret(FromEnvironment(getenv), need_webhook).
Result<Settings> LoadSettings(const Getenv& getenv, bool need_webhook);

// Looks up a secret reference (aws::SecretResolver::Resolve in production).
using SecretLookup = std::function<Result<std::string>(std::string_view reference)>;
// When the webhook setting is a secret reference, fetches the URL and checks
// it; a no-op otherwise. Errors name the variable and the reference, never the URL.
Status ResolveWebhook(Settings& settings, const SecretLookup& lookup);
// The same with SSM / Secrets Manager, region and credentials from the environment
// (AWS is called only when the setting is a reference).
Status ResolveWebhookFromAws(Settings& settings);

// An https:// URL, or http:// to the loopback interface (local stand-ins).
Status CheckWebhookUrl(std::string_view url, std::string_view variable);

// The settings as log fields, the webhook redacted.
log::Fields ForLog(const Settings& settings);

}  // namespace bucketwatch::handler

#endif  // BUCKETWATCH_HANDLER_SETTINGS_H_
