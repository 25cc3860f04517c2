/*
 * test_sql.c — SQL over topics on a real engine in a temp directory.
 * Records are produced with chronik_produce (mixed compression), and every
 * answer is checked against a computation in C over the same records:
 * counts, GROUP BY _partition, offset and time ranges, JSON sums and
 * averages, joins, for raw and columnar topics (hot, cold and unified),
 * schema evolution, non-JSON values, restart, topic deletion, the read-only
 * authorizer, timeouts, row limits, pushdown (rows decoded) and the JSON
 * answers for the REST layer.  Column blocks round-trip every encoding;
 * aggregates over columnar topics (column blocks, the table rows after
 * them and the hot tail) match a brute-force computation and SQLite's own
 * answer with the aggregate path turned off.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <cmocka.h>

#include <math.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "chronik.h"
#include "sql/sql.h"
#include "sql/sql_int.h"
#include "util/util.h"

static char g_dir[256];
static chronik_t *g_eng;
static void *g_sql;          /* started by the test (NULL when the engine starts it) */

static chronik_t *open_engine(const char *const *extra) {
    chronik_conf_t *conf = chronik_conf_new();
    char err[256];
    assert_int_equal(chronik_conf_set(conf, "data.dir", g_dir, err, sizeof(err)), CHRONIK_OK);
    assert_int_equal(chronik_conf_set(conf, "flush.policy", "os", err, sizeof(err)), CHRONIK_OK);
    assert_int_equal(chronik_conf_set(conf, "log.level", "warn", err, sizeof(err)), CHRONIK_OK);
    for (int i = 0; extra && extra[i]; i += 2)
        assert_int_equal(chronik_conf_set(conf, extra[i], extra[i + 1], err, sizeof(err)), CHRONIK_OK);
    chronik_t *c = NULL;
    chronik_err_t rc = chronik_open(conf, &c, err, sizeof(err));
    if (rc != CHRONIK_OK) fprintf(stderr, "open: %s\n", err);
    assert_int_equal(rc, CHRONIK_OK);
    chronik_conf_free(conf);
    g_sql = NULL;
    if (!ck_sql_of(c)) assert_int_equal(ck_sql_start(c, &g_sql), 0);
    assert_non_null(ck_sql_of(c));
    return c;
}

static void close_engine(chronik_t *c) {
    if (g_sql) ck_sql_stop(g_sql);
    g_sql = NULL;
    chronik_close(c);
}

static int setup(void **state) {
    (void)state;
    snprintf(g_dir, sizeof(g_dir), "/tmp/chronik-sql-XXXXXX");
    assert_non_null(mkdtemp(g_dir));
    g_eng = NULL;
    return 0;
}

static int teardown(void **state) {
    (void)state;
    if (g_eng) close_engine(g_eng);
    g_eng = NULL;
    ck_rmtree(g_dir);
    return 0;
}

static ck_sql *S(void) { return ck_sql_of(g_eng); }

static void create_topic(const char *name, int32_t parts, bool columnar) {
    const char *cfg[] = { "columnar.enabled", "true", NULL };
    assert_int_equal(chronik_topic_create(g_eng, name, parts, columnar ? cfg : NULL), CHRONIK_OK);
    ck_sql_topic_changed(S(), name);
}

/* ----- query helpers ----- */

typedef struct rows {
    int64_t n;
    int32_t ncols;
    chronik_sql_value_t first[8];
    char    text[8][128];
    int64_t ints[4096];          /* first column of each row, when INTEGER */
    double  reals[4096];         /* first column as a number */
    char    types[8][16];
} rows;

static int collect(void *opaque, int32_t ncols, const char *const *names, const char *const *types,
                   const chronik_sql_value_t *v) {
    rows *r = opaque;
    (void)names;
    if (r->n == 0) {
        r->ncols = ncols;
        for (int i = 0; i < ncols && i < 8; i++) {
            r->first[i] = v[i];
            snprintf(r->types[i], sizeof(r->types[i]), "%s", types[i]);
            if (v[i].type == CHRONIK_SQL_TEXT) {
                snprintf(r->text[i], sizeof(r->text[i]), "%.*s", (int)CK_MIN(v[i].len, 120), (const char *)v[i].data);
                r->first[i].data = r->text[i];
            }
        }
    }
    if (r->n < 4096) {
        r->ints[r->n] = v[0].type == CHRONIK_SQL_INTEGER ? v[0].i : 0;
        r->reals[r->n] = v[0].type == CHRONIK_SQL_REAL ? v[0].r : (double)v[0].i;
    }
    r->n++;
    return 0;
}

static rows *q(const char *fmt, ...) CK_PRINTF(1, 2);
static rows *q(const char *fmt, ...) {
    static rows r;
    char sql[2048];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(sql, sizeof(sql), fmt, ap);
    va_end(ap);
    memset(&r, 0, sizeof(r));
    chronik_err_t rc = chronik_sql(g_eng, sql, NULL, 0, 0, collect, &r, NULL);
    if (rc != CHRONIK_OK) fprintf(stderr, "query failed: %s\n  %s\n", chronik_errmsg(g_eng), sql);
    assert_int_equal(rc, CHRONIK_OK);
    return &r;
}

static int64_t qi(const char *fmt, ...) CK_PRINTF(1, 2);
static int64_t qi(const char *fmt, ...) {
    char sql[2048];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(sql, sizeof(sql), fmt, ap);
    va_end(ap);
    rows *r = q("%s", sql);
    assert_true(r->n >= 1);
    if (r->first[0].type == CHRONIK_SQL_REAL) return (int64_t)llround(r->first[0].r);
    assert_int_equal(r->first[0].type, CHRONIK_SQL_INTEGER);
    return r->first[0].i;
}

static double qd(const char *fmt, ...) CK_PRINTF(1, 2);
static double qd(const char *fmt, ...) {
    char sql[2048];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(sql, sizeof(sql), fmt, ap);
    va_end(ap);
    rows *r = q("%s", sql);
    assert_true(r->n >= 1);
    return r->first[0].type == CHRONIK_SQL_REAL ? r->first[0].r : (double)r->first[0].i;
}

static chronik_err_t qerr(const char *sql) {
    rows r;
    memset(&r, 0, sizeof(r));
    return chronik_sql(g_eng, sql, NULL, 0, 0, collect, &r, NULL);
}

/* ----- the data set ----- */

#define NMSG 600
#define TS0 1700000000000LL

typedef struct msg {
    int32_t part;
    int64_t offset;
    int64_t ts;
    int     amount;
    int     cust;
} msg;

static msg g_msgs[2 * NMSG];
static int g_nmsgs;

/* Produces n JSON messages to topic over nparts partitions (batches of 10,
 * compression cycling), recording them in g_msgs from index `from`. */
static void produce_json(const char *topic, int32_t nparts, int from, int n) {
    for (int i = 0; i < n; i += 10) {
        chronik_record_t recs[10];
        char vals[10][160], keys[10][16];
        int cnt = CK_MIN(10, n - i);
        int32_t part = ((from + i) / 10) % nparts;
        for (int k = 0; k < cnt; k++) {
            int idx = from + i + k;
            msg *m = &g_msgs[idx];
            m->part = part;
            m->ts = TS0 + idx * 1000;
            m->amount = (idx * 7) % 101;
            m->cust = idx % 5;
            snprintf(keys[k], sizeof(keys[k]), "k%d", idx);
            snprintf(vals[k], sizeof(vals[k]),
                     "{\"id\":%d,\"amount\":%d,\"cust\":\"c%d\",\"meta\":{\"src\":\"s%d\",\"deep\":{\"x\":%d}},\"tags\":[1,2]}",
                     idx, m->amount, m->cust, idx % 2, idx % 3);
            recs[k] = (chronik_record_t){ keys[k], strlen(keys[k]), vals[k], strlen(vals[k]), m->ts, NULL, 0 };
        }
        chronik_produce_opts_t opts = { (i / 10) % 5, 0 };
        int64_t base = -1;
        assert_int_equal(chronik_produce_with_options(g_eng, topic, part, recs, (size_t)cnt, &opts, &base), CHRONIK_OK);
        for (int k = 0; k < cnt; k++) g_msgs[from + i + k].offset = base + k;
    }
    if (from + n > g_nmsgs) g_nmsgs = from + n;
}

static int64_t expect_count(int32_t part, int64_t off_lo, int64_t off_hi, int64_t ts_lo, int64_t ts_hi) {
    int64_t c = 0;
    for (int i = 0; i < g_nmsgs; i++) {
        const msg *m = &g_msgs[i];
        if ((part < 0 || m->part == part) && m->offset >= off_lo && m->offset <= off_hi && m->ts >= ts_lo &&
            m->ts <= ts_hi)
            c++;
    }
    return c;
}

/* ===================================================================== */
/* Raw topics                                                            */
/* ===================================================================== */

