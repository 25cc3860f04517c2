/*
 * engine.c — the engine object: opening and closing the data directory, the
 * topic/partition registry, the produce path (validation, timestamp type,
 * idempotence, append, durability waiters), the read path and its
 * long-poll watches, and the background thread (retention, producer-state
 * snapshots).
 *
 * Locks, from outer to inner: eng->admin_lock (topic create/delete/alter),
 * eng->topics_lock (the name map), p->life (rwlock: read while using
 * p->log, write while deleting), p->produce_lock (idempotence + append),
 * p->wait_lock (durability waiters and watches).  The durable callback from
 * storage takes only p->wait_lock, so it may run inside ck_log_append.
 */
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/random.h>
#include <sys/stat.h>
#include <unistd.h>

#include "engine/engine_internal.h"

static __thread char tls_errmsg[512];

void ck_engine_set_errmsg(const char *fmt, ...) {
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(tls_errmsg, sizeof(tls_errmsg), fmt, ap);
    va_end(ap);
}

const char *ck_engine_errmsg(void) { return tls_errmsg; }

const chronik_conf_t *ck_engine_conf(ck_engine *eng) { return eng->conf; }
ck_meta *ck_engine_meta(ck_engine *eng) { return eng->meta; }
ck_flusher *ck_engine_flusher(ck_engine *eng) { return eng->flusher; }
const char *ck_engine_cluster_id(ck_engine *eng) { return eng->cluster_id; }
int32_t ck_engine_node_id(ck_engine *eng) { return eng->node_id; }
ck_engine_stats *ck_engine_stats_get(ck_engine *eng) { return &eng->stats; }

/* ===================================================================== */
/* Extension slots, waiting for shutdown                                 */
/* ===================================================================== */

void *ck_engine_ext(ck_engine *eng, const ck_ext_key *key) {
    int n = atomic_load_explicit(&eng->ext_count, memory_order_acquire);
    for (int i = 0; i < n; i++)
        if (eng->ext[i].key == key) return atomic_load_explicit(&eng->ext[i].value, memory_order_acquire);
    return NULL;
}

int ck_engine_ext_set(ck_engine *eng, const ck_ext_key *key, void *value) {
    int rc = 0;
    pthread_mutex_lock(&eng->ext_lock);
    int n = atomic_load_explicit(&eng->ext_count, memory_order_relaxed), i;
    for (i = 0; i < n && eng->ext[i].key != key; i++) {
    }
    if (i < n) {
        atomic_store_explicit(&eng->ext[i].value, value, memory_order_release);
    } else if (n < CK_ENGINE_EXT_MAX) {
        eng->ext[n].key = key;
        atomic_store_explicit(&eng->ext[n].value, value, memory_order_release);
        atomic_store_explicit(&eng->ext_count, n + 1, memory_order_release);
    } else {
        CK_ERR("engine", "no extension slot left for %s", key->name);
        rc = CHRONIK_ERR_BUSY;
    }
    pthread_mutex_unlock(&eng->ext_lock);
    return rc;
}

int ck_engine_ext_start(ck_engine *eng, const ck_ext_key *key, const char *what, ck_ext_start_fn start,
                        void (*stop)(void *value), void *arg, char *err, size_t errlen) {
    void *value = NULL;
    int rc;
    pthread_mutex_lock(&eng->ext_start_lock);
    if (ck_engine_ext(eng, key)) {
        ck_errf(err, errlen, "%s is already running", what);
        rc = CHRONIK_ERR_EXISTS;
    } else if ((rc = start(eng, arg, &value, err, errlen)) == 0 && (rc = ck_engine_ext_set(eng, key, value)) != 0) {
        stop(value);
        ck_errf(err, errlen, "no extension slot left for %s", what);
    }
    pthread_mutex_unlock(&eng->ext_start_lock);
    return rc;
}

void *ck_engine_ext_take(ck_engine *eng, const ck_ext_key *key) {
    pthread_mutex_lock(&eng->ext_start_lock);
    void *value = ck_engine_ext(eng, key);
    if (value) ck_engine_ext_set(eng, key, NULL);
    pthread_mutex_unlock(&eng->ext_start_lock);
    return value;
}

void ck_engine_wait(ck_engine *eng) {
    while (!atomic_load(&eng->shutdown_requested)) {
        struct pollfd pfd = {.fd = eng->wake_fd[0], .events = POLLIN};
        if (poll(&pfd, 1, 1000) > 0) {
            char buf[16];
            while (read(eng->wake_fd[0], buf, sizeof(buf)) > 0) {
            }
        }
    }
}

void ck_engine_shutdown(ck_engine *eng) {
    atomic_store(&eng->shutdown_requested, true);
    if (eng->wake_fd[1] >= 0) {
        ssize_t r = write(eng->wake_fd[1], "x", 1);
        (void)r;
    }
}

#define STAT_ADD(eng, field, v) __atomic_fetch_add(&(eng)->stats.field, (uint64_t)(v), __ATOMIC_RELAXED)

/* ===================================================================== */
/* Topic names and ids                                                   */
/* ===================================================================== */

bool ck_topic_name_valid(const char *name, size_t len) {
    if (!name || len == 0 || len > 249) return false;
    if ((len == 1 && name[0] == '.') || (len == 2 && name[0] == '.' && name[1] == '.')) return false;
    for (size_t i = 0; i < len; i++) {
        char c = name[i];
        if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '.' ||
              c == '_' || c == '-'))
            return false;
    }
    return true;
}

static void random_bytes(uint8_t *out, size_t n) {
    size_t got = 0;
    while (got < n) {
        ssize_t r = getrandom(out + got, n - got, 0);
        if (r < 0) {
            if (errno == EINTR) continue;
            /* Entropy unavailable: fall back to clock-seeded bytes. */
            uint64_t x = (uint64_t)ck_mono_ns() ^ (uint64_t)ck_now_ms() << 20;
            for (; got < n; got++) { x ^= x << 13; x ^= x >> 7; x ^= x << 17; out[got] = (uint8_t)x; }
            return;
        }
        got += (size_t)r;
    }
}

static void topic_id_new(uint8_t id[16]) {
    static const uint8_t zero[16];
    do {
        random_bytes(id, 16);
    } while (memcmp(id, zero, 16) == 0);
}

/* ===================================================================== */
/* Partitions                                                            */
/* ===================================================================== */

void ck_partition_conf_to_log(const ck_topic_conf *tc, ck_log_conf *lc) {
    ck_log_conf_defaults(lc);
    lc->segment_bytes = tc->num[CK_TK_SEGMENT_BYTES];
    lc->segment_ms = tc->num[CK_TK_SEGMENT_MS];
    lc->retention_ms = tc->num[CK_TK_RETENTION_MS];
    lc->retention_bytes = tc->num[CK_TK_RETENTION_BYTES];
    lc->index_interval_bytes = (int32_t)tc->num[CK_TK_INDEX_INTERVAL_BYTES];
}

static void partition_durable_cb(void *opaque, ck_log *log, int64_t durable_end);

static char *partition_dir(ck_engine *eng, const char *topic, int32_t idx) {
    size_t n = strlen(eng->logs_dir) + strlen(topic) + 32;
    char *d = ck_malloc(n);
    snprintf(d, n, "%s/%s-%d", eng->logs_dir, topic, (int)idx);
    return d;
}

static ck_partition *partition_open(ck_topic *t, int32_t idx, char *err, size_t errlen) {
    ck_partition *p = ck_calloc(1, sizeof(*p));
    p->topic = t;
    p->index = idx;
    p->dir = partition_dir(t->eng, t->name, idx);
    pthread_rwlock_init(&p->life, NULL);
    pthread_mutex_init(&p->produce_lock, NULL);
    pthread_mutex_init(&p->wait_lock, NULL);
    pthread_mutex_init(&p->txn_lock, NULL);
    atomic_store(&p->first_unstable, INT64_MAX);
    p->watches.next = p->watches.prev = &p->watches;
    ck_map_init(&p->producers);
    ck_log_conf lc;
    ck_partition_conf_to_log(&t->conf, &lc);
    int rc = ck_log_open(p->dir, &lc, t->eng->flusher, &p->log, err, errlen);
    if (rc != 0) {
        ck_map_free(&p->producers);
        pthread_rwlock_destroy(&p->life);
        pthread_mutex_destroy(&p->produce_lock);
        pthread_mutex_destroy(&p->wait_lock);
        pthread_mutex_destroy(&p->txn_lock);
        ck_free(p->dir);
        ck_free(p);
        return NULL;
    }
    ck_log_set_durable_cb(p->log, partition_durable_cb, p);
    ck_producer_state_load(p);
    return p;
}

/* Completes every durability waiter: with the error when the log failed. */
static void partition_fail_waiters(ck_partition *p, int errcode) {
    pthread_mutex_lock(&p->wait_lock);
    ck_durable_waiter *w = p->wait_head;
    p->wait_head = p->wait_tail = NULL;
    pthread_mutex_unlock(&p->wait_lock);
    while (w) {
        ck_durable_waiter *next = w->next;
        w->res.err = errcode;
        w->res.base_offset = -1;
        w->cb(w->opaque, &w->res);
        ck_free(w);
        w = next;
    }
}

