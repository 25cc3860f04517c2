/*
 * log_bench.c — in-process benchmark of the durable log through the public
 * C API (a program, not a test: nothing here is asserted).
 *
 * For each flush.policy (always, os) and each thread count (1, 4) it opens a
 * fresh engine in a temporary directory, creates a topic with one partition
 * per thread, and lets every thread produce `records` / threads records of
 * `size` bytes (null key) in chronik_produce calls of `batch` records to its
 * own partition.  Then every thread fetches its partition back from offset 0
 * with chronik_fetch (1 MiB per call) and walks every record with
 * chronik_fetch_next.  Each case runs `runs` times on a fresh directory; the
 * median run is reported: records/s and MB/s of record values (size bytes
 * per record, 10^6 bytes per MB).
 *
 * Output: one machine-readable line per case,
 *   BENCH log_bench op=produce policy=os threads=4 size=100 batch=1000 records=... runs=3 records_per_s=... mb_per_s=...
 * and a table at the end.
 *
 * Usage: log_bench [--records N] [--records-always N] [--runs R] [--size B]
 *                  [--batch N] [--threads 1,4] [--policies always,os] [--dir D]
 *   defaults: 2,000,000 records (os), 400,000 (always), 3 runs, 100 bytes,
 *   batches of 1,000, threads 1 and 4, both policies, $TMPDIR or /tmp.
 *
 *        log_bench --micro [--size B] [--batch N]
 *   times the CPU work of the hot path without I/O, one line per step
 *   (median of 5): CRC-32C over 1 MiB, building a batch of `batch` records,
 *   validating it (CRC and record walk, as the Kafka produce path does) and
 *   iterating its records (as a fetch does).
 *
 *        log_bench --latency [--rate N] [--seconds S] [--partitions P]
 *                  [--size B] [--runs R] [--dir D]
 *   produce-to-acknowledgement latency under flush.policy=always at a fixed
 *   rate: N one-record batches per second, evenly spaced and dealt round
 *   robin to P partitions, each partition's share sent by its own thread
 *   through the engine's asynchronous produce (as the Kafka listener does:
 *   the thread never waits for an acknowledgement before its next send).
 *   Each send is timed from its scheduled time to its acknowledgement (the
 *   durability callback: the record is fdatasynced), so a late send still
 *   counts the delay it suffered.  The first second is not counted.  Prints
 *   p50/p99/p99.9/max per run and their medians over runs, then that latency
 *   split in two: the send delay (scheduled time to the produce call's
 *   return: the sender thread's own lateness, e.g. waiting for a CPU, plus
 *   the append) and the durability wait (the call's return to the
 *   acknowledgement: what the flusher adds), p50 and p99 of each.  Defaults:
 *   10,000 records/s, 10 s, 1 partition, 100 bytes, 3 runs.  The reference
 *   is probe_fsync's p99 (one append + fdatasync) measured in the same
 *   session; tools/probes/fsync_latency_runs.sh interleaves the two.
 */
#include <pthread.h>
#include <time.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "chronik.h"
#include "engine/engine.h"
#include "record/record.h"
#include "util/util.h"

#define MAX_RUNS 15
#define MAX_CASES 16
#define FETCH_BYTES (1u << 20)

typedef struct bench_conf {
    int64_t records;         /* per case, os */
    int64_t records_always;  /* per case, always */
    int     runs;
    size_t  size;
    int     batch;
    int     threads[4];
    int     nthreads;
    const char *policies[2];
    int     npolicies;
    const char *dir;
    /* --latency */
    int     rate;
    int     seconds;
    int     partitions;
} bench_conf;

typedef struct worker {
    chronik_t *eng;
    int32_t    partition;
    int64_t    records;
    size_t     size;
    int        batch;
    int64_t    done;      /* records produced or fetched */
    int64_t    bytes;     /* value bytes fetched */
    int        err;
} worker;

typedef struct result {
    char    op[8];
    char    policy[8];
    int     threads;
    int64_t records;
    double  rps[MAX_RUNS];
    double  median_rps;
} result;

static int cmp_dbl(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return x < y ? -1 : x > y;
}

