// How webhook answers are classified: the table of Slack's documented
// answers (docs/sources.md, "Slack incoming webhooks"; tests/data/slack/webhook.responses.json)
// and Retry-After in both of its HTTP forms (RFC 9110 §10.2.3).
#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "notify/slack_webhook.h"
#include "support/test_files.h"

namespace bucketwatch::notify {
namespace {

TEST(ClassifySlackAnswer, DocumentedAnswers) {
  auto table = nlohmann::json::parse(testing::ReadTestData("slack/webhook.responses.json"));
  int checked = 0;
  for (const auto& row : table["responses"]) {
    if (!row["status"].is_number()) continue;  // "5xx / connection error" is covered elsewhere
    long status = row["status"];
    std::string body = row["body"];
    Attempt a = ClassifySlackAnswer(status, body, status == 429 ? "1" : "");
    SCOPED_TRACE(std::to_string(status) + " " + body);
    if (status == 200) {
      EXPECT_TRUE(a.delivered());
    } else if (row["retry"].get<bool>()) {
      EXPECT_EQ(a.outcome, Attempt::Outcome::kRetryable);
    } else {
      EXPECT_EQ(a.outcome, Attempt::Outcome::kPermanent);
      EXPECT_EQ(a.detail, body);  // Slack's own error text is kept
    }
    ++checked;
  }
  EXPECT_GE(checked, 14);
}

TEST(ClassifySlackAnswer, RateLimitCarriesItsDelay) {
  Attempt a = ClassifySlackAnswer(429, "", "30");
  EXPECT_EQ(a.outcome, Attempt::Outcome::kRetryable);
  ASSERT_TRUE(a.retry_after);
  EXPECT_EQ(*a.retry_after, std::chrono::milliseconds(30000));
  EXPECT_FALSE(a.detail.empty());
}

TEST(ClassifySlackAnswer, LongOrBinaryBodiesAreMadeReadable) {
  Attempt a = ClassifySlackAnswer(400, std::string(1000, 'x') + "\n\x01", "");
  EXPECT_LE(a.detail.size(), 210u);
  EXPECT_EQ(a.detail.find('\n'), std::string::npos);
}

TEST(ParseRetryAfter, SecondsAndDates) {
  EXPECT_EQ(ParseRetryAfter("0"), std::chrono::milliseconds(0));
  EXPECT_EQ(ParseRetryAfter(" 30 "), std::chrono::milliseconds(30000));
  EXPECT_EQ(ParseRetryAfter("1.5"), std::chrono::milliseconds(1500));
  EXPECT_FALSE(ParseRetryAfter(""));
  EXPECT_FALSE(ParseRetryAfter("soon"));
  EXPECT_FALSE(ParseRetryAfter("-3"));
  EXPECT_EQ(ParseRetryAfter("Wed, 21 Oct 2015 07:28:00 GMT"), std::chrono::milliseconds(0));  // in the past
  auto far = ParseRetryAfter("Fri, 31 Dec 2100 23:59:59 GMT");
  ASSERT_TRUE(far);
  EXPECT_GT(*far, std::chrono::milliseconds(1000LL * 3600 * 24 * 365));
}

}  // namespace
}  // namespace bucketwatch::notify
