// The largest messages bucketwatch's renderer makes: an alert and a scan
// summary with every field filled far past Block Kit's limits, so that every
// block is cut at its limit (notify/blocks.h, SlackLimits). `fill` is the
// character repeated in outside text: "公" (3 bytes in UTF-8, as Japanese
// text is), '<' (escaped for mrkdwn as "&lt;") or '\x01' (escaped in JSON as
// "\u0001", 6 bytes: the most a character can cost), or "random kanji":
// CJK ideographs drawn at random (fixed seed), which deflate shrinks least.
#ifndef BUCKETWATCH_TESTS_SUPPORT_BIG_MESSAGES_H_
#define BUCKETWATCH_TESTS_SUPPORT_BIG_MESSAGES_H_

#include <random>
#include <string>

#include "notify/alert.h"
#include "notify/scan_summary.h"
#include "notify/slack_message.h"

namespace bucketwatch::testing {

inline std::string Filled(const std::string& fill, size_t chars) {
  std::string s;
  static unsigned seed = 7;  // each text its own, so deflate finds no copy of another
  std::mt19937 random(seed++);
  for (size_t i = 0; i < chars; ++i) {
    if (fill != "random kanji") {
      s += fill;
      continue;
    }
    const unsigned c = 0x4E00 + random() % 0x5000;  // CJK Unified Ideographs, 3 bytes in UTF-8
    s += static_cast<char>(0xE0 | (c >> 12));
    s += static_cast<char>(0x80 | ((c >> 6) & 0x3F));
    s += static_cast<char>(0x80 | (c & 0x3F));
  }
  return s;
}

inline notify::Alert BiggestAlert(const std::string& fill) {
  const std::string text = Filled(fill, 4000);
  notify::Alert a;
  a.what = notify::What::kBecamePublic;
  a.bucket = std::string(63, 'b');
  a.account = "123456789012";
  a.region = "ap-northeast-1";
  a.access.detailed = true;
  for (auto& s : a.access.scope) s = exposure::Scope::kPublic;
  for (int i = 0; i < 60; ++i) {
    notify::Cause c;
    c.channel = i % 2 ? notify::Cause::Channel::kAcl : notify::Cause::Channel::kPolicy;
    c.statement = i;
    c.grant = i;
    c.sid = text;
    c.principal = text;
    c.other_account = text;
    c.access = static_cast<exposure::AccessMask>((1u << exposure::kAccessKindCount) - 1);
    for (int k = 0; k < 40; ++k) c.actions.push_back(Filled(fill, 200));
    c.uncertain = text;
    c.fix = notify::Fix::kPolicyStatementPublic;
    a.causes.push_back(std::move(c));
  }
  for (int i = 0; i < 60; ++i) a.cannot_judge.push_back(text);
  a.origin.kind = notify::Origin::Kind::kCloudTrail;
  a.origin.name = text;
  a.origin.id = text;
  a.origin.time = text;
  a.origin.annotation = text;
  a.origin.title = text;
  a.origin.description = text;
  for (int i = 0; i < 60; ++i) a.origin.requested.push_back(text);
  a.actor = notify::Actor{text, text, text, text, text, text, text};
  for (size_t n = 0; n < notify::kNoteCount; ++n) a.notes.push_back(static_cast<notify::Note>(n));
  return a;
}

inline notify::ScanSummary BiggestSummary(const std::string& fill) {
  notify::ScanSummary s;
  s.scanned = 100000;
  s.public_buckets = s.allowed = s.cross_account = s.unknown = s.errors = s.accounts = s.account_errors = 5000;
  const std::string text = Filled(fill, 4000);
  for (int i = 0; i < 500; ++i) {
    notify::ScanSummary::Listed l{text, text, text, text};
    s.accounts_failed.push_back(l);
    s.cannot_judge.push_back(l);
    s.cannot_read.push_back(l);
    s.expired.push_back(l);
  }
  s.not_sent = 5000;
  s.continued = 5000;
  s.finished_at = "2026-12-07T09:00:00Z";
  s.first_of_account = text;
  return s;
}

}  // namespace bucketwatch::testing

#endif  // BUCKETWATCH_TESTS_SUPPORT_BIG_MESSAGES_H_
