// A draft (one local change not sealed yet) as JSON text in the drafts table.
// Personal values are detached: the JSON holds only their hashes.
#pragma once

#include <string>

#include <nlohmann/json.hpp>

#include "terrain/protocol/change_set.h"

namespace terrain::replica_detail {

std::string encode_draft(const Change& c);
Result<Change> decode_draft(const std::string& text);

}  // namespace terrain::replica_detail
