// libFuzzer target: any bytes as an AWS Config configuration item of an S3
// bucket must give a snapshot (then judged) or an error, never a crash, hang
// or memory error. Runs: scripts/fuzz.
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "events/config_item.h"
#include "exposure/evaluator.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  static bucketwatch::json::Parser parser;
  std::string_view text(reinterpret_cast<const char*>(data), size);
  auto root = parser.Parse(text);
  bucketwatch::json::Object item;
  if (!root.ok() || root->get_object().get(item)) return 0;
  auto snapshot = bucketwatch::events::SnapshotFromConfigItem(item, bucketwatch::json::Path());
  if (snapshot.ok()) (void)bucketwatch::exposure::Evaluate(*snapshot).exposed();
  return 0;
}
