#include "base/heap.h"

#include <gtest/gtest.h>

#include <cstdint>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <string>

namespace bucketwatch::heap {
namespace {

// The VmFlags line of the mapping of /proc/self/smaps that holds `p`.
std::string VmFlagsOf(const void* p) {
  const auto at = reinterpret_cast<uintptr_t>(p);
  std::ifstream smaps("/proc/self/smaps");
  std::string line;
  bool inside = false;
  while (std::getline(smaps, line)) {
    uintptr_t begin = 0, end = 0;
    if (std::sscanf(line.c_str(), "%lx-%lx ", &begin, &end) == 2 && line.find('-') < line.find(' ')) {
      inside = begin <= at && at < end;
    } else if (inside && line.rfind("VmFlags:", 0) == 0) {
      return line;
    }
  }
  return "";
}

TEST(Heap, LargeBlocksComeFromAHeapMarkedForHugePages) {
#if defined(__SANITIZE_ADDRESS__) || !defined(__GLIBC__)
  GTEST_SKIP() << "the sanitizers' allocator, or no glibc: ReserveWithHugePages does nothing";
#endif
  if (!std::filesystem::exists("/sys/kernel/mm/transparent_hugepage/enabled"))
    GTEST_SKIP() << "this kernel has no transparent huge pages";
  ReserveWithHugePages(size_t{32} << 20);
  // 4 MiB: glibc would give it its own mmap by default (threshold 128 KiB).
  void* block = std::malloc(size_t{4} << 20);
  ASSERT_NE(block, nullptr);
  std::string flags = VmFlagsOf(block);
  std::free(block);
  EXPECT_NE(flags.find(" hg"), std::string::npos) << "the block's mapping: " << flags;
}

}  // namespace
}  // namespace bucketwatch::heap
