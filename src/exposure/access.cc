#include "exposure/access.h"

namespace bucketwatch::exposure {

json::Plain AccessKindPlain(AccessKind kind) {
  switch (kind) {
    case AccessKind::kRead: return "read";
    case AccessKind::kList: return "list";
    case AccessKind::kWrite: return "write";
    case AccessKind::kReadAcp: return "read_acp";
    case AccessKind::kWriteAcp: return "write_acp";
    case AccessKind::kBucketConfig: return "bucket_config";
  }
  return "?";
}

std::string_view AccessKindDescription(AccessKind kind) {
  switch (kind) {
    case AccessKind::kRead: return "read objects";
    case AccessKind::kList: return "list objects";
    case AccessKind::kWrite: return "write or delete objects";
    case AccessKind::kReadAcp: return "read the ACL or policy";
    case AccessKind::kWriteAcp: return "change the ACL or policy";
    case AccessKind::kBucketConfig: return "read or change bucket settings";
  }
  return "?";
}

json::Plain ScopePlain(Scope scope) {
  switch (scope) {
    case Scope::kNone: return "none";
    case Scope::kCrossAccount: return "cross-account";
    case Scope::kAuthenticated: return "authenticated";
    case Scope::kPublic: return "public";
  }
  return "?";
}

json::Plain WhoPlain(Who who) {
  switch (who) {
    case Who::kAnonymous: return "anonymous";
    case Who::kAnyAuthenticatedAws: return "any_authenticated_aws";
    case Who::kFederatedWebIdentity: return "federated_web_identity";
    case Who::kAnyAwsService: return "any_aws_service";
  }
  return "?";
}

Scope ScopeOf(Who who) {
  switch (who) {
    case Who::kAnonymous:
    case Who::kFederatedWebIdentity: return Scope::kPublic;
    case Who::kAnyAuthenticatedAws:
    case Who::kAnyAwsService: return Scope::kAuthenticated;
  }
  return Scope::kPublic;
}

}  // namespace bucketwatch::exposure
