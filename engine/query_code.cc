// Query codes: drawing them without bias, keyed hashing and constant-time checking, and the
// server key kept in a private file.
#include "engine/query_code.h"

#include <fcntl.h>
#include <openssl/crypto.h>
#include <openssl/evp.h>
#include <openssl/core_names.h>
#include <openssl/params.h>
#include <openssl/rand.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <cctype>
#include <cerrno>
#include <cstdint>
#include <cstdio>
#include <cstring>
#include <stdexcept>

namespace oneseal {

namespace {

constexpr size_t kCodeDigits = 6;
constexpr uint32_t kCodeCount = 1000000;  // 10^kCodeDigits
constexpr size_t kSaltBytes = 16;
constexpr size_t kMacBytes = 32;  // SHA-256
constexpr size_t kKeyBytes = 32;
constexpr size_t kKeyHexChars = 2 * kKeyBytes;

void fill_random(void* out, size_t n) {
  if (RAND_bytes(static_cast<unsigned char*>(out), int(n)) != 1)
    throw std::runtime_error("OpenSSL's random generator failed");
}

// Uniform over [0, kCodeCount): a 32-bit draw at or above the largest multiple of kCodeCount
// is drawn again, so that the remainder favours no code (no modulo bias).
uint32_t random_code_number() {
  constexpr uint32_t kUnbiasedLimit = UINT32_MAX - UINT32_MAX % kCodeCount;
  uint32_t v = 0;
  do {
    fill_random(&v, sizeof v);
  } while (v >= kUnbiasedLimit);
  return v % kCodeCount;
}

bool is_code(std::string_view code) {
  return code.size() == kCodeDigits &&
         std::all_of(code.begin(), code.end(), [](char c) { return c >= '0' && c <= '9'; });
}

// Closes a file descriptor on every path out of a function.
class Fd {
 public:
  explicit Fd(int fd) : fd_(fd) {}
  ~Fd() {
    if (fd_ >= 0) ::close(fd_);
  }
  Fd(const Fd&) = delete;
  Fd& operator=(const Fd&) = delete;
  int get() const { return fd_; }

