// Metamorphic properties of the evaluator over generated policies (seeded,
// thousands per run): what must hold between the verdicts of two related
// snapshots whatever the policy is. Adding an Allow never lessens exposure;
// adding a Deny or turning on a Block Public Access flag never increases it;
// reordering statements or keys, splitting an Allow with two resources into
// two, and the string vs object policy forms never change it; a duplicated
// key never yields less exposure than either copy alone; Denies whose
// conditions split every request act as one unconditional Deny, and take
// nothing away when a request escapes them.
//
// "Exposure" is, per kind of access, how far it reaches beyond named
// accounts (public > authenticated > nothing beyond named accounts), or
// unknown. Named-account reach is left out on purpose: RestrictPublicBuckets
// cuts named accounts only once the policy is public ([S3-BPA]), so a new
// public Allow may rightly take cross-account access away.
#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include <algorithm>
#include <array>
#include <random>
#include <string>
#include <vector>

#include "exposure/evaluator.h"
#include "exposure/snapshot_json.h"

namespace bucketwatch::exposure {
namespace {

using Json = nlohmann::ordered_json;

constexpr int kRounds = 3000;
constexpr uint32_t kSeed = 20261206;

constexpr const char* kBucketArn = "arn:aws:s3:::amzn-s3-demo-bucket";

class Generator {
 public:
  explicit Generator(uint32_t seed) : rng_(seed) {}

  template <size_t N>
  const char* Pick(const std::array<const char*, N>& options) {
    return options[rng_() % N];
  }
  bool Chance(unsigned percent) { return rng_() % 100 < percent; }

  Json Principal() {
    static constexpr std::array<const char*, 6> kAws = {
        "*", "111122223333", "444455556666", "arn:aws:iam::444455556666:role/r", "*", "111122223333"};
    switch (rng_() % 4) {
      case 0: return "*";
      case 1: return Json{{"AWS", Pick(kAws)}};
      case 2: return Json{{"Service", "cloudfront.amazonaws.com"}};
      default: return Json{{"AWS", Json::array({Pick(kAws), Pick(kAws)})}};
    }
  }

  Json Actions() {
    static constexpr std::array<const char*, 9> kActions = {
        "s3:GetObject",    "s3:PutObject", "s3:ListBucket", "s3:GetBucketAcl", "s3:PutBucketPolicy",
        "s3:DeleteObject", "s3:*",         "s3:Get*",       "s3:Put*"};
    if (Chance(60)) return Pick(kActions);
    return Json::array({Pick(kActions), Pick(kActions)});
  }

  std::string Resource() {
    static constexpr std::array<const char*, 6> kSuffixes = {"", "/*", "/a/*", "/b/*", "/a/x", "/*.txt"};
    if (Chance(5)) return "*";
    return std::string(kBucketArn) + Pick(kSuffixes);
  }

  Json Resources() {
    if (Chance(60)) return Resource();
    return Json::array({Resource(), Resource()});
  }

  Json Condition() {
    static constexpr std::array<const char*, 8> kOperators = {"IpAddress",
                                                              "NotIpAddress",
                                                              "StringEquals",
                                                              "StringNotEquals",
                                                              "StringNotEqualsIfExists",
                                                              "IpAddressIfExists",
                                                              "ForAllValues:StringNotEquals",
                                                              "Bool"};
    static constexpr std::array<const char*, 4> kRanges = {"0.0.0.0/0", "203.0.113.0/24", "10.0.0.0/-8",
                                                           "2001:db8::/32"};
    std::string op = Pick(kOperators);
    if (op == "Bool") return Json{{op, Json{{"aws:SecureTransport", Chance(50) ? "false" : "true"}}}};
    if (op.find("IpAddress") != std::string::npos) return Json{{op, Json{{"aws:SourceIp", Pick(kRanges)}}}};
    return Json{{op, Json{{"aws:SourceVpce", Chance(80) ? "vpce-1a2b3c4d" : "vpce-*"}}}};
  }

