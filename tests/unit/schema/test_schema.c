/*
 * test_schema.c — the schema registry below its REST API: the JSON reader
 * (escapes, surrogates, depth limit, errors), Avro parsing (names,
 * namespaces, unions, defaults, references) and resolution (promotions,
 * defaults, aliases, enums, unions, recursive types), JSON Schema and
 * Protobuf parsing and compatibility, and the registry through the C API:
 * ids and versions, deletion rules, a reopen replaying _schemas, and
 * produce-side validation (confluent.value.schema.validation).
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "chronik.h"
#include "schema/schema.h"
#include "schema/schema_int.h"
#include "util/util.h"

/* ----- JSON reader ----- */

static void test_sjson(void **state) {
    (void)state;
    char err[200];
    const char *doc = "{\"a\":[1,-2.5e3,true,false,null],\"s\":\"x\\u00e9\\ud83d\\ude00\\n\"}";
    sj *v = sj_parse(doc, strlen(doc), err, sizeof(err));
    assert_non_null(v);
    assert_int_equal(v->type, SJ_OBJ);
    const sj *a = sj_get(v, "a");
    assert_int_equal(a->n, 5);
    assert_true(a->items[1]->num == -2500.0);
    assert_string_equal(sj_str(v, "s"), "x\xc3\xa9\xf0\x9f\x98\x80\n");
    ck_wb w;
    ck_wb_init(&w, 0);
    sj_write(v, &w);
    ck_wb_put(&w, "", 1);
    sj *back = sj_parse((char *)w.buf, w.len - 1, err, sizeof(err));
    assert_non_null(back);
    assert_true(sj_equal(v, back));
    sj_free(back);
    sj_free(v);
    ck_wb_free(&w);

    const char *bad[] = {"", "{", "[1,]", "{\"a\" 1}", "tru", "01", "1.", "\"\\x\"", "\"a", "[1] 2", "{\"a\":1,}"};
    for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
        err[0] = 0;
        assert_null(sj_parse(bad[i], strlen(bad[i]), err, sizeof(err)));
        assert_non_null(strstr(err, "malformed JSON"));
    }
    char deep[1000];
    memset(deep, '[', 500);
    memset(deep + 500, ']', 500);
    assert_null(sj_parse(deep, sizeof(deep), err, sizeof(err)));
    assert_non_null(strstr(err, "too deep"));
}

/* ----- Avro ----- */

static int avro_ok(const char *s, const sr_refs *refs) {
    ck_wb c;
    ck_wb_init(&c, 0);
    char err[400] = "";
    int rc = sr_avro_parse(s, strlen(s), refs, &c, err, sizeof(err));
    ck_wb_free(&c);
    return rc;
}

static void test_avro_parse(void **state) {
    (void)state;
    assert_int_equal(avro_ok("\"int\"", NULL), 0);
    assert_int_equal(avro_ok("{\"type\":\"string\"}", NULL), 0);
    assert_int_equal(avro_ok("[\"null\",\"string\"]", NULL), 0);
    assert_int_equal(avro_ok("{\"type\":\"record\",\"name\":\"L\",\"fields\":[{\"name\":\"v\",\"type\":\"int\"},"
                             "{\"name\":\"next\",\"type\":[\"null\",\"L\"],\"default\":null}]}", NULL), 0);
    assert_int_equal(avro_ok("{\"type\":\"record\",\"name\":\"a.R\",\"fields\":[{\"name\":\"e\",\"type\":"
                             "{\"type\":\"enum\",\"name\":\"E\",\"symbols\":[\"X\",\"Y\"],\"default\":\"X\"}},"
                             "{\"name\":\"e2\",\"type\":\"a.E\"},{\"name\":\"f\",\"type\":{\"type\":\"fixed\","
                             "\"name\":\"F\",\"size\":4}},{\"name\":\"m\",\"type\":{\"type\":\"map\",\"values\":"
                             "{\"type\":\"array\",\"items\":\"F\"}},\"default\":{}}]}", NULL), 0);
    const char *bad[] = {
        "\"nosuch\"", "{\"type\":\"record\",\"fields\":[]}", "{\"type\":\"record\",\"name\":\"1R\",\"fields\":[]}",
        "{\"type\":\"record\",\"name\":\"R\",\"fields\":[{\"name\":\"a\",\"type\":\"int\"},{\"name\":\"a\",\"type\":\"int\"}]}",
        "{\"type\":\"record\",\"name\":\"R\",\"fields\":[{\"name\":\"a\",\"type\":\"int\",\"default\":1.5}]}",
        "{\"type\":\"record\",\"name\":\"R\",\"fields\":[{\"name\":\"a\",\"type\":[\"null\",\"int\"],\"default\":3}]}",
        "{\"type\":\"enum\",\"name\":\"E\",\"symbols\":[\"A\"],\"default\":\"B\"}",
        "{\"type\":\"fixed\",\"name\":\"F\",\"size\":-1}", "[\"int\",[\"long\"]]", "[\"int\",\"int\"]",
        "{\"type\":\"array\"}", "{\"type\":\"record\",\"name\":\"int\",\"fields\":[]}", "42", "{not json",
        "{\"type\":\"record\",\"name\":\"R\",\"fields\":[{\"name\":\"a\",\"type\":\"int\",\"order\":\"up\"}]}",
    };
    for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
        if (avro_ok(bad[i], NULL) == 0) fail_msg("accepted: %s", bad[i]);
    }
    /* A named type from a reference. */
    const char *names[] = {"x.Addr"};
    const char *texts[] = {"{\"type\":\"record\",\"name\":\"Addr\",\"namespace\":\"x\",\"fields\":[{\"name\":\"s\",\"type\":\"string\"}]}"};
    const ck_schema_type types[] = {CK_SCHEMA_AVRO};
    sr_refs refs = {1, names, texts, types};
    const char *user = "{\"type\":\"record\",\"name\":\"U\",\"fields\":[{\"name\":\"a\",\"type\":\"x.Addr\"}]}";
    assert_int_equal(avro_ok(user, &refs), 0);
    assert_int_not_equal(avro_ok(user, NULL), 0);
}

