#include "aws/credential_sources.h"

#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>  // environ

#include <cerrno>
#include <charconv>
#include <cstring>
#include <fstream>
#include <set>
#include <sstream>
#include <thread>

#include "aws/credentials_chain.h"
#include "aws/sts_client.h"
#include "aws/timestamp.h"
#include "base/json.h"
#include "base/log.h"
#include "base/redact.h"
#include "base/text.h"

namespace bucketwatch::aws {
namespace {

Status NotConfigured(std::string why) { return NotFound(std::move(why)); }

Result<std::string> ReadWholeFile(const std::string& path, std::string_view what) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return IoError(std::string(what) + " " + path + " cannot be read: " + std::strerror(errno));
  std::ostringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

std::string DefaultSessionName(const Hooks& hooks) {
  return "bucketwatch-" + std::to_string(Clock::to_time_t(hooks.now()));
}

Result<std::optional<int>> DurationSetting(std::optional<std::string> text, std::string_view where) {
  if (!text) return std::optional<int>();
  int n = 0;
  std::string_view digits = *text;
  auto [end, ec] = std::from_chars(digits.data(), digits.data() + digits.size(), n);
  if (ec != std::errc() || end != digits.data() + digits.size() || n < 900 || n > 43200) {
    return InvalidInput(std::string(where) + " duration_seconds is \"" + *text + "\"; expected 900 to 43200");
  }
  return std::optional<int>(n);
}

// Reads the JSON credential documents of credential_process, the container
// endpoint and IMDS. `token_key` is "SessionToken" or "Token".
Result<Credentials> CredentialsFromJson(std::string_view text, std::string_view token_key, std::string source) {
  json::Parser parser(json::Limits{.max_bytes = 1u << 20, .max_depth = 16});
  auto doc = parser.Parse(text);
  if (!doc.ok()) return InvalidInput(source + " did not answer JSON: " + doc.status().message());
  json::Object object;
  if (doc->get_object().get(object)) return InvalidInput(source + " answered JSON that is not an object");
  Credentials c;
  c.source = source;
  auto str = [&](std::string_view key, std::string& out) -> Status {
    json::Element e;
    if (object.at_key(key).get(e) || e.is_null()) return Status::Ok();
    std::string_view v;
    if (e.get_string().get(v)) return InvalidInput(source + ": \"" + std::string(key) + "\" is not a string");
    out = std::string(v);
    return Status::Ok();
  };
  BW_RETURN_IF_ERROR(str("AccessKeyId", c.access_key_id));
  BW_RETURN_IF_ERROR(str("SecretAccessKey", c.secret_access_key));
  BW_RETURN_IF_ERROR(str(token_key, c.session_token));
  BW_RETURN_IF_ERROR(str("AccountId", c.account_id));
  std::string expiration;
  BW_RETURN_IF_ERROR(str("Expiration", expiration));
  if (c.access_key_id.empty() || c.secret_access_key.empty()) {
    return InvalidInput(source + " answered without AccessKeyId or SecretAccessKey");
  }
  if (!expiration.empty()) {
    auto t = ParseIso8601(expiration);
    if (!t.ok()) return InvalidInput(source + ": Expiration: " + t.status().message());
    c.expiration = *t;
  }
  return c;
}

// --- 1. environment ---------------------------------------------------------

class EnvironmentCredentials : public CredentialsProvider {
 public:
  explicit EnvironmentCredentials(const Environment& env) : env_(env) {}
  std::string Name() const override { return "environment"; }
  Result<Credentials> Fetch() override {
    auto id = env_.Get("AWS_ACCESS_KEY_ID");
    auto secret = env_.Get("AWS_SECRET_ACCESS_KEY");
    if (!id && !secret) return NotConfigured("AWS_ACCESS_KEY_ID is not set");
    if (!id || !secret) {
      return InvalidInput(std::string(id ? "AWS_ACCESS_KEY_ID is set but AWS_SECRET_ACCESS_KEY is not"
                                         : "AWS_SECRET_ACCESS_KEY is set but AWS_ACCESS_KEY_ID is not"));
    }
    Credentials c{.access_key_id = *id, .secret_access_key = *secret, .source = "environment"};
    if (auto t = env_.Get("AWS_SESSION_TOKEN")) {
      c.session_token = *t;
    } else if (auto legacy = env_.Get("AWS_SECURITY_TOKEN")) {
      c.session_token = *legacy;
    }
    if (auto e = env_.Get("AWS_CREDENTIAL_EXPIRATION")) {
      auto t = ParseIso8601(*e);
      if (!t.ok()) return InvalidInput("AWS_CREDENTIAL_EXPIRATION: " + t.status().message());
      c.expiration = *t;
    }
    if (auto a = env_.Get("AWS_ACCOUNT_ID")) c.account_id = *a;
    return c;
  }

