/*
 * cleaner.c — log compaction (cleanup.policy=compact), Kafka's LogCleaner
 * for one partition log.  A pass builds a map key → last offset over the
 * dirty part of the log (from the cleaner checkpoint to the first
 * uncleanable offset), then rewrites every sealed segment from the log start
 * to the end of the mapped range, keeping for each key only its last record.
 * Offsets never change: a rewritten batch keeps its base offset and its
 * last offset delta (so the idempotent producer's sequence range survives),
 * removed records and batches leave holes, which readers skip.
 *
 * What is kept, as Kafka does:
 *  - a record whose key has a later record in the map is removed; records
 *    without a key are removed;
 *  - a tombstone (null value) that is the last of its key is kept, and the
 *    first pass that keeps it stamps its batch with a delete horizon
 *    (attribute bit 6, baseTimestamp = now + delete.retention.ms; record
 *    timestamps stay exact since their deltas are rewritten against it); a
 *    later pass after the horizon drops it;
 *  - records of aborted transactions (the `.txnindex` entries) are removed;
 *    a transaction marker is kept while any record of its transaction
 *    remains, and once none does, until its own delete horizon has passed;
 *  - the last batch of each producer id in the log is kept, emptied of
 *    records if need be, so producer state rebuilt from the log still knows
 *    the producer's last sequence.
 * Never cleaned: the active segment, anything at or past the high
 * watermark, the first unstable offset (open transactions) or the
 * segments younger than min.compaction.lag.ms.
 *
 * A segment left empty is removed (unless it is the first: it holds the
 * log's base offset) and the segment before it covers its offsets; a crash
 * in between leaves a gap in the segment bases that recovery accepts.
 *
 * Crash safety, Kafka's swap protocol: a segment is rewritten into
 * `<base>.{index,timeindex,txnindex,log}.cleaned`, synced, renamed to
 * `.swap` (the `.log` last: its `.swap` marks the swap as decided), then
 * each `.swap` is renamed over the live file (the `.log` last).  Recovery at
 * open (ck_clean_recover, before the segments are listed) deletes every
 * `.cleaned`, finishes a swap whose `.log.swap` exists and deletes the other
 * `.swap` files, so a cleaner killed at any point leaves either the old
 * segment or the cleaned one.  The swap runs under the log mutex, so reads
 * pin either the old segment (whose fds and index mappings stay valid) or
 * the new one.
 *
 * The checkpoint file `cleaner-checkpoint` holds the first dirty offset and
 * the earliest pending delete horizon (a pass is due when it passes even if
 * the log is not dirty).
 *
 * Thread: one pass at a time per log (the caller serialises); appends and
 * reads run concurrently.
 */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/stat.h>
#include <unistd.h>

#include "chronik.h"
#include "storage/storage_int.h"

#define CLEAN_BUF (1u << 20)             /* segment read chunk */
#define MAX_DECOMPRESSED (256u << 20)
#define CKPT_FILE "cleaner-checkpoint"
#define CKPT_MAGIC 0x434b434cu           /* "CKCL" */
#define TXN_ENTRY_VERSION 0
#define MAP_ENTRY_OVERHEAD 32            /* bytes counted per key besides the key itself */

void (*ck_clean_test_hook)(const char *step);

static void hook(const char *step)
{
    if (ck_clean_test_hook != NULL)
        ck_clean_test_hook(step);
}

/** @brief Kafka's defaults for a compacted topic (see storage.h). */
void ck_clean_conf_defaults(ck_clean_conf *cc)
{
    cc->min_dirty_ratio = 0.5;
    cc->min_lag_ms = 0;
    cc->max_lag_ms = INT64_MAX;
    cc->delete_retention_ms = 86400000;
    cc->stable_end = INT64_MAX;
    cc->map_bytes = 128u << 20;
    cc->force = false;
    cc->stop = NULL;
}

/* ===================================================================== */
/* The key map                                                            */
/* ===================================================================== */

/* Open addressing over (hash, key) → offset; keys live in an arena. */
typedef struct kslot {
    uint64_t hash;        /* 0: empty */
    size_t   koff;
    int32_t  klen;
    int64_t  offset;
} kslot;

typedef struct kmap {
    kslot  *slots;
    size_t  cap, count;
    ck_wb   arena;
    size_t  bytes;        /* accounted memory */
} kmap;

static void kmap_init(kmap *m)
{
    memset(m, 0, sizeof(*m));
    ck_wb_init(&m->arena, 4096);
}

static void kmap_free(kmap *m)
{
    ck_free(m->slots);
    ck_wb_free(&m->arena);
}

static uint64_t khash(const uint8_t *k, int32_t n)
{
    uint64_t h = ck_hash_bytes(k, (size_t)n);
    return h ? h : 1;
}

static kslot *kmap_find(const kmap *m, uint64_t h, const uint8_t *k, int32_t n)
{
    size_t i;

    if (m->cap == 0)
        return NULL;
    for (i = (size_t)h & (m->cap - 1);; i = (i + 1) & (m->cap - 1)) {
        kslot *s = &m->slots[i];
        if (s->hash == 0)
            return s;
        if (s->hash == h && s->klen == n && memcmp(m->arena.buf + s->koff, k, (size_t)n) == 0)
            return s;
    }
}

static void kmap_grow(kmap *m)
{
    kslot *old = m->slots;
    size_t oldcap = m->cap, i;

    m->cap = m->cap ? m->cap * 2 : 1024;
    m->slots = ck_calloc(m->cap, sizeof(*m->slots));
    for (i = 0; i < oldcap; i++) {
        if (old[i].hash != 0) {
            size_t j = (size_t)old[i].hash & (m->cap - 1);
            while (m->slots[j].hash != 0)
                j = (j + 1) & (m->cap - 1);
            m->slots[j] = old[i];
        }
    }
    ck_free(old);
}

static void kmap_put(kmap *m, const uint8_t *k, int32_t n, int64_t offset)
{
    uint64_t h = khash(k, n);
    kslot *s;

    if ((m->count + 1) * 4 > m->cap * 3)
        kmap_grow(m);
    s = kmap_find(m, h, k, n);
    if (s->hash != 0) {
        if (offset > s->offset)
            s->offset = offset;
        return;
    }
    s->hash = h;
    s->koff = m->arena.len;
    s->klen = n;
    s->offset = offset;
    ck_wb_put(&m->arena, k, (size_t)n);
    m->count++;
    m->bytes += (size_t)n + MAP_ENTRY_OVERHEAD;
}

