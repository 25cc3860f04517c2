/*
 * sql_bench.c — benchmark of SQL over topics (a program, not a test).
 *
 * Produces N JSON messages (~200 bytes, 3 partitions; default 1,000,000)
 * into a raw topic and into a columnar topic (columnar.enabled=true, the
 * materializer running meanwhile), in --rounds rounds (default 3) of one
 * fresh raw and one fresh columnar topic each, alternating which goes
 * first and waiting for the materializer to catch up before the next
 * produce, so every raw produce runs alone and every columnar one only
 * with its own materialization.  Per round and as medians it reports the
 * produce throughput of both (the ingest overhead of columnar), the time
 * the materializer needs to catch up after the last produce, and the
 * process CPU time per message of a raw produce and the extra CPU time per
 * message of a columnar one (its produce and materialization, getrusage).
 * Then p50/p99 latencies of
 *   COUNT(*), GROUP BY _partition, WHERE _offset > N LIMIT 10, a time-range
 *   filter, AVG(amount) GROUP BY a string field
 * on the raw topic and on the columnar topic's unified table (first round).
 *
 * Usage: sql_bench [messages] [data-dir] [--rounds R] [--query SQL]
 *   data-dir: default a temp dir, removed; a kept one skips producing on
 *   re-runs.  --query: only run SQL (SQL_BENCH_RUNS times, default 50).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <unistd.h>

#include "chronik.h"
#include "sql/sql.h"
#include "util/util.h"

#define BATCH 500
#define T0 1700000000000LL

static chronik_t *eng;

static int cmp_i64(const void *a, const void *b) {
    int64_t x = *(const int64_t *)a, y = *(const int64_t *)b;
    return x < y ? -1 : x > y;
}

static int count_rows(void *opaque, int32_t ncols, const char *const *names, const char *const *types,
                      const chronik_sql_value_t *values) {
    (void)ncols;
    (void)names;
    (void)types;
    (void)values;
    (*(int64_t *)opaque)++;
    return 0;
}

/* Runs query `runs` times; prints p50/p99 in ms. */
static void bench(const char *label, const char *query, int runs) {
    int64_t *us = calloc((size_t)runs, sizeof(int64_t));
    int64_t rows = 0;
    for (int i = 0; i < runs; i++) {
        rows = 0;
        int64_t t0 = ck_mono_us();
        chronik_err_t rc = chronik_sql(eng, query, NULL, 0, 0, count_rows, &rows, NULL);
        us[i] = ck_mono_us() - t0;
        if (rc != CHRONIK_OK) {
            fprintf(stderr, "%s: %s\n", label, chronik_errmsg(eng));
            free(us);
            return;
        }
    }
    qsort(us, (size_t)runs, sizeof(int64_t), cmp_i64);
    int i50 = runs / 2, i99 = (int)((runs - 1) * 0.99);
    printf("  %-44s p50 %9.3f ms  p99 %9.3f ms  (%d runs, %lld rows)\n", label, us[i50] / 1000.0, us[i99] / 1000.0,
           runs, (long long)rows);
    free(us);
}

static double produce_all(const char *topic, int64_t n) {
    static const char *regions[] = { "eu-west-1", "us-east-1", "ap-south-1", "sa-east-1", "eu-central-1" };
    static const char *status[] = { "created", "paid", "shipped", "delivered" };
    chronik_record_t *recs = calloc(BATCH, sizeof(*recs));
    char (*vals)[256] = calloc(BATCH, 256);
    char (*keys)[32] = calloc(BATCH, 32);
    int64_t t0 = ck_mono_us();
    for (int64_t i = 0; i < n; i += BATCH) {
        int cnt = (int)CK_MIN((int64_t)BATCH, n - i);
        for (int k = 0; k < cnt; k++) {
            int64_t id = i + k;
            snprintf(keys[k], 32, "order-%lld", (long long)id);
            int len = snprintf(vals[k], 256,
                               "{\"id\":%lld,\"amount\":%lld.%02lld,\"region\":\"%s\",\"customer\":\"cust-%05lld\","
                               "\"status\":\"%s\",\"items\":%lld,\"shipping\":{\"carrier\":\"dhl\",\"days\":%lld},"
                               "\"note\":\"benchmark order payload xxxxxxxxxxxx\"}",
                               (long long)id, (long long)(id % 997), (long long)(id % 100), regions[id % 5],
                               (long long)(id % 50000), status[id % 4], (long long)(id % 9 + 1), (long long)(id % 5));
            recs[k] = (chronik_record_t){ keys[k], strlen(keys[k]), vals[k], (size_t)len, T0 + id, NULL, 0 };
        }
        int32_t part = (int32_t)((i / BATCH) % 3);
        if (chronik_produce(eng, topic, part, recs, (size_t)cnt, NULL) != CHRONIK_OK) {
            fprintf(stderr, "produce: %s\n", chronik_errmsg(eng));
            exit(1);
        }
    }
    double secs = (double)(ck_mono_us() - t0) / 1e6;
    free(recs);
    free(vals);
    free(keys);
    return secs;
}

