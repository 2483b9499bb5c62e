// Report figures against a cycle whose answers are known (known_cycle.h).
#include <catch2/catch.hpp>

#include "known_cycle.h"

using namespace terrain::test;
using nlohmann::json;

namespace {

json find_code(const json& list, const json& code) {
  for (const auto& x : list)
    if (x.at("code") == code) return x;
  FAIL("no entry " << code.dump());
  return {};
}

json find_meeting(const json& list, const std::string& id) {
  for (const auto& x : list)
    if (x.at("id") == id) return x;
  FAIL("no meeting " << id);
  return {};
}

}  // namespace

TEST_CASE(
    "Participants are distinct per meeting: duplicates count once, deleted check-ins not at all") {
  KnownCycle k;
  json p = k.admin.report("/admin/reports/participants?" + cycle_query());
  const json& t = p["totals"];
  CHECK(t["meetings"] == 3);
  CHECK(t["participants"] == 11);
  CHECK(t["attendance_records"] == 12);
  CHECK(t["duplicates_merged"] == 1);
  CHECK(t["anonymous"] == 1);
  CHECK(t["redacted_names"] == 1);
  CHECK(t["deleted_records_excluded"] == 2);  // a check-in and a feedback response in M1
  CHECK(t["records_with_conflicts"] == 1);
  CHECK(t["people_concerned"]["count"] == 2);
  CHECK(t["people_concerned"]["percent"] == 18.2);
  CHECK(t["representatives"]["count"] == 1);
  CHECK(t["representatives"]["percent"] == 9.1);

  json m1 = find_meeting(p["meetings"], k.m1);
  CHECK(m1["participants"] == 6);
  CHECK(m1["attendance_records"] == 7);
  CHECK(m1["duplicates"] == 1);
  json m2 = find_meeting(p["meetings"], k.m2);
  CHECK(m2["participants"] == 5);

  SECTION("by actor type, with every type listed") {
    const json& a = p["by_actor_type"];
    CHECK(a.size() == 10);
    CHECK(find_code(a, "mdph")["count"] == 1);
    CHECK(find_code(a, "cd")["count"] == 2);
    CHECK(find_code(a, "ars")["count"] == 2);
    CHECK(find_code(a, "personne")["count"] == 2);
    CHECK(find_code(a, "representant")["count"] == 1);
    CHECK(find_code(a, "cnsa")["count"] == 1);
    CHECK(find_code(a, "operateur")["count"] == 1);
    CHECK(find_code(a, "autre")["count"] == 1);
    CHECK(find_code(a, "mda")["count"] == 0);
    CHECK(find_code(a, "cd")["label"] == "Conseil départemental (CD)");
  }
  SECTION("by department of the person's organisation") {
    const json& d = p["by_department"];
    CHECK(find_code(d, "35")["count"] == 3);
    CHECK(find_code(d, "31")["count"] == 2);
    CHECK(find_code(d, "34")["count"] == 2);
    CHECK(find_code(d, "29")["count"] == 1);
    CHECK(find_code(d, "22")["count"] == 1);
    CHECK(find_code(d, "")["count"] == 2);
    CHECK(find_code(d, "")["label"] == "Non renseigné");
  }
  SECTION("the winning value of a conflicting edit counts") {
    const json& r = p["by_role"];
    CHECK(find_code(r, "organisateur")["count"] == 1);
    CHECK(find_code(r, "intervenant")["count"] == 2);  // Jean Dupont, Sophie Bernard
  }
}

TEST_CASE("Head counts add every tablet's tally and sit beside checked-in attendance") {
  KnownCycle k;
  json p = k.admin.report("/admin/reports/participants?meeting=" + k.m1);
  json m1 = find_meeting(p["meetings"], k.m1);
  CHECK(m1["headcount"]["largest"] == 75);
  CHECK(m1["participants"] == 6);
  const json& sessions = m1["headcount"]["sessions"];
  REQUIRE(sessions.size() == 2);
  json plenary = sessions[1]["label"] == "Plénière" ? sessions[1] : sessions[0];
  CHECK(plenary["count"] == 75);
  CHECK(plenary["people_concerned"] == 5);
  REQUIRE(plenary["by_device"].size() == 2);
  std::map<std::string, int> by_device;
  for (const auto& d : plenary["by_device"]) by_device[d["device"]] = d["count"];
  CHECK(by_device[k.a.id()] == 40);
  CHECK(by_device[k.b.id()] == 35);
  CHECK(p["totals"]["headcount"]["total"] == 75);
}

