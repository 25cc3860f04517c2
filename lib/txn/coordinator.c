/*
 * coordinator.c — the transaction coordinator (see txn.h): the state
 * machine of each transactional id, its LMDB encoding, the marker writes
 * that end a transaction, recovery at startup, the engine's produce check
 * and the timer thread (timeouts, completions, retries).
 *
 * Record layout in CK_META_TXNS (key: the transactional id; version 1,
 * big-endian): u8 version, i64 producer id, i16 epoch, i64 last producer id,
 * i16 last epoch, i32 timeout ms, u8 state, i64 start ms, i64 update ms,
 * i32 partition count {i16 topic length, topic, i32 partition},
 * i32 group count {i16 length, group}, i32 offset count {i16 group length,
 * group, i16 topic length, topic, i32 partition, i64 offset, i32 leader
 * epoch, i32 metadata length, metadata}.  Metadata is the bytes the client
 * sent; length -1 stands for null metadata (no bytes follow).
 *
 * Lock order: tc->mu, then engine locks (markers are produced with tc->mu
 * held).  The engine calls the produce check with no lock held, and the
 * marker durability callbacks take only tc->qmu, so neither can invert it.
 */
#include <errno.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>

#include "group/group.h"
#include "txn/txn.h"

#define TXN_LOG "txn"
#define TXN_REC_V1 1
#define TICK_MS 100
#define RETRY_MS 500
#define MAX_EPOCH 32766
#define SHUTDOWN_WAIT_MS 5000

/* ===================================================================== */
/* Types                                                                 */
/* ===================================================================== */

typedef struct tpart {
    char   *topic;
    int32_t partition;
} tpart;

typedef struct toff {
    char   *group;
    char   *topic;
    int32_t partition;
    int64_t offset;
    int32_t leader_epoch;
    uint8_t *metadata;          /* metadata_len bytes; NULL when null */
    int32_t  metadata_len;      /* -1: null */
} toff;

typedef struct endop endop;

typedef struct txn {
    char        *id;
    int64_t      pid;
    int16_t      epoch;
    int64_t      last_pid;
    int16_t      last_epoch;
    int32_t      timeout_ms;
    ck_txn_state state;
    int64_t      start_ms;
    int64_t      update_ms;
    tpart       *parts;
    size_t       nparts, pcap;
    char       **groups;
    size_t       ngroups, gcap;
    toff        *offs;
    size_t       noffs, ocap;
    endop       *op;            /* markers in flight (Prepare states) */
} txn;

/* One end of a transaction in flight: markers outstanding, then completion. */
struct endop {
    ck_tcoord     *tc;
    txn           *t;
    bool           commit;
    atomic_int     pending;     /* marker writes not yet durable (+1 while issuing) */
    atomic_int     failed;      /* a marker write failed: retry */
    int64_t        retry_at;    /* tc->mu: when to retry (mono ms) */
    ck_txn_end_cb  cb;
    void          *opaque;
    endop         *next;        /* done queue / retry list */
};

struct ck_tcoord {
    ck_engine      *eng;
    ck_tcoord_opts  opts;
    pthread_mutex_t mu;
    ck_map          txns;       /* id -> txn* */
    ck_map          by_pid;     /* pid (8 bytes) -> txn* */
    size_t          ops_live;   /* mu: endops not yet finished */
    endop          *retry;      /* mu: ops waiting to retry their markers */
    /* completion queue */
    pthread_mutex_t qmu;
    pthread_cond_t  qcond;
    endop          *done_head;
    bool            stop;
    pthread_t       thread;
    bool            thread_started;
};

static const char *const state_names[CK_TXN__STATES] = {
    "Empty", "Ongoing", "PrepareCommit", "PrepareAbort", "CompleteCommit", "CompleteAbort", "Dead",
    "PrepareEpochFence",
};

/** @brief Kafka's name of state s. */
const char *ck_txn_state_name(ck_txn_state s)
{
    return (unsigned)s < CK_TXN__STATES ? state_names[s] : "Unknown";
}

/** @brief Parses a state name; -1 when unknown. */
int ck_txn_state_parse(const char *name, size_t len)
{
    for (int i = 0; i < CK_TXN__STATES; i++)
        if (strlen(state_names[i]) == len && memcmp(state_names[i], name, len) == 0)
            return i;
    return -1;
}

/** @brief The coordinator clock (wall ms). */
int64_t ck_tcoord_now(ck_tcoord *tc)
{
    return tc->opts.clock_ms ? tc->opts.clock_ms(tc->opts.clock_opaque) : ck_now_ms();
}

/* ===================================================================== */
/* Transaction objects                                                    */
/* ===================================================================== */

static void txn_clear_contents(txn *t)
{
    for (size_t i = 0; i < t->nparts; i++)
        ck_free(t->parts[i].topic);
    for (size_t i = 0; i < t->ngroups; i++)
        ck_free(t->groups[i]);
    for (size_t i = 0; i < t->noffs; i++) {
        ck_free(t->offs[i].group);
        ck_free(t->offs[i].topic);
        ck_free(t->offs[i].metadata);
    }
    t->nparts = t->ngroups = t->noffs = 0;
}

static void txn_free(txn *t)
{
    if (!t)
        return;
    txn_clear_contents(t);
    ck_free(t->parts);
    ck_free(t->groups);
    ck_free(t->offs);
    ck_free(t->id);
    ck_free(t);
}

static bool txn_has_part(const txn *t, const char *topic, int32_t partition)
{
    for (size_t i = 0; i < t->nparts; i++)
        if (t->parts[i].partition == partition && strcmp(t->parts[i].topic, topic) == 0)
            return true;
    return false;
}

static void txn_add_part(txn *t, const char *topic, int32_t partition)
{
    if (txn_has_part(t, topic, partition))
        return;
    if (t->nparts == t->pcap) {
        t->pcap = t->pcap ? t->pcap * 2 : 8;
        t->parts = ck_realloc(t->parts, t->pcap * sizeof(*t->parts));
    }
    t->parts[t->nparts].topic = ck_strdup(topic);
    t->parts[t->nparts].partition = partition;
    t->nparts++;
}

static bool txn_has_group(const txn *t, const char *group)
{
    for (size_t i = 0; i < t->ngroups; i++)
        if (strcmp(t->groups[i], group) == 0)
            return true;
    return false;
}

static void txn_add_group(txn *t, const char *group)
{
    if (txn_has_group(t, group))
        return;
    if (t->ngroups == t->gcap) {
        t->gcap = t->gcap ? t->gcap * 2 : 4;
        t->groups = ck_realloc(t->groups, t->gcap * sizeof(*t->groups));
    }
    t->groups[t->ngroups++] = ck_strdup(group);
}

