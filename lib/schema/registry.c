/*
 * registry.c — the schema registry's state and operations (schema.h).
 *
 * State: subjects (name → versions, each a global id and a soft-deleted
 * flag, plus an optional compatibility level and mode), schemas (id →
 * type, canonical text, references) and a content index (type, text,
 * references → id) so that the same schema gets the same id in every
 * subject.  It changes only by applying _schemas records (apply_record):
 * at open while the topic is replayed, and after each write once the
 * produced records are durable — one code path for both.
 */
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>

#include "schema/schema_int.h"

#define SR_SUB "schema"

typedef struct sr_schema {
    int32_t        id;
    ck_schema_type type;
    char          *text;        /* canonical */
    char          *refs;        /* canonical references array, or NULL */
    char          *ckey;        /* content key (type, text, refs) */
    size_t         ckey_len;
} sr_schema;

typedef struct sr_ver {
    int32_t version;
    int32_t id;
    bool    deleted;
} sr_ver;

typedef struct sr_subject {
    char   *name;
    sr_ver *v;                  /* by version, ascending */
    size_t  n, cap;
    char   *compat;             /* subject level, or NULL */
    char   *mode;               /* subject mode, or NULL */
} sr_subject;

struct ck_schema_reg {
    ck_engine      *eng;
    pthread_mutex_t lock;
    ck_map          subjects;   /* name → sr_subject* */
    ck_map          ids;        /* 4-byte id → sr_schema* */
    ck_map          contents;   /* content key → sr_schema* */
    int32_t         max_id;
    char           *compat;     /* global level set through the API, or NULL: the broker default */
    char           *mode;       /* global mode, or NULL: READWRITE */
    char            topic[256];
    int64_t         max_bytes;
};

static const char *const levels[] = {"BACKWARD", "BACKWARD_TRANSITIVE", "FORWARD", "FORWARD_TRANSITIVE",
                                     "FULL", "FULL_TRANSITIVE", "NONE"};
static const char *const modes[] = {"READWRITE", "READONLY", "READONLY_OVERRIDE", "IMPORT"};
static const char *const type_names[] = {"AVRO", "JSON", "PROTOBUF"};

int ck_sr_http_status(int code) {
    int s = code;
    while (s > 999) s /= 10;
    return s >= 100 && s <= 599 ? s : 500;
}

static int err(ck_sr_err *e, int code, const char *fmt, ...) CK_PRINTF(3, 4);
static int err(ck_sr_err *e, int code, const char *fmt, ...) {
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(e->msg, sizeof(e->msg), fmt, ap);
    va_end(ap);
    e->code = code;
    return -1;
}

/* ===================================================================== */
/* State                                                                 */
/* ===================================================================== */

static sr_subject *subject_get(ck_schema_reg *r, const char *name, bool create) {
    sr_subject *s = ck_map_get(&r->subjects, name, strlen(name));
    if (!s && create) {
        s = ck_calloc(1, sizeof(*s));
        s->name = ck_strdup(name);
        ck_map_put(&r->subjects, name, strlen(name), s);
    }
    return s;
}

static sr_ver *ver_find(sr_subject *s, int32_t version) {
    for (size_t i = 0; s && i < s->n; i++)
        if (s->v[i].version == version) return &s->v[i];
    return NULL;
}

static size_t live_count(const sr_subject *s) {
    size_t n = 0;
    for (size_t i = 0; s && i < s->n; i++) n += !s->v[i].deleted;
    return n;
}

static sr_schema *schema_by_id(ck_schema_reg *r, int32_t id) {
    uint8_t k[4];
    ck_put_be32(k, (uint32_t)id);
    return ck_map_get(&r->ids, (const char *)k, 4);
}

static void content_key(ck_schema_type t, const char *text, const char *refs, ck_wb *out) {
    ck_wb_reset(out);
    ck_wb_put(out, type_names[t], strlen(type_names[t]) + 1);
    ck_wb_put(out, text, strlen(text) + 1);
    if (refs) ck_wb_put(out, refs, strlen(refs));
}

static sr_schema *schema_by_content(ck_schema_reg *r, ck_schema_type t, const char *text, const char *refs) {
    ck_wb k;
    ck_wb_init(&k, 256);
    content_key(t, text, refs, &k);
    sr_schema *s = ck_map_get(&r->contents, (const char *)k.buf, k.len);
    ck_wb_free(&k);
    return s;
}

static void schema_add(ck_schema_reg *r, int32_t id, ck_schema_type t, const char *text, const char *refs) {
    if (schema_by_id(r, id)) return;
    sr_schema *s = ck_calloc(1, sizeof(*s));
    s->id = id;
    s->type = t;
    s->text = ck_strdup(text);
    s->refs = refs ? ck_strdup(refs) : NULL;
    ck_wb k;
    ck_wb_init(&k, 256);
    content_key(t, text, refs, &k);
    s->ckey = ck_memdup(k.buf, k.len);
    s->ckey_len = k.len;
    ck_wb_free(&k);
    uint8_t ik[4];
    ck_put_be32(ik, (uint32_t)id);
    ck_map_put(&r->ids, (const char *)ik, 4, s);
    if (!ck_map_get(&r->contents, s->ckey, s->ckey_len)) ck_map_put(&r->contents, s->ckey, s->ckey_len, s);
}

static void schema_free(sr_schema *s) {
    if (!s) return;
    ck_free(s->text);
    ck_free(s->refs);
    ck_free(s->ckey);
    ck_free(s);
}

/* Drops schema id when no version of any subject uses it any more. */
static void schema_drop_if_unused(ck_schema_reg *r, int32_t id) {
    size_t it = 0;
    const char *k;
    size_t kl;
    void *v;
    while (ck_map_next(&r->subjects, &it, &k, &kl, &v)) {
        sr_subject *s = v;
        for (size_t i = 0; i < s->n; i++)
            if (s->v[i].id == id) return;
    }
    sr_schema *s = schema_by_id(r, id);
    if (!s) return;
    uint8_t ik[4];
    ck_put_be32(ik, (uint32_t)id);
    ck_map_del(&r->ids, (const char *)ik, 4);
    if (ck_map_get(&r->contents, s->ckey, s->ckey_len) == s) ck_map_del(&r->contents, s->ckey, s->ckey_len);
    schema_free(s);
}

static void ver_put(sr_subject *s, int32_t version, int32_t id, bool deleted) {
    sr_ver *v = ver_find(s, version);
    if (v) {
        v->id = id;
        v->deleted = deleted;
        return;
    }
    if (s->n == s->cap) {
        s->cap = s->cap ? s->cap * 2 : 4;
        s->v = ck_realloc(s->v, s->cap * sizeof(*s->v));
    }
    size_t i = s->n;
    while (i > 0 && s->v[i - 1].version > version) {
        s->v[i] = s->v[i - 1];
        i--;
    }
    s->v[i] = (sr_ver){version, id, deleted};
    s->n++;
}

static int type_of(const char *name, ck_schema_type *t) {
    if (!name || !strcmp(name, "AVRO")) *t = CK_SCHEMA_AVRO;
    else if (!strcmp(name, "JSON")) *t = CK_SCHEMA_JSON;
    else if (!strcmp(name, "PROTOBUF")) *t = CK_SCHEMA_PROTOBUF;
    else return -1;
    return 0;
}

static bool in_list(const char *s, const char *const *list, size_t n) {
    for (size_t i = 0; s && i < n; i++)
        if (!strcmp(s, list[i])) return true;
    return false;
}

/* Applies one _schemas record (value NULL: a tombstone).  Unknown or
 * malformed records are skipped. */