/* Closes the log (delete: also removes its files) and frees p. */
static void partition_free(ck_partition *p, bool destroy) {
    if (!p) return;
    pthread_rwlock_wrlock(&p->life);
    if (p->log) {
        if (!destroy) ck_producer_state_save(p);
        if (destroy) ck_log_destroy(p->log);
        else ck_log_close(p->log);
        p->log = NULL;
    }
    pthread_rwlock_unlock(&p->life);
    partition_fail_waiters(p, CHRONIK_ERR_UNKNOWN_TOPIC_OR_PARTITION);
    ck_producer_state_free(p);
    ck_map_free(&p->producers);
    pthread_rwlock_destroy(&p->life);
    pthread_mutex_destroy(&p->produce_lock);
    pthread_mutex_destroy(&p->wait_lock);
    pthread_mutex_destroy(&p->txn_lock);
    ck_free(p->aborted);
    ck_free(p->dir);
    ck_free(p);
}

ck_topic *ck_partition_topic(ck_partition *p) { return p->topic; }
int32_t ck_partition_index(const ck_partition *p) { return p->index; }
ck_log *ck_partition_log(ck_partition *p) { return p->log; }

/* ===================================================================== */
/* Topics                                                                */
/* ===================================================================== */

void ck_topic_keep(ck_topic *t) { atomic_fetch_add_explicit(&t->refs, 1, memory_order_relaxed); }

static void topic_free(ck_topic *t) {
    bool destroy = atomic_load(&t->deleted);
    ck_partition **parts = atomic_load(&t->parts);
    int32_t n = atomic_load(&t->npart);
    for (int32_t i = 0; i < n; i++) partition_free(parts[i], destroy);
    ck_free(parts);
    for (int32_t i = 0; i < t->nold; i++) ck_free(t->old_parts[i]);
    ck_free(t->old_parts);
    if (destroy) {
        /* The partition directories are gone; remove nothing else. */
    }
    ck_topic_conf_free(&t->conf);
    pthread_mutex_destroy(&t->conf_lock);
    ck_free(t->name);
    ck_free(t);
}

void ck_topic_release(ck_topic *t) {
    if (t && atomic_fetch_sub_explicit(&t->refs, 1, memory_order_acq_rel) == 1) topic_free(t);
}

const char *ck_topic_name(const ck_topic *t) { return t->name; }
const uint8_t *ck_topic_id(const ck_topic *t) { return t->id; }
int32_t ck_topic_partition_count(const ck_topic *t) { return atomic_load_explicit(&t->npart, memory_order_acquire); }
bool ck_topic_deleted(const ck_topic *t) { return atomic_load(&t->deleted); }

ck_partition *ck_topic_partition(ck_topic *t, int32_t idx) {
    int32_t n = atomic_load_explicit(&t->npart, memory_order_acquire);
    if (idx < 0 || idx >= n) return NULL;
    ck_partition **parts = atomic_load_explicit(&t->parts, memory_order_acquire);
    return parts[idx];
}

void ck_topic_conf_snapshot(ck_topic *t, ck_topic_conf *out) {
    pthread_mutex_lock(&t->conf_lock);
    ck_topic_conf_copy(out, &t->conf);
    pthread_mutex_unlock(&t->conf_lock);
}

/* Builds a topic object and opens its partitions 0..n-1. */
static ck_topic *topic_new(ck_engine *eng, const char *name, const uint8_t id[16], int32_t n,
                           const ck_topic_conf *tc, char *err, size_t errlen) {
    ck_topic *t = ck_calloc(1, sizeof(*t));
    atomic_init(&t->refs, 1);
    t->eng = eng;
    t->name = ck_strdup(name);
    memcpy(t->id, id, 16);
    pthread_mutex_init(&t->conf_lock, NULL);
    ck_topic_conf_copy(&t->conf, tc);
    t->cap = n < 16 ? 16 : n * 2;
    ck_partition **parts = ck_calloc((size_t)t->cap, sizeof(*parts));
    atomic_init(&t->parts, parts);
    atomic_init(&t->npart, 0);
    for (int32_t i = 0; i < n; i++) {
        parts[i] = partition_open(t, i, err, errlen);
        if (!parts[i]) {
            atomic_store(&t->npart, i);
            ck_topic_release(t);
            return NULL;
        }
    }
    atomic_store(&t->npart, n);
    return t;
}

ck_topic *ck_engine_topic_get(ck_engine *eng, const char *name, size_t len) {
    pthread_rwlock_rdlock(&eng->topics_lock);
    ck_topic *t = ck_map_get(&eng->topics, name, len);
    if (t) ck_topic_keep(t);
    pthread_rwlock_unlock(&eng->topics_lock);
    return t;
}

ck_topic *ck_engine_topic_get_by_id(ck_engine *eng, const uint8_t id[16]) {
    ck_topic *found = NULL;
    pthread_rwlock_rdlock(&eng->topics_lock);
    size_t it = 0;
    const char *k;
    size_t kl;
    void *v;
    while (ck_map_next(&eng->topics, &it, &k, &kl, &v)) {
        ck_topic *t = v;
        if (memcmp(t->id, id, 16) == 0) {
            found = t;
            ck_topic_keep(t);
            break;
        }
    }
    pthread_rwlock_unlock(&eng->topics_lock);
    return found;
}

static int topic_cmp(const void *a, const void *b) {
    return strcmp((*(ck_topic *const *)a)->name, (*(ck_topic *const *)b)->name);
}

ck_topic **ck_engine_topic_list(ck_engine *eng, size_t *n) {
    pthread_rwlock_rdlock(&eng->topics_lock);
    size_t cnt = eng->topics.count;
    ck_topic **arr = ck_calloc(cnt ? cnt : 1, sizeof(*arr));
    size_t i = 0, it = 0;
    const char *k;
    size_t kl;
    void *v;
    while (ck_map_next(&eng->topics, &it, &k, &kl, &v) && i < cnt) {
        arr[i] = v;
        ck_topic_keep(arr[i]);
        i++;
    }
    pthread_rwlock_unlock(&eng->topics_lock);
    qsort(arr, i, sizeof(*arr), topic_cmp);
    *n = i;
    return arr;
}

void ck_topics_release(ck_topic **topics, size_t n) {
    for (size_t i = 0; i < n; i++) ck_topic_release(topics[i]);
    ck_free(topics);
}

int ck_engine_add_topic_listener(ck_engine *eng, ck_topic_listener_fn fn, void *opaque) {
    int rc = CHRONIK_ERR_BUSY;
    pthread_mutex_lock(&eng->admin_lock);
    if (eng->nlisteners < (int)CK_ARRAY_LEN(eng->listeners)) {
        eng->listeners[eng->nlisteners].fn = fn;
        eng->listeners[eng->nlisteners].opaque = opaque;
        eng->nlisteners++;
        rc = 0;
    }
    pthread_mutex_unlock(&eng->admin_lock);
    return rc;
}

void ck_engine_remove_topic_listener(ck_engine *eng, ck_topic_listener_fn fn, void *opaque) {
    pthread_mutex_lock(&eng->admin_lock);
    for (int i = 0; i < eng->nlisteners; i++) {
        if (eng->listeners[i].fn == fn && eng->listeners[i].opaque == opaque) {
            eng->listeners[i] = eng->listeners[--eng->nlisteners];
            break;
        }
    }
    pthread_mutex_unlock(&eng->admin_lock);
}

/* Tells the listeners about a change; called with admin_lock held. */
static void topic_changed(ck_engine *eng, const char *name, ck_topic_event ev) {
    for (int i = 0; i < eng->nlisteners; i++) eng->listeners[i].fn(eng->listeners[i].opaque, name, ev);
}

/* Writes a topic's metadata record (name, id, partitions, overrides). */
static int topic_persist(ck_engine *eng, ck_topic *t) {
    const char *kv[2 * CK_TK__COUNT + 1];
    size_t n = 0;
    pthread_mutex_lock(&t->conf_lock);
    for (int i = 0; i < CK_TK__COUNT; i++) {
        if (t->conf.str[i]) {
            kv[n++] = ck_conf_topic_name(i);
            kv[n++] = t->conf.str[i];
        }
    }
    kv[n] = NULL;
    ck_meta_topic mt;
    memset(&mt, 0, sizeof(mt));
    mt.name = t->name;
    memcpy(mt.id, t->id, 16);
    mt.partitions = ck_topic_partition_count(t);
    mt.configs = (char **)kv;
    mt.created_ms = t->created_ms;
    int rc = ck_meta_topic_put(eng->meta, &mt);
    pthread_mutex_unlock(&t->conf_lock);
    return rc;
}

