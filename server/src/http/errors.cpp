#include "http/errors.h"

namespace terrain::server::http {

int status_of(Errc code) {
  switch (code) {
    case Errc::ok:
      return 200;
    case Errc::invalid_argument:
    case Errc::malformed:
    case Errc::invalid_utf8:
    case Errc::too_deep:
    case Errc::bad_signature:
    case Errc::hash_mismatch:
    case Errc::multiple_meetings:
    case Errc::unsupported_version:
    case Errc::not_enrolled:
      return 400;
    case Errc::unauthorized:
    case Errc::unknown_device:
    case Errc::clock_skew:
      return 401;
    case Errc::forbidden:
    case Errc::device_revoked:
    case Errc::out_of_scope:
    case Errc::enrolment_code_invalid:
    case Errc::enrolment_code_expired:
    case Errc::enrolment_code_used:
      return 403;
    case Errc::not_found:
      return 404;
    case Errc::clock_ahead:
    case Errc::sequence_gap:
    case Errc::fork:
    case Errc::epoch_mismatch:
    case Errc::conflict:
      return 409;
    case Errc::too_large:
      return 413;
    case Errc::unsupported_media_type:
      return 415;
    case Errc::unknown_collection:
    case Errc::unknown_field:
    case Errc::schema_violation:
    case Errc::quarantined:
      return 422;
    case Errc::rate_limited:
      return 429;
    case Errc::internal:
    case Errc::io:
    case Errc::server_error:
      return 500;
    case Errc::network:
    case Errc::certificate:
      return 502;
    case Errc::storage:
      return 503;
  }
  return 500;
}

nlohmann::json error_body(const Error& e, const nlohmann::json& extra) {
  nlohmann::json err = {{"code", errc_name(e.code)}, {"message", e.message}};
  if (!e.record.empty()) err["record"] = e.record;
  if (!e.field.empty()) err["field"] = e.field;
  if (extra.is_object())
    for (auto it = extra.begin(); it != extra.end(); ++it) err[it.key()] = it.value();
  return {{"error", err}};
}

Reply Reply::json(const nlohmann::json& j, int status) {
  Reply r;
  r.status = status;
  r.body = j.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
  return r;
}

Reply Reply::fail(const Error& e, const nlohmann::json& extra) {
  Reply r = json(error_body(e, extra), status_of(e.code));
  r.error = e.code;
  return r;
}

Reply Reply::text(std::string body, std::string content_type) {
  Reply r;
  r.body = std::move(body);
  r.content_type = std::move(content_type);
  return r;
}

}  // namespace terrain::server::http