/* Last mapped offset of key, or -1. */
static int64_t kmap_get(const kmap *m, const uint8_t *k, int32_t n)
{
    kslot *s = kmap_find(m, khash(k, n), k, n);
    return s != NULL && s->hash != 0 ? s->offset : -1;
}

/* Producer id → last offset of its last data batch (same table, 8-byte keys). */
static void pid_put(kmap *m, int64_t pid, int64_t last)
{
    uint8_t k[8];
    uint64_t h;
    kslot *s;

    ck_put_be64(k, (uint64_t)pid);
    h = khash(k, 8);
    if ((m->count + 1) * 4 > m->cap * 3)
        kmap_grow(m);
    s = kmap_find(m, h, k, 8);
    if (s->hash == 0) {
        s->hash = h;
        s->koff = m->arena.len;
        s->klen = 8;
        ck_wb_put(&m->arena, k, 8);
        m->count++;
    }
    s->offset = last;
}

static int64_t pid_get(const kmap *m, int64_t pid)
{
    uint8_t k[8];

    ck_put_be64(k, (uint64_t)pid);
    return kmap_get(m, k, 8);
}

/* ===================================================================== */
/* Checkpoint file                                                        */
/* ===================================================================== */

static void ckpt_path(const ck_log *log, const char *suffix, char *out, size_t n)
{
    snprintf(out, n, "%s/%s%s", log->dir, CKPT_FILE, suffix);
}

static bool ckpt_read(const ck_log *log, int64_t *first_dirty, int64_t *horizon)
{
    char path[4096];
    uint8_t b[28];
    bool ok = false;
    int fd;

    ckpt_path(log, "", path, sizeof(path));
    fd = open(path, O_RDONLY | O_CLOEXEC);
    if (fd < 0)
        return false;
    if (ck_storage_pread(fd, b, sizeof(b), 0) == (ssize_t)sizeof(b) && ck_be32(b) == CKPT_MAGIC &&
        ck_be32(b + 24) == ck_crc32c(0, b, 24)) {
        *first_dirty = (int64_t)ck_be64(b + 8);
        *horizon = (int64_t)ck_be64(b + 16);
        ok = true;
    }
    close(fd);
    return ok;
}

static int ckpt_write(const ck_log *log, int64_t first_dirty, int64_t horizon)
{
    char path[4096], tmp[4096];
    uint8_t b[28];
    int fd, rc = -1;

    ck_put_be32(b, CKPT_MAGIC);
    ck_put_be32(b + 4, 1);
    ck_put_be64(b + 8, (uint64_t)first_dirty);
    ck_put_be64(b + 16, (uint64_t)horizon);
    ck_put_be32(b + 24, ck_crc32c(0, b, 24));
    ckpt_path(log, "", path, sizeof(path));
    ckpt_path(log, ".tmp", tmp, sizeof(tmp));
    fd = open(tmp, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
    if (fd < 0)
        return -1;
    if (ck_write_all(fd, b, sizeof(b)) == 0 && fsync(fd) == 0) {
        close(fd);
        fd = -1;
        if (rename(tmp, path) == 0 && ck_fsync_dir(log->dir) == 0)
            rc = 0;
    }
    if (fd >= 0)
        close(fd);
    return rc;
}

/* ===================================================================== */
/* Recovery of interrupted swaps                                          */
/* ===================================================================== */

static const char *const seg_exts[] = { ".index", ".timeindex", ".txnindex", ".log" };

static bool has_suffix(const char *s, const char *suf)
{
    size_t n = strlen(s), m = strlen(suf);
    return n >= m && strcmp(s + n - m, suf) == 0;
}

/** @brief Finishes or undoes interrupted swaps in dir (see the file comment).
 *  0 or -1 with errno.  Called by ck_log_open before listing segments. */
int ck_clean_recover(const char *dir)
{
    DIR *d = opendir(dir);
    struct dirent *de;
    char **swaps = NULL;
    size_t nswaps = 0, cap = 0, i, j;
    bool changed = false;
    int rc = 0;

    if (d == NULL)
        return errno == ENOENT ? 0 : -1;
    while ((de = readdir(d)) != NULL) {
        char path[4096];
        snprintf(path, sizeof(path), "%s/%s", dir, de->d_name);
        if (has_suffix(de->d_name, ".cleaned")) {
            if (unlink(path) != 0 && errno != ENOENT)
                rc = -1;
            changed = true;
        } else if (has_suffix(de->d_name, ".log.swap")) {
            if (nswaps == cap) {
                cap = cap ? cap * 2 : 8;
                swaps = ck_realloc(swaps, cap * sizeof(*swaps));
            }
            /* the prefix "<dir>/<base>" */
            path[strlen(path) - strlen(".log.swap")] = '\0';
            swaps[nswaps++] = ck_strdup(path);
        }
    }
    /* decided swaps: rename every .swap of the segment over its live file */
    for (i = 0; i < nswaps; i++) {
        for (j = 0; j < CK_ARRAY_LEN(seg_exts); j++) {
            char from[4200], to[4200];
            snprintf(from, sizeof(from), "%s%s.swap", swaps[i], seg_exts[j]);
            snprintf(to, sizeof(to), "%s%s", swaps[i], seg_exts[j]);
            if (rename(from, to) != 0 && errno != ENOENT)
                rc = -1;
        }
        CK_INFO("storage", "%s: finished an interrupted compaction swap", swaps[i]);
        ck_free(swaps[i]);
        changed = true;
    }
    ck_free(swaps);
    /* undecided swaps: the old segment is whole, drop the new files */
    rewinddir(d);
    while ((de = readdir(d)) != NULL) {
        if (has_suffix(de->d_name, ".swap")) {
            char path[4096];
            snprintf(path, sizeof(path), "%s/%s", dir, de->d_name);
            if (unlink(path) != 0 && errno != ENOENT)
                rc = -1;
            changed = true;
        }
    }
    closedir(d);
    if (changed && ck_fsync_dir(dir) != 0)
        rc = -1;
    return rc;
}

/* ===================================================================== */
/* A pass                                                                 */
/* ===================================================================== */

/* A sealed segment taken for a pass: pinned, its facts copied under mu. */
typedef struct cseg {
    ck_seg  *seg;
    int64_t  base, next, size, max_ts;
} cseg;

/* Per producer id in the rewrite walk: did any record of its current
 * transaction survive (then its marker stays)? */
typedef struct txstate {
    int64_t pid;
    bool    has_data;
} txstate;

typedef struct pass {
    ck_log              *log;
    const ck_clean_conf *cc;
    int64_t              now;
    cseg                *segs;
    int                  nsegs;
    kmap                 keys;          /* key → last offset in the mapped range */
    kmap                 pids;          /* producer id → last offset of its last data batch */
    ck_txn_entry        *aborted;       /* sorted by producer id, then first offset */
    size_t               naborted;
    txstate             *tx;
    size_t               ntx, txcap;
    int64_t              min_horizon;   /* earliest pending delete horizon */
    int32_t              index_interval;
    uint8_t             *buf;
    ck_clean_stats      *st;
    char                 err[160];
} pass;

/* Whether the caller asked the pass to end (between segments). */
static bool stopping(const pass *ps)
{
    return ps->cc->stop != NULL && __atomic_load_n(ps->cc->stop, __ATOMIC_ACQUIRE);
}

static int cmp_entry(const void *a, const void *b)
{
    const ck_txn_entry *x = a, *y = b;
    if (x->producer_id != y->producer_id)
        return x->producer_id < y->producer_id ? -1 : 1;
    return x->first_offset < y->first_offset ? -1 : x->first_offset > y->first_offset;
}

/* Whether the transactional batch (pid, offset) belongs to an aborted transaction. */
static bool is_aborted(const pass *ps, int64_t pid, int64_t offset)
{
    size_t lo = 0, hi = ps->naborted;

    /* the last entry with (pid, first_offset) <= (pid, offset) */
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        const ck_txn_entry *e = &ps->aborted[mid];
        if (e->producer_id < pid || (e->producer_id == pid && e->first_offset <= offset))
            lo = mid + 1;
        else
            hi = mid;
    }
    if (lo == 0)
        return false;
    return ps->aborted[lo - 1].producer_id == pid && offset < ps->aborted[lo - 1].last_offset;
}

