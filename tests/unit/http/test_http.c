/*
 * test_http.c — the REST layer: strict JSON validation on top of jsmn
 * (malformed bodies of every kind are rejected with a reason, valid ones
 * are read back exactly), the two request-body parsers (missing, mistyped,
 * unknown and duplicate fields), the constant-time key comparison, the
 * Prometheus rendering (every family has HELP and TYPE, histograms are
 * cumulative), and the routes on a real engine in a temp directory, both
 * in-process and over a socket (status codes, 413 on Content-Length and on
 * a streamed chunked body, the admin key), and the console's routes
 * (records with query parameters, produce, configs, groups, the console's
 * files).
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <cmocka.h>

#include <arpa/inet.h>
#include <netinet/in.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/time.h>
#include <unistd.h>

#include "chronik.h"
#include "http/browse_routes.h"
#include "http/http.h"
#include "sql/sql.h"
#include "util/util.h"

/* ===================================================================== */
/* JSON                                                                  */
/* ===================================================================== */

static int parse(const char *s, ck_jdoc *doc, char *err, size_t errlen) {
    return ck_http_json_parse(doc, s, strlen(s), err, errlen);
}

static void test_json_valid(void **state) {
    (void)state;
    char err[256];
    ck_jdoc d;
    const char *js = " {\"a\": [1, -2.5e3, true, false, null, \"x\"], \"b\": {\"c\": {}}, \"d\": [] }\n";
    assert_int_equal(parse(js, &d, err, sizeof(err)), 0);
    assert_int_equal(d.tok[0].type, CK_J_OBJECT);
    assert_int_equal(d.tok[0].count, 3);
    int32_t a = ck_http_json_member(&d, 0, "a");
    assert_true(a > 0);
    assert_int_equal(d.tok[a].type, CK_J_ARRAY);
    assert_int_equal(d.tok[a].count, 6);
    int32_t e = ck_http_json_first(&d, a);
    int64_t iv = 0;
    assert_true(ck_http_json_int(&d, e, &iv));
    assert_int_equal(iv, 1);
    e = ck_http_json_next(&d, a, e);
    double dv = 0;
    assert_false(ck_http_json_int(&d, e, &iv));
    assert_true(ck_http_json_double(&d, e, &dv));
    assert_true(dv == -2500.0);
    e = ck_http_json_next(&d, a, e);
    assert_int_equal(d.tok[e].type, CK_J_TRUE);
    e = ck_http_json_next(&d, a, ck_http_json_next(&d, a, ck_http_json_next(&d, a, e)));
    assert_true(ck_http_json_str_eq(&d, e, "x"));
    assert_int_equal(ck_http_json_next(&d, a, e), -1);
    int32_t b = ck_http_json_member(&d, 0, "b");
    assert_int_equal(d.tok[b].type, CK_J_OBJECT);
    assert_int_equal(d.tok[ck_http_json_member(&d, b, "c")].count, 0);
    assert_int_equal(ck_http_json_member(&d, 0, "zz"), -1);
    ck_http_json_free(&d);

    /* Escapes and UTF-8 round trip. */
    const char *s = "{\"k\\u0061y\": \"a\\\"\\\\\\/\\b\\f\\n\\r\\t\\u00e9\\ud83d\\ude00 \xc3\xa9\"}";
    assert_int_equal(parse(s, &d, err, sizeof(err)), 0);
    int32_t v = ck_http_json_member(&d, 0, "kay");
    assert_true(v > 0);
    size_t n = 0;
    char *u = ck_http_json_string(&d, v, &n);
    const char want[] = "a\"\\/\b\f\n\r\t\xc3\xa9\xf0\x9f\x98\x80 \xc3\xa9";
    assert_int_equal(n, sizeof(want) - 1);
    assert_memory_equal(u, want, n);
    ck_free(u);
    ck_http_json_free(&d);

    /* Duplicate keys are reported by member(). */
    assert_int_equal(parse("{\"a\":1,\"a\":2}", &d, err, sizeof(err)), 0);
    assert_int_equal(ck_http_json_member(&d, 0, "a"), -2);
    ck_http_json_free(&d);
}

