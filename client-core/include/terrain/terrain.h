/*
 * terrain.h: the stable C API of Terrain's client core (libterrain).
 *
 * Field apps in any language embed the client core through this header only.
 *
 * Rules
 *  1. Handles are opaque: terrain_replica is created by terrain_replica_open* and
 *     destroyed by terrain_replica_close. A handle may be used from several threads:
 *     calls are serialised inside, and terrain_replica_sync may run on a worker
 *     thread while the UI thread reads and writes (it holds the lock only while it
 *     touches the local store, never during network I/O).
 *  2. Strings in and out are NUL-terminated UTF-8. JSON goes in and out as text.
 *  3. Every function that can fail takes `terrain_error* err` as its LAST argument.
 *     On failure it returns NULL / false / -1 and fills *err; on success it leaves
 *     *err untouched. err may be NULL when the caller does not care.
 *  4. Ownership: every `char*` returned is allocated by the library and must be freed
 *     with terrain_free(). err->message is freed by terrain_error_clear(). Nothing
 *     else is ever returned to be freed. Arguments are borrowed for the call only.
 *  5. No C++ exception ever crosses this boundary; a bug surfaces as
 *     TERRAIN_ERR_INTERNAL with a message.
 *  6. Error codes are stable (docs/protocol.md, "Error codes"); never renumbered.
 *     terrain_error_is_transient() says whether retrying later may succeed: the app,
 *     the CLI and the sync loop share that one policy.
 *  7. Personal data (names) never appears in error messages or logs.
 */
#ifndef TERRAIN_TERRAIN_H
#define TERRAIN_TERRAIN_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#if defined(_WIN32)
#define TERRAIN_API __declspec(dllexport)
#else
#define TERRAIN_API __attribute__((visibility("default")))
#endif

