// Reading test data files (tests/data/...) in tests.
#ifndef BUCKETWATCH_TESTS_SUPPORT_TEST_FILES_H_
#define BUCKETWATCH_TESTS_SUPPORT_TEST_FILES_H_

#include <fstream>
#include <sstream>
#include <stdexcept>
#include <string>

namespace bucketwatch::testing {

// The whole of tests/data/<relative>; throws when missing, so a test cannot pass on an empty file.
inline std::string ReadTestData(const std::string& relative) {
  std::string path = std::string(BW_TESTDATA_DIR) + "/" + relative;
  std::ifstream in(path, std::ios::binary);
  if (!in) throw std::runtime_error("missing test data: " + path);
  std::stringstream s;
  s << in.rdbuf();
  return s.str();
}

}  // namespace bucketwatch::testing

#endif  // BUCKETWATCH_TESTS_SUPPORT_TEST_FILES_H_
