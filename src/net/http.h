// HTTP client over libcurl: one request at a time per HttpClient, with the
// connection kept alive between requests (an HttpClient owns one curl easy
// handle and its connection cache). Not thread-safe: use one per thread.
//
// Failures are values: a transport failure (no response) is a Status whose
// code is kUnavailable when a retry may help (connection refused or reset,
// timeout, DNS) and kIoError otherwise (TLS verification, a malformed URL).
// Messages name the method and the URL with its path redacted, never the
// whole URL: a Slack webhook's path is a credential.
//
// TLS: peer and host are always verified. CA certificates come from
// SSL_CERT_FILE / SSL_CERT_DIR when either is set, else from the hashed CA
// directory or bundle this system keeps (net/ca_location.h: Debian's
// /etc/ssl/certs, Amazon Linux 2023's directory-hash or ca-bundle.crt). A
// hashed directory is read lazily, one certificate per handshake, instead of
// parsing a whole bundle at start-up (22-43 ms; docs/sources.md, "CA bundle loading cost").
#ifndef BUCKETWATCH_NET_HTTP_H_
#define BUCKETWATCH_NET_HTTP_H_

#include <chrono>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "base/status.h"

namespace bucketwatch::net {

struct Header {
  std::string name;
  std::string value;
};

// Case-insensitive header lookup; empty when absent.
std::string_view HeaderValue(const std::vector<Header>& headers, std::string_view name);

struct HttpRequest {
  std::string method = "GET";
  std::string url;
  std::vector<Header> headers;  // sent exactly as given (libcurl adds none of its own)
  std::string body;
  std::chrono::milliseconds timeout{10000};  // whole request; 0 = none (long polls)
  std::chrono::milliseconds connect_timeout{3000};
  bool use_proxy = true;  // false for loopback endpoints such as the Lambda Runtime API
  size_t max_response_bytes = 64u << 20;
};

struct HttpResponse {
  long status = 0;
  std::vector<Header> headers;  // names as received
  std::string body;
  std::string_view HeaderValue(std::string_view name) const { return net::HeaderValue(headers, name); }
};

class HttpClient {
 public:
  HttpClient();
  ~HttpClient();
  HttpClient(const HttpClient&) = delete;
  HttpClient& operator=(const HttpClient&) = delete;
  HttpClient(HttpClient&&) noexcept;
  HttpClient& operator=(HttpClient&&) noexcept;

  // Sends the request and waits for the whole response. Any HTTP status is
  // a response, not an error.
  Result<HttpResponse> Send(const HttpRequest& request);

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

// "POST https://hooks.slack.com/***" for messages.
std::string DescribeRequest(std::string_view method, std::string_view url);

}  // namespace bucketwatch::net

#endif  // BUCKETWATCH_NET_HTTP_H_