#ifdef __cplusplus
extern "C" {
#endif

/* ---- Errors ------------------------------------------------------------ */

enum {
  TERRAIN_DOMAIN_TERRAIN = 1, /* codes below (terrain::Errc) */
  TERRAIN_DOMAIN_SQLITE = 2,  /* SQLite result codes */
  TERRAIN_DOMAIN_HTTP = 3     /* HTTP status when the server gave no Terrain code */
};

enum {
  TERRAIN_OK = 0,
  TERRAIN_ERR_INVALID_ARGUMENT = 1,
  TERRAIN_ERR_MALFORMED = 2,
  TERRAIN_ERR_INVALID_UTF8 = 3,
  TERRAIN_ERR_TOO_LARGE = 4,
  TERRAIN_ERR_TOO_DEEP = 5,
  TERRAIN_ERR_BAD_SIGNATURE = 6,
  TERRAIN_ERR_HASH_MISMATCH = 7,
  TERRAIN_ERR_UNKNOWN_COLLECTION = 8,
  TERRAIN_ERR_UNKNOWN_FIELD = 9,
  TERRAIN_ERR_SCHEMA_VIOLATION = 10,
  TERRAIN_ERR_MULTIPLE_MEETINGS = 11,
  TERRAIN_ERR_NOT_FOUND = 12,
  TERRAIN_ERR_STORAGE = 13,
  TERRAIN_ERR_IO = 14,
  TERRAIN_ERR_NETWORK = 15,
  TERRAIN_ERR_CLOCK_AHEAD = 16,
  TERRAIN_ERR_SEQUENCE_GAP = 17,
  TERRAIN_ERR_FORK = 18,
  TERRAIN_ERR_UNKNOWN_DEVICE = 19,
  TERRAIN_ERR_DEVICE_REVOKED = 20,
  TERRAIN_ERR_UNAUTHORIZED = 21,
  TERRAIN_ERR_FORBIDDEN = 22,
  TERRAIN_ERR_OUT_OF_SCOPE = 23,
  TERRAIN_ERR_RATE_LIMITED = 24,
  TERRAIN_ERR_ENROLMENT_CODE_INVALID = 25,
  TERRAIN_ERR_EPOCH_MISMATCH = 26,
  TERRAIN_ERR_UNSUPPORTED_MEDIA_TYPE = 27,
  TERRAIN_ERR_SERVER_ERROR = 28,
  TERRAIN_ERR_CONFLICT = 29,
  TERRAIN_ERR_NOT_ENROLLED = 30,
  TERRAIN_ERR_CERTIFICATE = 31,
  TERRAIN_ERR_INTERNAL = 32,
  TERRAIN_ERR_UNSUPPORTED_VERSION = 33,
  TERRAIN_ERR_QUARANTINED = 34,
  TERRAIN_ERR_ENROLMENT_CODE_EXPIRED = 35,
  TERRAIN_ERR_ENROLMENT_CODE_USED = 36,
  TERRAIN_ERR_CLOCK_SKEW = 37
};

typedef struct terrain_error {
  int32_t domain;
  int32_t code;
  char* message; /* English; free with terrain_error_clear */
} terrain_error;

/* The stable snake_case name of a code ("schema_violation"), static storage. */
TERRAIN_API const char* terrain_error_code_name(int32_t code);
TERRAIN_API bool terrain_error_is_transient(const terrain_error* err);
/* Frees err->message and zeroes *err. Safe on a zeroed or already cleared error. */
TERRAIN_API void terrain_error_clear(terrain_error* err);
/* Frees any char* returned by this library. NULL is ignored. */
TERRAIN_API void terrain_free(void* p);
/* "0.1.0", static storage. */
TERRAIN_API const char* terrain_version(void);

/* ---- Key store --------------------------------------------------------- */

/* A platform key store (Android Keystore, iOS Keychain...). The library keeps the
 * device's Ed25519 secret key and the key that encrypts personal data at rest
 * through it. Each callback returns 0 on success. load() fills *out with a buffer
 * allocated by the callback with malloc() (the library frees it) or sets *out=NULL
 * when the item does not exist yet. */
typedef struct terrain_keystore {
  void* ctx;
  int (*load)(void* ctx, const char* item, unsigned char** out, size_t* out_len);
  int (*save)(void* ctx, const char* item, const unsigned char* data, size_t len);
} terrain_keystore;

/* ---- Replica ----------------------------------------------------------- */

typedef struct terrain_replica terrain_replica;

/* Opens (creating if needed) the replica stored at `path` (a SQLite file). Keys are
 * kept in a 0600 file `<path>.key` unless a key store is given. options_json may be
 * NULL or {"ca_file": "...", "schemas_dir": "...", "app": "name/version"} (`app`
 * is told to the server at each sync, with the number of change sets waiting,
 * for the console's fleet page).
 * Test only: when the environment variable TERRAIN_TEST_CLOCK_SKEW_MS holds an
 * integer at open time, this handle's clock (change stamps, request timestamps) reads
 * that many milliseconds off the system clock, like a tablet whose clock is wrong;
 * anything else than an integer fails with TERRAIN_ERR_INVALID_ARGUMENT. Never set
 * it on a real device. */
TERRAIN_API terrain_replica* terrain_replica_open(const char* path, const char* options_json,
                                                  terrain_error* err);
TERRAIN_API terrain_replica* terrain_replica_open_with_keystore(const char* path,
                                                                const terrain_keystore* keystore,
                                                                const char* options_json,
                                                                terrain_error* err);
TERRAIN_API void terrain_replica_close(terrain_replica* r);

/* {"device_id", "public_key", "enrolled", "server_url", "role", "scope",
 *  "pending_change_sets", "conflicts", "last_sync_ms", "schema_version"} */
TERRAIN_API char* terrain_replica_info(terrain_replica* r, terrain_error* err);

/* ---- Writes (validated against the collection's schema, then kept in the outbox) */

/* Creates a record; returns its new id (UUIDv7). fields_json is a JSON object. */
TERRAIN_API char* terrain_replica_create(terrain_replica* r, const char* collection,
                                         const char* fields_json, terrain_error* err);
/* Sets some fields of an existing record (null removes an optional field). */
TERRAIN_API bool terrain_replica_update(terrain_replica* r, const char* collection, const char* id,
                                        const char* fields_json, terrain_error* err);
TERRAIN_API bool terrain_replica_delete(terrain_replica* r, const char* collection, const char* id,
                                        terrain_error* err);
/* Adds `by` (may be negative) to a counter field; each device's count is kept apart. */
TERRAIN_API bool terrain_replica_increment(terrain_replica* r, const char* collection,
                                           const char* id, const char* field, int64_t by,
                                           terrain_error* err);

/* ---- Reads (JSON) ------------------------------------------------------- */

/* One record: {"_id", "_collection", "_deleted", "_redacted": [...], fields...}. */
TERRAIN_API char* terrain_replica_get(terrain_replica* r, const char* collection, const char* id,
                                      terrain_error* err);
/* Records of a collection as a JSON array. filter_json may be NULL or an object:
 * {"where": {"field": value, ...}, "search": {"field": "text"} (case- and
 *  accent-insensitive prefix/substring), "limit": N, "order_by": "field"}. */
TERRAIN_API char* terrain_replica_query(terrain_replica* r, const char* collection,
                                        const char* filter_json, terrain_error* err);
/* Conflicts awaiting review: a JSON array of {collection, id, field, kind,
 * loser: {version, device, value}, winner: {version, device, value}}. */
TERRAIN_API char* terrain_replica_conflicts(terrain_replica* r, terrain_error* err);
/* Resolves a conflict: {"collection", "id", "field", "loser_version",
 * "keep": "winner" | "loser" | "value", "value": any}. A signed change like any other. */
TERRAIN_API bool terrain_replica_resolve(terrain_replica* r, const char* resolution_json,
                                         terrain_error* err);
/* The outbox: a JSON array of {"seq", "hash", "meeting", "changes", "state":
 * "draft"|"pending"|"sent"|"accepted"|"quarantined"|"conflicted", "reason", "message",
 * "created_ms", "sent_ms", "acked_ms"}; a quarantined change set on which the CNSA has
 * decided (learnt at a sync) also has "decision": "released" (merged after review) or
 * "rejected" (never merged), "decided_ms" and "decision_reason" (the administrator's
 * text, may be empty). */
TERRAIN_API char* terrain_replica_outbox(terrain_replica* r, terrain_error* err);

/* ---- Server ------------------------------------------------------------ */

/* Enrols this device with a server using a single-use code. Returns
 * {"device_id", "role", "scope", "server_url", "server_public_key", "clock_offset_ms",
 *  "clock_corrected_ms"}: the device's clock is corrected to the server's time, and
 * clock_corrected_ms says by how much (0: it was right; negative: it was ahead). */
TERRAIN_API char* terrain_replica_enrol(terrain_replica* r, const char* server_url,
                                        const char* code, terrain_error* err);

typedef enum {
  TERRAIN_SYNC_SEAL = 1, /* signing drafts into change sets */
  TERRAIN_SYNC_PUSH = 2,
  TERRAIN_SYNC_PULL = 3,
  TERRAIN_SYNC_DONE = 4
} terrain_sync_phase;

/* Progress: done never decreases within a phase; total may be 0 when unknown. */
typedef void (*terrain_progress_fn)(void* ctx, int phase, uint64_t done, uint64_t total);

/* Pushes the outbox, pulls, verifies and applies. Resumable: an interrupted sync
 * loses nothing and the next one continues where it stopped. Returns a summary:
 * {"pushed", "accepted", "quarantined", "pulled", "conflicts", "clock_offset_ms",
 *  "clock_corrected_ms", "restamped", "decisions", "epoch_changed", "cancelled"}
 * ("decisions": CNSA decisions on quarantined change sets recorded). A wrong device
 * clock does not fail the sync: the server's time is learned (TERRAIN_ERR_CLOCK_SKEW
 * answers are retried within the sync) and clock_corrected_ms says by how much this
 * sync moved the clock (0: it was right; negative: it was ahead), for a notice. */
TERRAIN_API char* terrain_replica_sync(terrain_replica* r, terrain_progress_fn progress,
                                       void* progress_ctx, terrain_error* err);

#ifdef __cplusplus
}
#endif

#endif /* TERRAIN_TERRAIN_H */
