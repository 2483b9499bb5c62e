// A small cycle whose every figure is known by hand, captured by field tablets
// and pushed through a real terrain-server:
//
//  Cycle "Rencontres territoriales 2024"
//   M1 Bretagne (53: 22 29 35 56), 13 June, held. Tablets A and B at two doors.
//      7 check-ins kept: Claire Martin (A) and "claire  MARTIN" (B, the same person
//      from "MDPH d’Ille et Vilaine") count once; Jean Dupont (name later erased);
//      Aïcha Benali (personne concernée); Paul Le Gall (représentant; A and B then
//      both change his role without seeing each other: B's "organisateur" wins,
//      A's "intervenant" is a pending conflict); an anonymous ARS check-in without
//      consent; `Martin; "Le Grand"` (CNSA, animateur). A sixth name is checked in
//      and deleted. => 6 participants, 1 duplicate.
//      Head count "Plénière": A +40, B +35 (people concerned +3, +2); "Atelier 2":
//      B +18. => largest session 75.
//      Feedback: 2 très satisfait, 2 satisfait, 1 peu satisfait (and one deleted).
//      => 5 responses, 80,0 % satisfied, response rate 83,3 %.
//      Contributions: [3,2] {coordonner, mesurer} {citoyenneté}; [3] {territorialiser}; none.
//      One evaluation (the grid's complete example) by evaluator tablet E.
//   M2 Occitanie (76: 31 34), 19 September, held. Tablet C, synced 3 days late.
//      5 participants: Marc Vidal (ARS), Sophie Bernard (CD), Louise Faure
//      (proche aidant), Karim Haddad (opérateur), Yves Morel (no consent).
//      Feedback: satisfait, pas du tout satisfait, très satisfait => 66,7 %, rate 60,0 %.
//      Contribution [7] {simplifier}. One evaluation (totalement) by E.
//   M3 Hauts-de-France (32: 59 62), 21 November, planned. M4 Grand Est (44: 67 68),
//   10 October, cancelled.
//  Cycle "Webinaires MDPH 2024": M5, a national webinar (5 March) by tablet W,
//   whose scope is M5 only: 1 participant (Nadia Petit), 1 très satisfait. W also
//   pushes a check-in to M1: quarantined (out_of_scope), never counted.
//  Tablet N is enrolled and never syncs.
//
// Cycle totals: 3 active meetings (2 held, 1 planned), 11 participants, 8
// responses, 6 satisfied => 75,0 %, rate 72,7 %; people concerned 2 (18,2 %),
// representatives 1 (9,1 %); 4 contributions.
#pragma once

#include <string>
#include <vector>

#include "admin_client.h"
#include "field_device.h"
#include "server_process.h"
#include "temp_dir.h"

namespace terrain::test {

inline const std::string kCycle = "Rencontres territoriales 2024";
inline const std::string kAdminName = "admin";
inline const std::string kAdminPassword = "correct-horse-battery";

// Names that must never appear in an aggregate report.
inline const std::vector<std::string> kPersonalNames = {
    "Claire",   "MARTIN", "Dupont",         "Aïcha",     "Benali", "Le Gall",
    "Le Grand", "Vidal",  "Sophie Bernard", "Louise",    "Faure",  "Haddad",
    "Morel",    "Nadia",  "Petit",          "Supprimée", "Intrus"};

struct KnownCycle {
  TempDir dir;
  ServerProcess server{dir.file("server")};
  AdminClient admin{""};
  FieldDevice a{"Tablette Rennes porte nord"};
  FieldDevice b{"Tablette Rennes porte sud"};
  FieldDevice c{"Tablette Toulouse"};
  FieldDevice e{"Tablette évaluation"};
  FieldDevice w{"Tablette webinaires"};
  FieldDevice n{"Tablette jamais synchronisée"};
  std::string m1, m2, m3, m4, m5;
  std::string claire, claire_again, jean, aicha, paul, anonymous_ars, le_grand, deleted_person;
  std::string marc, yves, nadia;
  std::string quarantined_checkin;

