#include "aws/crypto.h"

#include <openssl/core_names.h>
#include <openssl/evp.h>
#include <openssl/hmac.h>
#include <openssl/params.h>

namespace bucketwatch::aws {

namespace {

// OpenSSL 3 looks an algorithm up by name on every one-shot call that is
// given EVP_sha256() or goes through HMAC(), which cost more than hashing a
// request's few hundred bytes: fetch once, and keep one keyed HMAC context
// per thread (EVP_MAC_init takes a new key on a context already set up).
// (docs/sources.md, "OpenSSL 3 HMAC").
const EVP_MD* FetchedSha256() {
  static EVP_MD* const md = EVP_MD_fetch(nullptr, "SHA256", nullptr);
  return md;
}

EVP_MAC_CTX* ThreadHmacSha256() {
  struct Context {
    EVP_MAC_CTX* ctx = nullptr;
    Context() {
      static EVP_MAC* const mac = EVP_MAC_fetch(nullptr, "HMAC", nullptr);
      if (mac == nullptr) return;
      ctx = EVP_MAC_CTX_new(mac);
      char digest[] = "SHA256";
      OSSL_PARAM params[] = {OSSL_PARAM_construct_utf8_string("digest", digest, 0), OSSL_PARAM_construct_end()};
      if (ctx != nullptr && EVP_MAC_CTX_set_params(ctx, params) != 1) {
        EVP_MAC_CTX_free(ctx);
        ctx = nullptr;
      }
    }
    ~Context() { EVP_MAC_CTX_free(ctx); }
  };
  thread_local Context context;
  return context.ctx;
}

}  // namespace

Digest Sha256(std::string_view data) {
  Digest out{};
  unsigned int len = 0;
  const EVP_MD* md = FetchedSha256();
  EVP_Digest(data.data(), data.size(), out.data(), &len, md != nullptr ? md : EVP_sha256(), nullptr);
  return out;
}

Digest HmacSha256(std::string_view key, std::string_view data) {
  Digest out{};
  const auto* k = reinterpret_cast<const unsigned char*>(key.data());
  const auto* d = reinterpret_cast<const unsigned char*>(data.data());
  EVP_MAC_CTX* ctx = ThreadHmacSha256();
  size_t len = 0;
  if (ctx != nullptr && EVP_MAC_init(ctx, k, key.size(), nullptr) == 1 && EVP_MAC_update(ctx, d, data.size()) == 1 &&
      EVP_MAC_final(ctx, out.data(), &len, out.size()) == 1) {
    return out;
  }
  // Without the provider's HMAC (never seen): the one-shot call.
  unsigned int one_shot_len = 0;
  HMAC(EVP_sha256(), key.data(), static_cast<int>(key.size()), d, data.size(), out.data(), &one_shot_len);
  return out;
}

std::string Hex(const uint8_t* data, size_t size) {
  static constexpr char kDigits[] = "0123456789abcdef";
  std::string out(size * 2, '0');
  for (size_t i = 0; i < size; ++i) {
    out[2 * i] = kDigits[data[i] >> 4];
    out[2 * i + 1] = kDigits[data[i] & 0xf];
  }
  return out;
}

std::string Base64Encode(std::string_view bytes) {
  std::string out(4 * ((bytes.size() + 2) / 3), '\0');
  int n = EVP_EncodeBlock(reinterpret_cast<unsigned char*>(out.data()),
                          reinterpret_cast<const unsigned char*>(bytes.data()), static_cast<int>(bytes.size()));
  out.resize(static_cast<size_t>(n));
  return out;
}

std::optional<std::string> Base64Decode(std::string_view text) {
  if (text.size() % 4 != 0) return std::nullopt;
  // EVP_DecodeBlock skips leading blanks and accepts some padding it should
  // not: check the alphabet first, so that only canonical text decodes.
  size_t pad = 0;
  for (size_t i = 0; i < text.size(); ++i) {
    char c = text[i];
    bool alpha = (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '+' || c == '/';
    if (c == '=' && i + 2 >= text.size()) {
      ++pad;
    } else if (!alpha || pad > 0) {
      return std::nullopt;
    }
  }
  std::string out(3 * (text.size() / 4), '\0');
  int n = EVP_DecodeBlock(reinterpret_cast<unsigned char*>(out.data()),
                          reinterpret_cast<const unsigned char*>(text.data()), static_cast<int>(text.size()));
  if (n < 0) return std::nullopt;
  // EVP_DecodeBlock counts the padding as zero bytes.
  out.resize(static_cast<size_t>(n) - pad);
  return out;
}

}  // namespace bucketwatch::aws