static void apply_record(ck_schema_reg *r, const sj *key, const sj *val) {
    const char *kt = sj_str(key, "keytype");
    const char *subj = sj_str(key, "subject");
    if (!kt) return;
    if (!strcmp(kt, "SCHEMA")) {
        const sj *kv = sj_get(key, "version");
        if (!subj || !kv || kv->type != SJ_NUM) return;
        int32_t version = (int32_t)kv->num;
        if (!val || val->type != SJ_OBJ) {
            sr_subject *s = subject_get(r, subj, false);
            sr_ver *v = ver_find(s, version);
            if (!v) return;
            int32_t id = v->id;
            size_t i = (size_t)(v - s->v);
            memmove(&s->v[i], &s->v[i + 1], (s->n - i - 1) * sizeof(*s->v));
            s->n--;
            schema_drop_if_unused(r, id);
            return;
        }
        const sj *idv = sj_get(val, "id");
        const char *text = sj_str(val, "schema");
        ck_schema_type t;
        if (!idv || idv->type != SJ_NUM || !text || type_of(sj_str(val, "schemaType"), &t)) return;
        int32_t id = (int32_t)idv->num;
        const sj *refs = sj_get(val, "references");
        char *rtext = NULL;
        if (refs && refs->type == SJ_ARR && refs->n > 0) {
            ck_wb w;
            ck_wb_init(&w, 128);
            sj_write(refs, &w);
            ck_wb_put(&w, "", 1);
            rtext = (char *)w.buf;
        }
        schema_add(r, id, t, text, rtext);
        ck_free(rtext);
        if (id > r->max_id) r->max_id = id;
        const sj *del = sj_get(val, "deleted");
        ver_put(subject_get(r, subj, true), version, id, del && del->type == SJ_BOOL && del->b);
    } else if (!strcmp(kt, "CONFIG")) {
        const char *lvl = val ? sj_str(val, "compatibilityLevel") : NULL;
        if (lvl && !in_list(lvl, levels, CK_ARRAY_LEN(levels))) return;
        char **slot = subj ? &subject_get(r, subj, true)->compat : &r->compat;
        ck_free(*slot);
        *slot = lvl ? ck_strdup(lvl) : NULL;
    } else if (!strcmp(kt, "MODE")) {
        const char *m = val ? sj_str(val, "mode") : NULL;
        if (m && !in_list(m, modes, CK_ARRAY_LEN(modes))) return;
        char **slot = subj ? &subject_get(r, subj, true)->mode : &r->mode;
        ck_free(*slot);
        *slot = m ? ck_strdup(m) : NULL;
    } else if (!strcmp(kt, "DELETE_SUBJECT")) {
        const sj *vv = val ? sj_get(val, "version") : NULL;
        sr_subject *s = subj ? subject_get(r, subj, false) : NULL;
        if (!s || !vv || vv->type != SJ_NUM) return;
        for (size_t i = 0; i < s->n; i++)
            if (s->v[i].version <= (int32_t)vv->num) s->v[i].deleted = true;
    }
}

static void apply_bytes(ck_schema_reg *r, const uint8_t *k, int32_t kl, const uint8_t *v, int32_t vl) {
    if (!k || kl <= 0) return;
    char e[200];
    sj *key = sj_parse((const char *)k, (size_t)kl, e, sizeof(e));
    sj *val = v && vl >= 0 ? sj_parse((const char *)v, (size_t)vl, e, sizeof(e)) : NULL;
    if (key && (val || !v || vl < 0)) apply_record(r, key, val);
    else CK_WARN(SR_SUB, "skipping a malformed record of %s: %s", r->topic, e);
    sj_free(key);
    sj_free(val);
}

/* ===================================================================== */
/* The _schemas topic                                                    */
/* ===================================================================== */

typedef struct sr_rec {
    ck_wb key, val;
    bool  tombstone;
} sr_rec;

/* Produces recs[0..n) to the topic in one batch, durable on return, then
 * applies them.  Lock held. */
static int write_records(ck_schema_reg *r, sr_rec *recs, size_t n, ck_sr_err *e) {
    int rc = -1;
    ck_topic *t = ck_engine_topic_get(r->eng, r->topic, strlen(r->topic));
    if (!t || ck_topic_deleted(t)) {
        /* The first write creates the log.  Retention must never delete
         * schemas: the log is the registry. */
        static const char *const cfg[] = {"retention.ms", "-1", "retention.bytes", "-1", "cleanup.policy",
                                          "compact", NULL};
        char cerr[300] = "";
        if (t) ck_topic_release(t);
        int crc = ck_engine_topic_create(r->eng, r->topic, 1, cfg, false, cerr, sizeof(cerr));
        if (crc && crc != CHRONIK_ERR_TOPIC_ALREADY_EXISTS) {
            err(e, 50001, "Error while creating the topic %s: %s", r->topic, cerr);
            return -1;
        }
        t = ck_engine_topic_get(r->eng, r->topic, strlen(r->topic));
    }
    ck_partition *p = t && !ck_topic_deleted(t) ? ck_topic_partition(t, 0) : NULL;
    chronik_record_t *cr = ck_calloc(n, sizeof(*cr));
    ck_wb wb;
    ck_wb_init(&wb, 0);
    if (!p) {
        err(e, 50001, "Error while registering schema: the topic %s is missing", r->topic);
        goto out;
    }
    for (size_t i = 0; i < n; i++) {
        cr[i].key = recs[i].key.buf;
        cr[i].key_len = recs[i].key.len;
        cr[i].value = recs[i].tombstone ? NULL : recs[i].val.buf;
        cr[i].value_len = recs[i].tombstone ? 0 : recs[i].val.len;
        cr[i].timestamp = -1;
    }
    ck_batch_opts bo;
    ck_batch_opts_init(&bo);
    char berr[200] = "";
    if (ck_batch_from_records(cr, n, &bo, &wb, berr, sizeof(berr)) != 0) {
        err(e, 50001, "Error while writing to %s: %s", r->topic, berr);
        goto out;
    }
    ck_produce_result res;
    ck_partition_produce_sync(p, wb.buf, wb.len, CK_PRODUCE_TRUSTED, &res);
    if (res.err) {
        err(e, 50001, "Error while writing to %s: %s", r->topic,
            res.errmsg[0] ? res.errmsg : chronik_strerror((chronik_err_t)res.err));
        goto out;
    }
    for (size_t i = 0; i < n; i++)
        apply_bytes(r, recs[i].key.buf, (int32_t)recs[i].key.len, recs[i].tombstone ? NULL : recs[i].val.buf,
                    recs[i].tombstone ? -1 : (int32_t)recs[i].val.len);
    rc = 0;
out:
    ck_wb_free(&wb);
    ck_free(cr);
    if (t) ck_topic_release(t);
    return rc;
}

static sr_rec *recs_new(size_t n) {
    sr_rec *recs = ck_calloc(n ? n : 1, sizeof(*recs));
    for (size_t i = 0; i < n; i++) {
        ck_wb_init(&recs[i].key, 64);
        ck_wb_init(&recs[i].val, 128);
    }
    return recs;
}

static void recs_free(sr_rec *recs, size_t n) {
    for (size_t i = 0; i < n; i++) {
        ck_wb_free(&recs[i].key);
        ck_wb_free(&recs[i].val);
    }
    ck_free(recs);
}

static void key_schema(ck_wb *k, const char *subject, int32_t version) {
    ck_json_raw(k, "{\"keytype\":\"SCHEMA\",\"subject\":");
    ck_json_cstr(k, subject);
    ck_json_raw(k, ",\"version\":");
    ck_json_i64(k, version);
    ck_json_raw(k, ",\"magic\":1}");
}

static void val_schema(ck_wb *v, const char *subject, int32_t version, const sr_schema *s, int32_t id,
                       ck_schema_type t, const char *text, const char *refs, bool deleted) {
    if (s) id = s->id, t = s->type, text = s->text, refs = s->refs;
    ck_json_raw(v, "{\"subject\":");
    ck_json_cstr(v, subject);
    ck_json_raw(v, ",\"version\":");
    ck_json_i64(v, version);
    ck_json_raw(v, ",\"id\":");
    ck_json_i64(v, id);
    if (t != CK_SCHEMA_AVRO) {
        ck_json_raw(v, ",\"schemaType\":");
        ck_json_cstr(v, type_names[t]);
    }
    if (refs) {
        ck_json_raw(v, ",\"references\":");
        ck_json_raw(v, refs);
    }
    ck_json_raw(v, ",\"schema\":");
    ck_json_cstr(v, text);
    ck_json_raw(v, deleted ? ",\"deleted\":true}" : ",\"deleted\":false}");
}

