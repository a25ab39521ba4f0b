// A loopback S3 for the scan benchmark only (never for tests, never in
// bucketwatch): serves N generated buckets and answers every request a fixed
// delay after it arrived, so that a scan's wall time can be set against the
// bound requests x latency / concurrency.
//
// One thread, epoll and a timerfd: requests are parsed as they arrive,
// their answers queued with the time they are due (all delays are equal, so
// the queue is in due order) and written when the timer fires. It costs a
// few microseconds of CPU per request, so on a shared 2-core machine it is
// not what limits a scan of 64 requests in flight (a thread-per-connection
// server spent as much CPU as the client it was measuring).
//
//   s3_standin --buckets 10000 --latency-ms 20
//   -> prints "port N" on stdout once it accepts; GET /__stats answers the
//      request count at once; SIGTERM or SIGINT stops it.
//
// The buckets: bench-NNNNNN in three regions; every 50th has a public-read
// policy, every 7th a policy for another account, every 100th an AllUsers
// READ grant with ACLs enabled; the rest are private. HTTP/1.1 with
// keep-alive, as much of it as bucketwatch's requests need.
#include <arpa/inet.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <signal.h>
#include <sys/epoll.h>
#include <sys/signalfd.h>
#include <sys/socket.h>
#include <sys/timerfd.h>
#include <unistd.h>

#include <cerrno>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <deque>
#include <string>
#include <unordered_map>

namespace {

using Clock = std::chrono::steady_clock;

constexpr const char* kNs = "http://s3.amazonaws.com/doc/2006-03-01/";
const char* const kRegions[] = {"us-east-1", "ap-northeast-1", "eu-west-1"};

long g_buckets = 10000;

std::string Name(long i) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "bench-%06ld", i);
  return buf;
}

long Index(const std::string& name) {
  if (name.rfind("bench-", 0) != 0) return -1;
  char* end = nullptr;
  long i = std::strtol(name.c_str() + 6, &end, 10);
  return (end != nullptr && *end == '\0') ? i : -1;
}

struct Reply {
  int status = 200;
  std::string body;
};

Reply Error(int status, const char* code, const char* message) {
  return {status, std::string("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<Error><Code>") + code + "</Code><Message>" +
                      message + "</Message><RequestId>BENCH</RequestId></Error>"};
}

// "max-buckets=1000&continuation-token=x" -> the value of `name`, or "" (no decoding needed here).
std::string Param(const std::string& query, const std::string& name, bool* present = nullptr) {
  size_t pos = 0;
  while (pos <= query.size()) {
    size_t amp = query.find('&', pos);
    if (amp == std::string::npos) amp = query.size();
    std::string pair = query.substr(pos, amp - pos);
    size_t eq = pair.find('=');
    if (pair.substr(0, eq) == name) {
      if (present != nullptr) *present = true;
      return eq == std::string::npos ? "" : pair.substr(eq + 1);
    }
    pos = amp + 1;
  }
  if (present != nullptr) *present = false;
  return "";
}

Reply ListBuckets(const std::string& query) {
  bool has_max = false, has_token = false;
  std::string max_text = Param(query, "max-buckets", &has_max);
  std::string token = Param(query, "continuation-token", &has_token);
  long max = has_max ? std::atol(max_text.c_str()) : 10000;
  long start = has_token ? Index(token) + 1 : 0;
  long end = std::min(g_buckets, start + max);
  std::string x = std::string("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<ListAllMyBucketsResult xmlns=\"") + kNs +
                  "\"><Owner><ID>bench-owner</ID></Owner><Buckets>";
  x.reserve(static_cast<size_t>(std::max(0L, end - start)) * 140 + 300);
  for (long i = start; i < end; ++i) {
    x += "<Bucket><Name>" + Name(i) + "</Name><CreationDate>2024-01-01T00:00:00.000Z</CreationDate><BucketRegion>" +
         kRegions[i % 3] + "</BucketRegion></Bucket>";
  }
  x += "</Buckets>";
  if (end < g_buckets) x += "<ContinuationToken>" + Name(end - 1) + "</ContinuationToken>";
  x += "</ListAllMyBucketsResult>";
  return {200, x};
}

