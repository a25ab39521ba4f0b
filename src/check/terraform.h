// Terraform plans and states (the JSON of `terraform show -json`, or a raw
// .tfstate) read into the buckets they would leave: aws_s3_bucket with the
// resources that set its access (check/tf_settings.h), each linked to its
// bucket by the planned bucket name or, where that is not known until
// apply, by the configuration's references. A bucket the plan creates gets
// S3's defaults for new buckets; a bucket it only changes, and every bucket
// of a state, has unknown settings where the input is silent
// (docs/check.md). Pure: text in, snapshots out.
#ifndef BUCKETWATCH_CHECK_TERRAFORM_H_
#define BUCKETWATCH_CHECK_TERRAFORM_H_

#include <string>
#include <string_view>

#include "check/planned.h"

namespace bucketwatch::check {

// One variant (Terraform has no conditions left to vary); errors name the
// file and the JSON pointer, and the buckets they do not concern are kept.
TemplateVariants ReadTerraform(std::string_view text, const std::string& file, const Assumptions& assumptions);

// True when `text` looks like Terraform's JSON (format_version or
// terraform_version near its start), UTF-8 or UTF-16.
bool LooksLikeTerraform(std::string_view text);

}  // namespace bucketwatch::check

#endif  // BUCKETWATCH_CHECK_TERRAFORM_H_