static void txn_put_offset(txn *t, const char *group, const char *topic, int32_t partition, int64_t offset,
                           int32_t leader_epoch, const void *metadata, int32_t metadata_len)
{
    toff *o = NULL;

    for (size_t i = 0; i < t->noffs; i++) {
        if (t->offs[i].partition == partition && strcmp(t->offs[i].group, group) == 0 &&
            strcmp(t->offs[i].topic, topic) == 0) {
            o = &t->offs[i];
            ck_free(o->metadata);
            break;
        }
    }
    if (!o) {
        if (t->noffs == t->ocap) {
            t->ocap = t->ocap ? t->ocap * 2 : 8;
            t->offs = ck_realloc(t->offs, t->ocap * sizeof(*t->offs));
        }
        o = &t->offs[t->noffs++];
        o->group = ck_strdup(group);
        o->topic = ck_strdup(topic);
        o->partition = partition;
    }
    o->offset = offset;
    o->leader_epoch = leader_epoch;
    o->metadata_len = metadata_len < 0 ? -1 : metadata_len;
    o->metadata = NULL;
    if (o->metadata_len >= 0) {
        o->metadata = ck_malloc((size_t)o->metadata_len + 1);
        if (o->metadata_len)
            memcpy(o->metadata, metadata, (size_t)o->metadata_len);
        o->metadata[o->metadata_len] = 0;
    }
}

/* ===================================================================== */
/* LMDB encoding                                                          */
/* ===================================================================== */

static void wb_str16(ck_wb *wb, const char *s)
{
    size_t n = s ? strnlen(s, INT16_MAX) : 0;
    ck_wb_i16(wb, (int16_t)n);
    if (n)
        ck_wb_put(wb, s, n);
}

static char *rd_str16(ck_rd *rd)
{
    int16_t n = ck_rd_i16(rd);
    const uint8_t *p;

    if (n < 0) {
        rd->err = 1;
        return NULL;
    }
    p = ck_rd_bytes(rd, (size_t)n);
    if (rd->err)
        return NULL;
    return ck_strndup(n ? (const char *)p : "", (size_t)n);
}

static void txn_encode(const txn *t, ck_wb *wb)
{
    ck_wb_i8(wb, TXN_REC_V1);
    ck_wb_i64(wb, t->pid);
    ck_wb_i16(wb, t->epoch);
    ck_wb_i64(wb, t->last_pid);
    ck_wb_i16(wb, t->last_epoch);
    ck_wb_i32(wb, t->timeout_ms);
    ck_wb_i8(wb, (int8_t)t->state);
    ck_wb_i64(wb, t->start_ms);
    ck_wb_i64(wb, t->update_ms);
    ck_wb_i32(wb, (int32_t)t->nparts);
    for (size_t i = 0; i < t->nparts; i++) {
        wb_str16(wb, t->parts[i].topic);
        ck_wb_i32(wb, t->parts[i].partition);
    }
    ck_wb_i32(wb, (int32_t)t->ngroups);
    for (size_t i = 0; i < t->ngroups; i++)
        wb_str16(wb, t->groups[i]);
    ck_wb_i32(wb, (int32_t)t->noffs);
    for (size_t i = 0; i < t->noffs; i++) {
        const toff *o = &t->offs[i];
        wb_str16(wb, o->group);
        wb_str16(wb, o->topic);
        ck_wb_i32(wb, o->partition);
        ck_wb_i64(wb, o->offset);
        ck_wb_i32(wb, o->leader_epoch);
        ck_wb_i32(wb, o->metadata_len);
        if (o->metadata_len > 0)
            ck_wb_put(wb, o->metadata, (size_t)o->metadata_len);
    }
}

/* Decodes a record into a new txn (NULL if malformed). */
static txn *txn_decode(const char *id, size_t idlen, const void *v, size_t vl)
{
    ck_rd rd;
    txn *t = ck_calloc(1, sizeof(*t));
    int32_t n;

    t->id = ck_strndup(id, idlen);
    ck_rd_init(&rd, v, vl);
    if (ck_rd_i8(&rd) != TXN_REC_V1)
        goto bad;
    t->pid = ck_rd_i64(&rd);
    t->epoch = ck_rd_i16(&rd);
    t->last_pid = ck_rd_i64(&rd);
    t->last_epoch = ck_rd_i16(&rd);
    t->timeout_ms = ck_rd_i32(&rd);
    t->state = (ck_txn_state)ck_rd_i8(&rd);
    t->start_ms = ck_rd_i64(&rd);
    t->update_ms = ck_rd_i64(&rd);
    if ((unsigned)t->state >= CK_TXN__STATES)
        goto bad;
    n = ck_rd_i32(&rd);
    for (int32_t i = 0; i < n && !rd.err; i++) {
        char *topic = rd_str16(&rd);
        int32_t part = ck_rd_i32(&rd);
        if (topic && !rd.err)
            txn_add_part(t, topic, part);
        ck_free(topic);
    }
    n = ck_rd_i32(&rd);
    for (int32_t i = 0; i < n && !rd.err; i++) {
        char *g = rd_str16(&rd);
        if (g && !rd.err)
            txn_add_group(t, g);
        ck_free(g);
    }
    n = ck_rd_i32(&rd);
    for (int32_t i = 0; i < n && !rd.err; i++) {
        char *g = rd_str16(&rd), *topic = rd_str16(&rd);
        int32_t part = ck_rd_i32(&rd);
        int64_t off = ck_rd_i64(&rd);
        int32_t le = ck_rd_i32(&rd), ml = ck_rd_i32(&rd);
        const uint8_t *mp = ml > 0 ? ck_rd_bytes(&rd, (size_t)ml) : NULL;
        if (ml < -1)
            rd.err = 1;
        if (!rd.err)
            txn_put_offset(t, g, topic, part, off, le, mp, ml);
        ck_free(g);
        ck_free(topic);
    }
    if (rd.err)
        goto bad;
    return t;
bad:
    txn_free(t);
    return NULL;
}

/* Writes t (and, when commit_offsets, its pending offsets into the group
 * offsets store) in one durable LMDB write.  tc->mu held. */
