/*
 * crash_storage.c — kill -9 crash test for the partition log under
 * flush.policy=always.  Each cycle forks a child that opens the log, appends
 * batches as fast as it can from two threads and, from the durable callback,
 * reports every acknowledged end offset through a pipe.  The parent kills
 * the child with SIGKILL after a random 5-200 ms, reopens the log (running
 * recovery) and checks that every acknowledged offset is present, in order,
 * byte-identical (each value is regenerated from its cycle, thread and
 * sequence number), with no duplicates or garbage.  The next cycle appends to
 * the same log, and the last step appends and reads back once more.
 *
 * Environment: CK_CRASH_SEED (random seed), CK_CRASH_CYCLES (default 24).
 */
#include <errno.h>
#include <inttypes.h>
#include <poll.h>
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/wait.h>
#include <unistd.h>

#include "storage/storage.h"

#define MAX_CYCLES 64
#define NTHREADS 2
#define VALUE_HDR 24       /* magic, cycle, thread, seq(8), payload len, ... */
#define MAX_PAYLOAD 160

#define FAIL(...) do { fprintf(stderr, "crash_storage: " __VA_ARGS__); fputc('\n', stderr); exit(1); } while (0)

static uint64_t mix(uint64_t x)
{
    x ^= x >> 33;
    x *= 0xff51afd7ed558ccdULL;
    x ^= x >> 33;
    x *= 0xc4ceb9fe1a85ec53ULL;
    x ^= x >> 33;
    return x;
}

/* The value of record seq of (cycle, thread): header, payload, CRC-32C. */
static size_t make_value(uint8_t *out, uint32_t cycle, uint32_t thread, uint64_t seq)
{
    uint64_t h = mix(((uint64_t)cycle << 40) ^ ((uint64_t)thread << 32) ^ seq ^ 0x9e3779b97f4a7c15ULL);
    uint32_t plen = (uint32_t)(h % MAX_PAYLOAD), i;

    ck_put_be32(out, 0x434b4354u);
    ck_put_be32(out + 4, cycle);
    ck_put_be32(out + 8, thread);
    ck_put_be64(out + 12, seq);
    ck_put_be32(out + 20, plen);
    for (i = 0; i < plen; i++) {
        if (i % 8 == 0)
            h = mix(h + i);
        out[VALUE_HDR + i] = (uint8_t)(h >> (8 * (i % 8)));
    }
    ck_put_be32(out + VALUE_HDR + plen, ck_crc32c(0, out, VALUE_HDR + plen));
    return VALUE_HDR + plen + 4;
}

static void log_conf(ck_log_conf *c)
{
    ck_log_conf_defaults(c);
    c->segment_bytes = 512 * 1024;
    c->retention_ms = -1;
}

/* ===================================================================== */
/* Child                                                                  */
/* ===================================================================== */

typedef struct child_ctx {
    ck_log  *log;
    uint32_t cycle;
    int      wfd;
} child_ctx;

static child_ctx g_child;
static uint32_t g_thread_ids[NTHREADS];

static void child_durable(void *opaque, ck_log *log, int64_t durable_end)
{
    child_ctx *cx = opaque;
    uint8_t b[8];

    (void)log;
    ck_put_be64(b, (uint64_t)durable_end);
    if (write(cx->wfd, b, sizeof(b)) != (ssize_t)sizeof(b))
        _exit(4);
}

static void *child_writer(void *arg)
{
    uint32_t thread = *(uint32_t *)arg;
    uint64_t seq = 0, r = mix(thread + 7);
    uint8_t vals[4][VALUE_HDR + MAX_PAYLOAD + 4];
    ck_rec_in recs[4];
    ck_batch_opts o;
    ck_wb wb;
    char err[128];

    ck_batch_opts_init(&o);
    ck_wb_init(&wb, 4096);
    for (;;) {
        int n, i;
        int64_t base, last;
        r = mix(r);
        n = 1 + (int)(r % 4);
        memset(recs, 0, sizeof(recs));
        for (i = 0; i < n; i++) {
            recs[i].key = NULL;
            recs[i].key_len = -1;
            recs[i].value = vals[i];
            recs[i].value_len = (int32_t)make_value(vals[i], g_child.cycle, thread, seq++);
            recs[i].timestamp = ck_now_ms();
        }
        wb.len = 0;
        if (ck_batch_build(&wb, &o, recs, (size_t)n, err, sizeof(err)) != 0)
            _exit(5);
        if (ck_log_append(g_child.log, wb.buf, wb.len, &base, &last) != 0)
            _exit(6);
    }
    return NULL;
}

