// The evaluator: Snapshot -> Verdict. A pure function: no clock, no I/O, no
// globals beyond constant tables. Safe to call from any number of threads.
//
// It implements AWS's definition of a public bucket ([S3-PUB]; the algorithm
// of docs/evaluator.md; docs/sources.md, "What AWS calls public"): two channels, policy and ACL, each
// neutralised by its own Block Public Access flag; the policy judged as
// Allow minus Deny; "public" meaning a grant not confined to fixed
// principals or sources.
#ifndef BUCKETWATCH_EXPOSURE_EVALUATOR_H_
#define BUCKETWATCH_EXPOSURE_EVALUATOR_H_

#include "exposure/snapshot.h"
#include "exposure/verdict.h"

namespace bucketwatch::exposure {

Verdict Evaluate(const Snapshot& snapshot);

}  // namespace bucketwatch::exposure

#endif  // BUCKETWATCH_EXPOSURE_EVALUATOR_H_