/* The aborted-transaction entries of every segment's `.txnindex`, read
 * only (ck_log_txn_load may rewrite the files: it is for open, before
 * appends).  Entries whose marker lies past the log end (a cut tail not yet
 * tidied by an open) are left out. */
static void load_aborted(pass *ps)
{
    ck_log *log = ps->log;
    char **paths;
    int64_t end;
    size_t cap = 0;
    int i, nseg;

    pthread_mutex_lock(&log->mu);
    nseg = log->nseg;
    end = log->end;
    paths = ck_calloc((size_t)nseg + 1, sizeof(*paths));
    for (i = 0; i < nseg; i++) {
        char path[4096];
        ck_seg_path(log->segs[i], ".txnindex", path, sizeof(path));
        paths[i] = ck_strdup(path);
    }
    pthread_mutex_unlock(&log->mu);
    for (i = 0; i < nseg; i++) {
        int fd = open(paths[i], O_RDONLY | O_CLOEXEC);
        uint8_t b[CK_TXN_ENTRY_SIZE];
        int64_t pos = 0;
        while (fd >= 0 && ck_storage_pread(fd, b, sizeof(b), pos) == (ssize_t)sizeof(b)) {
            ck_txn_entry e = { (int64_t)ck_be64(b + 2), (int64_t)ck_be64(b + 10), (int64_t)ck_be64(b + 18),
                               (int64_t)ck_be64(b + 26) };
            pos += CK_TXN_ENTRY_SIZE;
            if (ck_be16(b) != TXN_ENTRY_VERSION || e.last_offset >= end || e.first_offset > e.last_offset)
                continue;
            if (ps->naborted == cap) {
                cap = cap ? cap * 2 : 16;
                ps->aborted = ck_realloc(ps->aborted, cap * sizeof(*ps->aborted));
            }
            ps->aborted[ps->naborted++] = e;
        }
        if (fd >= 0)
            close(fd);
        ck_free(paths[i]);
    }
    ck_free(paths);
}

static txstate *tx_get(pass *ps, int64_t pid)
{
    size_t i;

    for (i = 0; i < ps->ntx; i++)
        if (ps->tx[i].pid == pid)
            return &ps->tx[i];
    if (ps->ntx == ps->txcap) {
        ps->txcap = ps->txcap ? ps->txcap * 2 : 16;
        ps->tx = ck_realloc(ps->tx, ps->txcap * sizeof(*ps->tx));
    }
    ps->tx[ps->ntx] = (txstate){ pid, false };
    return &ps->tx[ps->ntx++];
}

static int pid_scan_cb(void *opaque, const ck_batch_hdr *h)
{
    pass *ps = opaque;

    if (h->producer_id >= 0 && !ck_batch_is_control(h))
        pid_put(&ps->pids, h->producer_id, ck_batch_last_offset(h));
    return 0;
}

/* Walks the batches of one pinned segment, calling fn on each whole batch
 * (read into ps->buf, or a heap copy when larger).  fn returns 0 to go on. */
typedef int (*batch_fn)(pass *ps, const uint8_t *b, size_t len, const ck_batch_hdr *h, void *arg);

