#include "base/status.h"

namespace bucketwatch {

std::string_view StatusCodeName(StatusCode code) {
  switch (code) {
    case StatusCode::kOk: return "ok";
    case StatusCode::kInvalidInput: return "invalid input";
    case StatusCode::kTooLarge: return "too large";
    case StatusCode::kNotFound: return "not found";
    case StatusCode::kGone: return "gone";
    case StatusCode::kIoError: return "I/O error";
    case StatusCode::kUnavailable: return "unavailable";
    case StatusCode::kPermissionDenied: return "permission denied";
    case StatusCode::kInternal: return "internal error";
  }
  return "unknown";
}

Status Status::WithSource(std::string source) const& {
  Status copy = *this;
  copy.source_ = std::move(source);
  return copy;
}

Status Status::WithSource(std::string source) && {
  source_ = std::move(source);
  return std::move(*this);
}

Status Status::WithPathPrefix(std::string_view prefix) && {
  where_.insert(0, prefix);
  return std::move(*this);
}

std::string Status::ToString() const {
  if (ok()) return "ok";
  std::string out;
  if (!source_.empty()) out += source_ + ": ";
  if (!where_.empty()) out += where_ + ": ";
  out += message_;
  return out;
}

}  // namespace bucketwatch
