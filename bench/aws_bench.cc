// What one AWS request costs bucketwatch's own code, before the network:
// signing (with and without the cached signing key) and parsing the
// answers a bucket snapshot needs. Prints figures; asserts nothing.
//   cmake --preset release && cmake --build --preset release -j2 && build/release/bench/aws_bench
#include <benchmark/benchmark.h>

#include "aws/sigv4.h"
#include "aws/xml_responses.h"

namespace bucketwatch::aws {
namespace {

const Credentials kCreds{.access_key_id = "AKIDEXAMPLE",
                         .secret_access_key = "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY",
                         .session_token = "session-token-example"};

SignableRequest AclRequest() {
  return SignableRequest{.method = "GET",
                         .path = "/",
                         .query = "acl",
                         .headers = {{"Host", "example-bucket-1.s3.ap-northeast-1.amazonaws.com"},
                                     {"x-amz-expected-bucket-owner", "123456789012"}}};
}

void BM_SignS3Request(benchmark::State& state) {
  SignableRequest req = AclRequest();
  SigningParams p{
      .region = "ap-northeast-1", .service = "s3", .time = Clock::now(), .s3 = true, .content_sha256_header = true};
  for (auto _ : state) benchmark::DoNotOptimize(SignHeaders(req, kCreds, p));
}
BENCHMARK(BM_SignS3Request);

void BM_DeriveSigningKeyUncached(benchmark::State& state) {
  int i = 0;
  for (auto _ : state) {
    // A new region every time defeats the per-thread cache.
    benchmark::DoNotOptimize(SigningKey(kCreds.secret_access_key, "20260102", "r" + std::to_string(i++ % 64), "s3"));
  }
}
BENCHMARK(BM_DeriveSigningKeyUncached);

std::string AclXml(int grants) {
  std::string x =
      "<?xml version=\"1.0\" encoding=\"UTF-8\"?><AccessControlPolicy "
      "xmlns=\"http://s3.amazonaws.com/doc/2006-03-01/\"><Owner><ID>75aa57f09aa0c8caeab4f8c24e99d10f8e7faeeb"
      "f76c078efc7c6caea54ba06a</ID></Owner><AccessControlList>";
  for (int i = 0; i < grants; ++i) {
    x += "<Grant><Grantee xmlns:xsi=\"http://www.w3.org/2001/XMLSchema-instance\" xsi:type=\"Group\"><URI>"
         "http://acs.amazonaws.com/groups/global/AllUsers</URI></Grantee><Permission>READ</Permission></Grant>";
  }
  return x + "</AccessControlList></AccessControlPolicy>";
}

void BM_ParseBucketAcl(benchmark::State& state) {
  std::string xml = AclXml(4);
  for (auto _ : state) benchmark::DoNotOptimize(ParseAccessControlPolicy(xml));
  state.SetBytesProcessed(static_cast<int64_t>(state.iterations() * xml.size()));
}
BENCHMARK(BM_ParseBucketAcl);

void BM_ParseListBuckets(benchmark::State& state) {
  std::string xml =
      "<ListAllMyBucketsResult xmlns=\"http://s3.amazonaws.com/doc/2006-03-01/\"><Owner><ID>o</ID>"
      "</Owner><Buckets>";
  for (int i = 0; i < state.range(0); ++i) {
    xml += "<Bucket><Name>example-bucket-" + std::to_string(i) +
           "</Name><CreationDate>2019-12-11T23:32:47.000Z</CreationDate><BucketRegion>ap-northeast-1</BucketRegion>"
           "</Bucket>";
  }
  xml += "</Buckets></ListAllMyBucketsResult>";
  for (auto _ : state) benchmark::DoNotOptimize(ParseListBuckets(xml));
  state.SetItemsProcessed(state.iterations() * state.range(0));
}
BENCHMARK(BM_ParseListBuckets)->Arg(1000)->Arg(10000);

}  // namespace
}  // namespace bucketwatch::aws

BENCHMARK_MAIN();
