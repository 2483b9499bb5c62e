// Opening a replica: store, keys, identity, clock; server info; request signing.
//
// First open:                      Later opens:
//   migrate the store                migrate the store (older files upgraded)
//   generate key pair + data key     load both keys from the key store
//   BEGIN                            check the public key matches the stored one
//     device row (public key,        check the data key opens data_key_check
//       data_key_check)              restore the HLC and the clock offset
//     save keys in the key store
//   COMMIT
// A crash after the keys are saved and before COMMIT leaves no device row: the next
// open generates a new identity and overwrites the unused keys.
#include <sodium.h>

#include <chrono>

#include "replica_impl.h"
#include "store_schema.h"
#include "terrain/protocol/encoding.h"

namespace terrain {

using sqlite::Transaction;

namespace {

constexpr std::string_view kDataKeyCheckText = "terrain data key check v1";
constexpr std::string_view kDataKeyCheckWhere = "data_key_check";

Error key_error(const std::string& message) {
  return make_error(Errc::io, message);
}

}  // namespace

namespace replica_detail {

std::string sig_to_bytes(const Signature& s) {
  return std::string(reinterpret_cast<const char*>(s.data()), s.size());
}

Result<Signature> sig_from_bytes(const std::string& b) {
  Signature s{};
  if (b.size() != s.size()) return make_error(Errc::storage, "a stored signature is damaged");
  std::copy(b.begin(), b.end(), reinterpret_cast<char*>(s.data()));
  return s;
}

std::string hashes_json(const DetachedValues& values) {
  nlohmann::json a = nlohmann::json::array();
  for (const auto& [h, v] : values) a.push_back(h);
  return a.dump();
}

Result<std::vector<std::string>> hashes_from_json(const std::string& text) {
  auto j = nlohmann::json::parse(text, nullptr, false);
  if (j.is_discarded() || !j.is_array())
    return make_error(Errc::storage, "a stored list of value hashes is damaged");
  std::vector<std::string> out;
  for (const auto& h : j) {
    if (!h.is_string()) return make_error(Errc::storage, "a stored value hash is damaged");
    out.push_back(h.get<std::string>());
  }
  return out;
}

}  // namespace replica_detail

std::string_view outbox_state_name(OutboxState s) noexcept {
  switch (s) {
    case OutboxState::draft:
      return "draft";
    case OutboxState::pending:
      return "pending";
    case OutboxState::sent:
      return "sent";
    case OutboxState::accepted:
      return "accepted";
    case OutboxState::quarantined:
      return "quarantined";
    case OutboxState::conflicted:
      return "conflicted";
  }
  return "draft";
}

Result<Query> Query::from_json(const nlohmann::json& j) {
  Query q;
  if (j.is_null()) return q;
  if (!j.is_object()) return make_error(Errc::malformed, "a query filter must be a JSON object");
  for (const auto& [k, v] : j.items()) {
    if (k == "where") {
      if (!v.is_object())
        return make_error(Errc::malformed, "\"where\" must be an object of field: value");
      q.where = v;
    } else if (k == "search") {
      if (!v.is_object())
        return make_error(Errc::malformed, "\"search\" must be an object of field: text");
      for (const auto& [f, text] : v.items()) {
        if (!text.is_string())
          return make_error(Errc::malformed, "a search text must be a string", {}, f);
        q.search[f] = text.get<std::string>();
      }
    } else if (k == "limit") {
      if (!v.is_number_unsigned())
        return make_error(Errc::malformed, "\"limit\" must be a non-negative integer");
      q.limit = v.get<std::size_t>();
    } else if (k == "order_by") {
      if (!v.is_string()) return make_error(Errc::malformed, "\"order_by\" must be a field name");
      q.order_by = v.get<std::string>();
    } else {
      return make_error(Errc::malformed,
                        "unknown query key '" + k + "' (expected where, search, limit, order_by)");
    }
  }
  return q;
}

Replica::Impl::~Impl() {
  secure_wipe(secret_key.data(), secret_key.size());
}

std::int64_t Replica::Impl::now_ms() const {
  return std::chrono::duration_cast<std::chrono::milliseconds>(
             std::chrono::system_clock::now().time_since_epoch())
      .count();
}

Replica::Replica(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}
Replica::~Replica() = default;

int Replica::store_version() noexcept {
  return replica_detail::current_store_version();
}

Result<std::unique_ptr<Replica>> Replica::open(const std::string& path, ReplicaOptions options) {
  if (path.empty()) return make_error(Errc::invalid_argument, "the replica path is empty");
  if (!crypto_init()) return make_error(Errc::internal, "libsodium failed to initialise");
  auto impl = std::make_unique<Impl>();
  Impl& m = *impl;
  m.path = path;
  m.key_store =
      options.key_store ? options.key_store : std::make_shared<FileKeyStore>(path + ".key");
  m.schemas = options.schemas != nullptr ? options.schemas : &SchemaRegistry::embedded();
  m.limits = options.limits;
  m.physical = options.physical_clock ? options.physical_clock : system_clock_ms();

  // WAL: readers do not block the writer. synchronous=FULL: a committed transaction
  // survives a power cut (an acknowledged change must never be lost). Serialized: the
  // app's thread and the sync thread share the connection.
  sqlite::OpenOptions open_options;
  open_options.serialized = true;
  open_options.durable = options.durable;
  auto db = sqlite::Database::open(path, open_options);
  if (!db) return db.error();
  m.db = std::move(*db);
  // A page cache of 16 MiB instead of SQLite's 2 MiB: a pull writes records of many
  // meetings and collections in one transaction, and with the default cache most of
  // its b-tree pages were read back from the file for every record.
  TERRAIN_RETURN_IF_ERROR(m.db.exec("PRAGMA cache_size=-16384;"));
  TERRAIN_RETURN_IF_ERROR(replica_detail::migrate(m.db));

  auto st = m.db.prepare(
      "SELECT device_id, public_key, data_key_check, hlc, clock_offset_ms FROM device WHERE id=1");
  if (!st) return st.error();
  auto row = st->step();
  if (!row) return row.error();
  if (!*row) {
    // First open: a new identity.
    KeyPair kp = generate_keypair();
    std::string data_key = random_bytes(replica_detail::kDataKeyBytes);
    m.secret_key = kp.secret_key;
    m.public_key = kp.public_key;
    m.device_id = device_id_of(kp.public_key);
    m.at_rest = replica_detail::AtRest(data_key);
    Transaction tx(m.db);
    TERRAIN_RETURN_IF_ERROR(tx.begin());
    auto ins = m.db.prepare(
        "INSERT INTO device(id, device_id, public_key, data_key_check, last_hash) "
        "VALUES (1, ?, ?, ?, ?)");
    if (!ins) return ins.error();
    ins->bind(1, m.device_id)
        .bind(2, hex_of(m.public_key))
        .bind_blob(3, m.at_rest.seal(kDataKeyCheckText, kDataKeyCheckWhere))
        .bind(4, kGenesisPrev);
    TERRAIN_RETURN_IF_ERROR(ins->run());
    const std::string_view sk(reinterpret_cast<const char*>(kp.secret_key.data()),
                              kp.secret_key.size());
    Status saved = m.key_store->save(kDeviceSecretKeyItem, sk);
    if (saved.ok()) saved = m.key_store->save(kDataKeyItem, data_key);
    secure_wipe(kp.secret_key.data(), kp.secret_key.size());
    secure_wipe(data_key.data(), data_key.size());
    if (!saved.ok())
      return make_error(saved.error().code,
                        "cannot keep the device keys in the key store: " + saved.error().message);
    TERRAIN_RETURN_IF_ERROR(tx.commit());
    m.clock = std::make_unique<HlcClock>(m.device_id, m.physical);
  } else {
    m.device_id = st->text(0);
    auto pk = public_key_from_hex(st->text(1));
    if (!pk) return make_error(Errc::storage, "the replica's stored public key is damaged");
    m.public_key = *pk;
    const std::string check = st->blob(2);
    const std::string hlc_text = st->text(3);
    const std::int64_t offset = st->int64(4);

    auto sk = m.key_store->load(kDeviceSecretKeyItem);
    if (!sk) return sk.error();
    if (!sk->has_value())
      return key_error("the key store has no device key for the replica '" + path +
                       "' (is its key file missing?): restore the key file, or start a new "
                       "replica and enrol it again");
    if ((*sk)->size() != m.secret_key.size()) {
      secure_wipe((*sk)->data(), (*sk)->size());
      return key_error("the device key in the key store is damaged");
    }
    std::copy((*sk)->begin(), (*sk)->end(), reinterpret_cast<char*>(m.secret_key.data()));
    secure_wipe((*sk)->data(), (*sk)->size());
    if (public_key_of(m.secret_key) != m.public_key)
      return key_error("the key store holds another device's key, not the key of the replica '" +
                       path + "'");
    auto dk = m.key_store->load(kDataKeyItem);
    if (!dk) return dk.error();
    if (!dk->has_value() || (*dk)->size() != replica_detail::kDataKeyBytes)
      return key_error("the key store has no valid data key for the replica '" + path + "'");
    m.at_rest = replica_detail::AtRest(std::move(**dk));
    auto opened = m.at_rest.open(check, kDataKeyCheckWhere);
    if (!opened || *opened != kDataKeyCheckText)
      return key_error("the key store's data key does not open the replica '" + path + "'");
    m.clock = std::make_unique<HlcClock>(m.device_id, m.physical);
    m.clock->set_offset_ms(offset);
    if (!hlc_text.empty()) {
      auto last = Hlc::parse(hlc_text);
      if (!last) return make_error(Errc::storage, "the replica's stored clock is damaged");
      m.clock->restore(*last);
    }
  }
  return std::unique_ptr<Replica>(new Replica(std::move(impl)));
}

const std::string& Replica::device_id() const {
  return impl_->device_id;
}
const PublicKey& Replica::public_key() const {
  return impl_->public_key;
}
const std::string& Replica::path() const {
  return impl_->path;
}

Status Replica::Impl::save_clock() {
  auto st = db.prepare("UPDATE device SET hlc=?, clock_offset_ms=? WHERE id=1");
  if (!st) return st.error();
  st->bind(1, clock->last().ms == 0 && clock->last().counter == 0 ? std::string()
                                                                  : clock->last().to_string())
      .bind(2, clock->offset_ms());
  return st->run();
}

Result<std::int64_t> Replica::Impl::count(std::string_view sql) {
  auto st = db.prepare(sql);
  if (!st) return st.error();
  auto row = st->step();
  if (!row) return row.error();
  return *row ? st->int64(0) : 0;
}

Result<nlohmann::json> Replica::info() {
  std::lock_guard lock(impl_->mu);
  Impl& m = *impl_;
  auto server = m.db.prepare("SELECT url, role, scope, last_sync_ms, public_key FROM server");
  if (!server) return server.error();
  auto row = server->step();
  if (!row) return row.error();
  auto pending = m.count("SELECT COUNT(*) FROM outbox WHERE state IN ('pending','sent')");
  if (!pending) return pending.error();
  auto conflicts = m.count("SELECT COUNT(*) FROM conflicts");
  if (!conflicts) return conflicts.error();
  auto drafts = m.count("SELECT COUNT(*) FROM drafts");
  if (!drafts) return drafts.error();
  nlohmann::json scope = nlohmann::json::parse(server->text(2), nullptr, false);
  if (scope.is_discarded()) scope = nullptr;
  return nlohmann::json{
      {"device_id", m.device_id},
      {"public_key", hex_of(m.public_key)},
      {"enrolled", !server->text(0).empty() && !server->text(4).empty()},
      {"server_url", server->text(0)},
      {"role", server->text(1)},
      {"scope", scope},
      {"pending_change_sets", *pending},
      {"drafts", *drafts},
      {"conflicts", *conflicts},
      {"last_sync_ms", server->int64(3)},
      {"schema_version", m.schemas->version()},
      {"store_version", store_version()},
      {"clock_offset_ms", m.clock->offset_ms()},
  };
}

Result<ServerInfo> Replica::server_info() {
  std::lock_guard lock(impl_->mu);
  Impl& m = *impl_;
  auto st = m.db.prepare("SELECT url, public_key, epoch, role, scope, last_sync_ms FROM server");
  if (!st) return st.error();
  auto row = st->step();
  if (!row) return row.error();
  ServerInfo info;
  if (*row) {
    info.url = st->text(0);
    if (const std::string pk = st->text(1); !pk.empty()) {
      auto k = public_key_from_hex(pk);
      if (!k) return make_error(Errc::storage, "the stored server key is damaged");
      info.public_key = *k;
    }
    info.epoch = st->text(2);
    info.role = st->text(3);
    info.scope = nlohmann::json::parse(st->text(4), nullptr, false);
    if (info.scope.is_discarded()) info.scope = nullptr;
    info.last_sync_ms = st->int64(5);
  }
  auto token = m.key_store->load(kDeviceTokenItem);
  if (!token) return token.error();
  if (token->has_value()) info.device_token = **token;
  return info;
}

Status Replica::set_server_info(const ServerInfo& info) {
  std::lock_guard lock(impl_->mu);
  Impl& m = *impl_;
  auto current = m.key_store->load(kDeviceTokenItem);
  if (!current) return current.error();
  bool token_changed = !info.device_token.empty();
  if (current->has_value())
    token_changed = (*current)->size() != info.device_token.size() ||
                    !constant_time_equal(**current, info.device_token);
  if (current->has_value()) secure_wipe((*current)->data(), (*current)->size());
  if (token_changed)
    TERRAIN_RETURN_IF_ERROR(m.key_store->save(kDeviceTokenItem, info.device_token));
  auto st = m.db.prepare(
      "UPDATE server SET url=?, public_key=?, epoch=?, role=?, scope=?, last_sync_ms=? WHERE id=1");
  if (!st) return st.error();
  st->bind(1, info.url)
      .bind(2, info.public_key ? hex_of(*info.public_key) : std::string())
      .bind(3, info.epoch)
      .bind(4, info.role)
      .bind(5, info.scope.dump())
      .bind(6, info.last_sync_ms);
  return st->run();
}

Result<std::string> Replica::cursor() {
  std::lock_guard lock(impl_->mu);
  auto st = impl_->db.prepare("SELECT cursor FROM server WHERE id=1");
  if (!st) return st.error();
  auto row = st->step();
  if (!row) return row.error();
  return *row ? st->text(0) : std::string();
}

Status Replica::set_clock_offset_ms(std::int64_t offset_ms) {
  std::lock_guard lock(impl_->mu);
  impl_->clock->set_offset_ms(offset_ms);
  return impl_->save_clock();
}

std::int64_t Replica::clock_offset_ms() {
  std::lock_guard lock(impl_->mu);
  return impl_->clock->offset_ms();
}

Result<Signature> Replica::sign_request(std::string_view bytes, std::string_view context) {
  if (context.empty() || context == kChangeSetContext || context == kReceiptContext ||
      context == kRetractionContext)
    return make_error(Errc::invalid_argument,
                      "this signing context is reserved: change sets, receipts and retractions "
                      "are never signed on request");
  std::lock_guard lock(impl_->mu);
  return sign(impl_->secret_key, context, bytes);
}

}  // namespace terrain