static void *produce_main(void *arg)
{
    worker *w = arg;
    chronik_record_t *recs = calloc((size_t)w->batch, sizeof(*recs));
    uint8_t *value = malloc(w->size);
    int64_t left = w->records;
    int i;

    if (recs == NULL || value == NULL) {
        w->err = CHRONIK_ERR_NOMEM;
        goto out;
    }
    memset(value, 'x', w->size);
    for (i = 0; i < w->batch; i++) {
        recs[i].value = value;
        recs[i].value_len = w->size;
        recs[i].timestamp = -1;
    }
    while (left > 0) {
        size_t n = (size_t)CK_MIN((int64_t)w->batch, left);
        chronik_err_t rc = chronik_produce(w->eng, "bench", w->partition, recs, n, NULL);
        if (rc != CHRONIK_OK) {
            fprintf(stderr, "log_bench: produce: %s: %s\n", chronik_err_name(rc), chronik_errmsg(w->eng));
            w->err = rc;
            break;
        }
        left -= (int64_t)n;
        w->done += (int64_t)n;
    }
out:
    free(recs);
    free(value);
    return NULL;
}

static void *fetch_main(void *arg)
{
    worker *w = arg;
    int64_t offset = 0;

    while (w->done < w->records) {
        chronik_fetch_t *f = NULL;
        chronik_record_t rec;
        int64_t off;
        chronik_err_t rc = chronik_fetch(w->eng, "bench", w->partition, offset, FETCH_BYTES, 0, &f);
        if (rc != CHRONIK_OK) {
            fprintf(stderr, "log_bench: fetch: %s: %s\n", chronik_err_name(rc), chronik_errmsg(w->eng));
            w->err = rc;
            break;
        }
        while (chronik_fetch_next(f, &rec, &off) == 1) {
            w->done++;
            w->bytes += (int64_t)rec.value_len;
        }
        offset = chronik_fetch_next_offset(f);
        chronik_fetch_free(f);
        if (offset >= w->records)
            break;
    }
    return NULL;
}

/* Runs nthreads workers of fn; returns elapsed seconds or -1 on error. */
static double run_workers(worker *ws, int nthreads, void *(*fn)(void *))
{
    pthread_t th[8];
    int64_t t0 = ck_mono_ns();
    int i, err = 0;

    for (i = 0; i < nthreads; i++)
        pthread_create(&th[i], NULL, fn, &ws[i]);
    for (i = 0; i < nthreads; i++) {
        pthread_join(th[i], NULL);
        err |= ws[i].err;
    }
    return err ? -1.0 : (double)(ck_mono_ns() - t0) / 1e9;
}

/* One run of one (policy, threads) pair: produce then fetch.  Fills the
 * records/s of both; 0 or -1. */
static int run_case(const bench_conf *bc, const char *policy, int nthreads, int64_t records, double *prod_rps,
                    double *fetch_rps)
{
    char dir[4096], err[256];
    chronik_conf_t *conf = chronik_conf_new();
    chronik_t *eng = NULL;
    worker ws[8];
    int64_t per = records / nthreads, fetched = 0;
    double el;
    int i, rc = -1;

    snprintf(dir, sizeof(dir), "%s/log_bench.XXXXXX", bc->dir);
    if (mkdtemp(dir) == NULL) {
        perror("log_bench: mkdtemp");
        goto out;
    }
    if (chronik_conf_set(conf, "data.dir", dir, err, sizeof(err)) != CHRONIK_OK ||
        chronik_conf_set(conf, "flush.policy", policy, err, sizeof(err)) != CHRONIK_OK ||
        chronik_open(conf, &eng, err, sizeof(err)) != CHRONIK_OK) {
        fprintf(stderr, "log_bench: open: %s\n", err);
        goto out_rm;
    }
    if (chronik_topic_create(eng, "bench", nthreads, NULL) != CHRONIK_OK) {
        fprintf(stderr, "log_bench: topic: %s\n", chronik_errmsg(eng));
        goto out_close;
    }
    memset(ws, 0, sizeof(ws));
    for (i = 0; i < nthreads; i++) {
        ws[i].eng = eng;
        ws[i].partition = i;
        ws[i].records = per;
        ws[i].size = bc->size;
        ws[i].batch = bc->batch;
    }
    el = run_workers(ws, nthreads, produce_main);
    if (el < 0)
        goto out_close;
    *prod_rps = (double)(per * nthreads) / el;
    for (i = 0; i < nthreads; i++) {
        ws[i].done = 0;
        ws[i].bytes = 0;
    }
    el = run_workers(ws, nthreads, fetch_main);
    if (el < 0)
        goto out_close;
    for (i = 0; i < nthreads; i++)
        fetched += ws[i].done;
    if (fetched != per * nthreads) {
        fprintf(stderr, "log_bench: fetched %lld of %lld records\n", (long long)fetched,
                (long long)(per * nthreads));
        goto out_close;
    }
    *fetch_rps = (double)fetched / el;
    rc = 0;
out_close:
    chronik_close(eng);
out_rm:
    ck_rmtree(dir);
out:
    chronik_conf_free(conf);
    return rc;
}