static bool can_read(const char *r, const char *w) {
    char why[400];
    return sr_avro_can_read(r, NULL, w, NULL, why, sizeof(why));
}

static void test_avro_resolution(void **state) {
    (void)state;
    assert_true(can_read("\"long\"", "\"int\""));
    assert_true(can_read("\"double\"", "\"long\""));
    assert_true(can_read("\"double\"", "\"float\""));
    assert_false(can_read("\"int\"", "\"long\""));
    assert_false(can_read("\"float\"", "\"double\""));
    assert_true(can_read("\"bytes\"", "\"string\""));
    assert_true(can_read("[\"null\",\"long\"]", "\"int\""));
    assert_false(can_read("\"int\"", "[\"null\",\"int\"]"));
    assert_true(can_read("[\"null\",\"int\",\"string\"]", "[\"int\",\"null\"]"));
    assert_false(can_read("[\"null\",\"int\"]", "[\"int\",\"string\"]"));
    assert_true(can_read("{\"type\":\"array\",\"items\":\"long\"}", "{\"type\":\"array\",\"items\":\"int\"}"));
    assert_false(can_read("{\"type\":\"map\",\"values\":\"int\"}", "{\"type\":\"map\",\"values\":\"string\"}"));
    assert_false(can_read("{\"type\":\"fixed\",\"name\":\"F\",\"size\":4}", "{\"type\":\"fixed\",\"name\":\"F\",\"size\":8}"));
    /* Recursive records resolve without looping. */
    const char *l1 = "{\"type\":\"record\",\"name\":\"L\",\"fields\":[{\"name\":\"v\",\"type\":\"int\"},"
                     "{\"name\":\"next\",\"type\":[\"null\",\"L\"]}]}";
    const char *l2 = "{\"type\":\"record\",\"name\":\"L\",\"fields\":[{\"name\":\"v\",\"type\":\"long\"},"
                     "{\"name\":\"next\",\"type\":[\"null\",\"L\"]},{\"name\":\"w\",\"type\":\"int\",\"default\":0}]}";
    assert_true(can_read(l2, l1));
    assert_false(can_read(l1, l2));
    /* The reason names the field. */
    char why[400];
    assert_false(sr_avro_can_read("{\"type\":\"record\",\"name\":\"R\",\"fields\":[{\"name\":\"x\",\"type\":\"int\"}]}",
                                  NULL, "{\"type\":\"record\",\"name\":\"R\",\"fields\":[{\"name\":\"x\",\"type\":\"string\"}]}",
                                  NULL, why, sizeof(why)));
    assert_non_null(strstr(why, "R.x"));
}

/* ----- JSON Schema and Protobuf ----- */

