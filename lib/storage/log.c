/*
 * log.c — one partition log: a directory of segments (segment.c) with
 * open-time recovery, append with offset assignment and segment rolls, reads
 * of whole-batch file ranges through the sparse offset index, timestamp
 * lookups through the time index, log-start-offset movement and retention.
 *
 * Durability: `end` is the next offset to write, `durable` the next offset
 * not yet known durable (the high watermark).  Under flush.policy=always the
 * flusher's workers (flusher.c) advance `durable` after an fdatasync via
 * ck_log_sync_round, one flush ticket at a time or two overlapping, always
 * published in order (storage_int.h); otherwise an append advances it at
 * once.  Rolled segments wait in the `pending` list until a ticket syncs
 * them, so the durable offset never passes unsynced data of an older
 * segment.
 *
 * Recovery: a `recovery-checkpoint` file names a segment, a byte position and
 * the next offset up to which everything was synced (written at close and
 * every few seconds by the flusher).  Segments before it are trusted; from it
 * to the end every batch is CRC-checked in bounded chunks, and the first bad
 * or torn batch cuts the log there.  The log start offset lives in
 * `log-start-offset`; both files are replaced atomically (tmp, fsync, rename,
 * fsync dir).
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
#include "config.h"
#include "storage/storage_int.h"

#define SCAN_BUF (1u << 20)          /* recovery chunk */
#define READ_BUF 8192                /* ck_log_read chunk */
#define WALK_BUF (64u << 10)         /* scans and timestamp lookups */
#define CKPT_INTERVAL_MS 10000
#define MAX_DECOMPRESSED (256u << 20)
#define CKPT_FILE "recovery-checkpoint"
#define START_FILE "log-start-offset"
#define CKPT_MAGIC 0x434b5243u       /* "CKRC" */
#define START_MAGIC 0x434b4c53u      /* "CKLS" */

static inline int64_t ld64(const int64_t *p) { return __atomic_load_n(p, __ATOMIC_ACQUIRE); }
static inline void st64(int64_t *p, int64_t v) { __atomic_store_n(p, v, __ATOMIC_RELEASE); }

/** @brief Kafka-like defaults (see storage.h). */
void ck_log_conf_defaults(ck_log_conf *c)
{
    c->segment_bytes = 1LL << 30;
    c->segment_ms = 7LL * 24 * 3600 * 1000;
    c->retention_ms = 7LL * 24 * 3600 * 1000;
    c->retention_bytes = -1;
    c->index_interval_bytes = 4096;
}

static void conf_sanitize(ck_log_conf *c)
{
    ck_log_conf d;

    ck_log_conf_defaults(&d);
    if (c->segment_bytes <= 0)
        c->segment_bytes = d.segment_bytes;
    if (c->segment_bytes > INT32_MAX)
        c->segment_bytes = INT32_MAX;
    if (c->segment_ms <= 0)
        c->segment_ms = d.segment_ms;
    if (c->index_interval_bytes <= 0)
        c->index_interval_bytes = d.index_interval_bytes;
}

/* ===================================================================== */
/* Small files: checkpoint and log start offset                          */
/* ===================================================================== */

