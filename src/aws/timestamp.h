// ISO 8601 timestamps as AWS writes them ("2026-11-28T23:00:00Z",
// "2019-12-11T23:32:47.000Z", "2026-11-28T23:00:00+00:00").
#ifndef BUCKETWATCH_AWS_TIMESTAMP_H_
#define BUCKETWATCH_AWS_TIMESTAMP_H_

#include <string>
#include <string_view>

#include "aws/credentials.h"
#include "base/status.h"

namespace bucketwatch::aws {

Result<Clock::time_point> ParseIso8601(std::string_view text);
// "2026-11-28T23:00:00Z" (RFC 3339, seconds).
std::string FormatIso8601(Clock::time_point t);

}  // namespace bucketwatch::aws

#endif  // BUCKETWATCH_AWS_TIMESTAMP_H_
