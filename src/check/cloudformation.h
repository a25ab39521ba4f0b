// CloudFormation templates (YAML, JSON; SAM and CDK output alike) read into
// the buckets they would create or change: AWS::S3::Bucket (AccessControl,
// PublicAccessBlockConfiguration, OwnershipControls) and
// AWS::S3::BucketPolicy. Pure: text in, snapshots out.
#ifndef BUCKETWATCH_CHECK_CLOUDFORMATION_H_
#define BUCKETWATCH_CHECK_CLOUDFORMATION_H_

#include <string>
#include <string_view>
#include <vector>

#include "check/planned.h"

namespace bucketwatch::check {

// A condition whose value is not known before deployment could go either
// way, so the template is read once per combination of such conditions
// (up to kMaxUnknownConditions of them; beyond that, the first are varied
// and the rest read as unknown values).
inline constexpr size_t kMaxUnknownConditions = 6;

TemplateVariants ReadCloudFormation(std::string_view text, const std::string& file, const Assumptions& assumptions);

// True when `text` looks like a CloudFormation template (has Resources or
// AWSTemplateFormatVersion), as opposed to a Terraform plan or state.
bool LooksLikeCloudFormation(std::string_view text);

}  // namespace bucketwatch::check

#endif  // BUCKETWATCH_CHECK_CLOUDFORMATION_H_
