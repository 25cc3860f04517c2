/*
 * test_api.c — the public C API end to end on a real data directory:
 * produce/fetch round trips with keys, null values and headers, offsets,
 * time lookups, delete records, topic lifecycle and configs, reopen,
 * concurrency, and every entry point's answer to bad arguments.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <cmocka.h>

#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "chronik.h"
#include "util/util.h"
#include "engine/engine.h"

static char g_dir[256];

static chronik_t *open_engine(const char *policy) {
    chronik_conf_t *conf = chronik_conf_new();
    char err[256];
    assert_int_equal(chronik_conf_set(conf, "data.dir", g_dir, err, sizeof(err)), CHRONIK_OK);
    assert_int_equal(chronik_conf_set(conf, "flush.policy", policy, err, sizeof(err)), CHRONIK_OK);
    assert_int_equal(chronik_conf_set(conf, "log.level", "warn", err, sizeof(err)), CHRONIK_OK);
    chronik_t *c = NULL;
    chronik_err_t rc = chronik_open(conf, &c, err, sizeof(err));
    if (rc != CHRONIK_OK) fprintf(stderr, "open: %s\n", err);
    assert_int_equal(rc, CHRONIK_OK);
    chronik_conf_free(conf);
    return c;
}

static int setup(void **state) {
    (void)state;
    snprintf(g_dir, sizeof(g_dir), "/tmp/chronik-api-XXXXXX");
    assert_non_null(mkdtemp(g_dir));
    return 0;
}

static int teardown(void **state) {
    (void)state;
    ck_rmtree(g_dir);
    return 0;
}

static void test_produce_fetch_roundtrip(void **state) {
    (void)state;
    chronik_t *c = open_engine("always");
    assert_int_equal(chronik_topic_create(c, "orders", 3, NULL), CHRONIK_OK);
    chronik_header_t hdrs[2] = {{"h1", "v1", 2}, {"nullh", NULL, 0}};
    chronik_record_t recs[3] = {
        {"k0", 2, "value-0", 7, 1000, hdrs, 2},
        {NULL, 0, "value-1", 7, 1001, NULL, 0},
        {"k2", 2, NULL, 0, 1002, NULL, 0},
    };
    int64_t base = -1;
    assert_int_equal(chronik_produce(c, "orders", 1, recs, 3, &base), CHRONIK_OK);
    assert_int_equal(base, 0);
    assert_int_equal(chronik_produce(c, "orders", 1, recs, 3, &base), CHRONIK_OK);
    assert_int_equal(base, 3);

    int64_t ls, hwm;
    assert_int_equal(chronik_offsets(c, "orders", 1, &ls, &hwm), CHRONIK_OK);
    assert_int_equal(ls, 0);
    assert_int_equal(hwm, 6);

    chronik_fetch_t *f;
    assert_int_equal(chronik_fetch(c, "orders", 1, 1, 1 << 20, 0, &f), CHRONIK_OK);
    chronik_record_t r;
    int64_t off;
    int n = 0;
    while (chronik_fetch_next(f, &r, &off)) {
        int i = (int)(off % 3);
        assert_int_equal(off, n + 1);
        if (recs[i].key) assert_memory_equal(r.key, recs[i].key, 2);
        else assert_null(r.key);
        if (recs[i].value) assert_memory_equal(r.value, recs[i].value, 7);
        else assert_null(r.value);
        assert_int_equal(r.timestamp, recs[i].timestamp);
        assert_int_equal(r.header_count, recs[i].header_count);
        if (i == 0) {
            assert_string_equal(r.headers[0].key, "h1");
            assert_memory_equal(r.headers[0].value, "v1", 2);
            assert_string_equal(r.headers[1].key, "nullh");
            assert_null(r.headers[1].value);
        }
        n++;
    }
    assert_int_equal(n, 5);
    assert_int_equal(chronik_fetch_next_offset(f), 6);
    chronik_fetch_free(f);

    /* Fetch at the high watermark: empty, and a timeout wait returns. */
    assert_int_equal(chronik_fetch(c, "orders", 1, 6, 1 << 20, 20, &f), CHRONIK_OK);
    assert_int_equal(chronik_fetch_next(f, &r, &off), 0);
    chronik_fetch_free(f);

    /* Beyond the high watermark: out of range. */
    assert_int_equal(chronik_fetch(c, "orders", 1, 7, 1 << 20, 0, &f), CHRONIK_ERR_OFFSET_OUT_OF_RANGE);
    assert_null(f);
    chronik_close(c);

    /* Reopen: everything is still there and offsets continue. */
    c = open_engine("always");
    assert_int_equal(chronik_offsets(c, "orders", 1, &ls, &hwm), CHRONIK_OK);
    assert_int_equal(hwm, 6);
    assert_int_equal(chronik_produce(c, "orders", 1, recs, 1, &base), CHRONIK_OK);
    assert_int_equal(base, 6);
    int32_t np;
    assert_int_equal(chronik_topic_partitions(c, "orders", &np), CHRONIK_OK);
    assert_int_equal(np, 3);
    assert_int_equal(chronik_topic_delete(c, "orders"), CHRONIK_OK);
    chronik_close(c);
}

