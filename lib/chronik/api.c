/*
 * api.c — the public layer: the implementation of include/chronik.h for the
 * engine handle itself.  Opening composes the engine with the features of
 * features.c; the calls here check their arguments with specific errors and
 * offer blocking produce and fetch to embedders.  The public calls of a
 * feature (groups, transactions, SQL, the listeners) live in that feature's
 * folder; error names live in util/errors.c, below everything.
 *
 * Nothing in lib/ includes this layer.
 */
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <time.h>

#include "config.h"
#include "chronik/front.h"
#include "kafka/kafka.h"
#include "http/http.h"

/* ===================================================================== */
/* Versions and errors                                                   */
/* ===================================================================== */

const char *chronik_version(void) { return CHRONIK_VERSION_STRING; }

void chronik_free(void *ptr) { ck_free(ptr); }

/* Records err as the calling thread's last message and returns it. */
static chronik_err_t fail(chronik_err_t err, const char *fmt, ...) CK_PRINTF(2, 3);
static chronik_err_t fail(chronik_err_t err, const char *fmt, ...) {
    char buf[512];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(buf, sizeof(buf), fmt, ap);
    va_end(ap);
    ck_engine_set_errmsg("%s", buf);
    return err;
}

static chronik_err_t ok(void) {
    ck_engine_set_errmsg("%s", "");
    return CHRONIK_OK;
}

const char *chronik_errmsg(chronik_t *chronik) {
    (void)chronik;
    return ck_engine_errmsg();
}

/* ===================================================================== */
/* Engine                                                                */
/* ===================================================================== */

chronik_err_t chronik_open(const chronik_conf_t *conf, chronik_t **out, char *errbuf, size_t errlen) {
    if (errbuf && errlen) errbuf[0] = 0;
    if (!out) {
        if (errbuf && errlen) snprintf(errbuf, errlen, "out is NULL");
        return CHRONIK_ERR_INVALID_ARG;
    }
    *out = NULL;
    if (!conf) {
        if (errbuf && errlen) snprintf(errbuf, errlen, "conf is NULL");
        return CHRONIK_ERR_INVALID_ARG;
    }
    char local[512] = "";
    ck_engine *eng = NULL;
    int rc = ck_engine_open(conf, &eng, local, sizeof(local));
    if (rc == 0 && (rc = ck_features_start(eng, local, sizeof(local))) != 0) {
        ck_engine_close(eng);
        eng = NULL;
    }
    if (rc != 0 && errbuf && errlen) snprintf(errbuf, errlen, "%s", local);
    *out = eng;
    return (chronik_err_t)rc;
}

void chronik_close(chronik_t *chronik) {
    if (!chronik) return;
    ck_features_stop(chronik);
    ck_engine_close(chronik);
}

/* ===================================================================== */
/* Topics                                                                */
/* ===================================================================== */

#define CHECK_ENGINE(c) \
    do { if (!(c)) return fail(CHRONIK_ERR_INVALID_ARG, "chronik is NULL"); } while (0)
#define CHECK_TOPIC_ARG(t) \
    do { if (!(t)) return fail(CHRONIK_ERR_INVALID_ARG, "topic is NULL"); } while (0)

chronik_err_t chronik_topic_create(chronik_t *chronik, const char *topic, int32_t partitions,
                                   const char *const *configs) {
    CHECK_ENGINE(chronik);
    CHECK_TOPIC_ARG(topic);
    char err[512] = "";
    int rc = ck_engine_topic_create(chronik, topic, partitions, configs, false, err, sizeof(err));
    return rc ? fail((chronik_err_t)rc, "%s", err) : ok();
}

chronik_err_t chronik_topic_delete(chronik_t *chronik, const char *topic) {
    CHECK_ENGINE(chronik);
    CHECK_TOPIC_ARG(topic);
    char err[512] = "";
    int rc = ck_engine_topic_delete(chronik, topic, err, sizeof(err));
    return rc ? fail((chronik_err_t)rc, "%s", err) : ok();
}