 private:
  const Environment& env_;
};

// --- 7. container -----------------------------------------------------------

bool AllowedHttpHost(std::string_view host) {
  // host may carry a port; IPv6 in brackets.
  std::string h(host);
  if (!h.empty() && h[0] == '[') {
    h = h.substr(1, h.find(']') - 1);
  } else if (size_t colon = h.rfind(':'); colon != std::string::npos) {
    h = h.substr(0, colon);
  }
  if (h == "localhost" || h == "169.254.170.2" || h == "169.254.170.23" || h == "fd00:ec2::23" || h == "::1") {
    return true;
  }
  return h.rfind("127.", 0) == 0;  // the loopback /8
}

class ContainerCredentials : public CredentialsProvider {
 public:
  ContainerCredentials(const Environment& env, Hooks hooks, std::string relative_base)
      : env_(env), hooks_(std::move(hooks)), relative_base_(std::move(relative_base)) {}
  std::string Name() const override { return "container credentials endpoint"; }

  Result<Credentials> Fetch() override {
    std::string url;
    if (auto rel = env_.Get("AWS_CONTAINER_CREDENTIALS_RELATIVE_URI")) {
      url = relative_base_ + *rel;
    } else if (auto full = env_.Get("AWS_CONTAINER_CREDENTIALS_FULL_URI")) {
      auto e = ParseEndpointUrl(*full);
      if (!e.ok()) return InvalidInput("AWS_CONTAINER_CREDENTIALS_FULL_URI: " + e.status().message());
      if (e->scheme == "http" && !AllowedHttpHost(e->host)) {
        return InvalidInput("AWS_CONTAINER_CREDENTIALS_FULL_URI uses http to " + e->host +
                            "; plain http is allowed only to loopback, 169.254.170.2, 169.254.170.23 or fd00:ec2::23");
      }
      url = *full;
    } else {
      return NotConfigured("AWS_CONTAINER_CREDENTIALS_RELATIVE_URI and _FULL_URI are not set");
    }
    net::HttpRequest req{.method = "GET",
                         .url = url,
                         .timeout = std::chrono::milliseconds(2000),
                         .connect_timeout = std::chrono::milliseconds(2000),
                         .use_proxy = false,
                         .max_response_bytes = 1u << 20};
    std::string token;
    if (auto file = env_.Get("AWS_CONTAINER_AUTHORIZATION_TOKEN_FILE")) {
      BW_ASSIGN_OR_RETURN(std::string text, ReadWholeFile(*file, "AWS_CONTAINER_AUTHORIZATION_TOKEN_FILE"));
      token = Trim(text);  // re-read on every fetch: the agent rotates it
    } else if (auto t = env_.Get("AWS_CONTAINER_AUTHORIZATION_TOKEN")) {
      token = *t;
    }
    if (token.find_first_of("\r\n") != std::string::npos) {
      return InvalidInput("the container authorization token contains a line break");
    }
    if (!token.empty()) req.headers.push_back({"Authorization", token});
    if (!transport_) transport_ = hooks_.transport();
    std::string last;
    for (int attempt = 1; attempt <= 3; ++attempt) {  // botocore: 3 attempts
      auto res = transport_->Send(req);
      if (res.ok() && res->status == 200) return CredentialsFromJson(res->body, "Token", "container credentials");
      last = res.ok() ? "HTTP " + std::to_string(res->status) : res.status().message();
      if (res.ok() && res->status >= 400 && res->status < 500) break;  // refused: asking again will not help
      if (attempt < 3) {
        if (hooks_.sleep) {
          hooks_.sleep(std::chrono::milliseconds(1000));
        } else {
          std::this_thread::sleep_for(std::chrono::milliseconds(1000));
        }
      }
    }
    return Status(StatusCode::kUnavailable,
                  "the container credentials endpoint " + RedactUrl(url) + " did not give credentials: " + last);
  }