static void test_json_malformed(void **state) {
    (void)state;
    static const char *const bad[] = {
        "", "   ", "{", "}", "[", "]", "{\"a\":1,}", "{\"a\" 1}", "{\"a\":1 \"b\":2}", "[1 2]", "[,1]", "[1,]",
        "{\"a\":tru}", "{\"a\":nul}", "{\"a\":01}", "{\"a\":1.}", "{\"a\":-}", "{\"a\":1e}", "{\"a\":.5}",
        "{\"a\":+1}", "{\"a\":\"\x01\"}", "{\"a\":\"\\q\"}", "{\"a\":\"\\u12\"}", "{\"a\":\"\\ud800\"}",
        "{\"a\":\"\\udc00x\"}", "{\"a\":\"\xff\"}", "{\"a\":\"\xc3\"}", "{} {}", "{\"a\":1}x", "x{}",
        "{1:2}", "{\"a\":1,\"b\"}", "{\"a\"}", "{\"a\":}", "[\"a\":1]", "{\"a\",1}", "{\"a\":[1}", "{\"a\":{]}",
        "'a'", "{\"a\":\"unterminated}", "{\"a\":1}}", "[]]", "{\"a\"::1}", "[1,,2]", "{,}", "[1 , ]",
    };
    char err[256];
    ck_jdoc d;
    for (size_t i = 0; i < CK_ARRAY_LEN(bad); i++) {
        err[0] = 0;
        int rc = parse(bad[i], &d, err, sizeof(err));
        if (rc == 0) fail_msg("accepted malformed JSON #%zu: %s", i, bad[i]);
        assert_true(strlen(err) > 0);
        assert_null(d.tok);
        ck_http_json_free(&d);
    }
    /* NUL inside the body. */
    assert_int_equal(ck_http_json_parse(&d, "{\"a\":\"b\0\"}", 9, err, sizeof(err)), -1);
    assert_non_null(strstr(err, "NUL"));
    /* Nesting is bounded, and does not recurse. */
    size_t depth = 100000;
    char *deep = ck_malloc(2 * depth + 1);
    memset(deep, '[', depth);
    memset(deep + depth, ']', depth);
    deep[2 * depth] = 0;
    assert_int_equal(parse(deep, &d, err, sizeof(err)), -1);
    assert_non_null(strstr(err, "deeper"));
    ck_free(deep);
    /* 64 levels are fine. */
    char ok[200];
    memset(ok, '[', 64);
    memset(ok + 64, ']', 64);
    ok[128] = 0;
    assert_int_equal(parse(ok, &d, err, sizeof(err)), 0);
    ck_http_json_free(&d);
    /* Truncated prefixes of a valid document never crash and never pass. */
    const char *full = "{\"name\":\"t\\u00e9\",\"partitions\":3,\"config\":{\"a\":[1,2.5,true,null]}}";
    for (size_t n = 0; n < strlen(full); n++) {
        char *p = ck_strndup(full, n);
        assert_int_equal(ck_http_json_parse(&d, p, n, err, sizeof(err)), -1);
        ck_free(p);
    }
    assert_int_equal(parse(full, &d, err, sizeof(err)), 0);
    ck_http_json_free(&d);
}

/* ===================================================================== */
/* Request bodies                                                        */
/* ===================================================================== */

static void test_topic_req(void **state) {
    (void)state;
    char err[256];
    ck_http_topic_req r;
    const char *ok = "{\"name\":\"orders\",\"partitions\":3,\"replication_factor\":1,"
                     "\"config\":{\"columnar.enabled\":true,\"retention.ms\":60000,\"cleanup.policy\":\"delete\"}}";
    assert_int_equal(ck_http_parse_topic_req(ok, strlen(ok), &r, err, sizeof(err)), 0);
    assert_string_equal(r.name, "orders");
    assert_int_equal(r.partitions, 3);
    assert_int_equal(r.nconfigs, 3);
    assert_string_equal(r.configs[0], "columnar.enabled");
    assert_string_equal(r.configs[1], "true");
    assert_string_equal(r.configs[2], "retention.ms");
    assert_string_equal(r.configs[3], "60000");
    assert_string_equal(r.configs[5], "delete");
    assert_null(r.configs[6]);
    ck_http_topic_req_free(&r);

    const char *min = "{\"name\":\"x\"}";
    assert_int_equal(ck_http_parse_topic_req(min, strlen(min), &r, err, sizeof(err)), 0);
    assert_int_equal(r.partitions, -1);
    assert_null(r.configs);
    ck_http_topic_req_free(&r);

    static const struct { const char *body, *want; } bad[] = {
        {"{}", "\"name\" is required"},
        {"[]", "must be a JSON object"},
        {"{\"name\":3}", "\"name\" must be a string"},
        {"{\"name\":\"a\\u0000b\"}", "NUL"},
        {"{\"name\":\"a\",\"partitions\":0}", "\"partitions\""},
        {"{\"name\":\"a\",\"partitions\":\"3\"}", "\"partitions\""},
        {"{\"name\":\"a\",\"partitions\":1.5}", "\"partitions\""},
        {"{\"name\":\"a\",\"partitions\":99999999999}", "\"partitions\""},
        {"{\"name\":\"a\",\"replication_factor\":3}", "\"replication_factor\""},
        {"{\"name\":\"a\",\"config\":[]}", "\"config\" must be an object"},
        {"{\"name\":\"a\",\"config\":{\"k\":{}}}", "value of \"k\""},
        {"{\"name\":\"a\",\"config\":{\"k\":null}}", "value of \"k\""},
        {"{\"name\":\"a\",\"config\":{\"k\":\"1\",\"k\":\"2\"}}", "duplicate key"},
        {"{\"name\":\"a\",\"partition\":3}", "unknown field \"partition\""},
        {"{\"name\":\"a\",\"name\":\"b\"}", "duplicate field \"name\""},
        {"{\"name\":\"a\",}", "malformed JSON"},
    };
    for (size_t i = 0; i < CK_ARRAY_LEN(bad); i++) {
        err[0] = 0;
        assert_int_equal(ck_http_parse_topic_req(bad[i].body, strlen(bad[i].body), &r, err, sizeof(err)), -1);
        if (!strstr(err, bad[i].want)) fail_msg("%s: error \"%s\" lacks \"%s\"", bad[i].body, err, bad[i].want);
        ck_http_topic_req_free(&r);
    }
}

