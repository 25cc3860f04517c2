/*
 * segment.c — one segment of a partition log: its `.log` file of record
 * batches, its sparse offset index (`.index`: relative offset int32 +
 * position int32, big-endian) and time index (`.timeindex`: timestamp int64 +
 * relative offset int32), both in Kafka's layout.  The active segment keeps
 * its indexes in heap arrays and writes their tails to the files at roll,
 * close and checkpoint; a sealed segment maps its index files read-only.
 * Also here: the chunked batch scanner used by recovery, reads and scans
 * (bounded memory, pread in chunks, never past a limit).
 *
 * Segments are refcounted: the log holds one reference while the segment is
 * in its list, readers hold one per slice; the fds close on the last release.
 * Under flush.policy=always the active segment may also hold an extra
 * read-only descriptor of its .log for the flusher's concurrent fdatasyncs
 * (opened on first use, closed once the segment is rolled and synced).
 */
#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <stdio.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include "storage/storage_int.h"

/* ===================================================================== */
/* Scanner                                                                */
/* ===================================================================== */

/** @brief Reads up to len bytes at off, retrying EINTR and short reads;
 *  returns the bytes read (fewer only at EOF) or -1 with errno.  Any thread. */
ssize_t ck_storage_pread(int fd, void *buf, size_t len, int64_t off)
{
    size_t got = 0;

    while (got < len) {
        ssize_t r = pread(fd, (uint8_t *)buf + got, len - got, (off_t)(off + (int64_t)got));
        if (r < 0) {
            if (errno == EINTR)
                continue;
            return -1;
        }
        if (r == 0)
            break;
        got += (size_t)r;
    }
    return (ssize_t)got;
}

/** @brief Starts a scanner over fd[0..limit) using the caller's buffer. */
void ck_scan_init(ck_scan *s, int fd, uint8_t *buf, size_t cap, int64_t limit)
{
    s->fd = fd;
    s->buf = buf;
    s->cap = cap;
    s->off = 0;
    s->len = 0;
    s->limit = limit;
    s->ioerr = 0;
}

/** @brief A view of [pos, pos+n) through the buffer, refilling it from pos;
 *  NULL when the range passes the limit, exceeds the buffer or a read fails
 *  (s->ioerr set). */
const uint8_t *ck_scan_at(ck_scan *s, int64_t pos, size_t n)
{
    size_t want;
    ssize_t r;

    if (pos < 0 || n > s->cap || pos + (int64_t)n > s->limit || s->ioerr)
        return NULL;
    if (pos >= s->off && pos + (int64_t)n <= s->off + (int64_t)s->len)
        return s->buf + (pos - s->off);
    want = (size_t)CK_MIN((int64_t)s->cap, s->limit - pos);
    r = ck_storage_pread(s->fd, s->buf, want, pos);
    if (r < 0) {
        s->ioerr = errno ? errno : EIO;
        s->len = 0;
        return NULL;
    }
    s->off = pos;
    s->len = (size_t)r;
    if ((size_t)r < n)
        return NULL;
    return s->buf;
}

/** @brief Decodes the header of the batch at pos; 1 when a whole, plausible
 *  v2 batch lies before the limit, 0 when not, -1 on I/O error. */
int ck_scan_hdr(ck_scan *s, int64_t pos, ck_batch_hdr *h)
{
    const uint8_t *p = ck_scan_at(s, pos, CK_BATCH_HEADER_SIZE);

    if (p == NULL)
        return s->ioerr ? -1 : 0;
    if (ck_batch_hdr_read(p, CK_BATCH_HEADER_SIZE, h) != 0)
        return 0;
    if (h->magic != 2 || h->batch_length < CK_BATCH_HEADER_SIZE - CK_LOG_OVERHEAD)
        return 0;
    if (pos + (int64_t)ck_batch_size(h) > s->limit)
        return 0;
    return 1;
}

