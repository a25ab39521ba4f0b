// StackArena: memory for short-lived bookkeeping (the keys seen in one JSON
// object, the operators of one Condition) that lives on the stack, so that
// reading a snapshot does not call malloc for it. Used through std::pmr
// containers:
//
//   StackArena<256> arena;
//   std::pmr::vector<std::string_view> seen(&arena);
//
// Past Size bytes it takes memory from the heap (std::pmr's default
// resource), so no input is too large for it; all of it is given back when
// the arena goes out of scope.
#ifndef BUCKETWATCH_BASE_STACK_ARENA_H_
#define BUCKETWATCH_BASE_STACK_ARENA_H_

#include <array>
#include <cstddef>
#include <memory_resource>

namespace bucketwatch {

namespace stack_arena_detail {
template <size_t Size>
struct Buffer {
  alignas(std::max_align_t) std::array<std::byte, Size> bytes;
};
}  // namespace stack_arena_detail

// The buffer is a base listed first, so it exists before the resource that
// is handed it.
template <size_t Size>
class StackArena : private stack_arena_detail::Buffer<Size>, public std::pmr::monotonic_buffer_resource {
 public:
  StackArena() : std::pmr::monotonic_buffer_resource(this->bytes.data(), Size) {}
};

}  // namespace bucketwatch

#endif  // BUCKETWATCH_BASE_STACK_ARENA_H_
