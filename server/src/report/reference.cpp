#include "report/reference.h"

namespace terrain::server::report {
namespace {

std::string french(const nlohmann::json& item) {
  auto l = item.find("label");
  if (l == item.end() || !l->is_object()) return {};
  return l->value("fr", std::string());
}

std::string code_text(const nlohmann::json& item) {
  auto c = item.find("code");
  if (c == item.end()) return {};
  if (c->is_string()) return c->get<std::string>();
  if (c->is_number_integer()) return std::to_string(c->get<std::int64_t>());
  return {};
}

const nlohmann::json& items(const SchemaRegistry& schemas, const char* file) {
  static const nlohmann::json empty = nlohmann::json::array();
  const nlohmann::json* doc = schemas.document(std::string("reference/") + file);
  if (!doc || !doc->contains("items") || !(*doc)["items"].is_array()) return empty;
  return (*doc)["items"];
}

std::vector<CodeLabel> code_labels(const SchemaRegistry& schemas, const char* file) {
  std::vector<CodeLabel> out;
  for (const auto& item : items(schemas, file)) out.push_back({code_text(item), french(item)});
  return out;
}

}  // namespace

std::string Reference::label_of(const std::vector<CodeLabel>& list, const std::string& code) {
  for (const auto& c : list)
    if (c.code == code) return c.label;
  return code;
}

const Department* Reference::department(const std::string& code) const {
  for (const auto& d : departments)
    if (d.code == code) return &d;
  return nullptr;
}

const Region* Reference::region(const std::string& code) const {
  for (const auto& r : regions)
    if (r.code == code) return &r;
  return nullptr;
}

Reference Reference::from(const SchemaRegistry& schemas) {
  Reference ref;
  for (const auto& item : items(schemas, "regions.json"))
    ref.regions.push_back({code_text(item), french(item), item.value("overseas", false)});
  for (const auto& item : items(schemas, "departments.json"))
    ref.departments.push_back({code_text(item), french(item), item.value("region", std::string())});
  ref.actor_types = code_labels(schemas, "actor_types.json");
  ref.meeting_types = code_labels(schemas, "meeting_types.json");
  ref.meeting_formats = code_labels(schemas, "meeting_formats.json");
  ref.meeting_statuses = code_labels(schemas, "meeting_statuses.json");
  ref.roles = code_labels(schemas, "attendance_roles.json");
  ref.people_concerned = code_labels(schemas, "people_concerned.json");
  ref.principles = code_labels(schemas, "principles.json");
  ref.values = code_labels(schemas, "values.json");
  if (const auto* doc = schemas.document("reference/priorities.json")) {
    if (doc->contains("axes") && (*doc)["axes"].is_array())
      for (const auto& a : (*doc)["axes"]) ref.axes.push_back({code_text(a), french(a)});
    for (const auto& item : items(schemas, "priorities.json"))
      if (item.contains("code") && item["code"].is_number_integer())
        ref.priorities.push_back(
            {item["code"].get<int>(), item.value("axis", std::string()), french(item)});
  }
  return ref;
}

const Reference& Reference::embedded() {
  static const Reference ref = from(SchemaRegistry::embedded());
  return ref;
}

}  // namespace terrain::server::report