static void test_sql_req(void **state) {
    (void)state;
    char err[256];
    ck_http_sql_req r;
    const char *ok = "{\"query\":\"SELECT ?1, ?2, ?3, ?4, ?5, ?6\",\"params\":[\"a\\nb\",42,-1.5,true,null,1e400],"
                     "\"limit\":10}";
    assert_int_equal(ck_http_parse_sql_req(ok, strlen(ok), &r, err, sizeof(err)), 0);
    assert_string_equal(r.query, "SELECT ?1, ?2, ?3, ?4, ?5, ?6");
    assert_int_equal(r.limit, 10);
    assert_int_equal(r.nparams, 6);
    assert_int_equal(r.params[0].type, CHRONIK_SQL_TEXT);
    assert_int_equal(r.params[0].len, 3);
    assert_memory_equal(r.params[0].data, "a\nb", 3);
    assert_int_equal(r.params[1].type, CHRONIK_SQL_INTEGER);
    assert_int_equal(r.params[1].i, 42);
    assert_int_equal(r.params[2].type, CHRONIK_SQL_REAL);
    assert_true(r.params[2].r == -1.5);
    assert_int_equal(r.params[3].type, CHRONIK_SQL_INTEGER);
    assert_int_equal(r.params[3].i, 1);
    assert_int_equal(r.params[4].type, CHRONIK_SQL_NULL);
    assert_int_equal(r.params[5].type, CHRONIK_SQL_REAL);
    ck_http_sql_req_free(&r);

    const char *noparams = "{\"query\":\"SELECT 1\",\"params\":null}";
    assert_int_equal(ck_http_parse_sql_req(noparams, strlen(noparams), &r, err, sizeof(err)), 0);
    assert_int_equal(r.nparams, 0);
    assert_int_equal(r.limit, 0);
    ck_http_sql_req_free(&r);

    static const struct { const char *body, *want; } bad[] = {
        {"{}", "\"query\" is required"},
        {"{\"query\":1}", "\"query\" must be a string"},
        {"{\"query\":\"x\",\"limit\":0}", "\"limit\""},
        {"{\"query\":\"x\",\"limit\":\"5\"}", "\"limit\""},
        {"{\"query\":\"x\",\"params\":{}}", "\"params\" must be an array"},
        {"{\"query\":\"x\",\"params\":[1,[2]]}", "params[1]"},
        {"{\"query\":\"x\",\"params\":[\"a\",{}]}", "params[1]"},
        {"{\"query\":\"x\",\"sql\":\"y\"}", "unknown field \"sql\""},
        {"{\"query\":\"x\"", "malformed JSON"},
        {"not json", "malformed JSON"},
    };
    for (size_t i = 0; i < CK_ARRAY_LEN(bad); i++) {
        err[0] = 0;
        assert_int_equal(ck_http_parse_sql_req(bad[i].body, strlen(bad[i].body), &r, err, sizeof(err)), -1);
        if (!strstr(err, bad[i].want)) fail_msg("%s: error \"%s\" lacks \"%s\"", bad[i].body, err, bad[i].want);
        ck_http_sql_req_free(&r);
    }
}

static void test_key_equal(void **state) {
    (void)state;
    assert_true(ck_http_key_equal("secret", 6, "secret", 6));
    assert_false(ck_http_key_equal("secreT", 6, "secret", 6));
    assert_false(ck_http_key_equal("secret1", 7, "secret", 6));
    assert_false(ck_http_key_equal("secre", 5, "secret", 6));
    assert_false(ck_http_key_equal("", 0, "secret", 6));
    assert_false(ck_http_key_equal(NULL, 0, "secret", 6));
    assert_false(ck_http_key_equal("x", 1, "", 0));
    /* A key repeated to twice the length must not match (length is compared). */
    assert_false(ck_http_key_equal("secretsecret", 12, "secret", 6));
}

/* ===================================================================== */
/* Metrics rendering                                                     */
/* ===================================================================== */

/* Checks the exposition format: each sample's family was announced by a
 * HELP and then a TYPE line; every sample line is "name[{labels}] value". */
static void check_exposition(const char *text) {
    char fam[128] = "";
    const char *p = text;
    while (*p) {
        const char *nl = strchr(p, '\n');
        assert_non_null(nl);
        char line[512];
        size_t n = (size_t)(nl - p);
        assert_true(n < sizeof(line));
        memcpy(line, p, n);
        line[n] = 0;
        if (!strncmp(line, "# HELP ", 7)) {
            sscanf(line + 7, "%127s", fam);
        } else if (!strncmp(line, "# TYPE ", 7)) {
            char name[128], type[32];
            assert_int_equal(sscanf(line + 7, "%127s %31s", name, type), 2);
            assert_string_equal(name, fam);
            assert_true(!strcmp(type, "counter") || !strcmp(type, "gauge") || !strcmp(type, "histogram") ||
                        !strcmp(type, "summary"));
        } else {
            assert_true(fam[0] != 0);
            if (strncmp(line, fam, strlen(fam)) != 0) fail_msg("sample \"%s\" outside family %s", line, fam);
            char *sp = strrchr(line, ' ');
            assert_non_null(sp);
            char *end = NULL;
            strtod(sp + 1, &end);
            if (*end) fail_msg("bad value in \"%s\"", line);
        }
        p = nl + 1;
    }
}

