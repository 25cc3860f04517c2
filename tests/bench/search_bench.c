/*
 * search_bench.c — benchmark of full-text search (a program, not a test).
 *
 * 1. Produce cost: 1 KiB JSON records (a pool of 1,009 generated beforehand)
 *    produced with chronik_produce (batches of 100, one thread) for 3 s into
 *    a topic with searchable.enabled=false, then for 3 s into one with it true
 *    (the indexer running flat out meanwhile), three times: records/s of
 *    each, medians and their ratio.
 * 2. Indexer lag at a fixed rate: 10,000 records/s for 5 s into a searchable
 *    topic; every 5 ms the acknowledged records the index does not hold yet
 *    are counted (and turned into ms at that rate); p50 / p99 / max.
 * 3. Indexing and queries: N log-like JSON records (~300 bytes; the words of
 *    their message drawn from a Zipf vocabulary of 5,000 words; default N =
 *    1,000,000) are produced into a topic, then searchable.enabled is switched
 *    on and the backfill is timed (docs/s), the index is compared with the
 *    log in size, and each query runs `runs` times through chronik_search
 *    (p50 / p99 in ms): one-term match, two-term AND, phrase, bool with a
 *    _timestamp range filter, top-10 with highlight.
 * 4. Reference, same run, same documents: a bare SQLite FTS5 table (the same
 *    tokenizer, one column per string field) filled in one transaction, and
 *    the same queries in SQL (bm25 ranking, LIMIT 10, a bounded count as the
 *    search reports, highlight()).
 *
 * Usage: search_bench [records] [data-dir] [runs] [parts]
 *        data-dir: "" or absent for a temp dir, removed at the end; a kept
 *        directory whose records exist already skips producing them (and
 *        the indexing and reference timings);
 *        parts: which of 1, 2, 3 to run (default "123"; 3 includes 4).
 */
#include <math.h>
#include <pthread.h>
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "chronik.h"
#include "search/search.h"
#include "search/search_int.h"
#include "util/util.h"

#define VOCAB 5000
#define PARTS 3

static chronik_t *eng;
static char g_dir[512];
static char words[VOCAB][16];
static double zipf_cdf[VOCAB];
static uint64_t g_rng = 88172645463325252ull;

static uint64_t xr(void) {
    g_rng ^= g_rng << 13;
    g_rng ^= g_rng >> 7;
    g_rng ^= g_rng << 17;
    return g_rng;
}

static double urand(void) { return (double)(xr() >> 11) / 9007199254740992.0; }

static void make_vocab(void) {
    static const char *syl[] = { "ka", "lo", "mi", "ne", "ru", "sa", "te", "vo", "xi", "zu", "an", "er",
                                 "ol", "ud", "ip", "ey", "fa", "go", "hi", "ju" };
    double sum = 0;
    for (int i = 0; i < VOCAB; i++) {
        int a = i % 20, b = (i / 20) % 20, c = (i / 400) % 20;
        snprintf(words[i], sizeof(words[i]), "%s%s%s%s", syl[a], syl[b], i >= 400 ? syl[c] : "",
                 i >= 8000 ? "x" : "");
        sum += 1.0 / (i + 1);
        zipf_cdf[i] = sum;
    }
    for (int i = 0; i < VOCAB; i++) zipf_cdf[i] /= sum;
}

static int zipf(void) {
    double u = urand();
    int lo = 0, hi = VOCAB - 1;
    while (lo < hi) {
        int mid = (lo + hi) / 2;
        if (zipf_cdf[mid] < u) lo = mid + 1;
        else hi = mid;
    }
    return lo;
}

static int cmp_i64(const void *a, const void *b) {
    int64_t x = *(const int64_t *)a, y = *(const int64_t *)b;
    return x < y ? -1 : x > y;
}

static int cmp_dbl(const void *a, const void *b) {
    double x = *(const double *)a, y = *(const double *)b;
    return x < y ? -1 : x > y;
}

