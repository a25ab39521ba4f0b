#include "base/loaded_library.h"

#include <dlfcn.h>

namespace bucketwatch {

Result<LoadedLibrary> LoadedLibrary::Open(const char* name, std::string_view purpose, std::string_view needed) {
  void* handle = ::dlopen(name, RTLD_LAZY | RTLD_LOCAL);
  if (handle == nullptr) {
    const char* reason = ::dlerror();
    return Status(StatusCode::kNotFound, "could not load " + std::string(name) + " (" + std::string(purpose) +
                                             "): " + (reason != nullptr ? reason : "unknown reason"));
  }
  return LoadedLibrary(handle, name, needed);
}

void* LoadedLibrary::Symbol(const char* symbol) const { return ::dlsym(handle_, symbol); }

Status LoadedLibrary::Missing(const char* symbol) const {
  return Status(StatusCode::kNotFound, std::string(name_) + " has no " + symbol + " (" + needed_ + " is needed)");
}

}  // namespace bucketwatch
