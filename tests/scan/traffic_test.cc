// TrafficControl (src/scan/traffic.h): throttling answers halve the requests
// in flight and successes grow them back (AIMD); a region that stops
// answering is short-circuited after a run of failures, probed after the
// cool-down, and closed again by an answer. Driven through its transports
// with a scripted inner transport and a hand-moved clock, so nothing depends
// on timing.
#include "scan/traffic.h"

#include <gtest/gtest.h>

#include <atomic>
#include <functional>
#include <thread>
#include <vector>

namespace bucketwatch::scan {
namespace {

using Steady = TrafficControl::SteadyClock;

struct Script : aws::Transport {
  std::function<Result<net::HttpResponse>(const net::HttpRequest&)> answer;
  std::atomic<int>* sent;
  Result<net::HttpResponse> Send(const net::HttpRequest& r) override {
    ++*sent;
    return answer(r);
  }
};

net::HttpRequest SignedFor(const std::string& region) {
  net::HttpRequest r;
  r.headers.push_back({"Host", "s3." + region + ".amazonaws.com"});
  r.headers.push_back({"Authorization", "AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20260102/" + region +
                                            "/s3/aws4_request, SignedHeaders=host, Signature=00"});
  return r;
}

net::HttpResponse Answer(long status, std::string body = "") {
  net::HttpResponse r;
  r.status = status;
  r.body = std::move(body);
  return r;
}

struct Harness {
  Steady::time_point now{std::chrono::hours(1)};
  std::atomic<int> sent{0};
  std::function<Result<net::HttpResponse>(const net::HttpRequest&)> answer = [](const net::HttpRequest&) {
    return Result<net::HttpResponse>(Answer(200));
  };
  TrafficControl control;
  std::unique_ptr<aws::Transport> transport;

