// The commands of the `bucketwatch` program, each an options struct filled
// by main.cc's command-line parser and a Run function that returns the exit
// code (0 nothing public / success, 1 something public, 2 usage or input error).
#ifndef BUCKETWATCH_APP_COMMANDS_H_
#define BUCKETWATCH_APP_COMMANDS_H_

#include <string>
#include <vector>

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

// lambda: the AWS Lambda Runtime API loop (also what runs when the binary
// is started as `bootstrap` with AWS_LAMBDA_RUNTIME_API set).
struct LambdaOptions {
  std::string runtime_api;  // host:port; empty: AWS_LAMBDA_RUNTIME_API
  int max_invocations = 0;  // 0: until the Runtime API goes away
};
int RunLambda(const LambdaOptions& options);

// Parses argv and runs the chosen command.
int Main(int argc, char** argv);

}  // namespace bucketwatch::app

#endif  // BUCKETWATCH_APP_COMMANDS_H_