static void test_raw_queries(void **state) {
    (void)state;
    g_eng = open_engine(NULL);
    g_nmsgs = 0;
    create_topic("orders", 3, false);
    produce_json("orders", 3, 0, NMSG);

    assert_int_equal(qi("SELECT COUNT(*) FROM orders"), NMSG);
    /* GROUP BY _partition */
    rows *r = q("SELECT _partition, COUNT(*) FROM orders GROUP BY _partition ORDER BY _partition");
    assert_int_equal(r->n, 3);
    for (int p = 0; p < 3; p++) assert_int_equal(qi("SELECT COUNT(*) FROM orders WHERE _partition = %d", p),
                                                 expect_count(p, 0, INT64_MAX, INT64_MIN, INT64_MAX));
    /* JSON sums and averages */
    int64_t sum = 0;
    int64_t csum[5] = { 0 }, ccnt[5] = { 0 };
    for (int i = 0; i < NMSG; i++) {
        sum += g_msgs[i].amount;
        csum[g_msgs[i].cust] += g_msgs[i].amount;
        ccnt[g_msgs[i].cust]++;
    }
    assert_int_equal(qi("SELECT SUM(_value->>'$.amount') FROM orders"), sum);
    for (int c = 0; c < 5; c++) {
        double avg = qd("SELECT AVG(_value->>'$.amount') FROM orders WHERE _value->>'$.cust' = 'c%d'", c);
        assert_true(fabs(avg - (double)csum[c] / (double)ccnt[c]) < 1e-9);
    }
    /* offset ranges on one partition */
    assert_int_equal(qi("SELECT COUNT(*) FROM orders WHERE _partition = 1 AND _offset BETWEEN 5 AND 20"),
                     expect_count(1, 5, 20, INT64_MIN, INT64_MAX));
    assert_int_equal(qi("SELECT COUNT(*) FROM orders WHERE _offset > 150"), expect_count(-1, 151, INT64_MAX, INT64_MIN, INT64_MAX));
    assert_int_equal(qi("SELECT COUNT(*) FROM orders WHERE _offset < 7"), expect_count(-1, 0, 6, INT64_MIN, INT64_MAX));
    assert_int_equal(qi("SELECT COUNT(*) FROM orders WHERE _offset = 3"), 3);
    assert_int_equal(qi("SELECT COUNT(*) FROM orders WHERE _offset > 2.5 AND _offset <= 4.5"), 6);
    assert_int_equal(qi("SELECT COUNT(*) FROM orders WHERE _offset = 'x'"), 0);
    assert_int_equal(qi("SELECT COUNT(*) FROM orders WHERE _partition IN (0, 2, 2, 9)"),
                     expect_count(0, 0, INT64_MAX, INT64_MIN, INT64_MAX) + expect_count(2, 0, INT64_MAX, INT64_MIN, INT64_MAX));
    /* time ranges */
    int64_t t1 = TS0 + 100 * 1000, t2 = TS0 + 350 * 1000;
    assert_int_equal(qi("SELECT COUNT(*) FROM orders WHERE _timestamp >= %lld AND _timestamp < %lld", (long long)t1, (long long)t2),
                     expect_count(-1, 0, INT64_MAX, t1, t2 - 1));
    assert_int_equal(qi("SELECT COUNT(*) FROM orders WHERE _timestamp > %lld", (long long)t2),
                     expect_count(-1, 0, INT64_MAX, t2 + 1, INT64_MAX));
    assert_int_equal(qi("SELECT COUNT(*) FROM orders WHERE _partition = 2 AND _timestamp BETWEEN %lld AND %lld",
                        (long long)t1, (long long)t2), expect_count(2, 0, INT64_MAX, t1, t2));
    /* keys, values, ordering */
    r = q("SELECT _key, _value->>'$.id', _value->>'$.meta.deep.x' FROM orders WHERE _partition = 0 AND _offset = 0");
    assert_int_equal(r->n, 1);
    assert_string_equal(r->first[0].data, "k0");
    r = q("SELECT _offset FROM orders WHERE _partition = 1 ORDER BY _offset LIMIT 5");
    assert_int_equal(r->n, 5);
    for (int i = 0; i < 5; i++) assert_int_equal(r->ints[i], i);
    r = q("SELECT _offset FROM orders WHERE _partition = 1 ORDER BY _offset DESC LIMIT 3");
    assert_int_equal(r->n, 3);
    assert_int_equal(r->ints[0], expect_count(1, 0, INT64_MAX, INT64_MIN, INT64_MAX) - 1);
    /* parameters */
    chronik_sql_value_t params[2] = { { CHRONIK_SQL_INTEGER, 2, 0, NULL, 0 }, { CHRONIK_SQL_INTEGER, 10, 0, NULL, 0 } };
    rows pr;
    memset(&pr, 0, sizeof(pr));
    assert_int_equal(chronik_sql(g_eng, "SELECT COUNT(*) FROM orders WHERE _partition = ?1 AND _offset >= ?2", params, 2, 0,
                                 collect, &pr, NULL), CHRONIK_OK);
    assert_int_equal(pr.first[0].i, expect_count(2, 10, INT64_MAX, INT64_MIN, INT64_MAX));
}

static void test_raw_headers_and_binary(void **state) {
    (void)state;
    g_eng = open_engine(NULL);
    create_topic("misc.t-1", 1, false);
    chronik_header_t hdrs[2] = { { "trace", "abc", 3 }, { "nul", NULL, 0 } };
    uint8_t bin[4] = { 0xff, 0x00, 0xfe, 0x01 };
    chronik_record_t recs[3] = {
        { "key", 3, "plain text", 10, 5, hdrs, 2 },
        { NULL, 0, bin, 4, 6, NULL, 0 },
        { bin, 4, NULL, 0, 7, NULL, 0 },
    };
    assert_int_equal(chronik_produce(g_eng, "misc.t-1", 0, recs, 3, NULL), CHRONIK_OK);
    rows *r = q("SELECT _headers->>'$.trace', _headers, typeof(_value) FROM \"misc.t-1\" WHERE _offset = 0");
    assert_string_equal(r->first[0].data, "abc");
    assert_string_equal(r->first[1].data, "{\"trace\":\"abc\",\"nul\":null}");
    assert_string_equal(r->first[2].data, "text");
    r = q("SELECT typeof(_value), typeof(_key), length(_value) FROM \"misc.t-1\" WHERE _offset = 1");
    assert_string_equal(r->first[0].data, "blob");
    assert_string_equal(r->first[1].data, "null");
    assert_int_equal(r->first[2].i, 4);
    r = q("SELECT typeof(_value), typeof(_key), _headers FROM \"misc.t-1\" WHERE _offset = 2");
    assert_string_equal(r->first[0].data, "null");
    assert_string_equal(r->first[1].data, "blob");
    assert_string_equal(r->first[2].data, "{}");
    /* JSON answer with a blob (base64) */
    ck_wb out;
    ck_wb_init(&out, 256);
    char err[256];
    assert_int_equal(ck_sql_query_json(S(), "SELECT _value, _offset FROM \"misc.t-1\" WHERE _offset = 1", NULL, 0, 0, &out, err,
                                       sizeof(err)), 0);
    ck_wb_i8(&out, 0);
    assert_non_null(strstr((const char *)out.buf, "\"rows\":[[\"/wD+AQ==\",1]]"));
    assert_non_null(strstr((const char *)out.buf, "{\"name\":\"_offset\",\"type\":\"INTEGER\"}"));
    assert_non_null(strstr((const char *)out.buf, "\"row_count\":1,\"truncated\":false,\"took_ms\":"));
    ck_wb_free(&out);
}

static void test_pushdown(void **state) {
    (void)state;
    g_eng = open_engine(NULL);
    g_nmsgs = 0;
    create_topic("big", 3, false);
    produce_json("big", 3, 0, NMSG);
    uint64_t before = ck_sql_test_rows_scanned();
    rows *r = q("SELECT _offset FROM big WHERE _partition = 1 AND _offset > 100 LIMIT 10");
    uint64_t used = ck_sql_test_rows_scanned() - before;
    assert_int_equal(r->n, 10);
    assert_int_equal(r->ints[0], 101);
    assert_true(used <= 20);  /* the batch holding 101 and the next one at most */

    before = ck_sql_test_rows_scanned();
    r = q("SELECT _offset FROM big WHERE _offset > 150 LIMIT 10");
    used = ck_sql_test_rows_scanned() - before;
    assert_int_equal(r->n, 10);
    assert_true(used <= 30);

    before = ck_sql_test_rows_scanned();
    assert_int_equal(qi("SELECT COUNT(*) FROM big WHERE _partition = 2 AND _offset BETWEEN 30 AND 39"), 10);
    used = ck_sql_test_rows_scanned() - before;
    assert_true(used <= 20);

    /* a time lookup reads from the time index on */
    before = ck_sql_test_rows_scanned();
    int64_t t1 = TS0 + 590 * 1000;
    assert_int_equal(qi("SELECT COUNT(*) FROM big WHERE _timestamp >= %lld", (long long)t1),
                     expect_count(-1, 0, INT64_MAX, t1, INT64_MAX));
    used = ck_sql_test_rows_scanned() - before;
    assert_true(used <= 60);

    /* a full scan reads everything once */
    before = ck_sql_test_rows_scanned();
    assert_int_equal(qi("SELECT COUNT(*) FROM big"), NMSG);
    assert_int_equal(ck_sql_test_rows_scanned() - before, NMSG);

    /* new messages are visible at once */
    produce_json("big", 3, NMSG, 10);
    assert_int_equal(qi("SELECT COUNT(*) FROM big"), NMSG + 10);
}

/* ===================================================================== */
/* Columnar topics                                                       */
/* ===================================================================== */

