/*
 * quota.c — client quotas with Kafka's semantics: the entities (a user
 * and/or a client-id, each named or the default), their values
 * (producer_byte_rate, consumer_byte_rate, request_percentage), the
 * DescribeClientQuotas / AlterClientQuotas operations, and the rate
 * tracker that turns what a client did into a throttle time.
 *
 * Entities live in CK_META_QUOTAS under an encoded key
 *
 *     user_flag(1) [user] \0 client_flag(1) [client-id]
 *     (flag 0: no such part, 1: the default, 2: a name follows)
 *
 * with the value version(1)=1 count(1) then count × (type(1) float64(8)).
 * In memory a map of the same keys holds them under a rwlock (lookups take
 * the read side); writers serialize on a mutex and change the map only once
 * the store has the change.
 *
 * The rate of each sensor (Kafka's name for what a quota is measured
 * against: one per (user tag, client tag), shared by the clients a user- or
 * client-level quota covers) is Kafka's Rate over a SampledStat:
 * quota.window.num windows of quota.window.size.seconds.  Sensors idle for
 * an hour are dropped, as Kafka expires them.
 */
#include "security/sec_int.h"

#include <math.h>
#include <stdio.h>
#include <string.h>

#define QUOTA_VERSION      1
#define SENSOR_EXPIRE_MS   (3600 * 1000)
#define SWEEP_INTERVAL_MS  (60 * 1000)

static const char *const quota_keys[CK_QUOTA__COUNT] = {
    "producer_byte_rate", "consumer_byte_rate", "request_percentage",
};

typedef struct qent {
    ck_quota_entity e;
    bool            set[CK_QUOTA__COUNT];
    double          v[CK_QUOTA__COUNT];
} qent;

struct ck_quota_store {
    pthread_rwlock_t lock;          /* guards ents */
    pthread_mutex_t  wmu;           /* serializes writers */
    ck_map           ents;          /* entity key → qent* */
    int32_t          window_num;
    int64_t          window_ms;
    pthread_mutex_t  rmu;           /* guards sensors, last_sweep */
    ck_map           sensors;       /* type + user tag \0 client tag → ck_rate* */
    int64_t          last_sweep;
    ck_quota_stats   stats;         /* atomics */
};

/** @brief Quota type of a config key, or -1. */
int ck_quota_key_parse(const char *key)
{
    int t;

    for (t = 0; key != NULL && t < CK_QUOTA__COUNT; t++)
        if (strcmp(key, quota_keys[t]) == 0)
            return t;
    return -1;
}

/** @brief Config key of a quota type. */
const char *ck_quota_key_name(int type)
{
    return type >= 0 && type < CK_QUOTA__COUNT ? quota_keys[type] : NULL;
}

/* ====================================================================== */
/* The rate: Kafka's Rate over a SampledStat                                */
/* ====================================================================== */

typedef struct rate_sample {
    int64_t start_ms;
    double  value;
} rate_sample;

struct ck_rate {
    int          samples;     /* configured number of windows */
    int64_t      window_ms;
    int          used;        /* samples created so far */
    int          current;
    int64_t      last_ms;
    rate_sample *s;
};

/** @brief A new rate. */
ck_rate *ck_rate_new(int samples, int64_t window_ms)
{
    ck_rate *r = ck_calloc(1, sizeof(*r));

    r->samples = samples < 2 ? 2 : samples;
    r->window_ms = window_ms < 1 ? 1 : window_ms;
    r->s = ck_calloc((size_t)r->samples, sizeof(*r->s));
    return r;
}

/** @brief Frees r.  NULL does nothing. */
void ck_rate_free(ck_rate *r)
{
    if (r == NULL)
        return;
    ck_free(r->s);
    ck_free(r);
}

