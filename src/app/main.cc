// Command-line parsing for every command. The only file that includes
// CLI11 (it costs seconds to compile).
#include <CLI/CLI.hpp>

#include "app/commands.h"

namespace bucketwatch::app {

int Main(int argc, char** argv) {
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

  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    int code = app.exit(e);
    return code == 0 ? kExitOk : kExitError;
  }
  if (*eval_cmd) return RunEval(eval);
  return kExitError;
}

}  // namespace bucketwatch::app
