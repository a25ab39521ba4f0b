// bucketwatch check end to end: a generated CloudFormation template with N
// buckets, each with a bucket policy (a third public, a third confined by
// aws:SourceVpce, a third cross-account; Fn::Sub and Ref in every one),
// judged by the real binary; or, with "terraform", a plan as `terraform
// show -json` writes it of the same buckets and policies (each with its Block
// Public Access; the links by the configuration's references, as in a plan
// that creates the buckets). Prints the median wall time of the whole
// process over the runs and its peak RSS (docs/benchmarks.md).
//
//   build/release/bench/check_bench [BUCKETS=1000] [RUNS=11] [terraform]
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <string>
#include <vector>

namespace {

std::string Template(int buckets) {
  std::string t =
      "AWSTemplateFormatVersion: '2010-09-09'\nParameters:\n  Env: {Type: String, Default: prod}\nResources:\n";
  for (int i = 0; i < buckets; ++i) {
    std::string n = std::to_string(i);
    t += "  Bucket" + n + ":\n    Type: AWS::S3::Bucket\n    Properties:\n      BucketName: !Sub 'data-${Env}-" + n +
         "'\n      PublicAccessBlockConfiguration: {BlockPublicAcls: true, IgnorePublicAcls: true, BlockPublicPolicy: "
         "false, RestrictPublicBuckets: false}\n";
    t += "  Policy" + n + ":\n    Type: AWS::S3::BucketPolicy\n    Properties:\n      Bucket: !Ref Bucket" + n +
         "\n      PolicyDocument:\n        Version: '2012-10-17'\n        Statement:\n";
    t += "          - Sid: Read\n            Effect: Allow\n            Action: [s3:GetObject, s3:ListBucket]\n"
         "            Resource: [!GetAtt Bucket" +
         n + ".Arn, !Sub '${Bucket" + n + ".Arn}/*']\n";
    switch (i % 3) {
      case 0: t += "            Principal: '*'\n"; break;
      case 1:
        t += "            Principal: '*'\n            Condition: {StringEquals: {'aws:SourceVpce': vpce-1a2b3c4d}}\n";
        break;
      default: t += "            Principal: {AWS: 'arn:aws:iam::444455556666:root'}\n"; break;
    }
    t += "          - Sid: TLS\n            Effect: Deny\n            Principal: '*'\n            Action: 's3:*'\n"
         "            Resource: !Sub '${Bucket" +
         n +
         ".Arn}/*'\n"
         "            Condition: {Bool: {'aws:SecureTransport': false}}\n";
  }
  return t;
}

// One resource change of a plan that creates it, its bucket unknown until apply.
std::string Created(const std::string& type, const std::string& name, const std::string& after) {
  return R"({"address":")" + type + "." + name + R"(","mode":"managed","type":")" + type + R"(","name":")" + name +
         R"(","provider_name":"registry.terraform.io/hashicorp/aws","change":{"actions":["create"],"before":null,"after":)" +
         after + R"(,"after_unknown":{"bucket":true,"id":true}}})";
}

std::string Configured(const std::string& type, const std::string& name, const std::string& bucket) {
  return R"({"address":")" + type + "." + name + R"(","mode":"managed","type":")" + type + R"(","name":")" + name +
         R"(","expressions":{"bucket":{"references":["aws_s3_bucket.)" + bucket + R"(.id","aws_s3_bucket.)" + bucket +
         R"("]}}})";
}

