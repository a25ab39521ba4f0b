#include "aws/client_config.h"

#include <cctype>
#include <charconv>

#include "base/aws_names.h"

namespace bucketwatch::aws {
namespace {

struct Service {
  std::string_view env_suffix;  // AWS_ENDPOINT_URL_<suffix>
  std::string_view config_key;  // key in a [services] section
};
constexpr Service kS3{"S3", "s3"};
constexpr Service kS3Control{"S3_CONTROL", "s3control"};
constexpr Service kSts{"STS", "sts"};
constexpr Service kOrganizations{"ORGANIZATIONS", "organizations"};

Result<EndpointUrl> ResolveEndpoint(const Service& svc, const ClientOptions& options, const Environment& env,
                                    const SharedConfig& files, const std::string& profile) {
  std::string url, source;
  if (!options.endpoint_url.empty()) {
    url = options.endpoint_url;
    source = "--endpoint-url";
  } else if (!env.Flag("AWS_IGNORE_CONFIGURED_ENDPOINT_URLS")) {
    std::string specific = "AWS_ENDPOINT_URL_" + std::string(svc.env_suffix);
    if (auto v = env.Get(specific)) {
      url = *v;
      source = specific;
    } else if (auto g = env.Get("AWS_ENDPOINT_URL")) {
      url = *g;
      source = "AWS_ENDPOINT_URL";
    } else if (auto s = files.ServiceSetting(profile, svc.config_key, "endpoint_url")) {
      url = *s;
      source = "profile " + profile + " services " + std::string(svc.config_key) + " endpoint_url";
    } else if (auto p = files.GetFromConfigFile(profile, "endpoint_url")) {
      url = *p;
      source = "profile " + profile + " endpoint_url";
    }
  }
  if (url.empty()) return EndpointUrl{};
  auto parsed = ParseEndpointUrl(url);
  if (!parsed.ok()) return Status(parsed.status().code(), parsed.status().message(), source);
  return parsed;
}

}  // namespace

Result<EndpointUrl> ParseEndpointUrl(std::string_view url) {
  EndpointUrl e;
  size_t colon = url.find("://");
  if (colon == std::string_view::npos) {
    return InvalidInput("endpoint URL \"" + std::string(url) + "\" has no scheme; expected http:// or https://");
  }
  e.scheme = std::string(url.substr(0, colon));
  for (char& c : e.scheme) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  if (e.scheme != "http" && e.scheme != "https") {
    return InvalidInput("endpoint URL scheme \"" + e.scheme + "\" is not http or https");
  }
  std::string_view rest = url.substr(colon + 3);
  size_t slash = rest.find_first_of("/?#");
  std::string_view authority = rest.substr(0, slash);
  if (authority.empty() || authority.find('@') != std::string_view::npos) {
    return InvalidInput("endpoint URL must be scheme://host[:port][/path] without user info");
  }
  // Drop a default port so the Host header (and its signature) match what
  // HTTP clients send.
  std::string host(authority);
  std::string default_port = e.scheme == "https" ? ":443" : ":80";
  if (host.size() > default_port.size() && host.ends_with(default_port) && host.back() != ']') {
    host.resize(host.size() - default_port.size());
  }
  e.host = host;
  if (slash != std::string_view::npos) {
    std::string_view path = rest.substr(slash);
    if (path[0] != '/') return InvalidInput("endpoint URL must not have a query or fragment");
    while (!path.empty() && path.back() == '/') path.remove_suffix(1);
    e.path_prefix = std::string(path);
  }
  return e;
}

Result<ClientConfig> ResolveClientConfig(const ClientOptions& options, const Environment& env,
                                         const SharedConfig& files) {
  ClientConfig c;
  if (!options.profile.empty()) {
    c.profile = options.profile;
    c.profile_explicit = true;
    c.profile_from_command_line = true;
  } else if (auto p = env.Get("AWS_PROFILE")) {
    c.profile = *p;
    c.profile_explicit = true;
  } else if (auto d = env.Get("AWS_DEFAULT_PROFILE")) {
    c.profile = *d;
    c.profile_explicit = true;
  }
  if (c.profile_explicit && !files.HasProfile(c.profile)) {
    return NotFound("profile \"" + c.profile + "\" is in neither " + files.config_path() + " nor " +
                    files.credentials_path());
  }

  if (!options.region.empty()) {
    c.region = options.region;
    c.region_source = "--region";
  } else if (auto r = env.Get("AWS_REGION")) {
    c.region = *r;
    c.region_source = "AWS_REGION";
  } else if (auto dr = env.Get("AWS_DEFAULT_REGION")) {
    c.region = *dr;
    c.region_source = "AWS_DEFAULT_REGION";
  } else if (auto pr = files.GetFromConfigFile(c.profile, "region")) {
    c.region = *pr;
    c.region_source = "profile " + c.profile;
  }
  for (char ch : c.region) {
    if (!(std::isalnum(static_cast<unsigned char>(ch)) || ch == '-')) {
      return InvalidInput("region \"" + c.region + "\" (from " + c.region_source +
                          ") is not a region name such as ap-northeast-1");
    }
  }

  BW_ASSIGN_OR_RETURN(c.s3_endpoint, ResolveEndpoint(kS3, options, env, files, c.profile));
  BW_ASSIGN_OR_RETURN(c.s3control_endpoint, ResolveEndpoint(kS3Control, options, env, files, c.profile));
  BW_ASSIGN_OR_RETURN(c.sts_endpoint, ResolveEndpoint(kSts, options, env, files, c.profile));
  BW_ASSIGN_OR_RETURN(c.organizations_endpoint, ResolveEndpoint(kOrganizations, options, env, files, c.profile));

  if (auto style = files.GetNested(c.profile, "s3", "addressing_style")) {
    if (*style == "path") {
      c.addressing = AddressingStyle::kPath;
    } else if (*style == "virtual") {
      c.addressing = AddressingStyle::kVirtual;
    } else if (*style != "auto") {
      return InvalidInput("s3 addressing_style \"" + *style + "\" in profile " + c.profile +
                          " is not auto, virtual or path");
    }
  }

  std::string attempts_source = "AWS_MAX_ATTEMPTS";
  auto attempts = env.Get("AWS_MAX_ATTEMPTS");
  if (!attempts) {
    attempts = files.GetFromConfigFile(c.profile, "max_attempts");
    attempts_source = "profile " + c.profile + " max_attempts";
  }
  if (attempts) {
    int n = 0;
    std::string_view text = *attempts;
    auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), n);
    if (ec != std::errc() || end != text.data() + text.size() || n < 1 || n > 20) {
      return InvalidInput(attempts_source + " is \"" + *attempts + "\"; expected a whole number from 1 to 20");
    }
    c.max_attempts = n;
  }

  c.account_id = options.account_id;
  if (!c.account_id.empty() && !IsAccountId(c.account_id)) {
    return InvalidInput("account id \"" + c.account_id + "\" is not 12 digits");
  }
  return c;
}

Result<EndpointUrl> ResolveServiceEndpoint(std::string_view env_suffix, std::string_view config_key,
                                           const ClientOptions& options, const Environment& env,
                                           const SharedConfig& files, const std::string& profile) {
  return ResolveEndpoint(Service{env_suffix, config_key}, options, env, files, profile);
}

}  // namespace bucketwatch::aws
