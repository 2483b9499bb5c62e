#include "terrain/protocol/errors.h"

#include <array>

namespace terrain {
namespace {

struct Entry {
  Errc code;
  std::string_view name;
  bool transient;
};

constexpr std::array kTable{
    Entry{Errc::ok, "ok", false},
    Entry{Errc::invalid_argument, "invalid_argument", false},
    Entry{Errc::malformed, "malformed", false},
    Entry{Errc::invalid_utf8, "invalid_utf8", false},
    Entry{Errc::too_large, "too_large", false},
    Entry{Errc::too_deep, "too_deep", false},
    Entry{Errc::bad_signature, "bad_signature", false},
    Entry{Errc::hash_mismatch, "hash_mismatch", false},
    Entry{Errc::unknown_collection, "unknown_collection", false},
    Entry{Errc::unknown_field, "unknown_field", false},
    Entry{Errc::schema_violation, "schema_violation", false},
    Entry{Errc::multiple_meetings, "multiple_meetings", false},
    Entry{Errc::not_found, "not_found", false},
    Entry{Errc::storage, "storage", true},
    Entry{Errc::io, "io", true},
    Entry{Errc::network, "network", true},
    Entry{Errc::clock_ahead, "clock_ahead", true},
    Entry{Errc::sequence_gap, "sequence_gap", true},
    Entry{Errc::fork, "fork", false},
    Entry{Errc::unknown_device, "unknown_device", false},
    Entry{Errc::device_revoked, "device_revoked", false},
    Entry{Errc::unauthorized, "unauthorized", false},
    Entry{Errc::forbidden, "forbidden", false},
    Entry{Errc::out_of_scope, "out_of_scope", false},
    Entry{Errc::rate_limited, "rate_limited", true},
    Entry{Errc::enrolment_code_invalid, "enrolment_code_invalid", false},
    Entry{Errc::epoch_mismatch, "epoch_mismatch", true},
    Entry{Errc::unsupported_media_type, "unsupported_media_type", false},
    Entry{Errc::server_error, "server_error", true},
    Entry{Errc::conflict, "conflict", false},
    Entry{Errc::not_enrolled, "not_enrolled", false},
    Entry{Errc::certificate, "certificate", false},
    Entry{Errc::internal, "internal", false},
    Entry{Errc::unsupported_version, "unsupported_version", false},
    Entry{Errc::quarantined, "quarantined", false},
    Entry{Errc::enrolment_code_expired, "enrolment_code_expired", false},
    Entry{Errc::enrolment_code_used, "enrolment_code_used", false},
    Entry{Errc::clock_skew, "clock_skew", true},
};

const Entry* find(Errc c) noexcept {
  for (const auto& e : kTable)
    if (e.code == c) return &e;
  return nullptr;
}

}  // namespace

std::string_view errc_name(Errc c) noexcept {
  const Entry* e = find(c);
  return e ? e->name : std::string_view("internal");
}

std::optional<Errc> errc_from_name(std::string_view name) noexcept {
  for (const auto& e : kTable)
    if (e.name == name) return e.code;
  return std::nullopt;
}

bool errc_is_transient(Errc c) noexcept {
  const Entry* e = find(c);
  return e && e->transient;
}

std::string Error::to_string() const {
  std::string s(errc_name(code));
  s += ": ";
  if (!record.empty()) s += record + ": ";
  if (!field.empty()) s += "field '" + field + "': ";
  s += message;
  return s;
}

Error make_error(Errc code, std::string message, std::string record, std::string field) {
  return Error{code, std::move(message), std::move(record), std::move(field)};
}

}  // namespace terrain
