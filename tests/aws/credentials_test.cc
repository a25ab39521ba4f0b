// The credentials chain and each source (docs/sources.md, "Credentials chain and shared config"; sdkref
// "Standardized credential providers"), with temporary config files and
// loopback stand-ins for STS, the container endpoint and EC2 instance metadata.
#include <gtest/gtest.h>
#include <sys/stat.h>
#include <unistd.h>

#include <atomic>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <mutex>
#include <thread>

#include "aws/aws_context.h"
#include "aws/credential_sources.h"
#include "aws/timestamp.h"
#include "loopback_aws.h"
#include "standins/loopback_server.h"
#include "test_files.h"

namespace bucketwatch::aws {
namespace {

namespace fs = std::filesystem;
using bucketwatch::testing::LoopbackServer;

class TempDir {
 public:
  TempDir() {
    std::string pattern = (fs::temp_directory_path() / "bw-creds-XXXXXX").string();
    path_ = mkdtemp(pattern.data());
  }
  ~TempDir() { fs::remove_all(path_); }
  std::string Write(const std::string& name, const std::string& text, bool executable = false) const {
    std::string p = path_ + "/" + name;
    std::ofstream(p) << text;
    if (executable) chmod(p.c_str(), 0700);
    return p;
  }
  const std::string& path() const { return path_; }

