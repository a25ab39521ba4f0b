#include "serve/http_intake.h"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <nlohmann/json.hpp>
#include <openssl/crypto.h>
#include <sys/socket.h>

#include <condition_variable>
#include <cstring>
#include <mutex>
#include <set>
#include <thread>

#include "aws/crypto.h"
#include "base/json.h"
#include "base/log.h"
#include "events/event.h"
#include "serve/microhttpd_api.h"

namespace bucketwatch::serve {

namespace {

// libmicrohttpd's functions. Start loads them before it starts a daemon, and
// every other call is made by that daemon or on it.
const MicrohttpdApi& Mhd() { return *Microhttpd().value(); }

// libmicrohttpd times out only idle connections: a client that sends one
// byte of its headers every few seconds keeps its connection, and its
// thread, for as long as it likes (slowloris). Every connection waiting for
// a request has a deadline by which the request must have arrived whole; a
// watchdog shuts the socket of one past it down, so that its thread reads
// the end of the stream and libmicrohttpd closes it.
//
// Safe against the descriptor being reused: libmicrohttpd reports a
// connection closed (Closed, under the same lock) before it closes its
// socket (daemon.c, MHD_cleanup_connections), so a descriptor still listed
// here is still that connection's.
class RequestDeadlines {
 public:
  using Clock = std::chrono::steady_clock;
  struct Connection {
    RequestDeadlines* owner = nullptr;
    int fd = -1;
    bool receiving = true;  // waiting for a request to arrive whole
    bool shut = false;
    Clock::time_point deadline;
  };

  RequestDeadlines(std::chrono::seconds timeout, std::atomic<int64_t>& timed_out)
      : timeout_(timeout), timed_out_(timed_out), thread_([this] { Watch(); }) {}
  ~RequestDeadlines() {
    {
      std::lock_guard lock(mu_);
      stop_ = true;
    }
    cv_.notify_all();
    thread_.join();
  }

  Connection* Started(int fd) {
    auto* c = new Connection{this, fd, true, false, Clock::now() + timeout_};
    std::lock_guard lock(mu_);
    open_.insert(c);
    return c;
  }
  void Closed(Connection* c) {
    {
      std::lock_guard lock(mu_);
      open_.erase(c);
    }
    delete c;
  }
  // A response is queued: the request arrived.
  void Answered(Connection* c) {
    std::lock_guard lock(mu_);
    c->receiving = false;
  }
  // The request is over; on a kept-alive connection the next may come.
  void Ready(Connection* c) {
    std::lock_guard lock(mu_);
    c->receiving = true;
    c->deadline = Clock::now() + timeout_;
  }

 private:
  void Watch() {
    std::unique_lock lock(mu_);
    while (!stop_) {
      cv_.wait_for(lock, std::chrono::milliseconds(200));
      Clock::time_point now = Clock::now();
      int64_t closed = 0;
      for (Connection* c : open_) {
        if (!c->receiving || c->shut || c->deadline > now) continue;
        ::shutdown(c->fd, SHUT_RDWR);
        c->shut = true;
        ++closed;
      }
      if (closed > 0) {
        timed_out_ += closed;
        log::Warn("serve.slow_requests_closed",
                  {{"connections", std::to_string(closed)}, {"request_timeout_s", std::to_string(timeout_.count())}});
      }
    }
  }

