// Settings resolution, endpoints and addressing, and the standard retry rules
// (docs/sources.md: "Credentials chain and shared config", "Endpoint overrides",
// "S3 regions and redirects", "Retries").
#include <gtest/gtest.h>

#include "aws/client_config.h"
#include "aws/endpoints.h"
#include "aws/retry.h"
#include "aws/shared_config.h"
#include "test_files.h"

namespace bucketwatch::aws {
namespace {

SharedConfig Files(std::string config, std::string credentials = "") {
  return SharedConfig::Parse(config, credentials).value();
}

TEST(SharedConfig, ReadsTheExampleFileWithProfilesServicesAndNestedKeys) {
  SharedConfig f = Files(testing::ReadData("api/credentials/shared-config.example.ini"));
  EXPECT_TRUE(f.HasProfile("default"));
  EXPECT_TRUE(f.HasProfile("audit"));
  EXPECT_EQ(f.Get("default", "region"), "ap-northeast-1");
  EXPECT_EQ(f.Get("audit", "source_profile"), "audit-base");
  EXPECT_EQ(f.ServiceSetting("local", "s3", "endpoint_url"), "http://127.0.0.1:9000");
  EXPECT_EQ(f.ServiceSetting("local", "sts", "endpoint_url"), "http://127.0.0.1:9001");
  EXPECT_EQ(f.ServiceSetting("default", "s3", "endpoint_url"), std::nullopt);
}

TEST(SharedConfig, CredentialsFileSectionsHaveNoProfilePrefixAndBadLinesAreErrors) {
  SharedConfig f = Files("[profile a]\nregion = eu-west-1\n", "[a]\naws_access_key_id = K\n# comment\n; also\n");
  EXPECT_EQ(f.GetFromCredentialsFile("a", "aws_access_key_id"), "K");
  EXPECT_EQ(f.GetFromConfigFile("a", "aws_access_key_id"), std::nullopt);
  auto bad = SharedConfig::Parse("[default]\nthis is not a setting\n", "", "/home/u/.aws/config");
  ASSERT_FALSE(bad.ok());
  EXPECT_EQ(bad.status().ToString(), "/home/u/.aws/config: line 2: expected \"[section]\" or \"key = value\"");
  EXPECT_FALSE(SharedConfig::Parse("region = x\n", "").ok());
}

TEST(ClientConfig, RegionOrderFlagThenAwsRegionThenDefaultRegionThenProfile) {
  SharedConfig f = Files("[default]\nregion = ap-northeast-1\n");
  MapEnvironment env({{"AWS_DEFAULT_REGION", "eu-west-1"}, {"AWS_REGION", "us-west-2"}});
  EXPECT_EQ(ResolveClientConfig({.region = "sa-east-1"}, env, f)->region, "sa-east-1");
  EXPECT_EQ(ResolveClientConfig({}, env, f)->region, "us-west-2");
  EXPECT_EQ(ResolveClientConfig({}, MapEnvironment({{"AWS_DEFAULT_REGION", "eu-west-1"}}), f)->region, "eu-west-1");
  EXPECT_EQ(ResolveClientConfig({}, MapEnvironment(), f)->region, "ap-northeast-1");
  EXPECT_EQ(ResolveClientConfig({}, MapEnvironment(), Files(""))->region, "us-east-1");
  EXPECT_FALSE(ResolveClientConfig({.region = "us-east-1/../x"}, env, f).ok());
}

TEST(ClientConfig, EndpointOrderFlagThenServiceEnvThenGlobalEnvThenProfile) {
  SharedConfig f = Files(testing::ReadData("api/credentials/shared-config.example.ini"));
  MapEnvironment env(
      {{"AWS_ENDPOINT_URL", "http://127.0.0.1:1111"}, {"AWS_ENDPOINT_URL_S3", "http://127.0.0.1:2222/"}});
  auto c = ResolveClientConfig({}, env, f);
  ASSERT_TRUE(c.ok());
  EXPECT_EQ(c->s3_endpoint.Base(), "http://127.0.0.1:2222");
  EXPECT_EQ(c->sts_endpoint.Base(), "http://127.0.0.1:1111");
  EXPECT_EQ(ResolveClientConfig({.endpoint_url = "https://s3.example:443"}, env, f)->s3_endpoint.Base(),
            "https://s3.example");
  auto local = ResolveClientConfig({.profile = "local"}, MapEnvironment(), f);
  EXPECT_EQ(local->s3_endpoint.Base(), "http://127.0.0.1:9000");
  EXPECT_EQ(local->sts_endpoint.Base(), "http://127.0.0.1:9001");
  EXPECT_TRUE(local->s3control_endpoint.empty());
  MapEnvironment ignore(
      {{"AWS_ENDPOINT_URL", "http://127.0.0.1:1111"}, {"AWS_IGNORE_CONFIGURED_ENDPOINT_URLS", "true"}});
  EXPECT_TRUE(ResolveClientConfig({}, ignore, f)->s3_endpoint.empty());
  auto bad = ResolveClientConfig({}, MapEnvironment({{"AWS_ENDPOINT_URL_S3", "ftp://x"}}), f);
  ASSERT_FALSE(bad.ok());
  EXPECT_EQ(bad.status().where(), "AWS_ENDPOINT_URL_S3");
}

TEST(ClientConfig, MaxAttemptsAndAccountIdAreValidated) {
  SharedConfig f = Files("[default]\nmax_attempts = 5\n");
  EXPECT_EQ(ResolveClientConfig({}, MapEnvironment(), f)->max_attempts, 5);
  EXPECT_EQ(ResolveClientConfig({}, MapEnvironment({{"AWS_MAX_ATTEMPTS", "2"}}), f)->max_attempts, 2);
  EXPECT_FALSE(ResolveClientConfig({}, MapEnvironment({{"AWS_MAX_ATTEMPTS", "lots"}}), f).ok());
  EXPECT_FALSE(ResolveClientConfig({.account_id = "1234"}, MapEnvironment(), f).ok());
}

// Virtual-hosted by default, path-style for dotted or non-DNS names and custom endpoints
// (docs/sources.md, "S3 regions and redirects").
TEST(Endpoints, AddressingStyleAndHosts) {
  ClientConfig c;
  Target t = S3BucketTarget(c, "example-bucket-1", "ap-northeast-1");
  EXPECT_EQ(t.base, "https://example-bucket-1.s3.ap-northeast-1.amazonaws.com");
  EXPECT_EQ(t.path, "/");
  t = S3BucketTarget(c, "example-bucket-1", "us-east-1");
  EXPECT_EQ(t.host, "example-bucket-1.s3.amazonaws.com");
  t = S3BucketTarget(c, "www.example.com", "eu-west-1");
  EXPECT_EQ(t.host, "s3.eu-west-1.amazonaws.com");
  EXPECT_EQ(t.path, "/www.example.com");
  t = S3BucketTarget(c, "Legacy_Bucket", "us-east-1");
  EXPECT_EQ(t.path, "/Legacy_Bucket");
  t = S3BucketTarget(c, "b", "cn-north-1");
  EXPECT_EQ(t.host, "s3.cn-north-1.amazonaws.com.cn");
  c.s3_endpoint = ParseEndpointUrl("http://127.0.0.1:18080/prefix/").value();
  t = S3BucketTarget(c, "b-1", "default");
  EXPECT_EQ(t.base, "http://127.0.0.1:18080");
  EXPECT_EQ(t.path, "/prefix/b-1");
  EXPECT_EQ(t.signing_region, "default");
  Target control = S3ControlTarget(ClientConfig{}, "123456789012", "ap-northeast-1");
  EXPECT_EQ(control.host, "123456789012.s3-control.ap-northeast-1.amazonaws.com");
  EXPECT_EQ(StsTarget(ClientConfig{}, "ap-northeast-1").host, "sts.ap-northeast-1.amazonaws.com");
  EXPECT_EQ(StsTarget(ClientConfig{}, "").signing_region, "us-east-1");
}

// Which failures are retried (docs/sources.md, "Retries").
TEST(RetryRules, ClassificationBackoffAndQuota) {
  EXPECT_EQ(ClassifyResponse(503, "SlowDown"), RetryKind::kThrottle);
  EXPECT_EQ(ClassifyResponse(400, "Throttling"), RetryKind::kThrottle);
  EXPECT_EQ(ClassifyResponse(400, "RequestTimeout"), RetryKind::kTransient);
  for (long s : {500L, 502L, 503L, 504L}) EXPECT_EQ(ClassifyResponse(s, ""), RetryKind::kTransient);
  for (const char* code : {"AccessDenied", "NoSuchBucket", "NoSuchBucketPolicy", "InvalidArgument"}) {
    EXPECT_EQ(ClassifyResponse(403, code), RetryKind::kNone) << code;
  }
  EXPECT_EQ(ClassifyTransport(Status(StatusCode::kUnavailable, "GET x: Operation timed out after 1000 ms")),
            RetryKind::kTimeout);
  EXPECT_EQ(ClassifyTransport(Status(StatusCode::kUnavailable, "GET x: Connection refused")), RetryKind::kTransient);
  EXPECT_EQ(ClassifyTransport(Status(StatusCode::kIoError, "GET x: SSL certificate problem")), RetryKind::kNone);

  RetrySettings s;
  EXPECT_EQ(Backoff(1, 0.999, s).count(), 999);
  EXPECT_EQ(Backoff(3, 0.5, s).count(), 2000);
  EXPECT_EQ(Backoff(10, 0.999, s).count(), 19980);  // capped at 20 s
  EXPECT_EQ(Backoff(2, 0.0, s).count(), 0);

  RetryQuota q(s);
  int cost = 0;
  ASSERT_TRUE(q.Acquire(RetryKind::kTimeout, cost));
  EXPECT_EQ(cost, 10);
  ASSERT_TRUE(q.Acquire(RetryKind::kThrottle, cost));
  EXPECT_EQ(cost, 5);
  EXPECT_EQ(q.available(), 485);
  q.OnSuccess(15);
  EXPECT_EQ(q.available(), 500);
  q.OnSuccess(0);
  EXPECT_EQ(q.available(), 500);  // never above the start
}

}  // namespace
}  // namespace bucketwatch::aws
