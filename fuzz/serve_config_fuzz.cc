// libFuzzer target: any bytes as the daemon's TOML configuration must give a
// configuration or an error that names the line, never a crash, hang or
// memory error. No environment and no secret store: references stay text.
// Runs: scripts/fuzz.
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "serve/config.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  namespace serve = bucketwatch::serve;
  static const bucketwatch::handler::Getenv no_environment = [](const char*) -> const char* { return nullptr; };
  static const serve::SecretResolver secrets = serve::PlainSecrets();
  std::string_view text(reinterpret_cast<const char*>(data), size);
  (void)serve::ParseServeConfig(text, "fuzz.toml", no_environment, secrets);
  return 0;
}
