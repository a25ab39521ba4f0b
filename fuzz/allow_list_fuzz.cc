// libFuzzer target: any bytes as the scan allow-list (TOML) must give a list
// or an error that names the line, never a crash, hang or memory error.
// Runs: scripts/fuzz.
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include "scan/allow_list.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::string_view text(reinterpret_cast<const char*>(data), size);
  (void)bucketwatch::scan::AllowList::Parse(text, "fuzz.toml");
  return 0;
}
