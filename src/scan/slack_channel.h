// `scan --notify` through Slack: each public bucket becomes a notify::Alert
// ("S3 bucket is public", what is open to whom and which statement or grant
// opens it) rendered by the same Block Kit code as the event handler's
// alerts, and the scan's summary becomes one message of its own; both in
// English or Japanese. They go to a notify::Sink (the Slack webhook);
// scan::SendAlerts paces and retries.
#ifndef BUCKETWATCH_SCAN_SLACK_CHANNEL_H_
#define BUCKETWATCH_SCAN_SLACK_CHANNEL_H_

#include <memory>
#include <string>

#include "notify/alert.h"
#include "notify/delivery.h"
#include "notify/slack_message.h"
#include "scan/alerts.h"

namespace bucketwatch::scan {

// The alert about one public bucket (standing kPublic), with a note when
// an expired allow-list entry no longer allows it.
notify::Alert BucketAlert(const BucketResult& bucket);

// The summary as a Slack payload: counts, accounts that could not be
// scanned, buckets that could not be judged or read, expired allow-list
// entries, and how many public buckets had no message of their own.
notify::SlackMessage RenderScanSummary(const ScanReport& report, size_t not_sent,
                                       const notify::MessageOptions& options);

class SlackScanChannel final : public AlertChannel {
 public:
  SlackScanChannel(std::unique_ptr<notify::Sink> sink, notify::MessageOptions options);
  std::string BucketMessage(const BucketResult& bucket) override;
  std::string SummaryMessage(const ScanReport& report, size_t not_sent) override;
  notify::Sink& sink() override { return *sink_; }

 private:
  std::unique_ptr<notify::Sink> sink_;
  notify::MessageOptions options_;
};

}  // namespace bucketwatch::scan

#endif  // BUCKETWATCH_SCAN_SLACK_CHANNEL_H_
