// Where settings come from: environment variables, behind an interface so
// tests can give their own without touching the process environment.
#ifndef BUCKETWATCH_AWS_ENVIRONMENT_H_
#define BUCKETWATCH_AWS_ENVIRONMENT_H_

#include <initializer_list>
#include <map>
#include <optional>
#include <string>
#include <string_view>

namespace bucketwatch::aws {

class Environment {
 public:
  virtual ~Environment() = default;
  // The variable's value; nullopt when unset. An empty value counts as unset,
  // as in the AWS SDKs.
  virtual std::optional<std::string> Get(std::string_view name) const = 0;
  std::string GetOr(std::string_view name, std::string fallback) const {
    auto v = Get(name);
    return v ? *v : std::move(fallback);
  }
  // "true" (any case) is true; anything else false.
  bool Flag(std::string_view name) const;

  // The real process environment (getenv).
  static const Environment& Process();
};

class MapEnvironment : public Environment {
 public:
  MapEnvironment() = default;
  explicit MapEnvironment(std::map<std::string, std::string, std::less<>> vars) : vars_(std::move(vars)) {}
  MapEnvironment(std::initializer_list<std::pair<const std::string, std::string>> vars)
      : vars_(vars.begin(), vars.end()) {}
  void Set(std::string name, std::string value) { vars_[std::move(name)] = std::move(value); }
  std::optional<std::string> Get(std::string_view name) const override;

 private:
  std::map<std::string, std::string, std::less<>> vars_;
};

}  // namespace bucketwatch::aws

#endif  // BUCKETWATCH_AWS_ENVIRONMENT_H_
