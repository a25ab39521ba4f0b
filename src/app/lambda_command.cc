// bucketwatch lambda: the AWS Lambda custom runtime (the binary deployed as
// `bootstrap`). Configuration errors are reported to /init/error, so that
// Lambda shows them as the function's init failure.
#include <cstdio>
#include <cstdlib>
#include <memory>

#include "app/commands.h"
#include "base/log.h"
#include "handler/aws_bucket_reader.h"
#include "handler/handler.h"
#include "handler/lambda_invocation.h"
#include "lambda/loop.h"
#include "notify/slack_webhook.h"

namespace bucketwatch::app {

int RunLambda(const LambdaOptions& options) {
  std::string api = options.runtime_api;
  if (api.empty()) {
    const char* env = std::getenv("AWS_LAMBDA_RUNTIME_API");
    if (env != nullptr) api = env;
  }
  if (api.empty()) {
    std::fprintf(stderr,
                 "bucketwatch lambda: error: AWS_LAMBDA_RUNTIME_API is not set; this command runs inside AWS Lambda "
                 "(or a Runtime API emulator). To handle one event by hand, use `bucketwatch handle`.\n");
    return kExitError;
  }
  lambda::RuntimeClient client(api);
  auto settings = handler::LoadSettings(handler::ProcessEnvironment(), /*need_webhook=*/true);
  if (settings.ok()) {
    Status resolved = handler::ResolveWebhookFromAws(*settings);
    if (!resolved.ok()) settings = resolved;
  }
  if (!settings.ok()) {
    std::string message = settings.status().ToString();
    log::Error("lambda.config_invalid", {{"error", message}});
    Status posted = client.PostInitError({"Runtime.ConfigInvalid", message});
    if (!posted.ok()) log::Error("lambda.init_error_not_posted", {{"error", posted.ToString()}});
    return kExitError;
  }
  for (const std::string& w : settings->warnings) log::Warn("config.warning", {{"message", w}});
  log::Info("lambda.started", handler::ForLog(*settings));

  auto sink = std::make_unique<notify::SlackWebhook>(settings->webhook_url);
  handler::EventHandler handler(std::move(settings).value(), std::move(sink));
  // CloudTrail calls are judged by reading the bucket with the function's
  // role, in AWS_REGION, or another account's bucket with the member role
  // (docs/realtime.md, docs/deploy.md).
  handler::ReadFromAws(handler);
  Status opened = UseStateTable(handler);
  if (!opened.ok()) {
    log::Error("lambda.config_invalid", {{"error", opened.ToString()}});
    Status posted = client.PostInitError({"Runtime.ConfigInvalid", opened.ToString()});
    if (!posted.ok()) log::Error("lambda.init_error_not_posted", {{"error", posted.ToString()}});
    return kExitError;
  }
  lambda::LoopOptions loop;
  loop.max_invocations = options.max_invocations;
  return lambda::RunLoop(client, handler::ForLambda(handler), loop);
}

}  // namespace bucketwatch::app
