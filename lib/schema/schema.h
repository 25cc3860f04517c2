/*
 * schema.h — the schema registry: subjects, versions and globally numbered
 * schemas (AVRO, JSON, PROTOBUF), compatibility levels and modes, with
 * Confluent Schema Registry's semantics.  lib/http serves it as
 * Confluent's REST API; chronik_schema_register / chronik_schema_get are
 * its C API.
 *
 * Durability: the `_schemas` topic (schema.topic) is the source of truth,
 * as in Confluent's registry.  Every change is one or more records in
 * Confluent's key/value JSON formats (SCHEMA, CONFIG, MODE,
 * DELETE_SUBJECT; a null value deletes), produced through the engine and
 * durable before the call returns; the in-memory index is rebuilt at open
 * by reading the topic from its start.  Ids are never reused: the next id
 * is one more than the largest ever seen in the log.
 *
 * Errors are Confluent's: an error_code (40401 subject not found, 40402
 * version not found, 40403 schema not found, 409 incompatible, 42201
 * invalid schema, ...) whose first three digits are the HTTP status, and a
 * message.
 *
 * Threads: every call may come from any thread.  One lock serializes the
 * registry; a write holds it across its compatibility check and its
 * produce, so ids and versions are assigned in log order.
 */
#ifndef CK_SCHEMA_H
#define CK_SCHEMA_H

#include "engine/engine.h"

typedef enum ck_schema_type { CK_SCHEMA_AVRO, CK_SCHEMA_JSON, CK_SCHEMA_PROTOBUF } ck_schema_type;

typedef struct ck_schema_reg ck_schema_reg;

/* Confluent's error: code (40401, 409, 42201, ...) and message. */
typedef struct ck_sr_err {
    int  code;
    char msg[512];
} ck_sr_err;

/** @brief The HTTP status of a Confluent error code (40401 → 404, 409 → 409). */
int ck_sr_http_status(int code);

/** @brief The registry feature (lib/chronik's table): opens or creates the
 *  schema topic and replays it at start, unless schema.registry.enable is
 *  false. */
extern const ck_feature ck_schema_feature;
/** @brief The running registry of eng, or NULL.  Borrowed until close. */
ck_schema_reg *ck_schema_of(ck_engine *eng);

/* Every operation returns 0 with its JSON answer appended to out, or -1
 * with e filled (out then untouched).  subject is a subject name; version
 * is "latest", "-1" or a number as text (else 42202). */

/** @brief ["subject", ...], sorted; deleted: also soft-deleted subjects;
 *  prefix (may be NULL) filters. */
int ck_sr_subjects(ck_schema_reg *r, bool deleted, const char *prefix, ck_wb *out, ck_sr_err *e);
/** @brief [1, 2, ...]: the versions of subject. */
int ck_sr_versions(ck_schema_reg *r, const char *subject, bool deleted, ck_wb *out, ck_sr_err *e);
/** @brief {"subject","version","id","schemaType"?,"references"?,"schema"},
 *  or with raw only the schema text itself. */
int ck_sr_get_version(ck_schema_reg *r, const char *subject, const char *version, bool deleted, bool raw,
                      ck_wb *out, ck_sr_err *e);
/** @brief Registers body's schema ({"schema","schemaType"?,"references"?,
 *  "id"?, "version"? (IMPORT mode)}) under subject: {"id": N}. */
int ck_sr_register(ck_schema_reg *r, const char *subject, const char *body, size_t len, bool normalize,
                   ck_wb *out, ck_sr_err *e);
/** @brief Looks body's schema up in subject: the version's description. */
int ck_sr_lookup(ck_schema_reg *r, const char *subject, const char *body, size_t len, bool deleted,
                 bool normalize, ck_wb *out, ck_sr_err *e);
/** @brief Soft (or, once soft-deleted, permanent) deletion of a subject:
 *  the versions deleted. */
int ck_sr_delete_subject(ck_schema_reg *r, const char *subject, bool permanent, ck_wb *out, ck_sr_err *e);
/** @brief Soft or permanent deletion of one version: its number. */
int ck_sr_delete_version(ck_schema_reg *r, const char *subject, const char *version, bool permanent, ck_wb *out,
                         ck_sr_err *e);

typedef enum ck_sr_id_what { CK_SR_ID_SCHEMA, CK_SR_ID_RAW, CK_SR_ID_SUBJECTS, CK_SR_ID_VERSIONS } ck_sr_id_what;
/** @brief The schema with global id (what: its description, its raw text,
 *  the subjects or the subject-versions using it). */
int ck_sr_by_id(ck_schema_reg *r, const char *id, ck_sr_id_what what, bool deleted, ck_wb *out, ck_sr_err *e);
/** @brief ["JSON","PROTOBUF","AVRO"]: the types this registry parses. */
void ck_sr_types(ck_wb *out);
/** @brief {"is_compatible": bool, "messages"?: [...]}: body's schema
 *  against one version of subject (version NULL: every version the
 *  subject's level asks for). */
int ck_sr_compat(ck_schema_reg *r, const char *subject, const char *version, const char *body, size_t len,
                 bool verbose, ck_wb *out, ck_sr_err *e);
/** @brief {"compatibilityLevel": L} of subject (NULL: global; 40408 when
 *  the subject has none, unless default_to_global). */
int ck_sr_config_get(ck_schema_reg *r, const char *subject, bool default_to_global, ck_wb *out, ck_sr_err *e);
/** @brief Sets the level from body {"compatibility": L}: {"compatibility": L}. */
int ck_sr_config_put(ck_schema_reg *r, const char *subject, const char *body, size_t len, ck_wb *out,
                     ck_sr_err *e);
/** @brief Removes subject's level (NULL: the global one goes back to
 *  schema.compatibility.level): the level it had. */
int ck_sr_config_delete(ck_schema_reg *r, const char *subject, ck_wb *out, ck_sr_err *e);
/** @brief {"mode": M} of subject (NULL: global). */
int ck_sr_mode_get(ck_schema_reg *r, const char *subject, bool default_to_global, ck_wb *out, ck_sr_err *e);
/** @brief Sets the mode from body {"mode": M}; IMPORT needs an empty
 *  registry unless force. */
int ck_sr_mode_put(ck_schema_reg *r, const char *subject, const char *body, size_t len, bool force, ck_wb *out,
                   ck_sr_err *e);
/** @brief Removes subject's mode: the mode it had. */
int ck_sr_mode_delete(ck_schema_reg *r, const char *subject, ck_wb *out, ck_sr_err *e);

/** @brief true when topic is the registry's log (schema.topic). */
bool ck_sr_is_log_topic(const ck_schema_reg *r, const char *topic);
/** @brief true when id is a live schema registered under subject. */
bool ck_sr_id_in_subject(ck_schema_reg *r, int32_t id, const char *subject);

#endif
