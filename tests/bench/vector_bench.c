/*
 * vector_bench.c — benchmark of vector search (a program, not a test).
 *
 * Generates N clustered vectors (default 20,000 of 128 dimensions: 200
 * Gaussian clusters, as real embeddings cluster) and Q query vectors, and
 * computes the exact top-k of every query by brute force.  Then, in one
 * run, on the same data and with the same HNSW parameters (M, ef_construction,
 * seed, one thread):
 *
 *   1. libchronik's HNSW (hnswlib through hnsw_shim.cc): build rate, and per
 *      ef_search: query p50/p99 and recall@k against the exact answer;
 *   2. the engine end to end: N records carrying their vector as JSON
 *      (vector.source=field) produced into a topic, the time until the
 *      indexing worker has them all (build rate through the engine: log
 *      reads, JSON parsing, graph inserts), then chronik_vector_search
 *      p50/p99 and recall (JSON request and answer, _source off);
 *   3. Debian's python3-hnswlib (the reference): build rate, per-query
 *      p50/p99 of knn_query (one query per call, which includes Python's
 *      call overhead) and recall.
 *
 * Usage: vector_bench [--n N] [--dim D] [--queries Q] [--k K] [--m M]
 *                     [--efc EFC] [--python PATH]
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "chronik.h"
#include "util/util.h"
#include "vector/hnsw_shim.h"
#include "vector/vector.h"

static int N = 20000, D = 128, Q = 500, K = 10, M = 16, EFC = 200;
static const int EFS[] = {16, 32, 64, 128, 256};
#define NEFS ((int)(sizeof(EFS) / sizeof(EFS[0])))
static const char *PY = "/usr/bin/python3";

static uint64_t rng = 0x2545F4914F6CDD1Dull;
static double urand(void) {
    rng ^= rng << 13;
    rng ^= rng >> 7;
    rng ^= rng << 17;
    return ((double)(rng >> 11) + 0.5) / 9007199254740992.0;
}
static double gauss(void) { return sqrt(-2.0 * log(urand())) * cos(2 * M_PI * urand()); }

static void normalize(float *v) {
    double s = 0;
    for (int i = 0; i < D; i++) s += (double)v[i] * v[i];
    float inv = (float)(1.0 / sqrt(s));
    for (int i = 0; i < D; i++) v[i] *= inv;
}

static int cmp_i64(const void *a, const void *b) {
    int64_t x = *(const int64_t *)a, y = *(const int64_t *)b;
    return x < y ? -1 : x > y;
}

static void pct(int64_t *us, int n, double *p50, double *p99) {
    qsort(us, (size_t)n, sizeof(int64_t), cmp_i64);
    *p50 = us[n / 2] / 1000.0;
    *p99 = us[(int)((n - 1) * 0.99)] / 1000.0;
}

/* Exact top-K (cosine on normalised vectors) of each query. */
static void ground_truth(const float *data, const float *qs, int *truth) {
    float *best = malloc(sizeof(float) * (size_t)K);
    for (int q = 0; q < Q; q++) {
        int nb = 0;
        int *bi = truth + (size_t)q * K;
        for (int i = 0; i < N; i++) {
            float dot = 0;
            const float *a = qs + (size_t)q * D, *b = data + (size_t)i * D;
            for (int j = 0; j < D; j++) dot += a[j] * b[j];
            float d = 1 - dot;
            if (nb < K || d < best[nb - 1]) {
                int pos = nb < K ? nb++ : K - 1;
                while (pos > 0 && best[pos - 1] > d) {
                    best[pos] = best[pos - 1];
                    bi[pos] = bi[pos - 1];
                    pos--;
                }
                best[pos] = d;
                bi[pos] = i;
            }
        }
    }
    free(best);
}

static int overlap(const int *truth, const int64_t *got, int n) {
    int h = 0;
    for (int i = 0; i < n; i++)
        for (int j = 0; j < K; j++)
            if (got[i] == truth[j]) h++;
    return h;
}

