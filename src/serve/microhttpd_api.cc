#include "serve/microhttpd_api.h"

#include "base/loaded_library.h"

namespace bucketwatch::serve {
namespace {

Result<MicrohttpdApi> Load() {
  BW_ASSIGN_OR_RETURN(
      LoadedLibrary library,
      LoadedLibrary::Open(kMicrohttpdLibrary, "libmicrohttpd, for the HTTP intake", "libmicrohttpd 0.9.71 or later"));
  MicrohttpdApi a{};
  for (Status s : {library.Find("MHD_start_daemon", a.start_daemon), library.Find("MHD_stop_daemon", a.stop_daemon),
                   library.Find("MHD_get_daemon_info", a.get_daemon_info),
                   library.Find("MHD_get_connection_info", a.get_connection_info),
                   library.Find("MHD_lookup_connection_value", a.lookup_connection_value),
                   library.Find("MHD_create_response_from_buffer", a.create_response_from_buffer),
                   library.Find("MHD_add_response_header", a.add_response_header),
                   library.Find("MHD_queue_response", a.queue_response),
                   library.Find("MHD_destroy_response", a.destroy_response)}) {
    BW_RETURN_IF_ERROR(s);
  }
  return a;
}

}  // namespace

Result<const MicrohttpdApi*> Microhttpd() {
  static const Result<MicrohttpdApi> loaded = Load();
  if (!loaded.ok()) return loaded.status();
  return &loaded.value();
}

}  // namespace bucketwatch::serve