static void run_child(const char *dir, uint32_t cycle, int wfd)
{
    ck_flusher *fl = ck_flusher_new(CK_FLUSH_ALWAYS, 0);
    ck_log_conf c;
    char err[256];
    pthread_t th[NTHREADS];
    int i;

    if (fl == NULL)
        _exit(2);
    log_conf(&c);
    if (ck_log_open(dir, &c, fl, &g_child.log, err, sizeof(err)) != 0) {
        fprintf(stderr, "child open: %s\n", err);
        _exit(3);
    }
    g_child.cycle = cycle;
    g_child.wfd = wfd;
    ck_log_set_durable_cb(g_child.log, child_durable, &g_child);
    for (i = 0; i < NTHREADS; i++) {
        g_thread_ids[i] = (uint32_t)i;
        if (pthread_create(&th[i], NULL, child_writer, &g_thread_ids[i]) != 0)
            _exit(7);
    }
    for (;;)
        pause();
}

/* ===================================================================== */
/* Parent                                                                 */
/* ===================================================================== */

typedef struct verify_state {
    uint64_t next_seq[MAX_CYCLES][NTHREADS];
    int64_t  records;
} verify_state;

static void check_record(verify_state *vs, const ck_rec *rec)
{
    uint8_t want[VALUE_HDR + MAX_PAYLOAD + 4];
    uint32_t cycle, thread;
    uint64_t seq;
    size_t n;

    if (rec->value_len < VALUE_HDR + 4 || rec->value == NULL)
        FAIL("offset %" PRId64 ": value too short (%d)", rec->offset, rec->value_len);
    cycle = ck_be32(rec->value + 4);
    thread = ck_be32(rec->value + 8);
    seq = ck_be64(rec->value + 12);
    if (cycle >= MAX_CYCLES || thread >= NTHREADS)
        FAIL("offset %" PRId64 ": garbage value (cycle %u thread %u)", rec->offset, cycle, thread);
    if (seq != vs->next_seq[cycle][thread])
        FAIL("offset %" PRId64 ": cycle %u thread %u seq %" PRIu64 ", expected %" PRIu64 " (duplicate or gap)",
             rec->offset, cycle, thread, seq, vs->next_seq[cycle][thread]);
    n = make_value(want, cycle, thread, seq);
    if ((size_t)rec->value_len != n || memcmp(rec->value, want, n) != 0)
        FAIL("offset %" PRId64 ": value differs from what was appended", rec->offset);
    vs->next_seq[cycle][thread]++;
}

/* Opens the log (recovery), checks every record, returns the end offset. */
static int64_t verify(const char *dir, int64_t acked, int cycle)
{
    static verify_state vs;
    ck_log_conf c;
    ck_log *log;
    ck_log_recovery rec;
    char err[256];
    ck_wb out;
    int64_t at = 0, end, next;

    memset(&vs, 0, sizeof(vs));
    log_conf(&c);
    if (ck_log_open(dir, &c, NULL, &log, err, sizeof(err)) != 0)
        FAIL("cycle %d: reopen failed: %s", cycle, err);
    ck_log_last_recovery(log, &rec);
    end = ck_log_end_offset(log);
    if (end < acked)
        FAIL("cycle %d: acknowledged up to %" PRId64 " but the log ends at %" PRId64 " (cut %" PRId64
             " bytes at %" PRId64 ")", cycle, acked, end, rec.truncated_bytes, rec.truncated_at);
    if (ck_log_start_offset(log) != 0)
        FAIL("cycle %d: start offset moved", cycle);
    ck_wb_init(&out, 1 << 20);
    while (at < end) {
        size_t pos = 0;
        out.len = 0;
        if (ck_log_read_copy(log, at, end, 1 << 20, &out, &next) != 0 || next <= at)
            FAIL("cycle %d: read at %" PRId64 " failed", cycle, at);
        while (pos < out.len) {
            ck_batch_hdr h;
            ck_rec_iter it;
            ck_rec r;
            int st;
            if (ck_batch_validate(out.buf + pos, out.len - pos, true, &h) != CK_BATCH_OK)
                FAIL("cycle %d: invalid batch at offset %" PRId64, cycle, at);
            if (h.base_offset != at)
                FAIL("cycle %d: batch at %" PRId64 " has base offset %" PRId64, cycle, at, h.base_offset);
            if (ck_rec_iter_init(&it, out.buf + pos, out.len - pos, 1 << 20) != 0)
                FAIL("cycle %d: iter: %s", cycle, it.err);
            while ((st = ck_rec_iter_next(&it, &r)) == 1) {
                if (r.offset != at)
                    FAIL("cycle %d: record offset %" PRId64 ", expected %" PRId64, cycle, r.offset, at);
                check_record(&vs, &r);
                at++;
            }
            if (st < 0)
                FAIL("cycle %d: bad record: %s", cycle, it.err);
            ck_rec_iter_free(&it);
            pos += ck_batch_size(&h);
        }
    }
    ck_wb_free(&out);
    if (at != end)
        FAIL("cycle %d: read %" PRId64 " records, end %" PRId64, cycle, at, end);
    if (rec.truncated_bytes > 0)
        printf("cycle %d: recovery cut %" PRId64 " bytes at offset %" PRId64 "\n", cycle, rec.truncated_bytes,
               rec.truncated_at);
    ck_log_close(log);
    return end;
}

/* Reads acknowledged end offsets from fd until deadline_ms (or EOF when
 * deadline_ms < 0); returns the largest. */
