// Snapshots back to their JSON form (DESIGN.md), so that what `bucketwatch
// snapshot` prints can be saved and replayed through `eval`. The policy is
// written as the exact text S3 returned (a JSON string), since re-encoding it
// could change what it means (duplicate keys).
#ifndef BUCKETWATCH_REPORT_SNAPSHOT_WRITER_H_
#define BUCKETWATCH_REPORT_SNAPSHOT_WRITER_H_

#include <nlohmann/json.hpp>

#include "exposure/snapshot.h"

namespace bucketwatch::report {

nlohmann::ordered_json SnapshotToJson(const exposure::Snapshot& snapshot);
nlohmann::ordered_json AclToJson(const exposure::Acl& acl);

}  // namespace bucketwatch::report

#endif  // BUCKETWATCH_REPORT_SNAPSHOT_WRITER_H_
