// libFuzzer target: any bytes as an EventBridge event (AWS Config compliance
// and configuration item changes, CloudTrail API calls, GuardDuty findings)
// must give an event or an error, never a crash, hang or memory error; a
// snapshot an event carries is judged too. Runs: scripts/fuzz.
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "events/event.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  static bucketwatch::json::Parser parser;
  std::string_view text(reinterpret_cast<const char*>(data), size);
  auto event = bucketwatch::events::ParseEvent(text, parser);
  if (event.ok()) (void)bucketwatch::events::KindName(event->what);
  return 0;
}