 private:
  const Environment& env_;
  Hooks hooks_;
  std::string relative_base_;
  std::unique_ptr<Transport> transport_;
};

// --- 8. EC2 instance metadata ----------------------------------------------

class InstanceMetadataCredentials : public CredentialsProvider {
 public:
  InstanceMetadataCredentials(const Environment& env, Hooks hooks) : env_(env), hooks_(std::move(hooks)) {}
  std::string Name() const override { return "EC2 instance metadata"; }

  Result<Credentials> Fetch() override {
    if (env_.Flag("AWS_EC2_METADATA_DISABLED")) return NotConfigured("AWS_EC2_METADATA_DISABLED=true");
    Clock::time_point now = hooks_.now();
    if (now < unreachable_until_) return NotConfigured(unreachable_reason_);
    std::string base = env_.GetOr("AWS_EC2_METADATA_SERVICE_ENDPOINT", "");
    if (base.empty()) {
      std::string mode = env_.GetOr("AWS_EC2_METADATA_SERVICE_ENDPOINT_MODE", "IPv4");
      base = mode == "IPv6" ? "http://[fd00:ec2::254]" : "http://169.254.169.254";
    }
    while (!base.empty() && base.back() == '/') base.pop_back();
    if (!transport_) transport_ = hooks_.transport();
    timeout_ = std::chrono::milliseconds(1000);
    if (auto t = env_.Get("AWS_METADATA_SERVICE_TIMEOUT")) {
      int secs = 0;
      std::string_view digits = *t;
      std::from_chars(digits.data(), digits.data() + digits.size(), secs);
      if (secs > 0) timeout_ = std::chrono::seconds(secs);
    }
    attempts_ = 1;
    if (auto n = env_.Get("AWS_METADATA_SERVICE_NUM_ATTEMPTS")) {
      int v = 0;
      std::string_view digits = *n;
      std::from_chars(digits.data(), digits.data() + digits.size(), v);
      if (v > 0 && v <= 10) attempts_ = v;
    }

    // IMDSv2 session token; 403/404/405 or no answer means "use IMDSv1"
    // unless v1 is disabled (sdkref "IMDS credential provider").
    if (token_.empty() || now >= token_expires_) {
      token_.clear();
      auto res = Send("PUT", base + "/latest/api/token", {{"x-aws-ec2-metadata-token-ttl-seconds", "21600"}});
      if (res.ok() && res->status == 200) {
        token_ = Trim(res->body);
        token_expires_ = now + std::chrono::seconds(21600 - 60);
      } else if (res.ok() && res->status == 400) {
        return InvalidInput("EC2 instance metadata at " + base + " refused the token request (HTTP 400)");
      } else if (!res.ok()) {
        unreachable_reason_ = "no instance metadata service answered at " + base;
        unreachable_until_ = now + std::chrono::minutes(5);
        return NotConfigured(unreachable_reason_);
      }
      if (token_.empty() && env_.Flag("AWS_EC2_METADATA_V1_DISABLED")) {
        return Status(StatusCode::kUnavailable, "EC2 instance metadata at " + base +
                                                    " gave no IMDSv2 token and AWS_EC2_METADATA_V1_DISABLED=true");
      }
    }
    std::vector<net::Header> auth;
    if (!token_.empty()) auth.push_back({"x-aws-ec2-metadata-token", token_});
    std::string list_url = base + "/latest/meta-data/iam/security-credentials/";
    // Like botocore, a metadata service that gives no credentials means "no
    // credentials here", not a broken configuration: the chain's error then
    // names it with the reason.
    auto listed = Send("GET", list_url, auth);
    if (!listed.ok()) return NotConfigured("no answer from " + base + ": " + listed.status().message());
    net::HttpResponse roles = std::move(listed).value();
    if (roles.status == 404) return NotConfigured("this EC2 instance has no IAM role attached");
    if (roles.status == 401) token_.clear();  // expired token: the next fetch gets a new one
    if (roles.status != 200) {
      return NotConfigured("listing the instance role at " + base + " answered HTTP " + std::to_string(roles.status));
    }
    std::string role(Trim(roles.body.substr(0, roles.body.find('\n'))));
    if (role.empty()) return NotConfigured("this EC2 instance has no IAM role attached");
    auto fetched = Send("GET", list_url + role, auth);
    if (!fetched.ok()) return NotConfigured("no answer from " + base + ": " + fetched.status().message());
    net::HttpResponse creds = std::move(fetched).value();
    if (creds.status != 200) {
      return NotConfigured("the credentials of role " + role + " answered HTTP " + std::to_string(creds.status));
    }
    BW_ASSIGN_OR_RETURN(Credentials c,
                        CredentialsFromJson(creds.body, "Token", "EC2 instance metadata (role " + role + ")"));
    return c;
  }

