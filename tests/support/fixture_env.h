// What a fixture script (scripts/rgw-fixture, scripts/dynalite-fixture)
// leaves in its directory for the tests: the `export NAME=value` lines of
// DIR/env, or why there is none (DIR/unavailable: the machine cannot run
// it; no DIR/env: the test was not started through ctest).
#ifndef BUCKETWATCH_TESTS_SUPPORT_FIXTURE_ENV_H_
#define BUCKETWATCH_TESTS_SUPPORT_FIXTURE_ENV_H_

#include <map>
#include <string>
#include <string_view>

namespace bucketwatch::testing {

struct FixtureEnv {
  std::map<std::string, std::string> env;
  std::string skip_reason;  // empty when the fixture is up
};

// `name` says which fixture in the skip reason ("RGW", "dynalite").
FixtureEnv LoadFixtureEnv(const std::string& dir, std::string_view name);

}  // namespace bucketwatch::testing

#endif  // BUCKETWATCH_TESTS_SUPPORT_FIXTURE_ENV_H_