static int txn_persist(ck_tcoord *tc, txn *t, bool commit_offsets)
{
    ck_meta *m = ck_engine_meta(tc->eng);
    ck_meta_batch *b = ck_meta_batch_begin(m);
    ck_wb wb;
    int rc;

    if (!b) {
        CK_ERR(TXN_LOG, "cannot write transaction %s: %s", t->id, ck_meta_errmsg(m));
        return CHRONIK_ERR_KAFKA_STORAGE_ERROR;
    }
    t->update_ms = ck_tcoord_now(tc);
    ck_wb_init(&wb, 128);
    txn_encode(t, &wb);
    ck_meta_batch_put(b, CK_META_TXNS, t->id, strlen(t->id), wb.buf, wb.len);
    if (commit_offsets) {
        for (size_t i = 0; i < t->noffs; i++) {
            const toff *o = &t->offs[i];
            char key[CK_OFFSET_KEY_MAX];
            size_t kl = ck_offset_key(key, o->group, o->topic, o->partition);
            ck_offset_rec r = { o->offset, o->leader_epoch, t->update_ms, o->metadata, o->metadata_len };
            ck_wb_reset(&wb);
            ck_offset_rec_encode(&wb, &r);
            ck_meta_batch_put(b, CK_META_OFFSETS, key, kl, wb.buf, wb.len);
        }
    }
    ck_wb_free(&wb);
    rc = ck_meta_batch_commit(b);
    if (rc != 0) {
        CK_ERR(TXN_LOG, "cannot write transaction %s: %s", t->id, ck_meta_errmsg(m));
        rc = CHRONIK_ERR_KAFKA_STORAGE_ERROR;
    } else if (commit_offsets && t->noffs > 0) {
        /* The committed offsets also go to the internal topic __consumer_offsets. */
        ck_otopic_entry *e = ck_calloc(t->noffs, sizeof(*e));
        ck_offset_rec *r = ck_calloc(t->noffs, sizeof(*r));
        for (size_t i = 0; i < t->noffs; i++) {
            const toff *o = &t->offs[i];
            r[i] = (ck_offset_rec){ o->offset, o->leader_epoch, t->update_ms, o->metadata, o->metadata_len };
            e[i] = (ck_otopic_entry){ o->group, o->topic, o->partition, &r[i] };
        }
        ck_offsets_topic_write(tc->eng, e, t->noffs);
        ck_free(r);
        ck_free(e);
    }
    return rc;
}

/* Snapshot of the mutable fields, to roll back a transition whose write failed. */
typedef struct txn_saved {
    int64_t      pid, last_pid, start_ms;
    int16_t      epoch, last_epoch;
    int32_t      timeout_ms;
    ck_txn_state state;
} txn_saved;

static void txn_save(const txn *t, txn_saved *s)
{
    s->pid = t->pid;
    s->last_pid = t->last_pid;
    s->start_ms = t->start_ms;
    s->epoch = t->epoch;
    s->last_epoch = t->last_epoch;
    s->timeout_ms = t->timeout_ms;
    s->state = t->state;
}

static void txn_restore(txn *t, const txn_saved *s)
{
    t->pid = s->pid;
    t->last_pid = s->last_pid;
    t->start_ms = s->start_ms;
    t->epoch = s->epoch;
    t->last_epoch = s->last_epoch;
    t->timeout_ms = s->timeout_ms;
    t->state = s->state;
}

static void pid_map_set(ck_tcoord *tc, txn *t)
{
    uint8_t k[8];
    ck_put_be64(k, (uint64_t)t->pid);
    ck_map_put(&tc->by_pid, (const char *)k, 8, t);
}

static void pid_map_del(ck_tcoord *tc, int64_t pid)
{
    uint8_t k[8];
    ck_put_be64(k, (uint64_t)pid);
    ck_map_del(&tc->by_pid, (const char *)k, 8);
}

static txn *txn_get(ck_tcoord *tc, const char *id)
{
    return ck_map_get(&tc->txns, id, strlen(id));
}

/* ===================================================================== */
/* Markers and completion                                                 */
/* ===================================================================== */

static void op_enqueue_done(endop *op)
{
    ck_tcoord *tc = op->tc;

    pthread_mutex_lock(&tc->qmu);
    op->next = tc->done_head;
    tc->done_head = op;
    pthread_cond_signal(&tc->qcond);
    pthread_mutex_unlock(&tc->qmu);
}

static void op_dec(endop *op)
{
    if (atomic_fetch_sub(&op->pending, 1) == 1)
        op_enqueue_done(op);
}

/* Durability callback of one marker (flusher or any thread): takes qmu only. */
static void marker_done(void *opaque, const ck_produce_result *res)
{
    endop *op = opaque;

    if (res->err != 0 && res->err != CHRONIK_ERR_UNKNOWN_TOPIC_OR_PARTITION)
        atomic_store(&op->failed, 1);
    op_dec(op);
}

/* Hands one marker per partition of op->t to the engine.  tc->mu held. */
static void write_markers(ck_tcoord *tc, endop *op)
{
    txn *t = op->t;
    int64_t now = ck_tcoord_now(tc);

    atomic_store(&op->failed, 0);
    atomic_store(&op->pending, (int)t->nparts + 1);
    for (size_t i = 0; i < t->nparts; i++) {
        ck_topic *topic = ck_engine_topic_get(tc->eng, t->parts[i].topic, strlen(t->parts[i].topic));
        ck_partition *p = topic ? ck_topic_partition(topic, t->parts[i].partition) : NULL;
        ck_produce_result res;
        ck_wb wb;

        if (!p) {
            /* deleted meanwhile: nothing to mark */
            if (topic)
                ck_topic_release(topic);
            op_dec(op);
            continue;
        }
        ck_wb_init(&wb, 128);
        ck_batch_build_marker(&wb, t->pid, t->epoch, op->commit, 0, now);
        if (ck_partition_produce(p, wb.buf, wb.len, CK_PRODUCE_CONTROL, &res, marker_done, op) == CK_DONE)
            marker_done(op, &res);
        ck_wb_free(&wb);
        ck_topic_release(topic);
    }
    op_dec(op);
}

/* Moves t to Prepare{Commit,Abort}: durable first, then the markers. */
static int16_t begin_end(ck_tcoord *tc, txn *t, bool commit, ck_txn_end_cb cb, void *opaque)
{
    txn_saved sv;
    endop *op;

    txn_save(t, &sv);
    t->state = commit ? CK_TXN_PREPARE_COMMIT : CK_TXN_PREPARE_ABORT;
    if (txn_persist(tc, t, false) != 0) {
        txn_restore(t, &sv);
        return CHRONIK_ERR_KAFKA_STORAGE_ERROR;
    }
    op = ck_calloc(1, sizeof(*op));
    op->tc = tc;
    op->t = t;
    op->commit = commit;
    op->cb = cb;
    op->opaque = opaque;
    t->op = op;
    tc->ops_live++;
    write_markers(tc, op);
    return 0;
}

/* Aborts t's ongoing transaction with a bumped epoch (fencing its producer). */
static int16_t fence_abort(ck_tcoord *tc, txn *t)
{
    t->last_pid = t->pid;
    t->last_epoch = t->epoch;
    if (t->epoch < MAX_EPOCH)
        t->epoch++;
    return begin_end(tc, t, false, NULL, NULL);
}

