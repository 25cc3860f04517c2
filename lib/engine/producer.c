/*
 * producer.c — idempotent-producer state per partition: for each producer
 * id its epoch and the sequence ranges and offsets of its last five batches.
 * A resent batch (same first and last sequence) is answered with its
 * original offset; a gap is OUT_OF_ORDER_SEQUENCE_NUMBER; an older epoch is
 * INVALID_PRODUCER_EPOCH.  The state survives restarts through a snapshot
 * file in the partition directory (`producer.snapshot`, written at close and
 * periodically) plus a replay of batch headers written after it.
 *
 * Transactions: a partition's open transactions are the producers whose
 * txn_first_offset is set (by their first transactional batch, cleared by a
 * COMMIT/ABORT marker); the earliest of them is the first unstable offset
 * that bounds the last stable offset.  An ABORT marker of a transaction
 * that wrote here adds an aborted-transaction entry, kept in memory and in
 * the marker segment's `.txnindex`; entries missing from the index files
 * (a crash between marker and index write) are rebuilt while the batch
 * headers after the snapshot are replayed.
 *
 * Locking: every function here runs with p->produce_lock held (or during
 * open/close when nothing else can reach the partition); the aborted list
 * is also guarded by p->txn_lock for readers.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <sys/stat.h>
#include <unistd.h>

#include "engine/engine_internal.h"

#define SNAP_MAGIC 0x434b5053u /* "CKPS" */
#define SNAP_VERSION 1

static ck_pstate *pstate_get(ck_partition *p, int64_t pid) {
    uint8_t key[8];
    ck_put_be64(key, (uint64_t)pid);
    return ck_map_get(&p->producers, (const char *)key, 8);
}

static ck_pstate *pstate_add(ck_partition *p, int64_t pid, int16_t epoch) {
    uint8_t key[8];
    ck_put_be64(key, (uint64_t)pid);
    ck_pstate *s = ck_calloc(1, sizeof(*s));
    s->producer_id = pid;
    s->epoch = epoch;
    s->head = -1;
    s->txn_first_offset = -1;
    s->coordinator_epoch = -1;
    ck_map_put(&p->producers, (const char *)key, 8, s);
    return s;
}

static int32_t seq_next(int32_t seq) { return seq == INT32_MAX ? 0 : seq + 1; }
static int32_t seq_last(const ck_batch_hdr *h) {
    int64_t v = (int64_t)h->base_sequence + h->last_offset_delta;
    if (v > INT32_MAX) v -= (int64_t)INT32_MAX + 1;
    return (int32_t)v;
}

int ck_producer_check(ck_partition *p, const ck_batch_hdr *h, ck_produce_result *res, bool *duplicate) {
    *duplicate = false;
    if (h->producer_id < 0 || h->base_sequence < 0) return 0;
    ck_pstate *s = pstate_get(p, h->producer_id);
    if (!s) return 0;   /* a new producer (or one whose state expired) */
    if (h->producer_epoch < s->epoch) {
        res->err = CHRONIK_ERR_INVALID_PRODUCER_EPOCH;
        res->base_offset = -1;
        snprintf(res->errmsg, sizeof(res->errmsg), "producer %lld epoch %d is older than the current epoch %d",
                 (long long)h->producer_id, (int)h->producer_epoch, (int)s->epoch);
        return -1;
    }
    if (h->producer_epoch > s->epoch) {
        if (h->base_sequence != 0) {
            res->err = CHRONIK_ERR_OUT_OF_ORDER_SEQUENCE_NUMBER;
            res->base_offset = -1;
            snprintf(res->errmsg, sizeof(res->errmsg), "new epoch %d must start at sequence 0, got %d",
                     (int)h->producer_epoch, (int)h->base_sequence);
            return -1;
        }
        return 0;
    }
    int32_t last = seq_last(h);
    for (int32_t i = 0; i < s->nbatches; i++) {
        const ck_pbatch *b = &s->ring[i];
        if (b->first_seq == h->base_sequence && b->last_seq == last) {
            *duplicate = true;
            res->err = 0;
            res->base_offset = b->base_offset;
            return 0;
        }
    }
    if (s->nbatches > 0) {
        int32_t expect = seq_next(s->ring[s->head].last_seq);
        if (h->base_sequence != expect) {
            res->err = CHRONIK_ERR_OUT_OF_ORDER_SEQUENCE_NUMBER;
            res->base_offset = -1;
            snprintf(res->errmsg, sizeof(res->errmsg), "producer %lld: expected sequence %d, got %d",
                     (long long)h->producer_id, (int)expect, (int)h->base_sequence);
            return -1;
        }
    }
    return 0;
}

