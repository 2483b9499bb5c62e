// Schema bundle loading and validation (valijson, JSON Schema draft 7).
#include "terrain/protocol/schema.h"

#include <algorithm>
#include <set>

#include <valijson/adapters/nlohmann_json_adapter.hpp>
#include <valijson/schema.hpp>
#include <valijson/schema_parser.hpp>
#include <valijson/validation_results.hpp>
#include <valijson/validator.hpp>

#include "terrain/protocol/ids.h"
#include "terrain/protocol/questionnaire.h"

namespace terrain {

namespace detail {
// Defined in the generated file (cmake/EmbedSchemas.cmake).
const std::vector<std::pair<std::string_view, std::string_view>>& embedded_schema_files();
}  // namespace detail

namespace {

struct Compiled {
  CollectionInfo info;
  nlohmann::json doc;
  valijson::Schema full;   // the record as a whole
  valijson::Schema patch;  // the same without top-level "required": some fields
  std::vector<std::string> required;
  bool global = false;
};

bool contains(const std::vector<std::string>& v, std::string_view s) {
  return std::find(v.begin(), v.end(), s) != v.end();
}

// The first property named in a valijson error context: ["<root>", "[name]", ...].
std::string field_of(const std::vector<std::string>& context) {
  for (const auto& c : context) {
    if (c.size() > 2 && c.front() == '[' && c.back() == ']') {
      std::string name = c.substr(1, c.size() - 2);
      if (name.size() >= 2 && name.front() == '"' && name.back() == '"')
        name = name.substr(1, name.size() - 2);
      return name;
    }
  }
  return {};
}

// valijson compiles a patternProperties regex again at every validation (its regex
// cache serves "pattern" and "propertyNames" only), which cost ~11 % of the server's
// ingest CPU. {"patternProperties": {P: S}, "additionalProperties": false} (and no
// "properties") accepts exactly the objects that {"propertyNames": {"pattern": P},
// "additionalProperties": S} accepts: every key matches P and every value is valid
// against S. Rewritten so, recursively, before valijson parses the schema.
void without_pattern_properties(nlohmann::json& node) {
  if (node.is_array()) {
    for (auto& n : node) without_pattern_properties(n);
    return;
  }
  if (!node.is_object()) return;
  for (auto& [k, v] : node.items()) without_pattern_properties(v);
  auto pp = node.find("patternProperties");
  auto ap = node.find("additionalProperties");
  if (pp == node.end() || !pp->is_object() || pp->size() != 1 || ap == node.end() || *ap != false ||
      node.contains("properties") || node.contains("propertyNames"))
    return;
  const std::string pattern = pp->begin().key();
  nlohmann::json sub = pp->begin().value();
  node.erase("patternProperties");
  node["propertyNames"] = {{"pattern", pattern}};
  node["additionalProperties"] = std::move(sub);
}

Status run(const valijson::Schema& schema, const nlohmann::json& value, const std::string& record) {
  // One validator per thread: it caches compiled regular expressions.
  thread_local valijson::Validator validator;
  valijson::adapters::NlohmannJsonAdapter adapter(value);
  valijson::ValidationResults results;
  if (validator.validate(schema, adapter, &results)) return Status::Ok();
  // Report the most specific error: the one with the deepest context.
  valijson::ValidationResults::Error best, e;
  std::size_t best_depth = 0;
  bool first = true;
  while (results.popError(e)) {
    if (first || e.context.size() > best_depth) {
      best = e;
      best_depth = e.context.size();
      first = false;
    }
  }
  std::string field = field_of(best.context);
  if (field.empty()) {
    // valijson reports a missing required property at the root, naming it only in
    // its message: "Missing required property 'consent'."
    // A key refused by "propertyNames" (see without_pattern_properties) is reported
    // at the root too: "... schema associated with property name 'answers'."
    for (const std::string marker : {"property '", "property name '"}) {
      auto at = best.description.find(marker);
      if (at == std::string::npos) continue;
      auto end = best.description.find('\'', at + marker.size());
      if (end != std::string::npos)
        field = best.description.substr(at + marker.size(), end - at - marker.size());
      break;
    }
  }
  std::string message = best.description;
  if (best.context.size() > 2) {
    std::string path;
    for (std::size_t i = 1; i < best.context.size(); ++i) path += best.context[i];
    message = "at " + path + ": " + message;
  }
  return make_error(Errc::schema_violation, message, record, field);
}

}  // namespace

bool CollectionInfo::is_personal(std::string_view f) const {
  return contains(personal_fields, f);
}
bool CollectionInfo::is_counter(std::string_view f) const {
  return contains(counter_fields, f);
}
bool CollectionInfo::is_immutable(std::string_view f) const {
  return contains(immutable_fields, f);
}
bool CollectionInfo::has_field(std::string_view f) const {
  return contains(fields, f);
}

struct SchemaRegistry::Impl {
  int version = 0;
  std::map<std::string, std::unique_ptr<Compiled>, std::less<>> collections;
  std::map<std::string, nlohmann::json, std::less<>> documents;
  std::string load_error;  // non-empty when the bundle itself is broken