/* A ~300-byte log line; ts ms since the epoch. */
static int log_record(char *out, size_t n, int64_t i, int64_t ts, char *msg, size_t msgn) {
    static const char *levels[] = { "INFO", "INFO", "INFO", "WARN", "ERROR", "DEBUG" };
    size_t pos = 0;
    int nw = 14 + (int)(xr() % 10);
    for (int w = 0; w < nw && pos + 20 < msgn; w++) pos += (size_t)snprintf(msg + pos, msgn - pos, "%s%s", w ? " " : "", words[zipf()]);
    return snprintf(out, n,
                    "{\"ts\":%lld,\"level\":\"%s\",\"service\":\"svc-%02d\",\"host\":\"host-%03d\",\"message\":\"%s\","
                    "\"latency_ms\":%d,\"status\":%d,\"trace_id\":\"%016llx\",\"seq\":%lld}",
                    (long long)ts, levels[xr() % 6], (int)(xr() % 40), (int)(xr() % 200), msg, (int)(xr() % 2000),
                    (xr() % 10) ? 200 : 500, (unsigned long long)xr(), (long long)i);
}

/* 1 KiB JSON record. */
static int kib_record(char *out, size_t n, int64_t i) {
    char msg[900];
    size_t pos = 0;
    while (pos < 760) pos += (size_t)snprintf(msg + pos, sizeof(msg) - pos, "%s%s", pos ? " " : "", words[zipf()]);
    return snprintf(out, n, "{\"id\":%lld,\"level\":\"INFO\",\"service\":\"checkout\",\"message\":\"%.*s\","
                            "\"user\":\"user-%05d\",\"amount\":%d}",
                    (long long)i, 900 - 120, msg, (int)(xr() % 100000), (int)(xr() % 10000));
}

static void create(const char *name, bool searchable) {
    const char *cfg[] = { "searchable.enabled", searchable ? "true" : "false", NULL };
    if (chronik_topic_create(eng, name, PARTS, cfg) != CHRONIK_OK) {
        fprintf(stderr, "create %s: %s\n", name, chronik_errmsg(eng));
        exit(1);
    }
}

/* Produces n 1 KiB records (from a pool generated beforehand, so the
 * timed loop is the produce path alone); returns records/s. */
#define POOL 1009
static char pool[POOL][1100];
static int pool_len[POOL];

static double produce_kib(const char *topic, int64_t duration_ms) {
    enum { B = 100 };
    chronik_record_t recs[B];
    if (!pool_len[0])
        for (int i = 0; i < POOL; i++) pool_len[i] = kib_record(pool[i], sizeof(pool[i]), i);
    int64_t t0 = ck_mono_us(), i = 0;
    for (; ck_mono_us() - t0 < duration_ms * 1000; i += B) {
        int cnt = B;
        for (int k = 0; k < cnt; k++) {
            int j = (int)((i + k) % POOL);
            recs[k] = (chronik_record_t){ .value = pool[j], .value_len = (size_t)pool_len[j], .timestamp = -1 };
        }
        if (chronik_produce(eng, topic, (int32_t)((i / B) % PARTS), recs, (size_t)cnt, NULL) != CHRONIK_OK) {
            fprintf(stderr, "produce: %s\n", chronik_errmsg(eng));
            exit(1);
        }
    }
    return (double)i / ((double)(ck_mono_us() - t0) / 1e6);
}

/* Acknowledged records of topic not yet in its index. */
static int64_t index_lag(const char *topic) {
    ck_search *s = ck_search_of(eng);
    ck_sidx *idx = ck_sidx_get(s, topic);
    if (!idx) return -1;
    int64_t lag = 0;
    int32_t np = ck_topic_partition_count(idx->topic);
    int64_t hwm[64] = { 0 };
    for (int32_t p = 0; p < np && p < 64; p++) {
        ck_part_offsets o;
        ck_partition_offsets(ck_topic_partition(idx->topic, p), &o);
        hwm[p] = o.high_watermark;
    }
    pthread_mutex_lock(&s->lock);
    for (int32_t p = 0; p < np && p < 64; p++) lag += hwm[p] - (p < idx->npub ? idx->pub_progress[p] : 0);
    pthread_mutex_unlock(&s->lock);
    ck_sidx_release(idx);
    return lag;
}

