// AWS credentials and the interface every credentials source implements.
//
// A Credentials value holds secrets: never log it, never put its secret or
// token in a message (Describe() is the safe way to name it).
#ifndef BUCKETWATCH_AWS_CREDENTIALS_H_
#define BUCKETWATCH_AWS_CREDENTIALS_H_

#include <chrono>
#include <optional>
#include <string>

#include "base/status.h"

namespace bucketwatch::aws {

using Clock = std::chrono::system_clock;

struct Credentials {
  std::string access_key_id;
  std::string secret_access_key;
  std::string session_token;  // empty for long-term keys
  std::optional<Clock::time_point> expiration;
  std::string source;      // where they came from, e.g. "environment", "profile audit (assume role)"
  std::string account_id;  // when the source says (container credentials, AWS_ACCOUNT_ID)

  // "AKIA...MPLE from environment": the key id shortened, never the secret.
  std::string Describe() const;
};

// A place credentials come from. Fetch() may do I/O (files, HTTP, a child
// process); it returns kNotFound when the source is simply not configured
// (so a chain moves on) and any other error when it is configured but
// broken (so a chain stops and says why).
class CredentialsProvider {
 public:
  virtual ~CredentialsProvider() = default;
  virtual Result<Credentials> Fetch() = 0;
  virtual std::string Name() const = 0;
};

// "AKIA************MPLE": enough to tell keys apart in a message.
std::string MaskAccessKeyId(std::string_view id);

}  // namespace bucketwatch::aws

#endif  // BUCKETWATCH_AWS_CREDENTIALS_H_
