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

// A statement or grant in force that lets someone outside the account in:
// a Finding with its words resolved against the snapshot, so that reports
// and alerts can be written after the snapshot is gone.
struct Cause {
  Channel channel = Channel::kPolicy;
  int statement = -1;     // policy: statement index
  std::string sid;        // policy: the statement's Sid, if any
  int grant = -1;         // ACL: grant index
  std::string location;   // "Statement[0] (Sid \"PublicRead\")", "Grant[1]"
  std::string principal;  // as written
  Scope scope = Scope::kPublic;
  Who who = Who::kAnonymous;
  std::string account;  // cross-account: the other account (or canonical id)
  AccessMask access = 0;
  std::vector<std::string> actions;     // S3 actions or the ACL permission
  std::vector<std::string> conditions;  // conditions that do not confine it
  std::string uncertain;                // the answer rests on undocumented behaviour
  std::string fix;                      // what would close it
};
Cause CauseOf(const Snapshot& snapshot, const Finding& finding);
// "anyone on the internet", "any AWS user", ...
std::string WhoWords(Who who);
// "read objects, list objects".
std::string AccessWords(AccessMask mask);

}  // namespace bucketwatch::exposure

#endif  // BUCKETWATCH_EXPOSURE_FINDING_WORDS_H_