int ck_engine_topic_create(ck_engine *eng, const char *name, int32_t partitions, const char *const *configs,
                           bool validate_only, char *err, size_t errlen) {
    int rc = 0;
    ck_topic_conf tc;
    memset(&tc, 0, sizeof(tc));
    if (!name || !ck_topic_name_valid(name, strlen(name))) {
        ck_errf(err, errlen, "invalid topic name \"%s\": use 1-249 characters of [a-zA-Z0-9._-], not \".\" or \"..\"",
               name ? name : "(null)");
        return CHRONIK_ERR_INVALID_TOPIC_EXCEPTION;
    }
    if (partitions <= 0 || partitions > 100000) {
        ck_errf(err, errlen, "invalid number of partitions %d: must be between 1 and 100000", (int)partitions);
        return CHRONIK_ERR_INVALID_PARTITIONS;
    }
    rc = ck_topic_conf_init(&tc, eng->conf, configs, err, errlen);
    if (rc == 0 && (rc = ck_topic_conf_check(&tc, eng->conf, NULL, err, errlen)) != 0) ck_topic_conf_free(&tc);
    if (rc != 0) return CHRONIK_ERR_INVALID_CONFIG; /* Kafka's answer for unknown keys too */

    pthread_mutex_lock(&eng->admin_lock);
    ck_topic_conf_refresh(&tc, eng->conf);   /* the broker conf may have changed meanwhile */
    ck_topic *existing = ck_engine_topic_get(eng, name, strlen(name));
    if (existing) {
        ck_topic_release(existing);
        ck_errf(err, errlen, "topic \"%s\" already exists", name);
        rc = CHRONIK_ERR_TOPIC_ALREADY_EXISTS;
        goto out;
    }
    if (validate_only) goto out;

    uint8_t id[16];
    topic_id_new(id);
    ck_topic *t = topic_new(eng, name, id, partitions, &tc, err, errlen);
    if (!t) {
        rc = CHRONIK_ERR_KAFKA_STORAGE_ERROR;
        goto out;
    }
    t->created_ms = ck_now_ms();
    rc = topic_persist(eng, t);
    if (rc != 0) {
        ck_errf(err, errlen, "cannot store topic metadata: %s", chronik_strerror((chronik_err_t)rc));
        atomic_store(&t->deleted, true);
        ck_topic_release(t);
        rc = CHRONIK_ERR_KAFKA_STORAGE_ERROR;
        goto out;
    }
    pthread_rwlock_wrlock(&eng->topics_lock);
    ck_map_put(&eng->topics, t->name, strlen(t->name), t);
    pthread_rwlock_unlock(&eng->topics_lock);
    CK_INFO("engine", "created topic %s with %d partitions", name, (int)partitions);
    topic_changed(eng, name, CK_TOPIC_CREATED);
out:
    pthread_mutex_unlock(&eng->admin_lock);
    ck_topic_conf_free(&tc);
    return rc;
}

int ck_engine_topic_delete(ck_engine *eng, const char *name, char *err, size_t errlen) {
    int rc = 0;
    if (!name) return CHRONIK_ERR_INVALID_ARG;
    if (!ck_conf_num(eng->conf, CK_BK_DELETE_TOPIC_ENABLE)) {
        ck_errf(err, errlen, "topic deletion is disabled (delete.topic.enable=false)");
        return CHRONIK_ERR_TOPIC_DELETION_DISABLED;
    }
    pthread_mutex_lock(&eng->admin_lock);
    pthread_rwlock_wrlock(&eng->topics_lock);
    ck_topic *t = ck_map_del(&eng->topics, name, strlen(name));
    pthread_rwlock_unlock(&eng->topics_lock);
    if (!t) {
        ck_errf(err, errlen, "unknown topic \"%s\"", name);
        rc = CHRONIK_ERR_UNKNOWN_TOPIC_OR_PARTITION;
        goto out;
    }
    atomic_store(&t->deleted, true);
    int mrc = ck_meta_topic_del(eng->meta, name);
    if (mrc != 0 && mrc != CHRONIK_ERR_NOT_FOUND)
        CK_WARN("engine", "deleting metadata of topic %s: %s", name, chronik_strerror((chronik_err_t)mrc));
    /* Remove the data now so that a topic of the same name starts empty;
     * holders of the topic see UNKNOWN_TOPIC_OR_PARTITION from here on. */
    int32_t n = ck_topic_partition_count(t);
    for (int32_t i = 0; i < n; i++) {
        ck_partition *p = ck_topic_partition(t, i);
        pthread_mutex_lock(&p->produce_lock);
        pthread_rwlock_wrlock(&p->life);
        if (p->log) {
            ck_log_destroy(p->log);
            p->log = NULL;
        }
        pthread_rwlock_unlock(&p->life);
        pthread_mutex_unlock(&p->produce_lock);
        partition_fail_waiters(p, CHRONIK_ERR_UNKNOWN_TOPIC_OR_PARTITION);
        /* Wake long-polls so they notice. */
        pthread_mutex_lock(&p->wait_lock);
        for (ck_watch *w = p->watches.next; w != &p->watches; w = w->next) w->cb(w->opaque, p);
        pthread_mutex_unlock(&p->wait_lock);
    }
    CK_INFO("engine", "deleted topic %s", name);
    topic_changed(eng, name, CK_TOPIC_DELETED);
    ck_topic_release(t);
out:
    pthread_mutex_unlock(&eng->admin_lock);
    return rc;
}

int ck_engine_topic_add_partitions(ck_engine *eng, const char *name, int32_t total, bool validate_only,
                                   char *err, size_t errlen) {
    int rc = 0;
    pthread_mutex_lock(&eng->admin_lock);
    ck_topic *t = ck_engine_topic_get(eng, name, strlen(name));
    if (!t) {
        ck_errf(err, errlen, "unknown topic \"%s\"", name);
        rc = CHRONIK_ERR_UNKNOWN_TOPIC_OR_PARTITION;
        goto out;
    }
    int32_t cur = ck_topic_partition_count(t);
    if (total <= cur) {
        ck_errf(err, errlen, "topic \"%s\" has %d partitions; the new count %d must be larger", name, (int)cur,
               (int)total);
        rc = CHRONIK_ERR_INVALID_PARTITIONS;
        goto out_rel;
    }
    if (total > 100000) {
        ck_errf(err, errlen, "invalid number of partitions %d: at most 100000", (int)total);
        rc = CHRONIK_ERR_INVALID_PARTITIONS;
        goto out_rel;
    }
    if (validate_only) goto out_rel;
    ck_partition **parts = atomic_load(&t->parts);
    if (total > t->cap) {
        int32_t ncap = total * 2;
        ck_partition **np = ck_calloc((size_t)ncap, sizeof(*np));
        memcpy(np, parts, (size_t)cur * sizeof(*np));
        t->old_parts = ck_realloc(t->old_parts, (size_t)(t->nold + 1) * sizeof(void *));
        t->old_parts[t->nold++] = parts;
        t->cap = ncap;
        atomic_store_explicit(&t->parts, np, memory_order_release);
        parts = np;
    }
    for (int32_t i = cur; i < total; i++) {
        parts[i] = partition_open(t, i, err, errlen);
        if (!parts[i]) {
            rc = CHRONIK_ERR_KAFKA_STORAGE_ERROR;
            atomic_store_explicit(&t->npart, i, memory_order_release);
            topic_persist(eng, t);
            goto out_rel;
        }
    }
    atomic_store_explicit(&t->npart, total, memory_order_release);
    rc = topic_persist(eng, t);
    topic_changed(eng, name, CK_TOPIC_PARTITIONS_ADDED);
    if (rc != 0) {
        ck_errf(err, errlen, "cannot store topic metadata");
        rc = CHRONIK_ERR_KAFKA_STORAGE_ERROR;
    }
out_rel:
    ck_topic_release(t);
out:
    pthread_mutex_unlock(&eng->admin_lock);
    return rc;
}

/* Applies new effective configs to the partition logs. */
static void topic_apply_conf(ck_topic *t) {
    ck_log_conf lc;
    pthread_mutex_lock(&t->conf_lock);
    ck_partition_conf_to_log(&t->conf, &lc);
    pthread_mutex_unlock(&t->conf_lock);
    int32_t n = ck_topic_partition_count(t);
    for (int32_t i = 0; i < n; i++) {
        ck_partition *p = ck_topic_partition(t, i);
        pthread_rwlock_rdlock(&p->life);
        if (p->log) ck_log_set_conf(p->log, &lc);
        pthread_rwlock_unlock(&p->life);
    }
}

int ck_engine_topic_config_set(ck_engine *eng, const char *name, const char *key, const char *value,
                               char *err, size_t errlen) {
    int rc;
    pthread_mutex_lock(&eng->admin_lock);
    ck_topic *t = ck_engine_topic_get(eng, name, strlen(name));
    if (!t) {
        ck_errf(err, errlen, "unknown topic \"%s\"", name);
        rc = CHRONIK_ERR_UNKNOWN_TOPIC_OR_PARTITION;
        goto out;
    }
    ck_topic_conf next;
    memset(&next, 0, sizeof(next));
    ck_topic_conf_copy(&next, &t->conf);   /* t->conf changes only under admin_lock, held */
    rc = ck_topic_conf_set(&next, eng->conf, key, value, err, errlen);
    if (rc == 0) rc = ck_topic_conf_check(&next, eng->conf, &t->conf, err, errlen);
    if (rc == 0) {
        pthread_mutex_lock(&t->conf_lock);
        ck_topic_conf_free(&t->conf);
        t->conf = next;
        memset(&next, 0, sizeof(next));
        pthread_mutex_unlock(&t->conf_lock);
    }
    ck_topic_conf_free(&next);
    if (rc == 0) {
        rc = topic_persist(eng, t);
        topic_apply_conf(t);
        topic_changed(eng, name, CK_TOPIC_CONFIG_CHANGED);
    }
    ck_topic_release(t);
out:
    pthread_mutex_unlock(&eng->admin_lock);
    return rc;
}

