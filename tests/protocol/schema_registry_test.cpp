#include <catch2/catch.hpp>

#include "fixtures.h"
#include "terrain/protocol/ids.h"
#include "terrain/protocol/schema.h"

using namespace terrain;
using namespace terrain::testing;

namespace {
const SchemaRegistry& reg() {
  return SchemaRegistry::embedded();
}

Status validate(TestDevice& d, std::vector<Change> changes, const DetachedValues& values,
                const std::string& meeting = kMeeting) {
  auto scs = d.seal_changes(std::move(changes), values, meeting);
  auto cs = verify_and_parse(scs, d.keys.public_key, Limits{});
  REQUIRE(cs.ok());
  return reg().validate_change_set(*cs, scs.values);
}
}  // namespace

TEST_CASE("The embedded bundle knows the meeting and attendance collections", "[schema]") {
  REQUIRE(reg().version() >= 1);
  const CollectionInfo* att = reg().collection("attendance");
  REQUIRE(att);
  CHECK(att->meeting_field == "meeting");
  CHECK(att->is_personal("display_name"));
  CHECK_FALSE(att->is_personal("organisation"));
  CHECK(att->is_immutable("meeting"));
  const CollectionInfo* meeting = reg().collection("meeting");
  REQUIRE(meeting);
  CHECK(meeting->meeting_field == "$id");
  CHECK(reg().collection("nope") == nullptr);
}

TEST_CASE("A valid record passes and errors name the record and the field", "[schema]") {
  CHECK(reg().validate_record("attendance", attendee("Marie Curie"), "x").ok());
  auto wrong_type = attendee("Marie Curie");
  wrong_type["consent"] = "oui";
  Status st = reg().validate_record("attendance", wrong_type, "0193-rec");
  REQUIRE_FALSE(st.ok());
  CHECK(st.error().code == Errc::schema_violation);
  CHECK(st.error().field == "consent");
  CHECK(st.error().record == "attendance/0193-rec");
  auto unknown = attendee("Marie Curie");
  unknown["shoe_size"] = 42;
  st = reg().validate_record("attendance", unknown);
  CHECK(st.code() == Errc::unknown_field);
  CHECK(st.error().field == "shoe_size");
  auto missing = attendee("Marie Curie");
  missing.erase("actor_type");
  CHECK(reg().validate_record("attendance", missing).code() == Errc::schema_violation);
  CHECK(reg().validate_record("no_such", nlohmann::json::object()).code() ==
        Errc::unknown_collection);
}

TEST_CASE("Some fields of an existing record are validated without required", "[schema]") {
  CHECK(reg().validate_fields("attendance", {{"role", "intervenant"}}).ok());
  Status st = reg().validate_fields("attendance", {{"role", "astronaute"}});
  REQUIRE_FALSE(st.ok());
  CHECK(st.error().field == "role");
}

TEST_CASE("A change set is checked against the bundle", "[schema]") {
  TestDevice d;
  DetachedValues v;
  CHECK(validate(d, {d.write(Op::create, "attendance", new_uuid_v7(), attendee("A"), v)}, v).ok());

  SECTION("a record of another meeting") {
    DetachedValues w;
    auto c = d.write(Op::create, "attendance", new_uuid_v7(), attendee("A", kOtherMeeting), w);
    Status st = validate(d, {c}, w);
    CHECK(st.code() == Errc::multiple_meetings);
    CHECK(st.error().field == "meeting");
  }
  SECTION("a personal value written inline") {
    DetachedValues w;
    auto c = d.write(Op::create, "attendance", new_uuid_v7(), attendee("A"), w);
    for (auto& f : c.fields)
      if (f.name == "display_name") {
        f.detached = false;
        f.value = "A";
        f.value_hash.clear();
      }
    w.clear();
    CHECK(validate(d, {c}, w).code() == Errc::schema_violation);
  }
  SECTION("changing the meeting of a record after creation") {
    DetachedValues w;
    auto c = d.write(Op::set, "attendance", new_uuid_v7(), {{"meeting", kOtherMeeting}}, w);
    Status st = validate(d, {c}, w);
    CHECK(st.code() == Errc::schema_violation);
    CHECK(st.error().field == "meeting");
  }
  SECTION("an unknown field") {
    DetachedValues w;
    auto c = d.write(Op::set, "attendance", new_uuid_v7(), {{"favourite_colour", "bleu"}}, w);
    CHECK(validate(d, {c}, w).code() == Errc::unknown_field);
  }
  SECTION("an increment of a field that is not a counter") {
    Change c;
    c.op = Op::inc;
    c.collection = "attendance";
    c.id = new_uuid_v7();
    c.t = d.clock.now();
    c.counter = "role";
    c.by = 1;
    CHECK(validate(d, {c}, {}).code() == Errc::schema_violation);
  }
  SECTION("a meeting record that is not the change set's meeting") {
    DetachedValues w;
    nlohmann::json m = {{"type", "rencontre_territoriale"},
                        {"format", "presentiel"},
                        {"title", "Rencontre"},
                        {"starts_at", "2024-05-14T09:30:00+02:00"},
                        {"status", "planifiee"}};
    auto c = d.write(Op::create, "meeting", kOtherMeeting, m, w);
    CHECK(validate(d, {c}, w).code() == Errc::multiple_meetings);
    auto ok = d.write(Op::create, "meeting", kMeeting, m, w);
    CHECK(validate(d, {ok}, w).ok());
  }
}

TEST_CASE("Feedback answers are checked against their questionnaire version", "[schema]") {
  TestDevice d;
  auto response = [](nlohmann::json answers, int version = 1) {
    return nlohmann::json{{"meeting", kMeeting},
                          {"questionnaire_id", "satisfaction-rencontre-territoriale"},
                          {"questionnaire_version", version},
                          {"answers", std::move(answers)}};
  };
  DetachedValues v;
  auto ok =
      d.write(Op::create, "feedback_response", new_uuid_v7(),
              response({{"satisfaction_globale", "satisfait"}, {"participer_a_nouveau", true}}), v);
  CHECK(validate(d, {ok}, v).ok());

  auto bad_option =
      d.write(Op::create, "feedback_response", new_uuid_v7(),
              response({{"satisfaction_globale", "ravi"}, {"participer_a_nouveau", true}}), v);
  Status st = validate(d, {bad_option}, v);
  CHECK(st.code() == Errc::schema_violation);
  CHECK(st.error().field == "answers");
  CHECK(st.error().message.find("satisfaction_globale") != std::string::npos);

  auto unknown_version = d.write(
      Op::create, "feedback_response", new_uuid_v7(),
      response({{"satisfaction_globale", "satisfait"}, {"participer_a_nouveau", false}}, 99), v);
  st = validate(d, {unknown_version}, v);
  CHECK(st.code() == Errc::schema_violation);
  CHECK(st.error().field == "questionnaire_id");

  // A version published centrally is found through the lookup.
  const nlohmann::json* shipped =
      reg().document("questionnaires/satisfaction-rencontre-territoriale-v1.json");
  REQUIRE(shipped);
  nlohmann::json v2 = *shipped;
  v2["version"] = 99;
  auto scs = d.seal_changes({unknown_version}, v);
  auto cs = verify_and_parse(scs, d.keys.public_key, Limits{});
  REQUIRE(cs.ok());
  CHECK(reg()
            .validate_change_set(
                *cs, scs.values,
                [&](const std::string& id, std::int64_t version) -> std::optional<nlohmann::json> {
                  if (id == "satisfaction-rencontre-territoriale" && version == 99) return v2;
                  return std::nullopt;
                })
            .ok());
}
