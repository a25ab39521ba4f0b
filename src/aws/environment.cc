#include "aws/environment.h"

#include <cstdlib>

#include "base/text.h"

namespace bucketwatch::aws {
namespace {

class ProcessEnvironment : public Environment {
 public:
  std::optional<std::string> Get(std::string_view name) const override {
    const char* v = std::getenv(std::string(name).c_str());
    if (v == nullptr || *v == '\0') return std::nullopt;
    return std::string(v);
  }
};

}  // namespace

bool Environment::Flag(std::string_view name) const {
  auto v = Get(name);
  if (!v) return false;
  return EqualsIgnoringCase(*v, "true");
}

const Environment& Environment::Process() {
  static const ProcessEnvironment env;
  return env;
}

std::optional<std::string> MapEnvironment::Get(std::string_view name) const {
  auto it = vars_.find(name);
  if (it == vars_.end() || it->second.empty()) return std::nullopt;
  return it->second;
}

}  // namespace bucketwatch::aws