static int64_t drain(int fd, int64_t deadline_ms, int64_t acked)
{
    static uint8_t part[8];
    static size_t have;

    for (;;) {
        struct pollfd pfd = { fd, POLLIN, 0 };
        int timeout = -1, pr;
        uint8_t buf[4096];
        ssize_t n, i;
        if (deadline_ms >= 0) {
            int64_t left = deadline_ms - ck_mono_ms();
            if (left <= 0)
                break;
            timeout = (int)left;
        }
        pr = poll(&pfd, 1, timeout);
        if (pr < 0 && errno == EINTR)
            continue;
        if (pr <= 0)
            break;
        n = read(fd, buf, sizeof(buf));
        if (n < 0 && errno == EINTR)
            continue;
        if (n <= 0)
            break;
        for (i = 0; i < n; i++) {
            part[have++] = buf[i];
            if (have == 8) {
                int64_t v = (int64_t)ck_be64(part);
                if (v > acked)
                    acked = v;
                have = 0;
            }
        }
    }
    if (deadline_ms < 0)
        have = 0;
    return acked;
}

static void final_append(const char *dir, int64_t end)
{
    ck_log_conf c;
    ck_log *log;
    char err[256];
    ck_rec_in rec;
    ck_batch_opts o;
    ck_wb wb, out;
    int64_t base, last, next;

    log_conf(&c);
    if (ck_log_open(dir, &c, NULL, &log, err, sizeof(err)) != 0)
        FAIL("final reopen: %s", err);
    memset(&rec, 0, sizeof(rec));
    rec.key_len = -1;
    rec.value = "after the crashes";
    rec.value_len = 17;
    rec.timestamp = ck_now_ms();
    ck_batch_opts_init(&o);
    ck_wb_init(&wb, 0);
    ck_wb_init(&out, 0);
    if (ck_batch_build(&wb, &o, &rec, 1, err, sizeof(err)) != 0 || ck_log_append(log, wb.buf, wb.len, &base, &last) != 0)
        FAIL("final append failed");
    if (base != end)
        FAIL("final append at %" PRId64 ", expected %" PRId64, base, end);
    if (ck_log_read_copy(log, base, base + 1, 1 << 20, &out, &next) != 0 || next != base + 1 || out.len != wb.len ||
        memcmp(out.buf + 8, wb.buf + 8, wb.len - 8) != 0)
        FAIL("final read back differs");
    ck_wb_free(&wb);
    ck_wb_free(&out);
    if (ck_log_destroy(log) != 0)
        FAIL("destroy failed");
}

int main(void)
{
    const char *tmp = getenv("TMPDIR"), *s;
    char dir[512];
    unsigned seed = (unsigned)(ck_now_ms() ^ getpid());
    int cycles = 24, cycle;
    int64_t acked = 0, end = 0, t0 = ck_mono_ms();

    if ((s = getenv("CK_CRASH_SEED")) != NULL)
        seed = (unsigned)strtoul(s, NULL, 10);
    if ((s = getenv("CK_CRASH_CYCLES")) != NULL)
        cycles = atoi(s);
    if (cycles < 1 || cycles > MAX_CYCLES)
        FAIL("CK_CRASH_CYCLES must be 1..%d", MAX_CYCLES);
    srand(seed);
    snprintf(dir, sizeof(dir), "%s/ck-crash-XXXXXX", tmp && *tmp ? tmp : "/tmp");
    if (mkdtemp(dir) == NULL)
        FAIL("mkdtemp: %s", strerror(errno));
    ck_log_threshold = CK_LOG_ERROR;
    printf("crash_storage: seed %u, %d cycles, dir %s\n", seed, cycles, dir);

    for (cycle = 0; cycle < cycles; cycle++) {
        int p[2], status;
        pid_t pid;
        int delay = 5 + rand() % 196;
        if (pipe(p) != 0)
            FAIL("pipe: %s", strerror(errno));
        fflush(stdout);
        pid = fork();
        if (pid < 0)
            FAIL("fork: %s", strerror(errno));
        if (pid == 0) {
            close(p[0]);
            run_child(dir, (uint32_t)cycle, p[1]);
            _exit(0);
        }
        close(p[1]);
        acked = drain(p[0], ck_mono_ms() + delay, acked);
        kill(pid, SIGKILL);
        if (waitpid(pid, &status, 0) != pid)
            FAIL("waitpid: %s", strerror(errno));
        if (!WIFSIGNALED(status) || WTERMSIG(status) != SIGKILL)
            FAIL("cycle %d: child exited early (status %d)", cycle, status);
        acked = drain(p[0], -1, acked);
        close(p[0]);
        end = verify(dir, acked, cycle);
        printf("cycle %2d: killed after %3d ms, acked %" PRId64 ", log end %" PRId64 "\n", cycle, delay, acked, end);
    }
    final_append(dir, end);
    printf("crash_storage: ok in %" PRId64 " ms\n", ck_mono_ms() - t0);
    return 0;
}
