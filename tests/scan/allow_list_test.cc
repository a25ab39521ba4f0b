// The allow-list (src/scan/allow_list.h, docs/scan.md "Allow-list"): its
// TOML format, the errors that name the line, which entry wins, expiry at
// the end of the given day (UTC), and how an entry changes a bucket's
// standing (scan/result.h Classify).
#include "scan/allow_list.h"

#include <gtest/gtest.h>

#include "aws/timestamp.h"

namespace bucketwatch::scan {
namespace {

using exposure::AccessKind;
using exposure::Bit;
using exposure::Scope;

Clock::time_point At(const char* iso) { return aws::ParseIso8601(iso).value(); }

AllowList Parse(const std::string& text) {
  auto list = AllowList::Parse(text, "allow.toml");
  EXPECT_TRUE(list.ok()) << list.status().ToString();
  return list.ok() ? *list : AllowList();
}

std::string ErrorOf(const std::string& text) {
  auto list = AllowList::Parse(text, "allow.toml");
  EXPECT_FALSE(list.ok());
  return list.ok() ? "" : list.status().message();
}

TEST(AllowList, ReadsEntriesWithDefaults) {
  AllowList list = Parse(R"(
# static sites
[[allow]]
bucket = "www.example.com"
reason = "static website behind CloudFront"

[[allow]]
bucket = "open-data"
account = "111122223333"
reason = "public dataset"
expires = 2027-03-31
access = ["read", "list"]
)");
  ASSERT_EQ(list.entries().size(), 2u);
  EXPECT_EQ(list.entries()[0].access, Bit(AccessKind::kRead));  // read only unless said
  EXPECT_FALSE(list.entries()[0].until.has_value());
  EXPECT_EQ(list.entries()[0].line, 3);
  EXPECT_EQ(list.entries()[1].account, "111122223333");
  EXPECT_EQ(list.entries()[1].expires, "2027-03-31");
  EXPECT_EQ(list.entries()[1].access, Bit(AccessKind::kRead) | Bit(AccessKind::kList));
}

TEST(AllowList, EmptyFileAllowsNothing) {
  AllowList list = Parse("# nothing yet\n");
  EXPECT_TRUE(list.entries().empty());
  EXPECT_FALSE(list.Match("111122223333", "anything", At("2026-01-01T00:00:00Z")).has_value());
}

TEST(AllowList, DateExpiresAtTheEndOfThatDayUtc) {
  AllowList list = Parse("[[allow]]\nbucket = \"b\"\nreason = \"r\"\nexpires = 2027-03-31\n");
  EXPECT_FALSE(list.Match("", "b", At("2027-03-31T23:59:59Z"))->expired);
  EXPECT_TRUE(list.Match("", "b", At("2027-04-01T00:00:00Z"))->expired);
}

TEST(AllowList, QuotedDateAndOffsetDateTimeAreAccepted) {
  AllowList quoted = Parse("[[allow]]\nbucket = \"b\"\nreason = \"r\"\nexpires = \"2027-03-31\"\n");
  EXPECT_TRUE(quoted.Match("", "b", At("2027-04-01T00:00:00Z"))->expired);
  // 09:00 in Tokyo is 00:00 UTC.
  AllowList instant = Parse("[[allow]]\nbucket = \"b\"\nreason = \"r\"\nexpires = 2027-03-31T09:00:00+09:00\n");
  EXPECT_FALSE(instant.Match("", "b", At("2027-03-30T23:59:59Z"))->expired);
  EXPECT_TRUE(instant.Match("", "b", At("2027-03-31T00:00:00Z"))->expired);
}

TEST(AllowList, MostSpecificEntryWins) {
  AllowList list = Parse(R"(
[[allow]]
bucket = "site-*"
reason = "any site"
[[allow]]
bucket = "site-*"
account = "111122223333"
reason = "sites of this account"
[[allow]]
bucket = "site-main"
reason = "the main site"
)");
  Clock::time_point now = At("2026-01-01T00:00:00Z");
  EXPECT_EQ(list.Match("111122223333", "site-main", now)->reason, "the main site");
  EXPECT_EQ(list.Match("111122223333", "site-blog", now)->reason, "sites of this account");
  EXPECT_EQ(list.Match("444455556666", "site-blog", now)->reason, "any site");
  EXPECT_EQ(list.Match("444455556666", "site-blog", now)->where, "allow.toml:2");
  EXPECT_FALSE(list.Match("444455556666", "other", now).has_value());
}

TEST(AllowList, AccountEntryDoesNotMatchOtherAccounts) {
  AllowList list = Parse("[[allow]]\nbucket = \"b\"\naccount = \"111122223333\"\nreason = \"r\"\n");
  EXPECT_TRUE(list.Match("111122223333", "b", At("2026-01-01T00:00:00Z")).has_value());
  EXPECT_FALSE(list.Match("444455556666", "b", At("2026-01-01T00:00:00Z")).has_value());
}

TEST(AllowList, ErrorsNameTheLineAndWhatIsWrong) {
  EXPECT_EQ(ErrorOf("[[allow]]\nbucket = \"b\"\n"), "allow.toml:1: the entry has no reason");
  EXPECT_EQ(ErrorOf("[[allow]]\nbucket = \"b\"\nreason = \"r\"\nexpiry = 2027-01-01\n"),
            "allow.toml:4: unknown key \"expiry\" (expected bucket, account, reason, expires, access)");
  EXPECT_EQ(ErrorOf("[[allow]]\nbucket = \"b\"\nreason = \"r\"\nexpires = \"next year\"\n"),
            "allow.toml:4: expires \"next year\" is not a date such as 2027-03-31");
  EXPECT_EQ(ErrorOf("[[allow]]\nbucket = \"b\"\nreason = \"r\"\nexpires = \"2027-02-30\"\n"),
            "allow.toml:4: expires \"2027-02-30\" is not a date such as 2027-03-31");
  EXPECT_EQ(ErrorOf("[[allow]]\nbucket = \"b\"\nreason = \"r\"\naccess = [\"read\", \"everything\"]\n"),
            "allow.toml:4: access has \"everything\"; each must be one of read, list, write, read_acp, write_acp, "
            "bucket_config");
  EXPECT_EQ(ErrorOf("[[allow]]\nbucket = \"b\"\nreason = \"r\"\naccount = \"1234\"\n"),
            "allow.toml:4: account \"1234\" is not a 12-digit account id");
  EXPECT_EQ(ErrorOf("[[allow]]\nbucket = \"b\"\nreason = \"r\"\n[[allow]]\nbucket = \"b\"\nreason = \"again\"\n"),
            "allow.toml:4: a second entry for bucket \"b\"");
  EXPECT_EQ(ErrorOf("[[allow]]\nbucket = \"b\"\nreason = \"  \"\n"), "allow.toml:3: reason is empty");
  EXPECT_EQ(ErrorOf("bucket = \"b\"\n"), "allow.toml:1: unknown key \"bucket\"; entries are [[allow]] tables");
  EXPECT_EQ(ErrorOf("[[allow]]\nbucket = \"b\"\nreason = \"r\"\nexpires = 2027-03-31T09:00:00\n"),
            "allow.toml:4: expires has a time but no offset; write 2027-03-31T09:00:00+09:00, or a date");
  // Not TOML at all: the parser's own words, with the line.
  EXPECT_NE(ErrorOf("[[allow]\nbucket = \"b\"\n").find("allow.toml:1: "), std::string::npos);
}

TEST(AllowList, LoadNamesAMissingFile) {
  auto list = AllowList::Load("/nonexistent/allow.toml");
  ASSERT_FALSE(list.ok());
  EXPECT_EQ(list.status().message(), "/nonexistent/allow.toml: cannot open the allow-list");
}

BucketResult PublicRead() {
  BucketResult r;
  r.bucket = "b";
  r.access[static_cast<size_t>(AccessKind::kRead)] = Scope::kPublic;
  return r;
}

TEST(Classify, AllowedKindsMakeAPublicBucketAllowed) {
  BucketResult r = PublicRead();
  EXPECT_EQ(Classify(r), Standing::kPublic);
  r.allowance = Allowance{.reason = "site", .access = Bit(AccessKind::kRead)};
  EXPECT_EQ(Classify(r), Standing::kPublicAllowed);
}

TEST(Classify, PublicBeyondTheAllowanceIsPublic) {
  BucketResult r = PublicRead();
  r.access[static_cast<size_t>(AccessKind::kList)] = Scope::kPublic;
  r.allowance = Allowance{.reason = "site", .access = Bit(AccessKind::kRead)};
  EXPECT_EQ(Classify(r), Standing::kPublic);
}

TEST(Classify, ExpiredAllowanceAllowsNothing) {
  BucketResult r = PublicRead();
  r.allowance =
      Allowance{.reason = "campaign", .expires = "2026-01-31", .expired = true, .access = Bit(AccessKind::kRead)};
  EXPECT_EQ(Classify(r), Standing::kPublic);
}

TEST(Classify, UnknownOutsideTheAllowanceIsUnknown) {
  BucketResult r = PublicRead();
  r.allowance = Allowance{.reason = "site", .access = Bit(AccessKind::kRead)};
  r.unknown = Bit(AccessKind::kWrite);
  EXPECT_EQ(Classify(r), Standing::kUnknown);
  r.unknown = Bit(AccessKind::kRead);  // already public, and allowed
  EXPECT_EQ(Classify(r), Standing::kPublicAllowed);
}

TEST(Classify, ErrorsCrossAccountAndPrivate) {
  BucketResult r;
  EXPECT_EQ(Classify(r), Standing::kPrivate);
  r.access[static_cast<size_t>(AccessKind::kRead)] = Scope::kCrossAccount;
  r.cross_account = true;
  EXPECT_EQ(Classify(r), Standing::kCrossAccount);
  r.error = "gone";
  EXPECT_EQ(Classify(r), Standing::kError);
  BucketResult any_aws;
  any_aws.access[static_cast<size_t>(AccessKind::kList)] = Scope::kAuthenticated;
  EXPECT_EQ(Classify(any_aws), Standing::kPublic);  // any AWS user is the public (AWS Config's rules agree)
}

}  // namespace
}  // namespace bucketwatch::scan