Reply BucketCall(const std::string& name, const std::string& query) {
  long i = Index(name);
  if (i < 0 || i >= g_buckets) return Error(404, "NoSuchBucket", "The specified bucket does not exist");
  bool public_policy = i % 50 == 0, partner_policy = !public_policy && i % 7 == 0, acl_public = i % 100 == 1;
  bool has = false;
  auto sub = [&](const char* p) {
    Param(query, p, &has);
    return has;
  };
  if (sub("policy")) {
    if (!public_policy && !partner_policy) return Error(404, "NoSuchBucketPolicy", "The bucket policy does not exist");
    std::string principal = public_policy ? "\"*\"" : "{\"AWS\":\"arn:aws:iam::444455556666:root\"}";
    return {200, "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Sid\":\"Bench\",\"Effect\":\"Allow\",\"Principal\":" +
                     principal + ",\"Action\":\"s3:GetObject\",\"Resource\":\"arn:aws:s3:::" + name + "/*\"}]}"};
  }
  if (sub("acl")) {
    std::string grants =
        "<Grant><Grantee xmlns:xsi=\"http://www.w3.org/2001/XMLSchema-instance\" xsi:type=\"CanonicalUser\">"
        "<ID>bench-owner</ID></Grantee><Permission>FULL_CONTROL</Permission></Grant>";
    if (acl_public) {
      grants +=
          "<Grant><Grantee xmlns:xsi=\"http://www.w3.org/2001/XMLSchema-instance\" xsi:type=\"Group\"><URI>"
          "http://acs.amazonaws.com/groups/global/AllUsers</URI></Grantee><Permission>READ</Permission></Grant>";
    }
    return {200, std::string("<AccessControlPolicy xmlns=\"") + kNs +
                     "\"><Owner><ID>bench-owner</ID></Owner><AccessControlList>" + grants +
                     "</AccessControlList></AccessControlPolicy>"};
  }
  if (sub("publicAccessBlock")) {
    return Error(404, "NoSuchPublicAccessBlockConfiguration", "The public access block configuration was not found");
  }
  if (sub("ownershipControls")) {
    return {200, std::string("<OwnershipControls xmlns=\"") + kNs + "\"><Rule><ObjectOwnership>" +
                     (acl_public ? "ObjectWriter" : "BucketOwnerEnforced") +
                     "</ObjectOwnership></Rule></OwnershipControls>"};
  }
  if (sub("policyStatus")) {
    if (!public_policy && !partner_policy) return Error(404, "NoSuchBucketPolicy", "The bucket policy does not exist");
    return {200, std::string("<PolicyStatus xmlns=\"") + kNs + "\"><IsPublic>" + (public_policy ? "true" : "false") +
                     "</IsPublic></PolicyStatus>"};
  }
  if (sub("location")) {
    return {200, std::string("<LocationConstraint xmlns=\"") + kNs + "\">" + kRegions[i % 3] + "</LocationConstraint>"};
  }
  return Error(400, "InvalidRequest", "not served by the stand-in");
}

