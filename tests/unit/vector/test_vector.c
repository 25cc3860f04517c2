/*
 * test_vector.c — vector search on a real engine in a temp directory.
 * The hash embedder (determinism, normalisation, similarity), the hnswlib
 * shim (recall@10 against an exact search computed here, save and load,
 * deletions, compaction), and the engine side: indexing a vector-enabled
 * topic, ES-shaped answers, freshness (records not indexed yet are found),
 * restart without re-embedding (counted through the callback provider), a
 * corrupt index rebuilt from the log, a configuration change rebuilding it,
 * DeleteRecords and topic deletion, filters, carried vectors
 * (vector.source=field), a failing embedder (error state, then no record
 * skipped) and bad requests.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <cmocka.h>

#include <fcntl.h>
#include <math.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "chronik.h"
#include "util/util.h"
#include "vector/hnsw_shim.h"
#include "vector/vector.h"
#include "vector/vector_int.h"

static char g_dir[256];
static chronik_t *g_eng;

static chronik_t *open_engine(void) {
    chronik_conf_t *conf = chronik_conf_new();
    char err[256];
    assert_int_equal(chronik_conf_set(conf, "data.dir", g_dir, err, sizeof(err)), CHRONIK_OK);
    assert_int_equal(chronik_conf_set(conf, "flush.policy", "os", err, sizeof(err)), CHRONIK_OK);
    assert_int_equal(chronik_conf_set(conf, "log.level", "warn", err, sizeof(err)), CHRONIK_OK);
    assert_int_equal(chronik_conf_set(conf, "vector.retry.backoff.ms", "20", err, sizeof(err)), CHRONIK_OK);
    assert_int_equal(chronik_conf_set(conf, "vector.retry.backoff.max.ms", "100", err, sizeof(err)), CHRONIK_OK);
    chronik_t *c = NULL;
    chronik_err_t rc = chronik_open(conf, &c, err, sizeof(err));
    if (rc != CHRONIK_OK) fprintf(stderr, "open: %s\n", err);
    assert_int_equal(rc, CHRONIK_OK);
    chronik_conf_free(conf);
    assert_non_null(ck_vector_of(c));
    return c;
}

static int setup(void **state) {
    (void)state;
    snprintf(g_dir, sizeof(g_dir), "/tmp/chronik-vector-XXXXXX");
    assert_non_null(mkdtemp(g_dir));
    g_eng = NULL;
    return 0;
}

static int teardown(void **state) {
    (void)state;
    if (g_eng) chronik_close(g_eng);
    g_eng = NULL;
    ck_rmtree(g_dir);
    return 0;
}

static ck_vector *V(void) { return ck_vector_of(g_eng); }

/* ----- helpers ----- */

static uint64_t rng = 0x9E3779B97F4A7C15ull;
static double frand(void) {
    rng ^= rng << 13;
    rng ^= rng >> 7;
    rng ^= rng << 17;
    return (double)(rng >> 11) / 9007199254740992.0;
}

static void produce_text(const char *topic, int32_t part, const char *fmt, ...) CK_PRINTF(3, 4);
static void produce_text(const char *topic, int32_t part, const char *fmt, ...) {
    char buf[2048];
    va_list ap;
    va_start(ap, fmt);
    int n = vsnprintf(buf, sizeof(buf), fmt, ap);
    va_end(ap);
    chronik_record_t rec = {0};
    rec.value = buf;
    rec.value_len = (size_t)n;
    rec.timestamp = -1;
    assert_int_equal(chronik_produce(g_eng, topic, part, &rec, 1, NULL), CHRONIK_OK);
}

static const char *words[] = {"apple", "river", "stone", "cloud", "engine", "violet", "harbor", "lantern", "meadow",
                              "copper", "falcon", "glacier", "orchid", "pepper", "quartz", "saddle", "timber",
                              "walnut", "zephyr", "barley", "cinder", "dune", "ember", "fjord"};

/* A document: 6 words picked from i. */
static void doc_text(int i, char *out, size_t n) {
    snprintf(out, n, "%s %s %s %s %s %s doc%d", words[i % 24], words[(i / 3) % 24], words[(i * 7) % 24],
             words[(i * 11 + 5) % 24], words[(i / 24) % 24], words[(i * 13 + 1) % 24], i);
}

typedef struct answer {
    char *json;
} answer;

static char *search(const char *topic, const char *fmt, ...) CK_PRINTF(2, 3);
static char *search(const char *topic, const char *fmt, ...) {
    char req[8192];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(req, sizeof(req), fmt, ap);
    va_end(ap);
    char *out = NULL;
    chronik_err_t rc = chronik_vector_search(g_eng, topic, req, &out);
    if (rc != CHRONIK_OK) fprintf(stderr, "search failed: %s: %s\n", chronik_err_name(rc), chronik_errmsg(g_eng));
    assert_int_equal(rc, CHRONIK_OK);
    assert_non_null(out);
    return out;
}

