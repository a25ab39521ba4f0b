// SnapshotReader and the S3 / S3 Control / STS clients against a loopback
// stand-in that serves the exact AWS wire shapes of tests/data/api
// (docs/sources.md, "S3 bucket calls"): "not configured" answers make a field
// absent, refusals and unreadable answers make it unknown (so the evaluator
// cannot call the bucket private), retries follow the standard mode
// (docs/sources.md, "Retries"), and wrong-region answers are followed once
// (docs/sources.md, "S3 regions and redirects").
#include <gtest/gtest.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <atomic>
#include <map>
#include <mutex>
#include <thread>

#include "aws/bucket_snapshot.h"
#include "aws/timestamp.h"
#include "exposure/evaluator.h"
#include "loopback_aws.h"
#include "standins/loopback_server.h"
#include "test_files.h"

namespace bucketwatch::aws {
namespace {

using bucketwatch::testing::LoopbackServer;
using testing::LoopbackContext;
using testing::LoopbackOptions;
using testing::ReadData;

struct Answer {
  int status = 200;
  std::string body;
  std::map<std::string, std::string> headers;
};

// An S3 + S3 Control + STS stand-in: answers by sub-resource from a table
// the test fills, and records what it was asked.
class FakeAws {
 public:
  FakeAws() {
    auto handle = [this](const httplib::Request& req, httplib::Response& res) {
      std::lock_guard lock(mu_);
      std::string key = req.method + " " + Key(req);
      asked_.push_back(key);
      regions_.push_back(testing::ScopeRegion(req));
      expected_owner_.push_back(req.get_header_value("x-amz-expected-bucket-owner"));
      auto it = answers_.find(key);
      if (it == answers_.end() || it->second.empty()) {
        res.status = 500;
        res.set_content("<Error><Code>InternalError</Code><Message>no answer for " + key + "</Message></Error>",
                        "application/xml");
        return;
      }
      Answer a = it->second.size() > 1 ? it->second.front() : it->second.back();
      if (it->second.size() > 1) it->second.erase(it->second.begin());
      res.status = a.status;
      for (auto& [n, v] : a.headers) res.set_header(n, v);
      res.set_content(a.body, "application/xml");
    };
    server_.server().Get(".*", handle);
    server_.server().Post(".*", handle);
    server_.server().Put(".*", handle);
    server_.Start();
  }

  // "GET /bucket?policy", "GET /v20180820/...", "POST /" (STS), "GET /" (ListBuckets).
  static std::string Key(const httplib::Request& req) {
    std::string k = req.path;
    for (const char* sub : {"policy", "acl", "publicAccessBlock", "ownershipControls", "policyStatus", "location"}) {
      if (req.has_param(sub)) return k + "?" + sub;
    }
    return k;
  }

  // Answers `key` with `answers` in turn (the last one repeats).
  void On(const std::string& key, std::vector<Answer> answers) {
    std::lock_guard lock(mu_);
    answers_[key] = std::move(answers);
  }
  void On(const std::string& key, Answer answer) { On(key, std::vector<Answer>{std::move(answer)}); }

  // A bucket as AWS would show it: every call answered from tests/data/api.
  void AwsBucket(const std::string& bucket) {
    On("GET /" + bucket + "?location", Answer{200, ReadData("api/s3/GetBucketLocation.response.ap-northeast-1.xml")});
    On("GET /" + bucket + "?policy", Answer{200, ReadData("api/s3/GetBucketPolicy.response.json")});
    On("GET /" + bucket + "?acl", Answer{200, ReadData("api/s3/GetBucketAcl.response.xml")});
    On("GET /" + bucket + "?publicAccessBlock", Answer{200, ReadData("api/s3/GetPublicAccessBlock.response.xml")});
    On("GET /" + bucket + "?ownershipControls",
       Answer{200, ReadData("api/s3/GetBucketOwnershipControls.response.xml")});
    On("GET /" + bucket + "?policyStatus", Answer{200, ReadData("api/s3/GetBucketPolicyStatus.response.xml")});
  }
  void AwsAccount() {
    On("POST /", Answer{200, ReadData("api/sts/GetCallerIdentity.response.xml")});
    On("GET /v20180820/configuration/publicAccessBlock",
       Answer{200, ReadData("api/s3control/GetPublicAccessBlock.response.xml")});
  }