/* ===================================================================== */
/* Micro: the CPU cost of the hot path without I/O                        */
/* ===================================================================== */

#define MICRO_RUNS 5

/* Median over MICRO_RUNS of the ns one call of step takes (calls per run). */
static double micro_time(void (*step)(void *), void *arg, int calls)
{
    double ns[MICRO_RUNS];
    int r, i;

    for (r = 0; r < MICRO_RUNS; r++) {
        int64_t t0 = ck_mono_ns();
        for (i = 0; i < calls; i++)
            step(arg);
        ns[r] = (double)(ck_mono_ns() - t0) / calls;
    }
    qsort(ns, MICRO_RUNS, sizeof(double), cmp_dbl);
    return ns[MICRO_RUNS / 2];
}

typedef struct micro_ctx {
    ck_rec_in *in;
    size_t     n;
    ck_wb      wb;
    uint8_t   *buf;
    size_t     len;
    uint32_t   sink;
} micro_ctx;

static void step_crc(void *arg)
{
    micro_ctx *m = arg;
    m->sink ^= ck_crc32c(0, m->buf, m->len);
}

static void step_build(void *arg)
{
    micro_ctx *m = arg;
    ck_batch_opts bo;
    ck_wb_reset(&m->wb);
    ck_batch_opts_init(&bo);
    if (ck_batch_build(&m->wb, &bo, m->in, m->n, NULL, 0) != 0)
        abort();
}

static void step_validate(void *arg)
{
    micro_ctx *m = arg;
    ck_batch_hdr h;
    if (ck_batch_validate(m->wb.buf, m->wb.len, true, &h) != CK_BATCH_OK)
        abort();
}

static void step_iterate(void *arg)
{
    micro_ctx *m = arg;
    ck_rec_iter it;
    ck_rec rec;
    if (ck_rec_iter_init(&it, m->wb.buf, m->wb.len, 1u << 30) != 0)
        abort();
    while (ck_rec_iter_next(&it, &rec) == 1)
        m->sink += (uint32_t)rec.value_len;
    ck_rec_iter_free(&it);
}

static int run_micro(const bench_conf *bc)
{
    micro_ctx m;
    uint8_t *value = malloc(bc->size);
    size_t i;
    double ns;

    memset(&m, 0, sizeof(m));
    m.n = (size_t)bc->batch;
    m.in = calloc(m.n, sizeof(*m.in));
    m.len = 1u << 20;
    m.buf = malloc(m.len);
    if (value == NULL || m.in == NULL || m.buf == NULL)
        return 1;
    memset(value, 'x', bc->size);
    for (i = 0; i < m.len; i++)
        m.buf[i] = (uint8_t)(i * 131u);
    for (i = 0; i < m.n; i++) {
        m.in[i].key_len = -1;
        m.in[i].value = value;
        m.in[i].value_len = (int32_t)bc->size;
        m.in[i].timestamp = 1700000000000LL + (int64_t)i;
    }
    ck_wb_init(&m.wb, 0);
    ns = micro_time(step_crc, &m, 200);
    printf("BENCH log_bench op=micro step=crc32c bytes=%zu hw=%d ns=%.0f gb_per_s=%.2f\n", m.len,
           ck_crc32c_hw_available() ? 1 : 0, ns, (double)m.len / ns);
    ns = micro_time(step_build, &m, 200);
    printf("BENCH log_bench op=micro step=batch_build records=%zu size=%zu ns_per_record=%.1f\n", m.n, bc->size,
           ns / (double)m.n);
    ns = micro_time(step_validate, &m, 200);
    printf("BENCH log_bench op=micro step=batch_validate_deep records=%zu size=%zu ns_per_record=%.1f\n", m.n,
           bc->size, ns / (double)m.n);
    ns = micro_time(step_iterate, &m, 200);
    printf("BENCH log_bench op=micro step=record_iterate records=%zu size=%zu ns_per_record=%.1f\n", m.n, bc->size,
           ns / (double)m.n);
    if (m.sink == 0x5eed)
        fprintf(stderr, "(sink %u)\n", (unsigned)m.sink);   /* keeps the work observable */
    ck_wb_free(&m.wb);
    free(m.in);
    free(m.buf);
    free(value);
    return 0;
}

