// Reading inputs (files or standard input): whole, with a size limit, or a
// block at a time as they arrive.
#ifndef BUCKETWATCH_APP_INPUT_H_
#define BUCKETWATCH_APP_INPUT_H_

#include <cstddef>
#include <functional>
#include <string>
#include <string_view>

#include "base/status.h"

namespace bucketwatch::app {

// Reads `path` ("-" for standard input) whole. Refuses inputs above max_bytes.
Result<std::string> ReadInput(const std::string& path, size_t max_bytes = size_t{1} << 30);

// Reads `path` ("-" for standard input) a block at a time and hands each to
// `take` as soon as it is read: what a pipe has, not a full block, so input
// is handled as it arrives. Stops early when `take` returns false. Memory is
// one block, whatever the input's size.
Status ReadInputBlocks(const std::string& path, const std::function<bool(std::string_view)>& take);

}  // namespace bucketwatch::app

#endif  // BUCKETWATCH_APP_INPUT_H_