chronik_err_t chronik_topic_create_partitions(chronik_t *chronik, const char *topic, int32_t partitions) {
    CHECK_ENGINE(chronik);
    CHECK_TOPIC_ARG(topic);
    char err[512] = "";
    int rc = ck_engine_topic_add_partitions(chronik, topic, partitions, false, err, sizeof(err));
    return rc ? fail((chronik_err_t)rc, "%s", err) : ok();
}

/* Looks a topic up by C string, with the specific error. */
static chronik_err_t topic_lookup(chronik_t *chronik, const char *topic, ck_topic **out) {
    *out = NULL;
    if (!chronik) return fail(CHRONIK_ERR_INVALID_ARG, "chronik is NULL");
    if (!topic) return fail(CHRONIK_ERR_INVALID_ARG, "topic is NULL");
    size_t len = strlen(topic);
    if (!ck_topic_name_valid(topic, len))
        return fail(CHRONIK_ERR_INVALID_TOPIC_EXCEPTION, "invalid topic name \"%s\"", topic);
    *out = ck_engine_topic_get(chronik, topic, len);
    if (!*out) return fail(CHRONIK_ERR_UNKNOWN_TOPIC_OR_PARTITION, "unknown topic \"%s\"", topic);
    return CHRONIK_OK;
}

static chronik_err_t partition_lookup(chronik_t *chronik, const char *topic, int32_t partition, ck_topic **t,
                                      ck_partition **p) {
    chronik_err_t rc = topic_lookup(chronik, topic, t);
    if (rc) return rc;
    *p = ck_topic_partition(*t, partition);
    if (!*p) {
        int32_t n = ck_topic_partition_count(*t);
        ck_topic_release(*t);
        *t = NULL;
        return fail(CHRONIK_ERR_UNKNOWN_TOPIC_OR_PARTITION, "topic \"%s\" has no partition %d (it has %d)", topic,
                    (int)partition, (int)n);
    }
    return CHRONIK_OK;
}

chronik_err_t chronik_topic_partitions(chronik_t *chronik, const char *topic, int32_t *partitions) {
    ck_topic *t;
    if (!partitions) return fail(CHRONIK_ERR_INVALID_ARG, "partitions is NULL");
    chronik_err_t rc = topic_lookup(chronik, topic, &t);
    if (rc) return rc;
    *partitions = ck_topic_partition_count(t);
    ck_topic_release(t);
    return ok();
}

chronik_err_t chronik_topic_list(chronik_t *chronik, char **names, size_t *count) {
    CHECK_ENGINE(chronik);
    if (!names || !count) return fail(CHRONIK_ERR_INVALID_ARG, "names or count is NULL");
    size_t n;
    ck_topic **ts = ck_engine_topic_list(chronik, &n);
    size_t total = 1;
    for (size_t i = 0; i < n; i++) total += strlen(ck_topic_name(ts[i])) + 1;
    char *buf = ck_malloc(total + 1), *w = buf;
    for (size_t i = 0; i < n; i++) {
        size_t l = strlen(ck_topic_name(ts[i]));
        memcpy(w, ck_topic_name(ts[i]), l + 1);
        w += l + 1;
    }
    *w = 0;
    ck_topics_release(ts, n);
    *names = buf;
    *count = n;
    return ok();
}

chronik_err_t chronik_topic_config_set(chronik_t *chronik, const char *topic, const char *key, const char *value) {
    CHECK_ENGINE(chronik);
    CHECK_TOPIC_ARG(topic);
    if (!key) return fail(CHRONIK_ERR_INVALID_ARG, "key is NULL");
    char err[512] = "";
    int rc = ck_engine_topic_config_set(chronik, topic, key, value, err, sizeof(err));
    return rc ? fail((chronik_err_t)rc, "%s", err) : ok();
}