/* Completes op once its markers are durable (or schedules a retry).
 * Takes tc->mu; runs the callback without it. */
static void complete_op(ck_tcoord *tc, endop *op)
{
    txn *t = op->t;
    ck_txn_end_cb cb = NULL;
    void *opaque = NULL;
    txn_saved sv;

    pthread_mutex_lock(&tc->mu);
    if (atomic_load(&op->failed)) {
        op->retry_at = ck_mono_ms() + RETRY_MS;
        op->next = tc->retry;
        tc->retry = op;
        CK_WARN(TXN_LOG, "transaction %s: a marker write failed; retrying", t->id);
        pthread_mutex_unlock(&tc->mu);
        return;
    }
    txn_save(t, &sv);
    t->state = op->commit ? CK_TXN_COMPLETE_COMMIT : CK_TXN_COMPLETE_ABORT;
    if (txn_persist(tc, t, op->commit) != 0) {
        txn_restore(t, &sv);
        op->retry_at = ck_mono_ms() + RETRY_MS;
        atomic_store(&op->failed, 0);
        op->next = tc->retry;
        tc->retry = op;
        op->pending = -1;   /* marks "persist only" for the retry */
        pthread_mutex_unlock(&tc->mu);
        return;
    }
    txn_clear_contents(t);
    t->start_ms = -1;
    t->op = NULL;
    tc->ops_live--;
    cb = op->cb;
    opaque = op->opaque;
    CK_DEBUG(TXN_LOG, "transaction %s %s", t->id, op->commit ? "committed" : "aborted");
    pthread_mutex_unlock(&tc->mu);
    ck_free(op);
    if (cb)
        cb(opaque, 0);
}

/* Runs queued completions. */
static void drain_done(ck_tcoord *tc)
{
    endop *list;

    pthread_mutex_lock(&tc->qmu);
    list = tc->done_head;
    tc->done_head = NULL;
    pthread_mutex_unlock(&tc->qmu);
    while (list) {
        endop *next = list->next;
        complete_op(tc, list);
        list = next;
    }
}

/* Retries due marker writes / completions and aborts expired transactions. */
/* transactional.id.expiration.ms: an id with no transaction in flight and
 * no request for that long is forgotten (Kafka moves it to Dead and removes
 * it); a producer using it again starts from InitProducerId.  tc->mu held. */
static void expire_ids(ck_tcoord *tc, int64_t now)
{
    int64_t ttl = ck_conf_num(ck_engine_conf(tc->eng), CK_BK_TRANSACTIONAL_ID_EXPIRATION_MS);
    txn **dead = NULL;
    size_t n = 0, cap = 0, it = 0, kl;
    const char *k;
    void *v;

    while (ck_map_next(&tc->txns, &it, &k, &kl, &v)) {
        txn *t = v;
        bool idle = t->state == CK_TXN_EMPTY || t->state == CK_TXN_COMPLETE_COMMIT ||
                    t->state == CK_TXN_COMPLETE_ABORT;
        if (!idle || t->op || now - t->update_ms < ttl)
            continue;
        if (n == cap) {
            cap = cap ? cap * 2 : 8;
            dead = ck_realloc(dead, cap * sizeof(*dead));
        }
        dead[n++] = t;
    }
    for (size_t i = 0; i < n; i++) {
        txn *t = dead[i];
        int rc = ck_meta_del(ck_engine_meta(tc->eng), CK_META_TXNS, t->id, strlen(t->id));
        if (rc != 0 && rc != CHRONIK_ERR_NOT_FOUND)
            continue;   /* keep it; retried on the next tick */
        CK_INFO(TXN_LOG, "transactional id %s expired after %lld ms without use", t->id, (long long)ttl);
        pid_map_del(tc, t->pid);
        ck_map_del(&tc->txns, t->id, strlen(t->id));
        txn_free(t);
    }
    ck_free(dead);
}

static void run_timers(ck_tcoord *tc)
{
    int64_t mono = ck_mono_ms(), now = ck_tcoord_now(tc);
    endop *due = NULL, **pp;
    size_t it = 0;
    const char *k;
    size_t kl;
    void *v;

    pthread_mutex_lock(&tc->mu);
    pp = &tc->retry;
    while (*pp) {
        endop *op = *pp;
        if (op->retry_at <= mono) {
            *pp = op->next;
            op->next = due;
            due = op;
        } else {
            pp = &op->next;
        }
    }
    while (due) {
        endop *op = due;
        due = op->next;
        if (op->pending == -1) {
            op->pending = 0;
            pthread_mutex_unlock(&tc->mu);
            op_enqueue_done(op);
            pthread_mutex_lock(&tc->mu);
        } else {
            write_markers(tc, op);
        }
    }
    while (ck_map_next(&tc->txns, &it, &k, &kl, &v)) {
        txn *t = v;
        if (t->state == CK_TXN_ONGOING && !t->op && t->start_ms >= 0 &&
            now - t->start_ms >= (int64_t)t->timeout_ms) {
            CK_INFO(TXN_LOG, "transaction %s (producer %lld epoch %d) timed out after %d ms: aborting", t->id,
                    (long long)t->pid, (int)t->epoch, (int)t->timeout_ms);
            fence_abort(tc, t);
        }
    }
    expire_ids(tc, now);
    pthread_mutex_unlock(&tc->mu);
}

/** @brief One round of the timer thread's work (tests call it directly). */
void ck_tcoord_tick(ck_tcoord *tc)
{
    drain_done(tc);
    run_timers(tc);
    drain_done(tc);
}

static void *timer_main(void *arg)
{
    ck_tcoord *tc = arg;
    int64_t next_tick = ck_mono_ms() + TICK_MS;

    pthread_mutex_lock(&tc->qmu);
    while (!tc->stop) {
        int64_t now = ck_mono_ms();
        if (!tc->done_head && now < next_tick) {
            struct timespec ts;
            int64_t d = next_tick - now;
            clock_gettime(CLOCK_REALTIME, &ts);
            ts.tv_sec += d / 1000;
            ts.tv_nsec += (d % 1000) * 1000000;
            if (ts.tv_nsec >= 1000000000) {
                ts.tv_sec++;
                ts.tv_nsec -= 1000000000;
            }
            pthread_cond_timedwait(&tc->qcond, &tc->qmu, &ts);
            continue;
        }
        pthread_mutex_unlock(&tc->qmu);
        drain_done(tc);
        if (ck_mono_ms() >= next_tick) {
            run_timers(tc);
            next_tick = ck_mono_ms() + TICK_MS;
        }
        pthread_mutex_lock(&tc->qmu);
    }
    pthread_mutex_unlock(&tc->qmu);
    return NULL;
}

