#include "support/fixture_env.h"

#include <fstream>

namespace bucketwatch::testing {

FixtureEnv LoadFixtureEnv(const std::string& dir, std::string_view name) {
  FixtureEnv x;
  if (std::ifstream un(dir + "/unavailable"); un) {
    std::getline(un, x.skip_reason);
    return x;
  }
  std::ifstream in(dir + "/env");
  if (!in) {
    x.skip_reason = "no " + std::string(name) + " fixture at " + dir + " (run through ctest, which starts it)";
    return x;
  }
  std::string line;
  while (std::getline(in, line)) {
    if (line.rfind("export ", 0) != 0) continue;
    size_t eq = line.find('=');
    x.env[line.substr(7, eq - 7)] = line.substr(eq + 1);
  }
  return x;
}

}  // namespace bucketwatch::testing