 private:
  Result<net::HttpResponse> Send(std::string method, std::string url, std::vector<net::Header> headers) {
    net::HttpRequest req{.method = std::move(method),
                         .url = std::move(url),
                         .headers = std::move(headers),
                         .timeout = timeout_,
                         .connect_timeout = timeout_,
                         .use_proxy = false,
                         .max_response_bytes = 1u << 20};
    Result<net::HttpResponse> res = Status(StatusCode::kUnavailable, "not sent");
    for (int i = 0; i < attempts_; ++i) {
      res = transport_->Send(req);
      if (res.ok()) break;
    }
    return res;
  }

  const Environment& env_;
  Hooks hooks_;
  std::unique_ptr<Transport> transport_;
  std::chrono::milliseconds timeout_{1000};
  int attempts_ = 1;
  std::string token_;
  Clock::time_point token_expires_{};
  Clock::time_point unreachable_until_{};
  std::string unreachable_reason_;
};

// --- 3. web identity ----------------------------------------------------------

Result<Credentials> WebIdentity(const std::string& role_arn, const std::string& token_file, std::string session,
                                std::optional<int> duration, const ClientConfig& config, const Hooks& hooks) {
  BW_ASSIGN_OR_RETURN(std::string token, ReadWholeFile(token_file, "web identity token file"));
  token = Trim(token);
  if (token.empty()) return InvalidInput("the web identity token file " + token_file + " is empty");
  StsClient sts(std::make_shared<AwsContext>(config, nullptr, hooks));
  if (session.empty()) session = DefaultSessionName(hooks);
  auto c = sts.AssumeRoleWithWebIdentity({role_arn, session, token, duration});
  if (!c.ok()) return c;
  c->source = "web identity (role " + role_arn + ")";
  return c;
}

class WebIdentityCredentials : public CredentialsProvider {
 public:
  WebIdentityCredentials(ClientConfig config, std::shared_ptr<const SharedConfig> files, const Environment& env,
                         Hooks hooks)
      : config_(std::move(config)), files_(std::move(files)), env_(env), hooks_(std::move(hooks)) {}
  std::string Name() const override { return "web identity"; }
  Result<Credentials> Fetch() override {
    auto file = env_.Get("AWS_WEB_IDENTITY_TOKEN_FILE");
    auto role = env_.Get("AWS_ROLE_ARN");
    std::string session = env_.GetOr("AWS_ROLE_SESSION_NAME", "");
    std::optional<int> duration;
    if (!file) {
      file = files_->GetFromConfigFile(config_.profile, "web_identity_token_file");
      role = files_->GetFromConfigFile(config_.profile, "role_arn");
      session = files_->GetFromConfigFile(config_.profile, "role_session_name").value_or("");
      BW_ASSIGN_OR_RETURN(duration, DurationSetting(files_->GetFromConfigFile(config_.profile, "duration_seconds"),
                                                    "profile " + config_.profile));
      if (!file) return NotConfigured("AWS_WEB_IDENTITY_TOKEN_FILE is not set");
    }
    if (!role) return InvalidInput("a web identity token file is set but no role ARN (AWS_ROLE_ARN or role_arn)");
    return WebIdentity(*role, *file, session, duration, config_, hooks_);
  }

 private:
  ClientConfig config_;
  std::shared_ptr<const SharedConfig> files_;
  const Environment& env_;
  Hooks hooks_;
};

// --- 2, 4, 5, 6. the profile ------------------------------------------------

class ProfileCredentials : public CredentialsProvider {
 public:
  ProfileCredentials(ProfileStep step, ClientConfig config, std::shared_ptr<const SharedConfig> files,
                     const Environment& env, Hooks hooks)
      : step_(step), config_(std::move(config)), files_(std::move(files)), env_(env), hooks_(std::move(hooks)) {}

