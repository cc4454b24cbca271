#include "storage/sqlite.h"

#include <mutex>

namespace oneseal::sqlite {

Status status_of(int rc, sqlite3* db, std::string_view what) {
  if (rc == SQLITE_OK || rc == SQLITE_DONE || rc == SQLITE_ROW) return Status();
  std::string detail = std::string(what) + ": " + (db ? sqlite3_errmsg(db) : sqlite3_errstr(rc));
  switch (rc & 0xff) {
    case SQLITE_FULL: return Status::unavailable("the disk is full (" + detail + ")");
    case SQLITE_BUSY:
    case SQLITE_LOCKED: return Status::unavailable("the database is busy (" + detail + ")");
    case SQLITE_READONLY:
      return Status::failed_precondition("the database is read-only (" + detail + ")");
    // Never a CONFLICT: that code means "decided on an old version" and invites a retry.
    case SQLITE_CONSTRAINT: return Status::internal("constraint failed (" + detail + ")");
    case SQLITE_CORRUPT:
    case SQLITE_NOTADB: return Status::failed_precondition("the database file is damaged or not a database (" + detail + ")");
    case SQLITE_CANTOPEN: return Status::not_found("cannot open the database (" + detail + ")");
    case SQLITE_IOERR: return Status::unavailable("I/O error (" + detail + ")");
    default: return Status::internal(detail);
  }
}

Statement& Statement::operator=(Statement&& other) noexcept {
  if (this != &other) {
    if (stmt_) sqlite3_finalize(stmt_);
    db_ = other.db_;
    stmt_ = other.stmt_;
    other.stmt_ = nullptr;
  }
  return *this;
}

Statement::~Statement() {
  if (stmt_) sqlite3_finalize(stmt_);
}

Statement& Statement::bind(int i, int64_t v) {
  sqlite3_bind_int64(stmt_, i, v);
  return *this;
}

Statement& Statement::bind(int i, std::string_view text) {
  sqlite3_bind_text(stmt_, i, text.data(), int(text.size()), SQLITE_TRANSIENT);
  return *this;
}

Statement& Statement::bind_blob(int i, std::string_view bytes) {
  sqlite3_bind_blob(stmt_, i, bytes.data(), int(bytes.size()), SQLITE_TRANSIENT);
  return *this;
}

Statement& Statement::bind_static(int i, std::string_view text) {
  sqlite3_bind_text(stmt_, i, text.data(), int(text.size()), SQLITE_STATIC);
  return *this;
}

Statement& Statement::bind_blob_static(int i, std::string_view bytes) {
  sqlite3_bind_blob(stmt_, i, bytes.data(), int(bytes.size()), SQLITE_STATIC);
  return *this;
}

Statement& Statement::bind_null(int i) {
  sqlite3_bind_null(stmt_, i);
  return *this;
}

bool Statement::step(Status* status) {
  if (!stmt_) {
    *status = Status::internal("a statement was used before it was prepared");
    return false;
  }
  const int rc = sqlite3_step(stmt_);
  if (rc == SQLITE_ROW) return true;
  if (rc != SQLITE_DONE) *status = status_of(rc, db_, sqlite3_sql(stmt_));
  return false;
}

Status Statement::run() {
  Status status = run_rebound();
  sqlite3_clear_bindings(stmt_);
  return status;
}

Status Statement::run_rebound() {
  Status status;
  while (step(&status)) {
  }
  sqlite3_reset(stmt_);  // as reset() does, promptly
  return status;
}

void Statement::reset() {
  // Resetting promptly ends the statement's read snapshot, so checkpoints are not held back.
  sqlite3_reset(stmt_);
  sqlite3_clear_bindings(stmt_);
}

std::string_view Statement::text(int col) const {
  const auto* p = reinterpret_cast<const char*>(sqlite3_column_text(stmt_, col));
  return p ? std::string_view(p, size_t(sqlite3_column_bytes(stmt_, col))) : std::string_view();
}

std::string_view Statement::blob(int col) const {
  const auto* p = static_cast<const char*>(sqlite3_column_blob(stmt_, col));
  return p ? std::string_view(p, size_t(sqlite3_column_bytes(stmt_, col))) : std::string_view();
}

Result<std::unique_ptr<Connection>> Connection::open(const std::string& path, int flags) {
  // Memory statistics take a global mutex on every allocation; nothing here reads them. This
  // must be set before SQLite initialises, so it is done once, before the first connection.
  static std::once_flag configured;
  std::call_once(configured, [] { sqlite3_config(SQLITE_CONFIG_MEMSTATUS, 0); });
  sqlite3* db = nullptr;
  const int rc = sqlite3_open_v2(path.c_str(), &db, flags | SQLITE_OPEN_NOMUTEX, nullptr);
  if (rc != SQLITE_OK) {
    Status s = status_of(rc, db, path);
    sqlite3_close(db);
    return s;
  }
  sqlite3_extended_result_codes(db, 1);
  return std::unique_ptr<Connection>(new Connection(db));
}

Connection::~Connection() { sqlite3_close(db_); }

Status Connection::exec(std::string_view sql) {
  char* error = nullptr;
  const int rc = sqlite3_exec(db_, std::string(sql).c_str(), nullptr, nullptr, &error);
  sqlite3_free(error);
  return status_of(rc, db_, sql.substr(0, 80));
}

Result<Statement> Connection::prepare(std::string_view sql) {
  sqlite3_stmt* stmt = nullptr;
  const int rc = sqlite3_prepare_v3(db_, sql.data(), int(sql.size()), SQLITE_PREPARE_PERSISTENT, &stmt, nullptr);
  if (rc != SQLITE_OK) return status_of(rc, db_, sql.substr(0, 80));
  return Statement(db_, stmt);
}

Status Connection::prepare_all(std::initializer_list<std::pair<Statement*, const char*>> statements) {
  for (auto [statement, sql] : statements) {
    auto prepared = prepare(sql);
    if (!prepared.ok()) return prepared.status();
    *statement = std::move(*prepared);
  }
  return Status();
}

Result<int64_t> Connection::query_int(std::string_view sql) {
  auto stmt = prepare(sql);
  if (!stmt.ok()) return stmt.status();
  Status status;
  if (!stmt->step(&status)) return status.ok() ? Status::not_found("no row: " + std::string(sql)) : status;
  return stmt->int64(0);
}

Result<std::string> Connection::query_text(std::string_view sql) {
  auto stmt = prepare(sql);
  if (!stmt.ok()) return stmt.status();
  Status status;
  if (!stmt->step(&status)) return status.ok() ? Status::not_found("no row: " + std::string(sql)) : status;
  return std::string(stmt->text(0));
}

}  // namespace oneseal::sqlite
