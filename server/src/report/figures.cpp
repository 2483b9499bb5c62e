#include "report/figures.h"

#include <algorithm>
#include <cmath>
#include <set>
#include <tuple>

#include "report/csv.h"
#include "report/person_key.h"

namespace terrain::server::report {

std::optional<double> round_to(std::optional<double> v, int decimals) {
  if (!v) return v;
  double f = std::pow(10.0, decimals);
  return std::round(*v * f) / f;
}

std::optional<double> percent(std::int64_t part, std::int64_t whole) {
  if (whole <= 0) return std::nullopt;
  return round_to(100.0 * static_cast<double>(part) / static_cast<double>(whole), 1);
}

nlohmann::json json_number(std::optional<double> v) {
  if (!v) return nullptr;
  return *v;
}

std::string french_percent(std::optional<double> p) {
  if (!p) return "—";
  return french_decimal(*p, 1) + " %";
}

namespace {

MeetingAttendance attendance_of(const MeetingRecords& records) {
  MeetingAttendance out;
  std::map<std::string, std::string> first_by_key;  // person key -> record id
  for (const auto& view : records.attendance) {
    ++out.records;
    std::string id = text_field(view, "_id");
    auto key = person_key(view);
    if (!key) {
      if (is_redacted(view, "display_name"))
        ++out.redacted_names;
      else
        ++out.anonymous;
      out.people.push_back(&view);
      continue;
    }
    auto [it, inserted] = first_by_key.emplace(*key, id);
    if (!inserted) {
      ++out.duplicates;
      out.duplicate_of[id] = it->second;
      continue;
    }
    out.people.push_back(&view);
  }
  return out;
}

}  // namespace

const MeetingAttendance& distinct_participants(const MeetingRecords& records) {
  std::call_once(records.attendance_once, [&] {
    records.attendance_figures = std::make_shared<const MeetingAttendance>(attendance_of(records));
  });
  return *records.attendance_figures;
}

bool is_person_concerned(const nlohmann::json& a) {
  std::string pc = text_field(a, "people_concerned");
  return pc == "personne_concernee" || pc == "proche_aidant" ||
         text_field(a, "actor_type") == "personne";
}

bool is_representative(const nlohmann::json& a) {
  return text_field(a, "people_concerned") == "representant" ||
         text_field(a, "actor_type") == "representant";
}

MeetingHeadcount headcounts(const MeetingRecords& records) {
  MeetingHeadcount out;
  for (const auto& view : records.headcount) {
    Session s;
    s.id = text_field(view, "_id");
    s.label = text_field(view, "label");
    if (auto c = view.find("count"); c != view.end() && c->is_number_integer())
      s.count = c->get<std::int64_t>();
    if (auto c = view.find("count_people_concerned"); c != view.end() && c->is_number_integer())
      s.people_concerned = c->get<std::int64_t>();
    if (auto k = view.find("_counters"); k != view.end() && k->contains("count"))
      for (auto it = (*k)["count"].begin(); it != (*k)["count"].end(); ++it)
        if (it->is_number_integer()) s.count_by_device[it.key()] = it->get<std::int64_t>();
    out.largest = std::max(out.largest.value_or(0), s.count);
    out.sessions.push_back(std::move(s));
  }
  std::sort(out.sessions.begin(), out.sessions.end(), [](const Session& a, const Session& b) {
    return std::tie(a.label, a.id) < std::tie(b.label, b.id);
  });
  return out;
}

void HeadlineTally::add(const nlohmann::json& response, const Snapshot& snapshot) {
  ++responses;
  std::string qid = text_field(response, "questionnaire_id");
  auto v = response.find("questionnaire_version");
  const nlohmann::json* def = nullptr;
  if (v != response.end() && v->is_number_integer())
    def = snapshot.questionnaire(qid, v->get<std::int64_t>());
  if (!def) {
    ++unknown_questionnaire;
    return;
  }
  if (def != last_def_) {
    // A definition's headline options join the union once per tally.
    last_def_ = def;
    last_question_ = nullptr;
    last_headline_ = def->value("headline", std::string());
    if (last_headline_.empty()) return;
    if (auto qs = def->find("questions"); qs != def->end() && qs->is_array())
      for (const auto& q : *qs)
        if (q.value("id", std::string()) == last_headline_) last_question_ = &q;
    if (!last_question_ || !last_question_->contains("options")) {
      last_question_ = nullptr;
      return;
    }
    for (const auto& o : (*last_question_)["options"]) {
      std::string code = o.value("code", std::string());
      bool known = std::any_of(options.begin(), options.end(),
                               [&](const CodeLabel& c) { return c.code == code; });
      if (!known) {
        std::string label;
        if (auto l = o.find("label"); l != o.end() && l->is_object()) label = l->value("fr", code);
        options.push_back({code, label});
      }
    }
  }
  const nlohmann::json* question = last_question_;
  const std::string& headline = last_headline_;
  if (!question) return;
  auto answers = response.find("answers");
  if (answers == response.end() || !answers->is_object()) return;
  auto a = answers->find(headline);
  if (a == answers->end() || !a->is_string()) return;
  std::string code = a->get<std::string>();
  for (const auto& o : (*question)["options"]) {
    auto c = o.find("code");
    if (c == o.end() || !c->is_string() || c->get_ref<const std::string&>() != code) continue;
    ++answered;
    ++counts[code];
    if (o.value("positive", false)) ++positive;
    return;
  }
}

void HeadlineTally::merge(const HeadlineTally& other) {
  for (const auto& o : other.options) {
    bool known = std::any_of(options.begin(), options.end(),
                             [&](const CodeLabel& c) { return c.code == o.code; });
    if (!known) options.push_back(o);
  }
  for (const auto& [code, n] : other.counts) counts[code] += n;
  responses += other.responses;
  answered += other.answered;
  positive += other.positive;
  unknown_questionnaire += other.unknown_questionnaire;
}

}  // namespace terrain::server::report