/* Resets samples older than samples × window (SampledStat.purgeObsoleteSamples). */
static void rate_purge(ck_rate *r, int64_t now)
{
    int64_t expire = (int64_t)r->samples * r->window_ms;
    int     i;

    for (i = 0; i < r->used; i++) {
        if (now - r->s[i].start_ms >= expire) {
            r->s[i].start_ms = now;
            r->s[i].value = 0;
        }
    }
}

/** @brief Adds value at now (SampledStat.record). */
void ck_rate_record(ck_rate *r, double value, int64_t now)
{
    rate_sample *cur;

    if (r->used == 0) {
        r->s[0].start_ms = now;
        r->s[0].value = 0;
        r->used = 1;
        r->current = 0;
    }
    cur = &r->s[r->current];
    if (now - cur->start_ms >= r->window_ms) {   /* the window is complete: advance */
        r->current = (r->current + 1) % r->samples;
        if (r->current >= r->used)
            r->used = r->current + 1;
        cur = &r->s[r->current];
        cur->start_ms = now;
        cur->value = 0;
    }
    cur->value += value;
    r->last_ms = now;
}

/** @brief The measurement window (Rate.windowSize). */
int64_t ck_rate_window_ms(ck_rate *r, int64_t now)
{
    int64_t oldest, elapsed, full, minfull = r->samples - 1;
    int     i;

    rate_purge(r, now);
    if (r->used == 0) {
        r->s[0].start_ms = now;
        r->s[0].value = 0;
        r->used = 1;
        r->current = 0;
    }
    oldest = r->s[0].start_ms;
    for (i = 1; i < r->used; i++)
        if (r->s[i].start_ms < oldest)
            oldest = r->s[i].start_ms;
    elapsed = now - oldest;
    full = elapsed / r->window_ms;
    if (full < minfull)
        elapsed += (minfull - full) * r->window_ms;
    return elapsed < 1 ? 1 : elapsed;
}

/** @brief The rate per second (Rate.measure). */
double ck_rate_measure(ck_rate *r, int64_t now)
{
    double  total = 0;
    int64_t w = ck_rate_window_ms(r, now);   /* purges first */
    int     i;

    for (i = 0; i < r->used; i++)
        total += r->s[i].value;
    return total / ((double)w / 1000.0);
}

/** @brief Throttle time for bound (QuotaUtils.boundedThrottleTime). */
int64_t ck_rate_throttle_ms(ck_rate *r, double bound, int64_t now, int64_t max_ms)
{
    double  rate = ck_rate_measure(r, now);
    double  t;
    int64_t ms;

    if (bound <= 0 || rate <= bound)
        return 0;
    t = (rate - bound) / bound * (double)ck_rate_window_ms(r, now);
    ms = (int64_t)llround(t);
    return ms < max_ms ? ms : max_ms;
}

/** @brief Time of the last record. */
int64_t ck_rate_last_ms(const ck_rate *r)
{
    return r->last_ms;
}

/* ====================================================================== */
/* Entities                                                                 */
/* ====================================================================== */

/** @brief Adds one (type, name) pair to an entity. */
int ck_quota_entity_add(ck_quota_entity *e, const char *entity_type, const char *name, char *err, size_t errlen)
{
    if (entity_type == NULL || entity_type[0] == '\0') {
        ck_errf(err, errlen, "Invalid empty entity type.");
        return CHRONIK_ERR_INVALID_REQUEST;
    }
    if (strcmp(entity_type, "user") == 0) {
        if (e->has_user)
            goto dup;
        e->has_user = true;
        e->user = name != NULL ? ck_strdup(name) : NULL;
        return 0;
    }
    if (strcmp(entity_type, "client-id") == 0) {
        if (e->has_client)
            goto dup;
        e->has_client = true;
        e->client_id = name != NULL ? ck_strdup(name) : NULL;
        return 0;
    }
    if (strcmp(entity_type, "ip") == 0) {
        ck_errf(err, errlen, "ip quota entities (connection rates) are not supported");
        return CHRONIK_ERR_INVALID_REQUEST;
    }
    ck_errf(err, errlen, "Unhandled client quota entity type: %.100s", entity_type);
    return CHRONIK_ERR_INVALID_REQUEST;
dup:
    ck_errf(err, errlen, "Duplicate %s entity type in the quota entity", entity_type);
    return CHRONIK_ERR_INVALID_REQUEST;
}