chronik_err_t chronik_topic_config_get(chronik_t *chronik, const char *topic, const char *key, char *buf,
                                       size_t buflen) {
    ck_topic *t;
    if (!key || !buf || !buflen) return fail(CHRONIK_ERR_INVALID_ARG, "key or buf is NULL");
    chronik_err_t rc = topic_lookup(chronik, topic, &t);
    if (rc) return rc;
    int k = ck_conf_topic_key(key);
    if (k < 0) {
        ck_topic_release(t);
        return fail(CHRONIK_ERR_UNKNOWN_CONFIG, "unknown topic configuration key \"%s\"", key);
    }
    ck_topic_conf tc;
    ck_topic_conf_snapshot(t, &tc);
    char tmp[512];
    const char *v = ck_topic_conf_value(&tc, ck_engine_conf(chronik), k, tmp, sizeof(tmp));
    snprintf(buf, buflen, "%s", v ? v : "");
    ck_topic_conf_free(&tc);
    ck_topic_release(t);
    return ok();
}

/* ===================================================================== */
/* Produce                                                               */
/* ===================================================================== */

chronik_err_t chronik_produce_with_options(chronik_t *chronik, const char *topic, int32_t partition,
                               const chronik_record_t *records, size_t count, chronik_produce_opts_t *opts,
                               int64_t *base_offset) {
    ck_topic *t = NULL;
    chronik_err_t rc;
    if (!records || count == 0) return fail(CHRONIK_ERR_INVALID_ARG, "no records");
    if (count > INT32_MAX) return fail(CHRONIK_ERR_INVALID_ARG, "too many records");
    if (partition < -1) return fail(CHRONIK_ERR_UNKNOWN_TOPIC_OR_PARTITION, "invalid partition %d", (int)partition);
    int codec = opts ? opts->compression : 0;
    if (codec < 0 || codec > 4) return fail(CHRONIK_ERR_INVALID_ARG, "invalid compression %d", codec);
    rc = topic_lookup(chronik, topic, &t);
    if (rc) return rc;
    if (partition == -1) partition = ck_topic_pick_partition(t, records[0].key, records[0].key_len);
    ck_partition *p = ck_topic_partition(t, partition);
    if (!p) {
        int32_t n = ck_topic_partition_count(t);
        ck_topic_release(t);
        return fail(CHRONIK_ERR_UNKNOWN_TOPIC_OR_PARTITION, "topic \"%s\" has no partition %d (it has %d)", topic,
                    (int)partition, (int)n);
    }

    ck_batch_opts bo;
    ck_batch_opts_init(&bo);
    bo.codec = codec;
    ck_wb wb;
    ck_wb_init(&wb, 0);
    char berr[200] = "";
    int brc = ck_batch_from_records(records, count, &bo, &wb, berr, sizeof(berr));
    if (brc) {
        rc = fail((chronik_err_t)brc, "%s", berr);
        goto out;
    }
    ck_produce_result res;
    ck_partition_produce_sync(p, wb.buf, wb.len, CK_PRODUCE_TRUSTED, &res);
    if (res.err) {
        rc = fail((chronik_err_t)res.err, "produce to %s-%d: %s", topic, (int)partition,
                  res.errmsg[0] ? res.errmsg : chronik_strerror((chronik_err_t)res.err));
        goto out;
    }
    if (base_offset) *base_offset = res.base_offset;
    if (opts) opts->partition_out = partition;
    rc = ok();
out:
    ck_wb_free(&wb);
    ck_topic_release(t);
    return rc;
}

chronik_err_t chronik_produce2(chronik_t *chronik, const char *topic, int32_t partition,
                               const chronik_record_t *records, size_t count, chronik_produce_opts_t *opts,
                               int64_t *base_offset) {
    return chronik_produce_with_options(chronik, topic, partition, records, count, opts, base_offset);
}

chronik_err_t chronik_produce(chronik_t *chronik, const char *topic, int32_t partition,
                              const chronik_record_t *records, size_t count, int64_t *base_offset) {
    return chronik_produce_with_options(chronik, topic, partition, records, count, NULL, base_offset);
}

/* ===================================================================== */
/* Fetch                                                                 */
/* ===================================================================== */

struct chronik_fetch {
    ck_wb             data;          /* whole batches */
    size_t            pos;           /* next batch */
    int64_t           start_offset;  /* requested offset */
    int64_t           next_offset;
    int64_t           hwm;
    bool              in_batch;
    ck_rec_iter       it;
    chronik_header_t *hdrs;
    size_t           *koff;          /* offsets of header keys in keys */
    size_t            hcap;
    ck_wb             keys;          /* NUL-terminated header keys of the current record */
};

