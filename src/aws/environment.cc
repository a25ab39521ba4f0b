#include "aws/environment.h"

#include <cctype>
#include <cstdlib>

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
  std::string lower;
  for (char c : *v) lower.push_back(static_cast<char>(std::tolower(static_cast<unsigned char>(c))));
  return lower == "true";
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
