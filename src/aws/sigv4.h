// AWS Signature Version 4 (docs/sources.md, "Signature Version 4"): header signing for every
// service, and presigned URLs.
//
// The request is given as it will go on the wire: the path already
// percent-encoded (each S3 key segment encoded once), the query string as
// sent. For S3 and S3 Control (SigningParams::s3) the canonical URI is that
// path unchanged; for every other service it is the path normalised and
// encoded again ("double encoding"). The signer adds X-Amz-Date, the
// session token and, for S3, x-amz-content-sha256, and signs every header
// given except hop-by-hop ones that proxies and libcurl rewrite.
//
// Pure computation: thread-safe; signing keys are cached per thread.
#ifndef BUCKETWATCH_AWS_SIGV4_H_
#define BUCKETWATCH_AWS_SIGV4_H_

#include <chrono>
#include <string>
#include <string_view>
#include <vector>

#include "aws/credentials.h"
#include "aws/crypto.h"
#include "net/http.h"

namespace bucketwatch::aws {

struct SignableRequest {
  std::string method = "GET";
  std::string path = "/";            // on-the-wire form, starts with '/'
  std::string query;                 // on-the-wire form, without '?'
  std::vector<net::Header> headers;  // must include Host
  std::string_view body;
};

struct SigningParams {
  std::string region;
  std::string service;  // the signing name: "s3" for S3 and S3 Control, "sts", ...
  Clock::time_point time;
  bool s3 = false;                     // S3 path rules: no normalisation, single encoding
  bool content_sha256_header = false;  // add and sign x-amz-content-sha256 (required by S3)
  bool unsigned_payload = false;       // hash "UNSIGNED-PAYLOAD" instead of the body
  bool omit_session_token = false;     // add the token after signing (legacy services only)
};

struct Signed {
  std::string canonical_request;
  std::string string_to_sign;
  std::string signature;
  // Header signing: headers to add to the request, Authorization last.
  std::vector<net::Header> headers;
  // Presigning: the whole query string to send, X-Amz-Signature last.
  std::string query;
};

Signed SignHeaders(const SignableRequest& request, const Credentials& credentials, const SigningParams& params);
Signed Presign(const SignableRequest& request, const Credentials& credentials, const SigningParams& params,
               std::chrono::seconds expires);

// "20150830T123600Z".
std::string AmzDate(Clock::time_point t);
// The derived signing key (cached per thread by date, region, service and key).
Digest SigningKey(std::string_view secret, std::string_view date, std::string_view region, std::string_view service);

}  // namespace bucketwatch::aws

#endif  // BUCKETWATCH_AWS_SIGV4_H_
