// An Alert as a Slack incoming-webhook payload: Block Kit blocks for the
// message and a plain-text fallback (`text`, shown in notifications and
// read by screen readers), in English or Japanese.
//
// Rendering never fails: every piece of outside text is escaped (& < >,
// docs/sources.md, "Slack mrkdwn escaping") and every block is cut to Block Kit's limits
// (50 blocks, header 150, section 3000, field 2000, 10 fields or context
// elements; docs/sources.md, "Slack Block Kit limits") with a "…" marker.
#ifndef BUCKETWATCH_NOTIFY_SLACK_MESSAGE_H_
#define BUCKETWATCH_NOTIFY_SLACK_MESSAGE_H_

#include <string>

#include "notify/alert.h"
#include "notify/blocks.h"
#include "notify/catalog.h"

namespace bucketwatch::notify {

SlackMessage RenderSlackMessage(const Alert& alert, const MessageOptions& options);

}  // namespace bucketwatch::notify

#endif  // BUCKETWATCH_NOTIFY_SLACK_MESSAGE_H_
