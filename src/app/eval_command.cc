// bucketwatch eval: judge snapshots read from files or standard input.
#include <iostream>

#include "app/commands.h"
#include "app/examples.h"
#include "app/input.h"
#include "exposure/evaluator.h"
#include "exposure/snapshot_json.h"
#include "report/verdict_json.h"
#include "report/verdict_text.h"

namespace bucketwatch::app {
namespace {

struct Loaded {
  std::string source;
  exposure::Snapshot snapshot;
};

void PrintError(const Status& status) { std::cerr << "bucketwatch eval: error: " << status.ToString() << "\n"; }

}  // namespace

int RunEval(const EvalOptions& options) {
  std::vector<Loaded> loaded;
  bool input_error = false;
  json::Parser parser;
  auto take = [&](std::string_view text, const std::string& source) {
    exposure::SnapshotBatch batch = exposure::ParseSnapshots(text, parser);
    for (Status& s : batch.errors) {
      PrintError(std::move(s).WithSource(source));
      input_error = true;
    }
    for (auto& snap : batch.snapshots) loaded.push_back({source, std::move(snap)});
  };

  if (options.examples) {
    for (const Example& e : Examples()) take(e.json, "examples/" + std::string(e.name));
  }
  std::vector<std::string> files = options.files;
  if (files.empty() && !options.examples) files.push_back("-");
  for (const std::string& path : files) {
    auto text = ReadInput(path);
    if (!text.ok()) {
      PrintError(text.status());
      input_error = true;
      continue;
    }
    take(*text, path == "-" ? "standard input" : path);
  }

  std::vector<exposure::Verdict> verdicts;
  verdicts.reserve(loaded.size());
  bool exposed = false;
  for (const Loaded& l : loaded) {
    verdicts.push_back(exposure::Evaluate(l.snapshot));
    exposed = exposed || verdicts.back().exposed();
    // A policy that is not valid grammar is an input error, though the bucket
    // is still judged (cautiously) and reported.
    if (l.snapshot.policy.present()) {
      for (const exposure::Diagnostic& d : l.snapshot.policy.value().diagnostics) {
        if (d.severity != exposure::Diagnostic::Severity::kError) continue;
        PrintError(InvalidInput(d.message, "/policy" + d.path).WithSource(l.source + " (bucket " + l.snapshot.bucket + ")"));
        input_error = true;
      }
    }
  }

  if (options.format == "text") {
    std::vector<report::Judged> judged;
    for (size_t i = 0; i < loaded.size(); ++i) judged.push_back({&loaded[i].snapshot, &verdicts[i]});
    if (!judged.empty()) report::WriteTextReport(std::cout, judged);
  } else if (options.format == "jsonl") {
    for (size_t i = 0; i < loaded.size(); ++i) {
      std::cout << report::Dump(report::VerdictToJson(loaded[i].snapshot, verdicts[i])) << "\n";
    }
  } else {
    nlohmann::ordered_json all = nlohmann::ordered_json::array();
    for (size_t i = 0; i < loaded.size(); ++i) all.push_back(report::VerdictToJson(loaded[i].snapshot, verdicts[i]));
    std::cout << report::Dump(all, 2) << "\n";
  }
  std::cout.flush();
  if (input_error) return kExitError;
  return exposed ? kExitExposed : kExitOk;
}

}  // namespace bucketwatch::app