static chronik_err_t search_err(const char *topic, const char *req) {
    char *out = NULL;
    chronik_err_t rc = chronik_vector_search(g_eng, topic, req, &out);
    assert_null(out);
    return rc;
}

/* The n-th hit's _offset in an answer (-1 when absent). */
static int64_t hit_offset(const char *json, int nth) {
    const char *p = json;
    for (int i = 0; i <= nth; i++) {
        p = strstr(p, "\"_offset\":");
        if (!p) return -1;
        p += 10;
    }
    return strtoll(p, NULL, 10);
}

static double hit_score(const char *json, int nth) {
    const char *p = json;
    for (int i = 0; i <= nth; i++) {
        p = strstr(p, "\"_score\":");
        if (!p) return -1;
        p += 9;
    }
    return strtod(p, NULL);
}

static int64_t json_int(const char *json, const char *key) {
    char pat[128];
    snprintf(pat, sizeof(pat), "\"%s\":", key);
    const char *p = strstr(json, pat);
    if (!p) return -999;
    return strtoll(p + strlen(pat), NULL, 10);
}

static int64_t stats_int(const char *topic, const char *key) {
    char *js = NULL;
    assert_int_equal(chronik_vector_stats(g_eng, topic, &js), CHRONIK_OK);
    int64_t v = json_int(js, key);
    chronik_free(js);
    return v;
}

static void create_vector_topic(const char *name, int32_t parts, const char *const *extra) {
    const char *cfg[32] = {"vector.enabled", "true", "vector.field", "text"};
    int n = 4;
    for (int i = 0; extra && extra[i]; i++) cfg[n++] = extra[i];
    cfg[n] = NULL;
    assert_int_equal(chronik_topic_create(g_eng, name, parts, cfg), CHRONIK_OK);
    ck_vector_topic_changed(V(), name);
}

/* ===================================================================== */
/* Hash embedder                                                         */
/* ===================================================================== */

static void test_hash_embed(void **state) {
    (void)state;
    float a[256], b[256], c[256], d[256];
    assert_true(ck_vector_hash_embed("The quick brown fox", 19, 256, a));
    assert_true(ck_vector_hash_embed("the QUICK brown fox!", 20, 256, b));
    assert_true(ck_vector_hash_embed("quick brown foxes", 17, 256, c));
    assert_true(ck_vector_hash_embed("lorem ipsum dolor sit", 21, 256, d));
    double na = 0, ab = 0, ac = 0, ad = 0;
    for (int i = 0; i < 256; i++) {
        na += (double)a[i] * a[i];
        ab += (double)a[i] * b[i];
        ac += (double)a[i] * c[i];
        ad += (double)a[i] * d[i];
    }
    assert_true(fabs(na - 1.0) < 1e-5);          /* L2-normalised */
    assert_true(fabs(ab - 1.0) < 1e-5);          /* case and punctuation do not matter */
    assert_true(ac > 0.5);                       /* shared words and n-grams */
    assert_true(ac > ad + 0.3);                  /* unrelated text is far */
    assert_false(ck_vector_hash_embed("  ,;!  ", 7, 256, d));
    /* deterministic: a second call gives the same bits */
    assert_true(ck_vector_hash_embed("The quick brown fox", 19, 256, d));
    assert_memory_equal(a, d, sizeof(a));
}

/* ===================================================================== */
/* The hnswlib shim                                                      */
/* ===================================================================== */

#define SN 3000
#define SD 32
#define SQ 100

static double shim_recall(ck_hnsw *h, const float *data, const float *queries, size_t ef) {
    int hitsum = 0;
    for (int q = 0; q < SQ; q++) {
        const float *qv = queries + (size_t)q * SD;
        /* exact top 10 */
        float best[10];
        int bi[10];
        int nb = 0;
        for (int i = 0; i < SN; i++) {
            float dd = ck_vec_distance(CK_VEC_L2, qv, data + (size_t)i * SD, SD);
            if (nb < 10 || dd < best[nb - 1]) {
                int pos = nb < 10 ? nb++ : 9;
                while (pos > 0 && best[pos - 1] > dd) {
                    best[pos] = best[pos - 1];
                    bi[pos] = bi[pos - 1];
                    pos--;
                }
                best[pos] = dd;
                bi[pos] = i;
            }
        }
        uint64_t labels[10];
        float dists[10];
        int64_t n = ck_hnsw_search(h, qv, 10, ef, labels, dists);
        assert_int_equal(n, 10);
        for (int i = 1; i < 10; i++) assert_true(dists[i - 1] <= dists[i]);
        for (int i = 0; i < 10; i++)
            for (int j = 0; j < 10; j++)
                if ((int)labels[i] == bi[j]) hitsum++;
    }
    return hitsum / (double)(SQ * 10);
}

