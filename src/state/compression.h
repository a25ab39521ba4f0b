// zlib's deflate and inflate (RFC 1950 streams) for what the state table
// keeps: the rendered Slack messages of pending alerts are Block Kit JSON,
// which deflate shrinks several times, and DynamoDB counts every byte of an
// item against its 400 KB limit (docs/realtime.md, "Pending alerts and
// DynamoDB's item size").
#ifndef BUCKETWATCH_STATE_COMPRESSION_H_
#define BUCKETWATCH_STATE_COMPRESSION_H_

#include <cstddef>
#include <string>
#include <string_view>

#include "base/status.h"

namespace bucketwatch::state {

// `text` deflated at zlib's best compression.
std::string Deflate(std::string_view text);
// A zlib stream inflated; an error for a damaged stream, or for one that
// inflates to more than `limit` bytes (what no message of ours comes near).
Result<std::string> Inflate(std::string_view stream, size_t limit = 16u << 20);

}  // namespace bucketwatch::state

#endif  // BUCKETWATCH_STATE_COMPRESSION_H_
