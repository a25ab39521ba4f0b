// The EventBridge envelope around every event (EventBridge User Guide,
// "Amazon EventBridge events"): who sent it, from which account and Region,
// and its id (the key AWS documents for de-duplicating repeated deliveries).
#ifndef BUCKETWATCH_EVENTS_ENVELOPE_H_
#define BUCKETWATCH_EVENTS_ENVELOPE_H_

#include <string>

#include "base/json.h"
#include "base/status.h"

namespace bucketwatch::events {

struct Envelope {
  std::string id;
  std::string detail_type;
  std::string source;
  std::string account;
  std::string region;
  std::string time;
  // The event came without an envelope: a CloudTrail record, a GuardDuty
  // finding or an AWS Config notification on its own.
  bool bare = false;
};

// Reads the envelope fields of `root` (all optional but "detail-type").
Result<Envelope> ReadEnvelope(json::Object root);

}  // namespace bucketwatch::events

#endif  // BUCKETWATCH_EVENTS_ENVELOPE_H_
