// A real HTTP server on 127.0.0.1 (cpp-httplib), on a port the kernel
// picks. Register handlers on server(), then Start(); the destructor stops
// it. The stand-ins for Slack, AWS endpoints and the Lambda Runtime API are
// built on this, for the tests and for the stand-in programs of tools/.
// Never linked into bucketwatch itself.
#ifndef BUCKETWATCH_TOOLS_STANDINS_LOOPBACK_SERVER_H_
#define BUCKETWATCH_TOOLS_STANDINS_LOOPBACK_SERVER_H_

#include <httplib.h>

#include <string>
#include <thread>

namespace bucketwatch::testing {

class LoopbackServer {
 public:
  LoopbackServer();
  ~LoopbackServer();
  LoopbackServer(const LoopbackServer&) = delete;
  LoopbackServer& operator=(const LoopbackServer&) = delete;

  httplib::Server& server() { return server_; }
  // Binds and starts serving on a background thread; returns once it accepts.
  void Start();
  void Stop();
  int port() const { return port_; }
  std::string url() const { return "http://127.0.0.1:" + std::to_string(port_); }

 private:
  httplib::Server server_;
  std::thread thread_;
  int port_ = 0;
};

}  // namespace bucketwatch::testing

#endif  // BUCKETWATCH_TOOLS_STANDINS_LOOPBACK_SERVER_H_
