#include "support/fake_s3.h"

#include <nlohmann/json.hpp>

namespace bucketwatch::testing {
namespace {

constexpr const char* kS3Ns = "http://s3.amazonaws.com/doc/2006-03-01/";

std::string Between(const std::string& s, const std::string& from, const std::string& to) {
  size_t a = s.find(from);
  if (a == std::string::npos) return "";
  a += from.size();
  size_t b = s.find(to, a);
  return s.substr(a, b == std::string::npos ? std::string::npos : b - a);
}

// "AWS4-HMAC-SHA256 Credential=AKID/20260102/us-east-1/s3/aws4_request, ..."
void ParseAuthorization(const std::string& auth, std::string& key, std::string& region) {
  std::string cred = Between(auth, "Credential=", ",");
  std::vector<std::string> parts;
  size_t pos = 0;
  while (pos <= cred.size()) {
    size_t slash = cred.find('/', pos);
    if (slash == std::string::npos) slash = cred.size();
    parts.push_back(cred.substr(pos, slash - pos));
    pos = slash + 1;
  }
  if (!parts.empty()) key = parts[0];
  if (parts.size() > 2) region = parts[2];
}

std::string UrlDecode(const std::string& s) {
  std::string out;
  for (size_t i = 0; i < s.size(); ++i) {
    if (s[i] == '%' && i + 2 < s.size()) {
      out += static_cast<char>(std::stoi(s.substr(i + 1, 2), nullptr, 16));
      i += 2;
    } else {
      out += s[i];
    }
  }
  return out;
}

std::string FormValue(const std::string& body, const std::string& name) {
  size_t pos = 0;
  while (pos <= body.size()) {
    size_t amp = body.find('&', pos);
    if (amp == std::string::npos) amp = body.size();
    std::string pair = body.substr(pos, amp - pos);
    size_t eq = pair.find('=');
    if (eq != std::string::npos && pair.substr(0, eq) == name) return UrlDecode(pair.substr(eq + 1));
    pos = amp + 1;
  }
  return "";
}

std::string PabXml(const std::string& flags, const char* ns) {
  const char* names[] = {"BlockPublicAcls", "IgnorePublicAcls", "BlockPublicPolicy", "RestrictPublicBuckets"};
  std::string x = std::string("<PublicAccessBlockConfiguration xmlns=\"") + ns + "\">";
  for (int i = 0; i < 4; ++i) {
    x += std::string("<") + names[i] + ">" + (flags[static_cast<size_t>(i)] == '1' ? "true" : "false") + "</" +
         names[i] + ">";
  }
  return x + "</PublicAccessBlockConfiguration>";
}

std::string AclXml(const std::string& owner, const std::vector<std::string>& grants) {
  std::string x = std::string("<AccessControlPolicy xmlns=\"") + kS3Ns + "\"><Owner><ID>" + owner +
                  "</ID></Owner><AccessControlList>";
  auto grant = [&](const std::string& grantee, const std::string& perm) {
    x += "<Grant><Grantee xmlns:xsi=\"http://www.w3.org/2001/XMLSchema-instance\" " + grantee +
         "</Grantee><Permission>" + perm + "</Permission></Grant>";
  };
  grant("xsi:type=\"CanonicalUser\"><ID>" + owner + "</ID>", "FULL_CONTROL");
  for (const std::string& g : grants) {
    size_t colon = g.rfind(':');
    std::string who = g.substr(0, colon), perm = g.substr(colon + 1);
    if (who == "AllUsers" || who == "AuthenticatedUsers") {
      grant("xsi:type=\"Group\"><URI>http://acs.amazonaws.com/groups/global/" + who + "</URI>", perm);
    } else {
      grant("xsi:type=\"CanonicalUser\"><ID>" + who.substr(3) + "</ID>", perm);
    }
  }
  return x + "</AccessControlList></AccessControlPolicy>";
}

}  // namespace

FakeS3::FakeS3() {
  server_.server().new_task_queue = [] { return new httplib::ThreadPool(48); };
  server_.server().set_keep_alive_max_count(100000);
  server_.server().set_tcp_nodelay(true);  // else each kept-alive answer waits ~40 ms for a delayed ACK
  auto handle = [this](const httplib::Request& req, httplib::Response& res) {
    FakeAnswer a = Handle(req);
    res.status = a.status;
    for (auto& [n, v] : a.headers) res.set_header(n, v);
    if (!a.body.empty()) {
      res.set_content(a.body, a.body[0] == '{' ? "application/json" : "application/xml");
    }
  };
  server_.server().Get(".*", handle);
  server_.server().Post(".*", handle);
  server_.Start();
}

FakeS3::~FakeS3() { server_.Stop(); }

std::vector<std::string> FakeS3::ProcessEnvironment(const std::string& access_key) const {
  return {"AWS_ENDPOINT_URL=" + url(),
          "AWS_ACCESS_KEY_ID=" + access_key,
          "AWS_SECRET_ACCESS_KEY=fake-secret",
          "AWS_SESSION_TOKEN=",
          "AWS_REGION=us-east-1",
          "AWS_PROFILE=",
          "AWS_CONFIG_FILE=/dev/null",
          "AWS_SHARED_CREDENTIALS_FILE=/dev/null",
          "AWS_EC2_METADATA_DISABLED=true",
          "AWS_MAX_ATTEMPTS=2"};
}

FakeAnswer FakeS3::Error(int status, const std::string& code, const std::string& message) {
  return FakeAnswer{status, "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<Error><Code>" + code + "</Code><Message>" +
                                (message.empty() ? code : message) + "</Message><RequestId>FAKE" +
                                std::to_string(status) + "</RequestId></Error>"};
}

void FakeS3::AddAccount(const std::string& account, const std::string& access_key) {
  std::lock_guard lock(mu_);
  key_account_[access_key] = account;
  accounts_[account];
}

void FakeS3::AddBucket(const std::string& account, const std::string& name, FakeBucket bucket) {
  std::lock_guard lock(mu_);
  accounts_[account].buckets[name] = std::move(bucket);
}

void FakeS3::RemoveBucket(const std::string& account, const std::string& name) {
  std::lock_guard lock(mu_);
  accounts_[account].buckets.erase(name);
}

void FakeS3::AddRole(const std::string& role_arn, const std::string& access_key) {
  std::lock_guard lock(mu_);
  roles_[role_arn] = access_key;
}

void FakeS3::DenyRole(const std::string& role_arn) {
  std::lock_guard lock(mu_);
  roles_[role_arn] = "";
}

void FakeS3::SetOrganization(std::vector<std::vector<std::string>> accounts, size_t page_size) {
  std::lock_guard lock(mu_);
  organization_ = std::move(accounts);
  organization_page_ = page_size;
}

void FakeS3::SetAccountPublicAccessBlock(const std::string& account, std::optional<std::string> flags) {
  std::lock_guard lock(mu_);
  accounts_[account].public_access_block = std::move(flags);
}

void FakeS3::SetFault(Fault fault) {
  std::lock_guard lock(mu_);
  fault_ = std::move(fault);
}

int FakeS3::Count(const std::string& operation) const {
  std::lock_guard lock(mu_);
  auto it = counts_.find(operation);
  return it == counts_.end() ? 0 : it->second;
}

int FakeS3::Total() const {
  std::lock_guard lock(mu_);
  int n = 0;
  for (const auto& [op, c] : counts_) n += c;
  return n;
}

std::vector<std::string> FakeS3::RolesAssumed() const {
  std::lock_guard lock(mu_);
  return assumed_;
}

FakeAnswer FakeS3::Handle(const httplib::Request& req) {
  std::string key, region;
  ParseAuthorization(req.get_header_value("Authorization"), key, region);

  FakeCall call;
  call.region = region;
  std::string body_target = req.get_header_value("X-Amz-Target");
  if (req.method == "POST" && body_target == "AWSOrganizationsV20161128.ListAccounts") {
    call.operation = "ListAccounts";
  } else if (req.method == "POST") {
    call.operation = FormValue(req.body, "Action");
  } else if (req.path == "/v20180820/configuration/publicAccessBlock") {
    call.operation = "GetAccountPublicAccessBlock";
  } else if (req.path == "/") {
    call.operation = "ListBuckets";
  } else {
    call.bucket = UrlDecode(req.path.substr(1));
    if (req.method == "HEAD") {
      call.operation = "HeadBucket";
    } else {
      const std::pair<const char*, const char*> ops[] = {{"policyStatus", "GetBucketPolicyStatus"},
                                                         {"policy", "GetBucketPolicy"},
                                                         {"acl", "GetBucketAcl"},
                                                         {"publicAccessBlock", "GetPublicAccessBlock"},
                                                         {"ownershipControls", "GetBucketOwnershipControls"},
                                                         {"location", "GetBucketLocation"}};
      for (const auto& [param, op] : ops) {
        if (req.has_param(param)) {
          call.operation = op;
          break;
        }
      }
      if (call.operation.empty()) call.operation = "ListObjects";
    }
  }

  Fault fault;
  {
    std::lock_guard lock(mu_);
    auto it = key_account_.find(key);
    if (it != key_account_.end()) call.account = it->second;
    ++counts_[call.operation];
    call.nth = ++per_bucket_[call.operation + " " + call.bucket];
    fault = fault_;
  }
  if (fault) {
    if (auto answer = fault(call)) return *answer;
  }

  std::lock_guard lock(mu_);
  if (call.account.empty() && call.operation != "AssumeRoleWithWebIdentity") {
    return Error(403, "InvalidAccessKeyId", "The AWS Access Key Id you provided does not exist in our records.");
  }
  Account& account = accounts_[call.account];
  if (call.operation == "GetCallerIdentity") {
    return FakeAnswer{
        200,
        "<GetCallerIdentityResponse xmlns=\"https://sts.amazonaws.com/doc/2011-06-15/\">"
        "<GetCallerIdentityResult><Arn>arn:aws:iam::" +
            call.account +
            ":user/scanner</Arn>"
            "<UserId>AIDAFAKE</UserId><Account>" +
            call.account +
            "</Account></GetCallerIdentityResult>"
            "<ResponseMetadata><RequestId>fake</RequestId></ResponseMetadata></GetCallerIdentityResponse>"};
  }
  if (call.operation == "AssumeRole") {
    std::string arn = FormValue(req.body, "RoleArn");
    assumed_.push_back(arn);
    auto it = roles_.find(arn);
    if (it == roles_.end() || it->second.empty()) {
      return FakeAnswer{403,
                        "<ErrorResponse xmlns=\"https://sts.amazonaws.com/doc/2011-06-15/\"><Error><Type>Sender</Type>"
                        "<Code>AccessDenied</Code><Message>User: arn:aws:iam::" +
                            call.account + ":user/scanner is not authorized to perform: sts:AssumeRole on resource: " +
                            arn + "</Message></Error><RequestId>fake</RequestId></ErrorResponse>"};
    }
    std::string role_account = key_account_[it->second];
    return FakeAnswer{200,
                      "<AssumeRoleResponse xmlns=\"https://sts.amazonaws.com/doc/2011-06-15/\"><AssumeRoleResult>"
                      "<AssumedRoleUser><AssumedRoleId>AROAFAKE:bucketwatch</AssumedRoleId><Arn>arn:aws:sts::" +
                          role_account +
                          ":assumed-role/scan/bucketwatch</Arn></AssumedRoleUser><Credentials>"
                          "<AccessKeyId>" +
                          it->second +
                          "</AccessKeyId><SecretAccessKey>fake-secret</SecretAccessKey>"
                          "<SessionToken>fake-token</SessionToken><Expiration>2099-01-01T00:00:00Z</Expiration>"
                          "</Credentials></AssumeRoleResult></AssumeRoleResponse>"};
  }
  if (call.operation == "ListAccounts") {
    size_t start = 0;
    std::string token;
    if (req.body.find("NextToken") != std::string::npos) {
      token = nlohmann::json::parse(req.body).value("NextToken", "");
      start = static_cast<size_t>(std::stoul(token.substr(5)));
    }
    nlohmann::json page;
    page["Accounts"] = nlohmann::json::array();
    size_t end = std::min(organization_.size(), start + organization_page_);
    for (size_t i = start; i < end; ++i) {
      const auto& a = organization_[i];
      page["Accounts"].push_back({{"Id", a[0]},
                                  {"Arn", "arn:aws:organizations::999999999999:account/o-fake/" + a[0]},
                                  {"Email", a[0] + "@example.com"},
                                  {"Name", a[1]},
                                  {"Status", a[2]},
                                  {"JoinedMethod", "CREATED"},
                                  {"JoinedTimestamp", 1.7e9}});
    }
    if (end < organization_.size()) page["NextToken"] = "page-" + std::to_string(end);
    return FakeAnswer{200, page.dump(), {{"Content-Type", "application/x-amz-json-1.1"}}};
  }
  if (call.operation == "GetAccountPublicAccessBlock") {
    const char* ns = "http://awss3control.amazonaws.com/doc/2018-08-20/";
    if (!account.public_access_block) {
      return FakeAnswer{404,
                        "<ErrorResponse><Error><Code>NoSuchPublicAccessBlockConfiguration</Code><Message>The public "
                        "access block configuration was not found</Message></Error><RequestId>fake</RequestId>"
                        "</ErrorResponse>"};
    }
    return FakeAnswer{200, PabXml(*account.public_access_block, ns)};
  }
  if (call.operation == "ListBuckets") {
    size_t max = 1000;
    if (req.has_param("max-buckets")) max = std::stoul(req.get_param_value("max-buckets"));
    std::string after = req.has_param("continuation-token") ? req.get_param_value("continuation-token") : "";
    std::string x = std::string("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<ListAllMyBucketsResult xmlns=\"") +
                    kS3Ns + "\"><Owner><ID>owner-" + call.account + "</ID></Owner><Buckets>";
    size_t n = 0;
    std::string last;
    bool more = false;
    for (const auto& [name, b] : account.buckets) {
      if (!after.empty() && name <= after) continue;
      if (n == max) {
        more = true;
        break;
      }
      x += "<Bucket><Name>" + name + "</Name><CreationDate>2024-01-01T00:00:00.000Z</CreationDate><BucketRegion>" +
           b.region + "</BucketRegion></Bucket>";
      last = name;
      ++n;
    }
    x += "</Buckets>";
    if (more) x += "<ContinuationToken>" + last + "</ContinuationToken>";
    return FakeAnswer{200, x + "</ListAllMyBucketsResult>"};
  }
  return Bucket(call.operation, call.account, call.bucket);
}

FakeAnswer FakeS3::Bucket(const std::string& op, const std::string& account, const std::string& name) {
  // The owner's bucket, or another account's (refused), or none.
  const FakeBucket* b = nullptr;
  bool elsewhere = false;
  for (const auto& [id, a] : accounts_) {
    auto it = a.buckets.find(name);
    if (it == a.buckets.end()) continue;
    if (id == account) {
      b = &it->second;
    } else {
      elsewhere = true;
    }
  }
  if (b == nullptr) {
    if (elsewhere) return Error(403, "AccessDenied", "Access Denied");
    return Error(404, "NoSuchBucket", "The specified bucket does not exist");
  }
  if (op == "HeadBucket") return FakeAnswer{200, "", {{"x-amz-bucket-region", b->region}}};
  if (op == "GetBucketLocation") {
    return FakeAnswer{200, std::string("<LocationConstraint xmlns=\"") + kS3Ns + "\">" +
                               (b->region == "us-east-1" ? "" : b->region) + "</LocationConstraint>"};
  }
  if (op == "GetBucketPolicy") {
    if (b->policy.empty()) return Error(404, "NoSuchBucketPolicy", "The bucket policy does not exist");
    return FakeAnswer{200, b->policy};
  }
  if (op == "GetBucketPolicyStatus") {
    if (b->policy.empty() && !b->policy_status)
      return Error(404, "NoSuchBucketPolicy", "The bucket policy does not exist");
    bool is_public = b->policy_status.value_or(b->policy.find("\"*\"") != std::string::npos);
    return FakeAnswer{200, std::string("<PolicyStatus xmlns=\"") + kS3Ns + "\"><IsPublic>" +
                               (is_public ? "true" : "false") + "</IsPublic></PolicyStatus>"};
  }
  if (op == "GetBucketAcl") return FakeAnswer{200, AclXml("owner-" + account, b->acl_grants)};
  if (op == "GetPublicAccessBlock") {
    if (!b->public_access_block) {
      return Error(404, "NoSuchPublicAccessBlockConfiguration", "The public access block configuration was not found");
    }
    return FakeAnswer{200, PabXml(*b->public_access_block, kS3Ns)};
  }
  if (op == "GetBucketOwnershipControls") {
    if (b->ownership.empty()) {
      return Error(404, "OwnershipControlsNotFoundError", "The bucket ownership controls were not found");
    }
    return FakeAnswer{200, std::string("<OwnershipControls xmlns=\"") + kS3Ns + "\"><Rule><ObjectOwnership>" +
                               b->ownership + "</ObjectOwnership></Rule></OwnershipControls>"};
  }
  return Error(400, "InvalidRequest", "not served by the fake: " + op);
}

}  // namespace bucketwatch::testing