/* ===================================================================== */
/* Latency: produce to acknowledgement at a fixed rate                    */
/* ===================================================================== */

/* One scheduled send; the completion fills done_ns. */
typedef struct lat_send {
    int64_t due_ns;
    int64_t sent_ns;       /* the produce call returned (appended) */
    int64_t done_ns;       /* 0 until acknowledged */
    int     err;
    struct lat_sender *s;
} lat_send;

typedef struct lat_sender {
    ck_partition   *part;
    size_t          size;
    lat_send       *sends;      /* this partition's schedule, in order */
    size_t          n;
    pthread_mutex_t mu;
    pthread_cond_t  cond;
    size_t          acked;      /* mu */
    int             err;
} lat_sender;

static void lat_ack(lat_send *ls, const ck_produce_result *res)
{
    int64_t now = ck_mono_ns();
    lat_sender *s = ls->s;

    pthread_mutex_lock(&s->mu);
    ls->done_ns = now;
    ls->err = res->err;
    s->acked++;
    pthread_cond_signal(&s->cond);
    pthread_mutex_unlock(&s->mu);
}

/* The engine's durability callback (flusher side). */
static void lat_done(void *opaque, const ck_produce_result *res)
{
    lat_ack(opaque, res);
}

/* Sends this partition's schedule with the engine's asynchronous produce
 * (as the Kafka listener does), never waiting for an acknowledgement in
 * between, then waits for all of them. */
static void *latency_main(void *arg)
{
    lat_sender *s = arg;
    chronik_record_t rec;
    uint8_t *value = calloc(1, s->size);
    ck_wb wb;
    size_t k;

    ck_wb_init(&wb, 0);
    if (value == NULL) {
        s->err = CHRONIK_ERR_NOMEM;
        goto out;
    }
    memset(&rec, 0, sizeof(rec));
    rec.value = value;
    rec.value_len = s->size;
    rec.timestamp = -1;
    for (k = 0; k < s->n; k++) {
        lat_send *ls = &s->sends[k];
        ck_produce_result res;
        int rc;
        ck_batch_opts bo;
        char err[200];
        int64_t now = ck_mono_ns();
        if (ls->due_ns > now) {
            struct timespec ts = { (time_t)(ls->due_ns / 1000000000), (long)(ls->due_ns % 1000000000) };
            while (clock_nanosleep(CLOCK_MONOTONIC, TIMER_ABSTIME, &ts, NULL) != 0)
                ;
        }
        ck_wb_reset(&wb);
        ck_batch_opts_init(&bo);
        if (ck_batch_from_records(&rec, 1, &bo, &wb, err, sizeof(err)) != 0) {
            fprintf(stderr, "log_bench: batch: %s\n", err);
            s->err = CHRONIK_ERR_INVALID_ARG;
            break;
        }
        ls->s = s;
        rc = ck_partition_produce(s->part, wb.buf, wb.len, 0, &res, lat_done, ls);
        ls->sent_ns = ck_mono_ns();
        if (rc == CK_DONE)
            lat_ack(ls, &res);
    }
    pthread_mutex_lock(&s->mu);
    while (s->acked < k)
        pthread_cond_wait(&s->cond, &s->mu);
    pthread_mutex_unlock(&s->mu);
    for (size_t i = 0; i < k; i++) {
        if (s->sends[i].err != 0 && s->err == 0) {
            fprintf(stderr, "log_bench: produce: %s\n", chronik_err_name((chronik_err_t)s->sends[i].err));
            s->err = s->sends[i].err;
        }
    }
out:
    ck_wb_free(&wb);
    free(value);
    return NULL;
}

static int cmp_i64(const void *a, const void *b)
{
    int64_t x = *(const int64_t *)a, y = *(const int64_t *)b;
    return x < y ? -1 : x > y;
}

#define LAT_Q 8