typedef struct fetch_wait {
    pthread_mutex_t lock;
    pthread_cond_t  cond;
    bool            fired;
} fetch_wait;

static void fetch_wake(void *opaque, ck_partition *p) {
    (void)p;
    fetch_wait *fw = opaque;
    pthread_mutex_lock(&fw->lock);
    fw->fired = true;
    pthread_cond_signal(&fw->cond);
    pthread_mutex_unlock(&fw->lock);
}

chronik_err_t chronik_fetch(chronik_t *chronik, const char *topic, int32_t partition, int64_t offset,
                            size_t max_bytes, int timeout_ms, chronik_fetch_t **out) {
    ck_topic *t = NULL;
    ck_partition *p = NULL;
    if (!out) return fail(CHRONIK_ERR_INVALID_ARG, "out is NULL");
    *out = NULL;
    chronik_err_t rc = partition_lookup(chronik, topic, partition, &t, &p);
    if (rc) return rc;
    if (max_bytes == 0) max_bytes = 1;
    chronik_fetch_t *f = ck_calloc(1, sizeof(*f));
    ck_wb_init(&f->data, 0);
    ck_wb_init(&f->keys, 64);
    f->start_offset = f->next_offset = offset;

    fetch_wait fw;
    memset(&fw, 0, sizeof(fw));
    pthread_mutex_init(&fw.lock, NULL);
    pthread_cond_init(&fw.cond, NULL);
    ck_watch watch;
    memset(&watch, 0, sizeof(watch));
    watch.cb = fetch_wake;
    watch.opaque = &fw;
    bool watching = false;
    int64_t deadline = ck_mono_ms() + (timeout_ms > 0 ? timeout_ms : 0);

    for (;;) {
        ck_part_offsets o;
        int64_t next;
        int r = ck_partition_read_copy(p, offset, max_bytes, &f->data, &next, &o);
        f->hwm = o.high_watermark;
        if (r == CHRONIK_ERR_UNKNOWN_TOPIC_OR_PARTITION) {
            rc = fail(CHRONIK_ERR_UNKNOWN_TOPIC_OR_PARTITION, "topic \"%s\" was deleted", topic);
            break;
        }
        if (r == CHRONIK_ERR_OFFSET_OUT_OF_RANGE) {
            rc = fail(CHRONIK_ERR_OFFSET_OUT_OF_RANGE, "offset %lld is outside [%lld, %lld] of %s-%d",
                      (long long)offset, (long long)o.log_start, (long long)o.high_watermark, topic, (int)partition);
            break;
        }
        if (r != 0) {
            rc = fail((chronik_err_t)r, "read of %s-%d at %lld failed", topic, (int)partition, (long long)offset);
            break;
        }
        if (f->data.len > 0 || timeout_ms <= 0) {
            rc = CHRONIK_OK;
            break;
        }
        int64_t left = deadline - ck_mono_ms();
        if (left <= 0) {
            rc = CHRONIK_OK;
            break;
        }
        if (!watching) {
            ck_partition_watch(p, &watch);
            watching = true;
            continue; /* re-check: data may have arrived before the watch */
        }
        pthread_mutex_lock(&fw.lock);
        if (!fw.fired) {
            struct timespec ts;
            clock_gettime(CLOCK_REALTIME, &ts);
            ts.tv_sec += left / 1000;
            ts.tv_nsec += (left % 1000) * 1000000;
            if (ts.tv_nsec >= 1000000000) {
                ts.tv_sec++;
                ts.tv_nsec -= 1000000000;
            }
            pthread_cond_timedwait(&fw.cond, &fw.lock, &ts);
        }
        fw.fired = false;
        pthread_mutex_unlock(&fw.lock);
    }
    if (watching) ck_partition_unwatch(&watch);
    pthread_mutex_destroy(&fw.lock);
    pthread_cond_destroy(&fw.cond);
    ck_topic_release(t);
    if (rc != CHRONIK_OK) {
        chronik_fetch_free(f);
        return rc;
    }
    __atomic_fetch_add(&ck_engine_stats_get(chronik)->fetch_requests, 1, __ATOMIC_RELAXED);
    *out = f;
    return ok();
}

