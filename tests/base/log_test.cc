#include "base/log.h"

#include <gtest/gtest.h>

#include <string>
#include <vector>

namespace bucketwatch::log {
namespace {

std::vector<std::string>& Lines() {
  static std::vector<std::string> lines;
  return lines;
}

TEST(Log, OneJsonObjectPerLine) {
  Lines().clear();
  SetSinkForTesting([](std::string_view line) { Lines().emplace_back(line); });
  SetLevel(Level::kInfo);
  Info("slack.sent", {{"bucket", "a&b"}, {"attempt", 2}});
  Debug("hidden");
  SetSinkForTesting(nullptr);
  ASSERT_EQ(Lines().size(), 1u);
  const std::string& line = Lines()[0];
  EXPECT_EQ(line.back(), '\n');
  auto j = nlohmann::json::parse(line);
  EXPECT_EQ(j["level"], "info");
  EXPECT_EQ(j["event"], "slack.sent");
  EXPECT_EQ(j["bucket"], "a&b");
  EXPECT_EQ(j["attempt"], 2);
  EXPECT_TRUE(j["time"].get<std::string>().ends_with("Z"));
}

TEST(Log, NoFieldsAndFieldsNamedLikeTheFixedKeys) {
  Lines().clear();
  SetSinkForTesting([](std::string_view line) { Lines().emplace_back(line); });
  SetLevel(Level::kInfo);
  Info("bare");
  Warn("renamed", {{"event", "caller's"}, {"n", {1, 2}}});
  SetSinkForTesting(nullptr);
  ASSERT_EQ(Lines().size(), 2u);
  auto bare = nlohmann::json::parse(Lines()[0]);
  EXPECT_EQ(bare["event"], "bare");
  EXPECT_EQ(bare.size(), 3u);
  auto renamed = nlohmann::json::parse(Lines()[1]);
  EXPECT_EQ(renamed["event"], "caller's");  // the caller's value wins, as before
  EXPECT_EQ(renamed["level"], "warn");
  EXPECT_EQ(renamed["n"][1], 2);
}

TEST(Log, SerializedFieldsAreSpliced) {
  Lines().clear();
  SetSinkForTesting([](std::string_view line) { Lines().emplace_back(line); });
  SetLevel(Level::kInfo);
  WriteSerialized(Level::kInfo, "event.handled", R"({"kind":"x","n":[1,{"a":"b"}]})");
  WriteSerialized(Level::kError, "empty", "{}");
  WriteSerialized(Level::kDebug, "hidden", "{}");
  SetSinkForTesting(nullptr);
  ASSERT_EQ(Lines().size(), 2u);
  auto j = nlohmann::json::parse(Lines()[0]);
  EXPECT_EQ(j["event"], "event.handled");
  EXPECT_EQ(j["kind"], "x");
  EXPECT_EQ(j["n"][1]["a"], "b");
  auto e = nlohmann::json::parse(Lines()[1]);
  EXPECT_EQ(e["level"], "error");
  EXPECT_EQ(e.size(), 3u);
}

}  // namespace
}  // namespace bucketwatch::log
