/*
 * crash_cleaner.c — kill -9 crash test for log compaction.  Each cycle
 * appends a round of keyed records (some tombstones) to a log of small
 * segments, then forks a child that opens the log and runs a forced
 * compaction pass; the child is killed with SIGKILL either at a chosen step
 * of the pass (the test hook: after writing a `.cleaned` file, after a
 * rename to `.swap`, after the swap is decided, between the renames over the
 * live files, ...) or after a random delay.  The parent then reopens the log
 * (recovery finishes or undoes the interrupted swap) and checks it: no
 * leftover `.cleaned`/`.swap` files, offsets ascending and unchanged (every
 * record read back is the one written at its offset), the end offset
 * unchanged, a read starting at any offset finds the same next record as
 * a sequential read, every index entry names a batch of the log beside
 * it, and for every key the
 * last record written is still there — a compaction may remove only
 * superseded records, never a last value.
 *
 * Environment: CK_CRASH_SEED (random seed), CK_CRASH_CYCLES (default 30).
 */
#include <dirent.h>
#include <errno.h>
#include <inttypes.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "storage/storage.h"

#define NKEYS 40
#define MAXREC 20000
#define SEG_BYTES 900
#define T0 1700000000000LL

#define FAIL(...) do { fprintf(stderr, "crash_cleaner: " __VA_ARGS__); fputc('\n', stderr); exit(1); } while (0)

static int  g_key[MAXREC];        /* offset -> key index */
static bool g_tomb[MAXREC];       /* offset -> written as a tombstone */
static int64_t g_last[NKEYS];     /* key -> offset of its last record, -1 */
static int64_t g_end;
static const char *g_kill_step;   /* child: die at this step ... */
static long g_kill_at;            /* ... at its n-th occurrence (0: never) */
static long g_calls;

/* The steps of a pass (ck_clean_test_hook), each the moment after it. */
static const char *const steps[] = {
    "mapped", "cleaned-file", "cleaned", "renamed-swap", "swap-decided", "renamed-live", "swapped",
    "removed-empty", "done",
};

/* The value written at offset o: "o<offset>." and a varying tail, so that
 * batch sizes differ and a stale index points inside batches. */
static size_t make_value(char *out, size_t n, int64_t o)
{
    int len = snprintf(out, n, "o%" PRId64 ".", o), pad = (int)((o * 7) % 29);

    while (pad-- > 0 && (size_t)len + 1 < n)
        out[len++] = (char)('a' + pad % 26);
    out[len] = '\0';
    return (size_t)len;
}

static void kill_hook(const char *step)
{
    if (strcmp(step, g_kill_step) == 0 && ++g_calls == g_kill_at)
        raise(SIGKILL);
}

static ck_log *open_log(const char *dir)
{
    ck_log_conf c;
    ck_log *log = NULL;
    char err[256] = "";

    ck_log_conf_defaults(&c);
    c.segment_bytes = SEG_BYTES;
    c.index_interval_bytes = 1;   /* an index entry per batch: a stale index shows */
    c.retention_ms = -1;
    if (ck_log_open(dir, &c, NULL, &log, err, sizeof(err)) != 0)
        FAIL("open %s: %s", dir, err);
    return log;
}

/* One round: every key once (value from make_value), every 7th as a
 * tombstone, in batches of 1-3 records (so that compaction rebuilds batches
 * to other sizes, not only drops whole ones). */
static void append_round(ck_log *log, int round)
{
    int k = 0;

    while (k < NKEYS) {
        char keys[3][16], vals[3][64];
        ck_rec_in in[3];
        ck_batch_opts o;
        ck_wb wb;
        char err[128];
        int64_t base = -1, last = -1;
        int n = 1 + (k + round) % 3, i;
        if (n > NKEYS - k)
            n = NKEYS - k;
        if (g_end + n > MAXREC)
            FAIL("too many records");
        memset(in, 0, sizeof(in));
        for (i = 0; i < n; i++) {
            int64_t off = g_end + i;
            bool tomb = (k + i + round) % 7 == 0;
            snprintf(keys[i], sizeof(keys[i]), "k%d", k + i);
            make_value(vals[i], sizeof(vals[i]), off);
            in[i].key = keys[i];
            in[i].key_len = (int32_t)strlen(keys[i]);
            in[i].value = tomb ? NULL : vals[i];
            in[i].value_len = tomb ? -1 : (int32_t)strlen(vals[i]);
            in[i].timestamp = T0 + off;
            g_key[off] = k + i;
            g_tomb[off] = tomb;
            g_last[k + i] = off;
        }
        ck_batch_opts_init(&o);
        ck_wb_init(&wb, 256);
        if (ck_batch_build(&wb, &o, in, (size_t)n, err, sizeof(err)) != 0 ||
            ck_log_append(log, wb.buf, wb.len, &base, &last) != 0 || base != g_end)
            FAIL("append at %" PRId64, g_end);
        ck_wb_free(&wb);
        g_end += n;
        k += n;
    }
}