static void key_simple(ck_wb *k, const char *type, const char *subject) {
    ck_json_raw(k, "{\"keytype\":");
    ck_json_cstr(k, type);
    ck_json_raw(k, ",\"subject\":");
    ck_json_cstr(k, subject);
    ck_json_raw(k, ",\"magic\":0}");
}

/* Reads the whole topic into the index. */
static int replay(ck_schema_reg *r, char *errbuf, size_t errlen) {
    ck_topic *t = ck_engine_topic_get(r->eng, r->topic, strlen(r->topic));
    if (!t) {
        ck_errf(errbuf, errlen, "topic %s is missing", r->topic);
        return CHRONIK_ERR_UNKNOWN_TOPIC_OR_PARTITION;
    }
    int rc = 0;
    size_t nrec = 0;
    ck_wb buf;
    ck_wb_init(&buf, 1 << 16);
    for (int32_t pi = 0; pi < ck_topic_partition_count(t); pi++) {
        ck_partition *p = ck_topic_partition(t, pi);
        ck_part_offsets o;
        ck_partition_offsets(p, &o);
        int64_t next = o.log_start;
        while (next < o.high_watermark) {
            ck_wb_reset(&buf);
            int64_t after = next;
            ck_part_offsets o2;
            int rrc = ck_partition_read_copy(p, next, 1 << 20, &buf, &after, &o2);
            if (rrc == CHRONIK_ERR_OFFSET_OUT_OF_RANGE && o2.log_start > next) {
                next = o2.log_start;
                continue;
            }
            if (rrc != 0 || after <= next) {
                if (rrc) {
                    ck_errf(errbuf, errlen, "reading %s at offset %lld: %s", r->topic, (long long)next,
                            chronik_strerror((chronik_err_t)rrc));
                    rc = rrc;
                }
                break;
            }
            size_t pos = 0;
            while (pos + CK_BATCH_HEADER_SIZE <= buf.len) {
                ck_batch_hdr h;
                const uint8_t *b = buf.buf + pos;
                if (ck_batch_hdr_read(b, buf.len - pos, &h) != 0 || ck_batch_size(&h) > buf.len - pos) break;
                pos += ck_batch_size(&h);
                if (ck_batch_is_control(&h) || ck_batch_last_offset(&h) < next) continue;
                ck_rec_iter it;
                if (ck_rec_iter_init(&it, b, ck_batch_size(&h), (size_t)64 << 20) != 0) continue;
                ck_rec rec;
                while (ck_rec_iter_next(&it, &rec) == 1) {
                    if (rec.offset < next || rec.offset >= o.high_watermark) continue;
                    apply_bytes(r, rec.key, rec.key_len, rec.value, rec.value_len);
                    nrec++;
                }
                ck_rec_iter_free(&it);
            }
            next = after;
        }
    }
    ck_wb_free(&buf);
    ck_topic_release(t);
    if (!rc) CK_INFO(SR_SUB, "schema registry: %zu record(s) of %s replayed, %zu subject(s), largest id %d", nrec,
                     r->topic, r->subjects.count, (int)r->max_id);
    return rc;
}

/* ===================================================================== */
/* Lifecycle                                                             */
/* ===================================================================== */

static const ck_ext_key schema_key = {"schema"};

ck_schema_reg *ck_schema_of(ck_engine *eng) { return eng ? ck_engine_ext(eng, &schema_key) : NULL; }

static void reg_free(ck_schema_reg *r) {
    if (!r) return;
    size_t it = 0;
    const char *k;
    size_t kl;
    void *v;
    while (ck_map_next(&r->subjects, &it, &k, &kl, &v)) {
        sr_subject *s = v;
        ck_free(s->name);
        ck_free(s->v);
        ck_free(s->compat);
        ck_free(s->mode);
        ck_free(s);
    }
    it = 0;
    while (ck_map_next(&r->ids, &it, &k, &kl, &v)) schema_free(v);
    ck_map_free(&r->subjects);
    ck_map_free(&r->ids);
    ck_map_free(&r->contents);
    ck_free(r->compat);
    ck_free(r->mode);
    pthread_mutex_destroy(&r->lock);
    ck_free(r);
}

static int schema_start(ck_engine *eng, char *errbuf, size_t errlen) {
    const chronik_conf_t *conf = ck_engine_conf(eng);
    if (!ck_conf_num(conf, CK_BK_SCHEMA_REGISTRY_ENABLE)) return 0;
    ck_schema_reg *r = ck_calloc(1, sizeof(*r));
    r->eng = eng;
    pthread_mutex_init(&r->lock, NULL);
    ck_map_init(&r->subjects);
    ck_map_init(&r->ids);
    ck_map_init(&r->contents);
    snprintf(r->topic, sizeof(r->topic), "%s", ck_conf_str(conf, CK_BK_SCHEMA_TOPIC));
    r->max_bytes = ck_conf_num(conf, CK_BK_SCHEMA_MAX_BYTES);
    int rc;
    ck_topic *t = ck_engine_topic_get(eng, r->topic, strlen(r->topic));
    bool exists = t && !ck_topic_deleted(t);
    if (t) ck_topic_release(t);
    /* The topic is created by the first write: an unused registry adds no topic. */
    if (exists && (rc = replay(r, errbuf, errlen)) != 0) goto fail;
    if ((rc = ck_engine_ext_set(eng, &schema_key, r)) != 0) {
        ck_errf(errbuf, errlen, "no extension slot for the schema registry");
        goto fail;
    }
    ck_engine_validator_attach(eng, r, sr_validate_record);
    return 0;
fail:
    reg_free(r);
    return rc;
}

static void schema_stop(ck_engine *eng) {
    ck_schema_reg *r = ck_schema_of(eng);
    if (!r) return;
    ck_engine_validator_attach(eng, NULL, NULL);
    ck_engine_ext_set(eng, &schema_key, NULL);
    reg_free(r);
}

/* ===================================================================== */
/* Helpers of the operations                                             */
/* ===================================================================== */

static bool subject_valid(const char *s) {
    size_t n = strlen(s);
    if (n == 0 || n > 255) return false;
    for (size_t i = 0; i < n; i++)
        if ((unsigned char)s[i] < 0x20 || s[i] == 0x7f) return false;
    return true;
}

/* Parses a version: "latest" / -1 → *latest; 1..INT32_MAX → *v. */
static int parse_version(const char *text, int32_t *v, bool *latest, ck_sr_err *e) {
    *latest = false;
    if (!strcmp(text, "latest") || !strcmp(text, "-1")) {
        *latest = true;
        return 0;
    }
    char *end = NULL;
    long long n = strtoll(text, &end, 10);
    if (!*text || *end || n < 1 || n > INT32_MAX)
        return err(e, 42202,
                   "The specified version '%.64s' is not a valid version id. Allowed values are between [1, "
                   "2^31-1] and the string \"latest\"",
                   text);
    *v = (int32_t)n;
    return 0;
}

static const char *global_level(ck_schema_reg *r) {
    return r->compat ? r->compat : ck_conf_str(ck_engine_conf(r->eng), CK_BK_SCHEMA_COMPATIBILITY_LEVEL);
}

static const char *effective_mode(ck_schema_reg *r, const sr_subject *s) {
    if (s && s->mode) return s->mode;
    return r->mode ? r->mode : "READWRITE";
}

static int check_writable(ck_schema_reg *r, const char *subject, ck_sr_err *e) {
    const char *m = effective_mode(r, subject_get(r, subject, false));
    if (!strcmp(m, "READONLY") || !strcmp(m, "READONLY_OVERRIDE"))
        return err(e, 42205, "Subject %s is in read-only mode", subject);
    return 0;
}

/* Looks a subject version up: latest (of the live ones, or of all with
 * deleted) or the number.  40401 / 40402. */
