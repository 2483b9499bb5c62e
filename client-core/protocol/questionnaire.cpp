// Questionnaire definitions (format 1) and the checks of answers against them.
//
// Design: a definition is first parsed into a small typed model (Parsed), checking
// everything on the way; every public function works on that model, so the rules
// of display (show_if) and of answers live in exactly one place. Nothing here
// throws: JSON is only read through find(), is_*() and get_ref() after a type check.
#include "terrain/protocol/questionnaire.h"

#include <algorithm>
#include <array>
#include <limits>
#include <map>
#include <memory>
#include <set>
#include <utility>
#include <vector>

namespace terrain {

namespace {

using json = nlohmann::json;
using Limits = QuestionnaireLimits;

enum class QType { single_choice, multiple_choice, scale, yes_no, free_text };

constexpr std::array<std::pair<std::string_view, QType>, 5> kTypes{{
    {"single_choice", QType::single_choice},
    {"multiple_choice", QType::multiple_choice},
    {"scale", QType::scale},
    {"yes_no", QType::yes_no},
    {"free_text", QType::free_text},
}};

struct Option {
  std::string code;
  bool positive = false;
};

struct Condition {
  std::size_t question = 0;  // index of an earlier question
  std::vector<json> values;  // displayed when the answer equals one of them
};

struct Question {
  std::string id;
  QType type = QType::yes_no;
  bool required = false;
  std::vector<Option> options;  // choices, labelled scale
  bool numeric = false;         // scale with min/max
  std::int64_t min = 0;
  std::int64_t max = 0;
  std::size_t min_choices = 1;
  std::size_t max_choices = 0;
  std::int64_t max_length = Limits::default_free_text_chars;
  std::optional<Condition> show_if;

