/*
 * test_search.c — full-text search on a real engine in a temp directory.
 * Records are produced with chronik_produce, searched with chronik_search,
 * and every answer is checked against a brute-force scan of the same
 * records in C: match (or / and), phrase, prefix, query_string, bool with
 * term and range filters, multi-partition paging and sorting, highlight,
 * the analyzers, searchable.fields and searchable.key, freshness (every
 * acknowledged record found at once), DeleteRecords and retention, topic
 * deletion and re-creation, restart, a damaged index file, configs switched
 * on for a topic that already holds records, and malformed requests.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <cmocka.h>

#include <ctype.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <unistd.h>

#include "chronik.h"
#include "search/search.h"
#include "search/search_int.h"
#include "util/util.h"

static char g_dir[256];
static chronik_t *g_eng;

#define MAXREC 2000
typedef struct rec {
    int32_t part;
    int64_t offset;
    char    value[256];
    char    key[32];
    char    level[16];
    char    msg[200];
    int     n;
    bool    json;
    bool    deleted;
} rec;

static rec g_recs[MAXREC];
static int g_nrec;

static chronik_t *open_engine(void) {
    chronik_conf_t *conf = chronik_conf_new();
    char err[256];
    assert_int_equal(chronik_conf_set(conf, "data.dir", g_dir, err, sizeof(err)), CHRONIK_OK);
    assert_int_equal(chronik_conf_set(conf, "flush.policy", "os", err, sizeof(err)), CHRONIK_OK);
    assert_int_equal(chronik_conf_set(conf, "log.level", "error", err, sizeof(err)), CHRONIK_OK);
    chronik_t *c = NULL;
    chronik_err_t rc = chronik_open(conf, &c, err, sizeof(err));
    if (rc != CHRONIK_OK) fprintf(stderr, "open: %s\n", err);
    assert_int_equal(rc, CHRONIK_OK);
    chronik_conf_free(conf);
    assert_non_null(ck_search_of(c));
    return c;
}

static int setup(void **state) {
    (void)state;
    snprintf(g_dir, sizeof(g_dir), "/tmp/chronik-search-XXXXXX");
    assert_non_null(mkdtemp(g_dir));
    g_nrec = 0;
    g_eng = open_engine();
    return 0;
}

static int teardown(void **state) {
    (void)state;
    chronik_close(g_eng);
    g_eng = NULL;
    ck_rmtree(g_dir);
    return 0;
}

/* ----- records and their brute-force model ----- */


static const char *vocab[] = { "disk", "full", "error", "timeout", "network", "retry", "user", "login",
                               "failed", "cache", "miss", "database", "slow", "query", "alpha", "beta" };

static uint32_t g_seed = 12345;
static uint32_t rnd(void) {
    g_seed = g_seed * 1103515245u + 12345u;
    return (g_seed >> 8) & 0xffffff;
}

static void create(const char *topic, int32_t parts, const char *const *extra) {
    const char *cfg[16] = { "searchable.enabled", "true" };
    int n = 2;
    for (int i = 0; extra && extra[i]; i++) cfg[n++] = extra[i];
    cfg[n] = NULL;
    assert_int_equal(chronik_topic_create(g_eng, topic, parts, cfg), CHRONIK_OK);
}

static void produce_one(const char *topic, int32_t part, const char *key, const char *value, int64_t *off) {
    chronik_record_t r = { .key = key, .key_len = key ? strlen(key) : 0, .value = value,
                           .value_len = strlen(value), .timestamp = -1 };
    assert_int_equal(chronik_produce(g_eng, topic, part, &r, 1, off), CHRONIK_OK);
}