static int find_version(ck_schema_reg *r, const char *subject, const char *vtext, bool deleted, sr_subject **sout,
                        sr_ver **vout, ck_sr_err *e) {
    int32_t num = 0;
    bool latest;
    if (parse_version(vtext, &num, &latest, e)) return -1;
    sr_subject *s = subject_get(r, subject, false);
    if (!s || (!deleted && live_count(s) == 0) || s->n == 0)
        return err(e, 40401, "Subject '%s' not found.", subject);
    sr_ver *v = NULL;
    if (latest) {
        for (size_t i = s->n; i-- > 0 && !v;)
            if (deleted || !s->v[i].deleted) v = &s->v[i];
    } else {
        v = ver_find(s, num);
        if (v && v->deleted && !deleted) v = NULL;
    }
    if (!v) return err(e, 40402, "Version %s not found.", vtext);
    *sout = s;
    *vout = v;
    return 0;
}

static void write_refs_field(ck_wb *out, const char *refs) {
    if (!refs) return;
    ck_json_raw(out, ",\"references\":");
    ck_json_raw(out, refs);
}

static void describe_version(ck_wb *out, const sr_subject *s, const sr_ver *v, const sr_schema *sc) {
    ck_json_raw(out, "{\"subject\":");
    ck_json_cstr(out, s->name);
    ck_json_raw(out, ",\"version\":");
    ck_json_i64(out, v->version);
    ck_json_raw(out, ",\"id\":");
    ck_json_i64(out, v->id);
    if (sc->type != CK_SCHEMA_AVRO) {
        ck_json_raw(out, ",\"schemaType\":");
        ck_json_cstr(out, type_names[sc->type]);
    }
    write_refs_field(out, sc->refs);
    ck_json_raw(out, ",\"schema\":");
    ck_json_cstr(out, sc->text);
    ck_json_raw(out, "}");
}

/* A candidate schema from a request body, parsed and resolved. */
typedef struct sr_cand {
    ck_schema_type type;
    char          *text;       /* canonical */
    char          *refs;       /* canonical references, or NULL */
    sr_refs        rr;         /* resolved references (transitively) */
    int32_t        id;         /* -1 unless given (IMPORT) */
    int32_t        version;    /* -1 unless given */
} sr_cand;

static void cand_free(sr_cand *c) {
    ck_free(c->text);
    ck_free(c->refs);
    ck_free((void *)c->rr.names);
    ck_free((void *)c->rr.texts);
    ck_free((void *)c->rr.types);
    memset(c, 0, sizeof(*c));
}

#define SR_MAX_REFS 1000
#define SR_MAX_REF_DEPTH 32

static void rr_add(sr_refs *rr, const char *name, const sr_schema *s) {
    for (size_t i = 0; i < rr->n; i++)
        if (rr->texts[i] == s->text) return;
    rr->names = ck_realloc((void *)rr->names, (rr->n + 1) * sizeof(char *));
    rr->texts = ck_realloc((void *)rr->texts, (rr->n + 1) * sizeof(char *));
    rr->types = ck_realloc((void *)rr->types, (rr->n + 1) * sizeof(ck_schema_type));
    rr->names[rr->n] = name;
    rr->texts[rr->n] = s->text;
    ((ck_schema_type *)rr->types)[rr->n] = s->type;
    rr->n++;
}

/* Resolves a references array (dependencies first) into rr.  Names point
 * into the stored schemas' reference text or into refs; they live as long
 * as the registry lock is held and refs lives. */
static int resolve_refs(ck_schema_reg *r, const sj *refs, sr_refs *rr, int depth, ck_sr_err *e) {
    if (!refs) return 0;
    if (depth > SR_MAX_REF_DEPTH) return err(e, 42201, "Invalid schema: references nest deeper than %d", SR_MAX_REF_DEPTH);
    if (refs->type != SJ_ARR) return err(e, 42201, "Invalid schema: \"references\" is not an array");
    for (size_t i = 0; i < refs->n; i++) {
        const sj *ref = refs->items[i];
        const char *name = sj_str(ref, "name"), *subj = sj_str(ref, "subject");
        const sj *ver = sj_get(ref, "version");
        if (!name || !subj || !ver || ver->type != SJ_NUM)
            return err(e, 42201, "Invalid schema: a reference needs \"name\", \"subject\" and \"version\"");
        if (rr->n >= SR_MAX_REFS) return err(e, 42201, "Invalid schema: more than %d references", SR_MAX_REFS);
        sr_subject *s = subject_get(r, subj, false);
        sr_ver *v = ver->num == -1 ? NULL : ver_find(s, (int32_t)ver->num);
        if (ver->num == -1)
            for (size_t k = s ? s->n : 0; k-- > 0 && !v;)
                if (!s->v[k].deleted) v = &s->v[k];
        sr_schema *sc = v ? schema_by_id(r, v->id) : NULL;
        if (!sc)
            return err(e, 42201, "Invalid schema: the reference %s (subject %s, version %s) does not exist", name,
                       subj, ver->s);
        if (sc->refs) {
            char e2[200];
            sj *sub = sj_parse(sc->refs, strlen(sc->refs), e2, sizeof(e2));
            int rc = resolve_refs(r, sub, rr, depth + 1, e);
            sj_free(sub);
            if (rc) return rc;
        }
        rr_add(rr, name, sc);
    }
    return 0;
}

/* The resolved references of a stored schema (for compatibility checks).
 * *doc keeps the parsed references alive; free it with sj_free. */
static int stored_refs(ck_schema_reg *r, const sr_schema *s, sr_refs *rr, sj **doc, ck_sr_err *e) {
    memset(rr, 0, sizeof(*rr));
    *doc = NULL;
    if (!s->refs) return 0;
    char e2[200];
    *doc = sj_parse(s->refs, strlen(s->refs), e2, sizeof(e2));
    return resolve_refs(r, *doc, rr, 0, e);
}

static void rr_free(sr_refs *rr) {
    ck_free((void *)rr->names);
    ck_free((void *)rr->texts);
    ck_free((void *)rr->types);
    memset(rr, 0, sizeof(*rr));
}

/* Parses a register / lookup / compatibility body into c.  Lock held. */
static int parse_candidate(ck_schema_reg *r, const char *body, size_t len, sr_cand *c, sj **doc_out, ck_sr_err *e) {
    memset(c, 0, sizeof(*c));
    c->id = c->version = -1;
    *doc_out = NULL;
    if ((int64_t)len > r->max_bytes)
        return err(e, 42201, "Invalid schema: the request is %zu bytes, over schema.max.bytes (%lld)", len,
                   (long long)r->max_bytes);
    char e2[300] = "";
    sj *doc = sj_parse(body, len, e2, sizeof(e2));
    if (!doc) return err(e, 400, "%s", e2);
    *doc_out = doc;
    if (doc->type != SJ_OBJ) return err(e, 400, "the request body must be a JSON object");
    const char *text = sj_str(doc, "schema");
    if (!text) return err(e, 42201, "Invalid schema: the request has no \"schema\" string");
    const sj *st = sj_get(doc, "schemaType");
    if (st && st->type != SJ_STR && st->type != SJ_NULL) return err(e, 42201, "Invalid schema type");
    if (type_of(st && st->type == SJ_STR ? st->s : NULL, &c->type))
        return err(e, 42201, "Invalid schema type %s: expected AVRO, JSON or PROTOBUF", st->s);
    const sj *idv = sj_get(doc, "id"), *vv = sj_get(doc, "version");
    if (idv && idv->type == SJ_NUM) c->id = (int32_t)idv->num;
    if (vv && vv->type == SJ_NUM) c->version = (int32_t)vv->num;
    const sj *refs = sj_get(doc, "references");
    if (refs && refs->type != SJ_NULL && refs->type != SJ_ARR)
        return err(e, 42201, "Invalid schema: \"references\" is not an array");
    if (refs && refs->type == SJ_ARR && refs->n > 0) {
        if (resolve_refs(r, refs, &c->rr, 0, e)) return -1;
        ck_wb w;
        ck_wb_init(&w, 128);
        ck_json_raw(&w, "[");
        for (size_t i = 0; i < refs->n; i++) {
            if (i) ck_json_raw(&w, ",");
            ck_json_raw(&w, "{\"name\":");
            ck_json_cstr(&w, sj_str(refs->items[i], "name"));
            ck_json_raw(&w, ",\"subject\":");
            ck_json_cstr(&w, sj_str(refs->items[i], "subject"));
            ck_json_raw(&w, ",\"version\":");
            ck_json_raw(&w, sj_get(refs->items[i], "version")->s);
            ck_json_raw(&w, "}");
        }
        ck_json_raw(&w, "]");
        ck_wb_put(&w, "", 1);
        c->refs = (char *)w.buf;
    }
    ck_wb canon;
    ck_wb_init(&canon, strlen(text) + 16);
    char perr[400] = "";
    int rc = c->type == CK_SCHEMA_AVRO   ? sr_avro_parse(text, strlen(text), &c->rr, &canon, perr, sizeof(perr))
             : c->type == CK_SCHEMA_JSON ? sr_json_parse(text, strlen(text), &c->rr, &canon, perr, sizeof(perr))
                                         : sr_proto_parse(text, strlen(text), &c->rr, &canon, perr, sizeof(perr));
    if (rc) {
        ck_wb_free(&canon);
        return err(e, 42201, "Invalid schema: %s", perr);
    }
    ck_wb_put(&canon, "", 1);
    c->text = (char *)canon.buf;
    return 0;
}