int chronik_fetch_next(chronik_fetch_t *f, chronik_record_t *record, int64_t *offset) {
    if (!f || !record) return 0;
    for (;;) {
        if (!f->in_batch) {
            if (f->pos + CK_BATCH_HEADER_SIZE > f->data.len) return 0;
            ck_batch_hdr h;
            if (ck_batch_hdr_read(f->data.buf + f->pos, f->data.len - f->pos, &h) != 0) return 0;
            size_t sz = ck_batch_size(&h);
            if (f->pos + sz > f->data.len) return 0;
            const uint8_t *b = f->data.buf + f->pos;
            f->pos += sz;
            if (ck_batch_is_control(&h)) {
                if (ck_batch_last_offset(&h) + 1 > f->next_offset) f->next_offset = ck_batch_last_offset(&h) + 1;
                continue;
            }
            if (ck_rec_iter_init(&f->it, b, sz, (size_t)1 << 30) != 0) {
                ck_rec_iter_free(&f->it);
                return 0;
            }
            f->in_batch = true;
        }
        ck_rec rec;
        int r = ck_rec_iter_next(&f->it, &rec);
        if (r <= 0) {
            int64_t last = ck_batch_last_offset(&f->it.hdr);
            if (last + 1 > f->next_offset) f->next_offset = last + 1;
            ck_rec_iter_free(&f->it);
            f->in_batch = false;
            if (r < 0) return 0;
            continue;
        }
        if (rec.offset < f->start_offset) continue;
        record->key = rec.key_len >= 0 ? (const void *)(rec.key ? rec.key : (const uint8_t *)"") : NULL;
        record->key_len = rec.key_len >= 0 ? (size_t)rec.key_len : 0;
        record->value = rec.value_len >= 0 ? (const void *)(rec.value ? rec.value : (const uint8_t *)"") : NULL;
        record->value_len = rec.value_len >= 0 ? (size_t)rec.value_len : 0;
        record->timestamp = rec.timestamp;
        /* Headers: keys copied NUL-terminated into f->keys. */
        size_t hc = rec.header_count > 0 ? (size_t)rec.header_count : 0;
        if (hc > f->hcap) {
            f->hdrs = ck_realloc(f->hdrs, hc * sizeof(*f->hdrs));
            f->koff = ck_realloc(f->koff, hc * sizeof(*f->koff));
            f->hcap = hc;
        }
        ck_wb_reset(&f->keys);
        size_t *koff = f->koff;
        ck_rd hr;
        ck_rd_init(&hr, rec.headers, rec.headers_len);
        size_t got = 0;
        ck_rec_header h;
        while (got < hc && ck_rec_headers_next(&hr, &h) == 1) {
            koff[got] = f->keys.len;
            ck_wb_put(&f->keys, h.key, (size_t)(h.key_len > 0 ? h.key_len : 0));
            ck_wb_i8(&f->keys, 0);
            f->hdrs[got].value = h.value_len >= 0 ? (const void *)(h.value ? h.value : (const uint8_t *)"") : NULL;
            f->hdrs[got].value_len = h.value_len >= 0 ? (size_t)h.value_len : 0;
            got++;
        }
        for (size_t i = 0; i < got; i++) f->hdrs[i].key = (const char *)f->keys.buf + koff[i];
        record->headers = got ? f->hdrs : NULL;
        record->header_count = got;
        if (offset) *offset = rec.offset;
        f->next_offset = rec.offset + 1;
        return 1;
    }
}

int64_t chronik_fetch_next_offset(const chronik_fetch_t *fetch) { return fetch ? fetch->next_offset : -1; }
int64_t chronik_fetch_high_watermark(const chronik_fetch_t *fetch) { return fetch ? fetch->hwm : -1; }