/* ===================================================================== */
/* Produce check (called by the engine with no lock held)                 */
/* ===================================================================== */

static int verify_produce(void *opaque, ck_partition *p, int64_t pid, int16_t epoch, char *msg, size_t msglen)
{
    ck_tcoord *tc = opaque;
    const char *topic = ck_topic_name(ck_partition_topic(p));
    int32_t part = ck_partition_index(p);
    uint8_t k[8];
    txn *t;
    int rc = 0;

    ck_put_be64(k, (uint64_t)pid);
    pthread_mutex_lock(&tc->mu);
    t = ck_map_get(&tc->by_pid, (const char *)k, 8);
    if (!t) {
        rc = CHRONIK_ERR_INVALID_PRODUCER_ID_MAPPING;
        snprintf(msg, msglen, "producer id %lld belongs to no transactional id", (long long)pid);
    } else if (epoch != t->epoch) {
        rc = CHRONIK_ERR_INVALID_PRODUCER_EPOCH;
        snprintf(msg, msglen, "producer %lld epoch %d is not the current epoch %d (fenced)", (long long)pid,
                 (int)epoch, (int)t->epoch);
    } else if (t->state != CK_TXN_ONGOING || !txn_has_part(t, topic, part)) {
        rc = CHRONIK_ERR_INVALID_TXN_STATE;
        snprintf(msg, msglen, "%s-%d was not added to transaction %s", topic, (int)part, t->id);
    }
    pthread_mutex_unlock(&tc->mu);
    return rc;
}

/* ===================================================================== */
/* Lifecycle                                                              */
/* ===================================================================== */

static void coord_free_fn(void *opaque)
{
    ck_tcoord_free(opaque);
}

static int load_cb(void *opaque, const void *k, size_t kl, const void *v, size_t vl)
{
    ck_tcoord *tc = opaque;
    txn *t = txn_decode(k, kl, v, vl);

    if (!t) {
        CK_WARN(TXN_LOG, "ignoring a malformed transaction record (%zu bytes)", vl);
        return 0;
    }
    ck_map_put(&tc->txns, t->id, strlen(t->id), t);
    pid_map_set(tc, t);
    return 0;
}

/** @brief Creates the coordinator (see txn.h). */
ck_tcoord *ck_tcoord_new(ck_engine *eng, const ck_tcoord_opts *opts)
{
    ck_tcoord *tc = ck_calloc(1, sizeof(*tc));
    size_t it = 0, nrec = 0;
    const char *k;
    size_t kl;
    void *v;

    tc->eng = eng;
    if (opts)
        tc->opts = *opts;
    pthread_mutex_init(&tc->mu, NULL);
    pthread_mutex_init(&tc->qmu, NULL);
    pthread_cond_init(&tc->qcond, NULL);
    ck_map_init(&tc->txns);
    ck_map_init(&tc->by_pid);
    if (ck_meta_scan(ck_engine_meta(eng), CK_META_TXNS, NULL, 0, load_cb, tc) != 0)
        CK_ERR(TXN_LOG, "cannot read transaction state: %s", ck_meta_errmsg(ck_engine_meta(eng)));
    pthread_mutex_lock(&tc->mu);
    while (ck_map_next(&tc->txns, &it, &k, &kl, &v)) {
        txn *t = v;
        nrec++;
        if (t->state == CK_TXN_PREPARE_COMMIT || t->state == CK_TXN_PREPARE_ABORT) {
            CK_INFO(TXN_LOG, "recovering transaction %s: completing its %s", t->id,
                    t->state == CK_TXN_PREPARE_COMMIT ? "commit" : "abort");
            endop *op = ck_calloc(1, sizeof(*op));
            op->tc = tc;
            op->t = t;
            op->commit = t->state == CK_TXN_PREPARE_COMMIT;
            t->op = op;
            tc->ops_live++;
            write_markers(tc, op);
        } else if (t->state == CK_TXN_PREPARE_EPOCH_FENCE) {
            fence_abort(tc, t);
        }
    }
    pthread_mutex_unlock(&tc->mu);
    if (nrec)
        CK_INFO(TXN_LOG, "loaded %zu transactional id(s)", nrec);
    ck_engine_txn_attach(eng, tc, verify_produce, coord_free_fn);
    if (!tc->opts.no_thread) {
        if (pthread_create(&tc->thread, NULL, timer_main, tc) == 0)
            tc->thread_started = true;
        else
            CK_ERR(TXN_LOG, "cannot start the transaction timer thread: %s", strerror(errno));
    }
    return tc;
}

/** @brief Frees the coordinator (see txn.h). */
void ck_tcoord_free(ck_tcoord *tc)
{
    size_t it = 0;
    const char *k;
    size_t kl;
    void *v;
    int64_t deadline;
    bool leak = false;

    if (!tc)
        return;
    if (ck_engine_txn(tc->eng) == tc)
        ck_engine_txn_attach(tc->eng, NULL, NULL, NULL);
    if (tc->thread_started) {
        pthread_mutex_lock(&tc->qmu);
        tc->stop = true;
        pthread_cond_signal(&tc->qcond);
        pthread_mutex_unlock(&tc->qmu);
        pthread_join(tc->thread, NULL);
    }
    /* Let markers in flight become durable so no callback outlives us. */
    deadline = ck_mono_ms() + SHUTDOWN_WAIT_MS;
    for (;;) {
        size_t live;
        drain_done(tc);
        pthread_mutex_lock(&tc->mu);
        while (tc->retry) {   /* retries are not attempted at shutdown */
            endop *op = tc->retry;
            tc->retry = op->next;
            op->t->op = NULL;
            tc->ops_live--;
            if (op->cb)
                op->cb(op->opaque, CHRONIK_ERR_COORDINATOR_NOT_AVAILABLE);
            ck_free(op);
        }
        live = tc->ops_live;
        pthread_mutex_unlock(&tc->mu);
        if (live == 0)
            break;
        if (ck_mono_ms() >= deadline) {
            CK_WARN(TXN_LOG, "%zu transaction end(s) still writing markers at shutdown", live);
            leak = true;
            break;
        }
        struct timespec ts = { 0, 5 * 1000000 };
        nanosleep(&ts, NULL);
    }
    if (leak)
        return;   /* a late marker callback must still find valid memory */
    while (ck_map_next(&tc->txns, &it, &k, &kl, &v))
        txn_free(v);
    ck_map_free(&tc->txns);
    ck_map_free(&tc->by_pid);
    pthread_mutex_destroy(&tc->mu);
    pthread_mutex_destroy(&tc->qmu);
    pthread_cond_destroy(&tc->qcond);
    ck_free(tc);
}

