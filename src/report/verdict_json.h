// Verdicts as JSON (the `--format json` form of DESIGN.md): one object per
// bucket with bucket, public, public_read, public_write, access per kind,
// findings (source, location, principal, actions, access, scope,
// blocked_by) and notes.
#ifndef BUCKETWATCH_REPORT_VERDICT_JSON_H_
#define BUCKETWATCH_REPORT_VERDICT_JSON_H_

#include <nlohmann/json.hpp>

#include <string>

#include "exposure/snapshot.h"
#include "exposure/verdict.h"
#include "base/json_writer.h"

namespace bucketwatch::report {

// Writes one verdict as a JSON object (the form above) into `writer`, which
// may be in the middle of an array being streamed out.
void WriteVerdictJson(json::JsonWriter& writer, const exposure::Snapshot& snapshot, const exposure::Verdict& verdict);

// The members of that object alone, into an object the caller has begun
// and will end: for callers that add members of their own while streaming.
void WriteVerdictMembers(json::JsonWriter& writer, const exposure::Snapshot& snapshot,
                         const exposure::Verdict& verdict);

// The same as an nlohmann tree, for callers that add fields of their own.
// The snapshot is needed for what the verdict only points at (statement
// resources and conditions, grant details).
nlohmann::ordered_json VerdictToJson(const exposure::Snapshot& snapshot, const exposure::Verdict& verdict);

// One line of compact JSON, invalid UTF-8 replaced rather than thrown on.
std::string Dump(const nlohmann::ordered_json& value, int indent = -1);

}  // namespace bucketwatch::report

#endif  // BUCKETWATCH_REPORT_VERDICT_JSON_H_