/* Produces n log-like records (and one plain-text record in ten). */
static void produce_logs(const char *topic, int32_t parts, int n) {
    for (int i = 0; i < n && g_nrec < MAXREC; i++) {
        rec *r = &g_recs[g_nrec++];
        memset(r, 0, sizeof(*r));
        r->part = (int32_t)(rnd() % (uint32_t)parts);
        r->n = (int)(rnd() % 100);
        snprintf(r->key, sizeof(r->key), "k%d", g_nrec);
        snprintf(r->level, sizeof(r->level), "%s", (rnd() % 3) == 0 ? "ERROR" : "INFO");
        int words = 3 + (int)(rnd() % 5);
        size_t pos = 0;
        for (int w = 0; w < words; w++)
            pos += (size_t)snprintf(r->msg + pos, sizeof(r->msg) - pos, "%s%s", w ? " " : "",
                                    vocab[rnd() % CK_ARRAY_LEN(vocab)]);
        r->json = (i % 10) != 9;
        char v[sizeof(r->value)], lv[sizeof(r->level)], m[sizeof(r->msg)];
        memcpy(lv, r->level, sizeof(lv));
        memcpy(m, r->msg, sizeof(m));
        if (r->json) snprintf(v, sizeof(v), "{\"level\":\"%s\",\"message\":\"%s\",\"n\":%d}", lv, m, r->n);
        else snprintf(v, sizeof(v), "%s", m);
        memcpy(r->value, v, sizeof(v));
        produce_one(topic, r->part, r->key, r->value, &r->offset);
    }
}

static bool has_word(const char *text, const char *w) {
    size_t wl = strlen(w);
    for (const char *p = text; (p = strstr(p, w)) != NULL; p++) {
        bool left = p == text || !isalnum((unsigned char)p[-1]);
        bool right = !isalnum((unsigned char)p[wl]);
        if (left && right) return true;
    }
    return false;
}

static bool has_prefix_word(const char *text, const char *w) {
    for (const char *p = text; (p = strstr(p, w)) != NULL; p++)
        if (p == text || !isalnum((unsigned char)p[-1])) return true;
    return false;
}

/* ----- searching ----- */

typedef struct result {
    ck_arena     arena;
    const ck_sj *root;
    int64_t      total;
    int          nhits;
    char         ids[MAXREC][48];
    double       scores[MAXREC];
    const ck_sj *hits[MAXREC];
} result;

static chronik_err_t search_rc(const char *indices, const char *body, char **json) {
    return chronik_search(g_eng, indices, body, json);
}

static result *search(const char *indices, const char *fmt, ...) CK_PRINTF(2, 3);
static result *search(const char *indices, const char *fmt, ...) {
    static result r;
    static bool init;
    char body[4096];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(body, sizeof(body), fmt, ap);
    va_end(ap);
    if (init) ck_arena_free(&r.arena);
    init = true;
    memset(&r, 0, sizeof(r));
    ck_arena_init(&r.arena);
    char *json = NULL;
    chronik_err_t rc = search_rc(indices, body, &json);
    if (rc != CHRONIK_OK) fprintf(stderr, "search failed: %s\n  %s\n  %s\n", chronik_errmsg(g_eng), body, json);
    assert_int_equal(rc, CHRONIK_OK);
    char err[128];
    r.root = ck_sj_parse(&r.arena, json, strlen(json), 100, err, sizeof(err));
    assert_non_null(r.root);
    chronik_free(json);
    const ck_sj *hits = ck_sj_path(r.root, "hits.hits", 9);
    const ck_sj *tot = ck_sj_path(r.root, "hits.total.value", 16);
    r.total = tot ? (int64_t)tot->num : -1;
    assert_non_null(hits);
    for (size_t i = 0; i < hits->n && i < MAXREC; i++) {
        const ck_sj *id = ck_sj_get(&hits->kids[i], "_id");
        const ck_sj *sc = ck_sj_get(&hits->kids[i], "_score");
        snprintf(r.ids[i], sizeof(r.ids[i]), "%s", id->s);
        r.scores[i] = sc && sc->type == CK_SJ_NUMBER ? sc->num : 0;
        r.hits[i] = &hits->kids[i];
        r.nhits++;
    }
    return &r;
}

static int cmp_id(const void *a, const void *b) { return strcmp(a, b); }

/* The expected hits of a predicate, as sorted ids. */
typedef bool (*pred_fn)(const rec *r, const void *arg);
static int expected(const char *topic, pred_fn fn, const void *arg, char (*out)[48]) {
    int n = 0;
    for (int i = 0; i < g_nrec; i++) {
        if (g_recs[i].deleted || !fn(&g_recs[i], arg)) continue;
        snprintf(out[n++], 48, "%s-%d-%lld", topic, (int)g_recs[i].part, (long long)g_recs[i].offset);
    }
    qsort(out, (size_t)n, 48, cmp_id);
    return n;
}