static uint8_t *slurp(const char *path, size_t *len)
{
    FILE *f = fopen(path, "rb");
    uint8_t *buf;
    long n;

    *len = 0;
    if (f == NULL)
        return NULL;
    fseek(f, 0, SEEK_END);
    n = ftell(f);
    fseek(f, 0, SEEK_SET);
    buf = ck_malloc((size_t)n + 1);
    if (n > 0 && fread(buf, 1, (size_t)n, f) != (size_t)n)
        FAIL("read %s", path);
    fclose(f);
    *len = (size_t)n;
    return buf;
}

/* Every offset index entry of every segment names a batch start in its
 * .log (position and base offset), every time index entry a batch's base
 * offset: the indexes belong to the file beside them. */
static void check_indexes(const char *dir, int cycle)
{
    DIR *d = opendir(dir);
    struct dirent *de;

    if (d == NULL)
        FAIL("opendir %s", dir);
    while ((de = readdir(d)) != NULL) {
        char path[700];
        size_t llen, ilen, tlen, pos, i;
        uint8_t *log, *idx, *tidx;
        int64_t base;
        if (strlen(de->d_name) != 24 || strcmp(de->d_name + 20, ".log") != 0)
            continue;
        base = strtoll(de->d_name, NULL, 10);
        snprintf(path, sizeof(path), "%s/%s", dir, de->d_name);
        log = slurp(path, &llen);
        snprintf(path, sizeof(path), "%s/%020" PRId64 ".index", dir, base);
        idx = slurp(path, &ilen);
        snprintf(path, sizeof(path), "%s/%020" PRId64 ".timeindex", dir, base);
        tidx = slurp(path, &tlen);
        for (i = 0; i + 8 <= ilen; i += 8) {
            int64_t rel = (int32_t)ck_be32(idx + i), at = (int32_t)ck_be32(idx + i + 4);
            bool ok = false;
            for (pos = 0; pos + CK_BATCH_HEADER_SIZE <= llen;) {
                ck_batch_hdr h;
                ck_batch_hdr_read(log + pos, llen - pos, &h);
                if ((int64_t)pos == at) {
                    ok = h.base_offset == base + rel;
                    break;
                }
                pos += ck_batch_size(&h);
            }
            if (!ok)
                FAIL("cycle %d: segment %" PRId64 ": index entry (%" PRId64 ", %" PRId64 ") is not a batch of its log",
                     cycle, base, rel, at);
        }
        for (i = 0; i + 12 <= tlen; i += 12) {
            int64_t rel = (int32_t)ck_be32(tidx + i + 8);
            bool ok = false;
            for (pos = 0; pos + CK_BATCH_HEADER_SIZE <= llen && !ok;) {
                ck_batch_hdr h;
                ck_batch_hdr_read(log + pos, llen - pos, &h);
                ok = h.base_offset == base + rel;
                pos += ck_batch_size(&h);
            }
            if (!ok)
                FAIL("cycle %d: segment %" PRId64 ": time index entry at offset %" PRId64 " names no batch", cycle,
                     base, base + rel);
        }
        ck_free(log);
        ck_free(idx);
        ck_free(tidx);
    }
    closedir(d);
}

static void check_no_leftovers(const char *dir)
{
    DIR *d = opendir(dir);
    struct dirent *de;

    if (d == NULL)
        FAIL("opendir %s", dir);
    while ((de = readdir(d)) != NULL) {
        size_t n = strlen(de->d_name);
        if ((n > 8 && strcmp(de->d_name + n - 8, ".cleaned") == 0) ||
            (n > 5 && strcmp(de->d_name + n - 5, ".swap") == 0))
            FAIL("leftover %s after recovery", de->d_name);
    }
    closedir(d);
}

static int64_t g_present[MAXREC];   /* offsets seen by the last sequential read */
static int64_t g_npresent;

/* First record offset >= o that a read starting at o returns (through the
 * offset index), or g_end when none. */
