// The signer against every case of the official SigV4 test suites
// (docs/sources.md, "SigV4 test suites") and the S3 API Reference's worked
// examples: the classic aws4_testsuite, aws-c-auth's v4 suite (header and
// presigned variants, S3-style normalize:false cases) and s3_doc_examples.json.
#include "aws/sigv4.h"

#include <gtest/gtest.h>
#include <simdjson.h>

#include <filesystem>
#include <map>

#include "aws/uri.h"
#include "test_files.h"

namespace bucketwatch::aws {
namespace {

namespace fs = std::filesystem;
using testing::DataPath;
using testing::ReadFile;

Clock::time_point ParseAmzDate(std::string_view s) {
  std::tm tm{};
  tm.tm_year = std::stoi(std::string(s.substr(0, 4))) - 1900;
  tm.tm_mon = std::stoi(std::string(s.substr(4, 2))) - 1;
  tm.tm_mday = std::stoi(std::string(s.substr(6, 2)));
  tm.tm_hour = std::stoi(std::string(s.substr(9, 2)));
  tm.tm_min = std::stoi(std::string(s.substr(11, 2)));
  tm.tm_sec = std::stoi(std::string(s.substr(13, 2)));
  return Clock::from_time_t(timegm(&tm));
}

// A request file of either suite: "METHOD target HTTP/1.1", headers (a line
// starting with whitespace continues the previous header), blank line, body.
struct RawRequest {
  std::string method, path, query;
  std::vector<net::Header> headers;
  std::string body;
};

RawRequest ParseRequestFile(const std::string& text) {
  RawRequest r;
  size_t eol = text.find('\n');
  std::string first = text.substr(0, eol);
  size_t sp1 = first.find(' ');
  size_t sp2 = first.rfind(' ');
  r.method = first.substr(0, sp1);
  std::string target = first.substr(sp1 + 1, sp2 - sp1 - 1);
  size_t q = target.find('?');
  r.path = target.substr(0, q);
  if (q != std::string::npos) r.query = target.substr(q + 1);
  size_t pos = eol == std::string::npos ? text.size() : eol + 1;
  while (pos < text.size()) {
    size_t end = text.find('\n', pos);
    if (end == std::string::npos) end = text.size();
    std::string line = text.substr(pos, end - pos);
    pos = end + 1;
    if (line.empty()) {
      r.body = pos < text.size() ? text.substr(pos) : "";
      break;
    }
    if ((line[0] == ' ' || line[0] == '\t') && !r.headers.empty()) {
      r.headers.back().value += "\n" + line;
      continue;
    }
    size_t colon = line.find(':');
    r.headers.push_back({line.substr(0, colon), line.substr(colon + 1)});
  }
  return r;
}

std::string HeaderOf(const std::string& text, std::string_view lower_name) {
  RawRequest r = ParseRequestFile(text);
  for (const auto& h : r.headers) {
    std::string n = h.name;
    for (char& c : n) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    if (n == lower_name) return h.value;
  }
  return "";
}

// The wire path of a raw suite path: for S3 rules each byte is encoded once,
// what an S3 client sends; other services take the raw path and encode it
// themselves after normalising.
SignableRequest ToSignable(const RawRequest& raw, bool s3) {
  SignableRequest req;
  req.method = raw.method;
  req.path = s3 ? UriEncode(raw.path, /*keep_slash=*/true) : raw.path;
  req.query = raw.query;
  req.headers = raw.headers;
  req.body = raw.body;
  return req;
}

std::string AuthorizationOf(const Signed& s) {
  for (const auto& h : s.headers) {
    if (h.name == "Authorization") return h.value;
  }
  return "";
}

// --- aws4_testsuite -------------------------------------------------------

std::vector<fs::path> ClassicCases() {
  std::vector<fs::path> cases;
  for (const auto& entry : fs::recursive_directory_iterator(DataPath("sigv4/aws4_testsuite"))) {
    if (entry.path().extension() == ".req") cases.push_back(entry.path());
  }
  std::sort(cases.begin(), cases.end());
  return cases;
}

TEST(SigV4ClassicSuite, EveryCaseMatchesCanonicalRequestStringToSignAndAuthorization) {
  auto cases = ClassicCases();
  ASSERT_EQ(cases.size(), 34u);  // the suite's case count (docs/sources.md, "SigV4 test suites")
  for (const fs::path& req_path : cases) {
    std::string stem = req_path.string().substr(0, req_path.string().size() - 4);
    SCOPED_TRACE(stem);
    RawRequest raw = ParseRequestFile(ReadFile(req_path.string()));
    std::string creq = ReadFile(stem + ".creq");
    std::string sreq = ReadFile(stem + ".sreq");
    Credentials creds{.access_key_id = "AKIDEXAMPLE", .secret_access_key = "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY"};
    creds.session_token = HeaderOf(sreq, "x-amz-security-token");
    SigningParams params{.region = "us-east-1", .service = "service", .time = ParseAmzDate("20150830T123600Z")};
    params.omit_session_token = !creds.session_token.empty() && creq.find("x-amz-security-token:") == std::string::npos;
    std::erase_if(raw.headers, [](const net::Header& h) { return h.name == "X-Amz-Date"; });
    Signed s = SignHeaders(ToSignable(raw, false), creds, params);
    EXPECT_EQ(s.canonical_request, creq);
    EXPECT_EQ(s.string_to_sign, ReadFile(stem + ".sts"));
    std::string authz = ReadFile(stem + ".authz");
    EXPECT_EQ(AuthorizationOf(s), authz);
  }
}

// --- aws-signing-test-suite/v4 ---------------------------------------------

struct Context {
  Credentials creds;
  SigningParams params;
  long expires = 0;
};

Context ReadContext(const std::string& dir) {
  simdjson::dom::parser parser;
  simdjson::padded_string text(ReadFile(dir + "/context.json"));
  simdjson::dom::element doc = parser.parse(text).value();
  Context c;
  c.creds.access_key_id = std::string(doc["credentials"]["access_key_id"].get_string().value());
  c.creds.secret_access_key = std::string(doc["credentials"]["secret_access_key"].get_string().value());
  std::string_view token;
  if (!doc["credentials"]["token"].get_string().get(token)) c.creds.session_token = std::string(token);
  c.params.region = std::string(doc["region"].get_string().value());
  c.params.service = std::string(doc["service"].get_string().value());
  std::string ts(doc["timestamp"].get_string().value());  // 2015-08-30T12:36:00Z
  std::string compact;
  for (char ch : ts) {
    if (ch != '-' && ch != ':') compact.push_back(ch);
  }
  c.params.time = ParseAmzDate(compact);
  c.params.s3 = !doc["normalize"].get_bool().value();
  c.params.content_sha256_header = doc["sign_body"].get_bool().value();
  bool omit = false;
  if (!doc["omit_session_token"].get_bool().get(omit)) c.params.omit_session_token = omit;
  int64_t expires = 0;
  if (!doc["expiration_in_seconds"].get_int64().get(expires)) c.expires = expires;
  return c;
}

std::vector<std::string> V4Cases() {
  std::vector<std::string> cases;
  for (const auto& entry : fs::directory_iterator(DataPath("sigv4/aws-signing-test-suite/v4"))) {
    if (entry.is_directory()) cases.push_back(entry.path().string());
  }
  std::sort(cases.begin(), cases.end());
  return cases;
}

TEST(SigV4AwsCAuthSuite, EveryHeaderSignedCaseMatches) {
  auto cases = V4Cases();
  ASSERT_EQ(cases.size(), 38u);
  for (const std::string& dir : cases) {
    SCOPED_TRACE(dir);
    Context c = ReadContext(dir);
    RawRequest raw = ParseRequestFile(ReadFile(dir + "/request.txt"));
    Signed s = SignHeaders(ToSignable(raw, c.params.s3), c.creds, c.params);
    EXPECT_EQ(s.canonical_request, ReadFile(dir + "/header-canonical-request.txt"));
    EXPECT_EQ(s.string_to_sign, ReadFile(dir + "/header-string-to-sign.txt"));
    EXPECT_EQ(s.signature, ReadFile(dir + "/header-signature.txt"));
    // The signed request's headers (after the request line) hold every header we add.
    std::string signed_request = ReadFile(dir + "/header-signed-request.txt");
    for (const auto& h : s.headers) {
      EXPECT_NE(signed_request.find(h.name + ":" + h.value), std::string::npos) << h.name;
    }
  }
}

TEST(SigV4AwsCAuthSuite, EveryPresignedCaseMatches) {
  int checked = 0;
  for (const std::string& dir : V4Cases()) {
    if (!fs::exists(dir + "/query-signature.txt")) continue;
    SCOPED_TRACE(dir);
    Context c = ReadContext(dir);
    RawRequest raw = ParseRequestFile(ReadFile(dir + "/request.txt"));
    Signed s = Presign(ToSignable(raw, c.params.s3), c.creds, c.params, std::chrono::seconds(c.expires));
    EXPECT_EQ(s.canonical_request, ReadFile(dir + "/query-canonical-request.txt"));
    EXPECT_EQ(s.string_to_sign, ReadFile(dir + "/query-string-to-sign.txt"));
    EXPECT_EQ(s.signature, ReadFile(dir + "/query-signature.txt"));
    // Same parameters as the signed request line, whatever their order.
    std::string line = ReadFile(dir + "/query-signed-request.txt");
    line = line.substr(0, line.find('\n'));
    std::string target = line.substr(line.find(' ') + 1);
    target = target.substr(0, target.rfind(' '));
    auto want = ParseQuery(target.substr(target.find('?') + 1));
    auto got = ParseQuery(s.query);
    std::sort(want.begin(), want.end());
    std::sort(got.begin(), got.end());
    EXPECT_EQ(got, want);
    ++checked;
  }
  EXPECT_GT(checked, 30);
}

// --- S3 API Reference examples ---------------------------------------------

TEST(SigV4S3DocExamples, AllFiveExamplesMatch) {
  simdjson::dom::parser parser;
  simdjson::padded_string text(ReadFile(DataPath("sigv4/s3_doc_examples.json")));
  simdjson::dom::element doc = parser.parse(text).value();
  Credentials creds{.access_key_id = std::string(doc["access_key"].get_string().value()),
                    .secret_access_key = std::string(doc["secret_key"].get_string().value())};
  int n = 0;
  simdjson::dom::array examples = doc["examples"].get_array().value();
  for (simdjson::dom::element ex : examples) {
    std::string name(ex["name"].get_string().value());
    SCOPED_TRACE(name);
    std::string url(ex["url"].get_string().value());
    std::string rest = url.substr(url.find("://") + 3);
    std::string host = rest.substr(0, rest.find('/'));
    std::string target = rest.substr(rest.find('/'));
    SignableRequest req;
    req.method = std::string(ex["method"].get_string().value());
    size_t q = target.find('?');
    req.path = target.substr(0, q);
    if (q != std::string::npos) req.query = target.substr(q + 1);
    req.headers.push_back({"Host", host});
    simdjson::dom::array header_list = ex["headers"].get_array().value();
    for (simdjson::dom::element h : header_list) {
      req.headers.push_back({std::string(h.at(0).get_string().value()), std::string(h.at(1).get_string().value())});
    }
    std::string body;
    std::string_view b;
    if (!ex["body"].get_string().get(b)) body = std::string(b);
    req.body = body;
    std::string want_creq;
    bool first = true;
    simdjson::dom::array lines = ex["canonical_request"].get_array().value();
    for (simdjson::dom::element line : lines) {
      if (!first) want_creq += "\n";
      first = false;
      want_creq += std::string(line.get_string().value());
    }
    SigningParams params{.region = "us-east-1", .service = "s3", .time = ParseAmzDate("20130524T000000Z"), .s3 = true};
    std::string_view signer;
    Signed s;
    if (!ex["signer"].get_string().get(signer) && signer == "s3v4-query") {
      params.unsigned_payload = true;
      s = Presign(req, creds, params, std::chrono::seconds(ex["expires"].get_int64().value()));
    } else {
      params.content_sha256_header = true;
      s = SignHeaders(req, creds, params);
    }
    EXPECT_EQ(s.canonical_request, want_creq);
    EXPECT_EQ(s.signature, std::string(ex["signature"].get_string().value()));
    ++n;
  }
  EXPECT_EQ(n, 5);
}

// --- rules the suites do not spell out (docs/sources.md, "Signature Version 4") ---

TEST(SigV4Rules, S3PathIsNotNormalisedNorEncodedTwice) {
  Credentials creds{.access_key_id = "AKIDEXAMPLE", .secret_access_key = "secret"};
  SigningParams params{.region = "us-east-1", .service = "s3", .time = ParseAmzDate("20150830T123600Z"), .s3 = true};
  SignableRequest req{.path = "/my-object//example//photo.user/./a%20b", .headers = {{"Host", "b.s3.amazonaws.com"}}};
  Signed s = SignHeaders(req, creds, params);
  EXPECT_EQ(s.canonical_request.substr(0, s.canonical_request.find('\n', 4)),
            "GET\n/my-object//example//photo.user/./a%20b");
  params.s3 = false;
  s = SignHeaders(req, creds, params);
  EXPECT_EQ(s.canonical_request.substr(0, s.canonical_request.find('\n', 4)),
            "GET\n/my-object/example/photo.user/a%2520b");
}

TEST(SigV4Rules, QueryValuesAreEncodedOnceWithUpperCaseHexAndSortedByNameThenValue) {
  QueryParams p = ParseQuery("continuation-token=a%2Bb%3D%2F&max-buckets=1000&acl&b=2&b=1&sp=a%20b");
  EXPECT_EQ(CanonicalQuery(p), "acl=&b=1&b=2&continuation-token=a%2Bb%3D%2F&max-buckets=1000&sp=a%20b");
}

TEST(SigV4Rules, HopByHopAndUserAgentHeadersAreNotSigned) {
  Credentials creds{.access_key_id = "AKIDEXAMPLE", .secret_access_key = "secret"};
  SigningParams params{.region = "us-east-1", .service = "sts", .time = ParseAmzDate("20150830T123600Z")};
  SignableRequest req{.headers = {{"Host", "sts.amazonaws.com"},
                                  {"User-Agent", "x"},
                                  {"Expect", "100-continue"},
                                  {"Connection", "keep-alive"},
                                  {"X-Amzn-Trace-Id", "Root=1"}}};
  Signed s = SignHeaders(req, creds, params);
  EXPECT_NE(s.headers.back().value.find("SignedHeaders=host;x-amz-date,"), std::string::npos) << s.headers.back().value;
}

TEST(SigV4Rules, SigningKeyCacheGivesTheSameKeyAsAFreshDerivation) {
  Digest a = SigningKey("k1", "20150830", "us-east-1", "s3");
  for (int i = 0; i < 20; ++i) (void)SigningKey("k" + std::to_string(i), "20150830", "r" + std::to_string(i), "s3");
  Digest b = SigningKey("k1", "20150830", "us-east-1", "s3");
  EXPECT_EQ(a, b);
  EXPECT_NE(a, SigningKey("k2", "20150830", "us-east-1", "s3"));
}

}  // namespace
}  // namespace bucketwatch::aws
