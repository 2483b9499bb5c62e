// What a report is made of: a JSON document (structured, for programs) and named
// tables (for CSV downloads). Both are built by the same function from the same
// figures, so the JSON and the CSV of a report never disagree.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

namespace terrain::server::report {

// One CSV cell. Numbers keep their kind so the CSV writer can format them the
// French way (decimal comma) and JSON keeps them as numbers.
struct Cell {
  enum class Kind { empty, text, integer, decimal, percent };
  Kind kind = Kind::empty;
  std::string text;
  std::int64_t integer = 0;
  double number = 0;

  static Cell none() { return {}; }
  static Cell str(std::string s) { return {Kind::text, std::move(s), 0, 0}; }
  static Cell count(std::int64_t n) { return {Kind::integer, {}, n, 0}; }
  // A ratio already multiplied by 100 (80.5 means 80,5 %); empty when nullopt.
  static Cell percent(std::optional<double> p) {
    if (!p) return none();
    return {Kind::percent, {}, 0, *p};
  }
  // An average or another non-integer figure; empty when nullopt.
  static Cell decimal(std::optional<double> d) {
    if (!d) return none();
    return {Kind::decimal, {}, 0, *d};
  }
};

struct Table {
  std::string name;                  // stable code used in ?table= ("par_acteur")
  std::string title;                 // French title
  std::vector<std::string> headers;  // French column headers
  std::vector<std::vector<Cell>> rows;
};

struct Report {
  std::string name;  // "participants"
  nlohmann::json json = nlohmann::json::object();
  std::vector<Table> tables;  // the first one is the default CSV
  const Table* table(const std::string& table_name) const {
    for (const auto& t : tables)
      if (t.name == table_name) return &t;
    return nullptr;
  }
};

}  // namespace terrain::server::report