static void check_same(const char *topic, result *r, pred_fn fn, const void *arg, const char *what) {
    static char exp[MAXREC][48];
    int ne = expected(topic, fn, arg, exp);
    char (*got)[48] = ck_malloc((size_t)(r->nhits + 1) * 48);
    memcpy(got, r->ids, (size_t)r->nhits * 48);
    qsort(got, (size_t)r->nhits, 48, cmp_id);
    if (ne != r->nhits || r->total != ne) {
        fprintf(stderr, "%s: expected %d hits, got %d (total %lld)\n", what, ne, r->nhits, (long long)r->total);
        /* The first differences, with the records behind them. */
        int shown = 0;
        for (int i = 0, j = 0; (i < ne || j < r->nhits) && shown < 5;) {
            int c = i >= ne ? 1 : j >= r->nhits ? -1 : strcmp(exp[i], got[j]);
            if (c == 0) {
                i++, j++;
                continue;
            }
            const char *id = c < 0 ? exp[i++] : got[j++];
            for (int k = 0; k < g_nrec; k++) {
                char rid[48];
                snprintf(rid, sizeof(rid), "%s-%d-%lld", topic, (int)g_recs[k].part, (long long)g_recs[k].offset);
                if (!strcmp(rid, id)) fprintf(stderr, "  %s %s: %s\n", c < 0 ? "missing" : "extra", id, g_recs[k].value);
            }
            shown++;
        }
    }
    assert_int_equal(r->nhits, ne);
    assert_int_equal(r->total, ne);
    for (int i = 0; i < ne; i++) assert_string_equal(got[i], exp[i]);
    ck_free(got);
}

static bool p_word(const rec *r, const void *a) { return has_word(r->msg, a); }
/* A word in any field: the message (or the plain value) and the level. */
static bool p_any(const rec *r, const void *a) {
    return has_word(r->msg, a) || (r->json && !strcasecmp(r->level, a));
}
static bool p_two_and(const rec *r, const void *a) {
    const char *const *w = a;
    return has_word(r->msg, w[0]) && has_word(r->msg, w[1]);
}
static bool p_two_or(const rec *r, const void *a) {
    const char *const *w = a;
    return p_any(r, w[0]) || p_any(r, w[1]);
}
static bool p_phrase(const rec *r, const void *a) {
    const char *const *w = a;
    char ph[64];
    snprintf(ph, sizeof(ph), "%s %s", w[0], w[1]);
    return has_word(r->msg, ph);
}
static bool p_prefix(const rec *r, const void *a) { return has_prefix_word(r->msg, a); }
static bool p_bool(const rec *r, const void *a) {
    (void)a;
    /* must disk, filter ERROR and 20 <= n < 70, must_not timeout */
    return r->json && has_word(r->msg, "disk") && !strcmp(r->level, "ERROR") && r->n >= 20 && r->n < 70 &&
           !has_word(r->msg, "timeout");
}
static bool p_qs(const rec *r, const void *a) {
    (void)a;
    /* (error OR network) AND NOT retry */
    return (p_any(r, "error") || has_word(r->msg, "network")) && !has_word(r->msg, "retry");
}
static bool p_all(const rec *r, const void *a) {
    (void)r;
    (void)a;
    return true;
}
static bool p_plain(const rec *r, const void *a) { return !r->json && has_word(r->msg, a); }
static bool p_json_range(const rec *r, const void *a) {
    (void)a;
    return r->json && r->n > 90;
}

