#include "net/http.h"

#include <cctype>
#include <cstdlib>
#include <mutex>

#include "base/redact.h"
#include "base/text.h"
#include "net/ca_location.h"
#include "net/curl_api.h"

namespace bucketwatch::net {
namespace {

void GlobalInit(const CurlApi& api) {
  static std::once_flag once;
  // curl >= 7.57 initialises its TLS backend here whatever the flags (OpenSSL
  // reads openssl.cnf: about 1 ms and 2 MiB, docs/benchmarks.md), so this
  // runs on the first HttpClient, not at start-up. CA certificates are still
  // read only at the first TLS handshake.
  std::call_once(once, [&api] { api.global_init(CURL_GLOBAL_NOTHING); });
}

// Found once per process: the file system does not change under a Lambda.
const CaLocation& DefaultCaLocation() {
  static const CaLocation location = FindCaLocation();
  return location;
}

struct Collector {
  HttpResponse* response;
  size_t limit;
  bool too_large = false;
};

size_t OnBody(char* data, size_t size, size_t n, void* user) {
  auto* c = static_cast<Collector*>(user);
  size_t len = size * n;
  if (c->response->body.size() + len > c->limit) {
    c->too_large = true;
    return 0;  // aborts the transfer
  }
  c->response->body.append(data, len);
  return len;
}

size_t OnHeader(char* data, size_t size, size_t n, void* user) {
  auto* c = static_cast<Collector*>(user);
  std::string_view line(data, size * n);
  if (line.substr(0, 5) == "HTTP/") {
    c->response->headers.clear();  // a new response (after 100 Continue or a proxy CONNECT)
    return size * n;
  }
  size_t colon = line.find(':');
  if (colon == std::string_view::npos) return size * n;
  std::string_view name = line.substr(0, colon);
  std::string_view value = line.substr(colon + 1);
  while (!value.empty() && (value.front() == ' ' || value.front() == '\t')) value.remove_prefix(1);
  while (!value.empty() && (value.back() == '\r' || value.back() == '\n' || value.back() == ' '))
    value.remove_suffix(1);
  c->response->headers.push_back({std::string(name), std::string(value)});
  return size * n;
}

}  // namespace

struct HttpClient::Impl {
  Result<const CurlApi*> api = Curl();
  CURL* curl = nullptr;
  char error[CURL_ERROR_SIZE] = {};
  Impl() {
    if (!api.ok()) return;
    GlobalInit(**api);
    curl = (*api)->easy_init();
  }
  ~Impl() {
    if (curl != nullptr) (*api)->easy_cleanup(curl);
  }
};

HttpClient::HttpClient() : impl_(std::make_unique<Impl>()) {}
HttpClient::~HttpClient() = default;
HttpClient::HttpClient(HttpClient&&) noexcept = default;
HttpClient& HttpClient::operator=(HttpClient&&) noexcept = default;

std::string_view HeaderValue(const std::vector<Header>& headers, std::string_view name) {
  for (const Header& h : headers) {
    if (EqualsIgnoringCase(h.name, name)) return h.value;
  }
  return {};
}

std::string DescribeRequest(std::string_view method, std::string_view url) {
  return std::string(method) + " " + RedactUrl(url);
}

Result<HttpResponse> HttpClient::Send(const HttpRequest& req) {
  CURL* curl = impl_->curl;
  std::string what = DescribeRequest(req.method, req.url);
  if (!impl_->api.ok()) return Status(impl_->api.status().code(), what + ": " + impl_->api.status().message());
  if (curl == nullptr) return Status(StatusCode::kInternal, what + ": could not create a curl handle");
  const CurlApi& api = **impl_->api;
  api.easy_reset(curl);  // keeps the connection cache, clears options
  impl_->error[0] = '\0';

  HttpResponse response;
  Collector collector{&response, req.max_response_bytes};
  curl_slist* headers = nullptr;
  // libcurl adds "Expect: 100-continue" to large bodies and a default
  // Accept; a signed request must carry exactly the headers it signed.
  headers = api.slist_append(headers, "Expect:");
  headers = api.slist_append(headers, "Accept:");
  bool has_content_type = false;
  for (const Header& h : req.headers) {
    std::string line = h.name + (h.value.empty() ? ";" : ": " + h.value);
    headers = api.slist_append(headers, line.c_str());
    if (EqualsIgnoringCase(h.name, "content-type")) has_content_type = true;
  }
  if (!has_content_type) headers = api.slist_append(headers, "Content-Type:");

  api.easy_setopt(curl, CURLOPT_URL, req.url.c_str());
  api.easy_setopt(curl, CURLOPT_HTTPHEADER, headers);
  api.easy_setopt(curl, CURLOPT_ERRORBUFFER, impl_->error);
  api.easy_setopt(curl, CURLOPT_NOSIGNAL, 1L);
  api.easy_setopt(curl, CURLOPT_TCP_NODELAY, 1L);
  api.easy_setopt(curl, CURLOPT_FOLLOWLOCATION, 0L);  // S3 redirects need a new signature
  api.easy_setopt(curl, CURLOPT_PROTOCOLS_STR, "http,https");
  api.easy_setopt(curl, CURLOPT_TIMEOUT_MS, static_cast<long>(req.timeout.count()));
  api.easy_setopt(curl, CURLOPT_CONNECTTIMEOUT_MS, static_cast<long>(req.connect_timeout.count()));
  api.easy_setopt(curl, CURLOPT_WRITEFUNCTION, &OnBody);
  api.easy_setopt(curl, CURLOPT_WRITEDATA, &collector);
  api.easy_setopt(curl, CURLOPT_HEADERFUNCTION, &OnHeader);
  api.easy_setopt(curl, CURLOPT_HEADERDATA, &collector);
  api.easy_setopt(curl, CURLOPT_SSL_VERIFYPEER, 1L);
  api.easy_setopt(curl, CURLOPT_SSL_VERIFYHOST, 2L);
  // SSL_CERT_FILE / SSL_CERT_DIR override; otherwise the hashed directory or
  // bundle this system keeps (net/ca_location.h). CAINFO is always set, so
  // libcurl's compiled-in Debian path is never used on another system.
  const char* file = std::getenv("SSL_CERT_FILE");
  const char* dir = std::getenv("SSL_CERT_DIR");
  bool file_set = file != nullptr && *file != '\0';
  bool dir_set = dir != nullptr && *dir != '\0';
  if (file_set || dir_set) {
    api.easy_setopt(curl, CURLOPT_CAINFO, file_set ? file : nullptr);
    api.easy_setopt(curl, CURLOPT_CAPATH, dir_set ? dir : nullptr);
  } else {
    const CaLocation& ca = DefaultCaLocation();
    api.easy_setopt(curl, CURLOPT_CAINFO, ca.file.empty() ? nullptr : ca.file.c_str());
    api.easy_setopt(curl, CURLOPT_CAPATH, ca.dir.empty() ? nullptr : ca.dir.c_str());
  }
  if (!req.use_proxy) api.easy_setopt(curl, CURLOPT_PROXY, "");

  if (req.method == "GET") {
    api.easy_setopt(curl, CURLOPT_HTTPGET, 1L);
  } else if (req.method == "HEAD") {
    api.easy_setopt(curl, CURLOPT_NOBODY, 1L);
  } else {
    api.easy_setopt(curl, CURLOPT_CUSTOMREQUEST, req.method.c_str());
    if (!req.body.empty() || req.method == "POST" || req.method == "PUT") {
      api.easy_setopt(curl, CURLOPT_POSTFIELDS, req.body.data());
      api.easy_setopt(curl, CURLOPT_POSTFIELDSIZE_LARGE, static_cast<curl_off_t>(req.body.size()));
    }
  }

  CURLcode rc = api.easy_perform(curl);
  api.slist_free_all(headers);
  if (rc != CURLE_OK) {
    if (collector.too_large) {
      return Status(StatusCode::kTooLarge,
                    what + ": response larger than " + std::to_string(req.max_response_bytes) + " bytes; refused");
    }
    std::string detail = impl_->error[0] != '\0' ? impl_->error : api.easy_strerror(rc);
    detail = RedactSecret(detail, req.url);  // curl quotes URLs in some messages
    StatusCode code = StatusCode::kIoError;
    switch (rc) {
      case CURLE_COULDNT_CONNECT:
      case CURLE_COULDNT_RESOLVE_HOST:
      case CURLE_COULDNT_RESOLVE_PROXY:
      case CURLE_OPERATION_TIMEDOUT:
      case CURLE_SEND_ERROR:
      case CURLE_RECV_ERROR:
      case CURLE_GOT_NOTHING:
      case CURLE_PARTIAL_FILE:
      case CURLE_HTTP2:
      case CURLE_HTTP2_STREAM:
      case CURLE_SSL_CONNECT_ERROR: code = StatusCode::kUnavailable; break;
      default: break;
    }
    return Status(code, what + ": " + detail);
  }
  api.easy_getinfo(curl, CURLINFO_RESPONSE_CODE, &response.status);
  return response;
}

}  // namespace bucketwatch::net
