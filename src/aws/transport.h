// The HTTP door every AWS call goes through, so that tests can see exactly
// what would be sent (golden wire vectors) and production uses libcurl with
// a kept-alive connection per thread.
#ifndef BUCKETWATCH_AWS_TRANSPORT_H_
#define BUCKETWATCH_AWS_TRANSPORT_H_

#include <functional>
#include <memory>

#include "net/http.h"

namespace bucketwatch::aws {

class Transport {
 public:
  virtual ~Transport() = default;
  virtual Result<net::HttpResponse> Send(const net::HttpRequest& request) = 0;
};

// net::HttpClient: one curl handle, its connections kept alive. One per thread.
class CurlTransport : public Transport {
 public:
  Result<net::HttpResponse> Send(const net::HttpRequest& request) override { return client_.Send(request); }

 private:
  net::HttpClient client_;
};

using TransportFactory = std::function<std::unique_ptr<Transport>()>;
inline TransportFactory CurlTransportFactory() {
  return [] { return std::make_unique<CurlTransport>(); };
}

}  // namespace bucketwatch::aws

#endif  // BUCKETWATCH_AWS_TRANSPORT_H_
