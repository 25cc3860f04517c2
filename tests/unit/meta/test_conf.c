/*
 * test_conf.c — unit tests of the configuration table (lib/engine/conf.c):
 * every default parses and round-trips, bad values of each type are refused
 * with the key named, flush.policy forms, aliases, topic configs following
 * broker changes unless overridden, and docs/config.md being up to date
 * (its path is the first argument; the check is skipped without it).
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "engine/conf.h"

static const char *doc_path;

static void expect_set(chronik_conf_t *c, const char *key, const char *val, chronik_err_t want, const char *in_msg)
{
    char          err[512] = "";
    chronik_err_t rc = chronik_conf_set(c, key, val, err, sizeof(err));

    if (rc != want)
        fail_msg("set %s=%s: got %d (%s), want %d", key, val ? val : "(null)", rc, err, want);
    if (in_msg != NULL && strstr(err, in_msg) == NULL)
        fail_msg("set %s=%s: message \"%s\" lacks \"%s\"", key, val ? val : "(null)", err, in_msg);
}

static void expect_get(const chronik_conf_t *c, const char *key, const char *want)
{
    char buf[256];

    assert_int_equal(chronik_conf_get(c, key, buf, sizeof(buf)), CHRONIK_OK);
    assert_string_equal(buf, want);
}

static void test_defaults_round_trip(void **state)
{
    chronik_conf_t *c = chronik_conf_new();
    chronik_conf_t *d;
    char            buf[256];
    int             k;

    (void)state;
    assert_non_null(c);
    for (k = 0; k < CK_BK__COUNT; k++) {
        const char *name = ck_conf_broker_name(k);

        assert_non_null(name);
        assert_int_equal(ck_conf_broker_key(name), k);
        assert_non_null(ck_conf_broker_doc(k));
        assert_true(ck_conf_broker_kafka_type(k) > 0);
        /* The default is what get returns, and setting it back is accepted. */
        assert_int_equal(chronik_conf_get(c, name, buf, sizeof(buf)), CHRONIK_OK);
        assert_string_equal(buf, ck_conf_broker_default(k));
        expect_set(c, name, buf, CHRONIK_OK, NULL);
        expect_get(c, name, ck_conf_broker_default(k));
        assert_true(c->set[k]);
    }
    for (k = 0; k < CK_TK__COUNT; k++) {
        const char *name = ck_conf_topic_name(k);

        assert_non_null(name);
        assert_int_equal(ck_conf_topic_key(name), k);
        assert_int_equal(ck_conf_topic_validate(name, ck_conf_topic_default(k), NULL, 0), 0);
        assert_true(ck_conf_topic_kafka_type(k) > 0);
    }
    assert_null(ck_conf_broker_name(-1));
    assert_null(ck_conf_broker_name(CK_BK__COUNT));
    assert_null(ck_conf_topic_name(CK_TK__COUNT));
    assert_int_equal(ck_conf_broker_key("nope"), -1);
    assert_int_equal(ck_conf_topic_key(NULL), -1);

    /* Parsed forms of a few defaults. */
    assert_int_equal(ck_conf_num(c, CK_BK_LOG_SEGMENT_BYTES), 1073741824);
    assert_int_equal(ck_conf_num(c, CK_BK_AUTO_CREATE_TOPICS_ENABLE), 1);
    assert_int_equal(ck_conf_num(c, CK_BK_FLUSH_POLICY), 0);
    assert_int_equal(ck_conf_num(c, CK_BK_LOG_RETENTION_BYTES), -1);
    assert_int_equal(ck_conf_num(c, CK_BK_LOG_LEVEL), 2);
    assert_int_equal(ck_conf_num(c, CK_BK_LOG_CLEANUP_POLICY), 1);
    assert_string_equal(ck_conf_str(c, CK_BK_DATA_DIR), "./data");
    assert_true(ck_conf_broker_sensitive(CK_BK_ADMIN_API_KEY));
    assert_int_equal(ck_conf_broker_kafka_type(CK_BK_ADMIN_API_KEY), 9);

    /* dup is deep. */
    expect_set(c, "data.dir", "/srv/chronik", CHRONIK_OK, NULL);
    d = chronik_conf_dup(c);
    expect_set(c, "data.dir", "/elsewhere", CHRONIK_OK, NULL);
    expect_get(d, "data.dir", "/srv/chronik");
    assert_null(chronik_conf_dup(NULL));
    chronik_conf_free(d);
    chronik_conf_free(c);
    chronik_conf_free(NULL);
}