void chronik_fetch_free(chronik_fetch_t *f) {
    if (!f) return;
    if (f->in_batch) ck_rec_iter_free(&f->it);
    ck_wb_free(&f->data);
    ck_wb_free(&f->keys);
    ck_free(f->hdrs);
    ck_free(f->koff);
    ck_free(f);
}

/* ===================================================================== */
/* Offsets                                                               */
/* ===================================================================== */

chronik_err_t chronik_offsets(chronik_t *chronik, const char *topic, int32_t partition, int64_t *log_start,
                              int64_t *high_watermark) {
    ck_topic *t;
    ck_partition *p;
    chronik_err_t rc = partition_lookup(chronik, topic, partition, &t, &p);
    if (rc) return rc;
    ck_part_offsets o;
    ck_partition_offsets(p, &o);
    ck_topic_release(t);
    if (log_start) *log_start = o.log_start;
    if (high_watermark) *high_watermark = o.high_watermark;
    return ok();
}

chronik_err_t chronik_offset_for_time(chronik_t *chronik, const char *topic, int32_t partition, int64_t timestamp_ms,
                                      int64_t *offset) {
    ck_topic *t;
    ck_partition *p;
    if (!offset) return fail(CHRONIK_ERR_INVALID_ARG, "offset is NULL");
    if (timestamp_ms < -3) return fail(CHRONIK_ERR_INVALID_ARG, "invalid timestamp %lld", (long long)timestamp_ms);
    chronik_err_t rc = partition_lookup(chronik, topic, partition, &t, &p);
    if (rc) return rc;
    int64_t off = -1, fts = -1;
    int r = ck_partition_offset_for_time(p, timestamp_ms, 0, &off, &fts);
    if (r == 0 && off < 0) {
        ck_part_offsets o;
        ck_partition_offsets(p, &o);
        off = o.high_watermark;
    }
    ck_topic_release(t);
    if (r) return fail((chronik_err_t)r, "offset lookup failed");
    *offset = off;
    return ok();
}

chronik_err_t chronik_delete_records(chronik_t *chronik, const char *topic, int32_t partition,
                                     int64_t before_offset) {
    ck_topic *t;
    ck_partition *p;
    if (before_offset < -1) return fail(CHRONIK_ERR_OFFSET_OUT_OF_RANGE, "invalid offset %lld", (long long)before_offset);
    chronik_err_t rc = partition_lookup(chronik, topic, partition, &t, &p);
    if (rc) return rc;
    int r = ck_partition_delete_records(p, before_offset, NULL);
    ck_topic_release(t);
    if (r == CHRONIK_ERR_OFFSET_OUT_OF_RANGE)
        return fail(CHRONIK_ERR_OFFSET_OUT_OF_RANGE, "offset %lld is beyond the high watermark of %s-%d",
                    (long long)before_offset, topic, (int)partition);
    if (r) return fail((chronik_err_t)r, "delete records failed");
    return ok();
}

chronik_err_t chronik_retention_run(chronik_t *chronik) {
    CHECK_ENGINE(chronik);
    ck_engine_retention_run(chronik);
    return ok();
}

chronik_err_t chronik_compact(chronik_t *chronik, const char *topic) {
    char err[256] = "";
    CHECK_ENGINE(chronik);
    int rc = ck_engine_compact(chronik, topic, true, err, sizeof(err));
    return rc ? fail((chronik_err_t)rc, "%s", err) : ok();
}

/* ===================================================================== */
/* Listeners and waiting                                                 */
/* ===================================================================== */

void chronik_wait(chronik_t *chronik) {
    if (chronik) ck_engine_wait(chronik);
}

void chronik_shutdown(chronik_t *chronik) {
    if (chronik) ck_engine_shutdown(chronik);
}

/* ===================================================================== */
/* Server helpers                                                        */
/* ===================================================================== */

