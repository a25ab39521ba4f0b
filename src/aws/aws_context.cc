#include "aws/aws_context.h"

#include <random>
#include <thread>

#include "aws/credential_sources.h"

namespace bucketwatch::aws {
namespace {

class NoCredentials : public CredentialsProvider {
 public:
  Result<Credentials> Fetch() override { return Internal("this client was made without a credentials source"); }
  std::string Name() const override { return "none"; }
};

}  // namespace

AwsContext::AwsContext(ClientConfig config, std::unique_ptr<CredentialsProvider> credentials, Hooks hooks)
    : config_(std::move(config)),
      credentials_(std::make_unique<CachedCredentials>(
          credentials ? std::move(credentials) : std::make_unique<NoCredentials>(), hooks.now)),
      retry_{.max_attempts = config_.max_attempts},
      quota_(retry_),
      hooks_(std::move(hooks)) {}

Result<std::shared_ptr<AwsContext>> AwsContext::Create(const ClientOptions& options, const Environment& env,
                                                       Hooks hooks) {
  BW_ASSIGN_OR_RETURN(SharedConfig loaded, SharedConfig::Load(env));
  auto files = std::make_shared<const SharedConfig>(std::move(loaded));
  BW_ASSIGN_OR_RETURN(ClientConfig config, ResolveClientConfig(options, env, *files));
  auto chain = DefaultCredentialsChain(config, files, env, hooks);
  auto ctx = std::make_shared<AwsContext>(config, std::move(chain), std::move(hooks));
  ctx->set_files(std::move(files));
  return ctx;
}

void AwsContext::Sleep(std::chrono::milliseconds d) const {
  if (hooks_.sleep) {
    hooks_.sleep(d);
  } else if (d.count() > 0) {
    std::this_thread::sleep_for(d);
  }
}

double AwsContext::Random() const {
  if (hooks_.random) return hooks_.random();
  thread_local std::mt19937_64 gen{std::random_device{}()};
  return std::uniform_real_distribution<double>(0.0, 1.0)(gen);
}

std::optional<std::string> AwsContext::BucketRegion(const std::string& bucket) const {
  std::shared_lock lock(regions_mu_);
  auto it = regions_.find(bucket);
  if (it == regions_.end()) return std::nullopt;
  return it->second;
}

void AwsContext::RememberBucketRegion(const std::string& bucket, const std::string& region) {
  std::unique_lock lock(regions_mu_);
  regions_[bucket] = region;
}

void AwsContext::ForgetBucketRegion(const std::string& bucket) {
  std::unique_lock lock(regions_mu_);
  regions_.erase(bucket);
}

}  // namespace bucketwatch::aws