static void test_compressed_produce(void **state) {
    (void)state;
    chronik_t *c = open_engine("os");
    assert_int_equal(chronik_topic_create(c, "z", 1, NULL), CHRONIK_OK);
    for (int codec = 0; codec <= 4; codec++) {
        chronik_record_t recs[50];
        char vals[50][32];
        for (int i = 0; i < 50; i++) {
            snprintf(vals[i], sizeof(vals[i]), "codec-%d-record-%d", codec, i);
            recs[i] = (chronik_record_t){NULL, 0, vals[i], strlen(vals[i]), -1, NULL, 0};
        }
        chronik_produce_opts_t o = {codec, -1};
        int64_t base;
        assert_int_equal(chronik_produce_with_options(c, "z", 0, recs, 50, &o, &base), CHRONIK_OK);
        assert_int_equal(base, codec * 50);
        chronik_fetch_t *f;
        assert_int_equal(chronik_fetch(c, "z", 0, base, 1 << 20, 0, &f), CHRONIK_OK);
        chronik_record_t r;
        int64_t off;
        int n = 0;
        while (chronik_fetch_next(f, &r, &off)) {
            assert_int_equal(off, base + n);
            assert_int_equal(r.value_len, strlen(vals[n]));
            assert_memory_equal(r.value, vals[n], r.value_len);
            n++;
        }
        assert_int_equal(n, 50);
        chronik_fetch_free(f);
    }
    chronik_close(c);
}

/* compression.type=<codec>: batches are stored in that codec whatever the
 * producer sent; records, timestamps and headers survive. */
static void test_topic_compression_type(void **state) {
    (void)state;
    chronik_t *c = open_engine("os");
    const char *cfg[] = {"compression.type", "zstd", NULL};
    assert_int_equal(chronik_topic_create(c, "zt", 1, cfg), CHRONIK_OK);
    chronik_header_t h = {"hk", "hv", 2};
    chronik_record_t recs[20];
    char vals[20][16];
    for (int i = 0; i < 20; i++) {
        snprintf(vals[i], sizeof(vals[i]), "v%d", i);
        recs[i] = (chronik_record_t){"k", 1, vals[i], strlen(vals[i]), 5000 + i, &h, 1};
    }
    for (int codec = 0; codec <= 2; codec++) {   /* none, gzip, snappy in; zstd stored */
        chronik_produce_opts_t o = {codec, -1};
        assert_int_equal(chronik_produce2(c, "zt", 0, recs, 20, &o, NULL), CHRONIK_OK);
    }
    ck_topic *t = ck_engine_topic_get(c, "zt", 2);
    assert_non_null(t);
    ck_wb wb;
    ck_wb_init(&wb, 0);
    int64_t next;
    assert_int_equal(ck_log_read_copy(ck_partition_log(ck_topic_partition(t, 0)), 0, 60, 1 << 20, &wb, &next), 0);
    size_t pos = 0;
    int batches = 0;
    while (pos < wb.len) {
        ck_batch_hdr bh;
        assert_int_equal(ck_batch_hdr_read(wb.buf + pos, wb.len - pos, &bh), 0);
        assert_int_equal(ck_batch_codec(&bh), CK_CODEC_ZSTD);
        pos += ck_batch_size(&bh);
        batches++;
    }
    assert_int_equal(batches, 3);
    ck_wb_free(&wb);
    ck_topic_release(t);
    chronik_fetch_t *f;
    assert_int_equal(chronik_fetch(c, "zt", 0, 0, 1 << 20, 0, &f), CHRONIK_OK);
    chronik_record_t r;
    int64_t off;
    int n = 0;
    while (chronik_fetch_next(f, &r, &off)) {
        assert_int_equal(off, n);
        assert_int_equal(r.timestamp, 5000 + n % 20);
        assert_memory_equal(r.value, vals[n % 20], r.value_len);
        assert_int_equal(r.header_count, 1);
        assert_string_equal(r.headers[0].key, "hk");
        n++;
    }
    assert_int_equal(n, 60);
    chronik_fetch_free(f);
    chronik_close(c);
}

