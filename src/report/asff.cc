#include "report/asff.h"

#include "base/aws_names.h"
#include "exposure/finding_words.h"
#include "report/scan_report.h"
#include "report/verdict_json.h"
#include "report/verdict_text.h"

namespace bucketwatch::report {
namespace {

using exposure::AccessKind;
using exposure::Scope;
using nlohmann::ordered_json;
using scan::BucketResult;
using scan::Standing;

constexpr size_t kTitleChars = 256;
constexpr size_t kDescriptionChars = 1024;
constexpr size_t kRemediationChars = 512;
constexpr std::string_view kBpaGuide =
    "https://docs.aws.amazon.com/AmazonS3/latest/userguide/access-control-block-public-access.html";

bool OpenToAnyoneFor(const BucketResult& b, AccessKind kind) { return b.Access(kind) >= Scope::kAuthenticated; }

struct Rating {
  std::string_view compliance;
  std::string_view severity;
  std::string_view record_state = "ACTIVE";
};

Rating Rate(const BucketResult& b) {
  switch (b.standing) {
    case Standing::kPublic: {
      bool write = OpenToAnyoneFor(b, AccessKind::kWrite) || OpenToAnyoneFor(b, AccessKind::kWriteAcp);
      return {"FAILED", write ? "CRITICAL" : "HIGH"};
    }
    case Standing::kUnknown: return {"WARNING", "MEDIUM"};
    case Standing::kError: {
      bool gone = b.error.find("no longer exists") != std::string::npos;
      return {"NOT_AVAILABLE", "INFORMATIONAL", gone ? "ARCHIVED" : "ACTIVE"};
    }
    case Standing::kPublicAllowed:
    case Standing::kCrossAccount:
    case Standing::kPrivate: return {"PASSED", "INFORMATIONAL"};
  }
  return {"NOT_AVAILABLE", "INFORMATIONAL"};
}

std::string Title(const BucketResult& b) {
  std::string name = "S3 bucket " + b.bucket;
  switch (b.standing) {
    case Standing::kPublic: return name + " is public: " + BucketSentence(b);
    case Standing::kUnknown: return name + " may be public: " + BucketSentence(b);
    case Standing::kError: return name + " could not be checked";
    case Standing::kPublicAllowed: return name + " is public, as allowed: " + b.allowance->reason;
    case Standing::kCrossAccount: return name + " is shared with other accounts, not public";
    case Standing::kPrivate: return name + " is not public";
  }
  return name;
}

std::string Description(const BucketResult& b) {
  if (b.standing == Standing::kError) return b.error;
  std::string d = BucketSentence(b) + ".";
  for (const exposure::Cause& c : b.causes) {
    d += " " + std::string(c.channel == exposure::Channel::kPolicy ? "Bucket policy " : "ACL ") + c.location +
         " grants " + (c.scope == Scope::kCrossAccount ? "account " + c.account : exposure::WhoWords(c.who)) + " (" +
         c.principal + ") " + exposure::AccessWords(c.access) + ".";
  }
  if (b.allowance) {
    d += b.allowance->expired ? " Its allow-list entry expired after " + b.allowance->expires + "."
                              : " Allowed by " + b.allowance->where + ": " + b.allowance->reason + ".";
  }
  for (const std::string& why : b.cannot_judge) d += " Could not judge: " + why + ".";
  return d;
}

std::string Remediation(const BucketResult& b) {
  for (const exposure::Cause& c : b.causes) {
    if (c.scope >= Scope::kAuthenticated)
      return c.channel == exposure::Channel::kPolicy ? "Policy " + c.location + ": " + c.fix
                                                     : "ACL " + c.location + ": " + c.fix;
  }
  if (b.standing == Standing::kUnknown) {
    return "Give the scanner s3:GetBucketPolicy, s3:GetBucketAcl and s3:GetBucketPublicAccessBlock on the bucket, "
           "or turn on all four Block Public Access settings.";
  }
  return "Turn on all four Block Public Access settings for the bucket or the account.";
}

}  // namespace

std::string TruncateUtf8(std::string_view text, size_t max_chars) {
  size_t chars = 0, i = 0;
  // Count code points: bytes that are not continuation bytes (10xxxxxx).
  for (size_t k = 0; k < text.size(); ++k) {
    if ((static_cast<unsigned char>(text[k]) & 0xC0) != 0x80) ++chars;
  }
  if (chars <= max_chars) return std::string(text);
  size_t keep = max_chars - 1;  // room for the ellipsis
  chars = 0;
  for (i = 0; i < text.size(); ++i) {
    if ((static_cast<unsigned char>(text[i]) & 0xC0) != 0x80) {
      if (chars == keep) break;
      ++chars;
    }
  }
  return std::string(text.substr(0, i)) + "\u2026";
}

std::optional<ordered_json> AsffFinding(const BucketResult& b, const AsffOptions& options) {
  if (b.account.empty()) return std::nullopt;
  std::string_view partition = PartitionOfRegion(options.region);
  Rating rating = Rate(b);
  ordered_json types = ordered_json::array({"Software and Configuration Checks/AWS Security Best Practices"});
  if (b.standing == Standing::kPublic || b.standing == Standing::kPublicAllowed) {
    types.push_back("Effects/Data Exposure");
  }
  ordered_json severity{{"Label", rating.severity}, {"Original", std::string(scan::StandingName(b.standing))}};

  ordered_json f;
  f["SchemaVersion"] = "2018-10-08";
  f["Id"] = "bucketwatch/s3-public-access/" + b.account + "/" + b.bucket;
  f["ProductArn"] = "arn:" + std::string(partition) + ":securityhub:" + options.region + ":" + b.account + ":product/" +
                    b.account + "/default";
  f["GeneratorId"] = "bucketwatch/s3-bucket-public-access";
  f["AwsAccountId"] = b.account;
  f["Types"] = types;
  f["CreatedAt"] = options.time;
  f["UpdatedAt"] = options.time;
  f["Severity"] = severity;
  f["Title"] = TruncateUtf8(Title(b), kTitleChars);
  f["Description"] = TruncateUtf8(Description(b), kDescriptionChars);
  f["Remediation"] = {
      {"Recommendation", {{"Text", TruncateUtf8(Remediation(b), kRemediationChars)}, {"Url", kBpaGuide}}}};
  ordered_json resource{{"Type", "AwsS3Bucket"},
                        {"Id", "arn:" + std::string(PartitionOfRegion(b.region.empty() ? options.region : b.region)) +
                                   ":s3:::" + b.bucket},
                        {"Partition", std::string(PartitionOfRegion(b.region.empty() ? options.region : b.region))}};
  if (!b.region.empty()) resource["Region"] = b.region;
  f["Resources"] = ordered_json::array({resource});
  f["Compliance"] = {{"Status", rating.compliance}};
  f["Workflow"] = {{"Status", "NEW"}};
  f["RecordState"] = rating.record_state;
  f["FindingProviderFields"] = {{"Severity", severity}, {"Types", types}};
  ordered_json fields;
  fields["bucketwatch/standing"] = std::string(scan::StandingName(b.standing));
  fields["bucketwatch/public_read"] = b.public_read ? "true" : "false";
  fields["bucketwatch/public_write"] = b.public_write ? "true" : "false";
  if (b.allowance) {
    fields["bucketwatch/allowed_reason"] = TruncateUtf8(b.allowance->reason, 1024);
    if (!b.allowance->expires.empty()) fields["bucketwatch/allowed_until"] = b.allowance->expires;
  }
  f["ProductFields"] = fields;
  return f;
}

void WriteAsff(std::ostream& out, const scan::ScanReport& report, const AsffOptions& options,
               std::vector<std::string>* left_out) {
  out << "[";
  bool first = true;
  for (const BucketResult& b : report.buckets) {
    auto f = AsffFinding(b, options);
    if (!f) {
      if (left_out != nullptr) left_out->push_back(b.bucket);
      continue;
    }
    out << (first ? "\n  " : ",\n  ") << Dump(*f);
    first = false;
  }
  out << (first ? "]\n" : "\n]\n");
}

}  // namespace bucketwatch::report