static void test_shim_recall_save_load(void **state) {
    (void)state;
    float *data = malloc(sizeof(float) * SN * SD), *queries = malloc(sizeof(float) * SQ * SD);
    for (int i = 0; i < SN * SD; i++) data[i] = (float)frand();
    for (int i = 0; i < SQ * SD; i++) queries[i] = (float)frand();
    char err[256];
    ck_hnsw *h = ck_hnsw_new(CK_HNSW_L2, SD, 16, 16, 200, 100, err, sizeof(err));
    assert_non_null(h);
    for (int i = 0; i < SN; i++)
        assert_int_equal(ck_hnsw_add(h, data + (size_t)i * SD, (uint64_t)i, err, sizeof(err)), 0);
    assert_int_equal(ck_hnsw_count(h), SN);
    assert_true(ck_hnsw_capacity(h) >= SN);
    double r = shim_recall(h, data, queries, 100);
    fprintf(stderr, "shim recall@10 (ef 100): %.3f\n", r);
    assert_true(r >= 0.95);
    /* an exact distance from the shim and from ck_vec_distance agree */
    assert_true(fabs(ck_hnsw_distance(h, data, data + SD) - ck_vec_distance(CK_VEC_L2, data, data + SD, SD)) < 1e-4);

    char path[512];
    snprintf(path, sizeof(path), "%s/g.hnsw", g_dir);
    assert_int_equal(ck_hnsw_save(h, path, err, sizeof(err)), 0);
    ck_hnsw *h2 = ck_hnsw_load(path, CK_HNSW_L2, SD, 16, 200, err, sizeof(err));
    assert_non_null(h2);
    uint64_t l1[10], l2[10];
    float d1[10], d2[10];
    for (int q = 0; q < 10; q++) {
        assert_int_equal(ck_hnsw_search(h, queries + q * SD, 10, 50, l1, d1), 10);
        assert_int_equal(ck_hnsw_search(h2, queries + q * SD, 10, 50, l2, d2), 10);
        assert_memory_equal(l1, l2, sizeof(l1));
    }
    /* a graph of another dimension is refused */
    assert_null(ck_hnsw_load(path, CK_HNSW_L2, SD + 1, 16, 200, err, sizeof(err)));

    /* deletions: the nearest neighbour of data[7] is itself until deleted */
    assert_int_equal(ck_hnsw_search(h2, data + 7 * SD, 1, 50, l1, d1), 1);
    assert_int_equal(l1[0], 7);
    assert_int_equal(ck_hnsw_mark_deleted(h2, 7), 0);
    assert_int_equal(ck_hnsw_mark_deleted(h2, 7), -1);
    assert_null(ck_hnsw_vector(h2, 7));
    assert_non_null(ck_hnsw_vector(h2, 8));
    assert_int_equal(ck_hnsw_search(h2, data + 7 * SD, 1, 50, l1, d1), 1);
    assert_int_not_equal(l1[0], 7);
    for (uint64_t i = 100; i < 2000; i++) assert_int_equal(ck_hnsw_mark_deleted(h2, i), 0);
    ck_hnsw *h3 = ck_hnsw_compact(h2, err, sizeof(err));
    assert_non_null(h3);
    assert_int_equal(ck_hnsw_count(h3), SN - 1901);
    assert_int_equal(ck_hnsw_deleted(h3), 0);
    assert_int_equal(ck_hnsw_search(h3, data + 2500 * SD, 1, 50, l1, d1), 1);
    assert_int_equal(l1[0], 2500);
    ck_hnsw_free(h3);
    ck_hnsw_free(h2);
    ck_hnsw_free(h);
    free(data);
    free(queries);
}

/* ===================================================================== */
/* Engine                                                                */
/* ===================================================================== */

static void test_index_and_search(void **state) {
    (void)state;
    g_eng = open_engine();
    create_vector_topic("docs", 2, NULL);
    char t[256];
    for (int i = 0; i < 400; i++) {
        doc_text(i, t, sizeof(t));
        produce_text("docs", i % 2, "{\"text\":\"%s\",\"n\":%d}", t, i);
    }
    assert_int_equal(ck_vector_wait_indexed(V(), "docs", 30000), 0);
    assert_int_equal(stats_int("docs", "vectors"), 400);
    assert_int_equal(stats_int("docs", "pending"), 0);
    assert_int_equal(stats_int("docs", "dimensions"), 256);

    doc_text(123, t, sizeof(t));
    char *js = search("docs", "{\"query\":\"%s\",\"k\":5}", t);
    /* doc 123 went to partition 1 at offset 61 */
    assert_non_null(strstr(js, "\"_id\":\"docs-1-61\""));
    assert_int_equal(hit_offset(js, 0), 61);
    assert_true(hit_score(js, 0) > 0.999);
    assert_true(hit_score(js, 1) <= hit_score(js, 0));
    assert_non_null(strstr(js, "\"_source\":{\"text\":"));
    assert_non_null(strstr(js, "\"total\":{\"value\":5,\"relation\":\"eq\"}"));
    assert_int_equal(json_int(js, "tail_scanned"), 0);
    chronik_free(js);

    /* _source off, a partition filter, an offset range */
    js = search("docs", "{\"query\":\"%s\",\"k\":3,\"_source\":false,\"filter\":{\"_partition\":0}}", t);
    assert_null(strstr(js, "_source"));
    assert_null(strstr(js, "\"_partition\":1"));
    assert_non_null(strstr(js, "\"_partition\":0"));
    chronik_free(js);
    js = search("docs",
                "{\"query\":\"%s\",\"k\":10,\"filter\":{\"_partition\":[1],\"_offset\":{\"gte\":10,\"lt\":20}}}", t);
    for (int i = 0; i < 10; i++) {
        int64_t o = hit_offset(js, i);
        assert_true(o >= 10 && o < 20);
    }
    assert_int_equal(hit_offset(js, 10), -1);
    chronik_free(js);
}

