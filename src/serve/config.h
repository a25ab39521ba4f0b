// The daemon's configuration (`bucketwatch serve --config FILE`, docs/serve.md):
// a TOML file, with the environment overriding it (BUCKETWATCH_* names, and
// the old Lambda's WEB_HOOK_URL / CHANNEL / ENV). Every error names the file,
// the line and the key, or the variable.
//
// Slack settings are checked by handler::Interpret, the same rules as the
// Lambda function and `handle`: the file's [slack] table fills in what the
// environment (handler::FromEnvironment) does not set.
#ifndef BUCKETWATCH_SERVE_CONFIG_H_
#define BUCKETWATCH_SERVE_CONFIG_H_

#include <chrono>
#include <cstdint>
#include <functional>
#include <string>
#include <string_view>
#include <vector>

#include "aws/client_config.h"
#include "aws/secret_reference.h"
#include "base/status.h"
#include "handler/settings.h"

namespace bucketwatch::serve {

struct ServeConfig {
  // HTTP intake.
  std::string listen_address = "127.0.0.1";
  int listen_port = 8787;
  std::string shared_secret;  // a credential: never logged
  std::string secret_header = "X-Bucketwatch-Secret";
  size_t max_body_bytes = 256 * 1024;  // one EventBridge event is at most 256 KiB
  int max_connections = 512;
  // Slow clients (docs/serve.md, "In front of it"): one address holds at
  // most this many connections, and a request (headers and body) must
  // arrive whole within request_timeout of the connection being ready for
  // it, however steadily its bytes trickle in.
  int max_connections_per_client = 64;
  std::chrono::seconds request_timeout{10};
  int64_t max_inbox = 100000;  // refuse (503) above this many unhandled events
  int retry_after_seconds = 1;

  std::string store_path = "bucketwatch.db";
  // The DynamoDB state table several replicas share (`bucketwatch state
  // init`); empty: the bucket states are kept in the store alone.
  std::string state_table;

  // Scheduled full scan of the account; 0: off.
  std::chrono::seconds scan_interval{3600};
  // Other accounts the scheduled scan reads, each with slack.member_role.
  std::vector<std::string> scan_accounts;

  // Live reads of buckets (re-snapshots).
  aws::ClientOptions aws;
  int rescan_attempts = 8;  // a rescan that cannot read anything is retried this often, then reported

  handler::Settings slack;

  // SQS intake (docs/serve.md, "SQS"); off while queue_url is empty.
  struct Sqs {
    std::string queue_url;
    std::string region;        // empty: the queue URL's region, else [aws] region
    std::string endpoint_url;  // a stand-in or a VPC endpoint; empty: the queue URL's host
    int wait_seconds = 20;     // long polling
    int max_messages = 10;
    int visibility_timeout_seconds = 0;  // 0: the queue's own setting
  } sqs;

  // The settings as log fields, secrets left out.
  std::string Describe() const;
};

// Resolves a secret value that names where the secret is kept
// ("ssm:/name", "secretsmanager:id"); values without such a prefix are
// returned as they are.
using SecretResolver = std::function<Result<std::string>(std::string_view value, std::string_view key)>;
// Plain values only; a reference is an error that says so (for callers
// that must not reach AWS).
SecretResolver PlainSecrets();
// References resolved through AWS (aws::SecretResolver: SSM GetParameter
// WithDecryption, Secrets Manager GetSecretValue), the resolver made by
// `make` on the first reference only, so a configuration without
// references needs no AWS setup. Errors name the key and the reference,
// never the value.
SecretResolver AwsSecrets(std::function<Result<aws::SecretResolver>()> make);
// AwsSecrets over aws::SecretResolver::FromEnvironment().
SecretResolver AwsSecretsFromEnvironment();

// `source` names the text in errors ("serve.toml").
Result<ServeConfig> ParseServeConfig(std::string_view text, std::string_view source, const handler::Getenv& getenv,
                                     const SecretResolver& secrets);
Result<ServeConfig> LoadServeConfig(const std::string& path, const handler::Getenv& getenv,
                                    const SecretResolver& secrets);

}  // namespace bucketwatch::serve

#endif  // BUCKETWATCH_SERVE_CONFIG_H_
