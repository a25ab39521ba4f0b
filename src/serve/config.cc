#include "serve/config.h"

#include <toml++/toml.h>

#include <charconv>
#include <fstream>
#include <map>
#include <memory>
#include <optional>
#include <set>
#include <sstream>

#include "base/aws_names.h"
#include "base/log.h"
#include "base/text.h"

namespace bucketwatch::serve {
namespace {

// The file's keys, by table. Anything else is an error (a misspelt key must
// not silently leave a default in place).
const std::map<std::string, std::set<std::string, std::less<>>, std::less<>>& KnownKeys() {
  static const auto* keys = new std::map<std::string, std::set<std::string, std::less<>>, std::less<>>{
      {"listen",
       {"address", "port", "secret", "secret_header", "max_body_bytes", "max_connections", "max_connections_per_client",
        "request_timeout_seconds"}},
      {"inbox", {"max_depth", "retry_after_seconds"}},
      {"store", {"path"}},
      {"state", {"dynamodb_table"}},
      {"scan", {"interval_seconds", "allow_list", "accounts"}},
      {"aws",
       {"region", "endpoint_url", "profile", "account_id", "rescan_attempts", "member_role", "member_external_id"}},
      {"sqs", {"queue_url", "region", "endpoint_url", "wait_seconds", "max_messages", "visibility_timeout_seconds"}},
      {"slack",
       {"webhook_url", "channel", "username", "icon_emoji", "icon_url", "lang", "env", "max_attempts",
        "timeout_seconds", "config_rules"}},
  };
  return *keys;
}

class Reader {
 public:
  Reader(std::string_view source, const handler::Getenv& getenv) : source_(source), getenv_(getenv) {}

  std::string Where(const toml::node& node, std::string_view key) const {
    return source_ + ":" + std::to_string(node.source().begin.line) + ": " + std::string(key);
  }
  const char* Env(const char* name) const { return getenv_ ? getenv_(name) : nullptr; }

  Status String(const toml::node& node, std::string_view key, std::string& out) const {
    const auto* v = node.as_string();
    if (v == nullptr) return InvalidInput(Where(node, key) + " must be a string");
    out = v->get();
    return Status::Ok();
  }
  Status Int(const toml::node& node, std::string_view key, int64_t min, int64_t max, int64_t& out) const {
    const auto* v = node.as_integer();
    if (v == nullptr) return InvalidInput(Where(node, key) + " must be an integer");
    if (v->get() < min || v->get() > max) {
      return InvalidInput(Where(node, key) + " must be between " + std::to_string(min) + " and " + std::to_string(max) +
                          " (found " + std::to_string(v->get()) + ")");
    }
    out = v->get();
    return Status::Ok();
  }
  Status EnvInt(const char* name, int64_t min, int64_t max, int64_t& out) const {
    const char* v = Env(name);
    if (v == nullptr || *v == '\0') return Status::Ok();
    std::string_view text(v);
    int64_t n = 0;
    auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), n);
    if (ec != std::errc() || end != text.data() + text.size() || n < min || n > max) {
      return InvalidInput(std::string(name) + " must be an integer between " + std::to_string(min) + " and " +
                          std::to_string(max));
    }
    out = n;
    return Status::Ok();
  }
  void EnvString(const char* name, std::string& out) const {
    const char* v = Env(name);
    if (v != nullptr && *v != '\0') out = v;
  }

 private:
  std::string source_;
  const handler::Getenv& getenv_;
};

// Where each [slack] key goes among the settings as given.
std::optional<handler::Given>& SlackField(handler::GivenSettings& g, std::string_view name) {
  if (name == "webhook_url") return g.webhook_url;
  if (name == "channel") return g.channel;
  if (name == "username") return g.username;
  if (name == "icon_emoji") return g.icon_emoji;
  if (name == "icon_url") return g.icon_url;
  if (name == "lang") return g.lang;
  if (name == "env") return g.env_label;
  if (name == "max_attempts") return g.max_attempts;
  if (name == "timeout_seconds") return g.attempt_timeout;
  return g.config_rules;
}

