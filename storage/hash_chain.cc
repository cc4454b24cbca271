#include "storage/hash_chain.h"

#include <openssl/evp.h>

#include <initializer_list>
#include <memory>
#include <stdexcept>

namespace oneseal {

namespace {

void put_int(std::string* out, int64_t v) {
  for (int i = 7; i >= 0; --i) out->push_back(char((uint64_t(v) >> (8 * i)) & 0xff));
}

// Length-prefixed, so that no two different rows hash the same bytes.
void put_bytes(std::string* out, std::string_view bytes) {
  put_int(out, int64_t(bytes.size()));
  out->append(bytes);
}

// SHA-256 fetched once and a digest context per thread, reused: looking the algorithm up and
// allocating a context for every event cost as much as hashing a small event.
class Sha256 {
 public:
  static Sha256& for_this_thread() {
    thread_local Sha256 hasher;
    return hasher;
  }

  // The digest of the concatenated parts.
  std::string digest(std::initializer_list<std::string_view> parts) {
    unsigned char out[EVP_MAX_MD_SIZE];
    unsigned int size = 0;
    bool ok = EVP_DigestInit_ex(ctx_.get(), md(), nullptr) == 1;
    for (std::string_view part : parts) ok = ok && EVP_DigestUpdate(ctx_.get(), part.data(), part.size()) == 1;
    if (!ok || EVP_DigestFinal_ex(ctx_.get(), out, &size) != 1) throw std::runtime_error("OpenSSL SHA-256 failed");
    return std::string(reinterpret_cast<const char*>(out), size);
  }

  // Scratch space for the bytes hashed before an event's body, kept between calls.
  std::string& header() { return header_; }

 private:
  Sha256() : ctx_(EVP_MD_CTX_new(), &EVP_MD_CTX_free) {
    if (!ctx_) throw std::runtime_error("OpenSSL: no digest context");
  }
  static const EVP_MD* md() {
    static const std::unique_ptr<EVP_MD, void (*)(EVP_MD*)> fetched(EVP_MD_fetch(nullptr, "SHA256", nullptr),
                                                                   &EVP_MD_free);
    if (!fetched) throw std::runtime_error("OpenSSL: no SHA-256");
    return fetched.get();
  }

  std::unique_ptr<EVP_MD_CTX, void (*)(EVP_MD_CTX*)> ctx_;
  std::string header_;
};

}  // namespace

std::string sha256(std::string_view bytes) { return Sha256::for_this_thread().digest({bytes}); }

std::string chain_hash(std::string_view previous, const EventRow& row) {
  Sha256& hasher = Sha256::for_this_thread();
  std::string& bytes = hasher.header();
  bytes.clear();
  put_bytes(&bytes, previous);
  put_int(&bytes, row.seq);
  put_bytes(&bytes, row.case_id);
  put_int(&bytes, row.case_seq);
  put_bytes(&bytes, row.type);
  put_int(&bytes, row.at);
  put_bytes(&bytes, row.actor);
  put_int(&bytes, int64_t(row.body.size()));
  // The body, the bulk of the row, is hashed where it lies rather than copied after the rest.
  return hasher.digest({bytes, row.body});
}

std::string to_hex(std::string_view bytes) {
  static const char* kDigits = "0123456789abcdef";
  std::string out;
  for (unsigned char c : bytes) {
    out.push_back(kDigits[c >> 4]);
    out.push_back(kDigits[c & 15]);
  }
  return out;
}

}  // namespace oneseal