/** @brief Frees the names of e. */
void ck_quota_entity_clear(ck_quota_entity *e)
{
    if (e == NULL)
        return;
    ck_free(e->user);
    ck_free(e->client_id);
    memset(e, 0, sizeof(*e));
}

static void entity_copy(ck_quota_entity *dst, const ck_quota_entity *src)
{
    *dst = *src;
    dst->user = src->user != NULL ? ck_strdup(src->user) : NULL;
    dst->client_id = src->client_id != NULL ? ck_strdup(src->client_id) : NULL;
}

static void key_part(ck_wb *wb, bool has, const char *name)
{
    ck_wb_i8(wb, (int8_t)(!has ? 0 : name == NULL ? 1 : 2));
    if (has && name != NULL)
        ck_wb_put(wb, name, strlen(name));
    ck_wb_put(wb, "", 1);
}

static void entity_key(const ck_quota_entity *e, ck_wb *wb)
{
    ck_wb_reset(wb);
    key_part(wb, e->has_user, e->user);
    key_part(wb, e->has_client, e->client_id);
}

static int entity_from_key(const uint8_t *k, size_t kl, ck_quota_entity *e)
{
    const uint8_t *end = k + kl, *nul;
    int            part;

    memset(e, 0, sizeof(*e));
    for (part = 0; part < 2; part++) {
        uint8_t flag;
        char   *name = NULL;

        if (k >= end)
            goto bad;
        flag = *k++;
        nul = memchr(k, '\0', (size_t)(end - k));
        if (nul == NULL || flag > 2 || (flag != 2 && nul != k))
            goto bad;
        if (flag == 2)
            name = ck_strndup((const char *)k, (size_t)(nul - k));
        if (part == 0) {
            e->has_user = flag != 0;
            e->user = name;
        } else {
            e->has_client = flag != 0;
            e->client_id = name;
        }
        k = nul + 1;
    }
    if (k != end || (!e->has_user && !e->has_client))
        goto bad;
    return 0;
bad:
    ck_quota_entity_clear(e);
    return CHRONIK_ERR_CORRUPT;
}

static void qent_encode(const qent *q, ck_wb *wb)
{
    int t, n = 0;

    for (t = 0; t < CK_QUOTA__COUNT; t++)
        n += q->set[t];
    ck_wb_i8(wb, QUOTA_VERSION);
    ck_wb_i8(wb, (int8_t)n);
    for (t = 0; t < CK_QUOTA__COUNT; t++) {
        if (q->set[t]) {
            ck_wb_i8(wb, (int8_t)t);
            ck_wb_f64(wb, q->v[t]);
        }
    }
}

static int qent_decode(const void *v, size_t vl, qent *q)
{
    ck_rd rd;
    int   n, i, t;

    ck_rd_init(&rd, v, vl);
    if (ck_rd_i8(&rd) != QUOTA_VERSION)
        return CHRONIK_ERR_CORRUPT;
    n = ck_rd_i8(&rd);
    for (i = 0; i < n; i++) {
        t = ck_rd_i8(&rd);
        if (t < 0 || t >= CK_QUOTA__COUNT)
            return CHRONIK_ERR_CORRUPT;
        q->set[t] = true;
        q->v[t] = ck_rd_f64(&rd);
    }
    return rd.err ? CHRONIK_ERR_CORRUPT : 0;
}

static void qent_free(qent *q)
{
    if (q == NULL)
        return;
    ck_quota_entity_clear(&q->e);
    ck_free(q);
}

/* ====================================================================== */
/* Store                                                                    */
/* ====================================================================== */

typedef struct qload_ctx {
    ck_quota_store *q;
    int             err;
} qload_ctx;

