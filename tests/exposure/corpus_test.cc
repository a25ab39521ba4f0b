// Every real policy, ACL and Block Public Access configuration of
// tests/data/corpus/ (sources.tsv names each file's origin) must be read and
// judged without an error: these are shapes that exist in the wild.
#include <gtest/gtest.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "exposure/evaluator.h"
#include "exposure/snapshot_json.h"

namespace bucketwatch::exposure {
namespace {

namespace fs = std::filesystem;

std::string Slurp(const fs::path& p) {
  std::ifstream in(p);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

// The bucket a policy speaks of: the first "arn:aws:s3:::name" in it.
std::string BucketNamedIn(const std::string& policy) {
  size_t at = policy.find("arn:aws:s3:::");
  if (at == std::string::npos) return "corpus-bucket";
  at += 13;
  size_t end = policy.find_first_of("/\"*?$", at);
  std::string name = policy.substr(at, end - at);
  return name.empty() ? "corpus-bucket" : name;
}

std::vector<std::string> Files(const std::string& prefix) {
  std::vector<std::string> out;
  for (const auto& e : fs::directory_iterator(fs::path(BW_TESTDATA_DIR) / "corpus")) {
    std::string name = e.path().filename().string();
    if (name.rfind(prefix, 0) == 0 && e.path().extension() == ".json") out.push_back(name);
  }
  std::sort(out.begin(), out.end());
  return out;
}

struct Outcome {
  bool ok = false;
  std::string error;
  Verdict verdict;
};

Outcome Judge(const std::string& snapshot_json) {
  json::Parser parser;
  SnapshotBatch batch = ParseSnapshots(snapshot_json, parser);
  Outcome out;
  if (!batch.errors.empty()) {
    out.error = batch.errors[0].ToString();
    return out;
  }
  const Snapshot& s = batch.snapshots.at(0);
  if (s.policy.present()) {
    for (const Diagnostic& d : s.policy.value().diagnostics) {
      if (d.severity == Diagnostic::Severity::kError) {
        out.error = d.path + ": " + d.message;
        return out;
      }
    }
  }
  out.verdict = Evaluate(s);
  out.ok = true;
  return out;
}

TEST(Corpus, EveryPolicyIsJudgedWithoutError) {
  auto files = Files("policy-");
  ASSERT_GT(files.size(), 150u);
  int public_count = 0;
  for (const std::string& name : files) {
    std::string policy = Slurp(fs::path(BW_TESTDATA_DIR) / "corpus" / name);
    std::string snap =
        "{\"bucket\": \"" + BucketNamedIn(policy) + "\", \"account\": \"111122223333\", \"policy\": " + policy + "}";
    Outcome o = Judge(snap);
    EXPECT_TRUE(o.ok) << name << ": " << o.error;
    if (o.ok && o.verdict.exposed()) ++public_count;
  }
  // The corpus mixes public website policies with private ones; both must occur.
  EXPECT_GT(public_count, 0);
  EXPECT_LT(public_count, static_cast<int>(files.size()));
}

TEST(Corpus, EveryAclIsJudgedWithoutError) {
  auto files = Files("acl-");
  ASSERT_GT(files.size(), 20u);
  int public_count = 0;
  for (const std::string& name : files) {
    std::string acl = Slurp(fs::path(BW_TESTDATA_DIR) / "corpus" / name);
    Outcome o = Judge("{\"bucket\": \"corpus-bucket\", \"acl\": " + acl + "}");
    EXPECT_TRUE(o.ok) << name << ": " << o.error;
    if (o.ok && o.verdict.acl_is_public) ++public_count;
  }
  EXPECT_GT(public_count, 0);
}

TEST(Corpus, EveryBlockPublicAccessConfigurationIsRead) {
  auto files = Files("bpa-");
  ASSERT_GT(files.size(), 4u);
  for (const std::string& name : files) {
    std::string bpa = Slurp(fs::path(BW_TESTDATA_DIR) / "corpus" / name);
    Outcome o = Judge("{\"bucket\": \"corpus-bucket\", \"public_access_block\": " + bpa + "}");
    EXPECT_TRUE(o.ok) << name << ": " << o.error;
  }
}

}  // namespace
}  // namespace bucketwatch::exposure