/* One latency run on a fresh engine: q[0..3] = p50, p99, p99.9, max of
 * scheduled send to acknowledgement, q[4..5] = p50, p99 of scheduled send
 * to the produce call's return, q[6..7] = p50, p99 of the produce call's
 * return to the acknowledgement (ms). */
static int run_latency(const bench_conf *bc, double q[LAT_Q])
{
    char dir[4096], err[256];
    chronik_conf_t *conf = chronik_conf_new();
    chronik_t *eng = NULL;
    ck_topic *topic = NULL;
    int np = bc->partitions, i, started = 0, rc = -1;
    bool failed = false;
    lat_sender *ss = calloc((size_t)np, sizeof(*ss));
    pthread_t *th = calloc((size_t)np, sizeof(*th));
    int64_t *lat = NULL, *snd = NULL, *wt = NULL, start, count_from, period = 1000000000 / bc->rate;
    size_t total = (size_t)bc->rate * (size_t)bc->seconds, k, n = 0;

    if (ss == NULL || th == NULL)
        goto out;
    for (i = 0; i < np; i++) {
        pthread_mutex_init(&ss[i].mu, NULL);
        pthread_cond_init(&ss[i].cond, NULL);
        ss[i].size = bc->size;
        ss[i].sends = calloc(total / (size_t)np + 1, sizeof(lat_send));
        if (ss[i].sends == NULL)
            goto out;
    }
    snprintf(dir, sizeof(dir), "%s/log_bench.XXXXXX", bc->dir);
    if (mkdtemp(dir) == NULL) {
        perror("log_bench: mkdtemp");
        goto out;
    }
    if (chronik_conf_set(conf, "data.dir", dir, err, sizeof(err)) != CHRONIK_OK ||
        chronik_conf_set(conf, "flush.policy", "always", err, sizeof(err)) != CHRONIK_OK ||
        chronik_open(conf, &eng, err, sizeof(err)) != CHRONIK_OK) {
        fprintf(stderr, "log_bench: open: %s\n", err);
        goto out_rm;
    }
    if (chronik_topic_create(eng, "latency", np, NULL) != CHRONIK_OK ||
        (topic = ck_engine_topic_get(eng, "latency", 7)) == NULL) {
        fprintf(stderr, "log_bench: topic: %s\n", chronik_errmsg(eng));
        goto out_close;
    }
    /* sends evenly spaced over time, dealt round robin to the partitions */
    start = ck_mono_ns() + 10000000;
    count_from = start + 1000000000;
    for (k = 0; k < total; k++) {
        lat_sender *s = &ss[k % (size_t)np];
        s->sends[s->n++].due_ns = start + (int64_t)k * period;
    }
    for (started = 0; started < np; started++) {
        ss[started].part = ck_topic_partition(topic, started);
        if (pthread_create(&th[started], NULL, latency_main, &ss[started]) != 0)
            break;
    }
    for (i = 0; i < started; i++) {
        pthread_join(th[i], NULL);
        failed = failed || ss[i].err != 0;
    }
    if (started < np || failed)
        goto out_close;
    lat = malloc(total * sizeof(*lat));
    snd = malloc(total * sizeof(*snd));
    wt = malloc(total * sizeof(*wt));
    if (lat == NULL || snd == NULL || wt == NULL)
        goto out_close;
    for (i = 0; i < np; i++) {
        for (k = 0; k < ss[i].n; k++) {
            if (ss[i].sends[k].due_ns >= count_from) {
                lat[n] = ss[i].sends[k].done_ns - ss[i].sends[k].due_ns;
                wt[n] = ss[i].sends[k].done_ns - ss[i].sends[k].sent_ns;
                snd[n++] = ss[i].sends[k].sent_ns - ss[i].sends[k].due_ns;
            }
        }
    }
    if (n == 0)
        goto out_close;
    qsort(lat, n, sizeof(*lat), cmp_i64);
    qsort(snd, n, sizeof(*snd), cmp_i64);
    qsort(wt, n, sizeof(*wt), cmp_i64);
    q[0] = (double)lat[(size_t)((double)(n - 1) * 0.5)] / 1e6;
    q[1] = (double)lat[(size_t)((double)(n - 1) * 0.99)] / 1e6;
    q[2] = (double)lat[(size_t)((double)(n - 1) * 0.999)] / 1e6;
    q[3] = (double)lat[n - 1] / 1e6;
    q[4] = (double)snd[(size_t)((double)(n - 1) * 0.5)] / 1e6;
    q[5] = (double)snd[(size_t)((double)(n - 1) * 0.99)] / 1e6;
    q[6] = (double)wt[(size_t)((double)(n - 1) * 0.5)] / 1e6;
    q[7] = (double)wt[(size_t)((double)(n - 1) * 0.99)] / 1e6;
    rc = 0;
out_close:
    if (topic != NULL)
        ck_topic_release(topic);
    chronik_close(eng);
out_rm:
    ck_rmtree(dir);
out:
    if (ss != NULL) {
        for (i = 0; i < np; i++) {
            free(ss[i].sends);
            pthread_mutex_destroy(&ss[i].mu);
            pthread_cond_destroy(&ss[i].cond);
        }
    }
    free(lat);
    free(snd);
    free(wt);
    free(ss);
    free(th);
    chronik_conf_free(conf);
    return rc;
}