int ck_engine_topic_config_replace(ck_engine *eng, const char *name, const char *const *kv, bool validate_only,
                                   char *err, size_t errlen) {
    int rc;
    ck_topic_conf tc;
    memset(&tc, 0, sizeof(tc));
    pthread_mutex_lock(&eng->admin_lock);
    ck_topic *t = ck_engine_topic_get(eng, name, strlen(name));
    if (!t) {
        ck_errf(err, errlen, "unknown topic \"%s\"", name);
        rc = CHRONIK_ERR_UNKNOWN_TOPIC_OR_PARTITION;
        goto out;
    }
    rc = ck_topic_conf_init(&tc, eng->conf, kv, err, errlen);
    if (rc == 0) rc = ck_topic_conf_check(&tc, eng->conf, &t->conf, err, errlen);
    if (rc == 0 && !validate_only) {
        pthread_mutex_lock(&t->conf_lock);
        ck_topic_conf_free(&t->conf);
        ck_topic_conf_copy(&t->conf, &tc);
        pthread_mutex_unlock(&t->conf_lock);
        rc = topic_persist(eng, t);
        topic_apply_conf(t);
        topic_changed(eng, name, CK_TOPIC_CONFIG_CHANGED);
    }
    ck_topic_release(t);
out:
    pthread_mutex_unlock(&eng->admin_lock);
    ck_topic_conf_free(&tc);
    return rc;
}

/* ===================================================================== */
/* Dynamic broker configuration                                          */
/* ===================================================================== */

/* The metadata store key of one dynamic level. */
static const char *dyn_conf_key(ck_conf_source level) {
    return level == CK_SRC_DYNAMIC_BROKER ? "broker.config.dynamic.node" : "broker.config.dynamic.default";
}

/* Recomputes every topic's effective configs after a broker change; the
 * topics whose values moved get their log settings and a config event. */
static void engine_refresh_topics(ck_engine *eng) {
    size_t n = 0;
    ck_topic **ts = ck_engine_topic_list(eng, &n);
    for (size_t i = 0; i < n; i++) {
        ck_topic *t = ts[i];
        int64_t before[CK_TK__COUNT];
        pthread_mutex_lock(&t->conf_lock);
        memcpy(before, t->conf.num, sizeof(before));
        ck_topic_conf_refresh(&t->conf, eng->conf);
        bool changed = memcmp(before, t->conf.num, sizeof(before)) != 0;
        pthread_mutex_unlock(&t->conf_lock);
        if (!changed) continue;
        topic_apply_conf(t);
        topic_changed(eng, t->name, CK_TOPIC_CONFIG_CHANGED);
    }
    if (ts) ck_topics_release(ts, n);
}

int ck_engine_broker_config_replace(ck_engine *eng, ck_conf_source level, const char *const *keys,
                                    const char *const *vals, size_t n, bool validate_only, char *err,
                                    size_t errlen) {
    pthread_mutex_lock(&eng->admin_lock);
    chronik_conf_t *cur = eng->conf;
    chronik_conf_t *next = chronik_conf_dup(cur);
    int rc = ck_conf_dynamic_replace(next, level, keys, vals, n, err, errlen);
    if (rc != 0 || validate_only) goto out;
    ck_wb wb;
    ck_wb_init(&wb, 256);
    ck_conf_dynamic_encode(next, level, &wb);
    const char *mkey = dyn_conf_key(level);
    if (wb.len > 0) {
        rc = ck_meta_put(eng->meta, CK_META_KV, mkey, strlen(mkey), wb.buf, wb.len);
    } else {
        rc = ck_meta_del(eng->meta, CK_META_KV, mkey, strlen(mkey));
        if (rc == CHRONIK_ERR_NOT_FOUND) rc = 0;
    }
    ck_wb_free(&wb);
    if (rc != 0) {
        ck_errf(err, errlen, "cannot store the broker configs: %s", chronik_strerror((chronik_err_t)rc));
        rc = CHRONIK_ERR_KAFKA_STORAGE_ERROR;
        goto out;
    }
    /* Publish: readers holding the old conf keep it until close. */
    eng->old_confs = ck_realloc(eng->old_confs, (eng->nold_confs + 1) * sizeof(*eng->old_confs));
    eng->old_confs[eng->nold_confs++] = cur;
    eng->conf = next;
    next = NULL;
    CK_INFO("engine", "dynamic broker configs (%s) changed",
            level == CK_SRC_DYNAMIC_BROKER ? "this node" : "cluster default");
    engine_refresh_topics(eng);
out:
    pthread_mutex_unlock(&eng->admin_lock);
    chronik_conf_free(next);
    return rc;
}

/* Applies the dynamic broker configs stored by an earlier run, entry by
 * entry: one the current table refuses is logged and skipped. */
static void engine_load_dynamic_conf(ck_engine *eng) {
    static const ck_conf_source levels[] = {CK_SRC_DYNAMIC_DEFAULT, CK_SRC_DYNAMIC_BROKER};
    for (size_t l = 0; l < CK_ARRAY_LEN(levels); l++) {
        const char *mkey = dyn_conf_key(levels[l]);
        void *val = NULL;
        size_t vlen = 0, n = 0, ok = 0;
        const char **ks = NULL, **vs = NULL;
        int grc = ck_meta_get(eng->meta, CK_META_KV, mkey, strlen(mkey), &val, &vlen);
        if (grc != 0) {
            if (grc != CHRONIK_ERR_NOT_FOUND)
                CK_WARN("engine", "cannot read %s: %s", mkey, chronik_strerror((chronik_err_t)grc));
            continue;
        }
        if (!ck_conf_dynamic_decode(val, vlen, &ks, &vs, &n)) CK_WARN("engine", "ignoring malformed %s", mkey);
        for (size_t i = 0; i < n; i++) {
            char cerr[256] = "";
            ks[ok] = ks[i];
            vs[ok] = vs[i];
            if (ck_conf_dynamic_replace(eng->conf, levels[l], ks, vs, ok + 1, cerr, sizeof(cerr)) == 0) ok++;
            else CK_WARN("engine", "ignoring stored dynamic broker config %s: %s", ks[i], cerr);
        }
        ck_free(ks);
        ck_free(vs);
        ck_free(val);
    }
}

/* ===================================================================== */
/* Durability waiters and watches                                        */
/* ===================================================================== */

static void partition_durable_cb(void *opaque, ck_log *log, int64_t durable_end) {
    ck_partition *p = opaque;
    (void)log;
    ck_durable_waiter *done = NULL, **tail = &done;
    pthread_mutex_lock(&p->wait_lock);
    while (p->wait_head && p->wait_head->last_offset < durable_end) {
        ck_durable_waiter *w = p->wait_head;
        p->wait_head = w->next;
        w->next = NULL;
        *tail = w;
        tail = &w->next;
    }
    if (!p->wait_head) p->wait_tail = NULL;
    for (ck_watch *w = p->watches.next; w != &p->watches; w = w->next) w->cb(w->opaque, p);
    pthread_mutex_unlock(&p->wait_lock);
    int64_t now_us = done ? ck_mono_us() : 0;
    while (done) {
        ck_durable_waiter *next = done->next;
        ck_hist_observe(&p->topic->eng->stats.produce_latency, (uint64_t)(now_us - done->t0_us));
        done->cb(done->opaque, &done->res);
        ck_free(done);
        done = next;
    }
}

void ck_partition_watch(ck_partition *p, ck_watch *w) {
    pthread_mutex_lock(&p->wait_lock);
    w->part = p;
    w->next = &p->watches;
    w->prev = p->watches.prev;
    p->watches.prev->next = w;
    p->watches.prev = w;
    pthread_mutex_unlock(&p->wait_lock);
}

void ck_partition_unwatch(ck_watch *w) {
    ck_partition *p = w->part;
    if (!p) return;
    pthread_mutex_lock(&p->wait_lock);
    w->prev->next = w->next;
    w->next->prev = w->prev;
    w->next = w->prev = NULL;
    w->part = NULL;
    pthread_mutex_unlock(&p->wait_lock);
}

/* ===================================================================== */
/* Produce                                                               */
/* ===================================================================== */

static void set_result_error(ck_produce_result *res, int err, const char *fmt, ...) CK_PRINTF(3, 4);
static void set_result_error(ck_produce_result *res, int err, const char *fmt, ...) {
    res->err = err;
    res->base_offset = -1;
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(res->errmsg, sizeof(res->errmsg), fmt, ap);
    va_end(ap);
}

/* Rewrites a batch as LogAppendTime: attribute bit, maxTimestamp, CRC. */
static void batch_set_log_append_time(uint8_t *b, size_t size, int64_t now) {
    uint16_t attr = ck_be16(b + CK_BOFF_ATTRIBUTES);
    attr |= CK_ATTR_LOG_APPEND_TIME;
    ck_put_be16(b + CK_BOFF_ATTRIBUTES, attr);
    ck_put_be64(b + CK_BOFF_MAX_TIMESTAMP, (uint64_t)now);
    uint32_t crc = ck_crc32c(0, b + CK_BOFF_ATTRIBUTES, size - CK_BOFF_ATTRIBUTES);
    ck_put_be32(b + CK_BOFF_CRC, crc);
}

/* Asks the transaction coordinator (if one is registered) whether a
 * transactional data batch may be appended; fills res on refusal. */
static int txn_verify(ck_engine *eng, ck_partition *p, const ck_batch_hdr *h, ck_produce_result *res) {
    if (h->producer_id < 0) {
        set_result_error(res, CHRONIK_ERR_INVALID_RECORD, "transactional batch without a producer id");
        return -1;
    }
    void *txn = __atomic_load_n(&eng->txn, __ATOMIC_ACQUIRE);
    ck_txn_verify_fn fn = __atomic_load_n(&eng->txn_verify, __ATOMIC_ACQUIRE);
    if (!txn || !fn) return 0;
    char msg[sizeof(res->errmsg)] = "";
    int rc = fn(txn, p, h->producer_id, h->producer_epoch, msg, sizeof(msg));
    if (rc != 0) set_result_error(res, rc, "%s", msg);
    return rc;
}

