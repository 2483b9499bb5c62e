// `terrain`: the replica on the command line, built on the C API (terrain.h) only.
//
// Output: the command's JSON on stdout. Errors: {"error": {"code", "message",
// "transient"}} on stderr, and an exit code (see help.cpp): 0 done, 1 refused,
// 2 bad command line, 3 temporary failure, 4 internal error. Notices (a clock
// corrected by enrol or sync): {"notice": {"code", "message", ...}} on stderr.
#include <cerrno>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "help.h"
#include "terrain/terrain.h"

namespace {

using terrain::cli::Lang;

enum Exit { kDone = 0, kRefused = 1, kUsage = 2, kTransient = 3, kInternal = 4 };

std::string json_string(const std::string& s) {
  std::string out = "\"";
  for (unsigned char c : s) {
    switch (c) {
      case '"':
        out += "\\\"";
        break;
      case '\\':
        out += "\\\\";
        break;
      case '\n':
        out += "\\n";
        break;
      case '\r':
        out += "\\r";
        break;
      case '\t':
        out += "\\t";
        break;
      default:
        if (c < 0x20) {
          char buf[8];
          std::snprintf(buf, sizeof buf, "\\u%04x", c);
          out += buf;
        } else {
          out += static_cast<char>(c);
        }
    }
  }
  return out + "\"";
}

int usage(Lang lang, const std::string& message) {
  std::fprintf(
      stderr, "{\"error\": {\"code\": \"usage\", \"message\": %s, \"transient\": false}}\n",
      json_string(message + " (" + std::string(terrain::cli::usage_hint(lang)) + ")").c_str());
  return kUsage;
}

int report(terrain_error& err) {
  const bool transient = terrain_error_is_transient(&err);
  const char* name =
      err.domain == TERRAIN_DOMAIN_TERRAIN ? terrain_error_code_name(err.code) : "unknown";
  std::fprintf(stderr, "{\"error\": {\"code\": %s, \"message\": %s, \"transient\": %s}}\n",
               json_string(name).c_str(),
               json_string(err.message != nullptr ? err.message : "").c_str(),
               transient ? "true" : "false");
  const int code = err.domain == TERRAIN_DOMAIN_TERRAIN && err.code == TERRAIN_ERR_INTERNAL
                       ? kInternal
                       : (transient ? kTransient : kRefused);
  terrain_error_clear(&err);
  return code;
}

// Prints a returned JSON string (and frees it), or reports the error.
int print_json(char* json, terrain_error& err) {
  if (json == nullptr) return report(err);
  std::printf("%s\n", json);
  terrain_free(json);
  return kDone;
}

// Like print_json for enrol and sync, whose answer says by how much the device's
// clock was corrected (clock_corrected_ms): a correction is a notice on stderr, not
// a failure.
int print_sync_json(Lang lang, char* json, terrain_error& err) {
  if (json == nullptr) return report(err);
  const auto answer = nlohmann::json::parse(json, nullptr, false);
  std::int64_t corrected = 0;
  if (answer.is_object() && answer.contains("clock_corrected_ms") &&
      answer["clock_corrected_ms"].is_number_integer())
    corrected = answer["clock_corrected_ms"].get<std::int64_t>();
  const int rc = print_json(json, err);
  if (corrected != 0) {
    const nlohmann::json notice = {{"notice",
                                    {{"code", "clock_corrected"},
                                     {"clock_corrected_ms", corrected},
                                     {"message", terrain::cli::clock_notice(lang, corrected)}}}};
    std::fprintf(stderr, "%s\n", notice.dump().c_str());
  }
  return rc;
}

int print_ok(bool ok, terrain_error& err) {
  if (!ok) return report(err);
  std::printf("{\"ok\": true}\n");
  return kDone;
}

bool parse_int64(const std::string& s, std::int64_t& out) {
  if (s.empty()) return false;
  errno = 0;
  char* end = nullptr;
  const long long v = std::strtoll(s.c_str(), &end, 10);
  if (errno != 0 || end == nullptr || *end != '\0') return false;
  out = v;
  return true;
}

struct Command {
  const char* name;
  std::size_t min_args;
  std::size_t max_args;
};

constexpr Command kCommands[] = {
    {"info", 0, 0},      {"create", 2, 2},  {"update", 3, 3}, {"delete", 2, 2},
    {"inc", 4, 4},       {"get", 2, 2},     {"query", 1, 2},  {"outbox", 0, 0},
    {"conflicts", 0, 0}, {"resolve", 1, 1}, {"enrol", 2, 2},  {"sync", 0, 0},
};

}  // namespace

