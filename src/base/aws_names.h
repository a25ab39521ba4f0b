// AWS identifiers every module reads: account ids and partitions. Facts of
// naming, not of any wire format (those stay in src/aws/).
#ifndef BUCKETWATCH_BASE_AWS_NAMES_H_
#define BUCKETWATCH_BASE_AWS_NAMES_H_

#include <string_view>

namespace bucketwatch {

// Twelve decimal digits.
bool IsAccountId(std::string_view s);
// "aws-cn" for cn-*, "aws-us-gov" for us-gov-*, else "aws".
std::string_view PartitionOfRegion(std::string_view region);
// "arn:aws-cn:config:cn-north-1:..." -> "aws-cn"; "" when not an ARN.
std::string_view PartitionOfArn(std::string_view arn);

}  // namespace bucketwatch

#endif  // BUCKETWATCH_BASE_AWS_NAMES_H_