chronik_err_t chronik_conf_apply_env(chronik_conf_t *conf, char *errbuf, size_t errlen) {
    static const struct { const char *env, *key; } map[] = {
        {"CHRONIK_DATA_DIR", "data.dir"},
        {"CHRONIK_BIND_ADDR", "bind.address"},
        {"CHRONIK_ADVERTISED_ADDR", "advertised.listeners"},
        {"CHRONIK_KAFKA_PORT", "kafka.port"},
        {"CHRONIK_HTTP_PORT", NULL},
        {"CHRONIK_ADMIN_API_KEY", "admin.api.key"},
        {"RUST_LOG", "log.level"},
        {"CHRONIK_LOG", "log.level"},
        {"CHRONIK_FLUSH_POLICY", "flush.policy"},
    };
    if (!conf) return CHRONIK_ERR_INVALID_ARG;
    for (size_t i = 0; i < CK_ARRAY_LEN(map); i++) {
        const char *v = getenv(map[i].env);
        if (!v || !*v) continue;
        char vbuf[512];
        const char *key = map[i].key;
        if (!key) {
            /* CHRONIK_HTTP_PORT: keep the host of http.listen, replace the port. */
            char cur[256];
            chronik_conf_get(conf, "http.listen", cur, sizeof(cur));
            char *colon = strrchr(cur, ':');
            if (colon) *colon = 0;
            snprintf(vbuf, sizeof(vbuf), "%s:%s", colon ? cur : "0.0.0.0", v);
            key = "http.listen";
            v = vbuf;
        } else if (strcmp(key, "log.level") == 0) {
            /* RUST_LOG may be "info" or "chronik=debug,other=warn": take the first level. */
            snprintf(vbuf, sizeof(vbuf), "%s", v);
            char *eq = strchr(vbuf, '=');
            char *lvl = eq ? eq + 1 : vbuf;
            lvl[strcspn(lvl, ",")] = 0;
            v = lvl;
        }
        char err[256] = "";
        chronik_err_t rc = chronik_conf_set(conf, key, v, err, sizeof(err));
        if (rc) {
            if (errbuf && errlen) snprintf(errbuf, errlen, "%s: %s", map[i].env, err);
            return rc;
        }
    }
    return CHRONIK_OK;
}

chronik_err_t chronik_serve(chronik_t *chronik, char *info, size_t infolen) {
    CHECK_ENGINE(chronik);
    char hp[300];
    const chronik_conf_t *conf = ck_engine_conf(chronik);
    const char *bind = ck_conf_str(conf, CK_BK_BIND_ADDRESS);
    int64_t port = ck_conf_num(conf, CK_BK_KAFKA_PORT);
    if (strchr(bind, ':')) snprintf(hp, sizeof(hp), "[%s]:%lld", bind, (long long)port);
    else snprintf(hp, sizeof(hp), "%s:%lld", bind, (long long)port);
    int bound = 0;
    int n = 0;
    chronik_err_t rc;
    if (ck_conf_str(conf, CK_BK_LISTENERS)[0] != '\0') {   /* listeners: every configured listener */
        char lerr[512] = "";
        rc = (chronik_err_t)ck_kafka_listen_all(chronik, info, infolen, lerr, sizeof(lerr));
        if (rc) {
            ck_engine_set_errmsg("%s", lerr);
            return rc;
        }
        n = info && infolen ? (int)strlen(info) : 0;
    } else {
        rc = chronik_kafka_listen(chronik, hp, &bound);
        if (rc) return rc;
        if (info && infolen)
            n = snprintf(info, infolen, "kafka listening on %s:%d (advertised %s:%d)", bind, bound,
                         ck_kafka_advertised_host(ck_kafka_of(chronik)), ck_kafka_advertised_port(ck_kafka_of(chronik)));
    }
    const char *hl = ck_conf_str(conf, CK_BK_HTTP_LISTEN);
    if (hl && *hl && strcmp(hl, "off") != 0) {
        int hport = 0;
        rc = chronik_http_listen(chronik, hl, &hport);
        if (rc) return rc;
        int hlen = (int)(strrchr(hl, ':') ? strrchr(hl, ':') - hl : (ptrdiff_t)strlen(hl));
        if (info && n >= 0 && (size_t)n < infolen)   /* no host: the REST API is on bind.address */
            snprintf(info + n, infolen - (size_t)n, "; http listening on %.*s:%d", hlen ? hlen : (int)strlen(bind),
                     hlen ? hl : bind, hport);
    }
    return ok();
}