/** @brief CRC and count check of the batch at pos (header h already read):
 *  0 good, 1 corrupt, -1 I/O error.  Batches larger than the buffer are
 *  checked in chunks. */
int ck_scan_verify(ck_scan *s, int64_t pos, const ck_batch_hdr *h)
{
    size_t size = ck_batch_size(h);
    ck_batch_hdr vh;
    ck_batch_status st;
    uint32_t crc = 0;
    int64_t at, end;

    if (size <= s->cap) {
        const uint8_t *p = ck_scan_at(s, pos, size);
        if (p == NULL)
            return s->ioerr ? -1 : 1;
        st = ck_batch_validate(p, size, false, &vh);
        /* a compacted batch keeps its last offset delta over fewer records
         * (BAD_COUNT comes after the CRC check) */
        if (st == CK_BATCH_BAD_COUNT && vh.records_count >= 0 && vh.records_count <= vh.last_offset_delta + 1)
            st = CK_BATCH_OK;
        return st == CK_BATCH_OK ? 0 : 1;
    }
    if (h->records_count < 0 || h->records_count > h->last_offset_delta + 1)
        return 1;
    at = pos + CK_BOFF_ATTRIBUTES;
    end = pos + (int64_t)size;
    while (at < end) {
        size_t n = (size_t)CK_MIN((int64_t)s->cap, end - at);
        const uint8_t *p = ck_scan_at(s, at, n);
        if (p == NULL)
            return s->ioerr ? -1 : 1;
        crc = ck_crc32c(crc, p, n);
        at += (int64_t)n;
    }
    return crc == h->crc ? 0 : 1;
}

/* ===================================================================== */
/* Segment lifecycle                                                      */
/* ===================================================================== */

/** @brief Builds "<prefix><ext>" into out. */
void ck_seg_path(const ck_seg *seg, const char *ext, char *out, size_t outlen)
{
    snprintf(out, outlen, "%s%s", seg->prefix, ext);
}

/** @brief A segment object without files (fds -1, one reference). */
ck_seg *ck_seg_new(const char *dir, int64_t base)
{
    ck_seg *seg = ck_calloc(1, sizeof(*seg));
    size_t n = strlen(dir) + CK_SEG_NAME_LEN + 2, i;

    seg->prefix = ck_malloc(n);
    snprintf(seg->prefix, n, "%s/%020" PRId64, dir, base);
    seg->base = base;
    seg->next_offset = base;
    seg->fd = -1;
    for (i = 0; i < CK_ARRAY_LEN(seg->sync_fds); i++)
        seg->sync_fds[i] = -1;
    seg->oidx.fd = -1;
    seg->tidx.fd = -1;
    seg->max_ts = -1;
    seg->max_ts_batch = base;
    seg->refs = 1;
    seg->idx_ready = true;
    return seg;
}

static int open_file(const ck_seg *seg, const char *ext, int flags)
{
    char path[4096];
    int fd;

    ck_seg_path(seg, ext, path, sizeof(path));
    do {
        fd = open(path, flags | O_CLOEXEC, 0644);
    } while (fd < 0 && errno == EINTR);
    return fd;
}

/** @brief Creates an empty segment at base with its index files; NULL and
 *  errno on failure.  Caller holds the log mutex or owns the log. */
ck_seg *ck_seg_create(const char *dir, int64_t base)
{
    ck_seg *seg = ck_seg_new(dir, base);
    int saved;

    seg->fd = open_file(seg, ".log", O_RDWR | O_CREAT | O_TRUNC);
    if (seg->fd < 0)
        goto fail;
    seg->oidx.fd = open_file(seg, ".index", O_RDWR | O_CREAT | O_TRUNC);
    if (seg->oidx.fd < 0)
        goto fail;
    seg->tidx.fd = open_file(seg, ".timeindex", O_RDWR | O_CREAT | O_TRUNC);
    if (seg->tidx.fd < 0)
        goto fail;
    {
        /* a stale transaction index of an earlier segment at this base */
        char path[4096];
        ck_seg_path(seg, ".txnindex", path, sizeof(path));
        if (unlink(path) != 0 && errno != ENOENT)
            goto fail;
    }
    return seg;
fail:
    saved = errno;
    ck_seg_release(seg);
    errno = saved;
    return NULL;
}

