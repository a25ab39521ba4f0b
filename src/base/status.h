// Status and Result<T>: errors as values.
//
// A Status is OK or carries a code, a message and where the problem is (a
// file or other source name, and a JSON pointer or similar path inside it).
// Result<T> holds either a T or a non-OK Status. Both are cheap to move and
// are [[nodiscard]]: an ignored error is a compile warning.
//
// Modelled on leveldb::Status and absl::StatusOr; g++ 12 has no std::expected
// in C++20. Thread-compatible (no shared state).
#ifndef BUCKETWATCH_BASE_STATUS_H_
#define BUCKETWATCH_BASE_STATUS_H_

#include <cassert>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <variant>

namespace bucketwatch {

enum class StatusCode {
  kOk = 0,
  kInvalidInput,      // the input is malformed or has the wrong shape
  kTooLarge,          // the input is over a size or nesting limit
  kNotFound,          // a file or resource does not exist, or a source is not configured
  kGone,              // AWS itself said the bucket does not exist (NoSuchBucket): the only
                      // error that lets a bucket drop out rather than be "could not be judged"
  kIoError,           // reading or writing failed
  kUnavailable,       // a remote peer could not be reached; worth retrying
  kPermissionDenied,  // the caller may not do this
  kInternal,          // a bug: an invariant did not hold
};

std::string_view StatusCodeName(StatusCode code);

class [[nodiscard]] Status {
 public:
  Status() = default;
  Status(StatusCode code, std::string message, std::string where = {})
      : code_(code), message_(std::move(message)), where_(std::move(where)) {}

  static Status Ok() { return {}; }

  bool ok() const { return code_ == StatusCode::kOk; }
  StatusCode code() const { return code_; }
  const std::string& message() const { return message_; }
  // Path inside the source, e.g. "/policy/Statement/0/Effect"; may be empty.
  const std::string& where() const { return where_; }
  const std::string& source() const { return source_; }

  // Returns a copy that names the file (or other source) the error came from.
  Status WithSource(std::string source) const&;
  Status WithSource(std::string source) &&;
  // Returns a copy whose path is prefix + where().
  Status WithPathPrefix(std::string_view prefix) &&;

  // "source: path: message" with the empty parts left out.
  std::string ToString() const;

 private:
  StatusCode code_ = StatusCode::kOk;
  std::string message_;
  std::string where_;
  std::string source_;
};

inline Status InvalidInput(std::string message, std::string where = {}) {
  return {StatusCode::kInvalidInput, std::move(message), std::move(where)};
}
inline Status TooLarge(std::string message, std::string where = {}) {
  return {StatusCode::kTooLarge, std::move(message), std::move(where)};
}
inline Status IoError(std::string message, std::string where = {}) {
  return {StatusCode::kIoError, std::move(message), std::move(where)};
}
inline Status NotFound(std::string message, std::string where = {}) {
  return {StatusCode::kNotFound, std::move(message), std::move(where)};
}
inline Status Internal(std::string message) { return {StatusCode::kInternal, std::move(message)}; }

template <typename T>
class [[nodiscard]] Result {
 public:
  // Two overloads rather than one by value: a large T (a Snapshot) is then
  // moved once, not twice. Implicit: Result<T> r = value; reads naturally.
  Result(T&& value) : value_(std::move(value)) {}  // NOLINT(google-explicit-constructor)
  Result(const T& value) : value_(value) {}        // NOLINT(google-explicit-constructor)
  // NOLINTNEXTLINE(google-explicit-constructor)
  Result(Status status) : status_(std::move(status)) { assert(!status_.ok()); }

  bool ok() const { return value_.has_value(); }
  const Status& status() const { return status_; }
  Status&& take_status() && { return std::move(status_); }

  T& value() & {
    assert(ok());
    return *value_;
  }
  const T& value() const& {
    assert(ok());
    return *value_;
  }
  T&& value() && {
    assert(ok());
    return std::move(*value_);
  }
  T* operator->() { return &value(); }
  const T* operator->() const { return &value(); }
  T& operator*() & { return value(); }
  const T& operator*() const& { return value(); }

 private:
  std::optional<T> value_;
  Status status_;
};

}  // namespace bucketwatch

#define BW_CONCAT_INNER_(a, b) a##b
#define BW_CONCAT_(a, b) BW_CONCAT_INNER_(a, b)

// Returns from the enclosing function if expr (a Status) is not OK.
#define BW_RETURN_IF_ERROR(expr)               \
  do {                                         \
    ::bucketwatch::Status bw_status_ = (expr); \
    if (!bw_status_.ok()) return bw_status_;   \
  } while (false)

// Evaluates rexpr (a Result<T>); on error returns its Status, else moves the
// value into lhs, which may be a declaration ("auto x").
#define BW_ASSIGN_OR_RETURN(lhs, rexpr) BW_ASSIGN_OR_RETURN_IMPL_(BW_CONCAT_(bw_result_, __LINE__), lhs, rexpr)
// lhs may be a declaration, so it cannot be parenthesised.
// NOLINTBEGIN(bugprone-macro-parentheses)
#define BW_ASSIGN_OR_RETURN_IMPL_(tmp, lhs, rexpr)    \
  auto tmp = (rexpr);                                 \
  if (!tmp.ok()) return std::move(tmp).take_status(); \
  lhs = std::move(tmp).value()
// NOLINTEND(bugprone-macro-parentheses)

#endif  // BUCKETWATCH_BASE_STATUS_H_