  explicit Harness(TrafficSettings settings) : control(settings, [this] { return now; }) {
    auto factory = control.Factory([this] {
      auto s = std::make_unique<Script>();
      s->answer = [this](const net::HttpRequest& r) { return answer(r); };
      s->sent = &sent;
      return std::unique_ptr<aws::Transport>(std::move(s));
    });
    transport = factory();
  }
};

TEST(TrafficControl, KeyIsTheCredentialScopeRegionAndService) {
  EXPECT_EQ(TrafficControl::KeyOf(SignedFor("ap-northeast-1")), "ap-northeast-1/s3");
  net::HttpRequest unsigned_request;
  unsigned_request.headers.push_back({"Host", "sts.us-east-1.amazonaws.com"});
  EXPECT_EQ(TrafficControl::KeyOf(unsigned_request), "sts.us-east-1.amazonaws.com");
}

TEST(TrafficControl, ThrottlingHalvesTheLimitOncePerIntervalAndSuccessGrowsItBack) {
  Harness h({.max_in_flight = 64, .min_in_flight = 2});
  h.answer = [](const net::HttpRequest&) {
    return Result<net::HttpResponse>(Answer(503,
                                            "<Error><Code>SlowDown</Code><Message>Please reduce your request "
                                            "rate.</Message></Error>"));
  };
  ASSERT_TRUE(h.transport->Send(SignedFor("us-east-1")).ok());
  EXPECT_EQ(h.control.limit(), 32);
  ASSERT_TRUE(h.transport->Send(SignedFor("us-east-1")).ok());  // the same burst: no second halving
  EXPECT_EQ(h.control.limit(), 32);
  h.now += std::chrono::seconds(2);
  ASSERT_TRUE(h.transport->Send(SignedFor("us-east-1")).ok());
  EXPECT_EQ(h.control.limit(), 16);
  for (int i = 0; i < 10; ++i) {
    h.now += std::chrono::seconds(2);
    ASSERT_TRUE(h.transport->Send(SignedFor("us-east-1")).ok());
  }
  EXPECT_EQ(h.control.limit(), 2);  // never below the floor
  EXPECT_EQ(h.control.throttled(), 13u);

  h.answer = [](const net::HttpRequest&) { return Result<net::HttpResponse>(Answer(200)); };
  for (int i = 0; i < 2 + 3; ++i) ASSERT_TRUE(h.transport->Send(SignedFor("us-east-1")).ok());
  EXPECT_EQ(h.control.limit(), 4);  // +1 per `limit` successes: 2 -> 3 after 2, -> 4 after 3 more
}

TEST(TrafficControl, StsThrottlingCodeCountsButAccessDeniedDoesNot) {
  Harness h({.max_in_flight = 8});
  h.answer = [](const net::HttpRequest&) {
    return Result<net::HttpResponse>(Answer(403, "<Error><Code>AccessDenied</Code></Error>"));
  };
  ASSERT_TRUE(h.transport->Send(SignedFor("us-east-1")).ok());
  EXPECT_EQ(h.control.limit(), 8);
  h.answer = [](const net::HttpRequest&) {
    return Result<net::HttpResponse>(
        Answer(400,
               "<ErrorResponse><Error><Type>Sender</Type><Code>Throttling</Code><Message>Rate exceeded</Message>"
               "</Error></ErrorResponse>"));
  };
  ASSERT_TRUE(h.transport->Send(SignedFor("us-east-1")).ok());
  EXPECT_EQ(h.control.limit(), 4);
  h.now += std::chrono::seconds(2);
  h.answer = [](const net::HttpRequest&) {
    net::HttpResponse r = Answer(400, R"({"__type":"TooManyRequestsException","Message":"slow down"})");
    return Result<net::HttpResponse>(r);
  };
  ASSERT_TRUE(h.transport->Send(SignedFor("us-east-1")).ok());
  EXPECT_EQ(h.control.limit(), 2);
}

TEST(TrafficControl, SilentRegionIsShortCircuitedThenProbedThenClosed) {
  Harness h({.max_in_flight = 8, .breaker_threshold = 3, .breaker_cooldown = std::chrono::seconds(30)});
  h.answer = [](const net::HttpRequest& r) -> Result<net::HttpResponse> {
    if (TrafficControl::KeyOf(r) == "eu-west-3/s3") {
      return Status(StatusCode::kUnavailable, "GET https://s3.eu-west-3.amazonaws.com/***: Connection refused");
    }
    return Answer(200);
  };
  for (int i = 0; i < 3; ++i) {
    auto r = h.transport->Send(SignedFor("eu-west-3"));
    ASSERT_FALSE(r.ok());
    EXPECT_EQ(r.status().code(), StatusCode::kUnavailable);  // sent, failed: retryable
  }
  EXPECT_EQ(h.sent.load(), 3);
  auto fast = h.transport->Send(SignedFor("eu-west-3"));
  ASSERT_FALSE(fast.ok());
  EXPECT_EQ(fast.status().code(), StatusCode::kIoError);  // not sent, and not to be retried
  EXPECT_NE(fast.status().message().find("eu-west-3/s3 did not answer 3 requests in a row (last: GET "
                                         "https://s3.eu-west-3.amazonaws.com/***: Connection refused)"),
            std::string::npos)
      << fast.status().message();
  EXPECT_EQ(h.sent.load(), 3);
  EXPECT_EQ(h.control.short_circuited(), 1u);
  EXPECT_TRUE(h.transport->Send(SignedFor("us-east-1")).ok());  // other regions are untouched
  ASSERT_EQ(h.control.OpenBreakers().size(), 1u);

  // After the cool-down one probe goes out; it fails, so the breaker stays open.
  h.now += std::chrono::seconds(31);
  EXPECT_EQ(h.transport->Send(SignedFor("eu-west-3")).status().code(), StatusCode::kUnavailable);
  EXPECT_EQ(h.transport->Send(SignedFor("eu-west-3")).status().code(), StatusCode::kIoError);

  // The region comes back: the next probe closes the breaker.
  h.answer = [](const net::HttpRequest&) { return Result<net::HttpResponse>(Answer(200)); };
  h.now += std::chrono::seconds(31);
  EXPECT_TRUE(h.transport->Send(SignedFor("eu-west-3")).ok());
  EXPECT_TRUE(h.transport->Send(SignedFor("eu-west-3")).ok());
  EXPECT_TRUE(h.control.OpenBreakers().empty());
}

TEST(TrafficControl, AnAnswerBetweenFailuresResetsTheCount) {
  Harness h({.max_in_flight = 8, .breaker_threshold = 3});
  int n = 0;
  h.answer = [&n](const net::HttpRequest&) -> Result<net::HttpResponse> {
    if (++n % 3 == 0) return Answer(500);  // any HTTP answer means the region is there
    return Status(StatusCode::kUnavailable, "timed out");
  };
  for (int i = 0; i < 12; ++i) (void)h.transport->Send(SignedFor("us-west-2"));
  EXPECT_EQ(h.sent.load(), 12);
  EXPECT_TRUE(h.control.OpenBreakers().empty());
}

TEST(TrafficControl, NeverMoreInFlightThanTheLimit) {
  Harness h({.max_in_flight = 3});
  std::atomic<int> in_flight{0}, peak{0};
  h.answer = [&](const net::HttpRequest&) {
    int now = ++in_flight;
    int seen = peak.load();
    while (now > seen && !peak.compare_exchange_weak(seen, now)) {
    }
    std::this_thread::yield();
    --in_flight;
    return Result<net::HttpResponse>(Answer(200));
  };
  std::vector<std::thread> threads;
  for (int t = 0; t < 8; ++t) {
    threads.emplace_back([&] {
      for (int i = 0; i < 200; ++i) (void)h.transport->Send(SignedFor("us-east-1"));
    });
  }
  for (auto& t : threads) t.join();
  EXPECT_LE(peak.load(), 3);
  EXPECT_LE(h.control.peak_in_flight(), 3);
  EXPECT_EQ(h.control.requests(), 1600u);
}

}  // namespace
}  // namespace bucketwatch::scan
