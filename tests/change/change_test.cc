#include "change/change.h"

#include <gtest/gtest.h>

#include "exposure/evaluator.h"
#include "exposure/snapshot_json.h"

namespace bucketwatch::change {
namespace {

Digest Of(const std::string& snapshot_json) {
  json::Parser parser;
  auto batch = exposure::ParseSnapshots(snapshot_json, parser);
  EXPECT_TRUE(batch.errors.empty());
  return DigestOf(exposure::Evaluate(batch.snapshots.at(0)));
}

const char* kPrivate = R"({"bucket": "b"})";
const char* kPublicRead =
    R"({"bucket": "b", "policy": {"Statement": [{"Effect": "Allow", "Principal": "*", "Action": "s3:GetObject", "Resource": "arn:aws:s3:::b/*"}]}})";
const char* kPublicReadWrite =
    R"({"bucket": "b", "policy": {"Statement": [{"Effect": "Allow", "Principal": "*", "Action": ["s3:GetObject", "s3:PutObject"], "Resource": "arn:aws:s3:::b/*"}]}})";
const char* kPublicReadBlocked =
    R"({"bucket": "b", "public_access_block": {"RestrictPublicBuckets": true}, "policy": {"Statement": [{"Effect": "Allow", "Principal": "*", "Action": "s3:GetObject", "Resource": "arn:aws:s3:::b/*"}]}})";
const char* kUnknown = R"({"bucket": "b", "unknown": {"policy": "AccessDenied"}})";
const char* kCrossAccount =
    R"({"bucket": "b", "account": "111122223333", "policy": {"Statement": [{"Effect": "Allow", "Principal": {"AWS": "444455556666"}, "Action": "s3:GetObject", "Resource": "arn:aws:s3:::b/*"}]}})";

TEST(Change, FirstSightOfAPublicBucket) {
  EXPECT_EQ(Compare(std::nullopt, Of(kPublicRead)).kind, ChangeKind::kBecamePublic);
  EXPECT_EQ(Compare(std::nullopt, Of(kPrivate)).kind, ChangeKind::kNone);
}

TEST(Change, BecamePublicAndFixed) {
  EXPECT_EQ(Compare(Of(kPrivate), Of(kPublicRead)).kind, ChangeKind::kBecamePublic);
  Change fixed = Compare(Of(kPublicRead), Of(kPublicReadBlocked));
  EXPECT_EQ(fixed.kind, ChangeKind::kFixed);
  EXPECT_TRUE(fixed.Announce());
}

TEST(Change, SameVerdictIsNoNews) {
  Change c = Compare(Of(kPublicRead), Of(kPublicRead));
  EXPECT_EQ(c.kind, ChangeKind::kNone);
  EXPECT_FALSE(c.Announce());
}

TEST(Change, PublicInANewWay) {
  Change c = Compare(Of(kPublicRead), Of(kPublicReadWrite));
  EXPECT_EQ(c.kind, ChangeKind::kNewlyPublic);
  EXPECT_TRUE(exposure::Has(c.widened, exposure::AccessKind::kWrite));
  ASSERT_EQ(c.new_grants.size(), 1u);
  Change back = Compare(Of(kPublicReadWrite), Of(kPublicRead));
  EXPECT_EQ(back.kind, ChangeKind::kNarrowed);
  EXPECT_FALSE(back.Announce());
}

TEST(Change, CannotJudgeThenPublicThenFixed) {
  EXPECT_EQ(Compare(Of(kPrivate), Of(kUnknown)).kind, ChangeKind::kCannotJudge);
  EXPECT_EQ(Compare(Of(kUnknown), Of(kPublicRead)).kind, ChangeKind::kBecamePublic);
  EXPECT_EQ(Compare(Of(kUnknown), Of(kPrivate)).kind, ChangeKind::kFixed);
}

TEST(Change, CrossAccountOnlyIsNotPublicNews) {
  EXPECT_EQ(Compare(Of(kPrivate), Of(kCrossAccount)).kind, ChangeKind::kNone);
}

TEST(Digest, RoundTripsThroughJson) {
  Digest d = Of(kPublicReadWrite);
  auto back = Digest::FromJson(d.ToJson());
  ASSERT_TRUE(back.ok()) << back.status().ToString();
  EXPECT_EQ(back->Fingerprint(), d.Fingerprint());
  EXPECT_FALSE(Digest::FromJson("{\"exposed\": true}").ok());
  EXPECT_FALSE(Digest::FromJson("not json").ok());
}

}  // namespace
}  // namespace bucketwatch::change