// One [slack] key, kept unless the environment gave that setting already.
Status ReadSlackKey(const Reader& r, const toml::node& node, const std::string& key, std::string_view name,
                    handler::GivenSettings& given) {
  std::string value;
  if (name == "config_rules") {
    const toml::array* list = node.as_array();
    if (list == nullptr) return InvalidInput(r.Where(node, key) + " must be an array of strings");
    for (const toml::node& item : *list) {
      std::string rule;
      BW_RETURN_IF_ERROR(r.String(item, key, rule));
      value += (value.empty() ? "" : ",") + rule;
    }
  } else if (name == "max_attempts" || name == "timeout_seconds") {
    int64_t n = 0;
    BW_RETURN_IF_ERROR(r.Int(node, key, 1, 60, n));
    value = std::to_string(n);
  } else {
    BW_RETURN_IF_ERROR(r.String(node, key, value));
  }
  std::optional<handler::Given>& field = SlackField(given, name);
  std::string trimmed(Trim(value));
  if (!field && !trimmed.empty()) field = handler::Given{std::move(trimmed), r.Where(node, key)};
  return Status::Ok();
}

}  // namespace

SecretResolver PlainSecrets() {
  return [](std::string_view value, std::string_view key) -> Result<std::string> {
    if (value.starts_with("ssm:") || value.starts_with("secretsmanager:")) {
      return InvalidInput(std::string(key) +
                          " names an SSM parameter or a Secrets Manager secret, which cannot be read here; "
                          "give the value itself (docs/serve.md, \"Secrets\")");
    }
    return std::string(value);
  };
}

SecretResolver AwsSecrets(std::function<Result<aws::SecretResolver>()> make) {
  // Shared by the copies of the returned function; made once, on first use.
  auto state =
      std::make_shared<std::pair<std::function<Result<aws::SecretResolver>()>, std::optional<aws::SecretResolver>>>(
          std::move(make), std::nullopt);
  return [state](std::string_view value, std::string_view key) -> Result<std::string> {
    if (!aws::IsSecretReference(value)) return std::string(value);
    if (!state->second) {
      auto made = state->first();
      if (!made.ok()) {
        return Status(made.status().code(),
                      std::string(key) + ": cannot set up AWS to read the secret: " + made.status().message());
      }
      state->second.emplace(std::move(made).value());
    }
    auto got = state->second->Resolve(value);
    if (!got.ok()) return Status(got.status().code(), std::string(key) + ": " + got.status().message());
    log::Info("config.secret_resolved", {{"key", std::string(key)}, {"reference", std::string(value)}});
    return got;
  };
}

SecretResolver AwsSecretsFromEnvironment() {
  return AwsSecrets([] { return aws::SecretResolver::FromEnvironment(); });
}

std::string ServeConfig::Describe() const {
  std::ostringstream o;
  o << "listen=" << listen_address << ":" << listen_port << " store=" << store_path
    << " state_table=" << (state_table.empty() ? "-" : state_table) << " max_inbox=" << max_inbox
    << " scan_interval_s=" << scan_interval.count();
  return o.str();
}

