// Where TLS finds the CA certificates it trusts, on the machine we run on.
//
// A hashed directory (<subject-hash>.<n> entries, what `openssl rehash`
// writes) is preferred: OpenSSL reads one certificate from it per handshake
// instead of parsing a whole bundle at start-up (22-43 ms; docs/sources.md, "CA bundle loading cost").
// A directory counts only if it holds such entries: on Amazon Linux 2023
// (Fedora family) /etc/ssl/certs is a link to /etc/pki/tls/certs, which may
// hold only the bundle files, and pointing CAPATH there would trust nothing.
// Without a hashed directory, the distribution's bundle file is used.
//
// Layouts (docs/deploy.md "CA certificates" cites the sources):
//   Debian 12:  /etc/ssl/certs (hashed), /etc/ssl/certs/ca-certificates.crt
//   AL2023:     /etc/pki/ca-trust/extracted/pem/directory-hash (hashed, when
//               ca-certificates generates it), /etc/pki/tls/certs/ca-bundle.crt
//               -> /etc/pki/ca-trust/extracted/pem/tls-ca-bundle.pem
#ifndef BUCKETWATCH_NET_CA_LOCATION_H_
#define BUCKETWATCH_NET_CA_LOCATION_H_

#include <string>

namespace bucketwatch::net {

struct CaLocation {
  std::string dir;   // CAPATH; empty when none
  std::string file;  // CAINFO; empty when none (or when `dir` is enough)
};

// Looks under `root` ("" for the real file system; a test tree otherwise).
// SSL_CERT_DIR / SSL_CERT_FILE are not read here: the HTTP client applies them.
CaLocation FindCaLocation(const std::string& root = "");

// True when `path` is a directory holding at least one <8 hex digits>.<digits> entry.
bool IsHashedCaDirectory(const std::string& path);

}  // namespace bucketwatch::net

#endif  // BUCKETWATCH_NET_CA_LOCATION_H_
