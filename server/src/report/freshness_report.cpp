#include <map>

#include "report/csv.h"
#include "report/figures.h"
#include "report/reports.h"
#include "store/store.h"

namespace terrain::server::report {
namespace {

std::string fmt_hours(std::int64_t ms) {
  return french_decimal(static_cast<double>(ms) / 3'600'000.0, 1);
}

nlohmann::json opt_ms(const sqlite::Statement& q, int col) {
  return q.is_null(col) ? nlohmann::json() : nlohmann::json(q.int64(col));
}

Cell opt_time(const nlohmann::json& ms) {
  return ms.is_number_integer() ? Cell::str(iso_utc(ms.get<std::int64_t>())) : Cell::none();
}

}  // namespace

Result<Report> freshness_report(sqlite::Database& db, const FreshnessOptions& options,
                                const Reference&) {
  const std::int64_t now = now_ms();
  Report r;
  r.name = "freshness";
  r.json = {{"report", "freshness"},
            {"title", "Fraîcheur des données"},
            {"generated_at", iso_utc(now)},
            {"server_time_ms", now},
            {"stale_after_hours", static_cast<double>(options.stale_after_ms) / 3'600'000.0},
            {"late_sync_hours", static_cast<double>(options.late_sync_ms) / 3'600'000.0}};
  const std::string stale_h =
      french_decimal(static_cast<double>(options.stale_after_ms) / 3'600'000.0, 0);
  const std::string late_h =
      french_decimal(static_cast<double>(options.late_sync_ms) / 3'600'000.0, 0);
  nlohmann::json definitions = nlohmann::json::object();
  definitions["unsynced"] =
      "Le serveur ne voit pas ce qu'une tablette n'a pas envoyé : une tablette qui ne s'est pas "
      "synchronisée depuis plus de " +
      stale_h +
      " h peut détenir des données saisies depuis sa dernière synchronisation (ou depuis son "
      "enrôlement si elle ne s'est jamais synchronisée).";
  definitions["late"] = "Lot arrivé en retard : saisi (horloge de la tablette) plus de " + late_h +
                        " h avant sa réception.";
  r.json["definitions"] = definitions;

  // Meeting titles, for readable conflict and quarantine lines.
  std::map<std::string, std::string> titles;
  {
    auto q = db.prepare(
        "SELECT id, json_extract(view, '$.title') FROM records WHERE collection = 'meeting'");
    if (!q) return q.error();
    for (;;) {
      auto row = q->step();
      if (!row) return row.error();
      if (!*row) break;
      titles[q->text(0)] = q->text(1);
    }
  }

  // Pending conflicts: which records and fields, which devices. Never the values.
  std::map<std::string, std::int64_t> conflicts_by_device;
  nlohmann::json conflict_list = nlohmann::json::array();
  std::map<std::string, std::pair<std::int64_t, std::int64_t>> conflicts_by_collection;
  Table conflicts{"conflits",
                  "Conflits en attente de revue",
                  {"Collection", "Enregistrement", "Rencontre", "Intitulé de la rencontre", "Champ",
                   "Nature", "Tablette écartée", "Tablette retenue"},
                  {}};
  {
    auto q = db.prepare(
        "SELECT collection, id, meeting, view FROM records WHERE conflicts > 0 ORDER BY "
        "collection, id");
    if (!q) return q.error();
    for (;;) {
      auto row = q->step();
      if (!row) return row.error();
      if (!*row) break;
      std::string collection = q->text(0), id = q->text(1), meeting = q->text(2);
      auto view = nlohmann::json::parse(q->text(3), nullptr, false);
      if (view.is_discarded() || !view.contains("_conflicts")) continue;
      auto& per = conflicts_by_collection[collection];
      ++per.first;
      for (const auto& c : view["_conflicts"]) {
        ++per.second;
        std::string loser, winner;
        if (c.contains("loser") && c["loser"].is_object())
          loser = c["loser"].value("device", std::string());
        if (c.contains("winner") && c["winner"].is_object())
          winner = c["winner"].value("device", std::string());
        if (!loser.empty()) ++conflicts_by_device[loser];
        if (!winner.empty() && winner != loser) ++conflicts_by_device[winner];
        std::string kind = c.value("kind", std::string());
        std::string kind_label = kind == "edit_vs_delete" ? "Modification contre suppression"
                                                          : "Modifications concurrentes";
        conflict_list.push_back({{"collection", collection},
                                 {"id", id},
                                 {"meeting", meeting},
                                 {"meeting_title", titles.count(meeting) ? titles[meeting] : ""},
                                 {"field", c.value("field", std::string())},
                                 {"kind", kind},
                                 {"loser_device", loser},
                                 {"winner_device", winner}});
        conflicts.rows.push_back({Cell::str(collection), Cell::str(id), Cell::str(meeting),
                                  Cell::str(titles.count(meeting) ? titles[meeting] : ""),
                                  Cell::str(c.value("field", std::string())), Cell::str(kind_label),
                                  Cell::str(loser), Cell::str(winner)});
      }
    }
  }

  // Quarantined change sets: metadata only.
  nlohmann::json quarantine = nlohmann::json::array();
  Table quarantine_table{"quarantaine",
                         "Lots en quarantaine",
                         {"Empreinte", "Tablette", "Numéro de lot", "Rencontre",
                          "Intitulé de la rencontre", "Motif", "Détail", "Reçu le (UTC)"},
                         {}};
  {
    auto q = db.prepare(
        "SELECT hash, device_id, seq, meeting, reason, message, received_ms FROM change_sets "
        "WHERE state = 'quarantined' ORDER BY received_ms, id");
    if (!q) return q.error();
    for (;;) {
      auto row = q->step();
      if (!row) return row.error();
      if (!*row) break;
      std::string meeting = q->text(3);
      std::string title = titles.count(meeting) ? titles[meeting] : "";
      quarantine.push_back({{"hash", q->text(0)},
                            {"device", q->text(1)},
                            {"seq", q->int64(2)},
                            {"meeting", meeting},
                            {"meeting_title", title},
                            {"reason", q->text(4)},
                            {"message", q->text(5)},
                            {"received_ms", q->int64(6)},
                            {"received_at", iso_utc(q->int64(6))}});
      quarantine_table.rows.push_back({Cell::str(q->text(0)), Cell::str(q->text(1)),
                                       Cell::count(q->int64(2)), Cell::str(meeting),
                                       Cell::str(title), Cell::str(q->text(4)),
                                       Cell::str(q->text(5)), Cell::str(iso_utc(q->int64(6)))});
    }
  }

  // Devices.
  Table devices{"appareils",
                "Tablettes : dernière synchronisation et données en attente",
                {"Tablette", "Libellé", "Rôle", "État", "Enrôlée le (UTC)",
                 "Dernière synchronisation (UTC)", "Dernier lot reçu (numéro)", "Lots reçus",
                 "Dernier envoi reçu (UTC)", "Saisie la plus récente reçue (UTC)",
                 "Lots arrivés en retard", "Plus grand retard (h)", "Lots en quarantaine",
                 "Conflits en attente", "Données possiblement non synchronisées depuis (UTC)"},
                {}};
  nlohmann::json device_list = nlohmann::json::array();
  std::map<std::string, std::int64_t> states;
  {
    auto q = db.prepare(R"sql(
SELECT d.device_id, d.label, d.role, d.enrolled_ms, d.last_seen_ms, d.last_seq, d.flagged,
       d.revoked_ms,
       COUNT(c.id), MAX(c.received_ms), MAX(c.device_time_ms),
       COALESCE(SUM(c.received_ms - c.device_time_ms > ?), 0),
       MAX(c.received_ms - c.device_time_ms),
       COALESCE(SUM(c.state = 'quarantined'), 0)
FROM devices d LEFT JOIN change_sets c ON c.device_id = d.device_id
WHERE d.is_server = 0
GROUP BY d.device_id ORDER BY d.enrolled_ms, d.device_id)sql");
    if (!q) return q.error();
    q->bind(1, options.late_sync_ms);
    for (;;) {
      auto row = q->step();
      if (!row) return row.error();
      if (!*row) break;
      std::string id = q->text(0);
      std::int64_t enrolled = q->int64(3);
      nlohmann::json last_seen = opt_ms(*q, 4);
      bool flagged = q->int64(6) != 0;
      bool revoked = !q->is_null(7);
      std::string state, label;
      nlohmann::json since;
      if (revoked) {
        state = "revoquee";
        label = "Révoquée";
      } else if (last_seen.is_null()) {
        state = "jamais_synchronisee";
        label = "Jamais synchronisée";
        since = enrolled;
      } else if (now - last_seen.get<std::int64_t>() > options.stale_after_ms) {
        state = "en_retard";
        label = "Pas de synchronisation depuis " +
                french_decimal(
                    static_cast<double>(now - last_seen.get<std::int64_t>()) / 86'400'000.0, 1) +
                " j";
        since = last_seen;
      } else {
        state = "a_jour";
        label = "À jour";
      }
      if (flagged) label += " (signalée : fourche)";
      ++states[state];
      std::int64_t pending = conflicts_by_device.count(id) ? conflicts_by_device[id] : 0;
      nlohmann::json max_lag = opt_ms(*q, 12);
      device_list.push_back({{"device_id", id},
                             {"label", q->text(1)},
                             {"role", q->text(2)},
                             {"state", state},
                             {"state_label", label},
                             {"flagged", flagged},
                             {"revoked", revoked},
                             {"enrolled_ms", enrolled},
                             {"last_seen_ms", last_seen},
                             {"last_seq", q->int64(5)},
                             {"change_sets", q->int64(8)},
                             {"last_push_ms", opt_ms(*q, 9)},
                             {"latest_data_ms", opt_ms(*q, 10)},
                             {"late_change_sets", q->int64(11)},
                             {"max_lag_ms", max_lag},
                             {"quarantined", q->int64(13)},
                             {"pending_conflicts", pending},
                             {"possibly_unsynced_since_ms", since}});
      devices.rows.push_back(
          {Cell::str(id), Cell::str(q->text(1)), Cell::str(q->text(2)), Cell::str(label),
           Cell::str(iso_utc(enrolled)), opt_time(last_seen), Cell::count(q->int64(5)),
           Cell::count(q->int64(8)), opt_time(opt_ms(*q, 9)), opt_time(opt_ms(*q, 10)),
           Cell::count(q->int64(11)),
           max_lag.is_null() ? Cell::none() : Cell::str(fmt_hours(max_lag.get<std::int64_t>())),
           Cell::count(q->int64(13)), Cell::count(pending), opt_time(since)});
    }
  }

  // Records whose meeting is unknown or deleted (R3).
  nlohmann::json orphans = nlohmann::json::object();
  std::int64_t orphan_total = 0;
  {
    auto q = db.prepare(R"sql(
WITH per_meeting AS (
  SELECT meeting, collection, COUNT(*) AS n FROM records
  WHERE collection NOT IN ('meeting', 'questionnaire') GROUP BY meeting, collection)
SELECT p.collection, SUM(p.n) FROM per_meeting p
LEFT JOIN records m ON m.collection = 'meeting' AND m.id = p.meeting
WHERE m.id IS NULL OR json_extract(m.view, '$._deleted')
GROUP BY p.collection ORDER BY p.collection)sql");
    if (!q) return q.error();
    for (;;) {
      auto row = q->step();
      if (!row) return row.error();
      if (!*row) break;
      orphans[q->text(0)] = q->int64(1);
      orphan_total += q->int64(1);
    }
  }

  nlohmann::json by_collection = nlohmann::json::array();
  std::int64_t conflicted_records = 0;
  for (const auto& [c, n] : conflicts_by_collection) {
    by_collection.push_back({{"collection", c}, {"records", n.first}, {"conflicts", n.second}});
    conflicted_records += n.first;
  }
  r.json["totals"] = {{"devices", device_list.size()},
                      {"up_to_date", states["a_jour"]},
                      {"stale", states["en_retard"]},
                      {"never_synced", states["jamais_synchronisee"]},
                      {"revoked", states["revoquee"]},
                      {"pending_conflicts", conflict_list.size()},
                      {"records_with_conflicts", conflicted_records},
                      {"quarantined_change_sets", quarantine.size()},
                      {"orphan_records", orphan_total}};
  r.json["devices"] = device_list;
  r.json["conflicts"] = {{"by_collection", by_collection}, {"list", conflict_list}};
  r.json["quarantine"] = quarantine;
  r.json["orphan_records"] = orphans;
  r.tables = {std::move(devices), std::move(conflicts), std::move(quarantine_table)};
  return r;
}

}  // namespace terrain::server::report