static int walk_segment(pass *ps, const cseg *cs, batch_fn fn, void *arg)
{
    ck_scan s;
    ck_batch_hdr h;
    int64_t pos = 0;
    int rc = 0;

    ck_scan_init(&s, cs->seg->fd, ps->buf, CLEAN_BUF, cs->size);
    while (rc == 0 && pos < cs->size) {
        int r = ck_scan_hdr(&s, pos, &h);
        size_t size;
        if (r <= 0) {
            snprintf(ps->err, sizeof(ps->err), "segment %" PRId64 ": %s at %" PRId64, cs->base,
                     r < 0 ? strerror(s.ioerr) : "bad batch", pos);
            return CHRONIK_ERR_KAFKA_STORAGE_ERROR;
        }
        size = ck_batch_size(&h);
        if (size <= CLEAN_BUF) {
            const uint8_t *p = ck_scan_at(&s, pos, size);
            if (p == NULL) {
                snprintf(ps->err, sizeof(ps->err), "segment %" PRId64 ": short read", cs->base);
                return CHRONIK_ERR_KAFKA_STORAGE_ERROR;
            }
            rc = fn(ps, p, size, &h, arg);
        } else {
            uint8_t *big = ck_malloc(size);
            if (ck_storage_pread(cs->seg->fd, big, size, pos) != (ssize_t)size) {
                ck_free(big);
                snprintf(ps->err, sizeof(ps->err), "segment %" PRId64 ": short read", cs->base);
                return CHRONIK_ERR_KAFKA_STORAGE_ERROR;
            }
            rc = fn(ps, big, size, &h, arg);
            ck_free(big);
        }
        ps->st->bytes_read += (int64_t)size;
        pos += (int64_t)size;
    }
    return rc;
}

/* ---- building the map ---- */

static int map_batch(pass *ps, const uint8_t *b, size_t len, const ck_batch_hdr *h, void *arg)
{
    ck_rec_iter it;
    ck_rec rec;
    int r;

    (void)arg;
    if (ck_batch_is_control(h) || h->records_count == 0)
        return 0;
    if (ck_batch_is_txn(h) && is_aborted(ps, h->producer_id, h->base_offset))
        return 0;
    if (ck_rec_iter_init(&it, b, len, MAX_DECOMPRESSED) != 0) {
        snprintf(ps->err, sizeof(ps->err), "batch %" PRId64 ": %s", h->base_offset, it.err);
        ck_rec_iter_free(&it);
        return CHRONIK_ERR_CORRUPT_MESSAGE;
    }
    while ((r = ck_rec_iter_next(&it, &rec)) == 1)
        if (rec.key_len >= 0)
            kmap_put(&ps->keys, rec.key, rec.key_len, rec.offset);
    ck_rec_iter_free(&it);
    if (r < 0) {
        snprintf(ps->err, sizeof(ps->err), "batch %" PRId64 ": malformed records", h->base_offset);
        return CHRONIK_ERR_CORRUPT_MESSAGE;
    }
    return 0;
}

/* ---- rewriting ---- */

/* The output of one segment being rewritten. */
typedef struct seg_out {
    ck_wb    log;           /* whole new .log (segments are bounded by segment.bytes) */
    ck_wb    oidx, tidx, txn;
    int64_t  base;
    int64_t  since_idx;
    int64_t  max_ts, max_ts_batch, last_tidx_ts;
    bool     changed;
} seg_out;

static void out_track(seg_out *o, int64_t base_off, int64_t max_ts, size_t size, int32_t interval)
{
    int64_t pos = (int64_t)o->log.len;

    if (max_ts > o->max_ts) {
        o->max_ts = max_ts;
        o->max_ts_batch = base_off;
    }
    if (o->since_idx > interval) {
        uint8_t *e = ck_wb_reserve(&o->oidx, CK_OIDX_ENTRY);
        ck_put_be32(e, (uint32_t)(base_off - o->base));
        ck_put_be32(e + 4, (uint32_t)pos);
        o->oidx.len += CK_OIDX_ENTRY;
        if (o->max_ts > o->last_tidx_ts) {
            e = ck_wb_reserve(&o->tidx, CK_TIDX_ENTRY);
            ck_put_be64(e, (uint64_t)o->max_ts);
            ck_put_be32(e + 8, (uint32_t)(o->max_ts_batch - o->base));
            o->tidx.len += CK_TIDX_ENTRY;
            o->last_tidx_ts = o->max_ts;
        }
        o->since_idx = 0;
    }
    o->since_idx += (int64_t)size;
}

static void out_batch(pass *ps, seg_out *o, const uint8_t *b, size_t len)
{
    out_track(o, (int64_t)ck_be64(b), (int64_t)ck_be64(b + CK_BOFF_MAX_TIMESTAMP), len, ps->index_interval);
    ck_wb_put(&o->log, b, len);
}

/* Appends a v2 batch with header fields from h (base offset, last offset
 * delta, producer fields, codec) and the records kept[0..n), base timestamp
 * base_ts and extra attribute bits; the CRC is computed. */
