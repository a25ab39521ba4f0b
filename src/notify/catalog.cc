#include "notify/catalog.h"

#include "base/text.h"

namespace bucketwatch::notify {
namespace {

const Catalog kEnglish = {
    .lang = Lang::kEn,
    .bucket_title = {"S3 bucket became public", "S3 bucket is public in a new way", "S3 bucket is still public",
                     "S3 bucket is public", "S3 bucket may be public (could not be judged)",
                     "S3 bucket is no longer public", "S3 Block Public Access turned off for a bucket",
                     "S3 Block Public Access is on again", "S3 bucket access settings changed",
                     "AWS Config rule finds an S3 bucket non-compliant",
                     "AWS Config rule finds an S3 bucket compliant again"},
    .account_title = {"S3 bucket became public", "S3 bucket is public in a new way", "S3 bucket is still public",
                      "S3 bucket is public", "S3 access could not be judged", "S3 access is no longer public",
                      "Account-level S3 Block Public Access is off", "Account-level S3 Block Public Access is on again",
                      "Account-level S3 settings changed", "AWS Config rule finds a resource non-compliant",
                      "AWS Config rule finds a resource compliant again"},
    .lead = {"Check whether this bucket should be public, and close it if not.",
             "Check whether this bucket should be public this way, and close it if not.",
             "Check whether this bucket should be public, and close it if not.",
             "Check whether this bucket should be public, and close it if not.",
             "bucketwatch could not tell whether this bucket is public. Check its settings.",
             "It no longer reaches the public.",
             "Nothing may be public yet, but the next policy or ACL change could make it public.",
             "Public policies and ACLs are blocked again.", "",
             "Check this bucket against the rule: its annotation below says what the rule found.",
             "The rule no longer finds the bucket non-compliant."},
    .bucket = "Bucket",
    .account = "Account",
    .environment = "Environment",
    .region = "Region",
    .reported_by = "Reported by",
    .who_can = "Who can do what",
    .before = "Before",
    .causes = "What makes it public",
    .protection_causes = "What is off",
    .fix = "Fix",
    .annotation = "AWS Config annotation",
    .finding = "GuardDuty finding",
    .changed_by = "Changed by",
    .open_console = "Open the bucket's permissions in the AWS console",
    .cannot_judge = "Could not judge",
    .notes = "Notes",
    .nothing_outside = "Nobody outside the account has access.",
    .from = "from",
    .calling = "calling",
    .at = "at",
    .and_more = "…and {n} more",
    .list_separator = ", ",
    .paren_open = " (",
    .paren_close = ")",
    .access = {"read objects", "list objects", "write and delete objects", "read the ACL and policy",
               "change the ACL and policy", "read or change other bucket settings"},
    .who = {"Anyone on the internet", "Any AWS user, in any account",
            "Anyone who signs in with a web identity provider", "Any AWS service, for any customer"},
    .other_accounts = "Other accounts",
    .one_account = "account {account}",
    .could_not_judge = "Could not be judged",
    .public_read = "Public read access",
    .public_write = "Public write access",
    .aws_user_read = "Read access for any AWS user",
    .aws_user_write = "Write access for any AWS user",
    .policy_statement = "Bucket policy statement {n}",
    .sid = "Sid {sid}",
    .acl_grant = "ACL grant {n}",
    .bucket_policy = "Bucket policy",
    .bucket_acl = "Bucket ACL",
    .bucket_bpa = "Block Public Access (bucket)",
    .account_bpa = "Block Public Access (account)",
    .claims_public_read = "allows public read access",
    .claims_public_write = "allows public write access",
    .principal = "principal {principal}",
    .grants_to = "{who}: {what}",
    .off_flags = "off: {flags}",
    .all_on = "all four settings on",
    .uncertain = "Uncertain: {text}",
    .fixes = {"",
              "remove this statement, or limit it to fixed principals or sources (aws:PrincipalOrgID, "
              "aws:SourceVpce, a narrow aws:SourceIp); turning on RestrictPublicBuckets also stops it.",
              "remove this statement if that account should not have this access.",
              "remove this grant (`aws s3api put-bucket-acl --bucket {bucket} --acl private`), turn on "
              "IgnorePublicAcls, or set Object Ownership to BucketOwnerEnforced (ACLs disabled).",
              "remove this grant if that account should not have it.",
              "find the statement that allows public access (`aws s3api get-bucket-policy --bucket {bucket}`) and "
              "remove or limit it; turning on RestrictPublicBuckets also stops it.",
              "remove the AllUsers and AuthenticatedUsers grants (`aws s3api put-bucket-acl --bucket {bucket} --acl "
              "private`), or turn on IgnorePublicAcls.",
              "unless this bucket must be public, turn all four Block Public Access settings back on (`aws s3api "
              "put-public-access-block --bucket {bucket} --public-access-block-configuration "
              "BlockPublicAcls=true,IgnorePublicAcls=true,BlockPublicPolicy=true,RestrictPublicBuckets=true`).",
              "turn on all four Block Public Access settings of the account (`aws s3control put-public-access-block "
              "--account-id {account} --public-access-block-configuration "
              "BlockPublicAcls=true,IgnorePublicAcls=true,BlockPublicPolicy=true,RestrictPublicBuckets=true`)."},
    .note = {"AWS Config does not record Object Ownership: if the bucket has ACLs disabled (BucketOwnerEnforced), "
             "ACL grants have no effect.",
             "The account's Block Public Access is not part of this event; if it is on, it may already block this.",
             "The state before this change is not known, so this may not be new.",
             "GuardDuty has seen this activity {n} times.",
             "This rule is treated as a bucket exposure rule because BUCKETWATCH_CONFIG_RULES lists it.",
             "GuardDuty judges the bucket not public at the moment (effective permission NOT_PUBLIC).",
             "GuardDuty judges the bucket public (effective permission PUBLIC).",
             "This setting applies to every bucket of the account, in every Region.",
             "The allow-list entry that let this bucket be public has expired: {allowance}.",
             "bucketwatch does not know what this rule checks, so it passes on the rule's own result and annotation "
             "without judging the bucket. If the rule is about public access, list it in BUCKETWATCH_CONFIG_RULES.",
             "This alert was decided earlier and its delivery did not complete; its full message was too large to keep "
             "in the state table, so only what happened is known here. Look at the bucket's permissions now."},
    .source_config_rule = "AWS Config rule {rule}",
    .source_config_item = "AWS Config configuration change, judged by bucketwatch",
    .source_guardduty = "GuardDuty finding {type} (severity {severity})",
    .source_cloudtrail = "CloudTrail {name}",
    .requested = "What the call asked for",
    .source_scan = "bucketwatch scan (every bucket read and judged)",
    .compliance_change = "{before} → {now}",
    .footer = "bucketwatch · event {id}",
    .possible_repeat =
        ":repeat: Possibly a repeat: an earlier attempt to send this alert was cut off, and bucketwatch cannot tell "
        "whether Slack received it. If the same alert is already in the channel, ignore this one.",
    .scan =
        {
            .title_public = "bucketwatch scan: {n} public S3 bucket(s)",
            .title_check = "bucketwatch scan: buckets to check",
            .scanned = "Buckets scanned",
            .is_public = "Public",
            .allowed = "Public, allowed",
            .cross_account = "Shared with other accounts",
            .unknown = "Could not judge",
            .errors = "Could not read",
            .accounts = "Accounts",
            .accounts_failed = "Accounts that could not be scanned",
            .cannot_judge = "Buckets that could not be judged (they may be public)",
            .cannot_read = "Buckets that could not be read",
            .expired = "Allow-list entries that have expired (alerted again)",
            .not_sent = "{n} more public bucket(s) have no message of their own: see `bucketwatch scan` for the "
                        "full list.",
            .continued = "{n} more bucket(s) of the account are read by further invocations of this "
                         "reconciliation: each public one among them gets its own message. The counts above are "
                         "of this invocation's buckets.",
            .footer = "bucketwatch scan · finished {time} · {seconds} s",
            .first_title_public = "bucketwatch now watches account {account}: {n} public S3 bucket(s)",
            .first_title_check = "bucketwatch now watches account {account}: buckets to check",
            .first_title_clear = "bucketwatch now watches account {account}: no public S3 bucket",
            .first_footer = "bucketwatch reconciliation (first run) · finished {time} · {seconds} s",
        },
};

const Catalog kJapanese = {
    .lang = Lang::kJa,
    .bucket_title = {"S3 バケットが公開されました", "S3 バケットの公開範囲が広がりました",
                     "S3 バケットは公開されたままです", "S3 バケットが公開されています",
                     "S3 バケットが公開されている可能性があります（判定できません）",
                     "S3 バケットの公開が解消されました", "S3 バケットのブロックパブリックアクセスがオフになりました",
                     "S3 バケットのブロックパブリックアクセスがオンに戻りました",
                     "S3 バケットのアクセス設定が変更されました",
                     "AWS Config ルールが S3 バケットを非準拠と判定しました",
                     "AWS Config ルールが S3 バケットを準拠と判定しました"},
    .account_title = {"S3 バケットが公開されました", "S3 バケットの公開範囲が広がりました",
                      "S3 バケットは公開されたままです", "S3 バケットが公開されています",
                      "S3 のアクセスを判定できません", "S3 の公開が解消されました",
                      "アカウントの S3 ブロックパブリックアクセスがオフになっています",
                      "アカウントの S3 ブロックパブリックアクセスがオンに戻りました",
                      "アカウントの S3 設定が変更されました", "AWS Config ルールがリソースを非準拠と判定しました",
                      "AWS Config ルールがリソースを準拠と判定しました"},
    .lead = {"公開設定が適切か確認してください。", "公開設定が適切か確認してください。",
             "公開設定が適切か確認してください。", "公開設定が適切か確認してください。",
             "bucketwatch ではこのバケットが公開されているか判定できませんでした。設定を確認してください。",
             "外部に公開されている状態は解消されました。",
             "現時点で公開されていなくても、次のポリシーや ACL の変更で公開される可能性があります。",
             "公開ポリシーと公開 ACL は再びブロックされます。", "",
             "ルールの観点でこのバケットを確認してください。ルールの判定内容は下の注釈のとおりです。",
             "ルールはこのバケットを非準拠と判定しなくなりました。"},
    .bucket = "バケット",
    .account = "アカウント",
    .environment = "環境",
    .region = "リージョン",
    .reported_by = "検知元",
    .who_can = "公開されているアクセス",
    .before = "変更前",
    .causes = "公開の原因",
    .protection_causes = "オフになっている設定",
    .fix = "対処",
    .annotation = "AWS Config の注釈",
    .finding = "GuardDuty の検出結果",
    .changed_by = "操作者",
    .open_console = "AWS コンソールでバケットのアクセス許可を開く",
    .cannot_judge = "判定できなかった点",
    .notes = "補足",
    .nothing_outside = "アカウント外からのアクセスはありません。",
    .from = "送信元",
    .calling = "API",
    .at = "日時",
    .and_more = "…ほか {n} 件",
    .list_separator = "、",
    .paren_open = "（",
    .paren_close = "）",
    .access = {"オブジェクトの読み取り", "オブジェクトの一覧表示", "オブジェクトの書き込み・削除",
               "ACL・ポリシーの読み取り", "ACL・ポリシーの変更", "その他のバケット設定の読み取り・変更"},
    .who = {"インターネット上の誰でも", "すべての AWS ユーザー（アカウントを問わず）",
            "ウェブ ID プロバイダーでサインインした誰でも", "任意の AWS サービス（他の顧客のものを含む）"},
    .other_accounts = "他のアカウント",
    .one_account = "アカウント {account}",
    .could_not_judge = "判定不能",
    .public_read = "パブリックな読み取りアクセス",
    .public_write = "パブリックな書き込みアクセス",
    .aws_user_read = "すべての AWS ユーザーによる読み取りアクセス",
    .aws_user_write = "すべての AWS ユーザーによる書き込みアクセス",
    .policy_statement = "バケットポリシーのステートメント {n}",
    .sid = "Sid {sid}",
    .acl_grant = "ACL の許可 {n}",
    .bucket_policy = "バケットポリシー",
    .bucket_acl = "バケット ACL",
    .bucket_bpa = "ブロックパブリックアクセス（バケット）",
    .account_bpa = "ブロックパブリックアクセス（アカウント）",
    .claims_public_read = "がパブリックな読み取りを許可しています",
    .claims_public_write = "がパブリックな書き込みを許可しています",
    .principal = "プリンシパル {principal}",
    .grants_to = "{who}: {what}",
    .off_flags = "オフ: {flags}",
    .all_on = "4 つの設定がすべてオン",
    .uncertain = "不確実な点: {text}",
    .fixes = {"",
              "このステートメントを削除するか、固定のプリンシパルや送信元（aws:PrincipalOrgID、aws:SourceVpce、"
              "狭い範囲の aws:SourceIp）に限定してください。RestrictPublicBuckets をオンにしても止められます。",
              "このアカウントにアクセスさせる必要がなければ、ステートメントを削除してください。",
              "この許可を削除する (`aws s3api put-bucket-acl --bucket {bucket} --acl private`) か、IgnorePublicAcls "
              "をオンにするか、オブジェクト所有権を BucketOwnerEnforced（ACL 無効）にしてください。",
              "このアカウントに許可する必要がなければ、この許可を削除してください。",
              "公開を許可しているステートメントを確認し (`aws s3api get-bucket-policy --bucket {bucket}`)、"
              "削除または限定してください。RestrictPublicBuckets をオンにしても止められます。",
              "AllUsers と AuthenticatedUsers への許可を削除する (`aws s3api put-bucket-acl --bucket {bucket} --acl "
              "private`) か、IgnorePublicAcls をオンにしてください。",
              "公開が必要なバケットでなければ、ブロックパブリックアクセスの 4 つの設定をすべてオンに戻してください"
              " (`aws s3api put-public-access-block --bucket {bucket} --public-access-block-configuration "
              "BlockPublicAcls=true,IgnorePublicAcls=true,BlockPublicPolicy=true,RestrictPublicBuckets=true`)。",
              "アカウントのブロックパブリックアクセスの 4 つの設定をすべてオンにしてください (`aws s3control "
              "put-public-access-block --account-id {account} --public-access-block-configuration "
              "BlockPublicAcls=true,IgnorePublicAcls=true,BlockPublicPolicy=true,RestrictPublicBuckets=true`)。"},
    .note =
        {"AWS Config はオブジェクト所有権の設定を記録しません。ACL が無効（BucketOwnerEnforced）であれば、"
         "ACL による許可は効いていません。",
         "アカウントのブロックパブリックアクセスはこのイベントに含まれません。オンであれば、すでにブロックされて"
         "いる可能性があります。",
         "変更前の状態が分からないため、以前から公開されていた可能性があります。",
         "GuardDuty はこの操作を {n} 回検出しています。",
         "このルールは BUCKETWATCH_CONFIG_RULES に指定されているため、バケット公開のルールとして扱っています。",
         "GuardDuty の判定では、現時点でバケットは公開されていません（effectivePermission: NOT_PUBLIC）。",
         "GuardDuty の判定では、バケットは公開されています（effectivePermission: PUBLIC）。",
         "この設定は、アカウント内のすべてのリージョンのすべてのバケットに適用されます。",
         "このバケットの公開を許可していた許可リストの項目は期限切れです：{allowance}。",
         "bucketwatch はこのルールが何を確認するものか分からないため、バケットを判定せず、ルール自身の結果と注釈を"
         "そのまま伝えています。公開アクセスを確認するルールであれば、BUCKETWATCH_CONFIG_RULES に指定してください。",
         "この通知は以前に判定されましたが、配信が完了していませんでした。"
         "本文が大きすぎて状態テーブルに保存できなかったため、何が起きたかだけをお知らせします。"
         "バケットのアクセス許可を確認してください。"},
    .source_config_rule = "AWS Config ルール {rule}",
    .source_config_item = "AWS Config の設定変更（bucketwatch が判定）",
    .source_guardduty = "GuardDuty の検出結果 {type} (重要度 {severity})",
    .source_cloudtrail = "CloudTrail {name}",
    .requested = "リクエストされた変更",
    .source_scan = "bucketwatch scan（全バケットを読み取って判定）",
    .compliance_change = "{before} → {now}",
    .footer = "bucketwatch · イベント {id}",
    .possible_repeat =
        ":repeat: 再送の可能性があります。以前の送信が途中で終わったため、Slack "
        "に届いたか確認できませんでした。同じ通知が既に届いていれば、こちらは無視してください。",
    .scan =
        {
            .title_public = "bucketwatch スキャン：公開 S3 バケット {n} 件",
            .title_check = "bucketwatch スキャン：確認が必要なバケットがあります",
            .scanned = "スキャンしたバケット",
            .is_public = "公開",
            .allowed = "公開（許可済み）",
            .cross_account = "他アカウントと共有",
            .unknown = "判定できず",
            .errors = "読み取れず",
            .accounts = "アカウント",
            .accounts_failed = "スキャンできなかったアカウント",
            .cannot_judge = "判定できなかったバケット（公開されている可能性があります）",
            .cannot_read = "読み取れなかったバケット",
            .expired = "期限切れの許可リスト項目（再度通知しています）",
            .not_sent = "ほかに公開バケットが {n} 件あります（個別の通知なし）。一覧は `bucketwatch scan` "
                        "で確認してください。",
            .continued = "このアカウントの残り {n} 件のバケットは、この照合の後続の呼び出しで読み取ります。"
                         "その中の公開バケットはそれぞれ個別に通知します。上の件数はこの呼び出しで読んだバケットの"
                         "ものです。",
            .footer = "bucketwatch スキャン · 完了 {time} · {seconds} 秒",
            .first_title_public = "bucketwatch がアカウント {account} の監視を開始：公開 S3 バケット {n} 件",
            .first_title_check = "bucketwatch がアカウント {account} の監視を開始：確認が必要なバケットがあります",
            .first_title_clear = "bucketwatch がアカウント {account} の監視を開始：公開 S3 バケットはありません",
            .first_footer = "bucketwatch 照合（初回） · 完了 {time} · {seconds} 秒",
        },
};

}  // namespace

std::optional<Lang> ParseLang(std::string_view text) {
  std::string lower = Lower(text);
  auto starts = [&lower](std::string_view p) {
    return lower.rfind(p, 0) == 0 &&
           (lower.size() == p.size() || lower[p.size()] == '_' || lower[p.size()] == '-' || lower[p.size()] == '.');
  };
  if (starts("en") || lower == "english") return Lang::kEn;
  if (starts("ja") || starts("jp") || lower == "japanese" || lower == "日本語") return Lang::kJa;
  return std::nullopt;
}

std::string_view LangName(Lang lang) { return lang == Lang::kJa ? "ja" : "en"; }

const Catalog& CatalogFor(Lang lang) { return lang == Lang::kJa ? kJapanese : kEnglish; }

std::string Fill(std::string_view text, std::initializer_list<std::pair<std::string_view, std::string_view>> values) {
  std::string out;
  out.reserve(text.size() + 32);
  size_t i = 0;
  while (i < text.size()) {
    if (text[i] == '{') {
      size_t close = text.find('}', i);
      if (close != std::string_view::npos) {
        std::string_view key = text.substr(i + 1, close - i - 1);
        bool replaced = false;
        for (const auto& [k, v] : values) {
          if (k == key) {
            out += v;
            replaced = true;
            break;
          }
        }
        if (replaced) {
          i = close + 1;
          continue;
        }
      }
    }
    out += text[i++];
  }
  return out;
}

}  // namespace bucketwatch::notify
