#include "base/heap.h"

#include <unistd.h>

#include <cstdint>
#include <cstdlib>

#if defined(__GLIBC__)
#include <malloc.h>
#include <sys/mman.h>
#endif

namespace bucketwatch::heap {

void ReserveWithHugePages(size_t bytes) {
#if defined(__GLIBC__) && defined(MADV_HUGEPAGE) && !defined(__SANITIZE_ADDRESS__)
  // Large blocks from the heap too (not each its own mmap, faulted page by
  // page), and the heap not trimmed when they are freed. glibc caps the
  // threshold at 32 MiB on 64-bit systems.
  if (bytes < (size_t{1} << 20)) return;  // too small to be worth a huge page
  if (mallopt(M_MMAP_THRESHOLD, static_cast<int>(bytes)) != 1) return;
  mallopt(M_TRIM_THRESHOLD, static_cast<int>(bytes) * 2);
  // Below the threshold, so from the heap, which grows to hold it.
  const size_t size = bytes - 4096;
  void* block = std::malloc(size);
  if (block == nullptr) return;
  const auto at = reinterpret_cast<uintptr_t>(block);
  const auto top = reinterpret_cast<uintptr_t>(sbrk(0));
  std::free(block);             // back to the top of the heap, where the next allocations come from
  if (at + size > top) return;  // not from the heap after all: leave it be
  // The kernel uses huge pages for the 2 MiB-aligned parts of the range.
  const uintptr_t begin = at & ~uintptr_t{4095};
  const uintptr_t end = top & ~uintptr_t{4095};
  if (end > begin) madvise(reinterpret_cast<void*>(begin), end - begin, MADV_HUGEPAGE);
#else
  (void)bytes;
#endif
}

}  // namespace bucketwatch::heap
