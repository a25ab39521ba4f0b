// Command-line parsing for every command. The only file that includes
// CLI11 (it costs seconds to compile).
#include <CLI/CLI.hpp>

#include <cstdlib>

#include "app/commands.h"

namespace bucketwatch::app {
namespace {

// --profile, --region and --endpoint-url, with the same names, meaning and
// defaults for every command that reads AWS: they fill aws::ClientOptions,
// which aws::AwsContext::Create resolves with the environment and the shared
// files (docs/aws.md). The texts say which requests the region and the
// endpoint steer for this command.
void AddAwsOptions(CLI::App* cmd, std::string& profile, std::string& region, std::string& endpoint_url,
                   const std::string& region_help, const std::string& endpoint_help) {
  cmd->add_option("--profile", profile, "AWS profile (default: AWS_PROFILE, else \"default\")");
  cmd->add_option("--region", region, region_help);
  cmd->add_option("--endpoint-url", endpoint_url, endpoint_help);
}

// The defaults of --region for S3 and STS, the commands that read buckets.
constexpr char kRegionDefaults[] = " (default: AWS_REGION, AWS_DEFAULT_REGION, the profile's region, us-east-1)";

}  // namespace

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

  CheckOptions check;
  CLI::App* check_cmd = app.add_subcommand(
      "check",
      "Judge the buckets CloudFormation templates (YAML or JSON) and Terraform plans or states (terraform show "
      "-json) would create or change, before deploying them");
  check_cmd->add_option("files", check.files, "Templates, plans or states ('-' for standard input)")->required();
  check_cmd->add_option("--format", check.format, "Output: text (a table for people), json (an array), jsonl, sarif")
      ->check(CLI::IsMember({"text", "json", "jsonl", "sarif"}));
  check_cmd->add_option("--allow", check.allow_file,
                        "Allow-list (TOML, as for scan): buckets meant to be public, by name, logical id or address");
  // One value per --parameter, so that the files may follow it.
  check_cmd->add_option("--parameter", check.parameters, "A template parameter's value, KEY=VALUE (repeatable)")
      ->allow_extra_args(false);
  check_cmd->add_option("--account-id", check.account_id, "The account the stack is deployed in (AWS::AccountId)");
  check_cmd
      ->add_option("--account-bpa", check.account_bpa,
                   "Account-level Block Public Access: on, off, unknown (judged as off, with a warning), or live "
                   "(read from AWS with the credentials of the environment; unknown when it cannot be read)")
      ->check(CLI::IsMember({"on", "off", "unknown", "live"}));
  AddAwsOptions(check_cmd, check.profile, check.region, check.endpoint_url,
                std::string("With --account-bpa live: region for STS and S3 Control") + kRegionDefaults,
                "With --account-bpa live: send STS and S3 Control requests here (a local stand-in)");
  check_cmd->footer(
      "Exit status: 0 nothing public, 1 something public or not judgeable, 2 usage or input error "
      "(the other buckets are still judged).");

