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

RgwUser NewRgwUser(const std::string& tag) {
  static std::atomic<int> counter{0};
  const int n = ++counter;
  char key[32];
  std::snprintf(key, sizeof key, "USER%06d%02d%08d", static_cast<int>(getpid() % 1000000), n % 100, 0);
  RgwUser u{"user-" + std::to_string(getpid()) + "-" + tag, key,
            "usersecret" + std::to_string(getpid()) + "x" + std::to_string(n) + "0000000000000000000000"};
  ShellResult r = RgwShell("timeout 60 radosgw-admin -c \"$CEPH_CONF\" user create --uid " + ShellQuote(u.uid) +
                           " --display-name " + ShellQuote("User " + tag) + " --access-key " +
                           ShellQuote(u.access_key) + " --secret-key " + ShellQuote(u.secret_key));
  EXPECT_EQ(r.exit_code, 0) << "radosgw-admin user create " << u.uid << ": " << r.out;
  return u;
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
