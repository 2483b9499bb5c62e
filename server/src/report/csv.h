// CSV for French spreadsheets: what Excel (fr-FR) opens with a double click.
//
//  1. UTF-8 with a byte order mark, so accents survive.
//  2. Semicolon separator (the comma is the French decimal separator).
//  3. CRLF line ends, a header row of French labels first.
//  4. A field is quoted ("...") when it holds a separator, a quote, CR or LF, or
//     starts or ends with a space; quotes inside are doubled (RFC 4180).
//  5. Text that a spreadsheet would run as a formula (starting with =, +, -, @, tab
//     or CR) is prefixed with an apostrophe: exported names and texts come from
//     tablets and must never execute.
//  6. Non-integers with a decimal comma: percentages with one decimal ("80,5"),
//     averages with two ("3,25").
#pragma once

#include <string>
#include <string_view>

#include "report/report_table.h"

namespace terrain::server::report {

inline constexpr std::string_view kUtf8Bom = "\xEF\xBB\xBF";

// One field, quoted and neutralised as needed (rules 4 and 5).
std::string csv_field(std::string_view text);
// A cell's text (rule 6); empty for an empty cell.
std::string csv_cell(const Cell& cell);
// The whole table (rules 1 to 3).
std::string to_csv(const Table& table);
// "80,5" for 80.5; the decimal comma form of a number with `decimals` digits.
std::string french_decimal(double value, int decimals);

}  // namespace terrain::server::report