static int64_t dir_bytes(const char *path) {
    struct stat st;
    return stat(path, &st) == 0 ? st.st_size : 0;
}

/* ----- queries through chronik_search ----- */

static void bench_search(const char *label, const char *topic, const char *body, int runs, double *p50, double *p99) {
    double *ms = calloc((size_t)runs, sizeof(double));
    int64_t total = -1;
    for (int i = 0; i < runs; i++) {
        char *json = NULL;
        int64_t t0 = ck_mono_us();
        chronik_err_t rc = chronik_search(eng, topic, body, &json);
        ms[i] = (double)(ck_mono_us() - t0) / 1000.0;
        if (rc != CHRONIK_OK) {
            fprintf(stderr, "%s: %s\n", label, chronik_errmsg(eng));
            exit(1);
        }
        if (i == 0) {
            const char *t = strstr(json, "\"total\":{\"value\":");
            total = t ? strtoll(t + strlen("\"total\":{\"value\":"), NULL, 10) : -1;
        }
        chronik_free(json);
    }
    qsort(ms, (size_t)runs, sizeof(double), cmp_dbl);
    *p50 = ms[runs / 2];
    *p99 = ms[(int)((runs - 1) * 0.99)];
    printf("  chronik %-28s p50 %8.3f ms  p99 %8.3f ms  (total %lld)\n", label, *p50, *p99, (long long)total);
    free(ms);
}

/* ----- the same queries on a bare FTS5 table ----- */

static void bench_sql(sqlite3 *db, const char *label, const char *count_sql, const char *top_sql, const char *match,
                      int64_t lo, int64_t hi, int runs, double *p50, double *p99) {
    double *ms = calloc((size_t)runs, sizeof(double));
    int64_t total = 0;
    sqlite3_stmt *cs = NULL, *ts = NULL;
    if (sqlite3_prepare_v2(db, count_sql, -1, &cs, NULL) != SQLITE_OK ||
        sqlite3_prepare_v2(db, top_sql, -1, &ts, NULL) != SQLITE_OK) {
        fprintf(stderr, "%s: %s\n", label, sqlite3_errmsg(db));
        exit(1);
    }
    for (int i = 0; i < runs; i++) {
        int64_t t0 = ck_mono_us();
        sqlite3_reset(cs);
        sqlite3_bind_text(cs, 1, match, -1, SQLITE_STATIC);
        if (lo >= 0) sqlite3_bind_int64(cs, 2, lo), sqlite3_bind_int64(cs, 3, hi);
        if (sqlite3_step(cs) == SQLITE_ROW) total = sqlite3_column_int64(cs, 0);
        sqlite3_reset(ts);
        sqlite3_bind_text(ts, 1, match, -1, SQLITE_STATIC);
        if (lo >= 0) sqlite3_bind_int64(ts, 2, lo), sqlite3_bind_int64(ts, 3, hi);
        int64_t sink = 0;
        while (sqlite3_step(ts) == SQLITE_ROW) {
            sink += sqlite3_column_int64(ts, 0);
            const unsigned char *h = sqlite3_column_text(ts, 1);
            if (h) sink += h[0];
        }
        (void)sink;
        ms[i] = (double)(ck_mono_us() - t0) / 1000.0;
    }
    sqlite3_finalize(cs);
    sqlite3_finalize(ts);
    qsort(ms, (size_t)runs, sizeof(double), cmp_dbl);
    *p50 = ms[runs / 2];
    *p99 = ms[(int)((runs - 1) * 0.99)];
    printf("  fts5    %-28s p50 %8.3f ms  p99 %8.3f ms  (total %lld)\n", label, *p50, *p99, (long long)total);
    free(ms);
}

