// scan --notify's pacing (src/scan/alerts.h) against a scripted channel and
// a hand-moved clock: one message per public bucket, worst first, then the
// summary; at least `interval` between messages (Slack's ~1 message a second
// per webhook, docs/sources.md, "Slack incoming webhooks"); 429 waits for Retry-After; 5xx backs off;
// a refused message is skipped; a refused destination stops everything.
#include "scan/alerts.h"

#include <gtest/gtest.h>

#include <deque>

namespace bucketwatch::scan {
namespace {

using std::chrono::milliseconds;

struct Channel : AlertChannel, notify::Sink {
  std::deque<notify::Attempt> script;  // answers in turn; delivered when empty
  std::vector<std::string> sent;
  std::vector<size_t> summary_not_sent;
  std::string BucketMessage(const BucketResult& b) override { return "bucket " + b.bucket; }
  std::string SummaryMessage(const ScanReport&, size_t not_sent) override {
    summary_not_sent.push_back(not_sent);
    return "summary";
  }
  notify::Sink& sink() override { return *this; }
  notify::Attempt Send(std::string_view payload, milliseconds) override {
    sent.emplace_back(payload);
    if (script.empty()) return notify::Attempt{notify::Attempt::Outcome::kDelivered, 200, "ok"};
    notify::Attempt d = script.front();
    script.pop_front();
    return d;
  }
  std::string Describe() const override { return "Slack webhook https://hooks.slack.com/***"; }
};

struct Clock {
  std::chrono::steady_clock::time_point now{std::chrono::hours(1)};
  std::vector<long> slept;
  Pacer pacer() {
    return Pacer{.sleep =
                     [this](milliseconds d) {
                       slept.push_back(static_cast<long>(d.count()));
                       now += d;
                     },
                 .now = [this] { return now; }};
  }
};

ScanReport Report(std::vector<std::pair<std::string, Standing>> buckets) {
  ScanReport r;
  for (auto& [name, standing] : buckets) {
    BucketResult b;
    b.bucket = name;
    b.standing = standing;
    r.buckets.push_back(b);
  }
  r.accounts.push_back(AccountResult{});
  r.summary = Summarize(r.accounts, r.buckets);
  return r;
}

TEST(Alerts, OneMessagePerPublicBucketThenTheSummaryPaced) {
  ScanReport r = Report({{"b-public", Standing::kPublic},
                         {"a-private", Standing::kPrivate},
                         {"a-public", Standing::kPublic},
                         {"allowed", Standing::kPublicAllowed}});
  r.buckets[0].public_write = true;  // written to by anyone: first
  Channel channel;
  Clock clock;
  AlertReport sent = SendAlerts(r, channel, PaceSettings{}, clock.pacer());
  EXPECT_EQ(channel.sent, (std::vector<std::string>{"bucket b-public", "bucket a-public", "summary"}));
  EXPECT_EQ(sent.sent, 3u);
  EXPECT_TRUE(sent.summary_sent);
  EXPECT_TRUE(sent.ok());
  EXPECT_EQ(clock.slept, (std::vector<long>{1100, 1100}));  // no burst above Slack's rate
}

TEST(Alerts, NothingWorthSayingSendsNothing) {
  ScanReport r = Report({{"p", Standing::kPrivate}, {"allowed", Standing::kPublicAllowed}});
  Channel channel;
  Clock clock;
  AlertReport sent = SendAlerts(r, channel, PaceSettings{}, clock.pacer());
  EXPECT_TRUE(channel.sent.empty());
  EXPECT_EQ(sent.sent, 0u);
}

TEST(Alerts, UnknownBucketsGetOnlyTheSummary) {
  ScanReport r = Report({{"u", Standing::kUnknown}});
  Channel channel;
  Clock clock;
  SendAlerts(r, channel, PaceSettings{}, clock.pacer());
  EXPECT_EQ(channel.sent, (std::vector<std::string>{"summary"}));
}

TEST(Alerts, RateLimitedMessageWaitsForRetryAfter) {
  ScanReport r = Report({{"a", Standing::kPublic}});
  Channel channel;
  channel.script.push_back(
      notify::Attempt{notify::Attempt::Outcome::kRetryable, 429, "rate limited", milliseconds(30000)});
  Clock clock;
  AlertReport sent = SendAlerts(r, channel, PaceSettings{}, clock.pacer());
  EXPECT_EQ(channel.sent, (std::vector<std::string>{"bucket a", "bucket a", "summary"}));
  EXPECT_EQ(clock.slept, (std::vector<long>{30000, 1100}));
  EXPECT_TRUE(sent.ok());
}

TEST(Alerts, ServerErrorsBackOffThenGiveUpOnThatMessage) {
  ScanReport r = Report({{"a", Standing::kPublic}, {"b", Standing::kPublic}});
  Channel channel;
  for (int i = 0; i < 5; ++i)
    channel.script.push_back(notify::Attempt{notify::Attempt::Outcome::kRetryable, 500, "rollup_error"});
  Clock clock;
  AlertReport sent = SendAlerts(r, channel, PaceSettings{}, clock.pacer());
  EXPECT_EQ(channel.sent.size(), 5u + 2u);  // five tries for a, then b and the summary
  EXPECT_EQ(sent.failed, 1u);
  EXPECT_FALSE(sent.ok());
  ASSERT_EQ(sent.problems.size(), 1u);
  EXPECT_EQ(sent.problems[0], "alert for bucket a: HTTP 500 rollup_error (attempt 5)");
  EXPECT_EQ(clock.slept, (std::vector<long>{1100, 2000, 4000, 8000, 1100, 1100}));
}

TEST(Alerts, RefusedMessageIsSkippedRefusedDestinationStopsAll) {
  ScanReport r = Report({{"a", Standing::kPublic}, {"b", Standing::kPublic}, {"c", Standing::kPublic}});
  Channel channel;
  channel.script.push_back(notify::Attempt{notify::Attempt::Outcome::kPermanent, 400, "invalid_blocks"});
  channel.script.push_back(notify::Attempt{notify::Attempt::Outcome::kPermanent, 404, "no_service"});
  Clock clock;
  AlertReport sent = SendAlerts(r, channel, PaceSettings{}, clock.pacer());
  EXPECT_EQ(channel.sent, (std::vector<std::string>{"bucket a", "bucket b"}));
  EXPECT_TRUE(sent.stopped);
  EXPECT_EQ(sent.failed, 2u);
  EXPECT_NE(sent.problems[1].find("Slack webhook https://hooks.slack.com/*** refused alert for bucket b: HTTP 404 "
                                  "no_service"),
            std::string::npos);
}

TEST(Alerts, AVeryLongRetryAfterStops) {
  ScanReport r = Report({{"a", Standing::kPublic}});
  Channel channel;
  channel.script.push_back(
      notify::Attempt{notify::Attempt::Outcome::kRetryable, 429, "rate limited", milliseconds(3600000)});
  Clock clock;
  AlertReport sent = SendAlerts(r, channel, PaceSettings{}, clock.pacer());
  EXPECT_TRUE(sent.stopped);
  EXPECT_TRUE(clock.slept.empty());
}

TEST(Alerts, CapOnBucketMessagesCountsTheRestInTheSummary) {
  ScanReport r = Report({{"a", Standing::kPublic}, {"b", Standing::kPublic}, {"c", Standing::kPublic}});
  Channel channel;
  Clock clock;
  PaceSettings settings;
  settings.max_bucket_messages = 1;
  SendAlerts(r, channel, settings, clock.pacer());
  EXPECT_EQ(channel.sent, (std::vector<std::string>{"bucket a", "summary"}));
  EXPECT_EQ(channel.summary_not_sent, (std::vector<size_t>{2}));
}

}  // namespace
}  // namespace bucketwatch::scan