static void test_freshness_tail(void **state) {
    (void)state;
    g_eng = open_engine();
    create_vector_topic("fresh", 1, NULL);
    char t[256];
    for (int i = 0; i < 100; i++) {
        doc_text(i, t, sizeof(t));
        produce_text("fresh", 0, "{\"text\":\"%s\"}", t);
    }
    assert_int_equal(ck_vector_wait_indexed(V(), "fresh", 30000), 0);
    ck_vector_test_pause(V(), true);
    produce_text("fresh", 0, "{\"text\":\"zebra xylophone quokka\"}");
    char *js = search("fresh", "{\"query\":\"quokka xylophone zebra\",\"k\":1}");
    assert_int_equal(hit_offset(js, 0), 100);
    assert_int_equal(json_int(js, "tail_scanned"), 1);
    chronik_free(js);
    assert_int_equal(stats_int("fresh", "pending"), 1);
    ck_vector_test_pause(V(), false);
    assert_int_equal(ck_vector_wait_indexed(V(), "fresh", 30000), 0);
    js = search("fresh", "{\"query\":\"quokka xylophone zebra\",\"k\":1}");
    assert_int_equal(hit_offset(js, 0), 100);
    assert_int_equal(json_int(js, "tail_scanned"), 0);
    chronik_free(js);
}

/* The callback provider: a hash embedding, counting the texts. */
static atomic_long g_embedded;
static atomic_int g_fail;
static int embed_cb(void *opaque, const char *topic, const char *const *texts, const size_t *lens, size_t count,
                    int32_t dims, float *out) {
    (void)opaque;
    (void)topic;
    if (atomic_load(&g_fail)) return -1;
    for (size_t i = 0; i < count; i++) ck_vector_hash_embed(texts[i], lens[i], dims, out + i * (size_t)dims);
    atomic_fetch_add(&g_embedded, (long)count);
    return 0;
}

static void test_restart_resumes(void **state) {
    (void)state;
    g_eng = open_engine();
    assert_int_equal(chronik_vector_set_embedder(g_eng, embed_cb, NULL), CHRONIK_OK);
    const char *extra[] = {"vector.provider", "callback", "vector.dimensions", "64", NULL};
    create_vector_topic("cb", 1, extra);
    char t[256];
    for (int i = 0; i < 300; i++) {
        doc_text(i, t, sizeof(t));
        produce_text("cb", 0, "{\"text\":\"%s\"}", t);
    }
    assert_int_equal(ck_vector_wait_indexed(V(), "cb", 30000), 0);
    assert_int_equal(atomic_load(&g_embedded), 300);
    chronik_close(g_eng);
    char path[512];
    snprintf(path, sizeof(path), "%s/vector/cb.hnsw", g_dir);
    struct stat st;
    assert_int_equal(stat(path, &st), 0);

    g_eng = open_engine();
    atomic_store(&g_embedded, 0);
    assert_int_equal(chronik_vector_set_embedder(g_eng, embed_cb, NULL), CHRONIK_OK);
    for (int i = 300; i < 350; i++) {
        doc_text(i, t, sizeof(t));
        produce_text("cb", 0, "{\"text\":\"%s\"}", t);
    }
    assert_int_equal(ck_vector_wait_indexed(V(), "cb", 30000), 0);
    assert_int_equal(atomic_load(&g_embedded), 50); /* only the new records */
    assert_int_equal(stats_int("cb", "vectors"), 350);
    doc_text(42, t, sizeof(t));
    char *js = search("cb", "{\"query\":\"%s\",\"k\":1}", t);
    assert_int_equal(hit_offset(js, 0), 42);
    chronik_free(js);

    /* a failing embedder: error state, nothing skipped, then resumes */
    atomic_store(&g_fail, 1);
    for (int i = 350; i < 360; i++) {
        doc_text(i, t, sizeof(t));
        produce_text("cb", 0, "{\"text\":\"%s\"}", t);
    }
    char *sj = NULL;
    for (int tries = 0; tries < 500; tries++) {
        assert_int_equal(chronik_vector_stats(g_eng, "cb", &sj), CHRONIK_OK);
        if (strstr(sj, "\"state\":\"error\"")) break;
        chronik_free(sj);
        sj = NULL;
        usleep(10000);
    }
    assert_non_null(sj);
    assert_non_null(strstr(sj, "the registered embedder failed"));
    assert_int_equal(json_int(sj, "pending"), 10);
    chronik_free(sj);
    /* a query needing the embedder fails with NETWORK_EXCEPTION */
    assert_int_equal(search_err("cb", "{\"query\":\"apple\"}"), CHRONIK_ERR_NETWORK_EXCEPTION);
    atomic_store(&g_fail, 0);
    assert_int_equal(ck_vector_wait_indexed(V(), "cb", 30000), 0);
    assert_int_equal(stats_int("cb", "vectors"), 360);
    assert_int_equal(stats_int("cb", "records_without_text"), 0);
    assert_int_equal(chronik_vector_stats(g_eng, "cb", &sj), CHRONIK_OK);
    assert_non_null(strstr(sj, "\"state\":\"ok\""));
    chronik_free(sj);
    assert_int_equal(chronik_vector_set_embedder(g_eng, NULL, NULL), CHRONIK_OK);
}

