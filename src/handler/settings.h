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
#ifndef BUCKETWATCH_HANDLER_SETTINGS_H_
#define BUCKETWATCH_HANDLER_SETTINGS_H_

#include <functional>
#include <string>
#include <string_view>
#include <vector>

#include "base/log.h"
#include "base/status.h"
#include "notify/delivery.h"
#include "notify/slack_message.h"

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
  notify::RetryPolicy retry;
  std::vector<std::string> warnings;  // worth a log line at start-up
};

// Looks a variable up; nullptr when unset.
using Getenv = std::function<const char*(const char*)>;
Getenv ProcessEnvironment();

// `need_webhook` is false when nothing will be sent (--dry-run). Errors name
// the variable and what is wrong, with any URL redacted.
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
