/*
 * txnindex.c — the per-segment transaction index (`<base>.txnindex`): one
 * entry per aborted transaction whose ABORT marker lies in that segment, in
 * Kafka's layout (34 bytes, big-endian: version int16 = 0, producerId int64,
 * firstOffset int64, lastOffset int64 (the marker's offset),
 * lastStableOffset int64).  The engine appends an entry when it writes an
 * ABORT marker and loads every segment's entries when a partition opens; it
 * rebuilds missing ones from the log on recovery.  Entries past the log end
 * (a truncated tail) are dropped on load and the file is rewritten.
 *
 * Files are small and touched rarely (once per aborted transaction per
 * partition), so each call opens, reads or appends, syncs and closes.
 * Thread-safe: the log mutex is held only while the segment list is read.
 */
#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <stdio.h>
#include <sys/stat.h>
#include <unistd.h>

#include "chronik.h"
#include "storage/storage_int.h"

#define TXN_EXT ".txnindex"

static void entry_encode(uint8_t *b, const ck_txn_entry *e)
{
    ck_put_be16(b, 0);
    ck_put_be64(b + 2, (uint64_t)e->producer_id);
    ck_put_be64(b + 10, (uint64_t)e->first_offset);
    ck_put_be64(b + 18, (uint64_t)e->last_offset);
    ck_put_be64(b + 26, (uint64_t)e->last_stable);
}

static bool entry_decode(const uint8_t *b, ck_txn_entry *e)
{
    if (ck_be16(b) != 0)
        return false;
    e->producer_id = (int64_t)ck_be64(b + 2);
    e->first_offset = (int64_t)ck_be64(b + 10);
    e->last_offset = (int64_t)ck_be64(b + 18);
    e->last_stable = (int64_t)ck_be64(b + 26);
    return e->first_offset <= e->last_offset && e->first_offset >= 0;
}

/* The path of the .txnindex of the segment holding offset (log mu held). */
static bool seg_txn_path(const ck_log *log, int64_t offset, char *path, size_t n)
{
    int i;

    for (i = log->nseg - 1; i >= 0; i--) {
        if (log->segs[i]->base <= offset) {
            ck_seg_path(log->segs[i], TXN_EXT, path, n);
            return true;
        }
    }
    return false;
}

/** @brief Appends e to the .txnindex of the segment holding e->last_offset
 *  and fdatasyncs it.  0, INVALID_ARG (offset outside the log) or
 *  KAFKA_STORAGE_ERROR.  Any thread. */
int ck_log_txn_append(ck_log *log, const ck_txn_entry *e)
{
    char path[4096];
    uint8_t b[CK_TXN_ENTRY_SIZE];
    int fd, rc = 0;
    bool found;

    pthread_mutex_lock(&log->mu);
    found = e->last_offset >= log->start && seg_txn_path(log, e->last_offset, path, sizeof(path));
    pthread_mutex_unlock(&log->mu);
    if (!found)
        return CHRONIK_ERR_INVALID_ARG;
    entry_encode(b, e);
    fd = open(path, O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0644);
    if (fd < 0 || ck_write_all(fd, b, sizeof(b)) != 0 || fdatasync(fd) != 0) {
        CK_ERR("storage", "%s: cannot append to the transaction index: %s", path, strerror(errno));
        rc = CHRONIK_ERR_KAFKA_STORAGE_ERROR;
    }
    if (fd >= 0)
        close(fd);
    return rc;
}

/* Reads one segment's entries in [base, next) into *arr; rewrites the file
 * when some were dropped. */
static void load_one(const char *path, int64_t base, int64_t next, ck_txn_entry **arr, size_t *n, size_t *cap)
{
    int fd = open(path, O_RDONLY | O_CLOEXEC);
    struct stat st;
    uint8_t *buf = NULL;
    size_t len, i, kept = 0;

    if (fd < 0)
        return;
    if (fstat(fd, &st) != 0 || st.st_size <= 0 || st.st_size > (64 << 20))
        goto out;
    len = (size_t)st.st_size;
    buf = ck_malloc(len);
    if (ck_pread_all(fd, buf, len, 0) != 0)
        goto out;
    for (i = 0; i + CK_TXN_ENTRY_SIZE <= len; i += CK_TXN_ENTRY_SIZE) {
        ck_txn_entry e;
        if (!entry_decode(buf + i, &e) || e.last_offset < base || e.last_offset >= next)
            continue;
        if (*n == *cap) {
            *cap = *cap ? *cap * 2 : 16;
            *arr = ck_realloc(*arr, *cap * sizeof(**arr));
        }
        (*arr)[(*n)++] = e;
        memmove(buf + kept * CK_TXN_ENTRY_SIZE, buf + i, CK_TXN_ENTRY_SIZE);
        kept++;
    }
    if (kept * CK_TXN_ENTRY_SIZE != len) {
        int wfd = open(path, O_WRONLY | O_TRUNC | O_CLOEXEC);
        if (wfd < 0 || ck_write_all(wfd, buf, kept * CK_TXN_ENTRY_SIZE) != 0 || fdatasync(wfd) != 0)
            CK_WARN("storage", "%s: cannot rewrite the transaction index: %s", path, strerror(errno));
        else
            CK_INFO("storage", "%s: dropped %zu stale transaction index entries", path,
                    (len - kept * CK_TXN_ENTRY_SIZE) / CK_TXN_ENTRY_SIZE);
        if (wfd >= 0)
            close(wfd);
    }
out:
    ck_free(buf);
    close(fd);
}

/** @brief Every aborted-transaction entry of the log's segments, ordered by
 *  last offset, in *out (ck_free; NULL when none) of *n.  Entries outside
 *  their segment's offsets are dropped (and their file rewritten).  Any
 *  thread; meant for open. */
int ck_log_txn_load(ck_log *log, ck_txn_entry **out, size_t *n)
{
    char **paths;
    int64_t *bounds;
    int i, nseg;
    size_t cap = 0;

    *out = NULL;
    *n = 0;
    pthread_mutex_lock(&log->mu);
    nseg = log->nseg;
    paths = ck_calloc((size_t)nseg + 1, sizeof(*paths));
    bounds = ck_calloc((size_t)nseg * 2 + 1, sizeof(*bounds));
    for (i = 0; i < nseg; i++) {
        char path[4096];
        ck_seg_path(log->segs[i], TXN_EXT, path, sizeof(path));
        paths[i] = ck_strdup(path);
        bounds[2 * i] = log->segs[i]->base;
        bounds[2 * i + 1] = log->segs[i]->next_offset;
    }
    pthread_mutex_unlock(&log->mu);
    for (i = 0; i < nseg; i++) {
        load_one(paths[i], bounds[2 * i], bounds[2 * i + 1], out, n, &cap);
        ck_free(paths[i]);
    }
    ck_free(paths);
    ck_free(bounds);
    return 0;
}
