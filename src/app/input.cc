#include "app/input.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <vector>

namespace bucketwatch::app {

Status ReadInputBlocks(const std::string& path, const std::function<bool(std::string_view)>& take) {
  bool is_stdin = path == "-";
  std::string name = is_stdin ? "standard input" : path;
  int fd = is_stdin ? STDIN_FILENO : ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) {
    int err = errno;
    if (err == ENOENT) return NotFound("no such file").WithSource(name);
    return IoError(std::strerror(err)).WithSource(name);
  }
  Status status;
  std::vector<char> block(size_t{1} << 16);
  while (true) {
    ssize_t n = ::read(fd, block.data(), block.size());
    if (n < 0 && errno == EINTR) continue;
    if (n < 0) {
      status = IoError(std::strerror(errno)).WithSource(name);
      break;
    }
    if (n == 0 || !take(std::string_view(block.data(), static_cast<size_t>(n)))) break;
  }
  if (!is_stdin) ::close(fd);
  return status;
}

Result<std::string> ReadInput(const std::string& path, size_t max_bytes) {
  std::string out;
  // A file's size is known: one allocation rather than a copy per doubling.
  struct stat st {};
  if (path != "-" && ::stat(path.c_str(), &st) == 0 && S_ISREG(st.st_mode))
    out.reserve(std::min<size_t>(static_cast<size_t>(st.st_size), max_bytes) + 1);
  bool too_large = false;
  Status status = ReadInputBlocks(path, [&](std::string_view block) {
    out.append(block);
    too_large = out.size() > max_bytes;
    return !too_large;
  });
  if (!status.ok()) return status;
  std::string name = path == "-" ? "standard input" : path;
  if (too_large) return TooLarge("larger than " + std::to_string(max_bytes >> 20) + " MiB; refused").WithSource(name);
  return out;
}

}  // namespace bucketwatch::app
