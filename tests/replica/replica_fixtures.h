// Helpers shared by the replica tests: opening replicas in a temp dir, valid records,
// moving change sets between replicas (as a server would), rendering state as text.
#pragma once

#include <catch2/catch.hpp>

#include <memory>
#include <string>
#include <vector>

#include "temp_dir.h"
#include "terrain/replica/replica.h"

namespace terrain::test {

inline std::unique_ptr<Replica> open_replica(const std::string& path, ReplicaOptions options = {}) {
  auto r = Replica::open(path, std::move(options));
  if (!r) FAIL("cannot open replica: " << r.error().to_string());
  return std::move(r).value();
}

inline nlohmann::json meeting_fields(const std::string& title = "Rencontre territoriale Bretagne") {
  return {{"type", "rencontre_territoriale"},
          {"format", "presentiel"},
          {"title", title},
          {"starts_at", "2024-06-13T09:30:00+02:00"},
          {"status", "planifiee"}};
}

inline nlohmann::json attendance_fields(const std::string& meeting,
                                        const std::string& name = "Hélène Dupré") {
  return {{"meeting", meeting},
          {"display_name", name},
          {"actor_type", "mdph"},
          {"organisation", "MDPH du Nord"},
          {"consent", true}};
}

template <class T>
T must(Result<T> r) {
  if (!r) FAIL("unexpected error: " << r.error().to_string());
  return std::move(r).value();
}

inline void must(const Status& s) {
  if (!s.ok()) FAIL("unexpected error: " << s.error().to_string());
}

// Seals the replica's drafts and returns every change set it has not had acknowledged,
// as another replica would receive them from the server.
inline std::vector<RemoteChangeSet> publish(Replica& r) {
  must(r.seal());
  std::vector<RemoteChangeSet> out;
  for (auto& p : must(r.pending())) out.push_back({p.signed_change_set, r.public_key()});
  return out;
}

// Every record of every collection (deleted ones included) and every conflict, as
// text: two replicas with the same state render the same text.
inline std::string state_of(Replica& r) {
  std::string out;
  for (const auto& c : SchemaRegistry::embedded().collections()) {
    auto rows = must(r.query(c));
    for (const auto& row : rows) out += c + " " + row.dump() + "\n";
  }
  for (const auto& k : must(r.conflicts())) out += "conflict " + k.to_json().dump() + "\n";
  return out;
}

}  // namespace terrain::test
