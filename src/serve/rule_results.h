// AWS Config rule results, compared with the last result stored for the
// same rule and bucket (or account): Config repeats NON_COMPLIANT on every
// periodic evaluation and after every configuration change, but the daemon
// announces only changes. A result recorded before the stored one (events
// arrive out of order) changes nothing.
#ifndef BUCKETWATCH_SERVE_RULE_RESULTS_H_
#define BUCKETWATCH_SERVE_RULE_RESULTS_H_

#include <cstdint>
#include <vector>

#include "base/status.h"
#include "notify/alert.h"
#include "store/store.h"

namespace bucketwatch::serve {

// Keeps the alerts that say something new and adds the rule results to
// `commit`. Alerts that are not about a Config rule result pass unchanged.
// `received_at_ms` stands for the result's time when the event has none.
Result<std::vector<notify::Alert>> NewRuleResults(store::Store& store, std::vector<notify::Alert> alerts,
                                                  int64_t received_at_ms, store::Commit& commit);

}  // namespace bucketwatch::serve

#endif  // BUCKETWATCH_SERVE_RULE_RESULTS_H_
