// Plain-French descriptions of the client core's errors: what failed and what to do.
//
// The C API gives a {domain, code, message} triple; the message is English and meant
// for logs and support. Facilitators see a title and an action in their language,
// never the raw English message (it stays available under "detail" for support).
#pragma once

#include <QString>
#include <QVariantMap>

namespace terrain::field {

struct ErrorValue {
  int domain = 0;  // TERRAIN_DOMAIN_*; 0 = no error
  int code = 0;
  QString message;  // English, from the core; never contains personal data
  QString context;  // "enrol", "sync", "write": changes the advice
  bool isError() const { return domain != 0; }
};

// {"code": "network", "title": "...", "action": "...", "detail": "...", "transient": bool}
// or an empty map when there is no error. Texts follow the current translator.
QVariantMap describeError(const ErrorValue& e);

// The stable snake_case name for a Terrain code, "http_503" for HTTP, "sqlite_5"...
QString errorCodeName(const ErrorValue& e);

}  // namespace terrain::field
