// A programmable stand-in for S3, S3 Control, STS and AWS Organizations on
// 127.0.0.1, for the scan tests: accounts (each known by its access key),
// their buckets with policy, ACL, Block Public Access and Object Ownership,
// roles that STS AssumeRole hands out keys for, an organization's account
// list, and a fault hook that may answer any request instead. Answers have
// AWS's wire shapes (docs/sources.md, "S3 bucket calls"; tests/data/api). Signatures are
// not checked (the aws tests do that); the access key picks the account.
//
// Requests are path-style, as bucketwatch sends them to an endpoint override.
#ifndef BUCKETWATCH_TESTS_SUPPORT_FAKE_S3_H_
#define BUCKETWATCH_TESTS_SUPPORT_FAKE_S3_H_

#include <functional>
#include <map>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

#include "standins/loopback_server.h"

namespace bucketwatch::testing {

struct FakeBucket {
  std::string region = "us-east-1";
  std::string policy;                              // the policy JSON; empty: none
  std::vector<std::string> acl_grants;             // "AllUsers:READ", "AuthenticatedUsers:READ", "id=CANONICAL:READ"
  std::optional<std::string> public_access_block;  // "1111": the four flags in order; nullopt: none
  std::string ownership = "BucketOwnerEnforced";   // empty: not configured
  std::optional<bool> policy_status;               // GetBucketPolicyStatus' IsPublic; nullopt: from policy != ""
};

// What the fault hook sees of a request.
struct FakeCall {
  std::string operation;  // "ListBuckets", "GetBucketPolicy", ..., "AssumeRole", "ListAccounts"
  std::string bucket;     // bucket operations
  std::string account;    // the account of the caller's access key ("" when unknown)
  std::string region;     // from the SigV4 credential scope
  int nth = 0;            // how many times this operation on this bucket was asked, this one included
};

struct FakeAnswer {
  int status = 200;
  std::string body;
  std::map<std::string, std::string> headers;
};

class FakeS3 {
 public:
  FakeS3();
  ~FakeS3();

  std::string url() const { return server_.url(); }
  // The environment of a bucketwatch process for which this stand-in is all
  // of AWS, acting with `access_key`: no shared files, no instance metadata,
  // two attempts per call.
  std::vector<std::string> ProcessEnvironment(const std::string& access_key) const;

  // An account and the access key that acts for it.
  void AddAccount(const std::string& account, const std::string& access_key);
  void AddBucket(const std::string& account, const std::string& name, FakeBucket bucket);
  void RemoveBucket(const std::string& account, const std::string& name);
  // STS AssumeRole of `role_arn` hands out `access_key` (an account's key);
  // DenyRole makes it answer 403 AccessDenied.
  void AddRole(const std::string& role_arn, const std::string& access_key);
  void DenyRole(const std::string& role_arn);
  // Organizations ListAccounts: (id, name, state) listed `page_size` a page.
  void SetOrganization(std::vector<std::vector<std::string>> accounts, size_t page_size);
  void SetAccountPublicAccessBlock(const std::string& account, std::optional<std::string> flags);

  // Called for every request before the model answers; returning an answer replaces the model's.
  using Fault = std::function<std::optional<FakeAnswer>(const FakeCall&)>;
  void SetFault(Fault fault);

  int Count(const std::string& operation) const;
  int Total() const;
  std::vector<std::string> RolesAssumed() const;

  static FakeAnswer Error(int status, const std::string& code, const std::string& message = "");

 private:
  FakeAnswer Handle(const httplib::Request& req);
  FakeAnswer Bucket(const std::string& op, const std::string& account, const std::string& name);

  struct Account {
    std::map<std::string, FakeBucket> buckets;
    std::optional<std::string> public_access_block = std::string("0000");
  };

  LoopbackServer server_;
  mutable std::mutex mu_;
  std::map<std::string, std::string> key_account_;
  std::map<std::string, Account> accounts_;
  std::map<std::string, std::string> roles_;  // arn -> access key; "" denied
  std::vector<std::vector<std::string>> organization_;
  size_t organization_page_ = 20;
  Fault fault_;
  std::map<std::string, int> counts_;      // by operation
  std::map<std::string, int> per_bucket_;  // "op bucket"
  std::vector<std::string> assumed_;
};

}  // namespace bucketwatch::testing

#endif  // BUCKETWATCH_TESTS_SUPPORT_FAKE_S3_H_
