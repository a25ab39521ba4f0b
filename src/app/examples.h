// Example snapshots built into the binary, for `bucketwatch eval --examples`
// and the README's quick start: a public website bucket and a private one.
#ifndef BUCKETWATCH_APP_EXAMPLES_H_
#define BUCKETWATCH_APP_EXAMPLES_H_

#include <string_view>
#include <vector>

namespace bucketwatch::app {

struct Example {
  std::string_view name;  // file name under examples/
  std::string_view json;
};

const std::vector<Example>& Examples();

}  // namespace bucketwatch::app

#endif  // BUCKETWATCH_APP_EXAMPLES_H_
