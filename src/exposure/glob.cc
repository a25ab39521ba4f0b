#include "exposure/glob.h"

#include <algorithm>

#include "base/text.h"

namespace bucketwatch::exposure {
namespace {

char Fold(char c, bool ci) { return ci ? AsciiLower(c) : c; }

// Patterns in policies are short (S3 caps a policy at 20 KiB), but the
// pairwise tables below are quadratic; refuse to prove anything about
// absurdly long ones rather than allocate without bound.
constexpr size_t kMaxPairwise = 4096;

}  // namespace

size_t FirstWildcard(std::string_view pattern) {
  for (size_t i = 0; i < pattern.size(); ++i) {
    if (pattern[i] == '*' || pattern[i] == '?') return i;
  }
  return std::string_view::npos;
}

bool GlobMatch(std::string_view p, std::string_view t, bool ci) {
  size_t pi = 0, ti = 0, star = std::string_view::npos, mark = 0;
  if (!ci) {
    // The literal head first, in a tight loop (resource ARNs are compared
    // with the bucket's for every statement): with no '*' before it, a
    // mismatch there cannot be undone by backtracking.
    const size_t m = std::min(p.size(), t.size());
    while (pi < m && p[pi] == t[pi] && p[pi] != '*' && p[pi] != '?') ++pi;
    if (pi == p.size()) return pi == t.size();
    if (p[pi] != '*' && p[pi] != '?') return false;
    ti = pi;
  }
  // Iterative matcher with single-star backtracking: linear in practice.
  while (ti < t.size()) {
    if (pi < p.size() && (p[pi] == '?' || (p[pi] != '*' && Fold(p[pi], ci) == Fold(t[ti], ci)))) {
      ++pi;
      ++ti;
    } else if (pi < p.size() && p[pi] == '*') {
      star = pi++;
      mark = ti;
    } else if (star != std::string_view::npos) {
      pi = star + 1;
      ti = ++mark;
    } else {
      return false;
    }
  }
  while (pi < p.size() && p[pi] == '*') ++pi;
  return pi == p.size();
}

bool MatchesEmpty(std::string_view pattern) {
  return std::all_of(pattern.begin(), pattern.end(), [](char c) { return c == '*'; });
}

void Residuals(std::string_view p, std::string_view prefix, std::vector<size_t>& out) {
  out.clear();
  // Fast path, the common case ("arn:aws:s3:::bucket/*"): no wildcard within
  // the prefix's length, so the prefix either is the pattern's start or not.
  const size_t first_wild = FirstWildcard(p);
  const size_t literal = std::min(first_wild, p.size());
  const size_t head = std::min(literal, prefix.size());
  if (p.substr(0, head) != prefix.substr(0, head)) return;
  if (literal >= prefix.size()) {
    out.push_back(prefix.size());
    return;
  }
  if (first_wild == std::string_view::npos) return;  // a literal shorter than the prefix
  // General case: run the pattern as an NFA over the rest of the prefix. A
  // state is a position in p; a '*' at k may also skip to k+1 without
  // consuming, which one forward pass closes over.
  const size_t n = p.size() + 1;
  constexpr size_t kStack = 512;
  unsigned char stack_a[kStack], stack_b[kStack];
  std::vector<unsigned char> heap;
  unsigned char* cur = stack_a;
  unsigned char* next = stack_b;
  if (n > kStack) {
    heap.resize(2 * n);
    cur = heap.data();
    next = heap.data() + n;
  }
  std::fill(cur, cur + n, 0);
  cur[head] = 1;
  auto close = [&p, n](unsigned char* s) {
    for (size_t k = 0; k + 1 < n; ++k) {
      if (s[k] && p[k] == '*') s[k + 1] = 1;
    }
  };
  close(cur);
  for (size_t i = head; i < prefix.size(); ++i) {
    const char c = prefix[i];
    std::fill(next, next + n, 0);
    bool any = false;
    for (size_t k = 0; k + 1 < n; ++k) {
      if (!cur[k]) continue;
      if (p[k] == '*') {
        next[k] = 1;
        any = true;
      } else if (p[k] == '?' || p[k] == c) {
        next[k + 1] = 1;
        any = true;
      }
    }
    if (!any) return;
    close(next);
    std::swap(cur, next);
  }
  // p.substr(k-1) = "*" + p.substr(k) covers p.substr(k): keep only the wider.
  for (size_t k = 0; k < n; ++k) {
    if (!cur[k]) continue;
    if (k > 0 && p[k - 1] == '*' && cur[k - 1]) continue;
    out.push_back(k);
  }
}

bool GlobContains(std::string_view outer, std::string_view inner) {
  if (outer == inner || (!outer.empty() && MatchesEmpty(outer))) return true;
  const size_t n = outer.size(), m = inner.size();
  if ((n + 1) * (m + 1) > kMaxPairwise * 16) return false;
  // memo[i][j]: 0 unknown, 1 true, 2 false. Reads "outer[i:] covers inner[j:]",
  // treating inner's '*' and '?' as symbols outer must absorb.
  std::vector<unsigned char> memo((n + 1) * (m + 1), 0);
  auto at = [&](size_t i, size_t j) -> unsigned char& { return memo[i * (m + 1) + j]; };
  // Fill from the ends backwards so no recursion is needed.
  for (size_t i = n + 1; i-- > 0;) {
    for (size_t j = m + 1; j-- > 0;) {
      bool v;
      if (i == n) {
        v = (j == m);
      } else if (outer[i] == '*') {
        v = at(i + 1, j) == 1 || (j < m && at(i, j + 1) == 1);
      } else if (j == m) {
        v = false;
      } else if (outer[i] == '?') {
        v = inner[j] != '*' && at(i + 1, j + 1) == 1;
      } else {
        v = inner[j] == outer[i] && at(i + 1, j + 1) == 1;
      }
      at(i, j) = v ? 1 : 2;
    }
  }
  return at(0, 0) == 1;
}

bool GlobIntersects(std::string_view a, std::string_view b) {
  const size_t n = a.size(), m = b.size();
  if ((n + 1) * (m + 1) > kMaxPairwise * 16) return true;  // cannot tell: assume they meet
  std::vector<unsigned char> memo((n + 1) * (m + 1), 0);
  auto at = [&](size_t i, size_t j) -> unsigned char& { return memo[i * (m + 1) + j]; };
  for (size_t i = n + 1; i-- > 0;) {
    for (size_t j = m + 1; j-- > 0;) {
      bool v;
      if (i == n && j == m) {
        v = true;
      } else if (i < n && a[i] == '*') {
        v = at(i + 1, j) == 1 || (j < m && at(i, j + 1) == 1);
      } else if (j < m && b[j] == '*') {
        v = at(i, j + 1) == 1 || (i < n && at(i + 1, j) == 1);
      } else if (i == n || j == m) {
        v = false;
      } else {
        v = (a[i] == '?' || b[j] == '?' || a[i] == b[j]) && at(i + 1, j + 1) == 1;
      }
      at(i, j) = v ? 1 : 2;
    }
  }
  return at(0, 0) == 1;
}

}  // namespace bucketwatch::exposure
