// A server's SQLite file opened directly by a test (while the server is stopped, or
// read-only beside it), to check what the HTTP API does not show.
#pragma once

#include <sqlite3.h>

#include <cstdint>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

namespace terrain::test {

class SqliteFile {
 public:
  using Value = std::variant<std::int64_t, std::string>;  // bound as INTEGER or BLOB/TEXT
  using Row = std::vector<std::optional<std::string>>;    // every column as text, NULL empty

  explicit SqliteFile(const std::string& path, bool writable = false) {
    int flags = writable ? SQLITE_OPEN_READWRITE : SQLITE_OPEN_READONLY;
    if (sqlite3_open_v2(path.c_str(), &db_, flags, nullptr) != SQLITE_OK) {
      std::string msg = db_ ? sqlite3_errmsg(db_) : "out of memory";
      sqlite3_close_v2(db_);
      throw std::runtime_error("cannot open " + path + ": " + msg);
    }
    sqlite3_busy_timeout(db_, 10000);
  }
  ~SqliteFile() { sqlite3_close_v2(db_); }
  SqliteFile(const SqliteFile&) = delete;
  SqliteFile& operator=(const SqliteFile&) = delete;

  // Runs one statement; every row, columns as text. Strings are bound as BLOBs when
  // `blobs` is set (token hashes), as TEXT otherwise.
  std::vector<Row> query(const std::string& sql, const std::vector<Value>& params = {},
                         bool blobs = false) {
    sqlite3_stmt* s = nullptr;
    if (sqlite3_prepare_v2(db_, sql.c_str(), -1, &s, nullptr) != SQLITE_OK)
      throw std::runtime_error("SQLite: " + std::string(sqlite3_errmsg(db_)) + " in " + sql);
    for (std::size_t i = 0; i < params.size(); ++i) {
      int at = static_cast<int>(i) + 1;
      if (const auto* n = std::get_if<std::int64_t>(&params[i])) {
        sqlite3_bind_int64(s, at, *n);
      } else {
        const auto& text = std::get<std::string>(params[i]);
        if (blobs)
          sqlite3_bind_blob(s, at, text.data(), static_cast<int>(text.size()), SQLITE_TRANSIENT);
        else
          sqlite3_bind_text(s, at, text.data(), static_cast<int>(text.size()), SQLITE_TRANSIENT);
      }
    }
    std::vector<Row> rows;
    int rc;
    while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
      Row row;
      for (int c = 0; c < sqlite3_column_count(s); ++c) {
        if (sqlite3_column_type(s, c) == SQLITE_NULL) {
          row.emplace_back();
        } else {
          const auto* p = reinterpret_cast<const char*>(sqlite3_column_text(s, c));
          row.emplace_back(std::string(p, static_cast<std::size_t>(sqlite3_column_bytes(s, c))));
        }
      }
      rows.push_back(std::move(row));
    }
    sqlite3_finalize(s);
    if (rc != SQLITE_DONE)
      throw std::runtime_error("SQLite: " + std::string(sqlite3_errmsg(db_)) + " in " + sql);
    return rows;
  }
  // The first column of the first row as a number.
  std::int64_t number(const std::string& sql, const std::vector<Value>& params = {},
                      bool blobs = false) {
    auto rows = query(sql, params, blobs);
    if (rows.empty() || rows[0].empty() || !rows[0][0])
      throw std::runtime_error("no number from " + sql);
    return std::stoll(*rows[0][0]);
  }

 private:
  sqlite3* db_ = nullptr;
};

}  // namespace terrain::test