static void test_queries_match_brute_force(void **state) {
    (void)state;
    create("logs", 3, NULL);
    produce_logs("logs", 3, 600);
    result *r;
    for (size_t i = 0; i < CK_ARRAY_LEN(vocab); i++) {
        r = search("logs", "{\"query\":{\"match\":{\"message\":\"%s\"}},\"size\":2000}", vocab[i]);
        /* message is only a JSON field: plain-text records hold it as "value" */
        static char exp[MAXREC][48];
        int ne = 0;
        for (int k = 0; k < g_nrec; k++)
            if (g_recs[k].json && has_word(g_recs[k].msg, vocab[i]))
                snprintf(exp[ne++], 48, "logs-%d-%lld", (int)g_recs[k].part, (long long)g_recs[k].offset);
        assert_int_equal(r->total, ne);
        /* every field: q= style */
        r = search("logs", "{\"query\":{\"query_string\":{\"query\":\"%s\"}},\"size\":2000}", vocab[i]);
        check_same("logs", r, p_any, vocab[i], "query_string one word");
    }
    const char *two[2] = { "disk", "error" };
    r = search("logs", "{\"query\":{\"multi_match\":{\"query\":\"disk error\",\"fields\":[\"message\",\"value\"],"
                       "\"operator\":\"and\"}},\"size\":2000}");
    check_same("logs", r, p_two_and, two, "multi_match and");
    r = search("logs", "{\"query\":{\"simple_query_string\":{\"query\":\"disk | error\"}},\"size\":2000}");
    check_same("logs", r, p_two_or, two, "simple_query_string or");
    r = search("logs", "{\"query\":{\"query_string\":{\"query\":\"\\\"disk error\\\"\"}},\"size\":2000}");
    check_same("logs", r, p_phrase, two, "phrase");
    r = search("logs", "{\"query\":{\"query_string\":{\"query\":\"dat*\"}},\"size\":2000}");
    check_same("logs", r, p_prefix, "dat", "prefix");
    r = search("logs", "{\"query\":{\"bool\":{\"must\":[{\"match\":{\"message\":\"disk\"}}],"
                       "\"filter\":[{\"term\":{\"level\":\"ERROR\"}},{\"range\":{\"n\":{\"gte\":20,\"lt\":70}}}],"
                       "\"must_not\":[{\"match\":{\"message\":\"timeout\"}}]}},\"size\":2000}");
    check_same("logs", r, p_bool, NULL, "bool");
    r = search("logs", "{\"query\":{\"query_string\":{\"query\":\"(error OR network) AND NOT retry\"}},\"size\":2000}");
    check_same("logs", r, p_qs, NULL, "query_string bool");
    r = search("logs", "{\"query\":{\"match_all\":{}},\"size\":2000}");
    check_same("logs", r, p_all, NULL, "match_all");
    r = search("logs", "{\"query\":{\"match\":{\"value\":\"cache\"}},\"size\":2000}");
    check_same("logs", r, p_plain, "cache", "plain-text values");
    r = search("logs", "{\"query\":{\"range\":{\"n\":{\"gt\":90}}},\"size\":2000}");
    check_same("logs", r, p_json_range, NULL, "range only");
    /* A term on the key and on _partition. */
    r = search("logs", "{\"query\":{\"term\":{\"_key\":\"k7\"}}}");
    assert_int_equal(r->total, 1);
    r = search("logs", "{\"query\":{\"bool\":{\"filter\":{\"term\":{\"_partition\":1}}}},\"size\":2000}");
    int inp1 = 0;
    for (int k = 0; k < g_nrec; k++) inp1 += g_recs[k].part == 1;
    assert_int_equal(r->total, inp1);
    /* track_total_hits and count */
    r = search("logs", "{\"track_total_hits\":10}");
    const ck_sj *rel = ck_sj_path(r->root, "hits.total.relation", 19);
    assert_string_equal(rel->s, "gte");
    assert_int_equal(r->nhits, 10);
    char *json = NULL;
    ck_search_req req = { .op = CK_SOP_COUNT, .indices = "logs", .body = "{\"query\":{\"match\":{\"_all\":\"disk\"}}}" };
    req.body_len = strlen(req.body);
    ck_wb out;
    ck_wb_init(&out, 256);
    assert_int_equal(ck_search_handle(ck_search_of(g_eng), &req, &out, NULL, NULL, 0), 200);
    static char exp[MAXREC][48];
    char want[64];
    snprintf(want, sizeof(want), "{\"count\":%d,", expected("logs", p_any, "disk", exp));
    ck_wb_i8(&out, 0);
    assert_non_null(strstr((const char *)out.buf, want));
    ck_wb_free(&out);
    (void)json;
}

