// bucketwatch handle: one EventBridge event from a file or standard input.
#include <cstdio>
#include <memory>

#include "app/commands.h"
#include "app/input.h"
#include "base/log.h"
#include "handler/aws_bucket_reader.h"
#include "handler/handler.h"
#include "notify/slack_webhook.h"

namespace bucketwatch::app {
namespace {

void PrintError(const std::string& message) {
  std::fprintf(stderr, "bucketwatch handle: error: %s\n", message.c_str());
}

void Print(const std::string& text) {
  std::fwrite(text.data(), 1, text.size(), stdout);
  std::fputc('\n', stdout);
}

}  // namespace

int RunHandle(const HandleOptions& options) {
  auto settings = handler::LoadSettings(handler::ProcessEnvironment(), !options.dry_run);
  if (!settings.ok()) {
    PrintError(settings.status().ToString());
    return kExitError;
  }
  for (const std::string& w : settings->warnings) log::Warn("config.warning", {{"message", w}});
  if (options.dry_run) settings->message.indent = 2;
  if (!options.dry_run) {
    Status resolved = handler::ResolveWebhookFromAws(*settings);
    if (!resolved.ok()) {
      PrintError(resolved.ToString());
      return kExitError;
    }
  }

  // Events are at most 1 MB (asynchronous invoke) or 6 MB (synchronous).
  auto text = ReadInput(options.file, size_t{8} << 20);
  if (!text.ok()) {
    PrintError(text.status().ToString());
    return kExitError;
  }
  std::unique_ptr<notify::Sink> sink;
  if (!options.dry_run) sink = std::make_unique<notify::SlackWebhook>(settings->webhook_url);
  handler::EventHandler handler(std::move(settings).value(), std::move(sink));
  // AWS is read only for the events that need it, with the environment's
  // region, endpoint and credentials.
  if (!options.no_rescan) handler::ReadFromAws(handler, options.dry_run);
  // A dry run writes nothing, so it compares with nothing either.
  if (!options.dry_run && !options.no_rescan) {
    Status opened = UseStateTable(handler);
    if (!opened.ok()) {
      PrintError(opened.ToString());
      return kExitError;
    }
  }
  Deadline deadline =
      options.timeout_seconds > 0 ? Deadline::In(std::chrono::seconds(options.timeout_seconds)) : Deadline::Never();
  handler::HandleResult result = handler.Handle(*text, deadline);

  if (result.failure == handler::Failure::kInvalidEvent) {
    std::string source = options.file == "-" ? "standard input" : options.file;
    PrintError(Status(result.error).WithSource(source).ToString());
    return kExitError;
  }
  if (options.dry_run) {
    for (const handler::AlertResult& a : result.alerts) Print(a.message.body);
  } else {
    Print(result.SummaryJson());
  }
  std::fflush(stdout);
  if (!result.ok()) {
    PrintError(result.error.ToString());
    return kExitUndelivered;
  }
  return result.needs_action() ? kExitExposed : kExitOk;
}

}  // namespace bucketwatch::app