TEST_CASE("Satisfaction: distribution on the four levels, share satisfied, response rate") {
  KnownCycle k;
  json s = k.admin.report("/admin/reports/satisfaction?" + cycle_query());
  const json& t = s["totals"];
  CHECK(t["responses"] == 8);
  CHECK(t["participants"] == 11);
  CHECK(t["response_rate_percent"] == 72.7);
  CHECK(t["satisfied"]["count"] == 6);
  CHECK(t["satisfied"]["percent"] == 75.0);
  CHECK(t["headline"] == "75,0 % satisfaits ou très satisfaits");
  const json& d = t["distribution"];
  REQUIRE(d.size() == 4);
  CHECK(d[0]["label"] == "Très satisfait");
  CHECK(d[0]["count"] == 3);
  CHECK(d[1]["label"] == "Satisfait");
  CHECK(d[1]["count"] == 3);
  CHECK(d[2]["label"] == "Peu satisfait");
  CHECK(d[2]["count"] == 1);
  CHECK(d[3]["label"] == "Pas du tout satisfait");
  CHECK(d[3]["count"] == 1);

  json m1 = find_meeting(s["meetings"], k.m1);
  CHECK(m1["responses"] == 5);
  CHECK(m1["satisfied"]["percent"] == 80.0);
  CHECK(m1["response_rate_percent"] == 83.3);
  json m2 = find_meeting(s["meetings"], k.m2);
  CHECK(m2["responses"] == 3);
  CHECK(m2["satisfied"]["percent"] == 66.7);
  CHECK(m2["response_rate_percent"] == 60.0);

  SECTION("other questions are summarised, numeric scales with their average") {
    REQUIRE(s["questionnaires"].size() == 1);
    const json& q = s["questionnaires"][0];
    CHECK(q["id"] == "satisfaction-rencontre-territoriale");
    CHECK(q["responses"] == 8);
    for (const auto& question : q["questions"]) {
      if (question["id"] == "organisation") {
        CHECK(question["answered"] == 5);
        CHECK(question["average"] == 4.0);
      }
      if (question["id"] == "participer_a_nouveau") CHECK(question["answered"] == 8);
    }
  }
}

TEST_CASE(
    "Contributions are counted per strategic priority, axis and principle, with texts for one "
    "meeting") {
  KnownCycle k;
  json c = k.admin.report("/admin/reports/contributions?" + cycle_query());
  CHECK(c["totals"]["contributions"] == 4);
  CHECK(c["totals"]["without_priority"] == 1);
  const json& p = c["priorities"];
  REQUIRE(p.size() == 11);
  CHECK(find_code(p, 3)["count"] == 2);
  CHECK(find_code(p, 3)["percent"] == 50.0);
  CHECK(find_code(p, 3)["label"] ==
        "Favoriser la participation des personnes à l'amélioration de la qualité du service "
        "rendu et du parcours de vie.");
  CHECK(find_code(p, 3)["axis_label"] == "Améliorer le service rendu aux personnes");
  CHECK(find_code(p, 2)["count"] == 1);
  CHECK(find_code(p, 7)["count"] == 1);
  CHECK(find_code(p, 11)["count"] == 0);
  CHECK(find_code(c["axes"], "ameliorer_le_service_rendu")["count"] == 2);
  CHECK(find_code(c["axes"], "organiser_l_offre")["count"] == 1);
  CHECK(find_code(c["principles"], "territorialiser")["count"] == 1);
  CHECK(find_code(c["principles"], "territorialiser")["label"] == "Territorialiser");
  CHECK(find_code(c["principles"], "partager_les_donnees")["count"] == 0);
  CHECK_FALSE(c.contains("texts"));

  json one = k.admin.report("/admin/reports/contributions?meeting=" + k.m1);
  REQUIRE(one["texts"].size() == 3);
  bool found = false;
  for (const auto& t : one["texts"])
    if (t["text"] == "Associer systématiquement le CDCA à la préparation des rencontres.") {
      found = true;
      CHECK(t["workshop"] == "Atelier 2 : participation des personnes");
      CHECK(t["priorities"].size() == 2);
      CHECK(t["principles"][0]["label"] == "Coordonner nos actions");
    }
  CHECK(found);
}