static const char *PY_SCRIPT =
    "import json, sys, time\n"
    "import numpy as np, hnswlib\n"
    "d, q, t, n, dim, nq, k, m, efc = sys.argv[1:10]\n"
    "n, dim, nq, k, m, efc = map(int, (n, dim, nq, k, m, efc))\n"
    "efs = [int(x) for x in sys.argv[10].split(',')]\n"
    "data = np.fromfile(d, dtype=np.float32).reshape(n, dim)\n"
    "qs = np.fromfile(q, dtype=np.float32).reshape(nq, dim)\n"
    "truth = np.fromfile(t, dtype=np.int32).reshape(nq, k)\n"
    "idx = hnswlib.Index(space='cosine', dim=dim)\n"
    "idx.init_index(max_elements=n, ef_construction=efc, M=m, random_seed=100)\n"
    "t0 = time.perf_counter(); idx.add_items(data, np.arange(n), num_threads=1); bt = time.perf_counter() - t0\n"
    "out = {'build_s': bt, 'ef': {}}\n"
    "for ef in efs:\n"
    "    idx.set_ef(ef)\n"
    "    lat = []; hit = 0\n"
    "    for i in range(nq):\n"
    "        s = time.perf_counter(); l, _ = idx.knn_query(qs[i:i+1], k=k, num_threads=1); "
    "lat.append(time.perf_counter() - s)\n"
    "        hit += len(set(l[0].tolist()) & set(truth[i].tolist()))\n"
    "    lat.sort()\n"
    "    out['ef'][ef] = (lat[len(lat)//2]*1000, lat[int((len(lat)-1)*0.99)]*1000, hit/(nq*k))\n"
    "print(json.dumps(out))\n";

typedef struct row {
    double p50, p99, recall;
} row;

static int run_python(const char *dir, double *build_s, row *rows) {
    char cmd[8192], efs[128] = "";
    for (int i = 0; i < NEFS; i++)
        snprintf(efs + strlen(efs), sizeof(efs) - strlen(efs), "%s%d", i ? "," : "", EFS[i]);
    char script[512];
    snprintf(script, sizeof(script), "%s/ref.py", dir);
    FILE *f = fopen(script, "w");
    if (!f) return -1;
    fputs(PY_SCRIPT, f);
    fclose(f);
    snprintf(cmd, sizeof(cmd), "%s %s %s/data.f32 %s/queries.f32 %s/truth.i32 %d %d %d %d %d %d %s", PY, script, dir,
             dir, dir, N, D, Q, K, M, EFC, efs);
    FILE *p = popen(cmd, "r");
    if (!p) return -1;
    static char out[65536];
    size_t n = fread(out, 1, sizeof(out) - 1, p);
    out[n] = 0;
    if (pclose(p) != 0) return -1;
    const char *b = strstr(out, "\"build_s\":");
    if (!b) return -1;
    *build_s = strtod(b + 10, NULL);
    for (int i = 0; i < NEFS; i++) {
        char key[32];
        snprintf(key, sizeof(key), "\"%d\": [", EFS[i]);
        const char *e = strstr(out, key);
        if (!e || sscanf(e + strlen(key), "%lf, %lf, %lf", &rows[i].p50, &rows[i].p99, &rows[i].recall) != 3)
            return -1;
    }
    return 0;
}

static int write_file(const char *path, const void *p, size_t n) {
    FILE *f = fopen(path, "wb");
    if (!f) return -1;
    size_t w = fwrite(p, 1, n, f);
    fclose(f);
    return w == n ? 0 : -1;
}