static void test_paging_sort_highlight(void **state) {
    (void)state;
    create("pg", 4, NULL);
    produce_logs("pg", 4, 300);
    /* Pages of 7 by _score then id: together exactly the full answer. */
    result *r = search("pg", "{\"query\":{\"match\":{\"message\":\"disk user\"}},\"size\":1000}");
    int total = r->nhits;
    assert_true(total > 20);
    static char all[MAXREC][48];
    memcpy(all, r->ids, (size_t)total * 48);
    for (int i = 1; i < total; i++) assert_true(r->scores[i - 1] >= r->scores[i]);
    for (int from = 0; from < total; from += 7) {
        r = search("pg", "{\"query\":{\"match\":{\"message\":\"disk user\"}},\"from\":%d,\"size\":7}", from);
        for (int i = 0; i < r->nhits; i++) assert_string_equal(r->ids[i], all[from + i]);
    }
    /* Sort by a field descending, ties by (partition, offset): stable pages. */
    r = search("pg", "{\"sort\":[{\"n\":\"desc\"},\"_partition\",\"_offset\"],\"size\":1000}");
    int prev = 1000;
    for (int i = 0; i < r->nhits; i++) {
        const ck_sj *n = ck_sj_path(r->hits[i], "_source.n", 9);
        if (!n) continue; /* plain text: missing values last */
        assert_true((int)n->num <= prev);
        prev = (int)n->num;
    }
    /* Highlight with custom tags. */
    r = search("pg", "{\"query\":{\"match\":{\"message\":\"network\"}},\"highlight\":{\"fields\":{\"message\":{}},"
                     "\"pre_tags\":[\"[\"],\"post_tags\":[\"]\"]}}");
    assert_true(r->nhits > 0);
    for (int i = 0; i < r->nhits; i++) {
        const ck_sj *h = ck_sj_path(r->hits[i], "highlight.message", 17);
        assert_non_null(h);
        assert_non_null(strstr(h->kids[0].s, "[network]"));
    }
    /* _source filtering */
    r = search("pg", "{\"_source\":{\"includes\":[\"level\"]},\"query\":{\"match\":{\"level\":\"error\"}}}");
    assert_true(r->nhits > 0);
    const ck_sj *src = ck_sj_get(r->hits[0], "_source");
    assert_non_null(ck_sj_get(src, "level"));
    assert_null(ck_sj_get(src, "message"));
    r = search("pg", "{\"_source\":false}");
    assert_null(ck_sj_get(r->hits[0], "_source"));
}

static void test_freshness(void **state) {
    (void)state;
    create("fresh", 2, NULL);
    for (int i = 0; i < 300; i++) {
        char v[128];
        snprintf(v, sizeof(v), "{\"message\":\"event uniq%d\"}", i);
        int64_t off = -1;
        produce_one("fresh", i % 2, NULL, v, &off);
        result *r = search("fresh", "{\"query\":{\"match\":{\"message\":\"uniq%d\"}}}", i);
        assert_int_equal(r->nhits, 1);
        char id[64];
        snprintf(id, sizeof(id), "fresh-%d-%lld", i % 2, (long long)off);
        assert_string_equal(r->ids[0], id);
    }
    result *r = search("fresh", "{\"query\":{\"match\":{\"message\":\"event\"}}}");
    assert_int_equal(r->total, 300);
}

static bool p_live(const rec *r, const void *a) {
    (void)a;
    return !r->deleted;
}

static void test_delete_records_and_retention(void **state) {
    (void)state;
    create("ret", 2, NULL);
    produce_logs("ret", 2, 200);
    result *r = search("ret", "{\"size\":1000}");
    assert_int_equal(r->total, 200);
    int64_t cut = 40;
    assert_int_equal(chronik_delete_records(g_eng, "ret", 0, cut), CHRONIK_OK);
    for (int i = 0; i < g_nrec; i++)
        if (g_recs[i].part == 0 && g_recs[i].offset < cut) g_recs[i].deleted = true;
    r = search("ret", "{\"size\":1000}");
    check_same("ret", r, p_live, NULL, "after DeleteRecords");
    /* The index itself drops them too (not only the search). */
    assert_int_equal(ck_search_wait_indexed(ck_search_of(g_eng), "ret", 5000), 0);
    ck_sidx *idx = ck_sidx_get(ck_search_of(g_eng), "ret");
    assert_non_null(idx);
    assert_true(atomic_load(&idx->docs_deleted) >= (uint64_t)cut);
    ck_sidx_release(idx);
    /* retention.bytes on partition 1: segments go, and so do their hits. */
    assert_int_equal(chronik_topic_config_set(g_eng, "ret", "segment.bytes", "1024"), CHRONIK_OK);
    assert_int_equal(chronik_topic_config_set(g_eng, "ret", "retention.bytes", "2048"), CHRONIK_OK);
    produce_logs("ret", 2, 100);
    assert_int_equal(chronik_retention_run(g_eng), CHRONIK_OK);
    for (int p = 0; p < 2; p++) {
        int64_t lo = 0, hi = 0;
        assert_int_equal(chronik_offsets(g_eng, "ret", p, &lo, &hi), CHRONIK_OK);
        for (int i = 0; i < g_nrec; i++)
            if (g_recs[i].part == p && g_recs[i].offset < lo) g_recs[i].deleted = true;
    }
    r = search("ret", "{\"size\":1000}");
    check_same("ret", r, p_live, NULL, "after retention");
}

