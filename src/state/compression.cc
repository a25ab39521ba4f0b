#include "state/compression.h"

#include <zlib.h>

#include <array>

namespace bucketwatch::state {

std::string Deflate(std::string_view text) {
  uLongf size = compressBound(static_cast<uLong>(text.size()));
  std::string out(size, '\0');
  // Z_OK is the only answer for a buffer of compressBound bytes (zlib.h).
  compress2(reinterpret_cast<Bytef*>(out.data()), &size, reinterpret_cast<const Bytef*>(text.data()),
            static_cast<uLong>(text.size()), Z_BEST_COMPRESSION);
  out.resize(size);
  return out;
}

Result<std::string> Inflate(std::string_view stream, size_t limit) {
  z_stream z{};
  if (inflateInit(&z) != Z_OK) return Status(StatusCode::kInternal, "zlib: inflateInit failed");
  z.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(stream.data()));
  z.avail_in = static_cast<uInt>(stream.size());
  std::string out;
  std::array<char, 16384> chunk;
  int rc = Z_OK;
  while (rc == Z_OK) {
    z.next_out = reinterpret_cast<Bytef*>(chunk.data());
    z.avail_out = static_cast<uInt>(chunk.size());
    rc = inflate(&z, Z_NO_FLUSH);
    out.append(chunk.data(), chunk.size() - z.avail_out);
    if (out.size() > limit) rc = Z_MEM_ERROR;
    // No progress with input left or wanted: a stream cut short.
    if (rc == Z_BUF_ERROR || (rc == Z_OK && z.avail_in == 0 && z.avail_out != 0)) rc = Z_DATA_ERROR;
  }
  inflateEnd(&z);
  if (rc == Z_STREAM_END) return out;
  if (out.size() > limit) {
    return InvalidInput("a compressed message inflates to more than " + std::to_string(limit) + " bytes");
  }
  return InvalidInput("a compressed message is not a whole zlib stream (" + std::to_string(stream.size()) + " bytes)");
}

}  // namespace bucketwatch::state