static void test_corrupt_index_rebuilt(void **state) {
    (void)state;
    g_eng = open_engine();
    create_vector_topic("cor", 1, NULL);
    char t[256];
    for (int i = 0; i < 200; i++) {
        doc_text(i, t, sizeof(t));
        produce_text("cor", 0, "{\"text\":\"%s\"}", t);
    }
    assert_int_equal(ck_vector_wait_indexed(V(), "cor", 30000), 0);
    chronik_close(g_eng);
    g_eng = NULL;
    char path[512];
    snprintf(path, sizeof(path), "%s/vector/cor.hnsw", g_dir);
    int fd = open(path, O_WRONLY);
    assert_true(fd >= 0);
    assert_int_equal(pwrite(fd, "garbage!", 8, 200), 8);
    close(fd);
    g_eng = open_engine();
    assert_int_equal(ck_vector_wait_indexed(V(), "cor", 30000), 0);
    assert_int_equal(stats_int("cor", "vectors"), 200);
    doc_text(77, t, sizeof(t));
    char *js = search("cor", "{\"query\":\"%s\",\"k\":1}", t);
    assert_int_equal(hit_offset(js, 0), 77);
    chronik_free(js);

    /* a configuration change rebuilds the index under the new one */
    assert_int_equal(chronik_topic_config_set(g_eng, "cor", "vector.dimensions", "128"), CHRONIK_OK);
    ck_vector_topic_changed(V(), "cor");
    assert_int_equal(ck_vector_wait_indexed(V(), "cor", 30000), 0);
    assert_int_equal(stats_int("cor", "dimensions"), 128);
    assert_int_equal(stats_int("cor", "vectors"), 200);
    js = search("cor", "{\"query\":\"%s\",\"k\":1}", t);
    assert_int_equal(hit_offset(js, 0), 77);
    assert_int_equal(json_int(js, "dimensions"), 128);
    chronik_free(js);
}

static void test_deletions(void **state) {
    (void)state;
    g_eng = open_engine();
    const char *extra[] = {"segment.bytes", "4096", NULL};
    create_vector_topic("del", 1, extra);
    char t[256];
    for (int i = 0; i < 300; i++) {
        doc_text(i, t, sizeof(t));
        produce_text("del", 0, "{\"text\":\"%s\"}", t);
    }
    assert_int_equal(ck_vector_wait_indexed(V(), "del", 30000), 0);
    assert_int_equal(chronik_delete_records(g_eng, "del", 0, 150), CHRONIK_OK);
    int64_t start = 0, hw = 0;
    assert_int_equal(chronik_offsets(g_eng, "del", 0, &start, &hw), CHRONIK_OK);
    assert_true(start > 0);
    /* the worker marks what fell below the log start deleted */
    for (int tries = 0; tries < 1000 && stats_int("del", "deleted") < start; tries++) usleep(10000);
    assert_int_equal(stats_int("del", "deleted"), start);
    assert_int_equal(stats_int("del", "vectors"), 300 - start);
    doc_text(3, t, sizeof(t));
    char *js = search("del", "{\"query\":\"%s\",\"k\":20}", t);
    for (int i = 0; i < 20; i++) assert_true(hit_offset(js, i) >= start);
    chronik_free(js);

    /* topic deletion removes the files */
    char path[512];
    snprintf(path, sizeof(path), "%s/vector/del.meta", g_dir);
    ck_vector_persist_now(V());
    struct stat st;
    assert_int_equal(stat(path, &st), 0);
    assert_int_equal(chronik_topic_delete(g_eng, "del"), CHRONIK_OK);
    ck_vector_topic_changed(V(), "del");
    for (int tries = 0; tries < 500 && stat(path, &st) == 0; tries++) usleep(10000);
    assert_int_not_equal(stat(path, &st), 0);
}

