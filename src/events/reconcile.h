// bucketwatch's own scheduled request, {"bucketwatch": "reconcile"}: the
// input of the template's reconciliation schedule (docs/deploy.md). Every
// bucket of the account is read and compared with the state table, so a
// bucket that was public before the stack existed, or whose event
// EventBridge never delivered, is still announced.
//
// Optional "account": the account to read (12 digits); absent: the
// account of the function's own credentials.
//
// Optional "from": a bucket name; the buckets whose names sort before it
// are not read. A reconciliation that runs short of time hands the rest of
// its account to a new invocation this way, so that one large account is
// read by several invocations, none near Lambda's 15-minute limit
// (docs/realtime.md).
#ifndef BUCKETWATCH_EVENTS_RECONCILE_H_
#define BUCKETWATCH_EVENTS_RECONCILE_H_

#include <string>

#include "base/json.h"
#include "base/status.h"

namespace bucketwatch::events {

struct Reconcile {
  std::string account;  // empty: the credentials' own account
  std::string from;     // empty: from the first bucket
};

inline constexpr std::string_view kRequestKey = "bucketwatch";

// `root` holds kRequestKey. Errors name the field and what was expected.
Result<Reconcile> ParseRequest(json::Object root);
// The request as JSON, read back by ParseRequest: what the organization-wide
// reconciliation sends to start one account's.
std::string RequestJson(const Reconcile& r);

}  // namespace bucketwatch::events

#endif  // BUCKETWATCH_EVENTS_RECONCILE_H_
