#include "base/aws_names.h"

namespace bucketwatch {

bool IsAccountId(std::string_view s) {
  return s.size() == 12 && s.find_first_not_of("0123456789") == std::string_view::npos;
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

}  // namespace bucketwatch