/** @brief Opens an existing segment's .log read-write; NULL and errno. */
ck_seg *ck_seg_open(const char *dir, int64_t base)
{
    ck_seg *seg = ck_seg_new(dir, base);
    int saved;

    seg->fd = open_file(seg, ".log", O_RDWR);
    if (seg->fd < 0) {
        saved = errno;
        ck_seg_release(seg);
        errno = saved;
        return NULL;
    }
    return seg;
}

/** @brief Takes a reference.  Any thread. */
void ck_seg_keep(ck_seg *seg)
{
    __atomic_add_fetch(&seg->refs, 1, __ATOMIC_RELAXED);
}

static void idx_drop(ck_idx *ix)
{
    if (ix->map_len > 0)
        munmap(ix->p, ix->map_len);
    else
        ck_free(ix->p);
    ix->p = NULL;
    ix->n = ix->cap = ix->map_len = 0;
}

/** @brief Closes the index fds.  Caller is the only user of them. */
void ck_idx_close_fds(ck_seg *seg)
{
    if (seg->oidx.fd >= 0)
        close(seg->oidx.fd);
    if (seg->tidx.fd >= 0)
        close(seg->tidx.fd);
    seg->oidx.fd = seg->tidx.fd = -1;
}

/** @brief The descriptor of flush slot `slot` (see storage_int.h): slot 0
 *  is the segment's own, another slot's is opened on first use; -1 when it
 *  cannot be (tried once per segment).  Log mu held. */
int ck_seg_sync_fd(ck_seg *seg, int slot)
{
    int *fdp;

    if (slot == 0)
        return seg->fd;
    fdp = &seg->sync_fds[slot - 1];
    if (*fdp < 0 && !seg->sync_fds_failed) {
        /* a descriptor of its own: the kernel reports a writeback error to
         * every open file, once each */
        *fdp = open_file(seg, ".log", O_RDONLY);
        if (*fdp < 0) {
            seg->sync_fds_failed = true;
            CK_WARN("storage", "%s.log: opening a descriptor for concurrent fdatasync: %s (syncs run one at a time)",
                    seg->prefix, strerror(errno));
        }
    }
    return *fdp;
}

/** @brief Closes the extra descriptors.  Caller is the only user of them. */
void ck_seg_close_sync_fds(ck_seg *seg)
{
    size_t i;

    for (i = 0; i < CK_ARRAY_LEN(seg->sync_fds); i++) {
        if (seg->sync_fds[i] >= 0)
            close(seg->sync_fds[i]);
        seg->sync_fds[i] = -1;
    }
}

/** @brief Drops a reference; the last one closes the files and frees.  Any thread. */
void ck_seg_release(ck_seg *seg)
{
    if (seg == NULL || __atomic_sub_fetch(&seg->refs, 1, __ATOMIC_ACQ_REL) != 0)
        return;
    if (seg->fd >= 0)
        close(seg->fd);
    ck_seg_close_sync_fds(seg);
    ck_idx_close_fds(seg);
    idx_drop(&seg->oidx);
    idx_drop(&seg->tidx);
    ck_free(seg->prefix);
    ck_free(seg);
}

/** @brief Unlinks .log, .index, .timeindex and .txnindex (missing files are fine). */
void ck_seg_unlink(ck_seg *seg)
{
    static const char *const exts[] = { ".log", ".index", ".timeindex", ".txnindex" };
    char path[4096];
    size_t i;

    for (i = 0; i < CK_ARRAY_LEN(exts); i++) {
        ck_seg_path(seg, exts[i], path, sizeof(path));
        if (unlink(path) != 0 && errno != ENOENT)
            CK_WARN("storage", "unlink %s: %s", path, strerror(errno));
    }
}

