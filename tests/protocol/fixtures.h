// Small builders for protocol tests: a device that writes change sets the way a
// replica does (HLC per change, seq and prev chain, personal fields detached).
#pragma once

#include <string>

#include <nlohmann/json.hpp>

#include "terrain/protocol/change_set.h"
#include "terrain/protocol/crypto.h"
#include "terrain/protocol/hlc.h"
#include "terrain/protocol/schema.h"

namespace terrain::testing {

inline constexpr const char* kMeeting = "0193a2b3-c4d5-7000-8000-000000000001";
inline constexpr const char* kOtherMeeting = "0193a2b3-c4d5-7000-8000-000000000002";

struct TestDevice {
  KeyPair keys = generate_keypair();
  std::string id = device_id_of(keys.public_key);
  std::uint64_t wall_ms = 1'700'000'000'000;
  HlcClock clock{id, [this] { return wall_ms; }};
  std::uint64_t seq = 0;
  std::string prev{kGenesisPrev};

  // Fields are written inline unless the collection's schema marks them personal.
  Change write(Op op, const std::string& collection, const std::string& id_,
               const nlohmann::json& fields, DetachedValues& values, std::uint32_t cl = 1) {
    Change c;
    c.op = op;
    c.collection = collection;
    c.id = id_;
    c.t = clock.now();
    c.cl = cl;
    const CollectionInfo* info = SchemaRegistry::embedded().collection(collection);
    for (const auto& [name, v] : fields.items()) {
      FieldWrite w;
      w.name = name;
      if (info && info->is_personal(name)) {
        w.detached = true;
        w.value_hash = make_detached(v, values);
      } else {
        w.value = v;
      }
      c.fields.push_back(std::move(w));
    }
    return c;
  }

  SignedChangeSet seal_changes(std::vector<Change> changes, DetachedValues values,
                               const std::string& meeting = kMeeting) {
    ChangeSet cs;
    cs.device = id;
    cs.seq = ++seq;
    cs.prev = prev;
    cs.schema = SchemaRegistry::embedded().version();
    cs.meeting = meeting;
    cs.changes = std::move(changes);
    SignedChangeSet s = seal(cs, std::move(values), keys.secret_key);
    prev = s.hash();
    return s;
  }
};

inline nlohmann::json attendee(const std::string& name, const std::string& meeting = kMeeting) {
  return {{"meeting", meeting},   {"display_name", name},
          {"actor_type", "mdph"}, {"organisation", "MDPH du Rhône"},
          {"department", "69"},   {"role", "participant"},
          {"consent", true}};
}

}  // namespace terrain::testing