static void test_field_vectors(void **state) {
    (void)state;
    g_eng = open_engine();
    const char *extra[] = {"vector.source", "field", "vector.metric", "l2", "vector.field", "emb", NULL};
    assert_int_equal(chronik_topic_create(g_eng, "fv", 1,
                                          (const char *[]){"vector.enabled", "true", "vector.source", "field",
                                                           "vector.metric", "l2", "vector.field", "emb", NULL}),
                     CHRONIK_OK);
    (void)extra;
    for (int i = 0; i < 50; i++) produce_text("fv", 0, "{\"emb\":[%d,%d,0.5],\"i\":%d}", i, i * 2, i);
    produce_text("fv", 0, "{\"emb\":[1,2]}");          /* wrong dimensions: left out */
    produce_text("fv", 0, "{\"emb\":\"nope\"}");       /* not a vector */
    assert_int_equal(ck_vector_wait_indexed(V(), "fv", 30000), 0);
    assert_int_equal(stats_int("fv", "vectors"), 50);
    assert_int_equal(stats_int("fv", "dimensions"), 3);
    assert_int_equal(stats_int("fv", "records_with_invalid_vector"), 2);
    char *js = search("fv", "{\"vector\":[10.1,20.2,0.5],\"k\":2}");
    assert_int_equal(hit_offset(js, 0), 10);
    assert_true(hit_score(js, 0) > 0.9);
    chronik_free(js);
    assert_int_equal(search_err("fv", "{\"vector\":[1,2],\"k\":2}"), CHRONIK_ERR_INVALID_ARG);
    assert_true(strstr(chronik_errmsg(g_eng), "wrong dimensions") != NULL);
    assert_int_equal(search_err("fv", "{\"query\":\"text\"}"), CHRONIK_ERR_INVALID_ARG);
}

static void test_bad_requests(void **state) {
    (void)state;
    g_eng = open_engine();
    create_vector_topic("bad", 1, NULL);
    assert_int_equal(chronik_topic_create(g_eng, "plain", 1, NULL), CHRONIK_OK);
    assert_int_equal(search_err("nope", "{\"query\":\"x\"}"), CHRONIK_ERR_UNKNOWN_TOPIC_OR_PARTITION);
    assert_int_equal(search_err("plain", "{\"query\":\"x\"}"), CHRONIK_ERR_INVALID_CONFIG);
    assert_true(strstr(chronik_errmsg(g_eng), "vector.enabled") != NULL);
    assert_int_equal(search_err("bad", "{\"query\":"), CHRONIK_ERR_INVALID_ARG);
    assert_int_equal(search_err("bad", "{\"query\":\"a\"} x"), CHRONIK_ERR_INVALID_ARG);
    assert_int_equal(search_err("bad", "[1,2]"), CHRONIK_ERR_INVALID_ARG);
    assert_int_equal(search_err("bad", "{}"), CHRONIK_ERR_INVALID_ARG);
    assert_int_equal(search_err("bad", "{\"query\":\"a\",\"vector\":[1]}"), CHRONIK_ERR_INVALID_ARG);
    assert_int_equal(search_err("bad", "{\"query\":\"a\",\"query\":\"b\"}"), CHRONIK_ERR_INVALID_ARG);
    assert_int_equal(search_err("bad", "{\"vector\":[1],\"vector\":[2]}"), CHRONIK_ERR_INVALID_ARG);
    assert_int_equal(search_err("bad", "{\"query\":\"a\",\"k\":0}"), CHRONIK_ERR_INVALID_ARG);
    assert_int_equal(search_err("bad", "{\"query\":\"a\",\"k\":1.5}"), CHRONIK_ERR_INVALID_ARG);
    assert_int_equal(search_err("bad", "{\"query\":\"a\",\"bogus\":1}"), CHRONIK_ERR_INVALID_ARG);
    assert_int_equal(search_err("bad", "{\"query\":\"a\",\"filter\":{\"_x\":1}}"), CHRONIK_ERR_INVALID_ARG);
    assert_int_equal(search_err("bad", "{\"vector\":[1,2,3]}"), CHRONIK_ERR_INVALID_ARG); /* 256 dims */
    assert_int_equal(search_err("bad", "{\"vector\":[1,\"a\"]}"), CHRONIK_ERR_INVALID_ARG);
    /* an empty topic answers with no hits */
    char *js = search("bad", "{\"query\":\"anything\"}");
    assert_non_null(strstr(js, "\"hits\":[]"));
    chronik_free(js);
    char *sj = NULL;
    assert_int_equal(chronik_vector_stats(g_eng, "plain", &sj), CHRONIK_ERR_INVALID_CONFIG);
    assert_int_equal(chronik_vector_stats(g_eng, "nope", &sj), CHRONIK_ERR_UNKNOWN_TOPIC_OR_PARTITION);
    /* bad topic configs are refused */
    assert_int_not_equal(chronik_topic_config_set(g_eng, "bad", "vector.metric", "manhattan"), CHRONIK_OK);
    assert_int_not_equal(chronik_topic_config_set(g_eng, "bad", "vector.provider", "magic"), CHRONIK_OK);
    assert_int_not_equal(chronik_topic_config_set(g_eng, "bad", "vector.hnsw.m", "1"), CHRONIK_OK);
}