/* ===================================================================== */
/* Indexes                                                                */
/* ===================================================================== */

static uint8_t *idx_push(ck_idx *ix, size_t esz)
{
    if (ix->n == ix->cap) {
        ix->cap = ix->cap ? ix->cap * 2 : 64;
        ix->p = ck_realloc(ix->p, ix->cap * esz);
    }
    return ix->p + ix->n++ * esz;
}

/** @brief Adds an offset index entry (heap arrays; log mu held). */
void ck_idx_add_offset(ck_seg *seg, int64_t offset, int64_t pos)
{
    uint8_t *e = idx_push(&seg->oidx, CK_OIDX_ENTRY);

    ck_put_be32(e, (uint32_t)(offset - seg->base));
    ck_put_be32(e + 4, (uint32_t)pos);
}

/** @brief Adds a time index entry (heap arrays; log mu held). */
void ck_idx_add_time(ck_seg *seg, int64_t ts, int64_t offset)
{
    uint8_t *e = idx_push(&seg->tidx, CK_TIDX_ENTRY);

    ck_put_be64(e, (uint64_t)ts);
    ck_put_be32(e + 8, (uint32_t)(offset - seg->base));
}

/** @brief Timestamp of the last time index entry, or -1. */
int64_t ck_idx_last_ts(const ck_seg *seg)
{
    if (seg->tidx.n == 0)
        return -1;
    return (int64_t)ck_be64(seg->tidx.p + (seg->tidx.n - 1) * CK_TIDX_ENTRY);
}

/* Reads a whole index file into a heap buffer; *len bytes.  NULL if absent. */
static uint8_t *read_file(int fd, size_t *len)
{
    struct stat st;
    uint8_t *p;
    ssize_t r;

    *len = 0;
    if (fstat(fd, &st) != 0 || st.st_size <= 0)
        return NULL;
    p = ck_malloc((size_t)st.st_size);
    r = ck_storage_pread(fd, p, (size_t)st.st_size, 0);
    if (r <= 0) {
        ck_free(p);
        return NULL;
    }
    *len = (size_t)r;
    return p;
}

/** @brief Loads the valid prefix of both index files (see storage_int.h). */
int ck_idx_load(ck_seg *seg, int64_t max_pos, int64_t max_rel)
{
    uint8_t *raw;
    size_t len, i;
    int64_t prev_rel = -1, prev_pos = -1, prev_ts = INT64_MIN;

    idx_drop(&seg->oidx);
    idx_drop(&seg->tidx);
    ck_idx_close_fds(seg);
    seg->oidx.fd = open_file(seg, ".index", O_RDWR | O_CREAT);
    seg->tidx.fd = open_file(seg, ".timeindex", O_RDWR | O_CREAT);
    if (seg->oidx.fd < 0 || seg->tidx.fd < 0)
        return -1;

    raw = read_file(seg->oidx.fd, &len);
    for (i = 0; i + CK_OIDX_ENTRY <= len; i += CK_OIDX_ENTRY) {
        int64_t rel = (int32_t)ck_be32(raw + i), pos = (int32_t)ck_be32(raw + i + 4);
        if (rel <= prev_rel || pos <= prev_pos || rel < 0 || pos >= max_pos || rel >= max_rel)
            break;
        memcpy(idx_push(&seg->oidx, CK_OIDX_ENTRY), raw + i, CK_OIDX_ENTRY);
        prev_rel = rel;
        prev_pos = pos;
    }
    ck_free(raw);
    raw = read_file(seg->tidx.fd, &len);
    prev_rel = -1;
    for (i = 0; i + CK_TIDX_ENTRY <= len; i += CK_TIDX_ENTRY) {
        int64_t ts = (int64_t)ck_be64(raw + i), rel = (int32_t)ck_be32(raw + i + 8);
        if (ts <= prev_ts || rel < prev_rel || rel < 0 || rel >= max_rel)
            break;
        memcpy(idx_push(&seg->tidx, CK_TIDX_ENTRY), raw + i, CK_TIDX_ENTRY);
        prev_ts = ts;
        prev_rel = rel;
    }
    ck_free(raw);
    seg->oidx.written = seg->oidx.n;
    seg->tidx.written = seg->tidx.n;
    seg->idx_ready = true;
    if (ftruncate(seg->oidx.fd, (off_t)(seg->oidx.n * CK_OIDX_ENTRY)) != 0 ||
        ftruncate(seg->tidx.fd, (off_t)(seg->tidx.n * CK_TIDX_ENTRY)) != 0)
        return -1;
    return 0;
}