static int write_small(const ck_log *log, const char *name, const uint8_t *buf, size_t len)
{
    char path[4096], tmp[4096];
    int fd, rc = -1;

    snprintf(path, sizeof(path), "%s/%s", log->dir, name);
    snprintf(tmp, sizeof(tmp), "%s/%s.tmp", log->dir, name);
    fd = open(tmp, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
    if (fd < 0)
        goto out;
    if (ck_write_all(fd, buf, len) != 0 || fsync(fd) != 0)
        goto out_close;
    if (close(fd) != 0) {
        fd = -1;
        goto out;
    }
    fd = -1;
    if (rename(tmp, path) != 0 || ck_fsync_dir(log->dir) != 0)
        goto out;
    rc = 0;
out_close:
    if (fd >= 0)
        close(fd);
out:
    return rc;
}

/* Reads name fully into buf (exactly len bytes); 0 or -1. */
static int read_small(const ck_log *log, const char *name, uint8_t *buf, size_t len)
{
    char path[4096];
    int fd, rc = -1;
    uint8_t extra;

    snprintf(path, sizeof(path), "%s/%s", log->dir, name);
    fd = open(path, O_RDONLY | O_CLOEXEC);
    if (fd < 0)
        return -1;
    if (ck_storage_pread(fd, buf, len, 0) == (ssize_t)len && ck_storage_pread(fd, &extra, 1, (int64_t)len) == 0)
        rc = 0;
    close(fd);
    return rc;
}

static int write_ckpt(const ck_log *log, const ck_ckpt *ck)
{
    uint8_t b[52];

    ck_put_be32(b, CKPT_MAGIC);
    ck_put_be32(b + 4, 1);
    ck_put_be64(b + 8, (uint64_t)ck->seg_base);
    ck_put_be64(b + 16, (uint64_t)ck->pos);
    ck_put_be64(b + 24, (uint64_t)ck->next_offset);
    ck_put_be64(b + 32, (uint64_t)ck->max_ts);
    ck_put_be64(b + 40, (uint64_t)ck->max_ts_batch);
    ck_put_be32(b + 48, ck_crc32c(0, b, 48));
    return write_small(log, CKPT_FILE, b, sizeof(b));
}

static bool read_ckpt(const ck_log *log, ck_ckpt *ck)
{
    uint8_t b[52];

    if (read_small(log, CKPT_FILE, b, sizeof(b)) != 0 || ck_be32(b) != CKPT_MAGIC || ck_be32(b + 4) != 1 ||
        ck_be32(b + 48) != ck_crc32c(0, b, 48))
        return false;
    ck->seg_base = (int64_t)ck_be64(b + 8);
    ck->pos = (int64_t)ck_be64(b + 16);
    ck->next_offset = (int64_t)ck_be64(b + 24);
    ck->max_ts = (int64_t)ck_be64(b + 32);
    ck->max_ts_batch = (int64_t)ck_be64(b + 40);
    return ck->seg_base >= 0 && ck->pos >= 0 && ck->next_offset >= ck->seg_base;
}

static int write_start(const ck_log *log, int64_t start)
{
    uint8_t b[20];

    ck_put_be32(b, START_MAGIC);
    ck_put_be32(b + 4, 1);
    ck_put_be64(b + 8, (uint64_t)start);
    ck_put_be32(b + 16, ck_crc32c(0, b, 16));
    return write_small(log, START_FILE, b, sizeof(b));
}

static int64_t read_start(const ck_log *log)
{
    uint8_t b[20];

    if (read_small(log, START_FILE, b, sizeof(b)) != 0 || ck_be32(b) != START_MAGIC || ck_be32(b + 4) != 1 ||
        ck_be32(b + 16) != ck_crc32c(0, b, 16))
        return -1;
    return (int64_t)ck_be64(b + 8);
}

/* ===================================================================== */
/* Segment list helpers (log mu held, or the log not yet shared)          */
/* ===================================================================== */

static ck_seg *active_seg(const ck_log *log) { return log->segs[log->nseg - 1]; }

static void segs_push(ck_log *log, ck_seg *seg)
{
    if (log->nseg == log->segcap) {
        log->segcap = log->segcap ? log->segcap * 2 : 8;
        log->segs = ck_realloc(log->segs, (size_t)log->segcap * sizeof(*log->segs));
    }
    log->segs[log->nseg++] = seg;
}

/* Unlinks and drops segs[0..n) (never all of them). */
static void segs_drop_head(ck_log *log, int n)
{
    int i;

    for (i = 0; i < n; i++) {
        ck_seg_unlink(log->segs[i]);
        ck_seg_release(log->segs[i]);
    }
    memmove(log->segs, log->segs + n, (size_t)(log->nseg - n) * sizeof(*log->segs));
    log->nseg -= n;
}

/* The segment holding offset: the last one with base <= offset, or NULL. */
static ck_seg *find_seg(const ck_log *log, int64_t offset)
{
    int lo = 0, hi = log->nseg;

    while (lo < hi) {
        int mid = lo + (hi - lo) / 2;
        if (log->segs[mid]->base <= offset)
            lo = mid + 1;
        else
            hi = mid;
    }
    return lo == 0 ? NULL : log->segs[lo - 1];
}

/* Pins the segment for reading: maps a sealed segment's indexes. */
static void pin(ck_seg *seg)
{
    if (seg->sealed)
        ck_seg_map(seg);
    ck_seg_keep(seg);
}

/* Records batch (base, max_ts, size) written at pos in the active segment's
 * indexes, Kafka's rule: an entry once more than interval bytes passed. */
static void track_batch(ck_seg *seg, int64_t base, int64_t max_ts, int64_t pos, size_t size, int32_t interval)
{
    if (max_ts > seg->max_ts) {
        seg->max_ts = max_ts;
        seg->max_ts_batch = base;
    }
    if (seg->bytes_since_idx > interval) {
        ck_idx_add_offset(seg, base, pos);
        if (seg->max_ts > ck_idx_last_ts(seg))
            ck_idx_add_time(seg, seg->max_ts, seg->max_ts_batch);
        seg->bytes_since_idx = 0;
    }
    seg->bytes_since_idx += (int64_t)size;
}

static void notify_durable(ck_log *log)
{
    int64_t d;

    pthread_mutex_lock(&log->cb_mu);
    d = ld64(&log->durable);
    if (d > log->cb_last) {
        log->cb_last = d;
        if (log->cb != NULL)
            log->cb(log->cb_opaque, log, d);
    }
    pthread_mutex_unlock(&log->cb_mu);
}

static void advance_durable(ck_log *log, int64_t to)
{
    int64_t cur = ld64(&log->durable);

    while (cur < to && !__atomic_compare_exchange_n(&log->durable, &cur, to, false, __ATOMIC_ACQ_REL,
                                                    __ATOMIC_ACQUIRE))
        ;
}

int (*ck_storage_sync_hook)(ck_log *log, int fd);

static int sync_data(ck_log *log, int fd)
{
    ck_flusher_count_sync(log->fl);
    if (ck_storage_sync_hook != NULL)
        return ck_storage_sync_hook(log, fd);
#ifdef HAVE_FDATASYNC
    return fdatasync(fd);
#else
    return fsync(fd);
#endif
}

/* ===================================================================== */
/* Open and recovery                                                      */
/* ===================================================================== */

static int cmp_i64(const void *a, const void *b)
{
    int64_t x = *(const int64_t *)a, y = *(const int64_t *)b;
    return x < y ? -1 : x > y;
}

/* Base offsets of the segment files in dir, sorted; removes stale *.tmp. */
static int list_segments(const char *dir, int64_t **out, int *n)
{
    DIR *d = opendir(dir);
    struct dirent *de;
    int64_t *bases = NULL;
    int cap = 0, cnt = 0;

    *out = NULL;
    *n = 0;
    if (d == NULL)
        return -1;
    while ((de = readdir(d)) != NULL) {
        const char *name = de->d_name;
        size_t len = strlen(name), i;
        if (len > 4 && strcmp(name + len - 4, ".tmp") == 0) {
            char path[4096];
            snprintf(path, sizeof(path), "%s/%s", dir, name);
            unlink(path);
            continue;
        }
        if (len != CK_SEG_NAME_LEN + 4 || strcmp(name + CK_SEG_NAME_LEN, ".log") != 0)
            continue;
        for (i = 0; i < CK_SEG_NAME_LEN && name[i] >= '0' && name[i] <= '9'; i++)
            ;
        if (i != CK_SEG_NAME_LEN)
            continue;
        if (cnt == cap) {
            cap = cap ? cap * 2 : 16;
            bases = ck_realloc(bases, (size_t)cap * sizeof(*bases));
        }
        bases[cnt++] = strtoll(name, NULL, 10);
    }
    closedir(d);
    if (cnt > 0)
        qsort(bases, (size_t)cnt, sizeof(*bases), cmp_i64);
    *out = bases;
    *n = cnt;
    return 0;
}

/* Scans seg from pos to fsize, checking CRCs when crc, extending the
 * segment's size, next offset, max timestamp and (heap) indexes.  Returns the
 * position of the first bad or torn batch (fsize when all good); -1 with
 * *ioerr on a read error. */
static int64_t scan_segment(ck_log *log, ck_seg *seg, int64_t pos, int64_t fsize, bool crc, uint8_t *buf,
                            int *ioerr)
{
    ck_scan s;
    ck_batch_hdr h;

    ck_scan_init(&s, seg->fd, buf, SCAN_BUF, fsize);
    while (pos < fsize) {
        int r = ck_scan_hdr(&s, pos, &h);
        size_t size;
        if (r < 0)
            goto io;
        /* base offsets grow; a compacted segment has holes between batches */
        if (r == 0 || h.base_offset < seg->next_offset || h.last_offset_delta < 0)
            break;
        size = ck_batch_size(&h);
        if (crc) {
            r = ck_scan_verify(&s, pos, &h);
            if (r < 0)
                goto io;
            if (r != 0)
                break;
            log->rec.scanned_bytes += (int64_t)size;
        }
        track_batch(seg, h.base_offset, h.max_timestamp, pos, size, log->conf.index_interval_bytes);
        pos += (int64_t)size;
        seg->size = pos;
        seg->next_offset = ck_batch_last_offset(&h) + 1;
    }
    return pos;
io:
    *ioerr = s.ioerr;
    return -1;
}

static int64_t last_oidx_pos(const ck_seg *seg)
{
    if (seg->oidx.n == 0)
        return 0;
    return (int32_t)ck_be32(seg->oidx.p + (seg->oidx.n - 1) * CK_OIDX_ENTRY + 4);
}

/* Removes the segment files of bases[from..n) not opened; returns their bytes. */
static int64_t drop_files(const ck_log *log, const int64_t *bases, int from, int n)
{
    int64_t bytes = 0;
    int i;

    for (i = from; i < n; i++) {
        ck_seg *seg = ck_seg_new(log->dir, bases[i]);
        char path[4096];
        struct stat st;
        ck_seg_path(seg, ".log", path, sizeof(path));
        if (stat(path, &st) == 0)
            bytes += (int64_t)st.st_size;
        ck_seg_unlink(seg);
        ck_seg_release(seg);
    }
    return bytes;
}

static int recover(ck_log *log, const int64_t *bases, int nb, char *err, size_t errlen)
{
    ck_ckpt ck = { -1, 0, 0, -1, 0 };
    bool have_ck = read_ckpt(log, &ck);
    int64_t start = read_start(log), expected = -1, fsize, bad, cut_bytes = 0;
    uint8_t *buf = ck_malloc(SCAN_BUF);
    bool changed = false, cut = false, structural = false, keep_ckpt;
    int i, ioerr = 0, rc = CHRONIK_ERR_IO;
    struct stat st;
    ck_seg *seg;

    for (i = 0; i < nb && !cut; i++) {
        bool last = i == nb - 1;
        if (expected >= 0 && bases[i] < expected) {
            cut_bytes += drop_files(log, bases, i, nb);
            log->rec.truncated_at = expected;
            cut = changed = true;
            break;
        }
        seg = ck_seg_open(log->dir, bases[i]);
        if (seg == NULL) {
            ck_errf(err, errlen, "%s: open segment %020" PRId64 ": %s", log->dir, bases[i], strerror(errno));
            goto out;
        }
        segs_push(log, seg);
        if (fstat(seg->fd, &st) != 0) {
            ck_errf(err, errlen, "%s: fstat: %s", log->dir, strerror(errno));
            goto out;
        }
        fsize = (int64_t)st.st_size;
        bad = fsize;
        if (have_ck && bases[i] < ck.seg_base && !last) {
            /* before the checkpoint: trusted */
            seg->size = fsize;
            seg->next_offset = bases[i + 1];
            seg->sealed = true;
            seg->idx_ready = false;
            if (!ck_seg_check_sealed(seg, fsize)) {
                seg->sealed = false;
                seg->size = 0;
                seg->next_offset = seg->base;
                seg->max_ts = -1;
                if (ck_idx_load(seg, 0, 0) != 0)
                    goto io;
                bad = scan_segment(log, seg, 0, fsize, false, buf, &ioerr);
                changed = true;
            }
        } else if (have_ck && bases[i] == ck.seg_base && ck.pos <= fsize && last) {
            /* (a checkpointed segment sealed since may have been compacted:
             * its position no longer means anything, it is scanned whole) */
            if (ck_idx_load(seg, ck.pos, ck.next_offset - seg->base) != 0)
                goto io;
            seg->size = ck.pos;
            seg->next_offset = ck.next_offset;
            seg->max_ts = ck.max_ts;
            seg->max_ts_batch = ck.max_ts_batch;
            seg->bytes_since_idx = ck.pos - last_oidx_pos(seg);
            bad = scan_segment(log, seg, ck.pos, fsize, true, buf, &ioerr);
            changed = changed || ck.pos < fsize;
        } else {
            if (ck_idx_load(seg, 0, 0) != 0)
                goto io;
            bad = scan_segment(log, seg, 0, fsize, true, buf, &ioerr);
            changed = true;
        }
        if (bad < 0) {
            errno = ioerr;
            goto io;
        }
        if (bad == fsize && !last && seg->next_offset < bases[i + 1])
            seg->next_offset = bases[i + 1];   /* compaction emptied its tail */
        expected = seg->next_offset;
        if (bad < fsize) {
            if (ftruncate(seg->fd, (off_t)bad) != 0 || fsync(seg->fd) != 0)
                goto io;
            cut_bytes += fsize - bad + drop_files(log, bases, i + 1, nb);
            log->rec.truncated_at = seg->next_offset;
            cut = changed = true;
        }
    }
    if (cut) {
        log->rec.truncated_bytes = cut_bytes;
        CK_WARN("storage", "%s: torn or corrupt tail: cut at offset %" PRId64 ", %" PRId64 " bytes dropped",
                log->dir, log->rec.truncated_at, cut_bytes);
    }
    if (log->nseg == 0) {
        seg = ck_seg_create(log->dir, start > 0 ? start : 0);
        if (seg == NULL)
            goto io;
        segs_push(log, seg);
        changed = structural = true;
    }
    if (start < log->segs[0]->base)
        start = log->segs[0]->base;
    if (start > active_seg(log)->next_offset) {
        /* everything below the start offset is gone: restart empty there */
        segs_drop_head(log, log->nseg - 1);
        ck_seg_unlink(log->segs[0]);
        ck_seg_release(log->segs[0]);
        log->nseg = 0;
        seg = ck_seg_create(log->dir, start);
        if (seg == NULL)
            goto io;
        segs_push(log, seg);
        changed = structural = true;
    }
    while (log->nseg > 1 && log->segs[0]->next_offset <= start) {
        segs_drop_head(log, 1);
        changed = structural = true;
    }
    /* seal every segment but the last; make the last one appendable */
    for (i = 0; i < log->nseg; i++) {
        seg = log->segs[i];
        if (i < log->nseg - 1) {
            if (seg->sealed)
                continue;
            if (ck_seg_seal(seg) != 0 || ck_idx_sync(seg) != 0 || sync_data(log, seg->fd) != 0)
                goto io;
            ck_idx_close_fds(seg);
        } else {
            if (seg->sealed) {
                seg->sealed = false;
                if (ck_idx_load(seg, seg->size, seg->next_offset - seg->base) != 0)
                    goto io;
                seg->bytes_since_idx = seg->size - last_oidx_pos(seg);
            }
            if (ck_idx_write_tail(seg) != 0)
                goto io;
            if (seg->size > 0)
                seg->created_ms = ck_now_ms();
        }
    }
    seg = active_seg(log);
    log->start = start;
    log->end = seg->next_offset;
    log->durable = log->end;
    log->sync_end = log->end;
    log->cb_last = log->end;
    /* A new checkpoint must not cover bytes that are not on disk, so it costs
     * an fdatasync of everything scanned.  Under flush.policy=os after a
     * crash that can be the whole unsynced tail (a GiB of dirty page cache
     * takes seconds to write); when only a scan happened (nothing cut,
     * created or deleted) the old checkpoint stays valid, so it is kept and
     * the tail is simply scanned again after the next crash. */
    keep_ckpt = log->policy == CK_FLUSH_OS && !cut && !structural;
    if ((changed || !have_ck) && !keep_ckpt) {
        ck_ckpt nck = { seg->base, seg->size, seg->next_offset, seg->max_ts, seg->max_ts_batch };
        if (ck_idx_sync(seg) != 0 || sync_data(log, seg->fd) != 0 || ck_fsync_dir(log->dir) != 0 ||
            write_ckpt(log, &nck) != 0)
            goto io;
    }
    log->last_ckpt_ms = ck_mono_ms();
    rc = 0;
    goto out;
io:
    ck_errf(err, errlen, "%s: recovery I/O error: %s", log->dir, strerror(errno));
out:
    ck_free(buf);
    return rc;
}

static void log_free(ck_log *log)
{
    int i;

    if (log == NULL)
        return;
    for (i = 0; i < log->nseg; i++)
        ck_seg_release(log->segs[i]);
    for (i = 0; i < log->npending; i++)
        ck_seg_release(log->pending[i]);
    ck_free(log->segs);
    ck_free(log->pending);
    pthread_mutex_destroy(&log->mu);
    pthread_mutex_destroy(&log->cb_mu);
    pthread_cond_destroy(&log->tk_cv);
    ck_free(log->dir);
    ck_free(log);
}

/** @brief Opens or creates the log in dir (see storage.h).  Owner thread. */
int ck_log_open(const char *dir, const ck_log_conf *conf, ck_flusher *fl, ck_log **out, char *err, size_t errlen)
{
    ck_log *log = NULL;
    int64_t *bases = NULL;
    int nb = 0, rc = CHRONIK_ERR_INVALID_ARG;

    *out = NULL;
    if (dir == NULL || *dir == '\0') {
        ck_errf(err, errlen, "log directory not set");
        goto out;
    }
    rc = CHRONIK_ERR_IO;
    if (ck_mkdirs(dir, 0755) != 0) {
        ck_errf(err, errlen, "%s: mkdir: %s", dir, strerror(errno));
        goto out;
    }
    log = ck_calloc(1, sizeof(*log));
    log->dir = ck_strdup(dir);
    if (conf != NULL)
        log->conf = *conf;
    else
        ck_log_conf_defaults(&log->conf);
    conf_sanitize(&log->conf);
    log->fl = fl;
    log->policy = fl != NULL ? ck_flusher_policy(fl) : CK_FLUSH_OS;
    log->rec.truncated_at = -1;
    pthread_mutex_init(&log->mu, NULL);
    pthread_mutex_init(&log->cb_mu, NULL);
    pthread_cond_init(&log->tk_cv, NULL);
    if (ck_clean_recover(dir) != 0) {
        ck_errf(err, errlen, "%s: finishing a compaction swap: %s", dir, strerror(errno));
        goto fail;
    }
    if (list_segments(dir, &bases, &nb) != 0) {
        ck_errf(err, errlen, "%s: list: %s", dir, strerror(errno));
        goto fail;
    }
    rc = recover(log, bases, nb, err, errlen);
    if (rc != 0)
        goto fail;
    if (fl != NULL)
        ck_flusher_register(fl, log);
    *out = log;
    goto out;
fail:
    log_free(log);
out:
    ck_free(bases);
    return rc;
}

/** @brief Registers the durable callback.  Before appends begin. */
void ck_log_set_durable_cb(ck_log *log, ck_log_durable_cb cb, void *opaque)
{
    pthread_mutex_lock(&log->cb_mu);
    log->cb = cb;
    log->cb_opaque = opaque;
    pthread_mutex_unlock(&log->cb_mu);
}

/** @brief Replaces the configuration.  Any thread. */
void ck_log_set_conf(ck_log *log, const ck_log_conf *conf)
{
    pthread_mutex_lock(&log->mu);
    log->conf = *conf;
    conf_sanitize(&log->conf);
    pthread_mutex_unlock(&log->mu);
}

/** @brief Syncs everything, writes the checkpoint, frees.  NULL ok.  No
 *  concurrent use of log. */
void ck_log_close(ck_log *log)
{
    ck_seg *seg;
    bool ok = true;
    int i;

    if (log == NULL)
        return;
    if (log->fl != NULL)
        ck_flusher_unregister(log->fl, log);
    pthread_mutex_lock(&log->mu);
    if (!log->failed) {
        seg = active_seg(log);
        if (seg->max_ts >= 0 && seg->max_ts > ck_idx_last_ts(seg))
            ck_idx_add_time(seg, seg->max_ts, seg->max_ts_batch);
        for (i = 0; i < log->npending && ok; i++)
            ok = sync_data(log, log->pending[i]->fd) == 0 && ck_idx_sync(log->pending[i]) == 0;
        ok = ok && ck_idx_write_tail(seg) == 0 && ck_idx_sync(seg) == 0;
        ok = ok && (seg->size == 0 || sync_data(log, seg->fd) == 0);
        ok = ok && (!log->dir_dirty || ck_fsync_dir(log->dir) == 0);
        if (ok) {
            ck_ckpt ck = { seg->base, seg->size, seg->next_offset, seg->max_ts, seg->max_ts_batch };
            ok = write_ckpt(log, &ck) == 0;
        }
        if (!ok)
            CK_ERR("storage", "%s: sync at close failed: %s", log->dir, strerror(errno));
    }
    pthread_mutex_unlock(&log->mu);
    log_free(log);
}

/** @brief Closes the log and removes its directory.  NULL ok. */
int ck_log_destroy(ck_log *log)
{
    char *dir;
    int rc = 0;

    if (log == NULL)
        return 0;
    dir = ck_strdup(log->dir);
    ck_log_close(log);
    if (ck_rmtree(dir) != 0)
        rc = CHRONIK_ERR_IO;
    ck_free(dir);
    return rc;
}

/* ===================================================================== */
/* Flush round                                                            */
/* ===================================================================== */

/* Publishes, in sequence order, every finished ticket whose predecessors
 * are published: the durable offset moves to the last one's target.
 * Nothing is published once the log failed.  Log mu held. */
static void tickets_publish(ck_log *log)
{
    while (!log->failed && log->tk_pub < log->tk_next && log->tk_ok[log->tk_pub % CK_SYNC_SLOTS]) {
        advance_durable(log, log->tk_end[log->tk_pub % CK_SYNC_SLOTS]);
        log->tk_pub++;
    }
}

/** @brief One flush ticket: syncs what the log wrote since the previous
 *  ticket began, publishes the durable offset in ticket order, calls the
 *  durable callback, and writes the recovery checkpoint when it is due.  A
 *  flusher worker (or the owner in ck_flusher_free).  Takes log->mu. */
void ck_log_sync_round(ck_log *log)
{
    ck_seg **pend = NULL, *seg;
    int npend = 0, i, fd, saved = 0;
    uint64_t seq;
    int64_t end;
    bool dir_dirty = false, sync_active, heavy, excl, ckpt = false, ok = true, published;
    ck_ckpt ck = { 0, 0, 0, -1, 0 };
    const char *what = "fdatasync";

    pthread_mutex_lock(&log->mu);
    for (;;) {
        bool ckpt_due;
        if (log->failed) {
            pthread_mutex_unlock(&log->mu);
            return;
        }
        seg = active_seg(log);
        sync_active = log->policy != CK_FLUSH_OS && log->end > log->sync_end;
        ckpt_due = sync_active && ck_mono_ms() - log->last_ckpt_ms >= CKPT_INTERVAL_MS;
        heavy = log->npending > 0 || log->dir_dirty || ckpt_due;
        if (!heavy && !sync_active) {       /* an earlier ticket covers it all */
            pthread_mutex_unlock(&log->mu);
            return;
        }
        /* one worker under `interval` and `os`: no second descriptor */
        excl = heavy || log->policy != CK_FLUSH_ALWAYS ||
               ck_seg_sync_fd(seg, (int)(log->tk_next % CK_SYNC_SLOTS)) < 0;
        if (excl ? !log->excl_busy && !(heavy && log->ckpt_busy) && log->tk_next == log->tk_pub
                 : !log->excl_busy && log->tk_next - log->tk_pub < CK_SYNC_SLOTS)
            break;
        pthread_cond_wait(&log->tk_cv, &log->mu);
    }
    /* begin the ticket */
    seq = log->tk_next++;
    end = log->end;
    log->tk_end[seq % CK_SYNC_SLOTS] = end;
    log->tk_ok[seq % CK_SYNC_SLOTS] = false;
    log->excl_busy = excl;
    fd = excl ? seg->fd : ck_seg_sync_fd(seg, (int)(seq % CK_SYNC_SLOTS));
    ck_seg_keep(seg);
    if (sync_active)
        log->sync_end = end;
    if (heavy) {
        pend = log->pending;
        npend = log->npending;
        log->pending = NULL;
        log->npending = log->pendcap = 0;
        dir_dirty = log->dir_dirty;
        log->dir_dirty = false;
        if (sync_active && ck_mono_ms() - log->last_ckpt_ms >= CKPT_INTERVAL_MS && ck_idx_write_tail(seg) == 0) {
            ckpt = true;
            log->ckpt_busy = true;
            ck = (ck_ckpt){ seg->base, seg->size, end, seg->max_ts, seg->max_ts_batch };
        }
    }
    pthread_mutex_unlock(&log->mu);

    /* I/O, no lock held */
    for (i = 0; i < npend && ok; i++) {
        ok = sync_data(log, pend[i]->fd) == 0 && ck_idx_sync(pend[i]) == 0;
        if (ok) {
            ck_idx_close_fds(pend[i]);
            ck_seg_close_sync_fds(pend[i]);
        }
    }
    if (ok && sync_active)
        ok = sync_data(log, fd) == 0;
    if (ok && dir_dirty) {
        what = "directory fsync";
        ok = ck_fsync_dir(log->dir) == 0;
    }
    if (!ok)
        saved = errno;

    /* finish: publish in order, or fail the log for good */
    pthread_mutex_lock(&log->mu);
    log->tk_io_done++;
    if (excl)
        log->excl_busy = false;
    if (ok) {
        log->tk_ok[seq % CK_SYNC_SLOTS] = true;
        tickets_publish(log);
    } else if (!log->failed) {
        CK_ERR("storage", "%s: %s failed: %s; the log refuses appends until reopened", log->dir, what,
               strerror(saved));
        __atomic_store_n(&log->failed, true, __ATOMIC_RELEASE);
    }
    pthread_cond_broadcast(&log->tk_cv);
    while (ok && !log->failed && log->tk_pub <= seq)   /* an earlier ticket is still syncing */
        pthread_cond_wait(&log->tk_cv, &log->mu);
    published = ok && log->tk_pub > seq;
    pthread_mutex_unlock(&log->mu);

    if (published)
        notify_durable(log);
    if (ckpt) {
        /* a checkpoint ticket runs alone; it is written only once the
         * ticket is published (the log did not fail meanwhile) */
        if (published && (ck_idx_sync(seg) != 0 || write_ckpt(log, &ck) != 0))
            CK_WARN("storage", "%s: writing the recovery checkpoint: %s", log->dir, strerror(errno));
        pthread_mutex_lock(&log->mu);
        log->last_ckpt_ms = ck_mono_ms();
        log->ckpt_busy = false;
        pthread_cond_broadcast(&log->tk_cv);
        pthread_mutex_unlock(&log->mu);
    }
    for (i = 0; i < npend; i++)
        ck_seg_release(pend[i]);
    ck_free(pend);
    ck_seg_release(seg);
}

/** @brief Tickets whose I/O has finished (tests).  Any thread. */
uint64_t ck_log_tickets_done(ck_log *log)
{
    uint64_t n;

    pthread_mutex_lock(&log->mu);
    n = log->tk_io_done;
    pthread_mutex_unlock(&log->mu);
    return n;
}

/* ===================================================================== */
/* Append                                                                 */
/* ===================================================================== */

/* Rolls to a new empty active segment at log->end (log mu held). */
static int roll(ck_log *log)
{
    ck_seg *old = active_seg(log), *seg;

    if (ck_seg_seal(old) != 0) {
        CK_ERR("storage", "%s: writing the index of segment %" PRId64 ": %s", log->dir, old->base, strerror(errno));
        return -1;
    }
    seg = ck_seg_create(log->dir, log->end);
    if (seg == NULL) {
        CK_ERR("storage", "%s: creating segment %" PRId64 ": %s", log->dir, log->end, strerror(errno));
        return -1;
    }
    segs_push(log, seg);
    if (log->npending == log->pendcap) {
        log->pendcap = log->pendcap ? log->pendcap * 2 : 4;
        log->pending = ck_realloc(log->pending, (size_t)log->pendcap * sizeof(*log->pending));
    }
    ck_seg_keep(old);
    log->pending[log->npending++] = old;
    log->dir_dirty = true;
    if (log->fl != NULL)
        ck_flusher_mark_dirty(log->fl, log, log->policy != CK_FLUSH_INTERVAL);
    return 0;
}

/** @brief Appends whole batches, assigning offsets (see storage.h).  Thread-safe. */
int ck_log_append(ck_log *log, uint8_t *data, size_t len, int64_t *base_offset, int64_t *last_offset)
{
    ck_seg *seg;
    size_t pos;
    int64_t next, records = 0, now, seg_limit;
    int rc = 0;
    bool wake = false;

    if (log == NULL || data == NULL || len == 0) {
        rc = CHRONIK_ERR_INVALID_ARG;
        goto out;
    }
    /* framing: whole v2 batches exactly covering data */
    for (pos = 0; pos < len;) {
        ck_batch_hdr h;
        if (ck_batch_hdr_read(data + pos, len - pos, &h) != 0 || h.magic != 2 ||
            h.batch_length < CK_BATCH_HEADER_SIZE - CK_LOG_OVERHEAD || ck_batch_size(&h) > len - pos ||
            h.last_offset_delta < 0) {
            rc = CHRONIK_ERR_CORRUPT_MESSAGE;
            goto out;
        }
        records += (int64_t)h.last_offset_delta + 1;
        pos += ck_batch_size(&h);
    }
    if (len > INT32_MAX) {
        rc = CHRONIK_ERR_MESSAGE_TOO_LARGE;
        goto out;
    }

    pthread_mutex_lock(&log->mu);
    if (log->failed) {
        rc = CHRONIK_ERR_KAFKA_STORAGE_ERROR;
        goto out_unlock;
    }
    seg = active_seg(log);
    now = ck_now_ms();
    seg_limit = log->conf.segment_bytes;
    if (seg->size > 0 &&
        (seg->size + (int64_t)len > seg_limit || now - seg->created_ms > log->conf.segment_ms ||
         log->end + records - seg->base > INT32_MAX)) {
        if (roll(log) != 0) {
            __atomic_store_n(&log->failed, true, __ATOMIC_RELEASE);
            rc = CHRONIK_ERR_KAFKA_STORAGE_ERROR;
            goto out_unlock;
        }
        seg = active_seg(log);
    }
    if (seg->size + (int64_t)len > INT32_MAX) {
        rc = CHRONIK_ERR_MESSAGE_TOO_LARGE;
        goto out_unlock;
    }
    next = log->end;
    for (pos = 0; pos < len;) {
        ck_batch_set_base_offset(data + pos, next);
        next += (int32_t)ck_be32(data + pos + CK_BOFF_LAST_OFFSET_DELTA) + 1;
        pos += (size_t)ck_be32(data + pos + CK_BOFF_LENGTH) + CK_LOG_OVERHEAD;
    }
    if (ck_pwrite_all(seg->fd, data, len, seg->size) != 0) {
        int saved = errno;
        if (ftruncate(seg->fd, (off_t)seg->size) != 0)
            CK_ERR("storage", "%s: cannot cut a partial write: %s", log->dir, strerror(errno));
        CK_ERR("storage", "%s: write failed: %s; the log refuses appends until reopened", log->dir,
               strerror(saved));
        __atomic_store_n(&log->failed, true, __ATOMIC_RELEASE);
        rc = CHRONIK_ERR_KAFKA_STORAGE_ERROR;
        goto out_unlock;
    }
    for (pos = 0; pos < len;) {
        size_t size = (size_t)ck_be32(data + pos + CK_BOFF_LENGTH) + CK_LOG_OVERHEAD;
        track_batch(seg, (int64_t)ck_be64(data + pos), (int64_t)ck_be64(data + pos + CK_BOFF_MAX_TIMESTAMP),
                    seg->size + (int64_t)pos, size, log->conf.index_interval_bytes);
        pos += size;
    }
    if (seg->created_ms == 0)
        seg->created_ms = now;
    seg->size += (int64_t)len;
    seg->next_offset = next;
    if (base_offset != NULL)
        *base_offset = log->end;
    if (last_offset != NULL)
        *last_offset = next - 1;
    st64(&log->end, next);
    if (log->fl != NULL && log->policy == CK_FLUSH_ALWAYS) {
        ck_flusher_mark_dirty(log->fl, log, true);
    } else {
        if (log->fl != NULL && log->policy == CK_FLUSH_INTERVAL)
            ck_flusher_mark_dirty(log->fl, log, false);
        advance_durable(log, next);
        wake = true;
    }
out_unlock:
    pthread_mutex_unlock(&log->mu);
    if (wake)
        notify_durable(log);
out:
    return rc;
}

/* ===================================================================== */
/* Getters                                                                */
/* ===================================================================== */

/** @brief Log start offset.  Lock-free. */
int64_t ck_log_start_offset(const ck_log *log) { return ld64(&log->start); }
/** @brief Next offset to be written.  Lock-free. */
int64_t ck_log_end_offset(const ck_log *log) { return ld64(&log->end); }
/** @brief The high watermark.  Lock-free. */
int64_t ck_log_durable_offset(const ck_log *log) { return ld64(&log->durable); }

/** @brief true once an I/O failure made the log refuse appends.  Lock-free. */
bool ck_log_failed(const ck_log *log) { return __atomic_load_n(&log->failed, __ATOMIC_ACQUIRE); }

/** @brief Bytes of all .log files.  Any thread. */
int64_t ck_log_size_bytes(ck_log *log)
{
    int64_t total = 0;
    int i;

    pthread_mutex_lock(&log->mu);
    for (i = 0; i < log->nseg; i++)
        total += log->segs[i]->size;
    pthread_mutex_unlock(&log->mu);
    return total;
}

/** @brief Number of segments.  Any thread. */
int ck_log_segment_count(ck_log *log)
{
    int n;

    pthread_mutex_lock(&log->mu);
    n = log->nseg;
    pthread_mutex_unlock(&log->mu);
    return n;
}

/** @brief Facts of the recovery done by ck_log_open. */
void ck_log_last_recovery(const ck_log *log, ck_log_recovery *rec)
{
    *rec = log->rec;
}

/** @brief The active segment's .log fd, for fault-injection tests only. */
int ck_log_active_fd(ck_log *log)
{
    int fd;

    pthread_mutex_lock(&log->mu);
    fd = active_seg(log)->fd;
    pthread_mutex_unlock(&log->mu);
    return fd;
}

/* ===================================================================== */
/* Reads                                                                  */
/* ===================================================================== */

/** @brief Takes a reference on a pinned segment.  Any thread. */
void ck_log_seg_keep(void *seg) { ck_seg_keep(seg); }
/** @brief Drops a reference taken by a read or ck_log_seg_keep.  Any thread. */
void ck_log_seg_release(void *seg) { ck_seg_release(seg); }

/** @brief Releases the segment a slice pins.  Any thread. */
void ck_log_slice_release(ck_log_slice *slice)
{
    if (slice == NULL)
        return;
    ck_seg_release(slice->seg);
    slice->seg = NULL;
    slice->fd = -1;
}

/** @brief Whole batches for [offset, max_offset) in one segment (see storage.h). */
int ck_log_read(ck_log *log, int64_t offset, int64_t max_offset, size_t max_bytes, ck_log_slice *slice)
{
    uint8_t buf[READ_BUF];
    ck_scan s;
    ck_batch_hdr h;
    ck_seg *seg;
    int64_t pos, limit, first = -1, next = offset, startpos = -1, seg_next;
    size_t len = 0;
    int rc = 0;

    memset(slice, 0, sizeof(*slice));
    slice->fd = -1;
    slice->first_offset = slice->next_offset = offset;
again:
    pthread_mutex_lock(&log->mu);
    if (max_offset > log->end)
        max_offset = log->end;
    if (offset < log->start || offset > max_offset) {
        rc = CHRONIK_ERR_OFFSET_OUT_OF_RANGE;
        goto out_unlock;
    }
    seg = offset == max_offset ? NULL : find_seg(log, offset);
    if (seg == NULL) {
        rc = offset == max_offset ? 0 : CHRONIK_ERR_OFFSET_OUT_OF_RANGE;
        goto out_unlock;
    }
    pin(seg);
    pos = ck_idx_lookup(seg, offset);
    limit = seg->size;
    seg_next = seg->next_offset;
    pthread_mutex_unlock(&log->mu);

    ck_scan_init(&s, seg->fd, buf, sizeof(buf), limit);
    while (pos < limit) {
        int r = ck_scan_hdr(&s, pos, &h);
        size_t size;
        int64_t last;
        if (r < 0) {
            rc = CHRONIK_ERR_KAFKA_STORAGE_ERROR;
            break;
        }
        if (r == 0)
            break;
        size = ck_batch_size(&h);
        last = ck_batch_last_offset(&h);
        if (startpos < 0) {
            if (last >= offset) {
                if (last >= max_offset)
                    break;
                startpos = pos;
                first = h.base_offset;
                len = size;
                next = last + 1;
            }
        } else {
            if (last >= max_offset || len + size > max_bytes)
                break;
            len += size;
            next = last + 1;
        }
        pos += (int64_t)size;
    }
    if (rc != 0 || startpos < 0) {
        ck_seg_release(seg);
        if (rc == 0 && seg_next > offset && seg_next < max_offset) {
            /* compaction removed the rest of this segment: go on in the next */
            offset = seg_next;
            next = offset;
            goto again;
        }
        goto out;
    }
    slice->fd = seg->fd;
    slice->pos = startpos;
    slice->len = len;
    slice->first_offset = first;
    slice->next_offset = next;
    slice->seg = seg;
    goto out;
out_unlock:
    pthread_mutex_unlock(&log->mu);
out:
    return rc;
}

/** @brief ck_log_read across segments copying into out (see storage.h). */
int ck_log_read_copy(ck_log *log, int64_t offset, int64_t max_offset, size_t max_bytes, ck_wb *out,
                     int64_t *next_offset)
{
    size_t total = 0;
    int rc = 0;

    *next_offset = offset;
    for (;;) {
        ck_log_slice sl;
        uint8_t *p;
        rc = ck_log_read(log, offset, max_offset, total > 0 ? max_bytes - total : max_bytes, &sl);
        if (rc != 0) {
            if (total > 0)
                rc = 0;
            break;
        }
        if (sl.len == 0 || (total > 0 && total + sl.len > max_bytes)) {
            ck_log_slice_release(&sl);
            break;
        }
        p = ck_wb_reserve(out, sl.len);
        if (ck_storage_pread(sl.fd, p, sl.len, sl.pos) != (ssize_t)sl.len) {
            ck_log_slice_release(&sl);
            rc = CHRONIK_ERR_KAFKA_STORAGE_ERROR;
            break;
        }
        out->len += sl.len;
        total += sl.len;
        offset = sl.next_offset;
        *next_offset = offset;
        ck_log_slice_release(&sl);
        if (total >= max_bytes)
            break;
    }
    return rc;
}

/* Copies the whole batch holding offset into a new buffer (*out, *len). */
static int load_batch(ck_log *log, int64_t offset, int64_t max_offset, uint8_t **out, size_t *len)
{
    ck_log_slice sl;
    int rc = ck_log_read(log, offset, max_offset, 1, &sl);

    *out = NULL;
    *len = 0;
    if (rc != 0)
        return rc;
    if (sl.len == 0)
        return CHRONIK_ERR_OFFSET_OUT_OF_RANGE;
    *out = ck_malloc(sl.len);
    if (ck_storage_pread(sl.fd, *out, sl.len, sl.pos) != (ssize_t)sl.len) {
        ck_free(*out);
        *out = NULL;
        rc = CHRONIK_ERR_KAFKA_STORAGE_ERROR;
    } else {
        *len = sl.len;
    }
    ck_log_slice_release(&sl);
    return rc;
}

/* First record of the batch holding batch_off with offset >= from and
 * timestamp >= ts (ts == INT64_MIN matches any; exact: equal only). */
static int find_record(ck_log *log, int64_t batch_off, int64_t max_offset, int64_t from, int64_t ts, bool exact,
                       int64_t *offset, int64_t *found_ts)
{
    uint8_t *b;
    size_t len;
    ck_rec_iter it;
    ck_rec rec;
    int rc = load_batch(log, batch_off, max_offset, &b, &len), r;

    if (rc != 0)
        return rc;
    if (ck_rec_iter_init(&it, b, len, MAX_DECOMPRESSED) != 0) {
        CK_WARN("storage", "%s: batch at %" PRId64 ": %s", log->dir, batch_off, it.err);
        rc = CHRONIK_ERR_CORRUPT_MESSAGE;
        goto out;
    }
    while ((r = ck_rec_iter_next(&it, &rec)) == 1) {
        if (rec.offset >= from && rec.offset < max_offset && (exact ? rec.timestamp == ts : rec.timestamp >= ts)) {
            *offset = rec.offset;
            *found_ts = rec.timestamp;
            break;
        }
    }
    if (r < 0)
        rc = CHRONIK_ERR_CORRUPT_MESSAGE;
out:
    ck_rec_iter_free(&it);
    ck_free(b);
    return rc;
}

/** @brief First offset with timestamp >= ts below max_offset (see storage.h). */
int ck_log_offset_for_time(ck_log *log, int64_t ts, int64_t max_offset, int64_t *offset, int64_t *found_ts)
{
    uint8_t *buf = ck_malloc(WALK_BUF);
    int64_t from, pos, limit, seg_next;
    int rc = 0, i;

    *offset = -1;
    *found_ts = -1;
    from = ck_log_start_offset(log);
    for (;;) {
        ck_seg *seg = NULL;
        ck_scan s;
        ck_batch_hdr h;
        bool stop = false;
        pthread_mutex_lock(&log->mu);
        if (max_offset > log->end)
            max_offset = log->end;
        for (i = 0; i < log->nseg; i++) {
            ck_seg *cand = log->segs[i];
            if (cand->base >= max_offset)
                break;
            if (cand->next_offset > from && cand->max_ts >= ts) {
                seg = cand;
                break;
            }
        }
        if (seg == NULL) {
            pthread_mutex_unlock(&log->mu);
            break;
        }
        pin(seg);
        from = CK_MAX(from, CK_MAX(seg->base, ck_idx_lookup_time(seg, ts)));
        pos = ck_idx_lookup(seg, from);
        limit = seg->size;
        seg_next = seg->next_offset;
        pthread_mutex_unlock(&log->mu);

        ck_scan_init(&s, seg->fd, buf, WALK_BUF, limit);
        while (pos < limit) {
            int r = ck_scan_hdr(&s, pos, &h);
            if (r <= 0) {
                rc = r < 0 ? CHRONIK_ERR_KAFKA_STORAGE_ERROR : 0;
                stop = r < 0;
                break;
            }
            if (h.base_offset >= max_offset) {
                stop = true;
                break;
            }
            if (ck_batch_last_offset(&h) >= from && h.max_timestamp >= ts) {
                rc = find_record(log, h.base_offset, max_offset, from, ts, false, offset, found_ts);
                if (rc != 0 || *offset >= 0) {
                    stop = true;
                    break;
                }
            }
            pos += (int64_t)ck_batch_size(&h);
        }
        ck_seg_release(seg);
        if (stop || seg_next <= from)
            break;
        from = seg_next;
    }
    ck_free(buf);
    return rc;
}

/** @brief Offset and timestamp of the largest timestamp below max_offset. */
int ck_log_max_timestamp(ck_log *log, int64_t max_offset, int64_t *offset, int64_t *ts)
{
    uint8_t *buf = NULL;
    ck_seg *straddle = NULL;
    int64_t best_ts = -1, best_batch = -1, pos = 0, limit = 0, t, off, dummy;
    int rc = 0, i;

    *offset = -1;
    *ts = -1;
    pthread_mutex_lock(&log->mu);
    if (max_offset > log->end)
        max_offset = log->end;
    for (i = 0; i < log->nseg; i++) {
        ck_seg *seg = log->segs[i];
        if (seg->base >= max_offset)
            break;
        if (seg->next_offset <= max_offset) {
            if (seg->max_ts > best_ts) {
                best_ts = seg->max_ts;
                best_batch = seg->max_ts_batch;
            }
            continue;
        }
        straddle = seg;
        pin(seg);
        off = ck_idx_last_time_below(seg, max_offset, &t);
        if (off >= 0 && t > best_ts) {
            best_ts = t;
            best_batch = off;
        }
        pos = ck_idx_lookup(seg, off >= 0 ? off : seg->base);
        limit = seg->size;
        break;
    }
    pthread_mutex_unlock(&log->mu);

    if (straddle != NULL) {
        ck_scan s;
        ck_batch_hdr h;
        buf = ck_malloc(WALK_BUF);
        ck_scan_init(&s, straddle->fd, buf, WALK_BUF, limit);
        while (pos < limit) {
            int r = ck_scan_hdr(&s, pos, &h);
            if (r <= 0) {
                rc = r < 0 ? CHRONIK_ERR_KAFKA_STORAGE_ERROR : 0;
                break;
            }
            if (ck_batch_last_offset(&h) >= max_offset)
                break;
            if (h.max_timestamp > best_ts) {
                best_ts = h.max_timestamp;
                best_batch = h.base_offset;
            }
            pos += (int64_t)ck_batch_size(&h);
        }
        ck_seg_release(straddle);
    }
    if (rc == 0 && best_ts >= 0 && best_batch >= ck_log_start_offset(log)) {
        rc = find_record(log, best_batch, max_offset, best_batch, best_ts, true, offset, &dummy);
        if (rc == 0 && *offset >= 0)
            *ts = best_ts;
    }
    ck_free(buf);
    return rc;
}

/** @brief Calls cb for every batch header with last offset >= from (see storage.h). */
int ck_log_scan(ck_log *log, int64_t from, int (*cb)(void *opaque, const ck_batch_hdr *hdr), void *opaque)
{
    uint8_t *buf = ck_malloc(WALK_BUF);
    int rc = 0;

    for (;;) {
        ck_seg *seg;
        ck_scan s;
        ck_batch_hdr h;
        int64_t pos, limit, seg_next;
        pthread_mutex_lock(&log->mu);
        if (from < log->start)
            from = log->start;
        if (from >= log->end || (seg = find_seg(log, from)) == NULL) {
            pthread_mutex_unlock(&log->mu);
            break;
        }
        pin(seg);
        pos = ck_idx_lookup(seg, from);
        limit = seg->size;
        seg_next = seg->next_offset;
        pthread_mutex_unlock(&log->mu);

        ck_scan_init(&s, seg->fd, buf, WALK_BUF, limit);
        while (rc == 0 && pos < limit) {
            int r = ck_scan_hdr(&s, pos, &h);
            if (r <= 0) {
                if (r < 0)
                    rc = CHRONIK_ERR_KAFKA_STORAGE_ERROR;
                break;
            }
            if (ck_batch_last_offset(&h) >= from)
                rc = cb(opaque, &h);
            pos += (int64_t)ck_batch_size(&h);
        }
        ck_seg_release(seg);
        if (rc != 0 || seg_next <= from)
            break;
        from = seg_next;
    }
    ck_free(buf);
    return rc;
}

/* ===================================================================== */
/* Start offset and retention                                             */
/* ===================================================================== */

/* Persists new_start when it moves the start forward, then drops the
 * leading segments wholly below the start (never the active one).  Log mu
 * held. */
static int move_start(ck_log *log, int64_t new_start)
{
    int n = 0;

    if (new_start > log->start) {
        if (write_start(log, new_start) != 0) {
            CK_ERR("storage", "%s: writing the log start offset: %s", log->dir, strerror(errno));
            return CHRONIK_ERR_KAFKA_STORAGE_ERROR;
        }
        st64(&log->start, new_start);
    }
    while (n < log->nseg - 1 && log->segs[n]->next_offset <= log->start)
        n++;
    if (n > 0) {
        segs_drop_head(log, n);
        if (ck_fsync_dir(log->dir) != 0)
            CK_WARN("storage", "%s: directory fsync: %s", log->dir, strerror(errno));
    }
    return 0;
}

/** @brief Advances the log start offset (see storage.h).  Thread-safe. */
int ck_log_delete_before(ck_log *log, int64_t new_start)
{
    ck_seg *seg;
    int rc = 0;

    pthread_mutex_lock(&log->mu);
    if (log->failed) {
        rc = CHRONIK_ERR_KAFKA_STORAGE_ERROR;
        goto out;
    }
    if (new_start > ld64(&log->durable) || new_start < 0) {
        rc = CHRONIK_ERR_OFFSET_OUT_OF_RANGE;
        goto out;
    }
    if (new_start <= log->start)
        goto out;
    seg = active_seg(log);
    if (seg->size > 0 && seg->next_offset <= new_start && roll(log) != 0) {
        __atomic_store_n(&log->failed, true, __ATOMIC_RELEASE);
        rc = CHRONIK_ERR_KAFKA_STORAGE_ERROR;
        goto out;
    }
    rc = move_start(log, new_start);
out:
    pthread_mutex_unlock(&log->mu);
    return rc;
}

/** @brief Deletes old segments by retention.ms / retention.bytes (see storage.h). */
int ck_log_retention(ck_log *log, int64_t now_ms, int *deleted_segments)
{
    int64_t total = 0, durable;
    int i, n = 0, rc = 0;

    pthread_mutex_lock(&log->mu);
    durable = ld64(&log->durable);
    for (i = 0; i < log->nseg; i++)
        total += log->segs[i]->size;
    for (i = 0; i < log->nseg - 1; i++) {
        ck_seg *seg = log->segs[i];
        bool del = false;
        if (seg->next_offset > durable)
            break;
        if (log->conf.retention_ms >= 0) {
            int64_t t = seg->max_ts;
            if (t < 0) {
                struct stat st;
                t = fstat(seg->fd, &st) == 0 ? (int64_t)st.st_mtime * 1000 : now_ms;
            }
            del = t < now_ms - log->conf.retention_ms;
        }
        if (!del && log->conf.retention_bytes >= 0)
            del = total - seg->size >= log->conf.retention_bytes;
        if (!del)
            break;
        total -= seg->size;
        n++;
    }
    if (n > 0)
        rc = move_start(log, log->segs[n]->base);
    pthread_mutex_unlock(&log->mu);
    if (deleted_segments != NULL)
        *deleted_segments = rc == 0 ? n : 0;
    return rc;
}
