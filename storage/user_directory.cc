// Staff accounts: the checks of a new user, random ids and tokens, the users table and its
// mirror in memory.
#include "storage/user_directory.h"

#include <openssl/evp.h>
#include <openssl/rand.h>

#include <algorithm>

#include "storage/hash_chain.h"

namespace oneseal {

namespace {

constexpr size_t kMaxNameLength = 64;  // characters
constexpr size_t kMinTokenLength = 16;

// Characters, not bytes: names are mostly Chinese, three bytes each in UTF-8.
size_t utf8_length(std::string_view text) {
  return size_t(std::count_if(text.begin(), text.end(), [](char c) { return (static_cast<unsigned char>(c) & 0xC0) != 0x80; }));
}

Status validate(const v1::CreateUserRequest& r, const std::set<std::string>& department_codes) {
  if (r.name().empty()) return Status::invalid_argument("name", "a user needs a name");
  if (utf8_length(r.name()) > kMaxNameLength) {
    return Status::invalid_argument("name", "a name has at most " + std::to_string(kMaxNameLength) + " characters");
  }
  switch (r.role()) {
    case v1::CLERK:
    case v1::REVIEWER:
    case v1::APPROVER:
    case v1::SUPERVISOR:
    case v1::ADMINISTRATOR:
      break;
    default:  // applicants have no accounts, and the engine needs none
      return Status::invalid_argument("role", "the role must be CLERK, REVIEWER, APPROVER, SUPERVISOR or ADMINISTRATOR");
  }
  if (r.role() == v1::REVIEWER && r.department().empty()) {
    return Status::invalid_argument("department", "a reviewer needs the department they review for");
  }
  if (!r.department().empty() && department_codes.count(r.department()) == 0) {
    return Status::invalid_argument("department", "'" + r.department() + "' is not a department of the catalogue");
  }
  if (r.role() == v1::CLERK && r.office().empty()) {
    return Status::invalid_argument("office", "a clerk needs the receiving office they sit at");
  }
  return Status();
}

Result<std::string> random_bytes(int n) {
  std::string bytes(size_t(n), '\0');
  if (RAND_bytes(reinterpret_cast<unsigned char*>(bytes.data()), n) != 1) {
    return Status::unavailable("OpenSSL's random number generator failed");
  }
  return bytes;
}

// Base64url without padding (RFC 4648 section 5): tokens travel in headers and shell commands.
std::string base64url(std::string_view bytes) {
  std::string text(4 * ((bytes.size() + 2) / 3) + 1, '\0');  // EVP_EncodeBlock adds a NUL
  text.resize(size_t(EVP_EncodeBlock(reinterpret_cast<unsigned char*>(text.data()),
                                     reinterpret_cast<const unsigned char*>(bytes.data()), int(bytes.size()))));
  while (!text.empty() && text.back() == '=') text.pop_back();
  std::replace(text.begin(), text.end(), '+', '-');
  std::replace(text.begin(), text.end(), '/', '_');
  return text;
}

// "os_" and 43 characters: 256 random bits, and a prefix that secret scanners can look for.
Result<std::string> new_token() {
  auto bytes = random_bytes(32);
  if (!bytes.ok()) return bytes.status();
  return "os_" + base64url(*bytes);
}

}  // namespace

Result<std::unique_ptr<UserDirectory>> UserDirectory::load(SqliteEventStore& store, const TimeSource& time) {
  std::unique_ptr<UserDirectory> directory(new UserDirectory(store, time));
  Status read = store.read_with([&](sqlite::Connection& db) {
    auto rows = db.prepare("SELECT id, name, role, department, office, token_hash, revoked FROM users");
    if (!rows.ok()) return rows.status();
    Status status;
    while (rows->step(&status)) {
      v1::User user;
      user.set_id(std::string(rows->text(0)));
      user.set_name(std::string(rows->text(1)));
      v1::Role role;
      if (!v1::Role_Parse(std::string(rows->text(2)), &role)) {
        return Status::internal("user " + user.id() + " has an unknown role '" + std::string(rows->text(2)) + "'");
      }
      user.set_role(role);
      user.set_department(std::string(rows->text(3)));
      user.set_office(std::string(rows->text(4)));
      user.set_revoked(rows->int64(6) != 0);
      directory->remember(user, std::string(rows->blob(5)));
    }
    return status;
  });
  if (!read.ok()) return read;
  return directory;
}

std::optional<v1::User> UserDirectory::authenticate(std::string_view token) const {
  const std::string token_hash = sha256(token);
  std::shared_lock<std::shared_mutex> reading(mutex_);
  auto it = by_token_hash_.find(token_hash);
  if (it == by_token_hash_.end() || it->second.revoked()) return std::nullopt;
  return it->second;
}

Result<v1::CreateUserResponse> UserDirectory::add(const v1::CreateUserRequest& request,
                                                  const std::set<std::string>& department_codes) {
  if (Status s = validate(request, department_codes); !s.ok()) return s;
  auto token = new_token();
  if (!token.ok()) return token.status();
  return insert(request, *token);
}

Result<v1::CreateUserResponse> UserDirectory::add_with_token(const v1::CreateUserRequest& request,
                                                             const std::string& token,
                                                             const std::set<std::string>& department_codes) {
  if (token.size() < kMinTokenLength) {
    return Status::invalid_argument("token", "a token has at least " + std::to_string(kMinTokenLength) + " characters");
  }
  if (Status s = validate(request, department_codes); !s.ok()) return s;
  return insert(request, token);
}

Result<v1::CreateUserResponse> UserDirectory::insert(const v1::CreateUserRequest& request, const std::string& token) {
  const std::string token_hash = sha256(token);
  std::lock_guard<std::mutex> writing(write_mutex_);
  v1::CreateUserResponse response;
  response.set_token(token);
  v1::User& user = *response.mutable_user();
  {
    std::shared_lock<std::shared_mutex> reading(mutex_);
    if (auto it = by_token_hash_.find(token_hash); it != by_token_hash_.end()) {
      user = it->second;
      return response;
    }
    // 48 random bits: an id already taken is all but impossible, and is drawn again.
    do {
      auto bytes = random_bytes(6);
      if (!bytes.ok()) return bytes.status();
      user.set_id("u" + to_hex(*bytes));
    } while (token_hash_by_id_.count(user.id()) > 0);
  }
  user.set_name(request.name());
  user.set_role(request.role());
  user.set_department(request.department());
  user.set_office(request.office());
  const int64_t created_at = time_.now().time_since_epoch().count();
  Status written = store_.write_exclusive([&](sqlite::Connection& db) {
    auto insert = db.prepare(
        "INSERT INTO users (id, name, role, department, office, token_hash, created_at) "
        "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)");
    if (!insert.ok()) return insert.status();
    insert->bind(1, user.id()).bind(2, user.name()).bind(3, v1::Role_Name(user.role()));
    insert->bind(4, user.department()).bind(5, user.office()).bind_blob(6, token_hash).bind(7, created_at);
    return insert->run();
  });
  if (!written.ok()) return written;
  remember(user, token_hash);
  return response;
}

Status UserDirectory::revoke(const std::string& id) {
  std::lock_guard<std::mutex> writing(write_mutex_);
  std::string token_hash;
  {
    std::shared_lock<std::shared_mutex> reading(mutex_);
    auto it = token_hash_by_id_.find(id);
    if (it == token_hash_by_id_.end()) return Status::not_found("no user has the id '" + id + "'");
    if (by_token_hash_.at(it->second).revoked()) return Status();
    token_hash = it->second;
  }
  Status written = store_.write_exclusive([&](sqlite::Connection& db) {
    auto update = db.prepare("UPDATE users SET revoked = 1 WHERE id = ?1");
    if (!update.ok()) return update.status();
    return update->bind(1, id).run();
  });
  if (!written.ok()) return written;
  std::unique_lock<std::shared_mutex> changing(mutex_);
  by_token_hash_.at(token_hash).set_revoked(true);
  return Status();
}

std::vector<v1::User> UserDirectory::list() const {
  std::shared_lock<std::shared_mutex> reading(mutex_);
  std::vector<v1::User> users;
  users.reserve(token_hash_by_id_.size());
  for (const auto& [id, token_hash] : token_hash_by_id_) users.push_back(by_token_hash_.at(token_hash));
  return users;
}

void UserDirectory::remember(const v1::User& user, const std::string& token_hash) {
  std::unique_lock<std::shared_mutex> changing(mutex_);
  by_token_hash_[token_hash] = user;
  token_hash_by_id_[user.id()] = token_hash;
}

}  // namespace oneseal