  std::string Name() const override {
    const std::string& p = config_.profile;
    switch (step_) {
      case ProfileStep::kAssumeRole: return "profile " + p + " role";
      case ProfileStep::kCredentialsFile: return "profile " + p + " in " + files_->credentials_path();
      case ProfileStep::kProcess: return "profile " + p + " credential_process";
      case ProfileStep::kConfigFile: return "profile " + p + " in " + files_->config_path();
    }
    return "profile " + p;
  }

  Result<Credentials> Fetch() override {
    const std::string& p = config_.profile;
    switch (step_) {
      case ProfileStep::kAssumeRole: {
        auto role = files_->GetFromConfigFile(p, "role_arn");
        if (!role) return NotConfigured("no role_arn");
        bool has_source =
            files_->GetFromConfigFile(p, "source_profile") || files_->GetFromConfigFile(p, "credential_source");
        if (!has_source) {
          if (files_->GetFromConfigFile(p, "web_identity_token_file")) return NotConfigured("a web identity role");
          return InvalidInput("profile " + p + " has role_arn but neither source_profile nor credential_source");
        }
        std::vector<std::string> visited;
        return Resolve(p, visited);
      }
      case ProfileStep::kCredentialsFile: return StaticKeys(p, /*credentials_file=*/true);
      case ProfileStep::kProcess: {
        auto command = files_->GetFromConfigFile(p, "credential_process");
        if (!command) return NotConfigured("no credential_process");
        auto c = RunCredentialProcess(*command, std::chrono::seconds(60));
        if (c.ok()) c->source = "profile " + p + " credential_process";
        return c;
      }
      case ProfileStep::kConfigFile: return StaticKeys(p, /*credentials_file=*/false);
    }
    return Internal("unknown profile step");
  }

 private:
  Result<Credentials> StaticKeys(const std::string& p, bool credentials_file) {
    auto get = [&](std::string_view key) {
      return credentials_file ? files_->GetFromCredentialsFile(p, key) : files_->GetFromConfigFile(p, key);
    };
    auto id = get("aws_access_key_id");
    auto secret = get("aws_secret_access_key");
    std::string file = credentials_file ? files_->credentials_path() : files_->config_path();
    if (!id && !secret) return NotConfigured("no keys");
    if (!id || !secret) {
      return InvalidInput(
          "profile " + p + " in " + file + " has " +
          (id ? "aws_access_key_id but no aws_secret_access_key" : "aws_secret_access_key but no aws_access_key_id"));
    }
    Credentials c{.access_key_id = *id, .secret_access_key = *secret, .source = "profile " + p};
    if (auto t = get("aws_session_token")) c.session_token = *t;
    if (auto a = get("aws_account_id")) c.account_id = *a;
    return c;
  }

