// The hashing SigV4 needs and base64, over OpenSSL's libcrypto (EVP_Digest
// with a fetched SHA-256, EVP_MAC's HMAC; HMAC_CTX is deprecated in 3.0:
// docs/sources.md, "OpenSSL 3 HMAC").
#ifndef BUCKETWATCH_AWS_CRYPTO_H_
#define BUCKETWATCH_AWS_CRYPTO_H_

#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace bucketwatch::aws {

using Digest = std::array<uint8_t, 32>;

Digest Sha256(std::string_view data);
Digest HmacSha256(std::string_view key, std::string_view data);
inline Digest HmacSha256(const Digest& key, std::string_view data) {
  return HmacSha256(std::string_view(reinterpret_cast<const char*>(key.data()), key.size()), data);
}

// Lower-case hex, as SigV4 writes hashes and signatures.
std::string Hex(const uint8_t* data, size_t size);
inline std::string Hex(const Digest& d) { return Hex(d.data(), d.size()); }
inline std::string Sha256Hex(std::string_view data) { return Hex(Sha256(data)); }

// RFC 4648 base64 with padding, as AWS's JSON protocols carry binary values
// (a DynamoDB B attribute). Decode fails on anything that is not exactly that.
std::string Base64Encode(std::string_view bytes);
std::optional<std::string> Base64Decode(std::string_view text);

// The hash of the empty string, the payload hash of every bodyless request.
inline constexpr std::string_view kEmptySha256 = "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855";

}  // namespace bucketwatch::aws

#endif  // BUCKETWATCH_AWS_CRYPTO_H_