  SnapshotOptions snapshot;
  CLI::App* snapshot_cmd = app.add_subcommand(
      "snapshot", "Read buckets' live access configuration from AWS and print it as snapshots for `eval`");
  snapshot_cmd->add_option("buckets", snapshot.buckets, "Buckets to read (default: every bucket of the account)");
  AddAwsOptions(snapshot_cmd, snapshot.profile, snapshot.region, snapshot.endpoint_url,
                std::string("Region for ListBuckets, STS and S3 Control") + kRegionDefaults +
                    "; each bucket is read in its own region",
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

  ScanOptions scan;
  CLI::App* scan_cmd = app.add_subcommand(
      "scan", "List every bucket of an account (or of many), judge them all at once, and report what is public");
  AddAwsOptions(scan_cmd, scan.profile, scan.region, scan.endpoint_url,
                std::string("Region for ListBuckets, STS, S3 Control and Security Hub findings") + kRegionDefaults +
                    "; each bucket is read in its own region",
                "Send every request here (a local S3 such as Ceph RGW or MinIO); buckets are then "
                "addressed path-style");
  scan_cmd->add_option("--account-id", scan.account_id,
                       "The 12-digit account id of the credentials (default: asked of STS GetCallerIdentity)");
  scan_cmd->add_option("--role-arn", scan.role_arns, "Assume this role and scan its account (repeatable)");
  scan_cmd->add_option("--accounts-file", scan.accounts_file,
                       "Scan every account of this file: one \"account_id role_name\" a line, # comments");
  scan_cmd
      ->add_option("--organization", scan.organization_role,
                   "Scan every active account of the AWS Organization, assuming ROLE_NAME in each "
                   "(the credentials' own account is scanned with them directly)")
      ->type_name("ROLE_NAME");
  scan_cmd->add_option("--external-id", scan.external_id, "ExternalId sent with every AssumeRole");
  scan_cmd->add_option("--concurrency", scan.concurrency, "Requests in flight at most (halved while AWS throttles)")
      ->check(CLI::Range(1, 256));
  scan_cmd
      ->add_option("--format", scan.format,
                   "Output: table (for people), json (one document), jsonl (one object a line), "
                   "asff (AWS Security Hub findings for BatchImportFindings)")
      ->check(CLI::IsMember({"table", "json", "jsonl", "asff"}));
  scan_cmd->add_flag("--cross-check", scan.cross_check,
                     "Also ask S3's GetBucketPolicyStatus and report where its IsPublic and bucketwatch disagree");
  scan_cmd->add_flag("--notify", scan.notify,
                     "Send a Slack alert for each public bucket, then a summary (webhook from "
                     "BUCKETWATCH_SLACK_WEBHOOK_URL)");
  scan_cmd
      ->add_option("--notify-max", scan.notify_max,
                   "Alerts of their own for at most this many public buckets; the rest are counted in the summary")
      ->check(CLI::Range(0, 10000));
  scan_cmd->add_option("--allow", scan.allow_file,
                       "Allow-list (TOML) of buckets meant to be public, each with a reason and an optional expiry");
  scan_cmd->footer(
      "Exit status: 0 nothing public (beyond the allow-list), 1 something public, not judgeable or unreadable,\n"
      "2 the scan could not run, an account could not be scanned, or alerts could not be delivered.");
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

  ServeOptions serve;
  CLI::App* serve_cmd = app.add_subcommand(
      "serve", "Run the daemon: take events over HTTP, re-read and judge buckets, send changes to Slack");
  serve_cmd->add_option("--config", serve.config_file, "The configuration file (TOML; docs/serve.md)")->required();
  serve_cmd->add_option("--ready-file", serve.ready_file, "Write the listening port to this file once ready");

  StateInitOptions state_init;
  CLI::App* state_cmd =
      app.add_subcommand("state", "The DynamoDB table that Lambda, `handle` and `serve` replicas share as state");
  state_cmd->require_subcommand(1);
  CLI::App* state_init_cmd = state_cmd->add_subcommand(
      "init", "Create the state table (key pk, a string; on-demand; TTL on expires_at), or check an existing one");
  state_init_cmd->add_option("--table", state_init.table, "The table's name")->required();
  AddAwsOptions(state_init_cmd, state_init.profile, state_init.region, state_init.endpoint_url,
                std::string("Region of the table") + kRegionDefaults,
                "Send DynamoDB requests here (default: AWS_ENDPOINT_URL_DYNAMODB, AWS_ENDPOINT_URL, "
                "the profile's, else AWS's own)");
  state_init_cmd->add_option("--wait", state_init.wait_seconds, "Seconds to wait for the table to become ACTIVE")
      ->check(CLI::Range(1, 3600));
  state_init_cmd->footer(
      "Exit status: 0 the table is ready (created, or already there with the right key schema), 2 it could not be "
      "made ready or has another key schema.");

  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    int code = app.exit(e);
    return code == 0 ? kExitOk : kExitError;
  }
  if (*eval_cmd) return RunEval(eval);
  if (*check_cmd) return RunCheck(check);
  if (*snapshot_cmd) return RunSnapshot(snapshot);
  if (*scan_cmd) return RunScan(scan);
  if (*handle_cmd) return RunHandle(handle);
  if (*lambda_cmd) return RunLambda(lambda);
  if (*serve_cmd) return RunServe(serve);
  if (*state_init_cmd) return RunStateInit(state_init);
  return kExitError;
}

}  // namespace bucketwatch::app