static int idx_write_one(ck_seg *seg, ck_idx *ix, size_t esz, const char *ext)
{
    if (ix->written >= ix->n)
        return 0;
    if (ix->fd < 0) {
        ix->fd = open_file(seg, ext, O_RDWR | O_CREAT);
        if (ix->fd < 0)
            return -1;
    }
    if (ck_pwrite_all(ix->fd, ix->p + ix->written * esz, (ix->n - ix->written) * esz,
                      (int64_t)(ix->written * esz)) != 0)
        return -1;
    ix->written = ix->n;
    return 0;
}

/** @brief Writes index entries not yet in the files.  Log mu held. */
int ck_idx_write_tail(ck_seg *seg)
{
    if (idx_write_one(seg, &seg->oidx, CK_OIDX_ENTRY, ".index") != 0 ||
        idx_write_one(seg, &seg->tidx, CK_TIDX_ENTRY, ".timeindex") != 0)
        return -1;
    return 0;
}

/** @brief fsyncs the open index fds; 0 or -1. */
int ck_idx_sync(ck_seg *seg)
{
    if (seg->oidx.fd >= 0 && fsync(seg->oidx.fd) != 0)
        return -1;
    if (seg->tidx.fd >= 0 && fsync(seg->tidx.fd) != 0)
        return -1;
    return 0;
}

/** @brief Seals the segment (see storage_int.h).  Log mu held. */
int ck_seg_seal(ck_seg *seg)
{
    if (seg->max_ts >= 0 && seg->max_ts > ck_idx_last_ts(seg))
        ck_idx_add_time(seg, seg->max_ts, seg->max_ts_batch);
    if (ck_idx_write_tail(seg) != 0)
        return -1;
    idx_drop(&seg->oidx);
    idx_drop(&seg->tidx);
    seg->sealed = true;
    seg->idx_ready = false;
    return 0;
}

static void map_one(ck_seg *seg, ck_idx *ix, size_t esz, const char *ext)
{
    struct stat st;
    int fd = open_file(seg, ext, O_RDONLY);
    void *p;

    if (fd < 0)
        return;
    if (fstat(fd, &st) == 0 && st.st_size >= (off_t)esz) {
        size_t len = (size_t)st.st_size - (size_t)st.st_size % esz;
        p = mmap(NULL, len, PROT_READ, MAP_SHARED, fd, 0);
        if (p != MAP_FAILED) {
            ix->p = p;
            ix->map_len = len;
            ix->n = len / esz;
        }
    }
    close(fd);
}

/** @brief Maps a sealed segment's index files (log mu held).  A missing or
 *  unmappable file leaves an empty index: lookups then scan from the start. */
void ck_seg_map(ck_seg *seg)
{
    if (seg->idx_ready)
        return;
    map_one(seg, &seg->oidx, CK_OIDX_ENTRY, ".index");
    map_one(seg, &seg->tidx, CK_TIDX_ENTRY, ".timeindex");
    seg->idx_ready = true;
}

static int64_t file_size(const ck_seg *seg, const char *ext)
{
    char path[4096];
    struct stat st;

    ck_seg_path(seg, ext, path, sizeof(path));
    if (stat(path, &st) != 0)
        return -1;
    return (int64_t)st.st_size;
}