static void test_json_schema(void **state) {
    (void)state;
    ck_wb c;
    ck_wb_init(&c, 0);
    char err[300];
    assert_int_equal(sr_json_parse("{ \"type\" : \"object\" }", strlen("{ \"type\" : \"object\" }"), NULL, &c, err, sizeof(err)), 0);
    ck_wb_put(&c, "", 1);
    assert_string_equal((char *)c.buf, "{\"type\":\"object\"}");
    assert_int_equal(sr_json_parse("true", strlen("true"), NULL, &c, err, sizeof(err)), 0);
    assert_int_not_equal(sr_json_parse("{\"type\":\"thing\"}", strlen("{\"type\":\"thing\"}"), NULL, &c, err, sizeof(err)), 0);
    assert_int_not_equal(sr_json_parse("{\"required\":\"a\"}", strlen("{\"required\":\"a\"}"), NULL, &c, err, sizeof(err)), 0);
    assert_int_not_equal(sr_json_parse("{\"properties\":{\"a\":3}}", strlen("{\"properties\":{\"a\":3}}"), NULL, &c, err, sizeof(err)), 0);
    assert_int_not_equal(sr_json_parse("[]", strlen("[]"), NULL, &c, err, sizeof(err)), 0);
    ck_wb_free(&c);
    char why[300];
    const char *closed = "{\"type\":\"object\",\"properties\":{\"a\":{\"type\":\"string\"}},\"additionalProperties\":false}";
    const char *closed_b = "{\"type\":\"object\",\"properties\":{\"a\":{\"type\":\"string\"},\"b\":{\"type\":\"integer\"}},"
                           "\"additionalProperties\":false}";
    const char *open_b = "{\"type\":\"object\",\"properties\":{\"a\":{\"type\":\"string\"},\"b\":{\"type\":\"integer\"}}}";
    const char *open_a = "{\"type\":\"object\",\"properties\":{\"a\":{\"type\":\"string\"}}}";
    assert_true(sr_json_can_read(closed_b, closed, why, sizeof(why)));     /* added to a closed model */
    assert_false(sr_json_can_read(open_b, open_a, why, sizeof(why)));      /* added to an open model */
    assert_non_null(strstr(why, "OPEN_CONTENT_MODEL"));
    assert_true(sr_json_can_read(open_a, open_b, why, sizeof(why)));       /* removed from an open model */
    assert_false(sr_json_can_read(closed, closed_b, why, sizeof(why)));    /* removed from a closed model */
    assert_true(sr_json_can_read("{\"type\":\"number\"}", "{\"type\":\"integer\"}", why, sizeof(why)));
    assert_false(sr_json_can_read("{\"type\":\"integer\"}", "{\"type\":\"number\"}", why, sizeof(why)));
    assert_false(sr_json_can_read("{\"type\":\"string\",\"maxLength\":5}", "{\"type\":\"string\",\"maxLength\":9}",
                                  why, sizeof(why)));
    assert_true(sr_json_can_read("{\"enum\":[1,2,3]}", "{\"enum\":[1,2]}", why, sizeof(why)));
    assert_false(sr_json_can_read("{\"enum\":[1,2]}", "{\"enum\":[1,2,3]}", why, sizeof(why)));
}

