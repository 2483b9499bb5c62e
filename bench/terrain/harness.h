// The Terrain side's harness: the generated data, a terrain-server child process on
// a free loopback port, an administrator session, and raw devices that seal change
// sets with terrain_protocol and push them over signed HTTP requests.
#pragma once

#include <sys/types.h>

#include <chrono>
#include <cstdint>
#include <filesystem>
#include <fstream>
#include <memory>
#include <string>
#include <vector>

#include <httplib.h>
#include <nlohmann/json.hpp>

#include "terrain/protocol/change_set.h"
#include "terrain/protocol/crypto.h"
#include "terrain/protocol/hlc.h"

namespace terrain::bench {

// Every request and every wait is bounded (loopback only).
inline constexpr int kRequestTimeoutS = 60;
inline constexpr int kServerStartTimeoutMs = 30000;
inline constexpr const char* kCycle = "Rencontres territoriales 2024";

struct Record {
  std::string collection;
  std::string id;
  std::string meeting;
  nlohmann::json fields;
};

std::vector<Record> read_jsonl(const std::filesystem::path& file);

// Record groups of at most `size` records of one meeting (the file is grouped by
// meeting), as both sides build them.
std::vector<std::vector<const Record*>> group_records(const std::vector<Record>& records,
                                                      std::size_t size, std::size_t max_groups);

double now_ms();
double median(std::vector<double> v);
double percentile(std::vector<double> sorted, double p);
std::uint64_t du_bytes(const std::filesystem::path& p);

// Results as JSON lines {"side":"terrain","metric","unit","values",...}.
class Emitter {
 public:
  explicit Emitter(const std::filesystem::path& out) : out_(out, std::ios::app) {}
  void emit(const std::string& metric, const std::string& unit, const std::vector<double>& values,
            nlohmann::json extra = nlohmann::json::object());

 private:
  std::ofstream out_;
};

// terrain-server as a child process (its own pid, so /proc tells its memory).
class ServerProcess {
 public:
  ServerProcess(std::filesystem::path binary, std::filesystem::path dir);
  ~ServerProcess();
  ServerProcess(const ServerProcess&) = delete;
  ServerProcess& operator=(const ServerProcess&) = delete;

  void start();
  void stop();
  int port() const { return port_; }
  pid_t pid() const { return pid_; }
  const std::filesystem::path& data_dir() const { return data_; }
  std::uint64_t peak_rss_bytes() const;
  void reset_peak_rss() const;
  const std::string& admin_password() const { return password_; }

 private:
  std::filesystem::path binary_;
  std::filesystem::path dir_;
  std::filesystem::path data_;
  std::string password_ = "banc-d-essai-terrain-2024";
  int port_ = 0;
  pid_t pid_ = -1;
};

// Checks an HTTP answer; throws with the server's error otherwise.
nlohmann::json expect_json(const httplib::Result& r, const std::string& what, int status = 200);

// The CNSA central team: creates meetings and enrolment codes.
class Admin {
 public:
  Admin(int port, const std::string& password);
  void create_meeting(const Record& meeting);
  // A single-use code for a facilitator whose scope is the cycle, or the meetings.
  std::string enrolment_code(const std::vector<std::string>& meetings = {});

 private:
  httplib::Client http_;
  httplib::Headers auth_;
};

// A device speaking the protocol directly: its own key, clock and chain.
class RawDevice {
 public:
  RawDevice(int port, const std::string& enrolment_code);
  const std::string& id() const { return device_id_; }
  // Seals the next change set (one create per record, counters' initial values
  // included as the replica writes them), chained after the previous one.
  SignedChangeSet seal_creates(const std::vector<const Record*>& records);
  // Seals the next change set: one `set` of one inline field of a record, seeing
  // `base` (the field's version the device last wrote or saw). Returns it and the
  // change's version, the base of the next edit.
  std::pair<SignedChangeSet, Hlc> seal_edit(const Record& record, const std::string& field,
                                            const nlohmann::json& value,
                                            const std::optional<Hlc>& base);
  // A request ready to send: body and signed headers.
  struct Request {
    std::string body;
    httplib::Headers headers;
  };
  Request sign_push(const SignedChangeSet& scs);
  // Sends; returns the server's outcome ("accepted", "quarantined") or throws.
  std::string send(const Request& request);

 private:
  httplib::Client http_;
  KeyPair keys_;
  std::string device_id_;
  std::string epoch_;
  HlcClock clock_;
  std::uint64_t seq_ = 0;
  std::string prev_{kGenesisPrev};
};

}  // namespace terrain::bench