void ck_producer_update(ck_partition *p, const ck_batch_hdr *h) {
    ck_pstate *s = pstate_get(p, h->producer_id);
    if (!s) s = pstate_add(p, h->producer_id, h->producer_epoch);
    if (h->producer_epoch != s->epoch) {
        s->epoch = h->producer_epoch;
        s->nbatches = 0;
        s->head = -1;
    }
    s->last_timestamp = h->max_timestamp;
    if (ck_batch_is_control(h)) {
        s->txn_first_offset = -1;
        return;
    }
    if (ck_batch_is_txn(h) && s->txn_first_offset < 0) s->txn_first_offset = h->base_offset;
    if (h->base_sequence < 0) return;
    s->head = (s->head + 1) % CK_PRODUCER_BATCHES;
    ck_pbatch *b = &s->ring[s->head];
    b->first_seq = h->base_sequence;
    b->last_seq = seq_last(h);
    b->base_offset = h->base_offset;
    b->last_offset = ck_batch_last_offset(h);
    b->timestamp = h->max_timestamp;
    if (s->nbatches < CK_PRODUCER_BATCHES) s->nbatches++;
}

void ck_producer_state_free(ck_partition *p) {
    size_t it = 0;
    const char *k;
    size_t kl;
    void *v;
    while (ck_map_next(&p->producers, &it, &k, &kl, &v)) ck_free(v);
    ck_map_free(&p->producers);
    ck_map_init(&p->producers);
}

/* Snapshot layout (big-endian): magic u32, version u32, offset i64, count u32,
 * then per producer: pid i64, epoch i16, last_ts i64, txn_first i64,
 * coord_epoch i32, nbatches i32, then the batches oldest first (first_seq,
 * last_seq i32, base, last i64, ts i64); finally CRC-32C u32 of all above. */
static void snap_path(ck_partition *p, char *buf, size_t n, const char *suffix) {
    snprintf(buf, n, "%s/producer.snapshot%s", p->dir, suffix);
}

int ck_producer_state_save(ck_partition *p) {
    if (!p->log) return 0;
    ck_wb wb;
    ck_wb_init(&wb, 256);
    int64_t end = ck_log_end_offset(p->log);
    ck_wb_i32(&wb, (int32_t)SNAP_MAGIC);
    ck_wb_i32(&wb, SNAP_VERSION);
    ck_wb_i64(&wb, end);
    ck_wb_i32(&wb, (int32_t)p->producers.count);
    size_t it = 0;
    const char *k;
    size_t kl;
    void *v;
    while (ck_map_next(&p->producers, &it, &k, &kl, &v)) {
        ck_pstate *s = v;
        ck_wb_i64(&wb, s->producer_id);
        ck_wb_i16(&wb, s->epoch);
        ck_wb_i64(&wb, s->last_timestamp);
        ck_wb_i64(&wb, s->txn_first_offset);
        ck_wb_i32(&wb, s->coordinator_epoch);
        ck_wb_i32(&wb, s->nbatches);
        for (int32_t i = 0; i < s->nbatches; i++) {
            int32_t idx = (s->head - s->nbatches + 1 + i + CK_PRODUCER_BATCHES) % CK_PRODUCER_BATCHES;
            const ck_pbatch *b = &s->ring[idx];
            ck_wb_i32(&wb, b->first_seq);
            ck_wb_i32(&wb, b->last_seq);
            ck_wb_i64(&wb, b->base_offset);
            ck_wb_i64(&wb, b->last_offset);
            ck_wb_i64(&wb, b->timestamp);
        }
    }
    ck_wb_i32(&wb, (int32_t)ck_crc32c(0, wb.buf, wb.len));
    char tmp[4096], fin[4096];
    snap_path(p, tmp, sizeof(tmp), ".tmp");
    snap_path(p, fin, sizeof(fin), "");
    int rc = -1;
    int fd = open(tmp, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
    if (fd >= 0) {
        if (ck_write_all(fd, wb.buf, wb.len) == 0 && fdatasync(fd) == 0) rc = 0;
        close(fd);
        if (rc == 0 && rename(tmp, fin) != 0) rc = -1;
    }
    if (rc != 0) CK_WARN("engine", "cannot write producer snapshot %s: %s", fin, strerror(errno));
    else p->snapshot_offset = end;
    ck_wb_free(&wb);
    return rc;
}

/* ===================================================================== */
/* Transactions                                                          */
/* ===================================================================== */

int ck_control_batch_type(const uint8_t *b, size_t len) {
    ck_rec_iter it;
    ck_rec rec;
    int16_t type = -1;
    if (ck_rec_iter_init(&it, b, len, 1 << 20) != 0) goto out;
    if (ck_rec_iter_next(&it, &rec) == 1 && ck_control_record_type(&rec, &type) != 0) type = -1;
out:
    ck_rec_iter_free(&it);
    return type;
}

void ck_producer_lso_update(ck_partition *p) {
    int64_t first = INT64_MAX;
    size_t it = 0;
    const char *k;
    size_t kl;
    void *v;
    while (ck_map_next(&p->producers, &it, &k, &kl, &v)) {
        const ck_pstate *s = v;
        if (s->txn_first_offset >= 0 && s->txn_first_offset < first) first = s->txn_first_offset;
    }
    atomic_store(&p->first_unstable, first);
}

static bool aborted_has(ck_partition *p, int64_t last_offset) {
    size_t lo = 0, hi = p->naborted;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        if (p->aborted[mid].last_offset == last_offset) return true;
        if (p->aborted[mid].last_offset < last_offset) lo = mid + 1;
        else hi = mid;
    }
    return false;
}

