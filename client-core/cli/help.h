// Help and messages of the `terrain` command, in French (default) and English.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

namespace terrain::cli {

enum class Lang { fr, en };

// French unless LANG / LC_ALL / LC_MESSAGES start with "en".
Lang lang_from_environment();
std::string_view help_text(Lang lang);
// One-line hint printed after a usage error.
std::string_view usage_hint(Lang lang);
// The notice printed when enrolment or a sync corrected this device's clock by
// `corrected_ms` (the change of its offset from the server's time: negative when the
// clock was ahead), e.g. "L'horloge de cet appareil était décalée de 3 jours (en
// avance) ; elle a été corrigée pour la synchronisation."
std::string clock_notice(Lang lang, std::int64_t corrected_ms);

}  // namespace terrain::cli