/* Can reader read data written with writer?  Both of one type. */
static bool can_read(ck_schema_reg *r, ck_schema_type t, const char *reader, const sr_refs *rrefs, const sr_schema *ws,
                     bool reader_is_new, char *why, size_t whylen) {
    (void)reader_is_new;
    sr_refs wr;
    sj *wdoc = NULL;
    ck_sr_err e;
    if (stored_refs(r, ws, &wr, &wdoc, &e)) {
        ck_errf(why, whylen, "%s", e.msg);
        sj_free(wdoc);
        rr_free(&wr);
        return false;
    }
    bool ok;
    switch (t) {
    case CK_SCHEMA_AVRO: ok = sr_avro_can_read(reader, rrefs, ws->text, &wr, why, whylen); break;
    case CK_SCHEMA_JSON: ok = sr_json_can_read(reader, ws->text, why, whylen); break;
    default: ok = sr_proto_can_read(reader, ws->text, why, whylen); break;
    }
    sj_free(wdoc);
    rr_free(&wr);
    return ok;
}

/* Checks candidate c against stored schema old in the directions of level
 * (not NONE); false with the reason appended to msgs (a JSON array body). */
static bool compatible_with(ck_schema_reg *r, const char *level, const sr_cand *c, const sr_schema *old,
                            int32_t old_version, ck_wb *msgs) {
    if (old->type != c->type) {
        if (msgs) {
            if (msgs->len) ck_json_raw(msgs, ",");
            ck_json_cstr(msgs, "Incompatible because of different schema type");
        }
        return false;
    }
    bool back = strncmp(level, "FORWARD", 7) != 0;
    bool fwd = strncmp(level, "BACKWARD", 8) != 0;
    char why[400] = "";
    bool ok = true;
    if (back && !can_read(r, c->type, c->text, &c->rr, old, true, why, sizeof(why))) ok = false;
    if (ok && fwd) {
        /* The old schema reads data of the new one. */
        sr_schema tmp = {0, c->type, c->text, c->refs, NULL, 0};
        sr_refs orr;
        sj *odoc = NULL;
        ck_sr_err e;
        if (stored_refs(r, old, &orr, &odoc, &e)) {
            snprintf(why, sizeof(why), "%.380s", e.msg);
            ok = false;
        } else {
            char tw[400] = "";
            sr_refs cr = c->rr;
            /* tmp carries the candidate's resolved refs through can_read's
             * stored_refs: resolve them directly instead. */
            bool res;
            switch (c->type) {
            case CK_SCHEMA_AVRO: res = sr_avro_can_read(old->text, &orr, tmp.text, &cr, tw, sizeof(tw)); break;
            case CK_SCHEMA_JSON: res = sr_json_can_read(old->text, tmp.text, tw, sizeof(tw)); break;
            default: res = sr_proto_can_read(old->text, tmp.text, tw, sizeof(tw)); break;
            }
            if (!res) {
                ok = false;
                snprintf(why, sizeof(why), "%s", tw);
            }
        }
        sj_free(odoc);
        rr_free(&orr);
    }
    if (!ok && msgs) {
        char m[600];
        snprintf(m, sizeof(m), "{oldSchemaVersion: %d, direction: %s, reason: %s}", (int)old_version,
                 back && !fwd ? "BACKWARD" : fwd && !back ? "FORWARD" : "FULL", why);
        if (msgs->len) ck_json_raw(msgs, ",");
        ck_json_cstr(msgs, m);
    }
    return ok;
}

/* Checks c against the live versions of s that level asks for. */
static bool compatible_level(ck_schema_reg *r, const char *level, const sr_subject *s, const sr_cand *c,
                             ck_wb *msgs) {
    if (!strcmp(level, "NONE") || !s) return true;
    bool transitive = strstr(level, "TRANSITIVE") != NULL;
    bool ok = true;
    for (size_t i = s->n; i-- > 0;) {
        if (s->v[i].deleted) continue;
        const sr_schema *old = schema_by_id(r, s->v[i].id);
        if (old && !compatible_with(r, level, c, old, s->v[i].version, msgs)) ok = false;
        if (!transitive) break;
    }
    return ok;
}

static const char *subject_level(ck_schema_reg *r, const sr_subject *s) {
    return s && s->compat ? s->compat : global_level(r);
}

/* ===================================================================== */
/* Operations                                                            */
/* ===================================================================== */

static int subject_cmp(const void *a, const void *b) { return strcmp(*(char *const *)a, *(char *const *)b); }

int ck_sr_subjects(ck_schema_reg *r, bool deleted, const char *prefix, ck_wb *out, ck_sr_err *e) {
    (void)e;
    pthread_mutex_lock(&r->lock);
    size_t n = 0, it = 0;
    const char **names = ck_calloc(r->subjects.count + 1, sizeof(char *));
    const char *k;
    size_t kl;
    void *v;
    while (ck_map_next(&r->subjects, &it, &k, &kl, &v)) {
        sr_subject *s = v;
        if (s->n == 0 || (!deleted && live_count(s) == 0)) continue;
        if (prefix && strncmp(s->name, prefix, strlen(prefix)) != 0) continue;
        names[n++] = s->name;
    }
    qsort(names, n, sizeof(*names), subject_cmp);
    ck_json_raw(out, "[");
    for (size_t i = 0; i < n; i++) {
        if (i) ck_json_raw(out, ",");
        ck_json_cstr(out, names[i]);
    }
    ck_json_raw(out, "]");
    ck_free(names);
    pthread_mutex_unlock(&r->lock);
    return 0;
}

int ck_sr_versions(ck_schema_reg *r, const char *subject, bool deleted, ck_wb *out, ck_sr_err *e) {
    pthread_mutex_lock(&r->lock);
    sr_subject *s = subject_get(r, subject, false);
    int rc = 0;
    if (!s || s->n == 0 || (!deleted && live_count(s) == 0)) {
        rc = err(e, 40401, "Subject '%s' not found.", subject);
    } else {
        ck_json_raw(out, "[");
        bool first = true;
        for (size_t i = 0; i < s->n; i++) {
            if (s->v[i].deleted && !deleted) continue;
            if (!first) ck_json_raw(out, ",");
            first = false;
            ck_json_i64(out, s->v[i].version);
        }
        ck_json_raw(out, "]");
    }
    pthread_mutex_unlock(&r->lock);
    return rc;
}

