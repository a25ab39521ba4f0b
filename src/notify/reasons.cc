#include "notify/reasons.h"

#include <cctype>
#include <utility>
#include <vector>

#include "notify/mrkdwn.h"

namespace bucketwatch::notify {
namespace {

// An English reason and its Japanese. {reason} and {where} are reasons
// themselves and are said again; any other {name} is outside text (a key,
// a Sid, an account) kept verbatim. The English side is the text its
// producer writes (src/exposure/, src/aws/, src/events/, src/handler/);
// a longer pattern goes before a shorter one that would also match.
struct Pattern {
  std::string_view en;
  std::string_view ja;
};

constexpr Pattern kPatterns[] = {
    // The evaluator (src/exposure/evaluator.cc).
    {"the bucket policy could not be read: {reason}", "バケットポリシーを読み取れませんでした: {reason}"},
    {"the bucket ACL could not be read: {reason}", "バケット ACL を読み取れませんでした: {reason}"},
    {"{where} could not be fully understood and is judged as granting what it might grant",
     "{where}を完全には解釈できないため、許可し得るアクセスをすべて許可しているものとして判定しました"},
    {"policy /Statement/{n} (Sid \"{sid}\")", "バケットポリシーのステートメント {n}（Sid「{sid}」）"},
    {"policy /Statement/{n}", "バケットポリシーのステートメント {n}"},
    {"grants actions not in bucketwatch's S3 action table; judged by their names",
     "bucketwatch の S3 アクション表にないアクションを許可しています。名前から判定しました"},
    {"Object Ownership could not be read; if it is BucketOwnerEnforced this grant has no effect",
     "オブジェクト所有権を読み取れませんでした。BucketOwnerEnforced であれば、この許可は効いていません"},
    // The evaluator's readings of conditions (src/exposure/condition.cc; Uxx: docs/evaluator.md).
    {"a policy variable in {key} is not a fixed value, even when it resolves to the owner's own account (U7)",
     "{key} のポリシー変数は、所有者自身のアカウントに解決される場合でも固定値ではありません（U7）"},
    {"\"<role id>:*\" in aws:userid is read as a fixed role with any session (U9)",
     "aws:userid の「<role id>:*」は、任意のセッションの固定のロールとして判定しました（U9）"},
    {"an exact /8 (IPv4) or /32 (IPv6) range sits on the boundary of AWS's \"broader than\" rule and is judged not "
     "public (U8)",
     "ちょうど /8（IPv4）または /32（IPv6）の範囲は AWS "
     "の「より広い」という規則の境界にあたり、公開ではないと判定しました"
     "（U8）"},
    {"AWS names aws:PrincipalOrgID as a fixed principal; aws:PrincipalAccount and aws:PrincipalArn are judged the "
     "same way (U5)",
     "AWS は aws:PrincipalOrgID を固定のプリンシパルとしています。aws:PrincipalAccount と aws:PrincipalArn も同じく"
     "判定しました（U5）"},
    {"an exact aws:PrincipalOrgPaths value is judged fixed; AWS does not document it (U5)",
     "aws:PrincipalOrgPaths の完全一致の値は固定と判定しました。AWS はこれを文書化していません（U5）"},
    {"the ranges together cover more addresses than one /8; AWS judges each range on its own (U8)",
     "範囲を合わせると /8 より多くのアドレスを含みますが、AWS は範囲を 1 つずつ判定します（U8）"},
    {"aws:PrincipalIsAWSService is not among the keys AWS lists (U4)",
     "aws:PrincipalIsAWSService は AWS が挙げるキーに含まれていません（U4）"},
    {"aws:SourceOrgID / aws:SourceOrgPaths are newer than AWS's list of restricting keys and are judged not to "
     "restrict (U4)",
     "aws:SourceOrgID と aws:SourceOrgPaths は AWS の制限キーの一覧より新しいため、制限しないものと判定しました（U4）"},
    {"a wildcard under a fixed prefix is judged not to restrict; AWS documents the exception only for "
     "s3:DataAccessPointArn (U3)",
     "固定の接頭辞に続くワイルドカードは制限しないものと判定しました。AWS がこの例外を文書化しているのは "
     "s3:DataAccessPointArn だけです（U3）"},
    {"an ...IfExists test is true when the key is absent, so it does not restrict; AWS does not say so for Block "
     "Public Access (U11)",
     "...IfExists の条件はキーがないときに真になるため制限しません。AWS はブロックパブリックアクセスについて"
     "これを明言していません（U11）"},
    // AWS Config items (src/events/config_item.cc).
    {"AWS Config recorded no AccessControlList", "AWS Config に AccessControlList の記録がありません"},
    {"AWS Config recorded no BucketPolicy", "AWS Config に BucketPolicy の記録がありません"},
    {"AWS Config's BucketOwnershipControls could not be read",
     "AWS Config の BucketOwnershipControls を読み取れませんでした"},
    {"AWS Config's BucketOwnershipControls has no rules", "AWS Config の BucketOwnershipControls にルールがありません"},
    {"not recorded by AWS Config; if it is BucketOwnerEnforced, ACL grants have no effect",
     "AWS Config は記録していません。BucketOwnerEnforced であれば、ACL による許可は効いていません"},
    {"not part of a bucket's AWS Config item; judged as off, so the verdict may overstate exposure",
     "バケットの AWS Config の設定項目には含まれません。オフとみなしたため、実際より広く公開されていると判定している"
     "可能性があります"},
    {"unknown Object Ownership \"{value}\"", "不明なオブジェクト所有権の設定「{value}」"},
    // The AWS reader (src/aws/).
    {"{reason} (the caller lacks the permission, or the bucket is not in account {account})",
     "{reason}（呼び出し元に権限がないか、バケットがアカウント {account} にありません）"},
    {"the account id is unknown ({reason}); give it with --account-id",
     "アカウント ID が分かりません（{reason}）。--account-id で指定してください"},
    {"AWS Config could not evaluate the rule (INSUFFICIENT_DATA) after finding the bucket NON_COMPLIANT",
     "AWS Config はバケットを非準拠と判定した後、ルールを評価できなくなりました（INSUFFICIENT_DATA）"},
    {"no AWS credentials found. Tried, in order: {sources}", "AWS の認証情報が見つかりません。試した順: {sources}"},
    {"the credentials from {source} expired at {time}", "{source} の認証情報は {time} に期限切れになりました"},
    // The deadline of an account-wide read (src/scan/scanner.h, src/handler/rescan.cc).
    {"the time to read it ran out before it was read", "読み取る前に読み取りの時間が尽きました"},
    {"{n} bucket(s) were not read before the time to read them ran out ({names}); a longer function timeout lets one "
     "run read them all",
     "読み取りの時間が尽きたため、{n} 個のバケットを読み取れませんでした（{names}）。関数のタイムアウトを長くすると、"
     "1 回の実行ですべて読み取れます"},
    {"could not be read", "読み取れませんでした"},
};

// AWS's own words and what bucketwatch does not know stay as they are, labelled.
constexpr std::string_view kAwsAnswer = "AWS の応答（英語）: {text}";
constexpr std::string_view kEnglish = "（英語の原文）{text}";

using Parts = std::vector<std::pair<std::string_view, std::string_view>>;

// Matches `text` against an English pattern, collecting what its
// placeholders stand for (never empty).
bool Match(std::string_view pattern, std::string_view text, Parts& parts) {
  if (pattern.empty()) return text.empty();
  if (pattern.front() != '{') {
    size_t open = pattern.find('{');
    std::string_view literal = pattern.substr(0, open);
    if (!text.starts_with(literal)) return false;
    return Match(pattern.substr(literal.size()), text.substr(literal.size()), parts);
  }
  size_t close = pattern.find('}');
  std::string_view name = pattern.substr(1, close - 1);
  std::string_view rest = pattern.substr(close + 1);
  if (rest.empty()) {
    if (text.empty()) return false;
    parts.emplace_back(name, text);
    return true;
  }
  std::string_view literal = rest.substr(0, rest.find('{'));
  for (size_t at = text.find(literal, 1); at != std::string_view::npos; at = text.find(literal, at + 1)) {
    parts.emplace_back(name, text.substr(0, at));
    if (Match(rest, text.substr(at), parts)) return true;
    parts.pop_back();
  }
  return false;
}

class Speaker {
 public:
  Speaker(Lang lang, size_t max_chars) : lang_(lang), max_chars_(max_chars) {}

