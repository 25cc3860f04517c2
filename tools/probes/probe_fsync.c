/*
 * probe_fsync.c — measures the machine's own durable-write limit: how many
 * "append N bytes, then fdatasync" cycles per second the file system under a
 * directory sustains, the ceiling any flush.policy=always log can reach for
 * that write size.  Sequential appends to one preallocated-free file, like a
 * segment; prints one machine-readable line per size.  Besides the rate it
 * reports the latency of one cycle (pwrite + fdatasync): p50/p99/p99.9/max,
 * the reference for produce-to-acknowledgement latency under
 * flush.policy=always (an acknowledgement waits for at least one such cycle).
 *
 *   probe_fsync [--dir DIR] [--seconds S] [--mode MODE] [SIZE ...]
 *                                               (default 4096 1048576)
 *
 * SIZE accepts a k/m suffix (KiB/MiB).  The scratch file is removed.  MODE
 * compares ways of making the same write durable (the PROBE line names it
 * unless it is the default):
 *   append     pwrite at the end of the file, then fdatasync (default: what
 *              a segment does)
 *   rwf_dsync  pwritev2(RWF_DSYNC) at the end of the file, no fdatasync
 *              (Linux; the O_DSYNC of one write)
 *   overwrite  pwrite over blocks written with zeros and synced beforehand
 *              (64 MiB, not timed; wraps around), then fdatasync: the
 *              file's size and block map do not change, so the file system
 *              has no metadata to commit
 */
#include <errno.h>
#include <fcntl.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/uio.h>
#include <time.h>
#include <unistd.h>

#define PREALLOC (64u << 20)    /* overwrite mode: zero-filled span */

enum { MODE_APPEND, MODE_RWF_DSYNC, MODE_OVERWRITE };
static const char *const mode_names[] = { "append", "rwf_dsync", "overwrite" };

