// One error type for the engine and the store (after LevelDB's Status): a closed set of codes,
// a message for people, and the field the error is about. The OK path allocates nothing.
#pragma once

#include <string>
#include <utility>
#include <variant>
#include <vector>

namespace oneseal {

enum class Code {
  kOk = 0,
  kInvalidArgument,     // a field of the input is wrong; field() names it
  kFailedPrecondition,  // not allowed in the case's current state
  kPermissionDenied,    // not allowed for this actor
  kNotFound,
  kAlreadyExists,
  kConflict,     // another change came first (expected version, idempotency key)
  kUnavailable,  // try again later (disk full, shutting down)
  kInternal,
};

const char* code_name(Code code);

class Status {
 public:
  Status() = default;  // OK

  static Status invalid_argument(std::string field, std::string message) {
    return Status(Code::kInvalidArgument, std::move(message), std::move(field));
  }
  static Status failed_precondition(std::string message) {
    return Status(Code::kFailedPrecondition, std::move(message));
  }
  static Status permission_denied(std::string message) {
    return Status(Code::kPermissionDenied, std::move(message));
  }
  static Status not_found(std::string message) {
    return Status(Code::kNotFound, std::move(message));
  }
  static Status already_exists(std::string message) {
    return Status(Code::kAlreadyExists, std::move(message));
  }
  static Status conflict(std::string message) {
    return Status(Code::kConflict, std::move(message));
  }
  static Status unavailable(std::string message) {
    return Status(Code::kUnavailable, std::move(message));
  }
  static Status internal(std::string message) {
    return Status(Code::kInternal, std::move(message));
  }

  bool ok() const { return code_ == Code::kOk; }
  Code code() const { return code_; }
  const std::string& message() const { return message_; }
  const std::string& field() const { return field_; }

  // Extra facts for the caller, e.g. {"state", "IN_REVIEW"}, {"allowed", "record_opinion"}.
  const std::vector<std::pair<std::string, std::string>>& details() const { return details_; }
  Status& with_detail(std::string key, std::string value) {
    details_.emplace_back(std::move(key), std::move(value));
    return *this;
  }

  // "INVALID_ARGUMENT: field: message"
  std::string to_string() const;

 private:
  Status(Code code, std::string message, std::string field = {})
      : code_(code), message_(std::move(message)), field_(std::move(field)) {}

  Code code_ = Code::kOk;
  std::string message_;
  std::string field_;
  std::vector<std::pair<std::string, std::string>> details_;
};

// A value or the Status saying why there is none.
template <typename T>
class Result {
 public:
  Result(T value) : v_(std::move(value)) {}         // NOLINT: implicit by design
  Result(Status status) : v_(std::move(status)) {}  // NOLINT: implicit by design

  bool ok() const { return std::holds_alternative<T>(v_); }
  const Status& status() const {
    static const Status kOk;
    return ok() ? kOk : std::get<Status>(v_);
  }
  T& value() & { return std::get<T>(v_); }
  const T& value() const& { return std::get<T>(v_); }
  T&& value() && { return std::get<T>(std::move(v_)); }
  T* operator->() { return &value(); }
  const T* operator->() const { return &value(); }
  T& operator*() & { return value(); }
  const T& operator*() const& { return value(); }

 private:
  std::variant<T, Status> v_;
};

}  // namespace oneseal
