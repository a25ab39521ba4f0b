#include "events/reconcile.h"

#include "base/aws_names.h"
#include "events/fields.h"

namespace bucketwatch::events {
namespace {

// Today's bucket names and the longer, mixed-case ones of old us-east-1 buckets.
bool IsBucketNameText(std::string_view s) {
  if (s.empty() || s.size() > 255) return false;
  for (char c : s) {
    const bool ok =
        (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '.' || c == '-' || c == '_';
    if (!ok) return false;
  }
  return true;
}

}  // namespace

Result<Reconcile> ParseRequest(json::Object root) {
  json::Path path;
  BW_ASSIGN_OR_RETURN(std::string request, RequiredString(root, kRequestKey, path));
  if (request != "reconcile") {
    return Status(StatusCode::kInvalidInput, "/bucketwatch: \"" + request.substr(0, 40) +
                                                 "\" is not a bucketwatch request; the only one is \"reconcile\"");
  }
  Reconcile r;
  BW_ASSIGN_OR_RETURN(r.account, OptionalString(root, "account", path));
  if (!r.account.empty() && !IsAccountId(r.account)) {
    return Status(StatusCode::kInvalidInput,
                  "/account: \"" + r.account.substr(0, 40) + "\" is not an AWS account id (12 digits)");
  }
  BW_ASSIGN_OR_RETURN(r.from, OptionalString(root, "from", path));
  if (root["from"].error() == simdjson::SUCCESS && !IsBucketNameText(r.from)) {
    return Status(
        StatusCode::kInvalidInput,
        "/from: \"" + r.from.substr(0, 40) + "\" is not an S3 bucket name (1 to 255 letters, digits, '.', '-', '_')");
  }
  return r;
}

std::string RequestJson(const Reconcile& r) {
  // Account ids are digits: nothing to escape.
  std::string out = "{\"" + std::string(kRequestKey) + "\":\"reconcile\"";
  if (!r.account.empty()) out += ",\"account\":\"" + r.account + "\"";
  // Checked by ParseRequest (IsBucketNameText): nothing to escape either.
  if (!r.from.empty()) out += ",\"from\":\"" + r.from + "\"";
  return out + "}";
}

}  // namespace bucketwatch::events