static void test_delete_and_recreate(void **state) {
    (void)state;
    create("dr", 1, NULL);
    produce_one("dr", 0, NULL, "{\"message\":\"old world\"}", NULL);
    result *r = search("dr", "{\"query\":{\"match\":{\"message\":\"old\"}}}");
    assert_int_equal(r->total, 1);
    assert_int_equal(chronik_topic_delete(g_eng, "dr"), CHRONIK_OK);
    char *json = NULL;
    assert_int_equal(search_rc("dr", "{}", &json), CHRONIK_ERR_UNKNOWN_TOPIC_OR_PARTITION);
    assert_non_null(strstr(json, "index_not_found_exception"));
    chronik_free(json);
    create("dr", 1, NULL);
    produce_one("dr", 0, NULL, "{\"message\":\"new world\"}", NULL);
    r = search("dr", "{\"query\":{\"match\":{\"message\":\"old\"}}}");
    assert_int_equal(r->total, 0);
    r = search("dr", "{\"query\":{\"match\":{\"message\":\"world\"}}}");
    assert_int_equal(r->total, 1);
    assert_string_equal(r->ids[0], "dr-0-0");
}

static void test_restart_and_damaged_index(void **state) {
    (void)state;
    create("rs", 2, NULL);
    produce_logs("rs", 2, 150);
    result *r = search("rs", "{\"query\":{\"multi_match\":{\"query\":\"disk\",\"fields\":[\"message\",\"value\"]}},\"size\":1000}");
    check_same("rs", r, p_word, "disk", "before restart");
    assert_int_equal(ck_search_wait_indexed(ck_search_of(g_eng), "rs", 5000), 0);
    chronik_close(g_eng);
    g_eng = open_engine();
    r = search("rs", "{\"query\":{\"multi_match\":{\"query\":\"disk\",\"fields\":[\"message\",\"value\"]}},\"size\":1000}");
    check_same("rs", r, p_word, "disk", "after restart");
    chronik_close(g_eng);
    g_eng = NULL;
    /* Damage the index: garbage over its pages. */
    char path[512];
    snprintf(path, sizeof(path), "%s/search/rs.db", g_dir);
    int fd = open(path, O_WRONLY);
    assert_true(fd >= 0);
    char junk[8192];
    memset(junk, 0x5a, sizeof(junk));
    assert_int_equal(pwrite(fd, junk, sizeof(junk), 0), (ssize_t)sizeof(junk));
    close(fd);
    g_eng = open_engine();
    r = search("rs", "{\"query\":{\"multi_match\":{\"query\":\"disk\",\"fields\":[\"message\",\"value\"]}},\"size\":1000}");
    check_same("rs", r, p_word, "disk", "after the index was damaged");
    ck_search_stats st;
    ck_search_stats_get(ck_search_of(g_eng), &st);
    assert_true(st.rebuilds >= 1);
    assert_true(st.docs_indexed >= 150);
    /* The index lost while down: rebuilt too. */
    chronik_close(g_eng);
    g_eng = NULL;
    unlink(path);
    g_eng = open_engine();
    r = search("rs", "{\"query\":{\"multi_match\":{\"query\":\"user\",\"fields\":[\"message\",\"value\"]}},\"size\":1000}");
    check_same("rs", r, p_word, "user", "after the index was lost");
}