static int build_batch(pass *ps, seg_out *o, const ck_batch_hdr *h, const ck_rec *kept, size_t n, int16_t attrs,
                       int64_t base_ts, int64_t max_ts)
{
    ck_wb body, comp;
    uint8_t *p;
    size_t i, start = o->log.len;
    int codec = ck_batch_codec(h), rc = 0;

    ck_wb_init(&body, 256);
    for (i = 0; i < n; i++) {
        const ck_rec *r = &kept[i];
        int64_t tsd = (h->attributes & CK_ATTR_LOG_APPEND_TIME) ? 0 : r->timestamp - base_ts;
        int32_t od = (int32_t)(r->offset - h->base_offset);
        size_t sz = 1 + ck_varlong_size(tsd) + ck_varint_size(od) +
                    ck_varint_size(r->key_len) + (r->key_len > 0 ? (size_t)r->key_len : 0) +
                    ck_varint_size(r->value_len) + (r->value_len > 0 ? (size_t)r->value_len : 0) +
                    ck_varint_size(r->header_count) + r->headers_len;
        ck_wb_varint(&body, (int32_t)sz);
        ck_wb_put(&body, "\0", 1);
        ck_wb_varlong(&body, tsd);
        ck_wb_varint(&body, od);
        ck_wb_varint(&body, r->key_len);
        if (r->key_len > 0)
            ck_wb_put(&body, r->key, (size_t)r->key_len);
        ck_wb_varint(&body, r->value_len);
        if (r->value_len > 0)
            ck_wb_put(&body, r->value, (size_t)r->value_len);
        ck_wb_varint(&body, r->header_count);
        if (r->headers_len > 0)
            ck_wb_put(&body, r->headers, r->headers_len);
    }
    ck_wb_init(&comp, codec != CK_CODEC_NONE && n > 0 ? body.len / 2 + 64 : 16);
    if (n == 0) {
        /* an empty batch, as Kafka writes them: no codec */
        attrs = (int16_t)(attrs & ~CK_ATTR_CODEC_MASK);
    } else if (codec != CK_CODEC_NONE &&
               ck_compress(codec, -1, body.buf, body.len, &comp, ps->err, sizeof(ps->err)) != 0) {
        rc = CHRONIK_ERR_KAFKA_STORAGE_ERROR;
        goto out;
    }
    p = ck_wb_reserve(&o->log, CK_BATCH_HEADER_SIZE);
    memset(p, 0, CK_BATCH_HEADER_SIZE);
    o->log.len += CK_BATCH_HEADER_SIZE;
    if (comp.len > 0)
        ck_wb_put(&o->log, comp.buf, comp.len);
    else if (n > 0)
        ck_wb_put(&o->log, body.buf, body.len);
    p = o->log.buf + start;
    ck_put_be64(p + CK_BOFF_BASE_OFFSET, (uint64_t)h->base_offset);
    ck_put_be32(p + CK_BOFF_LENGTH, (uint32_t)(o->log.len - start - CK_LOG_OVERHEAD));
    ck_put_be32(p + CK_BOFF_LEADER_EPOCH, (uint32_t)h->leader_epoch);
    p[CK_BOFF_MAGIC] = 2;
    ck_put_be16(p + CK_BOFF_ATTRIBUTES, (uint16_t)attrs);
    ck_put_be32(p + CK_BOFF_LAST_OFFSET_DELTA, (uint32_t)h->last_offset_delta);
    ck_put_be64(p + CK_BOFF_BASE_TIMESTAMP, (uint64_t)base_ts);
    ck_put_be64(p + CK_BOFF_MAX_TIMESTAMP, (uint64_t)max_ts);
    ck_put_be64(p + CK_BOFF_PRODUCER_ID, (uint64_t)h->producer_id);
    ck_put_be16(p + CK_BOFF_PRODUCER_EPOCH, (uint16_t)h->producer_epoch);
    ck_put_be32(p + CK_BOFF_BASE_SEQUENCE, (uint32_t)h->base_sequence);
    ck_put_be32(p + CK_BOFF_RECORDS_COUNT, (uint32_t)n);
    ck_put_be32(p + CK_BOFF_CRC, ck_crc32c(0, p + CK_BOFF_ATTRIBUTES, o->log.len - start - CK_BOFF_ATTRIBUTES));
    {
        /* index the batch as written (out_track reads the log length before it) */
        size_t size = o->log.len - start;
        o->log.len = start;
        out_track(o, h->base_offset, max_ts, size, ps->index_interval);
        o->log.len = start + size;
    }
out:
    ck_wb_free(&comp);
    ck_wb_free(&body);
    return rc;
}

static bool horizon_passed(const ck_batch_hdr *h, int64_t now)
{
    return (h->attributes & CK_ATTR_DELETE_HORIZON) && now >= h->base_timestamp;
}

static void note_horizon(pass *ps, int64_t horizon)
{
    if (horizon < ps->min_horizon)
        ps->min_horizon = horizon;
}

static bool is_last_of_producer(const pass *ps, const ck_batch_hdr *h)
{
    return h->producer_id >= 0 && pid_get(&ps->pids, h->producer_id) == ck_batch_last_offset(h);
}

static int clean_control(pass *ps, seg_out *o, const uint8_t *b, size_t len, const ck_batch_hdr *h)
{
    txstate *tx = h->producer_id >= 0 ? tx_get(ps, h->producer_id) : NULL;
    bool has_data = tx != NULL && tx->has_data;
    ck_rec_iter it;
    ck_rec recs[4];
    size_t n = 0;
    int64_t horizon;
    int r = 0, rc;

    if (tx != NULL)
        tx->has_data = false;
    if (has_data) {
        out_batch(ps, o, b, len);
        return 0;
    }
    if (horizon_passed(h, ps->now)) {
        /* nothing of its transaction is left and its horizon is over */
        o->changed = true;
        ps->st->records_removed += h->records_count;
        return 0;
    }
    if (h->attributes & CK_ATTR_DELETE_HORIZON) {
        note_horizon(ps, h->base_timestamp);
        out_batch(ps, o, b, len);
        return 0;
    }
    /* first pass to see it removable: rebuilt with a delete horizon (its
     * record's timestamp delta rewritten against it, as Kafka's builder does) */
    horizon = ps->now + ps->cc->delete_retention_ms;
    if (horizon < ps->now)
        horizon = INT64_MAX;
    if (ck_rec_iter_init(&it, b, len, MAX_DECOMPRESSED) != 0) {
        snprintf(ps->err, sizeof(ps->err), "marker %" PRId64 ": %s", h->base_offset, it.err);
        ck_rec_iter_free(&it);
        return CHRONIK_ERR_CORRUPT_MESSAGE;
    }
    while (n < 4 && (r = ck_rec_iter_next(&it, &recs[n])) == 1)
        n++;
    if (r < 0 || n != (size_t)h->records_count) {
        snprintf(ps->err, sizeof(ps->err), "marker %" PRId64 ": malformed", h->base_offset);
        rc = CHRONIK_ERR_CORRUPT_MESSAGE;
    } else {
        rc = build_batch(ps, o, h, recs, n, (int16_t)(h->attributes | CK_ATTR_DELETE_HORIZON), horizon,
                         h->max_timestamp);
        note_horizon(ps, horizon);
        o->changed = true;
    }
    ck_rec_iter_free(&it);
    return rc;
}

