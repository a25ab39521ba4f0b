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

}  // namespace
}  // namespace bucketwatch::log
