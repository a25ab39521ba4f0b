#include "app/scan_alerts.h"

#include <utility>

#include "base/log.h"
#include "handler/settings.h"
#include "notify/slack_webhook.h"
#include "scan/slack_channel.h"

namespace bucketwatch::app {

Result<std::unique_ptr<scan::AlertChannel>> MakeScanAlertChannel(scan::PaceSettings* pace) {
  BW_ASSIGN_OR_RETURN(handler::Settings settings,
                      handler::LoadSettings(handler::ProcessEnvironment(), /*need_webhook=*/true));
  for (const std::string& w : settings.warnings) log::Warn("scan.notify_setting", {{"warning", w}});
  pace->retry.max_attempts = settings.retry.max_attempts;
  pace->retry.attempt_timeout = settings.retry.attempt_timeout;
  auto sink = std::make_unique<notify::SlackWebhook>(std::move(settings.webhook_url));
  return std::unique_ptr<scan::AlertChannel>(
      std::make_unique<scan::SlackScanChannel>(std::move(sink), std::move(settings.message)));
}

}  // namespace bucketwatch::app