  std::string Say(std::string_view text) {
    if (lang_ == Lang::kEn) return EscapeLine(text, max_chars_);
    for (const Pattern& p : kPatterns) {
      Parts parts;
      if (Match(p.en, text, parts)) return Fill(p.ja, parts);
    }
    if (std::string said; SayAwsCall(text, said)) return said;
    if (IsHttpAnswer(text)) return Fill(kAwsAnswer, {{"text", text}});
    all_known_ = false;
    return Fill(kEnglish, {{"text", text}});
  }

  bool all_known() const { return all_known_; }

 private:
  std::string Fill(std::string_view ja, const Parts& parts) {
    std::string out;
    size_t i = 0;
    while (i < ja.size()) {
      size_t open = ja.find('{', i);
      size_t close = open == std::string_view::npos ? open : ja.find('}', open);
      if (close == std::string_view::npos) {
        out += ja.substr(i);
        break;
      }
      out += ja.substr(i, open - i);
      std::string_view name = ja.substr(open + 1, close - open - 1);
      for (const auto& [key, value] : parts) {
        if (key != name) continue;
        out += name == "reason" || name == "where" ? Say(value) : EscapeLine(value, max_chars_);
        break;
      }
      i = close + 1;
    }
    return out;
  }

  // "S3 GetBucketAcl (bucket b): ..." or "STS GetCallerIdentity: ...": the
  // call (src/aws/caller.h), then its failure, said in turn.
  bool SayAwsCall(std::string_view text, std::string& said) {
    size_t colon = text.find(": ");
    if (colon == std::string_view::npos) return false;
    std::string_view head = text.substr(0, colon);
    std::string_view resource;
    if (head.ends_with(')')) {
      size_t open = head.rfind(" (");
      if (open == std::string_view::npos) return false;
      resource = head.substr(open + 2, head.size() - open - 3);
      head = head.substr(0, open);
    }
    // Capitalised words, the last one the operation ("S3 Control GetPublicAccessBlock").
    size_t words = 0;
    for (size_t i = 0; i < head.size();) {
      size_t end = head.find(' ', i);
      std::string_view word = head.substr(i, end == std::string_view::npos ? end : end - i);
      if (word.empty() || !std::isupper(static_cast<unsigned char>(word.front()))) return false;
      for (char c : word) {
        if (!std::isalnum(static_cast<unsigned char>(c))) return false;
      }
      ++words;
      i = end == std::string_view::npos ? head.size() : end + 1;
    }
    if (words < 2) return false;
    said = EscapeLine(head, max_chars_);
    if (!resource.empty()) said += "（" + SayResource(resource) + "）";
    said += ": ";
    said += Say(text.substr(colon + 2));
    return true;
  }

