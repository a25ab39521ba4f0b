#include "report/snapshot_writer.h"

namespace bucketwatch::report {
namespace {

using nlohmann::ordered_json;

ordered_json BpaJson(const exposure::Part<exposure::BlockPublicAccess>& part) {
  if (!part.present()) return nullptr;
  const auto& b = part.value();
  return ordered_json{{"BlockPublicAcls", b.block_public_acls},
                      {"IgnorePublicAcls", b.ignore_public_acls},
                      {"BlockPublicPolicy", b.block_public_policy},
                      {"RestrictPublicBuckets", b.restrict_public_buckets}};
}

}  // namespace

ordered_json AclToJson(const exposure::Acl& acl) {
  ordered_json j;
  j["Owner"] = ordered_json{{"ID", acl.owner_id}};
  ordered_json grants = ordered_json::array();
  for (const exposure::Grant& g : acl.grants) {
    ordered_json grantee;
    switch (g.type) {
      case exposure::GranteeType::kAllUsers:
      case exposure::GranteeType::kAuthenticatedUsers:
      case exposure::GranteeType::kLogDelivery:
      case exposure::GranteeType::kOtherGroup: grantee = ordered_json{{"Type", "Group"}, {"URI", g.id}}; break;
      case exposure::GranteeType::kCanonicalUser:
        grantee = ordered_json{{"Type", "CanonicalUser"}, {"ID", g.id}};
        if (!g.display_name.empty()) grantee["DisplayName"] = g.display_name;
        break;
      case exposure::GranteeType::kEmail:
        grantee = ordered_json{{"Type", "AmazonCustomerByEmail"}, {"EmailAddress", g.id}};
        break;
    }
    grants.push_back(
        ordered_json{{"Grantee", grantee}, {"Permission", std::string(exposure::PermissionName(g.permission))}});
  }
  j["Grants"] = grants;
  return j;
}

ordered_json SnapshotToJson(const exposure::Snapshot& s) {
  ordered_json j;
  j["bucket"] = s.bucket;
  j["account"] = s.account.empty() ? ordered_json(nullptr) : ordered_json(s.account);
  j["region"] = s.region.empty() ? ordered_json(nullptr) : ordered_json(s.region);
  j["account_public_access_block"] = BpaJson(s.account_public_access_block);
  j["public_access_block"] = BpaJson(s.public_access_block);
  j["ownership"] = s.ownership.present() ? ordered_json(std::string(exposure::ObjectOwnershipName(s.ownership.value())))
                                         : ordered_json(nullptr);
  j["policy"] = s.policy.present() ? ordered_json(s.policy_text) : ordered_json(nullptr);
  j["acl"] = s.acl.present() ? AclToJson(s.acl.value()) : ordered_json(nullptr);
  ordered_json unknown = ordered_json::object();
  if (s.account_public_access_block.unknown())
    unknown["account_public_access_block"] = s.account_public_access_block.unknown_reason();
  if (s.public_access_block.unknown()) unknown["public_access_block"] = s.public_access_block.unknown_reason();
  if (s.ownership.unknown()) unknown["ownership"] = s.ownership.unknown_reason();
  if (s.policy.unknown()) unknown["policy"] = s.policy.unknown_reason();
  if (s.acl.unknown()) unknown["acl"] = s.acl.unknown_reason();
  if (!unknown.empty()) j["unknown"] = unknown;
  if (s.policy_status) j["policy_status"] = *s.policy_status;
  if (!s.captured_at.empty()) j["captured_at"] = s.captured_at;
  return j;
}

}  // namespace bucketwatch::report
