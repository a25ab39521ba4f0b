// libFuzzer target: any bytes as snapshot input must give snapshots (then
// judged) or errors, never a crash, hang or memory error. Runs: scripts/fuzz.
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "exposure/evaluator.h"
#include "exposure/snapshot_json.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  static bucketwatch::json::Parser parser;
  std::string_view text(reinterpret_cast<const char*>(data), size);
  auto batch = bucketwatch::exposure::ParseSnapshots(text, parser);
  for (const auto& s : batch.snapshots) {
    auto v = bucketwatch::exposure::Evaluate(s);
    (void)v.exposed();
  }
  return 0;
}
