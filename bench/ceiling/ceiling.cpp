// The machine's ceiling for durable ingest: what a bare C++ program does with the
// same records and change sets as the server, on the same disk, with nothing but
// libsodium and SQLite.
//
// For each change set (records of one meeting, grouped 1, 50 or 500 at a time, the
// same plan as the ingest workload): verify ONE Ed25519 signature over the change
// set's bytes, then insert one row per record (time-ordered UUIDv7 key, the record's
// JSON text) in a durable transaction (WAL, synchronous=FULL). Signing happens
// before the clock starts. One thread, no network, no parsing beyond what SQLite
// needs: this is the upper bound a server could approach, not a server.
//
// Two transaction policies are measured:
//   per_set  one transaction per change set (what a server that commits every
//            request before answering it must pay at least);
//   group    transactions of at least 500 records, several change sets each (what a
//            server that groups concurrent requests into one commit can reach).
//
//   terrain_bench_ceiling --data DIR --work DIR --out results.jsonl [--runs N]
#include <sodium.h>
#include <sqlite3.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <stdexcept>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

namespace {

struct Record {
  std::string id;
  std::string collection;
  std::string meeting;
  std::string json;  // the record's fields as JSON text
};

struct ChangeSet {
  std::vector<const Record*> records;
  std::string body;  // what is signed: the records' text, one per line
  unsigned char sig[crypto_sign_BYTES];
};

// [records per change set, change sets]: the ingest plan of both sides.
constexpr std::pair<std::size_t, std::size_t> kPlan[] = {{1, 2000}, {50, 1000}, {500, 200}};
constexpr std::size_t kGroupCommitRecords = 500;

std::vector<Record> read_records(const std::filesystem::path& file) {
  std::ifstream in(file);
  if (!in) throw std::runtime_error("cannot read " + file.string());
  std::vector<Record> out;
  std::string line;
  while (std::getline(in, line)) {
    if (line.empty()) continue;
    auto j = nlohmann::json::parse(line);
    out.push_back({j.at("id").get<std::string>(), j.at("collection").get<std::string>(),
                   j.at("meeting").get<std::string>(), j.at("fields").dump()});
  }
  return out;
}

std::vector<ChangeSet> make_sets(const std::vector<Record>& records, std::size_t size,
                                 std::size_t count, const unsigned char* sk) {
  std::vector<ChangeSet> sets;
  ChangeSet cur;
  auto flush = [&] {
    for (const Record* r : cur.records) cur.body += r->json + "\n";
    crypto_sign_detached(cur.sig, nullptr, reinterpret_cast<const unsigned char*>(cur.body.data()),
                         cur.body.size(), sk);
    sets.push_back(std::move(cur));
    cur = ChangeSet{};
  };
  for (const Record& r : records) {
    if (sets.size() == count) break;
    if (!cur.records.empty() &&
        (cur.records.size() == size || cur.records.front()->meeting != r.meeting))
      flush();
    if (sets.size() == count) break;
    cur.records.push_back(&r);
  }
  if (!cur.records.empty() && sets.size() < count) flush();
  return sets;
}

void check(int rc, sqlite3* db, const char* what) {
  if (rc != SQLITE_OK && rc != SQLITE_DONE && rc != SQLITE_ROW)
    throw std::runtime_error(std::string(what) + ": " + sqlite3_errmsg(db));
}

void exec(sqlite3* db, const char* sql) {
  char* err = nullptr;
  if (sqlite3_exec(db, sql, nullptr, nullptr, &err) != SQLITE_OK) {
    std::string m = err ? err : "?";
    sqlite3_free(err);
    throw std::runtime_error(std::string(sql) + ": " + m);
  }
}

struct RunResult {
  double seconds = 0;
  std::size_t records = 0;
  std::size_t sets = 0;
  std::size_t transactions = 0;
};

RunResult run_once(const std::vector<ChangeSet>& sets, const unsigned char* pk,
                   const std::filesystem::path& file, bool group) {
  std::filesystem::remove(file);
  std::filesystem::remove(file.string() + "-wal");
  std::filesystem::remove(file.string() + "-shm");
  sqlite3* db = nullptr;
  check(sqlite3_open(file.c_str(), &db), db, "open");
  exec(db, "PRAGMA journal_mode=WAL");
  exec(db, "PRAGMA synchronous=FULL");
  exec(db,
       "CREATE TABLE record(id TEXT PRIMARY KEY, collection TEXT NOT NULL, meeting TEXT NOT "
       "NULL, fields TEXT NOT NULL)");
  sqlite3_stmt* ins = nullptr;
  check(
      sqlite3_prepare_v2(db, "INSERT INTO record(id, collection, meeting, fields) VALUES(?,?,?,?)",
                         -1, &ins, nullptr),
      db, "prepare");
  RunResult rr;
  std::size_t in_tx = 0;
  auto t0 = std::chrono::steady_clock::now();
  for (const ChangeSet& cs : sets) {
    if (crypto_sign_verify_detached(cs.sig, reinterpret_cast<const unsigned char*>(cs.body.data()),
                                    cs.body.size(), pk) != 0)
      throw std::runtime_error("signature does not verify");
    if (in_tx == 0) exec(db, "BEGIN");
    for (const Record* r : cs.records) {
      sqlite3_bind_text(ins, 1, r->id.data(), static_cast<int>(r->id.size()), SQLITE_STATIC);
      sqlite3_bind_text(ins, 2, r->collection.data(), static_cast<int>(r->collection.size()),
                        SQLITE_STATIC);
      sqlite3_bind_text(ins, 3, r->meeting.data(), static_cast<int>(r->meeting.size()),
                        SQLITE_STATIC);
      sqlite3_bind_text(ins, 4, r->json.data(), static_cast<int>(r->json.size()), SQLITE_STATIC);
      check(sqlite3_step(ins), db, "insert");
      sqlite3_reset(ins);
    }
    in_tx += cs.records.size();
    rr.records += cs.records.size();
    ++rr.sets;
    if (!group || in_tx >= kGroupCommitRecords) {
      exec(db, "COMMIT");
      ++rr.transactions;
      in_tx = 0;
    }
  }
  if (in_tx > 0) {
    exec(db, "COMMIT");
    ++rr.transactions;
  }
  rr.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
  sqlite3_finalize(ins);
  sqlite3_close(db);
  return rr;
}

double verify_rate(const std::vector<ChangeSet>& sets, const unsigned char* pk) {
  auto t0 = std::chrono::steady_clock::now();
  std::size_t n = 0;
  for (int rep = 0; rep < 5; ++rep)
    for (const ChangeSet& cs : sets) {
      n += crypto_sign_verify_detached(cs.sig,
                                       reinterpret_cast<const unsigned char*>(cs.body.data()),
                                       cs.body.size(), pk) == 0;
    }
  return static_cast<double>(n) /
         std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
}

void emit(std::ofstream& out, const std::string& metric, const std::string& unit,
          const std::vector<double>& values, nlohmann::json extra = nlohmann::json::object()) {
  extra["side"] = "ceiling";
  extra["metric"] = metric;
  extra["unit"] = unit;
  extra["values"] = values;
  out << extra.dump() << "\n";
  out.flush();
  std::cerr << "ceiling " << metric << ":";
  for (double v : values) std::cerr << " " << v;
  std::cerr << " " << unit << "\n";
}

}  // namespace