static void test_bad_values(void **state)
{
    chronik_conf_t *c = chronik_conf_new();
    char            buf[8];

    (void)state;
    expect_set(c, "no.such.key", "1", CHRONIK_ERR_UNKNOWN_CONFIG, "unknown configuration key \"no.such.key\"");
    expect_set(c, "log.segment.bytes", "abc", CHRONIK_ERR_INVALID_CONFIG,
               "invalid value \"abc\" for \"log.segment.bytes\": expected an integer in [14, 2147483647]");
    expect_set(c, "log.segment.bytes", "13", CHRONIK_ERR_INVALID_CONFIG, "log.segment.bytes");
    expect_set(c, "log.segment.bytes", "2147483648", CHRONIK_ERR_INVALID_CONFIG, "log.segment.bytes");
    expect_set(c, "log.segment.bytes", "100x", CHRONIK_ERR_INVALID_CONFIG, "log.segment.bytes");
    expect_set(c, "log.segment.bytes", " 100", CHRONIK_ERR_INVALID_CONFIG, "log.segment.bytes");
    expect_set(c, "log.segment.bytes", "", CHRONIK_ERR_INVALID_CONFIG, "log.segment.bytes");
    expect_set(c, "log.segment.bytes", "1048576", CHRONIK_OK, NULL);
    assert_int_equal(ck_conf_num(c, CK_BK_LOG_SEGMENT_BYTES), 1048576);
    expect_set(c, "log.retention.ms", "99999999999999999999", CHRONIK_ERR_INVALID_CONFIG, "log.retention.ms");
    expect_set(c, "log.retention.ms", "-2", CHRONIK_ERR_INVALID_CONFIG, "[-1, 9223372036854775807]");
    expect_set(c, "log.retention.ms", "-1", CHRONIK_OK, NULL);
    expect_set(c, "log.retention.ms", "9223372036854775807", CHRONIK_OK, NULL);
    expect_set(c, "kafka.port", "65536", CHRONIK_ERR_INVALID_CONFIG, "kafka.port");
    expect_set(c, "kafka.port", "+9093", CHRONIK_OK, NULL);
    expect_get(c, "kafka.port", "9093");   /* canonical form */

    expect_set(c, "delete.topic.enable", "yes", CHRONIK_ERR_INVALID_CONFIG,
               "invalid value \"yes\" for \"delete.topic.enable\": expected true or false");
    expect_set(c, "delete.topic.enable", "FALSE", CHRONIK_OK, NULL);
    expect_get(c, "delete.topic.enable", "false");
    assert_int_equal(ck_conf_num(c, CK_BK_DELETE_TOPIC_ENABLE), 0);
    expect_set(c, "delete.topic.enable", "True", CHRONIK_OK, NULL);
    assert_int_equal(ck_conf_num(c, CK_BK_DELETE_TOPIC_ENABLE), 1);

    expect_set(c, "compression.type", "brotli", CHRONIK_ERR_INVALID_CONFIG, "\"compression.type\": expected one of producer, uncompressed");
    expect_set(c, "compression.type", "ZSTD", CHRONIK_ERR_INVALID_CONFIG, "compression.type");   /* case-sensitive */
    expect_set(c, "compression.type", "zstd", CHRONIK_OK, NULL);
    assert_int_equal(ck_conf_num(c, CK_BK_COMPRESSION_TYPE), 6);
    expect_set(c, "log.level", "DEBUG", CHRONIK_OK, NULL);   /* log.level is case-insensitive */
    expect_get(c, "log.level", "debug");
    expect_set(c, "log.level", "loud", CHRONIK_ERR_INVALID_CONFIG, "log.level");

    expect_set(c, "log.cleanup.policy", "compact,delete", CHRONIK_OK, NULL);
    assert_int_equal(ck_conf_num(c, CK_BK_LOG_CLEANUP_POLICY), 3);
    expect_set(c, "log.cleanup.policy", " compact , compact ", CHRONIK_OK, NULL);
    expect_get(c, "log.cleanup.policy", "compact");
    assert_int_equal(ck_conf_num(c, CK_BK_LOG_CLEANUP_POLICY), 2);
    expect_set(c, "log.cleanup.policy", "compact,", CHRONIK_ERR_INVALID_CONFIG, "log.cleanup.policy");
    expect_set(c, "log.cleanup.policy", "", CHRONIK_ERR_INVALID_CONFIG, "comma-separated list of delete, compact");
    expect_set(c, "log.cleanup.policy", "shred", CHRONIK_ERR_INVALID_CONFIG, "log.cleanup.policy");

    expect_set(c, "data.dir", "", CHRONIK_ERR_INVALID_CONFIG, "data.dir");
    expect_set(c, "node.id", NULL, CHRONIK_ERR_INVALID_CONFIG, "node.id");
    expect_set(NULL, "node.id", "1", CHRONIK_ERR_INVALID_ARG, NULL);
    expect_set(c, NULL, "1", CHRONIK_ERR_INVALID_ARG, NULL);
    assert_int_equal(chronik_conf_set(c, "x.y", "1", NULL, 0), CHRONIK_ERR_UNKNOWN_CONFIG);   /* NULL errbuf */
    assert_int_equal(chronik_conf_get(c, "x.y", buf, sizeof(buf)), CHRONIK_ERR_UNKNOWN_CONFIG);
    assert_int_equal(chronik_conf_get(c, "node.id", NULL, 0), CHRONIK_ERR_INVALID_ARG);
    /* get truncates. */
    expect_set(c, "data.dir", "/a/rather/long/path", CHRONIK_OK, NULL);
    assert_int_equal(chronik_conf_get(c, "data.dir", buf, sizeof(buf)), CHRONIK_OK);
    assert_string_equal(buf, "/a/rath");

    /* A failed set leaves the old value. */
    expect_get(c, "log.segment.bytes", "1048576");
    chronik_conf_free(c);
}