static void test_metrics_render(void **state) {
    (void)state;
    ck_http_metrics *m = ck_calloc(1, sizeof(*m));
    m->eng.messages_in = 1234;
    for (int i = 0; i < 5; i++) ck_hist_observe(&m->eng.produce_latency, 500000);   /* 0.5 s each */
    ck_hist_observe(&m->eng.fetch_latency, 1000);
    m->eng.active_connections = 7;
    m->storage_bytes = 4096;
    m->messages_stored = 1200;
    m->has_sql = true;
    m->sql.queries = 9;
    m->sql.errors = 2;
    m->http_status[200 - 100] = 3;
    m->http_status[404 - 100] = 1;
    ck_hist_observe(&m->sql_latency, 100);       /* 0.1 ms: first bucket */
    ck_hist_observe(&m->sql_latency, 2000);      /* 2 ms */
    ck_hist_observe(&m->sql_latency, 60000000);  /* 60 s: +Inf only */
    ck_wb wb;
    ck_wb_init(&wb, 0);
    ck_http_metrics_render(m, &wb);
    ck_wb_put(&wb, "", 1);
    const char *t = (const char *)wb.buf;
    check_exposition(t);
    static const char *const want[] = {
        "# TYPE chronik_messages_received_total counter\nchronik_messages_received_total 1234\n",
        "chronik_messages_stored_total 1200\n",
        "# TYPE chronik_produce_latency_seconds histogram\n",
        "chronik_produce_latency_seconds_bucket{le=\"0.25\"} 0\n",
        "chronik_produce_latency_seconds_bucket{le=\"0.5\"} 5\n",
        "chronik_produce_latency_seconds_sum 2.500000\nchronik_produce_latency_seconds_count 5\n",
        "chronik_fetch_latency_seconds_count 1\n",
        "chronik_storage_usage_bytes 4096\n",
        "chronik_active_connections 7\n",
        "chronik_sql_queries_total 9\n",
        "chronik_sql_query_errors_total 2\n",
        "chronik_http_sql_query_duration_seconds_bucket{le=\"0.0005\"} 1\n",
        "chronik_http_sql_query_duration_seconds_bucket{le=\"0.001\"} 1\n",
        "chronik_http_sql_query_duration_seconds_bucket{le=\"0.0025\"} 2\n",
        "chronik_http_sql_query_duration_seconds_bucket{le=\"10\"} 2\n",
        "chronik_http_sql_query_duration_seconds_bucket{le=\"+Inf\"} 3\n",
        "chronik_http_sql_query_duration_seconds_count 3\n",
        "chronik_http_responses_total{code=\"200\"} 3\n",
        "chronik_http_responses_total{code=\"404\"} 1\n",
    };
    for (size_t i = 0; i < CK_ARRAY_LEN(want); i++)
        if (!strstr(t, want[i])) fail_msg("metrics lack \"%s\" in:\n%s", want[i], t);
    ck_wb_free(&wb);
    /* Without SQL the SQL families are absent, the rest still renders. */
    m->has_sql = false;
    ck_wb_init(&wb, 0);
    ck_http_metrics_render(m, &wb);
    ck_wb_put(&wb, "", 1);
    check_exposition((const char *)wb.buf);
    assert_null(strstr((const char *)wb.buf, "chronik_sql_queries_total"));
    ck_wb_free(&wb);
    ck_free(m);
}

/* ===================================================================== */
/* Routes on a real engine                                               */
/* ===================================================================== */

typedef struct fixture {
    char       dir[64];
    chronik_t *eng;
    void      *sql;      /* started here when the engine does not */
    void      *http;
    int        port;
} fixture;

static void fx_open(fixture *fx, const char *admin_key) {
    memset(fx, 0, sizeof(*fx));
    snprintf(fx->dir, sizeof(fx->dir), "/tmp/chronik-http-XXXXXX");
    assert_non_null(mkdtemp(fx->dir));
    chronik_conf_t *conf = chronik_conf_new();
    char err[256];
    assert_int_equal(chronik_conf_set(conf, "data.dir", fx->dir, err, sizeof(err)), CHRONIK_OK);
    assert_int_equal(chronik_conf_set(conf, "flush.policy", "os", err, sizeof(err)), CHRONIK_OK);
    assert_int_equal(chronik_conf_set(conf, "log.level", "warn", err, sizeof(err)), CHRONIK_OK);
    assert_int_equal(chronik_conf_set(conf, "http.max.body.bytes", "4096", err, sizeof(err)), CHRONIK_OK);
    if (admin_key) assert_int_equal(chronik_conf_set(conf, "admin.api.key", admin_key, err, sizeof(err)), CHRONIK_OK);
    assert_int_equal(chronik_open(conf, &fx->eng, err, sizeof(err)), CHRONIK_OK);
    chronik_conf_free(conf);
    if (!ck_sql_of(fx->eng)) assert_int_equal(ck_sql_start(fx->eng, &fx->sql), 0);
    assert_int_equal(ck_http_start(fx->eng, "127.0.0.1:0", &fx->port, &fx->http, err, sizeof(err)), 0);
    assert_true(fx->port > 0);
}

static void fx_close(fixture *fx) {
    ck_http_stop(fx->http);
    if (fx->sql) ck_sql_stop(fx->sql);
    chronik_close(fx->eng);
    ck_rmtree(fx->dir);
}

/* Runs one request in-process; returns the status, body in r (caller frees). */
static int req(fixture *fx, const char *method, const char *path, const char *key, const char *body,
               ck_http_resp *r) {
    ck_http_resp_init(r);
    ck_http_route(fx->http, method, path, key, key ? strlen(key) : 0, body, body ? strlen(body) : 0, r);
    ck_wb_put(&r->body, "", 1);
    r->body.len--;
    return r->status;
}