Reply Answer(const std::string& method, const std::string& target) {
  size_t q = target.find('?');
  std::string path = target.substr(0, q);
  std::string query = q == std::string::npos ? "" : target.substr(q + 1);
  if (method == "POST") {
    return {200,
            "<GetCallerIdentityResponse xmlns=\"https://sts.amazonaws.com/doc/2011-06-15/\"><GetCallerIdentityResult>"
            "<Arn>arn:aws:iam::111122223333:user/bench</Arn><UserId>AIDABENCH</UserId><Account>111122223333</Account>"
            "</GetCallerIdentityResult></GetCallerIdentityResponse>"};
  }
  if (path == "/v20180820/configuration/publicAccessBlock") {
    return {200,
            "<PublicAccessBlockConfiguration xmlns=\"http://awss3control.amazonaws.com/doc/2018-08-20/\">"
            "<BlockPublicAcls>false</BlockPublicAcls><IgnorePublicAcls>false</IgnorePublicAcls>"
            "<BlockPublicPolicy>false</BlockPublicPolicy><RestrictPublicBuckets>false</RestrictPublicBuckets>"
            "</PublicAccessBlockConfiguration>"};
  }
  if (path == "/") return ListBuckets(query);
  return BucketCall(path.substr(1), query);
}

std::string Http(const Reply& r, bool head) {
  const char* reason = r.status == 200 ? "OK" : r.status == 404 ? "Not Found" : "Bad Request";
  std::string out = "HTTP/1.1 " + std::to_string(r.status) + " " + reason +
                    "\r\nContent-Type: application/xml\r\nContent-Length: " + std::to_string(r.body.size()) +
                    "\r\nx-amz-request-id: BENCH\r\n\r\n";
  if (!head) out += r.body;
  return out;
}

struct Connection {
  int fd = -1;
  std::string in;
  std::string out;  // bytes written when due, or left over from a short write
};

struct Due {
  Clock::time_point at;
  int fd;
  std::string bytes;
};

void SetNonBlocking(int fd) { fcntl(fd, F_SETFL, fcntl(fd, F_GETFL) | O_NONBLOCK); }

}  // namespace

