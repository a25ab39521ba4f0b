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
#include "notify/catalog.h"

namespace bucketwatch::notify {

struct MessageOptions {
  Lang lang = Lang::kEn;
  std::string env_label;  // the account's environment name (ENV), shown with the account
  // Fields honoured only by legacy (custom-integration) webhooks; a webhook
  // created by a Slack app posts to its own channel under its own name and
  // ignores them. Sent when set.
  std::string channel;
  std::string username;
  std::string icon_emoji;
  std::string icon_url;
  int indent = -1;  // JSON layout of the body: -1 one line (sent), 2 for people (--dry-run)
};

// Block Kit limits (Slack Block Kit reference; shared/testdata/slack/limits.json).
struct SlackLimits {
  static constexpr size_t kBlocks = 50;
  static constexpr size_t kHeaderChars = 150;
  static constexpr size_t kSectionChars = 3000;
  static constexpr size_t kFieldChars = 2000;
  static constexpr size_t kFields = 10;
  static constexpr size_t kContextElements = 10;
  static constexpr size_t kContextChars = 2000;   // per element; undocumented, kept below the section limit
  static constexpr size_t kFallbackChars = 4000;  // Slack's recommended maximum for `text`
  static constexpr size_t kCauseBlocks = 20;      // statements or grants listed one by one
};

struct SlackMessage {
  std::string body;  // the JSON to POST
  std::string text;  // the fallback text (also useful in logs)
  size_t blocks = 0;
};

SlackMessage RenderSlackMessage(const Alert& alert, const MessageOptions& options);

}  // namespace bucketwatch::notify

#endif  // BUCKETWATCH_NOTIFY_SLACK_MESSAGE_H_