static int64_t first_from(ck_log *log, int64_t o, int cycle)
{
    while (o < g_end) {
        ck_wb out;
        int64_t next = -1, found = -1;
        size_t pos = 0;
        ck_wb_init(&out, 4096);
        if (ck_log_read_copy(log, o, g_end, 1, &out, &next) != 0 || next <= o)
            FAIL("cycle %d: read at %" PRId64 " failed or stalled", cycle, o);
        while (pos < out.len && found < 0) {
            ck_batch_hdr h;
            ck_rec_iter it;
            ck_rec rec;
            if (ck_batch_hdr_read(out.buf + pos, out.len - pos, &h) != 0 ||
                ck_rec_iter_init(&it, out.buf + pos, out.len - pos, 1 << 20) != 0)
                FAIL("cycle %d: bad batch read at %" PRId64, cycle, o);
            while (found < 0 && ck_rec_iter_next(&it, &rec) == 1)
                if (rec.offset >= o)
                    found = rec.offset;
            ck_rec_iter_free(&it);
            pos += ck_batch_size(&h);
        }
        ck_wb_free(&out);
        if (found >= 0)
            return found;
        o = next;
    }
    return g_end;
}

/* A read starting at every offset finds the same next record as the
 * sequential read (the rebuilt offset indexes match their segments). */
static void check_reads_everywhere(ck_log *log, int cycle)
{
    int64_t o, i = 0;

    for (o = ck_log_start_offset(log); o < g_end; o++) {
        int64_t want, got;
        while (i < g_npresent && g_present[i] < o)
            i++;
        want = i < g_npresent ? g_present[i] : g_end;
        got = first_from(log, o, cycle);
        if (got != want)
            FAIL("cycle %d: a read at %" PRId64 " starts at %" PRId64 ", the log holds %" PRId64, cycle, o, got,
                 want);
    }
}

/* Reads everything and checks it against the model; returns the records seen. */
static int64_t check_log(ck_log *log, int cycle)
{
    ck_wb out;
    int64_t next = -1, prev = -1, seen = 0;
    bool last_seen[NKEYS];
    size_t pos = 0;
    int k;

    if (ck_log_end_offset(log) != g_end)
        FAIL("cycle %d: end offset %" PRId64 ", want %" PRId64, cycle, ck_log_end_offset(log), g_end);
    memset(last_seen, 0, sizeof(last_seen));
    g_npresent = 0;
    ck_wb_init(&out, 1 << 16);
    if (ck_log_read_copy(log, ck_log_start_offset(log), g_end, (size_t)1 << 30, &out, &next) != 0 || next != g_end)
        FAIL("cycle %d: read to %" PRId64 " stopped at %" PRId64, cycle, g_end, next);
    while (pos < out.len) {
        ck_batch_hdr h;
        ck_rec_iter it;
        ck_rec rec;
        int r;
        if (ck_batch_hdr_read(out.buf + pos, out.len - pos, &h) != 0 || ck_batch_size(&h) > out.len - pos)
            FAIL("cycle %d: torn batch at byte %zu", cycle, pos);
        if (ck_rec_iter_init(&it, out.buf + pos, out.len - pos, 1 << 20) != 0)
            FAIL("cycle %d: batch %" PRId64 ": %s", cycle, h.base_offset, it.err);
        while ((r = ck_rec_iter_next(&it, &rec)) == 1) {
            char key[16], val[64];
            int64_t o = rec.offset;
            if (o <= prev || o >= g_end)
                FAIL("cycle %d: offset %" PRId64 " after %" PRId64, cycle, o, prev);
            prev = o;
            snprintf(key, sizeof(key), "k%d", g_key[o]);
            make_value(val, sizeof(val), o);
            if (rec.key_len != (int32_t)strlen(key) || memcmp(rec.key, key, strlen(key)) != 0)
                FAIL("cycle %d: offset %" PRId64 " has the wrong key", cycle, o);
            if (g_tomb[o] ? rec.value_len != -1
                          : (rec.value_len != (int32_t)strlen(val) || memcmp(rec.value, val, strlen(val)) != 0))
                FAIL("cycle %d: offset %" PRId64 " has the wrong value", cycle, o);
            if (g_last[g_key[o]] == o)
                last_seen[g_key[o]] = true;
            g_present[g_npresent++] = o;
            seen++;
        }
        if (r < 0)
            FAIL("cycle %d: malformed batch %" PRId64, cycle, h.base_offset);
        ck_rec_iter_free(&it);
        pos += ck_batch_size(&h);
    }
    ck_wb_free(&out);
    for (k = 0; k < NKEYS; k++)
        if (!last_seen[k])
            FAIL("cycle %d: the last record of key k%d (offset %" PRId64 ") is gone", cycle, k, g_last[k]);
    check_reads_everywhere(log, cycle);
    return seen;
}

