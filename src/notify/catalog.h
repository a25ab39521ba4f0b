// The words of every message, in English and Japanese. The Japanese keeps
// the old chain's phrasing where it had one ("公開設定が適切か確認して
// ください。") and the AWS console's Japanese terms (ブロックパブリック
// アクセス, バケットポリシー, オブジェクト所有権).
//
// Templates use {name} placeholders filled by Fill(); what is filled in
// must already be escaped for mrkdwn.
#ifndef BUCKETWATCH_NOTIFY_CATALOG_H_
#define BUCKETWATCH_NOTIFY_CATALOG_H_

#include <array>
#include <initializer_list>
#include <optional>
#include <string>
#include <string_view>
#include <utility>

#include "exposure/access.h"
#include "notify/alert.h"

namespace bucketwatch::notify {

enum class Lang : uint8_t { kEn, kJa };
// "en", "ja"; also "en_US.UTF-8", "ja-JP", "japanese", "english".
std::optional<Lang> ParseLang(std::string_view text);
std::string_view LangName(Lang lang);

inline constexpr size_t kWhatCount = 11;
inline constexpr size_t kFixCount = 9;
inline constexpr size_t kNoteCount = 11;

// The closing summary of `bucketwatch scan --notify`.
struct ScanWords {
  std::string_view title_public;  // "{n} public S3 bucket(s) found by bucketwatch scan"
  std::string_view title_check;   // nothing public, but something to look at
  std::string_view scanned, is_public, allowed, cross_account, unknown, errors, accounts;
  std::string_view accounts_failed;  // section heading
  std::string_view cannot_judge;     // section heading
  std::string_view cannot_read;      // section heading
  std::string_view expired;          // section heading
  std::string_view not_sent;         // "{n} public buckets have no message of their own ..."
  std::string_view continued;        // "{n} more bucket(s) are read by further invocations ..."
  std::string_view footer;           // "bucketwatch scan · finished {time} · {seconds} s"
  // The first reconciliation of an account, where the summary says that
  // bucketwatch now watches it ({account}).
  std::string_view first_title_public;  // "... account {account}: {n} public S3 bucket(s)"
  std::string_view first_title_check;   // nothing public, but something to look at
  std::string_view first_title_clear;   // nothing public, nothing to look at
  std::string_view first_footer;        // "bucketwatch reconciliation · finished {time} · {seconds} s"
};

struct Catalog {
  Lang lang = Lang::kEn;
  std::array<std::string_view, kWhatCount> bucket_title;   // by What
  std::array<std::string_view, kWhatCount> account_title;  // by What
  std::array<std::string_view, kWhatCount> lead;           // first line of the message by What; may be empty

  std::string_view bucket, account, environment, region, reported_by, who_can, before, causes, protection_causes, fix,
      annotation, finding, changed_by, open_console, cannot_judge, notes, nothing_outside;
  std::string_view from, calling, at;        // actor: "<who> from <ip> calling <api> at <time>"
  std::string_view and_more;                 // "…and {n} more"
  std::string_view list_separator;           // ", " / "、"
  std::string_view paren_open, paren_close;  // around plain words; next to a mark see slack_message.cc

  std::array<std::string_view, exposure::kAccessKindCount> access;  // by AccessKind
  std::array<std::string_view, 4> who;                              // by Who
  std::string_view other_accounts;
  std::string_view one_account;  // "account {account}"
  std::string_view could_not_judge;
  std::string_view public_read, public_write, aws_user_read, aws_user_write;

  std::string_view policy_statement;  // "Bucket policy statement {n}"
  std::string_view sid;               // "Sid {sid}"
  std::string_view acl_grant;         // "ACL grant {n}"
  std::string_view bucket_policy, bucket_acl, bucket_bpa, account_bpa;
  std::string_view claims_public_read, claims_public_write;  // "allows public read access"
  std::string_view principal;                                // "principal {p}"
  std::string_view grants_to;                                // "{who}: {what}"
  std::string_view off_flags;                                // "off: {flags}"
  std::string_view all_on;                                   // "all four settings on"
  std::string_view uncertain;                                // "Uncertain: {text}"

  std::array<std::string_view, kFixCount> fixes;  // by Fix
  std::array<std::string_view, kNoteCount> note;  // by Note

  std::string_view source_config_rule;  // "AWS Config rule {rule}"
  std::string_view source_config_item;
  std::string_view source_guardduty;  // "GuardDuty finding {type} (severity {severity})"
  std::string_view source_cloudtrail;
  std::string_view requested;          // CloudTrail: "What the call asked for"
  std::string_view source_scan;        // `bucketwatch scan`, judged by bucketwatch
  std::string_view compliance_change;  // "{before} → {now}"
  std::string_view footer;             // "bucketwatch · event {id}"
  // An alert sent again after an attempt that may have reached Slack.
  std::string_view possible_repeat;
  ScanWords scan;
};

const Catalog& CatalogFor(Lang lang);

// Replaces each {key} in `text` with its value.
std::string Fill(std::string_view text, std::initializer_list<std::pair<std::string_view, std::string_view>> values);

}  // namespace bucketwatch::notify

#endif  // BUCKETWATCH_NOTIFY_CATALOG_H_