static int qload_cb(void *opaque, const void *k, size_t kl, const void *v, size_t vl)
{
    qload_ctx *lc = opaque;
    qent      *q = ck_calloc(1, sizeof(*q));

    lc->err = entity_from_key(k, kl, &q->e);
    if (lc->err == 0)
        lc->err = qent_decode(v, vl, q);
    if (lc->err != 0) {
        qent_free(q);
        return 1;
    }
    qent_free(ck_map_put(&lc->q->ents, k, kl, q));
    return 0;
}

static void store_free_maps(ck_quota_store *q)
{
    size_t      it = 0, klen;
    const char *key;
    void       *val;

    while (ck_map_next(&q->ents, &it, &key, &klen, &val))
        qent_free(val);
    ck_map_free(&q->ents);
    it = 0;
    while (ck_map_next(&q->sensors, &it, &key, &klen, &val))
        ck_rate_free(val);
    ck_map_free(&q->sensors);
}

/** @brief Loads the quota entities of s. */
int ck_quota_store_load(ck_sec *s, int32_t window_num, int32_t window_seconds, char *err, size_t errlen)
{
    ck_quota_store *q = ck_calloc(1, sizeof(*q));
    qload_ctx       lc = {q, 0};
    int             rc;

    pthread_rwlock_init(&q->lock, NULL);
    pthread_mutex_init(&q->wmu, NULL);
    pthread_mutex_init(&q->rmu, NULL);
    ck_map_init(&q->ents);
    ck_map_init(&q->sensors);
    q->window_num = window_num;
    q->window_ms = (int64_t)window_seconds * 1000;
    rc = ck_meta_scan(s->meta, CK_META_QUOTAS, NULL, 0, qload_cb, &lc);
    if (rc == 1)
        rc = lc.err;
    if (rc != 0) {
        ck_errf(err, errlen, "cannot load the client quotas: %s",
                rc == CHRONIK_ERR_CORRUPT ? "a stored entity does not decode" : ck_meta_errmsg(s->meta));
        ck_quota_store_free(q);
        return rc;
    }
    s->quotas = q;
    return 0;
}

/** @brief Frees a quota store. */
void ck_quota_store_free(ck_quota_store *q)
{
    if (q == NULL)
        return;
    store_free_maps(q);
    pthread_rwlock_destroy(&q->lock);
    pthread_mutex_destroy(&q->wmu);
    pthread_mutex_destroy(&q->rmu);
    ck_free(q);
}

/* ====================================================================== */
/* AlterClientQuotas                                                        */
/* ====================================================================== */

static int validate_alter(const ck_quota_alter *a, size_t max_key, char *msg, size_t msglen)
{
    bool   seen[CK_QUOTA__COUNT] = {false};
    size_t i, klen;
    int    t;

    if (a->entity == NULL || (!a->entity->has_user && !a->entity->has_client)) {
        snprintf(msg, msglen, "Invalid empty client quota entity");
        return CHRONIK_ERR_INVALID_REQUEST;
    }
    klen = 4 + (a->entity->user ? strlen(a->entity->user) : 0) +
           (a->entity->client_id ? strlen(a->entity->client_id) : 0);
    if (klen > max_key) {
        snprintf(msg, msglen, "The quota entity's names are longer than %zu bytes together", max_key - 4);
        return CHRONIK_ERR_INVALID_REQUEST;
    }
    for (i = 0; i < a->nops; i++) {
        const ck_quota_op *op = &a->ops[i];

        t = ck_quota_key_parse(op->key);
        if (t < 0) {
            snprintf(msg, msglen, "Invalid configuration key %.100s", op->key != NULL ? op->key : "null");
            return CHRONIK_ERR_INVALID_REQUEST;
        }
        if (seen[t]) {
            snprintf(msg, msglen, "Duplicate configuration key %s", quota_keys[t]);
            return CHRONIK_ERR_INVALID_REQUEST;
        }
        seen[t] = true;
        if (op->remove)
            continue;
        if (!isfinite(op->value) || op->value <= 0) {
            snprintf(msg, msglen, "Invalid value %g for configuration key %s: it must be positive", op->value,
                     quota_keys[t]);
            return CHRONIK_ERR_INVALID_REQUEST;
        }
        if (t != CK_QUOTA_REQUEST && (op->value != floor(op->value) || op->value > 9.2e18)) {
            snprintf(msg, msglen, "Configuration %s must be a Long value", quota_keys[t]);
            return CHRONIK_ERR_INVALID_REQUEST;
        }
    }
    return 0;
}

