// CSV downloads for French spreadsheets: BOM, semicolons, French headers, quoting,
// CRLF, decimal comma, attachment file name.
#include <catch2/catch.hpp>

#include "known_cycle.h"
#include "report/csv.h"

using namespace terrain::test;
namespace report = terrain::server::report;

namespace {

std::vector<std::string> lines_of(const std::string& body) {
  std::vector<std::string> out;
  std::size_t start = 0;
  for (;;) {
    auto end = body.find("\r\n", start);
    if (end == std::string::npos) break;
    out.push_back(body.substr(start, end - start));
    start = end + 2;
  }
  return out;
}

}  // namespace

TEST_CASE("A CSV field is quoted only when needed, with quotes doubled") {
  CHECK(report::csv_field("Claire Martin") == "Claire Martin");
  CHECK(report::csv_field("Martin; \"Le Grand\"") == "\"Martin; \"\"Le Grand\"\"\"");
  CHECK(report::csv_field("deux\nlignes") == "\"deux\nlignes\"");
  CHECK(report::csv_field(" espace") == "\" espace\"");
  CHECK(report::csv_field("") == "");
}

TEST_CASE("A CSV field that a spreadsheet would run as a formula is neutralised") {
  CHECK(report::csv_field("=HYPERLINK(\"x\")") == "\"'=HYPERLINK(\"\"x\"\")\"");
  CHECK(report::csv_field("+33 6 12") == "'+33 6 12");
  CHECK(report::csv_field("-1") == "'-1");
  CHECK(report::csv_field("@cmd") == "'@cmd");
}

TEST_CASE("CSV numbers use a decimal comma: one decimal for percentages, two for averages") {
  CHECK(report::csv_cell(report::Cell::percent(80.5)) == "80,5");
  CHECK(report::csv_cell(report::Cell::percent(75.0)) == "75,0");
  CHECK(report::csv_cell(report::Cell::decimal(3.25)) == "3,25");
  CHECK(report::csv_cell(report::Cell::count(672)) == "672");
  CHECK(report::csv_cell(report::Cell::percent(std::nullopt)) == "");
}

TEST_CASE("A table becomes UTF-8 with BOM, semicolons and CRLF line ends") {
  report::Table t{"t", "T", {"Nom", "Part (%)"}, {}};
  t.rows.push_back({report::Cell::str("Aïcha"), report::Cell::percent(12.34)});
  std::string csv = report::to_csv(t);
  CHECK(csv == "\xEF\xBB\xBFNom;Part (%)\r\nAïcha;12,3\r\n");
}

TEST_CASE("The participants CSV of the cycle is ready for French Excel") {
  KnownCycle k;
  HttpReply r =
      k.admin.get("/admin/reports/participants.csv?" + cycle_query() + "&table=par_acteur");
  REQUIRE(r.status == 200);
  CHECK(r.header("Content-Type") == "text/csv; charset=utf-8");
  CHECK(r.header("Content-Disposition")
            .rfind("attachment; filename=\"terrain-participants-par_acteur-", 0) == 0);
  REQUIRE(r.body.rfind("\xEF\xBB\xBF", 0) == 0);
  auto lines = lines_of(r.body.substr(3));
  REQUIRE(lines.size() == 1 + 10);  // header and the ten actor types, nobody without a type
  CHECK(lines[0] == "Code;Libellé;Participants;Part (%)");
  CHECK(lines[1] == "cnsa;CNSA;1;9,1");
  CHECK(lines[3] == "cd;Conseil départemental (CD);2;18,2");
  CHECK(r.body.size() >= 2);
  CHECK(r.body.substr(r.body.size() - 2) == "\r\n");
  CHECK(r.body.find('\n') == r.body.find("\r\n") + 1);
}

