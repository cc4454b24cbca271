// Staff accounts and their bearer tokens (docs/storage.md "Users"): the users table, with only
// each token's SHA-256, mirrored in memory so that authenticating a request reads no file.
//
// Thread-safety: all methods may be called concurrently; authenticate() and list() never wait
// for a write to reach the disk. Ownership: refers to the store and the time source, which
// must outlive it. Keep one directory per store: it assumes it is the only one writing users.
#pragma once

#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <set>
#include <shared_mutex>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "engine/status.h"
#include "engine/time_source.h"
#include "oneseal/v1/api.pb.h"
#include "storage/sqlite_event_store.h"

namespace oneseal {

class UserDirectory {
 public:
  // Reads every user once. Works on a read-only store too (its writes are then refused).
  static Result<std::unique_ptr<UserDirectory>> load(SqliteEventStore& store, const TimeSource& time);

  // The user a bearer token belongs to; nullopt for an unknown or revoked token.
  std::optional<v1::User> authenticate(std::string_view token) const;

  // Creates a user with a new random token, which the response holds (the only time it is
  // shown). INVALID_ARGUMENT names the request field (JSON name) that is wrong;
  // `department_codes` are the catalogue's departments a reviewer may belong to.
  Result<v1::CreateUserResponse> add(const v1::CreateUserRequest& request,
                                     const std::set<std::string>& department_codes);
  // As add(), with a token chosen by the caller (demo data). Idempotent: when a user already
  // has this token, that user is returned unchanged.
  Result<v1::CreateUserResponse> add_with_token(const v1::CreateUserRequest& request, const std::string& token,
                                                const std::set<std::string>& department_codes);
  // Refuses the user's token from now on; NOT_FOUND for an unknown id, OK if already revoked.
  Status revoke(const std::string& id);

  // Every user, revoked ones too, by id.
  std::vector<v1::User> list() const;

 private:
  UserDirectory(SqliteEventStore& store, const TimeSource& time) : store_(store), time_(time) {}
  // Writes a validated request's user, then keeps it in memory; the user who already has the
  // token is returned as it is.
  Result<v1::CreateUserResponse> insert(const v1::CreateUserRequest& request, const std::string& token);
  // Keeps a user that is in the database in memory.
  void remember(const v1::User& user, const std::string& token_hash);

  SqliteEventStore& store_;
  const TimeSource& time_;

  // Serialises add and revoke, from the check of memory to its update, so that two writes of
  // the same token or id cannot both pass the check. Held while the writer commits.
  std::mutex write_mutex_;
  // Guards the maps; taken exclusively only to change memory after a commit.
  mutable std::shared_mutex mutex_;
  std::unordered_map<std::string, v1::User> by_token_hash_;  // GUARDED_BY(mutex_)
  std::map<std::string, std::string> token_hash_by_id_;      // GUARDED_BY(mutex_)
};

}  // namespace oneseal
