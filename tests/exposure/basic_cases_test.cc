// The starting set of evaluator cases (tests/data/cases/basic.jsonl): each
// line a Snapshot and the answers AWS Config's s3-bucket-public-read-prohibited
// and -write-prohibited would give (README in that folder).
#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include <fstream>
#include <string>

#include "exposure/evaluator.h"
#include "exposure/snapshot_json.h"

namespace bucketwatch::exposure {
namespace {

TEST(BasicCases, ConfigRuleAnswers) {
  std::ifstream in(std::string(BW_TESTDATA_DIR) + "/cases/basic.jsonl");
  ASSERT_TRUE(in) << "missing basic.jsonl";
  std::string line;
  int count = 0;
  bucketwatch::json::Parser parser;
  while (std::getline(in, line)) {
    if (line.empty()) continue;
    auto c = nlohmann::json::parse(line);
    SnapshotBatch batch = ParseSnapshots(c.at("snapshot").dump(), parser);
    ASSERT_TRUE(batch.errors.empty()) << c.at("id") << ": " << batch.errors[0].ToString();
    Verdict v = Evaluate(batch.snapshots.at(0));
    EXPECT_EQ(v.public_read, c.at("expect").at("public_read").get<bool>()) << c.at("id") << ": " << c.at("why");
    EXPECT_EQ(v.public_write, c.at("expect").at("public_write").get<bool>()) << c.at("id") << ": " << c.at("why");
    ++count;
  }
  EXPECT_EQ(count, 20);
}

}  // namespace
}  // namespace bucketwatch::exposure