  KnownCycle() {
    server.start();
    auto added = server.add_admin(kAdminName, kAdminPassword);
    if (added.exit_code != 0) throw std::runtime_error("admin add failed: " + added.err);
    admin = AdminClient(server.url());
    admin.login(kAdminName, kAdminPassword);
    nlohmann::json cycle_scope = {{"cycle", kCycle}};
    m5 = new_uuid_v7();
    a.enrol(server.url(), admin.enrolment_code("facilitator", cycle_scope));
    b.enrol(server.url(), admin.enrolment_code("facilitator", cycle_scope));
    c.enrol(server.url(), admin.enrolment_code("facilitator", cycle_scope));
    e.enrol(server.url(), admin.enrolment_code("evaluator", cycle_scope));
    w.enrol(server.url(), admin.enrolment_code("facilitator", {{"meetings", {m5}}}));
    n.enrol(server.url(), admin.enrolment_code("facilitator", cycle_scope));
    capture();
  }

  static nlohmann::json meeting(const std::string& title, const std::string& cycle,
                                const std::string& type, const std::string& starts_at,
                                const std::string& region, std::vector<std::string> departments,
                                const std::string& status) {
    nlohmann::json m = {
        {"type", type},           {"format", type == "webinaire" ? "distanciel" : "presentiel"},
        {"title", title},         {"cycle", cycle},
        {"starts_at", starts_at}, {"status", status}};
    if (!region.empty()) m["region"] = region;
    if (!departments.empty()) m["departments"] = departments;
    return m;
  }

  static nlohmann::json person(const char* name, const char* actor, const char* org,
                               const char* dep, const char* role, const char* concerned,
                               bool consent = true) {
    nlohmann::json j = {{"actor_type", actor}, {"consent", consent}};
    if (name) j["display_name"] = name;
    if (org) j["organisation"] = org;
    if (dep) j["department"] = dep;
    if (role) j["role"] = role;
    if (concerned) j["people_concerned"] = concerned;
    return j;
  }

  static nlohmann::json feedback(const char* level, std::optional<int> organisation = {}) {
    nlohmann::json answers = {{"satisfaction_globale", level}, {"participer_a_nouveau", true}};
    if (organisation) answers["organisation"] = *organisation;
    return {{"questionnaire_id", "satisfaction-rencontre-territoriale"},
            {"questionnaire_version", 1},
            {"answers", answers}};
  }

  std::string check_in(FieldDevice& d, const std::string& m, nlohmann::json p) {
    p["meeting"] = m;
    return d.create(m, "attendance", p);
  }

  void expect_accepted(const std::vector<std::string>& outcomes) {
    for (const auto& o : outcomes)
      if (o != "accepted") throw std::runtime_error("a change set was " + o);
  }