static int latency_main_all(const bench_conf *bc)
{
    double q[MAX_RUNS][LAT_Q], col[MAX_RUNS], med[LAT_Q];
    int r, j;

    for (r = 0; r < bc->runs; r++) {
        if (run_latency(bc, q[r]) != 0)
            return 1;
        fprintf(stderr,
                "  run %d: latency p50 %.3f ms p99 %.3f ms p99.9 %.3f ms max %.3f ms (send p50 %.3f p99 %.3f, "
                "wait p50 %.3f p99 %.3f)\n",
                r + 1, q[r][0], q[r][1], q[r][2], q[r][3], q[r][4], q[r][5], q[r][6], q[r][7]);
    }
    for (j = 0; j < LAT_Q; j++) {
        for (r = 0; r < bc->runs; r++)
            col[r] = q[r][j];
        qsort(col, (size_t)bc->runs, sizeof(double), cmp_dbl);
        med[j] = col[bc->runs / 2];
    }
    printf("BENCH log_bench op=latency policy=always partitions=%d rate=%d size=%zu seconds=%d runs=%d "
           "p50_ms=%.3f p99_ms=%.3f p999_ms=%.3f max_ms=%.3f send_p50_ms=%.3f send_p99_ms=%.3f wait_p50_ms=%.3f "
           "wait_p99_ms=%.3f\n",
           bc->partitions, bc->rate, bc->size, bc->seconds, bc->runs, med[0], med[1], med[2], med[3], med[4],
           med[5], med[6], med[7]);
    return 0;
}

static int parse_list(const char *s, int *out, int max)
{
    int n = 0;
    char *end;

    while (*s && n < max) {
        long v = strtol(s, &end, 10);
        if (end == s || v < 1 || v > 8)
            return -1;
        out[n++] = (int)v;
        s = *end == ',' ? end + 1 : end;
    }
    return n;
}

static int parse_args(int argc, char **argv, bench_conf *bc)
{
    const char *tmp = getenv("TMPDIR");
    int i;

    bc->records = 2000000;
    bc->records_always = 400000;
    bc->runs = 3;
    bc->size = 100;
    bc->batch = 1000;
    bc->threads[0] = 1;
    bc->threads[1] = 4;
    bc->nthreads = 2;
    bc->policies[0] = "always";
    bc->policies[1] = "os";
    bc->npolicies = 2;
    bc->dir = tmp != NULL && *tmp ? tmp : "/tmp";
    bc->rate = 10000;
    bc->seconds = 10;
    bc->partitions = 1;
    for (i = 1; i + 1 < argc; i += 2) {
        const char *k = argv[i], *v = argv[i + 1];
        if (strcmp(k, "--records") == 0)
            bc->records = atoll(v);
        else if (strcmp(k, "--records-always") == 0)
            bc->records_always = atoll(v);
        else if (strcmp(k, "--runs") == 0)
            bc->runs = atoi(v);
        else if (strcmp(k, "--size") == 0)
            bc->size = (size_t)atoll(v);
        else if (strcmp(k, "--batch") == 0)
            bc->batch = atoi(v);
        else if (strcmp(k, "--threads") == 0)
            bc->nthreads = parse_list(v, bc->threads, 4);
        else if (strcmp(k, "--dir") == 0)
            bc->dir = v;
        else if (strcmp(k, "--rate") == 0)
            bc->rate = atoi(v);
        else if (strcmp(k, "--seconds") == 0)
            bc->seconds = atoi(v);
        else if (strcmp(k, "--partitions") == 0)
            bc->partitions = atoi(v);
        else if (strcmp(k, "--policies") == 0) {
            if (strcmp(v, "always") == 0 || strcmp(v, "os") == 0 || strcmp(v, "interval.ms=10") == 0) {
                bc->policies[0] = v;
                bc->npolicies = 1;
            } else if (strcmp(v, "always,os") != 0) {
                return -1;
            }
        } else {
            return -1;
        }
    }
    if (i != argc || bc->records < 1 || bc->records_always < 1 || bc->runs < 1 || bc->runs > MAX_RUNS ||
        bc->size < 1 || bc->batch < 1 || bc->nthreads < 1 || bc->rate < 1 || bc->seconds < 2 ||
        bc->partitions < 1 || bc->partitions > 64 || bc->rate > 1000000)
        return -1;
    return 0;
}

