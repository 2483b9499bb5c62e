// Reference data of schemas/reference/: complete, consistent, and labelled exactly
// as the CNSA's documents say (docs/domain-data.md).
#include <catch2/catch.hpp>

#include <map>
#include <set>
#include <string>
#include <vector>

#include "terrain/protocol/schema.h"

using nlohmann::json;

namespace {

const json& reference(const std::string& name) {
  const json* doc = terrain::SchemaRegistry::embedded().document("reference/" + name + ".json");
  REQUIRE(doc != nullptr);
  return *doc;
}

const json& items(const std::string& name) {
  return reference(name).at("items");
}

std::vector<std::string> french_labels(const std::string& name) {
  std::vector<std::string> out;
  for (const auto& i : items(name)) out.push_back(i.at("label").at("fr").get<std::string>());
  return out;
}

std::vector<std::string> string_codes(const std::string& name) {
  std::vector<std::string> out;
  for (const auto& i : items(name)) out.push_back(i.at("code").get<std::string>());
  return out;
}

std::map<std::string, json> by_code(const std::string& name) {
  std::map<std::string, json> out;
  for (const auto& i : items(name)) out.emplace(i.at("code").get<std::string>(), i);
  return out;
}

}  // namespace

TEST_CASE(
    "Every reference file has a version and items with a unique code and labels in French and "
    "English") {
  for (const char* name : {"regions", "departments", "actor_types", "meeting_types",
                           "meeting_formats", "meeting_statuses", "attendance_roles",
                           "people_concerned", "values", "principles", "priorities"}) {
    INFO(name);
    const json& doc = reference(name);
    CHECK(doc.at("version") == 1);
    CHECK(doc.at("description").is_string());
    std::set<json> codes;
    for (const auto& i : doc.at("items")) {
      INFO(i.dump());
      CHECK(codes.insert(i.at("code")).second);
      CHECK_FALSE(i.at("label").at("fr").get<std::string>().empty());
      CHECK_FALSE(i.at("label").at("en").get<std::string>().empty());
    }
  }
}

TEST_CASE("There are 18 regions with their INSEE codes, 5 of them overseas") {
  CHECK(items("regions").size() == 18);
  std::set<std::string> overseas;
  for (const auto& r : items("regions"))
    if (r.at("overseas").get<bool>()) overseas.insert(r.at("code").get<std::string>());
  CHECK(overseas == std::set<std::string>{"01", "02", "03", "04", "06"});
  const std::vector<std::string> expected{"01", "02", "03", "04", "06", "11", "24", "27", "28",
                                          "32", "44", "52", "53", "75", "76", "84", "93", "94"};
  CHECK(string_codes("regions") == expected);
  auto r = by_code("regions");
  CHECK(r.at("11").at("label").at("fr") == "Île-de-France");
  CHECK(r.at("27").at("label").at("fr") == "Bourgogne-Franche-Comté");
  CHECK(r.at("84").at("label").at("fr") == "Auvergne-Rhône-Alpes");
  CHECK(r.at("93").at("label").at("fr") == "Provence-Alpes-Côte d'Azur");
  CHECK(r.at("94").at("label").at("fr") == "Corse");
  CHECK(r.at("04").at("label").at("fr") == "La Réunion");
}

TEST_CASE("There are 101 departments, each in an existing region, with 2A and 2B instead of 20") {
  const json& deps = items("departments");
  CHECK(deps.size() == 101);
  auto regions = by_code("regions");
  std::map<std::string, int> per_region;
  for (const auto& d : deps) {
    INFO(d.dump());
    const std::string region = d.at("region").get<std::string>();
    CHECK(regions.count(region) == 1);
    ++per_region[region];
  }
  auto d = by_code("departments");
  CHECK(d.count("2A") == 1);
  CHECK(d.count("2B") == 1);
  CHECK(d.count("20") == 0);
  CHECK(d.count("975") == 0);
  for (const char* code : {"971", "972", "973", "974", "976"}) CHECK(d.count(code) == 1);
  // Mainland departments 01..95 without 20, plus 2A, 2B and five overseas.
  for (int n = 1; n <= 95; ++n) {
    if (n == 20) continue;
    std::string code = (n < 10 ? "0" : "") + std::to_string(n);
    INFO(code);
    CHECK(d.count(code) == 1);
  }
  // Departments per region (INSEE).
  const std::map<std::string, int> expected{
      {"01", 1}, {"02", 1},  {"03", 1},  {"04", 1},  {"06", 1},  {"11", 8},
      {"24", 6}, {"27", 8},  {"28", 5},  {"32", 5},  {"44", 10}, {"52", 5},
      {"53", 4}, {"75", 12}, {"76", 13}, {"84", 12}, {"93", 6},  {"94", 2}};
  CHECK(per_region == expected);
  // Exact official names, accents and apostrophes included.
  CHECK(d.at("07").at("label").at("fr") == "Ardèche");
  CHECK(d.at("21").at("label").at("fr") == "Côte-d'Or");
  CHECK(d.at("22").at("label").at("fr") == "Côtes-d'Armor");
  CHECK(d.at("2A").at("label").at("fr") == "Corse-du-Sud");
  CHECK(d.at("2B").at("label").at("fr") == "Haute-Corse");
  CHECK(d.at("29").at("label").at("fr") == "Finistère");
  CHECK(d.at("64").at("label").at("fr") == "Pyrénées-Atlantiques");
  CHECK(d.at("90").at("label").at("fr") == "Territoire de Belfort");
  CHECK(d.at("95").at("label").at("fr") == "Val-d'Oise");
  CHECK(d.at("974").at("label").at("fr") == "La Réunion");
  CHECK(d.at("976").at("region") == "06");
}