static pthread_mutex_t registry_mu = PTHREAD_MUTEX_INITIALIZER;

/** @brief eng's coordinator, created on first use. */
ck_tcoord *ck_txn_coord(ck_engine *eng)
{
    ck_tcoord *tc = ck_engine_txn(eng);

    if (tc)
        return tc;
    pthread_mutex_lock(&registry_mu);
    tc = ck_engine_txn(eng);
    if (!tc)
        tc = ck_tcoord_new(eng, NULL);
    pthread_mutex_unlock(&registry_mu);
    return tc;
}

/** @brief Creates eng's coordinator now. */
int ck_txn_start(ck_engine *eng)
{
    return ck_txn_coord(eng) ? 0 : CHRONIK_ERR_IO;
}

/** @brief Frees eng's coordinator if one exists. */
void ck_txn_shutdown(ck_engine *eng)
{
    ck_tcoord *tc;

    if (!eng)
        return;
    pthread_mutex_lock(&registry_mu);
    tc = ck_engine_txn(eng);
    ck_tcoord_free(tc);
    pthread_mutex_unlock(&registry_mu);
}

static int txn_feature_start(ck_engine *eng, char *err, size_t errlen)
{
    int rc = ck_txn_start(eng);

    if (rc)
        ck_errf(err, errlen, "cannot recover transactions: %s", chronik_strerror((chronik_err_t)rc));
    return rc;
}

const ck_feature ck_txn_feature = {
    .name = "txn",
    .start = txn_feature_start,
    .stop = ck_txn_shutdown,
};

/* ===================================================================== */
/* Requests                                                               */
/* ===================================================================== */

static bool id_valid(const char *id)
{
    return id && *id && strlen(id) <= CK_TXN_ID_MAX;
}

/** @brief InitProducerId with a transactional id (see txn.h). */
int16_t ck_txn_init_pid(ck_tcoord *tc, const char *txn_id, int32_t timeout_ms, int64_t exp_pid, int16_t exp_epoch,
                        int64_t *pid, int16_t *epoch)
{
    int64_t max_timeout = ck_conf_num(ck_engine_conf(tc->eng), CK_BK_TRANSACTION_MAX_TIMEOUT_MS);
    int16_t err = 0;
    txn *t;
    txn_saved sv;
    bool created = false;

    *pid = -1;
    *epoch = -1;
    if (!id_valid(txn_id))
        return CHRONIK_ERR_INVALID_REQUEST;
    if (timeout_ms <= 0 || (int64_t)timeout_ms > max_timeout)
        return CHRONIK_ERR_INVALID_TRANSACTION_TIMEOUT;
    pthread_mutex_lock(&tc->mu);
    t = txn_get(tc, txn_id);
    if (!t) {
        int64_t np;
        if (ck_engine_producer_id_alloc(tc->eng, &np) != 0) {
            err = CHRONIK_ERR_KAFKA_STORAGE_ERROR;
            goto out;
        }
        t = ck_calloc(1, sizeof(*t));
        t->id = ck_strdup(txn_id);
        t->pid = np;
        t->epoch = 0;
        t->last_pid = -1;
        t->last_epoch = -1;
        t->start_ms = -1;
        t->state = CK_TXN_EMPTY;
        t->timeout_ms = timeout_ms;
        if (txn_persist(tc, t, false) != 0) {
            txn_free(t);
            err = CHRONIK_ERR_KAFKA_STORAGE_ERROR;
            goto out;
        }
        ck_map_put(&tc->txns, t->id, strlen(t->id), t);
        pid_map_set(tc, t);
        created = true;
        goto done;
    }
    if (t->op || t->state == CK_TXN_PREPARE_COMMIT || t->state == CK_TXN_PREPARE_ABORT ||
        t->state == CK_TXN_PREPARE_EPOCH_FENCE) {
        err = CHRONIK_ERR_CONCURRENT_TRANSACTIONS;
        goto out;
    }
    if (exp_pid >= 0) {
        bool valid = (exp_pid == t->pid && (exp_epoch == t->epoch || exp_epoch == t->last_epoch)) ||
                     (exp_pid == t->last_pid && exp_epoch == t->last_epoch);
        if (!valid) {
            err = CHRONIK_ERR_PRODUCER_FENCED;
            goto out;
        }
    }
    if (t->state == CK_TXN_ONGOING) {
        /* Fence the current producer: abort its transaction with a bumped
         * epoch; the caller retries once the abort completed. */
        err = fence_abort(tc, t);
        if (err == 0)
            err = CHRONIK_ERR_CONCURRENT_TRANSACTIONS;
        goto out;
    }
    txn_save(t, &sv);
    t->last_pid = t->pid;
    t->last_epoch = t->epoch;
    if (t->epoch >= MAX_EPOCH) {
        int64_t np;
        if (ck_engine_producer_id_alloc(tc->eng, &np) != 0) {
            err = CHRONIK_ERR_KAFKA_STORAGE_ERROR;
            goto out;
        }
        t->pid = np;
        t->epoch = 0;
    } else {
        t->epoch++;
    }
    t->timeout_ms = timeout_ms;
    t->state = CK_TXN_EMPTY;
    t->start_ms = -1;
    if (txn_persist(tc, t, false) != 0) {
        txn_restore(t, &sv);
        err = CHRONIK_ERR_KAFKA_STORAGE_ERROR;
        goto out;
    }
    if (t->pid != sv.pid) {
        pid_map_del(tc, sv.pid);
        pid_map_set(tc, t);
    }
done:
    *pid = t->pid;
    *epoch = t->epoch;
    CK_DEBUG(TXN_LOG, "InitProducerId %s: producer %lld epoch %d%s", txn_id, (long long)t->pid, (int)t->epoch,
             created ? " (new)" : "");
out:
    pthread_mutex_unlock(&tc->mu);
    return err;
}

/* The checks common to AddPartitions/AddOffsets/EndTxn/TxnOffsetCommit. */
static int16_t check_producer(const txn *t, int64_t pid, int16_t epoch)
{
    if (!t || t->pid != pid)
        return CHRONIK_ERR_INVALID_PRODUCER_ID_MAPPING;
    if (t->epoch != epoch)
        return CHRONIK_ERR_PRODUCER_FENCED;
    return 0;
}

/* Makes t Ongoing (a new transaction starts its clock). */
static void make_ongoing(ck_tcoord *tc, txn *t)
{
    if (t->state != CK_TXN_ONGOING) {
        txn_clear_contents(t);
        t->state = CK_TXN_ONGOING;
        t->start_ms = ck_tcoord_now(tc);
    }
}