static void test_time_and_delete_records(void **state) {
    (void)state;
    chronik_t *c = open_engine("always");
    assert_int_equal(chronik_topic_create(c, "t", 1, NULL), CHRONIK_OK);
    for (int i = 0; i < 10; i++) {
        chronik_record_t r = {NULL, 0, "x", 1, 1000 + i * 10, NULL, 0};
        assert_int_equal(chronik_produce(c, "t", 0, &r, 1, NULL), CHRONIK_OK);
    }
    int64_t off;
    assert_int_equal(chronik_offset_for_time(c, "t", 0, 1035, &off), CHRONIK_OK);
    assert_int_equal(off, 4);
    assert_int_equal(chronik_offset_for_time(c, "t", 0, 0, &off), CHRONIK_OK);
    assert_int_equal(off, 0);
    assert_int_equal(chronik_offset_for_time(c, "t", 0, 99999, &off), CHRONIK_OK);
    assert_int_equal(off, 10);
    assert_int_equal(chronik_offset_for_time(c, "t", 0, -2, &off), CHRONIK_OK);
    assert_int_equal(off, 0);
    assert_int_equal(chronik_offset_for_time(c, "t", 0, -1, &off), CHRONIK_OK);
    assert_int_equal(off, 10);

    assert_int_equal(chronik_delete_records(c, "t", 0, 4), CHRONIK_OK);
    int64_t ls, hwm;
    assert_int_equal(chronik_offsets(c, "t", 0, &ls, &hwm), CHRONIK_OK);
    assert_int_equal(ls, 4);
    chronik_fetch_t *f = NULL;
    assert_int_equal(chronik_fetch(c, "t", 0, 2, 1024, 0, &f), CHRONIK_ERR_OFFSET_OUT_OF_RANGE);
    assert_int_equal(chronik_delete_records(c, "t", 0, 11), CHRONIK_ERR_OFFSET_OUT_OF_RANGE);
    chronik_close(c);
    c = open_engine("always");
    assert_int_equal(chronik_offsets(c, "t", 0, &ls, &hwm), CHRONIK_OK);
    assert_int_equal(ls, 4);
    assert_int_equal(hwm, 10);
    chronik_close(c);
}

static void test_topic_configs(void **state) {
    (void)state;
    chronik_t *c = open_engine("always");
    const char *cfg[] = {"retention.ms", "1000", "columnar.enabled", "true", NULL};
    assert_int_equal(chronik_topic_create(c, "cfg", 2, cfg), CHRONIK_OK);
    char buf[64];
    assert_int_equal(chronik_topic_config_get(c, "cfg", "retention.ms", buf, sizeof(buf)), CHRONIK_OK);
    assert_string_equal(buf, "1000");
    assert_int_equal(chronik_topic_config_get(c, "cfg", "segment.bytes", buf, sizeof(buf)), CHRONIK_OK);
    assert_string_equal(buf, "1073741824");
    assert_int_equal(chronik_topic_config_set(c, "cfg", "retention.ms", "abc"), CHRONIK_ERR_INVALID_CONFIG);
    assert_non_null(strstr(chronik_errmsg(c), "retention.ms"));
    assert_int_equal(chronik_topic_config_set(c, "cfg", "no.such.key", "1"), CHRONIK_ERR_INVALID_CONFIG);
    assert_int_equal(chronik_topic_config_set(c, "cfg", "retention.ms", NULL), CHRONIK_OK);
    assert_int_equal(chronik_topic_config_get(c, "cfg", "retention.ms", buf, sizeof(buf)), CHRONIK_OK);
    assert_string_equal(buf, "604800000");
    assert_int_equal(chronik_topic_create_partitions(c, "cfg", 2), CHRONIK_ERR_INVALID_PARTITIONS);
    assert_int_equal(chronik_topic_create_partitions(c, "cfg", 40), CHRONIK_OK);
    int32_t np;
    assert_int_equal(chronik_topic_partitions(c, "cfg", &np), CHRONIK_OK);
    assert_int_equal(np, 40);
    chronik_record_t r = {"k", 1, "v", 1, -1, NULL, 0};
    assert_int_equal(chronik_produce(c, "cfg", 39, &r, 1, NULL), CHRONIK_OK);
    char *names;
    size_t count;
    assert_int_equal(chronik_topic_list(c, &names, &count), CHRONIK_OK);
    assert_int_equal(count, 1);
    assert_string_equal(names, "cfg");
    chronik_free(names);
    chronik_close(c);
    c = open_engine("always");
    assert_int_equal(chronik_topic_partitions(c, "cfg", &np), CHRONIK_OK);
    assert_int_equal(np, 40);
    assert_int_equal(chronik_topic_config_get(c, "cfg", "columnar.enabled", buf, sizeof(buf)), CHRONIK_OK);
    assert_string_equal(buf, "true");
    chronik_close(c);
}

