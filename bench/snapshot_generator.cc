#include "snapshot_generator.h"

#include <random>

namespace bucketwatch::bench {
namespace {

std::string Bpa(bool a, bool b, bool c, bool d) {
  auto t = [](bool v) { return v ? "true" : "false"; };
  return std::string("{\"BlockPublicAcls\": ") + t(a) + ", \"IgnorePublicAcls\": " + t(b) +
         ", \"BlockPublicPolicy\": " + t(c) + ", \"RestrictPublicBuckets\": " + t(d) + "}";
}

std::string OwnerAcl(const std::string& extra_grants) {
  return R"({"Owner": {"DisplayName": "ops", "ID": "79a59df900b949e55d96a1e698fbacedfd6e09d98eacf8f8d5218e7cd47ef2be"},
 "Grants": [{"Grantee": {"Type": "CanonicalUser", "DisplayName": "ops", "ID": "79a59df900b949e55d96a1e698fbacedfd6e09d98eacf8f8d5218e7cd47ef2be"}, "Permission": "FULL_CONTROL"})" +
         extra_grants + "]}";
}

std::string DenyInsecure(const std::string& b) {
  return R"({"Sid": "DenyInsecureTransport", "Effect": "Deny", "Principal": "*", "Action": "s3:*",
 "Resource": ["arn:aws:s3:::)" +
         b + R"(", "arn:aws:s3:::)" + b + R"(/*"], "Condition": {"Bool": {"aws:SecureTransport": "false"}}})";
}

}  // namespace

std::vector<std::string> GenerateSnapshots(size_t count, uint32_t seed) {
  std::mt19937 rng(seed);
  std::uniform_int_distribution<int> kind_dist(0, 99);
  std::vector<std::string> out;
  out.reserve(count);
  for (size_t i = 0; i < count; ++i) {
    std::string b = "acme-prod-data-" + std::to_string(100000 + i);
    int kind = kind_dist(rng);
    std::string account_bpa = (kind % 3 == 0) ? "null" : Bpa(true, true, true, true);
    std::string bucket_bpa = "null", ownership = "\"BucketOwnerEnforced\"", policy = "null";
    std::string acl = OwnerAcl("");
    if (kind < 45) {
      // Private data bucket: TLS-only policy, BPA on.
      bucket_bpa = Bpa(true, true, true, true);
      policy = "{\"Version\": \"2012-10-17\", \"Statement\": [" + DenyInsecure(b) + "]}";
    } else if (kind < 60) {
      // Access-log bucket written by the S3 logging service.
      ownership = "\"BucketOwnerPreferred\"";
      policy =
          R"({"Version": "2012-10-17", "Statement": [{"Sid": "S3ServerAccessLogsPolicy", "Effect": "Allow",
 "Principal": {"Service": "logging.s3.amazonaws.com"}, "Action": "s3:PutObject", "Resource": "arn:aws:s3:::)" +
          b +
          R"(/logs/*", "Condition": {"ArnLike": {"aws:SourceArn": "arn:aws:s3:::acme-prod-app"}, "StringEquals": {"aws:SourceAccount": "111122223333"}}}, )" +
          DenyInsecure(b) + "]}";
      acl = OwnerAcl(
          R"(, {"Grantee": {"Type": "Group", "URI": "http://acs.amazonaws.com/groups/s3/LogDelivery"}, "Permission": "WRITE"})");
    } else if (kind < 72) {
      // Static website: public read.
      account_bpa = "null";
      bucket_bpa = Bpa(true, true, false, false);
      policy =
          R"({"Version": "2012-10-17", "Statement": [{"Sid": "PublicReadGetObject", "Effect": "Allow", "Principal": "*",
 "Action": "s3:GetObject", "Resource": "arn:aws:s3:::)" +
          b + R"(/*"}]})";
    } else if (kind < 84) {
      // Shared with a partner account and with the organization.
      policy = R"({"Version": "2012-10-17", "Statement": [{"Sid": "PartnerRead", "Effect": "Allow",
 "Principal": {"AWS": ["arn:aws:iam::444455556666:role/etl", "arn:aws:iam::777788889999:root"]},
 "Action": ["s3:GetObject", "s3:ListBucket"], "Resource": ["arn:aws:s3:::)" +
               b + R"(", "arn:aws:s3:::)" + b + R"(/*"]},
 {"Sid": "OrgRead", "Effect": "Allow", "Principal": "*", "Action": "s3:GetObject", "Resource": "arn:aws:s3:::)" +
               b + R"(/shared/*", "Condition": {"StringEquals": {"aws:PrincipalOrgID": "o-a1b2c3d4e5"}}}, )" +
               DenyInsecure(b) + "]}";
    } else if (kind < 92) {
      // VPC-endpoint-only bucket.
      policy =
          R"({"Version": "2012-10-17", "Statement": [{"Sid": "VpceOnly", "Effect": "Deny", "Principal": "*", "Action": "s3:*",
 "Resource": ["arn:aws:s3:::)" +
          b + R"(", "arn:aws:s3:::)" + b +
          R"(/*"], "Condition": {"StringNotEquals": {"aws:SourceVpce": "vpce-1a2b3c4d"}}},
 {"Effect": "Allow", "Principal": "*", "Action": ["s3:GetObject", "s3:PutObject"], "Resource": "arn:aws:s3:::)" +
          b + R"(/*"}]})";
    } else {
      // Legacy bucket: no ownership controls, an AllUsers ACL grant.
      account_bpa = "null";
      ownership = "null";
      acl = OwnerAcl(
          R"(, {"Grantee": {"Type": "Group", "URI": "http://acs.amazonaws.com/groups/global/AllUsers"}, "Permission": "READ"})");
    }
    out.push_back("{\"bucket\": \"" + b + "\", \"account\": \"111122223333\", \"region\": \"ap-northeast-1\", " +
                  "\"account_public_access_block\": " + account_bpa + ", \"public_access_block\": " + bucket_bpa +
                  ", \"ownership\": " + ownership + ", \"policy\": " + policy + ", \"acl\": " + acl + "}");
  }
  return out;
}

}  // namespace bucketwatch::bench
