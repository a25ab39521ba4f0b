#include "base/text.h"

#include <gtest/gtest.h>

#include <memory_resource>
#include <random>
#include <string>
#include <vector>

#include "base/stack_arena.h"

namespace bucketwatch {
namespace {

// SameText reads 8 or 4 bytes at a time, some of them twice: for every
// length up to past its in-place limit, and a difference at every place, it
// must agree with ==.
TEST(SameText, AgreesWithEqualityAtEveryLengthAndPlace) {
  std::mt19937 random(7);
  for (size_t n = 0; n <= 40; ++n) {
    std::string a(n, ' ');
    for (char& c : a) c = static_cast<char>('a' + random() % 26);
    std::string b = a;
    EXPECT_TRUE(SameText(a, b)) << n;
    for (size_t at = 0; at < n; ++at) {
      std::string c = a;
      c[at] = static_cast<char>(c[at] ^ 0x20);
      EXPECT_FALSE(SameText(a, c)) << n << " " << at;
      EXPECT_FALSE(SameText(c, a)) << n << " " << at;
    }
    EXPECT_FALSE(SameText(a, a + "x")) << n;
    EXPECT_FALSE(SameText(a + "x", a)) << n;
  }
  // Views into the middle of a longer text: nothing outside them counts.
  std::string text = "xxbucketyy";
  EXPECT_TRUE(SameText(std::string_view(text).substr(2, 6), "bucket"));
}

TEST(StackArena, HoldsWhatFitsAndTakesTheRestFromTheHeap) {
  StackArena<64> arena;
  std::pmr::vector<int> numbers(&arena);
  for (int i = 0; i < 1000; ++i) numbers.push_back(i);  // far past 64 bytes
  ASSERT_EQ(numbers.size(), 1000u);
  for (int i = 0; i < 1000; ++i) EXPECT_EQ(numbers[static_cast<size_t>(i)], i);
}

}  // namespace
}  // namespace bucketwatch