  const std::chrono::seconds timeout_;
  std::atomic<int64_t>& timed_out_;
  std::mutex mu_;
  std::condition_variable cv_;
  std::set<Connection*> open_;
  bool stop_ = false;
  std::thread thread_;  // last: started once the rest is ready
};

RequestDeadlines::Connection* ConnectionOf(MHD_Connection* connection) {
  const MHD_ConnectionInfo* info = Mhd().get_connection_info(connection, MHD_CONNECTION_INFO_SOCKET_CONTEXT);
  return info == nullptr ? nullptr : static_cast<RequestDeadlines::Connection*>(info->socket_context);
}

}  // namespace

struct HttpIntake::Impl {
  ServeConfig config;
  InboxWriter* writer = nullptr;
  Metrics* metrics = nullptr;
  std::atomic<bool>* draining = nullptr;
  std::unique_ptr<RequestDeadlines> deadlines;
};

namespace {

struct Request {
  std::string body;
  bool too_large = false;
};

std::string ErrorBody(std::string_view reason) {
  nlohmann::ordered_json j = nlohmann::ordered_json::object();
  j["error"] = std::string(reason);
  return j.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace) + "\n";
}

MHD_Result Respond(MHD_Connection* connection, unsigned int status, const std::string& body,
                   const char* content_type = "application/json", int retry_after = 0) {
  MHD_Response* response =
      Mhd().create_response_from_buffer(body.size(), const_cast<char*>(body.data()), MHD_RESPMEM_MUST_COPY);
  if (response == nullptr) return MHD_NO;
  if (RequestDeadlines::Connection* c = ConnectionOf(connection)) c->owner->Answered(c);
  Mhd().add_response_header(response, MHD_HTTP_HEADER_CONTENT_TYPE, content_type);
  std::string retry = std::to_string(retry_after);
  if (retry_after > 0) Mhd().add_response_header(response, MHD_HTTP_HEADER_RETRY_AFTER, retry.c_str());
  MHD_Result r = Mhd().queue_response(connection, status, response);
  Mhd().destroy_response(response);
  return r;
}

MHD_Result Refuse(HttpIntake::Impl& impl, MHD_Connection* connection, std::string_view reason) {
  impl.metrics->events_refused++;
  return Respond(connection, MHD_HTTP_SERVICE_UNAVAILABLE, ErrorBody(reason), "application/json",
                 impl.config.retry_after_seconds);
}

MHD_Result Reject(HttpIntake::Impl& impl, MHD_Connection* connection, unsigned int status, std::string_view reason) {
  impl.metrics->events_rejected++;
  return Respond(connection, status, ErrorBody(reason));
}

// The event as the inbox keeps it: its EventBridge id, or (for an event
// without one) the hash of its text, so a repeated delivery is recognised.
MHD_Result Accept(HttpIntake::Impl& impl, MHD_Connection* connection, std::string body) {
  thread_local json::Parser parser;
  auto event = events::ParseEvent(body, parser);
  if (!event.ok()) return Reject(impl, connection, MHD_HTTP_BAD_REQUEST, event.status().ToString());
  std::string id = event->envelope.id;
  if (id.empty()) id = "sha256:" + aws::Sha256Hex(body);
  if (impl.draining->load()) return Refuse(impl, connection, "shutting down");
  if (impl.metrics->inbox_depth.load() >= impl.config.max_inbox) return Refuse(impl, connection, "inbox full");
  auto added = impl.writer->Add(id, std::move(body));
  if (!added.ok()) return Refuse(impl, connection, "not stored: " + added.status().message());
  std::string answer = R"({"accepted":true,"id":)" +
                       nlohmann::json(id).dump(-1, ' ', false, nlohmann::json::error_handler_t::replace) +
                       (*added ? "" : R"(,"duplicate":true)") + "}\n";
  return Respond(connection, MHD_HTTP_ACCEPTED, answer);
}

MHD_Result OnRequest(void* cls, MHD_Connection* connection, const char* url, const char* method,
                     const char* /*version*/, const char* upload_data, size_t* upload_data_size, void** con_cls) {
  auto& impl = *static_cast<HttpIntake::Impl*>(cls);
  std::string_view path(url);
  std::string_view verb(method);
  auto* request = static_cast<Request*>(*con_cls);
  if (request == nullptr) {
    impl.metrics->http_requests++;
    if (verb == "GET" || verb == "HEAD") {
      if (path == "/healthz") {
        if (impl.draining->load())
          return Respond(connection, MHD_HTTP_SERVICE_UNAVAILABLE, "shutting down\n", "text/plain");
        return Respond(connection, MHD_HTTP_OK, "ok\n", "text/plain");
      }
      if (path == "/metrics") {
        return Respond(connection, MHD_HTTP_OK, impl.metrics->Render(), "text/plain; version=0.0.4; charset=utf-8");
      }
      return Respond(connection, MHD_HTTP_NOT_FOUND, ErrorBody("no such path; events go to POST /events"));
    }
    if (path != "/events" && path != "/")
      return Respond(connection, MHD_HTTP_NOT_FOUND, ErrorBody("no such path; events go to POST /events"));
    if (verb != "POST") return Respond(connection, MHD_HTTP_METHOD_NOT_ALLOWED, ErrorBody("use POST"));
    // Decided before reading the body.
    const char* secret = Mhd().lookup_connection_value(connection, MHD_HEADER_KIND, impl.config.secret_header.c_str());
    if (secret == nullptr || !SecretMatches(secret, impl.config.shared_secret)) {
      return Reject(impl, connection, MHD_HTTP_UNAUTHORIZED,
                    "missing or wrong " + impl.config.secret_header + " header");
    }
    if (impl.draining->load()) return Refuse(impl, connection, "shutting down");
    if (impl.metrics->inbox_depth.load() >= impl.config.max_inbox) return Refuse(impl, connection, "inbox full");
    const char* length = Mhd().lookup_connection_value(connection, MHD_HEADER_KIND, MHD_HTTP_HEADER_CONTENT_LENGTH);
    if (length != nullptr && std::strtoull(length, nullptr, 10) > impl.config.max_body_bytes) {
      return Reject(impl, connection, MHD_HTTP_CONTENT_TOO_LARGE,
                    "event larger than " + std::to_string(impl.config.max_body_bytes) + " bytes");
    }
    *con_cls = new Request();
    return MHD_YES;
  }
  if (*upload_data_size > 0) {
    if (!request->too_large) {
      if (request->body.size() + *upload_data_size > impl.config.max_body_bytes) {
        request->too_large = true;
        request->body.clear();
      } else {
        request->body.append(upload_data, *upload_data_size);
      }
    }
    *upload_data_size = 0;
    return MHD_YES;
  }
  if (request->too_large) {
    return Reject(impl, connection, MHD_HTTP_CONTENT_TOO_LARGE,
                  "event larger than " + std::to_string(impl.config.max_body_bytes) + " bytes");
  }
  return Accept(impl, connection, std::move(request->body));
}

void OnCompleted(void* /*cls*/, MHD_Connection* connection, void** con_cls, MHD_RequestTerminationCode /*code*/) {
  delete static_cast<Request*>(*con_cls);
  *con_cls = nullptr;
  if (RequestDeadlines::Connection* c = ConnectionOf(connection)) c->owner->Ready(c);
}

void OnConnection(void* cls, MHD_Connection* connection, void** socket_context, MHD_ConnectionNotificationCode code) {
  auto& deadlines = *static_cast<RequestDeadlines*>(cls);
  if (code == MHD_CONNECTION_NOTIFY_STARTED) {
    const MHD_ConnectionInfo* info = Mhd().get_connection_info(connection, MHD_CONNECTION_INFO_CONNECTION_FD);
    *socket_context = info == nullptr ? nullptr : deadlines.Started(info->connect_fd);
  } else if (*socket_context != nullptr) {
    deadlines.Closed(static_cast<RequestDeadlines::Connection*>(*socket_context));
    *socket_context = nullptr;
  }
}

}  // namespace

