// The alert channel of `scan --notify`: where scan::SendAlerts sends its
// messages. Kept apart from the command so that the Slack delivery can be
// swapped without touching it.
#ifndef BUCKETWATCH_APP_SCAN_ALERTS_H_
#define BUCKETWATCH_APP_SCAN_ALERTS_H_

#include <memory>

#include "base/status.h"
#include "scan/alerts.h"

namespace bucketwatch::app {

// The channel configured by the environment (the webhook and language
// variables of docs/scan.md), or why there is none.
Result<std::unique_ptr<scan::AlertChannel>> MakeScanAlertChannel();

}  // namespace bucketwatch::app

#endif  // BUCKETWATCH_APP_SCAN_ALERTS_H_
