// The evaluator cases of tests/data/cases/spec/ (schema in
// tests/data/cases/README.md), shared by the tests that read them.
#ifndef BUCKETWATCH_TESTS_SUPPORT_SPEC_CASES_H_
#define BUCKETWATCH_TESTS_SUPPORT_SPEC_CASES_H_

#include <nlohmann/json.hpp>

#include <filesystem>
#include <string>
#include <vector>

namespace bucketwatch::testing {

// File names (not paths) of every case, sorted.
std::vector<std::string> SpecCaseFiles();
std::filesystem::path SpecCasePath(const std::string& file);
nlohmann::json ReadJsonFile(const std::filesystem::path& path);
// The case's bucket in the Snapshot format of DESIGN.md.
std::string SpecCaseSnapshotJson(const nlohmann::json& spec_case);

}  // namespace bucketwatch::testing

#endif  // BUCKETWATCH_TESTS_SUPPORT_SPEC_CASES_H_