int main(int argc, char** argv) {
  int latency_ms = 20;
  for (int i = 1; i + 1 < argc; i += 2) {
    if (std::strcmp(argv[i], "--buckets") == 0) g_buckets = std::atol(argv[i + 1]);
    if (std::strcmp(argv[i], "--latency-ms") == 0) latency_ms = std::atoi(argv[i + 1]);
  }
  const auto latency = std::chrono::milliseconds(latency_ms);
  signal(SIGPIPE, SIG_IGN);

  int listener = socket(AF_INET, SOCK_STREAM, 0);
  int one = 1;
  setsockopt(listener, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one);
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  if (bind(listener, reinterpret_cast<sockaddr*>(&addr), sizeof addr) != 0 || listen(listener, 1024) != 0) {
    std::perror("s3_standin: bind/listen");
    return 1;
  }
  socklen_t len = sizeof addr;
  getsockname(listener, reinterpret_cast<sockaddr*>(&addr), &len);
  SetNonBlocking(listener);

  sigset_t stop;
  sigemptyset(&stop);
  sigaddset(&stop, SIGTERM);
  sigaddset(&stop, SIGINT);
  sigprocmask(SIG_BLOCK, &stop, nullptr);
  int signals = signalfd(-1, &stop, SFD_NONBLOCK);
  int timer = timerfd_create(CLOCK_MONOTONIC, TFD_NONBLOCK);

  int ep = epoll_create1(0);
  auto watch = [ep](int fd, uint32_t events) {
    epoll_event ev{};
    ev.events = events;
    ev.data.fd = fd;
    epoll_ctl(ep, EPOLL_CTL_ADD, fd, &ev);
  };
  watch(listener, EPOLLIN);
  watch(signals, EPOLLIN);
  watch(timer, EPOLLIN);

  std::unordered_map<int, Connection> conns;
  std::deque<Due> due;
  long requests = 0;
  bool timer_armed = false;

  auto arm = [&] {
    if (due.empty() || timer_armed) return;
    auto wait = std::chrono::duration_cast<std::chrono::nanoseconds>(due.front().at - Clock::now()).count();
    if (wait < 1) wait = 1;
    itimerspec spec{};
    spec.it_value.tv_sec = wait / 1000000000;
    spec.it_value.tv_nsec = wait % 1000000000;
    timerfd_settime(timer, 0, &spec, nullptr);
    timer_armed = true;
  };
  auto close_conn = [&](int fd) {
    epoll_ctl(ep, EPOLL_CTL_DEL, fd, nullptr);
    close(fd);
    conns.erase(fd);
  };
  auto flush = [&](Connection& c) {
    while (!c.out.empty()) {
      ssize_t n = write(c.fd, c.out.data(), c.out.size());
      if (n < 0) {
        if (errno == EAGAIN) {
          epoll_event ev{};
          ev.events = EPOLLIN | EPOLLOUT;
          ev.data.fd = c.fd;
          epoll_ctl(ep, EPOLL_CTL_MOD, c.fd, &ev);
          return;
        }
        close_conn(c.fd);
        return;
      }
      c.out.erase(0, static_cast<size_t>(n));
    }
  };

  std::printf("port %d\n", ntohs(addr.sin_port));
  std::fflush(stdout);

  epoll_event events[256];
  for (bool running = true; running;) {
    int n = epoll_wait(ep, events, 256, -1);
    for (int e = 0; e < n; ++e) {
      int fd = events[e].data.fd;
      if (fd == signals) {
        running = false;
      } else if (fd == listener) {
        for (int c; (c = accept4(listener, nullptr, nullptr, SOCK_NONBLOCK)) >= 0;) {
          setsockopt(c, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
          conns[c].fd = c;
          watch(c, EPOLLIN);
        }
      } else if (fd == timer) {
        uint64_t expirations;
        (void)read(timer, &expirations, sizeof expirations);
        timer_armed = false;
        auto now = Clock::now();
        while (!due.empty() && due.front().at <= now) {
          auto it = conns.find(due.front().fd);
          if (it != conns.end()) {
            it->second.out += due.front().bytes;
            flush(it->second);
          }
          due.pop_front();
        }
        arm();
      } else {
        auto it = conns.find(fd);
        if (it == conns.end()) continue;
        Connection& c = it->second;
        if (events[e].events & EPOLLOUT) {
          flush(c);
          if (conns.count(fd) && c.out.empty()) {
            epoll_event ev{};
            ev.events = EPOLLIN;
            ev.data.fd = fd;
            epoll_ctl(ep, EPOLL_CTL_MOD, fd, &ev);
          }
          if (!conns.count(fd)) continue;
        }
        if (!(events[e].events & (EPOLLIN | EPOLLHUP | EPOLLERR))) continue;
        char buf[16384];
        ssize_t got = read(fd, buf, sizeof buf);
        if (got <= 0) {
          if (got < 0 && errno == EAGAIN) continue;
          close_conn(fd);
          continue;
        }
        c.in.append(buf, static_cast<size_t>(got));
        // Every complete request in the buffer (bucketwatch sends one at a time per connection).
        for (;;) {
          size_t end = c.in.find("\r\n\r\n");
          if (end == std::string::npos) break;
          size_t body = 0;
          size_t cl = c.in.find("\r\nContent-Length:");
          if (cl == std::string::npos) cl = c.in.find("\r\ncontent-length:");
          if (cl != std::string::npos && cl < end) body = std::strtoul(c.in.c_str() + cl + 17, nullptr, 10);
          if (c.in.size() < end + 4 + body) break;
          size_t sp1 = c.in.find(' ');
          size_t sp2 = c.in.find(' ', sp1 + 1);
          std::string method = c.in.substr(0, sp1);
          std::string target = c.in.substr(sp1 + 1, sp2 - sp1 - 1);
          c.in.erase(0, end + 4 + body);
          if (target == "/__stats") {
            c.out += Http({200, std::to_string(requests)}, false);
            flush(c);
            continue;
          }
          ++requests;
          due.push_back({Clock::now() + latency, fd, Http(Answer(method, target), method == "HEAD")});
          arm();
        }
      }
    }
  }
  return 0;
}
