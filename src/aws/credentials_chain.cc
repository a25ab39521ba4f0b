#include "aws/credentials_chain.h"

#include "aws/timestamp.h"
#include "base/log.h"

namespace bucketwatch::aws {

std::string MaskAccessKeyId(std::string_view id) {
  if (id.size() < 8) return "****";
  return std::string(id.substr(0, 4)) + std::string(id.size() - 8, '*') + std::string(id.substr(id.size() - 4));
}

std::string Credentials::Describe() const {
  std::string s = MaskAccessKeyId(access_key_id);
  if (!source.empty()) s += " from " + source;
  return s;
}

Result<Credentials> CredentialsChain::Fetch() {
  if (chosen_ != nullptr) return chosen_->Fetch();
  std::string tried;
  for (auto& p : providers_) {
    auto c = p->Fetch();
    if (c.ok()) {
      chosen_ = p.get();
      log::Debug("aws.credentials", {{"source", c->source}, {"key", MaskAccessKeyId(c->access_key_id)}});
      return c;
    }
    if (c.status().code() != StatusCode::kNotFound) {
      return Status(c.status().code(), "credentials from " + p->Name() + ": " + c.status().message());
    }
    if (!tried.empty()) tried += "; ";
    tried += p->Name() + " (" + c.status().message() + ")";
  }
  return NotFound("no AWS credentials found. Tried, in order: " + tried);
}

CachedCredentials::CachedCredentials(std::unique_ptr<CredentialsProvider> inner, Now now)
    : inner_(std::move(inner)), now_(std::move(now)) {}

void CachedCredentials::Invalidate() {
  std::lock_guard lock(mu_);
  cached_.reset();
}

Result<Credentials> CachedCredentials::Fetch() {
  std::lock_guard lock(mu_);
  Clock::time_point now = now_();
  if (cached_ && (!cached_->expiration || *cached_->expiration - now > kAdvisoryRefresh)) return *cached_;
  auto fresh = inner_->Fetch();
  if (fresh.ok()) {
    if (fresh->expiration && *fresh->expiration <= now) {
      return Status(StatusCode::kPermissionDenied,
                    "the credentials from " + fresh->source + " expired at " + FormatIso8601(*fresh->expiration));
    }
    cached_ = *fresh;
    return fresh;
  }
  // A failed refresh may keep using what we have while enough of it is
  // left; AWS would otherwise be asked with credentials about to lapse.
  if (cached_ && *cached_->expiration - now > std::chrono::minutes(1)) {
    log::Warn("aws.credentials.refresh_failed", {{"source", cached_->source},
                                                 {"error", fresh.status().message()},
                                                 {"expires", FormatIso8601(*cached_->expiration)}});
    return *cached_;
  }
  return fresh;
}

}  // namespace bucketwatch::aws
