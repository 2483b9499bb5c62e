/* The C API, used from C as a field app would: error codes, ownership (every
 * returned buffer is freed: the ASan build reports any leak), key store callbacks.
 * A plain C program run by ctest; it exits 1 at the first failed check. */
#define _DEFAULT_SOURCE /* mkdtemp */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "terrain/terrain.h"

static int failures = 0;

#define CHECK(cond)                                                            \
  do {                                                                         \
    if (!(cond)) {                                                             \
      fprintf(stderr, "%s:%d: CHECK failed: %s\n", __FILE__, __LINE__, #cond); \
      failures++;                                                              \
    }                                                                          \
  } while (0)

#define REQUIRE(cond)                                                            \
  do {                                                                           \
    if (!(cond)) {                                                               \
      fprintf(stderr, "%s:%d: REQUIRE failed: %s\n", __FILE__, __LINE__, #cond); \
      exit(1);                                                                   \
    }                                                                            \
  } while (0)

static char dir[256];

static void path_in_dir(char* out, size_t n, const char* name) {
  snprintf(out, n, "%s/%s", dir, name);
}

/* Copies the "_id"-less id string printed by create into a stack buffer and frees it. */
static void take_id(char* id, char* out, size_t n) {
  REQUIRE(id != NULL);
  snprintf(out, n, "%s", id);
  terrain_free(id);
}

/* ---- An in-memory platform key store ---------------------------------- */

struct memory_keystore {
  char names[4][32];
  unsigned char* data[4];
  size_t len[4];
  int count;
  int fail; /* when set, every call fails */
};

static int ks_load(void* ctx, const char* item, unsigned char** out, size_t* out_len) {
  struct memory_keystore* ks = ctx;
  int i;
  if (ks->fail) return 7;
  *out = NULL;
  *out_len = 0;
  for (i = 0; i < ks->count; i++) {
    if (strcmp(ks->names[i], item) == 0) {
      *out = malloc(ks->len[i]);
      memcpy(*out, ks->data[i], ks->len[i]);
      *out_len = ks->len[i];
    }
  }
  return 0;
}

static int ks_save(void* ctx, const char* item, const unsigned char* data, size_t len) {
  struct memory_keystore* ks = ctx;
  int i;
  if (ks->fail) return 7;
  for (i = 0; i < ks->count; i++)
    if (strcmp(ks->names[i], item) == 0) break;
  if (i == ks->count) {
    if (ks->count == 4) return 1;
    snprintf(ks->names[i], sizeof ks->names[i], "%s", item);
    ks->count++;
  } else {
    free(ks->data[i]);
  }
  ks->data[i] = malloc(len);
  memcpy(ks->data[i], data, len);
  ks->len[i] = len;
  return 0;
}

static void ks_free(struct memory_keystore* ks) {
  int i;
  for (i = 0; i < ks->count; i++) free(ks->data[i]);
}

/* ---- Tests --------------------------------------------------------------- */

static void test_error_helpers(void) {
  terrain_error err;
  memset(&err, 0, sizeof err);
  CHECK(strcmp(terrain_version(), "0.1.0") == 0);
  CHECK(strcmp(terrain_error_code_name(TERRAIN_ERR_SCHEMA_VIOLATION), "schema_violation") == 0);
  CHECK(strcmp(terrain_error_code_name(TERRAIN_ERR_QUARANTINED), "quarantined") == 0);
  CHECK(strcmp(terrain_error_code_name(TERRAIN_ERR_ENROLMENT_CODE_EXPIRED),
               "enrolment_code_expired") == 0);
  CHECK(strcmp(terrain_error_code_name(TERRAIN_ERR_ENROLMENT_CODE_USED), "enrolment_code_used") ==
        0);
  CHECK(strcmp(terrain_error_code_name(9999), "unknown") == 0);
  err.domain = TERRAIN_DOMAIN_TERRAIN;
  err.code = TERRAIN_ERR_NETWORK;
  CHECK(terrain_error_is_transient(&err));
  err.code = TERRAIN_ERR_SCHEMA_VIOLATION;
  CHECK(!terrain_error_is_transient(&err));
  err.domain = TERRAIN_DOMAIN_HTTP;
  err.code = 503;
  CHECK(terrain_error_is_transient(&err));
  CHECK(!terrain_error_is_transient(NULL));
  terrain_error_clear(&err);
  terrain_error_clear(&err); /* twice is safe */
  terrain_error_clear(NULL);
  terrain_free(NULL);
}

static void test_arguments_are_checked(void) {
  terrain_error err;
  char path[300];
  terrain_replica* r;
  memset(&err, 0, sizeof err);
  CHECK(terrain_replica_open(NULL, NULL, &err) == NULL);
  CHECK(err.code == TERRAIN_ERR_INVALID_ARGUMENT);
  CHECK(err.message != NULL);
  terrain_error_clear(&err);

  CHECK(terrain_replica_info(NULL, &err) == NULL);
  CHECK(err.code == TERRAIN_ERR_INVALID_ARGUMENT);
  terrain_error_clear(&err);
  CHECK(!terrain_replica_delete(NULL, "meeting", "x", NULL)); /* err may be NULL */

  path_in_dir(path, sizeof path, "args.db");
  CHECK(terrain_replica_open(path, "{\"colour\": \"blue\"}", &err) == NULL);
  CHECK(err.code == TERRAIN_ERR_MALFORMED);
  terrain_error_clear(&err);

  r = terrain_replica_open(path, NULL, &err);
  REQUIRE(r != NULL);
  CHECK(terrain_replica_create(r, "meeting", "{not json", &err) == NULL);
  CHECK(err.code == TERRAIN_ERR_MALFORMED);
  terrain_error_clear(&err);
  CHECK(terrain_replica_create(r, "me\xff\xfe", "{}", &err) == NULL);
  CHECK(err.code == TERRAIN_ERR_INVALID_UTF8);
  terrain_error_clear(&err);
  CHECK(terrain_replica_create(r, "meeting", NULL, &err) == NULL);
  CHECK(err.code == TERRAIN_ERR_INVALID_ARGUMENT);
  terrain_error_clear(&err);
  CHECK(terrain_replica_query(r, "attendance", "{\"where\": 3}", &err) == NULL);
  CHECK(err.code == TERRAIN_ERR_MALFORMED);
  terrain_error_clear(&err);
  CHECK(!terrain_replica_resolve(r, "{\"keep\": \"both\"}", &err));
  CHECK(err.code == TERRAIN_ERR_MALFORMED);
  terrain_error_clear(&err);
  terrain_replica_close(r);
  terrain_replica_close(NULL);
}

static void test_writes_and_reads(void) {
  terrain_error err;
  char path[300], meeting[64], person[64], hc[64], fields[512];
  char* json;
  terrain_replica* r;
  memset(&err, 0, sizeof err);
  path_in_dir(path, sizeof path, "tablet.db");
  r = terrain_replica_open(path, NULL, &err);
  REQUIRE(r != NULL);

  take_id(terrain_replica_create(r, "meeting",
                                 "{\"type\": \"webinaire\", \"format\": \"distanciel\", "
                                 "\"title\": \"Webinaire des directeurs de MDPH\", "
                                 "\"starts_at\": \"2024-06-13T09:30:00+02:00\", "
                                 "\"status\": \"planifiee\"}",
                                 &err),
          meeting, sizeof meeting);
  snprintf(fields, sizeof fields,
           "{\"meeting\": \"%s\", \"actor_type\": \"mdph\", \"consent\": true, "
           "\"display_name\": \"Hélène Dupré\"}",
           meeting);
  take_id(terrain_replica_create(r, "attendance", fields, &err), person, sizeof person);
  snprintf(fields, sizeof fields, "{\"meeting\": \"%s\", \"label\": \"Plénière\"}", meeting);
  take_id(terrain_replica_create(r, "headcount", fields, &err), hc, sizeof hc);

  /* err is left untouched on success */
  err.code = 4242;
  json = terrain_replica_get(r, "attendance", person, &err);
  REQUIRE(json != NULL);
  CHECK(err.code == 4242);
  err.code = 0;
  CHECK(strstr(json, "Hélène Dupré") != NULL);
  terrain_free(json);

  CHECK(terrain_replica_update(r, "attendance", person, "{\"role\": \"intervenant\"}", &err));
  CHECK(terrain_replica_increment(r, "headcount", hc, "count", 3, &err));
  json = terrain_replica_get(r, "headcount", hc, &err);
  REQUIRE(json != NULL);
  CHECK(strstr(json, "\"count\":3") != NULL);
  terrain_free(json);

  /* a schema violation names record and field */
  CHECK(!terrain_replica_update(r, "attendance", person, "{\"consent\": \"oui\"}", &err));
  CHECK(err.domain == TERRAIN_DOMAIN_TERRAIN);
  CHECK(err.code == TERRAIN_ERR_SCHEMA_VIOLATION);
  CHECK(err.message != NULL && strstr(err.message, person) != NULL);
  CHECK(err.message != NULL && strstr(err.message, "consent") != NULL);
  CHECK(!terrain_error_is_transient(&err));
  terrain_error_clear(&err);

  json =
      terrain_replica_query(r, "attendance", "{\"search\": {\"display_name\": \"helene\"}}", &err);
  REQUIRE(json != NULL);
  CHECK(strstr(json, person) != NULL);
  terrain_free(json);

  CHECK(terrain_replica_delete(r, "attendance", person, &err));
  CHECK(!terrain_replica_delete(r, "attendance", person, &err));
  CHECK(err.code == TERRAIN_ERR_NOT_FOUND);
  terrain_error_clear(&err);
  json = terrain_replica_query(r, "attendance", NULL, &err);
  REQUIRE(json != NULL);
  CHECK(strcmp(json, "[]") == 0);
  terrain_free(json);

  json = terrain_replica_outbox(r, &err);
  REQUIRE(json != NULL);
  CHECK(strstr(json, "\"state\":\"draft\"") != NULL);
  terrain_free(json);
  json = terrain_replica_conflicts(r, &err);
  REQUIRE(json != NULL);
  CHECK(strcmp(json, "[]") == 0);
  terrain_free(json);
  json = terrain_replica_info(r, &err);
  REQUIRE(json != NULL);
  CHECK(strstr(json, "\"enrolled\":false") != NULL);
  terrain_free(json);

  CHECK(terrain_replica_sync(r, NULL, NULL, &err) == NULL);
  CHECK(err.code == TERRAIN_ERR_NOT_ENROLLED);
  terrain_error_clear(&err);
  terrain_replica_close(r);
}

static void test_platform_key_store(void) {
  terrain_error err;
  char path[300], first_id[40];
  char* info;
  terrain_replica* r;
  struct memory_keystore mem;
  terrain_keystore ks;
  memset(&err, 0, sizeof err);
  memset(&mem, 0, sizeof mem);
  ks.ctx = &mem;
  ks.load = ks_load;
  ks.save = ks_save;
  path_in_dir(path, sizeof path, "keystore.db");

  r = terrain_replica_open_with_keystore(path, &ks, NULL, &err);
  REQUIRE(r != NULL);
  CHECK(mem.count == 2); /* device key and data key */
  info = terrain_replica_info(r, &err);
  REQUIRE(info != NULL);
  snprintf(first_id, sizeof first_id, "%.30s", strstr(info, "\"device_id\":\"") + 13);
  terrain_free(info);
  terrain_replica_close(r);
  CHECK(access(path, F_OK) == 0);
  {
    char key_file[320];
    snprintf(key_file, sizeof key_file, "%s.key", path);
    CHECK(access(key_file, F_OK) != 0); /* no key file: the platform keeps the keys */
  }

  r = terrain_replica_open_with_keystore(path, &ks, NULL, &err);
  REQUIRE(r != NULL);
  info = terrain_replica_info(r, &err);
  REQUIRE(info != NULL);
  CHECK(strstr(info, first_id) != NULL); /* same identity */
  terrain_free(info);
  terrain_replica_close(r);

  mem.fail = 1;
  CHECK(terrain_replica_open_with_keystore(path, &ks, NULL, &err) == NULL);
  CHECK(err.code == TERRAIN_ERR_IO);
  terrain_error_clear(&err);
  ks.load = NULL;
  CHECK(terrain_replica_open_with_keystore(path, &ks, NULL, &err) == NULL);
  CHECK(err.code == TERRAIN_ERR_INVALID_ARGUMENT);
  terrain_error_clear(&err);
  ks_free(&mem);
}

int main(void) {
  const char* tmp = getenv("TMPDIR");
  snprintf(dir, sizeof dir, "%s/terrain-capi-XXXXXX", tmp != NULL ? tmp : "/tmp");
  REQUIRE(mkdtemp(dir) != NULL);
  test_error_helpers();
  test_arguments_are_checked();
  test_writes_and_reads();
  test_platform_key_store();
  {
    char cmd[320];
    snprintf(cmd, sizeof cmd, "rm -rf '%s'", dir);
    if (system(cmd) != 0) fprintf(stderr, "could not remove %s\n", dir);
  }
  if (failures > 0) {
    fprintf(stderr, "%d check(s) failed\n", failures);
    return 1;
  }
  printf("capi_test: all checks passed\n");
  return 0;
}