static void expect(fixture *fx, const char *method, const char *path, const char *key, const char *body, int status,
                   const char *substr) {
    ck_http_resp r;
    int st = req(fx, method, path, key, body, &r);
    if (st != status || (substr && !strstr((const char *)r.body.buf, substr)))
        fail_msg("%s %s: status %d body %s (wanted %d with \"%s\")", method, path, st, (const char *)r.body.buf,
                 status, substr ? substr : "");
    ck_http_resp_free(&r);
}

static void test_routes(void **state) {
    (void)state;
    fixture fx;
    fx_open(&fx, NULL);
    expect(&fx, "GET", "/health", NULL, NULL, 200, "\"status\":\"ok\"");
    expect(&fx, "GET", "/nope", NULL, NULL, 404, "\"type\":\"not_found\"");
    expect(&fx, "PUT", "/topics", NULL, NULL, 405, "method_not_allowed");
    ck_http_resp r;
    req(&fx, "DELETE", "/_sql", NULL, NULL, &r);
    assert_int_equal(r.status, 405);
    assert_string_equal(r.allow, "POST");
    ck_http_resp_free(&r);
    expect(&fx, "POST", "/topics", NULL, "{\"name\":\"orders\",\"partitions\":2,\"config\":{\"retention.ms\":\"60000\"}}",
           201, "\"partition_count\":2");
    expect(&fx, "POST", "/topics", NULL, "{\"name\":\"orders\",\"partitions\":2}", 409, "topic_already_exists");
    expect(&fx, "POST", "/topics", NULL, "{\"name\":\"bad name!\"}", 400, "invalid_topic_name");
    expect(&fx, "POST", "/topics", NULL, "{\"name\":\"x\",\"config\":{\"no.such.key\":\"1\"}}", 400, "invalid_config");
    expect(&fx, "POST", "/topics", NULL, "{\"name\":\"x\",\"config\":{\"retention.ms\":\"abc\"}}", 400,
           "invalid_config");
    expect(&fx, "POST", "/topics", NULL, "{\"name\":", 400, "parse_error");
    expect(&fx, "POST", "/topics", NULL, "", 400, "empty");
    expect(&fx, "POST", "/topics", NULL, "{\"name\":7}", 400, "must be a string");

    /* Produce a few JSON records and read them back through the routes. */
    for (int i = 0; i < 10; i++) {
        char v[64];
        snprintf(v, sizeof(v), "{\"amount\":%d,\"kind\":\"%s\"}", i, i % 2 ? "odd" : "even");
        chronik_record_t rec = {.value = v, .value_len = strlen(v), .timestamp = -1};
        assert_int_equal(chronik_produce(fx.eng, "orders", i % 2, &rec, 1, NULL), CHRONIK_OK);
    }
    expect(&fx, "GET", "/topics", NULL, NULL, 200, "{\"name\":\"orders\",\"partitions\":2}");
    expect(&fx, "GET", "/topics/orders", NULL, NULL, 200, "\"high_watermark\":5");
    expect(&fx, "GET", "/topics/orders/", NULL, NULL, 200, "\"retention.ms\":\"60000\"");
    expect(&fx, "GET", "/topics/orders", NULL, NULL, 200, "\"overrides\":{\"retention.ms\":\"60000\"}");
    expect(&fx, "GET", "/topics/orders", NULL, NULL, 200, "\"cleanup.policy\":\"delete\"");
    expect(&fx, "GET", "/topics/missing", NULL, NULL, 404, "unknown_topic");
    expect(&fx, "POST", "/_sql", NULL, "{\"query\":\"SELECT COUNT(*) AS n, SUM(_value->>'$.amount') AS s FROM orders\"}",
           200, "\"rows\":[[10,45]]");
    expect(&fx, "POST", "/_sql", NULL,
           "{\"query\":\"SELECT _offset FROM orders WHERE _partition = ?1 AND _value->>'$.kind' = ?2 ORDER BY _offset\","
           "\"params\":[1,\"odd\"],\"limit\":2}",
           200, "\"truncated\":true");
    expect(&fx, "POST", "/_sql", NULL, "{\"query\":\"SELEC nonsense\"}", 400, "sql_error");
    expect(&fx, "POST", "/_sql", NULL, "{\"query\":\"DELETE FROM orders\"}", 403, "read_only");
    expect(&fx, "POST", "/_sql", NULL, "{\"query\":\"SELECT 1\",\"limit\":-1}", 400, "limit");
    expect(&fx, "GET", "/_sql", NULL, NULL, 405, NULL);
    expect(&fx, "GET", "/_sql/describe/orders", NULL, NULL, 200, "\"_offset\"");
    expect(&fx, "GET", "/_sql/describe/missing", NULL, NULL, 404, "unknown_topic");
    expect(&fx, "GET", "/_sql/tables", NULL, NULL, 200, "\"orders\"");
    expect(&fx, "GET", "/metrics", NULL, NULL, 200, "chronik_messages_received_total 10\n");
    expect(&fx, "GET", "/metrics", NULL, NULL, 200, "chronik_sql_queries_total");
    expect(&fx, "DELETE", "/topics/orders", NULL, NULL, 200, "\"deleted\":\"orders\"");
    expect(&fx, "DELETE", "/topics/orders", NULL, NULL, 404, "unknown_topic");
    expect(&fx, "GET", "/topics/orders", NULL, NULL, 404, NULL);
    fx_close(&fx);
}

