#include "aws/caller.h"

#include <cctype>
#include <ctime>

#include "aws/json_responses.h"
#include "aws/sigv4.h"
#include "aws/timestamp.h"
#include "base/log.h"

namespace bucketwatch::aws {
namespace {

constexpr std::string_view kUserAgent = "bucketwatch/0.1.0";

// RFC 7231 date ("Sun, 06 Nov 1994 08:49:37 GMT"), for clock-skew correction.
std::optional<Clock::time_point> ParseHttpDate(std::string_view text) {
  std::tm tm{};
  std::string s(text);
  const char* end = strptime(s.c_str(), "%a, %d %b %Y %H:%M:%S GMT", &tm);
  if (end == nullptr || *end != '\0') return std::nullopt;
  return Clock::from_time_t(timegm(&tm));
}

bool IsClockSkewError(const AwsResponse& r) {
  std::string_view code = r.code();
  if (code == "RequestTimeTooSkewed" || code == "RequestExpired") return true;
  if (code == "InvalidSignatureException" || code == "SignatureDoesNotMatch") {
    const std::string& m = r.error->message;
    return m.find("Signature expired") != std::string::npos || m.find("Signature not yet current") != std::string::npos;
  }
  return false;
}

bool IsExpiredCredentials(std::string_view code) {
  return code == "ExpiredToken" || code == "ExpiredTokenException" || code == "InvalidToken" ||
         code == "TokenRefreshRequired";
}

}  // namespace

std::string_view AwsResponse::Header(std::string_view name) const { return net::HeaderValue(headers, name); }

std::string AwsResponse::RequestId() const {
  if (error && !error->request_id.empty()) return error->request_id;
  for (std::string_view name : {"x-amz-request-id", "x-amzn-requestid"}) {
    std::string_view v = Header(name);
    if (!v.empty()) return std::string(v);
  }
  return "";
}

std::string AwsResponse::Describe() const {
  std::string s = std::to_string(status);
  if (error) {
    s += " " + error->code;
    if (!error->message.empty()) s += ": " + error->message;
  } else if (!unparsed_error.empty()) {
    s += " (" + unparsed_error + ")";
  } else if (status >= 300) {
    s += " with no error body";
  }
  std::string id = RequestId();
  if (!id.empty()) s += " (request id " + id + ")";
  if (attempts > 1) s += " after " + std::to_string(attempts) + " attempts";
  return s;
}

StatusCode StatusCodeOf(const AwsResponse& r) {
  std::string_view code = r.code();
  if (r.status == 403 || code == "AccessDenied" || code == "InvalidAccessKeyId" || code == "SignatureDoesNotMatch" ||
      IsExpiredCredentials(code)) {
    return StatusCode::kPermissionDenied;
  }
  if (r.status == 404) return StatusCode::kNotFound;
  if (ClassifyResponse(r.status, code) != RetryKind::kNone) return StatusCode::kUnavailable;
  return StatusCode::kInvalidInput;
}

Status ResponseError(const AwsRequest& request, const AwsResponse& response) {
  return Status(StatusCodeOf(response), request.Describe() + ": " + response.Describe());
}

Status BodyError(const AwsRequest& request, const Status& parse_error) {
  // The parsers name the call themselves ("GetBucketAcl: ..."); say it once.
  std::string_view msg = parse_error.message();
  size_t colon = msg.find(": ");
  if (colon != std::string_view::npos && request.operation.ends_with(msg.substr(0, colon)))
    msg.remove_prefix(colon + 2);
  return Status(StatusCode::kInvalidInput, request.Describe() + ": " + std::string(msg));
}

AwsCaller::AwsCaller(std::shared_ptr<AwsContext> context)
    : context_(std::move(context)), transport_(context_->hooks().transport()) {}

Result<AwsResponse> AwsCaller::Call(const AwsRequest& request) { return Run(request, nullptr); }

Result<AwsResponse> AwsCaller::CallWith(const AwsRequest& request, const Credentials& credentials) {
  return Run(request, &credentials);
}

Result<AwsResponse> AwsCaller::Run(const AwsRequest& request, const Credentials* fixed) {
  AwsContext& ctx = *context_;
  const RetrySettings& settings = ctx.retry_settings();
  int attempt = 1, quota_taken = 0;
  bool skew_corrected = false, credentials_refreshed = false;
  while (true) {
    net::HttpRequest http;
    http.method = request.method;
    http.url = request.Url();
    http.body = request.body;
    http.timeout = std::min(request.timeout, ctx.config().timeout * 4);
    http.connect_timeout = std::min(http.connect_timeout, ctx.config().timeout);
    http.max_response_bytes = request.max_response_bytes;
    http.headers.push_back({"Host", request.target.host});
    for (const net::Header& h : request.headers) http.headers.push_back(h);
    if (request.sign) {
      Credentials creds;
      if (fixed != nullptr) {
        creds = *fixed;
      } else {
        auto fetched = ctx.credentials().Fetch();
        if (!fetched.ok()) {
          return Status(fetched.status().code(), request.Describe() + ": " + fetched.status().message());
        }
        creds = std::move(fetched).value();
      }
      SignableRequest signable{request.method, request.target.path, request.query, http.headers, http.body};
      SigningParams params{.region = request.target.signing_region,
                           .service = request.signing_name,
                           .time = ctx.Now(),
                           .s3 = request.s3,
                           .content_sha256_header = request.s3};
      Signed s = SignHeaders(signable, creds, params);
      for (net::Header& h : s.headers) http.headers.push_back(std::move(h));
    }
    http.headers.push_back({"User-Agent", std::string(kUserAgent)});  // after signing: never signed

    auto sent = transport_->Send(http);
    RetryKind kind;
    std::string reason;
    std::optional<AwsResponse> response;
    if (!sent.ok()) {
      kind = ClassifyTransport(sent.status());
      reason = sent.status().message();
    } else {
      AwsResponse r;
      r.status = sent->status;
      r.headers = std::move(sent->headers);
      r.body = std::move(sent->body);
      r.attempts = attempt;
      // JSON-protocol services (Organizations) answer errors in JSON, and
      // may name the code only in x-amzn-ErrorType.
      bool json_error = LooksLikeJson(r.body) || (r.body.empty() && !r.Header("x-amzn-ErrorType").empty());
      if (r.status >= 300 && (!r.body.empty() || json_error)) {
        auto e = json_error ? ParseJsonErrorBody(r.body, r.Header("x-amzn-ErrorType")) : ParseErrorBody(r.body);
        if (e.ok()) {
          r.error = std::move(e).value();
        } else {
          r.unparsed_error = "the body is not an AWS error document: " + e.status().message();
        }
      }
      if (IsClockSkewError(r) && !skew_corrected) {
        std::optional<Clock::time_point> server = ParseHttpDate(r.Header("Date"));
        if (!server && r.error && !r.error->server_time.empty()) {
          auto t = ParseIso8601(r.error->server_time);
          if (t.ok()) server = *t;
        }
        if (server) {
          auto skew = std::chrono::duration_cast<std::chrono::seconds>(*server - ctx.hooks().now());
          log::Warn("aws.clock_skew", {{"operation", request.operation}, {"skew_seconds", skew.count()}});
          ctx.SetClockSkew(skew);
          skew_corrected = true;
          continue;
        }
      }
      if (IsExpiredCredentials(r.code()) && fixed == nullptr && !credentials_refreshed) {
        log::Warn("aws.credentials.expired", {{"operation", request.operation}});
        ctx.credentials().Invalidate();
        credentials_refreshed = true;
        continue;
      }
      kind = ClassifyResponse(r.status, r.code());
      reason = r.Describe();
      response = std::move(r);
    }

    int cost = 0;
    if (kind != RetryKind::kNone && attempt < settings.max_attempts && ctx.quota().Acquire(kind, cost)) {
      quota_taken += cost;
      auto delay = Backoff(attempt, ctx.Random(), settings);
      log::Info("aws.retry", {{"operation", request.operation},
                              {"resource", request.resource},
                              {"attempt", attempt},
                              {"reason", reason},
                              {"delay_ms", delay.count()}});
      ctx.Sleep(delay);
      ++attempt;
      continue;
    }
    if (!response) {
      std::string msg = request.Describe() + ": " + reason;
      if (attempt > 1) msg += " (after " + std::to_string(attempt) + " attempts)";
      return Status(sent.status().code(), msg);
    }
    if (response->ok()) ctx.quota().OnSuccess(quota_taken);
    return std::move(*response);
  }
}

}  // namespace bucketwatch::aws
