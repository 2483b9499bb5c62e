// Recognising the same person checked in twice: folding of names and organisations.
#include <catch2/catch.hpp>

#include "report/person_key.h"

namespace report = terrain::server::report;
using nlohmann::json;

TEST_CASE("Folding ignores case, accents, apostrophes, hyphens and extra spaces") {
  CHECK(report::fold_text("Claire  MARTIN") == "claire martin");
  CHECK(report::fold_text(" Aïcha Benali ") == "aicha benali");
  CHECK(report::fold_text("MDPH d'Ille-et-Vilaine") == report::fold_text("MDPH d’Ille et Vilaine"));
  CHECK(report::fold_text("Œuvre Lefèvre-Çava") == "oeuvre lefevre cava");
  CHECK(report::fold_text("ÉLODIE") == "elodie");
  CHECK(report::fold_text("Nguyễn") == "nguy\xe1\xbb\x85n");  // no ASCII base: kept as is
}

TEST_CASE("Two check-ins are the same person only with the same name and organisation") {
  json a = {{"display_name", "Claire Martin"}, {"organisation", "MDPH d'Ille-et-Vilaine"}};
  json b = {{"display_name", "claire  MARTIN"}, {"organisation", "MDPH d’Ille et Vilaine"}};
  json c = {{"display_name", "Claire Martin"}, {"organisation", "ARS Bretagne"}};
  json no_org = {{"display_name", "Claire Martin"}};
  REQUIRE(report::person_key(a));
  CHECK(report::person_key(a) == report::person_key(b));
  CHECK(report::person_key(a) != report::person_key(c));
  CHECK(report::person_key(a) != report::person_key(no_org));
}

TEST_CASE("A check-in without a usable name has no key and always counts as one person") {
  CHECK_FALSE(report::person_key(json{{"actor_type", "ars"}}));
  CHECK_FALSE(report::person_key(json{{"display_name", nullptr}, {"_redacted", {"display_name"}}}));
  CHECK_FALSE(report::person_key(json{{"display_name", " - "}}));
}