/* Process CPU time (user + system), seconds. */
static double cpu_secs(void) {
    struct rusage ru;
    getrusage(RUSAGE_SELF, &ru);
    return (double)ru.ru_utime.tv_sec + (double)ru.ru_utime.tv_usec / 1e6 + (double)ru.ru_stime.tv_sec +
           (double)ru.ru_stime.tv_usec / 1e6;
}

static int cmp_dbl(const void *a, const void *b) {
    double x = *(const double *)a, y = *(const double *)b;
    return x < y ? -1 : x > y;
}

static double median(double *v, int n) {
    qsort(v, (size_t)n, sizeof(double), cmp_dbl);
    return n % 2 ? v[n / 2] : (v[n / 2 - 1] + v[n / 2]) / 2;
}

#define MAX_ROUNDS 9

/* Round r: a raw and a columnar topic, in alternating order. */
static void produce_rounds(ck_sql *sql, int64_t n, int rounds) {
    const char *cfg[] = { "columnar.enabled", "true", NULL };
    double raw_rate[MAX_ROUNDS], col_rate[MAX_ROUNDS], over[MAX_ROUNDS], catchup[MAX_ROUNDS], raw_cpu[MAX_ROUNDS],
        col_cpu[MAX_ROUNDS];
    for (int r = 0; r < rounds; r++) {
        char raw[32], col[32];
        snprintf(raw, sizeof(raw), r ? "bench_raw_%d" : "bench_raw", r);
        snprintf(col, sizeof(col), r ? "bench_col_%d" : "bench_col", r);
        if (r > 0) {
            chronik_topic_create(eng, raw, 3, NULL);
            chronik_topic_create(eng, col, 3, cfg);
            ck_sql_topic_changed(sql, col);
        }
        double t_raw = 0, t_col = 0, c_raw = 0, c_col = 0, t_mat = 0;
        for (int k = 0; k < 2; k++) {
            bool do_raw = (k == 0) == (r % 2 == 0);
            double c0 = cpu_secs();
            if (do_raw) {
                t_raw = produce_all(raw, n);
                c_raw = cpu_secs() - c0;
            } else {
                t_col = produce_all(col, n);
                int64_t t0 = ck_mono_ms();
                int rc = ck_sql_wait_materialized(sql, col, 600000);
                t_mat = (double)(ck_mono_ms() - t0) / 1000.0;
                c_col = cpu_secs() - c0;
                if (rc != 0) printf("  (materializer timed out)\n");
            }
        }
        raw_rate[r] = (double)n / t_raw;
        col_rate[r] = (double)n / t_col;
        over[r] = (t_col / t_raw - 1) * 100.0;
        catchup[r] = t_mat;
        raw_cpu[r] = c_raw / (double)n * 1e6;
        col_cpu[r] = (c_col - c_raw) / (double)n * 1e6;
        printf("round %d (%s first): raw %8.0f msg/s, columnar %8.0f msg/s (overhead %+.1f %%), caught up %.2f s; "
               "CPU/msg raw %.2f us, columnar extra %.2f us\n",
               r + 1, r % 2 == 0 ? "raw" : "columnar", raw_rate[r], col_rate[r], over[r], t_mat, raw_cpu[r],
               col_cpu[r]);
    }
    printf("produce raw topic:      %8.0f msg/s (median of %d)\n", median(raw_rate, rounds), rounds);
    printf("produce columnar topic: %8.0f msg/s  overhead %+.1f %% (median of the rounds' ratios)\n",
           median(col_rate, rounds), median(over, rounds));
    printf("materializer caught up %.2f s after the last produce (median)\n", median(catchup, rounds));
    printf("CPU per message: raw produce %.2f us; columnar ingest %.2f us more (produce + materialize, medians)\n",
           median(raw_cpu, rounds), median(col_cpu, rounds));
}

