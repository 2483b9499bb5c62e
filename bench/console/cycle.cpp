#include "cycle.h"

#include <algorithm>
#include <cstdio>
#include <fstream>
#include <map>
#include <random>
#include <stdexcept>

#include "terrain/protocol/ids.h"

namespace terrain::bench {
namespace {

using nlohmann::json;

json read_reference(const std::filesystem::path& dir, const char* name) {
  std::ifstream in(dir / name);
  if (!in) throw std::runtime_error("cannot read " + (dir / name).string());
  return json::parse(in).at("items");
}

class Rng {
 public:
  explicit Rng(std::uint64_t seed) : g_(seed) {}
  int below(int n) { return static_cast<int>(g_() % static_cast<std::uint64_t>(n)); }
  bool chance(double p) { return std::uniform_real_distribution<double>(0, 1)(g_) < p; }
  template <class T>
  const T& pick(const std::vector<T>& v) {
    return v[static_cast<std::size_t>(below(static_cast<int>(v.size())))];
  }
  template <class T>
  const T& weighted(const std::vector<T>& v, const std::vector<int>& w) {
    int total = 0;
    for (int x : w) total += x;
    int r = below(total);
    for (std::size_t i = 0; i < v.size(); ++i) {
      if (r < w[i]) return v[i];
      r -= w[i];
    }
    return v.back();
  }
  template <class T>
  std::vector<T> sample(const std::vector<T>& v, int max) {
    const int n = 1 + below(max);
    std::vector<T> out;
    while (static_cast<int>(out.size()) < n) {
      const T& x = pick(v);
      if (std::find(out.begin(), out.end(), x) == out.end()) out.push_back(x);
    }
    return out;
  }
  std::string bytes10() {
    std::string s(10, '\0');
    for (auto& c : s) c = static_cast<char>(g_() & 0xff);
    return s;
  }