int main(int argc, char **argv) {
    int64_t n = argc > 1 ? atoll(argv[1]) : 1000000;
    bool own_dir = argc <= 2 || !argv[2][0];
    const char *parts = argc > 4 ? argv[4] : "123";
    int runs = argc > 3 ? atoi(argv[3]) : 50;
    if (own_dir) {
        snprintf(g_dir, sizeof(g_dir), "/tmp/chronik-search-bench-XXXXXX");
        if (!mkdtemp(g_dir)) return 1;
    } else {
        snprintf(g_dir, sizeof(g_dir), "%s", argv[2]);
        ck_mkdirs(g_dir, 0755);
    }
    setvbuf(stdout, NULL, _IOLBF, 0);
    make_vocab();
    chronik_conf_t *conf = chronik_conf_new();
    char err[256];
    chronik_conf_set(conf, "data.dir", g_dir, err, sizeof(err));
    chronik_conf_set(conf, "flush.policy", "os", err, sizeof(err));
    chronik_conf_set(conf, "log.level", "warn", err, sizeof(err));
    chronik_conf_set(conf, "search.timeout.ms", "600000", err, sizeof(err));
    if (chronik_open(conf, &eng, err, sizeof(err)) != CHRONIK_OK) {
        fprintf(stderr, "open: %s\n", err);
        return 1;
    }
    chronik_conf_free(conf);
    double la[3];
    if (getloadavg(la, 3) == 3) printf("load average at start: %.2f %.2f %.2f\n", la[0], la[1], la[2]);

    /* 1. Produce cost of searchable.enabled (1 KiB JSON). */
    if (strchr(parts, '1')) {
    printf("\n[1] produce for 3 s, 1 KiB JSON records, %d partitions, chronik_produce batches of 100, "
           "flush.policy=os\n", PARTS);
    double plain[3], srch[3];
    for (int r = 0; r < 3; r++) {
        char a[32], b[32];
        snprintf(a, sizeof(a), "plain-%d", r);
        snprintf(b, sizeof(b), "searchable-%d", r);
        create(a, false);
        plain[r] = produce_kib(a, 3000);
        chronik_topic_delete(eng, a);
        create(b, true);
        srch[r] = produce_kib(b, 3000);
        int64_t behind = index_lag(b);
        printf("  run %d: plain %9.0f rec/s   searchable %9.0f rec/s   (%lld records not indexed yet at the end)\n",
               r + 1, plain[r], srch[r], (long long)behind);
        chronik_topic_delete(eng, b);
        usleep(500000); /* the indexer lets the deleted topic go */
    }
    qsort(plain, 3, sizeof(double), cmp_dbl);
    qsort(srch, 3, sizeof(double), cmp_dbl);
    printf("  median: plain %.0f rec/s, searchable %.0f rec/s: %.1f %%\n", plain[1], srch[1], 100.0 * srch[1] / plain[1]);
    }

    /* 2. Indexer lag at 10,000 records/s, for 1 KiB and ~300-byte records. */
    if (strchr(parts, '2')) {
        for (int kind = 0; kind < 2; kind++) {
            printf("\n[2%c] indexer lag at 10,000 records/s (%s JSON), 5 s\n", kind ? 'b' : 'a',
                   kind ? "~300-byte log-like" : "1 KiB");
            create("lag", true);
            enum { B = 50 };
            static char vals[B][1100], msg[B][420];
            chronik_record_t recs[B];
            int64_t samples = 0, cap = 2000;
            int64_t *lag = calloc((size_t)cap, sizeof(int64_t));
            int64_t start = ck_mono_us(), sent = 0, next_sample = start;
            while (ck_mono_us() - start < 5000000) {
                int64_t due = (ck_mono_us() - start) * 10000 / 1000000;
                while (sent + B <= due) {
                    for (int k = 0; k < B; k++) {
                        int len = kind ? log_record(vals[k], sizeof(vals[k]), sent + k, ck_now_ms(), msg[k], sizeof(msg[k]))
                                       : kib_record(vals[k], sizeof(vals[k]), sent + k);
                        recs[k] = (chronik_record_t){ .value = vals[k], .value_len = (size_t)len, .timestamp = -1 };
                    }
                    chronik_produce(eng, "lag", (int32_t)((sent / B) % PARTS), recs, B, NULL);
                    sent += B;
                }
                if (ck_mono_us() >= next_sample) {
                    if (samples < cap) lag[samples++] = index_lag("lag");
                    next_sample += 5000;
                }
                usleep(500);
            }
            qsort(lag, (size_t)samples, sizeof(int64_t), cmp_i64);
            int64_t l50 = lag[samples / 2], l99 = lag[(int)((samples - 1) * 0.99)], lmax = lag[samples - 1];
            printf("  %lld records in 5 s; unindexed acknowledged records: p50 %lld (%.1f ms)  p99 %lld (%.1f ms)  "
                   "max %lld (%.1f ms)  [%lld samples every 5 ms]\n",
                   (long long)sent, (long long)l50, l50 / 10.0, (long long)l99, l99 / 10.0, (long long)lmax,
                   lmax / 10.0, (long long)samples);
            free(lag);
            chronik_topic_delete(eng, "lag");
        }
    }
    if (!strchr(parts, '3')) goto done;

    /* 3. Indexing and queries. */
    printf("\n[3] %lld log-like JSON records (~300 bytes, Zipf vocabulary of %d words), %d partitions\n",
           (long long)n, VOCAB, PARTS);
    /* A kept data directory that already holds them skips producing. */
    int32_t have_parts = 0;
    bool reuse = chronik_topic_partitions(eng, "logs", &have_parts) == CHRONIK_OK;
    if (!reuse) create("logs", false);
    char refpath[600];
    snprintf(refpath, sizeof(refpath), "%s/reference-fts5.db", g_dir);
    if (!reuse) unlink(refpath);
    sqlite3 *ref = NULL;
    sqlite3_open(refpath, &ref);
    sqlite3_exec(ref, "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;"
                      "CREATE VIRTUAL TABLE ref USING fts5(ts UNINDEXED, level, service, host, message, trace_id,"
                      " tokenize='unicode61 remove_diacritics 2')", NULL, NULL, NULL);
    sqlite3_stmt *ins = NULL;
    sqlite3_prepare_v2(ref, "INSERT INTO ref(rowid, ts, level, service, host, message, trace_id) "
                            "VALUES(?,?,?,?,?,?,?)", -1, &ins, NULL);
    int64_t t_first = 1700000000000LL;
    int64_t t0 = ck_mono_us();
    double ref_insert_s = 0;
    if (reuse) printf("  (reusing the records and the reference table of %s)\n", g_dir);
    else {
        enum { B = 500 };
        static char vals[B][600];
        static char msgs[B][420];
        chronik_record_t recs[B];
        int64_t log_bytes_v = 0;
        sqlite3_exec(ref, "BEGIN", NULL, NULL, NULL);
        for (int64_t i = 0; i < n; i += B) {
            int cnt = (int)CK_MIN((int64_t)B, n - i);
            for (int k = 0; k < cnt; k++) {
                int64_t ts = t_first + (i + k) * 10;
                int len = log_record(vals[k], sizeof(vals[k]), i + k, ts, msgs[k], sizeof(msgs[k]));
                log_bytes_v += len;
                recs[k] = (chronik_record_t){ .value = vals[k], .value_len = (size_t)len, .timestamp = ts };
            }
            int32_t part = (int32_t)((i / B) % PARTS);
            int64_t base = 0;
            if (chronik_produce(eng, "logs", part, recs, (size_t)cnt, &base) != CHRONIK_OK) {
                fprintf(stderr, "produce: %s\n", chronik_errmsg(eng));
                return 1;
            }
            int64_t r0 = ck_mono_us();
            for (int k = 0; k < cnt; k++) {
                /* the same fields the index takes: every string field */
                char level[8], service[8], host[9], trace[17];
                const char *v = vals[k];
                sscanf(strstr(v, "\"level\":\"") + 9, "%7[^\"]", level);
                sscanf(strstr(v, "\"service\":\"") + 11, "%7[^\"]", service);
                sscanf(strstr(v, "\"host\":\"") + 8, "%8[^\"]", host);
                sscanf(strstr(v, "\"trace_id\":\"") + 12, "%16[^\"]", trace);
                sqlite3_reset(ins);
                sqlite3_bind_int64(ins, 1, ck_search_rowid(part, base + k));
                sqlite3_bind_int64(ins, 2, recs[k].timestamp);
                sqlite3_bind_text(ins, 3, level, -1, SQLITE_TRANSIENT);
                sqlite3_bind_text(ins, 4, service, -1, SQLITE_TRANSIENT);
                sqlite3_bind_text(ins, 5, host, -1, SQLITE_TRANSIENT);
                sqlite3_bind_text(ins, 6, msgs[k], -1, SQLITE_STATIC);
                sqlite3_bind_text(ins, 7, trace, -1, SQLITE_TRANSIENT);
                sqlite3_step(ins);
            }
            ref_insert_s += (double)(ck_mono_us() - r0) / 1e6;
        }
        int64_t c0 = ck_mono_us();
        sqlite3_exec(ref, "COMMIT", NULL, NULL, NULL);
        ref_insert_s += (double)(ck_mono_us() - c0) / 1e6;
        printf("  produced in %.1f s (record values: %.1f MB, %.0f bytes each on average)\n",
               (double)(ck_mono_us() - t0) / 1e6 - ref_insert_s, log_bytes_v / 1e6, (double)log_bytes_v / (double)n);
    }
    sqlite3_finalize(ins);
    /* Switch indexing on: the backfill of what the log holds is timed. */
    t0 = ck_mono_us();
    chronik_topic_config_set(eng, "logs", "searchable.enabled", "true");
    if (ck_search_wait_indexed(ck_search_of(eng), "logs", 3600 * 1000) != 0) {
        fprintf(stderr, "indexing did not finish\n");
        return 1;
    }
    double idx_s = (double)(ck_mono_us() - t0) / 1e6;
    if (reuse) {
        /* The index exists already: the timing above means nothing. */
        idx_s = NAN;
        ref_insert_s = NAN;
    }
    int64_t log_bytes = 0;
    for (int p = 0; p < PARTS; p++) {
        char seg[700];
        snprintf(seg, sizeof(seg), "%s/logs/logs-%d/00000000000000000000.log", g_dir, p);
        log_bytes += dir_bytes(seg);
    }
    char ipath[700], wpath[720];
    snprintf(ipath, sizeof(ipath), "%s/search/logs.db", g_dir);
    snprintf(wpath, sizeof(wpath), "%s-wal", ipath);
    int64_t idx_bytes = dir_bytes(ipath) + dir_bytes(wpath);
    sqlite3_exec(ref, "PRAGMA wal_checkpoint(TRUNCATE)", NULL, NULL, NULL);
    char rwal[720];
    snprintf(rwal, sizeof(rwal), "%s-wal", refpath);
    int64_t ref_bytes = dir_bytes(refpath) + dir_bytes(rwal);
    printf("  chronik indexing: %.1f s, %.0f docs/s; index %.1f MB = %.2f x the log (%.1f MB)\n", idx_s, n / idx_s,
           idx_bytes / 1e6, (double)idx_bytes / (double)log_bytes, log_bytes / 1e6);
    printf("  fts5 reference:   %.1f s, %.0f docs/s; table %.1f MB = %.2f x the log\n", ref_insert_s,
           n / ref_insert_s, ref_bytes / 1e6, (double)ref_bytes / (double)log_bytes);

    /* Query terms: a frequent, a mid and a rare word; a frequent phrase. */
    const char *w1 = words[30], *w2 = words[100], *w3 = words[7];
    char b1[256], b2[256], b3[256], b4[512], b5[256];
    int64_t mid_ts = t_first + n * 10 / 2, hi_ts = mid_ts + n * 10 / 20;
    snprintf(b1, sizeof(b1), "{\"query\":{\"match\":{\"message\":\"%s\"}}}", w2);
    snprintf(b2, sizeof(b2), "{\"query\":{\"match\":{\"message\":{\"query\":\"%s %s\",\"operator\":\"and\"}}}}", w1, w2);
    snprintf(b3, sizeof(b3), "{\"query\":{\"match_phrase\":{\"message\":\"%s %s\"}}}", words[0], words[1]);
    snprintf(b4, sizeof(b4), "{\"query\":{\"bool\":{\"must\":[{\"match\":{\"message\":\"%s\"}}],\"filter\":[{\"range\":"
                             "{\"_timestamp\":{\"gte\":%lld,\"lt\":%lld}}}]}}}", w3, (long long)mid_ts,
             (long long)hi_ts);
    snprintf(b5, sizeof(b5), "{\"query\":{\"match\":{\"message\":\"%s\"}},\"size\":10,\"highlight\":{\"fields\":"
                             "{\"message\":{}}}}", w2);
    char m1[64], m2[96], m3[96], m4[64];
    snprintf(m1, sizeof(m1), "message : \"%s\"", w2);
    snprintf(m2, sizeof(m2), "message : (\"%s\" AND \"%s\")", w1, w2);
    snprintf(m3, sizeof(m3), "message : \"%s %s\"", words[0], words[1]);
    snprintf(m4, sizeof(m4), "message : \"%s\"", w3);
    printf("\n  queries (%d runs each; chronik_search JSON in and out, totals counted up to 10,000 as "
           "track_total_hits' default)\n", runs);
    double c50[5], c99[5], r50[5], r99[5];
    bench_search("one-term match", "logs", b1, runs, &c50[0], &c99[0]);
    bench_sql(ref, "one-term match",
              "SELECT count(*) FROM (SELECT 1 FROM ref WHERE ref MATCH ?1 LIMIT 10001)",
              "SELECT rowid, NULL FROM ref WHERE ref MATCH ?1 ORDER BY rank LIMIT 10", m1, -1, -1, runs, &r50[0], &r99[0]);
    bench_search("two-term AND", "logs", b2, runs, &c50[1], &c99[1]);
    bench_sql(ref, "two-term AND", "SELECT count(*) FROM (SELECT 1 FROM ref WHERE ref MATCH ?1 LIMIT 10001)",
              "SELECT rowid, NULL FROM ref WHERE ref MATCH ?1 ORDER BY rank LIMIT 10", m2, -1, -1, runs, &r50[1], &r99[1]);
    bench_search("phrase", "logs", b3, runs, &c50[2], &c99[2]);
    bench_sql(ref, "phrase", "SELECT count(*) FROM (SELECT 1 FROM ref WHERE ref MATCH ?1 LIMIT 10001)",
              "SELECT rowid, NULL FROM ref WHERE ref MATCH ?1 ORDER BY rank LIMIT 10", m3, -1, -1, runs, &r50[2], &r99[2]);
    bench_search("bool + _timestamp range", "logs", b4, runs, &c50[3], &c99[3]);
    bench_sql(ref, "bool + _timestamp range",
              "SELECT count(*) FROM (SELECT 1 FROM ref WHERE ref MATCH ?1 AND ts >= ?2 AND ts < ?3 LIMIT 10001)",
              "SELECT rowid, NULL FROM ref WHERE ref MATCH ?1 AND ts >= ?2 AND ts < ?3 ORDER BY rank LIMIT 10", m4,
              mid_ts, hi_ts, runs, &r50[3], &r99[3]);
    bench_search("top-10 with highlight", "logs", b5, runs, &c50[4], &c99[4]);
    bench_sql(ref, "top-10 with highlight",
              "SELECT count(*) FROM (SELECT 1 FROM ref WHERE ref MATCH ?1 LIMIT 10001)",
              "SELECT rowid, highlight(ref, 4, '<em>', '</em>') FROM ref WHERE ref MATCH ?1 ORDER BY rank LIMIT 10",
              m1, -1, -1, runs, &r50[4], &r99[4]);
    static const char *labels[] = { "one-term match", "two-term AND", "phrase", "bool + _timestamp range",
                                    "top-10 with highlight" };
    printf("\n  | query | chronik p50 / p99 (ms) | bare FTS5 p50 / p99 (ms) |\n  |---|---:|---:|\n");
    for (int i = 0; i < 5; i++)
        printf("  | %s | %.2f / %.2f | %.2f / %.2f |\n", labels[i], c50[i], c99[i], r50[i], r99[i]);
    if (getloadavg(la, 3) == 3) printf("load average at the end: %.2f %.2f %.2f\n", la[0], la[1], la[2]);
    sqlite3_close(ref);
done:
    chronik_close(eng);
    if (own_dir) ck_rmtree(g_dir);
    return 0;
}
