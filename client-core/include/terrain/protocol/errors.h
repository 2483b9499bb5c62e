// Errors of the protocol layer and everything above it.
//
// Expected failures (refused input, not found, conflicts) are values: a Status or
// a Result<T>, never exceptions. Exceptions may only come from allocation failure
// and from third-party code, and are turned into Status at layer boundaries
// (the C API converts every exception in one helper).
//
// Every error has a stable code (a snake_case string, also its HTTP and C API
// identity, listed in docs/protocol.md), a message naming what is wrong, and,
// where it applies, the record and field at fault.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <variant>

namespace terrain {

// Stable error codes. Never renumber: the C API exposes the numbers.
enum class Errc : int {
  ok = 0,
  invalid_argument = 1,         // a caller passed something unusable
  malformed = 2,                // not valid JSON, or not the expected structure
  invalid_utf8 = 3,             // text that is not valid UTF-8
  too_large = 4,                // body, value, change count or field count over a limit
  too_deep = 5,                 // JSON nested deeper than the limit
  bad_signature = 6,            // an Ed25519 signature does not verify
  hash_mismatch = 7,            // a value or chain hash does not match what was signed
  unknown_collection = 8,       // no schema for that collection
  unknown_field = 9,            // the collection's schema has no such field
  schema_violation = 10,        // the value does not satisfy the schema
  multiple_meetings = 11,       // a change set touching more than one meeting
  not_found = 12,               // no such record, device, code...
  storage = 13,                 // local SQLite failure (transient unless stated)
  io = 14,                      // file system failure
  network = 15,                 // server unreachable, timeout (transient)
  clock_ahead = 16,             // change set stamped too far in the future
  sequence_gap = 17,            // a device's change set arrives before its predecessor
  fork = 18,                    // two different change sets with one sequence number
  unknown_device = 19,          // the device is not registered
  device_revoked = 20,          // the device was revoked
  unauthorized = 21,            // missing or wrong credentials
  forbidden = 22,               // authenticated but not allowed
  out_of_scope = 23,            // a meeting outside the device's scope
  rate_limited = 24,            // too many attempts (transient)
  enrolment_code_invalid = 25,  // unknown code (or malformed)
  epoch_mismatch = 26,          // the server was restored from a backup
  unsupported_media_type = 27,
  server_error = 28,            // the server failed (transient)
  conflict = 29,                // the operation conflicts with current state
  not_enrolled = 30,            // the replica has no server yet
  certificate = 31,             // TLS certificate not trusted
  internal = 32,                // a bug: please report
  unsupported_version = 33,     // a format or schema version this code does not know
  quarantined = 34,             // accepted as authentic but held for review
  enrolment_code_expired = 35,  // the enrolment code's time ran out
  enrolment_code_used = 36,     // the enrolment code already enrolled another device
  clock_skew = 37,              // a signed request's timestamp is too far from the server clock
};
// The greatest code: tables indexed by code (the C API's names) end here. A new code
// is added after it and this constant moves with it.
inline constexpr Errc kLastErrc = Errc::clock_skew;

// The stable snake_case name of a code ("schema_violation").
std::string_view errc_name(Errc c) noexcept;
// Parses a stable name back; nullopt when unknown.
std::optional<Errc> errc_from_name(std::string_view name) noexcept;
// True for failures a retry may cure (network, storage busy, rate limits,
// server errors). The app, the CLI and the sync loop share this one policy.
bool errc_is_transient(Errc c) noexcept;

struct Error {
  Errc code = Errc::internal;
  std::string message;  // English, names what is wrong; never contains personal values
  std::string record;   // "collection/id" at fault, or empty
  std::string field;    // field at fault, or empty

  std::string code_name() const { return std::string(errc_name(code)); }
  // "schema_violation: attendance/0193...: field 'role': must be a string"
  std::string to_string() const;
};

// A cheap success-or-error value.
class [[nodiscard]] Status {
 public:
  Status() = default;
  Status(Error e) : error_(std::move(e)) {}  // NOLINT(google-explicit-constructor)
  static Status Ok() { return {}; }
  bool ok() const { return !error_.has_value(); }
  explicit operator bool() const { return ok(); }
  const Error& error() const { return *error_; }
  Errc code() const { return error_ ? error_->code : Errc::ok; }

 private:
  std::optional<Error> error_;
};

Error make_error(Errc code, std::string message, std::string record = {}, std::string field = {});

// A value or an error.
template <class T>
class [[nodiscard]] Result {
 public:
  Result(T value) : v_(std::move(value)) {}  // NOLINT(google-explicit-constructor)
  Result(Error e) : v_(std::move(e)) {}      // NOLINT(google-explicit-constructor)
  Result(Status s) : v_(s.error()) {}        // NOLINT: only from a failed Status
  bool ok() const { return std::holds_alternative<T>(v_); }
  explicit operator bool() const { return ok(); }
  const T& value() const& { return std::get<T>(v_); }
  T& value() & { return std::get<T>(v_); }
  T&& value() && { return std::get<T>(std::move(v_)); }
  const T& operator*() const& { return value(); }
  T& operator*() & { return value(); }
  const T* operator->() const { return &value(); }
  T* operator->() { return &value(); }
  const Error& error() const { return std::get<Error>(v_); }
  Status status() const { return ok() ? Status() : Status(error()); }

 private:
  std::variant<T, Error> v_;
};

}  // namespace terrain

// Returns early with the error of a failed Status or Result expression; works in
// functions returning Status or any Result<T>.
#define TERRAIN_RETURN_IF_ERROR(expr)                                          \
  do {                                                                         \
    if (auto _terrain_r = (expr); !_terrain_r.ok()) return _terrain_r.error(); \
  } while (0)
