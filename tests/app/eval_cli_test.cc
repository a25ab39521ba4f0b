// `bucketwatch eval` as users run it: inputs in every accepted shape,
// output formats, exit codes (0 nothing public, 1 public, 2 usage/input
// error) and error messages that name the file, the JSON path and what was
// expected.
#include <gtest/gtest.h>
#include <nlohmann/json.hpp>
#include <unistd.h>

#include <algorithm>
#include <cstdio>
#include <filesystem>
#include <fstream>

#include "support/run_command.h"

namespace bucketwatch {
namespace {

using testing::BucketwatchBinary;
using testing::CommandResult;
using testing::RunCommand;
using testing::RunCommandInParts;

constexpr const char* kPublic =
    R"({"bucket": "pub", "account": "111122223333", "policy": {"Statement": [{"Effect": "Allow", "Principal": "*", "Action": "s3:GetObject", "Resource": "arn:aws:s3:::pub/*"}]}})";
constexpr const char* kPrivate = R"({"bucket": "priv", "account": "111122223333"})";

CommandResult Eval(const std::vector<std::string>& args, const std::string& input = "") {
  std::vector<std::string> argv = {BucketwatchBinary(), "eval"};
  argv.insert(argv.end(), args.begin(), args.end());
  return RunCommand(argv, input);
}

std::string TempFile(const std::string& name, const std::string& content) {
  auto path = std::filesystem::temp_directory_path() / ("bw-eval-test-" + std::to_string(::getpid()) + "-" + name);
  std::ofstream(path) << content;
  return path.string();
}

TEST(EvalCli, PrivateBucketExitsZero) {
  CommandResult r = Eval({"-"}, kPrivate);
  EXPECT_EQ(r.exit_code, 0) << r.err;
  EXPECT_NE(r.out.find("priv"), std::string::npos);
  EXPECT_NE(r.out.find("private"), std::string::npos);
}

TEST(EvalCli, PublicBucketExitsOne) {
  CommandResult r = Eval({"-"}, kPublic);
  EXPECT_EQ(r.exit_code, 1) << r.err;
  EXPECT_NE(r.out.find("PUBLIC"), std::string::npos);
  EXPECT_NE(r.out.find("Statement[0]"), std::string::npos);
}

TEST(EvalCli, JsonOutputPerBucket) {
  CommandResult r = Eval({"--format", "json", "-"}, std::string("[") + kPublic + "," + kPrivate + "]");
  ASSERT_EQ(r.exit_code, 1) << r.err;
  auto j = nlohmann::json::parse(r.out);
  ASSERT_EQ(j.size(), 2u);
  EXPECT_EQ(j[0]["bucket"], "pub");
  EXPECT_EQ(j[0]["public"], true);
  EXPECT_EQ(j[0]["public_read"], true);
  EXPECT_EQ(j[0]["public_write"], false);
  EXPECT_EQ(j[0]["access"]["read"], "public");
  EXPECT_EQ(j[0]["access"]["list"], "none");
  ASSERT_EQ(j[0]["findings"].size(), 1u);
  const auto& f = j[0]["findings"][0];
  EXPECT_EQ(f["source"], "policy");
  EXPECT_EQ(f["statement"], 0);
  EXPECT_EQ(f["principal"], "*");
  EXPECT_EQ(f["scope"], "public");
  EXPECT_EQ(f["actions"], nlohmann::json::array({"s3:GetObject"}));
  EXPECT_TRUE(f["blocked_by"].is_null());
  EXPECT_EQ(j[1]["public"], false);
}

TEST(EvalCli, JsonLinesInAndOut) {
  CommandResult r = Eval({"--format", "jsonl", "-"}, std::string(kPrivate) + "\n\n" + kPublic + "\n");
  ASSERT_EQ(r.exit_code, 1) << r.err;
  std::vector<std::string> lines;
  size_t pos = 0;
  while (pos < r.out.size()) {
    size_t end = r.out.find('\n', pos);
    lines.push_back(r.out.substr(pos, end - pos));
    pos = end + 1;
  }
  ASSERT_EQ(lines.size(), 2u);
  EXPECT_EQ(nlohmann::json::parse(lines[0])["bucket"], "priv");
  EXPECT_EQ(nlohmann::json::parse(lines[1])["bucket"], "pub");
}

TEST(EvalCli, SeveralFiles) {
  std::string a = TempFile("a.json", kPrivate);
  std::string b = TempFile("b.json", kPublic);
  CommandResult r = Eval({a, b, "--format", "jsonl"});
  EXPECT_EQ(r.exit_code, 1) << r.err;
  std::remove(a.c_str());
  std::remove(b.c_str());
}

TEST(EvalCli, BuiltInExamples) {
  CommandResult r = Eval({"--examples"});
  EXPECT_EQ(r.exit_code, 1) << r.err;
  EXPECT_NE(r.out.find("example-public-website"), std::string::npos);
  EXPECT_NE(r.out.find("example-private-data"), std::string::npos);
}

TEST(EvalCli, MalformedJsonNamesTheFile) {
  std::string path = TempFile("broken.json", "{\"bucket\": \"x\", ");
  CommandResult r = Eval({path});
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_NE(r.err.find(path), std::string::npos) << r.err;
  EXPECT_NE(r.err.find("not valid JSON"), std::string::npos) << r.err;
  std::remove(path.c_str());
}

TEST(EvalCli, WrongTypeNamesThePathAndExpectation) {
  CommandResult r = Eval({"-"}, R"({"bucket": "x", "public_access_block": {"BlockPublicAcls": "maybe"}})");
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_NE(
      r.err.find(
          "standard input: /public_access_block/BlockPublicAcls: expected true or false, found a string \"maybe\""),
      std::string::npos)
      << r.err;
}

TEST(EvalCli, UnknownEffectIsAnInputErrorButStillJudgedCautiously) {
  CommandResult r = Eval(
      {"--format", "json", "-"},
      R"({"bucket": "x", "policy": {"Statement": [{"Effect": "Alow", "Principal": "*", "Action": "s3:GetObject", "Resource": "arn:aws:s3:::x/*"}]}})");
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_NE(r.err.find("/policy/Statement/0/Effect: expected \"Allow\" or \"Deny\", found \"Alow\""), std::string::npos)
      << r.err;
  auto j = nlohmann::json::parse(r.out);
  EXPECT_EQ(j[0]["public"], true);  // never a silent "not public"
  EXPECT_EQ(j[0]["findings"][0]["cannot_judge"], true);
}

TEST(EvalCli, UnreadablePolicyTextIsJudgedExposed) {
  CommandResult r = Eval({"--format", "json", "-"}, R"({"bucket": "x", "policy": "{not json"})");
  EXPECT_EQ(r.exit_code, 2);
  auto j = nlohmann::json::parse(r.out);
  EXPECT_EQ(j[0]["public"], true);
  EXPECT_FALSE(j[0]["cannot_judge"].empty());
}

TEST(EvalCli, OneBadLineDoesNotLoseTheOthers) {
  CommandResult r = Eval({"--format", "jsonl", "-"}, std::string(kPrivate) + "\n{oops\n" + kPublic + "\n");
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_NE(r.err.find("line 2"), std::string::npos) << r.err;
  EXPECT_NE(r.out.find("\"priv\""), std::string::npos);
  EXPECT_NE(r.out.find("\"pub\""), std::string::npos);
}

TEST(EvalCli, ABrokenFirstLineDoesNotLoseTheOthers) {
  CommandResult r = Eval({"--format", "jsonl", "-"}, std::string("{oops\n") + kPrivate + "\n" + kPublic + "\n");
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_NE(r.err.find("line 1"), std::string::npos) << r.err;
  EXPECT_NE(r.out.find("\"priv\""), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("\"pub\""), std::string::npos) << r.out;
}

// An input error (exit 2) never comes with a verdict that says "private".
TEST(EvalCli, AnUnusablePolicyIsNeverPrivate) {
  for (
      const char* policy :
      {R"({"Statement": "Allow everyone"})",
       R"({"Statement": [{"Effect": "Allow", "Principal": "*", "Action": "s3:GetObject", "Resource": "arn:aws:s3:::x/*"}], "Statement": []})",
       R"({"Statement": [{"Effect": "Allow", "Principal": "*", "Action": "s3:GetObject", "Resource": "arn:aws:s3:::x/*", "Condition": {"IpAddress": {"aws:SourceIp": "0.0.0.0/0"}}, "Condition": {"IpAddress": {"aws:SourceIp": "203.0.113.0/24"}}}]})"}) {
    CommandResult r = Eval({"--format", "json", "-"}, std::string(R"({"bucket": "x", "policy": )") + policy + "}");
    EXPECT_EQ(r.exit_code, 2) << policy;
    auto j = nlohmann::json::parse(r.out);
    EXPECT_EQ(j[0]["public"], true) << policy;
    EXPECT_FALSE(j[0]["cannot_judge"].empty()) << policy;
  }
}

TEST(EvalCli, ByteOrderMarkIsAccepted) {
  CommandResult r = Eval({"-"}, std::string("\xEF\xBB\xBF") + kPrivate);
  EXPECT_EQ(r.exit_code, 0) << r.err;
}

TEST(EvalCli, OverlongBucketNameIsRefused) {
  CommandResult r = Eval({"-"}, "{\"bucket\": \"" + std::string(100, 'b') + "\"}");
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_NE(r.err.find("S3 bucket names are at most 63 characters"), std::string::npos) << r.err;
}

TEST(EvalCli, DeepNestingIsRefusedNotACrash) {
  std::string deep = R"({"bucket": "x", "policy": )" + std::string(100000, '[') + std::string(100000, ']') + "}";
  CommandResult r = Eval({"-"}, deep);
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_NE(r.err.find("nested deeper than"), std::string::npos) << r.err.substr(0, 300);
}

TEST(EvalCli, NestedPolicyStringIsDepthLimitedToo) {
  std::string inner = std::string(10000, '[') + std::string(10000, ']');
  CommandResult r = Eval({"--format", "json", "-"}, R"({"bucket": "x", "policy": ")" + inner + "\"}");
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_NE(r.err.find("nested deeper than"), std::string::npos) << r.err.substr(0, 300);
}

TEST(EvalCli, UsageErrorsExitTwo) {
  EXPECT_EQ(Eval({"--format", "yaml"}).exit_code, 2);
  EXPECT_EQ(RunCommand({BucketwatchBinary()}).exit_code, 2);
  EXPECT_EQ(RunCommand({BucketwatchBinary(), "no-such-command"}).exit_code, 2);
  CommandResult missing = Eval({"/nonexistent/snap.json"});
  EXPECT_EQ(missing.exit_code, 2);
  EXPECT_NE(missing.err.find("/nonexistent/snap.json: no such file"), std::string::npos) << missing.err;
}

TEST(EvalCli, EmptyInputIsAnError) {
  CommandResult r = Eval({"-"}, "  \n");
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_NE(r.err.find("empty"), std::string::npos);
}

TEST(EvalCli, AwsCliOutputsInTheirFields) {
  // The raw outputs of aws s3api get-bucket-policy, get-bucket-acl,
  // get-public-access-block and get-bucket-ownership-controls, pasted as they are.
  std::string snap = R"({"bucket": "pasted",
    "policy": {"Policy": "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\",\"Principal\":\"*\",\"Action\":\"s3:GetObject\",\"Resource\":\"arn:aws:s3:::pasted/*\"}]}"},
    "acl": {"Owner": {"DisplayName": "o", "ID": "abc"}, "Grants": [{"Grantee": {"Type": "Group", "URI": "http://acs.amazonaws.com/groups/global/AllUsers"}, "Permission": "READ"}]},
    "public_access_block": {"PublicAccessBlockConfiguration": {"BlockPublicAcls": true, "IgnorePublicAcls": true, "BlockPublicPolicy": true, "RestrictPublicBuckets": false}},
    "ownership": {"OwnershipControls": {"Rules": [{"ObjectOwnership": "BucketOwnerPreferred"}]}}})";
  CommandResult r = Eval({"--format", "json", "-"}, snap);
  ASSERT_EQ(r.exit_code, 1) << r.err;
  auto j = nlohmann::json::parse(r.out)[0];
  EXPECT_EQ(j["access"]["read"], "public");
  EXPECT_EQ(j["access"]["list"], "none");  // the ACL grant is ignored by IgnorePublicAcls
  EXPECT_EQ(j["acl_is_public"], true);
}

// The size limit guards one bucket's document, not a whole account's array.
TEST(EvalCli, ArrayLargerThan16MiBIsAccepted) {
  const std::string padding(1000, 'x');
  std::string text = "[";
  const int buckets = 17500;
  for (int i = 0; i < buckets; ++i) {
    text += (i == 0 ? "" : ",\n") + std::string(R"({"bucket": "b-)") + std::to_string(i) +
            R"(", "account": "111122223333", "captured_at": ")" + padding + "\"}";
  }
  text += "]";
  ASSERT_GT(text.size(), size_t{16} << 20);
  std::string path = TempFile("large.json", text);
  CommandResult r = Eval({"--format", "jsonl", path});
  std::remove(path.c_str());
  EXPECT_EQ(r.exit_code, 0) << r.err.substr(0, 300);
  EXPECT_EQ(std::count(r.out.begin(), r.out.end(), '\n'), buckets);
  EXPECT_NE(r.out.find("\"b-17499\""), std::string::npos);
}

// Verdicts are written as buckets are read: the first bucket's verdict is
// out before the rest of the input (here, a malformed element) is written.
TEST(EvalCli, AVerdictIsWrittenBeforeLaterInputIsRead) {
  for (const char* format : {"jsonl", "json"}) {
    std::vector<std::string> out_before_part;
    CommandResult r = RunCommandInParts(
        {BucketwatchBinary(), "eval", "--format", format, "-"},
        {std::string("[\n") + kPrivate + ",\n", "{\"bucket\": oops},\n" + std::string(kPublic) + "\n]\n"},
        out_before_part);
    ASSERT_EQ(out_before_part.size(), 2u) << format;
    EXPECT_NE(out_before_part[1].find("\"priv\""), std::string::npos) << format << ": " << out_before_part[1];
    EXPECT_EQ(out_before_part[1].find("\"pub\""), std::string::npos) << format;
    EXPECT_EQ(r.exit_code, 2) << format;
    EXPECT_NE(r.out.find("\"pub\""), std::string::npos) << format;
  }
}

// One malformed element of an array: the buckets before and after it are
// judged, and the error names the element and its line.
TEST(EvalCli, MalformedElementInTheMiddleOfAnArray) {
  std::string input = std::string("[\n  ") + kPrivate + ",\n  {\"bucket\": \"bad\", oops},\n  " + kPublic + "\n]\n";
  CommandResult r = Eval({"--format", "json", "-"}, input);
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_NE(r.err.find("standard input: /1 (line 3): not valid JSON"), std::string::npos) << r.err;
  auto j = nlohmann::json::parse(r.out);
  ASSERT_EQ(j.size(), 2u);
  EXPECT_EQ(j[0]["bucket"], "priv");
  EXPECT_EQ(j[1]["bucket"], "pub");
  EXPECT_EQ(j[1]["public"], true);
  // A bad field names the element and the path, as before.
  r = Eval({"-"}, std::string("[") + kPrivate + R"(, {"bucket": "x", "ownership": 7}])");
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_NE(r.err.find("standard input: /1/ownership: "), std::string::npos) << r.err;
}

TEST(EvalCli, UnclosedArrayKeepsWhatWasRead) {
  CommandResult r = Eval({"--format", "jsonl", "-"}, std::string("[") + kPrivate + ",\n" + kPublic);
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_NE(r.err.find("line 2: not valid JSON: the array is not closed"), std::string::npos) << r.err;
  EXPECT_NE(r.out.find("\"priv\""), std::string::npos);
  EXPECT_NE(r.out.find("\"pub\""), std::string::npos);
}

// eval never reaches the network, so it loads neither libcurl nor
// libmicrohttpd nor what they bring (GnuTLS and more): loading them was
// over a third of eval's start-up (docs/benchmarks.md). The dynamic loader
// lists what it opens (LD_DEBUG).
TEST(EvalCli, DoesNotLoadNetworkLibraries) {
  CommandResult r = RunCommand({BucketwatchBinary(), "eval", "-"}, kPublic, {"LD_DEBUG=files"});
  EXPECT_EQ(r.exit_code, 1) << r.err.substr(0, 2000);
  ASSERT_NE(r.err.find("file=libsimdjson"), std::string::npos) << "no list from LD_DEBUG: " << r.err.substr(0, 2000);
  for (const char* library : {"libcurl", "libmicrohttpd", "libgnutls"}) {
    EXPECT_EQ(r.err.find(library), std::string::npos) << library << " loaded:\n" << r.err;
  }
}

}  // namespace
}  // namespace bucketwatch
