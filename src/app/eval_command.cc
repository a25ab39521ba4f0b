// bucketwatch eval: judge snapshots read from files or standard input.
//
// Streams: each snapshot is judged and written as soon as its document has
// been read, and what is written is flushed before the next block of input
// is waited for, so memory stays flat with the number of buckets (the text
// format keeps one table row per bucket for its column widths).
#include <cstdio>
#include <functional>
#include <iostream>

#include "app/commands.h"
#include "app/examples.h"
#include "app/input.h"
#include "base/json_writer.h"
#include "exposure/evaluator.h"
#include "exposure/snapshot_json.h"
#include "report/verdict_json.h"
#include "report/verdict_text.h"

namespace bucketwatch::app {
namespace {

void PrintError(const Status& status) { std::cerr << "bucketwatch eval: error: " << status.ToString() << "\n"; }

// Where verdicts go, in the chosen format, as they come.
class VerdictOutput {
 public:
  explicit VerdictOutput(const std::string& format)
      : format_(format == "json"    ? Format::kJson
                : format == "jsonl" ? Format::kJsonLines
                                    : Format::kText),
        writer_(format_ == Format::kJson ? 2 : -1) {
    if (format_ == Format::kJson) writer_.BeginArray();
  }

  void Add(const exposure::Snapshot& snapshot, const exposure::Verdict& verdict) {
    if (format_ == Format::kText) {
      text_.Add(snapshot, verdict);
      return;
    }
    report::WriteVerdictJson(writer_, snapshot, verdict);
    if (format_ == Format::kJsonLines) writer_.Raw("\n");
  }

  // What has been judged reaches the reader before more input is awaited:
  // one write per block of input, not per bucket.
  void Flush() {
    std::fwrite(writer_.text().data(), 1, writer_.text().size(), stdout);
    writer_.ClearText();
    std::fflush(stdout);
  }

  void Finish() {
    if (format_ == Format::kJson) {
      writer_.EndArray().Raw("\n");
    } else if (format_ == Format::kText && text_.size() > 0) {
      text_.Write(std::cout);
      std::cout.flush();
    }
    Flush();
  }

 private:
  enum class Format { kText, kJson, kJsonLines };

  Format format_;
  json::JsonWriter writer_;  // what it holds is written out by Flush
  report::TextReport text_;
};

// Judges each snapshot as it is read and hands the verdict on.
class Judge {
 public:
  explicit Judge(VerdictOutput& output) : output_(output) {}

  void Take(const exposure::Snapshot& snapshot, const std::string& source) {
    exposure::Verdict verdict = exposure::Evaluate(snapshot);
    exposed_ = exposed_ || verdict.exposed();
    // A policy that is not valid grammar is an input error, though the bucket
    // is still judged (cautiously) and reported.
    if (snapshot.policy.present()) {
      for (const exposure::Diagnostic& d : snapshot.policy.value().diagnostics) {
        if (d.severity != exposure::Diagnostic::Severity::kError) continue;
        Fail(InvalidInput(d.message, "/policy" + d.path).WithSource(source + " (bucket " + snapshot.bucket + ")"));
      }
    }
    output_.Add(snapshot, verdict);
  }

  void Fail(const Status& status) {
    PrintError(status);
    input_error_ = true;
  }

  int ExitCode() const {
    if (input_error_) return kExitError;
    return exposed_ ? kExitExposed : kExitOk;
  }

 private:
  VerdictOutput& output_;
  bool exposed_ = false;
  bool input_error_ = false;
};

}  // namespace

int RunEval(const EvalOptions& options) {
  VerdictOutput output(options.format);
  Judge judge(output);
  json::Parser parser;
  // One reader per input: each is a stream of its own.
  auto read = [&](const std::string& source, const std::function<Status(exposure::SnapshotReader&)>& feed) {
    exposure::SnapshotReader reader(
        parser, [&](exposure::Snapshot&& snapshot) { judge.Take(snapshot, source); },
        [&](Status s) { judge.Fail(std::move(s).WithSource(source)); },
        exposure::SnapshotOptions{.keep_policy_text = false});
    Status status = feed(reader);
    if (!status.ok()) {
      judge.Fail(status);
      return;
    }
    reader.Finish();
  };

  if (options.examples) {
    for (const Example& e : Examples()) {
      read("examples/" + std::string(e.name), [&](exposure::SnapshotReader& reader) {
        reader.Feed(e.json);
        return Status::Ok();
      });
    }
  }
  std::vector<std::string> files = options.files;
  if (files.empty() && !options.examples) files.push_back("-");
  for (const std::string& path : files) {
    read(path == "-" ? "standard input" : path, [&](exposure::SnapshotReader& reader) {
      return ReadInputBlocks(path, [&](std::string_view block) {
        reader.Feed(block);
        output.Flush();
        return true;
      });
    });
  }
  output.Finish();
  return judge.ExitCode();
}

}  // namespace bucketwatch::app
