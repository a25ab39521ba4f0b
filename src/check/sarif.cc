#include "check/sarif.h"

#include <array>
#include <cctype>

#include "exposure/finding_words.h"

namespace bucketwatch::check {
namespace {

using exposure::AccessKind;
using nlohmann::ordered_json;

std::string RuleId(AccessKind kind) {
  std::string id = "public-";
  for (char c : exposure::AccessKindName(kind)) id += c == '_' ? '-' : c;
  return id;
}

// GitHub orders alerts by this (0.1 to 10; 7 and above is "high", 9 and
// above "critical"): changing what is stored or who may is worse than
// reading it.
std::string_view Severity(AccessKind kind) {
  // In the order of exposure::kAllAccessKinds: read, list, write, read ACL,
  // write ACL, bucket settings.
  constexpr std::array<std::string_view, exposure::kAccessKindCount> kSeverity = {"7.5", "5.3", "9.0",
                                                                                  "4.3", "9.0", "9.0"};
  return kSeverity[static_cast<size_t>(kind)];
}

// "PublicReadAcp": SARIF's rule names are for people and tools alike.
std::string RuleName(AccessKind kind) {
  std::string name = "Public";
  bool upper = true;
  for (char c : exposure::AccessKindName(kind)) {
    if (c == '_') {
      upper = true;
      continue;
    }
    name += upper ? static_cast<char>(std::toupper(static_cast<unsigned char>(c))) : c;
    upper = false;
  }
  return name;
}

ordered_json Rules() {
  ordered_json rules = ordered_json::array();
  for (AccessKind kind : exposure::kAllAccessKinds) {
    std::string what(exposure::AccessKindDescription(kind));
    rules.push_back({{"id", RuleId(kind)},
                     {"name", RuleName(kind)},
                     {"shortDescription", {{"text", "Anyone can " + what}}},
                     {"fullDescription",
                      {{"text", "The bucket would let the public (anyone, or any AWS user) " + what +
                                    ", as S3 judges a policy or ACL public, after Block Public Access and Object "
                                    "Ownership."}}},
                     {"help",
                      {{"text",
                        "Remove the statement or grant, confine it to fixed principals or sources, or turn on "
                        "Block Public Access (docs/check.md)."}}},
                     {"defaultConfiguration", {{"level", "error"}}},
                     {"properties", {{"tags", {"security", "s3"}}, {"security-severity", Severity(kind)}}}});
  }
  return rules;
}

// Where a finding is: the line of its statement when known, else the
// resource's (and line 1 when there is none, as in Terraform's JSON, where
// the address names the place).
int LineOf(const PlannedBucket& b, const exposure::Finding* f) {
  if (f && f->channel == exposure::Channel::kPolicy && f->statement >= 0 &&
      static_cast<size_t>(f->statement) < b.statement_lines.size() && b.statement_lines[f->statement] > 0)
    return b.statement_lines[f->statement];
  if (f && f->channel == exposure::Channel::kPolicy && b.policy_line > 0) return b.policy_line;
  return b.line > 0 ? b.line : 1;
}

ordered_json Location(const PlannedBucket& b, const exposure::Finding* f) {
  std::string resource = b.resource;
  if (f && f->channel == exposure::Channel::kPolicy && !b.policy_resource.empty()) resource = b.policy_resource;
  if (f && f->channel == exposure::Channel::kAcl && !b.acl_resource.empty()) resource = b.acl_resource;
  return {{"physicalLocation", {{"artifactLocation", {{"uri", b.file}}}, {"region", {{"startLine", LineOf(b, f)}}}}},
          {"logicalLocations", ordered_json::array({{{"name", resource}, {"kind", "resource"}}})}};
}

ordered_json Result(const CheckedBucket& c, AccessKind kind, size_t rule) {
  const exposure::Verdict& v = c.verdict;
  const exposure::Finding* first = nullptr;
  std::string causes;
  for (const exposure::Finding& f : v.findings) {
    if (f.blocked_by.blocked() || f.scope < exposure::Scope::kAuthenticated || !exposure::Has(f.access, kind)) continue;
    if (!first) first = &f;
    causes += (causes.empty() ? "" : "; ") + exposure::FindingLocation(c.planned.snapshot, f) + " grants it to " +
              exposure::WhoWords(f.who);
  }
  bool open = v.Access(kind) >= exposure::Scope::kAuthenticated;
  std::string text = "Bucket " + c.planned.snapshot.bucket + " (" + c.planned.resource + "): ";
  if (open) {
    text += "the public can " + std::string(exposure::AccessKindDescription(kind)) + ". " + causes + ".";
  } else {
    text += "cannot judge whether the public can " + std::string(exposure::AccessKindDescription(kind)) + ": ";
    for (size_t i = 0; i < v.cannot_judge.size(); ++i) text += (i ? "; " : "") + v.cannot_judge[i];
    text += ".";
  }
  if (!c.conditions.empty()) text += " Assumes " + c.conditions + ".";
  ordered_json r = {{"ruleId", RuleId(kind)},
                    {"ruleIndex", rule},
                    {"level", open ? "error" : "warning"},
                    {"message", {{"text", text}}},
                    {"locations", ordered_json::array({Location(c.planned, first)})},
                    {"properties", {{"bucket", c.planned.snapshot.bucket}, {"created", c.planned.created}}}};
  return r;
}

}  // namespace

ordered_json SarifLog(const std::vector<CheckedBucket>& checked, const std::vector<Suppression>& suppressions) {
  ordered_json results = ordered_json::array();
  for (size_t b = 0; b < checked.size(); ++b) {
    const CheckedBucket& c = checked[b];
    for (size_t i = 0; i < exposure::kAllAccessKinds.size(); ++i) {
      AccessKind kind = exposure::kAllAccessKinds[i];
      if (c.verdict.Access(kind) < exposure::Scope::kAuthenticated && !c.verdict.IsUnknown(kind)) continue;
      ordered_json r = Result(c, kind, i);
      if (b < suppressions.size() && exposure::Has(suppressions[b].access, kind)) {
        r["suppressions"] = ordered_json::array(
            {{{"kind", "external"}, {"status", "accepted"}, {"justification", suppressions[b].justification}}});
      }
      results.push_back(std::move(r));
    }
  }
  ordered_json run = {{"tool", {{"driver", {{"name", "bucketwatch"}, {"rules", Rules()}}}}},
                      {"columnKind", "utf16CodeUnits"},
                      {"results", std::move(results)}};
  return {{"$schema", "https://json.schemastore.org/sarif-2.1.0.json"},
          {"version", "2.1.0"},
          {"runs", ordered_json::array({std::move(run)})}};
}

}  // namespace bucketwatch::check
