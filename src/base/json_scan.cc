#include "base/json_scan.h"

#include <array>
#include <cstdint>

#if defined(__SSE2__)
#include <emmintrin.h>
#elif defined(__aarch64__) && defined(__ARM_NEON)
#include <arm_neon.h>
#endif

namespace bucketwatch::json {
namespace {

// Where the first byte that needs a look is among the 16 at p, or 16 when
// none does. A byte needs a look when JSON reserves it (a control character,
// '"' or '\\') or, with `high` set, when it is not ASCII (it may be invalid
// UTF-8). Vector code on x86-64 (SSE2 is baseline) and AArch64 (NEON is
// baseline); a plain loop elsewhere.
#if defined(__SSE2__)
size_t FirstSpecial16(const char* p, bool high) {
  __m128i v = _mm_loadu_si128(reinterpret_cast<const __m128i*>(p));
  // Signed: bytes >= 0x80 are negative, so this also finds non-ASCII.
  __m128i low = high ? _mm_cmplt_epi8(v, _mm_set1_epi8(0x20)) : _mm_cmpeq_epi8(_mm_min_epu8(v, _mm_set1_epi8(0x1F)), v);
  __m128i hit =
      _mm_or_si128(low, _mm_or_si128(_mm_cmpeq_epi8(v, _mm_set1_epi8('"')), _mm_cmpeq_epi8(v, _mm_set1_epi8('\\'))));
  auto mask = static_cast<unsigned>(_mm_movemask_epi8(hit));
  return mask == 0 ? 16 : static_cast<size_t>(__builtin_ctz(mask));
}
#elif defined(__aarch64__) && defined(__ARM_NEON)
size_t FirstSpecial16(const char* p, bool high) {
  uint8x16_t v = vld1q_u8(reinterpret_cast<const uint8_t*>(p));
  uint8x16_t hit =
      vorrq_u8(vcltq_u8(v, vdupq_n_u8(0x20)), vorrq_u8(vceqq_u8(v, vdupq_n_u8('"')), vceqq_u8(v, vdupq_n_u8('\\'))));
  if (high) hit = vorrq_u8(hit, vcgeq_u8(v, vdupq_n_u8(0x80)));
  // Four bits per byte (the usual NEON stand-in for movemask).
  uint64_t mask = vget_lane_u64(vreinterpret_u64_u8(vshrn_n_u16(vreinterpretq_u16_u8(hit), 4)), 0);
  return mask == 0 ? 16 : static_cast<size_t>(__builtin_ctzll(mask)) / 4;
}
#else
size_t FirstSpecial16(const char* p, bool high) {
  for (size_t i = 0; i < 16; ++i) {
    auto c = static_cast<unsigned char>(p[i]);
    if (c < 0x20 || c == '"' || c == '\\' || (high && c >= 0x80)) return i;
  }
  return 16;
}
#endif

// Whether byte c needs a look (as above), for the bytes past the last whole
// block: a table, byte by byte. Copying them into a padded block for the
// vector test instead costs fewer instructions but more time: the 16-byte
// load right after the narrower stores that filled the block cannot be
// forwarded from them, and stalls (most strings here are keys and names
// shorter than a block).
constexpr std::array<uint8_t, 256> kLook = [] {
  std::array<uint8_t, 256> table{};
  for (size_t c = 0; c < table.size(); ++c) {
    if (c < 0x20 || c == '"' || c == '\\') table[c] = 1;  // reserved by JSON: always
    if (c >= 0x80) table[c] = 2;                          // not ASCII: with `high`
  }
  return table;
}();

}  // namespace

size_t FindStringSpecial(std::string_view text, size_t from, bool high) {
  size_t i = from;
  for (; i + 16 <= text.size(); i += 16) {
    size_t at = FirstSpecial16(text.data() + i, high);
    if (at < 16) return i + at;
  }
  const uint8_t mask = high ? 3 : 1;
  for (; i < text.size(); ++i) {
    if (kLook[static_cast<unsigned char>(text[i])] & mask) return i;
  }
  return text.size();
}

}  // namespace bucketwatch::json