int main(int argc, char **argv) {
    for (int i = 1; i + 1 < argc; i += 2) {
        if (!strcmp(argv[i], "--n")) N = atoi(argv[i + 1]);
        else if (!strcmp(argv[i], "--dim")) D = atoi(argv[i + 1]);
        else if (!strcmp(argv[i], "--queries")) Q = atoi(argv[i + 1]);
        else if (!strcmp(argv[i], "--k")) K = atoi(argv[i + 1]);
        else if (!strcmp(argv[i], "--m")) M = atoi(argv[i + 1]);
        else if (!strcmp(argv[i], "--efc")) EFC = atoi(argv[i + 1]);
        else if (!strcmp(argv[i], "--python")) PY = argv[i + 1];
        else {
            fprintf(stderr, "usage: %s [--n N] [--dim D] [--queries Q] [--k K] [--m M] [--efc EFC] [--python PATH]\n",
                    argv[0]);
            return 2;
        }
    }
    char dir[] = "/tmp/chronik-vbench-XXXXXX";
    if (!mkdtemp(dir)) return 1;
    printf("vector_bench: %d vectors x %d dims (200 clusters), %d queries, k=%d, M=%d, ef_construction=%d, cosine\n\n",
           N, D, Q, K, M, EFC);

    /* Data, queries and the exact answer. */
    int C = 200;
    float *centers = malloc(sizeof(float) * (size_t)C * D);
    for (int i = 0; i < C * D; i++) centers[i] = (float)gauss();
    float *data = malloc(sizeof(float) * (size_t)N * D), *qs = malloc(sizeof(float) * (size_t)Q * D);
    for (int i = 0; i < N; i++) {
        int c = (int)(urand() * C) % C;
        for (int j = 0; j < D; j++) data[(size_t)i * D + j] = centers[(size_t)c * D + j] + 0.35f * (float)gauss();
        normalize(data + (size_t)i * D);
    }
    for (int i = 0; i < Q; i++) {
        int c = (int)(urand() * C) % C;
        for (int j = 0; j < D; j++) qs[(size_t)i * D + j] = centers[(size_t)c * D + j] + 0.35f * (float)gauss();
        normalize(qs + (size_t)i * D);
    }
    int *truth = malloc(sizeof(int) * (size_t)Q * K);
    ground_truth(data, qs, truth);

    /* 1. The shim. */
    char err[256];
    ck_hnsw *h = ck_hnsw_new(CK_HNSW_IP, D, (size_t)N, M, EFC, 100, err, sizeof(err));
    int64_t t0 = ck_mono_us();
    for (int i = 0; i < N; i++) ck_hnsw_add(h, data + (size_t)i * D, (uint64_t)i, err, sizeof(err));
    double shim_build = (ck_mono_us() - t0) / 1e6;
    row shim[NEFS];
    int64_t *us = malloc(sizeof(int64_t) * (size_t)Q);
    uint64_t *labels = malloc(sizeof(uint64_t) * (size_t)K);
    float *dists = malloc(sizeof(float) * (size_t)K);
    int64_t *got = malloc(sizeof(int64_t) * (size_t)K);
    for (int e = 0; e < NEFS; e++) {
        int hits = 0;
        for (int q = 0; q < Q; q++) {
            int64_t s = ck_mono_us();
            int64_t n = ck_hnsw_search(h, qs + (size_t)q * D, (size_t)K, (size_t)EFS[e], labels, dists);
            us[q] = ck_mono_us() - s;
            for (int64_t i = 0; i < n; i++) got[i] = (int64_t)labels[i];
            hits += overlap(truth + (size_t)q * K, got, (int)n);
        }
        pct(us, Q, &shim[e].p50, &shim[e].p99);
        shim[e].recall = hits / (double)(Q * K);
    }
    ck_hnsw_free(h);

    /* 2. The engine end to end. */
    chronik_conf_t *conf = chronik_conf_new();
    char edir[300];
    snprintf(edir, sizeof(edir), "%s/engine", dir);
    chronik_conf_set(conf, "data.dir", edir, err, sizeof(err));
    chronik_conf_set(conf, "flush.policy", "os", err, sizeof(err));
    chronik_conf_set(conf, "log.level", "warn", err, sizeof(err));
    chronik_t *eng = NULL;
    if (chronik_open(conf, &eng, err, sizeof(err)) != CHRONIK_OK) {
        fprintf(stderr, "open: %s\n", err);
        return 1;
    }
    chronik_conf_free(conf);
    char ms[16], efcs[16];
    snprintf(ms, sizeof(ms), "%d", M);
    snprintf(efcs, sizeof(efcs), "%d", EFC);
    const char *tcfg[] = {"vector.enabled", "true", "vector.source", "field", "vector.field", "v",
                          "vector.hnsw.m", ms, "vector.hnsw.ef_construction", efcs, NULL};
    if (chronik_topic_create(eng, "vb", 1, tcfg) != CHRONIK_OK) return 1;
    ck_vector_test_pause(ck_vector_of(eng), true);
    enum { B = 500 };
    chronik_record_t recs[B];
    char **vals = malloc(sizeof(char *) * B);
    for (int i = 0; i < B; i++) vals[i] = malloc((size_t)D * 16 + 16);
    for (int i = 0; i < N; i += B) {
        int nb = CK_MIN(B, N - i);
        for (int r = 0; r < nb; r++) {
            char *p = vals[r];
            p += sprintf(p, "{\"v\":[");
            for (int j = 0; j < D; j++) p += sprintf(p, j ? ",%.7g" : "%.7g", (double)data[(size_t)(i + r) * D + j]);
            p += sprintf(p, "]}");
            memset(&recs[r], 0, sizeof(recs[r]));
            recs[r].value = vals[r];
            recs[r].value_len = (size_t)(p - vals[r]);
            recs[r].timestamp = -1;
        }
        if (chronik_produce(eng, "vb", 0, recs, (size_t)nb, NULL) != CHRONIK_OK) return 1;
    }
    t0 = ck_mono_us();
    ck_vector_test_pause(ck_vector_of(eng), false);
    if (ck_vector_wait_indexed(ck_vector_of(eng), "vb", 600000) != 0) {
        fprintf(stderr, "indexing did not finish\n");
        return 1;
    }
    double eng_build = (ck_mono_us() - t0) / 1e6;
    row engr[NEFS];
    char *req = malloc((size_t)D * 16 + 128);
    for (int e = 0; e < NEFS; e++) {
        int hits = 0;
        for (int q = 0; q < Q; q++) {
            char *p = req;
            p += sprintf(p, "{\"k\":%d,\"ef_search\":%d,\"_source\":false,\"vector\":[", K, EFS[e]);
            for (int j = 0; j < D; j++) p += sprintf(p, j ? ",%.7g" : "%.7g", (double)qs[(size_t)q * D + j]);
            sprintf(p, "]}");
            char *ans = NULL;
            int64_t s = ck_mono_us();
            if (chronik_vector_search(eng, "vb", req, &ans) != CHRONIK_OK) {
                fprintf(stderr, "search: %s\n", chronik_errmsg(eng));
                return 1;
            }
            us[q] = ck_mono_us() - s;
            int n = 0;
            for (const char *a = ans; n < K && (a = strstr(a, "\"_offset\":")) != NULL; a += 10)
                got[n++] = strtoll(a + 10, NULL, 10);
            hits += overlap(truth + (size_t)q * K, got, n);
            chronik_free(ans);
        }
        pct(us, Q, &engr[e].p50, &engr[e].p99);
        engr[e].recall = hits / (double)(Q * K);
    }

    /* 2b. Text through the hash provider: embedding cost alone, then the
     * engine indexing N short texts (embedding + 256-dimensional graph). */
    static const char *words[] = {"apple", "river", "stone", "cloud", "engine", "violet", "harbor", "lantern",
                                  "meadow", "copper", "falcon", "glacier", "orchid", "pepper", "quartz", "saddle"};
    float *hv = malloc(sizeof(float) * 256);
    int64_t th0 = ck_mono_us();
    char txt[256];
    for (int i = 0; i < N; i++) {
        int n = 0;
        for (int w = 0; w < 12; w++)
            n += snprintf(txt + n, sizeof(txt) - (size_t)n, "%s ", words[(int)(urand() * 16) % 16]);
        ck_vector_hash_embed(txt, (size_t)n, 256, hv);
    }
    double hash_s = (ck_mono_us() - th0) / 1e6;
    free(hv);
    const char *hcfg[] = {"vector.enabled", "true", "vector.hnsw.m", ms, "vector.hnsw.ef_construction", efcs, NULL};
    if (chronik_topic_create(eng, "vh", 1, hcfg) != CHRONIK_OK) return 1;
    ck_vector_test_pause(ck_vector_of(eng), true);
    for (int i = 0; i < N; i += B) {
        int nb = CK_MIN(B, N - i);
        for (int r = 0; r < nb; r++) {
            int n = 0;
            for (int w = 0; w < 12; w++)
                n += snprintf(vals[r] + n, 256, "%s ", words[(int)(urand() * 16) % 16]);
            n += snprintf(vals[r] + n, 64, "#%d", i + r);
            memset(&recs[r], 0, sizeof(recs[r]));
            recs[r].value = vals[r];
            recs[r].value_len = (size_t)n;
            recs[r].timestamp = -1;
        }
        if (chronik_produce(eng, "vh", 0, recs, (size_t)nb, NULL) != CHRONIK_OK) return 1;
    }
    t0 = ck_mono_us();
    ck_vector_test_pause(ck_vector_of(eng), false);
    if (ck_vector_wait_indexed(ck_vector_of(eng), "vh", 600000) != 0) return 1;
    double text_build = (ck_mono_us() - t0) / 1e6;
    chronik_close(eng);

    /* 3. python3-hnswlib on the same files. */
    char path[400];
    snprintf(path, sizeof(path), "%s/data.f32", dir);
    write_file(path, data, sizeof(float) * (size_t)N * D);
    snprintf(path, sizeof(path), "%s/queries.f32", dir);
    write_file(path, qs, sizeof(float) * (size_t)Q * D);
    snprintf(path, sizeof(path), "%s/truth.i32", dir);
    write_file(path, truth, sizeof(int) * (size_t)Q * K);
    double py_build = 0;
    row py[NEFS];
    bool have_py = run_python(dir, &py_build, py) == 0;

    printf("index build (one thread)                    | vectors/s\n");
    printf("--------------------------------------------|----------\n");
    printf("libchronik HNSW (hnsw_shim)                 | %9.0f\n", N / shim_build);
    printf("engine: log -> JSON vectors -> HNSW          | %9.0f\n", N / eng_build);
    if (have_py) printf("python3-hnswlib add_items(num_threads=1)    | %9.0f\n", N / py_build);
    else printf("python3-hnswlib                             | (not available)\n");
    printf("hash provider alone (12 words, 256 dims)    | %9.0f\n", N / hash_s);
    printf("engine: log -> hash embedding -> HNSW (256) | %9.0f\n", N / text_build);
    printf("\nef_search | shim p50/p99 ms | shim recall | engine p50/p99 ms | engine recall | hnswlib p50/p99 ms | "
           "hnswlib recall\n");
    printf("----------|-----------------|-------------|-------------------|---------------|--------------------|-------"
           "--------\n");
    for (int e = 0; e < NEFS; e++) {
        printf("%9d | %6.3f / %6.3f | %11.4f | %7.3f / %7.3f | %13.4f", EFS[e], shim[e].p50, shim[e].p99,
               shim[e].recall, engr[e].p50, engr[e].p99, engr[e].recall);
        if (have_py) printf(" | %7.3f / %7.3f | %14.4f\n", py[e].p50, py[e].p99, py[e].recall);
        else printf(" | - | -\n");
    }
    ck_rmtree(dir);
    free(req);
    for (int i = 0; i < B; i++) free(vals[i]);
    free(vals);
    free(us);
    free(labels);
    free(dists);
    free(got);
    free(truth);
    free(qs);
    free(data);
    free(centers);
    return 0;
}