static void test_columnar_hot_cold(void **state) {
    (void)state;
    g_eng = open_engine(NULL);
    g_nmsgs = 0;
    create_topic("pay", 2, true);
    produce_json("pay", 2, 0, 400);
    assert_int_equal(ck_sql_wait_materialized(S(), "pay", 10000), 0);
    assert_int_equal(qi("SELECT COUNT(*) FROM pay_cold"), 400);
    assert_int_equal(qi("SELECT COUNT(*) FROM pay_hot"), 0);

    /* Hold the materializer: new messages are served from the hot tail. */
    ck_sql_test_pause(S(), true);
    produce_json("pay", 2, 400, 100);
    assert_int_equal(qi("SELECT COUNT(*) FROM pay"), 500);
    assert_int_equal(qi("SELECT COUNT(*) FROM pay_hot"), 100);
    assert_int_equal(qi("SELECT COUNT(*) FROM pay_cold"), 400);
    int64_t sum = 0;
    for (int i = 0; i < 500; i++) sum += g_msgs[i].amount;
    assert_int_equal(qi("SELECT SUM(amount) FROM pay"), sum);
    assert_int_equal(qi("SELECT COUNT(*) FROM (SELECT DISTINCT _partition, _offset FROM pay)"), 500);
    for (int p = 0; p < 2; p++)
        assert_int_equal(qi("SELECT COUNT(*) FROM pay WHERE _partition = %d", p),
                         expect_count(p, 0, INT64_MAX, INT64_MIN, INT64_MAX));
    int64_t t1 = TS0 + 380 * 1000, t2 = TS0 + 420 * 1000;
    assert_int_equal(qi("SELECT COUNT(*) FROM pay WHERE _timestamp BETWEEN %lld AND %lld", (long long)t1, (long long)t2),
                     expect_count(-1, 0, INT64_MAX, t1, t2));
    assert_int_equal(qi("SELECT COUNT(*) FROM pay WHERE \"meta.deep.x\" = 2"), 500 / 3);
    rows *r = q("SELECT tags, \"meta.src\" FROM pay WHERE _partition = 0 AND _offset = 0");
    assert_string_equal(r->first[0].data, "[1,2]");
    assert_string_equal(r->first[1].data, "s0");

    ck_sql_test_pause(S(), false);
    assert_int_equal(ck_sql_wait_materialized(S(), "pay", 10000), 0);
    assert_int_equal(qi("SELECT COUNT(*) FROM pay_cold"), 500);
    assert_int_equal(qi("SELECT COUNT(*) FROM pay_hot"), 0);

    /* AVG(amount) GROUP BY a string field against C */
    int64_t csum[5] = { 0 }, ccnt[5] = { 0 };
    for (int i = 0; i < 500; i++) {
        csum[g_msgs[i].cust] += g_msgs[i].amount;
        ccnt[g_msgs[i].cust]++;
    }
    r = q("SELECT AVG(amount), cust FROM pay GROUP BY cust ORDER BY cust");
    assert_int_equal(r->n, 5);
    for (int c = 0; c < 5; c++) assert_true(fabs(r->reals[c] - (double)csum[c] / (double)ccnt[c]) < 1e-9);

    /* Materialize while querying: the union stays exact. */
    for (int round = 0; round < 5; round++) {
        produce_json("pay", 2, 500 + round * 20, 20);
        assert_int_equal(qi("SELECT COUNT(*) FROM pay"), 500 + (round + 1) * 20);
        assert_int_equal(qi("SELECT COUNT(DISTINCT _partition * 1000000 + _offset) FROM pay"), 500 + (round + 1) * 20);
    }

    /* describe and tables */
    ck_wb out;
    char err[256];
    ck_wb_init(&out, 256);
    assert_int_equal(ck_sql_describe_json(S(), "pay", &out, err, sizeof(err)), 0);
    ck_wb_i8(&out, 0);
    const char *js = (const char *)out.buf;
    assert_non_null(strstr(js, "\"columnar\":true"));
    assert_non_null(strstr(js, "{\"name\":\"amount\",\"type\":\"INTEGER\"}"));
    assert_non_null(strstr(js, "{\"name\":\"meta.deep.x\",\"type\":\"INTEGER\"}"));
    assert_non_null(strstr(js, "{\"name\":\"tags\",\"type\":\"TEXT\"}"));
    assert_non_null(strstr(js, "\"name\":\"pay_hot\",\"kind\":\"hot\""));
    assert_non_null(strstr(js, "\"name\":\"pay_cold\",\"kind\":\"cold\""));
    ck_wb_reset(&out);
    assert_int_equal(ck_sql_describe_json(S(), "nope", &out, err, sizeof(err)), CHRONIK_ERR_UNKNOWN_TOPIC_OR_PARTITION);
    ck_sql_tables_json(S(), &out);
    ck_wb_i8(&out, 0);
    assert_non_null(strstr((const char *)out.buf, "{\"name\":\"pay\",\"kind\":\"unified\",\"topic\":\"pay\"}"));
    ck_wb_free(&out);
}

static void produce_values(const char *topic, const char *const *vals, int n) {
    for (int i = 0; i < n; i++) {
        chronik_record_t rec = { NULL, 0, vals[i], vals[i] ? strlen(vals[i]) : 0, TS0 + i, NULL, 0 };
        assert_int_equal(chronik_produce(g_eng, topic, 0, &rec, 1, NULL), CHRONIK_OK);
    }
}

static void test_schema_evolution(void **state) {
    (void)state;
    g_eng = open_engine(NULL);
    create_topic("evo", 1, true);
    const char *vals[] = {
        "{\"a\":1}",
        "{\"a\":2,\"b\":\"x\"}",
        "{\"a\":2.5}",
        "{\"c\":7}",
        "not json at all",
        NULL,
        "{\"n\":{\"x\":1,\"y\":{\"z\":true}},\"arr\":[1,{\"q\":2}]}",
        "[1,2,3]",
        "{\"A\":3,\"_offset\":99,\"bad\":}",
        "{\"\\u00e9t\\u00e9\":\"summer\",\"e\\\"q\":1}",
    };
    produce_values("evo", vals, 10);
    assert_int_equal(ck_sql_wait_materialized(S(), "evo", 10000), 0);
    assert_int_equal(qi("SELECT COUNT(*) FROM evo"), 10);
    assert_int_equal(qi("SELECT COUNT(*) FROM evo_cold"), 10);
    /* a widened INTEGER -> REAL */
    rows *r = q("SELECT typeof(a), a FROM evo_cold WHERE _offset = 0");
    assert_string_equal(r->first[0].data, "real");
    assert_true(r->first[1].r == 1.0);
    assert_true(fabs(qd("SELECT SUM(a) FROM evo") - 5.5) < 1e-9);
    /* non-JSON and non-object values: a row with NULL data columns */
    assert_int_equal(qi("SELECT COUNT(*) FROM evo WHERE a IS NULL AND b IS NULL AND c IS NULL"), 6);
    assert_int_equal(qi("SELECT \"n.y.z\" FROM evo WHERE \"n.x\" = 1"), 1);
    r = q("SELECT arr FROM evo WHERE arr IS NOT NULL");
    assert_string_equal(r->first[0].data, "[1,{\"q\":2}]");
    r = q("SELECT \"été\", \"e\"\"q\" FROM evo WHERE _offset = 9");
    assert_string_equal(r->first[0].data, "summer");
    assert_int_equal(r->first[1].i, 1);

    /* widen to TEXT; stored values are converted */
    const char *more[] = { "{\"c\":\"seven\"}" };
    produce_values("evo", more, 1);
    assert_int_equal(ck_sql_wait_materialized(S(), "evo", 10000), 0);
    assert_int_equal(qi("SELECT COUNT(*) FROM evo_cold WHERE typeof(c) = 'text'"), 2);
    r = q("SELECT c FROM evo WHERE _offset = 3");
    assert_string_equal(r->first[0].data, "7");
    ck_wb out;
    char err[128];
    ck_wb_init(&out, 256);
    assert_int_equal(ck_sql_describe_json(S(), "evo", &out, err, sizeof(err)), 0);
    ck_wb_i8(&out, 0);
    assert_non_null(strstr((const char *)out.buf, "{\"name\":\"c\",\"type\":\"TEXT\"}"));
    assert_non_null(strstr((const char *)out.buf, "{\"name\":\"a\",\"type\":\"REAL\"}"));
    ck_wb_free(&out);

    /* a field produced a moment ago is queryable at once (hot tail) */
    ck_sql_test_pause(S(), true);
    const char *fresh[] = { "{\"fresh\":42,\"a\":\"now text\"}" };
    produce_values("evo", fresh, 1);
    assert_int_equal(qi("SELECT fresh FROM evo WHERE fresh IS NOT NULL"), 42);
    assert_int_equal(qi("SELECT COUNT(*) FROM evo"), 12);
    r = q("SELECT a FROM evo_hot");
    assert_string_equal(r->first[0].data, "now text");
    ck_sql_test_pause(S(), false);
    assert_int_equal(ck_sql_wait_materialized(S(), "evo", 10000), 0);
    assert_int_equal(qi("SELECT fresh FROM evo_cold WHERE fresh IS NOT NULL"), 42);
}

static void test_restart_resumes(void **state) {
    (void)state;
    g_eng = open_engine(NULL);
    g_nmsgs = 0;
    create_topic("rs", 3, true);
    produce_json("rs", 3, 0, 300);
    assert_int_equal(ck_sql_wait_materialized(S(), "rs", 10000), 0);
    produce_json("rs", 3, 300, 100);   /* maybe materialized, maybe not */
    close_engine(g_eng);
    g_eng = open_engine(NULL);
    produce_json("rs", 3, 400, 100);
    assert_int_equal(qi("SELECT COUNT(*) FROM rs"), 500);
    assert_int_equal(ck_sql_wait_materialized(S(), "rs", 10000), 0);
    int64_t hwm_sum = 0;
    for (int p = 0; p < 3; p++) {
        int64_t ls, hwm;
        assert_int_equal(chronik_offsets(g_eng, "rs", p, &ls, &hwm), CHRONIK_OK);
        hwm_sum += hwm;
    }
    assert_int_equal(hwm_sum, 500);
    assert_int_equal(qi("SELECT COUNT(*) FROM rs_cold"), 500);
    assert_int_equal(qi("SELECT COUNT(*) FROM (SELECT DISTINCT _partition, _offset FROM rs_cold)"), hwm_sum);
    int64_t sum = 0;
    for (int i = 0; i < 500; i++) sum += g_msgs[i].amount;
    assert_int_equal(qi("SELECT SUM(amount) FROM rs_cold"), sum);
}