  const Compiled* find(std::string_view name) const {
    auto it = collections.find(name);
    return it == collections.end() ? nullptr : it->second.get();
  }

  Status unknown(std::string_view c) const {
    if (!load_error.empty())
      return make_error(Errc::internal, "schema bundle is invalid: " + load_error);
    return make_error(Errc::unknown_collection, "unknown collection '" + std::string(c) + "'");
  }
};

SchemaRegistry::SchemaRegistry() : impl_(std::make_unique<Impl>()) {}
SchemaRegistry::~SchemaRegistry() = default;

Result<std::unique_ptr<SchemaRegistry>> SchemaRegistry::from_files(
    const std::vector<std::pair<std::string, std::string>>& files) {
  std::unique_ptr<SchemaRegistry> reg(new SchemaRegistry());
  Impl& impl = *reg->impl_;
  for (const auto& [path, bytes] : files) {
    auto doc = nlohmann::json::parse(bytes, nullptr, /*allow_exceptions=*/false);
    if (doc.is_discarded())
      return make_error(Errc::malformed, "schemas/" + path + " is not valid JSON");
    impl.documents.emplace(path, doc);
    if (path == "bundle.json") {
      if (!doc.contains("version") || !doc["version"].is_number_integer())
        return make_error(Errc::malformed, "schemas/bundle.json needs an integer version");
      impl.version = doc["version"].get<int>();
      continue;
    }
    if (path.rfind("collections/", 0) != 0) continue;
    auto c = std::make_unique<Compiled>();
    c->doc = doc;
    if (!doc.is_object() || !doc.contains("x-terrain") || !doc["x-terrain"].is_object() ||
        !doc.contains("properties") || !doc["properties"].is_object())
      return make_error(Errc::malformed,
                        "schemas/" + path + " needs objects x-terrain and properties");
    const nlohmann::json xt = doc["x-terrain"];
    c->info.name = xt.value("collection", std::string());
    if (c->info.name.empty())
      return make_error(Errc::malformed, "schemas/" + path + " lacks x-terrain.collection");
    if (xt.contains("meeting_field") && xt["meeting_field"].is_string())
      c->info.meeting_field = xt["meeting_field"].get<std::string>();
    c->global = xt.value("global", false) || c->info.meeting_field.empty();
    if (xt.contains("questionnaire") && xt["questionnaire"].is_object()) {
      const auto& q = xt["questionnaire"];
      c->info.questionnaire_id_field = q.value("id_field", std::string());
      c->info.questionnaire_version_field = q.value("version_field", std::string());
      c->info.answers_field = q.value("answers_field", std::string());
    }
    for (const auto& [name, prop] : doc["properties"].items()) {
      c->info.fields.push_back(name);
      if (!prop.is_object())
        return make_error(Errc::malformed,
                          "schemas/" + path + ": property " + name + " is not an object");
      if (prop.value("x-personal", false)) c->info.personal_fields.push_back(name);
      if (prop.value("x-counter", false)) c->info.counter_fields.push_back(name);
      if (prop.value("x-immutable", false)) c->info.immutable_fields.push_back(name);
    }
    if (doc.contains("required") && doc["required"].is_array())
      for (const auto& r : doc["required"])
        if (r.is_string()) c->required.push_back(r.get<std::string>());
    nlohmann::json full = doc;
    without_pattern_properties(full);
    nlohmann::json patch = full;
    patch.erase("required");
    try {
      valijson::SchemaParser parser(valijson::SchemaParser::kDraft7);
      valijson::adapters::NlohmannJsonAdapter full_adapter(full);
      parser.populateSchema(full_adapter, c->full);
      valijson::adapters::NlohmannJsonAdapter patch_adapter(patch);
      parser.populateSchema(patch_adapter, c->patch);
    } catch (const std::exception& e) {
      return make_error(Errc::malformed, "schemas/" + path + ": " + e.what());
    }
    std::string name = c->info.name;
    impl.collections.emplace(std::move(name), std::move(c));
  }
  if (impl.version <= 0) return make_error(Errc::malformed, "schemas/bundle.json is missing");
  return reg;
}

const SchemaRegistry& SchemaRegistry::embedded() {
  static const SchemaRegistry* registry = [] {
    std::vector<std::pair<std::string, std::string>> files;
    for (const auto& [path, bytes] : detail::embedded_schema_files())
      files.emplace_back(std::string(path), std::string(bytes));
    auto r = from_files(files);
    if (r) return r.value().release();
    // A broken bundle is a build defect; every validation then fails loudly.
    auto* empty = new SchemaRegistry();
    empty->impl_->load_error = r.error().message;
    return empty;
  }();
  return *registry;
}

int SchemaRegistry::version() const {
  return impl_->version;
}

const CollectionInfo* SchemaRegistry::collection(std::string_view name) const {
  const Compiled* c = impl_->find(name);
  return c ? &c->info : nullptr;
}

std::vector<std::string> SchemaRegistry::collections() const {
  std::vector<std::string> out;
  for (const auto& [name, c] : impl_->collections) out.push_back(name);
  return out;
}

namespace {
std::string record_label(std::string_view collection, std::string_view id) {
  return id.empty() ? std::string(collection) : std::string(collection) + "/" + std::string(id);
}

Status check_known_fields(const Compiled& c, const nlohmann::json& fields,
                          const std::string& record) {
  if (!fields.is_object())
    return make_error(Errc::malformed, "fields must be a JSON object", record);
  for (const auto& [name, v] : fields.items()) {
    (void)v;
    if (!c.info.has_field(name))
      return make_error(Errc::unknown_field,
                        "collection '" + c.info.name + "' has no field '" + name + "'", record,
                        name);
  }
  return Status::Ok();
}
}  // namespace

Status SchemaRegistry::validate_record(std::string_view collection, const nlohmann::json& fields,
                                       std::string_view record_id) const {
  const Compiled* c = impl_->find(collection);
  if (!c) return impl_->unknown(collection);
  const std::string record = record_label(collection, record_id);
  if (auto st = check_known_fields(*c, fields, record); !st.ok()) return st;
  return run(c->full, fields, record);
}

Status SchemaRegistry::validate_fields(std::string_view collection, const nlohmann::json& fields,
                                       std::string_view record_id) const {
  const Compiled* c = impl_->find(collection);
  if (!c) return impl_->unknown(collection);
  const std::string record = record_label(collection, record_id);
  if (auto st = check_known_fields(*c, fields, record); !st.ok()) return st;
  return run(c->patch, fields, record);
}

Status SchemaRegistry::validate_answers_of(std::string_view collection,
                                           const nlohmann::json& record,
                                           const QuestionnaireLookup& lookup,
                                           std::string_view record_id) const {
  const Compiled* c = impl_->find(collection);
  if (!c) return impl_->unknown(collection);
  const CollectionInfo& info = c->info;
  if (info.answers_field.empty()) return Status::Ok();
  const std::string label = record_label(collection, record_id);
  auto id = record.find(info.questionnaire_id_field);
  auto version = record.find(info.questionnaire_version_field);
  auto answers = record.find(info.answers_field);
  if (id == record.end() || !id->is_string() || version == record.end() ||
      !version->is_number_integer())
    return make_error(Errc::schema_violation, "the questionnaire and its version are required",
                      label, info.questionnaire_id_field);
  if (answers == record.end())
    return make_error(Errc::schema_violation, "answers are required", label, info.answers_field);
  const std::string qid = id->get<std::string>();
  const std::int64_t qversion = version->get<std::int64_t>();
  std::optional<nlohmann::json> def;
  if (const nlohmann::json* shipped = document(questionnaire_document_path(qid, qversion)))
    def = *shipped;
  else if (lookup)
    def = lookup(qid, qversion);
  if (!def)
    return make_error(Errc::schema_violation,
                      "unknown questionnaire " + qid + " version " + std::to_string(qversion),
                      label, info.questionnaire_id_field);
  Status st = validate_answers(*def, *answers);
  if (!st.ok()) {
    Error e = st.error();
    e.record = label;
    e.message = "answer to '" + e.field + "': " + e.message;
    e.field = info.answers_field;
    return e;
  }
  return Status::Ok();
}

namespace {
// True when the detached value is present, not redacted, and JSON null.
bool is_null_value(const DetachedValues& values, const std::string& hash) {
  auto it = values.find(hash);
  return it != values.end() && !it->second.redacted && it->second.json == "null";
}
}  // namespace

Status SchemaRegistry::validate_change_set(const ChangeSet& cs, const DetachedValues& values,
                                           const QuestionnaireLookup& lookup,
                                           const RecordLookup& records) const {
  if (cs.schema > impl_->version)
    return make_error(Errc::unsupported_version,
                      "change set uses schema version " + std::to_string(cs.schema) +
                          "; this build knows up to " + std::to_string(impl_->version));
  for (const auto& ch : cs.changes) {
    const Compiled* c = impl_->find(ch.collection);
    if (!c) return impl_->unknown(ch.collection);
    const std::string record = record_label(ch.collection, ch.id);
    // Every change belongs to the change set's one meeting.
    if (c->global) {
      if (cs.meeting != "global")
        return make_error(Errc::multiple_meetings,
                          "a '" + ch.collection + "' record belongs in a \"global\" change set",
                          record);
    } else if (c->info.meeting_field == "$id") {
      if (ch.id != cs.meeting)
        return make_error(Errc::multiple_meetings,
                          "the meeting record differs from the change set's meeting", record);
    }
    switch (ch.op) {
      case Op::create:
      case Op::set: {
        nlohmann::json obj = nlohmann::json::object();
        std::set<std::string> redacted;
        for (const auto& w : ch.fields) {
          if (!c->info.has_field(w.name))
            return make_error(Errc::unknown_field,
                              "collection '" + ch.collection + "' has no field '" + w.name + "'",
                              record, w.name);
          if (ch.op == Op::set && c->info.is_immutable(w.name))
            return make_error(Errc::schema_violation, "field is set at creation only", record,
                              w.name);
          if (ch.op == Op::set && c->info.is_counter(w.name))
            return make_error(Errc::schema_violation, "a counter changes only by increments",
                              record, w.name);
          if (c->info.is_personal(w.name) && !w.detached)
            return make_error(Errc::schema_violation,
                              "a personal field must travel as a detached value", record, w.name);
          // A set to null removes an optional field; required fields stay.
          const bool removal = ch.op == Op::set && (w.detached ? is_null_value(values, w.value_hash)
                                                               : w.value.is_null());
          if (removal) {
            if (std::find(c->required.begin(), c->required.end(), w.name) != c->required.end())
              return make_error(Errc::schema_violation, "a required field cannot be removed",
                                record, w.name);
            continue;
          }
          if (!w.detached) {
            obj[w.name] = w.value;
            continue;
          }
          auto it = values.find(w.value_hash);
          if (it == values.end())
            return make_error(Errc::schema_violation, "the detached value is missing", record,
                              w.name);
          if (it->second.redacted) {
            redacted.insert(w.name);
            continue;
          }
          auto v = nlohmann::json::parse(it->second.json, nullptr, false);
          if (v.is_discarded())
            return make_error(Errc::malformed, "detached value is not JSON", record, w.name);
          obj[w.name] = std::move(v);
        }
        if (ch.op == Op::create && !c->global && c->info.meeting_field != "$id") {
          auto m = obj.find(c->info.meeting_field);
          if (m == obj.end() || !m->is_string() || m->get<std::string>() != cs.meeting)
            return make_error(Errc::multiple_meetings,
                              "the record's meeting differs from the change set's meeting", record,
                              c->info.meeting_field);
        }
        if (ch.op == Op::create && redacted.empty()) {
          if (auto st = run(c->full, obj, record); !st.ok()) return st;
          if (auto st = validate_answers_of(ch.collection, obj, lookup, ch.id); !st.ok()) return st;
          if (c->info.name == "questionnaire")
            if (auto st = validate_questionnaire_record(obj); !st.ok()) {
              Error e = st.error();
              e.record = record;
              return e;
            }
        } else {
          if (auto st = run(c->patch, obj, record); !st.ok()) return st;
          if (ch.op == Op::set && records && !c->info.answers_field.empty() &&
              obj.contains(c->info.answers_field))
            if (auto current = records(ch.collection, ch.id)) {
              nlohmann::json whole = std::move(*current);
              for (auto& [k, v] : obj.items()) whole[k] = v;
              if (auto st = validate_answers_of(ch.collection, whole, lookup, ch.id); !st.ok())
                return st;
            }
          if (ch.op == Op::create)
            for (const auto& r : c->required)
              if (!obj.contains(r) && !redacted.count(r))
                return make_error(Errc::schema_violation, "required field is missing", record, r);
        }
        break;
      }
      case Op::inc:
        if (!c->info.is_counter(ch.counter))
          return make_error(Errc::schema_violation, "only counter fields can be incremented",
                            record, ch.counter);
        break;
      case Op::del:
      case Op::resolve:
        break;
    }
  }
  return Status::Ok();
}

const nlohmann::json* SchemaRegistry::document(std::string_view path) const {
  auto it = impl_->documents.find(path);
  return it == impl_->documents.end() ? nullptr : &it->second;
}

std::vector<std::string> SchemaRegistry::documents(std::string_view prefix) const {
  std::vector<std::string> out;
  for (const auto& [path, doc] : impl_->documents)
    if (path.rfind(prefix, 0) == 0) out.push_back(path);
  return out;
}

}  // namespace terrain