static int clean_batch(pass *ps, const uint8_t *b, size_t len, const ck_batch_hdr *h, void *arg)
{
    seg_out *o = arg;
    ck_rec_iter it;
    ck_rec rec, *kept = NULL;
    size_t nkept = 0, cap = 0;
    bool aborted, tombstones = false, drop_all;
    int64_t base_ts, max_ts = -1, horizon = -1;
    int16_t attrs = h->attributes;
    int r, rc = 0;

    if (ck_batch_is_control(h))
        return clean_control(ps, o, b, len, h);
    aborted = ck_batch_is_txn(h) && is_aborted(ps, h->producer_id, h->base_offset);
    if (h->records_count == 0) {
        /* an empty batch kept for producer state: keep while still the last */
        if (is_last_of_producer(ps, h)) {
            out_batch(ps, o, b, len);
        } else {
            o->changed = true;
        }
        return 0;
    }
    if (ck_rec_iter_init(&it, b, len, MAX_DECOMPRESSED) != 0) {
        snprintf(ps->err, sizeof(ps->err), "batch %" PRId64 ": %s", h->base_offset, it.err);
        ck_rec_iter_free(&it);
        return CHRONIK_ERR_CORRUPT_MESSAGE;
    }
    drop_all = aborted;
    while ((r = ck_rec_iter_next(&it, &rec)) == 1) {
        bool keep;
        if (drop_all || rec.key_len < 0) {
            keep = false;
        } else {
            int64_t last = kmap_get(&ps->keys, rec.key, rec.key_len);
            keep = last < 0 || last <= rec.offset;
            if (keep && rec.value_len < 0) {
                if (horizon_passed(h, ps->now))
                    keep = false;
                else
                    tombstones = true;
            }
        }
        if (!keep)
            continue;
        if (nkept == cap) {
            cap = cap ? cap * 2 : 64;
            kept = ck_realloc(kept, cap * sizeof(*kept));
        }
        kept[nkept++] = rec;
        if (rec.timestamp > max_ts)
            max_ts = rec.timestamp;
    }
    if (r < 0) {
        snprintf(ps->err, sizeof(ps->err), "batch %" PRId64 ": malformed records", h->base_offset);
        rc = CHRONIK_ERR_CORRUPT_MESSAGE;
        goto out;
    }
    if (nkept > 0 && ck_batch_is_txn(h))
        tx_get(ps, h->producer_id)->has_data = true;
    if (tombstones) {
        if (h->attributes & CK_ATTR_DELETE_HORIZON) {
            horizon = h->base_timestamp;
        } else {
            horizon = ps->now + ps->cc->delete_retention_ms;
            if (horizon < ps->now)
                horizon = INT64_MAX;
        }
        note_horizon(ps, horizon);
    }
    if ((int32_t)nkept == h->records_count && (!tombstones || (h->attributes & CK_ATTR_DELETE_HORIZON))) {
        out_batch(ps, o, b, len);
        goto out;
    }
    o->changed = true;
    ps->st->records_removed += h->records_count - (int64_t)nkept;
    if (nkept == 0 && !is_last_of_producer(ps, h))
        goto out;
    /* timestamps: LogAppendTime batches keep theirs; otherwise the max of
     * the kept records (an empty batch keeps the old max, as Kafka) */
    if ((h->attributes & CK_ATTR_LOG_APPEND_TIME) || nkept == 0)
        max_ts = h->max_timestamp;
    if (tombstones) {
        attrs = (int16_t)(attrs | CK_ATTR_DELETE_HORIZON);
        base_ts = horizon;
    } else {
        attrs = (int16_t)(attrs & ~CK_ATTR_DELETE_HORIZON);
        base_ts = nkept > 0 && !(h->attributes & CK_ATTR_LOG_APPEND_TIME) ? kept[0].timestamp : h->max_timestamp;
        if (nkept > 0 && !(h->attributes & CK_ATTR_LOG_APPEND_TIME)) {
            size_t i;
            for (i = 1; i < nkept; i++)
                if (kept[i].timestamp < base_ts)
                    base_ts = kept[i].timestamp;
        }
    }
    if (nkept == 0)
        attrs = (int16_t)(attrs & ~CK_ATTR_DELETE_HORIZON);
    rc = build_batch(ps, o, h, kept, nkept, attrs, nkept == 0 ? h->max_timestamp : base_ts, max_ts);
out:
    ck_free(kept);
    ck_rec_iter_free(&it);
    return rc;
}

/* Writes buf to path, fsynced; 0 or -1 with errno. */
static int write_file(const char *path, const uint8_t *buf, size_t len)
{
    int fd = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644), rc = -1, saved;

    if (fd < 0)
        return -1;
    if ((len == 0 || ck_write_all(fd, buf, len) == 0) && fsync(fd) == 0)
        rc = 0;
    saved = errno;
    close(fd);
    errno = saved;
    return rc;
}

/* Aborted-transaction entries whose marker lies in [base, next) and was kept. */
static void out_txnindex(pass *ps, seg_out *o, const cseg *cs)
{
    size_t i;

    for (i = 0; i < ps->naborted; i++) {
        const ck_txn_entry *e = &ps->aborted[i];
        ck_batch_hdr h;
        int64_t pos;
        bool kept = false;
        uint8_t *p;
        if (e->last_offset < cs->base || e->last_offset >= cs->next)
            continue;
        /* the marker is kept when a batch of the new log holds its offset */
        for (pos = 0; pos < (int64_t)o->log.len;) {
            ck_batch_hdr_read(o->log.buf + pos, o->log.len - (size_t)pos, &h);
            if (h.base_offset <= e->last_offset && ck_batch_last_offset(&h) >= e->last_offset) {
                kept = true;
                break;
            }
            pos += (int64_t)ck_batch_size(&h);
        }
        if (!kept)
            continue;
        p = ck_wb_reserve(&o->txn, CK_TXN_ENTRY_SIZE);
        ck_put_be16(p, TXN_ENTRY_VERSION);
        ck_put_be64(p + 2, (uint64_t)e->producer_id);
        ck_put_be64(p + 10, (uint64_t)e->first_offset);
        ck_put_be64(p + 18, (uint64_t)e->last_offset);
        ck_put_be64(p + 26, (uint64_t)e->last_stable);
        o->txn.len += CK_TXN_ENTRY_SIZE;
    }
}

/* Writes the .cleaned files, then swaps them in under the log mutex.
 * Returns 0 (swapped, or skipped because the segment left the log
 * meanwhile) or KAFKA_STORAGE_ERROR. */