static void test_flush_policy(void **state)
{
    chronik_conf_t *c = chronik_conf_new();

    (void)state;
    expect_set(c, "flush.policy", "os", CHRONIK_OK, NULL);
    assert_int_equal(ck_conf_num(c, CK_BK_FLUSH_POLICY), -1);
    expect_set(c, "flush.policy", "interval.ms=250", CHRONIK_OK, NULL);
    assert_int_equal(ck_conf_num(c, CK_BK_FLUSH_POLICY), 250);
    expect_get(c, "flush.policy", "interval.ms=250");
    expect_set(c, "flush.policy", "always", CHRONIK_OK, NULL);
    assert_int_equal(ck_conf_num(c, CK_BK_FLUSH_POLICY), 0);
    expect_set(c, "flush.policy", "interval.ms=0", CHRONIK_ERR_INVALID_CONFIG,
               "invalid value \"interval.ms=0\" for \"flush.policy\"");
    expect_set(c, "flush.policy", "interval.ms=-5", CHRONIK_ERR_INVALID_CONFIG, "flush.policy");
    expect_set(c, "flush.policy", "interval.ms=", CHRONIK_ERR_INVALID_CONFIG, "flush.policy");
    expect_set(c, "flush.policy", "interval.ms=10ms", CHRONIK_ERR_INVALID_CONFIG, "flush.policy");
    expect_set(c, "flush.policy", "sometimes", CHRONIK_ERR_INVALID_CONFIG, "expected always, os or interval.ms=N");
    expect_set(c, "flush.policy", "ALWAYS", CHRONIK_ERR_INVALID_CONFIG, "flush.policy");
    assert_int_equal(ck_conf_num(c, CK_BK_FLUSH_POLICY), 0);
    chronik_conf_free(c);
}

static void test_aliases(void **state)
{
    chronik_conf_t *c = chronik_conf_new();

    (void)state;
    expect_set(c, "broker.id", "7", CHRONIK_OK, NULL);
    expect_get(c, "node.id", "7");
    expect_get(c, "broker.id", "7");
    assert_int_equal(ck_conf_num(c, CK_BK_NODE_ID), 7);
    expect_set(c, "log.dir", "/var/lib/a", CHRONIK_OK, NULL);
    expect_get(c, "data.dir", "/var/lib/a");
    expect_set(c, "log.dirs", "/var/lib/b", CHRONIK_OK, NULL);
    expect_get(c, "data.dir", "/var/lib/b");
    expect_set(c, "log.dirs", "/a,/b", CHRONIK_ERR_INVALID_CONFIG, "only one directory");
    expect_set(c, "broker.id", "-1", CHRONIK_ERR_INVALID_CONFIG, "node.id");
    chronik_conf_free(c);
}

