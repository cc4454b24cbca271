// A thin RAII layer over the SQLite C API: a connection, prepared statements that reset
// themselves, and SQLite's result codes turned into Status. Nothing OneSeal-specific here.
//
// Thread-safety: a Connection and its Statements belong to one thread at a time.
#pragma once

#include <sqlite3.h>

#include <cstdint>
#include <initializer_list>
#include <utility>
#include <memory>
#include <string>
#include <string_view>

#include "engine/status.h"

namespace oneseal::sqlite {

// Maps an SQLite result code to a Status: SQLITE_FULL is UNAVAILABLE ("the disk is full"),
// SQLITE_BUSY/LOCKED and I/O errors UNAVAILABLE, SQLITE_READONLY, SQLITE_CORRUPT and
// SQLITE_NOTADB FAILED_PRECONDITION, SQLITE_CANTOPEN NOT_FOUND, the rest (constraints too)
// INTERNAL.
Status status_of(int rc, sqlite3* db, std::string_view what);

class Statement {
 public:
  Statement() = default;
  Statement(sqlite3* db, sqlite3_stmt* stmt) : db_(db), stmt_(stmt) {}
  Statement(Statement&& other) noexcept { *this = std::move(other); }
  Statement& operator=(Statement&& other) noexcept;
  ~Statement();

  // Binds by 1-based index.
  Statement& bind(int i, int64_t v);
  Statement& bind(int i, std::string_view text);
  Statement& bind_blob(int i, std::string_view bytes);
  Statement& bind_null(int i);
  // The same without copying the bytes, which must then stay unchanged until the statement is
  // reset: for the writer's statements, whose values live in the command being written.
  Statement& bind_static(int i, std::string_view text);
  Statement& bind_blob_static(int i, std::string_view bytes);

  // Steps once: true when a row is ready, false when done; errors go to *status.
  bool step(Status* status);
  // Runs to completion (for statements without rows) and resets.
  Status run();
  // The same, keeping the bindings: for a statement whose every parameter is bound again
  // before each run, which then skips a pass clearing them. Bound bytes may go away before
  // the next run, which SQLite never reads without stepping.
  Status run_rebound();
  void reset();

  int64_t int64(int col) const { return sqlite3_column_int64(stmt_, col); }
  bool is_null(int col) const { return sqlite3_column_type(stmt_, col) == SQLITE_NULL; }
  std::string_view text(int col) const;
  std::string_view blob(int col) const;
  sqlite3_stmt* raw() const { return stmt_; }

 private:
  sqlite3* db_ = nullptr;
  sqlite3_stmt* stmt_ = nullptr;
};

class Connection {
 public:
  // flags: SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE, or SQLITE_OPEN_READONLY.
  static Result<std::unique_ptr<Connection>> open(const std::string& path, int flags);
  ~Connection();

  // Runs SQL with no results (several statements allowed).
  Status exec(std::string_view sql);
  Result<Statement> prepare(std::string_view sql);
  // Prepares each {statement, SQL} pair, stopping at the first error.
  Status prepare_all(std::initializer_list<std::pair<Statement*, const char*>> statements);
  // A single integer or text value of a one-row query (a PRAGMA, a count).
  Result<int64_t> query_int(std::string_view sql);
  Result<std::string> query_text(std::string_view sql);

  sqlite3* raw() const { return db_; }

 private:
  explicit Connection(sqlite3* db) : db_(db) {}
  sqlite3* db_;
};

}  // namespace oneseal::sqlite
