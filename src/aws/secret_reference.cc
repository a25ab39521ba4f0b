#include "aws/secret_reference.h"

#include <nlohmann/json.hpp>

#include "base/json.h"

namespace bucketwatch::aws {
namespace {

constexpr std::string_view kSsm = "ssm:";
constexpr std::string_view kSecretsManager = "secretsmanager:";

std::string Dump(const nlohmann::ordered_json& j) {
  return j.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
}

// A string member of an object; what went wrong never quotes a value.
Result<std::string> Member(std::string_view body, std::initializer_list<std::string_view> keys, std::string_view what) {
  json::Parser parser;
  auto root = parser.Parse(body);
  if (!root.ok()) return InvalidInput(std::string(what) + ": " + root.status().message());
  json::Element e = *root;
  std::string at;
  for (std::string_view key : keys) {
    at += "/" + std::string(key);
    json::Object o;
    if (e.get(o) != simdjson::SUCCESS) return InvalidInput(std::string(what) + ": expected an object", at);
    if (o[key].get(e) != simdjson::SUCCESS || e.is_null()) {
      return Status(StatusCode::kNotFound, std::string(what) + ": no \"" + std::string(key) + "\"", at);
    }
  }
  std::string_view s;
  if (e.get_string().get(s) != simdjson::SUCCESS) {
    return InvalidInput(std::string(what) + ": expected a string, found " + std::string(json::KindName(e)), at);
  }
  return std::string(s);
}

}  // namespace

bool IsSecretReference(std::string_view value) {
  return value.rfind(kSsm, 0) == 0 || value.rfind(kSecretsManager, 0) == 0;
}

SecretResolver::SecretResolver(std::shared_ptr<AwsContext> context, EndpointUrl ssm_endpoint,
                               EndpointUrl secretsmanager_endpoint)
    : ssm_(context, kSsmProtocol, std::move(ssm_endpoint)),
      secretsmanager_(context, kSecretsManagerProtocol, std::move(secretsmanager_endpoint)) {}

Result<SecretResolver> SecretResolver::FromEnvironment(const Environment& env) {
  BW_ASSIGN_OR_RETURN(std::shared_ptr<AwsContext> ctx, AwsContext::Create({}, env));
  BW_ASSIGN_OR_RETURN(EndpointUrl ssm, ResolveJsonEndpoint(kSsmProtocol, {}, env, *ctx));
  BW_ASSIGN_OR_RETURN(EndpointUrl sm, ResolveJsonEndpoint(kSecretsManagerProtocol, {}, env, *ctx));
  return SecretResolver(ctx, ssm, sm);
}

Result<std::string> SecretResolver::ParameterValue(std::string_view body) {
  return Member(body, {"Parameter", "Value"}, "SSM GetParameter answer");
}

Result<std::string> SecretResolver::SecretString(std::string_view body, std::string_view key) {
  auto s = Member(body, {"SecretString"}, "Secrets Manager GetSecretValue answer");
  if (!s.ok()) {
    if (s.status().code() == StatusCode::kNotFound) {
      return InvalidInput("the secret has no SecretString (a binary secret cannot be used here)");
    }
    return s.status();
  }
  if (key.empty()) return s;
  auto v = Member(*s, {key}, "the SecretString as JSON");
  if (!v.ok()) return Status(v.status().code(), v.status().message());
  return v;
}

Result<std::string> SecretResolver::Resolve(std::string_view reference) {
  std::string ref(reference);
  auto fail = [&ref](const Status& s) {
    return Status(s.code() == StatusCode::kOk ? StatusCode::kInternal : s.code(),
                  "secret reference " + ref + ": " + s.message());
  };
  if (reference.rfind(kSsm, 0) == 0) {
    std::string name(reference.substr(kSsm.size()));
    if (name.empty()) return InvalidInput("secret reference " + ref + ": no parameter name after ssm:");
    nlohmann::ordered_json req{{"Name", name}, {"WithDecryption", true}};
    auto body = ssm_.Call("GetParameter", Dump(req), RegionOfArn(name), "parameter " + name);
    if (!body.ok()) return fail(body.status());
    auto value = ParameterValue(*body);
    if (!value.ok()) return fail(value.status());
    return value;
  }
  if (reference.rfind(kSecretsManager, 0) == 0) {
    std::string id(reference.substr(kSecretsManager.size()));
    std::string key;
    if (size_t hash = id.find('#'); hash != std::string::npos) {
      key = id.substr(hash + 1);
      id.resize(hash);
      if (key.empty()) return InvalidInput("secret reference " + ref + ": no key after #");
    }
    if (id.empty()) return InvalidInput("secret reference " + ref + ": no secret id after secretsmanager:");
    nlohmann::ordered_json req{{"SecretId", id}};
    auto body = secretsmanager_.Call("GetSecretValue", Dump(req), RegionOfArn(id), "secret " + id);
    if (!body.ok()) return fail(body.status());
    auto value = SecretString(*body, key);
    if (!value.ok()) return fail(value.status());
    return value;
  }
  return InvalidInput("the value is not a secret reference (ssm:... or secretsmanager:...)");
}

}  // namespace bucketwatch::aws