int main(int argc, char** argv) {
  const Lang lang = terrain::cli::lang_from_environment();
  std::string replica_path;
  if (const char* env = std::getenv("TERRAIN_REPLICA")) replica_path = env;
  std::string options;
  std::vector<std::string> rest;
  for (int i = 1; i < argc; ++i) {
    const std::string a = argv[i];
    if (a == "--help" || a == "-h") {
      std::fputs(std::string(terrain::cli::help_text(lang)).c_str(), stdout);
      return kDone;
    }
    if (a == "--version") {
      std::printf("{\"version\": %s}\n", json_string(terrain_version()).c_str());
      return kDone;
    }
    if (a == "--replica" || a == "--options") {
      if (i + 1 >= argc)
        return usage(lang, lang == Lang::en ? a + " needs a value" : a + " attend une valeur");
      (a == "--replica" ? replica_path : options) = argv[++i];
      continue;
    }
    if (a.rfind("--", 0) == 0 && rest.empty())
      return usage(lang, (lang == Lang::en ? "unknown option " : "option inconnue ") + a);
    rest.push_back(a);
  }
  if (rest.empty()) return usage(lang, lang == Lang::en ? "no command" : "aucune commande");
  const std::string cmd = rest[0];
  const std::vector<std::string> args(rest.begin() + 1, rest.end());
  const Command* found = nullptr;
  for (const auto& c : kCommands)
    if (cmd == c.name) found = &c;
  if (found == nullptr)
    return usage(lang, (lang == Lang::en ? "unknown command " : "commande inconnue ") + cmd);
  if (args.size() < found->min_args || args.size() > found->max_args)
    return usage(lang, (lang == Lang::en ? "wrong number of arguments for "
                                         : "nombre d'arguments incorrect pour ") +
                           cmd);
  if (replica_path.empty())
    return usage(lang, lang == Lang::en ? "--replica FILE is required"
                                        : "--replica FICHIER est obligatoire");
  std::int64_t by = 0;
  if (cmd == "inc" && !parse_int64(args[3], by))
    return usage(lang, (lang == Lang::en ? "not an integer: " : "pas un entier : ") + args[3]);

  // The server's fleet page shows which app a device runs: this one, unless told.
  {
    auto o =
        options.empty() ? nlohmann::json::object() : nlohmann::json::parse(options, nullptr, false);
    if (o.is_object() && !o.contains("app")) {
      o["app"] = std::string("terrain-cli/") + terrain_version();
      options = o.dump();
    }
  }
  terrain_error err{};
  terrain_replica* r =
      terrain_replica_open(replica_path.c_str(), options.empty() ? nullptr : options.c_str(), &err);
  if (r == nullptr) return report(err);
  int rc = kDone;
  if (cmd == "info") {
    rc = print_json(terrain_replica_info(r, &err), err);
  } else if (cmd == "create") {
    char* id = terrain_replica_create(r, args[0].c_str(), args[1].c_str(), &err);
    if (id == nullptr) {
      rc = report(err);
    } else {
      std::printf("{\"id\": %s}\n", json_string(id).c_str());
      terrain_free(id);
    }
  } else if (cmd == "update") {
    rc = print_ok(
        terrain_replica_update(r, args[0].c_str(), args[1].c_str(), args[2].c_str(), &err), err);
  } else if (cmd == "delete") {
    rc = print_ok(terrain_replica_delete(r, args[0].c_str(), args[1].c_str(), &err), err);
  } else if (cmd == "inc") {
    rc = print_ok(
        terrain_replica_increment(r, args[0].c_str(), args[1].c_str(), args[2].c_str(), by, &err),
        err);
  } else if (cmd == "get") {
    rc = print_json(terrain_replica_get(r, args[0].c_str(), args[1].c_str(), &err), err);
  } else if (cmd == "query") {
    rc = print_json(terrain_replica_query(r, args[0].c_str(),
                                          args.size() > 1 ? args[1].c_str() : nullptr, &err),
                    err);
  } else if (cmd == "outbox") {
    rc = print_json(terrain_replica_outbox(r, &err), err);
  } else if (cmd == "conflicts") {
    rc = print_json(terrain_replica_conflicts(r, &err), err);
  } else if (cmd == "resolve") {
    rc = print_ok(terrain_replica_resolve(r, args[0].c_str(), &err), err);
  } else if (cmd == "enrol") {
    rc = print_sync_json(lang, terrain_replica_enrol(r, args[0].c_str(), args[1].c_str(), &err),
                         err);
  } else if (cmd == "sync") {
    rc = print_sync_json(lang, terrain_replica_sync(r, nullptr, nullptr, &err), err);
  }
  terrain_replica_close(r);
  return rc;
}
