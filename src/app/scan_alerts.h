// The alert channel of `scan --notify`: the Slack incoming webhook and
// message settings of the event handler (docs/slack.md: the same
// environment variables), so that one configuration serves both.
#ifndef BUCKETWATCH_APP_SCAN_ALERTS_H_
#define BUCKETWATCH_APP_SCAN_ALERTS_H_

#include <memory>

#include "base/status.h"
#include "scan/alerts.h"

namespace bucketwatch::app {

// The channel configured by the environment, or why there is none (no
// webhook, a malformed one, an unknown language: the message names the
// variable, never the webhook). Sets pace->retry's attempts and timeout
// from the same settings as the event handler's.
Result<std::unique_ptr<scan::AlertChannel>> MakeScanAlertChannel(scan::PaceSettings* pace);

}  // namespace bucketwatch::app

#endif  // BUCKETWATCH_APP_SCAN_ALERTS_H_
