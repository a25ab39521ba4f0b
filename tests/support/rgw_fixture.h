// The Ceph RGW fixture (scripts/rgw-fixture, started by the
// rgw_fixture_start test) as the integration tests use it: its variables, a
// shell with them, and s3_admin.py, the independent client (Debian's
// python3-boto3) that sets buckets up. Compiled into each RGW test, which
// defines BW_RGW_FIXTURE_DIR and BW_S3_ADMIN.
#ifndef BUCKETWATCH_TESTS_SUPPORT_RGW_FIXTURE_H_
#define BUCKETWATCH_TESTS_SUPPORT_RGW_FIXTURE_H_

#include <map>
#include <string>
#include <string_view>

#include "support/fixture_env.h"

namespace bucketwatch::testing {

const FixtureEnv& Rgw();

#define REQUIRE_RGW()                                            \
  do {                                                           \
    if (!::bucketwatch::testing::Rgw().skip_reason.empty()) {    \
      GTEST_SKIP() << ::bucketwatch::testing::Rgw().skip_reason; \
    }                                                            \
  } while (false)

// `s` in single quotes for /bin/sh.
std::string ShellQuote(std::string_view s);

struct ShellResult {
  int exit_code = -1;
  std::string out;  // standard output
};

// Runs `command` with /bin/sh, with the fixture's variables (the owner's
// keys; no shared AWS config or profile, no instance metadata, no log level
// from the caller) and `extra` over them. Standard error goes to *err when
// given, else where the test's own goes.
ShellResult RgwShell(const std::string& command, const std::map<std::string, std::string>& extra = {},
                     std::string* err = nullptr);

// s3_admin.py `args` with the fixture's variables and `extra`; a failure
// fails the test. Its output without the final newline.
std::string S3Admin(const std::string& args, const std::map<std::string, std::string>& extra = {});

// An RGW user of its own (radosgw-admin user create; a user is what RGW
// has for an account): an empty bucket listing to start from, for tests
// that read every bucket of an account while other tests add theirs.
//
// With `account` (12 digits), the user lives in the RGW tenant of that
// name: its buckets are named within the tenant, and a role created there
// (NewRgwRole) has the ARN AWS would give it, arn:aws:iam::ACCOUNT:role/NAME.
// A tenant is the nearest RGW Pacific has to an AWS account.
struct RgwUser {
  std::string uid;
  std::string access_key;
  std::string secret_key;
  std::string account;  // the tenant; empty: the default one
  std::map<std::string, std::string> Keys() const {
    return {{"AWS_ACCESS_KEY_ID", access_key}, {"AWS_SECRET_ACCESS_KEY", secret_key}};
  }
  // The principal a role's trust policy names to let this user assume it.
  std::string Arn() const { return "arn:aws:iam::" + account + ":user/" + uid; }
};
RgwUser NewRgwUser(const std::string& tag, const std::string& account = "");

// A role `name` in the tenant `account` (radosgw-admin role create) that
// `trusted` may assume through RGW's STS (the fixture turns it on: `rgw s3
// auth use sts`), allowed to read buckets (s3:Get*, s3:List*), as
// deploy/member.yaml's role is. Its sessions name buckets within `account`.
void NewRgwRole(const std::string& account, const std::string& name, const RgwUser& trusted);

// S3Admin as `user`; "as-other" requests are signed as `other`.
std::string S3AdminAs(const RgwUser& user, const std::string& args, const RgwUser* other = nullptr);

}  // namespace bucketwatch::testing

#endif  // BUCKETWATCH_TESTS_SUPPORT_RGW_FIXTURE_H_