static void test_delete_removes_table(void **state) {
    (void)state;
    g_eng = open_engine(NULL);
    g_nmsgs = 0;
    create_topic("gone", 1, true);
    produce_json("gone", 1, 0, 20);
    assert_int_equal(ck_sql_wait_materialized(S(), "gone", 10000), 0);
    char path[512];
    snprintf(path, sizeof(path), "%s/sql/gone.db", g_dir);
    struct stat st;
    assert_int_equal(stat(path, &st), 0);
    assert_int_equal(chronik_topic_delete(g_eng, "gone"), CHRONIK_OK);
    ck_sql_topic_changed(S(), "gone");
    int i;
    for (i = 0; i < 100 && stat(path, &st) == 0; i++) usleep(20 * 1000);
    assert_int_not_equal(stat(path, &st), 0);
    assert_int_equal(qerr("SELECT COUNT(*) FROM gone"), CHRONIK_ERR_SQL);
    /* re-created under the same name: starts empty */
    create_topic("gone", 1, true);
    produce_json("gone", 1, 0, 5);
    assert_int_equal(ck_sql_wait_materialized(S(), "gone", 10000), 0);
    assert_int_equal(qi("SELECT COUNT(*) FROM gone_cold"), 5);
    assert_int_equal(qi("SELECT COUNT(*) FROM gone"), 5);
}

static void test_join(void **state) {
    (void)state;
    g_eng = open_engine(NULL);
    create_topic("users", 2, false);
    create_topic("buys", 2, true);
    for (int u = 0; u < 10; u++) {
        char key[16], val[64];
        snprintf(key, sizeof(key), "u%d", u);
        snprintf(val, sizeof(val), "{\"name\":\"user%d\",\"tier\":%d}", u, u % 3);
        chronik_record_t rec = { key, strlen(key), val, strlen(val), TS0, NULL, 0 };
        assert_int_equal(chronik_produce(g_eng, "users", u % 2, &rec, 1, NULL), CHRONIK_OK);
    }
    int64_t tier_sum[3] = { 0 };
    for (int i = 0; i < 200; i++) {
        char val[64];
        int u = (i * 3) % 10, amt = i % 13;
        snprintf(val, sizeof(val), "{\"user\":\"u%d\",\"amount\":%d}", u, amt);
        chronik_record_t rec = { NULL, 0, val, strlen(val), TS0 + i, NULL, 0 };
        assert_int_equal(chronik_produce(g_eng, "buys", i % 2, &rec, 1, NULL), CHRONIK_OK);
        tier_sum[u % 3] += amt;
    }
    rows *r = q("SELECT SUM(b.amount), u._value->>'$.tier' AS tier FROM buys b JOIN users u ON u._key = b.user "
                "GROUP BY tier ORDER BY tier");
    assert_int_equal(r->n, 3);
    for (int t = 0; t < 3; t++) assert_int_equal(r->ints[t], tier_sum[t]);
    assert_int_equal(ck_sql_wait_materialized(S(), "buys", 10000), 0);
    r = q("SELECT SUM(b.amount), u._value->>'$.tier' AS tier FROM buys_cold b JOIN users u ON u._key = b.user "
          "GROUP BY tier ORDER BY tier");
    for (int t = 0; t < 3; t++) assert_int_equal(r->ints[t], tier_sum[t]);
}

/* ===================================================================== */
/* Safety                                                                */
/* ===================================================================== */

static void test_read_only(void **state) {
    (void)state;
    g_eng = open_engine(NULL);
    g_nmsgs = 0;
    create_topic("ro", 1, true);
    produce_json("ro", 1, 0, 10);
    assert_int_equal(ck_sql_wait_materialized(S(), "ro", 10000), 0);
    const char *bad[] = {
        "INSERT INTO ro_raw(_partition) VALUES(1)",
        "DELETE FROM ro_raw",
        "UPDATE ro_cold SET amount = 1",
        "DELETE FROM c0.ro",
        "CREATE TABLE x(a)",
        "CREATE TEMP TABLE x(a)",
        "DROP VIEW ro",
        "ATTACH '/tmp/x.db' AS x",
        "DETACH c0",
        "PRAGMA writable_schema = 1",
        "PRAGMA user_version = 3",
        "PRAGMA table_info(ro_raw)",
        "BEGIN",
        "COMMIT",
        "ANALYZE",
        "VACUUM",
        "REINDEX",
        "SAVEPOINT a",
        "CREATE VIRTUAL TABLE temp.zz USING chronik(raw, 0)",
    };
    for (size_t i = 0; i < CK_ARRAY_LEN(bad); i++) {
        chronik_err_t rc = qerr(bad[i]);
        if (rc != CHRONIK_ERR_READ_ONLY) fprintf(stderr, "%s -> %s (%s)\n", bad[i], chronik_err_name(rc), chronik_errmsg(g_eng));
        assert_int_equal(rc, CHRONIK_ERR_READ_ONLY);
        assert_non_null(strstr(chronik_errmsg(g_eng), "read-only"));
    }
    assert_int_equal(qerr("SELECT 1; DELETE FROM ro_raw"), CHRONIK_ERR_INVALID_ARG);
    assert_int_equal(qerr("   "), CHRONIK_ERR_INVALID_ARG);
    assert_int_equal(qerr("-- nothing"), CHRONIK_ERR_INVALID_ARG);
    assert_int_equal(qerr("SELEC 1"), CHRONIK_ERR_SQL);
    assert_non_null(strstr(chronik_errmsg(g_eng), "syntax error"));
    assert_int_equal(qerr("SELECT nosuch FROM ro"), CHRONIK_ERR_SQL);
    assert_non_null(strstr(chronik_errmsg(g_eng), "no such column"));
    /* still fine afterwards, and the data is untouched */
    assert_int_equal(qi("SELECT COUNT(*) FROM ro"), 10);
    assert_int_equal(qi("WITH RECURSIVE c(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM c WHERE x < 5) SELECT SUM(x) FROM c"), 15);
}

static void test_timeout_and_limits(void **state) {
    (void)state;
    const char *conf[] = { "sql.timeout.ms", "300", "sql.max.rows", "50", "sql.threads", "1", NULL };
    g_eng = open_engine(conf);
    g_nmsgs = 0;
    create_topic("tl", 1, false);
    produce_json("tl", 1, 0, 200);
    int64_t t0 = ck_mono_ms();
    assert_int_equal(qerr("SELECT COUNT(*) FROM tl a, tl b, tl c, tl d"), CHRONIK_ERR_TIMED_OUT);
    assert_true(ck_mono_ms() - t0 < 3000);
    assert_non_null(strstr(chronik_errmsg(g_eng), "sql.timeout.ms"));
    assert_int_equal(qerr("WITH RECURSIVE c(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM c) SELECT COUNT(*) FROM c"),
                     CHRONIK_ERR_TIMED_OUT);
    /* max rows: the configured cap, and a smaller per-query one */
    rows r;
    int32_t truncated = 0;
    memset(&r, 0, sizeof(r));
    assert_int_equal(chronik_sql(g_eng, "SELECT _offset FROM tl", NULL, 0, 0, collect, &r, &truncated), CHRONIK_OK);
    assert_int_equal(r.n, 50);
    assert_int_equal(truncated, 1);
    memset(&r, 0, sizeof(r));
    assert_int_equal(chronik_sql(g_eng, "SELECT _offset FROM tl", NULL, 0, 10, collect, &r, &truncated), CHRONIK_OK);
    assert_int_equal(r.n, 10);
    assert_int_equal(truncated, 1);
    memset(&r, 0, sizeof(r));
    assert_int_equal(chronik_sql(g_eng, "SELECT _offset FROM tl LIMIT 5", NULL, 0, 10, collect, &r, &truncated), CHRONIK_OK);
    assert_int_equal(r.n, 5);
    assert_int_equal(truncated, 0);
    char *json = NULL;
    size_t len = 0;
    assert_int_equal(chronik_sql_json(g_eng, "SELECT _offset AS o FROM tl", NULL, 0, 3, &json, &len), CHRONIK_OK);
    assert_non_null(strstr(json, "\"columns\":[{\"name\":\"o\",\"type\":\"INTEGER\"}],\"rows\":[[0],[1],[2]],\"row_count\":3,\"truncated\":true"));
    assert_int_equal(strlen(json), len);
    chronik_free(json);
    ck_sql_stats st;
    ck_sql_stats_get(S(), &st);
    assert_true(st.timeouts >= 2);
    assert_true(st.queries >= 6);
}

typedef struct slow_arg {
    chronik_err_t rc;
} slow_arg;

static void *slow_query(void *arg) {
    slow_arg *a = arg;
    a->rc = chronik_sql(g_eng, "WITH RECURSIVE c(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM c) SELECT COUNT(*) FROM c",
                        NULL, 0, 0, NULL, NULL, NULL);
    return NULL;
}

static void test_slots(void **state) {
    (void)state;
    const char *conf[] = { "sql.timeout.ms", "400", "sql.threads", "1", NULL };
    g_eng = open_engine(conf);
    slow_arg a = { 0 };
    pthread_t th;
    assert_int_equal(pthread_create(&th, NULL, slow_query, &a), 0);
    usleep(100 * 1000);
    /* the only slot is busy for ~300 ms more: this query waits, then runs */
    int64_t t0 = ck_mono_ms();
    chronik_err_t rc = qerr("SELECT 1");
    int64_t waited = ck_mono_ms() - t0;
    pthread_join(th, NULL);
    assert_int_equal(a.rc, CHRONIK_ERR_TIMED_OUT);
    assert_true(rc == CHRONIK_OK || rc == CHRONIK_ERR_TIMED_OUT);
    assert_true(waited >= 150);
    assert_int_equal(qerr("SELECT 1"), CHRONIK_OK);
}

/* ===================================================================== */
/* Flattener                                                             */
/* ===================================================================== */