static void test_topic_conf(void **state)
{
    chronik_conf_t    *b = chronik_conf_new();
    ck_topic_conf      tc, cp;
    const char *const  kv[] = { "retention.ms", "1000", "cleanup.policy", "compact", "searchable.enabled", "true", NULL };
    const char *const  bad[] = { "segment.bytes", "1", NULL };
    const char *const  unknown[] = { "segment.megabytes", "1", NULL };
    const char *const  odd[] = { "segment.bytes", NULL };
    char               err[512], buf[64];

    (void)state;
    assert_int_equal(ck_topic_conf_init(&tc, b, kv, err, sizeof(err)), 0);
    assert_int_equal(tc.num[CK_TK_RETENTION_MS], 1000);
    assert_int_equal(tc.num[CK_TK_CLEANUP_POLICY], 2);
    assert_int_equal(tc.num[CK_TK_SEARCHABLE_ENABLED], 1);
    assert_int_equal(tc.num[CK_TK_SEGMENT_BYTES], 1073741824);
    assert_int_equal(tc.num[CK_TK_VECTOR_ENABLED], 0);
    assert_string_equal(ck_topic_conf_value(&tc, b, CK_TK_VECTOR_PROVIDER, NULL, 0), "hash");
    assert_string_equal(ck_topic_conf_value(&tc, b, CK_TK_RETENTION_MS, buf, sizeof(buf)), "1000");
    assert_null(ck_topic_conf_value(&tc, b, CK_TK__COUNT, buf, sizeof(buf)));

    /* Without an override the topic follows the broker's current value. */
    expect_set(b, "log.segment.bytes", "2048", CHRONIK_OK, NULL);
    expect_set(b, "log.retention.ms", "5", CHRONIK_OK, NULL);
    assert_string_equal(ck_topic_conf_value(&tc, b, CK_TK_SEGMENT_BYTES, buf, sizeof(buf)), "2048");
    assert_int_equal(ck_topic_conf_num(&tc, b, CK_TK_SEGMENT_BYTES), 2048);
    assert_string_equal(ck_topic_conf_value(&tc, b, CK_TK_RETENTION_MS, buf, sizeof(buf)), "1000");
    assert_int_equal(ck_topic_conf_num(&tc, b, CK_TK_RETENTION_MS), 1000);
    ck_topic_conf_refresh(&tc, b);
    assert_int_equal(tc.num[CK_TK_SEGMENT_BYTES], 2048);
    assert_int_equal(tc.num[CK_TK_RETENTION_MS], 1000);

    /* Set, remove, reject. */
    assert_int_equal(ck_topic_conf_set(&tc, b, "segment.bytes", "4096", err, sizeof(err)), 0);
    assert_int_equal(tc.num[CK_TK_SEGMENT_BYTES], 4096);
    assert_int_equal(ck_topic_conf_set(&tc, b, "retention.ms", NULL, err, sizeof(err)), 0);
    assert_int_equal(tc.num[CK_TK_RETENTION_MS], 5);
    assert_int_equal(ck_topic_conf_set(&tc, b, "segment.bytes", "10", err, sizeof(err)), CHRONIK_ERR_INVALID_CONFIG);
    assert_non_null(strstr(err, "\"segment.bytes\""));
    assert_int_equal(tc.num[CK_TK_SEGMENT_BYTES], 4096);
    assert_int_equal(ck_topic_conf_set(&tc, b, "bogus", "1", err, sizeof(err)), CHRONIK_ERR_INVALID_CONFIG);
    assert_non_null(strstr(err, "\"bogus\""));
    assert_int_equal(ck_topic_conf_set(&tc, b, "message.timestamp.type", "LogAppendTime", err, sizeof(err)), 0);
    assert_int_equal(tc.num[CK_TK_MESSAGE_TIMESTAMP_TYPE], 1);

    /* Copy is deep. */
    memset(&cp, 0, sizeof(cp));
    ck_topic_conf_copy(&cp, &tc);
    ck_topic_conf_free(&tc);
    assert_string_equal(ck_topic_conf_value(&cp, b, CK_TK_SEGMENT_BYTES, NULL, 0), "4096");
    ck_topic_conf_free(&cp);

    /* Init failures leave tc empty and name the key. */
    assert_int_equal(ck_topic_conf_init(&tc, b, bad, err, sizeof(err)), CHRONIK_ERR_INVALID_CONFIG);
    assert_non_null(strstr(err, "segment.bytes"));
    assert_null(tc.str[CK_TK_SEGMENT_BYTES]);
    assert_int_equal(ck_topic_conf_init(&tc, b, unknown, err, sizeof(err)), CHRONIK_ERR_INVALID_CONFIG);
    assert_non_null(strstr(err, "unknown topic configuration key \"segment.megabytes\""));
    assert_int_equal(ck_topic_conf_init(&tc, b, odd, err, sizeof(err)), CHRONIK_ERR_INVALID_CONFIG);
    assert_non_null(strstr(err, "segment.bytes"));

    /* NULL list and NULL broker: table defaults. */
    assert_int_equal(ck_topic_conf_init(&tc, NULL, NULL, err, sizeof(err)), 0);
    assert_int_equal(tc.num[CK_TK_SEGMENT_BYTES], 1073741824);
    assert_int_equal(tc.num[CK_TK_CLEANUP_POLICY], 1);
    ck_topic_conf_free(&tc);

    /* validate */
    assert_int_equal(ck_conf_topic_validate("retention.bytes", "-1", err, sizeof(err)), 0);
    assert_int_equal(ck_conf_topic_validate("retention.bytes", "-2", err, sizeof(err)), CHRONIK_ERR_INVALID_CONFIG);
    assert_non_null(strstr(err, "retention.bytes"));
    assert_int_equal(ck_conf_topic_validate("nope", "1", err, sizeof(err)), CHRONIK_ERR_UNKNOWN_CONFIG);
    assert_non_null(strstr(err, "\"nope\""));
    assert_int_equal(ck_conf_topic_validate("min.insync.replicas", "2", err, sizeof(err)), CHRONIK_ERR_INVALID_CONFIG);
    assert_int_equal(ck_conf_topic_synonym(CK_TK_SEGMENT_BYTES), CK_BK_LOG_SEGMENT_BYTES);
    assert_int_equal(ck_conf_topic_synonym(CK_TK_COLUMNAR_ENABLED), -1);
    chronik_conf_free(b);
}