static void test_bad_arguments(void **state) {
    (void)state;
    char err[256];
    chronik_t *c = NULL;
    assert_int_equal(chronik_open(NULL, &c, err, sizeof(err)), CHRONIK_ERR_INVALID_ARG);
    chronik_conf_t *conf = chronik_conf_new();
    assert_int_equal(chronik_conf_set(conf, "nope", "1", err, sizeof(err)), CHRONIK_ERR_UNKNOWN_CONFIG);
    assert_non_null(strstr(err, "nope"));
    assert_int_equal(chronik_conf_set(conf, "flush.policy", "sometimes", err, sizeof(err)), CHRONIK_ERR_INVALID_CONFIG);
    assert_non_null(strstr(err, "flush.policy"));
    chronik_conf_free(conf);
    chronik_conf_free(NULL);
    chronik_close(NULL);
    chronik_fetch_free(NULL);

    c = open_engine("always");
    chronik_record_t r = {"k", 1, "v", 1, -1, NULL, 0};
    assert_int_equal(chronik_topic_create(NULL, "a", 1, NULL), CHRONIK_ERR_INVALID_ARG);
    assert_int_equal(chronik_topic_create(c, NULL, 1, NULL), CHRONIK_ERR_INVALID_ARG);
    assert_int_equal(chronik_topic_create(c, "", 1, NULL), CHRONIK_ERR_INVALID_TOPIC_EXCEPTION);
    assert_int_equal(chronik_topic_create(c, ".", 1, NULL), CHRONIK_ERR_INVALID_TOPIC_EXCEPTION);
    assert_int_equal(chronik_topic_create(c, "..", 1, NULL), CHRONIK_ERR_INVALID_TOPIC_EXCEPTION);
    assert_int_equal(chronik_topic_create(c, "a/b", 1, NULL), CHRONIK_ERR_INVALID_TOPIC_EXCEPTION);
    char longname[300];
    memset(longname, 'a', 250);
    longname[250] = 0;
    assert_int_equal(chronik_topic_create(c, longname, 1, NULL), CHRONIK_ERR_INVALID_TOPIC_EXCEPTION);
    longname[249] = 0;
    assert_int_equal(chronik_topic_create(c, longname, 1, NULL), CHRONIK_OK);
    assert_int_equal(chronik_topic_create(c, "a", 0, NULL), CHRONIK_ERR_INVALID_PARTITIONS);
    assert_int_equal(chronik_topic_create(c, "a", -3, NULL), CHRONIK_ERR_INVALID_PARTITIONS);
    const char *badcfg[] = {"retention.ms", "x", NULL};
    assert_int_equal(chronik_topic_create(c, "a", 1, badcfg), CHRONIK_ERR_INVALID_CONFIG);
    const char *unkcfg[] = {"bogus.key", "1", NULL};
    assert_int_equal(chronik_topic_create(c, "a", 1, unkcfg), CHRONIK_ERR_INVALID_CONFIG);
    assert_int_equal(chronik_topic_create(c, "a", 1, NULL), CHRONIK_OK);
    assert_int_equal(chronik_topic_create(c, "a", 1, NULL), CHRONIK_ERR_TOPIC_ALREADY_EXISTS);
    assert_int_equal(chronik_produce(c, "a", 0, &r, 1, NULL), CHRONIK_OK);

    assert_int_equal(chronik_produce(NULL, "a", 0, &r, 1, NULL), CHRONIK_ERR_INVALID_ARG);
    assert_int_equal(chronik_produce(c, NULL, 0, &r, 1, NULL), CHRONIK_ERR_INVALID_ARG);
    assert_int_equal(chronik_produce(c, "a", 0, NULL, 1, NULL), CHRONIK_ERR_INVALID_ARG);
    assert_int_equal(chronik_produce(c, "a", 0, &r, 0, NULL), CHRONIK_ERR_INVALID_ARG);
    assert_int_equal(chronik_produce(c, "a", 1, &r, 1, NULL), CHRONIK_ERR_UNKNOWN_TOPIC_OR_PARTITION);
    assert_int_equal(chronik_produce(c, "a", -5, &r, 1, NULL), CHRONIK_ERR_UNKNOWN_TOPIC_OR_PARTITION);
    assert_int_equal(chronik_produce(c, "nope", 0, &r, 1, NULL), CHRONIK_ERR_UNKNOWN_TOPIC_OR_PARTITION);
    assert_int_equal(chronik_produce(c, "bad name", 0, &r, 1, NULL), CHRONIK_ERR_INVALID_TOPIC_EXCEPTION);
    chronik_record_t badh = {"k", 1, "v", 1, -1, NULL, 3};
    assert_int_equal(chronik_produce(c, "a", 0, &badh, 1, NULL), CHRONIK_ERR_INVALID_ARG);

    chronik_fetch_t *f = (chronik_fetch_t *)1;
    assert_int_equal(chronik_fetch(c, "a", 0, 0, 100, 0, NULL), CHRONIK_ERR_INVALID_ARG);
    assert_int_equal(chronik_fetch(NULL, "a", 0, 0, 100, 0, &f), CHRONIK_ERR_INVALID_ARG);
    assert_null(f);
    assert_int_equal(chronik_fetch(c, "a", 7, 0, 100, 0, &f), CHRONIK_ERR_UNKNOWN_TOPIC_OR_PARTITION);
    assert_int_equal(chronik_fetch(c, "a", 0, -1, 100, 0, &f), CHRONIK_ERR_OFFSET_OUT_OF_RANGE);
    assert_int_equal(chronik_fetch(c, "zz", 0, 0, 100, 0, &f), CHRONIK_ERR_UNKNOWN_TOPIC_OR_PARTITION);
    int64_t a, b;
    assert_int_equal(chronik_offsets(c, NULL, 0, &a, &b), CHRONIK_ERR_INVALID_ARG);
    assert_int_equal(chronik_offsets(c, "a", -1, &a, &b), CHRONIK_ERR_UNKNOWN_TOPIC_OR_PARTITION);
    assert_int_equal(chronik_offset_for_time(c, "a", 0, 0, NULL), CHRONIK_ERR_INVALID_ARG);
    assert_int_equal(chronik_offset_for_time(c, "a", 0, -10, &a), CHRONIK_ERR_INVALID_ARG);
    assert_int_equal(chronik_delete_records(c, "a", 0, -7), CHRONIK_ERR_OFFSET_OUT_OF_RANGE);
    assert_int_equal(chronik_delete_records(c, "nope", 0, 0), CHRONIK_ERR_UNKNOWN_TOPIC_OR_PARTITION);
    assert_int_equal(chronik_topic_delete(c, "nope"), CHRONIK_ERR_UNKNOWN_TOPIC_OR_PARTITION);
    assert_int_equal(chronik_topic_delete(c, NULL), CHRONIK_ERR_INVALID_ARG);
    assert_int_equal(chronik_kafka_listen(c, NULL, NULL), CHRONIK_ERR_INVALID_ARG);

    /* Data intact after all of that. */
    assert_int_equal(chronik_offsets(c, "a", 0, &a, &b), CHRONIK_OK);
    assert_int_equal(b, 1);
    assert_int_equal(chronik_fetch(c, "a", 0, 0, 100, 0, &f), CHRONIK_OK);
    chronik_record_t got;
    int64_t off;
    assert_int_equal(chronik_fetch_next(f, &got, &off), 1);
    assert_memory_equal(got.value, "v", 1);
    chronik_fetch_free(f);

    /* A second engine on the same directory is refused. */
    chronik_conf_t *conf2 = chronik_conf_new();
    chronik_conf_set(conf2, "data.dir", g_dir, err, sizeof(err));
    chronik_t *c2 = NULL;
    assert_int_not_equal(chronik_open(conf2, &c2, err, sizeof(err)), CHRONIK_OK);
    assert_null(c2);
    chronik_conf_free(conf2);
    chronik_close(c);

    assert_string_equal(chronik_err_name(CHRONIK_ERR_UNKNOWN_TOPIC_OR_PARTITION), "UNKNOWN_TOPIC_OR_PARTITION");
    assert_string_equal(chronik_strerror(CHRONIK_OK), "Success");
    assert_non_null(chronik_version());
}