Result<ServeConfig> ParseServeConfig(std::string_view text, std::string_view source, const handler::Getenv& getenv,
                                     const SecretResolver& secrets) {
  ServeConfig c;
  Reader r(source, getenv);
  toml::table root;
  try {
    root = toml::parse(text, source);
  } catch (const toml::parse_error& e) {
    return InvalidInput(std::string(source) + ":" + std::to_string(e.source().begin.line) + ": " +
                        std::string(e.description()));
  }

  // Slack: the environment first (either name), then the file.
  handler::GivenSettings slack = handler::FromEnvironment([&r](const char* name) { return r.Env(name); });
  for (const auto& [table_key, table_node] : root) {
    std::string table_name(table_key.str());
    auto known = KnownKeys().find(table_name);
    if (known == KnownKeys().end()) {
      return InvalidInput(r.Where(table_node, table_name) +
                          " is not a known table (listen, inbox, store, state, scan, aws, sqs, slack)");
    }
    const toml::table* table = table_node.as_table();
    if (table == nullptr) return InvalidInput(r.Where(table_node, table_name) + " must be a table");
    for (const auto& [k, node] : *table) {
      std::string key = table_name + "." + std::string(k.str());
      if (!known->second.contains(k.str())) return InvalidInput(r.Where(node, key) + " is not a known key");
      int64_t n = 0;
      std::string_view name = k.str();
      if (table_name == "listen") {
        if (name == "address") BW_RETURN_IF_ERROR(r.String(node, key, c.listen_address));
        if (name == "port") {
          BW_RETURN_IF_ERROR(r.Int(node, key, 0, 65535, n));
          c.listen_port = static_cast<int>(n);
        }
        if (name == "secret") BW_RETURN_IF_ERROR(r.String(node, key, c.shared_secret));
        if (name == "secret_header") BW_RETURN_IF_ERROR(r.String(node, key, c.secret_header));
        if (name == "max_body_bytes") {
          BW_RETURN_IF_ERROR(r.Int(node, key, 1024, 16 << 20, n));
          c.max_body_bytes = static_cast<size_t>(n);
        }
        if (name == "max_connections") {
          BW_RETURN_IF_ERROR(r.Int(node, key, 1, 10000, n));
          c.max_connections = static_cast<int>(n);
        }
        if (name == "max_connections_per_client") {
          BW_RETURN_IF_ERROR(r.Int(node, key, 1, 10000, n));
          c.max_connections_per_client = static_cast<int>(n);
        }
        if (name == "request_timeout_seconds") {
          BW_RETURN_IF_ERROR(r.Int(node, key, 1, 3600, n));
          c.request_timeout = std::chrono::seconds(n);
        }
      } else if (table_name == "inbox") {
        if (name == "max_depth") BW_RETURN_IF_ERROR(r.Int(node, key, 1, int64_t{1} << 40, c.max_inbox));
        if (name == "retry_after_seconds") {
          BW_RETURN_IF_ERROR(r.Int(node, key, 1, 3600, n));
          c.retry_after_seconds = static_cast<int>(n);
        }
      } else if (table_name == "store") {
        BW_RETURN_IF_ERROR(r.String(node, key, c.store_path));
      } else if (table_name == "state") {
        BW_RETURN_IF_ERROR(r.String(node, key, c.state_table));
      } else if (table_name == "scan" && name == "accounts") {
        const toml::array* list = node.as_array();
        if (list == nullptr) return InvalidInput(r.Where(node, key) + " must be an array of 12-digit account ids");
        for (const toml::node& item : *list) {
          std::string id;
          BW_RETURN_IF_ERROR(r.String(item, key, id));
          if (!IsAccountId(id)) {
            return InvalidInput(r.Where(item, key) + ": \"" + id + "\" is not a 12-digit AWS account id");
          }
          c.scan_accounts.push_back(std::move(id));
        }
      } else if (table_name == "aws" && (name == "member_role" || name == "member_external_id")) {
        // Checked with the other handler settings; the environment's variable first.
        std::string value;
        BW_RETURN_IF_ERROR(r.String(node, key, value));
        auto& field = name == "member_role" ? slack.member_role : slack.member_external_id;
        if (!field && !value.empty()) field = handler::Given{value, r.Where(node, key)};
      } else if (table_name == "scan" && name == "allow_list") {
        // Checked and loaded with the other handler settings (BUCKETWATCH_ALLOW_LIST first).
        std::string path;
        BW_RETURN_IF_ERROR(r.String(node, key, path));
        if (!slack.allow_list && !path.empty()) slack.allow_list = handler::Given{path, r.Where(node, key)};
      } else if (table_name == "scan") {
        BW_RETURN_IF_ERROR(r.Int(node, key, 0, 7 * 24 * 3600, n));
        c.scan_interval = std::chrono::seconds(n);
      } else if (table_name == "aws") {
        if (name == "region") BW_RETURN_IF_ERROR(r.String(node, key, c.aws.region));
        if (name == "endpoint_url") BW_RETURN_IF_ERROR(r.String(node, key, c.aws.endpoint_url));
        if (name == "profile") BW_RETURN_IF_ERROR(r.String(node, key, c.aws.profile));
        if (name == "account_id") BW_RETURN_IF_ERROR(r.String(node, key, c.aws.account_id));
        if (name == "rescan_attempts") {
          BW_RETURN_IF_ERROR(r.Int(node, key, 1, 100, n));
          c.rescan_attempts = static_cast<int>(n);
        }
      } else if (table_name == "sqs") {
        if (name == "queue_url") BW_RETURN_IF_ERROR(r.String(node, key, c.sqs.queue_url));
        if (name == "region") BW_RETURN_IF_ERROR(r.String(node, key, c.sqs.region));
        if (name == "endpoint_url") BW_RETURN_IF_ERROR(r.String(node, key, c.sqs.endpoint_url));
        if (name == "wait_seconds") {
          BW_RETURN_IF_ERROR(r.Int(node, key, 0, 20, n));
          c.sqs.wait_seconds = static_cast<int>(n);
        }
        if (name == "max_messages") {
          BW_RETURN_IF_ERROR(r.Int(node, key, 1, 10, n));
          c.sqs.max_messages = static_cast<int>(n);
        }
        if (name == "visibility_timeout_seconds") {
          BW_RETURN_IF_ERROR(r.Int(node, key, 0, 12 * 3600, n));
          c.sqs.visibility_timeout_seconds = static_cast<int>(n);
        }
      } else if (table_name == "slack") {
        BW_RETURN_IF_ERROR(ReadSlackKey(r, node, key, name, slack));
      }
    }
  }

  // The environment overrides the file.
  r.EnvString("BUCKETWATCH_LISTEN_ADDRESS", c.listen_address);
  int64_t port = c.listen_port;
  BW_RETURN_IF_ERROR(r.EnvInt("BUCKETWATCH_LISTEN_PORT", 0, 65535, port));
  c.listen_port = static_cast<int>(port);
  if (const char* s = r.Env("BUCKETWATCH_SHARED_SECRET"); s != nullptr && *s != '\0') {
    BW_ASSIGN_OR_RETURN(c.shared_secret, secrets(s, "BUCKETWATCH_SHARED_SECRET"));
  } else if (!c.shared_secret.empty()) {
    BW_ASSIGN_OR_RETURN(c.shared_secret, secrets(c.shared_secret, std::string(source) + ": listen.secret"));
  }
  r.EnvString("BUCKETWATCH_STORE", c.store_path);
  r.EnvString("BUCKETWATCH_STATE_TABLE", c.state_table);
  r.EnvString("BUCKETWATCH_SQS_QUEUE_URL", c.sqs.queue_url);
  BW_RETURN_IF_ERROR(r.EnvInt("BUCKETWATCH_MAX_INBOX", 1, int64_t{1} << 40, c.max_inbox));
  int64_t scan = c.scan_interval.count();
  BW_RETURN_IF_ERROR(r.EnvInt("BUCKETWATCH_SCAN_INTERVAL", 0, 7 * 24 * 3600, scan));
  c.scan_interval = std::chrono::seconds(scan);

  if (c.shared_secret.size() < 16) {
    return InvalidInput(std::string(source) +
                        ": listen.secret (or BUCKETWATCH_SHARED_SECRET) must be set, at least 16 characters: every "
                        "event sender must present it");
  }
  if (c.secret_header.empty()) return InvalidInput(std::string(source) + ": listen.secret_header must not be empty");
  if (c.store_path.empty()) return InvalidInput(std::string(source) + ": store.path must not be empty");

  if (!slack.webhook_url) {
    return InvalidInput(std::string(source) +
                        ": no Slack webhook: set slack.webhook_url, or BUCKETWATCH_SLACK_WEBHOOK_URL (or WEB_HOOK_URL) "
                        "in the environment");
  }
  // A secret reference, from either place, is read now.
  BW_ASSIGN_OR_RETURN(slack.webhook_url->value, secrets(slack.webhook_url->value, slack.webhook_url->where));
  // Errors name the variable or the file's line and key.
  BW_ASSIGN_OR_RETURN(c.slack, handler::Interpret(slack, /*need_webhook=*/true));
  if (!c.scan_accounts.empty() && c.slack.member_role.name.empty()) {
    return InvalidInput(std::string(source) +
                        ": scan.accounts are read with a role assumed in each: set aws.member_role (or "
                        "BUCKETWATCH_MEMBER_ROLE)");
  }
  if (c.slack.own_account.empty()) c.slack.own_account = c.aws.account_id;
  return c;
}

Result<ServeConfig> LoadServeConfig(const std::string& path, const handler::Getenv& getenv,
                                    const SecretResolver& secrets) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return NotFound("cannot open the configuration file " + path);
  std::ostringstream text;
  text << in.rdbuf();
  if (in.bad()) return IoError("cannot read the configuration file " + path);
  return ParseServeConfig(text.str(), path, getenv, secrets);
}

}  // namespace bucketwatch::serve
