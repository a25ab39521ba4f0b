// Reading whole inputs (files or standard input) with a size limit.
#ifndef BUCKETWATCH_APP_INPUT_H_
#define BUCKETWATCH_APP_INPUT_H_

#include <string>

#include "base/status.h"

namespace bucketwatch::app {

// Reads `path` ("-" for standard input) whole. Refuses inputs above max_bytes.
Result<std::string> ReadInput(const std::string& path, size_t max_bytes = size_t{1} << 30);

}  // namespace bucketwatch::app

#endif  // BUCKETWATCH_APP_INPUT_H_
