// Help and messages of the `terrain` command, in French (default) and English.
#pragma once

#include <string_view>

namespace terrain::cli {

enum class Lang { fr, en };

// French unless LANG / LC_ALL / LC_MESSAGES start with "en".
Lang lang_from_environment();
std::string_view help_text(Lang lang);
// One-line hint printed after a usage error.
std::string_view usage_hint(Lang lang);

}  // namespace terrain::cli
