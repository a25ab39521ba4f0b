// What every AWS client of one bucketwatch run shares: the resolved
// configuration, one credentials cache, one retry quota, the clock-skew
// correction and what has been learnt about buckets and the account.
// Thread-safe; hold it in a shared_ptr and give each thread its own clients
// (S3Client, StsClient, ...), which own that thread's HTTP connections.
#ifndef BUCKETWATCH_AWS_AWS_CONTEXT_H_
#define BUCKETWATCH_AWS_AWS_CONTEXT_H_

#include <atomic>
#include <chrono>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <shared_mutex>
#include <string>

#include "aws/client_config.h"
#include "aws/credentials_chain.h"
#include "aws/environment.h"
#include "aws/retry.h"
#include "aws/transport.h"
#include "exposure/snapshot.h"

namespace bucketwatch::aws {

// What is known about the account the credentials belong to.
struct AccountFacts {
  std::string account_id;                                           // empty when it could not be learnt
  std::string unknown_reason;                                       // why, when empty
  exposure::Part<exposure::BlockPublicAccess> public_access_block;  // the account-level setting
};

// Seams for tests: where requests go, what time it is, how to wait.
struct Hooks {
  TransportFactory transport = CurlTransportFactory();
  std::function<Clock::time_point()> now = Clock::now;
  std::function<void(std::chrono::milliseconds)> sleep;  // default: std::this_thread::sleep_for
  std::function<double()> random;                        // default: uniform [0, 1)
};

class AwsContext {
 public:
  AwsContext(ClientConfig config, std::unique_ptr<CredentialsProvider> credentials, Hooks hooks = {});

  // The whole default setup: config and credentials chain from `options`,
  // the environment and the shared files. `env` must outlive the context. Fails on a bad setting (an
  // unknown profile, a malformed endpoint), not on missing credentials:
  // those are looked for at the first request.
  static Result<std::shared_ptr<AwsContext>> Create(const ClientOptions& options,
                                                    const Environment& env = Environment::Process(), Hooks hooks = {});

  const ClientConfig& config() const { return config_; }
  const SharedConfig& files() const { return *files_; }
  CachedCredentials& credentials() { return *credentials_; }
  RetryQuota& quota() { return quota_; }
  const RetrySettings& retry_settings() const { return retry_; }
  const Hooks& hooks() const { return hooks_; }

  Clock::time_point Now() const { return hooks_.now() + std::chrono::seconds(skew_seconds_.load()); }
  void SetClockSkew(std::chrono::seconds skew) { skew_seconds_.store(skew.count()); }
  void Sleep(std::chrono::milliseconds d) const;
  double Random() const;

  // bucket -> region, learnt from ListBuckets, GetBucketLocation and redirects.
  std::optional<std::string> BucketRegion(const std::string& bucket) const;
  void RememberBucketRegion(const std::string& bucket, const std::string& region);
  // Drops what is known of the bucket's region (a scan, once it is done with
  // a bucket, so that the cache does not grow with the number of buckets).
  void ForgetBucketRegion(const std::string& bucket);

  // The account's facts, computed once by whichever thread asks first (the
  // others wait): one STS and one S3 Control call per run, not per bucket.
  const AccountFacts& Account(const std::function<AccountFacts()>& compute) {
    std::call_once(account_once_, [&] { account_ = compute(); });
    return *account_;
  }

  void set_files(std::shared_ptr<const SharedConfig> files) { files_ = std::move(files); }

 private:
  ClientConfig config_;
  std::shared_ptr<const SharedConfig> files_ = std::make_shared<const SharedConfig>();
  std::unique_ptr<CachedCredentials> credentials_;
  RetrySettings retry_;
  RetryQuota quota_;
  Hooks hooks_;
  std::atomic<long long> skew_seconds_{0};
  mutable std::shared_mutex regions_mu_;
  std::map<std::string, std::string, std::less<>> regions_;
  std::once_flag account_once_;
  std::optional<AccountFacts> account_;
};

}  // namespace bucketwatch::aws

#endif  // BUCKETWATCH_AWS_AWS_CONTEXT_H_
