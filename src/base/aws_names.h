// AWS identifiers every module reads: account ids and partitions. Facts of
// naming, not of any wire format (those stay in src/aws/).
#ifndef BUCKETWATCH_BASE_AWS_NAMES_H_
#define BUCKETWATCH_BASE_AWS_NAMES_H_

#include <string>
#include <string_view>

namespace bucketwatch {

// Twelve decimal digits.
bool IsAccountId(std::string_view s);
// "aws-cn" for cn-*, "aws-us-gov" for us-gov-*, else "aws".
std::string_view PartitionOfRegion(std::string_view region);
// "arn:aws-cn:config:cn-north-1:..." -> "aws-cn"; "" when not an ARN.
std::string_view PartitionOfArn(std::string_view arn);
// IAM role names: 1-64 of [\w+=,.@-]; a path adds "/" separated parts.
bool IsRoleName(std::string_view s);
// arn:<partition of region>:iam::<account>:role/<name> (a name may hold a path).
std::string RoleArnIn(std::string_view account, std::string_view role_name, std::string_view region);

}  // namespace bucketwatch

#endif  // BUCKETWATCH_BASE_AWS_NAMES_H_
