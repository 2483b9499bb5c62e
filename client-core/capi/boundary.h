// The C boundary: errors out, exceptions never.
//
// Every extern "C" function runs its body through guarded(): expected failures
// (terrain::Error values) are turned into terrain_error by fail(); any exception (a
// bug, or allocation failure) is caught here, in ONE place, and becomes
// TERRAIN_ERR_INTERNAL. Strings returned to the caller are malloc'ed (terrain_free).
#pragma once

#include <cstdlib>
#include <cstring>
#include <exception>
#include <new>
#include <string>
#include <string_view>

#include "terrain/protocol/errors.h"
#include "terrain/terrain.h"

namespace terrain::capi {

// A malloc'ed NUL-terminated copy, or nullptr when out of memory.
inline char* c_string(std::string_view s) noexcept {
  char* p = static_cast<char*>(std::malloc(s.size() + 1));
  if (p == nullptr) return nullptr;
  if (!s.empty()) std::memcpy(p, s.data(), s.size());
  p[s.size()] = '\0';
  return p;
}

inline void set_error(terrain_error* err, int32_t domain, int32_t code,
                      std::string_view message) noexcept {
  if (err == nullptr) return;
  err->domain = domain;
  err->code = code;
  err->message = c_string(message);  // nullptr only when out of memory
}

// Fills *err from an expected failure (its message names record and field).
inline void fail(terrain_error* err, const Error& e) noexcept {
  std::string text;
  try {
    text = e.to_string();
  } catch (...) {
    text = "out of memory";
  }
  set_error(err, TERRAIN_DOMAIN_TERRAIN, static_cast<int32_t>(e.code), text);
}

inline void fail(terrain_error* err, Errc code, std::string_view message) noexcept {
  std::string text;
  try {
    text = std::string(errc_name(code)) + ": " + std::string(message);
  } catch (...) {
  }
  set_error(err, TERRAIN_DOMAIN_TERRAIN, static_cast<int32_t>(code), text);
}

template <class R, class F>
R guarded(terrain_error* err, R failure, F&& body) noexcept {
  try {
    return body();
  } catch (const std::bad_alloc&) {
    set_error(err, TERRAIN_DOMAIN_TERRAIN, TERRAIN_ERR_INTERNAL, "internal: out of memory");
  } catch (const std::exception& e) {
    std::string text = "internal: unexpected exception (please report): ";
    try {
      text += e.what();
    } catch (...) {
    }
    set_error(err, TERRAIN_DOMAIN_TERRAIN, TERRAIN_ERR_INTERNAL, text);
  } catch (...) {
    set_error(err, TERRAIN_DOMAIN_TERRAIN, TERRAIN_ERR_INTERNAL,
              "internal: unknown exception (please report)");
  }
  return failure;
}

}  // namespace terrain::capi