void ck_engine_txn_attach(ck_engine *eng, void *txn, ck_txn_verify_fn verify, void (*free_fn)(void *txn)) {
    if (txn) {
        eng->txn_free = free_fn;
        __atomic_store_n(&eng->txn_verify, verify, __ATOMIC_RELEASE);
        __atomic_store_n(&eng->txn, txn, __ATOMIC_RELEASE);
    } else {
        __atomic_store_n(&eng->txn, NULL, __ATOMIC_RELEASE);
        __atomic_store_n(&eng->txn_verify, NULL, __ATOMIC_RELEASE);
    }
}

void *ck_engine_txn(ck_engine *eng) { return __atomic_load_n(&eng->txn, __ATOMIC_ACQUIRE); }

/* The last stable offset: the first open transaction's offset, at most the HWM. */
static int64_t partition_lso(ck_partition *p, int64_t hwm) {
    int64_t fu = atomic_load(&p->first_unstable);
    return fu < hwm ? fu : hwm;
}

/* The topic configs the produce path needs, read under one lock. */
typedef struct produce_conf {
    bool    log_append_time;
    int64_t max_bytes;
    int     target_codec;      /* -1: keep the producer's codec */
    int64_t ts_before_max;     /* message.timestamp.before.max.ms */
    int64_t ts_after_max;      /* message.timestamp.after.max.ms */
    int     level;             /* compression.<codec>.level of the target codec; -1: the codec's default */
} produce_conf;

static void topic_produce_conf(ck_topic *t, produce_conf *pc) {
    pthread_mutex_lock(&t->conf_lock);
    pc->log_append_time = t->conf.num[CK_TK_MESSAGE_TIMESTAMP_TYPE] == 1;
    pc->max_bytes = t->conf.num[CK_TK_MAX_MESSAGE_BYTES];
    /* compression.type is an index in "producer|uncompressed|gzip|snappy|lz4|zstd". */
    int64_t ct = t->conf.num[CK_TK_COMPRESSION_TYPE];
    pc->ts_before_max = t->conf.num[CK_TK_MESSAGE_TIMESTAMP_BEFORE_MAX_MS];
    pc->ts_after_max = t->conf.num[CK_TK_MESSAGE_TIMESTAMP_AFTER_MAX_MS];
    int64_t gz = t->conf.num[CK_TK_COMPRESSION_GZIP_LEVEL], lz = t->conf.num[CK_TK_COMPRESSION_LZ4_LEVEL];
    int64_t zs = t->conf.num[CK_TK_COMPRESSION_ZSTD_LEVEL];
    pthread_mutex_unlock(&t->conf_lock);
    pc->target_codec = ct <= 0 ? -1 : (int)ct - 1;
    pc->level = pc->target_codec == CK_CODEC_GZIP ? (int)gz : pc->target_codec == CK_CODEC_LZ4 ? (int)lz
              : pc->target_codec == CK_CODEC_ZSTD ? (int)zs : -1;
}

/* message.timestamp.before.max.ms / after.max.ms (Kafka 3.6+, CreateTime
 * topics): every record of data batch b[0..sz) must carry a timestamp within
 * [now - before, now + after]; records without one (-1) pass.  Called only
 * for topics that set a limit (a compressed batch is decompressed to read
 * its records).  *index counts records across the produce.  Returns 0, or
 * INVALID_TIMESTAMP with res filled (record_error_index: the record). */
static int check_timestamps(const uint8_t *b, size_t sz, int64_t now, const produce_conf *pc, int32_t *index,
                            ck_produce_result *res) {
    ck_rec_iter it;
    ck_rec rec;
    int r, rc = 0;

    if (ck_rec_iter_init(&it, b, sz, (size_t)1 << 31) != 0) {
        set_result_error(res, CHRONIK_ERR_CORRUPT_MESSAGE, "cannot decompress a batch: %s", it.err);
        rc = res->err;
        goto out;
    }
    while ((r = ck_rec_iter_next(&it, &rec)) == 1) {
        int64_t ts = rec.timestamp;
        if (ts >= 0 && ((ts < now && now - ts > pc->ts_before_max) || (ts > now && ts - now > pc->ts_after_max))) {
            set_result_error(res, CHRONIK_ERR_INVALID_TIMESTAMP,
                             "Timestamp %lld of record %d is out of range. The timestamp should be within "
                             "[%lld, %lld]", (long long)ts, (int)*index, (long long)(now - pc->ts_before_max),
                             (long long)(pc->ts_after_max > INT64_MAX - now ? INT64_MAX : now + pc->ts_after_max));
            res->record_error_index = *index;
            rc = res->err;
            goto out;
        }
        (*index)++;
    }
    if (r < 0) {
        set_result_error(res, CHRONIK_ERR_CORRUPT_MESSAGE, "malformed record: %s", it.err);
        rc = res->err;
    }
out:
    ck_rec_iter_free(&it);
    return rc;
}

/* Rewrites every data batch of data[0..len) whose codec is not `codec` into
 * out, recompressed (records, timestamps, headers and producer fields kept);
 * other batches are copied.  Returns 0, or a Kafka error with res filled. */
static int recompress_batches(const uint8_t *data, size_t len, int codec, int level, ck_wb *out,
                              ck_produce_result *res) {
    size_t pos = 0;
    while (pos < len) {
        ck_batch_hdr h;
        ck_batch_hdr_read(data + pos, len - pos, &h);
        size_t sz = ck_batch_size(&h);
        if (ck_batch_is_control(&h) || ck_batch_codec(&h) == codec || h.records_count == 0) {
            ck_wb_put(out, data + pos, sz);
            pos += sz;
            continue;
        }
        ck_rec_iter it;
        if (ck_rec_iter_init(&it, data + pos, sz, (size_t)1 << 31) != 0) {
            set_result_error(res, CHRONIK_ERR_CORRUPT_MESSAGE, "cannot decompress a batch: %s", it.err);
            ck_rec_iter_free(&it);
            return res->err;
        }
        ck_rec_in *in = ck_calloc((size_t)h.records_count, sizeof(*in));
        ck_rec_header **hv = ck_calloc((size_t)h.records_count, sizeof(*hv));
        int32_t n = 0;
        ck_rec rec;
        int r;
        while (n < h.records_count && (r = ck_rec_iter_next(&it, &rec)) == 1) {
            in[n].key = rec.key;
            in[n].key_len = rec.key_len;
            in[n].value = rec.value;
            in[n].value_len = rec.value_len;
            in[n].timestamp = rec.timestamp;
            if (rec.header_count > 0) {
                hv[n] = ck_calloc((size_t)rec.header_count, sizeof(ck_rec_header));
                ck_rd hr;
                ck_rd_init(&hr, rec.headers, rec.headers_len);
                int32_t k = 0;
                while (k < rec.header_count && ck_rec_headers_next(&hr, &hv[n][k]) == 1) k++;
                in[n].headers = hv[n];
                in[n].header_count = k;
            }
            n++;
        }
        ck_batch_opts bo;
        ck_batch_opts_init(&bo);
        bo.codec = codec;
        bo.level = level;
        bo.attributes_extra = (int16_t)(h.attributes & CK_ATTR_TRANSACTIONAL);
        bo.producer_id = h.producer_id;
        bo.producer_epoch = h.producer_epoch;
        bo.base_sequence = h.base_sequence;
        bo.leader_epoch = h.leader_epoch;
        char berr[128] = "";
        int brc = n == h.records_count ? ck_batch_build(out, &bo, in, (size_t)n, berr, sizeof(berr)) : -1;
        for (int32_t i = 0; i < h.records_count; i++) ck_free(hv[i]);
        ck_free(hv);
        ck_free(in);
        ck_rec_iter_free(&it);
        if (brc != 0) {
            set_result_error(res, CHRONIK_ERR_CORRUPT_MESSAGE, "cannot recompress a batch: %s",
                             berr[0] ? berr : "malformed records");
            return res->err;
        }
        pos += sz;
    }
    return 0;
}