TEST_CASE("Actor types are the ten of the domain, with their exact French labels") {
  CHECK(string_codes("actor_types") == std::vector<std::string>{"cnsa", "ars", "cd", "mdph", "mda",
                                                                "etat", "representant", "personne",
                                                                "operateur", "autre"});
  CHECK(french_labels("actor_types") ==
        std::vector<std::string>{
            "CNSA", "Agence régionale de santé (ARS)", "Conseil départemental (CD)",
            "Maison départementale des personnes handicapées (MDPH)",
            "Maison départementale de l'autonomie (MDA)",
            "Services de l'État (DGCS, ministères, DREETS, Éducation nationale…)",
            "Représentant des personnes et de leurs familles (associations, CDCA…)",
            "Personne concernée ou proche aidant (expertise d'usage)",
            "Établissement ou service (ESMS), fédération", "Autre"});
}

TEST_CASE("Meeting types and formats are the domain's codes") {
  CHECK(string_codes("meeting_types") ==
        std::vector<std::string>{"rencontre_territoriale", "journee_nationale", "webinaire",
                                 "groupe_de_pairs", "seminaire", "atelier", "reunion_reseau",
                                 "conseil", "commission"});
  CHECK(by_code("meeting_types").at("rencontre_territoriale").at("label").at("fr") ==
        "Rencontre territoriale de l'autonomie");
  CHECK(string_codes("meeting_formats") ==
        std::vector<std::string>{"presentiel", "distanciel", "hybride"});
  CHECK(french_labels("meeting_formats") ==
        std::vector<std::string>{"Présentiel", "Distanciel", "Hybride"});
}

TEST_CASE("The six shared values and six action principles have their exact labels") {
  CHECK(french_labels("values") == std::vector<std::string>{"Confiance", "Partenariat", "Cohérence",
                                                            "Citoyenneté", "Transparence",
                                                            "Efficience"});
  CHECK(french_labels("principles") ==
        std::vector<std::string>{"Mieux se connaître", "Coordonner nos actions", "Territorialiser",
                                 "Simplifier", "Partager les données", "Mesurer notre impact"});
}

TEST_CASE("The eleven strategic priorities are numbered 1 to 11 in three axes, labelled exactly") {
  const json& doc = reference("priorities");
  const json& axes = doc.at("axes");
  REQUIRE(axes.size() == 3);
  CHECK(axes[0].at("code") == "ameliorer_le_service_rendu");
  CHECK(axes[0].at("label").at("fr") == "Améliorer le service rendu aux personnes");
  CHECK(axes[1].at("code") == "organiser_l_offre");
  CHECK(axes[1].at("label").at("fr") ==
        "Organiser l'offre pour mieux répondre aux besoins des publics");
  CHECK(axes[2].at("code") == "gagner_en_efficience");
  CHECK(axes[2].at("label").at("fr") == "Gagner en efficience");

  const json& p = doc.at("items");
  REQUIRE(p.size() == 11);
  for (int n = 1; n <= 11; ++n) {
    INFO(n);
    const json& item = p[static_cast<std::size_t>(n - 1)];
    CHECK(item.at("code") == n);
    const char* axis = n <= 5   ? "ameliorer_le_service_rendu"
                       : n <= 8 ? "organiser_l_offre"
                                : "gagner_en_efficience";
    CHECK(item.at("axis") == axis);
  }
  CHECK(french_labels("priorities") ==
        std::vector<std::string>{
            "Garantir l'équité de traitement, quels que soient la situation de la personne et "
            "son lieu de vie.",
            "Assurer et simplifier l'accès de toute personne à l'information, aux droits et à la "
            "citoyenneté.",
            "Favoriser la participation des personnes à l'amélioration de la qualité du service "
            "rendu et du parcours de vie.",
            "Prévenir la perte d'autonomie et lutter contre l'isolement social.",
            "Garantir l'effectivité des droits et une meilleure continuité des parcours.",
            "Accompagner le mouvement vers une vie autonome des personnes vivant avec un handicap "
            "(autodétermination, coopération avec les politiques de droit commun, virage "
            "inclusif).",
            "Permettre la vie à domicile des aînés le plus longtemps possible (développement de "
            "l'offre domiciliaire : services autonomie, plateforme de services, habitat inclusif, "
            "centre de ressources territoriales).",
            "Investir pour moderniser l'offre et soutenir l'attractivité des métiers (ressources "
            "humaines, immobilier, formation…).",
            "Optimiser les échanges d'informations pour faciliter l'accès aux droits et la "
            "fluidité des parcours par l'usage des systèmes d'information de la branche.",
            "Améliorer le pilotage de l'offre par une meilleure connaissance des besoins et de "
            "l'offre (remplir les outils SIDOBA/ViaTrajectoire/ROR).",
            "Maintenir l'équilibre financier de la branche (gestion du risque et renforcement de "
            "l'efficience et du pilotage de la dépense en établissement ou service social ou "
            "médico-social [ESMS])."});
}
