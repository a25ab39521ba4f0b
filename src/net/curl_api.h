// libcurl, loaded on first use rather than at start-up (base/loaded_library.h:
// `eval` and `check` never reach the network).
#ifndef BUCKETWATCH_NET_CURL_API_H_
#define BUCKETWATCH_NET_CURL_API_H_

#include <curl/curl.h>

#include "base/status.h"

namespace bucketwatch::net {

// The libcurl functions bucketwatch calls.
struct CurlApi {
  decltype(&::curl_global_init) global_init;
  decltype(&::curl_easy_init) easy_init;
  decltype(&::curl_easy_cleanup) easy_cleanup;
  decltype(&::curl_easy_reset) easy_reset;
  decltype(&::curl_easy_setopt) easy_setopt;
  decltype(&::curl_easy_perform) easy_perform;
  decltype(&::curl_easy_getinfo) easy_getinfo;
  decltype(&::curl_easy_strerror) easy_strerror;
  decltype(&::curl_slist_append) slist_append;
  decltype(&::curl_slist_free_all) slist_free_all;
  decltype(&::curl_getdate) getdate;
};

// The name libcurl is loaded by.
inline constexpr const char* kCurlLibrary = "libcurl.so.4";

// libcurl's functions, loaded once per process on the first call (from any
// thread); or an error that names the library and says why it could not be
// loaded.
Result<const CurlApi*> Curl();

}  // namespace bucketwatch::net

#endif  // BUCKETWATCH_NET_CURL_API_H_
