// libmicrohttpd, loaded when the daemon starts its HTTP intake rather than
// at start-up (base/loaded_library.h): it brings GnuTLS and ten more
// libraries that no other command uses.
#ifndef BUCKETWATCH_SERVE_MICROHTTPD_API_H_
#define BUCKETWATCH_SERVE_MICROHTTPD_API_H_

#include <microhttpd.h>

#include "base/status.h"

namespace bucketwatch::serve {

// The libmicrohttpd functions the HTTP intake calls.
struct MicrohttpdApi {
  decltype(&::MHD_start_daemon) start_daemon;
  decltype(&::MHD_stop_daemon) stop_daemon;
  decltype(&::MHD_get_daemon_info) get_daemon_info;
  decltype(&::MHD_get_connection_info) get_connection_info;
  decltype(&::MHD_lookup_connection_value) lookup_connection_value;
  decltype(&::MHD_create_response_from_buffer) create_response_from_buffer;
  decltype(&::MHD_add_response_header) add_response_header;
  decltype(&::MHD_queue_response) queue_response;
  decltype(&::MHD_destroy_response) destroy_response;
};

// The name libmicrohttpd is loaded by.
inline constexpr const char* kMicrohttpdLibrary = "libmicrohttpd.so.12";

// libmicrohttpd's functions, loaded once per process on the first call; or
// an error that names the library and says why it could not be loaded.
Result<const MicrohttpdApi*> Microhttpd();

}  // namespace bucketwatch::serve

#endif  // BUCKETWATCH_SERVE_MICROHTTPD_API_H_