static bool partition_exists(ck_tcoord *tc, const char *topic, int32_t partition)
{
    ck_topic *t = topic ? ck_engine_topic_get(tc->eng, topic, strlen(topic)) : NULL;
    bool ok = t && !ck_topic_deleted(t) && ck_topic_partition(t, partition) != NULL;

    if (t)
        ck_topic_release(t);
    return ok;
}

/** @brief AddPartitionsToTxn (see txn.h). */
int16_t ck_txn_add_partitions(ck_tcoord *tc, const char *txn_id, int64_t pid, int16_t epoch, ck_txn_tp *tps,
                              size_t n, bool verify_only)
{
    int16_t err = 0;
    txn *t;
    bool unknown = false, changed = false;

    if (!id_valid(txn_id)) {
        err = CHRONIK_ERR_INVALID_REQUEST;
        goto fill;
    }
    pthread_mutex_lock(&tc->mu);
    t = txn_get(tc, txn_id);
    err = check_producer(t, pid, epoch);
    if (err)
        goto unlock;
    if (verify_only) {
        for (size_t i = 0; i < n; i++)
            tps[i].error = t->state == CK_TXN_ONGOING && txn_has_part(t, tps[i].topic, tps[i].partition)
                               ? 0
                               : CHRONIK_ERR_INVALID_TXN_STATE;
        pthread_mutex_unlock(&tc->mu);
        return 0;
    }
    if (t->op || t->state == CK_TXN_PREPARE_COMMIT || t->state == CK_TXN_PREPARE_ABORT ||
        t->state == CK_TXN_PREPARE_EPOCH_FENCE) {
        err = CHRONIK_ERR_CONCURRENT_TRANSACTIONS;
        goto unlock;
    }
    if (t->state == CK_TXN_DEAD) {
        err = CHRONIK_ERR_INVALID_PRODUCER_ID_MAPPING;
        goto unlock;
    }
    for (size_t i = 0; i < n; i++) {
        tps[i].error = partition_exists(tc, tps[i].topic, tps[i].partition) ? 0
                                                                            : CHRONIK_ERR_UNKNOWN_TOPIC_OR_PARTITION;
        unknown = unknown || tps[i].error != 0;
    }
    if (unknown) {
        for (size_t i = 0; i < n; i++)
            if (tps[i].error == 0)
                tps[i].error = CHRONIK_ERR_OPERATION_NOT_ATTEMPTED;
        pthread_mutex_unlock(&tc->mu);
        return 0;
    }
    {
        txn_saved sv;
        size_t before;
        txn_save(t, &sv);
        if (t->state != CK_TXN_ONGOING)
            changed = true;
        make_ongoing(tc, t);
        before = t->nparts;
        for (size_t i = 0; i < n; i++)
            txn_add_part(t, tps[i].topic, tps[i].partition);
        changed = changed || t->nparts != before;
        if (changed && txn_persist(tc, t, false) != 0) {
            for (size_t i = before; i < t->nparts; i++)
                ck_free(t->parts[i].topic);
            t->nparts = before;
            txn_restore(t, &sv);
            err = CHRONIK_ERR_KAFKA_STORAGE_ERROR;
        }
    }
unlock:
    pthread_mutex_unlock(&tc->mu);
fill:
    for (size_t i = 0; i < n; i++)
        tps[i].error = err;
    return err;
}

/** @brief AddOffsetsToTxn (see txn.h). */
int16_t ck_txn_add_offsets(ck_tcoord *tc, const char *txn_id, int64_t pid, int16_t epoch, const char *group)
{
    int16_t err;
    txn *t;

    if (!id_valid(txn_id))
        return CHRONIK_ERR_INVALID_REQUEST;
    if (!group || !*group || strlen(group) > CK_GROUP_ID_MAX)
        return CHRONIK_ERR_INVALID_GROUP_ID;
    pthread_mutex_lock(&tc->mu);
    t = txn_get(tc, txn_id);
    err = check_producer(t, pid, epoch);
    if (err)
        goto out;
    if (t->op || t->state == CK_TXN_PREPARE_COMMIT || t->state == CK_TXN_PREPARE_ABORT ||
        t->state == CK_TXN_PREPARE_EPOCH_FENCE) {
        err = CHRONIK_ERR_CONCURRENT_TRANSACTIONS;
        goto out;
    }
    if (t->state != CK_TXN_ONGOING || !txn_has_group(t, group)) {
        txn_saved sv;
        size_t before;
        txn_save(t, &sv);
        make_ongoing(tc, t);
        before = t->ngroups;
        txn_add_group(t, group);
        if (txn_persist(tc, t, false) != 0) {
            if (t->ngroups > before)
                ck_free(t->groups[--t->ngroups]);
            txn_restore(t, &sv);
            err = CHRONIK_ERR_KAFKA_STORAGE_ERROR;
        }
    }
out:
    pthread_mutex_unlock(&tc->mu);
    return err;
}

/** @brief TxnOffsetCommit (see txn.h). */
int16_t ck_txn_offset_commit(ck_tcoord *tc, const char *txn_id, const char *group, int64_t pid, int16_t epoch,
                             ck_txn_offset *offs, size_t n)
{
    int64_t md_max = ck_conf_num(ck_engine_conf(tc->eng), CK_BK_OFFSET_METADATA_MAX_BYTES);
    int16_t err = 0;
    txn *t;
    bool any = false;

    if (!id_valid(txn_id)) {
        err = CHRONIK_ERR_INVALID_REQUEST;
        goto fill;
    }
    if (!group || !*group || strlen(group) > CK_GROUP_ID_MAX) {
        err = CHRONIK_ERR_INVALID_GROUP_ID;
        goto fill;
    }
    pthread_mutex_lock(&tc->mu);
    t = txn_get(tc, txn_id);
    err = check_producer(t, pid, epoch);
    if (err)
        goto unlock;
    if (t->op || t->state != CK_TXN_ONGOING || !txn_has_group(t, group)) {
        err = t->op ? CHRONIK_ERR_CONCURRENT_TRANSACTIONS : CHRONIK_ERR_INVALID_TXN_STATE;
        goto unlock;
    }
    for (size_t i = 0; i < n; i++) {
        if (!partition_exists(tc, offs[i].topic, offs[i].partition)) {
            offs[i].error = CHRONIK_ERR_UNKNOWN_TOPIC_OR_PARTITION;
        } else if (offs[i].metadata_len > md_max) {
            offs[i].error = CHRONIK_ERR_OFFSET_METADATA_TOO_LARGE;
        } else {
            offs[i].error = 0;
            txn_put_offset(t, group, offs[i].topic, offs[i].partition, offs[i].offset, offs[i].leader_epoch,
                           offs[i].metadata, offs[i].metadata_len);
            any = true;
        }
    }
    if (any && txn_persist(tc, t, false) != 0) {
        for (size_t i = 0; i < n; i++)
            if (offs[i].error == 0)
                offs[i].error = CHRONIK_ERR_KAFKA_STORAGE_ERROR;
    }
    pthread_mutex_unlock(&tc->mu);
    return 0;
unlock:
    pthread_mutex_unlock(&tc->mu);
fill:
    for (size_t i = 0; i < n; i++)
        offs[i].error = err;
    return err;
}