 private:
  std::mt19937_64 g_;
};

const std::vector<std::string> kFirst = {
    "Camille", "Nathalie", "Sophie",   "Isabelle", "Marie",   "Céline",    "Julien",
    "Nicolas", "Thomas",   "Laurent",  "Aurélie",  "Émilie",  "Hélène",    "François",
    "Élodie",  "Mathieu",  "Karim",    "Fatima",   "Yannick", "Maëlle",    "Loïc",
    "Léa",     "Chloé",    "Pascal",   "Sylvie",   "Agnès",   "Jean-Pierre", "Anne-Sophie"};
const std::vector<std::string> kLast = {
    "Martin", "Bernard", "Dubois", "Thomas",  "Robert",  "Richard", "Petit",   "Durand",
    "Leroy",  "Moreau",  "Simon",  "Laurent", "Lefebvre", "Michel", "Garcia",  "David",
    "Bertrand", "Roux",  "Vincent", "Fournier", "Morel", "Girard",  "Le Gall", "Nguyen",
    "Benali", "Hoarau",  "Payet",  "Kerbrat", "Santini", "Lopez"};
const std::vector<std::string> kActors = {"ars",         "cd",       "mdph",      "mda",
                                          "cnsa",        "etat",     "representant", "personne",
                                          "operateur",   "autre"};
const std::vector<int> kActorWeights = {14, 22, 20, 6, 4, 6, 10, 6, 10, 2};
const std::vector<std::string> kRoles = {"participant", "intervenant", "animateur", "organisateur",
                                         "evaluateur"};
const std::vector<int> kRoleWeights = {70, 12, 8, 6, 4};
const std::vector<std::string> kPeople = {"non", "representant", "personne_concernee",
                                          "proche_aidant"};
const std::vector<int> kPeopleWeights = {70, 12, 10, 8};
const std::vector<int> kTypeWeights = {55, 5, 12, 8, 6, 6, 4, 2, 2};  // meeting_types.json order
const std::vector<std::string> kFormats = {"presentiel", "presentiel", "presentiel", "hybride",
                                           "distanciel"};
const std::vector<std::string> kSatisfaction = {"tres_satisfait", "satisfait", "peu_satisfait",
                                                "pas_du_tout_satisfait"};
const std::vector<std::string> kUseful = {"tres_utile", "utile", "peu_utile", "pas_du_tout_utile"};
const std::vector<int> kSatWeights = {38, 43, 14, 5};
const std::vector<std::string> kPrinciples = {"mieux_se_connaitre",  "coordonner_nos_actions",
                                              "territorialiser",     "simplifier",
                                              "partager_les_donnees", "mesurer_notre_impact"};
const std::vector<std::string> kValues = {"confiance",   "partenariat",  "coherence",
                                          "citoyennete", "transparence", "efficience"};
const std::vector<std::string> kWorkshops = {
    "Atelier 1 : accès aux droits", "Atelier 2 : vie à domicile",
    "Atelier 3 : participation des personnes", "Atelier 4 : partage des données"};
const std::vector<std::string> kPhrases = {
    "Mettre en place un guichet unique d’information dans chaque département",
    "partager les données de la MDPH avec le conseil départemental pour éviter les doubles saisies",
    "associer les personnes concernées dès la conception des réponses",
    "simplifier les formulaires de demande d’APA et de PCH",
    "organiser des rencontres régulières entre l’ARS, le CD et la MDPH",
    "renforcer l’accompagnement des proches aidants et les solutions de répit",
    "développer l’habitat inclusif dans les territoires ruraux",
    "former les équipes médico-sociales à l’autodétermination",
    "réduire les délais de traitement des demandes de compensation",
    "lutter contre l’isolement social des aînés par des visites à domicile"};
const std::vector<std::string> kComments = {"Très bonne organisation.",
                                            "Ateliers trop courts.",
                                            "Échanges riches et concrets.",
                                            "Salle peu accessible.",
                                            "Merci pour la qualité des interventions.",
                                            "Plus de temps pour les questions.",
                                            ""};

std::string two(int v) {
  return std::string(v < 10 ? "0" : "") + std::to_string(v);
}

// RFC 3339 in Paris time (summer time from April to October, roughly).
std::string paris(int month, int day, int minutes) {
  return "2025-" + two(month) + "-" + two(day) + "T" + two(minutes / 60) + ":" + two(minutes % 60) +
         ":00" + (month >= 4 && month <= 10 ? "+02:00" : "+01:00");
}

std::string organisation(const std::string& actor, const std::string& region_name,
                         const std::string& dept) {
  static const std::map<std::string, std::string> prefix = {
      {"cd", "Conseil départemental ("}, {"mdph", "MDPH "}, {"mda", "MDA "}};
  if (actor == "ars") return "ARS " + region_name;
  if (actor == "cd") return prefix.at("cd") + dept + ")";
  if (actor == "mdph" || actor == "mda") return prefix.at(actor) + dept;
  if (actor == "cnsa") return "CNSA";
  if (actor == "etat") return "DREETS";
  if (actor == "representant") return "Association APF France handicap";
  if (actor == "personne") return "Collectif de personnes concernées";
  if (actor == "operateur") return "EHPAD Les Tilleuls";
  return "Autre";
}

}  // namespace

std::size_t GeneratedCycle::count(const std::string& collection) const {
  std::size_t n = collection == "meeting" ? meetings.size() : 0;
  for (const auto* groups : {&captured, &evaluations})
    for (const auto& g : *groups)
      for (const auto& r : g) n += r.collection == collection;
  return n;
}

GeneratedCycle generate_cycle(const CyclePlanOptions& o, const std::filesystem::path& ref) {
  Rng r(o.seed);
  // Regions with their departments, and the meeting types, from the reference data.
  std::vector<std::string> region_codes;
  std::map<std::string, std::string> region_name;
  std::map<std::string, std::vector<std::string>> depts;
  for (const auto& it : read_reference(ref, "regions.json")) {
    region_codes.push_back(it.at("code"));
    region_name[it.at("code")] = it.at("label").at("fr");
  }
  for (const auto& it : read_reference(ref, "departments.json"))
    depts[it.at("region")].push_back(it.at("code"));
  std::vector<std::string> types;
  for (const auto& it : read_reference(ref, "meeting_types.json")) types.push_back(it.at("code"));
  std::vector<int> type_weights = kTypeWeights;
  type_weights.resize(types.size(), 2);
  // Regions weighted by their number of departments (Île-de-France more than Corse).
  std::vector<int> region_weights;
  for (const auto& c : region_codes) region_weights.push_back(static_cast<int>(depts[c].size()) + 2);

  GeneratedCycle out;
  std::uint64_t clock = 1736150400000ULL;  // 2025-01-06, for time-ordered ids
  auto next_id = [&](int step_ms) {
    clock += static_cast<std::uint64_t>(step_ms);
    return uuid_v7(clock, r.bytes10());
  };
  const int base = o.attendance / o.meetings;
  int remaining = o.attendance;
  int swing = 0;
  for (int m = 0; m < o.meetings; ++m) {
    const std::string& region = r.weighted(region_codes, region_weights);
    const auto& rdepts = depts[region];
    const std::string& type = r.weighted(types, type_weights);
    const int month = 1 + r.below(12), day = 1 + r.below(28);
    const int start = r.chance(0.7) ? 9 * 60 + 30 : 14 * 60;
    const int hours = type == "webinaire" ? 2 : 3 + r.below(5);
    std::vector<std::string> mdepts;
    const int nd = 1 + r.below(std::min<int>(3, static_cast<int>(rdepts.size())));
    for (int i = 0; i < nd; ++i) mdepts.push_back(rdepts[static_cast<std::size_t>((m + i) % static_cast<int>(rdepts.size()))]);
    std::sort(mdepts.begin(), mdepts.end());
    mdepts.erase(std::unique(mdepts.begin(), mdepts.end()), mdepts.end());
    Record meeting;
    meeting.collection = "meeting";
    meeting.id = next_id(3600 * 1000);
    meeting.meeting = meeting.id;
    meeting.fields = {
        {"type", type},
        {"format", type == "webinaire" ? std::string("distanciel") : r.pick(kFormats)},
        {"title", (type == "rencontre_territoriale" ? std::string("Rencontre territoriale de l’autonomie")
                                                    : std::string("Journée de travail")) +
                      " – " + region_name[region] + " n° " + std::to_string(m + 1)},
        {"cycle", o.cycle},
        {"starts_at", paris(month, day, start)},
        {"ends_at", paris(month, day, std::min(start + hours * 60, 23 * 60))},
        {"region", region},
        {"departments", mdepts},
        {"venue", "Salle des conférences, " + region_name[region]},
        {"workshops", kWorkshops},
        {"status", r.chance(0.92) ? "terminee" : "en_cours"}};
    // About `base` attendees, the last meeting taking what is left so the total is exact.
    // Pairs of meetings: base + d, then base - d; the last one takes what is left.
    if (m % 2 == 0) swing = r.below(base + 1) - base / 2;
    int n_att = m + 1 == o.meetings ? remaining : std::max(1, m % 2 == 0 ? base + swing : base - swing);
    remaining -= n_att;
    std::vector<Record> recs;
    auto add = [&](const char* collection, json fields, int step_ms) {
      fields["meeting"] = meeting.id;
      recs.push_back({collection, next_id(step_ms), meeting.id, std::move(fields)});
    };
    for (int i = 0; i < n_att; ++i) {
      const std::string& actor = r.weighted(kActors, kActorWeights);
      const std::string& dept = r.chance(0.85) ? r.pick(mdepts) : r.pick(rdepts);
      json f = {{"actor_type", actor},
                {"consent", r.chance(0.93)},
                {"organisation", organisation(actor, region_name[region], dept)},
                {"department", dept},
                {"role", r.weighted(kRoles, kRoleWeights)},
                {"people_concerned", r.weighted(kPeople, kPeopleWeights)},
                {"checked_in_at", paris(month, day, start - 30 + i * 45 / std::max(1, n_att))}};
      if (f["consent"].get<bool>()) f["display_name"] = r.pick(kFirst) + " " + r.pick(kLast);
      add("attendance", std::move(f), 200 + r.below(4000));
    }
    add("headcount",
        {{"label", "Plénière"}, {"count", n_att + r.below(20)}, {"count_people_concerned", r.below(10)}},
        1000);
    const int n_contrib = std::max(1, o.contributions - 2 + r.below(5));
    for (int i = 0; i < n_contrib; ++i) {
      std::string text;
      for (int k = 1 + r.below(3); k > 0; --k) text += (text.empty() ? "" : " ; ") + r.pick(kPhrases);
      auto prio = r.sample(std::vector<int>{1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11}, 3);
      std::sort(prio.begin(), prio.end());
      add("contribution",
          {{"workshop", r.pick(kWorkshops)},
           {"text", text + "."},
           {"priorities", prio},
           {"principles", r.sample(kPrinciples, 2)},
           {"values", r.sample(kValues, 2)}},
          60000);
    }
    const int n_fb = static_cast<int>(n_att * o.feedback + 0.5);
    for (int i = 0; i < n_fb; ++i) {
      // schemas/questionnaires/satisfaction-rencontre-territoriale-v1.json
      json a = {{"satisfaction_globale", r.weighted(kSatisfaction, kSatWeights)},
                {"utilite", r.weighted(kUseful, kSatWeights)},
                {"atelier", r.pick(std::vector<std::string>{"atelier_1", "atelier_2", "atelier_3",
                                                            "atelier_4", "aucun"})}};
      if (a["atelier"] != "aucun") a["satisfaction_atelier"] = r.weighted(kSatisfaction, kSatWeights);
      a["organisation"] = 1 + r.below(5);
      a["participer_a_nouveau"] = r.chance(0.85);
      if (!a["participer_a_nouveau"].get<bool>() && r.chance(0.5))
        a["raison_non_participation"] = "Trop loin de mon domicile.";
      if (r.chance(0.4))
        a["sujets_a_approfondir"] =
            r.sample(std::vector<std::string>{"acces_aux_droits", "participation_des_personnes",
                                              "prevention", "parcours", "vie_a_domicile"},
                     2);
      if (const std::string& c = r.pick(kComments); !c.empty()) a["commentaire"] = c;
      add("feedback_response",
          {{"questionnaire_id", "satisfaction-rencontre-territoriale"},
           {"questionnaire_version", 1},
           {"answers", std::move(a)}},
          5000);
    }
    out.captured.push_back(std::move(recs));
    std::vector<Record> evals;
    if (o.evaluation_every > 0 && m % o.evaluation_every == 0) {
      // schemas/questionnaires/evaluation-grid-v1.json
      json a = {
          {"objectifs_atteints", r.pick(std::vector<std::string>{"totalement", "en_grande_partie",
                                                                 "partiellement", "pas_du_tout"})},
          {"acteurs_representes",
           r.sample(std::vector<std::string>{"cnsa", "ars", "cd", "mdph", "mda", "representant",
                                             "personne"},
                    5)},
          {"participation_personnes_concernees", r.chance(0.7)},
          {"dynamique_des_echanges",
           r.pick(std::vector<std::string>{"tres_satisfaisante", "satisfaisante", "peu_satisfaisante"})},
          {"actions_de_suivi", r.chance(0.6)},
          {"recommandation", r.pick(std::vector<std::string>{"reconduire", "reconduire_avec_ajustements",
                                                             "ne_pas_reconduire"})}};
      if (a["participation_personnes_concernees"].get<bool>())
        a["modalites_participation"] = r.sample(
            std::vector<std::string>{"intervention_pleniere", "contribution_atelier", "temoignage"}, 2);
      if (a["actions_de_suivi"].get<bool>())
        a["actions_de_suivi_detail"] =
            "Un groupe de travail départemental se réunira au prochain trimestre.";
      a["priorites_abordees"] = r.sample(
          std::vector<std::string>{"priorite_1", "priorite_3", "priorite_4", "priorite_7", "priorite_9"}, 3);
      json f = {{"meeting", meeting.id},
                {"evaluator_name", r.pick(kFirst) + " " + r.pick(kLast)},
                {"questionnaire_id", "evaluation-grid"},
                {"questionnaire_version", 1},
                {"answers", std::move(a)},
                {"completed_at", paris(month, day, std::min(start + hours * 60, 23 * 60))}};
      evals.push_back({"evaluation", next_id(1000), meeting.id, std::move(f)});
    }
    out.evaluations.push_back(std::move(evals));
    out.meetings.push_back(std::move(meeting));
  }
  return out;
}

}  // namespace terrain::bench
