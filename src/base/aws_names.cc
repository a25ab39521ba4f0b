#include "base/aws_names.h"

#include <algorithm>

namespace bucketwatch {

bool IsAccountId(std::string_view s) {
  // A digit test per byte: find_first_not_of calls memchr for each one.
  return s.size() == 12 && std::all_of(s.begin(), s.end(), [](char c) { return c >= '0' && c <= '9'; });
}

std::string_view PartitionOfRegion(std::string_view region) {
  if (region.starts_with("cn-")) return "aws-cn";
  if (region.starts_with("us-gov-")) return "aws-us-gov";
  return "aws";
}

std::string_view PartitionOfArn(std::string_view arn) {
  if (!arn.starts_with("arn:")) return {};
  std::string_view rest = arn.substr(4);
  return rest.substr(0, rest.find(':'));
}

bool IsRoleName(std::string_view s) {
  if (s.empty() || s.size() > 512) return false;
  for (char c : s) {
    bool ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_' || c == '+' ||
              c == '=' || c == ',' || c == '.' || c == '@' || c == '-' || c == '/';
    if (!ok) return false;
  }
  return s.front() != '/' && s.back() != '/';
}

std::string RoleArnIn(std::string_view account, std::string_view role_name, std::string_view region) {
  return "arn:" + std::string(PartitionOfRegion(region)) + ":iam::" + std::string(account) + ":role/" +
         std::string(role_name);
}

}  // namespace bucketwatch
