#include "events/config_rules.h"

#include <algorithm>
#include <array>
#include <cctype>

namespace bucketwatch::events {
namespace {

struct Known {
  std::string_view name;
  PublicAccessRule rule;
};

// Longest first: "...-blocks-periodic" contains "...-blocks".
constexpr std::array<Known, 5> kKnown = {{
    {"s3-account-level-public-access-blocks-periodic", PublicAccessRule::kAccountLevelPeriodic},
    {"s3-bucket-level-public-access-prohibited", PublicAccessRule::kBucketLevel},
    {"s3-account-level-public-access-blocks", PublicAccessRule::kAccountLevel},
    {"s3-bucket-public-write-prohibited", PublicAccessRule::kPublicWrite},
    {"s3-bucket-public-read-prohibited", PublicAccessRule::kPublicRead},
}};

// Config rule names allow letters, digits, '-' and '_'; the identifiers
// (S3_BUCKET_PUBLIC_READ_PROHIBITED) are also used as names. Compare
// case-insensitively with '_' read as '-'.
std::string Fold(std::string_view s) {
  std::string out(s);
  for (char& c : out) {
    c = c == '_' ? '-' : static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  }
  return out;
}

}  // namespace

std::string_view PublicAccessRuleName(PublicAccessRule rule) {
  for (const Known& k : kKnown) {
    if (k.rule == rule) return k.name;
  }
  return rule == PublicAccessRule::kUnknown ? "unknown" : "declared";
}

bool IsBucketRule(PublicAccessRule rule) {
  return rule != PublicAccessRule::kAccountLevel && rule != PublicAccessRule::kAccountLevelPeriodic;
}

std::optional<PublicAccessRule> RecognizeRule(std::string_view rule_name, const std::vector<std::string>& declared) {
  if (std::find(declared.begin(), declared.end(), rule_name) != declared.end()) return PublicAccessRule::kDeclared;
  std::string folded = Fold(rule_name);
  for (const Known& k : kKnown) {
    size_t at = folded.find(k.name);
    if (at == std::string::npos) continue;
    // The identifier must stand as a whole word of the name: bounded by the
    // ends or a '-'.
    size_t end = at + k.name.size();
    bool starts = at == 0 || folded[at - 1] == '-';
    bool ends = end == folded.size() || folded[end] == '-';
    if (starts && ends) return k.rule;
  }
  return std::nullopt;
}

}  // namespace bucketwatch::events