std::string Plan(int buckets) {
  std::string changes, config;
  for (int i = 0; i < buckets; ++i) {
    std::string n = "b" + std::to_string(i), name = "data-prod-" + std::to_string(i);
    std::string principal = i % 3 == 2 ? R"({\"AWS\":\"arn:aws:iam::444455556666:root\"})" : R"(\"*\")";
    std::string condition =
        i % 3 == 1 ? R"(,\"Condition\":{\"StringEquals\":{\"aws:SourceVpce\":\"vpce-1a2b3c4d\"}})" : "";
    std::string policy =
        R"({\"Version\":\"2012-10-17\",\"Statement\":[{\"Sid\":\"Read\",\"Effect\":\"Allow\",\"Principal\":)" +
        principal + R"(,\"Action\":[\"s3:GetObject\",\"s3:ListBucket\"],\"Resource\":[\"arn:aws:s3:::)" + name +
        R"(\",\"arn:aws:s3:::)" + name + R"(/*\"])" + condition + "}]}";
    changes += (i ? "," : "") + std::string(R"({"address":"aws_s3_bucket.)") + n +
               R"(","mode":"managed","type":"aws_s3_bucket","name":")" + n +
               R"(","change":{"actions":["create"],"before":null,"after":{"bucket":")" + name +
               R"(","force_destroy":false},"after_unknown":{"acl":true,"arn":true,"id":true,"policy":true}}})";
    changes += "," + Created("aws_s3_bucket_public_access_block", n,
                             R"({"block_public_acls":true,"ignore_public_acls":true,"block_public_policy":false,)"
                             R"("restrict_public_buckets":false})");
    changes += "," + Created("aws_s3_bucket_policy", n, R"({"policy":")" + policy + R"("})");
    config += (i ? "," : "") + std::string(R"({"address":"aws_s3_bucket.)") + n +
              R"(","mode":"managed","type":"aws_s3_bucket","name":")" + n +
              R"(","expressions":{"bucket":{"constant_value":")" + name + R"("}}},)" +
              Configured("aws_s3_bucket_public_access_block", n, n) + "," + Configured("aws_s3_bucket_policy", n, n);
  }
  return R"({"format_version":"1.2","terraform_version":"1.11.4","resource_changes":[)" + changes +
         R"(],"configuration":{"root_module":{"resources":[)" + config + "]}}}";
}

}  // namespace

int main(int argc, char** argv) {
  int buckets = argc > 1 ? std::atoi(argv[1]) : 1000;
  int runs = argc > 2 ? std::atoi(argv[2]) : 11;
  bool terraform = argc > 3 && std::string(argv[3]) == "terraform";
  std::string path = "/tmp/bw-check-bench-" + std::to_string(::getpid()) + (terraform ? ".json" : ".yaml");
  std::string text = terraform ? Plan(buckets) : Template(buckets);
  std::ofstream(path) << text;
  std::string binary = std::string(BW_BINARY_DIR) + "/bucketwatch";
  std::vector<double> ms;
  int exit_code = -1;
  for (int r = 0; r < runs; ++r) {
    auto start = std::chrono::steady_clock::now();
    pid_t pid = ::fork();
    if (pid == 0) {
      if (!std::freopen("/dev/null", "w", stdout)) _exit(127);
      ::execl(binary.c_str(), binary.c_str(), "check", path.c_str(), "--account-bpa", "off", "--format", "json",
              static_cast<char*>(nullptr));
      _exit(127);
    }
    int status = 0;
    ::waitpid(pid, &status, 0);
    ms.push_back(std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - start).count());
    exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
  }
  struct rusage usage {};
  ::getrusage(RUSAGE_CHILDREN, &usage);
  std::sort(ms.begin(), ms.end());
  std::printf("check_bench: %d buckets + policies, %s %.1f KiB, %d runs, exit %d\n", buckets,
              terraform ? "Terraform plan" : "template", text.size() / 1024.0, runs, exit_code);
  std::printf("  whole process: median %.1f ms, min %.1f ms, max %.1f ms; peak RSS %.1f MiB\n", ms[ms.size() / 2],
              ms.front(), ms.back(), usage.ru_maxrss / 1024.0);
  ::unlink(path.c_str());
  // 1: the generated template has public buckets, as it should.
  return exit_code == 1 ? 0 : 1;
}