/** @brief EndTxn (see txn.h). */
void ck_txn_end(ck_tcoord *tc, const char *txn_id, int64_t pid, int16_t epoch, bool commit, ck_txn_end_cb cb,
                void *opaque)
{
    int16_t err = 0;
    txn *t;

    if (!id_valid(txn_id)) {
        cb(opaque, CHRONIK_ERR_INVALID_REQUEST);
        return;
    }
    pthread_mutex_lock(&tc->mu);
    t = txn_get(tc, txn_id);
    err = check_producer(t, pid, epoch);
    if (err)
        goto out;
    switch (t->state) {
    case CK_TXN_ONGOING:
        if (t->op) {
            err = CHRONIK_ERR_CONCURRENT_TRANSACTIONS;
            break;
        }
        err = begin_end(tc, t, commit, cb, opaque);
        if (err == 0) {
            pthread_mutex_unlock(&tc->mu);
            return;   /* cb runs when the markers are durable */
        }
        break;
    case CK_TXN_COMPLETE_COMMIT:
        err = commit ? 0 : CHRONIK_ERR_INVALID_TXN_STATE;
        break;
    case CK_TXN_COMPLETE_ABORT:
        err = commit ? CHRONIK_ERR_INVALID_TXN_STATE : 0;
        break;
    case CK_TXN_PREPARE_COMMIT:
        err = commit ? CHRONIK_ERR_CONCURRENT_TRANSACTIONS : CHRONIK_ERR_INVALID_TXN_STATE;
        break;
    case CK_TXN_PREPARE_ABORT:
        err = commit ? CHRONIK_ERR_INVALID_TXN_STATE : CHRONIK_ERR_CONCURRENT_TRANSACTIONS;
        break;
    case CK_TXN_PREPARE_EPOCH_FENCE:
        err = CHRONIK_ERR_CONCURRENT_TRANSACTIONS;
        break;
    default:
        err = CHRONIK_ERR_INVALID_TXN_STATE;
        break;
    }
out:
    pthread_mutex_unlock(&tc->mu);
    cb(opaque, err);
}

/* ===================================================================== */
/* Introspection                                                          */
/* ===================================================================== */

static int cmp_tpart(const void *a, const void *b)
{
    const tpart *x = a, *y = b;
    int c = strcmp(x->topic, y->topic);

    return c ? c : (x->partition > y->partition) - (x->partition < y->partition);
}

/** @brief Describes txn_id (see txn.h). */
void ck_txn_describe(ck_tcoord *tc, const char *txn_id, ck_txn_desc_fn fn, void *opaque)
{
    ck_txn_desc d;
    txn *t;

    memset(&d, 0, sizeof(d));
    d.txn_id = txn_id;
    d.producer_id = -1;
    d.producer_epoch = -1;
    d.start_ms = -1;
    pthread_mutex_lock(&tc->mu);
    t = txn_id ? txn_get(tc, txn_id) : NULL;
    if (!t) {
        d.error = CHRONIK_ERR_TRANSACTIONAL_ID_NOT_FOUND;
        d.state = CK_TXN_DEAD;
        fn(opaque, &d);
    } else {
        const char **topics = ck_calloc(t->nparts + 1, sizeof(*topics));
        int32_t *parts = ck_calloc(t->nparts + 1, sizeof(*parts));
        if (t->nparts > 1)
            qsort(t->parts, t->nparts, sizeof(*t->parts), cmp_tpart);
        for (size_t i = 0; i < t->nparts; i++) {
            topics[i] = t->parts[i].topic;
            parts[i] = t->parts[i].partition;
        }
        d.state = t->state;
        d.timeout_ms = t->timeout_ms;
        d.start_ms = t->start_ms;
        d.producer_id = t->pid;
        d.producer_epoch = t->epoch;
        d.ntps = t->nparts;
        d.topics = topics;
        d.partitions = parts;
        fn(opaque, &d);
        ck_free(topics);
        ck_free(parts);
    }
    pthread_mutex_unlock(&tc->mu);
}

static int cmp_listing(const void *a, const void *b)
{
    return strcmp(((const ck_txn_listing *)a)->txn_id, ((const ck_txn_listing *)b)->txn_id);
}

/** @brief Every transactional id (see txn.h). */
void ck_txn_list(ck_tcoord *tc, ck_txn_listing **out, size_t *n)
{
    size_t it = 0, i = 0;
    const char *k;
    size_t kl;
    void *v;

    pthread_mutex_lock(&tc->mu);
    *out = ck_calloc(tc->txns.count + 1, sizeof(**out));
    while (ck_map_next(&tc->txns, &it, &k, &kl, &v)) {
        txn *t = v;
        (*out)[i].txn_id = ck_strdup(t->id);
        (*out)[i].producer_id = t->pid;
        (*out)[i].state = t->state;
        (*out)[i].start_ms = t->start_ms;
        i++;
    }
    pthread_mutex_unlock(&tc->mu);
    qsort(*out, i, sizeof(**out), cmp_listing);
    *n = i;
}

/** @brief Frees a listing array. */
void ck_txn_listings_free(ck_txn_listing *l, size_t n)
{
    if (!l)
        return;
    for (size_t i = 0; i < n; i++)
        ck_free(l[i].txn_id);
    ck_free(l);
}

/** @brief Whether an open transaction holds a pending offset of group/topic/partition. */
bool ck_txn_offsets_pending(ck_engine *eng, const char *group, const char *topic, int32_t partition)
{
    ck_tcoord *tc = ck_engine_txn(eng);
    size_t it = 0;
    const char *k;
    size_t kl;
    void *v;
    bool found = false;

    if (!tc || !group || !topic)
        return false;
    pthread_mutex_lock(&tc->mu);
    while (!found && ck_map_next(&tc->txns, &it, &k, &kl, &v)) {
        const txn *t = v;
        if (t->state != CK_TXN_ONGOING && t->state != CK_TXN_PREPARE_COMMIT)
            continue;
        for (size_t i = 0; i < t->noffs && !found; i++)
            found = t->offs[i].partition == partition && strcmp(t->offs[i].group, group) == 0 &&
                    strcmp(t->offs[i].topic, topic) == 0;
    }
    pthread_mutex_unlock(&tc->mu);
    return found;
}