static void test_protobuf(void **state) {
    (void)state;
    const char *v1 = "syntax = \"proto3\";\npackage acme.v1;\n// a comment\nmessage Order {\n"
                     "  string id = 1;\n  repeated Item items = 2;\n  map<string, int64> counts = 3;\n"
                     "  message Item { string sku = 1; int32 qty = 2 [deprecated = true]; }\n"
                     "  enum State { UNKNOWN = 0; OPEN = 1; }\n  State state = 4;\n"
                     "  oneof pay { string card = 5; string cash = 6; }\n  reserved 9, 10;\n}\n"
                     "service S { rpc Get (Order) returns (Order); }\n";
    ck_wb c;
    ck_wb_init(&c, 0);
    char err[300];
    assert_int_equal(sr_proto_parse(v1, strlen(v1), NULL, &c, err, sizeof(err)), 0);
    const char *bad[] = {
        "syntax = \"proto3\"; message M { string a = 1; int32 b = 1; }",
        "syntax = \"proto3\"; message M { string a = 0; }",
        "syntax = \"proto3\"; message M { string a = 19500; }",
        "syntax = \"proto3\"; message M { Nope a = 1; }",
        "syntax = \"proto3\"; enum E { A = 1; }",
        "syntax = \"proto3\"; message M { required string a = 1; }",
        "syntax = \"proto3\"; import \"other.proto\"; message M { string a = 1; }",
        "syntax = \"proto4\";",
        "message M { string a = 1 }",
        "message M {",
    };
    for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
        ck_wb_reset(&c);
        if (sr_proto_parse(bad[i], strlen(bad[i]), NULL, &c, err, sizeof(err)) == 0) fail_msg("accepted: %s", bad[i]);
    }
    /* An import resolved by a reference. */
    const char *names[] = {"other.proto"};
    const char *texts[] = {"syntax = \"proto3\"; package o; message Other { string x = 1; }"};
    const ck_schema_type types[] = {CK_SCHEMA_PROTOBUF};
    sr_refs refs = {1, names, texts, types};
    const char *imp = "syntax = \"proto3\"; import \"other.proto\"; message M { o.Other a = 1; }";
    ck_wb_reset(&c);
    assert_int_equal(sr_proto_parse(imp, strlen(imp), &refs, &c, err, sizeof(err)), 0);
    ck_wb_free(&c);
    char why[300];
    const char *a = "syntax = \"proto3\"; message M { string a = 1; }";
    const char *ab = "syntax = \"proto3\"; message M { string a = 1; int64 b = 2; }";
    const char *a_int = "syntax = \"proto3\"; message M { int32 a = 1; }";
    const char *a_renum = "syntax = \"proto3\"; message M { string a = 3; }";
    assert_true(sr_proto_can_read(ab, a, why, sizeof(why)));     /* field added */
    assert_false(sr_proto_can_read(a, ab, why, sizeof(why)));    /* field removed */
    assert_non_null(strstr(why, "FIELD_REMOVED"));
    assert_false(sr_proto_can_read(a_int, a, why, sizeof(why))); /* type changed */
    assert_false(sr_proto_can_read(a_renum, a, why, sizeof(why)));
    assert_false(sr_proto_can_read("syntax = \"proto3\"; message N { string a = 1; }", a, why, sizeof(why)));
}

/* ----- The registry through the C API ----- */

static char g_dir[256];

static chronik_t *open_engine(void) {
    chronik_conf_t *conf = chronik_conf_new();
    char err[256];
    assert_int_equal(chronik_conf_set(conf, "data.dir", g_dir, err, sizeof(err)), CHRONIK_OK);
    assert_int_equal(chronik_conf_set(conf, "log.level", "warn", err, sizeof(err)), CHRONIK_OK);
    chronik_t *c = NULL;
    chronik_err_t rc = chronik_open(conf, &c, err, sizeof(err));
    if (rc != CHRONIK_OK) fprintf(stderr, "open: %s\n", err);
    assert_int_equal(rc, CHRONIK_OK);
    chronik_conf_free(conf);
    assert_non_null(ck_schema_of(c));
    return c;
}

#define REC1 "{\"schema\":\"{\\\"type\\\":\\\"record\\\",\\\"name\\\":\\\"R\\\",\\\"fields\\\":[{\\\"name\\\":\\\"a\\\",\\\"type\\\":\\\"int\\\"}]}\"}"
#define REC2 "{\"schema\":\"{\\\"type\\\":\\\"record\\\",\\\"name\\\":\\\"R\\\",\\\"fields\\\":[{\\\"name\\\":\\\"a\\\",\\\"type\\\":\\\"long\\\"}]}\"}"
#define REC_BAD "{\"schema\":\"{\\\"type\\\":\\\"record\\\",\\\"name\\\":\\\"R\\\",\\\"fields\\\":[{\\\"name\\\":\\\"b\\\",\\\"type\\\":\\\"int\\\"}]}\"}"

