// Verdicts for people: a table of buckets with the reach of each kind of
// access, then, for every bucket that reaches outside its account, what
// grants it, what blocks it, and what would fix it.
#ifndef BUCKETWATCH_REPORT_VERDICT_TEXT_H_
#define BUCKETWATCH_REPORT_VERDICT_TEXT_H_

#include <array>
#include <cstdint>
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
// A table cell for one kind of access: "public", "any-aws", "accounts", "-",
// or "unknown" when it could not be judged and nothing is known public.
std::string AccessCell(exposure::Scope scope, bool unknown);

// The report, gathered one bucket at a time. The table needs every row (its
// column widths; exposed buckets first), so each bucket keeps its row, and
// the ones worth reading about their detail, already written; nothing else.
class TextReport {
 public:
  void Add(const exposure::Snapshot& snapshot, const exposure::Verdict& verdict);
  size_t size() const { return rows_.size(); }
  // Table, details, summary line. Call once.
  void Write(std::ostream& out);

 private:
  struct Row {
    exposure::Scope widest = exposure::Scope::kNone;
    std::string cells;               // the cells one after another
    std::array<uint32_t, 9> ends{};  // where each ends in `cells`
    size_t count = 0;
    std::string detail;  // empty for a bucket with nothing to say
    std::string_view Cell(size_t c) const;
  };
  std::vector<Row> rows_;
  size_t exposed_ = 0, cross_ = 0, unknown_ = 0;
};

void WriteTextReport(std::ostream& out, const std::vector<Judged>& judged);

}  // namespace bucketwatch::report

#endif  // BUCKETWATCH_REPORT_VERDICT_TEXT_H_