  Json Statement(const char* effect) {
    Json st;
    st["Effect"] = effect;
    if (effect == std::string("Deny") && Chance(15)) {
      st["NotPrincipal"] = Json{{"AWS", "arn:aws:iam::111122223333:root"}};
    } else {
      st["Principal"] = Principal();
    }
    st["Action"] = Actions();
    st["Resource"] = Resources();
    if (Chance(35)) st["Condition"] = Condition();
    return st;
  }

  Json Statements() {
    Json list = Json::array();
    size_t n = 1 + rng_() % 4;
    for (size_t i = 0; i < n; ++i) list.push_back(Statement(Chance(70) ? "Allow" : "Deny"));
    return list;
  }

  Json Bpa() {
    Json flags = Json::object();
    for (const char* name : {"BlockPublicAcls", "IgnorePublicAcls", "BlockPublicPolicy", "RestrictPublicBuckets"}) {
      if (Chance(30)) flags[name] = true;
    }
    return flags;
  }

  // Denies to everyone, with the same actions and resources, whose single
  // conditions together hold for every request when `cover` and leave some
  // request out otherwise. Their keys (aws:Referer, aws:UserAgent,
  // aws:VpcSourceIp) are ones no other generated statement uses and none
  // restricts, so nothing else completes or confines them.
  Json SplitDenies(const Json& actions, const Json& resources, bool cover) {
    Json out = Json::array();
    auto deny = [&](const char* op, const char* key, const Json& values) {
      out.push_back(Json{{"Effect", "Deny"},
                         {"Principal", "*"},
                         {"Action", actions},
                         {"Resource", resources},
                         {"Condition", Json{{op, Json{{key, values}}}}}});
    };
    if (Chance(50)) {
      // Each value denied on its own; every other value, or none, by the negation.
      const char* key = Chance(50) ? "aws:Referer" : "aws:UserAgent";
      Json listed = Json::array();
      for (size_t i = 0, n = 1 + rng_() % 3; i < n; ++i) {
        std::string value = "v" + std::to_string(i);
        deny(Chance(50) ? "StringEquals" : "StringEqualsIfExists", key, value);
        listed.push_back(value);
      }
      if (!cover) listed.push_back("escapes");  // passes the negation, matches no positive test
      deny(Chance(50) ? "StringNotEquals" : "StringNotEqualsIfExists", key, listed);
    } else {
      // 0.0.0.0/0 cut into random halves, spread over up to three Denies; the
      // negation catches IPv6 and requests without the key.
      std::vector<std::pair<uint32_t, int>> pieces = {{0, 0}};
      for (size_t i = 0, n = rng_() % 5; i < n; ++i) {
        size_t k = rng_() % pieces.size();
        auto [base, prefix] = pieces[k];
        if (prefix >= 8) continue;
        pieces[k] = {base, prefix + 1};
        pieces.emplace_back(base | (uint32_t{1} << (31 - prefix)), prefix + 1);
      }
      if (!cover) pieces.erase(pieces.begin() + static_cast<std::ptrdiff_t>(rng_() % pieces.size()));
      std::array<Json, 3> groups{Json::array(), Json::array(), Json::array()};
      for (auto [base, prefix] : pieces) {
        groups[rng_() % groups.size()].push_back(std::to_string(base >> 24) + "." + std::to_string(base >> 16 & 255) +
                                                 "." + std::to_string(base >> 8 & 255) + "." +
                                                 std::to_string(base & 255) + "/" + std::to_string(prefix));
      }
      for (const Json& group : groups) {
        if (!group.empty()) deny(Chance(50) ? "IpAddress" : "IpAddressIfExists", "aws:VpcSourceIp", group);
      }
      deny(Chance(50) ? "NotIpAddress" : "NotIpAddressIfExists", "aws:VpcSourceIp", "0.0.0.0/0");
    }
    std::shuffle(out.begin(), out.end(), rng_);
    return out;
  }

  std::mt19937& rng() { return rng_; }