int ck_sr_get_version(ck_schema_reg *r, const char *subject, const char *version, bool deleted, bool raw,
                      ck_wb *out, ck_sr_err *e) {
    pthread_mutex_lock(&r->lock);
    sr_subject *s;
    sr_ver *v;
    int rc = find_version(r, subject, version, deleted, &s, &v, e);
    if (!rc) {
        sr_schema *sc = schema_by_id(r, v->id);
        if (!sc) rc = err(e, 50001, "Error while retrieving schema %d", (int)v->id);
        else if (raw) ck_json_raw(out, sc->text);
        else describe_version(out, s, v, sc);
    }
    pthread_mutex_unlock(&r->lock);
    return rc;
}

int ck_sr_register(ck_schema_reg *r, const char *subject, const char *body, size_t len, bool normalize,
                   ck_wb *out, ck_sr_err *e) {
    (void)normalize; /* the canonical text is already normalized: stored and compared that way */
    if (!subject_valid(subject)) return err(e, 42208, "The subject name '%.64s' is invalid", subject);
    pthread_mutex_lock(&r->lock);
    sr_cand c;
    sj *doc = NULL;
    int rc = -1;
    sr_rec *recs = NULL;
    if (check_writable(r, subject, e)) goto out;
    if (parse_candidate(r, body, len, &c, &doc, e)) goto out_cand;
    sr_subject *s = subject_get(r, subject, false);
    bool import = !strcmp(effective_mode(r, s), "IMPORT");
    if (c.id >= 0 && !import && c.id != 0) {
        /* Confluent accepts an id outside IMPORT mode only when it is the
         * one the schema already has. */
        sr_schema *same = schema_by_content(r, c.type, c.text, c.refs);
        if (!same || same->id != c.id) {
            err(e, 42205, "Subject %s is not in import mode: a schema id may not be given", subject);
            goto out_cand;
        }
    }
    /* Already registered under this subject: its id, nothing written. */
    for (size_t i = 0; s && i < s->n; i++) {
        if (s->v[i].deleted) continue;
        sr_schema *sc = schema_by_id(r, s->v[i].id);
        if (sc && sc->type == c.type && !strcmp(sc->text, c.text) &&
            ((!sc->refs && !c.refs) || (sc->refs && c.refs && !strcmp(sc->refs, c.refs)))) {
            if (import && c.id > 0 && c.id != sc->id) break;
            ck_json_raw(out, "{\"id\":");
            ck_json_i64(out, sc->id);
            ck_json_raw(out, "}");
            rc = 0;
            goto out_cand;
        }
    }
    if (!import) {
        ck_wb msgs;
        ck_wb_init(&msgs, 0);
        bool ok = compatible_level(r, subject_level(r, s), s, &c, &msgs);
        if (!ok) {
            ck_wb_put(&msgs, "", 1);
            err(e, 409, "Schema being registered is incompatible with an earlier schema for subject \"%s\", "
                        "details: [%.400s]", subject, (const char *)msgs.buf);
            ck_wb_free(&msgs);
            goto out_cand;
        }
        ck_wb_free(&msgs);
    }
    sr_schema *existing = schema_by_content(r, c.type, c.text, c.refs);
    int32_t id;
    if (import && c.id > 0) {
        sr_schema *at = schema_by_id(r, c.id);
        if (at && (at->type != c.type || strcmp(at->text, c.text))) {
            err(e, 42205, "Overwrite new schema with id %d is not permitted.", (int)c.id);
            goto out_cand;
        }
        id = c.id;
    } else if (existing) {
        id = existing->id;
    } else {
        if (r->max_id == INT32_MAX) {
            err(e, 50001, "Error while registering schema: no schema id left");
            goto out_cand;
        }
        id = r->max_id + 1;
    }
    int32_t version = s && s->n ? s->v[s->n - 1].version + 1 : 1;
    if (import && c.version > 0) {
        if (ver_find(s, c.version)) {
            err(e, 42205, "Version %d of subject %s already exists", (int)c.version, subject);
            goto out_cand;
        }
        version = c.version;
    }
    recs = recs_new(1);
    key_schema(&recs[0].key, subject, version);
    val_schema(&recs[0].val, subject, version, NULL, id, c.type, c.text, c.refs, false);
    if (write_records(r, recs, 1, e)) goto out_cand;
    CK_DEBUG(SR_SUB, "registered schema %d as version %d of %s", (int)id, (int)version, subject);
    ck_json_raw(out, "{\"id\":");
    ck_json_i64(out, id);
    ck_json_raw(out, "}");
    rc = 0;
out_cand:
    recs_free(recs, recs ? 1 : 0);
    cand_free(&c);
    sj_free(doc);
out:
    pthread_mutex_unlock(&r->lock);
    return rc;
}

int ck_sr_lookup(ck_schema_reg *r, const char *subject, const char *body, size_t len, bool deleted,
                 bool normalize, ck_wb *out, ck_sr_err *e) {
    (void)normalize;
    pthread_mutex_lock(&r->lock);
    sr_cand c;
    sj *doc = NULL;
    int rc = -1;
    sr_subject *s = subject_get(r, subject, false);
    if (!s || s->n == 0 || (!deleted && live_count(s) == 0)) {
        memset(&c, 0, sizeof(c));
        err(e, 40401, "Subject '%s' not found.", subject);
        goto out;
    }
    if (parse_candidate(r, body, len, &c, &doc, e)) goto out;
    for (size_t i = s->n; i-- > 0;) {
        if (s->v[i].deleted && !deleted) continue;
        sr_schema *sc = schema_by_id(r, s->v[i].id);
        if (sc && sc->type == c.type && !strcmp(sc->text, c.text) &&
            ((!sc->refs && !c.refs) || (sc->refs && c.refs && !strcmp(sc->refs, c.refs)))) {
            describe_version(out, s, &s->v[i], sc);
            rc = 0;
            goto out;
        }
    }
    err(e, 40403, "Schema not found");
out:
    cand_free(&c);
    sj_free(doc);
    pthread_mutex_unlock(&r->lock);
    return rc;
}

/* Is version v of subject referenced by a live version of any schema? */
static bool referenced(ck_schema_reg *r, const char *subject, int32_t version) {
    size_t it = 0;
    const char *k;
    size_t kl;
    void *val;
    while (ck_map_next(&r->subjects, &it, &k, &kl, &val)) {
        sr_subject *s = val;
        for (size_t i = 0; i < s->n; i++) {
            if (s->v[i].deleted) continue;
            sr_schema *sc = schema_by_id(r, s->v[i].id);
            if (!sc || !sc->refs) continue;
            char e2[100];
            sj *refs = sj_parse(sc->refs, strlen(sc->refs), e2, sizeof(e2));
            bool hit = false;
            for (size_t j = 0; refs && j < refs->n && !hit; j++) {
                const char *rs = sj_str(refs->items[j], "subject");
                const sj *rv = sj_get(refs->items[j], "version");
                hit = rs && rv && !strcmp(rs, subject) && (int32_t)rv->num == version;
            }
            sj_free(refs);
            if (hit) return true;
        }
    }
    return false;
}

