// What a finding means in words, resolved against the snapshot it came
// from: where it is in the input, what it grants, what would close it.
// The English of reports (eval, scan, check); alerts take the facts and
// word them in their own language (src/notify/). Pure, like the evaluator.
#ifndef BUCKETWATCH_EXPOSURE_FINDING_WORDS_H_
#define BUCKETWATCH_EXPOSURE_FINDING_WORDS_H_

#include <string>
#include <vector>

#include "exposure/snapshot.h"
#include "exposure/verdict.h"

namespace bucketwatch::exposure {

// The policy statement a finding points at; null for ACL findings or when
// the snapshot has no such statement.
const Statement* StatementOf(const Snapshot& snapshot, const Finding& finding);
// "Statement[0] (Sid \"PublicRead\")" or "Grant[2]".
std::string FindingLocation(const Snapshot& snapshot, const Finding& finding);
// The S3 actions a finding grants, shortened for people: names when few, the
// statement's own patterns when many; the ACL permission for a grant.
std::vector<std::string> FindingActions(const Snapshot& snapshot, const Finding& finding);
// What would stop a finding that is in force.
std::string FixFor(const Finding& finding);
// "anyone on the internet", "any AWS user", ...
std::string WhoWords(Who who);
// "read objects, list objects".
std::string AccessWords(AccessMask mask);

}  // namespace bucketwatch::exposure

#endif  // BUCKETWATCH_EXPOSURE_FINDING_WORDS_H_
