#include "support/spec_cases.h"

#include <algorithm>
#include <fstream>
#include <sstream>

namespace bucketwatch::testing {

namespace fs = std::filesystem;

fs::path SpecCasePath(const std::string& file) { return fs::path(BW_TESTDATA_DIR) / "cases" / "spec" / file; }

std::vector<std::string> SpecCaseFiles() {
  std::vector<std::string> files;
  for (const auto& e : fs::directory_iterator(fs::path(BW_TESTDATA_DIR) / "cases" / "spec")) {
    if (e.path().extension() == ".json") files.push_back(e.path().filename().string());
  }
  std::sort(files.begin(), files.end());
  return files;
}

nlohmann::json ReadJsonFile(const fs::path& path) {
  std::ifstream in(path);
  std::stringstream ss;
  ss << in.rdbuf();
  return nlohmann::json::parse(ss.str());
}

std::string SpecCaseSnapshotJson(const nlohmann::json& c) {
  nlohmann::json s;
  s["bucket"] = c.at("bucket");
  s["account"] = c.at("owner_account");
  s["account_public_access_block"] = c.value("account_bpa", nlohmann::json());
  s["public_access_block"] = c.value("bucket_bpa", nlohmann::json());
  s["ownership"] = c.value("ownership", nlohmann::json());
  s["policy"] = c.value("policy", nlohmann::json());
  s["acl"] = c.value("acl", nlohmann::json());
  return s.dump();
}

}  // namespace bucketwatch::testing
