#include "app/scan_alerts.h"

namespace bucketwatch::app {

// Slack delivery (src/notify/) is being built on its own branch; until it
// is merged, --notify says so rather than pretending to send.
Result<std::unique_ptr<scan::AlertChannel>> MakeScanAlertChannel() {
  return Status(StatusCode::kInternal, "--notify needs the Slack delivery of src/notify/, which this build lacks");
}

}  // namespace bucketwatch::app
