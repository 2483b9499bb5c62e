#include "report/question_summary.h"

#include <string_view>
#include <unordered_map>

#include "report/figures.h"

namespace terrain::server::report {
namespace {

std::string label_fr(const nlohmann::json& j, const char* key) {
  auto l = j.find(key);
  if (l == j.end() || !l->is_object()) return {};
  return l->value("fr", std::string());
}

}  // namespace

std::vector<QuestionSummary> summarise_answers(const nlohmann::json& def,
                                               const std::vector<const nlohmann::json*>& answers) {
  std::vector<QuestionSummary> out;
  auto qs = def.find("questions");
  if (qs == def.end() || !qs->is_array()) return out;
  for (const auto& q : *qs) {
    QuestionSummary s;
    s.id = q.value("id", std::string());
    s.type = q.value("type", std::string());
    s.label = label_fr(q, "label");
    const bool numeric_scale = s.type == "scale" && !q.contains("options");
    std::vector<std::int64_t> scores;  // parallel to options for labelled scales
    if (s.type == "yes_no") {
      s.options = {{"oui", "Oui", 0}, {"non", "Non", 0}};
    } else if (numeric_scale) {
      std::int64_t lo = q.value("min", std::int64_t{0});
      std::int64_t hi = q.value("max", std::int64_t{0});
      for (std::int64_t v = lo; v <= hi && hi - lo <= 200; ++v) {
        std::string label = std::to_string(v);
        if (v == lo && q.contains("min_label")) label += " (" + label_fr(q, "min_label") + ")";
        if (v == hi && q.contains("max_label")) label += " (" + label_fr(q, "max_label") + ")";
        s.options.push_back({std::to_string(v), label, 0});
      }
    } else if (q.contains("options") && q["options"].is_array()) {
      for (const auto& o : q["options"]) {
        s.options.push_back({o.value("code", std::string()), label_fr(o, "label"), 0});
        scores.push_back(o.value("score", std::int64_t{0}));
      }
    }
    s.free_text = s.type == "free_text";
    double score_sum = 0;
    std::int64_t scored = 0;
    // Option codes to their index: a national cycle has tens of thousands of answers.
    std::unordered_map<std::string_view, std::size_t> index;
    for (std::size_t i = 0; i < s.options.size(); ++i) index.emplace(s.options[i].code, i);
    const bool labelled_scale = s.type == "scale" && !numeric_scale;
    auto bump = [&](std::string_view code) -> bool {
      auto found = index.find(code);
      if (found == index.end()) return false;
      const std::size_t i = found->second;
      ++s.options[i].count;
      if (labelled_scale && i < scores.size()) {
        score_sum += static_cast<double>(scores[i]);
        ++scored;
      }
      return true;
    };
    for (const auto* a : answers) {
      if (!a || !a->is_object()) continue;
      auto it = a->find(s.id);
      if (it == a->end()) continue;
      bool counted = false;
      if (s.free_text) {
        counted = it->is_string() && !it->get<std::string>().empty();
      } else if (s.type == "yes_no") {
        if (it->is_boolean()) counted = bump(it->get<bool>() ? "oui" : "non");
      } else if (numeric_scale) {
        if (it->is_number_integer()) {
          counted = bump(std::to_string(it->get<std::int64_t>()));
          if (counted) {
            score_sum += static_cast<double>(it->get<std::int64_t>());
            ++scored;
          }
        }
      } else if (s.type == "multiple_choice") {
        if (it->is_array()) {
          for (const auto& code : *it)
            if (code.is_string() && bump(code.get_ref<const std::string&>())) counted = true;
        }
      } else if (it->is_string()) {
        counted = bump(it->get_ref<const std::string&>());
      }
      if (counted) ++s.answered;
    }
    if (s.type == "scale" && scored > 0)
      s.average = round_to(score_sum / static_cast<double>(scored), 2);
    out.push_back(std::move(s));
  }
  return out;
}

nlohmann::json summary_json(const QuestionSummary& q) {
  nlohmann::json j = {{"id", q.id}, {"type", q.type}, {"label", q.label}, {"answered", q.answered}};
  if (!q.free_text) {
    nlohmann::json opts = nlohmann::json::array();
    for (const auto& o : q.options)
      opts.push_back({{"code", o.code},
                      {"label", o.label},
                      {"count", o.count},
                      {"percent", json_number(percent(o.count, q.answered))}});
    j["options"] = opts;
  }
  if (q.type == "scale") j["average"] = json_number(q.average);
  return j;
}

std::vector<std::string> summary_headers() {
  return {"Question", "Intitulé de la question", "Type",   "Réponses",
          "Option",   "Libellé de l'option",     "Nombre", "Part (%)",
          "Moyenne"};
}

void summary_rows(const QuestionSummary& q, const std::vector<Cell>& prefix,
                  std::vector<std::vector<Cell>>& rows) {
  auto base = [&]() {
    std::vector<Cell> r = prefix;
    r.push_back(Cell::str(q.id));
    r.push_back(Cell::str(q.label));
    r.push_back(Cell::str(q.type));
    r.push_back(Cell::count(q.answered));
    return r;
  };
  if (q.free_text || q.options.empty()) {
    auto r = base();
    for (int i = 0; i < 4; ++i) r.push_back(Cell::none());
    r.push_back(Cell::none());
    rows.push_back(std::move(r));
    return;
  }
  for (const auto& o : q.options) {
    auto r = base();
    r.push_back(Cell::str(o.code));
    r.push_back(Cell::str(o.label));
    r.push_back(Cell::count(o.count));
    r.push_back(Cell::percent(percent(o.count, q.answered)));
    r.push_back(Cell::decimal(q.average));
    rows.push_back(std::move(r));
  }
}

}  // namespace terrain::server::report
