// libterrain: the C API (terrain.h) over terrain::Replica and the sync client.
//
// Rules kept here (terrain.h states them for callers):
//  1. Every function is noexcept and runs through capi::guarded(): no exception ever
//     crosses the boundary.
//  2. Arguments are checked first (NULL handles and strings, invalid UTF-8, JSON size
//     and depth) and refused with TERRAIN_ERR_INVALID_ARGUMENT / MALFORMED.
//  3. *err is written only on failure; returned strings are malloc'ed copies.
#include <charconv>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <memory>

#include "boundary.h"
#include "callback_key_store.h"
#include "terrain/protocol/encoding.h"
#include "terrain/protocol/json_guard.h"
#include "terrain/replica/replica.h"
#include "terrain/terrain.h"

#ifdef TERRAIN_HAVE_SYNC
#include "terrain/sync/sync_client.h"
#endif

using terrain::Errc;
using terrain::capi::c_string;
using terrain::capi::fail;
using terrain::capi::guarded;

struct terrain_replica {
  std::unique_ptr<terrain::SchemaRegistry> own_schemas;  // from options.schemas_dir
  std::unique_ptr<terrain::Replica> replica;
  std::string ca_file;
  std::string app;  // options.app: told to the server when syncing
  // The wall clock of this handle: the system clock, or a skewed one for tests
  // (TERRAIN_TEST_CLOCK_SKEW_MS, terrain.h); the replica and the sync both read it.
  terrain::PhysicalClock clock;
};

