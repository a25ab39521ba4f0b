// The commands of the `bucketwatch` program, each an options struct filled
// by main.cc's command-line parser and a Run function that returns the exit
// code (0 nothing public / success, 1 something public, 2 usage or input error).
#ifndef BUCKETWATCH_APP_COMMANDS_H_
#define BUCKETWATCH_APP_COMMANDS_H_

#include <string>
#include <vector>

#include "base/status.h"

namespace bucketwatch::handler {
class EventHandler;
}

namespace bucketwatch::app {

inline constexpr int kExitOk = 0;
inline constexpr int kExitExposed = 1;
inline constexpr int kExitError = 2;
// handle: the event was understood but its alert could not be delivered
// (Slack unreachable, refusing, or out of time). Worth retrying.
inline constexpr int kExitUndelivered = 3;

struct EvalOptions {
  std::vector<std::string> files;  // "-" or empty: standard input
  std::string format = "text";     // text | json | jsonl
  bool examples = false;           // judge the built-in example snapshots
};
int RunEval(const EvalOptions& options);

// check: CloudFormation templates judged before deployment (docs/check.md).
struct CheckOptions {
  std::vector<std::string> files;
  std::string format = "text";          // text | json | jsonl | sarif
  std::vector<std::string> parameters;  // KEY=VALUE
  std::string account_id;
  std::string account_bpa = "unknown";  // on | off | unknown | live
  std::string allow_file;               // buckets meant to be public (TOML, as scan's)
  // For --account-bpa live, as snapshot's and scan's.
  std::string profile;
  std::string region;
  std::string endpoint_url;
};
int RunCheck(const CheckOptions& options);

struct SnapshotOptions {
  std::vector<std::string> buckets;  // empty: every bucket of the account
  std::string profile;
  std::string region;
  std::string endpoint_url;
  std::string account_id;
  std::string format = "jsonl";  // jsonl (one snapshot a line) | json (an array)
  int jobs = 8;                  // buckets read at once
};
// Exit 0 when every bucket was read (parts that could not be read are
// "unknown" in the output and warned about on stderr), 2 otherwise.
int RunSnapshot(const SnapshotOptions& options);

struct ScanOptions {
  std::string profile;
  std::string region;
  std::string endpoint_url;
  std::string account_id;              // the base credentials' account, when STS cannot say
  std::vector<std::string> role_arns;  // a role to assume in each account
  std::string accounts_file;           // "account_id role_name" lines
  std::string organization_role;       // --organization ROLE_NAME: every account of the organization
  std::string external_id;             // sent with every AssumeRole
  int concurrency = 64;                // requests in flight at most
  std::string format = "table";        // table | json | jsonl | asff
  bool cross_check = false;            // also ask S3's GetBucketPolicyStatus
  bool notify = false;                 // Slack alerts for public buckets
  int notify_max = 100;                // bucket messages at most; the rest are in the summary
  std::string allow_file;              // buckets meant to be public (TOML)
};
// Exit 0 nothing public (beyond the allow-list), 1 something public, not
// judgeable or unreadable, 2 the scan could not run or could not cover an
// account, or its alerts could not be delivered.
int RunScan(const ScanOptions& options);
// handle: one event from a file or standard input; 0 nothing that needs
// action (fixed, compliant, ignored), 1 an alert that needs action
// (became public, ...), 2 unreadable event or bad configuration, 3 not delivered.
struct HandleOptions {
  std::string file = "-";
  bool dry_run = false;     // print the Slack payloads instead of sending them
  int timeout_seconds = 0;  // for the whole delivery; 0: none
  bool no_rescan = false;   // leave CloudTrail calls unjudged instead of reading the bucket live
};
int RunHandle(const HandleOptions& options);

// With BUCKETWATCH_STATE_TABLE set, the handler compares CloudTrail verdicts
// with that DynamoDB table (state/dynamodb_memory.h); a no-op without it.
// Errors: the table's client could not be set up (region, endpoint).
Status UseStateTable(handler::EventHandler& handler);

// lambda: the AWS Lambda Runtime API loop (also what runs when the binary
// is started as `bootstrap` with AWS_LAMBDA_RUNTIME_API set).
struct LambdaOptions {
  std::string runtime_api;  // host:port; empty: AWS_LAMBDA_RUNTIME_API
  int max_invocations = 0;  // 0: until the Runtime API goes away
};
int RunLambda(const LambdaOptions& options);

// Parses argv and runs the chosen command.
struct ServeOptions {
  std::string config_file;
  std::string ready_file;  // written with the port once listening (scripts, tests)
};
int RunServe(const ServeOptions& options);

// state init: create the DynamoDB table that Lambda, `handle` and `serve`
// replicas share (key pk, on-demand, TTL on expires_at: aws/state_table.h),
// or check an existing one. 0 the table is ready, 2 it could not be made
// ready or has another key schema.
struct StateInitOptions {
  std::string table;
  std::string profile;
  std::string region;
  std::string endpoint_url;
  int wait_seconds = 300;  // for the table to become ACTIVE
};
int RunStateInit(const StateInitOptions& options);

int Main(int argc, char** argv);

}  // namespace bucketwatch::app

#endif  // BUCKETWATCH_APP_COMMANDS_H_
