// A shared library loaded when it is first needed rather than at start-up.
// Linked the usual way, a library and every library it brings are mapped
// and relocated by every process, though most commands never call them:
// libcurl (HTTP) and libmicrohttpd (the daemon's HTTP intake) bring GnuTLS,
// Kerberos, LDAP and more, most of `eval`'s start-up (docs/benchmarks.md,
// "The whole eval process"). The package bundles them all the same
// (deploy/package).
#ifndef BUCKETWATCH_BASE_LOADED_LIBRARY_H_
#define BUCKETWATCH_BASE_LOADED_LIBRARY_H_

#include <string>
#include <string_view>

#include "base/status.h"

namespace bucketwatch {

class LoadedLibrary {
 public:
  // Loads `name` (a soname such as "libcurl.so.4"); `purpose` and `needed`
  // ("libcurl, for HTTP", "libcurl 7.x or later") go into its errors. Never
  // unloaded: its functions are used until the process ends. Bound lazily,
  // as when it was linked: a Lambda's cold start binds only what one
  // request calls.
  static Result<LoadedLibrary> Open(const char* name, std::string_view purpose, std::string_view needed);

  // Sets `function` to the library's function `symbol`; an error names both.
  template <typename F>
  Status Find(const char* symbol, F& function) const {
    void* address = Symbol(symbol);
    if (address == nullptr) return Missing(symbol);
    function = reinterpret_cast<F>(address);
    return Status::Ok();
  }

 private:
  LoadedLibrary(void* handle, const char* name, std::string_view needed)
      : handle_(handle), name_(name), needed_(needed) {}
  void* Symbol(const char* symbol) const;
  Status Missing(const char* symbol) const;

  void* handle_;
  const char* name_;
  std::string needed_;
};

}  // namespace bucketwatch

#endif  // BUCKETWATCH_BASE_LOADED_LIBRARY_H_