int ck_sr_delete_subject(ck_schema_reg *r, const char *subject, bool permanent, ck_wb *out, ck_sr_err *e) {
    pthread_mutex_lock(&r->lock);
    int rc = -1;
    sr_rec *recs = NULL;
    size_t nrec = 0, nalloc = 0;
    if (check_writable(r, subject, e)) goto out;
    sr_subject *s = subject_get(r, subject, false);
    if (!s || s->n == 0) {
        err(e, 40401, "Subject '%s' not found.", subject);
        goto out;
    }
    size_t live = live_count(s);
    if (!permanent && live == 0) {
        err(e, 40404, "Subject '%s' was soft deleted.Set permanent=true to delete permanently", subject);
        goto out;
    }
    if (permanent && live > 0) {
        err(e, 40405, "Subject '%s' was not deleted first before being permanently deleted", subject);
        goto out;
    }
    for (size_t i = 0; i < s->n; i++)
        if ((permanent || !s->v[i].deleted) && referenced(r, subject, s->v[i].version)) {
            err(e, 42206, "One or more references exist to the schema {subject=%s,version=%d}.", subject,
                (int)s->v[i].version);
            goto out;
        }
    nalloc = s->n + 3;
    recs = recs_new(nalloc);
    ck_json_raw(out, "[");
    bool first = true;
    for (size_t i = 0; i < s->n; i++) {
        if (!permanent && s->v[i].deleted) continue;
        if (!first) ck_json_raw(out, ",");
        first = false;
        ck_json_i64(out, s->v[i].version);
        key_schema(&recs[nrec].key, subject, s->v[i].version);
        if (permanent) recs[nrec].tombstone = true;
        else val_schema(&recs[nrec].val, subject, s->v[i].version, schema_by_id(r, s->v[i].id), 0, 0, NULL,
                        NULL, true);
        nrec++;
    }
    ck_json_raw(out, "]");
    int32_t last = s->v[s->n - 1].version;
    if (!permanent) {
        key_simple(&recs[nrec].key, "DELETE_SUBJECT", subject);
        ck_json_raw(&recs[nrec].val, "{\"subject\":");
        ck_json_cstr(&recs[nrec].val, subject);
        ck_json_raw(&recs[nrec].val, ",\"version\":");
        ck_json_i64(&recs[nrec].val, last);
        ck_json_raw(&recs[nrec].val, "}");
        nrec++;
    } else {
        if (s->compat) {
            key_simple(&recs[nrec].key, "CONFIG", subject);
            recs[nrec++].tombstone = true;
        }
        if (s->mode) {
            key_simple(&recs[nrec].key, "MODE", subject);
            recs[nrec++].tombstone = true;
        }
    }
    rc = write_records(r, recs, nrec, e);
out:
    recs_free(recs, nalloc);
    pthread_mutex_unlock(&r->lock);
    return rc;
}

int ck_sr_delete_version(ck_schema_reg *r, const char *subject, const char *version, bool permanent, ck_wb *out,
                         ck_sr_err *e) {
    pthread_mutex_lock(&r->lock);
    int rc = -1;
    sr_rec *recs = NULL;
    sr_subject *s;
    sr_ver *v;
    if (check_writable(r, subject, e)) goto out;
    if (find_version(r, subject, version, true, &s, &v, e)) goto out;
    if (!permanent && v->deleted) {
        err(e, 40406, "Subject '%s' Version %d was soft deleted.Set permanent=true to delete permanently", subject,
            (int)v->version);
        goto out;
    }
    if (permanent && !v->deleted) {
        err(e, 40407, "Subject '%s' Version %d was not deleted first before being permanently deleted", subject,
            (int)v->version);
        goto out;
    }
    if (referenced(r, subject, v->version)) {
        err(e, 42206, "One or more references exist to the schema {subject=%s,version=%d}.", subject,
            (int)v->version);
        goto out;
    }
    int32_t num = v->version;
    recs = recs_new(1);
    key_schema(&recs[0].key, subject, num);
    if (permanent) recs[0].tombstone = true;
    else val_schema(&recs[0].val, subject, num, schema_by_id(r, v->id), 0, 0, NULL, NULL, true);
    if ((rc = write_records(r, recs, 1, e)) == 0) ck_json_i64(out, num);
out:
    recs_free(recs, recs ? 1 : 0);
    pthread_mutex_unlock(&r->lock);
    return rc;
}

int ck_sr_by_id(ck_schema_reg *r, const char *idtext, ck_sr_id_what what, bool deleted, ck_wb *out,
                ck_sr_err *e) {
    char *end = NULL;
    long long id = strtoll(idtext, &end, 10);
    if (!*idtext || *end || id < 0 || id > INT32_MAX) return err(e, 40403, "Schema %.32s not found", idtext);
    pthread_mutex_lock(&r->lock);
    int rc = 0;
    sr_schema *sc = schema_by_id(r, (int32_t)id);
    if (!sc) {
        rc = err(e, 40403, "Schema %lld not found", id);
        goto out;
    }
    if (what == CK_SR_ID_SCHEMA) {
        ck_json_raw(out, "{");
        if (sc->type != CK_SCHEMA_AVRO) {
            ck_json_raw(out, "\"schemaType\":");
            ck_json_cstr(out, type_names[sc->type]);
            ck_json_raw(out, ",");
        }
        if (sc->refs) {
            ck_json_raw(out, "\"references\":");
            ck_json_raw(out, sc->refs);
            ck_json_raw(out, ",");
        }
        ck_json_raw(out, "\"schema\":");
        ck_json_cstr(out, sc->text);
        ck_json_raw(out, "}");
        goto out;
    }
    if (what == CK_SR_ID_RAW) {
        ck_json_raw(out, sc->text);
        goto out;
    }
    size_t n = 0, it = 0;
    const char **names = ck_calloc(r->subjects.count + 1, sizeof(char *));
    const char *k;
    size_t kl;
    void *val;
    while (ck_map_next(&r->subjects, &it, &k, &kl, &val)) {
        sr_subject *s = val;
        for (size_t i = 0; i < s->n; i++)
            if (s->v[i].id == sc->id && (deleted || !s->v[i].deleted)) {
                names[n++] = s->name;
                break;
            }
    }
    qsort(names, n, sizeof(*names), subject_cmp);
    ck_json_raw(out, "[");
    bool first = true;
    for (size_t j = 0; j < n; j++) {
        sr_subject *s = subject_get(r, names[j], false);
        for (size_t i = 0; i < s->n; i++) {
            if (s->v[i].id != sc->id || (!deleted && s->v[i].deleted)) continue;
            if (!first) ck_json_raw(out, ",");
            first = false;
            if (what == CK_SR_ID_SUBJECTS) {
                ck_json_cstr(out, s->name);
                break;
            }
            ck_json_raw(out, "{\"subject\":");
            ck_json_cstr(out, s->name);
            ck_json_raw(out, ",\"version\":");
            ck_json_i64(out, s->v[i].version);
            ck_json_raw(out, "}");
        }
    }
    ck_json_raw(out, "]");
    ck_free(names);
out:
    pthread_mutex_unlock(&r->lock);
    return rc;
}

void ck_sr_types(ck_wb *out) { ck_json_raw(out, "[\"JSON\",\"PROTOBUF\",\"AVRO\"]"); }

int ck_sr_compat(ck_schema_reg *r, const char *subject, const char *version, const char *body, size_t len,
                 bool verbose, ck_wb *out, ck_sr_err *e) {
    pthread_mutex_lock(&r->lock);
    sr_cand c;
    memset(&c, 0, sizeof(c));
    sj *doc = NULL;
    int rc = -1;
    sr_subject *s = NULL;
    sr_ver *v = NULL;
    int32_t num;
    bool latest = false;
    if (version && parse_version(version, &num, &latest, e)) goto out;
    if (version && find_version(r, subject, version, false, &s, &v, e)) {
        /* Confluent: "latest" of a subject without versions is compatible. */
        if (!(latest && e->code == 40401)) goto out;
    }
    if (parse_candidate(r, body, len, &c, &doc, e)) goto out;
    if (!version) s = subject_get(r, subject, false);
    const char *level = subject_level(r, s ? s : subject_get(r, subject, false));
    ck_wb msgs;
    ck_wb_init(&msgs, 0);
    bool ok = true;
    if (strcmp(level, "NONE") != 0) {
        if (v) {
            sr_schema *old = schema_by_id(r, v->id);
            ok = !old || compatible_with(r, level, &c, old, v->version, &msgs);
        } else if (!version) {
            ok = compatible_level(r, level, s, &c, &msgs);
        }
    }
    ck_json_raw(out, ok ? "{\"is_compatible\":true" : "{\"is_compatible\":false");
    if (verbose) {
        ck_json_raw(out, ",\"messages\":[");
        if (msgs.len) ck_wb_put(out, msgs.buf, msgs.len);
        ck_json_raw(out, "]");
    }
    ck_json_raw(out, "}");
    ck_wb_free(&msgs);
    rc = 0;
out:
    cand_free(&c);
    sj_free(doc);
    pthread_mutex_unlock(&r->lock);
    return rc;
}