/** @brief AlterClientQuotas. */
int ck_quota_alter_entries(ck_sec *s, const ck_quota_alter *entries, size_t n, bool validate_only,
                           ck_quota_result *res)
{
    ck_quota_store *q = s->quotas;
    ck_meta_batch  *b = NULL;
    qent          **next;        /* per entry: the entity's new state (NULL: removed or invalid) */
    bool           *removed;
    ck_wb           key, val;
    size_t          i, j, klen;
    int             rc = 0, t;

    for (i = 0; i < n; i++) {
        memset(&res[i], 0, sizeof(res[i]));
        res[i].err = validate_alter(&entries[i], ck_meta_max_key(s->meta), res[i].msg, sizeof(res[i].msg));
    }
    if (validate_only)
        return 0;
    next = ck_calloc(n + 1, sizeof(*next));
    removed = ck_calloc(n + 1, sizeof(*removed));
    ck_wb_init(&key, 64);
    ck_wb_init(&val, 64);
    pthread_mutex_lock(&q->wmu);
    b = ck_meta_batch_begin(s->meta);
    if (b == NULL) {
        rc = CHRONIK_ERR_IO;
        goto out;
    }
    for (i = 0; i < n; i++) {
        const qent *cur = NULL;
        qent       *nq;
        bool        any = false;

        if (res[i].err != 0)
            continue;
        entity_key(entries[i].entity, &key);
        klen = key.len;
        /* The state this entry starts from: an earlier entry of this request
         * for the same entity, else the stored one. */
        for (j = i; j-- > 0;) {
            ck_wb other;

            if (res[j].err != 0)
                continue;
            ck_wb_init(&other, 64);
            entity_key(entries[j].entity, &other);
            if (other.len == klen && memcmp(other.buf, key.buf, klen) == 0) {
                cur = next[j];
                ck_wb_free(&other);
                goto found;
            }
            ck_wb_free(&other);
        }
        cur = ck_map_get(&q->ents, (const char *)key.buf, klen);   /* writers hold wmu: no reader changes ents */
    found:
        nq = ck_calloc(1, sizeof(*nq));
        entity_copy(&nq->e, entries[i].entity);
        if (cur != NULL) {
            memcpy(nq->set, cur->set, sizeof(nq->set));
            memcpy(nq->v, cur->v, sizeof(nq->v));
        }
        for (j = 0; j < entries[i].nops; j++) {
            t = ck_quota_key_parse(entries[i].ops[j].key);
            nq->set[t] = !entries[i].ops[j].remove;
            nq->v[t] = entries[i].ops[j].remove ? 0 : entries[i].ops[j].value;
        }
        for (t = 0; t < CK_QUOTA__COUNT; t++)
            any |= nq->set[t];
        if (any) {
            ck_wb_reset(&val);
            qent_encode(nq, &val);
            ck_meta_batch_put(b, CK_META_QUOTAS, key.buf, klen, val.buf, val.len);
            next[i] = nq;
        } else {
            ck_meta_batch_del(b, CK_META_QUOTAS, key.buf, klen);
            removed[i] = true;
            qent_free(nq);
        }
    }
    rc = ck_meta_batch_commit(b);
out:
    if (rc != 0) {
        for (i = 0; i < n; i++) {
            if (res[i].err == 0) {
                res[i].err = CHRONIK_ERR_KAFKA_STORAGE_ERROR;
                snprintf(res[i].msg, sizeof(res[i].msg), "the quotas could not be stored: %.120s",
                         ck_meta_errmsg(s->meta));
            }
        }
    } else {
        pthread_rwlock_wrlock(&q->lock);
        for (i = 0; i < n; i++) {
            if (res[i].err != 0 || (next[i] == NULL && !removed[i]))
                continue;
            entity_key(entries[i].entity, &key);
            if (next[i] != NULL) {
                qent *copy = ck_calloc(1, sizeof(*copy));

                entity_copy(&copy->e, &next[i]->e);
                memcpy(copy->set, next[i]->set, sizeof(copy->set));
                memcpy(copy->v, next[i]->v, sizeof(copy->v));
                qent_free(ck_map_put(&q->ents, (const char *)key.buf, key.len, copy));
            } else {
                qent_free(ck_map_del(&q->ents, (const char *)key.buf, key.len));
            }
        }
        pthread_rwlock_unlock(&q->lock);
    }
    pthread_mutex_unlock(&q->wmu);
    for (i = 0; i < n; i++)
        qent_free(next[i]);
    ck_free(next);
    ck_free(removed);
    ck_wb_free(&key);
    ck_wb_free(&val);
    return rc;
}

