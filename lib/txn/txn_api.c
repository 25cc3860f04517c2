/*
 * txn_api.c — the public C API of transactions (include/chronik.h,
 * "Transactions"): an embedded application's transactional producer.  A
 * chronik_txn_t is a transactional id registered with the engine's
 * coordinator (InitProducerId: any earlier holder of the id is fenced), its
 * producer id and epoch, and the next sequence number of each partition it
 * wrote.  Producing adds the partition to the transaction and appends one
 * transactional batch, durably; sending offsets adds the group and stores
 * the offset pending; commit and abort end the transaction and return once
 * its markers are durable.  A handle runs one transaction after another; it
 * is not thread-safe (one thread at a time).
 */
#include <pthread.h>
#include <stdio.h>
#include <time.h>

#include "txn/txn.h"

#define BEGIN_RETRY_MS 30000

struct chronik_txn {
    chronik_t *eng;
    char      *id;
    int64_t    pid;
    int16_t    epoch;
    int32_t    timeout_ms;
    bool       open;          /* something was produced or sent since the last end */
    int16_t    fatal;         /* sticky: PRODUCER_FENCED... */
    ck_map     seqs;          /* "topic\0partition" -> int32_t* next sequence */
};

typedef struct sync_wait {
    pthread_mutex_t   lock;
    pthread_cond_t    cond;
    bool              done;
    int16_t           err;
    ck_produce_result res;
} sync_wait;

static void sync_init(sync_wait *w)
{
    memset(w, 0, sizeof(*w));
    pthread_mutex_init(&w->lock, NULL);
    pthread_cond_init(&w->cond, NULL);
}

static void sync_wait_done(sync_wait *w)
{
    pthread_mutex_lock(&w->lock);
    while (!w->done)
        pthread_cond_wait(&w->cond, &w->lock);
    pthread_mutex_unlock(&w->lock);
    pthread_mutex_destroy(&w->lock);
    pthread_cond_destroy(&w->cond);
}

static void sync_signal(sync_wait *w)
{
    pthread_mutex_lock(&w->lock);
    w->done = true;
    pthread_cond_signal(&w->cond);
    pthread_mutex_unlock(&w->lock);
}

static void end_done(void *opaque, int16_t err)
{
    sync_wait *w = opaque;
    w->err = err;
    sync_signal(w);
}

static chronik_err_t txn_fail(chronik_txn_t *txn, int16_t err, const char *what)
{
    if (txn && (err == CHRONIK_ERR_PRODUCER_FENCED || err == CHRONIK_ERR_INVALID_PRODUCER_EPOCH ||
                err == CHRONIK_ERR_INVALID_PRODUCER_ID_MAPPING))
        txn->fatal = CHRONIK_ERR_PRODUCER_FENCED;
    ck_engine_set_errmsg("%s: %s", what, chronik_strerror((chronik_err_t)err));
    return (chronik_err_t)err;
}

static void sleep_ms(int ms)
{
    struct timespec ts = { ms / 1000, (long)(ms % 1000) * 1000000L };
    nanosleep(&ts, NULL);
}

CHRONIK_API chronik_err_t chronik_txn_begin(chronik_t *chronik, const char *transactional_id, int32_t timeout_ms,
                                            chronik_txn_t **out)
{
    int64_t pid = -1, deadline;
    int16_t epoch = -1, err;
    ck_tcoord *tc;
    chronik_txn_t *txn;

    if (out)
        *out = NULL;
    if (!chronik || !transactional_id || !*transactional_id || !out) {
        ck_engine_set_errmsg("chronik, transactional_id and out are required");
        return CHRONIK_ERR_INVALID_ARG;
    }
    tc = ck_txn_coord(chronik);
    deadline = ck_mono_ms() + BEGIN_RETRY_MS;
    for (;;) {
        err = ck_txn_init_pid(tc, transactional_id, timeout_ms, -1, -1, &pid, &epoch);
        if (err != CHRONIK_ERR_CONCURRENT_TRANSACTIONS || ck_mono_ms() >= deadline)
            break;
        sleep_ms(20);   /* the fenced producer's transaction is being aborted */
    }
    if (err)
        return txn_fail(NULL, err, "InitProducerId");
    txn = ck_calloc(1, sizeof(*txn));
    txn->eng = chronik;
    txn->id = ck_strdup(transactional_id);
    txn->pid = pid;
    txn->epoch = epoch;
    txn->timeout_ms = timeout_ms;
    ck_map_init(&txn->seqs);
    *out = txn;
    return CHRONIK_OK;
}