int ck_sr_config_get(ck_schema_reg *r, const char *subject, bool default_to_global, ck_wb *out, ck_sr_err *e) {
    pthread_mutex_lock(&r->lock);
    int rc = 0;
    const char *lvl = global_level(r);
    if (subject) {
        sr_subject *s = subject_get(r, subject, false);
        if (s && s->compat) lvl = s->compat;
        else if (!default_to_global)
            rc = err(e, 40408, "Subject '%s' does not have subject-level compatibility configured", subject);
    }
    if (!rc) {
        ck_json_raw(out, "{\"compatibilityLevel\":");
        ck_json_cstr(out, lvl);
        ck_json_raw(out, "}");
    }
    pthread_mutex_unlock(&r->lock);
    return rc;
}

/* Reads member key (a string) of a small JSON body, upper-cased. */
static int body_word(const char *body, size_t len, const char *key, char *word, size_t wlen, ck_sr_err *e) {
    char e2[300] = "";
    sj *doc = sj_parse(body, len, e2, sizeof(e2));
    if (!doc) return err(e, 400, "%s", e2);
    const char *s = sj_str(doc, key);
    int rc = 0;
    if (!s) rc = err(e, 400, "the request body needs a string \"%s\"", key);
    else {
        size_t i;
        for (i = 0; s[i] && i + 1 < wlen; i++) word[i] = (char)(s[i] >= 'a' && s[i] <= 'z' ? s[i] - 32 : s[i]);
        word[i] = 0;
    }
    sj_free(doc);
    return rc;
}

int ck_sr_config_put(ck_schema_reg *r, const char *subject, const char *body, size_t len, ck_wb *out,
                     ck_sr_err *e) {
    char lvl[64];
    if (body_word(body, len, "compatibility", lvl, sizeof(lvl), e)) {
        if (e->code == 400 && strstr(e->msg, "needs")) e->code = 42203;
        return -1;
    }
    if (!in_list(lvl, levels, CK_ARRAY_LEN(levels)))
        return err(e, 42203, "Invalid compatibility level. Valid values are none, backward, forward, full, "
                             "backward_transitive, forward_transitive, and full_transitive");
    if (subject && !subject_valid(subject)) return err(e, 42208, "The subject name '%.64s' is invalid", subject);
    pthread_mutex_lock(&r->lock);
    sr_rec *recs = recs_new(1);
    key_simple(&recs[0].key, "CONFIG", subject);
    ck_json_raw(&recs[0].val, "{\"compatibilityLevel\":");
    ck_json_cstr(&recs[0].val, lvl);
    ck_json_raw(&recs[0].val, "}");
    int rc = write_records(r, recs, 1, e);
    recs_free(recs, 1);
    pthread_mutex_unlock(&r->lock);
    if (!rc) {
        ck_json_raw(out, "{\"compatibility\":");
        ck_json_cstr(out, lvl);
        ck_json_raw(out, "}");
    }
    return rc;
}

int ck_sr_config_delete(ck_schema_reg *r, const char *subject, ck_wb *out, ck_sr_err *e) {
    pthread_mutex_lock(&r->lock);
    int rc = -1;
    sr_subject *s = subject ? subject_get(r, subject, false) : NULL;
    char prev[64];
    if (subject && (!s || (s->n == 0 && !s->compat))) {
        err(e, 40401, "Subject '%s' not found.", subject);
        goto out;
    }
    snprintf(prev, sizeof(prev), "%s", subject ? (s->compat ? s->compat : global_level(r)) : global_level(r));
    sr_rec *recs = recs_new(1);
    key_simple(&recs[0].key, "CONFIG", subject);
    recs[0].tombstone = true;
    rc = write_records(r, recs, 1, e);
    recs_free(recs, 1);
    if (!rc) {
        ck_json_raw(out, "{\"compatibilityLevel\":");
        ck_json_cstr(out, prev);
        ck_json_raw(out, "}");
    }
out:
    pthread_mutex_unlock(&r->lock);
    return rc;
}

int ck_sr_mode_get(ck_schema_reg *r, const char *subject, bool default_to_global, ck_wb *out, ck_sr_err *e) {
    pthread_mutex_lock(&r->lock);
    int rc = 0;
    const char *m = r->mode ? r->mode : "READWRITE";
    if (subject) {
        sr_subject *s = subject_get(r, subject, false);
        if (s && s->mode) m = s->mode;
        else if (!default_to_global)
            rc = err(e, 40409, "Subject '%s' does not have subject-level mode configured", subject);
    }
    if (!rc) {
        ck_json_raw(out, "{\"mode\":");
        ck_json_cstr(out, m);
        ck_json_raw(out, "}");
    }
    pthread_mutex_unlock(&r->lock);
    return rc;
}

int ck_sr_mode_put(ck_schema_reg *r, const char *subject, const char *body, size_t len, bool force, ck_wb *out,
                   ck_sr_err *e) {
    char m[64];
    if (body_word(body, len, "mode", m, sizeof(m), e)) {
        if (e->code == 400 && strstr(e->msg, "needs")) e->code = 42204;
        return -1;
    }
    if (!in_list(m, modes, CK_ARRAY_LEN(modes)))
        return err(e, 42204, "Invalid mode. Valid values are READWRITE, READONLY, READONLY_OVERRIDE and IMPORT");
    if (subject && !subject_valid(subject)) return err(e, 42208, "The subject name '%.64s' is invalid", subject);
    pthread_mutex_lock(&r->lock);
    int rc = -1;
    if (!strcmp(m, "IMPORT") && !force) {
        bool any = false;
        size_t it = 0;
        const char *k;
        size_t kl;
        void *v;
        while (!any && ck_map_next(&r->subjects, &it, &k, &kl, &v)) {
            sr_subject *s = v;
            any = live_count(s) > 0 && (!subject || !strcmp(s->name, subject));
        }
        if (any) {
            err(e, 42205, "Cannot import since found existing subjects");
            goto out;
        }
    }
    sr_rec *recs = recs_new(1);
    key_simple(&recs[0].key, "MODE", subject);
    ck_json_raw(&recs[0].val, "{\"mode\":");
    ck_json_cstr(&recs[0].val, m);
    ck_json_raw(&recs[0].val, "}");
    rc = write_records(r, recs, 1, e);
    recs_free(recs, 1);
    if (!rc) {
        ck_json_raw(out, "{\"mode\":");
        ck_json_cstr(out, m);
        ck_json_raw(out, "}");
    }
out:
    pthread_mutex_unlock(&r->lock);
    return rc;
}

int ck_sr_mode_delete(ck_schema_reg *r, const char *subject, ck_wb *out, ck_sr_err *e) {
    pthread_mutex_lock(&r->lock);
    int rc = -1;
    sr_subject *s = subject_get(r, subject, false);
    if (!s || !s->mode) {
        err(e, 40401, "Subject '%s' not found.", subject);
        goto out;
    }
    char prev[64];
    snprintf(prev, sizeof(prev), "%s", s->mode);
    sr_rec *recs = recs_new(1);
    key_simple(&recs[0].key, "MODE", subject);
    recs[0].tombstone = true;
    rc = write_records(r, recs, 1, e);
    recs_free(recs, 1);
    if (!rc) {
        ck_json_raw(out, "{\"mode\":");
        ck_json_cstr(out, prev);
        ck_json_raw(out, "}");
    }
out:
    pthread_mutex_unlock(&r->lock);
    return rc;
}

bool ck_sr_is_log_topic(const ck_schema_reg *r, const char *topic) { return !strcmp(r->topic, topic); }

bool ck_sr_id_in_subject(ck_schema_reg *r, int32_t id, const char *subject) {
    pthread_mutex_lock(&r->lock);
    sr_subject *s = subject_get(r, subject, false);
    bool ok = false;
    for (size_t i = 0; s && i < s->n && !ok; i++) ok = s->v[i].id == id && !s->v[i].deleted;
    pthread_mutex_unlock(&r->lock);
    return ok;
}

const ck_feature ck_schema_feature = {
    .name = "schema",
    .start = schema_start,
    .stop = schema_stop,
};