static void test_analyzers_fields_key(void **state) {
    (void)state;
    const char *porter[] = { "searchable.analyzer", "porter", NULL };
    create("stem", 1, porter);
    produce_one("stem", 0, NULL, "{\"message\":\"the runners were running\"}", NULL);
    result *r = search("stem", "{\"query\":{\"match\":{\"message\":\"run\"}},\"highlight\":{\"fields\":{\"*\":{}}}}");
    assert_int_equal(r->total, 1);
    const ck_sj *h = ck_sj_path(r->hits[0], "highlight.message", 17);
    assert_non_null(h);
    assert_string_equal(h->kids[0].s, "the runners were <em>running</em>");

    const char *tri[] = { "searchable.analyzer", "trigram", NULL };
    create("tri", 1, tri);
    produce_one("tri", 0, NULL, "{\"message\":\"Connection refused by upstream\"}", NULL);
    r = search("tri", "{\"query\":{\"match_phrase\":{\"message\":\"refus\"}}}");
    assert_int_equal(r->total, 1);
    r = search("tri", "{\"query\":{\"match_phrase\":{\"message\":\"nection ref\"}}}");
    assert_int_equal(r->total, 1);
    r = search("tri", "{\"query\":{\"match_phrase\":{\"message\":\"refusal\"}}}");
    assert_int_equal(r->total, 0);

    const char *diac[] = { NULL };
    create("uni", 1, diac);
    produce_one("uni", 0, "clé", "{\"message\":\"Café crème à Zürich\"}", NULL);
    r = search("uni", "{\"query\":{\"match\":{\"message\":\"cafe zurich\"}}}");
    assert_int_equal(r->total, 1);
    const ck_sj *k = ck_sj_path(r->hits[0], "_source._key", 12);
    assert_string_equal(k->s, "clé");

    const char *fk[] = { "searchable.fields", "title,meta.tags", "searchable.key", "true", NULL };
    create("fk", 1, fk);
    produce_one("fk", 0, "order-42", "{\"title\":\"blue shoes\",\"body\":\"red hat\",\"meta\":{\"tags\":[\"sale\",\"new\"]}}",
                NULL);
    r = search("fk", "{\"query\":{\"match\":{\"body\":\"red\"}}}");
    assert_int_equal(r->total, 0);              /* not an indexed field */
    r = search("fk", "{\"query\":{\"match\":{\"meta.tags\":\"sale\"}}}");
    assert_int_equal(r->total, 1);
    r = search("fk", "{\"query\":{\"match\":{\"_key\":\"order\"}}}");
    assert_int_equal(r->total, 1);
    r = search("fk", "{\"query\":{\"query_string\":{\"query\":\"blue AND 42\"}}}");
    assert_int_equal(r->total, 1);
    /* Multi-topic and wildcard searches. */
    r = search("stem,tri", "{\"size\":100}");
    assert_int_equal(r->total, 2);
    r = search("s*,u*", "{\"size\":100}");
    assert_int_equal(r->total, 2);
    r = search(NULL, "{\"size\":100}");
    assert_int_equal(r->total, 4);
}

static void test_enable_on_existing_topic(void **state) {
    (void)state;
    assert_int_equal(chronik_topic_create(g_eng, "late", 2, NULL), CHRONIK_OK);
    for (int i = 0; i < 400; i++) {
        char v[64];
        snprintf(v, sizeof(v), "{\"message\":\"backlog item%d\"}", i);
        produce_one("late", i % 2, NULL, v, NULL);
    }
    char *json = NULL;
    assert_int_equal(search_rc("late", "{}", &json), CHRONIK_ERR_INVALID_ARG);
    assert_non_null(strstr(json, "searchable.enabled"));
    chronik_free(json);
    assert_int_equal(chronik_topic_config_set(g_eng, "late", "searchable.enabled", "true"), CHRONIK_OK);
    result *r = search("late", "{\"query\":{\"match\":{\"message\":\"backlog\"}}}");
    assert_int_equal(r->total, 400);
    /* Changing the analyzer rebuilds the index. */
    assert_int_equal(chronik_topic_config_set(g_eng, "late", "searchable.analyzer", "trigram"), CHRONIK_OK);
    r = search("late", "{\"query\":{\"match_phrase\":{\"message\":\"item39\"}}}");
    assert_int_equal(r->total, 11); /* item39, item390..item399 */
    ck_search_req req = { .op = CK_SOP_STATS };
    ck_wb out;
    ck_wb_init(&out, 256);
    assert_int_equal(ck_search_handle(ck_search_of(g_eng), &req, &out, NULL, NULL, 0), 200);
    ck_wb_i8(&out, 0);
    assert_non_null(strstr((const char *)out.buf, "\"late\":{\"docs\":400"));
    ck_wb_free(&out);
}