bool SecretMatches(std::string_view given, std::string_view expected) {
  // Hashing first makes the comparison the same length whatever was sent.
  aws::Digest a = aws::Sha256(given);
  aws::Digest b = aws::Sha256(expected);
  return CRYPTO_memcmp(a.data(), b.data(), a.size()) == 0;
}

Result<std::unique_ptr<HttpIntake>> HttpIntake::Start(const ServeConfig& config, InboxWriter& writer,
                                                      Metrics& metrics) {
  std::unique_ptr<HttpIntake> intake(new HttpIntake());
  intake->impl_ = std::make_unique<Impl>();
  intake->impl_->config = config;
  intake->impl_->writer = &writer;
  intake->impl_->metrics = &metrics;
  intake->impl_->draining = &intake->draining_;
  intake->impl_->deadlines =
      std::make_unique<RequestDeadlines>(config.request_timeout, metrics.http_requests_timed_out);

  sockaddr_in v4{};
  sockaddr_in6 v6{};
  sockaddr* address = nullptr;
  unsigned int flags = MHD_USE_THREAD_PER_CONNECTION | MHD_USE_INTERNAL_POLLING_THREAD | MHD_USE_POLL;
  if (inet_pton(AF_INET, config.listen_address.c_str(), &v4.sin_addr) == 1) {
    v4.sin_family = AF_INET;
    v4.sin_port = htons(static_cast<uint16_t>(config.listen_port));
    address = reinterpret_cast<sockaddr*>(&v4);
  } else if (inet_pton(AF_INET6, config.listen_address.c_str(), &v6.sin6_addr) == 1) {
    v6.sin6_family = AF_INET6;
    v6.sin6_port = htons(static_cast<uint16_t>(config.listen_port));
    address = reinterpret_cast<sockaddr*>(&v6);
    flags |= MHD_USE_IPv6;
  } else {
    return InvalidInput("listen.address must be an IPv4 or IPv6 address (found " + config.listen_address + ")");
  }
  BW_RETURN_IF_ERROR(Microhttpd().status());
  intake->daemon_ = Mhd().start_daemon(
      flags, static_cast<uint16_t>(config.listen_port), nullptr, nullptr, &OnRequest, intake->impl_.get(),
      MHD_OPTION_SOCK_ADDR, address, MHD_OPTION_NOTIFY_COMPLETED, &OnCompleted, nullptr, MHD_OPTION_NOTIFY_CONNECTION,
      &OnConnection, intake->impl_->deadlines.get(), MHD_OPTION_CONNECTION_LIMIT,
      static_cast<unsigned int>(config.max_connections), MHD_OPTION_PER_IP_CONNECTION_LIMIT,
      static_cast<unsigned int>(config.max_connections_per_client), MHD_OPTION_CONNECTION_TIMEOUT,
      static_cast<unsigned int>(30), MHD_OPTION_LISTEN_BACKLOG_SIZE, static_cast<unsigned int>(1024), MHD_OPTION_END);
  if (intake->daemon_ == nullptr) {
    return IoError("cannot listen on " + config.listen_address + ":" + std::to_string(config.listen_port) +
                   " (in use, or not an address of this machine)");
  }
  const MHD_DaemonInfo* info = Mhd().get_daemon_info(intake->daemon_, MHD_DAEMON_INFO_BIND_PORT);
  intake->port_ = info != nullptr ? info->port : config.listen_port;
  return intake;
}

void HttpIntake::Stop() {
  draining_ = true;
  if (daemon_ != nullptr) {
    Mhd().stop_daemon(daemon_);
    daemon_ = nullptr;
  }
  if (impl_ != nullptr) impl_->deadlines.reset();  // after every connection is closed
}

HttpIntake::~HttpIntake() { Stop(); }

}  // namespace bucketwatch::serve