 private:
  std::string path_;
};

// An environment with only the given variables, config files in `dir`,
// and instance metadata off (so no test waits for 169.254.169.254).
MapEnvironment EnvFor(const TempDir& dir, std::map<std::string, std::string, std::less<>> vars = {}) {
  vars.emplace("HOME", dir.path());
  vars.emplace("AWS_CONFIG_FILE", dir.path() + "/config");
  vars.emplace("AWS_SHARED_CREDENTIALS_FILE", dir.path() + "/credentials");
  vars.emplace("AWS_EC2_METADATA_DISABLED", "true");
  return MapEnvironment(std::move(vars));
}

// A fixed "now" before the example credentials' Expiration (2026-11-28T23:00:00Z
// in the STS body, 2026-11-29T04:10:00Z for the container and IMDS).
Hooks QuietHooks() {
  Hooks h;
  h.sleep = [](std::chrono::milliseconds) {};
  h.now = [] { return ParseIso8601("2026-11-28T12:00:00Z").value(); };
  return h;
}

Result<Credentials> Resolve(const Environment& env, ClientOptions options = {}) {
  auto ctx = AwsContext::Create(options, env, QuietHooks());
  if (!ctx.ok()) return ctx.status();
  return (*ctx)->credentials().Fetch();
}

// --- environment ---------------------------------------------------------------

TEST(EnvironmentCredentials, KeysTokenAndExpiration) {
  TempDir dir;
  auto env = EnvFor(dir, {{"AWS_ACCESS_KEY_ID", "AKIAENVIRONMENT00001"},
                          {"AWS_SECRET_ACCESS_KEY", "env-secret"},
                          {"AWS_SESSION_TOKEN", "env-token"},
                          {"AWS_CREDENTIAL_EXPIRATION", "2099-01-01T00:00:00Z"}});
  auto c = Resolve(env);
  ASSERT_TRUE(c.ok()) << c.status().ToString();
  EXPECT_EQ(c->access_key_id, "AKIAENVIRONMENT00001");
  EXPECT_EQ(c->session_token, "env-token");
  EXPECT_EQ(c->source, "environment");
  EXPECT_EQ(FormatIso8601(*c->expiration), "2099-01-01T00:00:00Z");
}

// One of the pair without the other is an error, not a reason to look further
// (docs/sources.md, "Credentials chain and shared config").
TEST(EnvironmentCredentials, HalfAPairIsAnErrorThatNamesTheMissingOne) {
  TempDir dir;
  dir.Write("credentials", "[default]\naws_access_key_id = AKIAFILE000000000001\naws_secret_access_key = s\n");
  auto c = Resolve(EnvFor(dir, {{"AWS_ACCESS_KEY_ID", "AKIAENVIRONMENT00001"}}));
  ASSERT_FALSE(c.ok());
  EXPECT_NE(c.status().message().find("AWS_SECRET_ACCESS_KEY is not"), std::string::npos) << c.status().message();
}

TEST(EnvironmentCredentials, ExpiredCredentialsAreRefused) {
  TempDir dir;
  auto c = Resolve(EnvFor(dir, {{"AWS_ACCESS_KEY_ID", "AKIAENVIRONMENT00001"},
                                {"AWS_SECRET_ACCESS_KEY", "env-secret"},
                                {"AWS_CREDENTIAL_EXPIRATION", "2001-01-01T00:00:00Z"}}));
  ASSERT_FALSE(c.ok());
  EXPECT_NE(c.status().message().find("expired at 2001-01-01T00:00:00Z"), std::string::npos);
}

// --- the chain -------------------------------------------------------------------

TEST(CredentialsChain, NothingFoundListsEverySourceInOrderAndWhy) {
  TempDir dir;
  auto c = Resolve(EnvFor(dir));
  ASSERT_FALSE(c.ok());
  EXPECT_EQ(c.status().code(), StatusCode::kNotFound);
  const std::string& m = c.status().message();
  std::vector<std::string> in_order = {"environment (AWS_ACCESS_KEY_ID is not set)",
                                       "profile default role (no role_arn)",
                                       "web identity (AWS_WEB_IDENTITY_TOKEN_FILE is not set)",
                                       "credential_process (no credential_process)",
                                       "container credentials endpoint",
                                       "EC2 instance metadata (AWS_EC2_METADATA_DISABLED=true)"};
  size_t at = 0;
  for (const std::string& part : in_order) {
    size_t found = m.find(part, at);
    EXPECT_NE(found, std::string::npos) << part << " in " << m;
    if (found != std::string::npos) at = found;
  }
}

TEST(CredentialsChain, EnvironmentBeatsProfileButExplicitProfileSkipsEnvironment) {
  TempDir dir;
  dir.Write("credentials",
            "[default]\naws_access_key_id = AKIAFILEDEFAULT00001\naws_secret_access_key = d\n"
            "[audit]\naws_access_key_id = AKIAFILEAUDIT0000001\naws_secret_access_key = a\n");
  auto env = EnvFor(dir, {{"AWS_ACCESS_KEY_ID", "AKIAENVIRONMENT00001"}, {"AWS_SECRET_ACCESS_KEY", "e"}});
  EXPECT_EQ(Resolve(env)->access_key_id, "AKIAENVIRONMENT00001");
  EXPECT_EQ(Resolve(env, {.profile = "audit"})->access_key_id, "AKIAFILEAUDIT0000001");
  auto unknown = Resolve(env, {.profile = "nope"});
  ASSERT_FALSE(unknown.ok());
  EXPECT_NE(unknown.status().message().find("profile \"nope\" is in neither"), std::string::npos);
}

TEST(CredentialsChain, CredentialsFileBeatsConfigFileAndErrorsNeverShowSecrets) {
  TempDir dir;
  dir.Write("config",
            "[default]\naws_access_key_id = AKIACONFIGFILE000001\naws_secret_access_key = c\n"
            "[profile half]\naws_access_key_id = AKIAHALF000000000001\n");
  dir.Write("credentials", "[default]\naws_access_key_id = AKIACREDFILE00000001\naws_secret_access_key = f\n");
  EXPECT_EQ(Resolve(EnvFor(dir))->access_key_id, "AKIACREDFILE00000001");
  auto half = Resolve(EnvFor(dir, {{"AWS_PROFILE", "half"}}));
  ASSERT_FALSE(half.ok());
  EXPECT_NE(half.status().message().find("aws_access_key_id but no aws_secret_access_key"), std::string::npos);
  EXPECT_EQ(half.status().message().find("AKIAHALF000000000001"), std::string::npos);
}

// --- assume role through a loopback STS -----------------------------------------

struct FakeSts {
  LoopbackServer server;
  std::mutex mu;
  std::vector<std::string> bodies, keys, authorizations;
  FakeSts() {
    server.server().Post("/", [this](const httplib::Request& req, httplib::Response& res) {
      std::lock_guard lock(mu);
      bodies.push_back(req.body);
      keys.push_back(testing::ScopeKey(req));
      authorizations.push_back(req.get_header_value("Authorization"));
      std::string n = std::to_string(bodies.size());
      std::string xml = testing::ReadData("api/sts/AssumeRole.response.xml");
      // A distinct key per call, to tell the hops of a chain apart.
      size_t k = xml.find("ASIAIOSFODNN7EXAMPLE");
      xml.replace(k, 20, "ASIAROLEHOP00000000" + n);
      if (req.body.find("AssumeRoleWithWebIdentity") != std::string::npos) {
        size_t a = xml.find("<AssumeRoleResponse");
        xml.replace(a, 19, "<AssumeRoleWithWebIdentityResponse");
        size_t b = xml.find("</AssumeRoleResponse>");
        xml.replace(b, 21, "</AssumeRoleWithWebIdentityResponse>");
        size_t c = xml.find("<AssumeRoleResult>");
        xml.replace(c, 18, "<AssumeRoleWithWebIdentityResult>");
        size_t d = xml.find("</AssumeRoleResult>");
        xml.replace(d, 19, "</AssumeRoleWithWebIdentityResult>");
      }
      res.set_content(xml, "text/xml");
    });
    server.Start();
  }
};

TEST(AssumeRoleProfile, SourceProfileKeysSignTheAssumeRoleCall) {
  FakeSts sts;
  TempDir dir;
  dir.Write("config",
            "[profile audit-base]\naws_access_key_id = AKIASOURCE0000000001\naws_secret_access_key = s\n"
            "[profile audit]\nrole_arn = arn:aws:iam::210987654321:role/bucketwatch-audit\n"
            "source_profile = audit-base\nrole_session_name = bucketwatch\nexternal_id = 7f3c\n"
            "duration_seconds = 3600\nregion = us-east-1\n");
  auto env = EnvFor(dir, {{"AWS_PROFILE", "audit"}, {"AWS_ENDPOINT_URL_STS", sts.server.url()}});
  auto c = Resolve(env);
  ASSERT_TRUE(c.ok()) << c.status().ToString();
  EXPECT_EQ(c->access_key_id, "ASIAROLEHOP000000001");
  EXPECT_EQ(c->account_id, "123456789012");
  EXPECT_NE(c->source.find("role arn:aws:iam::210987654321:role/bucketwatch-audit"), std::string::npos);
  ASSERT_EQ(sts.bodies.size(), 1u);
  EXPECT_EQ(sts.keys[0], "AKIASOURCE0000000001");
  EXPECT_EQ(sts.bodies[0],
            "Action=AssumeRole&Version=2011-06-15&RoleArn=arn%3Aaws%3Aiam%3A%3A210987654321%3Arole%2Fbucketwatch-audit"
            "&RoleSessionName=bucketwatch&DurationSeconds=3600&ExternalId=7f3c");
}

TEST(AssumeRoleProfile, ChainsOfRolesAndCredentialSourceEnvironment) {
  FakeSts sts;
  TempDir dir;
  dir.Write("config",
            "[profile a]\nrole_arn = arn:aws:iam::111111111111:role/a\nsource_profile = b\n"
            "[profile b]\nrole_arn = arn:aws:iam::222222222222:role/b\ncredential_source = Environment\n");
  auto env = EnvFor(dir, {{"AWS_ENDPOINT_URL_STS", sts.server.url()},
                          {"AWS_ACCESS_KEY_ID", "AKIAENVIRONMENT00001"},
                          {"AWS_SECRET_ACCESS_KEY", "e"}});
  auto c = Resolve(env, {.profile = "a"});
  ASSERT_TRUE(c.ok()) << c.status().ToString();
  ASSERT_EQ(sts.bodies.size(), 2u);
  EXPECT_EQ(sts.keys[0], "AKIAENVIRONMENT00001");  // b assumed with the environment's keys
  EXPECT_NE(sts.bodies[0].find("role%2Fb"), std::string::npos);
  EXPECT_EQ(sts.keys[1], "ASIAROLEHOP000000001");  // a assumed with b's role credentials
  EXPECT_EQ(c->access_key_id, "ASIAROLEHOP000000002");
}

TEST(AssumeRoleProfile, CyclesMissingSourcesAndMfaAreClearErrors) {
  TempDir dir;
  dir.Write("config",
            "[profile x]\nrole_arn = arn:aws:iam::111111111111:role/x\nsource_profile = y\n"
            "[profile y]\nrole_arn = arn:aws:iam::111111111111:role/y\nsource_profile = x\n"
            "[profile lonely]\nrole_arn = arn:aws:iam::111111111111:role/l\n"
            "[profile ghost]\nrole_arn = arn:aws:iam::111111111111:role/g\nsource_profile = nobody\n"
            "[profile mfa-base]\naws_access_key_id = AKIAMFABASE000000001\naws_secret_access_key = m\n"
            "[profile mfa]\nrole_arn = arn:aws:iam::111111111111:role/m\nsource_profile = mfa-base\n"
            "mfa_serial = arn:aws:iam::111111111111:mfa/me\n");
  auto cycle = Resolve(EnvFor(dir, {{"AWS_PROFILE", "x"}}));
  ASSERT_FALSE(cycle.ok());
  EXPECT_NE(cycle.status().message().find("source_profile loop: x -> y -> x"), std::string::npos)
      << cycle.status().message();
  auto lonely = Resolve(EnvFor(dir, {{"AWS_PROFILE", "lonely"}}));
  EXPECT_NE(lonely.status().message().find("neither source_profile nor credential_source"), std::string::npos);
  auto ghost = Resolve(EnvFor(dir, {{"AWS_PROFILE", "ghost"}}));
  EXPECT_NE(ghost.status().message().find("source_profile \"nobody\" does not exist"), std::string::npos);
  auto mfa = Resolve(EnvFor(dir, {{"AWS_PROFILE", "mfa"}}));
  EXPECT_NE(mfa.status().message().find("needs an MFA code"), std::string::npos);
}

// --- web identity -------------------------------------------------------------------

TEST(WebIdentity, UnsignedCallWithTheTokenFileReadEachTime) {
  FakeSts sts;
  TempDir dir;
  std::string token = dir.Write("token", "eyJhbGciOiJSUzI1NiJ9.first.sig\n");
  auto env = EnvFor(dir, {{"AWS_ENDPOINT_URL_STS", sts.server.url()},
                          {"AWS_ROLE_ARN", "arn:aws:iam::123456789012:role/bucketwatch"},
                          {"AWS_WEB_IDENTITY_TOKEN_FILE", token},
                          {"AWS_ROLE_SESSION_NAME", "bucketwatch"}});
  auto c = Resolve(env);
  ASSERT_TRUE(c.ok()) << c.status().ToString();
  EXPECT_NE(c->source.find("web identity"), std::string::npos);
  ASSERT_EQ(sts.bodies.size(), 1u);
  EXPECT_EQ(sts.authorizations[0], "");  // AssumeRoleWithWebIdentity is unsigned
  EXPECT_EQ(sts.bodies[0],
            "Action=AssumeRoleWithWebIdentity&Version=2011-06-15&RoleArn=arn%3Aaws%3Aiam%3A%3A123456789012%3Arole%2F"
            "bucketwatch&RoleSessionName=bucketwatch&WebIdentityToken=eyJhbGciOiJSUzI1NiJ9.first.sig");
  // A new context reads the rotated token.
  dir.Write("token", "eyJhbGciOiJSUzI1NiJ9.second.sig");
  ASSERT_TRUE(Resolve(env).ok());
  EXPECT_NE(sts.bodies[1].find("second.sig"), std::string::npos);
}

// --- credential_process ----------------------------------------------------------------

TEST(CredentialProcess, ReadsVersion1JsonAndRejectsFailures) {
  TempDir dir;
  std::string good = dir.Write("good.sh",
                               "#!/bin/sh\necho '{\"Version\": 1, \"AccessKeyId\": \"AKIAPROCESS000000001\", "
                               "\"SecretAccessKey\": \"p\", \"SessionToken\": \"t\", "
                               "\"Expiration\": \"2099-01-01T00:00:00Z\"}'\n",
                               true);
  std::string failing = dir.Write("fail.sh", "#!/bin/sh\necho 'sso session expired' >&2\nexit 3\n", true);
  std::string noversion =
      dir.Write("nov.sh", "#!/bin/sh\necho '{\"AccessKeyId\": \"A\", \"SecretAccessKey\": \"s\"}'\n", true);
  std::string garbage = dir.Write("garbage.sh", "#!/bin/sh\necho 'not json'\n", true);
  dir.Write("config", "[profile ok]\ncredential_process = \"" + good +
                          "\" --flag 'two words'\n"
                          "[profile fail]\ncredential_process = " +
                          failing +
                          "\n"
                          "[profile nov]\ncredential_process = " +
                          noversion +
                          "\n"
                          "[profile garbage]\ncredential_process = " +
                          garbage + "\n");
  auto c = Resolve(EnvFor(dir, {{"AWS_PROFILE", "ok"}}));
  ASSERT_TRUE(c.ok()) << c.status().ToString();
  EXPECT_EQ(c->access_key_id, "AKIAPROCESS000000001");
  EXPECT_EQ(c->session_token, "t");
  EXPECT_EQ(FormatIso8601(*c->expiration), "2099-01-01T00:00:00Z");
  auto f = Resolve(EnvFor(dir, {{"AWS_PROFILE", "fail"}}));
  ASSERT_FALSE(f.ok());
  EXPECT_NE(f.status().message().find("exited with status 3"), std::string::npos) << f.status().message();
  EXPECT_NE(Resolve(EnvFor(dir, {{"AWS_PROFILE", "nov"}})).status().message().find("\"Version\": 1"),
            std::string::npos);
  EXPECT_NE(Resolve(EnvFor(dir, {{"AWS_PROFILE", "garbage"}})).status().message().find("did not print JSON"),
            std::string::npos);
}

TEST(CredentialProcess, CommandLinesSplitLikeAShell) {
  auto args = SplitCommandLine(R"(/usr/bin/tool --name "a b" 'c d' e\ f "q\"x")");
  ASSERT_TRUE(args.ok());
  EXPECT_EQ(*args, (std::vector<std::string>{"/usr/bin/tool", "--name", "a b", "c d", "e f", "q\"x"}));
  EXPECT_FALSE(SplitCommandLine("tool 'open").ok());
}

// --- container endpoint ------------------------------------------------------------------

TEST(ContainerCredentials, FullUriWithTokenFileAndRelativeUri) {
  LoopbackServer endpoint;
  std::mutex mu;
  std::vector<std::string> auth, paths;
  endpoint.server().Get(".*", [&](const httplib::Request& req, httplib::Response& res) {
    std::lock_guard lock(mu);
    auth.push_back(req.get_header_value("Authorization"));
    paths.push_back(req.path);
    std::string exchange = testing::ReadData("api/credentials/container-credentials.http");
    res.set_content(exchange.substr(exchange.rfind('{')), "application/json");
  });
  endpoint.Start();
  TempDir dir;
  std::string token = dir.Write("token", "eyJhbGciOiJIUzI1NiJ9.EXAMPLE\n");
  auto env = EnvFor(dir, {{"AWS_CONTAINER_CREDENTIALS_FULL_URI", endpoint.url() + "/v1/credentials"},
                          {"AWS_CONTAINER_AUTHORIZATION_TOKEN_FILE", token}});
  auto c = Resolve(env);
  ASSERT_TRUE(c.ok()) << c.status().ToString();
  EXPECT_EQ(c->access_key_id, "ASIAIOSFODNN7EXAMPLE");
  EXPECT_EQ(c->session_token, "IQoJb3JpZ2luX2VjEXAMPLETOKEN");
  EXPECT_EQ(c->account_id, "123456789012");
  EXPECT_EQ(auth.at(0), "eyJhbGciOiJIUzI1NiJ9.EXAMPLE");
  EXPECT_EQ(paths.at(0), "/v1/credentials");

  auto relative_env = EnvFor(dir, {{"AWS_CONTAINER_CREDENTIALS_RELATIVE_URI", "/v2/credentials/abc"}});
  auto relative = ContainerSource(relative_env, QuietHooks(), endpoint.url());
  ASSERT_TRUE(relative->Fetch().ok());
  EXPECT_EQ(paths.at(1), "/v2/credentials/abc");
}

TEST(ContainerCredentials, PlainHttpOnlyToLinkLocalOrLoopbackAndNoLineBreaksInTokens) {
  TempDir dir;
  auto far = Resolve(EnvFor(dir, {{"AWS_CONTAINER_CREDENTIALS_FULL_URI", "http://example.com/creds"}}));
  ASSERT_FALSE(far.ok());
  EXPECT_NE(far.status().message().find("plain http is allowed only to loopback"), std::string::npos);
  auto crlf = Resolve(EnvFor(dir, {{"AWS_CONTAINER_CREDENTIALS_FULL_URI", "http://127.0.0.1:9/creds"},
                                   {"AWS_CONTAINER_AUTHORIZATION_TOKEN", "abc\r\nX-Evil: 1"}}));
  ASSERT_FALSE(crlf.ok());
  EXPECT_NE(crlf.status().message().find("line break"), std::string::npos);
}

// --- EC2 instance metadata -------------------------------------------------------------------

struct FakeImds {
  LoopbackServer server;
  std::mutex mu;
  bool v2 = true;
  int token_puts = 0;
  std::vector<std::string> tokens_seen;
  FakeImds() {
    server.server().Put("/latest/api/token", [this](const httplib::Request& req, httplib::Response& res) {
      std::lock_guard lock(mu);
      ++token_puts;
      if (!v2) {
        res.status = 404;
        return;
      }
      EXPECT_EQ(req.get_header_value("x-aws-ec2-metadata-token-ttl-seconds"), "21600");
      res.set_content("AQAEAFUsYXDzSbdPS9yfg-EXAMPLE-TOKEN==", "text/plain");
    });
    server.server().Get(R"(/latest/meta-data/iam/security-credentials/(.*))",
                        [this](const httplib::Request& req, httplib::Response& res) {
                          std::lock_guard lock(mu);
                          tokens_seen.push_back(req.get_header_value("x-aws-ec2-metadata-token"));
                          if (req.matches[1] == "") {
                            res.set_content("bucketwatch-instance-role\n", "text/plain");
                            return;
                          }
                          std::string exchange = testing::ReadData("api/credentials/imds-v2-exchange.http");
                          res.set_content(exchange.substr(exchange.rfind('{')), "text/plain");
                        });
    server.Start();
  }
};

TEST(InstanceMetadata, V2TokenThenRoleThenCredentials) {
  FakeImds imds;
  TempDir dir;
  auto env = EnvFor(dir, {{"AWS_EC2_METADATA_SERVICE_ENDPOINT", imds.server.url()}});
  env.Set("AWS_EC2_METADATA_DISABLED", "");
  auto c = Resolve(env);
  ASSERT_TRUE(c.ok()) << c.status().ToString();
  EXPECT_EQ(c->access_key_id, "ASIAIOSFODNN7EXAMPLE");
  EXPECT_EQ(FormatIso8601(*c->expiration), "2026-11-29T04:10:00Z");
  EXPECT_NE(c->source.find("bucketwatch-instance-role"), std::string::npos);
  EXPECT_EQ(imds.token_puts, 1);
  EXPECT_EQ(imds.tokens_seen, (std::vector<std::string>{"AQAEAFUsYXDzSbdPS9yfg-EXAMPLE-TOKEN==",
                                                        "AQAEAFUsYXDzSbdPS9yfg-EXAMPLE-TOKEN=="}));
}

TEST(InstanceMetadata, V1FallbackUnlessDisabled) {
  FakeImds imds;
  imds.v2 = false;
  TempDir dir;
  auto env = EnvFor(dir, {{"AWS_EC2_METADATA_SERVICE_ENDPOINT", imds.server.url()}});
  env.Set("AWS_EC2_METADATA_DISABLED", "");
  auto c = Resolve(env);
  ASSERT_TRUE(c.ok()) << c.status().ToString();
  EXPECT_EQ(imds.tokens_seen.at(0), "");
  env.Set("AWS_EC2_METADATA_V1_DISABLED", "true");
  auto strict = Resolve(env);
  ASSERT_FALSE(strict.ok());
  EXPECT_NE(strict.status().message().find("AWS_EC2_METADATA_V1_DISABLED"), std::string::npos);
}

TEST(InstanceMetadata, NoServiceMeansNotConfigured) {
  int port;
  {
    LoopbackServer closed;  // take a free port, then release it: nothing listens there
    closed.Start();
    port = closed.port();
  }
  TempDir dir;
  auto env = EnvFor(dir, {{"AWS_EC2_METADATA_SERVICE_ENDPOINT", "http://127.0.0.1:" + std::to_string(port)}});
  env.Set("AWS_EC2_METADATA_DISABLED", "");
  auto c = Resolve(env);
  ASSERT_FALSE(c.ok());
  EXPECT_EQ(c.status().code(), StatusCode::kNotFound);
  EXPECT_NE(c.status().message().find("no instance metadata service answered"), std::string::npos);
}

// --- caching and refresh --------------------------------------------------------------------

class CountingSource : public CredentialsProvider {
 public:
  explicit CountingSource(std::function<Clock::time_point()> now) : now_(std::move(now)) {}
  Result<Credentials> Fetch() override {
    ++calls;
    if (fail) return Status(StatusCode::kUnavailable, "STS is down");
    return Credentials{.access_key_id = "ASIACOUNT" + std::to_string(calls.load()),
                       .secret_access_key = "s",
                       .session_token = "t",
                       .expiration = now_() + lifetime,
                       .source = "counting"};
  }
  std::string Name() const override { return "counting"; }
  std::atomic<int> calls{0};
  bool fail = false;
  std::chrono::minutes lifetime{60};

