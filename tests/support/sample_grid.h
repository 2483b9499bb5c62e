// A minimal valid evaluation grid (schemas/questionnaires/evaluation-grid-v1.json),
// shared by the tests that need an evaluator's record.
#pragma once

#include <string>

#include <nlohmann/json.hpp>

namespace terrain::test {

inline nlohmann::json evaluation_grid_fields(const std::string& meeting) {
  return {{"meeting", meeting},
          {"evaluator_name", "Sophie Bernard"},
          {"questionnaire_id", "evaluation-grid"},
          {"questionnaire_version", 1},
          {"answers",
           {{"objectifs_atteints", "partiellement"},
            {"acteurs_representes", {"ars", "cd"}},
            {"participation_personnes_concernees", false},
            {"dynamique_des_echanges", "satisfaisante"},
            {"actions_de_suivi", false},
            {"recommandation", "reconduire"}}}};
}

}  // namespace terrain::test