static void test_bad_requests(void **state) {
    (void)state;
    create("bad", 1, NULL);
    produce_one("bad", 0, NULL, "{\"message\":\"still here\"}", NULL);
    struct {
        const char *body;
        const char *needle;
    } cases[] = {
        { "{\"query\":", "failed to parse" },
        { "[1,2]", "must be a JSON object" },
        { "{\"query\":{\"nope\":{}}}", "unknown query [nope]" },
        { "{\"query\":{\"match\":{}}}", "[match]" },
        { "{\"query\":{\"bool\":{\"must\":5}}}", "[bool]" },
        { "{\"query\":{\"range\":{\"_timestamp\":{\"gte\":\"yesterday-ish\"}}}}", "failed to parse date" },
        { "{\"size\":100000}", "Result window is too large" },
        { "{\"from\":-1}", "cannot be negative" },
        { "{\"query\":{\"query_string\":{\"query\":\"\\\"unbalanced\"}}}", "unbalanced quotes" },
        { "{\"query\":{\"query_string\":{\"query\":\"(a OR b\"}}}", "missing ')'" },
        { "{\"query\":{\"term\":{\"a\":{\"x\":1}}}}", "[term]" },
        { "{\"bogus\":1}", "Unknown key" },
        { "{\"sort\":[{\"n\":\"sideways\"}]}", "[sort]" },
    };
    for (size_t i = 0; i < CK_ARRAY_LEN(cases); i++) {
        char *json = NULL;
        chronik_err_t rc = search_rc("bad", cases[i].body, &json);
        if (rc != CHRONIK_ERR_INVALID_ARG || !strstr(json, cases[i].needle))
            fprintf(stderr, "case %zu: %s -> %d %s\n", i, cases[i].body, rc, json);
        assert_int_equal(rc, CHRONIK_ERR_INVALID_ARG);
        assert_non_null(strstr(json, cases[i].needle));
        assert_non_null(strstr(json, "\"status\":400"));
        chronik_free(json);
    }
    /* Deeply nested bool: refused with a reason, never a crash. */
    ck_wb deep;
    ck_wb_init(&deep, 4096);
    ck_json_raw(&deep, "{\"query\":");
    for (int i = 0; i < 500; i++) ck_json_raw(&deep, "{\"bool\":{\"must\":");
    ck_json_raw(&deep, "{\"match_all\":{}}");
    for (int i = 0; i < 500; i++) ck_json_raw(&deep, "}}");
    ck_json_raw(&deep, "}");
    ck_wb_i8(&deep, 0);
    char *json = NULL;
    assert_int_equal(search_rc("bad", (const char *)deep.buf, &json), CHRONIK_ERR_INVALID_ARG);
    assert_non_null(strstr(json, "search.max.depth"));
    chronik_free(json);
    ck_wb_free(&deep);
    /* Still serving. */
    result *r = search("bad", "{\"query\":{\"match\":{\"message\":\"still\"}}}");
    assert_int_equal(r->total, 1);
    /* A search over its time budget answers what it has, timed_out. */
    r = search("bad", "{\"timeout\":\"0ms\",\"query\":{\"match\":{\"message\":\"still\"}}}");
    assert_int_equal(ck_sj_get(r->root, "timed_out")->type, CK_SJ_TRUE);
    r = search("bad", "{\"timeout\":\"5s\",\"query\":{\"match\":{\"message\":\"still\"}}}");
    assert_int_equal(ck_sj_get(r->root, "timed_out")->type, CK_SJ_FALSE);
}

int main(void) {
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_queries_match_brute_force, setup, teardown),
        cmocka_unit_test_setup_teardown(test_paging_sort_highlight, setup, teardown),
        cmocka_unit_test_setup_teardown(test_freshness, setup, teardown),
        cmocka_unit_test_setup_teardown(test_delete_records_and_retention, setup, teardown),
        cmocka_unit_test_setup_teardown(test_delete_and_recreate, setup, teardown),
        cmocka_unit_test_setup_teardown(test_restart_and_damaged_index, setup, teardown),
        cmocka_unit_test_setup_teardown(test_analyzers_fields_key, setup, teardown),
        cmocka_unit_test_setup_teardown(test_enable_on_existing_topic, setup, teardown),
        cmocka_unit_test_setup_teardown(test_bad_requests, setup, teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
