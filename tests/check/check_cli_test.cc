// `bucketwatch check` on the labelled templates and Terraform plans and
// states of tests/data/iac/ (each
// label's "why" gives its reasoning; tests/data/SOURCES.md says where they
// come from), and its errors for bad input.
#include <gtest/gtest.h>
#include <nlohmann/json.hpp>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <set>
#include <sstream>

#include "support/run_command.h"
#include "support/test_files.h"

namespace bucketwatch {
namespace {

using testing::BucketwatchBinary;
using testing::CommandResult;
using testing::RunCommand;

std::string DataPath(const std::string& name) { return std::string(BW_TESTDATA_DIR) + "/iac/" + name; }

CommandResult Check(std::vector<std::string> args) {
  std::vector<std::string> argv = {BucketwatchBinary(), "check"};
  argv.insert(argv.end(), args.begin(), args.end());
  return RunCommand(argv);
}

std::string TempFile(const std::string& name, const std::string& content) {
  auto path = std::filesystem::temp_directory_path() / ("bw-check-test-" + std::to_string(::getpid()) + "-" + name);
  std::ofstream(path) << content;
  return path.string();
}

struct Label {
  nlohmann::json j;
  std::string Name() const { return j["file"].get<std::string>() + " " + j["resource"].get<std::string>(); }
};

std::vector<Label> Labels() {
  std::vector<Label> out;
  std::istringstream in(testing::ReadTestData("iac/labels.jsonl"));
  for (std::string line; std::getline(in, line);) {
    if (!line.empty()) out.push_back({nlohmann::json::parse(line)});
  }
  return out;
}

// A parameter value of a label: "X (default)" and "<no default>" / "<any>"
// mean the template is read without --parameter.
std::vector<std::string> ParameterArgs(const nlohmann::json& params) {
  std::vector<std::string> out;
  for (auto it = params.begin(); it != params.end(); ++it) {
    std::string v = it.value().get<std::string>();
    if (v.find("(default)") != std::string::npos || v.front() == '<') continue;
    out.push_back("--parameter");
    out.push_back(it.key() + "=" + v);
  }
  return out;
}

bool Matches(const nlohmann::json& expect, const nlohmann::json& got) {
  return expect["public_read"] == got["public_read"] && expect["public_write"] == got["public_write"] &&
         expect["cannot_judge"] == got["cannot_judge"];
}

class LabelledTemplate : public ::testing::TestWithParam<Label> {};

TEST_P(LabelledTemplate, VerdictAsLabelled) {
  const nlohmann::json& label = GetParam().j;
  std::vector<std::string> args = {DataPath(label["file"]), "--format", "json", "--account-bpa", "off"};
  for (auto& a : ParameterArgs(label["assumptions"]["parameters"])) args.push_back(a);
  CommandResult r = Check(args);
  ASSERT_TRUE(r.exit_code == 0 || r.exit_code == 1) << r.err;
  nlohmann::json all = nlohmann::json::parse(r.out);
  // "ADDRESS -> NAME": a bucket the input does not define, named by the
  // resource that sets something on it.
  std::string resource = label["resource"];
  std::string name;
  if (size_t arrow = resource.find(" -> "); arrow != std::string::npos) {
    name = resource.substr(arrow + 4);
    resource.resize(arrow);
  }
  const nlohmann::json* bucket = nullptr;
  for (const auto& b : all) {
    if (b["resource"] == resource && (name.empty() || b["bucket"] == name) &&
        b["file"].get<std::string>().ends_with(label["file"].get<std::string>()))
      bucket = &b;
  }
  ASSERT_NE(bucket, nullptr) << "no verdict for " << GetParam().Name() << " in " << r.out;
  nlohmann::json got = {{"public_read", (*bucket)["public_read"]},
                        {"public_write", (*bucket)["public_write"]},
                        {"cannot_judge", !(*bucket)["cannot_judge"].empty()}};
  if (got["cannot_judge"] == true) got["public_read"] = got["public_write"] = nullptr;
  bool ok = Matches(label["expect"], got);
  for (const auto& alt : label.value("also_acceptable", nlohmann::json::array())) ok = ok || Matches(alt, got);
  EXPECT_TRUE(ok) << GetParam().Name() << "\nwhy: " << label["why"] << "\nexpected " << label["expect"] << "\ngot "
                  << got;

  // The refusals bucketwatch predicts: a canned ACL under BucketOwnerEnforced,
  // a public policy under BlockPublicPolicy.
  std::string deploy = label.value("deploy", "ok");
  bool predicted = deploy.find("InvalidBucketAclWithObjectOwnership") != std::string::npos ||
                   deploy.find("BlockPublicPolicy") != std::string::npos;
  if (predicted) {
    EXPECT_TRUE((*bucket)["deploy"].get<std::string>().starts_with("would fail to deploy: "))
        << GetParam().Name() << ": " << (*bucket)["deploy"];
  } else if (deploy == "ok") {
    EXPECT_EQ((*bucket)["deploy"], "ok") << GetParam().Name();
  }
  if (label["format"].get<std::string>().starts_with("terraform")) {
    EXPECT_FALSE(bucket->contains("line")) << "a Terraform resource is named by its address";
  } else {
    EXPECT_GT((*bucket)["line"].get<int>(), 0);
  }
}

std::string LabelName(const ::testing::TestParamInfo<Label>& label) {
  std::string name = std::to_string(label.index) + "_" + label.param.j["resource"].get<std::string>();
  for (char& c : name) {
    if (!std::isalnum(static_cast<unsigned char>(c))) c = '_';
  }
  return name;
}

INSTANTIATE_TEST_SUITE_P(Iac, LabelledTemplate, ::testing::ValuesIn(Labels()), LabelName);

TEST(CheckCli, PublicTemplateExitsOneAndNamesTheLine) {
  // Block Public Access turned off and a public policy: deploys, and is public.
  std::string path = TempFile("public.yaml", R"(Resources:
  Site:
    Type: AWS::S3::Bucket
    Properties:
      BucketName: www.example.com
      PublicAccessBlockConfiguration:
        BlockPublicPolicy: false
        RestrictPublicBuckets: false
  SitePolicy:
    Type: AWS::S3::BucketPolicy
    Properties:
      Bucket: !Ref Site
      PolicyDocument:
        Statement:
          - Effect: Allow
            Principal: "*"
            Action: s3:GetObject
            Resource: !Sub "${Site.Arn}/*"
)");
  CommandResult r = Check({path, "--account-bpa", "off"});
  EXPECT_EQ(r.exit_code, 1) << r.err;
  EXPECT_NE(r.out.find("PUBLIC"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find(path + ":2 Site (policy SitePolicy, line 9)"), std::string::npos) << r.out;
  CommandResult j = Check({path, "--account-bpa", "off", "--format", "jsonl"});
  nlohmann::json v = nlohmann::json::parse(j.out);
  EXPECT_EQ(v["bucket"], "www.example.com");
  EXPECT_EQ(v["statement_lines"], nlohmann::json::array({15}));
  EXPECT_EQ(v["deploy"], "ok");
}

// IAM takes one statement object in place of a list: its line is still
// the statement's, in JSON and in SARIF.
TEST(CheckCli, SingleStatementObjectHasItsLine) {
  std::string path = TempFile("single.yaml", R"(Resources:
  Site:
    Type: AWS::S3::Bucket
    Properties:
      PublicAccessBlockConfiguration: {BlockPublicPolicy: false, RestrictPublicBuckets: false}
  SitePolicy:
    Type: AWS::S3::BucketPolicy
    Properties:
      Bucket: !Ref Site
      PolicyDocument:
        Version: "2012-10-17"
        Statement:
          Effect: Allow
          Principal: "*"
          Action: s3:GetObject
          Resource: !Sub "${Site.Arn}/*"
)");
  CommandResult j = Check({path, "--account-bpa", "off", "--format", "jsonl"});
  EXPECT_EQ(j.exit_code, 1) << j.err;
  nlohmann::json v = nlohmann::json::parse(j.out);
  EXPECT_EQ(v["statement_lines"], nlohmann::json::array({13})) << j.out;
  CommandResult sarif = Check({path, "--account-bpa", "off", "--format", "sarif"});
  nlohmann::json log = nlohmann::json::parse(sarif.out);
  const nlohmann::json& results = log["runs"][0]["results"];
  ASSERT_EQ(results.size(), 1u) << sarif.out;
  EXPECT_EQ(results[0]["locations"][0]["physicalLocation"]["region"]["startLine"], 13) << sarif.out;
}

TEST(CheckCli, AccountBpaOnStopsIt) {
  std::string path = TempFile("public2.yaml", R"(Resources:
  Site:
    Type: AWS::S3::Bucket
    Properties:
      PublicAccessBlockConfiguration: {BlockPublicPolicy: false, RestrictPublicBuckets: false}
      OwnershipControls: {Rules: [{ObjectOwnership: ObjectWriter}]}
      AccessControl: PublicRead
)");
  EXPECT_EQ(Check({path, "--account-bpa", "off"}).exit_code, 1);
  CommandResult on = Check({path, "--account-bpa", "on", "--format", "jsonl"});
  EXPECT_EQ(on.exit_code, 0) << on.out;
  // BlockPublicAcls at account level refuses the public canned ACL.
  EXPECT_NE(on.out.find("would fail to deploy: BlockPublicAcls (account level)"), std::string::npos) << on.out;
}

TEST(CheckCli, ImportValuePrincipalCannotBeJudged) {
  std::string path = TempFile("import.yaml", R"(Resources:
  B:
    Type: AWS::S3::Bucket
    Properties:
      PublicAccessBlockConfiguration: {BlockPublicPolicy: false, RestrictPublicBuckets: false}
  P:
    Type: AWS::S3::BucketPolicy
    Properties:
      Bucket: !Ref B
      PolicyDocument:
        Statement:
          - {Effect: Allow, Principal: {AWS: !ImportValue reader-arn}, Action: "s3:GetObject", Resource: !Sub "${B.Arn}/*"}
)");
  CommandResult r = Check({path, "--account-bpa", "off", "--format", "jsonl"});
  EXPECT_EQ(r.exit_code, 1) << r.err;  // not judgeable is not private
  nlohmann::json v = nlohmann::json::parse(r.out);
  EXPECT_FALSE(v["cannot_judge"].empty()) << r.out;
  EXPECT_NE(r.out.find("Fn::ImportValue (line 12)"), std::string::npos) << r.out;
}

TEST(CheckCli, UnknownConditionJudgesTheBroaderBranch) {
  std::string path = TempFile("if.yaml", R"(Parameters:
  Public: {Type: String, AllowedValues: ["yes", "no"]}
Conditions:
  IsPublic: !Equals [!Ref Public, "yes"]
Resources:
  B:
    Type: AWS::S3::Bucket
    Properties:
      OwnershipControls: {Rules: [{ObjectOwnership: ObjectWriter}]}
      PublicAccessBlockConfiguration: !If [IsPublic, {BlockPublicAcls: false}, !Ref AWS::NoValue]
      AccessControl: !If [IsPublic, PublicRead, Private]
)");
  CommandResult r = Check({path, "--account-bpa", "off", "--format", "jsonl"});
  EXPECT_EQ(r.exit_code, 1) << r.out << r.err;
  EXPECT_NE(r.out.find("\"conditions\":\"IsPublic=true\""), std::string::npos) << r.out;
  // --parameter takes one value, so the file may follow it.
  CommandResult no = Check({"--parameter", "Public=no", path, "--account-bpa", "off"});
  EXPECT_EQ(no.exit_code, 0) << no.out << no.err;
}

TEST(CheckCli, BadInputNamesFileAndLineAndOtherBucketsAreJudged) {
  std::string path = TempFile("bad.yaml", R"(Resources:
  Good:
    Type: AWS::S3::Bucket
    Properties:
      PublicAccessBlockConfiguration: {BlockPublicPolicy: false, RestrictPublicBuckets: false}
  Loop1:
    Type: AWS::S3::Bucket
    Properties:
      BucketName: !Ref Loop2
  Loop2:
    Type: AWS::S3::Bucket
    Properties:
      BucketName: !Ref Loop1
  Odd:
    Type: AWS::S3::Bucket
    Properties:
      BucketName: !Frobnicate x
  Pol:
    Type: AWS::S3::BucketPolicy
    Properties:
      Bucket: !Ref Good
      PolicyDocument: "{not json"
)");
  CommandResult r = Check({path, "--format", "json"});
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_NE(r.err.find(path + ": line 13: circular Ref: Loop1 -> Loop2 -> Loop1"), std::string::npos) << r.err;
  EXPECT_NE(r.err.find(path + ": line 17: unknown tag !Frobnicate"), std::string::npos) << r.err;
  EXPECT_NE(r.err.find(path + ": line 22: PolicyDocument of Pol is a string that is not JSON"), std::string::npos)
      << r.err;
  nlohmann::json all = nlohmann::json::parse(r.out);
  ASSERT_EQ(all.size(), 4u);
  EXPECT_EQ(all[0]["resource"], "Good");
  // Its policy could not be read and nothing blocks a public one: never "private".
  EXPECT_FALSE(all[0]["cannot_judge"].empty()) << all[0];
}

TEST(CheckCli, InvalidYamlAndJsonNameTheLine) {
  CommandResult y = Check({TempFile("broken.yaml", "Resources:\n  B:\n    Type: [AWS::S3::Bucket\n")});
  EXPECT_EQ(y.exit_code, 2);
  EXPECT_NE(y.err.find("line "), std::string::npos) << y.err;
  EXPECT_NE(y.err.find("not valid YAML or JSON"), std::string::npos) << y.err;
  CommandResult j = Check({TempFile("broken.json", "{\"Resources\": {\n  \"B\": {\"Type\": \"AWS::S3::Bucket\",}\n")});
  EXPECT_EQ(j.exit_code, 2);
  EXPECT_NE(j.err.find("not valid YAML or JSON"), std::string::npos) << j.err;
}

TEST(CheckCli, TerraformPlanNamesTheAddress) {
  CommandResult r = Check({DataPath("tfplan-generated-website-public.json"), "--account-bpa", "off"});
  EXPECT_EQ(r.exit_code, 1) << r.err;
  EXPECT_NE(r.out.find("bw-iac-gen-website-public: " + DataPath("tfplan-generated-website-public.json") +
                       " aws_s3_bucket.site (policy aws_s3_bucket_policy.site)"),
            std::string::npos)
      << r.out;
}

TEST(CheckCli, UnsupportedPlanFormatIsAnErrorNamingTheFile) {
  std::string path = TempFile("plan2.json", R"({"format_version": "2.0", "resource_changes": []})");
  CommandResult r = Check({path, DataPath("cfn-checkov-ExampleS3.yaml")});
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_NE(r.err.find(path + ": /format_version: unsupported format_version \"2.0\""), std::string::npos) << r.err;
  EXPECT_NE(r.out.find("S3BucketNoProps"), std::string::npos) << "the other file is still judged";
}

// The SARIF log GitHub code scanning takes: version, one rule per kind of
// access, and results that point at a rule, a file and a line.
TEST(CheckCli, SarifHasRulesAndLocatedResults) {
  CommandResult r = Check({DataPath("tfplan-generated-website-public.json"), DataPath("cfn-widdix-state-s3.yaml"),
                           "--parameter", "Access=PublicRead", "--account-bpa", "off", "--format", "sarif"});
  EXPECT_EQ(r.exit_code, 1) << r.err;
  nlohmann::json log = nlohmann::json::parse(r.out);
  EXPECT_EQ(log["version"], "2.1.0");
  EXPECT_TRUE(log["$schema"].get<std::string>().ends_with("sarif-2.1.0.json"));
  ASSERT_EQ(log["runs"].size(), 1u);
  const nlohmann::json& run = log["runs"][0];
  EXPECT_EQ(run["tool"]["driver"]["name"], "bucketwatch");
  const nlohmann::json& rules = run["tool"]["driver"]["rules"];
  ASSERT_EQ(rules.size(), 6u);
  std::set<std::string> ids;
  for (const auto& rule : rules) {
    ids.insert(rule["id"].get<std::string>());
    EXPECT_FALSE(rule["shortDescription"]["text"].get<std::string>().empty());
    EXPECT_TRUE(rule["properties"].contains("security-severity"));
  }
  EXPECT_EQ(ids.size(), 6u);
  std::set<std::string> places;
  for (const auto& result : run["results"]) {
    size_t index = result["ruleIndex"];
    ASSERT_LT(index, rules.size());
    EXPECT_EQ(result["ruleId"], rules[index]["id"]);
    EXPECT_TRUE(result["level"] == "error" || result["level"] == "warning");
    const nlohmann::json& at = result["locations"][0];
    EXPECT_GE(at["physicalLocation"]["region"]["startLine"].get<int>(), 1);
    places.insert(at["physicalLocation"]["artifactLocation"]["uri"].get<std::string>() + " " +
                  at["logicalLocations"][0]["name"].get<std::string>() + " " + result["ruleId"].get<std::string>());
    if (result["message"]["text"].get<std::string>().find("(Bucket)") != std::string::npos) {
      EXPECT_GT(at["physicalLocation"]["region"]["startLine"].get<int>(), 1) << "a statement's line";
    }
  }
  std::string plan = DataPath("tfplan-generated-website-public.json");
  EXPECT_TRUE(places.count(plan + " aws_s3_bucket_policy.site public-read")) << r.out;
  EXPECT_TRUE(places.count(plan + " aws_s3_bucket_acl.site public-list")) << r.out;
}

// scan's allow-list: by bucket name, by logical id or address; a kind the
// entry does not list is still an exposure.
TEST(CheckCli, AllowListByNameOrAddress) {
  std::string plan = DataPath("tfplan-generated-website-public.json");
  std::string allow = TempFile("allow.toml", R"([[allow]]
bucket = "aws_s3_bucket.site"
reason = "static website"
access = ["read", "list"]
)");
  CommandResult r = Check({plan, "--account-bpa", "off", "--allow", allow, "--format", "jsonl"});
  EXPECT_EQ(r.exit_code, 0) << r.out << r.err;
  nlohmann::json v = nlohmann::json::parse(r.out);
  EXPECT_EQ(v["standing"], "public_allowed");
  EXPECT_EQ(v["allowed"]["reason"], "static website");
  CommandResult sarif = Check({plan, "--account-bpa", "off", "--allow", allow, "--format", "sarif"});
  nlohmann::json log = nlohmann::json::parse(sarif.out);  // kept: the loop reads into it
  for (const auto& result : log["runs"][0]["results"]) {
    EXPECT_EQ(result["suppressions"][0]["kind"], "external") << result;
  }
  std::string read_only = TempFile("allow2.toml", R"([[allow]]
bucket = "bw-iac-gen-website-*"
reason = "objects only"
)");
  CommandResult partly = Check({plan, "--account-bpa", "off", "--allow", read_only, "--format", "jsonl"});
  EXPECT_EQ(partly.exit_code, 1) << "listing is public and not allowed";
  EXPECT_EQ(nlohmann::json::parse(partly.out)["standing"], "public");
  CommandResult bad = Check({plan, "--allow", TempFile("allow3.toml", "[[allow]]\nbucket = \"x\"\n")});
  EXPECT_EQ(bad.exit_code, 2);
  EXPECT_NE(bad.err.find("allow3.toml"), std::string::npos) << bad.err;
}

// The pre-commit hook's entry, as written in .pre-commit-hooks.yaml, on a
// public template (files are appended by pre-commit).
TEST(CheckCli, PreCommitHookEntryRuns) {
  std::ifstream in(std::string(BW_SOURCE_DIR) + "/.pre-commit-hooks.yaml");
  std::string entry;
  for (std::string line; std::getline(in, line);) {
    if (auto at = line.find("entry: "); at != std::string::npos) entry = line.substr(at + 7);
  }
  ASSERT_TRUE(entry.starts_with("bucketwatch check")) << entry;
  std::vector<std::string> argv;
  std::istringstream words(entry);
  for (std::string w; words >> w;) argv.push_back(argv.empty() ? BucketwatchBinary() : w);
  argv.push_back(DataPath("cdk-constructed-public-website.template.json"));
  CommandResult r = RunCommand(argv);
  EXPECT_EQ(r.exit_code, 1) << r.out << r.err;  // its label: publicly readable
  argv.back() = DataPath("cfn-checkov-ExampleS3.yaml");
  EXPECT_EQ(RunCommand(argv).exit_code, 0);
}

}  // namespace
}  // namespace bucketwatch
