#include "app/input.h"

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <memory>

namespace bucketwatch::app {

Result<std::string> ReadInput(const std::string& path, size_t max_bytes) {
  bool is_stdin = path == "-";
  std::unique_ptr<FILE, int (*)(FILE*)> file(is_stdin ? stdin : std::fopen(path.c_str(), "rb"),
                                             is_stdin ? [](FILE*) { return 0; } : &std::fclose);
  std::string name = is_stdin ? "standard input" : path;
  if (!file) {
    int err = errno;
    if (err == ENOENT) return NotFound("no such file").WithSource(name);
    return IoError(std::strerror(err)).WithSource(name);
  }
  std::string out;
  char buf[1 << 16];
  while (true) {
    size_t n = std::fread(buf, 1, sizeof buf, file.get());
    out.append(buf, n);
    if (out.size() > max_bytes) {
      return TooLarge("larger than " + std::to_string(max_bytes >> 20) + " MiB; refused").WithSource(name);
    }
    if (n < sizeof buf) {
      if (std::ferror(file.get())) return IoError(std::strerror(errno)).WithSource(name);
      break;
    }
  }
  return out;
}

}  // namespace bucketwatch::app