TEST_CASE("Evaluation grids are summarised question by question") {
  KnownCycle k;
  json e = k.admin.report("/admin/reports/evaluations?" + cycle_query());
  CHECK(e["totals"]["evaluations"] == 2);
  CHECK(e["totals"]["meetings_evaluated"] == 2);
  REQUIRE(e["questionnaires"].size() == 1);
  std::map<std::string, json> q;
  for (const auto& x : e["questionnaires"][0]["questions"]) q[x["id"]] = x;
  CHECK(q["objectifs_atteints"]["answered"] == 2);
  CHECK(find_code(q["objectifs_atteints"]["options"], "totalement")["count"] == 1);
  CHECK(find_code(q["objectifs_atteints"]["options"], "en_grande_partie")["count"] == 1);
  CHECK(q["objectifs_atteints"]["average"] == 3.5);
  CHECK(q["prise_en_compte_parole"]["answered"] == 1);
  CHECK(q["prise_en_compte_parole"]["average"] == 4.0);
  CHECK(find_code(q["participation_personnes_concernees"]["options"], "oui")["count"] == 1);
  CHECK(find_code(q["participation_personnes_concernees"]["options"], "non")["count"] == 1);
  CHECK(find_code(q["acteurs_representes"]["options"], "cd")["count"] == 2);
  CHECK(find_code(q["acteurs_representes"]["options"], "cd")["percent"] == 100.0);
  // Free texts are only counted.
  CHECK(q["objectifs_commentaire"]["answered"] == 1);
  CHECK_FALSE(q["objectifs_commentaire"].contains("options"));
}

TEST_CASE(
    "Meetings are counted by status, type and territory and uncovered territories are listed") {
  KnownCycle k;
  json m = k.admin.report("/admin/reports/meetings?" + cycle_query());
  CHECK(m["totals"]["total"] == 4);
  CHECK(m["totals"]["held"] == 2);
  CHECK(m["totals"]["planned"] == 1);
  CHECK(m["totals"]["cancelled"] == 1);
  CHECK(find_code(m["by_type"], "rencontre_territoriale")["held"] == 2);
  CHECK(find_code(m["by_region"], "53")["held"] == 1);
  CHECK(find_code(m["by_region"], "32")["planned"] == 1);
  CHECK(find_code(m["by_department"], "35")["held"] == 1);
  json m1 = find_meeting(m["meetings"], k.m1);
  CHECK(m1["participants"] == 6);
  CHECK(m1["headcount"] == 75);
  CHECK(m1["satisfied_percent"] == 80.0);
  CHECK(m1["contributions"] == 3);
  CHECK(m1["evaluations"] == 1);
  CHECK(m1["conflicted_records"] == 1);
  CHECK(m1["region_label"] == "Bretagne");

  json c = k.admin.report("/admin/reports/coverage?" + cycle_query());
  CHECK(c["totals"]["departments"]["total"] == 101);
  CHECK(c["totals"]["departments"]["covered"] == 6);
  CHECK(c["totals"]["departments"]["planned_only"] == 2);
  CHECK(c["totals"]["departments"]["not_covered"] == 93);
  CHECK(c["totals"]["regions"]["total"] == 18);
  CHECK(c["totals"]["regions"]["covered"] == 2);
  CHECK(c["totals"]["regions"]["planned_only"] == 1);
  CHECK(c["totals"]["regions"]["not_covered"] == 15);
  const json& not_covered = c["not_yet_covered"]["departments"];
  CHECK(std::find(not_covered.begin(), not_covered.end(), "59") != not_covered.end());  // planned
  CHECK(std::find(not_covered.begin(), not_covered.end(), "67") != not_covered.end());  // cancelled
  CHECK(std::find(not_covered.begin(), not_covered.end(), "35") == not_covered.end());
  CHECK(find_code(c["departments"], "59")["status"] == "prevu");
  CHECK(find_code(c["departments"], "2A")["status"] == "non_couvert");
  CHECK(find_code(c["regions"], "76")["status"] == "couvert");
}