/* ====================================================================== */
/* DescribeClientQuotas                                                     */
/* ====================================================================== */

typedef struct want {
    bool        exact;       /* EXACT or DEFAULT */
    bool        specified;   /* SPECIFIED */
    const char *name;        /* EXACT: the name; DEFAULT: NULL */
} want;

static bool part_matches(const want *w, bool has, const char *name)
{
    if (!w->exact && !w->specified)
        return true;
    if (!has)
        return false;
    if (w->specified)
        return true;
    if (w->name == NULL)
        return name == NULL;
    return name != NULL && strcmp(name, w->name) == 0;
}

/** @brief DescribeClientQuotas. */
int ck_quota_describe(ck_sec *s, const ck_quota_filter *filters, size_t n, bool strict, ck_quota_entry **out,
                      size_t *nout, char *err, size_t errlen)
{
    ck_quota_store *q = s->quotas;
    want            wu = {false, false, NULL}, wc = {false, false, NULL};
    bool            ip = false;
    size_t          i, cnt = 0, it = 0, klen, nwant = 0;
    const char     *key;
    void           *val;

    *out = NULL;
    *nout = 0;
    for (i = 0; i < n; i++) {
        const ck_quota_filter *f = &filters[i];
        want                  *w;

        if (f->entity_type == NULL || f->entity_type[0] == '\0') {
            ck_errf(err, errlen, "Invalid empty entity type.");
            return CHRONIK_ERR_INVALID_REQUEST;
        }
        if (strcmp(f->entity_type, "user") == 0) {
            w = &wu;
        } else if (strcmp(f->entity_type, "client-id") == 0) {
            w = &wc;
        } else if (strcmp(f->entity_type, "ip") == 0) {
            if (ip)
                goto repeated;
            ip = true;
            w = NULL;
        } else {
            ck_errf(err, errlen, "Unsupported entity type %.100s", f->entity_type);
            return CHRONIK_ERR_UNSUPPORTED_VERSION;
        }
        if (w != NULL && (w->exact || w->specified))
            goto repeated;
        switch (f->match_type) {
        case CK_QUOTA_MATCH_EXACT:
            if (f->match == NULL) {
                ck_errf(err, errlen, "Request specified MATCH_TYPE_EXACT, but set match string to null");
                return CHRONIK_ERR_INVALID_REQUEST;
            }
            if (w != NULL) {
                w->exact = true;
                w->name = f->match;
            }
            break;
        case CK_QUOTA_MATCH_DEFAULT:
        case CK_QUOTA_MATCH_SPECIFIED:
            if (f->match != NULL) {
                ck_errf(err, errlen, "Request specified MATCH_TYPE_%s, but also specified a match string",
                        f->match_type == CK_QUOTA_MATCH_DEFAULT ? "DEFAULT" : "SPECIFIED");
                return CHRONIK_ERR_INVALID_REQUEST;
            }
            if (w != NULL) {
                w->exact = f->match_type == CK_QUOTA_MATCH_DEFAULT;
                w->specified = f->match_type == CK_QUOTA_MATCH_SPECIFIED;
            }
            break;
        default:
            ck_errf(err, errlen, "Unsupported match type %d", f->match_type);
            return CHRONIK_ERR_UNSUPPORTED_VERSION;
        }
        nwant++;
    }
    if (ip && (wu.exact || wu.specified || wc.exact || wc.specified)) {
        ck_errf(err, errlen, "Invalid entity filter component combination. IP filter component should not be used "
                             "with user or clientId filter component.");
        return CHRONIK_ERR_INVALID_REQUEST;
    }
    if (ip)
        return 0;   /* no ip entity is ever stored */
    pthread_rwlock_rdlock(&q->lock);
    while (ck_map_next(&q->ents, &it, &key, &klen, &val)) {
        const qent *e = val;

        if (strict && (size_t)(e->e.has_user + e->e.has_client) != nwant)
            continue;
        if (!part_matches(&wu, e->e.has_user, e->e.user) || !part_matches(&wc, e->e.has_client, e->e.client_id))
            continue;
        if (cnt % 16 == 0)
            *out = ck_realloc(*out, (cnt + 16) * sizeof(**out));
        entity_copy(&(*out)[cnt].entity, &e->e);
        memcpy((*out)[cnt].set, e->set, sizeof(e->set));
        memcpy((*out)[cnt].value, e->v, sizeof(e->v));
        cnt++;
    }
    pthread_rwlock_unlock(&q->lock);
    *nout = cnt;
    return 0;
repeated:
    ck_errf(err, errlen, "Entity type %s cannot appear more than once in the filter.", filters[i].entity_type);
    return CHRONIK_ERR_INVALID_REQUEST;
}

