#include "aws/shared_config.h"

#include <fstream>
#include <sstream>

#include "base/text.h"

namespace bucketwatch::aws {
namespace {

enum class FileKind { kConfig, kCredentials };

struct Parsed {
  std::map<std::string, IniSection, std::less<>> profiles;
  std::map<std::string, IniSection, std::less<>> services;
};

Status ParseIni(std::string_view text, FileKind kind, const std::string& source, Parsed& out) {
  IniSection* section = nullptr;
  IniSection ignored;    // sso-session and other sections the SDKs' credential chain does not read
  std::string last_key;  // the key an indented line belongs to, when its value was empty
  size_t line_no = 0, pos = 0;
  while (pos <= text.size()) {
    size_t end = text.find('\n', pos);
    if (end == std::string_view::npos) end = text.size();
    std::string_view raw = text.substr(pos, end - pos);
    pos = end + 1;
    ++line_no;
    std::string_view line = Trim(raw);
    if (line.empty() || line[0] == '#' || line[0] == ';') {
      if (end == text.size()) break;
      continue;
    }
    std::string where = "line " + std::to_string(line_no);
    bool indented = raw[0] == ' ' || raw[0] == '\t';
    if (line.front() == '[') {
      if (line.back() != ']')
        return Status(StatusCode::kInvalidInput, "a section header must end with ']'", where).WithSource(source);
      std::string_view name = Trim(line.substr(1, line.size() - 2));
      section = nullptr;
      last_key.clear();
      if (kind == FileKind::kCredentials) {
        section = &out.profiles[std::string(name)];
      } else if (name == "default") {
        section = &out.profiles["default"];
      } else if (name.substr(0, 8) == "profile " || name.substr(0, 8) == "profile\t") {
        section = &out.profiles[std::string(Trim(name.substr(8)))];
      } else if (name.substr(0, 9) == "services ") {
        section = &out.services[std::string(Trim(name.substr(9)))];
      } else {
        ignored = {};
        section = &ignored;
      }
      if (end == text.size()) break;
      continue;
    }
    size_t eq = line.find('=');
    if (eq == std::string_view::npos) {
      return Status(StatusCode::kInvalidInput, "expected \"[section]\" or \"key = value\"", where).WithSource(source);
    }
    if (section == nullptr) {
      return Status(StatusCode::kInvalidInput, "a setting before any [section]", where).WithSource(source);
    }
    std::string key(Trim(line.substr(0, eq)));
    std::string value(Trim(line.substr(eq + 1)));
    if (indented && !last_key.empty()) {
      section->nested[last_key][key] = value;
    } else {
      section->values[key] = value;
      last_key = value.empty() ? key : std::string();
    }
    if (end == text.size()) break;
  }
  return Status::Ok();
}

const std::string* Find(const std::map<std::string, IniSection, std::less<>>& m, std::string_view profile,
                        std::string_view key) {
  auto it = m.find(profile);
  if (it == m.end()) return nullptr;
  auto v = it->second.values.find(key);
  return v == it->second.values.end() ? nullptr : &v->second;
}

Result<std::string> ReadIfExists(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return std::string();  // no file: no settings
  std::ostringstream ss;
  ss << in.rdbuf();
  if (in.bad()) return IoError("could not read " + path);
  return ss.str();
}

std::string ExpandHome(const std::string& path, const Environment& env) {
  if (path.size() >= 1 && path[0] == '~') return env.GetOr("HOME", "") + path.substr(1);
  return path;
}

}  // namespace

Result<SharedConfig> SharedConfig::Parse(std::string_view config_text, std::string_view credentials_text,
                                         std::string config_source, std::string credentials_source) {
  SharedConfig c;
  Parsed config, creds;
  BW_RETURN_IF_ERROR(ParseIni(config_text, FileKind::kConfig, config_source, config));
  BW_RETURN_IF_ERROR(ParseIni(credentials_text, FileKind::kCredentials, credentials_source, creds));
  c.config_profiles_ = std::move(config.profiles);
  c.services_ = std::move(config.services);
  c.credentials_profiles_ = std::move(creds.profiles);
  c.config_path_ = std::move(config_source);
  c.credentials_path_ = std::move(credentials_source);
  return c;
}

Result<SharedConfig> SharedConfig::Load(const Environment& env) {
  std::string config_path = ExpandHome(env.GetOr("AWS_CONFIG_FILE", "~/.aws/config"), env);
  std::string creds_path = ExpandHome(env.GetOr("AWS_SHARED_CREDENTIALS_FILE", "~/.aws/credentials"), env);
  BW_ASSIGN_OR_RETURN(std::string config_text, ReadIfExists(config_path));
  BW_ASSIGN_OR_RETURN(std::string creds_text, ReadIfExists(creds_path));
  return Parse(config_text, creds_text, config_path, creds_path);
}

bool SharedConfig::HasProfile(std::string_view profile) const {
  return config_profiles_.count(profile) > 0 || credentials_profiles_.count(profile) > 0;
}

std::optional<std::string> SharedConfig::GetFromCredentialsFile(std::string_view profile, std::string_view key) const {
  const std::string* v = Find(credentials_profiles_, profile, key);
  if (v == nullptr || v->empty()) return std::nullopt;
  return *v;
}

std::optional<std::string> SharedConfig::GetFromConfigFile(std::string_view profile, std::string_view key) const {
  const std::string* v = Find(config_profiles_, profile, key);
  if (v == nullptr || v->empty()) return std::nullopt;
  return *v;
}

std::optional<std::string> SharedConfig::Get(std::string_view profile, std::string_view key) const {
  if (auto v = GetFromCredentialsFile(profile, key)) return v;
  return GetFromConfigFile(profile, key);
}

std::optional<std::string> SharedConfig::GetNested(std::string_view profile, std::string_view key,
                                                   std::string_view sub) const {
  auto it = config_profiles_.find(profile);
  if (it == config_profiles_.end()) return std::nullopt;
  auto n = it->second.nested.find(key);
  if (n == it->second.nested.end()) return std::nullopt;
  auto v = n->second.find(sub);
  if (v == n->second.end() || v->second.empty()) return std::nullopt;
  return v->second;
}

std::optional<std::string> SharedConfig::ServiceSetting(std::string_view profile, std::string_view service,
                                                        std::string_view key) const {
  auto name = GetFromConfigFile(profile, "services");
  if (!name) return std::nullopt;
  auto it = services_.find(*name);
  if (it == services_.end()) return std::nullopt;
  auto n = it->second.nested.find(service);
  if (n == it->second.nested.end()) return std::nullopt;
  auto v = n->second.find(key);
  if (v == n->second.end() || v->second.empty()) return std::nullopt;
  return v->second;
}

}  // namespace bucketwatch::aws