TEST_CASE("Every report's default CSV table starts with French headers") {
  KnownCycle k;
  std::map<std::string, std::string> first_header = {
      {"summary", "Indicateur;Valeur"},
      {"meetings",
       "Identifiant;Intitulé;Type;Format;Cycle;Date;Statut;Région;Départements;Lieu;"
       "Participants;Effectif compté;Réponses au questionnaire;Satisfaits ou très "
       "satisfaits (%);Contributions;Évaluations;Enregistrements en conflit"},
      {"coverage",
       "Département;Libellé;Région;Libellé de la région;Statut;Rencontres tenues;"
       "Rencontres prévues"},
      {"satisfaction",
       "Identifiant;Intitulé;Date;Participants;Réponses;Taux de réponse (%);Très "
       "satisfait;Satisfait;Peu satisfait;Pas du tout satisfait;Satisfaits ou "
       "très satisfaits (%)"},
      {"contributions", "Priorité;Axe;Libellé de la priorité;Contributions;Part (%)"},
      {"evaluations",
       "Questionnaire;Version;Question;Intitulé de la question;Type;Réponses;"
       "Option;Libellé de l'option;Nombre;Part (%);Moyenne"},
  };
  for (const auto& [name, header] : first_header) {
    HttpReply r = k.admin.get("/admin/reports/" + name + ".csv?" + cycle_query());
    INFO(name);
    REQUIRE(r.status == 200);
    auto lines = lines_of(r.body.substr(3));
    REQUIRE_FALSE(lines.empty());
    CHECK(lines[0] == header);
  }
}

TEST_CASE("The satisfaction CSV has a total line with percentages in French form") {
  KnownCycle k;
  HttpReply r = k.admin.get("/admin/reports/satisfaction.csv?" + cycle_query());
  REQUIRE(r.status == 200);
  auto lines = lines_of(r.body.substr(3));
  REQUIRE(lines.size() == 1 + 3 + 1);  // header, M1 M2 M3, total
  CHECK(lines.back() == ";Total;;11;8;72,7;3;3;1;1;75,0");
}

TEST_CASE(
    "The attendance CSV quotes a name holding a semicolon and quotes, and shows erased names") {
  KnownCycle k;
  HttpReply r = k.admin.get("/admin/reports/meetings/" + k.m1 + "/attendance.csv");
  REQUIRE(r.status == 200);
  auto lines = lines_of(r.body.substr(3));
  REQUIRE(lines.size() == 1 + 7);
  CHECK(lines[0] ==
        "Nom;Type d'acteur;Organisme;Département;Rôle;Personne concernée;"
        "Consentement;Heure d'arrivée;Doublon de;Conflit en attente;Identifiant");
  bool quoted = false, erased = false;
  for (const auto& l : lines) {
    if (l.rfind("\"Martin; \"\"Le Grand\"\"\";CNSA;CNSA;;Animateur;Non;Oui;", 0) == 0)
      quoted = true;
    if (l.rfind("[effacé];Conseil départemental (CD);", 0) == 0) erased = true;
  }
  CHECK(quoted);
  CHECK(erased);
  CHECK(r.body.find(k.claire) != std::string::npos);
  CHECK(r.body.find(";" + k.claire + ";") != std::string::npos);  // the duplicate names its first
}

TEST_CASE("An unknown CSV table is refused with the tables available") {
  KnownCycle k;
  HttpReply r = k.admin.get("/admin/reports/participants.csv?table=inconnue");
  CHECK(r.status == 400);
  CHECK(r.json()["error"]["code"] == "invalid_argument");
  CHECK(r.json()["error"]["field"] == "table");
  CHECK(r.json()["error"]["message"].get<std::string>().find("par_acteur") != std::string::npos);
  HttpReply texts = k.admin.get("/admin/reports/contributions.csv?table=textes");
  CHECK(texts.status == 400);
  HttpReply ok = k.admin.get("/admin/reports/contributions.csv?table=textes&meeting=" + k.m1);
  CHECK(ok.status == 200);
  CHECK(ok.body.find("Simplifier les formulaires de demande.") != std::string::npos);
}