int main(int argc, char **argv) {
    const char *only = NULL;
    int only_runs = 50, rounds = 3;
    for (int i = 1; i + 1 < argc; i++) {
        if (strcmp(argv[i], "--query") == 0 || strcmp(argv[i], "--rounds") == 0) {
            for (int k = i; k + 1 < argc; k += 2) {
                if (strcmp(argv[k], "--query") == 0) only = argv[k + 1];
                else if (strcmp(argv[k], "--rounds") == 0) rounds = atoi(argv[k + 1]);
            }
            argc = i;
            break;
        }
    }
    if (rounds < 1) rounds = 1;
    if (rounds > MAX_ROUNDS) rounds = MAX_ROUNDS;
    if (only && getenv("SQL_BENCH_RUNS")) only_runs = atoi(getenv("SQL_BENCH_RUNS"));
    int64_t n = argc > 1 ? atoll(argv[1]) : 1000000;
    char dir[256];
    bool temp = argc <= 2;
    if (temp) {
        snprintf(dir, sizeof(dir), "/tmp/chronik-sqlbench-XXXXXX");
        if (!mkdtemp(dir)) return 1;
    } else {
        snprintf(dir, sizeof(dir), "%s", argv[2]);
    }
    chronik_conf_t *conf = chronik_conf_new();
    char err[256];
    chronik_conf_set(conf, "data.dir", dir, err, sizeof(err));
    chronik_conf_set(conf, "flush.policy", "os", err, sizeof(err));
    chronik_conf_set(conf, "log.level", "warn", err, sizeof(err));
    chronik_conf_set(conf, "sql.max.rows", "1000000", err, sizeof(err));
    chronik_conf_set(conf, "sql.timeout.ms", "600000", err, sizeof(err));
    if (chronik_open(conf, &eng, err, sizeof(err)) != CHRONIK_OK) {
        fprintf(stderr, "open: %s\n", err);
        return 1;
    }
    chronik_conf_free(conf);
    void *own = NULL;
    if (!ck_sql_of(eng) && ck_sql_start(eng, &own) != 0) return 1;
    ck_sql *sql = ck_sql_of(eng);

    const char *cfg[] = { "columnar.enabled", "true", NULL };
    /* Topics that already exist (a kept data-dir) are queried as they are. */
    bool fresh = chronik_topic_create(eng, "bench_raw", 3, NULL) == CHRONIK_OK;
    fresh = chronik_topic_create(eng, "bench_col", 3, cfg) == CHRONIK_OK && fresh;
    ck_sql_topic_changed(sql, "bench_col");

    printf("sql_bench: %lld JSON messages (~200 B), 3 partitions, flush.policy=os, %ld cores\n", (long long)n,
           sysconf(_SC_NPROCESSORS_ONLN));
    if (fresh) {
        produce_rounds(sql, n, rounds);
    } else {
        ck_sql_wait_materialized(sql, "bench_col", 600000);
    }

    if (only) {
        bench("query", only, only_runs);
        if (own) ck_sql_stop(own);
        chronik_close(eng);
        if (temp) ck_rmtree(dir);
        return 0;
    }
    char q[512];
    int64_t per_part = n / 3, mid = per_part / 2;
    int64_t tmid = T0 + n / 2;
    printf("raw topic (virtual table over the log):\n");
    bench("SELECT COUNT(*)", "SELECT COUNT(*) FROM bench_raw", 5);
    bench("GROUP BY _partition", "SELECT _partition, COUNT(*) FROM bench_raw GROUP BY _partition", 5);
    snprintf(q, sizeof(q), "SELECT _offset, _value FROM bench_raw WHERE _offset > %lld LIMIT 10", (long long)mid);
    bench("WHERE _offset > N LIMIT 10", q, 200);
    snprintf(q, sizeof(q), "SELECT _offset, _value FROM bench_raw WHERE _partition = 1 AND _offset > %lld LIMIT 10",
             (long long)mid);
    bench("WHERE _partition = 1 AND _offset > N LIMIT 10", q, 200);
    snprintf(q, sizeof(q), "SELECT COUNT(*) FROM bench_raw WHERE _timestamp BETWEEN %lld AND %lld", (long long)tmid,
             (long long)tmid + 999);
    bench("time range (1 s = 1000 msgs)", q, 200);
    bench("AVG(amount) GROUP BY region",
          "SELECT _value->>'$.region', AVG(_value->>'$.amount') FROM bench_raw GROUP BY 1", 5);

    printf("columnar topic (unified = cold table + hot tail):\n");
    bench("SELECT COUNT(*)", "SELECT COUNT(*) FROM bench_col", 20);
    bench("GROUP BY _partition", "SELECT _partition, COUNT(*) FROM bench_col GROUP BY _partition", 20);
    snprintf(q, sizeof(q), "SELECT _offset, amount FROM bench_col WHERE _offset > %lld LIMIT 10", (long long)mid);
    bench("WHERE _offset > N LIMIT 10", q, 200);
    snprintf(q, sizeof(q), "SELECT _offset, amount FROM bench_col WHERE _partition = 1 AND _offset > %lld LIMIT 10",
             (long long)mid);
    bench("WHERE _partition = 1 AND _offset > N LIMIT 10", q, 200);
    snprintf(q, sizeof(q), "SELECT COUNT(*) FROM bench_col WHERE _timestamp BETWEEN %lld AND %lld", (long long)tmid,
             (long long)tmid + 999);
    bench("time range (1 s = 1000 msgs)", q, 200);
    bench("AVG(amount) GROUP BY region", "SELECT region, AVG(amount) FROM bench_col GROUP BY region", 10);
    printf("columnar topic, cold table only:\n");
    bench("SELECT COUNT(*)", "SELECT COUNT(*) FROM bench_col_cold", 20);
    bench("GROUP BY _partition", "SELECT _partition, COUNT(*) FROM bench_col_cold GROUP BY _partition", 20);

    if (own) ck_sql_stop(own);
    chronik_close(eng);
    if (temp) ck_rmtree(dir);
    return 0;
}