static void test_flatten(void **state) {
    (void)state;
    ck_sql_flat fl;
    ck_sql_flat_init(&fl);
    const char *ok = "{ \"a\" : 1, \"b\": {\"c\": -2.5e3, \"d\": [1, [2]], \"e\": null}, \"f\": \"x\\ny\\u00e9\\ud83d\\ude00\","
                     " \"g\": true, \"h\": 123456789012345678901234567890 }";
    assert_int_equal(ck_sql_flatten(&fl, (const uint8_t *)ok, strlen(ok)), 0);
    assert_int_equal(fl.n, 7);
    assert_int_equal(fl.f[0].kind, CK_JV_INT);
    assert_int_equal(fl.f[0].i, 1);
    assert_int_equal(fl.f[1].kind, CK_JV_REAL);
    assert_true(fl.f[1].r == -2500.0);
    assert_memory_equal(fl.names.buf + fl.f[1].name_off, "b.c", 3);
    assert_int_equal(fl.f[2].kind, CK_JV_JSON);
    assert_memory_equal(fl.strs.buf + fl.f[2].s_off, "[1, [2]]", 8);
    assert_int_equal(fl.f[3].kind, CK_JV_NULL);
    assert_int_equal(fl.f[4].kind, CK_JV_TEXT);
    assert_int_equal(fl.f[4].s_len, strlen("x\ny\xc3\xa9\xf0\x9f\x98\x80"));
    assert_int_equal(fl.f[5].kind, CK_JV_INT);
    assert_int_equal(fl.f[6].kind, CK_JV_REAL);
    const char *bad[] = { "", "{", "{\"a\":}", "{\"a\":1,}", "{\"a\" 1}", "[1]", "{\"a\":1} x", "{\"a\":01}",
                          "{\"a\":\"\\x\"}", "{\"a\":tru}", "{\"a\":\"\x01\"}", "{\"a\":-}", "{\"a\":1.}",
                          "{\"a\":\"\\u12\"}", "null", "{\"a\":[1,2}" };
    for (size_t i = 0; i < CK_ARRAY_LEN(bad); i++) {
        assert_int_equal(ck_sql_flatten(&fl, (const uint8_t *)bad[i], strlen(bad[i])), -1);
        assert_int_equal(fl.n, 0);
    }
    /* deep nesting: objects past the flattening depth become JSON text;
     * arrays nested beyond the parser's limit are rejected, never a crash */
    ck_wb deep;
    ck_wb_init(&deep, 1024);
    for (int i = 0; i < 40; i++) ck_json_raw(&deep, "{\"k\":");
    ck_json_raw(&deep, "1");
    for (int i = 0; i < 40; i++) ck_json_raw(&deep, "}");
    assert_int_equal(ck_sql_flatten(&fl, deep.buf, deep.len), 0);
    assert_int_equal(fl.n, 1);
    assert_int_equal(fl.f[0].kind, CK_JV_JSON);
    ck_wb_reset(&deep);
    ck_json_raw(&deep, "{\"a\":");
    for (int i = 0; i < 100000; i++) ck_wb_i8(&deep, '[');
    assert_int_equal(ck_sql_flatten(&fl, deep.buf, deep.len), -1);
    ck_wb_free(&deep);
    /* numbers: the same value strtod / strtoll give, bit for bit */
    uint64_t seed = 42;
    for (int i = 0; i < 20000; i++) {
        char numtxt[64], doc[96];
        seed = seed * 6364136223846793005ull + 1442695040888963407ull;
        int digits = 1 + (int)((seed >> 33) % 19), point = (int)((seed >> 20) % (digits + 1));
        int len = 0;
        if (seed & 1) numtxt[len++] = '-';
        for (int d = 0; d < digits; d++) {
            if (d == point && d > 0) numtxt[len++] = '.';
            seed = seed * 6364136223846793005ull + 1442695040888963407ull;
            int dig = (int)((seed >> 40) % 10);
            if (d == 0 && dig == 0 && digits > 1 && point != 1) dig = 1;
            numtxt[len++] = (char)('0' + dig);
        }
        if (point == digits && (seed & 2)) len += snprintf(numtxt + len, sizeof(numtxt) - (size_t)len, ".5");
        if (seed & 4) len += snprintf(numtxt + len, sizeof(numtxt) - (size_t)len, "e%d", (int)((seed >> 8) % 61) - 30);
        numtxt[len] = 0;
        snprintf(doc, sizeof(doc), "{\"x\":%s}", numtxt);
        assert_int_equal(ck_sql_flatten(&fl, (const uint8_t *)doc, strlen(doc)), 0);
        assert_int_equal(fl.n, 1);
        double want = strtod(numtxt, NULL);
        if (fl.f[0].kind == CK_JV_INT) {
            assert_int_equal(fl.f[0].i, strtoll(numtxt, NULL, 10));
        } else {
            assert_int_equal(fl.f[0].kind, CK_JV_REAL);
            assert_memory_equal(&fl.f[0].r, &want, sizeof(double));
        }
    }
    /* truncations of a valid document never read past the end */
    for (size_t n = 0; n < strlen(ok); n++) {
        uint8_t *cp = ck_memdup(ok, n);
        assert_int_equal(ck_sql_flatten(&fl, cp, n), -1);
        ck_free(cp);
    }
    ck_sql_flat_free(&fl);
}


/* ===================================================================== */
/* Column blocks and the aggregate path                                  */
/* ===================================================================== */

/* Encodes v[0..n) and checks every row decodes to the same value. */
static void roundtrip(const ck_sql_val *v, uint32_t n, int want_enc) {
    ck_sql_colvec cv;
    ck_sql_colvec_init(&cv);
    for (uint32_t i = 0; i < n; i++) ck_sql_colvec_push(&cv, &v[i]);
    ck_wb blob;
    ck_wb_init(&blob, 64);
    bool any = ck_sql_colvec_encode(&cv, n + 3, &blob); /* 3 rows past the vector: NULL */
    ck_sql_block b;
    ck_sql_block_init(&b);
    if (want_enc == CK_BLK_NULL) {
        assert_false(any);
    } else {
        assert_true(any);
        assert_int_equal(ck_sql_block_decode(&b, blob.buf, blob.len), 0);
        assert_int_equal(b.enc, want_enc);
        assert_int_equal(b.n, n + 3);
        for (uint32_t i = 0; i < n + 3; i++) {
            ck_sql_val got, exp = { CHRONIK_SQL_NULL, 0, 0, NULL, 0 };
            if (i < n) exp = v[i];
            ck_sql_block_get(&b, i, &got);
            assert_int_equal(got.type, exp.type);
            assert_int_equal(ck_sql_val_cmp(&got, &exp), 0);
            if (exp.type == CHRONIK_SQL_REAL) assert_true(got.r == exp.r);
        }
        /* Every truncation, and every single corrupted byte of the header
         * and the first bytes after it, is rejected or decodes without
         * reading outside the BLOB (the sanitizer build checks). */
        for (size_t cut = 0; cut < blob.len; cut++) {
            uint8_t *cp = ck_memdup(blob.buf, cut ? cut : 1);
            assert_int_equal(ck_sql_block_decode(&b, cp, cut), -1);
            ck_free(cp);
        }
        for (size_t at = 0; at < CK_MIN(blob.len, (size_t)40); at++) {
            uint8_t *cp = ck_memdup(blob.buf, blob.len);
            cp[at] ^= 0x5a;
            if (ck_sql_block_decode(&b, cp, blob.len) == 0)
                for (uint32_t i = 0; i < b.n; i++) {
                    ck_sql_val got;
                    ck_sql_block_get(&b, i, &got);
                }
            ck_free(cp);
        }
    }
    ck_sql_block_free(&b);
    ck_wb_free(&blob);
    ck_sql_colvec_free(&cv);
}