static double now_s(void)
{
    struct timespec ts;

    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static int cmp_dbl(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return x < y ? -1 : x > y;
}

/* The q-quantile of sorted v[0..n) (nearest rank below). */
static double quantile(const double *v, size_t n, double q)
{
    return v[(size_t)((double)(n - 1) * q)];
}

static size_t parse_size(const char *s)
{
    char *end = NULL;
    unsigned long long v = strtoull(s, &end, 10);

    if (end != NULL && (*end == 'k' || *end == 'K'))
        v <<= 10;
    else if (end != NULL && (*end == 'm' || *end == 'M'))
        v <<= 20;
    return (size_t)v;
}

/* Zero-fills [0, PREALLOC) of fd and syncs it (overwrite mode); 0 or -1. */
static int prealloc_zeros(int fd)
{
    uint8_t *zero = calloc(1, 1u << 20);
    off_t off;
    int rc = -1;

    if (zero == NULL)
        return -1;
    for (off = 0; off < (off_t)PREALLOC; off += 1 << 20)
        if (pwrite(fd, zero, 1u << 20, off) != (ssize_t)(1u << 20))
            goto out;
    rc = fsync(fd);
out:
    free(zero);
    return rc;
}

/* One durable write of size bytes at off in the given mode; 0 or -1. */
static int durable_write(int fd, int mode, const uint8_t *buf, size_t size, off_t off)
{
    if (mode == MODE_RWF_DSYNC) {
#ifdef RWF_DSYNC
        struct iovec iov = { (void *)buf, size };
        return pwritev2(fd, &iov, 1, off, RWF_DSYNC) == (ssize_t)size ? 0 : -1;
#else
        errno = ENOTSUP;
        return -1;
#endif
    }
    if (pwrite(fd, buf, size, off) != (ssize_t)size)
        return -1;
    return fdatasync(fd);
}

/* One run: size-byte durable writes, one after the other, for `secs`. */
static int probe(const char *dir, size_t size, double secs, int mode)
{
    char path[4096];
    uint8_t *buf = NULL;
    double *lat = NULL, t0, t1, el;
    size_t n = 0, cap = 4096;
    int fd = -1, rc = 1;
    off_t off = 0;

    snprintf(path, sizeof(path), "%s/probe_fsync.%d.tmp", dir, (int)getpid());
    buf = malloc(size);
    lat = malloc(cap * sizeof(*lat));
    if (buf == NULL || lat == NULL)
        goto out;
    memset(buf, 0xa5, size);
    fd = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
    if (fd < 0) {
        fprintf(stderr, "probe_fsync: %s: %s\n", path, strerror(errno));
        goto out;
    }
    if (mode == MODE_OVERWRITE && (size > PREALLOC || prealloc_zeros(fd) != 0)) {
        fprintf(stderr, "probe_fsync: preallocating: %s\n", size > PREALLOC ? "size too large" : strerror(errno));
        goto out;
    }
    t0 = t1 = now_s();
    do {
        double t = t1;
        if (mode == MODE_OVERWRITE && off + (off_t)size > (off_t)PREALLOC)
            off = 0;
        if (durable_write(fd, mode, buf, size, off) != 0) {
            fprintf(stderr, "probe_fsync: %s: %s\n", mode_names[mode], strerror(errno));
            goto out;
        }
        t1 = now_s();
        if (n == cap) {
            double *grown = realloc(lat, 2 * cap * sizeof(*lat));
            if (grown == NULL)
                goto out;
            lat = grown;
            cap *= 2;
        }
        lat[n++] = t1 - t;
        off += (off_t)size;
        el = t1 - t0;
    } while (el < secs);
    qsort(lat, n, sizeof(*lat), cmp_dbl);
    printf("PROBE fsync %s%s%ssize=%zu syncs_per_s=%.0f mb_per_s=%.1f us_per_sync=%.1f p50_ms=%.3f p99_ms=%.3f "
           "p999_ms=%.3f max_ms=%.3f\n",
           mode == MODE_APPEND ? "" : "mode=", mode == MODE_APPEND ? "" : mode_names[mode],
           mode == MODE_APPEND ? "" : " ", size, (double)n / el, (double)n * (double)size / el / 1e6, el * 1e6 / (double)n,
           quantile(lat, n, 0.5) * 1e3, quantile(lat, n, 0.99) * 1e3, quantile(lat, n, 0.999) * 1e3,
           lat[n - 1] * 1e3);
    rc = 0;
out:
    if (fd >= 0) {
        close(fd);
        unlink(path);
    }
    free(buf);
    free(lat);
    return rc;
}

int main(int argc, char **argv)
{
    const char *dir = ".";
    double secs = 3.0;
    size_t sizes[16];
    int nsizes = 0, i, rc = 0, mode = MODE_APPEND, m;

    for (i = 1; i < argc; i++) {
        if (strcmp(argv[i], "--dir") == 0 && i + 1 < argc) {
            dir = argv[++i];
        } else if (strcmp(argv[i], "--seconds") == 0 && i + 1 < argc) {
            secs = atof(argv[++i]);
        } else if (strcmp(argv[i], "--mode") == 0 && i + 1 < argc) {
            i++;
            for (m = 0, mode = -1; m < 3; m++)
                if (strcmp(argv[i], mode_names[m]) == 0)
                    mode = m;
            if (mode < 0)
                goto usage;
        } else if (argv[i][0] != '-' && nsizes < 16 && parse_size(argv[i]) > 0) {
            sizes[nsizes++] = parse_size(argv[i]);
        } else {
            goto usage;
        }
    }
    if (nsizes == 0) {
        sizes[nsizes++] = 4096;
        sizes[nsizes++] = 1u << 20;
    }
    for (i = 0; i < nsizes && rc == 0; i++)
        rc = probe(dir, sizes[i], secs, mode);
    return rc;
usage:
    fprintf(stderr, "usage: %s [--dir DIR] [--seconds S] [--mode append|rwf_dsync|overwrite] [SIZE[k|m] ...]\n",
            argv[0]);
    return 2;
}
