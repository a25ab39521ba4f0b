// Verdicts for people: a table of buckets with the reach of each kind of
// access, then, for every bucket that reaches outside its account, what
// grants it, what blocks it, and what would fix it.
#ifndef BUCKETWATCH_REPORT_VERDICT_TEXT_H_
#define BUCKETWATCH_REPORT_VERDICT_TEXT_H_

#include <ostream>
#include <string>
#include <vector>

#include "exposure/snapshot.h"
#include "exposure/verdict.h"

namespace bucketwatch::report {

struct Judged {
  const exposure::Snapshot* snapshot;
  const exposure::Verdict* verdict;
};

// "PUBLIC", "AUTHENTICATED", "CANNOT JUDGE", "cross-account", "private".
std::string VerdictLabel(const exposure::Verdict& v);
// One sentence: "anyone on the internet can read objects and list objects".
std::string VerdictSentence(const exposure::Verdict& v);

void WriteTextReport(std::ostream& out, const std::vector<Judged>& judged);

}  // namespace bucketwatch::report

#endif  // BUCKETWATCH_REPORT_VERDICT_TEXT_H_
