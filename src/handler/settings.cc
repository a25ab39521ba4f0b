#include "handler/settings.h"

#include <algorithm>
#include <cctype>
#include <cstdlib>
#include <optional>

#include "aws/secret_reference.h"
#include "base/aws_names.h"
#include "base/redact.h"
#include "base/text.h"

namespace bucketwatch::handler {
namespace {

std::optional<Given> FromVariable(const Getenv& getenv, const char* name) {
  const char* v = getenv(name);
  if (v == nullptr) return std::nullopt;
  std::string value(Trim(v));
  if (value.empty()) return std::nullopt;
  return Given{std::move(value), name};
}

// The first of `names` that is set and not empty.
std::optional<Given> FromVariables(const Getenv& getenv, std::initializer_list<const char*> names) {
  for (const char* n : names) {
    if (auto g = FromVariable(getenv, n)) return g;
  }
  return std::nullopt;
}

const std::string& ValueOr(const std::optional<Given>& g) {
  static const std::string kEmpty;
  return g ? g->value : kEmpty;
}

// DynamoDB's rule for table names: 3-255 of A-Z a-z 0-9 _ - . (Amazon
// DynamoDB Developer Guide, "Supported data types and naming rules").
Status CheckTableName(const Given& g) {
  bool ok = g.value.size() >= 3 && g.value.size() <= 255;
  for (char c : g.value) {
    ok = ok && (std::isalnum(static_cast<unsigned char>(c)) || c == '_' || c == '-' || c == '.');
  }
  if (ok) return Status::Ok();
  return InvalidInput(g.where + " must be a DynamoDB table name (3-255 of A-Z a-z 0-9 _ - .), found \"" +
                      g.value.substr(0, 80) + "\"");
}

// IAM's characters for role names (external ids also allow : and /).
Status CheckIamText(const Given& g, size_t min, size_t max, std::string_view extra) {
  bool ok = g.value.size() >= min && g.value.size() <= max;
  for (char c : g.value) {
    ok = ok &&
         (std::isalnum(static_cast<unsigned char>(c)) ||
          std::string_view("+=,.@_-").find(c) != std::string_view::npos || extra.find(c) != std::string_view::npos);
  }
  if (ok) return Status::Ok();
  return InvalidInput(g.where + " must be " + std::to_string(min) + "-" + std::to_string(max) +
                      " of letters, digits and +=,.@_-" + std::string(extra) + ", found \"" + g.value.substr(0, 80) +
                      "\"");
}

Result<int> IntIn(const std::optional<Given>& g, int low, int high, int fallback) {
  if (!g) return fallback;
  char* end = nullptr;
  long n = std::strtol(g->value.c_str(), &end, 10);
  if (end == g->value.c_str() || *end != '\0' || n < low || n > high) {
    return InvalidInput(g->where + " must be a whole number from " + std::to_string(low) + " to " +
                        std::to_string(high) + ", found \"" + g->value + "\"");
  }
  return static_cast<int>(n);
}

Status InterpretWebhook(const GivenSettings& given, bool need_webhook, Settings& s) {
  if (!given.webhook_url) {
    if (!need_webhook) return Status::Ok();
    return InvalidInput(
        "no Slack webhook: set BUCKETWATCH_SLACK_WEBHOOK_URL (or WEB_HOOK_URL, the old Lambda's variable) to the "
        "incoming webhook URL");
  }
  s.webhook_variable = given.webhook_url->where;
  if (aws::IsSecretReference(given.webhook_url->value)) {
    s.webhook_reference = given.webhook_url->value;  // a name, not the secret: fetched by ResolveWebhook
    return Status::Ok();
  }
  BW_RETURN_IF_ERROR(CheckWebhookUrl(given.webhook_url->value, s.webhook_variable));
  s.webhook_url = given.webhook_url->value;
  return Status::Ok();
}

Status InterpretMessage(const GivenSettings& given, Settings& s) {
  if (given.lang) {
    auto l = notify::ParseLang(given.lang->value);
    if (!l) return InvalidInput(given.lang->where + " must be ja or en, found \"" + given.lang->value + "\"");
    s.message.lang = *l;
    s.lang_reason = given.lang->where;
  } else if (s.webhook_variable == "WEB_HOOK_URL") {
    s.message.lang = notify::Lang::kJa;
    s.lang_reason = "default for the old Lambda's variables (WEB_HOOK_URL)";
  } else {
    s.message.lang = notify::Lang::kEn;
    s.lang_reason = "default";
  }
  s.message.env_label = ValueOr(given.env_label);
  s.message.channel = ValueOr(given.channel);
  s.message.username = ValueOr(given.username);
  s.message.icon_emoji = ValueOr(given.icon_emoji);
  s.message.icon_url = ValueOr(given.icon_url);
  if (given.channel || given.username || given.icon_emoji || given.icon_url) {
    s.warnings.emplace_back(
        "channel/username/icon are honoured only by legacy custom-integration webhooks; a webhook created by a "
        "Slack app ignores them");
  }
  return Status::Ok();
}

Status InterpretAccounts(const GivenSettings& given, Settings& s) {
  if (given.state_table) {
    BW_RETURN_IF_ERROR(CheckTableName(*given.state_table));
    s.state_table = given.state_table->value;
  }
  if (given.member_role) {
    BW_RETURN_IF_ERROR(CheckIamText(*given.member_role, 1, 64, ""));
    s.member_role.name = given.member_role->value;
  }
  if (given.member_external_id) {
    BW_RETURN_IF_ERROR(CheckIamText(*given.member_external_id, 2, 1224, ":/"));
    s.member_role.external_id = given.member_external_id->value;
    if (!given.member_role)
      s.warnings.emplace_back(given.member_external_id->where + " is set without a member role; it is unused");
  }
  if (given.own_account) {
    if (!IsAccountId(given.own_account->value)) {
      return InvalidInput(given.own_account->where + " must be a 12-digit account id, found \"" +
                          given.own_account->value.substr(0, 80) + "\"");
    }
    s.own_account = given.own_account->value;
  }
  s.function_name = ValueOr(given.function_name);
  return Status::Ok();
}

}  // namespace

Getenv ProcessEnvironment() {
  return [](const char* name) { return std::getenv(name); };
}

Status CheckWebhookUrl(std::string_view url, std::string_view variable) {
  auto bad = [&](std::string_view why) {
    return InvalidInput(std::string(variable) + " " + std::string(why) + " (found " + RedactUrl(url) + ")");
  };
  size_t scheme_end = url.find("://");
  if (scheme_end == std::string_view::npos) return bad("must be an https:// URL");
  std::string_view scheme = url.substr(0, scheme_end);
  std::string_view rest = url.substr(scheme_end + 3);
  std::string_view host = rest.substr(0, rest.find_first_of("/?#"));
  if (size_t at = host.rfind('@'); at != std::string_view::npos) host.remove_prefix(at + 1);
  std::string_view hostname = host;
  if (!hostname.empty() && hostname.front() == '[') {
    hostname = hostname.substr(0, hostname.find(']') + 1);
  } else if (size_t colon = hostname.find(':'); colon != std::string_view::npos) {
    hostname = hostname.substr(0, colon);
  }
  if (hostname.empty()) return bad("has no host");
  if (scheme == "https") return Status::Ok();
  if (scheme == "http" && (hostname == "127.0.0.1" || hostname == "localhost" || hostname == "[::1]")) {
    return Status::Ok();
  }
  return bad("must be an https:// URL (plain http is accepted only to 127.0.0.1, for local stand-ins)");
}

GivenSettings FromEnvironment(const Getenv& getenv) {
  GivenSettings g;
  g.webhook_url = FromVariables(getenv, {"BUCKETWATCH_SLACK_WEBHOOK_URL", "WEB_HOOK_URL"});
  if (g.webhook_url && g.webhook_url->where == "BUCKETWATCH_SLACK_WEBHOOK_URL") {
    auto legacy = FromVariable(getenv, "WEB_HOOK_URL");
    if (legacy && legacy->value != g.webhook_url->value) {
      g.warnings.emplace_back("WEB_HOOK_URL is set too and differs; BUCKETWATCH_SLACK_WEBHOOK_URL is used");
    }
  }
  g.lang = FromVariable(getenv, "BUCKETWATCH_LANG");
  g.env_label = FromVariables(getenv, {"BUCKETWATCH_ENV", "ENV"});
  g.channel = FromVariables(getenv, {"BUCKETWATCH_SLACK_CHANNEL", "CHANNEL"});
  g.username = FromVariable(getenv, "BUCKETWATCH_SLACK_USERNAME");
  g.icon_emoji = FromVariable(getenv, "BUCKETWATCH_SLACK_ICON_EMOJI");
  g.icon_url = FromVariable(getenv, "BUCKETWATCH_SLACK_ICON_URL");
  g.config_rules = FromVariable(getenv, "BUCKETWATCH_CONFIG_RULES");
  g.max_attempts = FromVariable(getenv, "BUCKETWATCH_SLACK_MAX_ATTEMPTS");
  g.attempt_timeout = FromVariable(getenv, "BUCKETWATCH_SLACK_TIMEOUT");
  g.reconcile_seconds = FromVariable(getenv, "BUCKETWATCH_RECONCILE_SECONDS");
  g.state_table = FromVariable(getenv, "BUCKETWATCH_STATE_TABLE");
  g.member_role = FromVariable(getenv, "BUCKETWATCH_MEMBER_ROLE");
  g.member_external_id = FromVariable(getenv, "BUCKETWATCH_MEMBER_EXTERNAL_ID");
  g.own_account = FromVariable(getenv, "BUCKETWATCH_ACCOUNT_ID");
  g.function_name = FromVariable(getenv, "AWS_LAMBDA_FUNCTION_NAME");
  g.allow_list = FromVariable(getenv, "BUCKETWATCH_ALLOW_LIST");
  return g;
}

Result<Settings> Interpret(const GivenSettings& given, bool need_webhook) {
  Settings s;
  s.warnings = given.warnings;
  BW_RETURN_IF_ERROR(InterpretWebhook(given, need_webhook, s));
  BW_RETURN_IF_ERROR(InterpretMessage(given, s));
  std::string_view rules = ValueOr(given.config_rules);
  for (size_t pos = 0; pos <= rules.size();) {
    size_t comma = std::min(rules.find(',', pos), rules.size());
    std::string name(Trim(rules.substr(pos, comma - pos)));
    if (!name.empty()) s.declared_rules.push_back(std::move(name));
    pos = comma + 1;
  }
  BW_RETURN_IF_ERROR(InterpretAccounts(given, s));
  BW_ASSIGN_OR_RETURN(s.retry.max_attempts, IntIn(given.max_attempts, 1, 10, 5));
  BW_ASSIGN_OR_RETURN(int timeout, IntIn(given.attempt_timeout, 1, 60, 10));
  s.retry.attempt_timeout = std::chrono::seconds(timeout);
  // Lambda's limit is 900 s; a slice of at least 10 s makes headway however slow S3 is.
  BW_ASSIGN_OR_RETURN(int slice, IntIn(given.reconcile_seconds, 10, 900, 300));
  s.reconcile_slice = std::chrono::seconds(slice);
  if (given.allow_list) {
    auto allow = scan::AllowList::Load(given.allow_list->value);
    if (!allow.ok()) return Status(allow.status().code(), given.allow_list->where + ": " + allow.status().message());
    s.allow = std::make_shared<const scan::AllowList>(std::move(allow).value());
  }
  return s;
}

Result<Settings> LoadSettings(const Getenv& getenv, bool need_webhook) {
  return Interpret(FromEnvironment(getenv), need_webhook);
}

Status ResolveWebhook(Settings& s, const SecretLookup& lookup) {
  if (s.webhook_reference.empty()) return Status::Ok();
  auto url = lookup(s.webhook_reference);
  if (!url.ok()) return Status(url.status().code(), s.webhook_variable + ": " + url.status().message());
  std::string trimmed(Trim(*url));
  Status ok = CheckWebhookUrl(trimmed, s.webhook_variable + " (from " + s.webhook_reference + ")");
  if (!ok.ok()) return ok;
  s.webhook_url = std::move(trimmed);
  return Status::Ok();
}

Status ResolveWebhookFromAws(Settings& s) {
  if (s.webhook_reference.empty()) return Status::Ok();
  auto resolver = aws::SecretResolver::FromEnvironment();
  if (!resolver.ok()) return Status(resolver.status().code(), s.webhook_variable + ": " + resolver.status().message());
  return ResolveWebhook(s, [&resolver](std::string_view ref) { return resolver->Resolve(ref); });
}

log::Fields ForLog(const Settings& s) {
  log::Fields f = log::Fields::object();
  f["webhook"] = s.webhook_url.empty() ? std::string("(none)") : RedactUrl(s.webhook_url);
  if (!s.webhook_reference.empty()) f["webhook_reference"] = s.webhook_reference;
  if (!s.webhook_variable.empty()) f["webhook_from"] = s.webhook_variable;
  f["lang"] = std::string(notify::LangName(s.message.lang));
  f["lang_from"] = s.lang_reason;
  if (!s.message.env_label.empty()) f["env"] = s.message.env_label;
  if (!s.message.channel.empty()) f["channel"] = s.message.channel;
  if (!s.declared_rules.empty()) f["declared_rules"] = s.declared_rules;
  f["state_table"] = s.state_table.empty() ? std::string("(none: no memory between events)") : s.state_table;
  if (!s.member_role.name.empty()) f["member_role"] = s.member_role.name;
  if (!s.own_account.empty()) f["own_account"] = s.own_account;
  if (s.allow) f["allow_list_entries"] = s.allow->entries().size();
  f["max_attempts"] = s.retry.max_attempts;
  f["attempt_timeout_ms"] = s.retry.attempt_timeout.count();
  f["reconcile_seconds"] = s.reconcile_slice.count();
  return f;
}

}  // namespace bucketwatch::handler