/* Inserts e in last-offset order, dropping entries below the log start. */
static void aborted_add(ck_partition *p, const ck_aborted_txn *e) {
    pthread_mutex_lock(&p->txn_lock);
    int64_t start = p->log ? ck_log_start_offset(p->log) : 0;
    size_t drop = 0;
    while (drop < p->naborted && p->aborted[drop].last_offset < start) drop++;
    if (drop) {
        memmove(p->aborted, p->aborted + drop, (p->naborted - drop) * sizeof(*p->aborted));
        p->naborted -= drop;
    }
    if (p->naborted == p->abcap) {
        p->abcap = p->abcap ? p->abcap * 2 : 8;
        p->aborted = ck_realloc(p->aborted, p->abcap * sizeof(*p->aborted));
    }
    size_t i = p->naborted;
    while (i > 0 && p->aborted[i - 1].last_offset > e->last_offset) i--;
    memmove(p->aborted + i + 1, p->aborted + i, (p->naborted - i) * sizeof(*p->aborted));
    p->aborted[i] = *e;
    p->naborted++;
    pthread_mutex_unlock(&p->txn_lock);
}

void ck_producer_marker(ck_partition *p, const ck_batch_hdr *h, int type, bool persist) {
    ck_pstate *s = pstate_get(p, h->producer_id);
    if (type != 0 || !s || s->txn_first_offset < 0 || aborted_has(p, h->base_offset)) return;
    ck_aborted_txn a = { h->producer_id, s->txn_first_offset, h->base_offset };
    aborted_add(p, &a);
    if (!persist) return;
    int64_t lso = INT64_MAX;
    size_t it = 0;
    const char *k;
    size_t kl;
    void *v;
    while (ck_map_next(&p->producers, &it, &k, &kl, &v)) {
        const ck_pstate *o = v;
        if (o != s && o->txn_first_offset >= 0 && o->txn_first_offset < lso) lso = o->txn_first_offset;
    }
    ck_txn_entry e = { a.producer_id, a.first_offset, a.last_offset, lso == INT64_MAX ? a.last_offset + 1 : lso };
    if (ck_log_txn_append(p->log, &e) != 0)
        CK_WARN("engine", "%s-%d: aborted transaction at %lld not indexed (rebuilt on recovery)", p->topic->name,
                (int)p->index, (long long)a.last_offset);
}

int ck_partition_aborted_txns(ck_partition *p, int64_t from, int64_t to, ck_aborted_txn **out, size_t *n) {
    *out = NULL;
    *n = 0;
    pthread_mutex_lock(&p->txn_lock);
    size_t lo = 0, hi = p->naborted;
    while (lo < hi) {   /* first entry with last_offset >= from */
        size_t mid = lo + (hi - lo) / 2;
        if (p->aborted[mid].last_offset < from) lo = mid + 1;
        else hi = mid;
    }
    size_t cnt = 0;
    for (size_t i = lo; i < p->naborted; i++)
        if (p->aborted[i].first_offset < to) cnt++;
    if (cnt > 0) {
        ck_aborted_txn *arr = ck_malloc(cnt * sizeof(*arr));
        size_t j = 0;
        for (size_t i = lo; i < p->naborted; i++)
            if (p->aborted[i].first_offset < to) arr[j++] = p->aborted[i];
        *out = arr;
        *n = cnt;
    }
    pthread_mutex_unlock(&p->txn_lock);
    return 0;
}

/* Rebuilds marker effects while replaying: reads the control batch to learn its type. */
static void replay_marker(ck_partition *p, const ck_batch_hdr *h) {
    ck_wb wb;
    int64_t next = 0;
    ck_wb_init(&wb, 256);
    int type = -1;
    if (ck_log_read_copy(p->log, h->base_offset, ck_log_end_offset(p->log), 1024, &wb, &next) == 0 && wb.len > 0) {
        ck_batch_hdr rh;
        if (ck_batch_hdr_read(wb.buf, wb.len, &rh) == 0 && rh.base_offset == h->base_offset &&
            ck_batch_size(&rh) <= wb.len)
            type = ck_control_batch_type(wb.buf, ck_batch_size(&rh));
    }
    ck_wb_free(&wb);
    if (type >= 0) ck_producer_marker(p, h, type, true);
}

