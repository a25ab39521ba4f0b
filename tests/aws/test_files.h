// Reading test data files under tests/data for the aws tests.
#ifndef BUCKETWATCH_TESTS_AWS_TEST_FILES_H_
#define BUCKETWATCH_TESTS_AWS_TEST_FILES_H_

#include <fstream>
#include <sstream>
#include <stdexcept>
#include <string>

namespace bucketwatch::aws::testing {

inline std::string DataPath(const std::string& relative) { return std::string(BW_TESTDATA_DIR) + "/" + relative; }

inline std::string ReadFile(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) throw std::runtime_error("cannot read " + path);
  std::ostringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

inline std::string ReadData(const std::string& relative) { return ReadFile(DataPath(relative)); }

}  // namespace bucketwatch::aws::testing

#endif  // BUCKETWATCH_TESTS_AWS_TEST_FILES_H_