/* One console-route request with query parameters (key=value pairs). */
static int breq(fixture *fx, const char *method, const char *path, const char *accept, const char *query,
                const char *body, ck_http_resp *r) {
    ck_http_query q = {.n = 0};
    char buf[256];
    snprintf(buf, sizeof(buf), "%s", query ? query : "");
    for (char *save = NULL, *kv = strtok_r(buf, "&", &save); kv && q.n < CK_HTTP_QUERY_MAX;
         kv = strtok_r(NULL, "&", &save)) {
        char *eq = strchr(kv, '=');
        if (eq) *eq++ = 0;
        q.key[q.n] = kv;
        q.val[q.n++] = eq ? eq : "";
    }
    ck_http_resp_init(r);
    ck_http_browse_route(fx->http, method, path, accept, &q, NULL, 0, body, body ? strlen(body) : 0, r);
    ck_wb_put(&r->body, "", 1);
    r->body.len--;
    return r->status;
}

static void bexpect(fixture *fx, const char *method, const char *path, const char *query, const char *body,
                    int status, const char *substr) {
    ck_http_resp r;
    int st = breq(fx, method, path, NULL, query, body, &r);
    if (st != status || (substr && !strstr((const char *)r.body.buf, substr)))
        fail_msg("%s %s?%s: status %d body %s (wanted %d with \"%s\")", method, path, query ? query : "", st,
                 (const char *)r.body.buf, status, substr ? substr : "");
    ck_http_resp_free(&r);
}

static void test_browse(void **state) {
    (void)state;
    fixture fx;
    fx_open(&fx, NULL);
    ck_http_resp r;

    /* The console's files: / only for a browser, with the CSP flag. */
    assert_false(ck_http_browse_owns("GET", "/", NULL));
    assert_false(ck_http_browse_owns("GET", "/", "application/json"));
    assert_true(ck_http_browse_owns("GET", "/", "text/html,*/*"));
    assert_false(ck_http_browse_owns("GET", "/uilogs/_search", NULL));
    assert_false(ck_http_browse_owns("GET", "/topics/x", NULL));
    assert_int_equal(breq(&fx, "GET", "/", "text/html", NULL, NULL, &r), 200);
    assert_true(r.console);
    assert_string_equal(r.content_type, "text/html; charset=utf-8");
    assert_non_null(strstr((const char *)r.body.buf, "/ui/console.js"));
    ck_http_resp_free(&r);
    assert_int_equal(breq(&fx, "GET", "/ui/console.js", NULL, NULL, NULL, &r), 200);
    assert_string_equal(r.content_type, "text/javascript; charset=utf-8");
    ck_http_resp_free(&r);
    expect(&fx, "GET", "/ui/missing.css", NULL, NULL, 404, "not_found");
    expect(&fx, "PUT", "/ui", NULL, NULL, 405, "method_not_allowed");

    /* Records: text, binary (base64), order, bad parameters. */
    expect(&fx, "POST", "/topics", NULL, "{\"name\":\"b\",\"partitions\":1}", 201, NULL);
    bexpect(&fx, "POST", "/topics/b/records", NULL, "{\"key\":\"k\",\"value\":\"caf\\u00e9\",\"headers\":{\"h\":\"1\"}}",
            201, "\"offset\":0");
    bexpect(&fx, "POST", "/topics/b/records", NULL, "{\"value\":\"/wAB\",\"encoding\":\"base64\"}", 201, "\"offset\":1");
    bexpect(&fx, "POST", "/topics/b/records", NULL, "{\"value\":\"three\"}", 201, "\"offset\":2");
    /* Invalid UTF-8 (an overlong encoding) comes back as base64. */
    chronik_record_t bad = {.value = "\xc0\xaf", .value_len = 2, .timestamp = -1};
    assert_int_equal(chronik_produce(fx.eng, "b", 0, &bad, 1, NULL), CHRONIK_OK);
    bexpect(&fx, "GET", "/topics/b/partitions/0/records", NULL, NULL, 200,
            "\"key\":\"k\",\"key_encoding\":\"text\",\"value\":\"caf\xc3\xa9\",\"value_encoding\":\"text\","
            "\"headers\":[{\"key\":\"h\",\"value\":\"1\",\"value_encoding\":\"text\"}]");
    bexpect(&fx, "GET", "/topics/b/partitions/0/records", "offset=1&limit=1", NULL, 200,
            "\"value\":\"/wAB\",\"value_encoding\":\"base64\"");
    bexpect(&fx, "GET", "/topics/b/partitions/0/records", "offset=3", NULL, 200,
            "\"value\":\"wK8=\",\"value_encoding\":\"base64\"");
    bexpect(&fx, "GET", "/topics/b/partitions/0/records", "order=newest&limit=2", NULL, 200,
            "\"count\":2,\"records\":[{\"offset\":3,");
    bexpect(&fx, "GET", "/topics/b/partitions/0/records", "order=newest&limit=2", NULL, 200, "},{\"offset\":2,");
    bexpect(&fx, "GET", "/topics/b/partitions/0/records", "limit=abc", NULL, 400, "limit");
    bexpect(&fx, "GET", "/topics/b/partitions/0/records", "offset=9", NULL, 416, "offset_out_of_range");
    bexpect(&fx, "GET", "/topics/b/partitions/1/records", NULL, NULL, 404, "unknown_partition");
    bexpect(&fx, "POST", "/topics/b/records", NULL, "{\"value\":\"!!\",\"encoding\":\"base64\"}", 400, "base64");
    bexpect(&fx, "POST", "/topics/b/records", NULL, "{\"value\":", 400, "parse_error");
    /* Without the query string (routes.c's entry) the defaults apply. */
    expect(&fx, "GET", "/topics/b/partitions/0/records", NULL, NULL, 200, "\"count\":4");

    /* Configs, groups, overview. */
    expect(&fx, "POST", "/topics/b/configs", NULL, "{\"config\":{\"retention.ms\":\"1000\"}}", 200, "\"changed\":[\"retention.ms\"]");
    expect(&fx, "GET", "/topics/b", NULL, NULL, 200, "\"overrides\":{\"retention.ms\":\"1000\"}");
    expect(&fx, "POST", "/topics/b/configs", NULL, "{\"config\":{\"retention.ms\":\"x\"}}", 400, "invalid_config");
    assert_int_equal(chronik_offset_commit(fx.eng, "g1", "b", 0, 1, NULL), CHRONIK_OK);
    expect(&fx, "GET", "/groups", NULL, NULL, 200, "{\"group_id\":\"g1\",\"state\":\"Empty\",\"protocol\":\"classic\"");
    expect(&fx, "GET", "/groups/g1", NULL, NULL, 200, "\"lag\":3");
    expect(&fx, "GET", "/groups/g1", NULL, NULL, 200, "\"total_lag\":3}");
    expect(&fx, "POST", "/groups/g1/reset", NULL, "{\"to\":\"latest\"}", 200, "\"offset\":4");
    expect(&fx, "GET", "/groups/g1", NULL, NULL, 200, "\"total_lag\":0}");
    expect(&fx, "POST", "/groups/g1/reset", NULL, "{\"to\":\"never\"}", 400, "invalid_request");
    expect(&fx, "GET", "/groups/g2", NULL, NULL, 404, "unknown_group");
    expect(&fx, "GET", "/groups/g1/other", NULL, NULL, 404, "not_found");
    expect(&fx, "GET", "/_overview", NULL, NULL, 200, "\"name\":\"b\",\"partitions\":1");
    fx_close(&fx);
}