  // The credentials of profile `p` when used as a source_profile: a role
  // of its own, web identity, credential_process or static keys (botocore
  // AssumeRoleProvider._resolve_source_credentials).
  Result<Credentials> Resolve(const std::string& p, std::vector<std::string>& visited) {
    for (const std::string& v : visited) {
      if (v == p) {
        std::string cycle = "source_profile loop: ";
        for (const std::string& x : visited) {
          cycle += x;
          cycle += " -> ";
        }
        cycle += p;
        return InvalidInput(std::move(cycle));
      }
    }
    if (!files_->HasProfile(p)) return InvalidInput("source_profile \"" + p + "\" does not exist");
    visited.push_back(p);
    auto role = files_->GetFromConfigFile(p, "role_arn");
    auto source_profile = files_->GetFromConfigFile(p, "source_profile");
    auto credential_source = files_->GetFromConfigFile(p, "credential_source");
    if (role && (source_profile || credential_source)) {
      if (source_profile && credential_source) {
        return InvalidInput("profile " + p + " has both source_profile and credential_source; use one");
      }
      if (files_->GetFromConfigFile(p, "mfa_serial")) {
        return InvalidInput("profile " + p +
                            " needs an MFA code (mfa_serial), which bucketwatch cannot ask for; "
                            "run it with temporary credentials from `aws sts get-session-token` instead");
      }
      Result<Credentials> source = Status(StatusCode::kInternal, "unset");
      if (source_profile && *source_profile == p) {
        source = StaticKeys(p, true);  // a profile may name itself: its own keys
        if (!source.ok() && source.status().code() == StatusCode::kNotFound) source = StaticKeys(p, false);
      } else if (source_profile) {
        source = Resolve(*source_profile, visited);
      } else {
        source = CredentialSource(*credential_source, p);
      }
      if (!source.ok()) {
        return Status(
            source.status().code() == StatusCode::kNotFound ? StatusCode::kInvalidInput : source.status().code(),
            "source of profile " + p + ": " + source.status().message());
      }
      return AssumeRole(p, *role, *source);
    }
    if (auto file = files_->GetFromConfigFile(p, "web_identity_token_file")) {
      if (!role) return InvalidInput("profile " + p + " has web_identity_token_file but no role_arn");
      BW_ASSIGN_OR_RETURN(auto duration,
                          DurationSetting(files_->GetFromConfigFile(p, "duration_seconds"), "profile " + p));
      return WebIdentity(*role, *file, files_->GetFromConfigFile(p, "role_session_name").value_or(""), duration,
                         config_, hooks_);
    }
    if (auto command = files_->GetFromConfigFile(p, "credential_process")) {
      auto c = RunCredentialProcess(*command, std::chrono::seconds(60));
      if (c.ok()) c->source = "profile " + p + " credential_process";
      return c;
    }
    auto keys = StaticKeys(p, true);
    if (keys.ok() || keys.status().code() != StatusCode::kNotFound) return keys;
    keys = StaticKeys(p, false);
    if (keys.ok() || keys.status().code() != StatusCode::kNotFound) return keys;
    return InvalidInput("profile " + p +
                        " has no credentials (no keys, role_arn, web_identity_token_file or "
                        "credential_process)");
  }

  Result<Credentials> CredentialSource(const std::string& name, const std::string& p) {
    if (name == "Environment") return EnvironmentCredentials(env_).Fetch();
    if (name == "Ec2InstanceMetadata") return InstanceMetadataCredentials(env_, hooks_).Fetch();
    if (name == "EcsContainer") return ContainerCredentials(env_, hooks_, "http://169.254.170.2").Fetch();
    return InvalidInput("profile " + p + " credential_source \"" + name +
                        "\" is not Environment, Ec2InstanceMetadata or EcsContainer");
  }

  Result<Credentials> AssumeRole(const std::string& p, const std::string& role, const Credentials& source) {
    AssumeRoleParams params;
    params.role_arn = role;
    params.session_name = files_->GetFromConfigFile(p, "role_session_name").value_or(DefaultSessionName(hooks_));
    params.external_id = files_->GetFromConfigFile(p, "external_id").value_or("");
    BW_ASSIGN_OR_RETURN(params.duration_seconds,
                        DurationSetting(files_->GetFromConfigFile(p, "duration_seconds"), "profile " + p));
    StsClient sts(std::make_shared<AwsContext>(config_, nullptr, hooks_));
    auto c = sts.AssumeRole(params, source);
    if (!c.ok()) return c;
    c->source = "profile " + p + " (role " + role + " assumed with " + source.Describe() + ")";
    return c;
  }