namespace {

constexpr std::size_t kMaxJsonArgument = 8u * 1024 * 1024;

// Test-only (terrain.h): TERRAIN_TEST_CLOCK_SKEW_MS makes this process's clock read
// that many milliseconds off the system clock, as a tablet whose clock is wrong.
// Read when a replica is opened; an empty or unset variable means no skew.
terrain::Result<terrain::PhysicalClock> handle_clock() {
  const char* text = std::getenv("TERRAIN_TEST_CLOCK_SKEW_MS");
  if (text == nullptr || *text == '\0') return terrain::system_clock_ms();
  std::int64_t skew = 0;
  const char* end = text + std::strlen(text);
  auto [p, ec] = std::from_chars(text, end, skew);
  if (ec != std::errc() || p != end)
    return terrain::make_error(Errc::invalid_argument,
                               "TERRAIN_TEST_CLOCK_SKEW_MS must be an integer (milliseconds)");
  return terrain::PhysicalClock([skew, system = terrain::system_clock_ms()] {
    return static_cast<std::uint64_t>(static_cast<std::int64_t>(system()) + skew);
  });
}

bool check_string(const char* s, const char* what, terrain_error* err) {
  if (s == nullptr) {
    fail(err, Errc::invalid_argument, std::string(what) + " is NULL");
    return false;
  }
  if (!terrain::is_valid_utf8(s)) {
    fail(err, Errc::invalid_utf8, std::string(what) + " is not valid UTF-8");
    return false;
  }
  return true;
}

bool check_handle(const terrain_replica* r, terrain_error* err) {
  if (r == nullptr || !r->replica) {
    fail(err, Errc::invalid_argument, "the replica handle is NULL");
    return false;
  }
  return true;
}

// Parses a JSON argument with the size, UTF-8 and depth guards.
std::optional<nlohmann::json> json_argument(const char* text, const char* what,
                                            terrain_error* err) {
  if (!check_string(text, what, err)) return std::nullopt;
  terrain::Limits limits;
  auto j = terrain::parse_json_guarded(text, kMaxJsonArgument, limits.max_json_depth, what);
  if (!j) {
    fail(err, j.error());
    return std::nullopt;
  }
  return std::move(*j);
}

char* json_result(const nlohmann::json& j, terrain_error* err) {
  char* out = c_string(j.dump());
  if (out == nullptr) fail(err, Errc::internal, "out of memory");
  return out;
}

terrain::Result<std::unique_ptr<terrain::SchemaRegistry>> load_schemas(const std::string& dir) {
  namespace fs = std::filesystem;
  std::error_code ec;
  if (!fs::is_directory(dir, ec))
    return terrain::make_error(Errc::io, "schemas_dir '" + dir + "' is not a directory");
  std::vector<std::pair<std::string, std::string>> files;
  for (auto it = fs::recursive_directory_iterator(dir, ec); !ec && it != fs::end(it);
       it.increment(ec)) {
    if (!it->is_regular_file() || it->path().extension() != ".json") continue;
    std::ifstream in(it->path(), std::ios::binary);
    std::string bytes{std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
    files.emplace_back(fs::relative(it->path(), dir).generic_string(), std::move(bytes));
  }
  if (ec) return terrain::make_error(Errc::io, "cannot read schemas_dir '" + dir + "'");
  return terrain::SchemaRegistry::from_files(files);
}

terrain_replica* open_replica(const char* path, const terrain_keystore* keystore,
                              const char* options_json, terrain_error* err) {
  if (!check_string(path, "path", err)) return nullptr;
  if (path[0] == '\0') {
    fail(err, Errc::invalid_argument, "path is empty");
    return nullptr;
  }
  auto handle = std::make_unique<terrain_replica>();
  auto clock = handle_clock();
  if (!clock) {
    fail(err, clock.error());
    return nullptr;
  }
  handle->clock = *clock;
  terrain::ReplicaOptions options;
  options.physical_clock = handle->clock;
  if (options_json != nullptr) {
    auto o = json_argument(options_json, "options_json", err);
    if (!o) return nullptr;
    if (!o->is_object() && !o->is_null()) {
      fail(err, Errc::malformed, "options_json must be a JSON object");
      return nullptr;
    }
    if (o->is_object()) {
      for (const auto& [k, v] : o->items()) {
        if ((k != "ca_file" && k != "schemas_dir" && k != "app") || !v.is_string()) {
          fail(err, Errc::malformed,
               "unknown or invalid option '" + k +
                   "' (expected ca_file, schemas_dir, app: strings)");
          return nullptr;
        }
      }
      handle->ca_file = o->value("ca_file", std::string());
      handle->app = o->value("app", std::string());
      if (auto dir = o->value("schemas_dir", std::string()); !dir.empty()) {
        auto reg = load_schemas(dir);
        if (!reg) {
          fail(err, reg.error());
          return nullptr;
        }
        handle->own_schemas = std::move(*reg);
        options.schemas = handle->own_schemas.get();
      }
    }
  }
  if (keystore != nullptr) {
    if (keystore->load == nullptr || keystore->save == nullptr) {
      fail(err, Errc::invalid_argument, "the key store needs both load and save callbacks");
      return nullptr;
    }
    options.key_store = std::make_shared<terrain::capi::CallbackKeyStore>(*keystore);
  }
  auto r = terrain::Replica::open(path, std::move(options));
  if (!r) {
    fail(err, r.error());
    return nullptr;
  }
  handle->replica = std::move(*r);
  return handle.release();
}

std::optional<terrain::Resolution> parse_resolution(const nlohmann::json& j, terrain_error* err) {
  auto bad = [&](const std::string& what) {
    fail(err, Errc::malformed,
         "a resolution is {\"collection\", \"id\", \"field\", \"loser_version\", \"keep\": "
         "\"winner\"|\"loser\"|\"value\", \"value\"}: " +
             what);
    return std::nullopt;
  };
  if (!j.is_object()) return bad("not an object");
  terrain::Resolution r;
  for (const char* key : {"collection", "id", "field", "loser_version", "keep"})
    if (!j.contains(key) || !j[key].is_string()) return bad(std::string(key) + " is missing");
  r.collection = j["collection"].get<std::string>();
  r.id = j["id"].get<std::string>();
  r.field = j["field"].get<std::string>();
  auto v = terrain::Hlc::parse(j["loser_version"].get<std::string>());
  if (!v) return bad("loser_version is not a version");
  r.loser_version = *v;
  const std::string keep = j["keep"].get<std::string>();
  if (keep == "winner") {
    r.keep = terrain::Resolution::Keep::winner;
  } else if (keep == "loser") {
    r.keep = terrain::Resolution::Keep::loser;
  } else if (keep == "value") {
    r.keep = terrain::Resolution::Keep::value;
    if (!j.contains("value")) return bad("keep \"value\" needs a value");
    r.value = j["value"];
  } else {
    return bad("keep must be winner, loser or value");
  }
  return r;
}

}  // namespace

extern "C" {

TERRAIN_API const char* terrain_error_code_name(int32_t code) {
  // Static storage: the names are string literals in the protocol library.
  static const std::vector<std::string> names = [] {
    std::vector<std::string> v;
    for (int c = 0; c <= static_cast<int>(terrain::kLastErrc); ++c)
      v.emplace_back(terrain::errc_name(static_cast<Errc>(c)));
    return v;
  }();
  if (code < 0 || static_cast<std::size_t>(code) >= names.size()) return "unknown";
  return names[static_cast<std::size_t>(code)].c_str();
}

TERRAIN_API bool terrain_error_is_transient(const terrain_error* err) {
  if (err == nullptr) return false;
  switch (err->domain) {
    case TERRAIN_DOMAIN_TERRAIN:
      return err->code > 0 && err->code <= static_cast<int32_t>(terrain::kLastErrc) &&
             terrain::errc_is_transient(static_cast<Errc>(err->code));
    case TERRAIN_DOMAIN_SQLITE:
      return err->code == 5 /* SQLITE_BUSY */ || err->code == 6 /* SQLITE_LOCKED */;
    case TERRAIN_DOMAIN_HTTP:
      return err->code == 408 || err->code == 429 || err->code >= 500;
    default:
      return false;
  }
}

TERRAIN_API void terrain_error_clear(terrain_error* err) {
  if (err == nullptr) return;
  std::free(err->message);
  err->message = nullptr;
  err->domain = 0;
  err->code = 0;
}

TERRAIN_API void terrain_free(void* p) {
  std::free(p);
}

TERRAIN_API const char* terrain_version(void) {
  return "0.1.0";
}

TERRAIN_API terrain_replica* terrain_replica_open(const char* path, const char* options_json,
                                                  terrain_error* err) {
  return guarded(err, static_cast<terrain_replica*>(nullptr),
                 [&] { return open_replica(path, nullptr, options_json, err); });
}

TERRAIN_API terrain_replica* terrain_replica_open_with_keystore(const char* path,
                                                                const terrain_keystore* keystore,
                                                                const char* options_json,
                                                                terrain_error* err) {
  return guarded(err, static_cast<terrain_replica*>(nullptr), [&]() -> terrain_replica* {
    if (keystore == nullptr) {
      fail(err, Errc::invalid_argument, "keystore is NULL");
      return nullptr;
    }
    return open_replica(path, keystore, options_json, err);
  });
}

TERRAIN_API void terrain_replica_close(terrain_replica* r) {
  (void)guarded(nullptr, 0, [&] {
    delete r;
    return 0;
  });
}

TERRAIN_API char* terrain_replica_info(terrain_replica* r, terrain_error* err) {
  return guarded(err, static_cast<char*>(nullptr), [&]() -> char* {
    if (!check_handle(r, err)) return nullptr;
    auto info = r->replica->info();
    if (!info) return fail(err, info.error()), nullptr;
    return json_result(*info, err);
  });
}

TERRAIN_API char* terrain_replica_create(terrain_replica* r, const char* collection,
                                         const char* fields_json, terrain_error* err) {
  return guarded(err, static_cast<char*>(nullptr), [&]() -> char* {
    if (!check_handle(r, err) || !check_string(collection, "collection", err)) return nullptr;
    auto fields = json_argument(fields_json, "fields_json", err);
    if (!fields) return nullptr;
    // "_id" re-creates a deleted record with its id.
    std::string id;
    if (fields->is_object() && fields->contains("_id")) {
      if (!(*fields)["_id"].is_string())
        return fail(err, Errc::malformed, "_id must be a string"), nullptr;
      id = (*fields)["_id"].get<std::string>();
      fields->erase("_id");
    }
    auto created = r->replica->create(collection, *fields, id);
    if (!created) return fail(err, created.error()), nullptr;
    char* out = c_string(*created);
    if (out == nullptr) fail(err, Errc::internal, "out of memory");
    return out;
  });
}

TERRAIN_API bool terrain_replica_update(terrain_replica* r, const char* collection, const char* id,
                                        const char* fields_json, terrain_error* err) {
  return guarded(err, false, [&] {
    if (!check_handle(r, err) || !check_string(collection, "collection", err) ||
        !check_string(id, "id", err))
      return false;
    auto fields = json_argument(fields_json, "fields_json", err);
    if (!fields) return false;
    auto s = r->replica->update(collection, id, *fields);
    if (!s.ok()) return fail(err, s.error()), false;
    return true;
  });
}

TERRAIN_API bool terrain_replica_delete(terrain_replica* r, const char* collection, const char* id,
                                        terrain_error* err) {
  return guarded(err, false, [&] {
    if (!check_handle(r, err) || !check_string(collection, "collection", err) ||
        !check_string(id, "id", err))
      return false;
    auto s = r->replica->remove(collection, id);
    if (!s.ok()) return fail(err, s.error()), false;
    return true;
  });
}

TERRAIN_API bool terrain_replica_increment(terrain_replica* r, const char* collection,
                                           const char* id, const char* field, int64_t by,
                                           terrain_error* err) {
  return guarded(err, false, [&] {
    if (!check_handle(r, err) || !check_string(collection, "collection", err) ||
        !check_string(id, "id", err) || !check_string(field, "field", err))
      return false;
    auto s = r->replica->increment(collection, id, field, by);
    if (!s.ok()) return fail(err, s.error()), false;
    return true;
  });
}

TERRAIN_API char* terrain_replica_get(terrain_replica* r, const char* collection, const char* id,
                                      terrain_error* err) {
  return guarded(err, static_cast<char*>(nullptr), [&]() -> char* {
    if (!check_handle(r, err) || !check_string(collection, "collection", err) ||
        !check_string(id, "id", err))
      return nullptr;
    auto got = r->replica->get(collection, id);
    if (!got) return fail(err, got.error()), nullptr;
    return json_result(*got, err);
  });
}

TERRAIN_API char* terrain_replica_query(terrain_replica* r, const char* collection,
                                        const char* filter_json, terrain_error* err) {
  return guarded(err, static_cast<char*>(nullptr), [&]() -> char* {
    if (!check_handle(r, err) || !check_string(collection, "collection", err)) return nullptr;
    terrain::Query q;
    if (filter_json != nullptr) {
      auto filter = json_argument(filter_json, "filter_json", err);
      if (!filter) return nullptr;
      auto parsed = terrain::Query::from_json(*filter);
      if (!parsed) return fail(err, parsed.error()), nullptr;
      q = std::move(*parsed);
    }
    auto rows = r->replica->query(collection, q);
    if (!rows) return fail(err, rows.error()), nullptr;
    return json_result(*rows, err);
  });
}

TERRAIN_API char* terrain_replica_conflicts(terrain_replica* r, terrain_error* err) {
  return guarded(err, static_cast<char*>(nullptr), [&]() -> char* {
    if (!check_handle(r, err)) return nullptr;
    auto conflicts = r->replica->conflicts();
    if (!conflicts) return fail(err, conflicts.error()), nullptr;
    nlohmann::json out = nlohmann::json::array();
    for (const auto& c : *conflicts) out.push_back(c.to_json());
    return json_result(out, err);
  });
}

TERRAIN_API bool terrain_replica_resolve(terrain_replica* r, const char* resolution_json,
                                         terrain_error* err) {
  return guarded(err, false, [&] {
    if (!check_handle(r, err)) return false;
    auto j = json_argument(resolution_json, "resolution_json", err);
    if (!j) return false;
    auto res = parse_resolution(*j, err);
    if (!res) return false;
    auto s = r->replica->resolve(*res);
    if (!s.ok()) return fail(err, s.error()), false;
    return true;
  });
}

TERRAIN_API char* terrain_replica_outbox(terrain_replica* r, terrain_error* err) {
  return guarded(err, static_cast<char*>(nullptr), [&]() -> char* {
    if (!check_handle(r, err)) return nullptr;
    auto entries = r->replica->outbox();
    if (!entries) return fail(err, entries.error()), nullptr;
    nlohmann::json out = nlohmann::json::array();
    for (const auto& e : *entries) {
      nlohmann::json j = {{"seq", e.seq},
                          {"hash", e.hash},
                          {"meeting", e.meeting},
                          {"changes", e.changes},
                          {"state", terrain::outbox_state_name(e.state)},
                          {"reason", e.reason},
                          {"message", e.message},
                          {"created_ms", e.created_ms},
                          {"sent_ms", e.sent_ms},
                          {"acked_ms", e.acked_ms}};
      if (!e.decision.empty()) {
        j["decision"] = e.decision;
        j["decided_ms"] = e.decided_ms;
        j["decision_reason"] = e.decision_reason;
      }
      out.push_back(std::move(j));
    }
    return json_result(out, err);
  });
}

TERRAIN_API char* terrain_replica_enrol(terrain_replica* r, const char* server_url,
                                        const char* code, terrain_error* err) {
  return guarded(err, static_cast<char*>(nullptr), [&]() -> char* {
    if (!check_handle(r, err) || !check_string(server_url, "server_url", err) ||
        !check_string(code, "code", err))
      return nullptr;
#ifdef TERRAIN_HAVE_SYNC
    terrain::sync::SyncOptions options;
    options.ca_file = r->ca_file;
    options.clock = r->clock;
    auto out = terrain::sync::enrol(*r->replica, server_url, code, options);
    if (!out) return fail(err, out.error()), nullptr;
    return json_result(*out, err);
#else
    fail(err, Errc::not_enrolled, "this build of libterrain has no sync client: cannot enrol");
    return nullptr;
#endif
  });
}

TERRAIN_API char* terrain_replica_sync(terrain_replica* r, terrain_progress_fn progress,
                                       void* progress_ctx, terrain_error* err) {
  return guarded(err, static_cast<char*>(nullptr), [&]() -> char* {
    if (!check_handle(r, err)) return nullptr;
#ifdef TERRAIN_HAVE_SYNC
    terrain::sync::SyncOptions options;
    options.ca_file = r->ca_file;
    options.clock = r->clock;
    options.app = r->app;
    if (progress != nullptr)
      options.progress = [progress, progress_ctx](terrain::sync::Phase phase, std::uint64_t done,
                                                  std::uint64_t total) {
        progress(progress_ctx, static_cast<int>(phase), done, total);
      };
    auto out = terrain::sync::sync(*r->replica, options);
    if (!out) return fail(err, out.error()), nullptr;
    return json_result(*out, err);
#else
    (void)progress;
    (void)progress_ctx;
    fail(err, Errc::not_enrolled, "this build of libterrain has no sync client: cannot sync");
    return nullptr;
#endif
  });
}

}  // extern "C"
