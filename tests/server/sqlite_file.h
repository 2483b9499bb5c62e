// A server's SQLite file opened directly by a test (while the server is stopped, or
// read-only beside it), to check what the HTTP API does not show. Built on the one
// SQLite layer (terrain/sqlite/database.h); failures throw, as test helpers do.
#pragma once

#include <cstdint>
#include <optional>
#include <stdexcept>
#include <string>
#include <variant>
#include <vector>

#include "terrain/sqlite/database.h"

namespace terrain::test {

class SqliteFile {
 public:
  using Value = std::variant<std::int64_t, std::string>;  // bound as INTEGER or BLOB/TEXT
  using Row = std::vector<std::optional<std::string>>;    // every column as text, NULL empty

  explicit SqliteFile(const std::string& path, bool writable = false) {
    sqlite::OpenOptions options;
    options.create = false;
    options.read_only = !writable;
    options.wal = false;  // the server's file is in WAL mode already
    options.busy_timeout_ms = 10000;
    auto db = sqlite::Database::open(path, options);
    if (!db) throw std::runtime_error(db.error().message);
    db_ = std::move(*db);
  }

  // Runs one statement; every row, columns as text. Strings are bound as BLOBs when
  // `blobs` is set (token hashes), as TEXT otherwise.
  std::vector<Row> query(const std::string& sql, const std::vector<Value>& params = {},
                         bool blobs = false) {
    auto st = db_.prepare(sql);
    if (!st) throw std::runtime_error(st.error().message + " in " + sql);
    for (std::size_t i = 0; i < params.size(); ++i) {
      const int at = static_cast<int>(i) + 1;
      if (const auto* n = std::get_if<std::int64_t>(&params[i]))
        st->bind(at, *n);
      else if (blobs)
        st->bind_blob(at, std::get<std::string>(params[i]));
      else
        st->bind(at, std::get<std::string>(params[i]));
    }
    std::vector<Row> rows;
    const int columns = st->column_count();
    for (;;) {
      auto more = st->step();
      if (!more) throw std::runtime_error(more.error().message + " in " + sql);
      if (!*more) break;
      Row row;
      for (int c = 0; c < columns; ++c) row.push_back(st->opt_text(c));
      rows.push_back(std::move(row));
    }
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
  sqlite::Database db_;
};

}  // namespace terrain::test
