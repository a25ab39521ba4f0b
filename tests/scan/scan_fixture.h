// Shared set-up of the scanner tests: a FakeS3 on loopback and contexts
// whose requests go through a TrafficControl to it, with no waiting
// between retries.
#ifndef BUCKETWATCH_TESTS_SCAN_SCAN_FIXTURE_H_
#define BUCKETWATCH_TESTS_SCAN_SCAN_FIXTURE_H_

#include <memory>
#include <string>

#include "aws/aws_context.h"
#include "aws/credentials_chain.h"
#include "scan/scanner.h"
#include "support/fake_s3.h"

namespace bucketwatch::scan::testing {

inline std::string PublicReadPolicy(const std::string& bucket) {
  return R"({"Version":"2012-10-17","Statement":[{"Sid":"PublicRead","Effect":"Allow","Principal":"*",)"
         R"("Action":"s3:GetObject","Resource":"arn:aws:s3:::)" +
         bucket + R"(/*"}]})";
}

inline std::string AccountReadPolicy(const std::string& bucket, const std::string& account) {
  return R"({"Version":"2012-10-17","Statement":[{"Sid":"Partner","Effect":"Allow","Principal":{"AWS":"arn:aws:iam::)" +
         account + R"(:root"},"Action":"s3:GetObject","Resource":"arn:aws:s3:::)" + bucket + R"(/*"}]})";
}

struct ScanFixture {
  bucketwatch::testing::FakeS3 s3;
  TrafficControl traffic;
  aws::TransportFactory inner;  // set to put a fake between the control and the network

  explicit ScanFixture(TrafficSettings settings = {.max_in_flight = 8}) : traffic(settings) {}

  std::shared_ptr<aws::AwsContext> Context(const std::string& access_key, const std::string& account_id = "",
                                           const std::string& region = "us-east-1") {
    aws::ClientConfig config;
    config.region = region;
    config.max_attempts = 3;
    config.timeout = std::chrono::milliseconds(3000);
    config.account_id = account_id;
    aws::EndpointUrl e = aws::ParseEndpointUrl(s3.url()).value();
    config.s3_endpoint = config.s3control_endpoint = config.sts_endpoint = config.organizations_endpoint = e;
    aws::Hooks hooks;
    hooks.transport = traffic.Factory(inner);
    hooks.sleep = [](std::chrono::milliseconds) {};
    hooks.random = [] { return 0.5; };
    aws::Credentials creds{.access_key_id = access_key, .secret_access_key = "fake-secret", .source = "test"};
    return std::make_shared<aws::AwsContext>(config, std::make_unique<aws::StaticCredentialsProvider>(creds),
                                             std::move(hooks));
  }

  ScanReport Run(std::shared_ptr<aws::AwsContext> base, std::vector<AccountTarget> targets = {},
                 ScanSettings settings = {}) {
    if (settings.concurrency == 64) settings.concurrency = 4;
    Scanner scanner(std::move(base), std::move(targets), std::move(settings), &traffic);
    return scanner.Run();
  }
};

inline const BucketResult* Find(const ScanReport& r, const std::string& bucket) {
  for (const BucketResult& b : r.buckets) {
    if (b.bucket == bucket) return &b;
  }
  return nullptr;
}

}  // namespace bucketwatch::scan::testing

#endif  // BUCKETWATCH_TESTS_SCAN_SCAN_FIXTURE_H_