static void test_colblock(void **state) {
    (void)state;
    enum { N = 300 };
    ck_sql_val v[N];
    static char text[N][24];
    /* integers of each width, negative and extreme */
    const int64_t bases[] = { 0, -5, 100000, INT64_MIN };
    const int64_t spans[] = { 200, 60000, 4000000000LL, INT64_MAX };
    for (size_t b = 0; b < CK_ARRAY_LEN(bases); b++) {
        for (int i = 0; i < N; i++)
            v[i] = (ck_sql_val){ CHRONIK_SQL_INTEGER, bases[b] + (int64_t)((uint64_t)spans[b] / N * (uint64_t)i), 0, NULL, 0 };
        roundtrip(v, N, CK_BLK_INT);
        v[7].type = CHRONIK_SQL_NULL;
        roundtrip(v, N, CK_BLK_INT);
    }
    for (int i = 0; i < N; i++) v[i] = (ck_sql_val){ i % 5 ? CHRONIK_SQL_REAL : CHRONIK_SQL_NULL, 0, i * -1.25e-3, NULL, 0 };
    roundtrip(v, N, CK_BLK_REAL);
    /* repeated text: a dictionary; distinct text: plain */
    for (int i = 0; i < N; i++) {
        snprintf(text[i], sizeof(text[i]), "v%d", i % 7);
        v[i] = (ck_sql_val){ CHRONIK_SQL_TEXT, 0, 0, (const uint8_t *)text[i], strlen(text[i]) };
    }
    v[3].type = CHRONIK_SQL_NULL;
    v[4].len = 0; /* "" is a value, not NULL */
    roundtrip(v, N, CK_BLK_DICT);
    for (int i = 0; i < N; i++) {
        snprintf(text[i], sizeof(text[i]), "distinct-%d", i);
        v[i] = (ck_sql_val){ CHRONIK_SQL_TEXT, 0, 0, (const uint8_t *)text[i], strlen(text[i]) };
    }
    roundtrip(v, N, CK_BLK_PLAIN);
    for (int i = 0; i < N; i++) v[i].type = CHRONIK_SQL_BLOB;
    roundtrip(v, N, CK_BLK_PLAIN);
    /* mixed storage classes */
    for (int i = 0; i < N; i++) {
        int t = i % 5;
        v[i] = (ck_sql_val){ t, i, i + 0.5, (const uint8_t *)text[i], strlen(text[i]) };
    }
    roundtrip(v, N, CK_BLK_GENERIC);
    for (int i = 0; i < N; i++) v[i].type = CHRONIK_SQL_NULL;
    roundtrip(v, N, CK_BLK_NULL);
    /* SQLite's order of values */
    ck_sql_val a = { CHRONIK_SQL_INTEGER, 3, 0, NULL, 0 }, b = { CHRONIK_SQL_REAL, 0, 3.0, NULL, 0 };
    assert_int_equal(ck_sql_val_cmp(&a, &b), 0);
    assert_int_equal(ck_sql_val_hash(&a), ck_sql_val_hash(&b));
    b.r = 3.5;
    assert_true(ck_sql_val_cmp(&a, &b) < 0);
    a.i = INT64_MAX;
    b.r = 9223372036854775807.0; /* 2^63: above every INTEGER */
    assert_true(ck_sql_val_cmp(&a, &b) < 0);
    ck_sql_val t1 = { CHRONIK_SQL_TEXT, 0, 0, (const uint8_t *)"ab", 2 }, t2 = { CHRONIK_SQL_TEXT, 0, 0, (const uint8_t *)"abc", 3 };
    ck_sql_val bl = { CHRONIK_SQL_BLOB, 0, 0, (const uint8_t *)"a", 1 }, nul = { CHRONIK_SQL_NULL, 0, 0, NULL, 0 };
    assert_true(ck_sql_val_cmp(&t1, &t2) < 0);
    assert_true(ck_sql_val_cmp(&a, &t1) < 0);
    assert_true(ck_sql_val_cmp(&t2, &bl) < 0);
    assert_true(ck_sql_val_cmp(&nul, &a) < 0);
    /* widening as CAST */
    char num[32];
    ck_sql_val w;
    a = (ck_sql_val){ CHRONIK_SQL_INTEGER, -42, 0, NULL, 0 };
    ck_sql_val_widen(&a, CK_SQLT_REAL, &w, num);
    assert_true(w.type == CHRONIK_SQL_REAL && w.r == -42.0);
    ck_sql_val_widen(&a, CK_SQLT_TEXT, &w, num);
    assert_true(w.type == CHRONIK_SQL_TEXT && w.len == 3 && memcmp(w.s, "-42", 3) == 0);
    b = (ck_sql_val){ CHRONIK_SQL_REAL, 0, 100.0, NULL, 0 };
    ck_sql_val_widen(&b, CK_SQLT_TEXT, &w, num);
    assert_true(w.type == CHRONIK_SQL_TEXT && w.len == 5 && memcmp(w.s, "100.0", 5) == 0);
}

/* ----- comparing answers ----- */

#define RMAX_ROWS 512
#define RMAX_COLS 12

typedef struct result {
    int32_t             ncols;
    int64_t             n;
    char                names[RMAX_COLS][64];
    char                types[RMAX_COLS][16];
    chronik_sql_value_t v[RMAX_ROWS][RMAX_COLS];
    char                text[RMAX_ROWS][RMAX_COLS][48];
} result;

static int keep_rows(void *opaque, int32_t ncols, const char *const *names, const char *const *types,
                     const chronik_sql_value_t *v) {
    result *r = opaque;
    r->ncols = CK_MIN(ncols, RMAX_COLS);
    if (r->n < RMAX_ROWS) {
        for (int i = 0; i < r->ncols; i++) {
            snprintf(r->names[i], sizeof(r->names[i]), "%s", names[i]);
            snprintf(r->types[i], sizeof(r->types[i]), "%s", types[i]);
            r->v[r->n][i] = v[i];
            if (v[i].type == CHRONIK_SQL_TEXT || v[i].type == CHRONIK_SQL_BLOB) {
                assert_true(v[i].len < sizeof(r->text[0][0]));
                memcpy(r->text[r->n][i], v[i].data, v[i].len);
                r->v[r->n][i].data = r->text[r->n][i];
                if (v[i].type == CHRONIK_SQL_TEXT) assert_int_equal(((const char *)v[i].data)[v[i].len], 0);
            }
        }
    }
    r->n++;
    return 0;
}

static uint64_t agg_count(void) {
    ck_sql_stats st;
    ck_sql_stats_get(S(), &st);
    return st.aggregate_queries;
}

/* Runs sql; *native tells whether the aggregate path answered it. */
static result *run(const char *sql, bool *native) {
    result *r = ck_calloc(1, sizeof(*r));
    uint64_t before = agg_count();
    chronik_err_t rc = chronik_sql(g_eng, sql, NULL, 0, 0, keep_rows, r, NULL);
    if (rc != CHRONIK_OK) fprintf(stderr, "query failed: %s\n  %s\n", chronik_errmsg(g_eng), sql);
    assert_int_equal(rc, CHRONIK_OK);
    if (native) *native = agg_count() > before;
    return r;
}

static bool same_number(double a, double b) { return a == b || fabs(a - b) <= 1e-9 * CK_MAX(fabs(a), fabs(b)); }

static void assert_same(const result *a, const result *b, const char *sql) {
    bool ok = a->n == b->n && a->ncols == b->ncols;
    for (int i = 0; ok && i < a->ncols; i++)
        ok = strcmp(a->names[i], b->names[i]) == 0 && (a->n == 0 || strcmp(a->types[i], b->types[i]) == 0);
    for (int64_t k = 0; ok && k < CK_MIN(a->n, RMAX_ROWS); k++) {
        for (int i = 0; ok && i < a->ncols; i++) {
            const chronik_sql_value_t *x = &a->v[k][i], *y = &b->v[k][i];
            ok = x->type == y->type;
            if (!ok) break;
            switch (x->type) {
            case CHRONIK_SQL_INTEGER: ok = x->i == y->i; break;
            case CHRONIK_SQL_REAL: ok = same_number(x->r, y->r); break;
            case CHRONIK_SQL_TEXT:
            case CHRONIK_SQL_BLOB: ok = x->len == y->len && memcmp(x->data, y->data, x->len) == 0; break;
            default: break;
            }
            if (!ok) fprintf(stderr, "row %lld column %d differs\n", (long long)k, i);
        }
    }
    if (!ok) {
        fprintf(stderr, "answers differ for %s: %lld vs %lld rows, %d vs %d columns\n", sql, (long long)a->n,
                (long long)b->n, a->ncols, b->ncols);
        for (int i = 0; i < a->ncols && i < b->ncols; i++)
            fprintf(stderr, "  %s/%s  %s/%s\n", a->names[i], b->names[i], a->types[i], b->types[i]);
        for (int w = 0; w < 2; w++) {
            const result *x = w ? b : a;
            for (int64_t k = 0; k < CK_MIN(x->n, 12); k++) {
                fprintf(stderr, "  %s row %lld:", w ? "sqlite" : "aggregate", (long long)k);
                for (int i = 0; i < x->ncols; i++) {
                    const chronik_sql_value_t *v = &x->v[k][i];
                    if (v->type == CHRONIK_SQL_INTEGER) fprintf(stderr, " %lld", (long long)v->i);
                    else if (v->type == CHRONIK_SQL_REAL) fprintf(stderr, " %.17g", v->r);
                    else if (v->type == CHRONIK_SQL_TEXT) fprintf(stderr, " '%.*s'", (int)v->len, (const char *)v->data);
                    else fprintf(stderr, " <%d>", v->type);
                }
                fprintf(stderr, "\n");
            }
        }
    }
    assert_true(ok);
}

/* The same query through the aggregate path and through SQLite alone:
 * identical answers; returns the first (the caller owns it). */
static result *both(const char *sql, bool expect_native) {
    bool native = false;
    result *a = run(sql, &native);
    if (native != expect_native) fprintf(stderr, "%s: aggregate path %s\n", sql, native ? "used" : "not used");
    assert_true(native == expect_native);
    ck_sql_test_aggregates(S(), false);
    bool native2 = true;
    result *b = run(sql, &native2);
    ck_sql_test_aggregates(S(), true);
    assert_false(native2);
    assert_same(a, b, sql);
    ck_free(b);
    return a;
}

/* ----- the data set ----- */

typedef struct arec {
    int32_t part;
    int64_t offset, ts;
    bool    json;            /* a JSON object value (else every data column is NULL) */
    int     key;             /* 0 text key, 1 NULL key, 2 binary key */
    int     id;
    bool    amount_real;
    double  amount;
    int     cat;             /* "c<cat>" */
    bool    has_opt;
    int     opt;
    bool    has_late;
    int     late;
    bool    has_hot;         /* a field only the hot tail has */
} arec;

#define AMAX 16000
static arec g_ar[AMAX];
static int g_na;

/* Produces n records to "agg" from index `from`: batches of 25 per
 * partition; every 97th value is not JSON; amounts are INTEGERs until
 * real_from, REALs (multiples of 0.25, so every sum is exact) after;
 * "late" appears from late_from on. */
