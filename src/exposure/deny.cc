#include "exposure/deny.h"

#include <algorithm>
#include <array>
#include <bit>
#include <cstdint>
#include <string_view>
#include <vector>

#include "exposure/glob.h"

namespace bucketwatch::exposure {

DenyView MakeDenyView(const Statement& st, const BucketArns& arns, bool policy_variables) {
  // NotResource in a Deny spares what it lists: read variables widely there.
  DenyView d{&st,
             false,
             st.conditions.empty(),
             false,
             st.conditions.size() == 1 && CombinableDenyCondition(st.conditions[0], policy_variables),
             {},
             EffectiveActions(st),
             ResourceView(st, arns, policy_variables, /*wide=*/st.not_resource)};
  d.everyone = st.not_principal || std::any_of(st.principals.begin(), st.principals.end(),
                                               [](const Principal& p) { return p.kind == PrincipalKind::kEveryone; });
  if (!st.conditions.empty()) {
    // The Deny leaves alone requests where some condition is false. All of
    // those must be confined to fixed values for it to take away "public".
    d.leaves_only_fixed = true;
    for (const Condition& c : st.conditions) {
      ConfinementResult r = JudgeDenyCondition(c, policy_variables);
      if (r.confinement != Confinement::kFixed) {
        d.leaves_only_fixed = false;
        break;
      }
      if (!r.uncertain.empty() && d.uncertain.empty()) d.uncertain = std::move(r.uncertain);
    }
  }
  return d;
}

namespace {

// One call of DeniedInCombination: the Denies that can take part, at most 64
// (the rest are left out: the cautious side), so that a set of them is a bit
// mask.
class Combination {
 public:
  Combination(const std::vector<DenyView>& denies, const ActionSet& candidates, bool policy_variables,
              const std::string* account)
      : vars_(policy_variables), fixed_counts_(account == nullptr) {
    for (const DenyView& d : denies) {
      if (n_ == part_.size()) break;
      auto applies = [&] { return account == nullptr ? d.everyone : d.Covers(*account); };
      if ((DeniesAll(d) || d.combinable) && (d.actions & candidates).any() && applies()) part_[n_++] = &d;
    }
  }

  size_t size() const { return n_; }

  // The actions of `candidates` that the Denies take away together from what
  // `res` grants on; `used_mask` gets the Denies that did.
  ActionSet Denied(const ResourceView& res, const ActionSet& candidates, uint64_t& used_mask) const {
    ActionSet out;
    struct Memo {
      uint64_t mask;
      bool object;
      bool denied;
    };
    std::array<Memo, 8> memo{};
    size_t memo_size = 0;
    for (size_t bit = 0; bit < candidates.size(); ++bit) {
      if (!candidates.test(bit)) continue;
      const bool object = ObjectActions().test(bit);
      if (object ? !res.objects() : !(res.bucket() && BucketActions().test(bit))) continue;
      uint64_t mask = 0;
      for (size_t k = 0; k < n_; ++k) {
        if (part_[k]->actions.test(bit)) mask |= uint64_t{1} << k;
      }
      if (std::popcount(mask) < 2) continue;
      auto hit = std::find_if(memo.begin(), memo.begin() + static_cast<std::ptrdiff_t>(memo_size),
                              [&](const Memo& m) { return m.mask == mask && m.object == object; });
      bool denied;
      if (hit != memo.begin() + static_cast<std::ptrdiff_t>(memo_size)) {
        denied = hit->denied;
      } else {
        denied = object ? ObjectsDenied(res, mask) : BucketDenied(mask);
        if (memo_size < memo.size()) memo[memo_size++] = {mask, object, denied};
      }
      if (!denied) continue;
      out.set(bit);
      used_mask |= mask;
    }
    return out;
  }

  const DenyView& operator[](size_t k) const { return *part_[k]; }

 private:
  bool DeniesAll(const DenyView& d) const { return d.unconditional || (fixed_counts_ && d.leaves_only_fixed); }

  bool BucketDenied(uint64_t mask) const {
    uint64_t members = 0;
    for (size_t k = 0; k < n_; ++k) {
      if ((mask >> k & 1) && part_[k]->resources.bucket()) members |= uint64_t{1} << k;
    }
    return EveryRequest(members);
  }

  bool ObjectsDenied(const ResourceView& res, uint64_t mask) const {
    // An NotResource Allow grants on keys it does not list: judged as granting on every key.
    static constexpr std::string_view kEveryKey = "*";
    if (res.not_resource()) return KeyDenied(kEveryKey, mask);
    return std::all_of(res.keys().begin(), res.keys().end(),
                       [&](std::string_view key) { return KeyDenied(key, mask); });
  }

  bool EveryRequest(uint64_t members) const {
    thread_local std::vector<const Condition*> conditions;  // scratch
    conditions.clear();
    for (size_t k = 0; k < n_; ++k) {
      if (!(members >> k & 1)) continue;
      if (DeniesAll(*part_[k])) return true;
      conditions.push_back(&part_[k]->st->conditions[0]);
    }
    return conditions.size() >= 2 && CoverEveryRequest(conditions, vars_);
  }

  uint64_t Covering(std::string_view key, uint64_t mask) const {
    uint64_t members = 0;
    for (size_t k = 0; k < n_; ++k) {
      if ((mask >> k & 1) && part_[k]->resources.CoversKey(key)) members |= uint64_t{1} << k;
    }
    return members;
  }

  bool KeyDenied(std::string_view key, uint64_t mask) const {
    if (EveryRequest(Covering(key, mask))) return true;
    for (size_t k = 0; k < n_; ++k) {
      const DenyView& split = *part_[k];
      if (!(mask >> k & 1) || !DeniesAll(split) || !split.resources.not_resource() || !split.resources.objects()) {
        continue;
      }
      // It denies all but the keys it lists; those (where they meet `key`) must be denied by the others.
      if (std::all_of(split.resources.keys().begin(), split.resources.keys().end(), [&](std::string_view spared) {
            return !GlobIntersects(key, spared) || EveryRequest(Covering(spared, mask));
          })) {
        return true;
      }
    }
    return false;
  }

  std::array<const DenyView*, 64> part_{};
  size_t n_ = 0;
  bool vars_;
  bool fixed_counts_;
};

}  // namespace

ActionSet DeniedInCombination(const ResourceView& res, const ActionSet& candidates, const std::vector<DenyView>& denies,
                              bool policy_variables, const std::string* account, int& first_deny,
                              std::vector<int>& used) {
  if (candidates.none() || (!res.bucket() && !res.objects())) return {};
  Combination part(denies, candidates, policy_variables, account);
  if (part.size() < 2) return {};  // one Deny alone was judged by the caller
  uint64_t used_mask = 0;
  ActionSet out = part.Denied(res, candidates, used_mask);
  for (size_t k = 0; k < part.size(); ++k) {
    if (!(used_mask >> k & 1)) continue;
    used.push_back(static_cast<int>(part[k].st->index));
    if (first_deny < 0) first_deny = used.back();
  }
  return out;
}

}  // namespace bucketwatch::exposure
