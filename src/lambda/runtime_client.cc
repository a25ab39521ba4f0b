#include "lambda/runtime_client.h"

#include <nlohmann/json.hpp>

#include <cctype>
#include <cstdlib>

namespace bucketwatch::lambda {
namespace {

constexpr std::string_view kVersion = "/2018-06-01/runtime";

Status StatusOfAnswer(const std::string& what, long status, std::string_view body) {
  if (status >= 200 && status < 300) return Status::Ok();
  std::string detail = what + ": HTTP " + std::to_string(status);
  std::string text(body.substr(0, 200));
  for (char& c : text) {
    if (static_cast<unsigned char>(c) < 0x20) c = ' ';
  }
  if (!text.empty()) detail += " " + text;
  if (status == 500) return Status(StatusCode::kInternal, detail + " (the runtime must exit)");
  return InvalidInput(detail);
}

}  // namespace

bool IsValidErrorType(std::string_view type) {
  std::string_view reason;
  if (type.rfind("Runtime.", 0) == 0) {
    reason = type.substr(8);
  } else if (type.rfind("Function.", 0) == 0) {
    reason = type.substr(9);
  } else {
    return false;
  }
  if (reason.empty() || !std::isupper(static_cast<unsigned char>(reason.front()))) return false;
  for (char c : reason) {
    if (!std::isalpha(static_cast<unsigned char>(c))) return false;
  }
  return true;
}

std::string ErrorBody(const ErrorReport& error) {
  std::string_view type = error.type;
  std::string_view reason = type.substr(type.find('.') == std::string_view::npos ? 0 : type.find('.') + 1);
  nlohmann::ordered_json j = {{"errorMessage", error.message},
                              {"errorType", std::string(reason)},
                              {"stackTrace", nlohmann::ordered_json::array()}};
  return j.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
}

RuntimeClient::RuntimeClient(std::string api) : base_("http://" + std::move(api) + std::string(kVersion)) {}

Result<Invocation> RuntimeClient::Next() {
  net::HttpRequest req;
  req.method = "GET";
  req.url = base_ + "/invocation/next";
  req.timeout = std::chrono::milliseconds(0);  // a long poll: no timeout
  req.connect_timeout = std::chrono::milliseconds(1000);
  req.use_proxy = false;
  req.headers = {{"User-Agent", "bucketwatch/0.1"}};
  req.max_response_bytes = 8u << 20;  // events are at most 6 MB (synchronous invoke)
  BW_ASSIGN_OR_RETURN(net::HttpResponse res, client_.Send(req));
  BW_RETURN_IF_ERROR(StatusOfAnswer("GET /runtime/invocation/next", res.status, res.body));
  Invocation inv;
  inv.request_id = std::string(res.HeaderValue("Lambda-Runtime-Aws-Request-Id"));
  if (inv.request_id.empty()) {
    return InvalidInput("GET /runtime/invocation/next: the answer has no Lambda-Runtime-Aws-Request-Id");
  }
  std::string deadline(res.HeaderValue("Lambda-Runtime-Deadline-Ms"));
  char* end = nullptr;
  long long ms = deadline.empty() ? 0 : std::strtoll(deadline.c_str(), &end, 10);
  if (!deadline.empty() && end != nullptr && *end == '\0' && ms > 0) {
    inv.deadline_ms = ms;
    inv.deadline = Deadline::FromEpochMs(ms);
  }
  inv.function_arn = std::string(res.HeaderValue("Lambda-Runtime-Invoked-Function-Arn"));
  inv.trace_id = std::string(res.HeaderValue("Lambda-Runtime-Trace-Id"));
  inv.client_context = std::string(res.HeaderValue("Lambda-Runtime-Client-Context"));
  inv.cognito_identity = std::string(res.HeaderValue("Lambda-Runtime-Cognito-Identity"));
  inv.tenant_id = std::string(res.HeaderValue("Lambda-Runtime-Aws-Tenant-Id"));
  inv.payload = std::move(res.body);
  return inv;
}

Status RuntimeClient::Post(const std::string& path, std::string_view body, const std::string& error_type) {
  net::HttpRequest req;
  req.method = "POST";
  req.url = base_ + path;
  req.timeout = std::chrono::milliseconds(30000);
  req.connect_timeout = std::chrono::milliseconds(1000);
  req.use_proxy = false;
  req.headers = {{"Content-Type", "application/json"}, {"User-Agent", "bucketwatch/0.1"}};
  if (!error_type.empty()) {
    req.headers.push_back(
        {"Lambda-Runtime-Function-Error-Type", IsValidErrorType(error_type) ? error_type : "Runtime.Unknown"});
  }
  req.body = std::string(body);
  BW_ASSIGN_OR_RETURN(net::HttpResponse res, client_.Send(req));
  return StatusOfAnswer("POST /runtime" + path, res.status, res.body);
}

Status RuntimeClient::PostResponse(const std::string& request_id, std::string_view body) {
  return Post("/invocation/" + request_id + "/response", body, "");
}

Status RuntimeClient::PostError(const std::string& request_id, const ErrorReport& error) {
  return Post("/invocation/" + request_id + "/error", ErrorBody(error), error.type);
}

Status RuntimeClient::PostInitError(const ErrorReport& error) {
  return Post("/init/error", ErrorBody(error), error.type);
}

}  // namespace bucketwatch::lambda