 private:
  std::function<Clock::time_point()> now_;
};

TEST(CachedCredentials, RefreshesBeforeExpiryAndKeepsOldOnesWhenRefreshFailsEarly) {
  auto now = std::make_shared<Clock::time_point>(ParseIso8601("2026-01-01T00:00:00Z").value());
  auto clock = [now] { return *now; };
  auto source = std::make_unique<CountingSource>(clock);
  CountingSource* raw = source.get();
  CachedCredentials cache(std::move(source), clock);
  EXPECT_EQ(cache.Fetch()->access_key_id, "ASIACOUNT1");
  *now += std::chrono::minutes(44);  // 16 minutes left: still cached
  EXPECT_EQ(cache.Fetch()->access_key_id, "ASIACOUNT1");
  EXPECT_EQ(raw->calls, 1);
  *now += std::chrono::minutes(2);  // 14 minutes left: advisory refresh
  EXPECT_EQ(cache.Fetch()->access_key_id, "ASIACOUNT2");
  *now += std::chrono::minutes(47);  // 13 left, and STS fails: keep the old ones
  raw->fail = true;
  EXPECT_EQ(cache.Fetch()->access_key_id, "ASIACOUNT2");
  *now += std::chrono::seconds(12 * 60 + 30);  // 30 s left: an error, not credentials about to lapse
  auto late = cache.Fetch();
  ASSERT_FALSE(late.ok());
  EXPECT_NE(late.status().message().find("STS is down"), std::string::npos);
  raw->fail = false;
  cache.Invalidate();
  EXPECT_TRUE(cache.Fetch().ok());
}

TEST(CachedCredentials, ManyThreadsShareOneFetch) {
  auto source = std::make_unique<CountingSource>(Clock::now);
  CountingSource* raw = source.get();
  CachedCredentials cache(std::move(source));
  std::vector<std::thread> threads;
  std::atomic<int> ok{0};
  for (int i = 0; i < 16; ++i) {
    threads.emplace_back([&] {
      for (int j = 0; j < 100; ++j) ok += cache.Fetch().ok();
    });
  }
  for (auto& t : threads) t.join();
  EXPECT_EQ(ok, 1600);
  EXPECT_EQ(raw->calls, 1);
}

}  // namespace
}  // namespace bucketwatch::aws