static void test_record_text(void **state) {
    (void)state;
    ck_wb wb;
    ck_wb_init(&wb, 64);
    const char *txt;
    size_t tl;
    const char *v = "{\"a\":{\"b\":\"caf\\u00e9 \\\"x\\\"\"},\"n\":5,\"z\":null}";
    assert_true(ck_vec_record_text((const uint8_t *)v, (int32_t)strlen(v), "a.b", &wb, &txt, &tl));
    assert_int_equal(tl, strlen("café \"x\""));
    assert_memory_equal(txt, "café \"x\"", tl);
    assert_true(ck_vec_record_text((const uint8_t *)v, (int32_t)strlen(v), "$.n", &wb, &txt, &tl));
    assert_memory_equal(txt, "5", 1);
    assert_false(ck_vec_record_text((const uint8_t *)v, (int32_t)strlen(v), "z", &wb, &txt, &tl));
    assert_false(ck_vec_record_text((const uint8_t *)v, (int32_t)strlen(v), "missing", &wb, &txt, &tl));
    assert_true(ck_vec_record_text((const uint8_t *)"plain", 5, "", &wb, &txt, &tl));
    assert_int_equal(tl, 5);
    assert_false(ck_vec_record_text((const uint8_t *)"not json", 8, "a", &wb, &txt, &tl));
    ck_wb_free(&wb);
    assert_true(ck_vjson_valid("{\"a\":[1,2.5e3,true,null]}", 25));
    assert_false(ck_vjson_valid("{\"a\":01}", 8));
    assert_false(ck_vjson_valid("{\"a\":1,}", 8));
    assert_false(ck_vjson_valid("{\"a\" 1}", 7));
}

/* Queries from several threads while the worker indexes and partitions are
 * added: every answer is well-formed and finds the document asked for. */
typedef struct qthread {
    int      id;
    atomic_int *stop;
    int      ok, bad;
} qthread;

static void *query_loop(void *arg) {
    qthread *q = arg;
    char t[256], req[512];
    for (int i = 0; !atomic_load(q->stop); i++) {
        int d = (q->id * 97 + i * 13) % 50; /* among the first 50 documents, produced before the threads start */
        doc_text(d, t, sizeof(t));
        snprintf(req, sizeof(req), "{\"query\":\"%s\",\"k\":3}", t);
        char *out = NULL;
        if (chronik_vector_search(g_eng, "conc", req, &out) == CHRONIK_OK && out && strstr(out, "\"hits\":{") &&
            hit_score(out, 0) > 0.999)
            q->ok++;
        else
            q->bad++;
        chronik_free(out);
    }
    return NULL;
}

static void test_concurrent_queries_while_indexing(void **state) {
    (void)state;
    g_eng = open_engine();
    create_vector_topic("conc", 2, NULL);
    char t[256];
    for (int i = 0; i < 50; i++) {
        doc_text(i, t, sizeof(t));
        produce_text("conc", i % 2, "{\"text\":\"%s\"}", t);
    }
    atomic_int stop = 0;
    qthread qs[3];
    pthread_t th[3];
    for (int i = 0; i < 3; i++) {
        qs[i] = (qthread){i, &stop, 0, 0};
        assert_int_equal(pthread_create(&th[i], NULL, query_loop, &qs[i]), 0);
    }
    for (int i = 50; i < 1500; i++) {
        if (i == 700) {
            assert_int_equal(chronik_topic_create_partitions(g_eng, "conc", 3), CHRONIK_OK);
            ck_vector_topic_changed(V(), "conc");
        }
        doc_text(i, t, sizeof(t));
        produce_text("conc", i < 700 ? i % 2 : i % 3, "{\"text\":\"%s\"}", t);
    }
    assert_int_equal(ck_vector_wait_indexed(V(), "conc", 60000), 0);
    atomic_store(&stop, 1);
    int ok = 0, bad = 0;
    for (int i = 0; i < 3; i++) {
        pthread_join(th[i], NULL);
        ok += qs[i].ok;
        bad += qs[i].bad;
    }
    fprintf(stderr, "concurrent queries: %d answered, %d wrong\n", ok, bad);
    assert_true(ok > 0);
    assert_int_equal(bad, 0);
    assert_int_equal(stats_int("conc", "vectors"), 1500);
    /* a document of the added partition is found */
    doc_text(1499, t, sizeof(t));
    char *js = search("conc", "{\"query\":\"%s\",\"k\":1}", t);
    assert_non_null(strstr(js, "\"_partition\":2"));
    chronik_free(js);
}

