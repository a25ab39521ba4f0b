#include "notify/alert.h"

#include "base/aws_names.h"
#include "exposure/acl.h"

namespace bucketwatch::notify {
namespace {

// Bucket names and Regions are plain in practice; anything else in a URL is
// percent-encoded so that a crafted name cannot change the link.
std::string UrlComponent(std::string_view s) {
  static constexpr char kHex[] = "0123456789ABCDEF";
  std::string out;
  for (unsigned char c : s) {
    bool plain =
        (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '.' || c == '-' || c == '_';
    if (plain) {
      out += static_cast<char>(c);
    } else {
      out += '%';
      out += kHex[c >> 4];
      out += kHex[c & 15];
    }
  }
  return out;
}

constexpr size_t kLongestBucketName = 255;

}  // namespace

std::string_view WhatName(What what) {
  switch (what) {
    case What::kBecamePublic: return "became_public";
    case What::kPublicChanged: return "public_changed";
    case What::kStillPublic: return "still_public";
    case What::kIsPublic: return "is_public";
    case What::kCannotJudge: return "cannot_judge";
    case What::kFixed: return "fixed";
    case What::kProtectionOff: return "protection_off";
    case What::kProtectionOn: return "protection_on";
    case What::kInformational: return "informational";
    case What::kRuleNonCompliant: return "rule_non_compliant";
    case What::kRuleCompliant: return "rule_compliant";
  }
  return "informational";
}

bool NeedsAction(What what) {
  return what != What::kFixed && what != What::kProtectionOn && what != What::kInformational &&
         what != What::kRuleCompliant;
}

bool AccessSummary::Empty() const {
  if (claims_read || claims_write || unknown != 0) return false;
  for (exposure::Scope s : scope) {
    if (s != exposure::Scope::kNone) return false;
  }
  return true;
}

std::optional<What> WhatOfName(std::string_view name) {
  for (int i = 0; i <= static_cast<int>(What::kRuleCompliant); ++i) {
    What w = static_cast<What>(i);
    if (WhatName(w) == name) return w;
  }
  return std::nullopt;
}

std::string Alert::DedupeKey() const {
  std::string key = origin.id.empty() ? origin.name + "@" + origin.time : origin.id;
  if (origin.count > 1) key += "#" + std::to_string(origin.count);  // GuardDuty re-sent it: new activity
  key += '|';
  key += subject == Subject::kBucket ? bucket : "account:" + account;
  key += '|';
  key += WhatName(what);
  return key;
}

std::string PartitionOf(std::string_view partition, std::string_view region) {
  if (!partition.empty()) return std::string(partition);
  return std::string(PartitionOfRegion(region));
}

std::string ConsoleUrl(const Alert& alert) {
  std::string partition = PartitionOf(alert.partition, alert.region);
  std::string host;
  if (partition == "aws") {
    host = "https://console.aws.amazon.com";
  } else if (partition == "aws-cn") {
    host = "https://console.amazonaws.cn";
  } else if (partition == "aws-us-gov") {
    host = "https://console.amazonaws-us-gov.com";
  } else {
    return {};  // isolated partitions have no public console address
  }
  std::string region = UrlComponent(alert.region.empty() ? "us-east-1" : alert.region);
  if (alert.subject == Subject::kAccount || alert.bucket.empty()) return host + "/s3/settings?region=" + region;
  // No bucket has a longer name (255 characters under us-east-1's legacy
  // rules, https://docs.aws.amazon.com/AmazonS3/latest/userguide/bucketnamingrules.html),
  // and a link to one could not fit in a message: the Region's bucket list.
  if (alert.bucket.size() > kLongestBucketName) return host + "/s3/buckets?region=" + region;
  return host + "/s3/buckets/" + UrlComponent(alert.bucket) + "?region=" + region + "&tab=permissions";
}

Cause AlertCause(const exposure::Cause& c) {
  Cause out;
  bool policy = c.channel == exposure::Channel::kPolicy;
  out.channel = policy ? Cause::Channel::kPolicy : Cause::Channel::kAcl;
  out.statement = c.statement;
  out.sid = c.sid;
  out.grant = c.grant;
  out.principal = c.principal;
  if (!policy) {
    exposure::GranteeType t = exposure::GranteeTypeOfUri(c.principal);
    if (t == exposure::GranteeType::kAllUsers || t == exposure::GranteeType::kAuthenticatedUsers) {
      out.principal = std::string(exposure::GranteeTypeName(t));
    }
  }
  out.scope = c.scope;
  out.who = c.who;
  out.other_account = c.account;
  out.access = c.access;
  out.actions = c.actions;
  out.uncertain = c.uncertain;
  bool cross = c.scope == exposure::Scope::kCrossAccount;
  if (policy) {
    out.fix = cross ? Fix::kPolicyStatementCrossAccount : Fix::kPolicyStatementPublic;
  } else {
    out.fix = cross ? Fix::kAclGrantCrossAccount : Fix::kAclGrantPublic;
  }
  return out;
}

}  // namespace bucketwatch::notify