static int swap_in(pass *ps, cseg *cs, seg_out *o)
{
    ck_log *log = ps->log;
    const ck_seg *old = cs->seg;
    const uint8_t *bufs[4];
    size_t lens[4], j;
    char path[4200], to[4200];
    ck_seg *seg = NULL;
    int i, idx = -1, rc = CHRONIK_ERR_KAFKA_STORAGE_ERROR;

    if (o->log.len == 0) {
        /* nothing left: the segment goes (the first one stays, it holds the
         * log's base); the one before it now covers its offsets */
        pthread_mutex_lock(&log->mu);
        for (i = 1; i < log->nseg - 1; i++)
            if (log->segs[i] == cs->seg)
                idx = i;
        if (idx > 0) {
            ck_seg_unlink(cs->seg);
            log->segs[idx - 1]->next_offset = cs->next;
            memmove(log->segs + idx, log->segs + idx + 1, (size_t)(log->nseg - idx - 1) * sizeof(*log->segs));
            log->nseg--;
            if (ck_fsync_dir(log->dir) != 0)
                CK_WARN("storage", "%s: directory fsync: %s", log->dir, strerror(errno));
        }
        pthread_mutex_unlock(&log->mu);
        if (idx > 0) {
            ck_seg_release(cs->seg);   /* the log's reference */
            hook("removed-empty");
            ps->st->segments++;
            return 0;
        }
    }
    /* the final time index entry: the segment's max timestamp */
    if (o->max_ts >= 0 && o->max_ts > o->last_tidx_ts) {
        uint8_t *e = ck_wb_reserve(&o->tidx, CK_TIDX_ENTRY);
        ck_put_be64(e, (uint64_t)o->max_ts);
        ck_put_be32(e + 8, (uint32_t)(o->max_ts_batch - o->base));
        o->tidx.len += CK_TIDX_ENTRY;
    }
    bufs[0] = o->oidx.buf;
    lens[0] = o->oidx.len;
    bufs[1] = o->tidx.buf;
    lens[1] = o->tidx.len;
    bufs[2] = o->txn.buf;
    lens[2] = o->txn.len;
    bufs[3] = o->log.buf;
    lens[3] = o->log.len;
    for (j = 0; j < CK_ARRAY_LEN(seg_exts); j++) {
        snprintf(path, sizeof(path), "%s%s.cleaned", old->prefix, seg_exts[j]);
        if (write_file(path, bufs[j], lens[j]) != 0) {
            snprintf(ps->err, sizeof(ps->err), "writing the cleaned segment %" PRId64 ": %s", cs->base,
                     strerror(errno));
            goto undo;
        }
        hook("cleaned-file");
    }
    if (ck_fsync_dir(log->dir) != 0)
        goto undo_errno;
    hook("cleaned");

    pthread_mutex_lock(&log->mu);
    for (i = 0; i < log->nseg - 1; i++)
        if (log->segs[i] == cs->seg)
            idx = i;
    if (idx < 0) {
        /* retention or DeleteRecords removed it meanwhile */
        pthread_mutex_unlock(&log->mu);
        rc = 0;
        goto undo;
    }
    /* readers of the old segment keep its fd and its mapped indexes */
    ck_seg_map(cs->seg);
    for (j = 0; j < CK_ARRAY_LEN(seg_exts); j++) {
        snprintf(path, sizeof(path), "%s%s.cleaned", old->prefix, seg_exts[j]);
        snprintf(to, sizeof(to), "%s%s.swap", old->prefix, seg_exts[j]);
        if (rename(path, to) != 0)
            goto unlock_errno;
        hook("renamed-swap");
    }
    if (ck_fsync_dir(log->dir) != 0)
        goto unlock_errno;
    hook("swap-decided");
    for (j = 0; j < CK_ARRAY_LEN(seg_exts); j++) {
        snprintf(path, sizeof(path), "%s%s.swap", old->prefix, seg_exts[j]);
        snprintf(to, sizeof(to), "%s%s", old->prefix, seg_exts[j]);
        if (rename(path, to) != 0)
            goto unlock_errno;
        hook("renamed-live");
    }
    if (ck_fsync_dir(log->dir) != 0)
        goto unlock_errno;
    seg = ck_seg_open(log->dir, cs->base);
    if (seg == NULL)
        goto unlock_errno;
    seg->size = (int64_t)o->log.len;
    seg->next_offset = cs->next;
    seg->max_ts = o->max_ts;
    seg->max_ts_batch = o->max_ts >= 0 ? o->max_ts_batch : cs->base;
    seg->sealed = true;
    seg->idx_ready = false;
    log->segs[idx] = seg;
    pthread_mutex_unlock(&log->mu);
    ck_seg_release(cs->seg);   /* the log's reference; the pass still holds its own */
    hook("swapped");
    ps->st->segments++;
    ps->st->bytes_written += (int64_t)o->log.len;
    return 0;

unlock_errno:
    snprintf(ps->err, sizeof(ps->err), "swapping segment %" PRId64 ": %s", cs->base, strerror(errno));
    pthread_mutex_unlock(&log->mu);
    /* a failed rename leaves the log in an unknown state: refuse appends
     * until reopened, where recovery finishes or undoes the swap */
    __atomic_store_n(&log->failed, true, __ATOMIC_RELEASE);
    return rc;
undo_errno:
    snprintf(ps->err, sizeof(ps->err), "cleaning segment %" PRId64 ": %s", cs->base, strerror(errno));
undo:
    for (j = 0; j < CK_ARRAY_LEN(seg_exts); j++) {
        snprintf(path, sizeof(path), "%s%s.cleaned", old->prefix, seg_exts[j]);
        unlink(path);
    }
    return rc;
}

static int rewrite_segment(pass *ps, cseg *cs)
{
    seg_out o;
    int rc;

    memset(&o, 0, sizeof(o));
    ck_wb_init(&o.log, (size_t)CK_MIN(cs->size, (int64_t)(64u << 20)) + 64);
    ck_wb_init(&o.oidx, 256);
    ck_wb_init(&o.tidx, 256);
    ck_wb_init(&o.txn, 64);
    o.base = cs->base;
    o.max_ts = -1;
    o.max_ts_batch = cs->base;
    o.last_tidx_ts = -1;
    rc = walk_segment(ps, cs, clean_batch, &o);
    if (rc == 0 && o.changed) {
        out_txnindex(ps, &o, cs);
        rc = swap_in(ps, cs, &o);
    }
    ck_wb_free(&o.log);
    ck_wb_free(&o.oidx);
    ck_wb_free(&o.tidx);
    ck_wb_free(&o.txn);
    return rc;
}

