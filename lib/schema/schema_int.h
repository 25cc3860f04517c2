/*
 * schema_int.h — what the files of lib/schema share and nothing outside it
 * includes: a small JSON document model (sjson.c) used to read schemas,
 * request bodies and the records of the _schemas topic, and the per-type
 * parsers and compatibility checkers (avro.c, jsonschema.c, protobuf.c).
 *
 * A parsed schema is kept as its canonical text (compact JSON for AVRO and
 * JSON, the normalized declaration list for PROTOBUF); checkers re-parse
 * that text when they need it, so the registry stores only strings.
 */
#ifndef CK_SCHEMA_INT_H
#define CK_SCHEMA_INT_H

#include "schema/schema.h"

/* ---------------------------------------------------------------------- */
/* JSON documents                                                           */
/* ---------------------------------------------------------------------- */

typedef enum sj_type { SJ_NULL, SJ_BOOL, SJ_NUM, SJ_STR, SJ_ARR, SJ_OBJ } sj_type;

/* One value.  Strings are unescaped UTF-8 (s, slen; NUL-terminated); numbers
 * keep their text (s) and value (num); arrays and objects hold n items, an
 * object's keys in keys[] in document order. */
typedef struct sj {
    sj_type     type;
    bool        b;
    double      num;
    char       *s;
    size_t      slen;
    struct sj **items;
    char      **keys;
    size_t      n;
} sj;

#define SJ_MAX_DEPTH 128

/** @brief Parses text (len bytes) into a tree.  NULL with err saying what
 *  and where on malformed input or nesting deeper than SJ_MAX_DEPTH.  Free
 *  with sj_free. */
sj *sj_parse(const char *text, size_t len, char *err, size_t errlen);
void sj_free(sj *v);
/** @brief Member key of object o, or NULL (o may be NULL or not an object). */
const sj *sj_get(const sj *o, const char *key);
/** @brief The string of member key when it is a string, else NULL. */
const char *sj_str(const sj *o, const char *key);
/** @brief Appends v as compact JSON (object members in document order). */
void sj_write(const sj *v, ck_wb *out);
/** @brief true when a and b are the same value (object members compared by
 *  key, in any order). */
bool sj_equal(const sj *a, const sj *b);

/* ---------------------------------------------------------------------- */
/* Schema types                                                             */
/* ---------------------------------------------------------------------- */

/* The schemas a new one refers to, resolved: name → canonical text. */
typedef struct sr_refs {
    size_t       n;
    const char **names;    /* the reference's "name" (Avro: a full type name; others: an import path) */
    const char **texts;    /* the referenced schema's canonical text */
    const ck_schema_type *types;
} sr_refs;

/** @brief Parses and checks an Avro schema (text, len) with refs resolving
 *  named types it uses but does not define; its canonical text (compact
 *  JSON as written, whitespace removed) goes to canon.  0, or -1 with err. */
int sr_avro_parse(const char *text, size_t len, const sr_refs *refs, ck_wb *canon, char *err, size_t errlen);
/** @brief true when data written with writer can be read with reader under
 *  Avro's schema resolution rules; false with why filled. */
bool sr_avro_can_read(const char *reader, const sr_refs *rrefs, const char *writer, const sr_refs *wrefs,
                      char *why, size_t whylen);

int  sr_json_parse(const char *text, size_t len, const sr_refs *refs, ck_wb *canon, char *err, size_t errlen);
bool sr_json_can_read(const char *reader, const char *writer, char *why, size_t whylen);

int  sr_proto_parse(const char *text, size_t len, const sr_refs *refs, ck_wb *canon, char *err, size_t errlen);
bool sr_proto_can_read(const char *reader, const char *writer, char *why, size_t whylen);

/** @brief The engine's record validator (ck_record_validate_fn) for topics
 *  with confluent.value.schema.validation: opaque is the registry. */
int sr_validate_record(void *opaque, const char *topic, const ck_rec *rec, char *msg, size_t msglen);

#endif
