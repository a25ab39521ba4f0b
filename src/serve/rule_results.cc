#include "serve/rule_results.h"

#include <chrono>
#include <string>
#include <utility>

#include "aws/timestamp.h"
#include "base/log.h"

namespace bucketwatch::serve {
namespace {

int64_t RecordedAtMs(const notify::Origin& origin, int64_t fallback_ms) {
  auto t = aws::ParseIso8601(origin.time);
  if (!t.ok()) return fallback_ms;
  return std::chrono::duration_cast<std::chrono::milliseconds>(t->time_since_epoch()).count();
}

}  // namespace

Result<std::vector<notify::Alert>> NewRuleResults(store::Store& store, std::vector<notify::Alert> alerts,
                                                  int64_t received_at_ms, store::Commit& commit) {
  std::vector<notify::Alert> out;
  out.reserve(alerts.size());
  for (notify::Alert& a : alerts) {
    const notify::Origin& o = a.origin;
    if (o.kind != notify::Origin::Kind::kConfigRule || o.name.empty() || o.compliance.empty()) {
      out.push_back(std::move(a));
      continue;
    }
    store::RuleState now{a.account, a.bucket, o.name, o.compliance, RecordedAtMs(o, received_at_ms)};
    BW_ASSIGN_OR_RETURN(std::optional<store::RuleState> stored, store.GetRuleState(now.account, now.bucket, now.rule));
    if (stored && stored->observed_at_ms > now.observed_at_ms) {
      log::Info(
          "rule_result.older",
          {{"rule", now.rule}, {"bucket", now.bucket}, {"compliance", now.compliance}, {"stored", stored->compliance}});
      continue;
    }
    commit.rules.push_back(now);
    if (stored && stored->compliance == now.compliance) {
      log::Info("rule_result.unchanged", {{"rule", now.rule}, {"bucket", now.bucket}, {"compliance", now.compliance}});
      continue;
    }
    out.push_back(std::move(a));
  }
  return out;
}

}  // namespace bucketwatch::serve