static void test_admin_key(void **state) {
    (void)state;
    fixture fx;
    fx_open(&fx, "s3cret");
    expect(&fx, "POST", "/topics", NULL, "{\"name\":\"k\"}", 401, "unauthorized");
    expect(&fx, "POST", "/topics", "wrong", "{\"name\":\"k\"}", 401, "unauthorized");
    expect(&fx, "POST", "/topics", "s3cret", "{\"name\":\"k\"}", 201, NULL);
    expect(&fx, "GET", "/topics/k", NULL, NULL, 200, NULL);            /* reads stay open */
    expect(&fx, "POST", "/_sql", NULL, "{\"query\":\"SELECT COUNT(*) FROM k\"}", 200, "\"rows\":[[0]]");
    expect(&fx, "DELETE", "/topics/k", "s3cre", NULL, 401, NULL);
    expect(&fx, "DELETE", "/topics/k", "s3cret", NULL, 200, NULL);
    fx_close(&fx);
}

/* ---- over a socket ---- */

/* Sends raw (len bytes) to the listener and returns the status of the reply
 * (0 on failure); the reply's text goes into out. */
static int raw_http(int port, const char *raw, size_t len, char *out, size_t outlen) {
    int fd = socket(AF_INET, SOCK_STREAM, 0);
    assert_true(fd >= 0);
    struct timeval tv = {.tv_sec = 10};
    setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof(tv));
    struct sockaddr_in sa = {.sin_family = AF_INET, .sin_port = htons((uint16_t)port)};
    sa.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    assert_int_equal(connect(fd, (struct sockaddr *)&sa, sizeof(sa)), 0);
    size_t off = 0;
    while (off < len) {
        ssize_t w = send(fd, raw + off, len - off, MSG_NOSIGNAL);
        if (w <= 0) break;  /* the server may answer and close early */
        off += (size_t)w;
    }
    size_t got = 0;
    for (;;) {
        ssize_t r = recv(fd, out + got, outlen - 1 - got, 0);
        if (r <= 0) break;
        got += (size_t)r;
        if (got == outlen - 1) break;
        out[got] = 0;
        /* Stop after the first complete response (Content-Length known). */
        char *hdr_end = strstr(out, "\r\n\r\n");
        char *cl = strcasestr(out, "Content-Length:");
        if (hdr_end && cl && cl < hdr_end && got >= (size_t)(hdr_end + 4 - out) + strtoul(cl + 15, NULL, 10)) break;
    }
    out[got] = 0;
    close(fd);
    int status = 0;
    sscanf(out, "HTTP/1.%*d %d", &status);
    return status;
}