  void capture() {
    // --- M1, Bretagne: tablet A creates the meeting and checks people in at the north door.
    m1 = new_uuid_v7();
    a.create(m1, "meeting",
             meeting("Rencontre territoriale de l'autonomie — Bretagne", kCycle,
                     "rencontre_territoriale", "2024-06-13T09:30:00+02:00", "53",
                     {"22", "29", "35", "56"}, "terminee"),
             m1);
    claire = check_in(
        a, m1,
        person("Claire Martin", "mdph", "MDPH d'Ille-et-Vilaine", "35", "participant", "non"));
    jean = check_in(a, m1,
                    person("Jean Dupont", "cd", "Conseil départemental du Finistère", "29",
                           "intervenant", "non"));
    aicha = check_in(
        a, m1,
        person("Aïcha Benali", "personne", nullptr, "35", "participant", "personne_concernee"));
    paul = check_in(a, m1,
                    person("Paul Le Gall", "representant", "APF France handicap", "22",
                           "participant", "representant"));
    deleted_person =
        check_in(a, m1, person("Personne Supprimée", "autre", nullptr, nullptr, nullptr, nullptr));
    std::string plenary = a.create(
        m1, "headcount",
        {{"meeting", m1}, {"label", "Plénière"}, {"count", 0}, {"count_people_concerned", 0}});
    a.increment(m1, "headcount", plenary, "count", 40);
    a.increment(m1, "headcount", plenary, "count_people_concerned", 3);
    for (const char* level :
         {"tres_satisfait", "tres_satisfait", "satisfait", "satisfait", "peu_satisfait"}) {
      nlohmann::json f = feedback(level, 4);
      f["meeting"] = m1;
      a.create(m1, "feedback_response", f);
    }
    nlohmann::json regret = feedback("pas_du_tout_satisfait");
    regret["meeting"] = m1;
    std::string withdrawn = a.create(m1, "feedback_response", regret);
    a.create(m1, "contribution",
             {{"meeting", m1},
              {"workshop", "Atelier 2 : participation des personnes"},
              {"text", "Associer systématiquement le CDCA à la préparation des rencontres."},
              {"priorities", {3, 2}},
              {"principles", {"coordonner_nos_actions", "mesurer_notre_impact"}},
              {"values", {"citoyennete"}}});
    a.create(m1, "contribution",
             {{"meeting", m1},
              {"text", "Organiser des temps d'échange dans chaque département."},
              {"priorities", {3}},
              {"principles", {"territorialiser"}}});
    a.create(m1, "contribution",
             {{"meeting", m1}, {"text", "Simplifier les formulaires de demande."}});
    expect_accepted(a.push());

    // Later the same day, A deletes a mistaken check-in and a withdrawn response.
    a.remove(m1, "attendance", deleted_person);
    a.remove(m1, "feedback_response", withdrawn);
    expect_accepted(a.push());

    // Tablet B, south door (its clock 2 s ahead: its later edit wins).
    b.set_clock_offset_ms(2000);
    claire_again = check_in(
        b, m1,
        person("claire  MARTIN", "mdph", "MDPH d’Ille et Vilaine", "35", "participant", "non"));
    anonymous_ars = check_in(
        b, m1, person(nullptr, "ars", "ARS Bretagne", "35", "participant", nullptr, false));
    le_grand = check_in(
        b, m1, person("Martin; \"Le Grand\"", "cnsa", "CNSA", nullptr, "animateur", "non"));
    b.increment(m1, "headcount", plenary, "count", 35);
    b.increment(m1, "headcount", plenary, "count_people_concerned", 2);
    std::string workshop =
        b.create(m1, "headcount", {{"meeting", m1}, {"label", "Atelier 2"}, {"count", 0}});
    b.increment(m1, "headcount", workshop, "count", 18);
    expect_accepted(b.push());

    // Concurrent edits of Paul Le Gall's role: both saw only the check-in.
    Hlc seen = a.version_of(paul, "role");
    a.set(m1, "attendance", paul, {{"role", "intervenant"}}, seen);
    b.set(m1, "attendance", paul, {{"role", "organisateur"}}, seen);
    expect_accepted(a.push());
    expect_accepted(b.push());

    // --- M3 planned, M4 cancelled (tablet A).
    m3 = new_uuid_v7();
    a.create(m3, "meeting",
             meeting("Rencontre territoriale de l'autonomie — Hauts-de-France", kCycle,
                     "rencontre_territoriale", "2024-11-21T09:00:00+01:00", "32", {"59", "62"},
                     "planifiee"),
             m3);
    m4 = new_uuid_v7();
    a.create(m4, "meeting",
             meeting("Rencontre territoriale de l'autonomie — Grand Est", kCycle,
                     "rencontre_territoriale", "2024-10-10T09:00:00+02:00", "44", {"67", "68"},
                     "annulee"),
             m4);
    expect_accepted(a.push());

    // --- M2, Occitanie: tablet C captured it three days ago and syncs only now.
    c.set_clock_offset_ms(-3LL * 24 * 3600 * 1000);
    m2 = new_uuid_v7();
    c.create(m2, "meeting",
             meeting("Rencontre territoriale de l'autonomie — Occitanie", kCycle,
                     "rencontre_territoriale", "2024-09-19T09:30:00+02:00", "76", {"31", "34"},
                     "terminee"),
             m2);
    marc =
        check_in(c, m2, person("Marc Vidal", "ars", "ARS Occitanie", "31", "participant", "non"));
    check_in(c, m2,
             person("Sophie Bernard", "cd", "Conseil départemental de l'Hérault", "34",
                    "intervenant", "non"));
    check_in(c, m2,
             person("Louise Faure", "personne", nullptr, "31", "participant", "proche_aidant"));
    check_in(c, m2,
             person("Karim Haddad", "operateur", "Fédération APAJH", "34", "participant", "non"));
    yves =
        check_in(c, m2, person("Yves Morel", "autre", nullptr, nullptr, nullptr, nullptr, false));
    for (const char* level : {"satisfait", "pas_du_tout_satisfait", "tres_satisfait"}) {
      nlohmann::json f = feedback(level);
      f["meeting"] = m2;
      c.create(m2, "feedback_response", f);
    }
    c.create(m2, "contribution",
             {{"meeting", m2},
              {"text", "Développer l'habitat inclusif en zone rurale."},
              {"priorities", {7}},
              {"principles", {"simplifier"}}});
    expect_accepted(c.push());

    // --- Evaluations by tablet E.
    e.create(m1, "evaluation",
             {{"meeting", m1},
              {"evaluator_name", "Sophie Bernard"},
              {"questionnaire_id", "evaluation-grid"},
              {"questionnaire_version", 1},
              {"answers",
               {{"objectifs_atteints", "en_grande_partie"},
                {"objectifs_commentaire", "La convention tripartite a été présentée."},
                {"acteurs_representes", {"cnsa", "ars", "cd", "mdph", "representant", "personne"}},
                {"participation_personnes_concernees", true},
                {"modalites_participation", {"contribution_atelier", "temoignage"}},
                {"prise_en_compte_parole", 4},
                {"dynamique_des_echanges", "tres_satisfaisante"},
                {"priorites_abordees", {"priorite_3", "priorite_5"}},
                {"principes_mis_en_oeuvre", {"mieux_se_connaitre", "coordonner_nos_actions"}},
                {"actions_de_suivi", true},
                {"actions_de_suivi_detail", "Calendrier commun ARS–CD à établir avant décembre."},
                {"recommandation", "reconduire_avec_ajustements"}}},
              {"completed_at", "2024-06-14T11:05:00+02:00"}});
    e.create(m2, "evaluation",
             {{"meeting", m2},
              {"evaluator_name", "Sophie Bernard"},
              {"questionnaire_id", "evaluation-grid"},
              {"questionnaire_version", 1},
              {"answers",
               {{"objectifs_atteints", "totalement"},
                {"acteurs_representes", {"ars", "cd"}},
                {"participation_personnes_concernees", false},
                {"dynamique_des_echanges", "satisfaisante"},
                {"actions_de_suivi", false},
                {"recommandation", "reconduire"}}}});
    expect_accepted(e.push());

    // --- M5, a national webinar of another cycle, by tablet W (scope: M5 only).
    w.create(m5, "meeting",
             meeting("Webinaire des directeurs de MDPH", "Webinaires MDPH 2024", "webinaire",
                     "2024-03-05T14:00:00Z", "", {}, "terminee"),
             m5);
    nadia =
        check_in(w, m5, person("Nadia Petit", "mdph", "MDPH du Nord", "59", "participant", "non"));
    nlohmann::json f = feedback("tres_satisfait");
    f["meeting"] = m5;
    w.create(m5, "feedback_response", f);
    expect_accepted(w.push());
    // W then writes to M1, outside its scope: quarantined, never merged.
    quarantined_checkin =
        check_in(w, m1, person("Intrus Horscadre", "autre", nullptr, nullptr, nullptr, nullptr));
    auto q = w.push();
    if (q.size() != 1 || q[0] != "quarantined") throw std::runtime_error("expected a quarantine");

    // --- Jean Dupont asks for his name to be erased (GDPR).
    auto r = admin.post("/admin/redactions",
                        {{"collection", "attendance"}, {"id", jean}, {"field", "display_name"}});
    if (r.status != 200) throw std::runtime_error("erasure refused: " + r.body);
  }
};

inline std::string cycle_query() {
  return "cycle=" + url_encode(kCycle);
}

}  // namespace terrain::test
