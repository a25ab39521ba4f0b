// The HTTP intake (libmicrohttpd): where an EventBridge API destination or a
// forwarder POSTs events, plus /healthz and /metrics (docs/serve.md).
//
//   POST /events  one EventBridge event as JSON, with the shared secret in
//                 the configured header (compared in constant time).
//       202  durably in the inbox (after its group commit), or a duplicate
//       400  not an event bucketwatch can read: {"error": reason}
//       401  missing or wrong secret
//       413  larger than listen.max_body_bytes
//       503  inbox over inbox.max_depth, shutting down, or the store failed;
//            with Retry-After: the sender retries, nothing accepted is lost
//   GET /healthz  200 "ok" (503 while shutting down)
//   GET /metrics  Prometheus text format
//
// Bound to 127.0.0.1 by default; one thread per connection, so a request
// can wait for its group commit without holding up others.
#ifndef BUCKETWATCH_SERVE_HTTP_INTAKE_H_
#define BUCKETWATCH_SERVE_HTTP_INTAKE_H_

#include <atomic>
#include <memory>
#include <string>

#include "base/status.h"
#include "serve/config.h"
#include "serve/inbox_writer.h"
#include "serve/metrics.h"

struct MHD_Daemon;

namespace bucketwatch::serve {

class HttpIntake {
 public:
  // Starts listening. `writer` and `metrics` must outlive the intake.
  static Result<std::unique_ptr<HttpIntake>> Start(const ServeConfig& config, InboxWriter& writer, Metrics& metrics);
  ~HttpIntake();  // Stop()s

  int port() const { return port_; }
  // From now on events are refused with 503 (requests in progress finish).
  void Drain() { draining_ = true; }
  // Waits for requests in progress, then closes the listening socket.
  void Stop();

  // Used by the libmicrohttpd callbacks.
  struct Impl;

 private:
  HttpIntake() = default;
  std::unique_ptr<Impl> impl_;
  MHD_Daemon* daemon_ = nullptr;
  int port_ = 0;
  std::atomic<bool> draining_{false};
};

// The secret check: equal length and content, in time that does not depend
// on where they differ.
bool SecretMatches(std::string_view given, std::string_view expected);

}  // namespace bucketwatch::serve

#endif  // BUCKETWATCH_SERVE_HTTP_INTAKE_H_