CHRONIK_API chronik_err_t chronik_txn_produce(chronik_txn_t *txn, const char *topic, int32_t partition,
                                              const chronik_record_t *records, size_t count, int64_t *base_offset)
{
    ck_txn_tp tp = { topic, partition, 0 };
    ck_topic *t = NULL;
    ck_partition *p;
    ck_batch_opts bo;
    ck_wb wb;
    char key[300], berr[160] = "";
    size_t kl;
    int32_t *seq;
    sync_wait w;
    int16_t err;
    chronik_err_t rc;

    if (!txn || !topic || !records || count == 0 || count > INT32_MAX || partition < 0 || strlen(topic) > 249) {
        ck_engine_set_errmsg("txn, topic, records (1..2^31) and a partition >= 0 are required");
        return CHRONIK_ERR_INVALID_ARG;
    }
    if (txn->fatal)
        return txn_fail(txn, txn->fatal, "transactional producer");
    for (size_t i = 0; i < count; i++) {
        if ((records[i].header_count > 0 && !records[i].headers) || records[i].key_len > INT32_MAX ||
            records[i].value_len > INT32_MAX) {
            ck_engine_set_errmsg("record %zu: bad header list or size", i);
            return CHRONIK_ERR_INVALID_ARG;
        }
    }
    err = ck_txn_add_partitions(ck_txn_coord(txn->eng), txn->id, txn->pid, txn->epoch, &tp, 1, false);
    if (err || tp.error)
        return txn_fail(txn, err ? err : tp.error, "AddPartitionsToTxn");
    txn->open = true;
    t = ck_engine_topic_get(txn->eng, topic, strlen(topic));
    p = t ? ck_topic_partition(t, partition) : NULL;
    if (!p) {
        if (t)
            ck_topic_release(t);
        return txn_fail(txn, CHRONIK_ERR_UNKNOWN_TOPIC_OR_PARTITION, topic);
    }
    kl = (size_t)snprintf(key, sizeof(key), "%s%c%d", topic, 0, (int)partition);
    seq = ck_map_get(&txn->seqs, key, kl);
    if (!seq) {
        seq = ck_calloc(1, sizeof(*seq));
        ck_map_put(&txn->seqs, key, kl, seq);
    }
    ck_batch_opts_init(&bo);
    bo.attributes_extra = CK_ATTR_TRANSACTIONAL;
    bo.producer_id = txn->pid;
    bo.producer_epoch = txn->epoch;
    bo.base_sequence = *seq;
    ck_wb_init(&wb, 0);
    if ((rc = (chronik_err_t)ck_batch_from_records(records, count, &bo, &wb, berr, sizeof(berr))) != 0) {
        ck_engine_set_errmsg("%s", berr);
        goto out;
    }
    ck_partition_produce_sync(p, wb.buf, wb.len, 0, &w.res);
    if (w.res.err) {
        rc = txn_fail(txn, (int16_t)w.res.err, "produce");
        goto out;
    }
    *seq = (int32_t)(((int64_t)*seq + (int64_t)count) % ((int64_t)INT32_MAX + 1));
    if (base_offset)
        *base_offset = w.res.base_offset;
    rc = CHRONIK_OK;
out:
    ck_wb_free(&wb);
    ck_topic_release(t);
    return rc;
}

CHRONIK_API chronik_err_t chronik_txn_send_offsets(chronik_txn_t *txn, const char *group, const char *topic,
                                                   int32_t partition, int64_t offset)
{
    ck_txn_offset o = { .topic = topic, .partition = partition, .offset = offset, .leader_epoch = -1,
                        .metadata = "", .metadata_len = 0 };
    ck_tcoord *tc;
    int16_t err;

    if (!txn || !group || !topic || partition < 0 || offset < 0) {
        ck_engine_set_errmsg("txn, group, topic, a partition >= 0 and an offset >= 0 are required");
        return CHRONIK_ERR_INVALID_ARG;
    }
    if (txn->fatal)
        return txn_fail(txn, txn->fatal, "transactional producer");
    tc = ck_txn_coord(txn->eng);
    err = ck_txn_add_offsets(tc, txn->id, txn->pid, txn->epoch, group);
    if (err)
        return txn_fail(txn, err, "AddOffsetsToTxn");
    txn->open = true;
    err = ck_txn_offset_commit(tc, txn->id, group, txn->pid, txn->epoch, &o, 1);
    if (err || o.error)
        return txn_fail(txn, err ? err : o.error, "TxnOffsetCommit");
    return CHRONIK_OK;
}

static chronik_err_t txn_finish(chronik_txn_t *txn, bool commit)
{
    sync_wait w;
    int64_t deadline = ck_mono_ms() + BEGIN_RETRY_MS;

    if (!txn) {
        ck_engine_set_errmsg("txn is NULL");
        return CHRONIK_ERR_INVALID_ARG;
    }
    if (txn->fatal)
        return txn_fail(txn, txn->fatal, "transactional producer");
    if (!txn->open)
        return CHRONIK_OK;   /* nothing was added: nothing to end */
    for (;;) {
        sync_init(&w);
        ck_txn_end(ck_txn_coord(txn->eng), txn->id, txn->pid, txn->epoch, commit, end_done, &w);
        sync_wait_done(&w);
        if (w.err != CHRONIK_ERR_CONCURRENT_TRANSACTIONS || ck_mono_ms() >= deadline)
            break;
        sleep_ms(20);
    }
    if (w.err)
        return txn_fail(txn, w.err, commit ? "commit" : "abort");
    txn->open = false;
    return CHRONIK_OK;
}

CHRONIK_API chronik_err_t chronik_txn_commit(chronik_txn_t *txn)
{
    return txn_finish(txn, true);
}

CHRONIK_API chronik_err_t chronik_txn_abort(chronik_txn_t *txn)
{
    return txn_finish(txn, false);
}

CHRONIK_API void chronik_txn_free(chronik_txn_t *txn)
{
    size_t it = 0;
    const char *k;
    size_t kl;
    void *v;

    if (!txn)
        return;
    if (txn->open && !txn->fatal)
        txn_finish(txn, false);
    while (ck_map_next(&txn->seqs, &it, &k, &kl, &v))
        ck_free(v);
    ck_map_free(&txn->seqs);
    ck_free(txn->id);
    ck_free(txn);
}
