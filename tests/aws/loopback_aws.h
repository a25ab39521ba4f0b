// Helpers for tests that talk HTTP to loopback stand-ins of AWS endpoints
// (tests/support/loopback_server.h): a context whose S3, S3 Control and
// STS endpoints are the stand-in, with real libcurl, no waiting between
// retries, and short timeouts.
#ifndef BUCKETWATCH_TESTS_AWS_LOOPBACK_AWS_H_
#define BUCKETWATCH_TESTS_AWS_LOOPBACK_AWS_H_

#include <httplib.h>

#include <memory>
#include <string>
#include <vector>

#include "aws/aws_context.h"
#include "aws/credentials_chain.h"

namespace bucketwatch::aws::testing {

inline const Credentials kTestCredentials{.access_key_id = "AKIDLOOPBACKTEST0001",
                                          .secret_access_key = "loopback-secret-key-never-printed",
                                          .source = "test"};

struct LoopbackOptions {
  std::string region = "us-east-1";
  int max_attempts = 3;
  std::chrono::milliseconds timeout{1000};
  std::vector<long>* slept = nullptr;
};

inline std::shared_ptr<AwsContext> LoopbackContext(const std::string& url,
                                                   std::unique_ptr<CredentialsProvider> credentials = nullptr,
                                                   LoopbackOptions options = {}) {
  ClientConfig config;
  config.region = options.region;
  config.max_attempts = options.max_attempts;
  config.timeout = options.timeout;
  EndpointUrl e = ParseEndpointUrl(url).value();
  config.s3_endpoint = config.s3control_endpoint = config.sts_endpoint = e;
  Hooks hooks;
  std::vector<long>* slept = options.slept;
  hooks.sleep = [slept](std::chrono::milliseconds d) {
    if (slept != nullptr) slept->push_back(static_cast<long>(d.count()));
  };
  hooks.random = [] { return 0.5; };
  if (!credentials) credentials = std::make_unique<StaticCredentialsProvider>(kTestCredentials);
  return std::make_shared<AwsContext>(config, std::move(credentials), std::move(hooks));
}

// "us-east-1" from "AWS4-HMAC-SHA256 Credential=AKID/20260102/us-east-1/s3/aws4_request, ...".
inline std::string ScopeRegion(const httplib::Request& req) {
  std::string a = req.get_header_value("Authorization");
  size_t c = a.find("Credential=");
  if (c == std::string::npos) return "";
  size_t s1 = a.find('/', c);
  size_t s2 = a.find('/', s1 + 1);
  size_t s3 = a.find('/', s2 + 1);
  return a.substr(s2 + 1, s3 - s2 - 1);
}

inline std::string ScopeKey(const httplib::Request& req) {
  std::string a = req.get_header_value("Authorization");
  size_t c = a.find("Credential=");
  if (c == std::string::npos) return "";
  return a.substr(c + 11, a.find('/', c) - c - 11);
}

}  // namespace bucketwatch::aws::testing

#endif  // BUCKETWATCH_TESTS_AWS_LOOPBACK_AWS_H_