/** @brief Frees entries from ck_quota_describe. */
void ck_quota_entries_free(ck_quota_entry *entries, size_t n)
{
    size_t i;

    if (entries == NULL)
        return;
    for (i = 0; i < n; i++)
        ck_quota_entity_clear(&entries[i].entity);
    ck_free(entries);
}

/* ====================================================================== */
/* Lookup and enforcement                                                   */
/* ====================================================================== */

/* Writes the key of (user part, client part) into buf (cap bytes, enough
 * for both names and four bytes); returns its length. */
static size_t level_key(char *buf, int8_t upart, const char *user, size_t ulen, int8_t cpart, const char *client,
                        size_t clen)
{
    size_t n = 0;

    buf[n++] = (char)upart;
    if (upart == 2) {
        memcpy(buf + n, user, ulen);
        n += ulen;
    }
    buf[n++] = '\0';
    buf[n++] = (char)cpart;
    if (cpart == 2) {
        memcpy(buf + n, client, clen);
        n += clen;
    }
    buf[n++] = '\0';
    return n;
}

/** @brief The quota for user/client_id in Kafka's precedence order. */
void ck_quota_lookup(ck_sec *s, int type, const char *user, const char *client_id, ck_quota_limit *out)
{
    /* (user part, client part, tag user, tag client): part 0 none, 1 default, 2 named */
    static const int8_t order[8][4] = {
        {2, 2, 1, 1}, {2, 1, 1, 1}, {2, 0, 1, 0}, {1, 2, 1, 1},
        {1, 1, 1, 1}, {1, 0, 1, 0}, {0, 2, 0, 1}, {0, 1, 0, 1},
    };
    ck_quota_store *q = s->quotas;
    char            kbuf[512];
    char           *key;
    size_t          ulen, clen, klen;
    int             i;

    if (user == NULL)
        user = "";
    if (client_id == NULL)
        client_id = "";
    out->limit = -1;
    out->user_tag[0] = '\0';
    snprintf(out->client_tag, sizeof(out->client_tag), "%s", client_id);
    if (type < 0 || type >= CK_QUOTA__COUNT)
        return;
    ulen = strlen(user);
    clen = strlen(client_id);
    key = ulen + clen + 4 <= sizeof(kbuf) ? kbuf : ck_malloc(ulen + clen + 4);
    pthread_rwlock_rdlock(&q->lock);
    for (i = 0; i < 8 && q->ents.count > 0; i++) {
        const qent *found;

        klen = level_key(key, order[i][0], user, ulen, order[i][1], client_id, clen);
        found = ck_map_get(&q->ents, key, klen);
        if (found == NULL || !found->set[type])
            continue;
        out->limit = found->v[type];
        snprintf(out->user_tag, sizeof(out->user_tag), "%s", order[i][2] ? user : "");
        snprintf(out->client_tag, sizeof(out->client_tag), "%s", order[i][3] ? client_id : "");
        break;
    }
    pthread_rwlock_unlock(&q->lock);
    if (key != kbuf)
        ck_free(key);
}

