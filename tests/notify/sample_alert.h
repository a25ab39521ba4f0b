// What the message tests render: a bucket made public by one policy
// statement, and every mrkdwn text of a rendered payload.
#ifndef BUCKETWATCH_TESTS_NOTIFY_SAMPLE_ALERT_H_
#define BUCKETWATCH_TESTS_NOTIFY_SAMPLE_ALERT_H_

#include <nlohmann/json.hpp>

#include <string>
#include <vector>

#include "notify/alert.h"

namespace bucketwatch::notify {

// my-bucket (123456789012, ap-northeast-1) became public through policy
// statement 0 (Sid PublicRead, principal *, s3:GetObject), from a Config item.
inline Alert PolicyAlert() {
  Alert a;
  a.what = What::kBecamePublic;
  a.bucket = "my-bucket";
  a.account = "123456789012";
  a.region = "ap-northeast-1";
  a.access.detailed = true;
  a.access.scope[static_cast<size_t>(exposure::AccessKind::kRead)] = exposure::Scope::kPublic;
  a.access.who = exposure::Bit(exposure::Who::kAnonymous);
  Cause c;
  c.channel = Cause::Channel::kPolicy;
  c.statement = 0;
  c.sid = "PublicRead";
  c.principal = "*";
  c.scope = exposure::Scope::kPublic;
  c.who = exposure::Who::kAnonymous;
  c.access = exposure::Bit(exposure::AccessKind::kRead);
  c.actions = {"s3:GetObject"};
  c.fix = Fix::kPolicyStatementPublic;
  a.causes.push_back(c);
  a.origin.kind = Origin::Kind::kConfigItem;
  a.origin.id = "ev-1";
  a.origin.time = "2024-01-01T00:00:00Z";
  return a;
}

// The fallback text, then every section text, field and context element.
inline std::vector<std::string> MrkdwnTexts(const nlohmann::json& payload) {
  std::vector<std::string> out = {payload["text"].get<std::string>()};
  for (const nlohmann::json& b : payload["blocks"]) {
    if (b["type"] == "header") continue;
    if (b.contains("text")) out.push_back(b["text"]["text"]);
    for (const char* list : {"fields", "elements"}) {
      if (b.contains(list)) {
        for (const nlohmann::json& e : b[list]) out.push_back(e["text"]);
      }
    }
  }
  return out;
}

}  // namespace bucketwatch::notify

#endif  // BUCKETWATCH_TESTS_NOTIFY_SAMPLE_ALERT_H_