int main(int argc, char** argv) {
  std::filesystem::path data, work, out_path;
  int runs = 3;
  for (int i = 1; i + 1 < argc; i += 2) {
    std::string k = argv[i];
    if (k == "--data")
      data = argv[i + 1];
    else if (k == "--work")
      work = argv[i + 1];
    else if (k == "--out")
      out_path = argv[i + 1];
    else if (k == "--runs")
      runs = std::max(1, std::stoi(argv[i + 1]));
    else {
      std::cerr << "unknown argument " << k << "\n";
      return 2;
    }
  }
  if (data.empty() || work.empty() || out_path.empty()) {
    std::cerr << "usage: terrain_bench_ceiling --data DIR --work DIR --out FILE [--runs N]\n";
    return 2;
  }
  try {
    if (sodium_init() < 0) throw std::runtime_error("sodium_init failed");
    std::filesystem::create_directories(work);
    std::ofstream out(out_path, std::ios::app);
    const auto records = read_records(data / "records.jsonl");
    unsigned char pk[crypto_sign_PUBLICKEYBYTES];
    unsigned char sk[crypto_sign_SECRETKEYBYTES];
    crypto_sign_keypair(pk, sk);
    const auto file = work / "ceiling.sqlite";
    for (auto [size, count] : kPlan) {
      const auto sets = make_sets(records, size, count, sk);
      for (bool group : {false, true}) {
        if (group && size >= kGroupCommitRecords) continue;  // same as per_set
        std::vector<double> rec_s, set_s;
        RunResult last;
        for (int r = 0; r < runs; ++r) {
          last = run_once(sets, pk, file, group);
          rec_s.push_back(static_cast<double>(last.records) / last.seconds);
          set_s.push_back(static_cast<double>(last.sets) / last.seconds);
        }
        const std::string policy = group ? "group" : "per_set";
        nlohmann::json extra = {{"records", last.records},
                                {"change_sets", last.sets},
                                {"transactions", last.transactions}};
        emit(out, "ceiling." + policy + ".s" + std::to_string(size) + ".records_per_s", "records/s",
             rec_s, extra);
        emit(out, "ceiling." + policy + ".s" + std::to_string(size) + ".sets_per_s", "sets/s",
             set_s, extra);
        if (size == 500 && !group) {
          std::error_code ec;
          auto bytes = std::filesystem::file_size(file, ec);
          auto wal = std::filesystem::file_size(file.string() + "-wal", ec);
          if (ec) wal = 0;
          emit(out, "ceiling.disk_bytes_per_record", "B",
               {static_cast<double>(bytes + wal) / static_cast<double>(last.records)});
        }
      }
      if (size == 1) emit(out, "ceiling.verify_per_s", "sigs/s", {verify_rate(sets, pk)});
    }
    std::filesystem::remove(file);
    std::filesystem::remove(file.string() + "-wal");
    std::filesystem::remove(file.string() + "-shm");
  } catch (const std::exception& e) {
    std::cerr << "ceiling failed: " << e.what() << "\n";
    return 1;
  }
  return 0;
}