static void sweep_sensors(ck_quota_store *q, int64_t now)
{
    size_t      it = 0, klen;
    const char *key;
    void       *val;

    q->last_sweep = now;
    while (ck_map_next(&q->sensors, &it, &key, &klen, &val)) {
        if (now - ck_rate_last_ms(val) >= SENSOR_EXPIRE_MS) {
            ck_rate_free(ck_map_del(&q->sensors, key, klen));
            it = 0;   /* the table may have moved: start over */
        }
    }
}

/** @brief Records value and returns the throttle time in ms. */
int64_t ck_quota_record(ck_sec *s, int type, const char *user, const char *client_id, double value, int64_t now_ms)
{
    ck_quota_store *q = s->quotas;
    ck_quota_limit  lim;
    ck_rate        *r;
    char            key[1 + sizeof(lim.user_tag) + sizeof(lim.client_tag)];
    size_t          ulen, clen, klen;
    int64_t         ms;

    ck_quota_lookup(s, type, user, client_id, &lim);
    if (lim.limit < 0)
        return 0;
    /* The sensor: type, user tag \0 client tag. */
    ulen = strlen(lim.user_tag);
    clen = strlen(lim.client_tag);
    key[0] = (char)type;
    memcpy(key + 1, lim.user_tag, ulen + 1);
    memcpy(key + 2 + ulen, lim.client_tag, clen);
    klen = 2 + ulen + clen;
    pthread_mutex_lock(&q->rmu);
    if (now_ms - q->last_sweep >= SWEEP_INTERVAL_MS)
        sweep_sensors(q, now_ms);
    r = ck_map_get(&q->sensors, key, klen);
    if (r == NULL) {
        r = ck_rate_new(q->window_num, q->window_ms);
        ck_map_put(&q->sensors, key, klen, r);
    }
    ck_rate_record(r, value, now_ms);
    ms = ck_rate_throttle_ms(r, lim.limit, now_ms, q->window_ms);
    pthread_mutex_unlock(&q->rmu);
    if (ms > 0) {
        __atomic_add_fetch(&q->stats.throttled[type], 1, __ATOMIC_RELAXED);
        __atomic_add_fetch(&q->stats.throttle_ms[type], (uint64_t)ms, __ATOMIC_RELAXED);
    }
    return ms;
}

/** @brief A copy of the quota counters. */
void ck_quota_stats_get(ck_sec *s, ck_quota_stats *out)
{
    int t;

    for (t = 0; t < CK_QUOTA__COUNT; t++) {
        out->throttled[t] = __atomic_load_n(&s->quotas->stats.throttled[t], __ATOMIC_RELAXED);
        out->throttle_ms[t] = __atomic_load_n(&s->quotas->stats.throttle_ms[t], __ATOMIC_RELAXED);
    }
}
