#include "events/reconcile.h"

#include "base/aws_names.h"
#include "events/fields.h"

namespace bucketwatch::events {

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
  return r;
}

std::string RequestJson(const Reconcile& r) {
  // Account ids are digits: nothing to escape.
  std::string out = "{\"" + std::string(kRequestKey) + "\":\"reconcile\"";
  if (!r.account.empty()) out += ",\"account\":\"" + r.account + "\"";
  return out + "}";
}

}  // namespace bucketwatch::events
