#include "harness.h"

#include <arpa/inet.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <signal.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <cmath>
#include <cstdlib>
#include <iostream>
#include <sstream>
#include <stdexcept>
#include <thread>

#include "terrain/protocol/encoding.h"
#include "terrain/protocol/schema.h"

namespace terrain::bench {

std::vector<Record> read_jsonl(const std::filesystem::path& file) {
  std::ifstream in(file);
  if (!in) throw std::runtime_error("cannot read " + file.string());
  std::vector<Record> out;
  std::string line;
  while (std::getline(in, line)) {
    if (line.empty()) continue;
    auto j = nlohmann::json::parse(line);
    Record r;
    r.collection = j.at("collection").get<std::string>();
    r.id = j.at("id").get<std::string>();
    r.meeting = j.contains("meeting") ? j["meeting"].get<std::string>() : r.id;
    r.fields = std::move(j.at("fields"));
    out.push_back(std::move(r));
  }
  return out;
}

std::vector<std::vector<const Record*>> group_records(const std::vector<Record>& records,
                                                      std::size_t size, std::size_t max_groups) {
  std::vector<std::vector<const Record*>> out;
  std::vector<const Record*> cur;
  for (const Record& r : records) {
    if (!cur.empty() && (cur.size() == size || cur.front()->meeting != r.meeting)) {
      out.push_back(std::move(cur));
      cur.clear();
      if (out.size() == max_groups) return out;
    }
    cur.push_back(&r);
  }
  if (!cur.empty() && out.size() < max_groups) out.push_back(std::move(cur));
  return out;
}

double now_ms() {
  return std::chrono::duration<double, std::milli>(
             std::chrono::steady_clock::now().time_since_epoch())
      .count();
}

double median(std::vector<double> v) {
  if (v.empty()) return NAN;
  std::sort(v.begin(), v.end());
  std::size_t m = v.size() / 2;
  return v.size() % 2 ? v[m] : (v[m - 1] + v[m]) / 2;
}

double percentile(std::vector<double> v, double p) {
  if (v.empty()) return NAN;
  std::sort(v.begin(), v.end());
  auto i = static_cast<std::size_t>(std::ceil(p / 100.0 * static_cast<double>(v.size())));
  return v[std::min(v.size() - 1, i == 0 ? 0 : i - 1)];
}

std::uint64_t du_bytes(const std::filesystem::path& p) {
  std::uint64_t total = 0;
  std::error_code ec;
  if (std::filesystem::is_regular_file(p, ec)) return std::filesystem::file_size(p, ec);
  for (auto& e : std::filesystem::recursive_directory_iterator(p, ec))
    if (e.is_regular_file(ec)) total += e.file_size(ec);
  return total;
}

void Emitter::emit(const std::string& metric, const std::string& unit,
                   const std::vector<double>& values, nlohmann::json extra) {
  extra["side"] = "terrain";
  extra["metric"] = metric;
  extra["unit"] = unit;
  extra["values"] = values;
  out_ << extra.dump() << "\n";
  out_.flush();
  std::cerr << "terrain " << metric << ":";
  for (double v : values) std::cerr << " " << std::round(v * 100) / 100;
  std::cerr << " " << unit << std::endl;
}

// ---- server process ---------------------------------------------------------------

namespace {

int free_port() {
  int s = ::socket(AF_INET, SOCK_STREAM, 0);
  if (s < 0) throw std::runtime_error("socket() failed");
  sockaddr_in a{};
  a.sin_family = AF_INET;
  a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  a.sin_port = 0;
  if (::bind(s, reinterpret_cast<sockaddr*>(&a), sizeof a) != 0) {
    ::close(s);
    throw std::runtime_error("bind() failed");
  }
  socklen_t len = sizeof a;
  ::getsockname(s, reinterpret_cast<sockaddr*>(&a), &len);
  int port = ntohs(a.sin_port);
  ::close(s);
  return port;
}

// Runs a command to completion with `input` on stdin and output to `log`.
int run_with_input(const std::vector<std::string>& argv, const std::string& input,
                   const std::filesystem::path& log) {
  int in[2];
  if (::pipe(in) != 0) throw std::runtime_error("pipe() failed");
  pid_t pid = ::fork();
  if (pid < 0) throw std::runtime_error("fork() failed");
  if (pid == 0) {
    ::dup2(in[0], 0);
    ::close(in[1]);
    int fd = ::open(log.c_str(), O_WRONLY | O_CREAT | O_APPEND, 0600);
    if (fd >= 0) {
      ::dup2(fd, 1);
      ::dup2(fd, 2);
    }
    std::vector<char*> args;
    for (const auto& a : argv) args.push_back(const_cast<char*>(a.c_str()));
    args.push_back(nullptr);
    ::execv(args[0], args.data());
    ::_exit(127);
  }
  ::close(in[0]);
  std::string data = input + "\n";
  (void)!::write(in[1], data.data(), data.size());
  ::close(in[1]);
  int status = 0;
  ::waitpid(pid, &status, 0);
  return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
}

std::vector<std::string> common_flags() {
  // Administrator passwords hashed cheaply (the bench logs in a few times), no
  // rate limit on loopback (all devices share 127.0.0.1), request logs off (the
  // PouchDB side runs with logs at "error" too).
  return {"--pwhash_opslimit",     "1",         "--pwhash_memlimit",          "8192",
          "--requests_per_minute", "100000000", "--auth_failures_per_window", "1000000",
          "--log_level",           "warn"};
}

}  // namespace

ServerProcess::ServerProcess(std::filesystem::path binary, std::filesystem::path dir)
    : binary_(std::move(binary)), dir_(std::move(dir)), data_(dir_ / "data") {}

ServerProcess::~ServerProcess() {
  stop();
}

void ServerProcess::start() {
  std::filesystem::create_directories(data_);
  const auto log = dir_ / "server.log";
  std::vector<std::string> add = {binary_.string(), "admin",  "add",  "--data",
                                  data_.string(),   "--name", "bench"};
  for (auto& f : common_flags()) add.push_back(f);
  if (!std::filesystem::exists(data_ / "terrain.db") && run_with_input(add, password_, log) != 0)
    throw std::runtime_error("terrain-server admin add failed (see " + log.string() + ")");
  port_ = free_port();
  std::vector<std::string> argv = {binary_.string(), "serve",     "--data", data_.string(),
                                   "--bind",         "127.0.0.1", "--port", std::to_string(port_)};
  for (auto& f : common_flags()) argv.push_back(f);
  // Extra server flags for experiments, e.g. TERRAIN_BENCH_SERVER_FLAGS="--threads 32".
  if (const char* extra = std::getenv("TERRAIN_BENCH_SERVER_FLAGS")) {
    std::istringstream words(extra);
    for (std::string w; words >> w;) argv.push_back(w);
  }
  pid_ = ::fork();
  if (pid_ < 0) throw std::runtime_error("fork() failed");
  if (pid_ == 0) {
    int fd = ::open(log.c_str(), O_WRONLY | O_CREAT | O_APPEND, 0600);
    if (fd >= 0) {
      ::dup2(fd, 1);
      ::dup2(fd, 2);
    }
    int devnull = ::open("/dev/null", O_RDONLY);
    if (devnull >= 0) ::dup2(devnull, 0);
    std::vector<char*> args;
    for (const auto& a : argv) args.push_back(const_cast<char*>(a.c_str()));
    args.push_back(nullptr);
    ::execv(args[0], args.data());
    ::_exit(127);
  }
  httplib::Client c("127.0.0.1", port_);
  c.set_connection_timeout(1, 0);
  const double deadline = now_ms() + kServerStartTimeoutMs;
  for (;;) {
    if (auto r = c.Get("/healthz"); r && r->status == 200) break;
    int status = 0;
    if (::waitpid(pid_, &status, WNOHANG) == pid_) {
      pid_ = -1;
      throw std::runtime_error("terrain-server exited at start (see " + log.string() + ")");
    }
    if (now_ms() > deadline) {
      stop();
      throw std::runtime_error("terrain-server did not answer /healthz in time");
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
  }
}

void ServerProcess::stop() {
  if (pid_ <= 0) return;
  ::kill(pid_, SIGTERM);
  const double deadline = now_ms() + 10000;
  int status = 0;
  while (::waitpid(pid_, &status, WNOHANG) == 0) {
    if (now_ms() > deadline) {
      ::kill(pid_, SIGKILL);
      ::waitpid(pid_, &status, 0);
      break;
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  }
  pid_ = -1;
}

std::uint64_t ServerProcess::peak_rss_bytes() const {
  std::ifstream in("/proc/" + std::to_string(pid_) + "/status");
  std::string line;
  while (std::getline(in, line))
    if (line.rfind("VmHWM:", 0) == 0) return std::stoull(line.substr(6)) * 1024;
  return 0;
}

void ServerProcess::reset_peak_rss() const {
  // Linux: writing 5 to clear_refs resets VmHWM to the current RSS.
  std::ofstream out("/proc/" + std::to_string(pid_) + "/clear_refs");
  out << "5";
}

// ---- HTTP helpers -------------------------------------------------------------------

nlohmann::json expect_json(const httplib::Result& r, const std::string& what, int status) {
  if (!r) throw std::runtime_error(what + ": " + httplib::to_string(r.error()));
  if (r->status != status)
    throw std::runtime_error(what + ": HTTP " + std::to_string(r->status) + " " +
                             r->body.substr(0, 400));
  return nlohmann::json::parse(r->body);
}

namespace {
void set_timeouts(httplib::Client& c) {
  c.set_connection_timeout(5, 0);
  c.set_read_timeout(kRequestTimeoutS, 0);
  c.set_write_timeout(kRequestTimeoutS, 0);
  c.set_keep_alive(true);
  c.set_tcp_nodelay(true);  // as client-core's transport does
}
}  // namespace

Admin::Admin(int port, const std::string& password) : http_("127.0.0.1", port) {
  set_timeouts(http_);
  auto j = expect_json(
      http_.Post("/admin/login", nlohmann::json{{"name", "bench"}, {"password", password}}.dump(),
                 "application/json"),
      "admin login");
  auth_ = {{"Authorization", "Bearer " + j.at("token").get<std::string>()}};
}

void Admin::create_meeting(const Record& meeting) {
  nlohmann::json body = {{"meeting", meeting.id},
                         {"changes",
                          {{{"op", "create"},
                            {"collection", "meeting"},
                            {"id", meeting.id},
                            {"fields", meeting.fields}}}}};
  expect_json(http_.Post("/admin/changes", auth_, body.dump(), "application/json"),
              "create meeting", 201);
}

std::string Admin::enrolment_code(const std::vector<std::string>& meetings) {
  nlohmann::json scope =
      meetings.empty() ? nlohmann::json{{"cycle", kCycle}} : nlohmann::json{{"meetings", meetings}};
  auto j = expect_json(http_.Post("/admin/enrolment-codes", auth_,
                                  nlohmann::json{{"role", "facilitator"}, {"scope", scope}}.dump(),
                                  "application/json"),
                       "enrolment code", 201);
  return j.at("code").get<std::string>();
}

// ---- raw device ------------------------------------------------------------------------

RawDevice::RawDevice(int port, const std::string& enrolment_code)
    : http_("127.0.0.1", port),
      keys_(generate_keypair()),
      device_id_(device_id_of(keys_.public_key)),
      clock_(device_id_, system_clock_ms()) {
  set_timeouts(http_);
  auto j = expect_json(http_.Post("/v1/enrol",
                                  nlohmann::json{{"code", enrolment_code},
                                                 {"public_key", hex_of(keys_.public_key)},
                                                 {"label", "banc d'essai"}}
                                      .dump(),
                                  "application/json"),
                       "enrol");
  epoch_ = j.value("epoch", "");
}

SignedChangeSet RawDevice::seal_creates(const std::vector<const Record*>& records) {
  const SchemaRegistry& schemas = SchemaRegistry::embedded();
  ChangeSet cs;
  cs.device = device_id_;
  cs.seq = ++seq_;
  cs.prev = prev_;
  cs.schema = schemas.version();
  cs.meeting = records.front()->meeting;
  DetachedValues values;
  for (const Record* r : records) {
    const CollectionInfo* info = schemas.collection(r->collection);
    if (!info) throw std::runtime_error("unknown collection " + r->collection);
    Change c;
    c.op = Op::create;
    c.collection = r->collection;
    c.id = r->id;
    c.t = clock_.now();
    c.cl = 1;
    for (const auto& [name, value] : r->fields.items()) {
      FieldWrite w;
      w.name = name;
      if (info->is_personal(name)) {
        w.detached = true;
        w.value_hash = make_detached(value, values);
      } else {
        w.value = value;
      }
      c.fields.push_back(std::move(w));
    }
    cs.changes.push_back(std::move(c));
  }
  SignedChangeSet scs = seal(cs, std::move(values), keys_.secret_key);
  prev_ = scs.hash();
  return scs;
}

std::pair<SignedChangeSet, Hlc> RawDevice::seal_edit(const Record& record, const std::string& field,
                                                     const nlohmann::json& value,
                                                     const std::optional<Hlc>& base) {
  ChangeSet cs;
  cs.device = device_id_;
  cs.seq = ++seq_;
  cs.prev = prev_;
  cs.schema = SchemaRegistry::embedded().version();
  cs.meeting = record.meeting;
  Change c;
  c.op = Op::set;
  c.collection = record.collection;
  c.id = record.id;
  c.t = clock_.now();
  c.cl = 1;
  FieldWrite w;
  w.name = field;
  w.value = value;
  w.base = base;
  c.fields.push_back(std::move(w));
  const Hlc t = c.t;
  cs.changes.push_back(std::move(c));
  SignedChangeSet scs = seal(cs, {}, keys_.secret_key);
  prev_ = scs.hash();
  return {std::move(scs), t};
}

RawDevice::Request RawDevice::sign_push(const SignedChangeSet& scs) {
  Request r;
  r.body = encode_envelope(scs);
  const std::string ts = std::to_string(std::chrono::duration_cast<std::chrono::milliseconds>(
                                            std::chrono::system_clock::now().time_since_epoch())
                                            .count());
  std::string bytes = "POST\n/v1/push\n" + ts + "\n" + hex_of(blake2b256(r.body));
  Signature sig = sign(keys_.secret_key, "terrain/request/v1\n", bytes);
  r.headers = {
      {"X-Terrain-Device", device_id_},
      {"X-Terrain-Timestamp", ts},
      {"X-Terrain-Signature",
       to_base64(std::string_view(reinterpret_cast<const char*>(sig.data()), sig.size()))}};
  if (!epoch_.empty()) r.headers.emplace("X-Terrain-Epoch", epoch_);
  return r;
}

std::string RawDevice::send(const Request& request) {
  auto j = expect_json(http_.Post("/v1/push", request.headers, request.body, "application/json"),
                       "push");
  std::string outcome = j.value("outcome", "");
  if (outcome != "accepted") {
    // The receipt body names the reason (an error code and a message, no values).
    std::string detail;
    if (j.contains("receipt") && j["receipt"].contains("body")) {
      auto body = nlohmann::json::parse(j["receipt"]["body"].get<std::string>(), nullptr, false);
      if (!body.is_discarded())
        detail = body.value("reason", "") + ": " + body.value("message", "");
    }
    return outcome + " (" + detail + ")";
  }
  return outcome;
}

}  // namespace terrain::bench
