#include "capture.h"

#include <filesystem>

#include "terrain/protocol/ids.h"
#include "terrain/sync/sync_client.h"

namespace terrain::demo {
namespace {

struct Tablet {
  std::string label;
  std::unique_ptr<Replica> replica;
};

Result<Tablet> open_tablet(const std::string& dir, const std::string& file,
                           const std::string& label) {
  ReplicaOptions options;
  // Simulated tablets write thousands of records in a few seconds: they skip the
  // fsync of every commit (still crash-safe for the process). Real tablets do not.
  options.durable = false;
  auto r = Replica::open(dir + "/" + file + ".db", options);
  if (!r) return r.error();
  return Tablet{label, std::move(*r)};
}

#define DEMO_TRY(expr)                         \
  do {                                         \
    auto _demo_r = (expr);                     \
    if (!_demo_r.ok()) return _demo_r.error(); \
  } while (0)

class Capture {
 public:
  Capture(CyclePlan& plan, AdminSession& admin, std::string url, std::string dir,
          std::ostream& progress)
      : plan_(plan), admin_(admin), url_(std::move(url)), dir_(std::move(dir)), out_(progress) {}

  Result<CaptureStats> run() {
    std::error_code ec;
    std::filesystem::create_directories(dir_, ec);
    if (ec) return make_error(Errc::io, "cannot create " + dir_);
    DEMO_TRY(define_meetings());
    DEMO_TRY(enrol_tablets());
    for (auto& t : tablets_) DEMO_TRY(sync(t));  // every tablet pulls the meetings
    for (std::size_t i = 0; i < plan_.meetings.size(); ++i) {
      if (!plan_.meetings[i].held) continue;
      DEMO_TRY(capture_meeting(plan_.meetings[i], stats_.meeting_ids[i]));
    }
    return stats_;
  }

 private:
  Status sync(Tablet& t) {
    ++stats_.syncs;
    auto r = sync::sync(*t.replica);
    if (!r) return make_error(r.error().code, t.label + ": sync failed: " + r.error().to_string());
    return {};
  }

  Status define_meetings() {
    for (auto& m : plan_.meetings) {
      std::string id = new_uuid_v7();
      auto r = admin_.define_meeting(id, m.fields);
      if (!r) return r.error();
      stats_.meeting_ids.push_back(id);
      ++stats_.meetings_defined;
    }
    out_ << "  " << stats_.meetings_defined << " rencontres définies par l'équipe centrale\n";
    return {};
  }

  Status enrol_tablets() {
    nlohmann::json scope = {{"cycle", kDemoCycle}};
    std::vector<std::pair<std::string, std::string>> facilitators = {
        {"equipe-1-porte-a", "Équipe 1 — porte A"}, {"equipe-1-porte-b", "Équipe 1 — porte B"},
        {"equipe-2-porte-a", "Équipe 2 — porte A"}, {"equipe-2-porte-b", "Équipe 2 — porte B"},
        {"equipe-3-porte-a", "Équipe 3 — porte A"}, {"equipe-3-porte-b", "Équipe 3 — porte B"}};
    auto add = [&](const std::string& file, const std::string& label,
                   const std::string& role) -> Status {
      auto t = open_tablet(dir_, file, label);
      if (!t) return t.error();
      auto code = admin_.enrolment_code(role, scope);
      if (!code) return code.error();
      auto e = sync::enrol(*t->replica, url_, *code);
      if (!e)
        return make_error(e.error().code, label + ": enrolment failed: " + e.error().to_string());
      stats_.tablets.push_back(label);
      tablets_.push_back(std::move(*t));
      return {};
    };
    for (const auto& [file, label] : facilitators)
      TERRAIN_RETURN_IF_ERROR(add(file, label, "facilitator"));
    TERRAIN_RETURN_IF_ERROR(add("evaluation", "Évaluation", "evaluator"));
    // A spare tablet, enrolled and then left in a drawer: it never syncs.
    auto spare = open_tablet(dir_, "secours", "Tablette de secours");
    if (!spare) return spare.error();
    auto code = admin_.enrolment_code("facilitator", scope);
    if (!code) return code.error();
    auto e = sync::enrol(*spare->replica, url_, *code);
    if (!e) return e.error();
    stats_.tablets.push_back(spare->label);
    out_ << "  " << stats_.tablets.size() << " tablettes enrôlées\n";
    return {};
  }