 private:
  int fd_;
};

// Call right after the failing system call: it reads errno.
Status io_error(const std::string& what, const std::string& file) {
  return Status::unavailable(what + " " + file + ": " + std::strerror(errno));
}

// The key in `file`; NOT_FOUND when there is no such file.
Result<std::string> read_key(const std::filesystem::path& file) {
  Fd fd(::open(file.c_str(), O_RDONLY | O_CLOEXEC));
  if (fd.get() < 0) {
    if (errno == ENOENT) return Status::not_found(file.string() + ": no query code key");
    return io_error("cannot read", file.string());
  }
  std::string text;
  char buf[128];
  // A key file is 65 bytes at most; reading stops once the text is too long to be one.
  while (text.size() <= kKeyHexChars + 1) {
    const ssize_t n = ::read(fd.get(), buf, sizeof buf);
    if (n < 0 && errno == EINTR) continue;
    if (n < 0) return io_error("cannot read", file.string());
    if (n == 0) break;
    text.append(buf, size_t(n));
  }
  if (!text.empty() && text.back() == '\n') text.pop_back();
  const bool hex = text.size() == kKeyHexChars && std::all_of(text.begin(), text.end(), [](char c) {
                     return std::isxdigit(static_cast<unsigned char>(c));
                   });
  if (!hex) {
    return Status::failed_precondition(
        file.string() + ": not a query code key (expected 64 hexadecimal characters)");
  }
  std::string key(kKeyBytes, '\0');
  size_t length = 0;
  if (OPENSSL_hexstr2buf_ex(reinterpret_cast<unsigned char*>(key.data()), key.size(), &length,
                            text.c_str(), '\0') != 1 ||
      length != kKeyBytes) {
    return Status::internal(file.string() + ": OpenSSL could not decode the key");
  }
  return key;
}

bool write_all(int fd, std::string_view bytes) {
  while (!bytes.empty()) {
    const ssize_t n = ::write(fd, bytes.data(), bytes.size());
    if (n < 0 && errno == EINTR) continue;
    if (n < 0) return false;
    bytes.remove_prefix(size_t(n));
  }
  return true;
}

// Makes a new name in `dir` durable: codes issued under a key that a crash then lost could
// never be checked again.
Status sync_directory(const std::filesystem::path& dir) {
  const std::string name = dir.empty() ? "." : dir.string();
  Fd fd(::open(name.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC));
  if (fd.get() < 0 || ::fsync(fd.get()) != 0) return io_error("cannot sync", name);
  return Status();
}

// Writes a new key to a private temporary file (mkostemp: O_CREAT | O_EXCL, mode 0600) and
// links it into place. link() never replaces an existing file, and the key appears whole or
// not at all, so a process starting at the same moment never reads half a key.
// ALREADY_EXISTS when another process published its key first.
Status create_key(const std::filesystem::path& file) {
  unsigned char key[kKeyBytes];
  fill_random(key, sizeof key);
  char hex[kKeyHexChars + 1];
  if (OPENSSL_buf2hexstr_ex(hex, sizeof hex, nullptr, key, sizeof key, '\0') != 1)
    return Status::internal("OpenSSL could not encode a new query code key");
  OPENSSL_cleanse(key, sizeof key);

  std::string temp = file.string() + ".XXXXXX";
  Fd fd(::mkostemp(temp.data(), O_CLOEXEC));
  if (fd.get() < 0) return io_error("cannot create", temp);
  Status status;
  if (!write_all(fd.get(), std::string(hex) + "\n") || ::fsync(fd.get()) != 0) {
    status = io_error("cannot write", temp);
  } else if (::link(temp.c_str(), file.c_str()) != 0) {
    status = errno == EEXIST ? Status::already_exists(file.string() + " already exists")
                             : io_error("cannot create", file.string());
  } else {
    status = sync_directory(file.parent_path());
  }
  OPENSSL_cleanse(hex, sizeof hex);
  ::unlink(temp.c_str());
  return status;
}

}  // namespace

namespace {

// Each QueryCodes' number, so that a thread's HMAC context knows whose key it holds: an address
// could be reused by another QueryCodes with another key.
std::atomic<uint64_t> next_owner{1};

// A thread's HMAC-SHA256 context, keyed once for the QueryCodes that last used it on this
// thread. OpenSSL's one-shot HMAC() fetches the algorithm, allocates a context and hashes the
// key for every call (about 2 us here); reinitialising a keyed context only restores the
// hashed key (about 0.3 us). Contexts are not thread-safe, hence one per thread.
struct ThreadMac {
  uint64_t owner = 0;
  EVP_MAC_CTX* ctx = nullptr;
  ~ThreadMac() { EVP_MAC_CTX_free(ctx); }
};

[[noreturn]] void hmac_failed() { throw std::runtime_error("OpenSSL HMAC-SHA256 failed"); }

}  // namespace

QueryCodes::QueryCodes(std::string key) : key_(std::move(key)), owner_(next_owner.fetch_add(1)) {}

std::string QueryCodes::mac(std::string_view salt, std::string_view code) const {
  thread_local ThreadMac mac;
  if (mac.owner != owner_) {
    if (mac.ctx == nullptr) {
      EVP_MAC* hmac = EVP_MAC_fetch(nullptr, "HMAC", nullptr);
      if (hmac == nullptr) hmac_failed();
      mac.ctx = EVP_MAC_CTX_new(hmac);
      EVP_MAC_free(hmac);  // the context keeps its own reference
      if (mac.ctx == nullptr) hmac_failed();
    }
    char digest[] = "SHA256";
    const OSSL_PARAM params[] = {OSSL_PARAM_construct_utf8_string(OSSL_MAC_PARAM_DIGEST, digest, 0),
                                 OSSL_PARAM_construct_end()};
    mac.owner = 0;  // until the new key is in
    if (EVP_MAC_init(mac.ctx, reinterpret_cast<const unsigned char*>(key_.data()), key_.size(), params) != 1)
      hmac_failed();
    mac.owner = owner_;
  } else if (EVP_MAC_init(mac.ctx, nullptr, 0, nullptr) != 1) {  // the same key, a fresh message
    hmac_failed();
  }
  unsigned char out[EVP_MAX_MD_SIZE];
  size_t length = 0;
  if (EVP_MAC_update(mac.ctx, reinterpret_cast<const unsigned char*>(salt.data()), salt.size()) != 1 ||
      EVP_MAC_update(mac.ctx, reinterpret_cast<const unsigned char*>(code.data()), code.size()) != 1 ||
      EVP_MAC_final(mac.ctx, out, &length, sizeof out) != 1 || length != kMacBytes) {
    hmac_failed();
  }
  return std::string(reinterpret_cast<const char*>(out), length);
}

QueryCodes::Issued QueryCodes::issue() const {
  char code[kCodeDigits + 1];
  std::snprintf(code, sizeof code, "%06u", unsigned(random_code_number()));
  std::string salt(kSaltBytes, '\0');
  fill_random(salt.data(), salt.size());
  return Issued{code, salt + mac(salt, code)};
}

bool QueryCodes::matches(std::string_view code, std::string_view stored_hmac) const {
  if (!is_code(code) || stored_hmac.size() != kSaltBytes + kMacBytes) return false;
  const std::string expected = mac(stored_hmac.substr(0, kSaltBytes), code);
  return CRYPTO_memcmp(expected.data(), stored_hmac.data() + kSaltBytes, kMacBytes) == 0;
}

Result<std::string> load_or_create_key(const std::filesystem::path& file) {
  auto existing = read_key(file);
  if (existing.ok() || existing.status().code() != Code::kNotFound) return existing;
  if (Status s = create_key(file); !s.ok() && s.code() != Code::kAlreadyExists) return s;
  // Our key, or the one another process published first: read back, as every later start will.
  return read_key(file);
}

}  // namespace oneseal