int ck_partition_produce(ck_partition *p, uint8_t *data, size_t len, int flags, ck_produce_result *res,
                         ck_produce_cb cb, void *opaque) {
    ck_topic *t = p->topic;
    ck_engine *eng = t->eng;
    ck_wb conv;
    bool have_conv = false;
    int ret = CK_DONE;
    int64_t t0 = ck_mono_us();

    memset(res, 0, sizeof(*res));
    res->base_offset = -1;
    res->log_append_time = -1;
    res->record_error_index = -1;

    if (!data || len == 0) {
        set_result_error(res, CHRONIK_ERR_INVALID_RECORD, "empty record set");
        return CK_DONE;
    }
    int magic = ck_records_magic(data, len);
    if (magic < 0 || magic > 2) {
        set_result_error(res, CHRONIK_ERR_CORRUPT_MESSAGE, "unknown record format (magic %d)", magic);
        return CK_DONE;
    }
    produce_conf pc;
    topic_produce_conf(t, &pc);
    bool log_append = pc.log_append_time;
    int64_t max_bytes = pc.max_bytes;
    int64_t now = ck_now_ms();
    int target = pc.target_codec;
    if (magic < 2) {
        char cerr[128] = "";
        ck_wb_init(&conv, len + 128);
        have_conv = true;
        int crc = ck_msgset_to_v2(data, len, log_append ? now : -1, &conv, cerr, sizeof(cerr));
        if (crc != 0) {
            set_result_error(res, crc, "%s", cerr);
            goto out;
        }
        data = conv.buf;
        len = conv.len;
    }

    /* Validate every batch before touching the log. */
    size_t pos = 0;
    int nbatches = 0;
    int64_t nrecords = 0;
    bool recompress = false;
    /* Timestamps (CreateTime): after.max (Kafka 4.0's default: one hour) is
     * checked on the batch header's max timestamp, record by record only when
     * that fails (to name the record); before.max (default: none) needs every
     * record, so only topics that set it pay for reading them. */
    bool ts_records = !log_append && pc.ts_before_max < INT64_MAX;
    bool ts_after = !log_append && pc.ts_after_max < INT64_MAX;
    int32_t ts_index = 0;
    while (pos < len) {
        ck_batch_hdr h;
        ck_batch_status st;
        if (flags & CK_PRODUCE_TRUSTED) {
            /* Built by ck_batch_from_records in this process: whole and valid. */
            ck_batch_hdr_read(data + pos, len - pos, &h);
            st = ck_batch_size(&h) <= len - pos ? CK_BATCH_OK : CK_BATCH_TRUNCATED;
        } else {
            st = ck_batch_validate(data + pos, len - pos, true, &h);
        }
        if (st != CK_BATCH_OK) {
            set_result_error(res, st == CK_BATCH_BAD_CRC ? CHRONIK_ERR_CORRUPT_MESSAGE : CHRONIK_ERR_INVALID_RECORD,
                             "batch %d: %s", nbatches, ck_batch_status_str(st));
            goto out;
        }
        size_t sz = ck_batch_size(&h);
        if ((int64_t)sz > max_bytes) {
            set_result_error(res, CHRONIK_ERR_MESSAGE_TOO_LARGE,
                             "batch of %zu bytes exceeds max.message.bytes %lld", sz, (long long)max_bytes);
            goto out;
        }
        if (ck_batch_is_control(&h) && !(flags & CK_PRODUCE_CONTROL)) {
            set_result_error(res, CHRONIK_ERR_INVALID_RECORD, "clients may not produce control batches");
            goto out;
        }
        if (!ck_batch_is_control(&h) &&
            (ts_records || (ts_after && h.max_timestamp > now && h.max_timestamp - now > pc.ts_after_max))) {
            if (check_timestamps(data + pos, sz, now, &pc, &ts_index, res) != 0) goto out;
        } else {
            ts_index += h.records_count;
        }
        if (ck_batch_is_txn(&h) && !ck_batch_is_control(&h)) {
            int vrc = txn_verify(eng, p, &h, res);
            if (vrc != 0) goto out;
        }
        if (target >= 0 && !ck_batch_is_control(&h) && ck_batch_codec(&h) != target) recompress = true;
        else if (log_append) batch_set_log_append_time(data + pos, sz, now);
        nrecords += h.records_count;
        pos += sz;
        nbatches++;
    }
    if (recompress) {
        /* compression.type names a codec: store batches in it (off the
         * common path: only topics configured so pay for it). */
        ck_wb re;
        ck_wb_init(&re, len + 256);
        if (recompress_batches(data, len, target, pc.level, &re, res) != 0) {
            ck_wb_free(&re);
            goto out;
        }
        if (have_conv) ck_wb_free(&conv);
        conv = re;
        have_conv = true;
        data = conv.buf;
        len = conv.len;
        for (pos = 0; pos < len && log_append;) {
            ck_batch_hdr h;
            ck_batch_hdr_read(data + pos, len - pos, &h);
            batch_set_log_append_time(data + pos, ck_batch_size(&h), now);
            pos += ck_batch_size(&h);
        }
    }

    pthread_mutex_lock(&p->produce_lock);
    pthread_rwlock_rdlock(&p->life);
    if (!p->log || atomic_load(&t->deleted)) {
        set_result_error(res, CHRONIK_ERR_UNKNOWN_TOPIC_OR_PARTITION, "topic %s was deleted", t->name);
        goto out_unlock;
    }
    /* Idempotence: a batch set is a duplicate only as a whole (the
     * producer resends the same batches); check each batch in order. */
    if (nbatches == 1) {
        ck_batch_hdr h;
        ck_batch_hdr_read(data, len, &h);
        bool dup = false;
        int prc = ck_producer_check(p, &h, res, &dup);
        if (prc != 0 || dup) {
            if (dup) res->log_start_offset = ck_log_start_offset(p->log);
            goto out_unlock;
        }
    } else {
        size_t q = 0;
        while (q < len) {
            ck_batch_hdr h;
            ck_batch_hdr_read(data + q, len - q, &h);
            bool dup = false;
            if (ck_producer_check(p, &h, res, &dup) != 0) goto out_unlock;
            if (dup) {
                set_result_error(res, CHRONIK_ERR_DUPLICATE_SEQUENCE_NUMBER,
                                 "duplicate batch inside a multi-batch produce");
                goto out_unlock;
            }
            q += ck_batch_size(&h);
        }
    }
    int64_t base = -1, last = -1;
    int arc = ck_log_append(p->log, data, len, &base, &last);
    if (arc != 0) {
        set_result_error(res, arc, "append to %s-%d failed", t->name, (int)p->index);
        goto out_unlock;
    }
    /* Record producer state with the offsets just assigned; markers end
     * transactions (an ABORT is indexed) and may move the LSO. */
    {
        size_t q = 0;
        bool txn = false;
        while (q < len) {
            ck_batch_hdr h;
            ck_batch_hdr_read(data + q, len - q, &h);
            if (ck_batch_is_control(&h) && h.producer_id >= 0)
                ck_producer_marker(p, &h, ck_control_batch_type(data + q, ck_batch_size(&h)), true);
            if (h.producer_id >= 0) ck_producer_update(p, &h);
            txn = txn || ck_batch_is_txn(&h);
            q += ck_batch_size(&h);
        }
        if (txn) ck_producer_lso_update(p);
    }
    res->err = 0;
    res->base_offset = base;
    res->log_append_time = log_append ? now : -1;
    res->log_start_offset = ck_log_start_offset(p->log);
    STAT_ADD(eng, messages_in, nrecords);
    STAT_ADD(eng, bytes_in, len);
    STAT_ADD(eng, batches_in, nbatches);

    bool must_wait = !(flags & (CK_PRODUCE_NOWAIT | CK_PRODUCE_ACKS0)) &&
                     ck_flusher_policy(eng->flusher) == CK_FLUSH_ALWAYS;
    if (must_wait && cb) {
        pthread_mutex_lock(&p->wait_lock);
        if (ck_log_durable_offset(p->log) <= last) {
            ck_durable_waiter *w = ck_malloc(sizeof(*w));
            w->last_offset = last;
            w->t0_us = t0;
            w->cb = cb;
            w->opaque = opaque;
            w->res = *res;
            w->next = NULL;
            if (p->wait_tail) p->wait_tail->next = w;
            else p->wait_head = w;
            p->wait_tail = w;
            ret = CK_PENDING;
        }
        pthread_mutex_unlock(&p->wait_lock);
    }
out_unlock:
    pthread_rwlock_unlock(&p->life);
    pthread_mutex_unlock(&p->produce_lock);
out:
    if (have_conv) ck_wb_free(&conv);
    STAT_ADD(eng, produce_requests, 1);
    if (ret == CK_DONE) ck_hist_observe(&eng->stats.produce_latency, (uint64_t)(ck_mono_us() - t0));
    return ret;
}

typedef struct sync_produce {
    pthread_mutex_t   lock;
    pthread_cond_t    cond;
    bool              done;
    ck_produce_result res;
} sync_produce;

static void sync_produce_done(void *opaque, const ck_produce_result *res) {
    sync_produce *w = opaque;
    pthread_mutex_lock(&w->lock);
    w->res = *res;
    w->done = true;
    pthread_cond_signal(&w->cond);
    pthread_mutex_unlock(&w->lock);
}

void ck_partition_produce_sync(ck_partition *p, uint8_t *data, size_t len, int flags, ck_produce_result *res) {
    sync_produce w;
    memset(&w, 0, sizeof(w));
    pthread_mutex_init(&w.lock, NULL);
    pthread_cond_init(&w.cond, NULL);
    if (ck_partition_produce(p, data, len, flags, res, sync_produce_done, &w) == CK_PENDING) {
        pthread_mutex_lock(&w.lock);
        while (!w.done) pthread_cond_wait(&w.cond, &w.lock);
        pthread_mutex_unlock(&w.lock);
        *res = w.res;
    }
    pthread_mutex_destroy(&w.lock);
    pthread_cond_destroy(&w.cond);
}

