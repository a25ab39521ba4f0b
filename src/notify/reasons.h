// Why something could not be judged, said in the message's language.
//
// The evaluator, the AWS reader and the AWS Config reader give their
// reasons in English ("the bucket ACL could not be read: S3 GetBucketAcl
// (bucket b): 403 AccessDenied ..."), and an Alert keeps them verbatim. A
// Japanese message says the reasons it knows in Japanese, pattern by
// pattern, and keeps what it does not know (AWS's own error text, a new
// reason) verbatim, labelled as English, so that nothing is lost.
#ifndef BUCKETWATCH_NOTIFY_REASONS_H_
#define BUCKETWATCH_NOTIFY_REASONS_H_

#include <string>
#include <string_view>

#include "notify/catalog.h"

namespace bucketwatch::notify {

// The reason as escaped mrkdwn on one line, in `lang`, cut to `max_chars`
// characters of outside text per verbatim part.
std::string SayReason(std::string_view english, Lang lang, size_t max_chars = 1000);

// True when SayReason(english, kJa) translates it whole, leaving no part
// labelled as English except AWS's own answers (for tests and for logs).
bool KnownReason(std::string_view english);

}  // namespace bucketwatch::notify

#endif  // BUCKETWATCH_NOTIFY_REASONS_H_