  ProfileStep step_;
  ClientConfig config_;
  std::shared_ptr<const SharedConfig> files_;
  const Environment& env_;
  Hooks hooks_;
};

}  // namespace

// --- credential_process -------------------------------------------------------

Result<std::vector<std::string>> SplitCommandLine(std::string_view line) {
  std::vector<std::string> args;
  std::string cur;
  bool in_arg = false;
  char quote = 0;
  for (size_t i = 0; i < line.size(); ++i) {
    char c = line[i];
    if (quote == '\'') {
      if (c == '\'') {
        quote = 0;
      } else {
        cur.push_back(c);
      }
    } else if (quote == '"') {
      if (c == '"') {
        quote = 0;
      } else if (c == '\\' && i + 1 < line.size() && (line[i + 1] == '"' || line[i + 1] == '\\')) {
        cur.push_back(line[++i]);
      } else {
        cur.push_back(c);
      }
    } else if (c == ' ' || c == '\t') {
      if (in_arg) args.push_back(std::move(cur));
      cur.clear();
      in_arg = false;
    } else if (c == '\'' || c == '"') {
      quote = c;
      in_arg = true;
    } else if (c == '\\' && i + 1 < line.size()) {
      cur.push_back(line[++i]);
      in_arg = true;
    } else {
      cur.push_back(c);
      in_arg = true;
    }
  }
  if (quote != 0) return InvalidInput("credential_process: unterminated quote");
  if (in_arg) args.push_back(std::move(cur));
  if (args.empty()) return InvalidInput("credential_process is empty");
  return args;
}

Result<Credentials> RunCredentialProcess(const std::string& command_line, std::chrono::seconds timeout) {
  BW_ASSIGN_OR_RETURN(std::vector<std::string> args, SplitCommandLine(command_line));
  std::string name = args[0];
  int out[2];
  if (pipe2(out, O_CLOEXEC) != 0) return IoError(std::string("credential_process: pipe: ") + std::strerror(errno));
  posix_spawn_file_actions_t actions;
  posix_spawn_file_actions_init(&actions);
  posix_spawn_file_actions_adddup2(&actions, out[1], STDOUT_FILENO);
  posix_spawn_file_actions_addopen(&actions, STDIN_FILENO, "/dev/null", O_RDONLY, 0);
  std::vector<char*> argv;
  argv.reserve(args.size() + 1);
  for (std::string& a : args) argv.push_back(a.data());
  argv.push_back(nullptr);
  pid_t pid = 0;
  // Not through a shell: the SDKs split the line themselves (stderr stays
  // the user's, where the tool may prompt or explain).
  int rc = posix_spawnp(&pid, name.c_str(), &actions, nullptr, argv.data(), environ);
  posix_spawn_file_actions_destroy(&actions);
  close(out[1]);
  if (rc != 0) {
    close(out[0]);
    return InvalidInput("credential_process: cannot run \"" + name + "\": " + std::strerror(rc));
  }
  std::string output;
  auto deadline = std::chrono::steady_clock::now() + timeout;
  bool timed_out = false, too_large = false;
  while (true) {
    auto left = std::chrono::duration_cast<std::chrono::milliseconds>(deadline - std::chrono::steady_clock::now());
    if (left.count() <= 0) {
      timed_out = true;
      break;
    }
    pollfd p{out[0], POLLIN, 0};
    int n = poll(&p, 1, static_cast<int>(left.count()));
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) {
      timed_out = n == 0;
      break;
    }
    char buf[4096];
    ssize_t got = read(out[0], buf, sizeof buf);
    if (got < 0 && errno == EINTR) continue;
    if (got <= 0) break;
    output.append(buf, static_cast<size_t>(got));
    if (output.size() > (1u << 20)) {
      too_large = true;
      break;
    }
  }
  close(out[0]);
  if (timed_out || too_large) kill(pid, SIGKILL);
  int wstatus = 0;
  while (waitpid(pid, &wstatus, 0) < 0 && errno == EINTR) {
  }
  if (timed_out) {
    return Status(StatusCode::kUnavailable, "credential_process \"" + name + "\" did not finish within " +
                                                std::to_string(timeout.count()) + " s; stopped it");
  }
  if (too_large) return InvalidInput("credential_process \"" + name + "\" printed more than 1 MiB");
  if (!WIFEXITED(wstatus) || WEXITSTATUS(wstatus) != 0) {
    std::string how = WIFEXITED(wstatus) ? "exited with status " + std::to_string(WEXITSTATUS(wstatus))
                                         : "was killed by signal " + std::to_string(WTERMSIG(wstatus));
    return Status(StatusCode::kPermissionDenied, "credential_process \"" + name + "\" " + how);
  }
  // Version 1 is the only format (sdkref "Process credential provider").
  json::Parser parser(json::Limits{.max_bytes = 1u << 20, .max_depth = 16});
  auto doc = parser.Parse(output);
  if (!doc.ok())
    return InvalidInput("credential_process \"" + name + "\" did not print JSON: " + doc.status().message());
  int64_t version = 0;
  if ((*doc)["Version"].get_int64().get(version) || version != 1) {
    return InvalidInput("credential_process \"" + name + "\" printed JSON without \"Version\": 1");
  }
  return CredentialsFromJson(output, "SessionToken", "credential_process \"" + name + "\"");
}

// --- the chain ----------------------------------------------------------------

std::unique_ptr<CredentialsProvider> EnvironmentSource(const Environment& env) {
  return std::make_unique<EnvironmentCredentials>(env);
}

