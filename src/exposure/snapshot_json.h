// Reading and writing Snapshots in their JSON form (DESIGN.md). Field shapes
// are those `aws s3api` prints, so its output can be pasted in:
// get-bucket-policy's {"Policy": "..."}, get-bucket-acl's {"Owner", "Grants"},
// get-public-access-block's {"PublicAccessBlockConfiguration": {...}} and
// get-bucket-ownership-controls' {"OwnershipControls": {"Rules": [...]}}.
//
// A field that could not be read is named in "unknown" with the reason:
//   "unknown": {"policy": "AccessDenied: Access Denied"}
#ifndef BUCKETWATCH_EXPOSURE_SNAPSHOT_JSON_H_
#define BUCKETWATCH_EXPOSURE_SNAPSHOT_JSON_H_

#include <functional>
#include <string>
#include <string_view>
#include <vector>

#include "base/json.h"
#include "base/json_stream.h"
#include "base/status.h"
#include "exposure/snapshot.h"

namespace bucketwatch::exposure {

// Reads one snapshot object. Errors carry the JSON pointer of the bad field;
// policy problems are not errors here but Diagnostics inside the Policy.
// `element` must not come from NestedJsonParser().
struct SnapshotOptions {
  // Snapshot::policy_text, the policy as JSON text, is for writing the
  // snapshot out again; judging does not need it, and making it costs about
  // a tenth of reading a snapshot.
  bool keep_policy_text = true;
};
Result<Snapshot> ParseSnapshot(json::Element element, SnapshotOptions options = {});

// Reads a Block Public Access configuration in either shape, flags or
// {"PublicAccessBlockConfiguration": flags}; null means not configured.
Result<Part<BlockPublicAccess>> ParseBlockPublicAccess(json::Element element, const json::Path& path);

// Snapshots read from one text: a single object, an array of them, or JSON
// Lines. Each bad document is an error naming where it is ("line 3", or the
// JSON pointer "/2/acl/Grants/0"); the good ones are still returned.
struct SnapshotBatch {
  std::vector<Snapshot> snapshots;
  std::vector<Status> errors;
};
SnapshotBatch ParseSnapshots(std::string_view text, json::Parser& parser);

// The same, for text that arrives a block at a time (a file or a pipe): each
// snapshot is handed on as soon as its document is complete, and each bad
// document as an error naming where it is ("line 3", "/2/acl/Grants/0", or
// "/2 (line 15)" when element 2 is not valid JSON). Memory holds one
// document, not the whole input; one larger than the parser's limit is
// refused. The callbacks run inside Feed and Finish.
class SnapshotReader {
 public:
  using OnSnapshot = std::function<void(Snapshot&&)>;
  using OnError = std::function<void(Status)>;
  SnapshotReader(json::Parser& parser, OnSnapshot on_snapshot, OnError on_error, SnapshotOptions options = {});
  SnapshotReader(const SnapshotReader&) = delete;
  SnapshotReader& operator=(const SnapshotReader&) = delete;

  void Feed(std::string_view bytes) { splitter_.Feed(bytes); }
  // The input has ended.
  void Finish() { splitter_.Finish(); }

 private:
  void Take(const json::Piece& piece);

  json::Parser& parser_;
  OnSnapshot on_snapshot_;
  OnError on_error_;
  SnapshotOptions options_;
  json::DocumentSplitter splitter_;
};

}  // namespace bucketwatch::exposure

#endif  // BUCKETWATCH_EXPOSURE_SNAPSHOT_JSON_H_