/* First batch max timestamp of a segment (its oldest dirty record's time), or -1. */
static int64_t first_batch_ts(pass *ps, const cseg *cs)
{
    ck_scan s;
    ck_batch_hdr h;

    ck_scan_init(&s, cs->seg->fd, ps->buf, CLEAN_BUF, cs->size);
    return ck_scan_hdr(&s, 0, &h) == 1 ? h.max_timestamp : -1;
}

/** @brief One compaction pass over log (see storage.h).  The caller
 *  serialises passes of one log.  Any thread. */
int ck_log_clean(ck_log *log, const ck_clean_conf *cc, int64_t now_ms, ck_clean_stats *st, char *err,
                 size_t errlen)
{
    pass ps;
    int64_t cleanable_end, first_dirty = 0, horizon = INT64_MAX, map_end, start;
    int i, first_dirty_seg = -1, map_end_seg, rc = 0;
    bool due;

    memset(st, 0, sizeof(*st));
    memset(&ps, 0, sizeof(ps));
    ps.log = log;
    ps.cc = cc;
    ps.now = now_ms;
    ps.st = st;
    ps.min_horizon = INT64_MAX;
    kmap_init(&ps.keys);
    kmap_init(&ps.pids);

    /* the sealed segments below the first uncleanable offset */
    pthread_mutex_lock(&log->mu);
    if (log->failed) {
        pthread_mutex_unlock(&log->mu);
        rc = CHRONIK_ERR_KAFKA_STORAGE_ERROR;
        ck_errf(err, errlen, "%s: the log failed earlier", log->dir);
        goto out;
    }
    start = log->start;
    cleanable_end = CK_MIN(log->segs[log->nseg - 1]->base, __atomic_load_n(&log->durable, __ATOMIC_ACQUIRE));
    cleanable_end = CK_MIN(cleanable_end, cc->stable_end);
    ps.index_interval = log->conf.index_interval_bytes;
    ps.segs = ck_calloc((size_t)log->nseg, sizeof(*ps.segs));
    for (i = 0; i < log->nseg - 1; i++) {
        ck_seg *seg = log->segs[i];
        if (seg->next_offset > cleanable_end)
            break;
        if (cc->min_lag_ms > 0 && seg->max_ts > now_ms - cc->min_lag_ms)
            break;
        ck_seg_keep(seg);
        ps.segs[ps.nsegs++] = (cseg){ seg, seg->base, seg->next_offset, seg->size, seg->max_ts };
    }
    pthread_mutex_unlock(&log->mu);
    if (ps.nsegs == 0)
        goto out;
    cleanable_end = ps.segs[ps.nsegs - 1].next;
    ps.buf = ck_malloc(CLEAN_BUF);

    /* how dirty: bytes from the checkpoint on against all cleanable bytes */
    if (!ckpt_read(log, &first_dirty, &horizon))
        first_dirty = start, horizon = INT64_MAX;
    if (first_dirty < start)
        first_dirty = start;
    for (i = 0; i < ps.nsegs; i++) {
        if (ps.segs[i].next <= first_dirty) {
            st->clean_bytes += ps.segs[i].size;
        } else {
            if (first_dirty_seg < 0)
                first_dirty_seg = i;
            st->dirty_bytes += ps.segs[i].size;
        }
    }
    if (st->clean_bytes + st->dirty_bytes > 0)
        st->dirty_ratio = (double)st->dirty_bytes / (double)(st->clean_bytes + st->dirty_bytes);
    if (first_dirty_seg >= 0) {
        int64_t ts = first_batch_ts(&ps, &ps.segs[first_dirty_seg]);
        st->lag_ms = ts >= 0 && now_ms > ts ? now_ms - ts : 0;
    }
    due = (first_dirty_seg >= 0 && (cc->force || st->dirty_ratio >= cc->min_dirty_ratio ||
                                    (cc->max_lag_ms < INT64_MAX && st->lag_ms > cc->max_lag_ms))) ||
          horizon <= now_ms;
    if (!due)
        goto out;
    st->cleaned = true;

    /* aborted transactions and each producer's last batch */
    load_aborted(&ps);
    if (ps.naborted > 1)
        qsort(ps.aborted, ps.naborted, sizeof(*ps.aborted), cmp_entry);
    rc = ck_log_scan(log, start, pid_scan_cb, &ps);
    if (rc != 0) {
        ck_errf(err, errlen, "%s: scanning producer batches failed", log->dir);
        goto out;
    }

    /* the map, segment by segment while it fits (at least one segment) */
    map_end_seg = first_dirty_seg >= 0 ? first_dirty_seg : ps.nsegs;
    for (i = map_end_seg; i < ps.nsegs; i++) {
        if (i > first_dirty_seg && ps.keys.bytes >= cc->map_bytes)
            break;
        if (stopping(&ps))
            goto out;
        rc = walk_segment(&ps, &ps.segs[i], map_batch, NULL);
        if (rc != 0)
            goto fail;
        map_end_seg = i + 1;
    }
    map_end = map_end_seg > 0 ? ps.segs[map_end_seg - 1].next : start;
    if (map_end_seg == 0 || first_dirty_seg < 0)
        map_end = cleanable_end;
    hook("mapped");

    /* rewrite from the log start to the end of the map */
    for (i = 0; i < ps.nsegs && ps.segs[i].next <= map_end; i++) {
        if (stopping(&ps))
            goto out;   /* what is swapped stays; the next pass redoes the rest */
        rc = rewrite_segment(&ps, &ps.segs[i]);
        if (rc != 0)
            goto fail;
    }
    st->first_dirty = CK_MAX(first_dirty, map_end);
    if (ckpt_write(log, st->first_dirty, ps.min_horizon) != 0)
        CK_WARN("storage", "%s: writing the cleaner checkpoint: %s", log->dir, strerror(errno));
    hook("done");
    goto out;
fail:
    ck_errf(err, errlen, "%s: %s", log->dir, ps.err);
out:
    for (i = 0; i < ps.nsegs; i++)
        ck_seg_release(ps.segs[i].seg);
    ck_free(ps.segs);
    ck_free(ps.buf);
    ck_free(ps.aborted);
    ck_free(ps.tx);
    kmap_free(&ps.keys);
    kmap_free(&ps.pids);
    return rc;
}
