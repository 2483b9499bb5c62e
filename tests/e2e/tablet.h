// A tablet for end-to-end tests: a real Replica in a temp dir, synced by the real
// sync client, with every progress report checked ("progress never goes back").
#pragma once

#include <catch2/catch.hpp>

#include <atomic>
#include <functional>
#include <memory>
#include <mutex>
#include <string>

#include "fixture.h"
#include "terrain/replica/replica.h"
#include "terrain/sync/sync_client.h"

namespace terrain::test {

class Tablet {
 public:
  Tablet(const std::string& path, std::int64_t clock_error_ms = 0) : path_(path) {
    clock_error_ms_ = clock_error_ms;
    ReplicaOptions o;
    o.physical_clock = [this] { return wall_ms() + clock_error_ms_.load(); };
    auto r = Replica::open(path, std::move(o));
    if (!r) FAIL("cannot open replica: " << r.error().to_string());
    replica = std::move(r).value();
  }

  Result<nlohmann::json> enrol(const std::string& url, const std::string& code) {
    return sync::enrol(*replica, url, code, options());
  }
  // One sync; checks the progress invariants on every callback.
  Result<nlohmann::json> sync(std::function<bool()> cancelled = {}, std::size_t page = 0) {
    int phase = 0;
    std::uint64_t done = 0;
    std::string violations;
    auto o = options();
    o.pull_page_entries = page;
    o.cancelled = std::move(cancelled);
    o.progress = [&](sync::Phase p, std::uint64_t d, std::uint64_t t) {
      int pi = static_cast<int>(p);
      if (pi < phase) violations += "phase went back; ";
      if (pi == phase && d < done) violations += "done went back; ";
      if (t != 0 && d > t) violations += "done above total; ";
      if (pi != phase) done = 0;
      phase = pi;
      done = d;
    };
    auto r = sync::sync(*replica, o);
    progress_violations += violations;
    return r;
  }
  // Syncs and requires success.
  nlohmann::json synced() {
    auto r = sync();
    INFO((r ? r->dump() : r.error().to_string()));
    REQUIRE(r.ok());
    return *r;
  }
  sync::SyncOptions options() const {
    sync::SyncOptions o;
    o.clock = [this] { return wall_ms() + clock_error_ms_.load(); };
    o.ca_file = test_ca_file();
    return o;
  }

  std::string create(const std::string& collection, const nlohmann::json& fields) {
    auto id = replica->create(collection, fields);
    INFO((id ? "" : id.error().to_string()));
    REQUIRE(id.ok());
    return *id;
  }
  void update(const std::string& collection, const std::string& id, const nlohmann::json& f) {
    auto s = replica->update(collection, id, f);
    INFO((s.ok() ? "" : s.error().to_string()));
    REQUIRE(s.ok());
  }

  // Records of the meeting's collections and the conflicts, as text.
  std::string state() {
    std::string out;
    for (const auto& c : SchemaRegistry::embedded().collections()) {
      if (c == "questionnaire") continue;
      auto rows = replica->query(c);
      REQUIRE(rows.ok());
      for (const auto& row : *rows) out += c + " " + row.dump() + "\n";
    }
    auto conflicts = replica->conflicts();
    REQUIRE(conflicts.ok());
    std::vector<std::string> lines;
    for (const auto& k : *conflicts) lines.push_back("conflict " + k.to_json().dump() + "\n");
    std::sort(lines.begin(), lines.end());
    for (const auto& l : lines) out += l;
    return out;
  }

  std::unique_ptr<Replica> replica;
  std::string progress_violations;
  std::atomic<std::int64_t> clock_error_ms_{0};

 private:
  std::string path_;
};

// The same rendering of the server's view of one meeting.
inline std::string server_state(const AdminClient& admin, const std::string& meeting) {
  auto records = admin.records(meeting);
  std::string out;
  std::vector<std::string> conflicts;
  for (const auto& c : SchemaRegistry::embedded().collections()) {
    std::vector<nlohmann::json> rows;
    for (auto r : records) {
      if (r["_collection"] != c) continue;
      for (const auto& k : r["_conflicts"]) conflicts.push_back("conflict " + k.dump() + "\n");
      if (r["_deleted"] == true) continue;
      r.erase("_conflicts");
      rows.push_back(r);
    }
    std::sort(rows.begin(), rows.end(),
              [](const auto& a, const auto& b) { return a["_id"] < b["_id"]; });
    for (const auto& r : rows) out += c + " " + r.dump() + "\n";
  }
  std::sort(conflicts.begin(), conflicts.end());
  for (const auto& l : conflicts) out += l;
  return out;
}

}  // namespace terrain::test
