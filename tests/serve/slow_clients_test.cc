// Slow clients against the HTTP intake (slowloris): connections that
// trickle their headers one byte at a time must neither hold every
// connection slot nor keep theirs forever. The attacker connects from
// 127.0.0.2 (all of 127/8 is loopback on Linux), the health check from
// 127.0.0.1, as a load balancer's probe would come from its own address.
#include <arpa/inet.h>
#include <gtest/gtest.h>
#include <httplib.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <atomic>
#include <cerrno>
#include <chrono>
#include <filesystem>
#include <thread>
#include <vector>

#include "serve/http_intake.h"
#include "serve/inbox_writer.h"
#include "store/store.h"
#include "support/serve_daemon.h"

namespace bucketwatch::serve {
namespace {

namespace fs = std::filesystem;

// An intake on an ephemeral port with its own store.
class Intake {
 public:
  explicit Intake(ServeConfig config) : dir_(fs::temp_directory_path() / ("bw-slow-" + std::to_string(getpid()))) {
    fs::remove_all(dir_);
    fs::create_directories(dir_);
    auto store = store::Store::Open((dir_ / "state.db").string());
    EXPECT_TRUE(store.ok()) << store.status().ToString();
    writer_ = std::make_unique<InboxWriter>(std::move(store).value(), metrics_);
    config.listen_port = 0;
    config.shared_secret = "slow-clients-test-secret-0123";
    auto intake = HttpIntake::Start(config, *writer_, metrics_);
    EXPECT_TRUE(intake.ok()) << intake.status().ToString();
    intake_ = std::move(intake).value();
  }
  ~Intake() {
    intake_->Stop();
    writer_->Stop();
    fs::remove_all(dir_);
  }
  int port() const { return intake_->port(); }
  Metrics& metrics() { return metrics_; }

 private:
  fs::path dir_;
  Metrics metrics_;
  std::unique_ptr<InboxWriter> writer_;
  std::unique_ptr<HttpIntake> intake_;
};

// A TCP connection from `from` (a loopback address) to 127.0.0.1:port; -1 on failure.
int Connect(const char* from, int port) {
  int fd = ::socket(AF_INET, SOCK_STREAM, 0);
  if (fd < 0) return -1;
  sockaddr_in local{};
  local.sin_family = AF_INET;
  inet_pton(AF_INET, from, &local.sin_addr);
  sockaddr_in server{};
  server.sin_family = AF_INET;
  server.sin_port = htons(static_cast<uint16_t>(port));
  inet_pton(AF_INET, "127.0.0.1", &server.sin_addr);
  if (::bind(fd, reinterpret_cast<sockaddr*>(&local), sizeof local) != 0 ||
      ::connect(fd, reinterpret_cast<sockaddr*>(&server), sizeof server) != 0) {
    ::close(fd);
    return -1;
  }
  timeval t{10, 0};  // a bound on a wait for the server, not a measurement
  setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &t, sizeof t);
  return fd;
}

bool EndOfStream(ssize_t n) { return n == 0 || (n < 0 && errno != EAGAIN && errno != EWOULDBLOCK); }

// Waits for the server to close the connection (end of stream or reset).
bool ClosedByServer(int fd) {
  char c;
  return EndOfStream(::recv(fd, &c, 1, 0));
}

// Whether the server has closed it already.
bool ClosedByServerNow(int fd) {
  char c;
  return EndOfStream(::recv(fd, &c, 1, MSG_DONTWAIT));
}

TEST(SlowClients, ManySlowConnectionsFromOneAddressDoNotStopHealthChecks) {
  ServeConfig config;  // the defaults: 512 connections in all
  Intake intake(config);
  std::vector<int> slow;
  for (int i = 0; i < 512; ++i) {
    int fd = Connect("127.0.0.2", intake.port());
    if (fd < 0) continue;
    // The start of a request whose headers never end.
    static constexpr char kStart[] = "POST /events HTTP/1.1\r\nHost: x\r\nX-Slow: ";
    (void)!::send(fd, kStart, sizeof kStart - 1, MSG_NOSIGNAL);
    slow.push_back(fd);
  }
  ASSERT_FALSE(slow.empty());

  httplib::Client probe("127.0.0.1", intake.port());
  probe.set_connection_timeout(20);
  probe.set_read_timeout(20);
  auto r = probe.Get("/healthz");
  ASSERT_TRUE(r) << "no answer to /healthz: " << httplib::to_string(r.error());
  EXPECT_EQ(r->status, 200);
  for (int fd : slow) ::close(fd);
}

TEST(SlowClients, ARequestTricklingInIsClosedAtItsDeadline) {
  ServeConfig config;
  config.request_timeout = std::chrono::seconds(1);
  Intake intake(config);
  int fd = Connect("127.0.0.2", intake.port());
  ASSERT_GE(fd, 0);
  std::string request = "POST /events HTTP/1.1\r\nHost: x\r\nX-Slow: ";
  ASSERT_GT(::send(fd, request.data(), request.size(), MSG_NOSIGNAL), 0);
  // One byte every 100 ms never lets the connection go idle. Without a
  // deadline on the whole request it would stay open for the 600 bytes.
  bool closed = false;
  for (int i = 0; i < 600 && !closed; ++i) {
    std::this_thread::sleep_for(std::chrono::milliseconds(100));
    closed = ::send(fd, "a", 1, MSG_NOSIGNAL) < 0 || ClosedByServerNow(fd);
  }
  ::close(fd);
  EXPECT_TRUE(closed) << "the server kept a connection that never finished its request";
  // Counted by the server's thread after it closed the connection, so
  // possibly a moment after the client saw the close.
  EXPECT_TRUE(testing::WaitFor([&] { return intake.metrics().http_requests_timed_out.load() >= 1; }))
      << "the closed request was not counted as timed out";
}

TEST(SlowClients, OneAddressGetsOnlyItsShareOfConnections) {
  ServeConfig config;
  config.max_connections_per_client = 4;
  Intake intake(config);
  std::vector<int> held;
  for (int i = 0; i < 4; ++i) {
    int fd = Connect("127.0.0.2", intake.port());
    ASSERT_GE(fd, 0);
    held.push_back(fd);
  }
  // The fifth from the same address is closed at once; another address is served.
  int fifth = Connect("127.0.0.2", intake.port());
  ASSERT_GE(fifth, 0);  // the kernel accepts; libmicrohttpd then closes it
  EXPECT_TRUE(ClosedByServer(fifth));
  ::close(fifth);
  httplib::Client other("127.0.0.1", intake.port());
  auto r = other.Get("/healthz");
  ASSERT_TRUE(r);
  EXPECT_EQ(r->status, 200);
  for (int fd : held) ::close(fd);
}

}  // namespace
}  // namespace bucketwatch::serve
