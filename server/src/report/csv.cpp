#include "report/csv.h"

#include <cmath>
#include <cstdio>

namespace terrain::server::report {

std::string french_decimal(double value, int decimals) {
  if (!std::isfinite(value)) return {};
  char buf[64];
  std::snprintf(buf, sizeof buf, "%.*f", decimals, value);
  std::string s(buf);
  if (s == "-0" || s.rfind("-0.", 0) == 0) {
    // -0.0 after rounding reads oddly in a spreadsheet.
    bool all_zero = s.find_first_not_of("-0.") == std::string::npos;
    if (all_zero) s.erase(0, 1);
  }
  for (auto& c : s)
    if (c == '.') c = ',';
  return s;
}

std::string csv_field(std::string_view text) {
  std::string value;
  if (!text.empty() && (text[0] == '=' || text[0] == '+' || text[0] == '-' || text[0] == '@' ||
                        text[0] == '\t' || text[0] == '\r'))
    value += '\'';
  value.append(text);
  bool quote = !value.empty() && (value.front() == ' ' || value.back() == ' ');
  for (char c : value)
    if (c == ';' || c == '"' || c == '\r' || c == '\n') quote = true;
  if (!quote) return value;
  std::string out = "\"";
  for (char c : value) {
    if (c == '"') out += '"';
    out += c;
  }
  out += '"';
  return out;
}

std::string csv_cell(const Cell& cell) {
  switch (cell.kind) {
    case Cell::Kind::empty:
      return {};
    case Cell::Kind::text:
      return csv_field(cell.text);
    case Cell::Kind::integer:
      return std::to_string(cell.integer);
    case Cell::Kind::percent:
      return french_decimal(cell.number, 1);
    case Cell::Kind::decimal:
      return french_decimal(cell.number, 2);
  }
  return {};
}

std::string to_csv(const Table& table) {
  std::string out(kUtf8Bom);
  for (std::size_t i = 0; i < table.headers.size(); ++i) {
    if (i > 0) out += ';';
    out += csv_field(table.headers[i]);
  }
  out += "\r\n";
  for (const auto& row : table.rows) {
    for (std::size_t i = 0; i < row.size(); ++i) {
      if (i > 0) out += ';';
      out += csv_cell(row[i]);
    }
    out += "\r\n";
  }
  return out;
}

}  // namespace terrain::server::report