typedef struct worker {
    chronik_t *c;
    int id;
    int n;
} worker;

static void *producer_thread(void *arg) {
    worker *w = arg;
    for (int i = 0; i < w->n; i++) {
        char v[32];
        snprintf(v, sizeof(v), "%d:%d", w->id, i);
        chronik_record_t r = {NULL, 0, v, strlen(v), -1, NULL, 0};
        int32_t part = w->id % 2;
        if (chronik_produce(w->c, "conc", part, &r, 1, NULL) != CHRONIK_OK) return (void *)1;
    }
    return NULL;
}

static void *consumer_thread(void *arg) {
    worker *w = arg;
    int64_t off = 0;
    int seen = 0, expect = w->n;
    int64_t deadline = ck_mono_ms() + 30000;
    while (seen < expect && ck_mono_ms() < deadline) {
        chronik_fetch_t *f;
        if (chronik_fetch(w->c, "conc", w->id, off, 64 * 1024, 100, &f) != CHRONIK_OK) return (void *)1;
        chronik_record_t r;
        int64_t o;
        while (chronik_fetch_next(f, &r, &o)) {
            if (o != off) {
                chronik_fetch_free(f);
                return (void *)2;
            }
            off++;
            seen++;
        }
        chronik_fetch_free(f);
    }
    return seen == expect ? NULL : (void *)3;
}

