#include "support/rgw_fixture.h"

#include <gtest/gtest.h>
#include <sys/wait.h>
#include <unistd.h>

#include <atomic>
#include <cstdio>
#include <fstream>
#include <sstream>

namespace bucketwatch::testing {

const FixtureEnv& Rgw() {
  static const FixtureEnv f = LoadFixtureEnv(BW_RGW_FIXTURE_DIR, "RGW");
  return f;
}

std::string ShellQuote(std::string_view s) {
  std::string q = "'";
  for (char c : s) q += c == '\'' ? std::string("'\\''") : std::string(1, c);
  return q + "'";
}

ShellResult RgwShell(const std::string& command, const std::map<std::string, std::string>& extra, std::string* err) {
  std::map<std::string, std::string> vars = Rgw().env;
  vars["AWS_CONFIG_FILE"] = "/dev/null";
  vars["AWS_SHARED_CREDENTIALS_FILE"] = "/dev/null";
  vars["AWS_EC2_METADATA_DISABLED"] = "true";
  for (const auto& [k, v] : extra) vars[k] = v;
  std::string line = "env -u AWS_PROFILE -u BUCKETWATCH_LOG_LEVEL ";
  for (const auto& [k, v] : vars) line += k + "=" + ShellQuote(v) + " ";
  static int calls = 0;
  std::string err_path =
      ::testing::TempDir() + "/rgw-shell-stderr-" + std::to_string(getpid()) + "-" + std::to_string(++calls);
  line += "sh -c " + ShellQuote(command);
  if (err != nullptr) line += " 2>" + err_path;
  ShellResult r;
  FILE* p = popen(line.c_str(), "r");
  if (p == nullptr) return r;
  char buf[4096];
  size_t n;
  while ((n = fread(buf, 1, sizeof buf, p)) > 0) r.out.append(buf, n);
  int status = pclose(p);
  r.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
  if (err != nullptr) {
    std::ifstream in(err_path);
    std::stringstream ss;
    ss << in.rdbuf();
    *err = ss.str();
    std::remove(err_path.c_str());
  }
  return r;
}

std::string S3Admin(const std::string& args, const std::map<std::string, std::string>& extra) {
  ShellResult r = RgwShell(std::string("/usr/bin/python3 ") + BW_S3_ADMIN + " " + args, extra);
  EXPECT_EQ(r.exit_code, 0) << "s3_admin.py " << args << ": " << r.out;
  while (!r.out.empty() && r.out.back() == '\n') r.out.pop_back();
  return r.out;
}

namespace {

ShellResult RadosgwAdmin(const std::string& args) {
  ShellResult r = RgwShell("timeout 60 radosgw-admin -c \"$CEPH_CONF\" " + args);
  EXPECT_EQ(r.exit_code, 0) << "radosgw-admin " << args << ": " << r.out;
  return r;
}

}  // namespace

RgwUser NewRgwUser(const std::string& tag, const std::string& account) {
  static std::atomic<int> counter{0};
  const int n = ++counter;
  char key[32];
  std::snprintf(key, sizeof key, "USER%06d%02d%08d", static_cast<int>(getpid() % 1000000), n % 100, 0);
  RgwUser u{"user-" + std::to_string(getpid()) + "-" + tag, key,
            "usersecret" + std::to_string(getpid()) + "x" + std::to_string(n) + "0000000000000000000000", account};
  RadosgwAdmin("user create --uid " + ShellQuote(u.uid) + (account.empty() ? "" : " --tenant " + ShellQuote(account)) +
               " --display-name " + ShellQuote("User " + tag) + " --access-key " + ShellQuote(u.access_key) +
               " --secret-key " + ShellQuote(u.secret_key));
  return u;
}

void NewRgwRole(const std::string& account, const std::string& name, const RgwUser& trusted) {
  const std::string trust = R"({"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"AWS":[")" +
                            trusted.Arn() + R"("]},"Action":["sts:AssumeRole"]}]})";
  const std::string read =
      R"({"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":["s3:Get*","s3:List*"],"Resource":["arn:aws:s3:::*"]}]})";
  const std::string where = " --role-name " + ShellQuote(name) + " --tenant " + ShellQuote(account);
  RadosgwAdmin("role create" + where + " --path / --assume-role-policy-doc " + ShellQuote(trust));
  RadosgwAdmin("role-policy put" + where + " --policy-name read --policy-doc " + ShellQuote(read));
}

std::string S3AdminAs(const RgwUser& user, const std::string& args, const RgwUser* other) {
  std::map<std::string, std::string> keys = user.Keys();
  if (other != nullptr) {
    keys["RGW_OTHER_ACCESS_KEY"] = other->access_key;
    keys["RGW_OTHER_SECRET_KEY"] = other->secret_key;
  }
  return S3Admin(args, keys);
}

}  // namespace bucketwatch::testing
