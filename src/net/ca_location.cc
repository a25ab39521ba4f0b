#include "net/ca_location.h"

#include <dirent.h>
#include <sys/stat.h>

#include <cctype>
#include <string_view>

namespace bucketwatch::net {
namespace {

bool IsRegularFile(const std::string& path) {
  struct stat st {};
  return ::stat(path.c_str(), &st) == 0 && S_ISREG(st.st_mode);
}

// "<8 hex digits>.<digits>": a certificate link made by `openssl rehash`
// (CRLs are "<hash>.r<n>" and do not count).
bool IsHashName(std::string_view name) {
  if (name.size() < 10 || name[8] != '.') return false;
  for (size_t i = 0; i < 8; ++i) {
    if (std::isxdigit(static_cast<unsigned char>(name[i])) == 0) return false;
  }
  for (size_t i = 9; i < name.size(); ++i) {
    if (std::isdigit(static_cast<unsigned char>(name[i])) == 0) return false;
  }
  return true;
}

}  // namespace

bool IsHashedCaDirectory(const std::string& path) {
  DIR* dir = ::opendir(path.c_str());
  if (dir == nullptr) return false;
  bool found = false;
  while (const dirent* entry = ::readdir(dir)) {
    if (IsHashName(entry->d_name)) {
      found = true;
      break;
    }
  }
  ::closedir(dir);
  return found;
}

CaLocation FindCaLocation(const std::string& root) {
  for (const char* dir : {"/etc/ssl/certs", "/etc/pki/ca-trust/extracted/pem/directory-hash", "/etc/pki/tls/certs"}) {
    if (IsHashedCaDirectory(root + dir)) return {root + dir, ""};
  }
  for (const char* file : {"/etc/pki/tls/certs/ca-bundle.crt", "/etc/pki/ca-trust/extracted/pem/tls-ca-bundle.pem",
                           "/etc/ssl/certs/ca-certificates.crt", "/etc/ssl/cert.pem"}) {
    if (IsRegularFile(root + file)) return {"", root + file};
  }
  return {};
}

}  // namespace bucketwatch::net
