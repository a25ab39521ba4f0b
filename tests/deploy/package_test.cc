// The Lambda packages built by deploy/package (docs/deploy.md "The package";
// Lambda Developer Guide "Building a custom runtime": an executable
// `bootstrap` at the zip's root, run by provided.al2023 with
// AWS_LAMBDA_RUNTIME_API set; the Runtime API: docs/sources.md, "Lambda Runtime API").
//
// x86_64: the package of this build's binary is unzipped into a temporary
// task directory and started as Lambda starts it, with Lambda's own
// LD_LIBRARY_PATH, against the Runtime API and Slack stand-ins: it answers a
// Config compliance-change event end to end.
// arm64: deploy/package cross-builds, checks (file, bundle, GLIBC versions,
// CA paths) and runs the package under qemu; skipped, with the reason, where
// the cross toolchain is not installed (BW_SETUP_CROSS=1 scripts/setup).
#include <gtest/gtest.h>
#include <nlohmann/json.hpp>
#include <sys/stat.h>
#include <sys/utsname.h>
#include <unistd.h>

#include <filesystem>

#include "support/run_command.h"
#include "standins/runtime_api_standin.h"
#include "standins/slack_standin.h"
#include "support/test_files.h"

namespace bucketwatch {
namespace {

namespace fs = std::filesystem;
using testing::BucketwatchBinary;
using testing::CommandResult;
using testing::ReadTestData;
using testing::RunCommand;
using testing::RuntimeApiStandIn;
using testing::SlackStandIn;
using Json = nlohmann::json;

const std::string kPackageScript = std::string(BW_SOURCE_DIR) + "/deploy/package";

bool OnPath(const std::string& program) {
  return RunCommand({"/bin/sh", "-c", "command -v " + program}).exit_code == 0;
}

std::string Machine() {
  utsname u{};
  ::uname(&u);
  return u.machine;
}

class PackageTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = fs::temp_directory_path() / ("bw-package-" + std::to_string(::getpid()) + "-" +
                                        ::testing::UnitTest::GetInstance()->current_test_info()->name());
    fs::remove_all(dir_);
    fs::create_directories(dir_);
  }
  void TearDown() override { fs::remove_all(dir_); }
  fs::path dir_;
};

// The variables bucketwatch reads, cleared, then Lambda's own.
std::vector<std::string> LambdaEnv(const fs::path& task, std::vector<std::string> extra) {
  std::vector<std::string> env = {
      "BUCKETWATCH_SLACK_WEBHOOK_URL=", "WEB_HOOK_URL=", "CHANNEL=", "ENV=", "BUCKETWATCH_ENV=", "BUCKETWATCH_LANG=",
      "BUCKETWATCH_LOG_LEVEL=info", "LAMBDA_TASK_ROOT=" + task.string(), "_HANDLER=bootstrap",
      // What provided.al2023 sets: the system's libraries first. The
      // package must not pick them up (the launcher replaces the path).
      "LD_LIBRARY_PATH=/lib64:/usr/lib64:/var/runtime:/var/runtime/lib:/var/task:/var/task/lib:/opt/lib"};
  // Later entries replace earlier ones of the same name (getenv takes the first).
  for (const std::string& e : extra) {
    std::string name = e.substr(0, e.find('=') + 1);
    std::erase_if(env, [&name](const std::string& d) { return d.rfind(name, 0) == 0; });
    env.push_back(e);
  }
  return env;
}

TEST_F(PackageTest, X86PackageAnswersAComplianceChangeThroughTheRuntimeApi) {
  if (Machine() != "x86_64")
    GTEST_SKIP() << "the x86_64 package runs only on an x86_64 host (this is " << Machine() << ")";
  CommandResult built = RunCommand(
      {kPackageScript, "--arch", "x86_64", "--binary", BucketwatchBinary(), "--out", (dir_ / "out").string()});
  ASSERT_EQ(built.exit_code, 0) << built.out << built.err;
  EXPECT_NE(built.out.find("check bundle"), std::string::npos) << built.out;
  EXPECT_NE(built.out.find("check run: 'bucketwatch "), std::string::npos) << built.out;
  fs::path zip = dir_ / "out" / "bucketwatch-lambda-x86_64.zip";
  ASSERT_TRUE(fs::exists(zip));

  fs::path task = dir_ / "task";
  CommandResult unzipped = RunCommand({"/usr/bin/unzip", "-q", zip.string(), "-d", task.string()});
  ASSERT_EQ(unzipped.exit_code, 0) << unzipped.err;
  struct stat st {};
  ASSERT_EQ(::stat((task / "bootstrap").c_str(), &st), 0);
  EXPECT_NE(st.st_mode & S_IXUSR, 0u) << "bootstrap must be executable after unzip";
  EXPECT_TRUE(fs::exists(task / "lib" / "libc.so.6"));
  EXPECT_TRUE(fs::exists(task / "lib" / "ld-linux-x86-64.so.2"));

  RuntimeApiStandIn api;
  SlackStandIn slack;
  api.Push(
      {"req-1",
       ReadTestData("events/config.ComplianceChange.s3-bucket-public-write-prohibited.eventbridge.assembled.json")});
  CommandResult run =
      RunCommand({(task / "bootstrap").string()}, "",
                 LambdaEnv(task, {"AWS_LAMBDA_RUNTIME_API=" + api.host_port(),
                                  "BUCKETWATCH_SLACK_WEBHOOK_URL=" + slack.url(), "BUCKETWATCH_ENV=prod"}));
  // The stand-in answers the second /next with 500: the runtime exits 1.
  EXPECT_EQ(run.exit_code, 1) << run.err;
  auto answers = api.answers();
  ASSERT_EQ(answers.size(), 1u) << run.err;
  EXPECT_EQ(answers[0].kind, "response") << answers[0].body;
  EXPECT_EQ(answers[0].request_id, "req-1");
  auto requests = slack.requests();
  ASSERT_EQ(requests.size(), 1u) << run.err;
  Json posted = Json::parse(requests[0].body);
  std::string text = posted["text"].get<std::string>();
  EXPECT_NE(text.find("demos3bucketforpublicaclremediation"), std::string::npos) << text;
  EXPECT_NE(text.find("[prod]"), std::string::npos) << text;
  EXPECT_EQ(run.err.find(SlackStandIn::kSecret), std::string::npos) << "the webhook must not be logged";
}

