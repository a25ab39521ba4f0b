// The "possible repeat" mark: an alert sent again after an attempt that may
// have reached Slack (the daemon stopped mid-send; a Lambda invocation
// failed after its POST) says so, so that at most one copy goes out
// unmarked.
#ifndef BUCKETWATCH_NOTIFY_REPEAT_MARK_H_
#define BUCKETWATCH_NOTIFY_REPEAT_MARK_H_

#include <string>
#include <string_view>

#include "notify/catalog.h"

namespace bucketwatch::notify {

// The message marked as a possible repeat: a line before the text and a
// context block first. `payload` is a body made by RenderSlackMessage.
std::string MarkPossibleRepeat(std::string_view payload, Lang lang);

}  // namespace bucketwatch::notify

#endif  // BUCKETWATCH_NOTIFY_REPEAT_MARK_H_
