#include "base/redact.h"

#include <gtest/gtest.h>

namespace bucketwatch {
namespace {

TEST(RedactUrl, KeepsOnlySchemeAndHost) {
  EXPECT_EQ(RedactUrl("https://hooks.slack.com/services/T000/B000/XXXXXXXX"), "https://hooks.slack.com/***");
  EXPECT_EQ(RedactUrl("http://127.0.0.1:8080/hook?token=abc"), "http://127.0.0.1:8080/***");
  EXPECT_EQ(RedactUrl("https://user:pass@example.com/x"), "https://example.com/***");
  EXPECT_EQ(RedactUrl("not a url"), "***");
}

TEST(RedactSecret, ReplacesEveryOccurrence) {
  EXPECT_EQ(RedactSecret("token abcd and abcd", "abcd"), "token *** and ***");
  EXPECT_EQ(RedactSecret("short ab", "ab"), "short ab");
}

}  // namespace
}  // namespace bucketwatch