/** @brief Sanity check of a sealed segment's index files (see storage_int.h). */
bool ck_seg_check_sealed(ck_seg *seg, int64_t fsize)
{
    int64_t osz = file_size(seg, ".index"), tsz = file_size(seg, ".timeindex");
    int64_t span = seg->next_offset - seg->base;
    uint8_t e[CK_TIDX_ENTRY];
    bool ok = false;
    int fd = -1;

    if (osz < 0 || tsz < 0 || osz % CK_OIDX_ENTRY != 0 || tsz % CK_TIDX_ENTRY != 0)
        goto out;
    if (osz > 0) {
        fd = open_file(seg, ".index", O_RDONLY);
        if (fd < 0 || ck_storage_pread(fd, e, CK_OIDX_ENTRY, osz - CK_OIDX_ENTRY) != CK_OIDX_ENTRY)
            goto out;
        if ((int32_t)ck_be32(e) < 0 || (int32_t)ck_be32(e) >= span || (int32_t)ck_be32(e + 4) < 0 ||
            (int32_t)ck_be32(e + 4) >= fsize)
            goto out;
        close(fd);
        fd = -1;
    }
    seg->max_ts = -1;
    seg->max_ts_batch = seg->base;
    if (tsz > 0) {
        fd = open_file(seg, ".timeindex", O_RDONLY);
        if (fd < 0 || ck_storage_pread(fd, e, CK_TIDX_ENTRY, tsz - CK_TIDX_ENTRY) != CK_TIDX_ENTRY)
            goto out;
        if ((int32_t)ck_be32(e + 8) < 0 || (int32_t)ck_be32(e + 8) >= span)
            goto out;
        seg->max_ts = (int64_t)ck_be64(e);
        seg->max_ts_batch = seg->base + (int32_t)ck_be32(e + 8);
    }
    ok = true;
out:
    if (fd >= 0)
        close(fd);
    return ok;
}

/** @brief Position of the last offset index entry at or before offset (0 if none). */
int64_t ck_idx_lookup(const ck_seg *seg, int64_t offset)
{
    const ck_idx *ix = &seg->oidx;
    int64_t rel = offset - seg->base;
    size_t lo = 0, hi = ix->n;

    /* first entry with rel > target */
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        if ((int32_t)ck_be32(ix->p + mid * CK_OIDX_ENTRY) <= rel)
            lo = mid + 1;
        else
            hi = mid;
    }
    if (lo == 0)
        return 0;
    return (int32_t)ck_be32(ix->p + (lo - 1) * CK_OIDX_ENTRY + 4);
}

/** @brief Offset to start a search for the first timestamp >= ts. */
int64_t ck_idx_lookup_time(const ck_seg *seg, int64_t ts)
{
    const ck_idx *ix = &seg->tidx;
    size_t lo = 0, hi = ix->n;

    /* first entry with timestamp >= ts */
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        if ((int64_t)ck_be64(ix->p + mid * CK_TIDX_ENTRY) < ts)
            lo = mid + 1;
        else
            hi = mid;
    }
    if (lo == 0)
        return seg->base;
    return seg->base + (int32_t)ck_be32(ix->p + (lo - 1) * CK_TIDX_ENTRY + 8);
}

/** @brief Last time entry whose batch starts below max_offset, or -1. */
int64_t ck_idx_last_time_below(const ck_seg *seg, int64_t max_offset, int64_t *ts)
{
    const ck_idx *ix = &seg->tidx;
    size_t i = ix->n;

    while (i > 0) {
        const uint8_t *e = ix->p + (i - 1) * CK_TIDX_ENTRY;
        int64_t off = seg->base + (int32_t)ck_be32(e + 8);
        if (off < max_offset) {
            *ts = (int64_t)ck_be64(e);
            return off;
        }
        i--;
    }
    return -1;
}