static void test_markdown(void **state)
{
    ck_wb  wb;
    FILE  *f;
    char  *disk = NULL;
    long   n;

    (void)state;
    ck_wb_init(&wb, 4096);
    ck_conf_write_markdown(&wb);
    ck_wb_put(&wb, "", 1);
    assert_non_null(strstr((char *)wb.buf, "| `log.segment.bytes` | int | `1073741824` | ≥ 14 |"));
    assert_non_null(strstr((char *)wb.buf, "| `segment.bytes` | int | broker `log.segment.bytes` (`1073741824`) |"));
    if (doc_path != NULL) {
        f = fopen(doc_path, "rb");
        if (f == NULL)
            fail_msg("cannot open %s: regenerate it with tools/gen_config_doc", doc_path);
        fseek(f, 0, SEEK_END);
        n = ftell(f);
        fseek(f, 0, SEEK_SET);
        disk = calloc(1, (size_t)n + 1);
        assert_int_equal(fread(disk, 1, (size_t)n, f), (size_t)n);
        fclose(f);
        if (strcmp(disk, (char *)wb.buf) != 0)
            fail_msg("%s is stale: regenerate it with tools/gen_config_doc", doc_path);
        free(disk);
    }
    ck_wb_free(&wb);
}

int main(int argc, char **argv)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_defaults_round_trip),
        cmocka_unit_test(test_bad_values),
        cmocka_unit_test(test_flush_policy),
        cmocka_unit_test(test_aliases),
        cmocka_unit_test(test_topic_conf),
        cmocka_unit_test(test_markdown),
    };

    doc_path = argc > 1 ? argv[1] : NULL;
    return cmocka_run_group_tests(tests, NULL, NULL);
}
