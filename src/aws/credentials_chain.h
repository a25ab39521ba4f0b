// Putting credential sources together: a chain that takes the first source
// that is configured (and says, when none is, what each one lacked), and a
// thread-safe cache that refreshes temporary credentials before they expire
// (botocore's windows: try to refresh 15 minutes before expiry, insist 10
// minutes before; docs/sources.md, "Credentials chain and shared config").
// One cache is shared by every thread of a scan; refreshes are serialised.
#ifndef BUCKETWATCH_AWS_CREDENTIALS_CHAIN_H_
#define BUCKETWATCH_AWS_CREDENTIALS_CHAIN_H_

#include <functional>
#include <memory>
#include <mutex>
#include <optional>
#include <vector>

#include "aws/credentials.h"

namespace bucketwatch::aws {

// Not thread-safe by itself: AwsContext always wraps it in CachedCredentials.
class CredentialsChain : public CredentialsProvider {
 public:
  explicit CredentialsChain(std::vector<std::unique_ptr<CredentialsProvider>> providers)
      : providers_(std::move(providers)) {}
  // The first provider that does not answer kNotFound decides; later calls
  // go straight to it. When all answer kNotFound the error lists each
  // provider and why.
  Result<Credentials> Fetch() override;
  std::string Name() const override { return "default credential chain"; }

 private:
  std::vector<std::unique_ptr<CredentialsProvider>> providers_;
  CredentialsProvider* chosen_ = nullptr;
};

class CachedCredentials : public CredentialsProvider {
 public:
  using Now = std::function<Clock::time_point()>;
  explicit CachedCredentials(std::unique_ptr<CredentialsProvider> inner, Now now = Clock::now);
  // Thread-safe.
  Result<Credentials> Fetch() override;
  std::string Name() const override { return inner_->Name(); }
  // Forgets the cached value (after AWS answered ExpiredToken).
  void Invalidate();

  static constexpr std::chrono::minutes kAdvisoryRefresh{15};
  static constexpr std::chrono::minutes kMandatoryRefresh{10};

 private:
  std::unique_ptr<CredentialsProvider> inner_;
  Now now_;
  std::mutex mu_;
  std::optional<Credentials> cached_;
};

// Credentials that never change (given in code or by a test).
class StaticCredentialsProvider : public CredentialsProvider {
 public:
  explicit StaticCredentialsProvider(Credentials c) : c_(std::move(c)) {}
  Result<Credentials> Fetch() override { return c_; }
  std::string Name() const override { return c_.source.empty() ? "static credentials" : c_.source; }

 private:
  Credentials c_;
};

}  // namespace bucketwatch::aws

#endif  // BUCKETWATCH_AWS_CREDENTIALS_CHAIN_H_