static void test_concurrency(void **state) {
    (void)state;
    chronik_t *c = open_engine("always");
    assert_int_equal(chronik_topic_create(c, "conc", 2, NULL), CHRONIK_OK);
    enum { NP = 4, PER = 300 };
    pthread_t pt[NP], ct[2];
    worker pw[NP], cw[2];
    for (int i = 0; i < 2; i++) {
        cw[i] = (worker){c, i, PER * NP / 2};
        pthread_create(&ct[i], NULL, consumer_thread, &cw[i]);
    }
    for (int i = 0; i < NP; i++) {
        pw[i] = (worker){c, i, PER};
        pthread_create(&pt[i], NULL, producer_thread, &pw[i]);
    }
    for (int i = 0; i < NP; i++) {
        void *rv;
        pthread_join(pt[i], &rv);
        assert_null(rv);
    }
    for (int i = 0; i < 2; i++) {
        void *rv;
        pthread_join(ct[i], &rv);
        assert_null(rv);
    }
    int64_t ls, hwm;
    assert_int_equal(chronik_offsets(c, "conc", 0, &ls, &hwm), CHRONIK_OK);
    assert_int_equal(hwm, PER * NP / 2);
    chronik_close(c);
}

int main(void) {
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_produce_fetch_roundtrip, setup, teardown),
        cmocka_unit_test_setup_teardown(test_compressed_produce, setup, teardown),
        cmocka_unit_test_setup_teardown(test_time_and_delete_records, setup, teardown),
        cmocka_unit_test_setup_teardown(test_topic_compression_type, setup, teardown),
        cmocka_unit_test_setup_teardown(test_topic_configs, setup, teardown),
        cmocka_unit_test_setup_teardown(test_bad_arguments, setup, teardown),
        cmocka_unit_test_setup_teardown(test_concurrency, setup, teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
