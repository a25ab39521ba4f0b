// Setting up the C heap of a short batch process (`check`), which reads a
// whole input, judges it and exits.
#ifndef BUCKETWATCH_BASE_HEAP_H_
#define BUCKETWATCH_BASE_HEAP_H_

#include <cstddef>

namespace bucketwatch::heap {

// Grows glibc's heap by `bytes` now, keeps it, and asks the kernel to back
// it with transparent huge pages (madvise MADV_HUGEPAGE, what glibc's own
// tunable glibc.malloc.hugetlb=1 does, but that one can only be set in the
// environment before the process starts). A process that allocates tens of
// MiB in small blocks (a parsed YAML template, its policies) otherwise
// takes one page fault per 4 KiB it touches, which on a virtual machine
// costs more than the parse (docs/benchmarks.md, `bucketwatch check`).
// Allocations of up to `bytes` also come from the heap rather than mmap.
// Without glibc, or where the kernel has transparent huge pages off, this
// changes nothing but the heap's growth; it never fails.
void ReserveWithHugePages(size_t bytes);

}  // namespace bucketwatch::heap

#endif  // BUCKETWATCH_BASE_HEAP_H_