TEST_F(PackageTest, BootstrapSaysWhatIsMissingWhenTheBundleIsBroken) {
  if (Machine() != "x86_64") GTEST_SKIP() << "the x86_64 package runs only on an x86_64 host";
  CommandResult built = RunCommand(
      {kPackageScript, "--arch", "x86_64", "--binary", BucketwatchBinary(), "--out", (dir_ / "out").string()});
  ASSERT_EQ(built.exit_code, 0) << built.out << built.err;
  fs::path stage = dir_ / "out" / "stage-x86_64";
  fs::remove(stage / "lib" / "ld-linux-x86-64.so.2");
  CommandResult run = RunCommand({(stage / "bootstrap").string(), "--version"});
  EXPECT_EQ(run.exit_code, 127);
  EXPECT_NE(run.err.find("\"event\":\"bootstrap.exec_failed\""), std::string::npos) << run.err;
  EXPECT_NE(run.err.find("ld-linux-x86-64.so.2"), std::string::npos) << run.err;
}

TEST_F(PackageTest, UnknownArchitectureIsRefused) {
  CommandResult r = RunCommand({kPackageScript, "--arch", "mips", "--out", (dir_ / "out").string()});
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_NE(r.err.find("unknown architecture 'mips'"), std::string::npos) << r.err;
}

TEST_F(PackageTest, Arm64PackageIsCrossBuiltCheckedAndAnswersAnEventUnderQemu) {
  if (!OnPath("aarch64-linux-gnu-g++") || !fs::exists("/usr/lib/aarch64-linux-gnu/libcurl.so")) {
    GTEST_SKIP() << "the arm64 cross toolchain and :arm64 libraries are not installed; "
                    "install them with: BW_SETUP_CROSS=1 scripts/setup";
  }
  if (!OnPath("qemu-aarch64")) GTEST_SKIP() << "qemu-aarch64 is not installed (BW_SETUP_CROSS=1 scripts/setup)";
  // Builds (or brings up to date) build/lambda-arm64, shared by every preset.
  CommandResult built = RunCommand({kPackageScript, "--arch", "arm64", "--out", (dir_ / "out").string()});
  ASSERT_EQ(built.exit_code, 0) << built.out << built.err;
  EXPECT_NE(built.out.find("ELF 64-bit LSB pie executable, ARM aarch64"), std::string::npos) << built.out;
  EXPECT_NE(built.out.find("bootstrap: static"), std::string::npos) << built.out;
  EXPECT_NE(built.out.find("every library needed is inside"), std::string::npos) << built.out;
  EXPECT_NE(built.out.find("check run: 'bucketwatch "), std::string::npos) << built.out;

  fs::path task = dir_ / "task";
  CommandResult unzipped = RunCommand(
      {"/usr/bin/unzip", "-q", (dir_ / "out" / "bucketwatch-lambda-arm64.zip").string(), "-d", task.string()});
  ASSERT_EQ(unzipped.exit_code, 0) << unzipped.err;
  ASSERT_TRUE(fs::exists(task / "bootstrap"));
  ASSERT_TRUE(fs::exists(task / "lib" / "ld-linux-aarch64.so.1"));

  // What bootstrap runs, under qemu-user (its exec of an arm64 loader would
  // need binfmt_misc): one event, end to end, through the stand-ins.
  RuntimeApiStandIn api;
  SlackStandIn slack;
  api.Push(
      {"arm-1",
       ReadTestData("events/config.ComplianceChange.s3-bucket-public-write-prohibited.eventbridge.assembled.json")});
  CommandResult run = RunCommand(
      {"/usr/bin/qemu-aarch64", (task / "lib" / "ld-linux-aarch64.so.1").string(), "--inhibit-cache", "--library-path",
       (task / "lib").string(), (task / "bin" / "bucketwatch").string()},
      "",
      LambdaEnv(task, {"AWS_LAMBDA_RUNTIME_API=" + api.host_port(), "BUCKETWATCH_SLACK_WEBHOOK_URL=" + slack.url()}));
  EXPECT_EQ(run.exit_code, 1) << run.err;  // the stand-in's 500 on the second /next
  auto answers = api.answers();
  ASSERT_EQ(answers.size(), 1u) << run.err;
  EXPECT_EQ(answers[0].kind, "response") << answers[0].body;
  EXPECT_EQ(slack.requests().size(), 1u) << run.err;
}

}  // namespace
}  // namespace bucketwatch