TEST_CASE("The summary gives the headline figures of the cycle") {
  KnownCycle k;
  json s = k.admin.report("/admin/reports/summary?" + cycle_query());
  CHECK(s["text"] == "2 rencontres tenues, 11 participants, 75,0 % satisfaits ou très satisfaits");
  CHECK(s["contributions"]["contributions"] == 4);
}

TEST_CASE(
    "Freshness shows devices that never synced, late syncs, pending conflicts and quarantine") {
  KnownCycle k;
  json f = k.admin.report("/admin/reports/freshness");
  std::map<std::string, json> devices;
  for (const auto& d : f["devices"]) devices[d["device_id"]] = d;
  REQUIRE(devices.size() == 6);
  CHECK(devices[k.n.id()]["state"] == "jamais_synchronisee");
  CHECK(devices[k.n.id()]["possibly_unsynced_since_ms"].is_number());
  CHECK(devices[k.a.id()]["state"] == "a_jour");
  CHECK(devices[k.a.id()]["change_sets"] == 5);  // M1 twice, the conflict, M3, M4
  CHECK(devices[k.a.id()]["late_change_sets"] == 0);
  CHECK(devices[k.c.id()]["late_change_sets"] == 1);
  CHECK(devices[k.c.id()]["max_lag_ms"].get<std::int64_t>() > 2 * 24 * 3600 * 1000LL);
  CHECK(devices[k.w.id()]["quarantined"] == 1);
  CHECK(devices[k.a.id()]["pending_conflicts"] == 1);
  CHECK(devices[k.b.id()]["pending_conflicts"] == 1);

  CHECK(f["totals"]["pending_conflicts"] == 1);
  REQUIRE(f["conflicts"]["list"].size() == 1);
  const json& conflict = f["conflicts"]["list"][0];
  CHECK(conflict["id"] == k.paul);
  CHECK(conflict["field"] == "role");
  CHECK(conflict["loser_device"] == k.a.id());
  CHECK(conflict["winner_device"] == k.b.id());
  CHECK_FALSE(conflict.contains("loser"));  // no values
  REQUIRE(f["quarantine"].size() == 1);
  CHECK(f["quarantine"][0]["reason"] == "out_of_scope");
  CHECK(f["quarantine"][0]["meeting"] == k.m1);
  CHECK(f["totals"]["orphan_records"] == 0);
}

TEST_CASE("A report reads merged state: a sync arriving later changes the figures") {
  KnownCycle k;
  json before = k.admin.report("/admin/reports/participants?meeting=" + k.m2);
  CHECK(before["totals"]["participants"] == 5);
  // C checks in one more person and deletes Marc Vidal's check-in, synced later.
  json helene = KnownCycle::person("Hélène Roux", "mda", "MDA de la Haute-Garonne", "31",
                                   "participant", "non");
  helene["meeting"] = k.m2;
  k.c.create(k.m2, "attendance", helene);
  k.c.remove(k.m2, "attendance", k.marc);
  k.expect_accepted(k.c.push());
  json after = k.admin.report("/admin/reports/participants?meeting=" + k.m2);
  CHECK(after["totals"]["participants"] == 5);
  CHECK(find_code(after["by_actor_type"], "mda")["count"] == 1);
  CHECK(find_code(after["by_actor_type"], "ars")["count"] == 0);
}