  std::string SayResource(std::string_view resource) {
    static constexpr std::pair<std::string_view, std::string_view> kKinds[] = {
        {"bucket ", "バケット "}, {"account ", "アカウント "}, {"role ", "ロール "}};
    for (const auto& [en, ja] : kKinds) {
      if (resource.starts_with(en)) return std::string(ja) + EscapeLine(resource.substr(en.size()), max_chars_);
    }
    return EscapeLine(resource, max_chars_);
  }

  // "403 AccessDenied: Access Denied (request id ...)": AWS's HTTP answer.
  static bool IsHttpAnswer(std::string_view text) {
    return text.size() > 4 && std::isdigit(static_cast<unsigned char>(text[0])) &&
           std::isdigit(static_cast<unsigned char>(text[1])) && std::isdigit(static_cast<unsigned char>(text[2])) &&
           text[3] == ' ';
  }

  Lang lang_;
  size_t max_chars_;
  bool all_known_ = true;
};

}  // namespace

std::string SayReason(std::string_view english, Lang lang, size_t max_chars) {
  return Speaker(lang, max_chars).Say(english);
}

bool KnownReason(std::string_view english) {
  Speaker speaker(Lang::kJa, kValueChars);
  speaker.Say(english);
  return speaker.all_known();
}

}  // namespace bucketwatch::notify
