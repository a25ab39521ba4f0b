// The AWS shared config and credentials files (~/.aws/config,
// ~/.aws/credentials; AWS_CONFIG_FILE, AWS_SHARED_CREDENTIALS_FILE), read
// as the AWS CLI reads them (sdkref "Configuration and credential file
// settings"): INI sections, "[profile NAME]" in config but "[NAME]" in
// credentials, "[default]" in both, "[services NAME]" for endpoint
// overrides, and indented sub-keys under a key with no value
// ("s3 =\n  addressing_style = path").
#ifndef BUCKETWATCH_AWS_SHARED_CONFIG_H_
#define BUCKETWATCH_AWS_SHARED_CONFIG_H_

#include <map>
#include <optional>
#include <string>
#include <string_view>

#include "aws/environment.h"
#include "base/status.h"

namespace bucketwatch::aws {

struct IniSection {
  std::map<std::string, std::string, std::less<>> values;
  // "s3 =" followed by indented "key = value" lines.
  std::map<std::string, std::map<std::string, std::string, std::less<>>, std::less<>> nested;
};

class SharedConfig {
 public:
  // Reads both files; a file that does not exist is empty, not an error.
  static Result<SharedConfig> Load(const Environment& env);
  // Parses one file's text; `credentials_file` selects the "[NAME]" form.
  static Result<SharedConfig> Parse(std::string_view config_text, std::string_view credentials_text,
                                    std::string config_source = "config",
                                    std::string credentials_source = "credentials");

  bool HasProfile(std::string_view profile) const;
  // A key of the profile: the credentials file first for keys it may hold
  // (aws_access_key_id, ...), else the config file.
  std::optional<std::string> Get(std::string_view profile, std::string_view key) const;
  std::optional<std::string> GetFromCredentialsFile(std::string_view profile, std::string_view key) const;
  std::optional<std::string> GetFromConfigFile(std::string_view profile, std::string_view key) const;
  // A sub-key of a nested key in the profile ("s3" -> "addressing_style").
  std::optional<std::string> GetNested(std::string_view profile, std::string_view key, std::string_view sub) const;
  // "endpoint_url" of a service in the profile's services section.
  std::optional<std::string> ServiceSetting(std::string_view profile, std::string_view service,
                                            std::string_view key) const;

  const std::string& config_path() const { return config_path_; }
  const std::string& credentials_path() const { return credentials_path_; }

 private:
  std::map<std::string, IniSection, std::less<>> config_profiles_;
  std::map<std::string, IniSection, std::less<>> credentials_profiles_;
  std::map<std::string, IniSection, std::less<>> services_;
  std::string config_path_, credentials_path_;
};

}  // namespace bucketwatch::aws

#endif  // BUCKETWATCH_AWS_SHARED_CONFIG_H_