static int copy_file(const char *from, const char *to) {
    FILE *a = fopen(from, "rb"), *b = fopen(to, "wb");
    if (!a || !b) {
        if (a) fclose(a);
        if (b) fclose(b);
        return -1;
    }
    char buf[65536];
    size_t n;
    while ((n = fread(buf, 1, sizeof(buf), a)) > 0) fwrite(buf, 1, n, b);
    fclose(a);
    fclose(b);
    return 0;
}

/* A stop between the two renames of a save: the new graph is in place, the
 * old meta file next to it, the new one under its temporary name.  The next
 * open finishes the save instead of rebuilding. */
static void test_interrupted_save_completed(void **state) {
    (void)state;
    g_eng = open_engine();
    assert_int_equal(chronik_vector_set_embedder(g_eng, embed_cb, NULL), CHRONIK_OK);
    const char *extra[] = {"vector.provider", "callback", "vector.dimensions", "32", NULL};
    create_vector_topic("irs", 1, extra);
    char t[256], meta[512], old[512], tmp[512];
    snprintf(meta, sizeof(meta), "%s/vector/irs.meta", g_dir);
    snprintf(old, sizeof(old), "%s/irs.meta.old", g_dir);
    snprintf(tmp, sizeof(tmp), "%s/vector/irs.meta.tmp", g_dir);
    for (int i = 0; i < 100; i++) {
        doc_text(i, t, sizeof(t));
        produce_text("irs", 0, "{\"text\":\"%s\"}", t);
    }
    assert_int_equal(ck_vector_wait_indexed(V(), "irs", 30000), 0);
    ck_vector_persist_now(V());
    assert_int_equal(copy_file(meta, old), 0);
    for (int i = 100; i < 150; i++) {
        doc_text(i, t, sizeof(t));
        produce_text("irs", 0, "{\"text\":\"%s\"}", t);
    }
    assert_int_equal(ck_vector_wait_indexed(V(), "irs", 30000), 0);
    chronik_close(g_eng);
    g_eng = NULL;
    assert_int_equal(rename(meta, tmp), 0);
    assert_int_equal(copy_file(old, meta), 0);

    g_eng = open_engine();
    atomic_store(&g_embedded, 0);
    assert_int_equal(chronik_vector_set_embedder(g_eng, embed_cb, NULL), CHRONIK_OK);
    assert_int_equal(ck_vector_wait_indexed(V(), "irs", 30000), 0);
    assert_int_equal(stats_int("irs", "vectors"), 150);
    assert_int_equal(atomic_load(&g_embedded), 0);
    struct stat st;
    assert_int_not_equal(stat(tmp, &st), 0);

    /* Without the temporary meta the mismatch means a rebuild from the log. */
    chronik_close(g_eng);
    g_eng = NULL;
    assert_int_equal(copy_file(old, meta), 0);
    g_eng = open_engine();
    atomic_store(&g_embedded, 0);
    assert_int_equal(chronik_vector_set_embedder(g_eng, embed_cb, NULL), CHRONIK_OK);
    assert_int_equal(ck_vector_wait_indexed(V(), "irs", 30000), 0);
    assert_int_equal(stats_int("irs", "vectors"), 150);
    assert_int_equal(atomic_load(&g_embedded), 150);
    assert_int_equal(chronik_vector_set_embedder(g_eng, NULL, NULL), CHRONIK_OK);
}

int main(void) {
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_hash_embed),
        cmocka_unit_test(test_record_text),
        cmocka_unit_test_setup_teardown(test_shim_recall_save_load, setup, teardown),
        cmocka_unit_test_setup_teardown(test_index_and_search, setup, teardown),
        cmocka_unit_test_setup_teardown(test_freshness_tail, setup, teardown),
        cmocka_unit_test_setup_teardown(test_restart_resumes, setup, teardown),
        cmocka_unit_test_setup_teardown(test_corrupt_index_rebuilt, setup, teardown),
        cmocka_unit_test_setup_teardown(test_interrupted_save_completed, setup, teardown),
        cmocka_unit_test_setup_teardown(test_deletions, setup, teardown),
        cmocka_unit_test_setup_teardown(test_field_vectors, setup, teardown),
        cmocka_unit_test_setup_teardown(test_bad_requests, setup, teardown),
        cmocka_unit_test_setup_teardown(test_concurrent_queries_while_indexing, setup, teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
