// libFuzzer target: any bytes as snapshot input must give snapshots (then
// judged) or errors, never a crash, hang or memory error.
//   cmake -S . -B build/fuzz -G Ninja -DCMAKE_CXX_COMPILER=clang++-14 -DBW_FUZZ=ON -DBW_BUILD_TESTS=OFF
//   -DBW_BUILD_BENCH=OFF cmake --build build/fuzz --target snapshot_fuzz build/fuzz/fuzz/snapshot_fuzz
//   -max_total_time=60 tests/data/cases/spec
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
