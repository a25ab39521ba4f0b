// The Block Kit pieces every Slack message of bucketwatch is made of: the
// blocks, each cut to Block Kit's limits (50 blocks, header 150, section
// 3000, field 2000, 10 fields or context elements; docs/sources.md, "Slack
// Block Kit limits") with a "…" marker, and the webhook payload around them.
// Alerts (slack_message.h) and the scan summary (scan_summary.h) both build
// on it, so they look and are cut alike.
#ifndef BUCKETWATCH_NOTIFY_BLOCKS_H_
#define BUCKETWATCH_NOTIFY_BLOCKS_H_

#include <string>
#include <string_view>
#include <vector>

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
  // The same message marked as a possible repeat (a context block first and
  // a line before the text, in the message's language): what is sent again
  // after an attempt that may have reached Slack (the daemon stopped
  // mid-send; a Lambda invocation failed after its POST), so that at most one
  // copy goes out unmarked. Whoever keeps a message to send later keeps both.
  std::string repeat_body;
  std::string text;  // the fallback text (also useful in logs)
  size_t blocks = 0;
};

// What to send again after an attempt that may have reached Slack: the
// marked copy kept with `payload`; a message kept by a version that kept no
// marked copy (empty `repeat_payload`) goes as it was, and the log says so.
std::string_view PayloadToRepeat(std::string_view key, std::string_view payload, std::string_view repeat_payload);

// A header line: the mark, the environment label when it is plain text
// (plain_text is shown as typed, so a label with markup is left to the
// fields), then the title.
std::string HeaderLine(std::string_view mark, std::string_view title, const MessageOptions& options);

// Collects blocks and keeps every one within Block Kit's limits.
class Blocks {
 public:
  Blocks() { blocks_.reserve(16); }

  void Header(std::string plain);
  void Section(std::string mrkdwn);  // an empty one is left out
  void Fields(std::vector<std::string> fields);
  void Context(std::vector<std::string> elements);
  // Cuts to the block limit less the one a repeat's mark takes, keeping the
  // last `keep_last` blocks (the footer) and saying how many were left out.
  void Limit(std::string_view more_template, size_t keep_last);
  size_t size() const { return blocks_.size(); }

  // The payload: the fallback `text` (shown in notifications, read by
  // screen readers), the blocks, and the fields of `options`.
  SlackMessage Message(std::string text, const MessageOptions& options) const;

 private:
  struct Block {
    enum class Type : uint8_t { kHeader, kSection, kFields, kContext };
    Type type = Type::kSection;
    std::string text;                // header, section
    std::vector<std::string> items;  // fields, context elements
  };
  // The body, marked first with `mark` unless it is empty.
  std::string Body(std::string_view text, const MessageOptions& options, std::string_view mark) const;

  std::vector<Block> blocks_;
};

}  // namespace bucketwatch::notify

#endif  // BUCKETWATCH_NOTIFY_BLOCKS_H_
