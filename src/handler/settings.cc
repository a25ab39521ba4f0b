#include "handler/settings.h"

#include <cctype>
#include <cstdlib>

#include "aws/secret_reference.h"
#include "base/redact.h"
#include "base/text.h"

namespace bucketwatch::handler {
namespace {

std::string Get(const Getenv& getenv, const char* name) {
  const char* v = getenv(name);
  return v == nullptr ? std::string() : std::string(v);
}

// The first of `names` that is set and not empty; `which` gets its name.
std::string First(const Getenv& getenv, std::initializer_list<const char*> names, std::string* which = nullptr) {
  for (const char* n : names) {
    std::string v = Get(getenv, n);
    if (!v.empty()) {
      if (which != nullptr) *which = n;
      return v;
    }
  }
  return {};
}

// DynamoDB's rule for table names: 3-255 of A-Z a-z 0-9 _ - . (Amazon
// DynamoDB Developer Guide, "Supported data types and naming rules").
Status CheckTableName(const std::string& name) {
  if (name.empty()) return Status::Ok();
  bool ok = name.size() >= 3 && name.size() <= 255;
  for (char c : name) {
    ok = ok && (std::isalnum(static_cast<unsigned char>(c)) || c == '_' || c == '-' || c == '.');
  }
  if (ok) return Status::Ok();
  return InvalidInput("BUCKETWATCH_STATE_TABLE must be a DynamoDB table name (3-255 of A-Z a-z 0-9 _ - .), found \"" +
                      name.substr(0, 80) + "\"");
}

Result<int> IntIn(const Getenv& getenv, const char* name, int low, int high, int fallback) {
  std::string v(Trim(Get(getenv, name)));
  if (v.empty()) return fallback;
  char* end = nullptr;
  long n = std::strtol(v.c_str(), &end, 10);
  if (end == v.c_str() || *end != '\0' || n < low || n > high) {
    return InvalidInput(std::string(name) + " must be a whole number from " + std::to_string(low) + " to " +
                        std::to_string(high) + ", found \"" + v + "\"");
  }
  return static_cast<int>(n);
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

Result<Settings> LoadSettings(const Getenv& getenv, bool need_webhook) {
  Settings s;
  std::string which;
  s.webhook_url = Trim(First(getenv, {"BUCKETWATCH_SLACK_WEBHOOK_URL", "WEB_HOOK_URL"}, &which));
  s.webhook_variable = which;
  if (which == "BUCKETWATCH_SLACK_WEBHOOK_URL") {
    std::string legacy(Trim(Get(getenv, "WEB_HOOK_URL")));
    if (!legacy.empty() && legacy != s.webhook_url) {
      s.warnings.emplace_back("WEB_HOOK_URL is set too and differs; BUCKETWATCH_SLACK_WEBHOOK_URL is used");
    }
  }
  if (s.webhook_url.empty()) {
    if (need_webhook) {
      return InvalidInput(
          "no Slack webhook: set BUCKETWATCH_SLACK_WEBHOOK_URL (or WEB_HOOK_URL, the old Lambda's variable) to the "
          "incoming webhook URL");
    }
  } else if (aws::IsSecretReference(s.webhook_url)) {
    s.webhook_reference = std::move(s.webhook_url);  // a name, not the secret: fetched by ResolveWebhook
    s.webhook_url.clear();
  } else {
    BW_RETURN_IF_ERROR(CheckWebhookUrl(s.webhook_url, s.webhook_variable));
  }

  std::string lang(Trim(Get(getenv, "BUCKETWATCH_LANG")));
  if (!lang.empty()) {
    auto l = notify::ParseLang(lang);
    if (!l) return InvalidInput("BUCKETWATCH_LANG must be ja or en, found \"" + lang + "\"");
    s.message.lang = *l;
    s.lang_reason = "BUCKETWATCH_LANG";
  } else if (s.webhook_variable == "WEB_HOOK_URL") {
    s.message.lang = notify::Lang::kJa;
    s.lang_reason = "default for the old Lambda's variables (WEB_HOOK_URL)";
  } else {
    s.message.lang = notify::Lang::kEn;
    s.lang_reason = "default";
  }

  s.message.env_label = Trim(First(getenv, {"BUCKETWATCH_ENV", "ENV"}));
  s.message.channel = Trim(First(getenv, {"BUCKETWATCH_SLACK_CHANNEL", "CHANNEL"}));
  s.message.username = Trim(Get(getenv, "BUCKETWATCH_SLACK_USERNAME"));
  s.message.icon_emoji = Trim(Get(getenv, "BUCKETWATCH_SLACK_ICON_EMOJI"));
  s.message.icon_url = Trim(Get(getenv, "BUCKETWATCH_SLACK_ICON_URL"));
  if (!s.message.channel.empty() || !s.message.username.empty() || !s.message.icon_emoji.empty() ||
      !s.message.icon_url.empty()) {
    s.warnings.emplace_back(
        "channel/username/icon are honoured only by legacy custom-integration webhooks; a webhook created by a "
        "Slack app ignores them");
  }

  std::string rules = Get(getenv, "BUCKETWATCH_CONFIG_RULES");
  size_t pos = 0;
  while (pos <= rules.size()) {
    size_t comma = rules.find(',', pos);
    if (comma == std::string::npos) comma = rules.size();
    std::string name(Trim(rules.substr(pos, comma - pos)));
    if (!name.empty()) s.declared_rules.push_back(name);
    pos = comma + 1;
  }

  s.state_table = std::string(Trim(Get(getenv, "BUCKETWATCH_STATE_TABLE")));
  BW_RETURN_IF_ERROR(CheckTableName(s.state_table));

  BW_ASSIGN_OR_RETURN(s.retry.max_attempts, IntIn(getenv, "BUCKETWATCH_SLACK_MAX_ATTEMPTS", 1, 10, 5));
  BW_ASSIGN_OR_RETURN(int timeout, IntIn(getenv, "BUCKETWATCH_SLACK_TIMEOUT", 1, 60, 10));
  s.retry.attempt_timeout = std::chrono::seconds(timeout);
  return s;
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
  f["max_attempts"] = s.retry.max_attempts;
  f["attempt_timeout_ms"] = s.retry.attempt_timeout.count();
  return f;
}

}  // namespace bucketwatch::handler