static int replay_cb(void *opaque, const ck_batch_hdr *h) {
    ck_partition *p = opaque;
    if (h->producer_id < 0) return 0;
    if (ck_batch_is_control(h)) replay_marker(p, h);
    ck_producer_update(p, h);
    return 0;
}

static int snapshot_load(ck_partition *p, int64_t *offset) {
    char path[4096];
    snap_path(p, path, sizeof(path), "");
    int fd = open(path, O_RDONLY | O_CLOEXEC);
    if (fd < 0) return -1;
    int rc = -1;
    struct stat st;
    if (fstat(fd, &st) != 0 || st.st_size < 24 || st.st_size > (64 << 20)) goto out_close;
    uint8_t *buf = ck_malloc((size_t)st.st_size);
    if (ck_pread_all(fd, buf, (size_t)st.st_size, 0) != 0) goto out_free;
    size_t n = (size_t)st.st_size;
    if (ck_crc32c(0, buf, n - 4) != ck_be32(buf + n - 4)) goto out_free;
    ck_rd rd;
    ck_rd_init(&rd, buf, n - 4);
    if ((uint32_t)ck_rd_i32(&rd) != SNAP_MAGIC || ck_rd_i32(&rd) != SNAP_VERSION) goto out_free;
    *offset = ck_rd_i64(&rd);
    int32_t count = ck_rd_i32(&rd);
    for (int32_t i = 0; i < count && !rd.err; i++) {
        int64_t pid = ck_rd_i64(&rd);
        int16_t epoch = ck_rd_i16(&rd);
        ck_pstate *s = pstate_add(p, pid, epoch);
        s->last_timestamp = ck_rd_i64(&rd);
        s->txn_first_offset = ck_rd_i64(&rd);
        s->coordinator_epoch = ck_rd_i32(&rd);
        int32_t nb = ck_rd_i32(&rd);
        if (nb < 0 || nb > CK_PRODUCER_BATCHES) {
            rd.err = 1;
            break;
        }
        for (int32_t j = 0; j < nb; j++) {
            s->head = (s->head + 1) % CK_PRODUCER_BATCHES;
            ck_pbatch *b = &s->ring[s->head];
            b->first_seq = ck_rd_i32(&rd);
            b->last_seq = ck_rd_i32(&rd);
            b->base_offset = ck_rd_i64(&rd);
            b->last_offset = ck_rd_i64(&rd);
            b->timestamp = ck_rd_i64(&rd);
            s->nbatches++;
        }
    }
    if (!rd.err) rc = 0;
    else ck_producer_state_free(p);
out_free:
    ck_free(buf);
out_close:
    close(fd);
    return rc;
}

int ck_producer_state_load(ck_partition *p) {
    int64_t from = 0;
    int64_t end = ck_log_end_offset(p->log);
    int64_t start = ck_log_start_offset(p->log);
    int rc = 0;
    ck_txn_entry *ents = NULL;
    size_t nent = 0;
    ck_log_txn_load(p->log, &ents, &nent);
    for (size_t i = 0; i < nent; i++) {
        ck_aborted_txn a = { ents[i].producer_id, ents[i].first_offset, ents[i].last_offset };
        if (!aborted_has(p, a.last_offset)) aborted_add(p, &a);
    }
    ck_free(ents);
    if (snapshot_load(p, &from) != 0 || from > end) {
        ck_producer_state_free(p);
        from = start;
    }
    if (from < start) from = start;
    p->snapshot_offset = from;
    if (from < end) rc = ck_log_scan(p->log, from, replay_cb, p);
    ck_producer_lso_update(p);
    return rc;
}

int ck_partition_producers(ck_partition *p, ck_producer_info **out, size_t *n) {
    pthread_mutex_lock(&p->produce_lock);
    size_t cnt = p->producers.count, i = 0;
    ck_producer_info *arr = ck_calloc(cnt ? cnt : 1, sizeof(*arr));
    size_t it = 0;
    const char *k;
    size_t kl;
    void *v;
    while (ck_map_next(&p->producers, &it, &k, &kl, &v) && i < cnt) {
        ck_pstate *s = v;
        arr[i].producer_id = s->producer_id;
        arr[i].producer_epoch = s->epoch;
        arr[i].last_sequence = s->nbatches ? s->ring[s->head].last_seq : -1;
        arr[i].last_timestamp = s->last_timestamp;
        arr[i].coordinator_epoch = s->coordinator_epoch;
        arr[i].current_txn_start_offset = s->txn_first_offset;
        i++;
    }
    pthread_mutex_unlock(&p->produce_lock);
    *out = arr;
    *n = i;
    return 0;
}
