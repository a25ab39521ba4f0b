// Where TLS looks for CA certificates on Debian 12 and on Amazon Linux 2023
// (the provided.al2023 Lambda runtime). Layouts follow the distributions'
// ca-certificates packages as described in docs/deploy.md "CA certificates":
// Debian's hashed /etc/ssl/certs; AL2023's /etc/ssl/certs -> ../pki/tls/certs
// (bundle links only), /etc/pki/tls/certs/ca-bundle.crt ->
// /etc/pki/ca-trust/extracted/pem/tls-ca-bundle.pem, and, in newer
// ca-certificates, /etc/pki/ca-trust/extracted/pem/directory-hash.
#include "net/ca_location.h"

#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>

namespace bucketwatch::net {
namespace {

namespace fs = std::filesystem;

class CaLocationTest : public ::testing::Test {
 protected:
  void SetUp() override {
    root_ = fs::temp_directory_path() / ("bw-ca-" + std::to_string(::getpid()) + "-" +
                                         ::testing::UnitTest::GetInstance()->current_test_info()->name());
    fs::remove_all(root_);
    fs::create_directories(root_);
  }
  void TearDown() override { fs::remove_all(root_); }

  void File(const std::string& rel) {
    fs::create_directories((root_ / rel).parent_path());
    std::ofstream(root_ / rel) << "-----BEGIN CERTIFICATE-----\n";
  }
  void Link(const std::string& target, const std::string& rel) {
    fs::create_directories((root_ / rel).parent_path());
    fs::create_symlink(target, root_ / rel);
  }
  std::string Path(const std::string& abs) const { return root_.string() + abs; }

  // Amazon Linux 2023 without a generated directory-hash.
  void Al2023Base() {
    File("etc/pki/ca-trust/extracted/pem/tls-ca-bundle.pem");
    File("etc/pki/ca-trust/extracted/openssl/ca-bundle.trust.crt");
    // Relative links, so that they resolve inside the test tree.
    Link("../../ca-trust/extracted/pem/tls-ca-bundle.pem", "etc/pki/tls/certs/ca-bundle.crt");
    Link("../../ca-trust/extracted/openssl/ca-bundle.trust.crt", "etc/pki/tls/certs/ca-bundle.trust.crt");
    Link("../pki/tls/certs", "etc/ssl/certs");
  }

  fs::path root_;
};

TEST_F(CaLocationTest, DebianHashedDirectory) {
  File("usr/share/ca-certificates/mozilla/ISRG_Root_X1.crt");
  Link("/usr/share/ca-certificates/mozilla/ISRG_Root_X1.crt", "etc/ssl/certs/ISRG_Root_X1.pem");
  Link("ISRG_Root_X1.pem", "etc/ssl/certs/4042bcee.0");
  File("etc/ssl/certs/ca-certificates.crt");
  CaLocation ca = FindCaLocation(root_.string());
  EXPECT_EQ(ca.dir, Path("/etc/ssl/certs"));
  EXPECT_EQ(ca.file, "");
}

TEST_F(CaLocationTest, Al2023WithoutHashesUsesTheBundleNotTheLinkedDirectory) {
  Al2023Base();
  ASSERT_TRUE(fs::is_directory(root_ / "etc/ssl/certs"));  // exists, but holds no hashes
  CaLocation ca = FindCaLocation(root_.string());
  EXPECT_EQ(ca.dir, "");
  EXPECT_EQ(ca.file, Path("/etc/pki/tls/certs/ca-bundle.crt"));
}

TEST_F(CaLocationTest, Al2023DirectoryHash) {
  Al2023Base();
  File("etc/pki/ca-trust/extracted/pem/directory-hash/ISRG_Root_X1.pem");
  Link("ISRG_Root_X1.pem", "etc/pki/ca-trust/extracted/pem/directory-hash/4042bcee.0");
  CaLocation ca = FindCaLocation(root_.string());
  EXPECT_EQ(ca.dir, Path("/etc/pki/ca-trust/extracted/pem/directory-hash"));
  EXPECT_EQ(ca.file, "");
}

TEST_F(CaLocationTest, CrlLinksAndOtherNamesAreNotCertificates) {
  File("etc/ssl/certs/4042bcee.r0");
  File("etc/ssl/certs/4042bceg.0");
  File("etc/ssl/certs/4042bcee.");
  EXPECT_FALSE(IsHashedCaDirectory(Path("/etc/ssl/certs")));
  File("etc/ssl/certs/4042BCEE.12");
  EXPECT_TRUE(IsHashedCaDirectory(Path("/etc/ssl/certs")));
}

TEST_F(CaLocationTest, NothingFound) {
  CaLocation ca = FindCaLocation(root_.string());
  EXPECT_EQ(ca.dir, "");
  EXPECT_EQ(ca.file, "");
}

}  // namespace
}  // namespace bucketwatch::net
