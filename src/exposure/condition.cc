#include "exposure/condition.h"

#include <arpa/inet.h>

#include <algorithm>
#include <array>
#include <cctype>
#include <charconv>
#include <cstring>

#include "base/aws_names.h"
#include "base/text.h"
#include "exposure/glob.h"

namespace bucketwatch::exposure {
namespace {

using enum ConditionOperator;

struct OperatorName {
  std::string_view name;
  ConditionOperator op;
};
constexpr OperatorName kOperators[] = {
    {"stringequals", kStringEquals},
    {"stringnotequals", kStringNotEquals},
    {"stringequalsignorecase", kStringEqualsIgnoreCase},
    {"stringnotequalsignorecase", kStringNotEqualsIgnoreCase},
    {"stringlike", kStringLike},
    {"stringnotlike", kStringNotLike},
    {"numericequals", kNumericEquals},
    {"numericnotequals", kNumericNotEquals},
    {"numericlessthan", kNumericLessThan},
    {"numericlessthanequals", kNumericLessThanEquals},
    {"numericgreaterthan", kNumericGreaterThan},
    {"numericgreaterthanequals", kNumericGreaterThanEquals},
    {"dateequals", kDateEquals},
    {"datenotequals", kDateNotEquals},
    {"datelessthan", kDateLessThan},
    {"datelessthanequals", kDateLessThanEquals},
    {"dategreaterthan", kDateGreaterThan},
    {"dategreaterthanequals", kDateGreaterThanEquals},
    {"bool", kBool},
    {"binaryequals", kBinaryEquals},
    {"ipaddress", kIpAddress},
    {"notipaddress", kNotIpAddress},
    {"arnequals", kArnEquals},
    {"arnlike", kArnLike},
    {"arnnotequals", kArnNotEquals},
    {"arnnotlike", kArnNotLike},
    {"null", kNull},
};

bool StartsWith(std::string_view s, std::string_view p) { return s.substr(0, p.size()) == p; }
bool EndsWith(std::string_view s, std::string_view p) {
  return s.size() >= p.size() && s.substr(s.size() - p.size()) == p;
}

// Keys whose fixed values make a grant non-public: [S3-PUB] items 1-11, and
// the principal-identity keys (PrincipalOrgID is the page's own example;
// PrincipalAccount/Arn/OrgPaths by extension, flagged uncertain;
// docs/sources.md, "Principals and who the public is").
enum class KeyClass {
  kUnlisted,
  kSourceIp,
  kPlain,
  kUserId,
  kDataAccessPointArn,
  kPrincipalAccount,
  kPrincipalArn,
  kPrincipalOrgId,
  kPrincipalOrgPaths,
};

KeyClass ClassifyKey(std::string_view key) {
  if (key == "aws:sourceip") return KeyClass::kSourceIp;
  if (key == "aws:sourcearn" || key == "aws:sourcevpc" || key == "aws:sourcevpce" || key == "aws:sourceowner" ||
      key == "aws:sourceaccount" || key == "s3:x-amz-server-side-encryption-aws-kms-key-id" ||
      key == "s3:dataaccesspointaccount") {
    return KeyClass::kPlain;
  }
  if (key == "aws:userid") return KeyClass::kUserId;
  if (key == "s3:dataaccesspointarn") return KeyClass::kDataAccessPointArn;
  if (key == "aws:principalaccount") return KeyClass::kPrincipalAccount;
  if (key == "aws:principalarn") return KeyClass::kPrincipalArn;
  if (key == "aws:principalorgid") return KeyClass::kPrincipalOrgId;
  if (key == "aws:principalorgpaths") return KeyClass::kPrincipalOrgPaths;
  return KeyClass::kUnlisted;
}

// Keys present only in requests signed by an AWS principal (IAM User Guide,
// "AWS global condition context keys": availability of each key).
bool OnlyAuthenticatedHave(std::string_view key) {
  return key == "aws:principalarn" || key == "aws:principalaccount" || key == "aws:principalorgid" ||
         key == "aws:principalorgpaths" || StartsWith(key, "aws:principaltag/") || key == "aws:calledvia" ||
         key == "aws:calledviafirst" || key == "aws:calledvialast" || key == "aws:username";
}

bool OnlyAwsServicesHave(std::string_view key) {
  return key == "aws:principalservicename" || key == "aws:principalservicenameslist";
}

bool HasVariable(std::string_view v) { return v.find("${") != std::string_view::npos; }

bool IsFixedValue(std::string_view v, bool policy_variables) {
  if (HasWildcard(v)) return false;
  return !(policy_variables && HasVariable(v));
}

// "arn:partition:service:region:account:resource" -> field i (0-based).
std::string_view ArnField(std::string_view arn, int index) {
  for (int i = 0; i < index; ++i) {
    size_t colon = arn.find(':');
    if (colon == std::string_view::npos) return {};
    arn.remove_prefix(colon + 1);
  }
  if (index < 5) return arn.substr(0, arn.find(':'));
  return arn;
}

struct Cidr {
  bool v6 = false;
  int prefix = 0;
  std::array<unsigned char, 16> addr{};  // bits past the prefix cleared
};

std::optional<Cidr> ParseCidr(std::string_view text) {
  std::string addr(text);
  int prefix = -1;
  if (size_t slash = addr.find('/'); slash != std::string::npos) {
    std::string_view p = std::string_view(addr).substr(slash + 1);
    // Digits only: "/-1" or "/+8" is no prefix at all, so the value confines nothing.
    if (p.empty() || p.size() > 3 || p.find_first_not_of("0123456789") != std::string_view::npos) return std::nullopt;
    unsigned value = 0;
    auto [end, ec] = std::from_chars(p.data(), p.data() + p.size(), value);
    if (ec != std::errc() || end != p.data() + p.size()) return std::nullopt;
    prefix = static_cast<int>(value);
    addr.resize(slash);
  }
  unsigned char buf[16];
  Cidr cidr;
  if (inet_pton(AF_INET, addr.c_str(), buf) == 1) {
    cidr.prefix = prefix < 0 ? 32 : prefix;
    if (cidr.prefix > 32) return std::nullopt;
  } else if (inet_pton(AF_INET6, addr.c_str(), buf) == 1) {
    cidr.v6 = true;
    cidr.prefix = prefix < 0 ? 128 : prefix;
    if (cidr.prefix > 128) return std::nullopt;
  } else {
    return std::nullopt;
  }
  std::copy(buf, buf + (cidr.v6 ? 16 : 4), cidr.addr.begin());
  for (int bit = cidr.prefix; bit < (cidr.v6 ? 128 : 32); ++bit) {
    cidr.addr[static_cast<size_t>(bit / 8)] &= static_cast<unsigned char>(~(0x80u >> (bit % 8)));
  }
  return cidr;
}

bool IsPositiveMatchOperator(ConditionOperator op) {
  return op == kStringEquals || op == kStringEqualsIgnoreCase || op == kStringLike || op == kArnEquals ||
         op == kArnLike;
}

}  // namespace

std::optional<ParsedOperator> ParseConditionOperator(std::string_view text) {
  ParsedOperator out{kStringEquals};
  // Lower case in a buffer of our own: the longest operator
  // ("ForAllValues:StringNotEqualsIgnoreCaseIfExists") has 46 characters.
  std::array<char, 64> lower;
  if (text.size() > lower.size()) return std::nullopt;
  std::transform(text.begin(), text.end(), lower.begin(), AsciiLower);
  std::string_view rest(lower.data(), text.size());
  if (StartsWith(rest, "foranyvalue:")) {
    out.set = SetQualifier::kForAnyValue;
    rest.remove_prefix(12);
  } else if (StartsWith(rest, "forallvalues:")) {
    out.set = SetQualifier::kForAllValues;
    rest.remove_prefix(13);
  }
  if (EndsWith(rest, "ifexists")) {
    out.if_exists = true;
    rest.remove_suffix(8);
  }
  for (const OperatorName& o : kOperators) {
    if (SameText(o.name, rest)) {
      if (o.op == kNull && out.if_exists) return std::nullopt;  // NullIfExists is not an operator
      out.op = o.op;
      return out;
    }
  }
  return std::nullopt;
}

bool IsNegated(ConditionOperator op) {
  return op == kStringNotEquals || op == kStringNotEqualsIgnoreCase || op == kStringNotLike || op == kArnNotEquals ||
         op == kArnNotLike || op == kNotIpAddress || op == kNumericNotEquals || op == kDateNotEquals;
}

ConditionOperator Positive(ConditionOperator op) {
  switch (op) {
    case kStringNotEquals: return kStringEquals;
    case kStringNotEqualsIgnoreCase: return kStringEqualsIgnoreCase;
    case kStringNotLike: return kStringLike;
    case kArnNotEquals: return kArnEquals;
    case kArnNotLike: return kArnLike;
    case kNotIpAddress: return kIpAddress;
    case kNumericNotEquals: return kNumericEquals;
    case kDateNotEquals: return kDateEquals;
    default: return op;
  }
}

ConfinementResult JudgeAllowCondition(const Condition& c, bool policy_variables) {
  ConfinementResult result;
  const ParsedOperator& op = c.op;
  const std::string& key = c.key_lower;
  // IfExists is true when the key is absent; ForAllValues is true for an
  // empty key set ([IAM-MV]); negated operators are true when the key is
  // absent ([IAM-COND]). None of them requires anything of an anonymous caller.
  const bool requires_key =
      !op.if_exists && op.set != SetQualifier::kForAllValues && !IsNegated(op.op) && op.op != kNull;
  // A policy variable is not a fixed value [S3-PUB]; what it resolves to is
  // not known here, so the test is given no weight at all, not even as
  // keeping anonymous callers out (U7: the widest reading is the safe one).
  if (policy_variables) {
    for (const std::string& v : c.values) {
      if (HasVariable(v) && v.find("${*}") == std::string::npos && v.find("${?}") == std::string::npos &&
          v.find("${$}") == std::string::npos) {
        result.uncertain = "a policy variable in " + c.key +
                           " is not a fixed value, even when it resolves to the owner's own account (U7)";
        return result;
      }
    }
  }

  if (requires_key && (IsPositiveMatchOperator(op.op) || op.op == kIpAddress)) {
    KeyClass kc = ClassifyKey(key);
    bool all_fixed = !c.values.empty();
    std::string uncertain;
    uint64_t total_v4 = 0;
    for (const std::string& v : c.values) {
      bool fixed = false;
      switch (kc) {
        case KeyClass::kUnlisted: break;
        case KeyClass::kSourceIp: {
          if (op.op != kIpAddress) break;
          auto cidr = ParseCidr(v);
          if (!cidr) break;
          // [S3-PUB]: ranges broader than /8 (IPv4) or /32 (IPv6) are public.
          fixed = cidr->v6 ? cidr->prefix >= 32 : cidr->prefix >= 8;
          if (fixed && ((cidr->v6 && cidr->prefix == 32) || (!cidr->v6 && cidr->prefix == 8))) {
            uncertain =
                "an exact /8 (IPv4) or /32 (IPv6) range sits on the boundary of AWS's "
                "\"broader than\" rule and is judged not public (U8)";
          }
          if (!cidr->v6) total_v4 += uint64_t{1} << (32 - cidr->prefix);
          break;
        }
        case KeyClass::kUserId: {
          // "aws:userid outside the pattern AROLEID:*" [S3-PUB]: a fixed role id
          // with any session name counts as fixed (U9).
          if (IsFixedValue(v, policy_variables)) {
            fixed = true;
          } else if (EndsWith(v, ":*") && v.size() > 2 &&
                     IsFixedValue(std::string_view(v).substr(0, v.size() - 2), policy_variables)) {
            fixed = true;
            uncertain = "\"<role id>:*\" in aws:userid is read as a fixed role with any session (U9)";
          }
          break;
        }
        case KeyClass::kDataAccessPointArn: {
          // In a bucket policy the access point name may be a wildcard when the
          // account is fixed ([S3-PUB] item 10).
          if (IsFixedValue(v, policy_variables)) {
            fixed = true;
          } else {
            std::string_view account = ArnField(v, 4);
            std::string_view region = ArnField(v, 3);
            std::string_view resource = ArnField(v, 5);
            fixed = IsAccountId(account) && IsFixedValue(region, policy_variables) &&
                    StartsWith(resource, "accesspoint/") && IsFixedValue(ArnField(v, 2), policy_variables) &&
                    IsFixedValue(ArnField(v, 1), policy_variables);
          }
          break;
        }
        case KeyClass::kPlain:
        case KeyClass::kPrincipalAccount:
        case KeyClass::kPrincipalArn:
        case KeyClass::kPrincipalOrgId:
        case KeyClass::kPrincipalOrgPaths: fixed = IsFixedValue(v, policy_variables); break;
      }
      if (!fixed) {
        all_fixed = false;
        break;
      }
      if (kc == KeyClass::kPrincipalAccount && IsAccountId(v)) result.accounts.push_back(v);
      if (kc == KeyClass::kPrincipalArn) {
        std::string_view account = ArnField(v, 4);
        if (IsAccountId(account)) result.accounts.emplace_back(account);
      }
    }
    if (all_fixed) {
      result.confinement = Confinement::kFixed;
      if (kc == KeyClass::kPrincipalAccount || kc == KeyClass::kPrincipalArn) {
        uncertain =
            "AWS names aws:PrincipalOrgID as a fixed principal; aws:PrincipalAccount and "
            "aws:PrincipalArn are judged the same way (U5)";
      } else if (kc == KeyClass::kPrincipalOrgPaths) {
        uncertain = "an exact aws:PrincipalOrgPaths value is judged fixed; AWS does not document it (U5)";
      } else if (kc == KeyClass::kPrincipalOrgId) {
        result.names_organization = true;
      }
      if (kc == KeyClass::kSourceIp && total_v4 > (uint64_t{1} << 24)) {
        uncertain =
            "the ranges together cover more addresses than one /8; AWS judges each range on "
            "its own (U8)";
      }
      result.uncertain = std::move(uncertain);
      return result;
    }
  }

  // Not fixed. It may still keep out anonymous callers.
  const bool single = c.values.size() == 1 && !op.if_exists;
  const bool services_only =
      (requires_key && OnlyAwsServicesHave(key)) ||
      (key == "aws:principalisawsservice" && op.op == kBool && single && Lower(c.values[0]) == "true");
  // Null "false" on a key only signed callers have requires the key too.
  const bool authenticated_only =
      (requires_key && OnlyAuthenticatedHave(key)) ||
      (op.op == kNull && single && OnlyAuthenticatedHave(key) && Lower(c.values[0]) == "false");
  if (services_only) {
    result.confinement = Confinement::kAwsServiceOnly;
  } else if (authenticated_only) {
    result.confinement = Confinement::kAuthenticatedOnly;
  }
  if (requires_key && op.op == kBool && key == "aws:principalisawsservice") {
    result.uncertain = "aws:PrincipalIsAWSService is not among the keys AWS lists (U4)";
  } else if (requires_key && (key == "aws:sourceorgid" || key == "aws:sourceorgpaths")) {
    result.uncertain =
        "aws:SourceOrgID / aws:SourceOrgPaths are newer than AWS's list of restricting "
        "keys and are judged not to restrict (U4)";
  } else if (requires_key && ClassifyKey(key) != KeyClass::kUnlisted && IsPositiveMatchOperator(op.op)) {
    bool prefix_wildcard = false;
    for (const std::string& v : c.values) {
      size_t star = v.find('*');
      if (star != std::string::npos && star > 0 && star + 1 == v.size()) prefix_wildcard = true;
    }
    if (prefix_wildcard) {
      result.uncertain =
          "a wildcard under a fixed prefix is judged not to restrict; AWS documents the "
          "exception only for s3:DataAccessPointArn (U3)";
    }
  } else if (op.if_exists && ClassifyKey(key) != KeyClass::kUnlisted) {
    result.uncertain =
        "an ...IfExists test is true when the key is absent, so it does not restrict; AWS "
        "does not say so for Block Public Access (U11)";
  }
  return result;
}

ConfinementResult JudgeDenyCondition(const Condition& c, bool policy_variables) {
  // A Deny with "StringNotEquals K: V" leaves alone exactly the requests with
  // K present and in V: the positive test. A negated operator is true when K
  // is absent, and so are its IfExists form and ForAllValues: (true for an
  // empty set), so those deny a request without K just the same and leave
  // alone only the same positive test ([IAM-COND], [IAM-MV]). ForAnyValue: is
  // false without K: it leaves requests without K alone, which anonymous
  // callers are.
  if (!IsNegated(c.op.op) || c.op.set == SetQualifier::kForAnyValue) return {};
  Condition positive = c;
  positive.op.op = Positive(c.op.op);
  positive.op.if_exists = false;
  positive.op.set = SetQualifier::kNone;
  return JudgeAllowCondition(positive, policy_variables);
}

std::string DescribeCondition(const Condition& c) {
  std::string out = c.operator_text + " " + c.key + " ";
  if (c.values.size() == 1) {
    out += "= " + c.values[0];
  } else {
    out += "in [";
    for (size_t i = 0; i < c.values.size(); ++i) {
      if (i > 0) out += ", ";
      out += c.values[i];
    }
    out += "]";
  }
  return out;
}

// Global condition keys that hold one value in every request they are in
// ([IAM-GLOBAL] in docs/evaluator.md): for them a test and its negation
// split every request between them.
namespace {

bool SingleValuedKey(std::string_view key_lower) {
  static constexpr std::array<std::string_view, 12> kKeys = {
      "aws:sourceip",        "aws:vpcsourceip",      "aws:sourcevpce",     "aws:sourcevpc",
      "aws:securetransport", "aws:principalaccount", "aws:principalorgid", "aws:sourceaccount",
      "aws:sourcearn",       "aws:principalarn",     "aws:referer",        "aws:useragent"};
  return std::find(kKeys.begin(), kKeys.end(), key_lower) != kKeys.end();
}

}  // namespace

namespace {

// Families of tests whose positive and negated forms split the requests on
// one key between them; the positive operator names the family.
bool CombinableFamily(ConditionOperator positive) {
  switch (positive) {
    case kStringEquals:
    case kStringEqualsIgnoreCase:
    case kStringLike:
    case kArnEquals:
    case kArnLike:
    case kIpAddress:
    case kBool: return true;
    default: return false;
  }
}

bool IsIpKey(std::string_view key_lower) { return key_lower == "aws:sourceip" || key_lower == "aws:vpcsourceip"; }

bool Contains(const Cidr& outer, const Cidr& inner) {
  if (outer.v6 != inner.v6 || outer.prefix > inner.prefix) return false;
  for (int bit = 0; bit < outer.prefix; ++bit) {
    unsigned mask = 0x80u >> (bit % 8);
    auto byte = static_cast<size_t>(bit / 8);
    if ((outer.addr[byte] & mask) != (inner.addr[byte] & mask)) return false;
  }
  return true;
}

// True when the ranges `by` together hold every address of `range`. Halves
// `range` only while some range of `by` lies strictly inside it, so the work
// is bounded by |by| times the address length.
bool CoveredByRanges(const Cidr& range, const std::vector<Cidr>& by) {
  bool inside = false;
  for (const Cidr& c : by) {
    if (Contains(c, range)) return true;
    if (Contains(range, c)) inside = true;
  }
  if (!inside || range.prefix >= (range.v6 ? 128 : 32)) return false;
  Cidr low = range;
  low.prefix = range.prefix + 1;
  Cidr high = low;
  high.addr[static_cast<size_t>(range.prefix / 8)] |= static_cast<unsigned char>(0x80u >> (range.prefix % 8));
  return CoveredByRanges(low, by) && CoveredByRanges(high, by);
}

// One key and family: do the negated tests `negated` (each true when the
// key is absent or not among its values) and the positive tests `positive`
// hold for every request? A request escapes only with a value every negated
// test lists; it must then be matched by a positive test.
bool GroupCovers(ConditionOperator family, const std::vector<const Condition*>& negated,
                 const std::vector<const Condition*>& positive) {
  if (negated.empty()) return false;
  switch (family) {
    case kStringEquals:
    case kStringEqualsIgnoreCase: {
      // Exact matching: the values every negated test lists, all listed by a positive one.
      const bool fold = family == kStringEqualsIgnoreCase;
      auto norm = [fold](const std::string& v) { return fold ? Lower(v) : v; };
      std::vector<std::string> matched;
      for (const Condition* p : positive) {
        for (const std::string& v : p->values) matched.push_back(norm(v));
      }
      for (const std::string& v : negated.front()->values) {
        std::string x = norm(v);
        bool in_all = std::all_of(negated.begin() + 1, negated.end(), [&](const Condition* n) {
          return std::any_of(n->values.begin(), n->values.end(), [&](const std::string& w) { return norm(w) == x; });
        });
        if (in_all && std::find(matched.begin(), matched.end(), x) == matched.end()) return false;
      }
      return true;
    }
    case kIpAddress: {
      std::vector<Cidr> ranges;
      for (const Condition* p : positive) {
        for (const std::string& v : p->values) ranges.push_back(*ParseCidr(v));
      }
      // One negated test whose ranges the positive ones hold is enough.
      return std::any_of(negated.begin(), negated.end(), [&](const Condition* n) {
        return std::all_of(n->values.begin(), n->values.end(),
                           [&](const std::string& w) { return CoveredByRanges(*ParseCidr(w), ranges); });
      });
    }
    default: {
      // Pattern families: StringLike by pattern containment; ARN patterns
      // (matched field by field) only when the very same pattern is there.
      return std::any_of(negated.begin(), negated.end(), [&](const Condition* n) {
        return std::all_of(n->values.begin(), n->values.end(), [&](const std::string& w) {
          return std::any_of(positive.begin(), positive.end(), [&](const Condition* p) {
            return std::any_of(p->values.begin(), p->values.end(), [&](const std::string& v) {
              return v == w || (family == kStringLike && GlobContains(v, w));
            });
          });
        });
      });
    }
  }
}

}  // namespace

bool CombinableDenyCondition(const Condition& c, bool policy_variables) {
  if (!SingleValuedKey(c.key_lower) || c.op.set != SetQualifier::kNone || c.values.empty()) return false;
  ConditionOperator family = Positive(c.op.op);
  if (!CombinableFamily(family)) return false;
  for (const std::string& v : c.values) {
    if (policy_variables && v.find("${") != std::string::npos) return false;  // differs per request
    // Case folding beyond ASCII is AWS's to define: such values are not compared.
    if (family == kStringEqualsIgnoreCase &&
        std::any_of(v.begin(), v.end(), [](char ch) { return static_cast<unsigned char>(ch) >= 0x80; })) {
      return false;
    }
    if (family == kBool) {
      std::string b = Lower(v);
      if (b != "true" && b != "false") return false;
    }
    // A malformed range: what AWS would make of it is not known.
    if (family == kIpAddress && (!IsIpKey(c.key_lower) || !ParseCidr(v))) return false;
  }
  return family != kBool || c.key_lower == "aws:securetransport";
}

bool CoverEveryRequest(const std::vector<const Condition*>& conditions, bool policy_variables) {
  constexpr size_t kMaxGroupValues = 256;
  std::vector<const Condition*> usable;
  for (const Condition* c : conditions) {
    if (CombinableDenyCondition(*c, policy_variables)) usable.push_back(c);
  }
  std::vector<const Condition*> negated, positive;
  for (size_t i = 0; i < usable.size(); ++i) {
    const Condition* lead = usable[i];
    ConditionOperator family = Positive(lead->op.op);
    // Each group (one key, one family) is judged once, from its first member.
    auto same = [&](const Condition* c) { return c->key_lower == lead->key_lower && Positive(c->op.op) == family; };
    if (std::any_of(usable.begin(), usable.begin() + static_cast<std::ptrdiff_t>(i), same)) continue;
    negated.clear();
    positive.clear();
    bool on = false, off = false;
    size_t values = 0;
    for (const Condition* c : usable) {
      if (!same(c)) continue;
      (IsNegated(c->op.op) ? negated : positive).push_back(c);
      values += c->values.size();
      for (const std::string& v : c->values) (Lower(v) == "true" ? on : off) = true;
    }
    // The comparisons grow with the square of the values: a hostile policy
    // with thousands of them is left uncombined (the cautious side).
    if (values > kMaxGroupValues) continue;
    if (family == kBool ? on && off : GroupCovers(family, negated, positive)) return true;
  }
  return false;
}

}  // namespace bucketwatch::exposure
