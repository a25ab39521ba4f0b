#include "aws/bucket_snapshot.h"

#include "aws/timestamp.h"
#include "base/log.h"

namespace bucketwatch::aws {
namespace {

// "credentials" failures stop the whole read: without credentials every
// part would be unknown for the same reason, better said once.
bool IsCredentialsFailure(const Status& s) {
  const std::string& m = s.message();
  if (m.find("no AWS credentials found") != std::string::npos || m.find("credentials from ") != std::string::npos) {
    return true;
  }
  // AWS rejected the credentials themselves (not a permission).
  if (s.code() != StatusCode::kPermissionDenied) return false;
  for (const char* code : {" InvalidAccessKeyId", " SignatureDoesNotMatch", " ExpiredToken", " InvalidToken",
                           " InvalidClientTokenId", " TokenRefreshRequired"}) {
    if (m.find(code) != std::string::npos) return true;
  }
  return false;
}

}  // namespace

SnapshotReader::SnapshotReader(std::shared_ptr<AwsContext> context)
    : context_(std::move(context)), s3_(context_), s3control_(context_), sts_(context_) {}

Result<std::vector<BucketEntry>> SnapshotReader::ListBuckets() {
  BW_ASSIGN_OR_RETURN(BucketListing listing, s3_.ListAllBuckets());
  return std::move(listing.buckets);
}

AccountFacts SnapshotReader::LearnAccount() {
  AccountFacts facts;
  facts.account_id = context_->config().account_id;
  if (facts.account_id.empty()) {
    auto creds = context_->credentials().Fetch();
    if (creds.ok() && !creds->account_id.empty()) facts.account_id = creds->account_id;
  }
  if (facts.account_id.empty()) {
    auto id = sts_.GetCallerIdentity();
    if (id.ok()) {
      facts.account_id = id->account;
    } else {
      facts.unknown_reason = id.status().message();
    }
  }
  if (facts.account_id.empty()) {
    facts.public_access_block = exposure::Part<exposure::BlockPublicAccess>::Unknown(
        "the account id is unknown (" + facts.unknown_reason + "); give it with --account-id");
    log::Warn("aws.account_unknown", {{"reason", facts.unknown_reason}});
    return facts;
  }
  auto bpa = s3control_.GetPublicAccessBlock(facts.account_id);
  if (!bpa.ok()) {
    facts.public_access_block = exposure::Part<exposure::BlockPublicAccess>::Unknown(bpa.status().message());
  } else if (bpa->has_value()) {
    facts.public_access_block = exposure::Part<exposure::BlockPublicAccess>::Of(**bpa);
  }
  return facts;
}

const AccountFacts& SnapshotReader::Account() {
  return context_->Account([this] { return LearnAccount(); });
}

Result<exposure::Snapshot> SnapshotReader::Read(const std::string& bucket) {
  exposure::Snapshot snap;
  snap.bucket = bucket;
  snap.captured_at = FormatIso8601(context_->Now());

  auto region = s3_.BucketRegion(bucket);
  if (!region.ok()) {
    if (region.status().code() == StatusCode::kGone) return region.status();
    if (IsCredentialsFailure(region.status())) return region.status();
    // Ask in the configured region: S3 redirects if the bucket is elsewhere.
    log::Warn("aws.bucket_region_unknown", {{"bucket", bucket}, {"reason", region.status().message()}});
    context_->RememberBucketRegion(bucket, context_->config().region);
  }

  const AccountFacts& account = Account();
  snap.account = account.account_id;
  snap.account_public_access_block = account.public_access_block;
  s3_.set_expected_owner(account.account_id);

  // Each call either answers, says "not configured", or fails: the failure
  // becomes the part's unknown reason. A vanished bucket ends the read.
  Status gone;
  auto unknown_reason = [&](const Status& s) {
    if (s.code() == StatusCode::kGone && gone.ok()) gone = s;
    if (IsCredentialsFailure(s) && gone.ok()) gone = s;
    std::string reason = s.message();
    if (s.code() == StatusCode::kPermissionDenied && !account.account_id.empty()) {
      reason += " (the caller lacks the permission, or the bucket is not in account " + account.account_id + ")";
    }
    return reason;
  };

  auto policy = s3_.GetBucketPolicy(bucket);
  if (!policy.ok()) {
    snap.policy = exposure::Part<exposure::Policy>::Unknown(unknown_reason(policy.status()));
  } else if (policy->has_value()) {
    snap.policy_text = **policy;
    snap.policy = exposure::Part<exposure::Policy>::Of(exposure::ParsePolicyText(snap.policy_text, parser_));
  }
  if (!gone.ok()) return gone;

  auto acl = s3_.GetBucketAcl(bucket);
  if (acl.ok()) {
    snap.acl = exposure::Part<exposure::Acl>::Of(std::move(acl).value());
  } else {
    snap.acl = exposure::Part<exposure::Acl>::Unknown(unknown_reason(acl.status()));
  }

  auto bpa = s3_.GetPublicAccessBlock(bucket);
  if (!bpa.ok()) {
    snap.public_access_block = exposure::Part<exposure::BlockPublicAccess>::Unknown(unknown_reason(bpa.status()));
  } else if (bpa->has_value()) {
    snap.public_access_block = exposure::Part<exposure::BlockPublicAccess>::Of(**bpa);
  }

  auto ownership = s3_.GetBucketOwnershipControls(bucket);
  if (!ownership.ok()) {
    snap.ownership = exposure::Part<exposure::ObjectOwnership>::Unknown(unknown_reason(ownership.status()));
  } else if (ownership->has_value()) {
    snap.ownership = exposure::Part<exposure::ObjectOwnership>::Of(**ownership);
  }

  // Only a cross-check: its failure changes no verdict.
  if (read_policy_status_) {
    auto status = s3_.GetBucketPolicyStatus(bucket);
    if (status.ok()) {
      snap.policy_status = *status;
    } else {
      log::Debug("aws.policy_status_unread", {{"bucket", bucket}, {"reason", status.status().message()}});
    }
  }
  if (!gone.ok()) return gone;

  if (auto r = context_->BucketRegion(bucket)) snap.region = *r;
  return snap;
}

}  // namespace bucketwatch::aws