  const Option* option(std::string_view code) const {
    for (const auto& o : options)
      if (o.code == code) return &o;
    return nullptr;
  }
};

struct Parsed {
  std::vector<Question> questions;
  std::map<std::string, std::size_t, std::less<>> index;
  std::optional<std::size_t> headline;
};

Error fault(std::string field, std::string message) {
  return make_error(Errc::schema_violation, std::move(message), {}, std::move(field));
}

// Characters as JSON Schema's maxLength counts them: Unicode code points.
std::size_t utf8_chars(const std::string& s) {
  return static_cast<std::size_t>(std::count_if(
      s.begin(), s.end(), [](char c) { return (static_cast<unsigned char>(c) & 0xC0) != 0x80; }));
}

std::optional<std::int64_t> as_int(const json& j) {
  if (j.is_number_unsigned()) {
    auto u = j.get<std::uint64_t>();
    if (u > static_cast<std::uint64_t>(std::numeric_limits<std::int64_t>::max()))
      return std::nullopt;
    return static_cast<std::int64_t>(u);
  }
  if (j.is_number_integer()) return j.get<std::int64_t>();
  return std::nullopt;
}

bool is_lower_or_digit(char c) {
  return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9');
}

// Question ids and option codes: ^[a-z][a-z0-9_]{0,63}$
bool is_key(std::string_view s) {
  if (s.empty() || s.size() > Limits::max_id_chars || !(s[0] >= 'a' && s[0] <= 'z')) return false;
  return std::all_of(s.begin(), s.end(), [](char c) { return is_lower_or_digit(c) || c == '_'; });
}

// Questionnaire ids: ^[a-z0-9]+(-[a-z0-9]+)*$, at most 64 characters.
bool is_questionnaire_id(std::string_view s) {
  if (s.empty() || s.size() > Limits::max_id_chars || s.front() == '-' || s.back() == '-')
    return false;
  char prev = 'a';
  for (char c : s) {
    if (c == '-' && prev == '-') return false;
    if (c != '-' && !is_lower_or_digit(c)) return false;
    prev = c;
  }
  return true;
}

// A key from a definition or answers, safe to name in a message.
std::string shown_key(std::string_view key) {
  std::string out;
  for (char c : key.substr(0, Limits::max_id_chars)) {
    auto u = static_cast<unsigned char>(c);
    out += (u >= 0x20 && u < 0x7F) ? c : '?';
  }
  return out;
}

std::string_view type_name(QType t) {
  for (const auto& [name, type] : kTypes)
    if (type == t) return name;
  return "?";
}

Status check_label(const json& j, const std::string& field, std::string_view what) {
  const std::string w(what);
  if (!j.is_object()) return fault(field, w + " must be an object {\"fr\": ..., \"en\": ...}");
  for (const auto& [lang, text] : j.items()) {
    if (lang != "fr" && lang != "en")
      return fault(field, w + " has a language other than \"fr\" and \"en\"");
    (void)text;
  }
  for (const char* lang : {"fr", "en"}) {
    auto it = j.find(lang);
    if (it == j.end() || !it->is_string())
      return fault(field, w + " needs a \"" + lang + "\" text");
    auto n = utf8_chars(it->get_ref<const std::string&>());
    if (n == 0 || n > Limits::max_label_chars)
      return fault(field, w + " (\"" + lang + "\") must have 1 to " +
                              std::to_string(Limits::max_label_chars) + " characters");
  }
  return Status::Ok();
}

// The first key of `obj` that is not in `allowed`, if any.
std::optional<std::string> unknown_key(const json& obj,
                                       std::initializer_list<std::string_view> allowed) {
  for (const auto& [key, v] : obj.items()) {
    (void)v;
    if (std::find(allowed.begin(), allowed.end(), key) == allowed.end()) return key;
  }
  return std::nullopt;
}

Status check_keys(const json& q, QType type, const std::string& field) {
  std::optional<std::string> bad;
  switch (type) {
    case QType::single_choice:
      bad = unknown_key(q, {"id", "type", "label", "help", "required", "show_if", "options"});
      break;
    case QType::multiple_choice:
      bad = unknown_key(q, {"id", "type", "label", "help", "required", "show_if", "options",
                            "min_choices", "max_choices"});
      break;
    case QType::scale:
      bad = unknown_key(q, {"id", "type", "label", "help", "required", "show_if", "options", "min",
                            "max", "min_label", "max_label"});
      break;
    case QType::yes_no:
      bad = unknown_key(q, {"id", "type", "label", "help", "required", "show_if"});
      break;
    case QType::free_text:
      bad = unknown_key(q, {"id", "type", "label", "help", "required", "show_if", "max_length"});
      break;
  }
  if (bad)
    return fault(field, "key '" + shown_key(*bad) + "' is not allowed in a " +
                            std::string(type_name(type)) + " question");
  return Status::Ok();
}

Status parse_options(const json& q, Question& out) {
  const bool scale = out.type == QType::scale;
  const json& opts = q["options"];
  if (!opts.is_array() || opts.size() < 2 || opts.size() > Limits::max_options)
    return fault(out.id, "options must be an array of 2 to " + std::to_string(Limits::max_options) +
                             " options");
  std::set<std::string, std::less<>> codes;
  for (const auto& o : opts) {
    if (!o.is_object()) return fault(out.id, "each option must be an object");
    auto bad = scale ? unknown_key(o, {"code", "label", "score", "positive"})
                     : unknown_key(o, {"code", "label"});
    if (bad) return fault(out.id, "key '" + shown_key(*bad) + "' is not allowed in this option");
    auto code = o.find("code");
    if (code == o.end() || !code->is_string() || !is_key(code->get_ref<const std::string&>()))
      return fault(out.id, "each option needs a code of lowercase letters, digits and '_'");
    Option opt{code->get<std::string>(), false};
    if (!codes.insert(opt.code).second)
      return fault(out.id, "option code '" + opt.code + "' is used twice");
    auto label = o.find("label");
    if (label == o.end()) return fault(out.id, "option '" + opt.code + "' needs a label");
    TERRAIN_RETURN_IF_ERROR(check_label(*label, out.id, "the label of option '" + opt.code + "'"));
    if (scale) {
      auto score = o.find("score");
      std::optional<std::int64_t> s;
      if (score != o.end()) s = as_int(*score);
      if (!s || *s < -Limits::max_scale_bound || *s > Limits::max_scale_bound)
        return fault(out.id, "option '" + opt.code + "' of a scale needs an integer score within " +
                                 std::to_string(Limits::max_scale_bound) + " of 0");
      if (auto pos = o.find("positive"); pos != o.end()) {
        if (!pos->is_boolean()) return fault(out.id, "positive must be true or false");
        opt.positive = pos->get<bool>();
      }
    }
    out.options.push_back(std::move(opt));
  }
  return Status::Ok();
}

Status parse_bound(const json& q, const char* key, const Question& out, std::int64_t& into) {
  auto it = q.find(key);
  std::optional<std::int64_t> v;
  if (it != q.end()) v = as_int(*it);
  if (!v || *v < -Limits::max_scale_bound || *v > Limits::max_scale_bound)
    return fault(out.id, std::string("a numeric scale needs an integer ") + key + " within " +
                             std::to_string(Limits::max_scale_bound) + " of 0");
  into = *v;
  return Status::Ok();
}

Status parse_choices_bound(const json& q, const char* key, const Question& out, std::size_t& into) {
  auto it = q.find(key);
  if (it == q.end()) return Status::Ok();
  auto v = as_int(*it);
  if (!v || *v < 1 || static_cast<std::size_t>(*v) > out.options.size())
    return fault(out.id, std::string(key) + " must be an integer from 1 to the number of options");
  into = static_cast<std::size_t>(*v);
  return Status::Ok();
}

// Whether `v` is a possible answer to `q` (for show_if values).
bool possible_value(const Question& q, const json& v) {
  switch (q.type) {
    case QType::single_choice:
    case QType::multiple_choice:
      return v.is_string() && q.option(v.get_ref<const std::string&>()) != nullptr;
    case QType::scale:
      if (q.numeric) {
        auto i = as_int(v);
        return i && *i >= q.min && *i <= q.max;
      }
      return v.is_string() && q.option(v.get_ref<const std::string&>()) != nullptr;
    case QType::yes_no:
      return v.is_boolean();
    case QType::free_text:
      return false;
  }
  return false;
}

Status parse_condition(const json& c, const Parsed& earlier, Question& out) {
  if (!c.is_object()) return fault(out.id, "show_if must be an object");
  if (auto bad = unknown_key(c, {"question", "equals", "in"}))
    return fault(out.id, "key '" + shown_key(*bad) + "' is not allowed in show_if");
  auto ref = c.find("question");
  if (ref == c.end() || !ref->is_string())
    return fault(out.id, "show_if needs the id of an earlier question");
  auto idx = earlier.index.find(ref->get_ref<const std::string&>());
  if (idx == earlier.index.end())
    return fault(out.id, "show_if must name an earlier question of the questionnaire");
  const Question& target = earlier.questions[idx->second];
  if (target.type == QType::free_text)
    return fault(out.id, "show_if cannot depend on a free_text question");
  auto eq = c.find("equals");
  auto in = c.find("in");
  if ((eq == c.end()) == (in == c.end()))
    return fault(out.id, "show_if needs exactly one of \"equals\" and \"in\"");
  Condition cond{idx->second, {}};
  if (eq != c.end()) {
    cond.values.push_back(*eq);
  } else {
    if (!in->is_array() || in->empty() || in->size() > Limits::max_options)
      return fault(out.id, "show_if \"in\" must be a non-empty array");
    for (const auto& v : *in) cond.values.push_back(v);
  }
  for (const auto& v : cond.values)
    if (!possible_value(target, v))
      return fault(out.id,
                   "show_if compares with a value question '" + target.id + "' cannot have");
  out.show_if = std::move(cond);
  return Status::Ok();
}

Result<Question> parse_question(const json& q, std::size_t position, const Parsed& earlier) {
  const std::string where = "question #" + std::to_string(position + 1);
  if (!q.is_object()) return fault("questions", where + " must be an object");
  auto id = q.find("id");
  if (id == q.end() || !id->is_string() || !is_key(id->get_ref<const std::string&>()))
    return fault("questions", where +
                                  " needs an id of lowercase letters, digits and '_' (at most " +
                                  std::to_string(Limits::max_id_chars) + ")");
  Question out;
  out.id = id->get<std::string>();
  if (earlier.index.count(out.id)) return fault(out.id, "question id is used twice");
  auto type = q.find("type");
  if (type == q.end() || !type->is_string()) return fault(out.id, "question needs a type");
  auto t = std::find_if(kTypes.begin(), kTypes.end(), [&](const auto& p) {
    return p.first == type->get_ref<const std::string&>();
  });
  if (t == kTypes.end())
    return fault(out.id, "type must be single_choice, multiple_choice, scale, yes_no or free_text");
  out.type = t->second;
  TERRAIN_RETURN_IF_ERROR(check_keys(q, out.type, out.id));
  auto label = q.find("label");
  if (label == q.end()) return fault(out.id, "question needs a label");
  TERRAIN_RETURN_IF_ERROR(check_label(*label, out.id, "the question's label"));
  if (auto help = q.find("help"); help != q.end())
    TERRAIN_RETURN_IF_ERROR(check_label(*help, out.id, "the question's help"));
  if (auto req = q.find("required"); req != q.end()) {
    if (!req->is_boolean()) return fault(out.id, "required must be true or false");
    out.required = req->get<bool>();
  }
  switch (out.type) {
    case QType::single_choice:
      if (!q.contains("options")) return fault(out.id, "a single_choice question needs options");
      TERRAIN_RETURN_IF_ERROR(parse_options(q, out));
      break;
    case QType::multiple_choice:
      if (!q.contains("options")) return fault(out.id, "a multiple_choice question needs options");
      TERRAIN_RETURN_IF_ERROR(parse_options(q, out));
      out.max_choices = out.options.size();
      TERRAIN_RETURN_IF_ERROR(parse_choices_bound(q, "min_choices", out, out.min_choices));
      TERRAIN_RETURN_IF_ERROR(parse_choices_bound(q, "max_choices", out, out.max_choices));
      if (out.min_choices > out.max_choices)
        return fault(out.id, "min_choices is greater than max_choices");
      break;
    case QType::scale: {
      const bool labelled = q.contains("options");
      const bool numeric = q.contains("min") || q.contains("max") || q.contains("min_label") ||
                           q.contains("max_label");
      if (labelled == numeric)
        return fault(
            out.id, "a scale needs either options (labelled scale) or min and max (numeric scale)");
      if (labelled) {
        TERRAIN_RETURN_IF_ERROR(parse_options(q, out));
      } else {
        out.numeric = true;
        TERRAIN_RETURN_IF_ERROR(parse_bound(q, "min", out, out.min));
        TERRAIN_RETURN_IF_ERROR(parse_bound(q, "max", out, out.max));
        if (out.min >= out.max) return fault(out.id, "min must be less than max");
        if (auto l = q.find("min_label"); l != q.end())
          TERRAIN_RETURN_IF_ERROR(check_label(*l, out.id, "min_label"));
        if (auto l = q.find("max_label"); l != q.end())
          TERRAIN_RETURN_IF_ERROR(check_label(*l, out.id, "max_label"));
      }
      break;
    }
    case QType::yes_no:
      break;
    case QType::free_text:
      if (auto ml = q.find("max_length"); ml != q.end()) {
        auto v = as_int(*ml);
        if (!v || *v < 1 || *v > Limits::max_free_text_chars)
          return fault(out.id, "max_length must be an integer from 1 to " +
                                   std::to_string(Limits::max_free_text_chars));
        out.max_length = *v;
      }
      break;
  }
  if (auto c = q.find("show_if"); c != q.end())
    TERRAIN_RETURN_IF_ERROR(parse_condition(*c, earlier, out));
  return out;
}

Result<Parsed> parse(const json& def) {
  if (!def.is_object()) return fault({}, "a questionnaire definition must be a JSON object");
  auto format = def.find("format");
  if (format == def.end() || !as_int(*format))
    return fault("format", "the definition needs an integer format (" +
                               std::to_string(kQuestionnaireFormat) + ")");
  if (*as_int(*format) != kQuestionnaireFormat)
    return make_error(Errc::unsupported_version,
                      "questionnaire definition format " + std::to_string(*as_int(*format)) +
                          " is not known to this build (it reads format " +
                          std::to_string(kQuestionnaireFormat) + ")",
                      {}, "format");
  if (auto bad = unknown_key(def, {"format", "id", "version", "title", "description", "audience",
                                   "anonymous", "headline", "questions"}))
    return fault(shown_key(*bad), "key '" + shown_key(*bad) + "' is not allowed in a definition");
  auto id = def.find("id");
  if (id == def.end() || !id->is_string() ||
      !is_questionnaire_id(id->get_ref<const std::string&>()))
    return fault("id", "id must be lowercase letters and digits in words joined by '-' (at most " +
                           std::to_string(Limits::max_id_chars) + ")");
  auto version = def.find("version");
  std::optional<std::int64_t> v;
  if (version != def.end()) v = as_int(*version);
  if (!v || *v < 1 || *v > Limits::max_version)
    return fault("version",
                 "version must be an integer from 1 to " + std::to_string(Limits::max_version));
  auto title = def.find("title");
  if (title == def.end()) return fault("title", "the definition needs a title");
  TERRAIN_RETURN_IF_ERROR(check_label(*title, "title", "title"));
  if (auto d = def.find("description"); d != def.end())
    TERRAIN_RETURN_IF_ERROR(check_label(*d, "description", "description"));
  auto audience = def.find("audience");
  if (audience == def.end() || !audience->is_string() ||
      (*audience != "participants" && *audience != "evaluators"))
    return fault("audience", "audience must be \"participants\" or \"evaluators\"");
  auto anonymous = def.find("anonymous");
  if (anonymous == def.end() || !anonymous->is_boolean())
    return fault("anonymous", "anonymous must be true or false");
  auto questions = def.find("questions");
  if (questions == def.end() || !questions->is_array() || questions->empty() ||
      questions->size() > Limits::max_questions)
    return fault("questions", "questions must be an array of 1 to " +
                                  std::to_string(Limits::max_questions) + " questions");
  Parsed p;
  for (std::size_t i = 0; i < questions->size(); ++i) {
    auto q = parse_question((*questions)[i], i, p);
    if (!q) return q.error();
    p.index.emplace(q->id, p.questions.size());
    p.questions.push_back(std::move(q).value());
  }
  if (auto h = def.find("headline"); h != def.end()) {
    auto idx = h->is_string() ? p.index.find(h->get_ref<const std::string&>()) : p.index.end();
    if (idx == p.index.end()) return fault("headline", "headline must name a question");
    const Question& q = p.questions[idx->second];
    const bool any_positive =
        std::any_of(q.options.begin(), q.options.end(), [](const Option& o) { return o.positive; });
    if (q.type != QType::scale || q.numeric || !any_positive)
      return fault("headline", "headline must name a labelled scale with positive options");
    p.headline = idx->second;
  }
  return p;
}

// parse(), remembered per thread for the last few definitions seen: a server or a
// replica checks thousands of answers against the same few questionnaires, and
// parsing (with all its checks) costs far more than comparing the definition.
// Keyed by the definition's whole value, so an edited definition is parsed again.
Result<std::shared_ptr<const Parsed>> parse_cached(const json& def) {
  struct Entry {
    json def;
    std::shared_ptr<const Parsed> parsed;
  };
  constexpr std::size_t kEntries = 16;
  thread_local std::vector<Entry> cache;
  for (std::size_t i = 0; i < cache.size(); ++i)
    if (cache[i].def == def) {
      if (i > 0) std::swap(cache[i], cache[0]);  // most recent first
      return cache[0].parsed;
    }
  auto p = parse(def);
  if (!p) return p.error();
  auto shared = std::make_shared<const Parsed>(std::move(p).value());
  if (cache.size() >= kEntries) cache.pop_back();
  cache.insert(cache.begin(), Entry{def, shared});
  return shared;
}

// Checks one given answer against its question. Never repeats the value.
Status check_answer(const Question& q, const json& a) {
  switch (q.type) {
    case QType::single_choice:
      if (!a.is_string()) return fault(q.id, "the answer must be an option code (a string)");
      if (!q.option(a.get_ref<const std::string&>()))
        return fault(q.id, "the answer is not one of the question's options");
      return Status::Ok();
    case QType::multiple_choice: {
      if (!a.is_array()) return fault(q.id, "the answer must be an array of option codes");
      std::set<std::string, std::less<>> seen;
      for (const auto& c : a) {
        if (!c.is_string()) return fault(q.id, "the answer must be an array of option codes");
        if (!q.option(c.get_ref<const std::string&>()))
          return fault(q.id, "an answer is not one of the question's options");
        if (!seen.insert(c.get<std::string>()).second)
          return fault(q.id, "an option is chosen twice");
      }
      if (a.size() < q.min_choices || a.size() > q.max_choices)
        return fault(q.id, "choose from " + std::to_string(q.min_choices) + " to " +
                               std::to_string(q.max_choices) + " options");
      return Status::Ok();
    }
    case QType::scale:
      if (q.numeric) {
        auto v = as_int(a);
        if (!v) return fault(q.id, "the answer must be an integer");
        if (*v < q.min || *v > q.max)
          return fault(q.id, "the answer is out of the scale's range " + std::to_string(q.min) +
                                 ".." + std::to_string(q.max));
        return Status::Ok();
      }
      if (!a.is_string()) return fault(q.id, "the answer must be a scale option code (a string)");
      if (!q.option(a.get_ref<const std::string&>()))
        return fault(q.id, "the answer is not one of the scale's options");
      return Status::Ok();
    case QType::yes_no:
      if (!a.is_boolean()) return fault(q.id, "the answer must be true or false");
      return Status::Ok();
    case QType::free_text: {
      if (!a.is_string()) return fault(q.id, "the answer must be text");
      auto n = utf8_chars(a.get_ref<const std::string&>());
      if (n == 0) return fault(q.id, "an empty text is not an answer: leave the question out");
      if (n > static_cast<std::size_t>(q.max_length))
        return fault(q.id,
                     "the text is longer than " + std::to_string(q.max_length) + " characters");
      return Status::Ok();
    }
  }
  return fault(q.id, "unknown question type");
}

bool condition_holds(const Condition& c, const Question& target, const json& answer) {
  auto matches = [&](const json& a) {
    return std::any_of(c.values.begin(), c.values.end(), [&](const json& v) { return v == a; });
  };
  if (target.type == QType::multiple_choice)
    return std::any_of(answer.begin(), answer.end(), matches);
  return matches(answer);
}

// Whether question i is displayed, knowing for every earlier question whether it
// is displayed and whether it has a valid answer (conditions only look backwards).
bool shown_now(const Parsed& p, std::size_t i, const std::vector<bool>& shown,
               const std::vector<bool>& valid, const json& answers) {
  const Question& q = p.questions[i];
  if (!q.show_if) return true;
  const std::size_t r = q.show_if->question;
  if (!shown[r] || !valid[r]) return false;
  return condition_holds(*q.show_if, p.questions[r], answers.at(p.questions[r].id));
}

Status fail_definition(const Error& e) {
  Error out = e;
  out.message = "questionnaire definition: " + out.message;
  return out;
}

}  // namespace

Status validate_questionnaire_definition(const nlohmann::json& def) {
  auto p = parse(def);
  return p ? Status::Ok() : Status(p.error());
}

Status validate_answers(const nlohmann::json& def, const nlohmann::json& answers) {
  auto parsed = parse_cached(def);
  if (!parsed) return fail_definition(parsed.error());
  const Parsed& p = **parsed;
  if (!answers.is_object())
    return fault("answers", "answers must be a JSON object keyed by question id");
  for (const auto& [key, value] : answers.items()) {
    (void)value;
    if (!p.index.count(key)) {
      if (is_key(key)) return fault(key, "the questionnaire has no question '" + key + "'");
      return fault("answers", "an answer key is not a question id");
    }
  }
  // Questions are checked in order, so a condition only ever reads an answer
  // already found valid.
  std::vector<bool> shown(p.questions.size(), false);
  std::vector<bool> valid(p.questions.size(), false);
  for (std::size_t i = 0; i < p.questions.size(); ++i) {
    const Question& q = p.questions[i];
    shown[i] = shown_now(p, i, shown, valid, answers);
    auto it = answers.find(q.id);
    if (it == answers.end()) {
      if (shown[i] && q.required) return fault(q.id, "a required question is not answered");
      continue;
    }
    if (!shown[i])
      return fault(q.id, "the question is answered but hidden by its show_if condition");
    TERRAIN_RETURN_IF_ERROR(check_answer(q, *it));
    valid[i] = true;
  }
  return Status::Ok();
}

std::string questionnaire_document_path(std::string_view id, std::int64_t version) {
  return "questionnaires/" + std::string(id) + "-v" + std::to_string(version) + ".json";
}

Status validate_questionnaire_record(const nlohmann::json& fields) {
  if (!fields.is_object()) return fault({}, "fields must be a JSON object");
  auto def = fields.find("definition");
  if (def == fields.end()) return Status::Ok();
  if (auto st = validate_questionnaire_definition(*def); !st.ok()) {
    Error e = st.error();
    e.message = "definition: " + e.message + (e.field.empty() ? "" : " (at '" + e.field + "')");
    e.field = "definition";
    return e;
  }
  // The definition is valid, so it has an id and a version.
  if (auto id = fields.find("questionnaire_id"); id != fields.end() && *id != def->at("id"))
    return fault("questionnaire_id", "questionnaire_id differs from the definition's id");
  if (auto v = fields.find("version"); v != fields.end() && *v != def->at("version"))
    return fault("version", "version differs from the definition's version");
  return Status::Ok();
}

Status validate_answer_record(const nlohmann::json& fields, const nlohmann::json* def) {
  if (!fields.is_object()) return fault({}, "fields must be a JSON object");
  if (def == nullptr) return fault("questionnaire_id", "the questionnaire is not known");
  if (!def->is_object()) return fail_definition(fault({}, "not a JSON object"));
  auto def_id = def->find("id");
  auto def_version = def->find("version");
  if (auto id = fields.find("questionnaire_id");
      id != fields.end() && (def_id == def->end() || *id != *def_id))
    return fault("questionnaire_id", "the definition given is not this questionnaire's");
  if (auto v = fields.find("questionnaire_version");
      v != fields.end() && (def_version == def->end() || *v != *def_version))
    return fault("questionnaire_version", "the definition given is not this version's");
  if (auto a = fields.find("answers"); a != fields.end()) return validate_answers(*def, *a);
  return Status::Ok();
}

std::vector<std::string> displayed_questions(const nlohmann::json& def,
                                             const nlohmann::json& answers) {
  auto parsed = parse(def);
  if (!parsed || !answers.is_object()) return {};
  const Parsed& p = *parsed;
  std::vector<bool> shown(p.questions.size(), false);
  std::vector<bool> valid(p.questions.size(), false);
  std::vector<std::string> out;
  for (std::size_t i = 0; i < p.questions.size(); ++i) {
    shown[i] = shown_now(p, i, shown, valid, answers);
    auto it = answers.find(p.questions[i].id);
    valid[i] = it != answers.end() && check_answer(p.questions[i], *it).ok();
    if (shown[i]) out.push_back(p.questions[i].id);
  }
  return out;
}

std::optional<bool> headline_is_positive(const nlohmann::json& def, const nlohmann::json& answers) {
  auto parsed = parse(def);
  if (!parsed || !parsed->headline || !answers.is_object()) return std::nullopt;
  const Question& q = parsed->questions[*parsed->headline];
  auto it = answers.find(q.id);
  if (it == answers.end() || !check_answer(q, *it).ok()) return std::nullopt;
  return q.option(it->get_ref<const std::string&>())->positive;
}

}  // namespace terrain
