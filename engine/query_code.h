// The applicant's query code (查询码) for the public progress page: 6 random digits told to
// the applicant once; the case keeps only a salted keyed hash, so its events reveal no code.
#pragma once

#include <cstdint>
#include <filesystem>
#include <string>
#include <string_view>

#include "engine/status.h"

namespace oneseal {

// Thread-safety: every method may be called from many threads at once (each thread hashes
// with its own HMAC context, kept for the thread's life).
class QueryCodes {
 public:
  // `key`: the server's secret, e.g. from load_or_create_key().
  explicit QueryCodes(std::string key);

  struct Issued {
    std::string code;  // 6 decimal digits, e.g. "042917"
    std::string hmac;  // what the case stores: 16 salt bytes || HMAC-SHA256(key, salt || code)
  };

  // A fresh code from OpenSSL's random generator. Throws std::runtime_error when the generator
  // fails, since no code may then be handed out.
  Issued issue() const;
  // Whether `code` is the one `stored_hmac` was issued for, compared in constant time. False
  // for a stored value of the wrong length and for a code that is not 6 digits.
  bool matches(std::string_view code, std::string_view stored_hmac) const;

 private:
  // HMAC-SHA256(key, salt || code).
  std::string mac(std::string_view salt, std::string_view code) const;

  std::string key_;
  uint64_t owner_;  // which key a thread's HMAC context holds (query_code.cc)
};

// The key's 32 bytes, read from `file` (64 hex characters, an optional final newline), or
// newly drawn and written there (mode 0600) when the file does not exist. Two processes that
// start at once end up with the same key: whichever publishes its file first wins. A file with
// other contents is FAILED_PRECONDITION; a file that cannot be read or written, UNAVAILABLE.
Result<std::string> load_or_create_key(const std::filesystem::path& file);

}  // namespace oneseal
