// Recognising the same person checked in twice at one meeting (two tablets at two
// doors, or a second check-in on the same tablet).
//
// Two attendance records of one meeting are the same person when their normalised
// display name AND normalised organisation are equal and the name is known. The
// normalisation folds case and accents, treats apostrophes, hyphens, dots and
// commas as spaces, and collapses white space: "Claire  MARTIN" from "MDPH
// d'Ille-et-Vilaine" equals "claire martin" from "MDPH d’Ille et Vilaine".
// Records without a name (no consent) or whose name was erased cannot be matched:
// each counts as one person.
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include <nlohmann/json.hpp>

namespace terrain::server::report {

// Folded text: lowercase ASCII where a French letter has an ASCII base, punctuation
// as spaces, single spaces, trimmed. Invalid UTF-8 bytes are kept as they are.
std::string fold_text(std::string_view text);

// The duplicate key of an attendance view, or nullopt when it has no usable name.
std::optional<std::string> person_key(const nlohmann::json& attendance_view);

}  // namespace terrain::server::report
