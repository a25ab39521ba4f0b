// Hostile input never crashes the parser or the evaluator: every evaluator
// case, truncated at every byte and mutated thousands of times with a fixed
// seed, must give a snapshot (then judged) or a clear error. Run under the
// asan preset this also proves the absence of memory errors on these inputs.
// fuzz/ holds the libFuzzer target for open-ended runs.
#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <random>
#include <sstream>

#include "exposure/evaluator.h"
#include "exposure/snapshot_json.h"
#include "support/spec_cases.h"

namespace bucketwatch::exposure {
namespace {

namespace fs = std::filesystem;

std::vector<std::string> Seeds() {
  std::vector<std::string> out;
  for (const std::string& file : testing::SpecCaseFiles()) {
    out.push_back(testing::SpecCaseSnapshotJson(testing::ReadJsonFile(testing::SpecCasePath(file))));
  }
  return out;
}

// Parses and judges; returns whether a verdict came out. Crashes are the failure.
bool Survives(const std::string& text, json::Parser& parser) {
  SnapshotBatch batch = ParseSnapshots(text, parser);
  for (const Snapshot& s : batch.snapshots) {
    Verdict v = Evaluate(s);
    if (v.bucket != s.bucket) ADD_FAILURE() << "verdict for the wrong bucket";
  }
  EXPECT_TRUE(!batch.snapshots.empty() || !batch.errors.empty()) << "neither a snapshot nor an error";
  return !batch.snapshots.empty();
}

TEST(Robustness, EveryTruncation) {
  json::Parser parser;
  std::vector<std::string> seeds = Seeds();
  ASSERT_FALSE(seeds.empty());
  for (size_t i = 0; i < seeds.size(); i += 7) {
    const std::string& s = seeds[i];
    for (size_t cut = 0; cut < s.size(); ++cut) Survives(s.substr(0, cut), parser);
  }
}

TEST(Robustness, RandomMutations) {
  json::Parser parser;
  std::vector<std::string> seeds = Seeds();
  std::mt19937 rng(20261129);
  const char kSpecial[] = {'{', '}', '[', ']', '"', ',', ':', '*', '?', '$', '\\', '\0', '\xff', '9', 'n'};
  int judged = 0;
  for (int round = 0; round < 20000; ++round) {
    std::string s = seeds[rng() % seeds.size()];
    int edits = 1 + static_cast<int>(rng() % 4);
    for (int e = 0; e < edits && !s.empty(); ++e) {
      size_t at = rng() % s.size();
      switch (rng() % 4) {
        case 0: s[at] = kSpecial[rng() % sizeof kSpecial]; break;
        case 1: s.erase(at, 1 + rng() % 16); break;
        case 2: s.insert(at, s.substr(rng() % s.size(), 1 + rng() % 32)); break;
        case 3: s.insert(at, 1, kSpecial[rng() % sizeof kSpecial]); break;
      }
    }
    if (Survives(s, parser)) ++judged;
  }
  // Mutations that keep the JSON valid must still be judged; make sure some did.
  EXPECT_GT(judged, 100);
}

// What SnapshotReader finds must not depend on how the input arrives: fed
// in blocks of a few bytes, every mutated input gives the same buckets and
// the same errors as when given whole.
std::string Outcome(const std::string& text, size_t block, json::Parser& parser) {
  std::string out;
  SnapshotReader reader(
      parser, [&out](Snapshot&& s) { out += "bucket " + s.bucket + "\n"; },
      [&out](Status s) { out += "error " + s.ToString() + "\n"; });
  for (size_t at = 0; at < text.size(); at += block) reader.Feed(std::string_view(text).substr(at, block));
  reader.Finish();
  return out;
}

TEST(Robustness, SameOutcomeWhateverTheBlockSize) {
  json::Parser parser;
  std::vector<std::string> seeds = Seeds();
  std::mt19937 rng(20261206);
  const char kSpecial[] = {'{', '}', '[', ']', '"', ',', '\n', '\\', ' '};
  for (int round = 0; round < 2000; ++round) {
    std::string one = seeds[rng() % seeds.size()];
    std::string s = round % 2 == 0 ? "[" + one + ",\n" + seeds[rng() % seeds.size()] + "]"
                                   : one + "\n" + seeds[rng() % seeds.size()] + "\n";
    for (int e = 0; e < 3 && !s.empty(); ++e) s[rng() % s.size()] = kSpecial[rng() % sizeof kSpecial];
    std::string whole = Outcome(s, s.size() + 1, parser);
    ASSERT_EQ(Outcome(s, 1 + rng() % 7, parser), whole) << s;
  }
}

}  // namespace
}  // namespace bucketwatch::exposure
