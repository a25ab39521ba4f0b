#include "net/curl_api.h"

#include <dlfcn.h>

#include <string>

namespace bucketwatch::net {
namespace {

struct Loaded {
  CurlApi api{};
  std::string error;  // empty when loaded
};

// Each symbol by its name; a missing one makes the whole library unusable.
template <typename F>
bool Find(void* library, const char* name, F& out, std::string& error) {
  void* symbol = ::dlsym(library, name);
  if (symbol == nullptr) {
    error = std::string(kCurlLibrary) + " has no " + name + " (libcurl 7.x or later is needed)";
    return false;
  }
  out = reinterpret_cast<F>(symbol);
  return true;
}

Loaded Load() {
  Loaded loaded;
  // Never closed: the functions are used until the process ends. Bound
  // lazily, as when it was linked: a Lambda's cold start binds only what one
  // request calls.
  void* library = ::dlopen(kCurlLibrary, RTLD_LAZY | RTLD_LOCAL);
  if (library == nullptr) {
    const char* reason = ::dlerror();
    loaded.error = std::string("could not load ") + kCurlLibrary +
                   " (libcurl, for HTTP): " + (reason != nullptr ? reason : "unknown reason");
    return loaded;
  }
  CurlApi& a = loaded.api;
  std::string& e = loaded.error;
  bool ok = Find(library, "curl_global_init", a.global_init, e) && Find(library, "curl_easy_init", a.easy_init, e) &&
            Find(library, "curl_easy_cleanup", a.easy_cleanup, e) &&
            Find(library, "curl_easy_reset", a.easy_reset, e) && Find(library, "curl_easy_setopt", a.easy_setopt, e) &&
            Find(library, "curl_easy_perform", a.easy_perform, e) &&
            Find(library, "curl_easy_getinfo", a.easy_getinfo, e) &&
            Find(library, "curl_easy_strerror", a.easy_strerror, e) &&
            Find(library, "curl_slist_append", a.slist_append, e) &&
            Find(library, "curl_slist_free_all", a.slist_free_all, e) && Find(library, "curl_getdate", a.getdate, e);
  if (!ok) loaded.api = {};
  return loaded;
}

}  // namespace

Result<const CurlApi*> Curl() {
  static const Loaded loaded = Load();
  if (!loaded.error.empty()) return Status(StatusCode::kNotFound, loaded.error);
  return &loaded.api;
}

}  // namespace bucketwatch::net