static void test_socket(void **state) {
    (void)state;
    fixture fx;
    fx_open(&fx, NULL);
    char out[8192];
    const char *get = "GET /health HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n";
    assert_int_equal(raw_http(fx.port, get, strlen(get), out, sizeof(out)), 200);
    assert_non_null(strstr(out, "application/json"));
    assert_non_null(strstr(out, "\"status\":\"ok\""));

    const char *m405 = "PATCH /topics HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n";
    assert_int_equal(raw_http(fx.port, m405, strlen(m405), out, sizeof(out)), 405);
    assert_non_null(strcasestr(out, "Allow: GET, HEAD, POST"));

    /* Content-Length over http.max.body.bytes (4096): 413 before the body. */
    const char *big = "POST /_sql HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
                      "Content-Length: 100000\r\nConnection: close\r\n\r\n{\"query\":";
    assert_int_equal(raw_http(fx.port, big, strlen(big), out, sizeof(out)), 413);
    assert_non_null(strstr(out, "payload_too_large"));

    /* A chunked body that grows past the limit. */
    ck_wb wb;
    ck_wb_init(&wb, 0);
    const char *hdr = "POST /_sql HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\nConnection: close\r\n\r\n";
    ck_wb_put(&wb, hdr, strlen(hdr));
    char chunk[1100];
    memset(chunk, ' ', sizeof(chunk));
    for (int i = 0; i < 6; i++) {
        char sz[16];
        snprintf(sz, sizeof(sz), "%zx\r\n", sizeof(chunk));
        ck_wb_put(&wb, sz, strlen(sz));
        ck_wb_put(&wb, chunk, sizeof(chunk));
        ck_wb_put(&wb, "\r\n", 2);
    }
    ck_wb_put(&wb, "0\r\n\r\n", 5);
    assert_int_equal(raw_http(fx.port, (const char *)wb.buf, wb.len, out, sizeof(out)), 413);
    ck_wb_free(&wb);

    /* One that keeps streaming far past the limit is cut off, unanswered. */
    ck_wb_init(&wb, 0);
    ck_wb_put(&wb, hdr, strlen(hdr));
    for (int i = 0; i < 1200; i++) {
        char sz[16];
        snprintf(sz, sizeof(sz), "%zx\r\n", sizeof(chunk));
        ck_wb_put(&wb, sz, strlen(sz));
        ck_wb_put(&wb, chunk, sizeof(chunk));
        ck_wb_put(&wb, "\r\n", 2);
    }
    assert_int_equal(raw_http(fx.port, (const char *)wb.buf, wb.len, out, sizeof(out)), 0);
    ck_wb_free(&wb);
    assert_int_equal(raw_http(fx.port, get, strlen(get), out, sizeof(out)), 200);

    /* A chunked body under the limit goes through. */
    const char *okc = "POST /_sql HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\nConnection: close\r\n\r\n"
                      "a\r\n{\"query\":\r\nc\r\n\"SELECT 41+1\r\n2\r\n\"}\r\n0\r\n\r\n";
    assert_int_equal(raw_http(fx.port, okc, strlen(okc), out, sizeof(out)), 200);
    assert_non_null(strstr(out, "[[42]]"));

    /* Keep-alive: two requests on one connection. */
    const char *two = "GET /health HTTP/1.1\r\nHost: x\r\n\r\nGET /metrics HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n";
    int fd = socket(AF_INET, SOCK_STREAM, 0);
    struct sockaddr_in sa = {.sin_family = AF_INET, .sin_port = htons((uint16_t)fx.port)};
    sa.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    struct timeval tv = {.tv_sec = 10};
    setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof(tv));
    assert_int_equal(connect(fd, (struct sockaddr *)&sa, sizeof(sa)), 0);
    assert_int_equal(send(fd, two, strlen(two), MSG_NOSIGNAL), (ssize_t)strlen(two));
    ck_wb_init(&wb, 0);
    for (;;) {
        char buf[4096];
        ssize_t r = recv(fd, buf, sizeof(buf), 0);
        if (r <= 0) break;
        ck_wb_put(&wb, buf, (size_t)r);
    }
    close(fd);
    ck_wb_put(&wb, "", 1);
    assert_non_null(strstr((const char *)wb.buf, "\"status\":\"ok\""));
    assert_non_null(strstr((const char *)wb.buf, "# TYPE chronik_messages_received_total counter"));
    ck_wb_free(&wb);

    /* Bad listen addresses. */
    void *h = NULL;
    char err[256];
    assert_int_equal(ck_http_start(fx.eng, "127.0.0.1", NULL, &h, err, sizeof(err)), CHRONIK_ERR_INVALID_ARG);
    assert_int_equal(ck_http_start(fx.eng, "127.0.0.1:99999", NULL, &h, err, sizeof(err)), CHRONIK_ERR_INVALID_ARG);
    char inuse[64];
    snprintf(inuse, sizeof(inuse), "127.0.0.1:%d", fx.port);
    assert_int_equal(ck_http_start(fx.eng, inuse, NULL, &h, err, sizeof(err)), CHRONIK_ERR_IO);
    assert_null(h);
    fx_close(&fx);
}

int main(void) {
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_json_valid),
        cmocka_unit_test(test_json_malformed),
        cmocka_unit_test(test_topic_req),
        cmocka_unit_test(test_sql_req),
        cmocka_unit_test(test_key_equal),
        cmocka_unit_test(test_metrics_render),
        cmocka_unit_test(test_routes),
        cmocka_unit_test(test_browse),
        cmocka_unit_test(test_admin_key),
        cmocka_unit_test(test_socket),
    };
    return cmocka_run_group_tests_name("http", tests, NULL, NULL);
}