static void child_clean(const char *dir, const char *kill_step, long kill_at)
{
    ck_log *log = open_log(dir);
    ck_clean_conf cc;
    ck_clean_stats st;
    char err[256] = "";

    ck_clean_conf_defaults(&cc);
    cc.force = true;
    cc.delete_retention_ms = INT64_MAX / 4;   /* tombstones are last values here */
    g_kill_step = kill_step;
    g_kill_at = kill_at;
    ck_clean_test_hook = kill_hook;
    if (ck_log_clean(log, &cc, T0 + 10000000, &st, err, sizeof(err)) != 0) {
        fprintf(stderr, "crash_cleaner child: %s\n", err);
        _exit(3);
    }
    ck_log_close(log);
    _exit(st.cleaned ? 0 : 4);
}

int main(void)
{
    const char *s = getenv("CK_CRASH_SEED"), *c = getenv("CK_CRASH_CYCLES"), *tmp = getenv("TMPDIR");
    unsigned seed = s ? (unsigned)strtoul(s, NULL, 10) : (unsigned)time(NULL);
    int cycles = c ? atoi(c) : 30, cycle, killed = 0, finished = 0;
    char dir[512];
    ck_log *log;

    snprintf(dir, sizeof(dir), "%s/ck-crash-cleaner-XXXXXX", tmp && *tmp ? tmp : "/tmp");
    if (mkdtemp(dir) == NULL)
        FAIL("mkdtemp: %s", strerror(errno));
    srand(seed);
    printf("crash_cleaner: seed %u, %d cycles, %s\n", seed, cycles, dir);
    ck_log_threshold = CK_LOG_ERROR - 1;
    for (int k = 0; k < NKEYS; k++)
        g_last[k] = -1;
    log = open_log(dir);
    append_round(log, 0);
    for (cycle = 1; cycle <= cycles; cycle++) {
        pid_t pid;
        int status;
        bool by_hook = cycle % 2 == 1;
        const char *step = steps[(cycle / 2) % CK_ARRAY_LEN(steps)];
        long kill_at;

        append_round(log, cycle);
        /* the per-segment steps recur for each rewritten segment (the file
         * steps four times): one of the first occurrences, which every pass
         * reaches */
        kill_at = !by_hook ? 0 : (!strcmp(step, "mapped") || !strcmp(step, "done")) ? 1 : 1 + rand() % 6;
        ck_log_close(log);
        pid = fork();
        if (pid < 0)
            FAIL("fork: %s", strerror(errno));
        if (pid == 0)
            child_clean(dir, step, kill_at);
        if (!by_hook) {
            /* a random moment of the pass (most passes take a few ms here) */
            struct timespec ts = { 0, (long)(rand() % 8000) * 1000 };
            nanosleep(&ts, NULL);
            kill(pid, SIGKILL);
        }
        if (waitpid(pid, &status, 0) != pid)
            FAIL("waitpid: %s", strerror(errno));
        if (WIFSIGNALED(status) && WTERMSIG(status) == SIGKILL) {
            killed++;
        } else if (WIFEXITED(status) && (WEXITSTATUS(status) == 0 || WEXITSTATUS(status) == 4)) {
            finished++;
        } else {
            FAIL("cycle %d: child ended with status %d", cycle, status);
        }
        log = open_log(dir);
        check_no_leftovers(dir);
        check_indexes(dir, cycle);
        check_log(log, cycle);
    }
    /* a last uninterrupted pass leaves one record per key below the active segment */
    ck_log_close(log);
    {
        pid_t pid = fork();
        int status;
        if (pid == 0)
            child_clean(dir, "", 0);
        if (waitpid(pid, &status, 0) != pid || !WIFEXITED(status) || WEXITSTATUS(status) != 0)
            FAIL("final pass failed (status %d)", status);
    }
    log = open_log(dir);
    check_no_leftovers(dir);
    printf("crash_cleaner: %d killed, %d finished; %" PRId64 " of %" PRId64 " records left after the last pass\n",
           killed, finished, check_log(log, cycles + 1), g_end);
    if (killed == 0)
        FAIL("no cycle was killed mid-pass");
    ck_log_close(log);
    ck_rmtree(dir);
    return 0;
}