static void test_registry_api(void **state) {
    (void)state;
    snprintf(g_dir, sizeof(g_dir), "/tmp/chronik-schema-XXXXXX");
    assert_non_null(mkdtemp(g_dir));
    chronik_t *c = open_engine();
    /* An unused registry adds no topic; the first write creates its log. */
    char *names = NULL;
    size_t count = 9;
    assert_int_equal(chronik_topic_list(c, &names, &count), CHRONIK_OK);
    assert_int_equal(count, 0);
    chronik_free(names);
    int32_t id = 0, id2 = 0, again = 0;
    assert_int_equal(chronik_schema_register(c, "orders-value", REC1, &id), CHRONIK_OK);
    assert_int_equal(id, 1);
    int32_t np = 0;
    assert_int_equal(chronik_topic_partitions(c, "_schemas", &np), CHRONIK_OK);
    assert_int_equal(np, 1);
    assert_int_equal(chronik_schema_register(c, "orders-value", REC1, &again), CHRONIK_OK);
    assert_int_equal(again, 1);
    assert_int_equal(chronik_schema_register(c, "orders-value", REC2, &id2), CHRONIK_OK);
    assert_int_equal(id2, 2);
    assert_int_equal(chronik_schema_register(c, "orders-value", REC_BAD, NULL), CHRONIK_ERR_INVALID_ARG);
    assert_non_null(strstr(chronik_errmsg(c), "409"));
    assert_int_equal(chronik_schema_register(c, "orders-value", "{\"schema\":\"{\"}", NULL), CHRONIK_ERR_INVALID_ARG);
    assert_non_null(strstr(chronik_errmsg(c), "42201"));
    char *js = NULL;
    assert_int_equal(chronik_schema_get(c, "orders-value", -1, &js), CHRONIK_OK);
    assert_non_null(strstr(js, "\"version\":2,\"id\":2"));
    chronik_free(js);
    assert_int_equal(chronik_schema_get(c, NULL, 1, &js), CHRONIK_OK);
    assert_non_null(strstr(js, "\\\"int\\\""));
    chronik_free(js);
    assert_int_equal(chronik_schema_get(c, "nope", 1, &js), CHRONIK_ERR_NOT_FOUND);
    assert_null(js);
    assert_int_equal(chronik_schema_get(c, NULL, 99, &js), CHRONIK_ERR_NOT_FOUND);

    /* Deletion rules, then a reopen replays _schemas. */
    ck_schema_reg *r = ck_schema_of(c);
    ck_wb out;
    ck_wb_init(&out, 0);
    ck_sr_err e;
    assert_int_equal(ck_sr_delete_version(r, "orders-value", "1", true, &out, &e), -1);
    assert_int_equal(e.code, 40407);
    assert_int_equal(ck_sr_delete_version(r, "orders-value", "1", false, &out, &e), 0);
    assert_int_equal(ck_sr_delete_version(r, "orders-value", "1", false, &out, &e), -1);
    assert_int_equal(e.code, 40406);

    /* Produce-side validation. */
    const char *cfg[] = {"confluent.value.schema.validation", "true", NULL};
    assert_int_equal(chronik_topic_create(c, "orders", 1, cfg), CHRONIK_OK);
    uint8_t good[6] = {0, 0, 0, 0, 2, 4}, stale[6] = {0, 0, 0, 0, 1, 4}, junk[3] = {'a', 'b', 'c'};
    chronik_record_t rec = {NULL, 0, good, sizeof(good), -1, NULL, 0};
    assert_int_equal(chronik_produce(c, "orders", 0, &rec, 1, NULL), CHRONIK_OK);
    rec.value = stale; /* id 1's only version under the subject is soft-deleted */
    assert_int_equal(chronik_produce(c, "orders", 0, &rec, 1, NULL), CHRONIK_ERR_INVALID_RECORD);
    rec.value = junk;
    rec.value_len = sizeof(junk);
    assert_int_equal(chronik_produce(c, "orders", 0, &rec, 1, NULL), CHRONIK_ERR_INVALID_RECORD);
    chronik_close(c);

    c = open_engine();
    r = ck_schema_of(c);
    ck_wb_reset(&out);
    assert_int_equal(ck_sr_versions(r, "orders-value", true, &out, &e), 0);
    ck_wb_put(&out, "", 1);
    assert_string_equal((char *)out.buf, "[1,2]");
    ck_wb_reset(&out);
    assert_int_equal(ck_sr_versions(r, "orders-value", false, &out, &e), 0);
    ck_wb_put(&out, "", 1);
    assert_string_equal((char *)out.buf, "[2]");
    const char *other = "{\"schema\":\"\\\"string\\\"\"}";
    assert_int_equal(chronik_schema_register(c, "other", other, &id), CHRONIK_OK);
    assert_int_equal(id, 3);
    rec.value = good;
    rec.value_len = sizeof(good);
    assert_int_equal(chronik_produce(c, "orders", 0, &rec, 1, NULL), CHRONIK_OK);
    ck_wb_free(&out);
    chronik_close(c);
    ck_rmtree(g_dir);
}

int main(void) {
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_sjson),
        cmocka_unit_test(test_avro_parse),
        cmocka_unit_test(test_avro_resolution),
        cmocka_unit_test(test_json_schema),
        cmocka_unit_test(test_protobuf),
        cmocka_unit_test(test_registry_api),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