 private:
  std::mt19937 rng_;
};

Json Snapshot(const Json& statements, const Json& bpa = Json::object()) {
  Json snap;
  snap["bucket"] = "amzn-s3-demo-bucket";
  snap["account"] = "111122223333";
  snap["public_access_block"] = bpa;
  snap["policy"] = Json{{"Version", "2012-10-17"}, {"Statement", statements}};
  return snap;
}

// Per kind: 0 nothing beyond named accounts, 1 any AWS user, 2 public, 3 unknown.
using Exposure = std::array<int, kAllAccessKinds.size()>;

Exposure Judge(const std::string& text) {
  json::Parser parser;
  SnapshotBatch batch = ParseSnapshots(text, parser);
  EXPECT_EQ(batch.snapshots.size(), 1u) << text;
  Exposure out{};
  if (batch.snapshots.size() != 1) return out;
  Verdict v = Evaluate(batch.snapshots[0]);
  for (size_t i = 0; i < kAllAccessKinds.size(); ++i) {
    AccessKind kind = kAllAccessKinds[i];
    Scope s = v.Access(kind);
    out[i] = v.IsUnknown(kind) ? 3 : s == Scope::kPublic ? 2 : s == Scope::kAuthenticated ? 1 : 0;
  }
  return out;
}

Exposure Judge(const Json& snapshot) { return Judge(snapshot.dump()); }

bool AtLeast(const Exposure& a, const Exposure& b) {
  for (size_t i = 0; i < a.size(); ++i) {
    if (a[i] < b[i]) return false;
  }
  return true;
}

std::string Show(const Exposure& e) {
  std::string out;
  for (int x : e) out += static_cast<char>('0' + x);
  return out;
}

TEST(Properties, AddingAnAllowNeverLessensExposure) {
  Generator g(kSeed);
  for (int round = 0; round < kRounds; ++round) {
    Json statements = g.Statements();
    Json bpa = g.Bpa();
    Exposure before = Judge(Snapshot(statements, bpa));
    statements.insert(statements.begin() + static_cast<std::ptrdiff_t>(g.rng()() % (statements.size() + 1)),
                      g.Statement("Allow"));
    Exposure after = Judge(Snapshot(statements, bpa));
    ASSERT_TRUE(AtLeast(after, before)) << Show(before) << " -> " << Show(after) << "\n" << statements.dump();
  }
}

TEST(Properties, AddingADenyNeverIncreasesExposure) {
  Generator g(kSeed + 1);
  for (int round = 0; round < kRounds; ++round) {
    Json statements = g.Statements();
    Json bpa = g.Bpa();
    Exposure before = Judge(Snapshot(statements, bpa));
    statements.push_back(g.Statement("Deny"));
    Exposure after = Judge(Snapshot(statements, bpa));
    ASSERT_TRUE(AtLeast(before, after)) << Show(before) << " -> " << Show(after) << "\n" << statements.dump();
  }
}

TEST(Properties, TurningOnABlockPublicAccessFlagNeverIncreasesExposure) {
  Generator g(kSeed + 2);
  static constexpr std::array<const char*, 4> kFlags = {"BlockPublicAcls", "IgnorePublicAcls", "BlockPublicPolicy",
                                                        "RestrictPublicBuckets"};
  for (int round = 0; round < kRounds; ++round) {
    Json statements = g.Statements();
    Json bpa = g.Bpa();
    Exposure before = Judge(Snapshot(statements, bpa));
    bpa[g.Pick(kFlags)] = true;
    Exposure after = Judge(Snapshot(statements, bpa));
    ASSERT_TRUE(AtLeast(before, after)) << Show(before) << " -> " << Show(after) << "\n" << bpa.dump();
  }
}

TEST(Properties, ReorderingStatementsAndKeysChangesNothing) {
  Generator g(kSeed + 3);
  for (int round = 0; round < kRounds; ++round) {
    Json statements = g.Statements();
    Json bpa = g.Bpa();
    Exposure before = Judge(Snapshot(statements, bpa));
    Json shuffled = statements;
    std::shuffle(shuffled.begin(), shuffled.end(), g.rng());
    for (Json& st : shuffled) {
      Json reversed = Json::object();
      std::vector<std::string> keys;
      for (auto it = st.begin(); it != st.end(); ++it) keys.push_back(it.key());
      std::reverse(keys.begin(), keys.end());
      for (const std::string& k : keys) reversed[k] = st[k];
      st = reversed;
    }
    Json snapshot = Snapshot(shuffled, bpa);
    // The snapshot's own keys reversed too.
    Json snapshot_reversed = Json::object();
    std::vector<std::string> keys;
    for (auto it = snapshot.begin(); it != snapshot.end(); ++it) keys.push_back(it.key());
    std::reverse(keys.begin(), keys.end());
    for (const std::string& k : keys) snapshot_reversed[k] = snapshot[k];
    Exposure after = Judge(snapshot_reversed);
    ASSERT_EQ(Show(before), Show(after)) << statements.dump() << "\n" << shuffled.dump();
  }
}

TEST(Properties, SplittingAnAllowOverItsResourcesChangesNothing) {
  Generator g(kSeed + 4);
  for (int round = 0; round < kRounds; ++round) {
    Json statements = g.Statements();
    Json allow = g.Statement("Allow");
    allow["Resource"] = Json::array({g.Resource(), g.Resource()});
    statements.push_back(allow);
    if (g.Chance(50)) {
      // A Deny on each of its resources: together, but not alone, they cover it.
      for (const Json& resource : allow["Resource"]) {
        statements.push_back(
            Json{{"Effect", "Deny"}, {"Principal", "*"}, {"Action", g.Actions()}, {"Resource", resource}});
      }
    }
    Json bpa = g.Bpa();
    Exposure before = Judge(Snapshot(statements, bpa));
    Json split = Json::array();
    for (const Json& st : statements) {
      if (st != allow) {
        split.push_back(st);
        continue;
      }
      for (const Json& resource : allow["Resource"]) {
        Json one = allow;
        one["Resource"] = resource;
        split.push_back(one);
      }
    }
    Exposure after = Judge(Snapshot(split, bpa));
    ASSERT_EQ(Show(before), Show(after)) << statements.dump() << "\n" << split.dump();
  }
}

// Denies whose conditions split every request between them are exactly as
// strong as one unconditional Deny of the same actions on the same resources;
// when some request escapes them all they take nothing away.
TEST(Properties, DeniesThatSplitEveryRequestActAsOneUnconditionalDeny) {
  Generator g(kSeed + 7);
  int took_away = 0;  // rounds where the split Denies mattered: the property is not vacuous
  for (int round = 0; round < kRounds; ++round) {
    Json statements = g.Statements();
    Json bpa = g.Bpa();
    Json actions = g.Actions();
    Json resources = g.Resources();
    const bool cover = g.Chance(60);
    Json with_split = statements;
    for (const Json& st : g.SplitDenies(actions, resources, cover)) {
      with_split.insert(with_split.begin() + static_cast<std::ptrdiff_t>(g.rng()() % (with_split.size() + 1)), st);
    }
    Json expected = statements;
    if (cover) {
      expected.push_back(Json{{"Effect", "Deny"}, {"Principal", "*"}, {"Action", actions}, {"Resource", resources}});
    }
    Exposure split = Judge(Snapshot(with_split, bpa));
    Exposure one = Judge(Snapshot(expected, bpa));
    ASSERT_EQ(Show(one), Show(split)) << (cover ? "covering" : "leaving a request") << "\n"
                                      << with_split.dump() << "\n"
                                      << expected.dump();
    if (cover && Show(split) != Show(Judge(Snapshot(statements, bpa)))) ++took_away;
  }
  EXPECT_GT(took_away, kRounds / 60);
}

TEST(Properties, StringAndObjectPolicyFormsAgree) {
  Generator g(kSeed + 5);
  for (int round = 0; round < kRounds; ++round) {
    Json snapshot = Snapshot(g.Statements(), g.Bpa());
    Exposure object_form = Judge(snapshot);
    Json as_string = snapshot;
    as_string["policy"] = snapshot["policy"].dump();
    Json as_output = snapshot;
    as_output["policy"] = Json{{"Policy", snapshot["policy"].dump()}};
    ASSERT_EQ(Show(object_form), Show(Judge(as_string))) << snapshot.dump();
    ASSERT_EQ(Show(object_form), Show(Judge(as_output))) << snapshot.dump();
  }
}

// The statement's JSON text with `key` given twice: first `a`, then `b`.
std::string WithDuplicate(Json st, const std::string& key, const Json& a, const Json& b) {
  st.erase(key);
  st[key] = a;
  std::string text = st.dump();
  text.insert(text.size() - 1, ",\"" + key + "\":" + b.dump());
  return text;
}

std::string SnapshotText(const Json& before, const std::string& statement_text) {
  std::string statements = "[";
  for (const Json& st : before) statements += st.dump() + ",";
  statements += statement_text + "]";
  return R"({"bucket":"amzn-s3-demo-bucket","account":"111122223333","policy":{"Version":"2012-10-17","Statement":)" +
         statements + "}}";
}

TEST(Properties, ADuplicateKeyNeverYieldsLessThanEitherCopy) {
  Generator g(kSeed + 6);
  static constexpr std::array<const char*, 5> kKeys = {"Effect", "Action", "Resource", "Condition", "Principal"};
  for (int round = 0; round < kRounds; ++round) {
    Json others = g.Statements();
    Json st = g.Statement(g.Chance(70) ? "Allow" : "Deny");
    std::string key = g.Pick(kKeys);
    Json a, b;
    if (key == "Effect") {
      a = g.Chance(50) ? "Allow" : "Deny";
      b = g.Chance(50) ? "Allow" : "Deny";
    } else if (key == "Action") {
      a = g.Actions(), b = g.Actions();
    } else if (key == "Resource") {
      a = g.Resources(), b = g.Resources();
    } else if (key == "Principal") {
      a = g.Principal(), b = g.Principal();
      st.erase("NotPrincipal");
    } else {
      a = g.Condition(), b = g.Condition();
    }
    Json only_a = st, only_b = st;
    only_a[key] = a;
    only_b[key] = b;
    Exposure with_a = Judge(SnapshotText(others, only_a.dump()));
    Exposure with_b = Judge(SnapshotText(others, only_b.dump()));
    Exposure both = Judge(SnapshotText(others, WithDuplicate(st, key, a, b)));
    ASSERT_TRUE(AtLeast(both, with_a) && AtLeast(both, with_b))
        << Show(with_a) << " " << Show(with_b) << " -> " << Show(both) << "\n"
        << WithDuplicate(st, key, a, b);
  }
  // Inside one Condition: the same operator twice, and the same key twice in one operator.
  for (int round = 0; round < kRounds; ++round) {
    Json others = g.Statements();
    Json st = g.Statement("Allow");
    Json ca = g.Condition(), cb = g.Condition();
    std::string op_a = ca.begin().key();
    std::string op_b = cb.begin().key();
    Json condition_a = Json{{op_a, ca[op_a]}}, condition_b = Json{{op_a, cb[op_b]}};
    Json only_a = st, only_b = st;
    only_a["Condition"] = condition_a;
    only_b["Condition"] = condition_b;
    Exposure with_a = Judge(SnapshotText(others, only_a.dump()));
    Exposure with_b = Judge(SnapshotText(others, only_b.dump()));
    std::string dup = condition_a.dump();
    dup.insert(dup.size() - 1, ",\"" + op_a + "\":" + cb[op_b].dump());
    Json without = st;
    without.erase("Condition");
    std::string text = without.dump();
    text.insert(text.size() - 1, ",\"Condition\":" + dup);
    Exposure both = Judge(SnapshotText(others, text));
    ASSERT_TRUE(AtLeast(both, with_a) && AtLeast(both, with_b))
        << Show(with_a) << " " << Show(with_b) << " -> " << Show(both) << "\n"
        << text;
  }
}

}  // namespace
}  // namespace bucketwatch::exposure
