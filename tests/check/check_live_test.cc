// `bucketwatch check --account-bpa live`, a whole process against the FakeS3
// stand-in (S3 Control's GetPublicAccessBlock for the caller's account):
// the account's setting as read decides, and one that cannot be read is
// unknown, with why, never taken as on.
#include <gtest/gtest.h>
#include <nlohmann/json.hpp>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <mutex>

#include "support/fake_s3.h"
#include "support/run_command.h"

namespace bucketwatch {
namespace {

using testing::BucketwatchBinary;
using testing::CommandResult;
using testing::FakeAnswer;
using testing::FakeCall;
using testing::FakeS3;
using testing::RunCommand;

constexpr char kAccount[] = "111122223333";
constexpr char kKey[] = "AKIDCHECKLIVE";

// Bucket-level Block Public Access off and a public policy: only the
// account-level setting can stop it (BlockPublicPolicy refuses the policy).
constexpr char kTemplate[] = R"(Resources:
  Site:
    Type: AWS::S3::Bucket
    Properties:
      BucketName: live-bpa-site
      PublicAccessBlockConfiguration: {BlockPublicPolicy: false, RestrictPublicBuckets: false}
  SitePolicy:
    Type: AWS::S3::BucketPolicy
    Properties:
      Bucket: !Ref Site
      PolicyDocument:
        Statement:
          - {Effect: Allow, Principal: "*", Action: "s3:GetObject", Resource: !Sub "${Site.Arn}/*"}
)";

std::string TemplatePath() {
  auto path = std::filesystem::temp_directory_path() / ("bw-check-live-" + std::to_string(::getpid()) + ".yaml");
  if (!std::filesystem::exists(path)) std::ofstream(path) << kTemplate;
  return path.string();
}

std::vector<std::string> Env(const std::string& endpoint, const std::string& key = kKey) {
  return {"AWS_ENDPOINT_URL=" + endpoint,
          "AWS_ACCESS_KEY_ID=" + key,
          std::string("AWS_SECRET_ACCESS_KEY=") + (key.empty() ? "" : "check-secret"),
          "AWS_SESSION_TOKEN=",
          "AWS_REGION=us-east-1",
          "AWS_DEFAULT_REGION=",
          "AWS_PROFILE=",
          "AWS_CONFIG_FILE=/dev/null",
          "AWS_SHARED_CREDENTIALS_FILE=/dev/null",
          "AWS_EC2_METADATA_DISABLED=true",
          "AWS_CONTAINER_CREDENTIALS_RELATIVE_URI=",
          "AWS_CONTAINER_CREDENTIALS_FULL_URI=",
          "AWS_WEB_IDENTITY_TOKEN_FILE=",
          "AWS_MAX_ATTEMPTS=1",
          "BUCKETWATCH_LOG_LEVEL=off"};
}

CommandResult CheckLive(const std::vector<std::string>& env, const std::vector<std::string>& more = {}) {
  std::vector<std::string> argv = {BucketwatchBinary(), "check", TemplatePath(), "--account-bpa", "live"};
  argv.insert(argv.end(), more.begin(), more.end());
  return RunCommand(argv, "", env);
}

// `env` with NAME=... set to `value`.
std::vector<std::string> With(std::vector<std::string> env, const std::string& name, const std::string& value) {
  for (std::string& e : env) {
    if (e.rfind(name + "=", 0) == 0) e = name + "=" + value;
  }
  return env;
}

// A shared credentials file with the profile "audit", acting for kAccount.
std::string AuditCredentialsFile() {
  auto path = std::filesystem::temp_directory_path() / ("bw-check-live-" + std::to_string(::getpid()) + ".credentials");
  std::ofstream(path) << "[audit]\naws_access_key_id = " << kKey << "\naws_secret_access_key = check-secret\n";
  return path.string();
}

nlohmann::json Verdict(const CommandResult& r) {
  nlohmann::json all = nlohmann::json::parse(r.out);
  EXPECT_EQ(all.size(), 1u) << r.out;
  return all.at(0);
}

class CheckLiveBpa : public ::testing::Test {
 protected:
  void SetUp() override { s3_.AddAccount(kAccount, kKey); }
  FakeS3 s3_;
};

TEST_F(CheckLiveBpa, AccountBlockOnRefusesThePublicPolicy) {
  s3_.SetAccountPublicAccessBlock(kAccount, "1111");
  CommandResult r = CheckLive(Env(s3_.url()), {"--format", "json"});
  EXPECT_EQ(r.exit_code, 0) << r.out << r.err;
  nlohmann::json v = Verdict(r);
  EXPECT_EQ(v["public"], false);
  EXPECT_NE(v["deploy"].get<std::string>().find("BlockPublicPolicy (account level)"), std::string::npos) << v;
  EXPECT_EQ(s3_.Count("GetAccountPublicAccessBlock"), 1);
  // The account the credentials belong to stands for AWS::AccountId.
  EXPECT_EQ(v["account"], kAccount) << v;
}

TEST_F(CheckLiveBpa, AccountBlockOffLeavesItPublic) {
  s3_.SetAccountPublicAccessBlock(kAccount, "0000");
  CommandResult r = CheckLive(Env(s3_.url()), {"--format", "json"});
  EXPECT_EQ(r.exit_code, 1) << r.out << r.err;
  nlohmann::json v = Verdict(r);
  EXPECT_EQ(v["public_read"], true);
  EXPECT_EQ(v["deploy"], "ok");
  EXPECT_EQ(r.out.find("could not be read"), std::string::npos) << r.out;
}

TEST_F(CheckLiveBpa, NoAccountConfigurationIsOff) {
  s3_.SetAccountPublicAccessBlock(kAccount, std::nullopt);
  CommandResult r = CheckLive(Env(s3_.url()), {"--format", "json"});
  EXPECT_EQ(r.exit_code, 1) << r.out << r.err;
  EXPECT_EQ(Verdict(r)["public_read"], true);
  EXPECT_EQ(r.out.find("could not be read"), std::string::npos) << r.out;
}

// Denied: unknown, with S3 Control's answer in the verdict and the text;
// judged as off, exit 1 as with --account-bpa unknown, never taken as on.
TEST_F(CheckLiveBpa, DeniedIsUnknownWithTheReason) {
  s3_.SetAccountPublicAccessBlock(kAccount, "1111");  // what the check may not read
  s3_.SetFault([](const FakeCall& call) -> std::optional<FakeAnswer> {
    if (call.operation != "GetAccountPublicAccessBlock") return std::nullopt;
    return FakeS3::Error(403, "AccessDenied", "Access Denied");
  });
  CommandResult r = CheckLive(Env(s3_.url()), {"--format", "json"});
  EXPECT_EQ(r.exit_code, 1) << r.out << r.err;
  nlohmann::json v = Verdict(r);
  EXPECT_EQ(v["public_read"], true);
  EXPECT_EQ(v["deploy"], "ok");
  std::string notes = v["notes"].dump();
  EXPECT_NE(notes.find("--account-bpa live: "), std::string::npos) << notes;
  EXPECT_NE(notes.find("AccessDenied"), std::string::npos) << notes;
  CommandResult text = CheckLive(Env(s3_.url()));
  EXPECT_EQ(text.exit_code, 1) << text.out << text.err;
  EXPECT_NE(text.out.find("AccessDenied"), std::string::npos) << text.out;
}

TEST_F(CheckLiveBpa, NoCredentialsIsUnknownWithTheReason) {
  CommandResult r = CheckLive(Env(s3_.url(), ""), {"--format", "json"});
  EXPECT_EQ(r.exit_code, 1) << r.out << r.err;
  std::string notes = Verdict(r)["notes"].dump();
  EXPECT_NE(notes.find("--account-bpa live: the account id is unknown"), std::string::npos) << notes;
  EXPECT_EQ(s3_.Count("GetAccountPublicAccessBlock"), 0);
}

TEST_F(CheckLiveBpa, UnreachableIsUnknownWithTheReason) {
  // A port nothing listens on (the stand-in's, once it is gone).
  std::string gone;
  {
    FakeS3 closed;
    gone = closed.url();
  }
  CommandResult r = CheckLive(Env(gone), {"--format", "json", "--account-id", kAccount});
  EXPECT_EQ(r.exit_code, 1) << r.out << r.err;
  nlohmann::json v = Verdict(r);
  EXPECT_EQ(v["public_read"], true);
  std::string notes = v["notes"].dump();
  EXPECT_NE(notes.find("--account-bpa live: "), std::string::npos) << notes;
}

// The command of docs/check.md, as written there (the path made absolute).
TEST_F(CheckLiveBpa, DocumentedCommand) {
  s3_.SetAccountPublicAccessBlock(kAccount, "1111");
  std::string plan = std::string(BW_TESTDATA_DIR) + "/iac/tfplan-generated-website-public.json";
  CommandResult on = RunCommand({BucketwatchBinary(), "check", plan, "--account-bpa", "live"}, "", Env(s3_.url()));
  EXPECT_EQ(on.exit_code, 0) << on.out << on.err;
  s3_.SetAccountPublicAccessBlock(kAccount, "0000");
  CommandResult off = RunCommand({BucketwatchBinary(), "check", plan, "--account-bpa", "live"}, "", Env(s3_.url()));
  EXPECT_EQ(off.exit_code, 1) << off.out << off.err;
  EXPECT_NE(off.out.find("PUBLIC"), std::string::npos) << off.out;
}

// --profile, --region and --endpoint-url, as snapshot and scan take them:
// the credentials only in the profile, no endpoint in the environment.
TEST_F(CheckLiveBpa, ProfileRegionAndEndpointFromTheCommandLine) {
  s3_.SetAccountPublicAccessBlock(kAccount, "1111");
  std::mutex mu;
  std::string region;
  s3_.SetFault([&](const FakeCall& call) -> std::optional<FakeAnswer> {
    std::lock_guard lock(mu);
    if (call.operation == "GetAccountPublicAccessBlock") region = call.region;
    return std::nullopt;
  });
  std::vector<std::string> env = With(Env("", ""), "AWS_SHARED_CREDENTIALS_FILE", AuditCredentialsFile());
  CommandResult r =
      CheckLive(env, {"--format", "json", "--profile", "audit", "--region", "eu-west-3", "--endpoint-url", s3_.url()});
  EXPECT_EQ(r.exit_code, 0) << r.out << r.err;
  nlohmann::json v = Verdict(r);
  EXPECT_EQ(v["public"], false) << v;
  EXPECT_EQ(v["account"], kAccount) << v;
  std::lock_guard lock(mu);
  EXPECT_EQ(region, "eu-west-3");
}

// A profile that is in neither file: the setting is unknown, saying why.
TEST_F(CheckLiveBpa, UnknownProfileIsUnknownWithTheReason) {
  s3_.SetAccountPublicAccessBlock(kAccount, "1111");
  CommandResult r = CheckLive(Env(s3_.url()), {"--format", "json", "--profile", "nosuch-profile"});
  EXPECT_EQ(r.exit_code, 1) << r.out << r.err;
  std::string notes = Verdict(r)["notes"].dump();
  EXPECT_NE(notes.find("nosuch-profile"), std::string::npos) << notes;
  EXPECT_EQ(s3_.Count("GetAccountPublicAccessBlock"), 0);
}

// Without live they would be ignored: a usage error instead.
TEST(CheckAwsOptions, OnlyWithLive) {
  for (const char* flag : {"--profile", "--region", "--endpoint-url"}) {
    CommandResult r = RunCommand({BucketwatchBinary(), "check", TemplatePath(), "--account-bpa", "off", flag, "x"}, "",
                                 Env("http://127.0.0.1:9"));
    EXPECT_EQ(r.exit_code, 2) << flag << r.out << r.err;
    EXPECT_NE(r.err.find("are for --account-bpa live"), std::string::npos) << r.err;
  }
}

// The command of docs/check.md with a profile, as written there (the path
// made absolute; the stand-in's address from the environment).
TEST_F(CheckLiveBpa, DocumentedCommandWithAProfile) {
  s3_.SetAccountPublicAccessBlock(kAccount, "1111");
  std::string plan = std::string(BW_TESTDATA_DIR) + "/iac/tfplan-generated-website-public.json";
  std::vector<std::string> env = With(Env(s3_.url(), ""), "AWS_SHARED_CREDENTIALS_FILE", AuditCredentialsFile());
  CommandResult r = RunCommand(
      {BucketwatchBinary(), "check", plan, "--account-bpa", "live", "--profile", "audit", "--region", "eu-west-1"}, "",
      env);
  EXPECT_EQ(r.exit_code, 0) << r.out << r.err;
  EXPECT_EQ(s3_.Count("GetAccountPublicAccessBlock"), 1);
}

// A setting the input gives beats --account-bpa, live included: the plan
// turns the account's Block Public Access on, whatever it is today.
TEST_F(CheckLiveBpa, TheInputsAccountSettingWins) {
  s3_.SetAccountPublicAccessBlock(kAccount, "0000");
  std::string plan = std::string(BW_TESTDATA_DIR) + "/iac/tfplan-generated-account-bpa.json";
  CommandResult r =
      RunCommand({BucketwatchBinary(), "check", plan, "--account-bpa", "live", "--format", "json"}, "", Env(s3_.url()));
  EXPECT_EQ(r.exit_code, 0) << r.out << r.err;
  EXPECT_EQ(nlohmann::json::parse(r.out).at(0)["public"], false) << r.out;
}

}  // namespace
}  // namespace bucketwatch