int main(int argc, char **argv)
{
    bench_conf bc;
    result res[MAX_CASES];
    int nres = 0, p, t, r, i;
    bool micro = argc > 1 && strcmp(argv[1], "--micro") == 0;
    bool latency = argc > 1 && strcmp(argv[1], "--latency") == 0;

    if (micro || latency) {
        argv[1] = argv[0];
        argc--;
        argv++;
    }
    if (parse_args(argc, argv, &bc) != 0) {
        fprintf(stderr,
                "usage: %s [--records N] [--records-always N] [--runs R] [--size B] [--batch N]\n"
                "          [--threads 1,4] [--policies always|os|always,os] [--dir D]\n"
                "       %s --micro [--size B] [--batch N]\n"
                "       %s --latency [--rate N] [--seconds S] [--partitions P] [--size B] [--runs R]\n"
                "                 [--dir D]\n",
                argv[0], argv[0], argv[0]);
        return 2;
    }
    setvbuf(stdout, NULL, _IOLBF, 0);
    if (micro)
        return run_micro(&bc);
    if (latency)
        return latency_main_all(&bc);
    for (p = 0; p < bc.npolicies; p++) {
        for (t = 0; t < bc.nthreads; t++) {
            const char *policy = bc.policies[p];
            int nthreads = bc.threads[t];
            int64_t records = strcmp(policy, "always") == 0 ? bc.records_always : bc.records;
            result *rp = &res[nres], *rf = &res[nres + 1];
            records -= records % nthreads;
            memset(rp, 0, 2 * sizeof(*rp));
            snprintf(rp->op, sizeof(rp->op), "produce");
            snprintf(rf->op, sizeof(rf->op), "fetch");
            for (i = 0; i < 2; i++) {
                snprintf(rp[i].policy, sizeof(rp[i].policy), "%s", policy);
                rp[i].threads = nthreads;
                rp[i].records = records;
            }
            for (r = 0; r < bc.runs; r++) {
                if (run_case(&bc, policy, nthreads, records, &rp->rps[r], &rf->rps[r]) != 0)
                    return 1;
                fprintf(stderr, "  run %d: %s threads=%d produce %.0f rec/s, fetch %.0f rec/s\n", r + 1, policy,
                        nthreads, rp->rps[r], rf->rps[r]);
            }
            for (i = 0; i < 2; i++) {
                double sorted[MAX_RUNS];
                memcpy(sorted, rp[i].rps, sizeof(sorted));
                qsort(sorted, (size_t)bc.runs, sizeof(double), cmp_dbl);
                rp[i].median_rps = sorted[bc.runs / 2];
                printf("BENCH log_bench op=%s policy=%s threads=%d size=%zu batch=%d records=%lld runs=%d "
                       "records_per_s=%.0f mb_per_s=%.1f\n",
                       rp[i].op, policy, nthreads, bc.size, bc.batch, (long long)records, bc.runs,
                       rp[i].median_rps, rp[i].median_rps * (double)bc.size / 1e6);
            }
            nres += 2;
        }
    }
    printf("\n%-8s %-7s %7s %12s %14s %10s\n", "op", "policy", "threads", "records", "records/s", "MB/s");
    for (i = 0; i < nres; i++)
        printf("%-8s %-7s %7d %12lld %14.0f %10.1f\n", res[i].op, res[i].policy, res[i].threads,
               (long long)res[i].records, res[i].median_rps, res[i].median_rps * (double)bc.size / 1e6);
    return 0;
}