std::unique_ptr<CredentialsProvider> ProfileSource(ProfileStep step, const ClientConfig& config,
                                                   std::shared_ptr<const SharedConfig> files, const Environment& env,
                                                   const Hooks& hooks) {
  return std::make_unique<ProfileCredentials>(step, config, std::move(files), env, hooks);
}

std::unique_ptr<CredentialsProvider> WebIdentitySource(const ClientConfig& config,
                                                       std::shared_ptr<const SharedConfig> files,
                                                       const Environment& env, const Hooks& hooks) {
  return std::make_unique<WebIdentityCredentials>(config, std::move(files), env, hooks);
}

std::unique_ptr<CredentialsProvider> ContainerSource(const Environment& env, const Hooks& hooks,
                                                     std::string relative_base) {
  return std::make_unique<ContainerCredentials>(env, hooks, std::move(relative_base));
}

std::unique_ptr<CredentialsProvider> InstanceMetadataSource(const Environment& env, const Hooks& hooks) {
  return std::make_unique<InstanceMetadataCredentials>(env, hooks);
}

std::unique_ptr<CredentialsProvider> DefaultCredentialsChain(const ClientConfig& config,
                                                             const std::shared_ptr<const SharedConfig>& files,
                                                             const Environment& env, const Hooks& hooks) {
  std::vector<std::unique_ptr<CredentialsProvider>> chain;
  // An explicit --profile means "these credentials", not the environment's
  // (botocore drops its env provider when a profile is set in code).
  if (!config.profile_from_command_line) chain.push_back(EnvironmentSource(env));
  chain.push_back(ProfileSource(ProfileStep::kAssumeRole, config, files, env, hooks));
  chain.push_back(WebIdentitySource(config, files, env, hooks));
  chain.push_back(ProfileSource(ProfileStep::kCredentialsFile, config, files, env, hooks));
  chain.push_back(ProfileSource(ProfileStep::kProcess, config, files, env, hooks));
  chain.push_back(ProfileSource(ProfileStep::kConfigFile, config, files, env, hooks));
  chain.push_back(ContainerSource(env, hooks));
  chain.push_back(InstanceMetadataSource(env, hooks));
  return std::make_unique<CredentialsChain>(std::move(chain));
}

// --- a role assumed with another context's credentials (scan) --------------

namespace {

class AssumedRoleCredentials : public CredentialsProvider {
 public:
  AssumedRoleCredentials(std::shared_ptr<AwsContext> base, AssumeRoleParams params)
      : base_(std::move(base)), params_(std::move(params)) {}

  std::string Name() const override { return "role " + params_.role_arn; }

  Result<Credentials> Fetch() override {
    auto source = base_->credentials().Fetch();
    if (!source.ok()) return source.status();
    if (params_.session_name.empty()) params_.session_name = DefaultSessionName(base_->hooks());
    StsClient sts(base_);
    auto c = sts.AssumeRole(params_, *source);
    if (!c.ok()) {
      // kNotFound would read as "not configured" to a chain: this source always is.
      StatusCode code = c.status().code() == StatusCode::kNotFound ? StatusCode::kPermissionDenied : c.status().code();
      return Status(code, c.status().message());
    }
    c->source = "role " + params_.role_arn + " (assumed with " + source->Describe() + ")";
    if (c->account_id.empty()) c->account_id = AccountOfArn(params_.role_arn);
    return c;
  }

 private:
  std::shared_ptr<AwsContext> base_;
  AssumeRoleParams params_;
};

class BorrowedCredentials : public CredentialsProvider {
 public:
  explicit BorrowedCredentials(std::shared_ptr<AwsContext> other) : other_(std::move(other)) {}
  std::string Name() const override { return other_->credentials().Name(); }
  Result<Credentials> Fetch() override { return other_->credentials().Fetch(); }

 private:
  std::shared_ptr<AwsContext> other_;
};

}  // namespace

std::unique_ptr<CredentialsProvider> CredentialsOf(std::shared_ptr<AwsContext> other) {
  return std::make_unique<BorrowedCredentials>(std::move(other));
}

std::unique_ptr<CredentialsProvider> AssumeRoleSource(std::shared_ptr<AwsContext> base, AssumeRoleParams params) {
  return std::make_unique<AssumedRoleCredentials>(std::move(base), std::move(params));
}

}  // namespace bucketwatch::aws
