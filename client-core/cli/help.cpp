#include "help.h"

#include <cstdlib>
#include <string>

namespace terrain::cli {

Lang lang_from_environment() {
  for (const char* var : {"LC_ALL", "LC_MESSAGES", "LANG"}) {
    const char* v = std::getenv(var);
    if (v == nullptr || *v == '\0') continue;
    return std::string(v).rfind("en", 0) == 0 ? Lang::en : Lang::fr;
  }
  return Lang::fr;
}

std::string_view help_text(Lang lang) {
  if (lang == Lang::en) {
    return R"(terrain: the Terrain replica on the command line (JSON in, JSON out).

Usage: terrain --replica FILE [--options JSON] COMMAND [ARGUMENTS]

Commands:
  info                              this device, its server, its outbox in figures
  create COLLECTION JSON            creates a record, prints its id
                                    ("_id" in JSON re-creates a deleted record)
  update COLLECTION ID JSON         sets fields (null removes an optional field)
  delete COLLECTION ID              deletes a record
  inc COLLECTION ID FIELD N         adds N (may be negative) to a counter
  get COLLECTION ID                 one record
  query COLLECTION [FILTER]         records; FILTER = {"where": {...}, "search": {...},
                                    "limit": N, "order_by": "field"}
  outbox                            change sets and their state
  conflicts                         conflicts awaiting review
  resolve JSON                      {"collection","id","field","loser_version",
                                    "keep": "winner"|"loser"|"value", "value"}
  enrol URL CODE                    enrols this device with a server
  sync                              pushes, pulls and applies

Options:
  --replica FILE    the replica's SQLite file (keys in FILE.key), or TERRAIN_REPLICA
  --options JSON    {"ca_file": "...", "schemas_dir": "..."}
  --help            this help (French by default; LANG=en... for English)

Exit codes: 0 done; 1 refused (invalid data, not found, conflict...); 2 bad command
line; 3 temporary failure (network, server busy): try again later; 4 internal error.
Errors are printed on stderr as {"error": {"code", "message", "transient"}}.
A wrong clock does not fail enrol or sync: it is corrected from the server's time and
a notice is printed on stderr as {"notice": {"code": "clock_corrected",
"clock_corrected_ms", "message"}} (the command still prints its JSON and exits 0).
)";
  }
  return R"(terrain : la réplique Terrain en ligne de commande (JSON en entrée et en sortie).

Usage : terrain --replica FICHIER [--options JSON] COMMANDE [ARGUMENTS]

Commandes :
  info                              cet appareil, son serveur, sa boîte d'envoi en chiffres
  create COLLECTION JSON            crée un enregistrement et affiche son identifiant
                                    ("_id" dans le JSON recrée un enregistrement supprimé)
  update COLLECTION ID JSON         modifie des champs (null retire un champ facultatif)
  delete COLLECTION ID              supprime un enregistrement
  inc COLLECTION ID CHAMP N         ajoute N (éventuellement négatif) à un compteur
  get COLLECTION ID                 un enregistrement
  query COLLECTION [FILTRE]         les enregistrements ; FILTRE = {"where": {...},
                                    "search": {...}, "limit": N, "order_by": "champ"}
  outbox                            les lots de modifications et leur état
  conflicts                         les conflits à examiner
  resolve JSON                      {"collection","id","field","loser_version",
                                    "keep": "winner"|"loser"|"value", "value"}
  enrol URL CODE                    inscrit cet appareil auprès d'un serveur
  sync                              envoie, reçoit et applique les modifications

Options :
  --replica FICHIER  le fichier SQLite de la réplique (clés dans FICHIER.key),
                     ou la variable TERRAIN_REPLICA
  --options JSON     {"ca_file": "...", "schemas_dir": "..."}
  --help             cette aide (en français par défaut ; LANG=en... pour l'anglais)

Codes de sortie : 0 fait ; 1 refusé (données invalides, introuvable, conflit...) ;
2 ligne de commande incorrecte ; 3 échec temporaire (réseau, serveur occupé) :
réessayez plus tard ; 4 erreur interne.
Les erreurs sont écrites sur stderr : {"error": {"code", "message", "transient"}}.
Une horloge fausse ne fait pas échouer enrol ni sync : elle est corrigée d'après
l'heure du serveur et une remarque est écrite sur stderr : {"notice": {"code":
"clock_corrected", "clock_corrected_ms", "message"}} (la commande affiche quand même
son JSON et se termine par 0).
)";
}

std::string_view usage_hint(Lang lang) {
  return lang == Lang::en ? "see: terrain --help" : "voir : terrain --help";
}

std::string clock_notice(Lang lang, std::int64_t corrected_ms) {
  constexpr std::int64_t kSecond = 1000, kMinute = 60 * kSecond, kHour = 60 * kMinute,
                         kDay = 24 * kHour;
  const std::int64_t ms = corrected_ms < 0 ? -corrected_ms : corrected_ms;
  // The largest unit that still reads naturally: 3 days, 5 hours, 20 minutes, 40 s.
  struct Unit {
    std::int64_t ms;
    const char* fr_one;
    const char* fr_many;
    const char* en_one;
    const char* en_many;
  };
  static constexpr Unit kUnits[] = {
      {kDay, "jour", "jours", "day", "days"},
      {kHour, "heure", "heures", "hour", "hours"},
      {kMinute, "minute", "minutes", "minute", "minutes"},
      {kSecond, "seconde", "secondes", "second", "seconds"},
  };
  const Unit* unit = &kUnits[3];
  for (const Unit& u : kUnits)
    if (ms >= u.ms * 3 / 2) {
      unit = &u;
      break;
    }
  std::int64_t n = (ms + unit->ms / 2) / unit->ms;
  if (n < 1) n = 1;
  const bool ahead = corrected_ms < 0;  // the offset went down: the clock was ahead
  const std::string amount = std::to_string(n) + " ";
  if (lang == Lang::en)
    return "This device's clock was off by " + amount + (n == 1 ? unit->en_one : unit->en_many) +
           (ahead ? " (ahead)" : " (behind)") + "; it has been corrected for syncing.";
  return "L'horloge de cet appareil était décalée de " + amount +
         (n == 1 ? unit->fr_one : unit->fr_many) + (ahead ? " (en avance)" : " (en retard)") +
         " ; elle a été corrigée pour la synchronisation.";
}

}  // namespace terrain::cli
