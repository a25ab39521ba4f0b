// A rescan's verdicts with memory (change/memory.h): what `handle` and the
// Lambda function announce when the state table is set. Each bucket's
// verdict goes through the change step against the last one stored; only a
// transition is announced (became public, public in a new way, can no
// longer be judged, fixed), and it is written as pending in the same
// conditional write as the new state. Of two invocations judging the same
// change, the one whose write wins announces it.
//
// A pending alert that its invocation gave up on (Slack failed), or that
// has waited longer than any invocation lives, is sent by the next
// invocation that touches the bucket, marked as a possible repeat: at most
// one unmarked copy goes out per transition. One whose message the table
// could not keep (DynamoDB's item size limit) is worded from its key, with a
// note saying so, rather than dropped.
//
// The first scheduled reconciliation of an account also says what it found
// in one summary (how many buckets, which are public or could not be
// judged), kept in the account's own record so that later runs say only
// what changed.
#ifndef BUCKETWATCH_HANDLER_REMEMBERED_H_
#define BUCKETWATCH_HANDLER_REMEMBERED_H_

#include <cstdint>
#include <string>
#include <vector>

#include "base/status.h"
#include "change/memory.h"
#include "handler/rescan.h"
#include "notify/slack_message.h"

namespace bucketwatch::handler {

// A pending alert older than this was left by an invocation that died
// (Lambda's longest run is 15 minutes); it is taken over. An invocation
// with a deadline records it with the alert: once that has passed, the
// alert is taken over at once, so that the retry of an invocation killed
// at its timeout delivers it rather than a run a quarter of an hour later.
inline constexpr int64_t kPendingTakeOverMs = 15LL * 60 * 1000;

struct RememberedAlert {
  notify::Alert alert;
  std::string key;             // the pending entry's key
  std::string payload;         // as sent (marked when a possible repeat)
  std::string repeat_payload;  // the same marked as a possible repeat, kept with a pending alert
  bool possible_repeat = false;
  std::string account;  // the record holding it as pending
  std::string bucket;   // or "(account)": the account's own record (a reconciliation's summary)
  bool kept = false;    // recorded as pending (else said without memory)
};

struct RememberedRescan {
  std::vector<RememberedAlert> alerts;
  std::string reason;  // one sentence for the log and the summary
};

// The alerts the rescan's verdicts are news for, each recorded as pending.
// `until_ms`: this invocation's deadline (ms since the epoch), 0 when it has
// none. An error: the memory could not be read or written (the caller falls
// back to announcing without memory).
Result<RememberedRescan> Remember(change::Memory& memory, const RescanResult& result,
                                  const notify::MessageOptions& message, int64_t read_at_ms, int64_t now_ms,
                                  int64_t until_ms = 0);

// After Slack accepted it: the alert is no longer pending.
Status Delivered(change::Memory& memory, const RememberedAlert& alert);
// After delivery failed: the next invocation sends it (marked) at once.
Status Abandoned(change::Memory& memory, const RememberedAlert& alert);

}  // namespace bucketwatch::handler

#endif  // BUCKETWATCH_HANDLER_REMEMBERED_H_
