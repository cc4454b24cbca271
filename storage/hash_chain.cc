#include "storage/hash_chain.h"

#include <openssl/evp.h>

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

}  // namespace

std::string sha256(std::string_view bytes) {
  unsigned char digest[EVP_MAX_MD_SIZE];
  unsigned int size = 0;
  if (EVP_Digest(bytes.data(), bytes.size(), digest, &size, EVP_sha256(), nullptr) != 1) {
    throw std::runtime_error("OpenSSL SHA-256 failed");
  }
  return std::string(reinterpret_cast<const char*>(digest), size);
}

std::string chain_hash(std::string_view previous, const EventRow& row) {
  std::string bytes;
  bytes.reserve(previous.size() + row.body.size() + row.case_id.size() + row.type.size() + row.actor.size() + 96);
  put_bytes(&bytes, previous);
  put_int(&bytes, row.seq);
  put_bytes(&bytes, row.case_id);
  put_int(&bytes, row.case_seq);
  put_bytes(&bytes, row.type);
  put_int(&bytes, row.at);
  put_bytes(&bytes, row.actor);
  put_bytes(&bytes, row.body);
  return sha256(bytes);
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
