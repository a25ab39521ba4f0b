#include "aws/sigv4.h"

#include <algorithm>
#include <array>
#include <cctype>
#include <ctime>

#include "aws/uri.h"
#include "base/text.h"

namespace bucketwatch::aws {
namespace {

constexpr std::string_view kAlgorithm = "AWS4-HMAC-SHA256";

// Headers that proxies, libcurl or the SDKs themselves change or add after
// signing (botocore's SIGNED_HEADERS_BLACKLIST plus authorization).
bool Unsignable(std::string_view lower_name) {
  static constexpr std::array<std::string_view, 12> kSkip = {
      "authorization", "connection",        "expect",  "keep-alive", "proxy-authenticate", "proxy-authorization", "te",
      "trailer",       "transfer-encoding", "upgrade", "user-agent", "x-amzn-trace-id"};
  return std::find(kSkip.begin(), kSkip.end(), lower_name) != kSkip.end();
}

// Trims, and turns every run of whitespace (including folded line breaks)
// into one space (docs/sources.md, "Signature Version 4").
std::string CanonicalValue(std::string_view v) {
  std::string out;
  out.reserve(v.size());
  bool space = false;
  for (char c : v) {
    if (c == ' ' || c == '\t' || c == '\r' || c == '\n') {
      space = !out.empty();
      continue;
    }
    if (space) out.push_back(' ');
    space = false;
    out.push_back(c);
  }
  return out;
}

struct CanonicalHeaders {
  std::string block;         // "name:value\n" for each
  std::string signed_names;  // "a;b;c"
};

CanonicalHeaders Canonicalize(const std::vector<net::Header>& headers) {
  // Stable sort by lower-case name keeps repeated headers in their order.
  std::vector<std::pair<std::string, std::string_view>> items;
  items.reserve(headers.size());
  for (const net::Header& h : headers) {
    std::string name = Lower(h.name);
    if (Unsignable(name)) continue;
    items.emplace_back(std::move(name), h.value);
  }
  std::stable_sort(items.begin(), items.end(), [](const auto& a, const auto& b) { return a.first < b.first; });
  CanonicalHeaders out;
  for (size_t i = 0; i < items.size(); ++i) {
    if (i > 0 && items[i].first == items[i - 1].first) {
      out.block.back() = ',';  // replace the previous '\n'
    } else {
      if (!out.signed_names.empty()) out.signed_names.push_back(';');
      out.signed_names += items[i].first;
      out.block += items[i].first;
      out.block.push_back(':');
    }
    out.block += CanonicalValue(items[i].second);
    out.block.push_back('\n');
  }
  return out;
}

std::string CanonicalUri(const SignableRequest& request, const SigningParams& params) {
  std::string_view path = request.path.empty() ? std::string_view("/") : std::string_view(request.path);
  if (params.s3) return std::string(path);
  return UriEncode(NormalizePath(path), /*keep_slash=*/true);
}

std::string Scope(std::string_view date, const SigningParams& p) {
  std::string s(date);
  s += '/';
  s += p.region;
  s += '/';
  s += p.service;
  s += "/aws4_request";
  return s;
}

std::string JoinCanonical(const SignableRequest& request, const SigningParams& params, const std::string& query,
                          const CanonicalHeaders& headers, std::string_view payload_hash) {
  std::string c = request.method;
  c += '\n';
  c += CanonicalUri(request, params);
  c += '\n';
  c += query;
  c += '\n';
  c += headers.block;
  c += '\n';
  c += headers.signed_names;
  c += '\n';
  c += payload_hash;
  return c;
}

std::string StringToSign(std::string_view amz_date, std::string_view scope, std::string_view canonical) {
  std::string s(kAlgorithm);
  s += '\n';
  s += amz_date;
  s += '\n';
  s += scope;
  s += '\n';
  s += Sha256Hex(canonical);
  return s;
}

std::string PayloadHash(const SignableRequest& request, const SigningParams& params) {
  if (params.unsigned_payload) return "UNSIGNED-PAYLOAD";
  return Sha256Hex(request.body);
}

bool IsHeader(const net::Header& h, std::string_view lower_name) { return Lower(h.name) == lower_name; }

}  // namespace

std::string AmzDate(Clock::time_point t) {
  std::time_t secs = Clock::to_time_t(t);
  std::tm tm{};
  gmtime_r(&secs, &tm);
  char buf[32];
  std::strftime(buf, sizeof buf, "%Y%m%dT%H%M%SZ", &tm);
  return buf;
}

Digest SigningKey(std::string_view secret, std::string_view date, std::string_view region, std::string_view service) {
  struct Entry {
    std::string secret, date, region, service;
    Digest key{};
  };
  // A scan signs thousands of requests with a handful of (region, day)
  // pairs: four HMACs saved per request.
  thread_local std::array<Entry, 8> cache;
  thread_local size_t next = 0;
  for (const Entry& e : cache) {
    if (e.date == date && e.region == region && e.service == service && e.secret == secret && !e.date.empty()) {
      return e.key;
    }
  }
  std::string k = "AWS4";
  k += secret;
  Digest key = HmacSha256(k, date);
  key = HmacSha256(key, region);
  key = HmacSha256(key, service);
  key = HmacSha256(key, "aws4_request");
  Entry& slot = cache[next];
  next = (next + 1) % cache.size();
  slot = Entry{std::string(secret), std::string(date), std::string(region), std::string(service), key};
  return key;
}

Signed SignHeaders(const SignableRequest& request, const Credentials& credentials, const SigningParams& params) {
  std::string amz_date = AmzDate(params.time);
  std::string date = amz_date.substr(0, 8);
  std::vector<net::Header> headers;
  headers.reserve(request.headers.size() + 3);
  std::string payload_hash;
  for (const net::Header& h : request.headers) {
    // The signer owns these: the date and the token come from its inputs.
    if (IsHeader(h, "authorization") || IsHeader(h, "x-amz-date") || IsHeader(h, "x-amz-security-token")) continue;
    if (IsHeader(h, "x-amz-content-sha256")) payload_hash = h.value;
    headers.push_back(h);
  }
  Signed out;
  out.headers.push_back({"X-Amz-Date", amz_date});
  if (payload_hash.empty()) {
    payload_hash = PayloadHash(request, params);
    if (params.content_sha256_header) out.headers.push_back({"x-amz-content-sha256", payload_hash});
  }
  if (!credentials.session_token.empty() && !params.omit_session_token) {
    out.headers.push_back({"X-Amz-Security-Token", credentials.session_token});
  }
  headers.insert(headers.end(), out.headers.begin(), out.headers.end());

  CanonicalHeaders canonical = Canonicalize(headers);
  std::string scope = Scope(date, params);
  out.canonical_request =
      JoinCanonical(request, params, CanonicalQuery(ParseQuery(request.query)), canonical, payload_hash);
  out.string_to_sign = StringToSign(amz_date, scope, out.canonical_request);
  out.signature = Hex(
      HmacSha256(SigningKey(credentials.secret_access_key, date, params.region, params.service), out.string_to_sign));
  if (!credentials.session_token.empty() && params.omit_session_token) {
    out.headers.push_back({"X-Amz-Security-Token", credentials.session_token});
  }
  std::string authorization(kAlgorithm);
  authorization += " Credential=";
  authorization += credentials.access_key_id;
  authorization += '/';
  authorization += scope;
  authorization += ", SignedHeaders=";
  authorization += canonical.signed_names;
  authorization += ", Signature=";
  authorization += out.signature;
  out.headers.push_back({"Authorization", std::move(authorization)});
  return out;
}

Signed Presign(const SignableRequest& request, const Credentials& credentials, const SigningParams& params,
               std::chrono::seconds expires) {
  std::string amz_date = AmzDate(params.time);
  std::string date = amz_date.substr(0, 8);
  std::string scope = Scope(date, params);
  std::vector<net::Header> headers;
  for (const net::Header& h : request.headers) {
    if (IsHeader(h, "authorization") || IsHeader(h, "x-amz-date")) continue;
    headers.push_back(h);
  }
  CanonicalHeaders canonical = Canonicalize(headers);

  QueryParams added = {{"X-Amz-Algorithm", std::string(kAlgorithm)},
                       {"X-Amz-Credential", credentials.access_key_id + "/" + scope},
                       {"X-Amz-Date", amz_date},
                       {"X-Amz-SignedHeaders", canonical.signed_names},
                       {"X-Amz-Expires", std::to_string(expires.count())}};
  bool token_signed = !credentials.session_token.empty() && !params.omit_session_token;
  if (token_signed) added.emplace_back("X-Amz-Security-Token", credentials.session_token);
  QueryParams all = ParseQuery(request.query);
  all.insert(all.end(), added.begin(), added.end());

  Signed out;
  out.canonical_request = JoinCanonical(request, params, CanonicalQuery(all), canonical, PayloadHash(request, params));
  out.string_to_sign = StringToSign(amz_date, scope, out.canonical_request);
  out.signature = Hex(
      HmacSha256(SigningKey(credentials.secret_access_key, date, params.region, params.service), out.string_to_sign));
  if (!credentials.session_token.empty() && params.omit_session_token) {
    added.emplace_back("X-Amz-Security-Token", credentials.session_token);
  }
  added.emplace_back("X-Amz-Signature", out.signature);
  out.query = request.query;
  std::string tail = EncodeQuery(added);
  if (!out.query.empty()) out.query.push_back('&');
  out.query += tail;
  return out;
}

}  // namespace bucketwatch::aws