  std::vector<std::string> asked() {
    std::lock_guard lock(mu_);
    return asked_;
  }
  std::vector<std::string> regions() {
    std::lock_guard lock(mu_);
    return regions_;
  }
  std::vector<std::string> expected_owners() {
    std::lock_guard lock(mu_);
    return expected_owner_;
  }
  int Count(const std::string& key) {
    std::lock_guard lock(mu_);
    return static_cast<int>(std::count(asked_.begin(), asked_.end(), key));
  }
  std::string url() const { return server_.url(); }

 private:
  LoopbackServer server_;
  std::mutex mu_;
  std::map<std::string, std::vector<Answer>> answers_;
  std::vector<std::string> asked_, regions_, expected_owner_;
};

Answer Error(int status, const std::string& file, std::map<std::string, std::string> headers = {}) {
  return Answer{status, ReadData("api/" + file), std::move(headers)};
}

TEST(SnapshotReader, ReadsEveryFieldOfAnAwsShapedBucket) {
  FakeAws aws;
  aws.AwsAccount();
  aws.AwsBucket("example-bucket-1");
  SnapshotReader reader(LoopbackContext(aws.url()));
  auto snap = reader.Read("example-bucket-1");
  ASSERT_TRUE(snap.ok()) << snap.status().ToString();
  EXPECT_EQ(snap->bucket, "example-bucket-1");
  EXPECT_EQ(snap->account, "123456789012");
  EXPECT_EQ(snap->region, "ap-northeast-1");
  ASSERT_TRUE(snap->account_public_access_block.present());
  EXPECT_EQ(snap->account_public_access_block.value(), (exposure::BlockPublicAccess{true, true, true, true}));
  ASSERT_TRUE(snap->public_access_block.present());
  EXPECT_EQ(snap->public_access_block.value(), (exposure::BlockPublicAccess{true, true, false, false}));
  ASSERT_TRUE(snap->ownership.present());
  EXPECT_EQ(snap->ownership.value(), exposure::ObjectOwnership::kBucketOwnerEnforced);
  ASSERT_TRUE(snap->policy.present());
  EXPECT_EQ(snap->policy_text, ReadData("api/s3/GetBucketPolicy.response.json"));
  ASSERT_TRUE(snap->acl.present());
  EXPECT_EQ(snap->acl.value().grants.size(), 4u);
  EXPECT_EQ(snap->policy_status, true);
  // Bucket calls are signed for the bucket's region and ask S3 to confirm the owner.
  auto regions = aws.regions();
  auto owners = aws.expected_owners();
  auto asked = aws.asked();
  for (size_t i = 0; i < asked.size(); ++i) {
    if (asked[i].find("example-bucket-1?") == std::string::npos || asked[i].ends_with("?location")) continue;
    EXPECT_EQ(regions[i], "ap-northeast-1") << asked[i];
    EXPECT_EQ(owners[i], "123456789012") << asked[i];
  }
}

TEST(SnapshotReader, NotConfiguredAnswersAreAbsent) {
  FakeAws aws;
  aws.AwsAccount();
  aws.On("GET /v20180820/configuration/publicAccessBlock",
         Error(404, "s3control/NoSuchPublicAccessBlockConfiguration.404.xml"));
  aws.AwsBucket("b1");
  aws.On("GET /b1?policy", Error(404, "s3/errors/NoSuchBucketPolicy.404.xml"));
  aws.On("GET /b1?policyStatus", Error(404, "s3/errors/NoSuchBucketPolicy.404.xml"));
  aws.On("GET /b1?publicAccessBlock", Error(404, "s3/errors/NoSuchPublicAccessBlockConfiguration.404.xml"));
  aws.On("GET /b1?ownershipControls", Error(404, "s3/errors/OwnershipControlsNotFoundError.404.xml"));
  SnapshotReader reader(LoopbackContext(aws.url()));
  auto snap = reader.Read("b1");
  ASSERT_TRUE(snap.ok()) << snap.status().ToString();
  EXPECT_TRUE(snap->account_public_access_block.absent());
  EXPECT_TRUE(snap->public_access_block.absent());
  EXPECT_TRUE(snap->ownership.absent());
  EXPECT_TRUE(snap->policy.absent());
  EXPECT_FALSE(snap->policy_status.has_value());
  ASSERT_TRUE(snap->acl.present());
}

// 403 means unknown, never "not public" (docs/sources.md, "S3 bucket calls").
TEST(SnapshotReader, RefusalsMakePartsUnknownAndTheVerdictCannotBePrivate) {
  FakeAws aws;
  aws.AwsAccount();
  // No Block Public Access anywhere: with all four flags on (the AWS shapes'
  // account setting) nothing could be public, readable or not.
  aws.On("GET /v20180820/configuration/publicAccessBlock",
         Error(404, "s3control/NoSuchPublicAccessBlockConfiguration.404.xml"));
  aws.AwsBucket("locked");
  aws.On("GET /locked?publicAccessBlock", Error(404, "s3/errors/NoSuchPublicAccessBlockConfiguration.404.xml"));
  aws.On("GET /locked?policy", Error(403, "s3/errors/AccessDenied.403.xml"));
  aws.On("GET /locked?acl", Error(403, "s3/errors/AccessDenied.403.xml"));
  aws.On("GET /locked?ownershipControls", Answer{405,
                                                 "<Error><Code>MethodNotAllowed</Code><Message>The specified "
                                                 "method is not allowed</Message></Error>"});
  SnapshotReader reader(LoopbackContext(aws.url()));
  auto snap = reader.Read("locked");
  ASSERT_TRUE(snap.ok()) << snap.status().ToString();
  ASSERT_TRUE(snap->policy.unknown());
  EXPECT_NE(snap->policy.unknown_reason().find("S3 GetBucketPolicy (bucket locked): 403 AccessDenied: Access Denied"),
            std::string::npos)
      << snap->policy.unknown_reason();
  EXPECT_NE(snap->policy.unknown_reason().find("not in account 123456789012"), std::string::npos);
  EXPECT_TRUE(snap->acl.unknown());
  EXPECT_TRUE(snap->ownership.unknown());
  EXPECT_EQ(aws.Count("GET /locked?policy"), 1);  // AccessDenied is not retried
  exposure::Verdict v = exposure::Evaluate(*snap);
  EXPECT_TRUE(v.exposed());
  EXPECT_FALSE(v.cannot_judge.empty());
}

TEST(SnapshotReader, UnreadableBodiesAndUnexpectedStatusesAreUnknownWithTheReason) {
  FakeAws aws;
  aws.AwsAccount();
  aws.AwsBucket("odd");
  std::string acl = ReadData("api/s3/GetBucketAcl.response.xml");
  aws.On("GET /odd?acl", Answer{200, acl.substr(0, acl.size() / 2)});
  aws.On("GET /odd?publicAccessBlock", Answer{418, "<html>I'm a teapot</html>"});
  aws.On("GET /odd?ownershipControls", Answer{200,
                                              "<?xml version=\"1.0\"?><ListBucketResult><Name>odd</Name>"
                                              "</ListBucketResult>"});
  aws.On("GET /odd?policy", Answer{200, ""});
  SnapshotReader reader(LoopbackContext(aws.url()));
  auto snap = reader.Read("odd");
  ASSERT_TRUE(snap.ok()) << snap.status().ToString();
  ASSERT_TRUE(snap->acl.unknown());
  EXPECT_NE(snap->acl.unknown_reason().find("S3 GetBucketAcl (bucket odd): not well-formed XML"), std::string::npos)
      << snap->acl.unknown_reason();
  ASSERT_TRUE(snap->public_access_block.unknown());
  EXPECT_NE(snap->public_access_block.unknown_reason().find("418 (the body is not an AWS error document"),
            std::string::npos)
      << snap->public_access_block.unknown_reason();
  ASSERT_TRUE(snap->ownership.unknown());
  EXPECT_NE(snap->ownership.unknown_reason().find("does not implement Object Ownership"), std::string::npos);
  ASSERT_TRUE(snap->policy.unknown());
  EXPECT_NE(snap->policy.unknown_reason().find("empty body"), std::string::npos);
}

// A chain with no source configured: what a machine without credentials has.
class NoSource : public CredentialsProvider {
 public:
  Result<Credentials> Fetch() override { return NotFound("not configured"); }
  std::string Name() const override { return "environment"; }
};

// Only S3's own NoSuchBucket says a bucket is gone: a read that fails for
// want of credentials is an error of another kind, never kGone.
TEST(SnapshotReader, WithoutCredentialsTheBucketIsNotGone) {
  FakeAws aws;
  std::vector<std::unique_ptr<CredentialsProvider>> sources;
  sources.push_back(std::make_unique<NoSource>());
  SnapshotReader reader(LoopbackContext(aws.url(), std::make_unique<CredentialsChain>(std::move(sources))));
  auto snap = reader.Read("some-bucket");
  ASSERT_FALSE(snap.ok());
  EXPECT_NE(snap.status().code(), StatusCode::kGone);
  EXPECT_NE(snap.status().message().find("no AWS credentials found"), std::string::npos) << snap.status().message();
}

TEST(SnapshotReader, AMissingBucketIsAnErrorNotASnapshot) {
  FakeAws aws;
  aws.AwsAccount();
  aws.On("GET /gone?location", Error(404, "s3/errors/NoSuchBucket.404.xml"));
  SnapshotReader reader(LoopbackContext(aws.url()));
  auto snap = reader.Read("gone");
  ASSERT_FALSE(snap.ok());
  EXPECT_EQ(snap.status().code(), StatusCode::kGone);
  EXPECT_NE(snap.status().message().find("S3 GetBucketLocation (bucket gone): 404 NoSuchBucket"), std::string::npos)
      << snap.status().message();
}

TEST(SnapshotReader, UnknownAccountMakesAccountBlockPublicAccessUnknown) {
  FakeAws aws;
  aws.On("POST /", Error(403, "sts/AccessDenied.403.xml"));
  aws.AwsBucket("b");
  SnapshotReader reader(LoopbackContext(aws.url()));
  auto snap = reader.Read("b");
  ASSERT_TRUE(snap.ok());
  EXPECT_EQ(snap->account, "");
  ASSERT_TRUE(snap->account_public_access_block.unknown());
  EXPECT_NE(snap->account_public_access_block.unknown_reason().find("account id is unknown (STS GetCallerIdentity: "
                                                                    "403 AccessDenied"),
            std::string::npos);
  EXPECT_EQ(aws.Count("GET /v20180820/configuration/publicAccessBlock"), 0);
}

TEST(SnapshotReader, AccountFactsAreLearntOncePerContextAcrossThreads) {
  FakeAws aws;
  aws.AwsAccount();
  for (int i = 0; i < 8; ++i) aws.AwsBucket("b" + std::to_string(i));
  auto ctx = LoopbackContext(aws.url());
  std::vector<std::thread> threads;
  std::atomic<int> ok{0};
  for (int t = 0; t < 4; ++t) {
    threads.emplace_back([&, t] {
      SnapshotReader reader(ctx);
      for (int i = t; i < 8; i += 4) ok += reader.Read("b" + std::to_string(i)).ok();
    });
  }
  for (auto& th : threads) th.join();
  EXPECT_EQ(ok, 8);
  EXPECT_EQ(aws.Count("POST /"), 1);
  EXPECT_EQ(aws.Count("GET /v20180820/configuration/publicAccessBlock"), 1);
}

// Redirects (docs/sources.md, "S3 regions and redirects").
TEST(S3Client, WrongRegionAnswersAreFollowedOnceWithANewSignature) {
  FakeAws aws;
  aws.On("GET /moved?acl", std::vector<Answer>{Error(301, "s3/errors/PermanentRedirect.301.xml",
                                                     {{"x-amz-bucket-region", "ap-northeast-1"}}),
                                               Answer{200, ReadData("api/s3/GetBucketAcl.response.xml")}});
  aws.On("GET /moved2?acl",
         std::vector<Answer>{Error(400, "s3/errors/AuthorizationHeaderMalformed.400.xml"),  // <Region> in the body only
                             Answer{200, ReadData("api/s3/GetBucketAcl.response.xml")}});
  auto ctx = LoopbackContext(aws.url());
  ctx->RememberBucketRegion("moved", "us-east-1");
  ctx->RememberBucketRegion("moved2", "us-east-1");
  S3Client s3(ctx);
  ASSERT_TRUE(s3.GetBucketAcl("moved").ok());
  ASSERT_TRUE(s3.GetBucketAcl("moved2").ok());
  EXPECT_EQ(aws.regions(), (std::vector<std::string>{"us-east-1", "ap-northeast-1", "us-east-1", "ap-northeast-1"}));
  EXPECT_EQ(ctx->BucketRegion("moved"), "ap-northeast-1");
}

TEST(S3Client, ASecondRedirectIsReportedNotFollowed) {
  FakeAws aws;
  aws.On("GET /pingpong?acl",
         Error(301, "s3/errors/PermanentRedirect.301.xml", {{"x-amz-bucket-region", "eu-west-1"}}));
  auto ctx = LoopbackContext(aws.url());
  ctx->RememberBucketRegion("pingpong", "us-east-1");
  S3Client s3(ctx);
  auto acl = s3.GetBucketAcl("pingpong");
  ASSERT_FALSE(acl.ok());
  EXPECT_NE(acl.status().message().find("301 PermanentRedirect"), std::string::npos);
  EXPECT_EQ(aws.Count("GET /pingpong?acl"), 2);
}

// LocationConstraint EU is eu-west-1, and the calls are signed for it
// (docs/sources.md, "S3 regions and redirects").
TEST(S3Client, LegacyEuLocationSignsForEuWest1) {
  FakeAws aws;
  aws.On("GET /old?location", Answer{200, ReadData("api/s3/GetBucketLocation.response.EU.xml")});
  aws.On("GET /old?acl", Answer{200, ReadData("api/s3/GetBucketAcl.response.xml")});
  S3Client s3(LoopbackContext(aws.url()));
  ASSERT_TRUE(s3.GetBucketAcl("old").ok());
  EXPECT_EQ(aws.regions().back(), "eu-west-1");
}

// 500/502/503/504 and throttling codes are retried with backoff, within max attempts
// (docs/sources.md, "Retries").
TEST(Retries, ThrottlingAndServerErrorsAreRetriedWithJitteredBackoff) {
  FakeAws aws;
  aws.On("GET /busy?acl",
         std::vector<Answer>{Error(503, "s3/errors/SlowDown.503.xml"), Error(500, "s3/errors/InternalError.500.xml"),
                             Answer{200, ReadData("api/s3/GetBucketAcl.response.xml")}});
  std::vector<long> slept;
  auto ctx = LoopbackContext(aws.url(), nullptr, LoopbackOptions{.slept = &slept});
  ctx->RememberBucketRegion("busy", "us-east-1");
  S3Client s3(ctx);
  ASSERT_TRUE(s3.GetBucketAcl("busy").ok());
  EXPECT_EQ(aws.Count("GET /busy?acl"), 3);
  EXPECT_EQ(slept, (std::vector<long>{500, 1000}));  // random 0.5 x 1 s, 0.5 x 2 s
  EXPECT_EQ(ctx->quota().available(), 500);          // given back after the success
}

TEST(Retries, GivingUpAfterMaxAttemptsSaysSo) {
  FakeAws aws;
  aws.On("GET /down?acl", Error(500, "s3/errors/InternalError.500.xml"));
  auto ctx = LoopbackContext(aws.url());
  ctx->RememberBucketRegion("down", "us-east-1");
  S3Client s3(ctx);
  auto acl = s3.GetBucketAcl("down");
  ASSERT_FALSE(acl.ok());
  EXPECT_EQ(acl.status().code(), StatusCode::kUnavailable);
  EXPECT_NE(acl.status().message().find("500 InternalError"), std::string::npos);
  EXPECT_NE(acl.status().message().find("after 3 attempts"), std::string::npos) << acl.status().message();
  EXPECT_EQ(ctx->quota().available(), 490);
}

TEST(Retries, AnEmptyQuotaStopsRetrying) {
  FakeAws aws;
  aws.On("GET /down?acl", Error(503, "s3/errors/SlowDown.503.xml"));
  auto ctx = LoopbackContext(aws.url(), nullptr, LoopbackOptions{.max_attempts = 5});
  ctx->RememberBucketRegion("down", "us-east-1");
  int cost = 0;
  while (ctx->quota().Acquire(RetryKind::kThrottle, cost)) {
  }
  S3Client s3(ctx);
  EXPECT_FALSE(s3.GetBucketAcl("down").ok());
  EXPECT_EQ(aws.Count("GET /down?acl"), 1);
}

// A server that accepts and hangs up at once: "Empty reply from server", retried, then an error.
TEST(Retries, ResetConnectionsAreRetriedThenReported) {
  int listener = socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  ASSERT_EQ(bind(listener, reinterpret_cast<sockaddr*>(&addr), sizeof addr), 0);
  ASSERT_EQ(listen(listener, 8), 0);
  socklen_t len = sizeof addr;
  getsockname(listener, reinterpret_cast<sockaddr*>(&addr), &len);
  std::atomic<int> accepted{0};
  std::thread hangup([&] {
    for (int i = 0; i < 3; ++i) {
      int c = accept(listener, nullptr, nullptr);
      if (c < 0) return;
      ++accepted;
      char buf[4096];
      (void)!read(c, buf, sizeof buf);
      close(c);
    }
  });
  auto ctx = LoopbackContext("http://127.0.0.1:" + std::to_string(ntohs(addr.sin_port)));
  ctx->RememberBucketRegion("flaky", "us-east-1");
  S3Client s3(ctx);
  auto acl = s3.GetBucketAcl("flaky");
  hangup.join();
  close(listener);
  ASSERT_FALSE(acl.ok());
  EXPECT_EQ(acl.status().code(), StatusCode::kUnavailable);
  EXPECT_NE(acl.status().message().find("S3 GetBucketAcl (bucket flaky)"), std::string::npos);
  EXPECT_NE(acl.status().message().find("after 3 attempts"), std::string::npos) << acl.status().message();
  EXPECT_EQ(accepted, 3);
}

TEST(Retries, SlowAnswersTimeOutAndAreRetried) {
  LoopbackServer slow;
  std::atomic<int> calls{0};
  slow.server().Get(".*", [&](const httplib::Request&, httplib::Response& res) {
    if (calls++ == 0) std::this_thread::sleep_for(std::chrono::milliseconds(1500));
    res.set_content(ReadData("api/s3/GetBucketAcl.response.xml"), "application/xml");
  });
  slow.Start();
  auto ctx = LoopbackContext(slow.url(), nullptr, LoopbackOptions{.timeout = std::chrono::milliseconds(200)});
  ctx->RememberBucketRegion("slow", "us-east-1");
  S3Client s3(ctx);
  auto acl = s3.GetBucketAcl("slow");
  ASSERT_TRUE(acl.ok()) << acl.status().ToString();
  EXPECT_EQ(calls, 2);
  EXPECT_EQ(ctx->quota().available(), 500);
}

class RotatingSource : public CredentialsProvider {
 public:
  Result<Credentials> Fetch() override {
    ++calls;
    return Credentials{.access_key_id = "ASIAROTATING0000000" + std::to_string(calls.load()),
                       .secret_access_key = "s",
                       .session_token = "t",
                       .source = "rotating"};
  }
  std::string Name() const override { return "rotating"; }
  std::atomic<int> calls{0};
};

TEST(Retries, ExpiredTokenFetchesNewCredentialsOnce) {
  FakeAws aws;
  aws.On("GET /b?acl", std::vector<Answer>{Error(400, "s3/errors/ExpiredToken.400.xml"),
                                           Answer{200, ReadData("api/s3/GetBucketAcl.response.xml")}});
  auto source = std::make_unique<RotatingSource>();
  RotatingSource* raw = source.get();
  auto ctx = LoopbackContext(aws.url(), std::move(source));
  ctx->RememberBucketRegion("b", "us-east-1");
  S3Client s3(ctx);
  ASSERT_TRUE(s3.GetBucketAcl("b").ok());
  EXPECT_EQ(raw->calls, 2);
}

TEST(Retries, ClockSkewIsCorrectedFromTheServerTime) {
  FakeAws aws;
  std::string skew = ReadData("api/s3/errors/RequestTimeTooSkewed.403.xml");
  aws.On("GET /b?acl",
         std::vector<Answer>{Answer{403, skew}, Answer{200, ReadData("api/s3/GetBucketAcl.response.xml")}});
  auto ctx = LoopbackContext(aws.url());
  ctx->RememberBucketRegion("b", "us-east-1");
  S3Client s3(ctx);
  ASSERT_TRUE(s3.GetBucketAcl("b").ok());
  // The server said 2026-11-28T22:00:00Z; requests are now dated from that clock.
  EXPECT_EQ(FormatIso8601(ctx->Now()).substr(0, 13),
            FormatIso8601(ParseIso8601("2026-11-28T22:00:00Z").value()).substr(0, 13));
}

TEST(ListBuckets, PaginatesAndRemembersRegions) {
  FakeAws aws;
  aws.On("GET /", std::vector<Answer>{Answer{200, ReadData("api/s3/ListBuckets.response.paginated.xml")},
                                      Answer{200, ReadData("api/s3/ListBuckets.response.last-page.xml")}});
  auto ctx = LoopbackContext(aws.url());
  SnapshotReader reader(ctx);
  auto buckets = reader.ListBuckets();
  ASSERT_TRUE(buckets.ok()) << buckets.status().ToString();
  ASSERT_EQ(buckets->size(), 3u);
  EXPECT_EQ(ctx->BucketRegion("example-bucket-3"), "eu-west-1");
  EXPECT_EQ(ctx->BucketRegion("example-bucket-2"), "ap-northeast-1");
}

TEST(ListBuckets, ARepeatedContinuationTokenIsAnErrorNotALoop) {
  FakeAws aws;
  aws.On("GET /", Answer{200, ReadData("api/s3/ListBuckets.response.paginated.xml")});
  SnapshotReader reader(LoopbackContext(aws.url()));
  auto buckets = reader.ListBuckets();
  ASSERT_FALSE(buckets.ok());
  EXPECT_NE(buckets.status().message().find("repeats an earlier continuation token"), std::string::npos);
}

}  // namespace
}  // namespace bucketwatch::aws