int ck_batch_from_records(const chronik_record_t *records, size_t count, const ck_batch_opts *bo, ck_wb *out,
                          char *err, size_t errlen) {
    size_t nh = 0, hi = 0, bytes = 0;
    for (size_t i = 0; i < count; i++) {
        const chronik_record_t *r = &records[i];
        if (r->header_count > 0 && !r->headers) {
            ck_errf(err, errlen, "record %zu: header_count without headers", i);
            return CHRONIK_ERR_INVALID_ARG;
        }
        if (r->key_len > INT32_MAX || r->value_len > INT32_MAX) {
            ck_errf(err, errlen, "record %zu is larger than 2 GiB", i);
            return CHRONIK_ERR_MESSAGE_TOO_LARGE;
        }
        nh += r->header_count;
        bytes += r->key_len + r->value_len + 24;
        for (size_t j = 0; j < r->header_count; j++)
            bytes += (r->headers[j].key ? strlen(r->headers[j].key) : 0) + r->headers[j].value_len + 10;
    }
    ck_rec_in *in = ck_calloc(count, sizeof(*in));
    ck_rec_header *hdrs = ck_calloc(nh ? nh : 1, sizeof(*hdrs));
    int64_t now = ck_now_ms();
    for (size_t i = 0; i < count; i++) {
        const chronik_record_t *r = &records[i];
        in[i].key = r->key;
        in[i].key_len = r->key ? (int32_t)r->key_len : -1;
        in[i].value = r->value;
        in[i].value_len = r->value ? (int32_t)r->value_len : -1;
        in[i].timestamp = r->timestamp < 0 ? now : r->timestamp;
        in[i].headers = hdrs + hi;
        in[i].header_count = (int32_t)r->header_count;
        for (size_t j = 0; j < r->header_count; j++, hi++) {
            const char *k = r->headers[j].key ? r->headers[j].key : "";
            hdrs[hi].key = (const uint8_t *)k;
            hdrs[hi].key_len = (int32_t)strlen(k);
            hdrs[hi].value = r->headers[j].value;
            hdrs[hi].value_len = r->headers[j].value ? (int32_t)r->headers[j].value_len : -1;
        }
    }
    char berr[160] = "";
    ck_wb_reserve(out, bytes + CK_BATCH_HEADER_SIZE);
    int rc = ck_batch_build(out, bo, in, count, berr, sizeof(berr)) == 0 ? 0 : CHRONIK_ERR_INVALID_ARG;
    if (rc) ck_errf(err, errlen, "cannot build the batch: %s", berr);
    ck_free(in);
    ck_free(hdrs);
    return rc;
}

/* ===================================================================== */
/* Read path                                                             */
/* ===================================================================== */

int ck_partition_read_copy(ck_partition *p, int64_t offset, size_t max_bytes, ck_wb *out, int64_t *next,
                           ck_part_offsets *o) {
    int rc = 0;
    *next = offset;
    pthread_rwlock_rdlock(&p->life);
    if (!p->log) {
        memset(o, 0, sizeof(*o));
        rc = CHRONIK_ERR_UNKNOWN_TOPIC_OR_PARTITION;
        goto out;
    }
    o->log_start = ck_log_start_offset(p->log);
    o->high_watermark = ck_log_durable_offset(p->log);
    o->log_end = ck_log_end_offset(p->log);
    o->last_stable = partition_lso(p, o->high_watermark);
    if (offset < o->log_start || offset > o->high_watermark) {
        rc = CHRONIK_ERR_OFFSET_OUT_OF_RANGE;
        goto out;
    }
    if (offset < o->high_watermark) rc = ck_log_read_copy(p->log, offset, o->high_watermark, max_bytes, out, next);
out:
    pthread_rwlock_unlock(&p->life);
    return rc;
}

int32_t ck_topic_pick_partition(ck_topic *t, const void *key, size_t key_len) {
    int32_t n = ck_topic_partition_count(t);
    if (n <= 0) return 0;
    if (key) return (int32_t)((ck_murmur2(key, key_len) & 0x7fffffff) % (uint32_t)n);
    ck_partition *p0 = ck_topic_partition(t, 0);
    int64_t rr = atomic_fetch_add(&p0->round_robin, 1);
    return (int32_t)(rr % n);
}

void ck_partition_offsets(ck_partition *p, ck_part_offsets *o) {
    pthread_rwlock_rdlock(&p->life);
    if (p->log) {
        o->log_start = ck_log_start_offset(p->log);
        o->high_watermark = ck_log_durable_offset(p->log);
        o->log_end = ck_log_end_offset(p->log);
    } else {
        o->log_start = o->high_watermark = o->log_end = 0;
    }
    o->last_stable = partition_lso(p, o->high_watermark);
    pthread_rwlock_unlock(&p->life);
}

int ck_partition_read(ck_partition *p, int64_t offset, int isolation, size_t max_bytes, ck_log_slice *slice,
                      ck_part_offsets *o) {
    int rc;
    memset(slice, 0, sizeof(*slice));
    slice->fd = -1;
    pthread_rwlock_rdlock(&p->life);
    if (!p->log) {
        rc = CHRONIK_ERR_UNKNOWN_TOPIC_OR_PARTITION;
        goto out;
    }
    o->log_start = ck_log_start_offset(p->log);
    o->high_watermark = ck_log_durable_offset(p->log);
    o->log_end = ck_log_end_offset(p->log);
    o->last_stable = partition_lso(p, o->high_watermark);
    int64_t limit = isolation ? o->last_stable : o->high_watermark;
    if (offset < o->log_start || offset > o->high_watermark) {
        rc = CHRONIK_ERR_OFFSET_OUT_OF_RANGE;
        goto out;
    }
    if (offset >= limit) {
        slice->first_offset = slice->next_offset = offset;
        rc = 0;
        goto out;
    }
    rc = ck_log_read(p->log, offset, limit, max_bytes, slice);
    if (rc == 0) STAT_ADD(p->topic->eng, bytes_out, slice->len);
out:
    pthread_rwlock_unlock(&p->life);
    return rc;
}

int ck_partition_offset_for_time(ck_partition *p, int64_t ts, int isolation, int64_t *offset, int64_t *found_ts) {
    int rc = 0;
    ck_part_offsets o;
    ck_partition_offsets(p, &o);
    int64_t limit = isolation ? o.last_stable : o.high_watermark;
    *found_ts = -1;
    pthread_rwlock_rdlock(&p->life);
    if (!p->log) {
        rc = CHRONIK_ERR_UNKNOWN_TOPIC_OR_PARTITION;
        goto out;
    }
    if (ts == -2) {
        *offset = o.log_start;
    } else if (ts == -1) {
        *offset = limit;
    } else if (ts == -3) {
        int64_t off = -1, mts = -1;
        rc = ck_log_max_timestamp(p->log, limit, &off, &mts);
        if (rc == 0) {
            *offset = off;
            *found_ts = mts;
        }
    } else if (ts < 0) {
        rc = CHRONIK_ERR_INVALID_ARG;
    } else {
        int64_t off = -1, fts = -1;
        rc = ck_log_offset_for_time(p->log, ts, limit, &off, &fts);
        if (rc == 0) {
            *offset = off;
            *found_ts = fts;
        }
    }
out:
    pthread_rwlock_unlock(&p->life);
    return rc;
}

int ck_partition_delete_records(ck_partition *p, int64_t before, int64_t *low_watermark) {
    int rc;
    pthread_mutex_lock(&p->produce_lock);
    pthread_rwlock_rdlock(&p->life);
    if (!p->log) {
        rc = CHRONIK_ERR_UNKNOWN_TOPIC_OR_PARTITION;
        goto out;
    }
    if (before == -1) before = ck_log_durable_offset(p->log);
    if (before < 0 || before > ck_log_durable_offset(p->log)) {
        rc = CHRONIK_ERR_OFFSET_OUT_OF_RANGE;
        goto out;
    }
    if (before <= ck_log_start_offset(p->log)) rc = 0;
    else rc = ck_log_delete_before(p->log, before);
    if (low_watermark) *low_watermark = ck_log_start_offset(p->log);
out:
    pthread_rwlock_unlock(&p->life);
    pthread_mutex_unlock(&p->produce_lock);
    return rc;
}

int64_t ck_partition_size_bytes(ck_partition *p) {
    int64_t n = 0;
    pthread_rwlock_rdlock(&p->life);
    if (p->log) n = ck_log_size_bytes(p->log);
    pthread_rwlock_unlock(&p->life);
    return n;
}

int ck_engine_producer_id_alloc(ck_engine *eng, int64_t *pid) { return ck_meta_next_producer_id(eng->meta, pid); }

/* ===================================================================== */
/* Background: retention and producer-state snapshots                    */
/* ===================================================================== */

static void engine_for_each_partition(ck_engine *eng, void (*fn)(ck_partition *p, void *arg), void *arg) {
    size_t n;
    ck_topic **ts = ck_engine_topic_list(eng, &n);
    for (size_t i = 0; i < n; i++) {
        int32_t np = ck_topic_partition_count(ts[i]);
        for (int32_t j = 0; j < np; j++) fn(ck_topic_partition(ts[i], j), arg);
    }
    ck_topics_release(ts, n);
}

static void retention_one(ck_partition *p, void *arg) {
    int64_t now = *(int64_t *)arg;
    pthread_rwlock_rdlock(&p->life);
    if (p->log) {
        int deleted = 0;
        if (ck_log_retention(p->log, now, &deleted) == 0 && deleted > 0)
            CK_INFO("engine", "retention deleted %d segment(s) of %s-%d", deleted, p->topic->name, (int)p->index);
    }
    pthread_rwlock_unlock(&p->life);
}

static void snapshot_one(ck_partition *p, void *arg) {
    (void)arg;
    pthread_mutex_lock(&p->produce_lock);
    pthread_rwlock_rdlock(&p->life);
    if (p->log) ck_producer_state_save(p);
    pthread_rwlock_unlock(&p->life);
    pthread_mutex_unlock(&p->produce_lock);
}

/* A log whose fdatasync failed never advances its durable offset again:
 * answer its durability waiters with a storage error instead of letting
 * them wait forever. */
static void failed_log_check(ck_partition *p, void *arg) {
    (void)arg;
    bool failed = false;
    pthread_rwlock_rdlock(&p->life);
    if (p->log && ck_log_failed(p->log)) {
        pthread_mutex_lock(&p->wait_lock);
        failed = p->wait_head != NULL;
        pthread_mutex_unlock(&p->wait_lock);
    }
    pthread_rwlock_unlock(&p->life);
    if (failed) {
        CK_ERR("engine", "%s-%d: log failed; failing waiting produce requests", p->topic->name, (int)p->index);
        partition_fail_waiters(p, CHRONIK_ERR_KAFKA_STORAGE_ERROR);
    }
}

