// Command-line parsing for every command. The only file that includes
// CLI11 (it costs seconds to compile).
#include <CLI/CLI.hpp>

#include <cstdlib>

#include "app/commands.h"

namespace bucketwatch::app {

int Main(int argc, char** argv) {
  // Deployed as a Lambda `bootstrap`: no arguments, the Runtime API in the
  // environment. Go straight to the loop; a cold start pays for nothing else.
  if (argc <= 1 && std::getenv("AWS_LAMBDA_RUNTIME_API") != nullptr) return RunLambda({});

  CLI::App app{"bucketwatch: catches Amazon S3 buckets that are readable or writable by the public"};
  app.require_subcommand(1);
  app.set_version_flag("--version", "bucketwatch 0.1.0");

  EvalOptions eval;
  CLI::App* eval_cmd = app.add_subcommand(
      "eval", "Judge bucket snapshots (files, '-' for standard input) and say who can do what, and why");
  eval_cmd->add_option("files", eval.files, "Snapshot files: one snapshot, a JSON array of them, or JSON Lines");
  eval_cmd->add_option("--format", eval.format, "Output: text (a table for people), json (an array), jsonl")
      ->check(CLI::IsMember({"text", "json", "jsonl"}));
  eval_cmd->add_flag("--examples", eval.examples, "Judge the example snapshots built into bucketwatch");
  eval_cmd->footer("Exit status: 0 nothing public, 1 something public or not judgeable, 2 usage or input error.");

  SnapshotOptions snapshot;
  CLI::App* snapshot_cmd = app.add_subcommand(
      "snapshot", "Read buckets' live access configuration from AWS and print it as snapshots for `eval`");
  snapshot_cmd->add_option("buckets", snapshot.buckets, "Buckets to read (default: every bucket of the account)");
  snapshot_cmd->add_option("--profile", snapshot.profile, "AWS profile (default: AWS_PROFILE, else \"default\")");
  snapshot_cmd->add_option("--region", snapshot.region,
                           "Region for ListBuckets, STS and S3 Control (default: AWS_REGION, AWS_DEFAULT_REGION, "
                           "the profile's region, us-east-1); each bucket is read in its own region");
  snapshot_cmd->add_option("--endpoint-url", snapshot.endpoint_url,
                           "Send S3, S3 Control and STS requests here (a local S3 such as Ceph RGW or MinIO); "
                           "buckets are then addressed path-style");
  snapshot_cmd->add_option("--account-id", snapshot.account_id,
                           "The buckets' 12-digit account id (default: asked of STS GetCallerIdentity)");
  snapshot_cmd->add_option("--format", snapshot.format, "Output: jsonl (one snapshot a line) or json (an array)")
      ->check(CLI::IsMember({"jsonl", "json"}));
  snapshot_cmd->add_option("--jobs", snapshot.jobs, "Buckets read at once")->check(CLI::Range(1, 64));
  snapshot_cmd->footer(
      "Output replays through `bucketwatch eval`: bucketwatch snapshot | bucketwatch eval -\n"
      "Exit status: 0 every bucket read (unreadable settings are marked unknown and warned about), 2 otherwise.");

  HandleOptions handle;
  CLI::App* handle_cmd = app.add_subcommand(
      "handle", "Handle one EventBridge event (AWS Config, GuardDuty, CloudTrail) and send its alert to Slack");
  handle_cmd->add_option("file", handle.file, "The event as JSON; '-' or nothing for standard input");
  handle_cmd->add_flag("--dry-run", handle.dry_run, "Print the Slack payload instead of sending it");
  handle_cmd->add_flag("--no-rescan", handle.no_rescan,
                       "Do not read buckets live for CloudTrail calls (they are reported as needing a rescan)");
  handle_cmd
      ->add_option("--timeout", handle.timeout_seconds, "Give up delivering after this many seconds (0: no limit)")
      ->check(CLI::Range(0, 3600));
  handle_cmd->footer(
      "Slack and message settings come from the environment: BUCKETWATCH_SLACK_WEBHOOK_URL (or WEB_HOOK_URL), "
      "BUCKETWATCH_ENV (or ENV), BUCKETWATCH_LANG=ja|en, CHANNEL, ... (docs/slack.md).\n"
      "Exit status: 0 nothing needing action, 1 an alert needing action, 2 unreadable event or bad configuration, "
      "3 not delivered.");

  LambdaOptions lambda;
  CLI::App* lambda_cmd =
      app.add_subcommand("lambda", "Run as an AWS Lambda custom runtime (the Runtime API loop); what `bootstrap` does");
  lambda_cmd->add_option("--runtime-api", lambda.runtime_api,
                         "host:port of the Runtime API (default: AWS_LAMBDA_RUNTIME_API)");
  lambda_cmd->add_option("--max-invocations", lambda.max_invocations, "Stop after this many events (0: never)")
      ->check(CLI::Range(0, 1000000));
  lambda_cmd->allow_extras();  // a bootstrap script may pass the function's handler name

  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    int code = app.exit(e);
    return code == 0 ? kExitOk : kExitError;
  }
  if (*eval_cmd) return RunEval(eval);
  if (*snapshot_cmd) return RunSnapshot(snapshot);

  if (*handle_cmd) return RunHandle(handle);
  if (*lambda_cmd) return RunLambda(lambda);
  return kExitError;
}

}  // namespace bucketwatch::app
