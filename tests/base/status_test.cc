#include "base/status.h"

#include <gtest/gtest.h>

namespace bucketwatch {
namespace {

TEST(Status, OkByDefault) {
  Status s;
  EXPECT_TRUE(s.ok());
  EXPECT_EQ(s.ToString(), "ok");
}

TEST(Status, ToStringNamesSourcePathAndMessage) {
  Status s = InvalidInput("expected a string", "/policy/Statement/0/Effect").WithSource("snap.json");
  EXPECT_FALSE(s.ok());
  EXPECT_EQ(s.code(), StatusCode::kInvalidInput);
  EXPECT_EQ(s.ToString(), "snap.json: /policy/Statement/0/Effect: expected a string");
}

TEST(Status, PathPrefix) {
  Status s = InvalidInput("bad", "/Grants/0").WithPathPrefix("/acl");
  EXPECT_EQ(s.where(), "/acl/Grants/0");
}

Result<int> Half(int x) {
  if (x % 2 != 0) return InvalidInput("odd");
  return x / 2;
}

Result<int> Quarter(int x) {
  BW_ASSIGN_OR_RETURN(int h, Half(x));
  BW_ASSIGN_OR_RETURN(int q, Half(h));
  return q;
}

TEST(Result, AssignOrReturnPropagates) {
  EXPECT_EQ(*Quarter(8), 2);
  auto r = Quarter(6);
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.status().message(), "odd");
}

}  // namespace
}  // namespace bucketwatch
