#include "net/curl_api.h"

#include "base/loaded_library.h"

namespace bucketwatch::net {
namespace {

Result<CurlApi> Load() {
  BW_ASSIGN_OR_RETURN(LoadedLibrary library,
                      LoadedLibrary::Open(kCurlLibrary, "libcurl, for HTTP", "libcurl 7.x or later"));
  CurlApi a{};
  for (Status s :
       {library.Find("curl_global_init", a.global_init), library.Find("curl_easy_init", a.easy_init),
        library.Find("curl_easy_cleanup", a.easy_cleanup), library.Find("curl_easy_reset", a.easy_reset),
        library.Find("curl_easy_setopt", a.easy_setopt), library.Find("curl_easy_perform", a.easy_perform),
        library.Find("curl_easy_getinfo", a.easy_getinfo), library.Find("curl_easy_strerror", a.easy_strerror),
        library.Find("curl_slist_append", a.slist_append), library.Find("curl_slist_free_all", a.slist_free_all),
        library.Find("curl_getdate", a.getdate)}) {
    BW_RETURN_IF_ERROR(s);
  }
  return a;
}

}  // namespace

Result<const CurlApi*> Curl() {
  static const Result<CurlApi> loaded = Load();
  if (!loaded.ok()) return loaded.status();
  return &loaded.value();
}

}  // namespace bucketwatch::net
