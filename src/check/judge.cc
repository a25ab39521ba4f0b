#include "check/judge.h"

#include <map>

#include "exposure/evaluator.h"

namespace bucketwatch::check {
namespace {

std::string Level(const exposure::EffectiveFlag& f) {
  if (f.account_level && f.bucket_level) return "bucket and account level";
  return f.bucket_level ? "bucket level" : "account level";
}

// How broad a verdict is, to pick the widest of several.
int Breadth(const exposure::Verdict& v) {
  return (v.public_write ? 8 : 0) + (v.public_read ? 4 : 0) + (v.unknown != 0 || !v.cannot_judge.empty() ? 2 : 0) +
         (v.cross_account ? 1 : 0);
}

}  // namespace

Refusals DeployRefusals(const PlannedBucket& bucket, const exposure::Verdict& verdict) {
  Refusals out;
  if (!bucket.created) return out;
  const exposure::Snapshot& s = bucket.snapshot;
  const bool terraform = bucket.source == Source::kTerraform;
  std::string acl_words = terraform ? "the ACL " + (bucket.canned_acl.empty() ? "grants" : bucket.canned_acl) + " of " +
                                          (bucket.acl_resource.empty() ? bucket.resource : bucket.acl_resource)
                                    : "AccessControl " + bucket.canned_acl;
  bool sets_acl = (!bucket.canned_acl.empty() && !OwnerOnlyCannedAcl(bucket.canned_acl)) || bucket.granted_acl;
  // An account-level setting the input applies itself may come after the
  // bucket's calls: only the bucket level refuses for certain.
  auto refuses = [&](const exposure::EffectiveFlag& f) { return bucket.account_bpa_in_input ? f.bucket_level : f.on; };
  if (sets_acl && s.ownership.present() && s.ownership.value() == exposure::ObjectOwnership::kBucketOwnerEnforced) {
    out.acl = true;
    out.reasons.push_back("S3 refuses " + acl_words + " on a bucket whose Object Ownership is BucketOwnerEnforced (" +
                          (terraform ? "AccessControlListNotSupported); aws_s3_bucket_ownership_controls"
                                     : "InvalidBucketAclWithObjectOwnership); OwnershipControls") +
                          " with ObjectWriter or BucketOwnerPreferred enable ACLs");
  } else if (verdict.acl_is_public && refuses(verdict.block_public_acls)) {
    out.acl = true;
    out.reasons.push_back("BlockPublicAcls (" + Level(verdict.block_public_acls) + ") refuses the public " + acl_words +
                          " (AccessDenied)");
  }
  if (verdict.policy_is_public.value_or(false) && refuses(verdict.block_public_policy)) {
    out.policy = true;
    out.reasons.push_back("BlockPublicPolicy (" + Level(verdict.block_public_policy) +
                          ") refuses the public bucket policy" +
                          (bucket.policy_resource.empty() ? "" : " " + bucket.policy_resource) + " (AccessDenied)");
  }
  return out;
}

std::vector<CheckedBucket> Judge(TemplateVariants input) {
  std::vector<CheckedBucket> out;
  if (!input.variants.empty()) out.reserve(input.variants[0].buckets.size());
  std::map<std::string, size_t> index;
  for (size_t mask = 0; mask < input.variants.size(); ++mask) {
    for (PlannedBucket& b : input.variants[mask].buckets) {
      CheckedBucket c;
      c.planned = std::move(b);  // each variant's buckets are judged once
      const PlannedBucket& p = c.planned;
      c.verdict = exposure::Evaluate(p.snapshot);
      Refusals refusals = DeployRefusals(p, c.verdict);
      refusals.reasons.insert(refusals.reasons.begin(), p.refused.begin(), p.refused.end());
      if (!refusals.reasons.empty()) {
        c.deploy = "would fail to deploy: ";
        for (size_t i = 0; i < refusals.reasons.size(); ++i) c.deploy += (i ? "; " : "") + refusals.reasons[i];
        // The stack rolls back: what is judged is the bucket without what S3 refused.
        exposure::Snapshot deployed = p.snapshot;
        if (refusals.policy) {
          deployed.policy = exposure::Part<exposure::Policy>::Absent();
          deployed.policy_text.clear();
        }
        if (refusals.acl) {
          exposure::Acl acl;
          acl.owner_id = p.snapshot.acl.present() ? p.snapshot.acl.value().owner_id : "";
          if (p.snapshot.acl.present() && !p.snapshot.acl.value().grants.empty())
            acl.grants.push_back(p.snapshot.acl.value().grants[0]);
          deployed.acl = exposure::Part<exposure::Acl>::Of(acl);
        }
        c.planned.snapshot = std::move(deployed);
        c.verdict = exposure::Evaluate(c.planned.snapshot);
      }
      for (size_t i = 0; i < input.unknown_conditions.size(); ++i) {
        c.conditions += (i ? ", " : "") + input.unknown_conditions[i] + "=" + (((mask >> i) & 1) ? "true" : "false");
      }
      std::string key = c.planned.resource + "\n" + c.planned.snapshot.bucket;
      auto [it, fresh] = index.emplace(key, out.size());
      if (fresh) {
        out.push_back(std::move(c));
      } else if (Breadth(c.verdict) > Breadth(out[it->second].verdict)) {
        out[it->second] = std::move(c);
      }
    }
  }
  if (input.variants.size() <= 1) {
    for (auto& c : out) c.conditions.clear();
  }
  return out;
}

}  // namespace bucketwatch::check
