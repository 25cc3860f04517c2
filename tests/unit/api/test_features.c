/*
 * test_features.c — the public layer's composition of the engine and its
 * features: features running after chronik_open, on-demand listeners and
 * their EXISTS answer, extension slots, topic events in order, and the
 * produce call with options under both of its names.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "chronik.h"
#include "util/util.h"
#include "harness/engine_fx.h"
#include "engine/engine.h"
#include "group/group.h"
#include "kafka/kafka.h"
#include "sql/sql.h"

static char g_dir[256];
static chronik_t *g_ck;

static int setup(void **state) {
    (void)state;
    g_ck = fx_engine_open("chronik-features", g_dir, sizeof(g_dir), NULL);
    return 0;
}

static int teardown(void **state) {
    (void)state;
    fx_engine_close(g_ck, g_dir);
    g_ck = NULL;
    return 0;
}

static void test_features_running_after_open(void **state) {
    (void)state;
    assert_non_null(ck_sql_of(g_ck));
    assert_non_null(ck_group_coord(g_ck));
    /* The Kafka listener starts on demand, once. */
    assert_null(ck_kafka_of(g_ck));
    int port = 0;
    assert_int_equal(chronik_kafka_listen(g_ck, "127.0.0.1:0", &port), CHRONIK_OK);
    assert_true(port > 0);
    assert_non_null(ck_kafka_of(g_ck));
    assert_int_equal(chronik_kafka_listen(g_ck, "127.0.0.1:0", NULL), CHRONIK_ERR_EXISTS);
    assert_non_null(strstr(chronik_errmsg(g_ck), "already running"));
    assert_int_equal(chronik_http_listen(g_ck, "127.0.0.1:0", &port), CHRONIK_OK);
    assert_int_equal(chronik_http_listen(g_ck, "127.0.0.1:0", NULL), CHRONIK_ERR_EXISTS);
    /* teardown's chronik_close stops both */
}

static void test_ext_slots(void **state) {
    (void)state;
    static const ck_ext_key a = {"test-a"}, b = {"test-b"};
    static ck_ext_key many[CK_ENGINE_EXT_MAX];
    int x = 1, y = 2;
    assert_null(ck_engine_ext(g_ck, &a));
    assert_int_equal(ck_engine_ext_set(g_ck, &a, &x), 0);
    assert_int_equal(ck_engine_ext_set(g_ck, &b, &y), 0);
    assert_ptr_equal(ck_engine_ext(g_ck, &a), &x);
    assert_ptr_equal(ck_engine_ext(g_ck, &b), &y);
    assert_int_equal(ck_engine_ext_set(g_ck, &a, &y), 0);
    assert_ptr_equal(ck_engine_ext(g_ck, &a), &y);
    assert_int_equal(ck_engine_ext_set(g_ck, &a, NULL), 0);
    assert_null(ck_engine_ext(g_ck, &a));
    /* The table is bounded: BUSY once every slot has a key. */
    int busy = 0;
    for (int i = 0; i < CK_ENGINE_EXT_MAX; i++) {
        many[i].name = "many";
        if (ck_engine_ext_set(g_ck, &many[i], &x) == CHRONIK_ERR_BUSY) busy++;
    }
    assert_true(busy > 0);
    assert_ptr_equal(ck_engine_ext(g_ck, &b), &y);   /* earlier keys unharmed */
    for (int i = 0; i < CK_ENGINE_EXT_MAX; i++) ck_engine_ext_set(g_ck, &many[i], NULL);
}

typedef struct events {
    char topic[64];
    ck_topic_event ev[16];
    int n;
} events;

static void on_topic(void *opaque, const char *topic, ck_topic_event ev) {
    events *e = opaque;
    if (strcmp(topic, "evt") != 0 || e->n >= 16) return;
    snprintf(e->topic, sizeof(e->topic), "%s", topic);
    e->ev[e->n++] = ev;
}

static void test_topic_events_in_order(void **state) {
    (void)state;
    events e;
    memset(&e, 0, sizeof(e));
    assert_int_equal(ck_engine_add_topic_listener(g_ck, on_topic, &e), 0);
    assert_int_equal(chronik_topic_create(g_ck, "evt", 1, NULL), CHRONIK_OK);
    assert_int_equal(chronik_topic_config_set(g_ck, "evt", "retention.ms", "60000"), CHRONIK_OK);
    assert_int_equal(chronik_topic_create_partitions(g_ck, "evt", 3), CHRONIK_OK);
    assert_int_equal(chronik_topic_delete(g_ck, "evt"), CHRONIK_OK);
    /* A failed change tells nobody. */
    assert_int_equal(chronik_topic_delete(g_ck, "evt"), CHRONIK_ERR_UNKNOWN_TOPIC_OR_PARTITION);
    ck_engine_remove_topic_listener(g_ck, on_topic, &e);
    assert_int_equal(chronik_topic_create(g_ck, "evt", 1, NULL), CHRONIK_OK);   /* not heard */
    assert_int_equal(e.n, 4);
    assert_int_equal(e.ev[0], CK_TOPIC_CREATED);
    assert_int_equal(e.ev[1], CK_TOPIC_CONFIG_CHANGED);
    assert_int_equal(e.ev[2], CK_TOPIC_PARTITIONS_ADDED);
    assert_int_equal(e.ev[3], CK_TOPIC_DELETED);
}

static void test_produce_with_options_and_alias(void **state) {
    (void)state;
    assert_int_equal(chronik_topic_create(g_ck, "opts", 4, NULL), CHRONIK_OK);
    chronik_header_t h = {"trace", "abc", 3};
    chronik_record_t rec = {"key-7", 5, "zstd value", 10, -1, &h, 1};
    chronik_produce_opts_t o = {4, -1};
    int64_t base = -1;
    assert_int_equal(chronik_produce_with_options(g_ck, "opts", -1, &rec, 1, &o, &base), CHRONIK_OK);
    int32_t first = o.partition_out;
    assert_true(first >= 0 && first < 4);
    assert_int_equal(base, 0);
    /* The same key goes to the same partition, under the old name too. */
    o.partition_out = -1;
    assert_int_equal(chronik_produce2(g_ck, "opts", -1, &rec, 1, &o, &base), CHRONIK_OK);
    assert_int_equal(o.partition_out, first);
    assert_int_equal(base, 1);
    o.compression = 9;
    assert_int_equal(chronik_produce_with_options(g_ck, "opts", -1, &rec, 1, &o, NULL), CHRONIK_ERR_INVALID_ARG);
    /* Both records read back whole (built here, so not re-validated on append). */
    chronik_fetch_t *f;
    assert_int_equal(chronik_fetch(g_ck, "opts", first, 0, 1 << 20, 0, &f), CHRONIK_OK);
    chronik_record_t got;
    int64_t off;
    int n = 0;
    while (chronik_fetch_next(f, &got, &off)) {
        assert_int_equal(off, n);
        assert_int_equal(got.value_len, 10);
        assert_memory_equal(got.value, "zstd value", 10);
        assert_int_equal(got.header_count, 1);
        assert_string_equal(got.headers[0].key, "trace");
        n++;
    }
    chronik_fetch_free(f);
    assert_int_equal(n, 2);
}

int main(void) {
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_features_running_after_open, setup, teardown),
        cmocka_unit_test_setup_teardown(test_ext_slots, setup, teardown),
        cmocka_unit_test_setup_teardown(test_topic_events_in_order, setup, teardown),
        cmocka_unit_test_setup_teardown(test_produce_with_options_and_alias, setup, teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
