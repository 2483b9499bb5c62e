// Scope as a property (issue 19, part 1): random devices with random scopes (cycle,
// meetings, role) push random writes (create, set, delete, re-create under the same
// id, claims of unknown meetings, moves of records and of cycles) while the centre
// moves meetings between cycles. A model of the scope rules (devices/scope.h, written
// again here from docs/protocol.md) predicts each receipt's outcome; after every step
// each device pulls, and nothing it pulls may be of a meeting outside its scope.
//
// TERRAIN_SCOPE_SEEDS=N runs N seeds (default 16), TERRAIN_SCOPE_SEED=S replays one.
#include <catch2/catch.hpp>

#include <chrono>
#include <cstdlib>
#include <map>
#include <optional>
#include <random>
#include <set>
#include <thread>

#include "fixture.h"

using namespace terrain;
using namespace terrain::test;

namespace {

const std::vector<std::string> kCycles = {"Rencontres territoriales 2024",
                                          "Journées nationales 2024"};
constexpr int kMeetings = 6;
constexpr int kRecords = 8;
constexpr int kDevices = 5;
constexpr int kSteps = 70;

struct ModelMeeting {
  bool stored = false;                    // a meetings row exists
  std::optional<std::string> cycle;       // the stored cycle
  std::uint32_t cl = 0;                   // causal length of the merged record
  std::optional<std::string> view_cycle;  // the cycle the record's view shows
  std::set<std::string> writers;          // devices that sent anything for it
};

struct ModelDevice {
  std::unique_ptr<RawDevice> raw;
  std::string role;
  std::vector<std::string> meetings;  // sorted
  std::optional<std::string> cycle;
  std::string cursor;
};

struct Model {
  std::map<std::string, ModelMeeting> meetings;
  std::map<std::string, std::string> records;  // attendance id -> meeting stored in
  std::map<std::string, std::string> names;    // name token -> meeting it was sent in
};

bool listed(const ModelDevice& d, const std::string& m) {
  return std::binary_search(d.meetings.begin(), d.meetings.end(), m);
}

bool readable(const Model& model, const ModelDevice& d, const std::string& m) {
  if (m == "global" || listed(d, m)) return true;
  auto it = model.meetings.find(m);
  return d.cycle && it != model.meetings.end() && it->second.stored && it->second.cycle == d.cycle;
}

// One meeting-record write of a change set, as the model sees it.
struct MeetingWrite {
  Op op = Op::set;
  std::optional<std::optional<std::string>> cycle;  // written cycle (nullopt: not written)
  std::uint32_t cl = 1;
};

// The meeting after the write: exists, and the cycle its view shows.
std::pair<bool, std::optional<std::string>> after(const ModelMeeting& m, const MeetingWrite& w) {
  switch (w.op) {
    case Op::create:  // a new life: only its own fields
      return {true, w.cycle ? *w.cycle : std::nullopt};
    case Op::set:
      return {true, w.cycle ? *w.cycle : m.view_cycle};
    default:  // a delete (no other op is generated)
      return {false, std::nullopt};
  }
}

// The outcome the rules give, with the reason ("" when accepted).
std::string predict(const Model& model, const ModelDevice& d, const std::string& meeting,
                    const std::optional<MeetingWrite>& mw,
                    const std::optional<std::string>& record) {
  if (d.role != "facilitator") return "out_of_scope";
  const ModelMeeting& m = model.meetings.at(meeting);
  const bool is_listed = listed(d, meeting);
  std::optional<std::pair<bool, std::optional<std::string>>> a;
  if (mw) a = after(m, *mw);
  if (m.stored) {
    if (!is_listed && !(d.cycle && m.cycle == d.cycle)) return "out_of_scope";
    if (a && a->first && a->second != m.cycle) return "out_of_scope";
  } else {
    const bool gives = a && a->second.has_value();
    if (!is_listed && (!d.cycle || !gives || a->second != d.cycle)) return "out_of_scope";
    if (gives) {
      std::set<std::string> others = m.writers;
      others.erase(d.raw->id);
      if (!others.empty()) return "out_of_scope";
    }
  }
  if (record) {
    auto it = model.records.find(*record);
    if (it != model.records.end() && it->second != meeting) return "out_of_scope";
  }
  return "";
}

void apply_accepted(Model& model, const std::string& meeting, const std::optional<MeetingWrite>& mw,
                    const std::optional<std::string>& record) {
  ModelMeeting& m = model.meetings.at(meeting);
  if (mw) {
    auto [exists, cycle] = after(m, *mw);
    if (exists) {
      m.cycle = cycle;
      m.view_cycle = cycle;
    } else if (!m.stored) {
      m.cycle = std::nullopt;  // first stored as deleted: no fields, no cycle
    }
    m.stored = true;
    m.cl = std::max(m.cl, mw->cl);
  }
  if (record && !model.records.count(*record)) model.records[*record] = meeting;
}

std::uint32_t next_life(std::uint32_t cl) {
  return cl % 2 == 1 ? cl + 2 : cl + 1;  // the next odd causal length
}

void run_seed(std::uint64_t seed) {
  INFO("replay: TERRAIN_SCOPE_SEED=" << seed << " build/default/tests/server/server_scope_tests");
  std::mt19937_64 rng(seed);
  auto pick = [&](std::size_t n) { return static_cast<std::size_t>(rng() % n); };
  auto chance = [&](int percent) { return static_cast<int>(rng() % 100) < percent; };

  ServerFixture f;
  Model model;
  std::vector<std::string> meeting_ids;
  for (int i = 0; i < kMeetings; ++i) {
    meeting_ids.push_back(new_uuid_v7());
    model.meetings[meeting_ids.back()];
  }
  std::vector<std::string> record_ids;
  for (int i = 0; i < kRecords; ++i) record_ids.push_back(new_uuid_v7());

  auto central = [&](const std::string& meeting, const nlohmann::json& change) {
    auto r = f.admin->post("/admin/changes", {{"meeting", meeting}, {"changes", {change}}});
    INFO(r.body);
    REQUIRE(r.status == 201);
    model.meetings[meeting].writers.insert("server");
  };
  // The centre creates some meetings: in each cycle, and one without a cycle.
  for (int i = 0; i < 3; ++i) {
    nlohmann::json fields = meeting_fields(i < 2 ? kCycles[static_cast<std::size_t>(i)] : "x");
    if (i == 2) fields.erase("cycle");
    central(meeting_ids[static_cast<std::size_t>(i)],
            {{"op", "create"},
             {"collection", "meeting"},
             {"id", meeting_ids[static_cast<std::size_t>(i)]},
             {"fields", fields}});
    auto& m = model.meetings[meeting_ids[static_cast<std::size_t>(i)]];
    m.stored = true;
    m.cl = 1;
    if (i < 2) m.cycle = m.view_cycle = kCycles[static_cast<std::size_t>(i)];
  }

  std::vector<ModelDevice> devices;
  for (int i = 0; i < kDevices; ++i) {
    ModelDevice d;
    d.role = i == 0 ? "evaluator" : "facilitator";
    nlohmann::json scope = nlohmann::json::object();
    int kind = static_cast<int>(pick(3));  // meetings, cycle, both
    if (kind != 1) {
      std::set<std::string> ms;
      for (std::size_t n = 1 + pick(2); ms.size() < n;) ms.insert(meeting_ids[pick(kMeetings)]);
      d.meetings.assign(ms.begin(), ms.end());
      scope["meetings"] = d.meetings;
    }
    if (kind != 0) {
      d.cycle = kCycles[pick(kCycles.size())];
      scope["cycle"] = *d.cycle;
    }
    d.raw = f.enrolled(scope, d.role);
    devices.push_back(std::move(d));
  }

  int accepted = 0, quarantined = 0;
  for (int step = 0; step < kSteps; ++step) {
    INFO("step " << step);
    // Each step's writes are stamped in a later millisecond than every earlier one
    // (devices and the server share this machine's clock), so the newest write wins
    // as the model says, never a tie broken by device id.
    std::this_thread::sleep_for(std::chrono::milliseconds(2));
    if (chance(8)) {
      // The centre moves a stored, existing meeting to a cycle.
      std::string meeting = meeting_ids[pick(kMeetings)];
      auto& m = model.meetings[meeting];
      if (m.stored && m.cl % 2 == 1) {
        std::string cycle = kCycles[pick(kCycles.size())];
        central(meeting, {{"op", "set"},
                          {"collection", "meeting"},
                          {"id", meeting},
                          {"fields", {{"cycle", cycle}}}});
        m.cycle = m.view_cycle = cycle;
      }
    } else {
      ModelDevice& d = devices[pick(devices.size())];
      // Mostly a meeting of its own scope; sometimes any.
      std::string meeting = !d.meetings.empty() && chance(50) ? d.meetings[pick(d.meetings.size())]
                                                              : meeting_ids[pick(kMeetings)];
      ModelMeeting& m = model.meetings[meeting];
      const bool alive = m.cl % 2 == 1;
      std::optional<MeetingWrite> mw;
      std::optional<std::string> record;
      DetachedValues values;
      std::vector<Change> changes;
      int what = static_cast<int>(pick(100));
      if (what < 35) {
        MeetingWrite w;
        auto cycle_choice = [&]() -> std::optional<std::string> {
          int c = static_cast<int>(pick(3));
          if (c == 2) return std::nullopt;
          return kCycles[static_cast<std::size_t>(c)];
        };
        nlohmann::json fields;
        if (!alive) {
          w.op = Op::create;
          w.cl = next_life(m.cl);
          auto c = cycle_choice();
          w.cycle = c;
          fields = meeting_fields();
          if (c)
            fields["cycle"] = *c;
          else
            fields.erase("cycle");
        } else if (chance(25)) {
          w.op = Op::del;
          w.cl = m.cl + 1;
          fields = nlohmann::json::object();
        } else {
          w.op = Op::set;
          w.cl = m.cl;
          fields = {{"title", "Titre " + std::to_string(step)}};
          if (chance(50)) {
            auto c = chance(50) ? m.cycle : cycle_choice();
            w.cycle = c;
            fields["cycle"] = c ? nlohmann::json(*c) : nlohmann::json(nullptr);
          }
        }
        mw = w;
        changes.push_back(d.raw->write(w.op, "meeting", meeting, fields, values, w.cl));
      }
      if (what >= 35 || chance(30)) {
        // A check-in (a re-creation when the id is taken), or a rename.
        record = record_ids[pick(kRecords)];
        std::string token = "Nom" + std::to_string(seed) + "x" + std::to_string(step) + "z";
        model.names[token] = meeting;
        if (model.records.count(*record) && chance(40))
          changes.push_back(
              d.raw->write(Op::set, "attendance", *record, {{"display_name", token}}, values));
        else
          changes.push_back(d.raw->write(Op::create, "attendance", *record,
                                         attendee_fields(meeting, token), values));
      }
      std::string expected = predict(model, d, meeting, mw, record);
      auto r = d.raw->push(d.raw->next(std::move(changes), std::move(values), meeting));
      INFO(r.body);
      REQUIRE(r.status == 200);
      Receipt rc = d.raw->receipt(r);
      INFO("device " << d.raw->id << " role " << d.role << " meeting " << meeting);
      CHECK(rc.reason == expected);
      m.writers.insert(d.raw->id);
      if (rc.outcome == Outcome::accepted) {
        ++accepted;
        apply_accepted(model, meeting, mw, record);
      } else {
        ++quarantined;
      }
    }

    // Every device pulls what is new: nothing outside its scope, no name of it.
    for (auto& d : devices) {
      for (int page = 0; page < 50; ++page) {
        auto r = d.raw->pull(d.cursor);
        REQUIRE(r.status == 200);
        for (const auto& e : r.json["entries"]) {
          if (e["kind"] != "change_set") continue;
          auto body = nlohmann::json::parse(e["change_set"]["body"].get<std::string>());
          std::string meeting = body["meeting"].get<std::string>();
          INFO("device " << d.raw->id << " pulled a change set of meeting " << meeting);
          CHECK(readable(model, d, meeting));
          for (const auto& c : body["changes"])
            if (c["c"] == "attendance")
              CHECK(model.records.at(c["id"].get<std::string>()) == meeting);
        }
        for (const auto& [token, meeting] : model.names)
          if (r.body.find(token) != std::string::npos) {
            INFO("device " << d.raw->id << " pulled the name " << token);
            CHECK(readable(model, d, meeting));
          }
        d.cursor = r.json["cursor"].get<std::string>();
        if (!r.json["more"].get<bool>()) break;
      }
    }
  }
  // The run exercised both outcomes.
  CHECK(accepted > 0);
  CHECK(quarantined > 0);
}

}  // namespace

TEST_CASE("No device ever pulls a meeting outside its scope whatever it writes",
          "[server][scope][property]") {
  if (const char* one = std::getenv("TERRAIN_SCOPE_SEED")) {
    run_seed(std::strtoull(one, nullptr, 10));
    return;
  }
  std::uint64_t seeds = 16;
  if (const char* n = std::getenv("TERRAIN_SCOPE_SEEDS")) seeds = std::strtoull(n, nullptr, 10);
  for (std::uint64_t s = 1; s <= seeds; ++s) run_seed(s);
}
