// Runs every evaluator case of tests/data/cases/spec/ (schema:
// tests/data/cases/README.md). Each case names the AWS documentation its
// expected answer follows in "basis"; "informational" cases encode
// undocumented behaviour and are checked but do not fail the suite.
#include "support/spec_cases.h"

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include <algorithm>
#include <cctype>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <set>
#include <sstream>

#include "exposure/evaluator.h"
#include "exposure/snapshot_json.h"

namespace bucketwatch::exposure {
namespace {

namespace fs = std::filesystem;
using json = nlohmann::json;

std::set<std::string> WhoNames(WhoMask mask) {
  std::set<std::string> out;
  for (Who w : {Who::kAnonymous, Who::kAnyAuthenticatedAws, Who::kFederatedWebIdentity, Who::kAnyAwsService}) {
    if (mask & Bit(w)) out.insert(std::string(WhoName(w)));
  }
  return out;
}

class SpecCase : public ::testing::TestWithParam<std::string> {};

TEST_P(SpecCase, MatchesExpectedVerdict) {
  json c = testing::ReadJsonFile(testing::SpecCasePath(GetParam()));
  const json& e = c.at("expected");
  const bool scored = e.value("scoring", "scored") == "scored";
  bucketwatch::json::Parser parser;
  SnapshotBatch batch = ParseSnapshots(testing::SpecCaseSnapshotJson(c), parser);
  ASSERT_TRUE(batch.errors.empty()) << batch.errors[0].ToString();
  ASSERT_EQ(batch.snapshots.size(), 1u);
  Verdict v = Evaluate(batch.snapshots[0]);

  std::vector<std::string> mismatches;
  auto check = [&](const std::string& field, bool actual) {
    if (e.contains(field) && e.at(field).is_boolean() && e.at(field).get<bool>() != actual) {
      mismatches.push_back(field + ": expected " + (actual ? "false" : "true"));
    }
  };
  auto open = [&v](AccessKind k) { return v.Access(k) >= Scope::kAuthenticated; };
  check("public_read", open(AccessKind::kRead));
  check("public_list", open(AccessKind::kList));
  check("public_write", open(AccessKind::kWrite));
  check("public_read_acp", open(AccessKind::kReadAcp));
  check("public_write_acp", open(AccessKind::kWriteAcp));
  check("public_bucket_config", open(AccessKind::kBucketConfig));
  check("acl_is_public", v.acl_is_public);
  check("config_read_noncompliant", v.public_read);
  check("config_write_noncompliant", v.public_write);
  if (e.contains("cross_account")) check("cross_account", v.cross_account);
  if (e.contains("restrict_public_buckets_blocks_cross_account")) {
    check("restrict_public_buckets_blocks_cross_account", v.restrict_public_buckets_blocks_cross_account);
  }
  if (e.contains("invalid_policy")) check("invalid_policy", v.invalid_policy);
  const json& pip = e.at("policy_is_public");
  if (pip.is_null() != !v.policy_is_public.has_value() ||
      (pip.is_boolean() && v.policy_is_public && pip.get<bool>() != *v.policy_is_public)) {
    mismatches.push_back("policy_is_public");
  }
  std::set<std::string> expected_who;
  for (const auto& w : e.at("who")) expected_who.insert(w.get<std::string>());
  if (expected_who != WhoNames(v.who)) mismatches.push_back("who");

  std::string report;
  for (const auto& m : mismatches) report += "\n  " + m;
  if (scored) {
    EXPECT_TRUE(mismatches.empty()) << GetParam() << " (" << e.value("why", "") << "):" << report;
  } else if (!mismatches.empty()) {
    std::cout << "informational case differs: " << GetParam() << report << "\n";
  }
}

std::string CaseName(const ::testing::TestParamInfo<std::string>& info) {
  std::string name = info.param.substr(0, info.param.size() - 5);
  for (char& ch : name) {
    if (!std::isalnum(static_cast<unsigned char>(ch))) ch = '_';
  }
  return name;
}

INSTANTIATE_TEST_SUITE_P(Spec, SpecCase, ::testing::ValuesIn(testing::SpecCaseFiles()), CaseName);

}  // namespace
}  // namespace bucketwatch::exposure