static void agg_produce(int from, int n, int real_from, int late_from, bool hot_field) {
    for (int i = 0; i < n; i += 25) {
        chronik_record_t recs[25];
        char vals[25][200], keys[25][16];
        int cnt = CK_MIN(25, n - i);
        int32_t part = ((from + i) / 25) % 3;
        for (int k = 0; k < cnt; k++) {
            int idx = from + i + k;
            arec *a = &g_ar[idx];
            memset(a, 0, sizeof(*a));
            a->part = part;
            a->ts = TS0 + (int64_t)idx * 10;
            a->json = idx % 97 != 5;
            a->key = idx % 31 == 3 ? 1 : idx % 37 == 4 ? 2 : 0;
            a->id = idx;
            a->amount_real = idx >= real_from;
            a->amount = a->amount_real ? (idx % 400) * 0.25 : (double)(idx % 101);
            a->cat = idx % 5;
            a->has_opt = idx % 3 == 0;
            a->opt = idx % 17;
            a->has_late = idx >= late_from;
            a->late = idx % 1000;
            a->has_hot = hot_field && idx % 2 == 0;
            int len;
            if (!a->json) {
                len = snprintf(vals[k], sizeof(vals[k]), "not json %d", idx);
            } else {
                char amount[32], opt[24] = "", late[24] = "", hot[24] = "";
                if (a->amount_real) snprintf(amount, sizeof(amount), "%.2f", a->amount);
                else snprintf(amount, sizeof(amount), "%d", (int)a->amount);
                if (a->has_opt) snprintf(opt, sizeof(opt), ",\"opt\":%d", a->opt);
                if (a->has_late) snprintf(late, sizeof(late), ",\"late\":%d", a->late);
                if (a->has_hot) snprintf(hot, sizeof(hot), ",\"hotonly\":%d", idx);
                len = snprintf(vals[k], sizeof(vals[k]),
                               "{\"id\":%d,\"amount\":%s,\"cat\":\"c%d\",\"name\":\"n-%05d\"%s%s%s,\"m\":{\"x\":%d}}", idx,
                               amount, a->cat, idx, opt, late, hot, idx % 7);
            }
            snprintf(keys[k], sizeof(keys[k]), "k%d", idx);
            const void *key = a->key == 1 ? NULL : a->key == 2 ? (const void *)"\xff\xfe" : keys[k];
            size_t klen = a->key == 1 ? 0 : a->key == 2 ? 2 : strlen(keys[k]);
            recs[k] = (chronik_record_t){ key, klen, vals[k], (size_t)len, a->ts, NULL, 0 };
        }
        int64_t base = -1;
        chronik_produce_opts_t opts = { (i / 25) % 5, 0 };
        assert_int_equal(chronik_produce2(g_eng, "agg", part, recs, (size_t)cnt, &opts, &base), CHRONIK_OK);
        for (int k = 0; k < cnt; k++) g_ar[from + i + k].offset = base + k;
    }
    if (from + n > g_na) g_na = from + n;
}

/* Brute force over g_ar[0..g_na): per cat (-1: the NULL group of non-JSON
 * values) the row count, amount count/sum/min/max, opt count/sum, within
 * [ts_lo, ts_hi]. */
typedef struct expect {
    int64_t rows, n_amount, n_opt, n_late, n_hot, n_key;
    double  sum_amount, min_amount, max_amount, sum_opt;
    bool    any_real;
    int     max_late;
} expect;

static void brute(int cat, int32_t part, int64_t ts_lo, int64_t ts_hi, expect *e) {
    memset(e, 0, sizeof(*e));
    e->min_amount = INFINITY;
    e->max_amount = -INFINITY;
    e->max_late = -1;
    for (int i = 0; i < g_na; i++) {
        const arec *a = &g_ar[i];
        if (a->ts < ts_lo || a->ts > ts_hi || (part >= 0 && a->part != part)) continue;
        if (cat != -2 && (a->json ? a->cat : -1) != cat) continue;
        e->rows++;
        if (a->key != 1) e->n_key++;
        if (!a->json) continue;
        e->n_amount++;
        e->sum_amount += a->amount;
        e->any_real = e->any_real || a->amount_real;
        e->min_amount = CK_MIN(e->min_amount, a->amount);
        e->max_amount = CK_MAX(e->max_amount, a->amount);
        if (a->has_opt) {
            e->n_opt++;
            e->sum_opt += a->opt;
        }
        if (a->has_late) {
            e->n_late++;
            e->max_late = CK_MAX(e->max_late, a->late);
        }
        if (a->has_hot) e->n_hot++;
    }
}

static double num(const chronik_sql_value_t *v) { return v->type == CHRONIK_SQL_REAL ? v->r : (double)v->i; }

/* Checks the answers that have a brute-force counterpart, then that every
 * query of a wider list gets the same answer from SQLite alone. */
static void check_aggregates(const char *table, bool with_hot) {
    char sql[512];
    expect e;
    result *r;

    snprintf(sql, sizeof(sql), "SELECT COUNT(*) FROM %s", table);
    r = both(sql, true);
    brute(-2, -1, INT64_MIN, INT64_MAX, &e);
    assert_int_equal(r->v[0][0].i, e.rows);
    ck_free(r);

    snprintf(sql, sizeof(sql), "SELECT _partition, COUNT(*) FROM %s GROUP BY _partition", table);
    r = both(sql, true);
    assert_int_equal(r->n, 3);
    for (int p = 0; p < 3; p++) {
        brute(-2, p, INT64_MIN, INT64_MAX, &e);
        assert_int_equal(r->v[p][0].i, p);
        assert_int_equal(r->v[p][1].i, e.rows);
    }
    assert_string_equal(r->types[0], "INTEGER");
    ck_free(r);

    snprintf(sql, sizeof(sql),
             "SELECT cat, COUNT(*), SUM(amount), AVG(amount), MIN(amount), MAX(amount), COUNT(opt), TOTAL(opt), "
             "COUNT(_key) FROM %s GROUP BY cat", table);
    r = both(sql, true);
    assert_int_equal(r->n, 6);               /* NULL (non-JSON values) first, then c0..c4 */
    assert_int_equal(r->v[0][0].type, CHRONIK_SQL_NULL);
    for (int k = 0; k < 6; k++) {
        brute(k - 1, -1, INT64_MIN, INT64_MAX, &e);
        const chronik_sql_value_t *v = r->v[k];
        if (k > 0) {
            char want[4] = { 'c', (char)('0' + k - 1), 0, 0 };
            assert_string_equal(v[0].data, want);
        }
        assert_int_equal(v[1].i, e.rows);
        if (e.n_amount == 0) {
            assert_int_equal(v[2].type, CHRONIK_SQL_NULL);
            assert_int_equal(v[3].type, CHRONIK_SQL_NULL);
            assert_int_equal(v[4].type, CHRONIK_SQL_NULL);
        } else {
            assert_int_equal(v[2].type, e.any_real ? CHRONIK_SQL_REAL : CHRONIK_SQL_INTEGER);
            assert_true(num(&v[2]) == e.sum_amount);
            assert_true(same_number(v[3].r, e.sum_amount / (double)e.n_amount));
            assert_true(num(&v[4]) == e.min_amount);
            assert_true(num(&v[5]) == e.max_amount);
        }
        assert_int_equal(v[6].i, e.n_opt);
        assert_true(v[7].r == e.sum_opt);
        assert_int_equal(v[8].i, e.n_key);
    }
    ck_free(r);

    int64_t t1 = TS0 + 2000 * 10, t2 = TS0 + 11000 * 10;
    snprintf(sql, sizeof(sql),
             "SELECT cat, _partition, COUNT(*) AS n FROM %s WHERE _timestamp >= %lld AND _timestamp <= %lld "
             "GROUP BY cat, _partition ORDER BY n DESC, cat, _partition LIMIT 4 OFFSET 1", table, (long long)t1, (long long)t2);
    r = both(sql, true);
    assert_int_equal(r->n, 4);
    for (int k = 0; k < 4; k++) {
        int cat = r->v[k][0].type == CHRONIK_SQL_NULL ? -1 : ((const char *)r->v[k][0].data)[1] - '0';
        brute(cat, (int32_t)r->v[k][1].i, t1, t2, &e);
        assert_int_equal(r->v[k][2].i, e.rows);
        if (k > 0) assert_true(r->v[k][2].i <= r->v[k - 1][2].i);
    }
    ck_free(r);

    snprintf(sql, sizeof(sql), "SELECT COUNT(late), MAX(late), MIN(name), MAX(name), %s FROM %s",
             with_hot ? "COUNT(hotonly)" : "COUNT(*)", table);
    r = both(sql, true);
    brute(-2, -1, INT64_MIN, INT64_MAX, &e);
    assert_int_equal(r->v[0][0].i, e.n_late);
    assert_int_equal(r->v[0][1].i, e.max_late);
    assert_string_equal(r->v[0][2].data, "n-00000");
    assert_int_equal(r->v[0][4].i, with_hot ? e.n_hot : e.rows);
    ck_free(r);

    /* More shapes, each against SQLite alone. */
    const char *const shapes[] = {
        "SELECT \"m.x\", COUNT(*), SUM(id) FROM %s WHERE cat IN ('c1', 'c3') GROUP BY \"m.x\"",
        "SELECT count( * ) FROM %s WHERE amount > 50.5",
        "SELECT COUNT(*) AS c, cat AS k FROM %s t WHERE t.opt IS NOT NULL GROUP BY k ORDER BY c DESC, k",
        "SELECT cat FROM %s GROUP BY 1 ORDER BY 1 DESC",
        "SELECT t.cat, MAX(t.amount) FROM %s AS t GROUP BY t.cat ORDER BY SUM(t.amount) LIMIT 2, 3",
        "SELECT _partition, MIN(_offset), MAX(_offset), MIN(_timestamp), MAX(_timestamp) FROM %s GROUP BY _partition",
        "SELECT _key, COUNT(*) FROM %s WHERE _partition = 1 AND _offset < 40 GROUP BY _key",
        "SELECT cat, COUNT(*) FROM %s WHERE amount BETWEEN 10 AND 20.25 AND opt != 3 GROUP BY cat LIMIT -1 OFFSET 2",
        "SELECT AVG(id), TOTAL(amount), SUM(opt) FROM %s WHERE _partition IN (0, 2) AND opt ISNULL",
        "SELECT cat, COUNT(*) FROM %s WHERE 3 < opt AND name >= 'n-01' GROUP BY cat ORDER BY COUNT(*), cat",
        "SELECT COUNT(*), SUM(amount) FROM %s WHERE cat = 'nope'",
        "SELECT cat, COUNT(*) FROM %s WHERE cat = 'nope' GROUP BY cat",
        "SELECT late, COUNT(*) FROM %s GROUP BY late ORDER BY 2 DESC, 1 LIMIT 5",
        "SELECT id %% 3, COUNT(*) FROM %s GROUP BY 1",                             /* expression: SQLite */
        "SELECT cat, COUNT(*) FROM %s GROUP BY cat HAVING COUNT(*) > 1",           /* HAVING: SQLite */
        "SELECT cat, SUM(name) FROM %s GROUP BY cat",                              /* text summed: SQLite */
        "SELECT cat, COUNT(DISTINCT opt) FROM %s GROUP BY cat",                    /* DISTINCT: SQLite */
        "SELECT cat, id FROM %s GROUP BY cat",                                     /* bare column: SQLite */
    };
    for (size_t i = 0; i < CK_ARRAY_LEN(shapes); i++) {
        snprintf(sql, sizeof(sql), shapes[i], table);
        bool native = i < CK_ARRAY_LEN(shapes) - 5;
        ck_free(both(sql, native));
    }
    /* An _offset/_timestamp range without GROUP BY is left to SQLite's indexes. */
    snprintf(sql, sizeof(sql), "SELECT COUNT(*) FROM %s WHERE _timestamp >= %lld", table, (long long)t2);
    r = both(sql, false);
    brute(-2, -1, t2, INT64_MAX, &e);
    assert_int_equal(r->v[0][0].i, e.rows);
    ck_free(r);
}

