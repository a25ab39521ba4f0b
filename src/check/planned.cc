#include "check/planned.h"

#include "base/text.h"

namespace bucketwatch::check {
namespace {

using exposure::Acl;
using exposure::AclPermission;
using exposure::GranteeType;

std::string Key(std::string_view name) {
  std::string key;
  for (char c : Lower(name)) {
    if (c != '-') key += c;
  }
  return key;
}

}  // namespace

bool OwnerOnlyCannedAcl(std::string_view name) {
  std::string key = Key(name);
  return key == "private" || key == "bucketownerfullcontrol";
}

std::optional<Acl> CannedAcl(std::string_view name) {
  std::string key = Key(name);
  Acl acl;
  acl.owner_id = kStandInOwner;
  acl.grants.push_back({GranteeType::kCanonicalUser, std::string(kStandInOwner), "", AclPermission::kFullControl});
  auto group = [&](GranteeType t, std::string_view uri, AclPermission p) {
    acl.grants.push_back({t, std::string(uri), "", p});
  };
  constexpr std::string_view kAll = "http://acs.amazonaws.com/groups/global/AllUsers";
  constexpr std::string_view kAuth = "http://acs.amazonaws.com/groups/global/AuthenticatedUsers";
  constexpr std::string_view kLog = "http://acs.amazonaws.com/groups/s3/LogDelivery";
  if (key == "private" || key == "bucketownerread" || key == "bucketownerfullcontrol" || key == "awsexecread")
    return acl;
  if (key == "publicread") {
    group(GranteeType::kAllUsers, kAll, AclPermission::kRead);
  } else if (key == "publicreadwrite") {
    group(GranteeType::kAllUsers, kAll, AclPermission::kRead);
    group(GranteeType::kAllUsers, kAll, AclPermission::kWrite);
  } else if (key == "authenticatedread") {
    group(GranteeType::kAuthenticatedUsers, kAuth, AclPermission::kRead);
  } else if (key == "logdeliverywrite") {
    group(GranteeType::kLogDelivery, kLog, AclPermission::kWrite);
    group(GranteeType::kLogDelivery, kLog, AclPermission::kReadAcp);
  } else {
    return std::nullopt;
  }
  return acl;
}

void ApplyNewBucketDefaults(exposure::Snapshot& snapshot) {
  snapshot.public_access_block = exposure::Part<exposure::BlockPublicAccess>::Of({true, true, true, true});
  snapshot.ownership = exposure::Part<exposure::ObjectOwnership>::Of(exposure::ObjectOwnership::kBucketOwnerEnforced);
  snapshot.acl = exposure::Part<Acl>::Of(*CannedAcl("private"));
}

void MarkSettingsUnknown(exposure::Snapshot& snapshot, std::string_view why) {
  snapshot.public_access_block = exposure::Part<exposure::BlockPublicAccess>::Unknown(why);
  snapshot.ownership = exposure::Part<exposure::ObjectOwnership>::Unknown(why);
  snapshot.acl = exposure::Part<Acl>::Unknown(why);
}

}  // namespace bucketwatch::check
