#include "cycle_plan.h"

#include <map>

#include "seeded_random.h"
#include "terrain/protocol/schema.h"

namespace terrain::demo {
namespace {

struct MeetingSeed {
  const char* region;
  const char* region_label;
  const char* venue;
  std::vector<std::string> departments;
  const char* date;    // local date
  const char* offset;  // UTC offset of that date at the venue
  bool held;
};

const std::vector<MeetingSeed>& meeting_seeds() {
  static const std::vector<MeetingSeed> s = {
      {"53",
       "Bretagne",
       "Couvent des Jacobins, Rennes",
       {"22", "29", "35", "56"},
       "2024-03-21",
       "+01:00",
       true},
      {"52",
       "Pays de la Loire",
       "Cité des Congrès, Nantes",
       {"44", "49", "85"},
       "2024-04-04",
       "+02:00",
       true},
      {"28",
       "Normandie",
       "Centre de congrès de Caen",
       {"14", "50", "61"},
       "2024-04-18",
       "+02:00",
       true},
      {"32", "Hauts-de-France", "Lille Grand Palais", {"59", "62"}, "2024-05-16", "+02:00", true},
      {"44",
       "Grand Est",
       "Centre Prouvé, Nancy",
       {"54", "55", "57", "88"},
       "2024-05-30",
       "+02:00",
       true},
      {"27",
       "Bourgogne-Franche-Comté",
       "Palais des congrès de Dijon",
       {"21", "58", "71", "89"},
       "2024-06-06",
       "+02:00",
       true},
      {"84",
       "Auvergne-Rhône-Alpes",
       "Centre de congrès de Lyon",
       {"01", "38", "42", "69"},
       "2024-06-13",
       "+02:00",
       true},
      {"93",
       "Provence-Alpes-Côte d'Azur",
       "Palais du Pharo, Marseille",
       {"04", "05", "13", "84"},
       "2024-06-27",
       "+02:00",
       true},
      {"76",
       "Occitanie",
       "Centre de congrès Pierre Baudis, Toulouse",
       {"09", "31", "32", "65", "81", "82"},
       "2024-09-19",
       "+02:00",
       true},
      {"75",
       "Nouvelle-Aquitaine",
       "Palais des congrès de Bordeaux",
       {"24", "33", "40", "47", "64"},
       "2024-09-26",
       "+02:00",
       true},
      {"24",
       "Centre-Val de Loire",
       "Centre de conférences d'Orléans",
       {"18", "28", "36", "37", "41", "45"},
       "2024-10-03",
       "+02:00",
       true},
      {"11",
       "Île-de-France",
       "Maison de la Mutualité, Paris",
       {"75", "92", "93", "94"},
       "2024-10-17",
       "+02:00",
       true},
      {"04",
       "La Réunion",
       "Hôtel de région Pierre-Lagourgue, Saint-Denis",
       {"974"},
       "2024-11-07",
       "+04:00",
       true},
      {"94", "Corse", "Palais des congrès d'Ajaccio", {"2A", "2B"}, "2024-11-14", "+01:00", true},
      {"84",
       "Auvergne",
       "Polydôme, Clermont-Ferrand",
       {"03", "15", "43", "63"},
       "2024-12-12",
       "+01:00",
       false},
  };
  return s;
}

const std::vector<std::string> kFirstNames = {
    "Claire",    "Nathalie", "Isabelle", "Sophie",  "Camille", "Julie",     "Aurélie",  "Céline",
    "Émilie",    "Hélène",   "Marie",    "Anne",    "Laure",   "Sandrine",  "Valérie",  "Agnès",
    "Fatima",    "Aïcha",    "Leïla",    "Nadia",   "Mélanie", "Chloé",     "Élodie",   "Bérénice",
    "Françoise", "Jean",     "Pierre",   "Nicolas", "Thomas",  "Julien",    "François", "Philippe",
    "Éric",      "Laurent",  "Stéphane", "Olivier", "Mathieu", "Sébastien", "Karim",    "Mehdi",
    "Yannick",   "Loïc",     "Gaël",     "Hugo",    "Antoine", "Jérôme",    "Benoît",   "Rémi",
    "Didier",    "Patrick"};
const std::vector<std::string> kLastNames = {
    "Martin",   "Bernard", "Dubois",  "Thomas",   "Robert",   "Richard", "Petit",     "Durand",
    "Leroy",    "Moreau",  "Simon",   "Laurent",  "Lefèvre",  "Michel",  "Garcia",    "David",
    "Bertrand", "Roux",    "Vincent", "Fournier", "Morel",    "Girard",  "André",     "Mercier",
    "Dupont",   "Lambert", "Bonnet",  "François", "Martinez", "Legrand", "Garnier",   "Faure",
    "Rousseau", "Blanc",   "Guérin",  "Muller",   "Henry",    "Roussel", "Nicolas",   "Perrin",
    "Le Gall",  "Le Goff", "Kerbrat", "Haddad",   "Benali",   "Nguyen",  "Da Silva",  "Ferreira",
    "Hoarau",   "Payet",   "Grondin", "Santoni",  "Casanova", "Ouellet", "Chevalier", "Brunet"};

const std::vector<std::string> kOperators = {"APF France handicap",
                                             "Unapei",
                                             "Fédération APAJH",
                                             "ADMR",
                                             "Croix-Rouge française",
                                             "Mutualité française",
                                             "Fondation des Amis de l'Atelier",
                                             "UNA",
                                             "Fédération des EHPAD publics",
                                             "Association des paralysés de France",
                                             "Groupe SOS Seniors",
                                             "Fondation OVE"};
const std::vector<std::string> kRepresentatives = {"UNAFAM",           "France Alzheimer",
                                                   "Unapei",           "APF France handicap",
                                                   "France Parkinson", "Association des aidants"};

struct ContributionSeed {
  const char* workshop_prefix;  // matches a workshop
  const char* text;
  std::vector<int> priorities;
  std::vector<std::string> principles;
  std::vector<std::string> values;
};

const std::vector<ContributionSeed>& contribution_seeds() {
  static const std::vector<ContributionSeed> s = {
      {"Atelier 1",
       "Créer un guichet unique d'information sur les droits dans chaque département, commun au "
       "conseil départemental et à la MDPH.",
       {2},
       {"simplifier", "coordonner_nos_actions"},
       {"coherence"}},
      {"Atelier 1",
       "Harmoniser les délais de traitement des demandes d'APA entre départements voisins.",
       {1, 5},
       {"mesurer_notre_impact"},
       {"efficience"}},
      {"Atelier 1",
       "Publier en facile à lire et à comprendre les notifications de la MDPH.",
       {2},
       {"simplifier"},
       {"citoyennete", "transparence"}},
      {"Atelier 1",
       "Former les agents d'accueil des mairies à l'orientation vers la MDA.",
       {2, 5},
       {"territorialiser", "mieux_se_connaitre"},
       {"partenariat"}},
      {"Atelier 1",
       "Simplifier le formulaire de demande unique et permettre son dépôt en ligne partout.",
       {2, 9},
       {"simplifier", "partager_les_donnees"},
       {"efficience"}},
      {"Atelier 2",
       "Associer systématiquement le CDCA à la préparation des rencontres territoriales.",
       {3},
       {"coordonner_nos_actions"},
       {"citoyennete"}},
      {"Atelier 2",
       "Rémunérer ou défrayer les personnes concernées qui participent aux groupes de travail.",
       {3},
       {"mesurer_notre_impact"},
       {"confiance"}},
      {"Atelier 2",
       "Donner la parole aux proches aidants dès l'ouverture de la plénière.",
       {3, 4},
       {"mieux_se_connaitre"},
       {"citoyennete"}},
      {"Atelier 2",
       "Co-construire avec les personnes concernées les indicateurs de qualité du service rendu.",
       {3, 10},
       {"mesurer_notre_impact"},
       {"transparence"}},
      {"Atelier 2",
       "Mettre en place un comité d'usagers de la MDPH qui suit les délais.",
       {3, 5},
       {"mesurer_notre_impact", "territorialiser"},
       {"confiance"}},
      {"Atelier 3",
       "Développer l'habitat inclusif en zone rurale avec les bailleurs sociaux.",
       {6, 7},
       {"territorialiser"},
       {"partenariat"}},
      {"Atelier 3",
       "Déployer des centres de ressources territoriaux adossés aux EHPAD.",
       {7},
       {"territorialiser", "coordonner_nos_actions"},
       {"coherence"}},
      {"Atelier 3",
       "Renforcer l'attractivité des métiers du domicile par une revalorisation des déplacements.",
       {8},
       {"coordonner_nos_actions"},
       {"efficience"}},
      {"Atelier 3",
       "Repérer plus tôt la fragilité des personnes âgées isolées avec les caisses de retraite.",
       {4},
       {"partager_les_donnees", "coordonner_nos_actions"},
       {"partenariat"}},
      {"Atelier 3",
       "Créer une plateforme départementale des services autonomie à domicile.",
       {7, 5},
       {"simplifier"},
       {"coherence"}},
      {"Atelier 3",
       "Partager entre ARS et département un diagnostic commun de l'offre domiciliaire.",
       {10},
       {"partager_les_donnees", "mieux_se_connaitre"},
       {"transparence"}},
      {"Atelier 3",
       "Accompagner les jeunes adultes handicapés vers le logement ordinaire.",
       {6},
       {"territorialiser"},
       {"citoyennete"}},
      {"",
       "Renseigner ViaTrajectoire de façon complète pour mieux piloter les places disponibles.",
       {10, 9},
       {"partager_les_donnees"},
       {"efficience"}},
      {"",
       "Mutualiser les contrôles des ESMS entre ARS et conseil départemental.",
       {11},
       {"coordonner_nos_actions"},
       {"efficience"}},
      {"",
       "Suivre le coût moyen à la place en établissement pour objectiver les dotations.",
       {11, 10},
       {"mesurer_notre_impact"},
       {"transparence"}},
      {"",
       "Organiser une rencontre annuelle entre directeurs de MDPH et d'ARS du territoire.",
       {},
       {"mieux_se_connaitre"},
       {"confiance"}},
      {"",
       "Garantir la même qualité de réponse en outre-mer qu'en métropole.",
       {1},
       {"territorialiser"},
       {"coherence"}},
      {"",
       "Prévoir des transports adaptés pour permettre aux personnes de venir aux rencontres.",
       {3, 1},
       {},
       {"citoyennete"}},
      {"",
       "Échanger les bonnes pratiques entre départements sur la prévention des chutes.",
       {4},
       {"mieux_se_connaitre"},
       {}},
  };
  return s;
}

const std::vector<std::string> kWhyNot = {
    "Trop loin de mon département.", "Le format ne correspond pas à mes missions.",
    "Je préfère un format à distance.", "Manque de temps en fin d'année."};
const std::vector<std::string> kComments = {"Très bonne organisation, merci.",
                                            "Plus de temps pour les échanges en atelier.",
                                            "La restitution finale était trop rapide.",
                                            "Prévoir un support écrit à emporter.",
                                            "Excellente participation des personnes concernées.",
                                            "Salle trop petite pour l'atelier 2."};

std::map<std::string, std::string> department_labels() {
  std::map<std::string, std::string> out;
  const auto* doc = SchemaRegistry::embedded().document("reference/departments.json");
  if (!doc) return out;
  for (const auto& item : (*doc)["items"])
    out[item["code"].get<std::string>()] = item["label"]["fr"].get<std::string>();
  return out;
}

std::string strip_accents_upper(const std::string& last) {
  // The same name typed hastily at the other door: capitals, no accents.
  static const std::vector<std::pair<std::string, std::string>> folds = {
      {"é", "E"}, {"è", "E"}, {"ê", "E"}, {"ë", "E"}, {"ï", "I"},
      {"î", "I"}, {"ç", "C"}, {"ô", "O"}, {"à", "A"}, {"É", "E"}};
  std::string s = last;
  for (const auto& [from, to] : folds)
    for (std::size_t p = s.find(from); p != std::string::npos; p = s.find(from))
      s.replace(p, from.size(), to);
  for (auto& c : s)
    if (c >= 'a' && c <= 'z') c = static_cast<char>(c - 'a' + 'A');
  return s;
}

nlohmann::json satisfaction_answers(SeededRandom& rnd, int workshops) {
  // Weights giving about 80 % "satisfaits ou très satisfaits", as published for 2024.
  static const std::vector<std::string> levels = {"tres_satisfait", "satisfait", "peu_satisfait",
                                                  "pas_du_tout_satisfait"};
  std::size_t level = rnd.weighted({0.33, 0.475, 0.145, 0.05});
  nlohmann::json a = {{"satisfaction_globale", levels[level]}};
  static const std::vector<std::string> useful = {"tres_utile", "utile", "peu_utile",
                                                  "pas_du_tout_utile"};
  std::size_t u = std::min<std::size_t>(3, level + (rnd.chance(0.3) ? 1 : 0));
  if (rnd.chance(0.9)) a["utilite"] = useful[u];
  if (rnd.chance(0.85)) {
    int w = rnd.between(0, workshops);
    if (w == 0) {
      a["atelier"] = "aucun";
    } else {
      a["atelier"] = "atelier_" + std::to_string(w);
      a["satisfaction_atelier"] =
          levels[std::min<std::size_t>(3, level + (rnd.chance(0.25) ? 1 : 0))];
    }
  }
  if (rnd.chance(0.8)) a["organisation"] = level >= 2 ? rnd.between(2, 4) : rnd.between(3, 5);
  bool again = level <= 1 ? rnd.chance(0.95) : rnd.chance(0.55);
  a["participer_a_nouveau"] = again;
  if (!again && rnd.chance(0.6)) a["raison_non_participation"] = rnd.pick(kWhyNot);
  if (rnd.chance(0.6)) {
    static const std::vector<std::string> topics = {
        "acces_aux_droits", "participation_des_personnes", "prevention",         "parcours",
        "vie_a_domicile",   "systemes_d_information",      "pilotage_de_l_offre"};
    nlohmann::json chosen = nlohmann::json::array();
    int n = rnd.between(1, 3);
    for (int i = 0; i < n; ++i) {
      const std::string& t = rnd.pick(topics);
      if (std::find(chosen.begin(), chosen.end(), t) == chosen.end()) chosen.push_back(t);
    }
    a["sujets_a_approfondir"] = chosen;
  }
  if (rnd.chance(0.15)) a["commentaire"] = rnd.pick(kComments);
  return a;
}

nlohmann::json evaluation_of(SeededRandom& rnd, const std::string& evaluator,
                             const std::string& date, const std::string& offset) {
  static const std::vector<std::string> reached = {"totalement", "en_grande_partie",
                                                   "partiellement"};
  static const std::vector<std::string> dynamics = {"tres_satisfaisante", "satisfaisante",
                                                    "peu_satisfaisante"};
  nlohmann::json a = {{"objectifs_atteints", reached[rnd.weighted({0.35, 0.5, 0.15})]},
                      {"acteurs_representes", {"cnsa", "ars", "cd", "mdph", "representant"}},
                      {"dynamique_des_echanges", dynamics[rnd.weighted({0.4, 0.5, 0.1})]}};
  if (rnd.chance(0.7)) a["acteurs_representes"].push_back("personne");
  if (rnd.chance(0.5)) a["acteurs_representes"].push_back("operateur");
  bool people = rnd.chance(0.8);
  a["participation_personnes_concernees"] = people;
  if (people) {
    a["modalites_participation"] =
        rnd.chance(0.5) ? nlohmann::json{"contribution_atelier", "temoignage"}
                        : nlohmann::json{"intervention_pleniere", "contribution_atelier"};
    a["prise_en_compte_parole"] = rnd.between(2, 5);
  }
  nlohmann::json priorities = nlohmann::json::array();
  for (int p = 1; p <= 11; ++p)
    if (rnd.chance(0.3)) priorities.push_back("priorite_" + std::to_string(p));
  if (!priorities.empty()) a["priorites_abordees"] = priorities;
  a["principes_mis_en_oeuvre"] = {"mieux_se_connaitre", "coordonner_nos_actions"};
  bool follow_up = rnd.chance(0.75);
  a["actions_de_suivi"] = follow_up;
  if (follow_up)
    a["actions_de_suivi_detail"] =
        "Calendrier commun ARS–départements et relevé de décisions diffusé sous un mois.";
  a["points_forts"] = "Ateliers bien préparés, forte participation des acteurs du territoire.";
  if (rnd.chance(0.5)) a["points_a_ameliorer"] = "Plus de temps pour la restitution des ateliers.";
  static const std::vector<std::string> recommendation = {"reconduire",
                                                          "reconduire_avec_ajustements"};
  a["recommandation"] = rnd.pick(recommendation);
  return {{"evaluator_name", evaluator},
          {"questionnaire_id", "evaluation-grid"},
          {"questionnaire_version", 1},
          {"answers", a},
          {"completed_at", date + "T17:30:00" + offset}};
}

}  // namespace

CyclePlan make_plan(std::uint64_t seed) {
  SeededRandom rnd(seed);
  CyclePlan plan;
  plan.seed = seed;
  auto deps = department_labels();
  static const std::vector<std::string> actors = {
      "cd", "mdph", "mda", "ars", "etat", "representant", "personne", "operateur", "cnsa", "autre"};
  static const std::vector<double> actor_weights = {0.22, 0.15, 0.05, 0.15, 0.06,
                                                    0.12, 0.08, 0.12, 0.03, 0.02};
  static const std::vector<std::string> evaluators = {"Sophie Bernard", "Hugo Lemaire",
                                                      "Camille Roche"};
  static const std::vector<std::string> third_workshops = {
      "Atelier 3 : vie à domicile et habitat inclusif",
      "Atelier 3 : parcours et continuité des droits",
      "Atelier 3 : partage des données et systèmes d'information"};
  int index = 0;
  for (const auto& seedm : meeting_seeds()) {
    PlannedMeeting m;
    m.held = seedm.held;
    m.team = index % 3;
    m.title = std::string("Rencontre territoriale de l'autonomie — ") + seedm.region_label;
    std::vector<std::string> workshops = {"Atelier 1 : accès à l'information et aux droits",
                                          "Atelier 2 : participation des personnes concernées",
                                          rnd.pick(third_workshops)};
    m.fields = {{"type", "rencontre_territoriale"},
                {"format", index % 5 == 4 ? "hybride" : "presentiel"},
                {"title", m.title},
                {"cycle", kDemoCycle},
                {"starts_at", std::string(seedm.date) + "T09:30:00" + seedm.offset},
                {"ends_at", std::string(seedm.date) + "T16:30:00" + seedm.offset},
                {"region", seedm.region},
                {"departments", seedm.departments},
                {"venue", seedm.venue},
                {"workshops", workshops},
                {"status", "planifiee"}};
    ++index;
    if (!m.held) {
      plan.meetings.push_back(std::move(m));
      continue;
    }
    const std::string region_label = seedm.region_label;
    int n_people = rnd.between(38, 58);
    int speakers = 0;
    for (int i = 0; i < n_people; ++i) {
      PlannedPerson p;
      std::string actor = actors[rnd.weighted(actor_weights)];
      std::string dep = rnd.pick(seedm.departments);
      std::string dep_label = deps.count(dep) ? deps[dep] : dep;
      std::string first = rnd.pick(kFirstNames), last = rnd.pick(kLastNames);
      std::string org;
      if (actor == "cd") org = "Conseil départemental — " + dep_label;
      if (actor == "mdph") org = "MDPH — " + dep_label;
      if (actor == "mda") org = "MDA — " + dep_label;
      if (actor == "ars") org = "ARS " + region_label;
      if (actor == "etat") org = rnd.chance(0.5) ? "DREETS " + region_label : std::string("DGCS");
      if (actor == "representant")
        org = rnd.chance(0.5) ? "CDCA — " + dep_label : rnd.pick(kRepresentatives);
      if (actor == "operateur") org = rnd.pick(kOperators);
      if (actor == "cnsa") org = "CNSA";
      if (actor == "autre") org = rnd.chance(0.5) ? "Caisse d'assurance retraite" : "Université";
      std::string role = "participant";
      if (actor == "cnsa")
        role = rnd.chance(0.5) ? "animateur" : "organisateur";
      else if (speakers < 4 && (actor == "ars" || actor == "cd" || actor == "mdph") &&
               rnd.chance(0.2)) {
        role = "intervenant";
        ++speakers;
      }
      std::string concerned = "non";
      if (actor == "personne") concerned = rnd.chance(0.6) ? "personne_concernee" : "proche_aidant";
      if (actor == "representant") concerned = "representant";
      bool consent = rnd.chance(0.93);
      p.fields = {{"actor_type", actor}, {"consent", consent}};
      if (consent) p.fields["display_name"] = first + " " + last;
      if (!org.empty()) p.fields["organisation"] = org;
      if (actor != "cnsa" && actor != "etat") p.fields["department"] = dep;
      p.fields["role"] = role;
      if (consent || actor == "personne" || actor == "representant")
        p.fields["people_concerned"] = concerned;
      p.fields["checked_in_at"] =
          std::string(seedm.date) +
          "T09:" + (i < 6 ? "0" + std::to_string(i + 2) : std::to_string(std::min(i + 4, 59))) +
          ":00" + seedm.offset;
      p.door = rnd.between(0, 1);
      p.concerned = actor == "personne";
      if (consent && rnd.chance(0.04)) {
        p.checked_twice = true;
        p.second_name = first + " " + strip_accents_upper(last);
      }
      m.people.push_back(std::move(p));
    }
    // One mistaken check-in (deleted) in about half the meetings.
    if (rnd.chance(0.5)) {
      PlannedPerson p;
      p.fields = {{"actor_type", "autre"},
                  {"consent", true},
                  {"display_name", rnd.pick(kFirstNames) + " " + rnd.pick(kLastNames)}};
      p.door = rnd.between(0, 1);
      p.mistaken = true;
      m.people.push_back(std::move(p));
    }
    m.unregistered[0] = rnd.between(0, 4);
    m.unregistered[1] = rnd.between(0, 4);
    int responses = n_people * rnd.between(62, 80) / 100;
    for (int i = 0; i < responses; ++i) m.feedback_answers.push_back(satisfaction_answers(rnd, 3));
    int n_contrib = rnd.between(6, 11);
    for (int i = 0; i < n_contrib; ++i) {
      const auto& c = rnd.pick(contribution_seeds());
      nlohmann::json f = {{"text", c.text}};
      std::string prefix = c.workshop_prefix;
      for (const auto& w : workshops)
        if (!prefix.empty() && w.rfind(prefix, 0) == 0) f["workshop"] = w;
      if (!c.priorities.empty()) f["priorities"] = c.priorities;
      if (!c.principles.empty()) f["principles"] = c.principles;
      if (!c.values.empty()) f["values"] = c.values;
      m.contributions.push_back(std::move(f));
    }
    if (rnd.chance(0.85))
      m.evaluation = evaluation_of(rnd, rnd.pick(evaluators), seedm.date, seedm.offset);
    m.venue_conflict = m.team == 0 && index % 4 == 1;
    m.role_conflict = index % 5 == 3;
    plan.meetings.push_back(std::move(m));
  }
  return plan;
}

}  // namespace terrain::demo