static void test_aggregates(void **state) {
    (void)state;
    g_eng = open_engine(NULL);
    g_na = 0;
    create_topic("agg", 3, true);
    /* 10,000 records: two blocks (INTEGER amounts in the first, widened to
     * REAL after it; "late" added after it) and rows after the blocks. */
    agg_produce(0, 6000, 5000, 6000, false);
    assert_int_equal(ck_sql_wait_materialized(S(), "agg", 20000), 0);
    agg_produce(6000, 4000, 5000, 6000, false);
    assert_int_equal(ck_sql_wait_materialized(S(), "agg", 20000), 0);
    ck_sql_stats st;
    ck_sql_stats_get(S(), &st);
    assert_int_equal(st.blocks_written, 10000 / CK_SQL_BLOCK_ROWS);
    check_aggregates("agg", false);
    check_aggregates("agg_cold", false);

    /* Hold the materializer: 1,500 more records only in the hot tail, with
     * a field the cold table does not have. */
    ck_sql_test_pause(S(), true);
    agg_produce(10000, 1500, 5000, 6000, true);
    check_aggregates("agg", true);
    bool native = false;
    result *r = run("SELECT COUNT(*) FROM agg_hot", &native);
    assert_false(native);
    assert_int_equal(r->v[0][0].i, 1500);
    ck_free(r);

    /* Materialized: a third block; then again after a restart, which reads
     * the rows after the last block back from the table. */
    ck_sql_test_pause(S(), false);
    assert_int_equal(ck_sql_wait_materialized(S(), "agg", 20000), 0);
    check_aggregates("agg", true);
    close_engine(g_eng);
    g_eng = open_engine(NULL);
    agg_produce(11500, 1500, 5000, 6000, true);
    assert_int_equal(ck_sql_wait_materialized(S(), "agg", 20000), 0);
    check_aggregates("agg", true);
    check_aggregates("agg_cold", true);
    ck_sql_stats_get(S(), &st);
    assert_int_equal(st.blocks_written, 13000 / CK_SQL_BLOCK_ROWS - 2);   /* this engine wrote the third */
}

/* A table written before column blocks existed gets them when it is opened. */
static void test_blocks_built_for_old_table(void **state) {
    (void)state;
    g_eng = open_engine(NULL);
    g_na = 0;
    create_topic("agg", 3, true);
    agg_produce(0, 9000, 4000, 7000, false);
    assert_int_equal(ck_sql_wait_materialized(S(), "agg", 20000), 0);
    close_engine(g_eng);
    char path[512];
    snprintf(path, sizeof(path), "%s/sql/agg.db", g_dir);
    sqlite3 *db = NULL;
    assert_int_equal(sqlite3_open(path, &db), SQLITE_OK);
    assert_int_equal(sqlite3_exec(db, "DELETE FROM \"$blocks\"; DELETE FROM \"$blockmeta\"", NULL, NULL, NULL), SQLITE_OK);
    sqlite3_close(db);
    g_eng = open_engine(NULL);
    assert_int_equal(ck_sql_wait_materialized(S(), "agg", 20000), 0);
    ck_sql_stats st;
    ck_sql_stats_get(S(), &st);
    assert_int_equal(st.blocks_written, 9000 / CK_SQL_BLOCK_ROWS);
    check_aggregates("agg", false);
}

/* A wide, sparse schema ends blocks before CK_SQL_BLOCK_ROWS rows (the
 * buffered rows' memory); aggregates over such blocks stay exact. */
static void test_wide_sparse_blocks(void **state) {
    (void)state;
    g_eng = open_engine(NULL);
    create_topic("wide", 1, true);
    enum { NW = 3000, NCOL = 900 };
    int64_t sum_f5 = 0, cnt_f899 = 0, per_g[3] = { 0 };
    for (int i = 0; i < NW; i += 50) {
        chronik_record_t recs[50];
        char vals[50][64];
        for (int k = 0; k < 50; k++) {
            int idx = i + k;
            snprintf(vals[k], sizeof(vals[k]), "{\"g\":%d,\"f%d\":%d}", idx % 3, idx % NCOL, idx);
            recs[k] = (chronik_record_t){ NULL, 0, vals[k], strlen(vals[k]), TS0 + idx, NULL, 0 };
            if (idx % NCOL == 5) sum_f5 += idx;
            if (idx % NCOL == NCOL - 1) cnt_f899++;
            per_g[idx % 3]++;
        }
        assert_int_equal(chronik_produce(g_eng, "wide", 0, recs, 50, NULL), CHRONIK_OK);
    }
    assert_int_equal(ck_sql_wait_materialized(S(), "wide", 60000), 0);
    ck_sql_stats st;
    ck_sql_stats_get(S(), &st);
    assert_true(st.blocks_written >= 1);
    result *r = both("SELECT g, COUNT(*), SUM(f5), COUNT(f899) FROM wide GROUP BY g", true);
    assert_int_equal(r->n, 3);
    int64_t s5 = 0, c899 = 0;
    for (int k = 0; k < 3; k++) {
        assert_int_equal(r->v[k][1].i, per_g[k]);
        if (r->v[k][2].type == CHRONIK_SQL_INTEGER) s5 += r->v[k][2].i;
        c899 += r->v[k][3].i;
    }
    assert_int_equal(s5, sum_f5);
    assert_int_equal(c899, cnt_f899);
    ck_free(r);
}

/* Queries read only the columns they name, and still see every column
 * when they expand '*' or join NATURALly. */
static void test_column_narrowing(void **state) {
    (void)state;
    g_eng = open_engine(NULL);
    g_nmsgs = 0;
    create_topic("nar", 2, true);
    produce_json("nar", 2, 0, 200);
    assert_int_equal(ck_sql_wait_materialized(S(), "nar", 10000), 0);
    ck_sql_test_pause(S(), true);
    produce_json("nar", 2, 200, 50);
    rows *r = q("SELECT * FROM nar WHERE _partition = 0 AND _offset = 0");
    assert_int_equal(r->n, 1);
    assert_true(r->ncols >= 8);
    assert_string_equal(r->first[3].data, "k0");
    assert_int_equal(qi("SELECT COUNT(*) FROM nar WHERE cust IS NOT NULL"), 250);
    assert_int_equal(qi("SELECT COUNT(*) FROM nar WHERE amount IS NULL"), 0);
    assert_int_equal(qi("SELECT COUNT(*) FROM nar a NATURAL JOIN nar b"), 250);
    assert_int_equal(qi("SELECT COUNT(*) FROM (SELECT nar.* FROM nar) WHERE cust = 'c1'"), 50);
    int64_t sum = 0;
    for (int i = 0; i < 250; i++) sum += g_msgs[i].amount * (g_msgs[i].cust + 1);
    assert_int_equal(qi("SELECT SUM(amount * (CAST(substr(cust, 2) AS INTEGER) + 1)) FROM nar"), sum);
    assert_int_equal(qi("SELECT COUNT(*) FROM nar_cold WHERE \"meta.src\" = 's1'"), 100);
    ck_sql_test_pause(S(), false);
}

int main(void) {
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_flatten),
        cmocka_unit_test_setup_teardown(test_raw_queries, setup, teardown),
        cmocka_unit_test_setup_teardown(test_raw_headers_and_binary, setup, teardown),
        cmocka_unit_test_setup_teardown(test_pushdown, setup, teardown),
        cmocka_unit_test_setup_teardown(test_columnar_hot_cold, setup, teardown),
        cmocka_unit_test_setup_teardown(test_schema_evolution, setup, teardown),
        cmocka_unit_test_setup_teardown(test_restart_resumes, setup, teardown),
        cmocka_unit_test_setup_teardown(test_delete_removes_table, setup, teardown),
        cmocka_unit_test_setup_teardown(test_join, setup, teardown),
        cmocka_unit_test_setup_teardown(test_read_only, setup, teardown),
        cmocka_unit_test_setup_teardown(test_timeout_and_limits, setup, teardown),
        cmocka_unit_test_setup_teardown(test_slots, setup, teardown),
        cmocka_unit_test(test_colblock),
        cmocka_unit_test_setup_teardown(test_aggregates, setup, teardown),
        cmocka_unit_test_setup_teardown(test_blocks_built_for_old_table, setup, teardown),
        cmocka_unit_test_setup_teardown(test_wide_sparse_blocks, setup, teardown),
        cmocka_unit_test_setup_teardown(test_column_narrowing, setup, teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
