// Case- and accent-insensitive text matching for searches ("Hélène" finds "helene").
#pragma once

#include <string>
#include <string_view>

namespace terrain::replica_detail {

// Lowercases and strips diacritics of Latin letters (ASCII, Latin-1, Latin Extended-A:
// every letter of French and the other languages of France's regions); "œ" -> "oe",
// "æ" -> "ae", "ß" -> "ss". Other characters are kept as they are.
std::string fold_text(std::string_view utf8);
// True when fold_text(needle) is a substring of fold_text(haystack).
bool folded_contains(std::string_view haystack, std::string_view needle);

}  // namespace terrain::replica_detail