void ck_engine_retention_run(ck_engine *eng) {
    int64_t now = ck_now_ms();
    engine_for_each_partition(eng, retention_one, &now);
}

static void *bg_main(void *arg) {
    ck_engine *eng = arg;
    int64_t interval = ck_conf_num(eng->conf, CK_BK_LOG_RETENTION_CHECK_INTERVAL_MS);
    int64_t next_retention = ck_mono_ms() + interval;
    int64_t next_snapshot = ck_mono_ms() + 30000;
    int64_t last_check = ck_mono_ms();
    pthread_mutex_lock(&eng->bg_lock);
    while (!eng->closing) {
        int64_t now = ck_mono_ms();
        int64_t wake = CK_MIN(next_retention, next_snapshot);
        if (now < wake && now < last_check + 1000) {
            struct timespec ts;
            clock_gettime(CLOCK_REALTIME, &ts);
            int64_t d = wake - now;
            if (d > 1000) d = 1000;
            ts.tv_sec += d / 1000;
            ts.tv_nsec += (d % 1000) * 1000000;
            if (ts.tv_nsec >= 1000000000) {
                ts.tv_sec++;
                ts.tv_nsec -= 1000000000;
            }
            pthread_cond_timedwait(&eng->bg_cond, &eng->bg_lock, &ts);
            continue;
        }
        pthread_mutex_unlock(&eng->bg_lock);
        engine_for_each_partition(eng, failed_log_check, NULL);
        last_check = ck_mono_ms();
        if (now >= next_retention) {
            ck_engine_retention_run(eng);
            next_retention = ck_mono_ms() + interval;
        }
        if (now >= next_snapshot) {
            engine_for_each_partition(eng, snapshot_one, NULL);
            next_snapshot = ck_mono_ms() + 30000;
        }
        pthread_mutex_lock(&eng->bg_lock);
    }
    pthread_mutex_unlock(&eng->bg_lock);
    return NULL;
}

/* ===================================================================== */
/* Open / close                                                          */
/* ===================================================================== */

static int engine_load_topics(ck_engine *eng, char *err, size_t errlen) {
    ck_meta_topic *mts = NULL;
    size_t n = 0;
    int rc = ck_meta_topic_list(eng->meta, &mts, &n);
    if (rc != 0) {
        ck_errf(err, errlen, "cannot read topic metadata: %s", chronik_strerror((chronik_err_t)rc));
        return rc;
    }
    for (size_t i = 0; i < n && rc == 0; i++) {
        ck_topic_conf tc;
        char cerr[256] = "";
        if (ck_topic_conf_init(&tc, eng->conf, (const char *const *)mts[i].configs, cerr, sizeof(cerr)) != 0) {
            /* A stored override the current table refuses (e.g. a value an
             * older version accepted): keep the others, drop that one. */
            ck_topic_conf_init(&tc, eng->conf, NULL, cerr, sizeof(cerr));
            for (char **kv = mts[i].configs; kv && kv[0] && kv[1]; kv += 2)
                if (ck_topic_conf_set(&tc, eng->conf, kv[0], kv[1], cerr, sizeof(cerr)) != 0)
                    CK_WARN("engine", "topic %s: ignoring stored config: %s", mts[i].name, cerr);
        }
        ck_topic *t = topic_new(eng, mts[i].name, mts[i].id, mts[i].partitions, &tc, err, errlen);
        ck_topic_conf_free(&tc);
        if (!t) {
            rc = CHRONIK_ERR_KAFKA_STORAGE_ERROR;
            break;
        }
        t->created_ms = mts[i].created_ms;
        ck_map_put(&eng->topics, t->name, strlen(t->name), t);
    }
    ck_meta_topics_free(mts, n);
    return rc;
}

int ck_engine_open(const chronik_conf_t *conf, ck_engine **out, char *err, size_t errlen) {
    int rc = 0;
    *out = NULL;
    ck_engine *eng = ck_calloc(1, sizeof(*eng));
    eng->wake_fd[0] = eng->wake_fd[1] = -1;
    eng->conf = chronik_conf_dup(conf);
    pthread_rwlock_init(&eng->topics_lock, NULL);
    pthread_mutex_init(&eng->admin_lock, NULL);
    pthread_mutex_init(&eng->bg_lock, NULL);
    pthread_cond_init(&eng->bg_cond, NULL);
    pthread_mutex_init(&eng->ext_lock, NULL);
    pthread_mutex_init(&eng->ext_start_lock, NULL);
    ck_map_init(&eng->topics);
    int lvl = ck_log_parse_level(ck_conf_str(conf, CK_BK_LOG_LEVEL));
    if (lvl >= 0) ck_log_threshold = lvl;

    const char *dir = ck_conf_str(conf, CK_BK_DATA_DIR);
    if (!dir || !*dir) {
        ck_errf(err, errlen, "data.dir is empty");
        rc = CHRONIK_ERR_INVALID_CONFIG;
        goto fail;
    }
    eng->data_dir = ck_strdup(dir);
    size_t ln = strlen(dir) + 16;
    eng->logs_dir = ck_malloc(ln);
    snprintf(eng->logs_dir, ln, "%s/logs", dir);
    if (ck_mkdirs(eng->logs_dir, 0755) != 0) {
        ck_errf(err, errlen, "cannot create %s: %s", eng->logs_dir, strerror(errno));
        rc = CHRONIK_ERR_IO;
        goto fail;
    }
    rc = ck_meta_open2(dir, &eng->meta, err, errlen);
    if (rc != 0) goto fail;
    engine_load_dynamic_conf(eng);
    const char *cid = ck_conf_str(conf, CK_BK_CLUSTER_ID);
    if (cid && *cid) {
        snprintf(eng->cluster_id, sizeof(eng->cluster_id), "%s", cid);
    } else {
        char buf[23];
        if (ck_meta_cluster_id(eng->meta, buf) != 0) {
            ck_errf(err, errlen, "cannot read or create the cluster id");
            rc = CHRONIK_ERR_IO;
            goto fail;
        }
        buf[22] = 0;
        snprintf(eng->cluster_id, sizeof(eng->cluster_id), "%s", buf);
    }
    eng->node_id = (int32_t)ck_conf_num(conf, CK_BK_NODE_ID);

    int64_t fp = ck_conf_num(conf, CK_BK_FLUSH_POLICY);
    ck_flush_policy pol = fp == 0 ? CK_FLUSH_ALWAYS : fp < 0 ? CK_FLUSH_OS : CK_FLUSH_INTERVAL;
    eng->flusher = ck_flusher_new(pol, fp > 0 ? (int)fp : 0);
    if (!eng->flusher) {
        ck_errf(err, errlen, "cannot start the flusher thread");
        rc = CHRONIK_ERR_IO;
        goto fail;
    }
    int64_t t0 = ck_mono_ms();
    rc = engine_load_topics(eng, err, errlen);
    if (rc != 0) goto fail;
    CK_DEBUG("engine", "opened %s with %zu topics in %lld ms", dir, eng->topics.count,
             (long long)(ck_mono_ms() - t0));
    if (pipe2(eng->wake_fd, O_CLOEXEC | O_NONBLOCK) != 0) {
        ck_errf(err, errlen, "pipe: %s", strerror(errno));
        rc = CHRONIK_ERR_IO;
        goto fail;
    }
    if (pthread_create(&eng->bg_thread, NULL, bg_main, eng) != 0) {
        ck_errf(err, errlen, "cannot start the background thread");
        rc = CHRONIK_ERR_IO;
        goto fail;
    }
    eng->bg_started = true;
    *out = eng;
    return 0;
fail:
    ck_engine_close(eng);
    return rc;
}

void ck_engine_close(ck_engine *eng) {
    if (!eng) return;
    if (eng->bg_started) {
        pthread_mutex_lock(&eng->bg_lock);
        eng->closing = true;
        pthread_cond_broadcast(&eng->bg_cond);
        pthread_mutex_unlock(&eng->bg_lock);
        pthread_join(eng->bg_thread, NULL);
    }
    /* A transaction coordinator still registered goes before the logs. */
    if (eng->txn && eng->txn_free) eng->txn_free(eng->txn);
    /* Drop the registry's references; partitions close with their topics. */
    size_t it = 0;
    const char *k;
    size_t kl;
    void *v;
    while (ck_map_next(&eng->topics, &it, &k, &kl, &v)) ck_topic_release(v);
    ck_map_free(&eng->topics);
    ck_flusher_free(eng->flusher);
    ck_meta_close(eng->meta);
    if (eng->wake_fd[0] >= 0) close(eng->wake_fd[0]);
    if (eng->wake_fd[1] >= 0) close(eng->wake_fd[1]);
    chronik_conf_free(eng->conf);
    for (size_t i = 0; i < eng->nold_confs; i++) chronik_conf_free(eng->old_confs[i]);
    ck_free(eng->old_confs);
    pthread_rwlock_destroy(&eng->topics_lock);
    pthread_mutex_destroy(&eng->admin_lock);
    pthread_mutex_destroy(&eng->bg_lock);
    pthread_cond_destroy(&eng->bg_cond);
    pthread_mutex_destroy(&eng->ext_lock);
    pthread_mutex_destroy(&eng->ext_start_lock);
    ck_free(eng->data_dir);
    ck_free(eng->logs_dir);
    ck_free(eng);
}