  Status capture_meeting(PlannedMeeting& m, const std::string& id) {
    Tablet& a = tablets_[static_cast<std::size_t>(m.team) * 2];
    Tablet& b = tablets_[static_cast<std::size_t>(m.team) * 2 + 1];
    Tablet& evaluator = tablets_[6];
    Tablet* doors[2] = {&a, &b};

    // Preparation, online: door A creates the plenary head count; B pulls it.
    auto plenary = a.replica->create(
        "headcount",
        {{"meeting", id}, {"label", "Plénière"}, {"count", 0}, {"count_people_concerned", 0}});
    if (!plenary) return plenary.error();
    TERRAIN_RETURN_IF_ERROR(sync(a));
    TERRAIN_RETURN_IF_ERROR(sync(b));

    // In the room, offline.
    TERRAIN_RETURN_IF_ERROR(a.replica->update("meeting", id, {{"status", "en_cours"}}));
    std::string first_at_a;
    for (const auto& p : m.people) {
      Tablet& t = *doors[p.door];
      nlohmann::json fields = p.fields;
      fields["meeting"] = id;
      auto rec = t.replica->create("attendance", fields);
      if (!rec) return rec.error();
      if (p.mistaken) {
        TERRAIN_RETURN_IF_ERROR(t.replica->remove("attendance", *rec));
        ++stats_.deleted_check_ins;
        continue;
      }
      ++stats_.check_ins;
      if (first_at_a.empty() && p.door == 0 && fields.value("role", "") == "participant")
        first_at_a = *rec;
      TERRAIN_RETURN_IF_ERROR(t.replica->increment("headcount", *plenary, "count", 1));
      ++stats_.head_count_clicks;
      if (p.concerned)
        TERRAIN_RETURN_IF_ERROR(
            t.replica->increment("headcount", *plenary, "count_people_concerned", 1));
      if (p.checked_twice) {
        Tablet& other = *doors[1 - p.door];
        nlohmann::json again = fields;
        again["display_name"] = p.second_name;
        auto dup = other.replica->create("attendance", again);
        if (!dup) return dup.error();
        ++stats_.duplicate_check_ins;
      }
    }
    for (int door = 0; door < 2; ++door)
      if (m.unregistered[door] > 0) {
        TERRAIN_RETURN_IF_ERROR(
            doors[door]->replica->increment("headcount", *plenary, "count", m.unregistered[door]));
        ++stats_.head_count_clicks;
      }

    if (m.role_conflict && !first_at_a.empty()) {
      // Midday: both doors sync, then each changes the same person's role without
      // seeing the other's change.
      TERRAIN_RETURN_IF_ERROR(sync(a));
      TERRAIN_RETURN_IF_ERROR(sync(b));
      TERRAIN_RETURN_IF_ERROR(
          a.replica->update("attendance", first_at_a, {{"role", "intervenant"}}));
      TERRAIN_RETURN_IF_ERROR(b.replica->update("attendance", first_at_a, {{"role", "animateur"}}));
      ++stats_.concurrent_edits;
    }
    if (m.venue_conflict) {
      std::string venue = m.fields.value("venue", std::string());
      TERRAIN_RETURN_IF_ERROR(
          a.replica->update("meeting", id, {{"venue", venue + " — salle Vauban"}}));
      TERRAIN_RETURN_IF_ERROR(
          b.replica->update("meeting", id, {{"venue", venue + " — amphithéâtre"}}));
      ++stats_.concurrent_edits;
    }

    // The feedback questionnaire on door A's tablet, passed from hand to hand.
    for (const auto& answers : m.feedback_answers) {
      auto r = a.replica->create("feedback_response",
                                 {{"meeting", id},
                                  {"questionnaire_id", "satisfaction-rencontre-territoriale"},
                                  {"questionnaire_version", 1},
                                  {"answers", answers}});
      if (!r) return r.error();
      ++stats_.feedback_responses;
    }
    // Contributions recorded in the workshops on door B's tablet.
    for (const auto& c : m.contributions) {
      nlohmann::json fields = c;
      fields["meeting"] = id;
      auto r = b.replica->create("contribution", fields);
      if (!r) return r.error();
      ++stats_.contributions;
    }
    TERRAIN_RETURN_IF_ERROR(a.replica->update("meeting", id, {{"status", "terminee"}}));

    // Back online in the evening.
    TERRAIN_RETURN_IF_ERROR(sync(a));
    TERRAIN_RETURN_IF_ERROR(sync(b));
    if (!m.evaluation.is_null()) {
      TERRAIN_RETURN_IF_ERROR(sync(evaluator));
      nlohmann::json fields = m.evaluation;
      fields["meeting"] = id;
      auto r = evaluator.replica->create("evaluation", fields);
      if (!r) return r.error();
      TERRAIN_RETURN_IF_ERROR(sync(evaluator));
      ++stats_.evaluations;
    }
    ++stats_.meetings_captured;
    out_ << "  " << m.title << " : " << m.people.size() << " présences saisies, "
         << m.feedback_answers.size() << " questionnaires, synchronisées\n";
    out_.flush();
    return {};
  }

  CyclePlan& plan_;
  AdminSession& admin_;
  std::string url_;
  std::string dir_;
  std::ostream& out_;
  std::vector<Tablet> tablets_;
  CaptureStats stats_;
};

}  // namespace

Result<CaptureStats> capture_cycle(CyclePlan& plan, AdminSession& admin, const std::string& url,
                                   const std::string& tablets_dir, std::ostream& progress) {
  Capture c(plan, admin, url, tablets_dir, progress);
  return c.run();
}

}  // namespace terrain::demo
