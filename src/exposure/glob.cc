#include "exposure/glob.h"

#include <algorithm>
#include <cctype>

namespace bucketwatch::exposure {
namespace {

char Fold(char c, bool ci) {
  return ci ? static_cast<char>(std::tolower(static_cast<unsigned char>(c))) : c;
}

// Patterns in policies are short (S3 caps a policy at 20 KiB), but the
// pairwise tables below are quadratic; refuse to prove anything about
// absurdly long ones rather than allocate without bound.
constexpr size_t kMaxPairwise = 4096;

}  // namespace

bool HasWildcard(std::string_view pattern) { return pattern.find_first_of("*?") != std::string_view::npos; }

bool GlobMatch(std::string_view p, std::string_view t, bool ci) {
  // Iterative matcher with single-star backtracking: linear in practice.
  size_t pi = 0, ti = 0, star = std::string_view::npos, mark = 0;
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
  // A set of positions in p (an NFA state set). Position k with p[k]=='*' can
  // also skip to k+1 without consuming: close over that after every step.
  out.clear();
  out.push_back(0);
  auto close = [&p](std::vector<size_t>& s) {
    for (size_t i = 0; i < s.size(); ++i) {
      size_t k = s[i];
      if (k < p.size() && p[k] == '*' && std::find(s.begin(), s.end(), k + 1) == s.end()) s.push_back(k + 1);
    }
    std::sort(s.begin(), s.end());
  };
  close(out);
  std::vector<size_t> next;
  for (char c : prefix) {
    next.clear();
    for (size_t k : out) {
      if (k >= p.size()) continue;
      if (p[k] == '*') {
        next.push_back(k);
      } else if (p[k] == '?' || p[k] == c) {
        next.push_back(k + 1);
      }
    }
    std::sort(next.begin(), next.end());
    next.erase(std::unique(next.begin(), next.end()), next.end());
    close(next);
    out.swap(next);
    if (out.empty()) return;
  }
  // p.substr(k-1) = "*" + p.substr(k) covers p.substr(k): keep only the wider.
  std::vector<size_t> kept;
  for (size_t k : out) {
    bool subsumed = k > 0 && p[k - 1] == '*' && std::binary_search(out.begin(), out.end(), k - 1);
    if (!subsumed) kept.push_back(k);
  }
  out.swap(kept);
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
