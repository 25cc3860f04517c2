/*
 * test_conf.c — unit tests of the configuration table (lib/engine/conf.c):
 * every default parses and round-trips, bad values of each type are refused
 * with the key named, flush.policy forms, aliases, topic configs following
 * broker changes unless overridden, every Kafka 4.0 topic config with its
 * default, range and broker synonym, the dynamic broker levels and their
 * stored form, and docs/config.md being up to date (its path is the first
 * argument; the check is skipped without it).
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
               "invalid value \"abc\" for \"log.segment.bytes\": expected an integer in [1048576, 2147483647]");
    expect_set(c, "log.segment.bytes", "1048575", CHRONIK_ERR_INVALID_CONFIG, "log.segment.bytes");   /* Kafka 4.0: ≥ 1 MiB */
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
    assert_int_equal(ck_conf_num(c, CK_BK_COMPRESSION_TYPE), 5);
    expect_set(c, "compression.type", "none", CHRONIK_ERR_INVALID_CONFIG, "compression.type");   /* not a Kafka value */
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
    expect_set(b, "log.segment.bytes", "2097152", CHRONIK_OK, NULL);
    expect_set(b, "log.retention.ms", "5", CHRONIK_OK, NULL);
    assert_string_equal(ck_topic_conf_value(&tc, b, CK_TK_SEGMENT_BYTES, buf, sizeof(buf)), "2097152");
    assert_int_equal(ck_topic_conf_num(&tc, b, CK_TK_SEGMENT_BYTES), 2097152);
    assert_string_equal(ck_topic_conf_value(&tc, b, CK_TK_RETENTION_MS, buf, sizeof(buf)), "1000");
    assert_int_equal(ck_topic_conf_num(&tc, b, CK_TK_RETENTION_MS), 1000);
    ck_topic_conf_refresh(&tc, b);
    assert_int_equal(tc.num[CK_TK_SEGMENT_BYTES], 2097152);
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
    assert_int_equal(ck_conf_topic_validate("retention.bytes", "-2", err, sizeof(err)), 0);   /* Kafka: any long */
    assert_int_equal(ck_conf_topic_validate("retention.bytes", "1.5", err, sizeof(err)), CHRONIK_ERR_INVALID_CONFIG);
    assert_non_null(strstr(err, "retention.bytes"));
    assert_int_equal(ck_conf_topic_validate("nope", "1", err, sizeof(err)), CHRONIK_ERR_UNKNOWN_CONFIG);
    assert_non_null(strstr(err, "\"nope\""));
    assert_int_equal(ck_conf_topic_validate("min.insync.replicas", "2", err, sizeof(err)), 0);   /* Kafka: ≥ 1 */
    assert_int_equal(ck_conf_topic_validate("min.insync.replicas", "0", err, sizeof(err)), CHRONIK_ERR_INVALID_CONFIG);
    assert_int_equal(ck_conf_topic_synonym(CK_TK_SEGMENT_BYTES), CK_BK_LOG_SEGMENT_BYTES);
    assert_int_equal(ck_conf_topic_synonym(CK_TK_COLUMNAR_ENABLED), -1);
    chronik_conf_free(b);
}

/* Every Kafka 4.0 topic config: accepted, with Kafka's default, broker
 * synonym, DescribeConfigs type and range (one value in range, one out). */
static void test_kafka_topic_keys(void **state)
{
    static const struct {
        const char *name, *def, *syn;
        int8_t      type;
        const char *good, *bad;
    } keys[] = {
        { "cleanup.policy", "delete", "log.cleanup.policy", 7, "compact,delete", "compact,shred" },
        { "compression.type", "producer", "compression.type", 2, "zstd", "none" },
        { "compression.gzip.level", "-1", "compression.gzip.level", 3, "9", "0" },
        { "compression.lz4.level", "9", "compression.lz4.level", 3, "17", "18" },
        { "compression.zstd.level", "3", "compression.zstd.level", 3, "-131072", "23" },
        { "delete.retention.ms", "86400000", "log.cleaner.delete.retention.ms", 5, "0", "-1" },
        { "file.delete.delay.ms", "60000", "log.segment.delete.delay.ms", 5, "0", "-1" },
        { "flush.messages", "9223372036854775807", "log.flush.interval.messages", 5, "1", "0" },
        { "flush.ms", "9223372036854775807", "log.flush.interval.ms", 5, "0", "-1" },
        { "follower.replication.throttled.replicas", "", NULL, 7, "0:1,1:1", "0:x" },
        { "leader.replication.throttled.replicas", "", NULL, 7, "*", "*,0:1" },
        { "index.interval.bytes", "4096", "log.index.interval.bytes", 3, "0", "-1" },
        { "local.retention.bytes", "-2", "log.local.retention.bytes", 5, "-2", "-3" },
        { "local.retention.ms", "-2", "log.local.retention.ms", 5, "-2", "-3" },
        { "max.compaction.lag.ms", "9223372036854775807", "log.cleaner.max.compaction.lag.ms", 5, "1", "0" },
        { "max.message.bytes", "1048588", "message.max.bytes", 3, "0", "2147483648" },
        { "message.downconversion.enable", "true", "log.message.downconversion.enable", 1, "false", "no" },
        { "message.timestamp.after.max.ms", "3600000", "log.message.timestamp.after.max.ms", 5, "0", "-1" },
        { "message.timestamp.before.max.ms", "9223372036854775807", "log.message.timestamp.before.max.ms", 5, "0", "-1" },
        { "message.timestamp.difference.max.ms", "9223372036854775807", "log.message.timestamp.difference.max.ms", 5, "0", "-1" },
        { "message.timestamp.type", "CreateTime", "log.message.timestamp.type", 2, "LogAppendTime", "createtime" },
        { "min.cleanable.dirty.ratio", "0.5", "log.cleaner.min.cleanable.ratio", 6, "0.75", "1.5" },
        { "min.compaction.lag.ms", "0", "log.cleaner.min.compaction.lag.ms", 5, "0", "-1" },
        { "min.insync.replicas", "1", "min.insync.replicas", 3, "3", "0" },
        { "preallocate", "false", "log.preallocate", 1, "true", "1" },
        { "remote.storage.enable", "false", NULL, 1, "true", "yes" },
        { "remote.log.copy.disable", "false", NULL, 1, "true", "yes" },
        { "remote.log.delete.on.disable", "false", NULL, 1, "true", "yes" },
        { "retention.bytes", "-1", "log.retention.bytes", 5, "-5", "1e3" },
        { "retention.ms", "604800000", "log.retention.ms", 5, "-1", "-2" },
        { "segment.bytes", "1073741824", "log.segment.bytes", 3, "14", "13" },
        { "segment.index.bytes", "10485760", "log.index.size.max.bytes", 3, "4", "3" },
        { "segment.jitter.ms", "0", "log.roll.jitter.ms", 5, "0", "-1" },
        { "segment.ms", "604800000", "log.roll.ms", 5, "1", "0" },
        { "unclean.leader.election.enable", "false", "unclean.leader.election.enable", 1, "true", "maybe" },
        { "columnar.enabled", "false", NULL, 1, "true", "on" },
        { "searchable.enabled", "false", NULL, 1, "true", "on" },
        { "vector.enabled", "false", NULL, 1, "true", "on" },
    };
    char err[512];

    (void)state;
    for (size_t i = 0; i < sizeof(keys) / sizeof(keys[0]); i++) {
        int k = ck_conf_topic_key(keys[i].name);
        int syn;

        if (k < 0)
            fail_msg("%s is not a topic config", keys[i].name);
        syn = ck_conf_topic_synonym(k);
        if (strcmp(ck_conf_topic_default(k), keys[i].def) != 0)
            fail_msg("%s: default %s, want %s", keys[i].name, ck_conf_topic_default(k), keys[i].def);
        if (keys[i].syn == NULL)
            assert_int_equal(syn, -1);
        else if (syn < 0 || strcmp(ck_conf_broker_name(syn), keys[i].syn) != 0)
            fail_msg("%s: synonym %s, want %s", keys[i].name, syn < 0 ? "(none)" : ck_conf_broker_name(syn), keys[i].syn);
        if (ck_conf_topic_kafka_type(k) != keys[i].type)
            fail_msg("%s: type %d, want %d", keys[i].name, ck_conf_topic_kafka_type(k), keys[i].type);
        if (ck_conf_topic_validate(keys[i].name, keys[i].good, err, sizeof(err)) != 0)
            fail_msg("%s=%s refused: %s", keys[i].name, keys[i].good, err);
        err[0] = '\0';
        if (ck_conf_topic_validate(keys[i].name, keys[i].bad, err, sizeof(err)) != CHRONIK_ERR_INVALID_CONFIG)
            fail_msg("%s=%s accepted", keys[i].name, keys[i].bad);
        if (strstr(err, keys[i].name) == NULL)
            fail_msg("%s=%s: message \"%s\" does not name the key", keys[i].name, keys[i].bad, err);
    }
    /* The gzip level's own message, and every broker default is dynamic-valid. */
    assert_int_equal(ck_conf_topic_validate("compression.gzip.level", "0", err, sizeof(err)), CHRONIK_ERR_INVALID_CONFIG);
    assert_non_null(strstr(err, "expected -1 or an integer in [1, 9]"));
    assert_int_equal(ck_conf_topic_validate("compression.gzip.level", "-1", err, sizeof(err)), 0);
    assert_int_equal(ck_conf_topic_validate("compression.gzip.level", "-2", err, sizeof(err)), CHRONIK_ERR_INVALID_CONFIG);
}

static void test_double_and_throttle_lists(void **state)
{
    ck_topic_conf tc;
    double        d;
    char          err[512];
    const char *const kv[] = { "min.cleanable.dirty.ratio", "1e-1", "leader.replication.throttled.replicas",
                               " 0:1 , 2:1 ", "follower.replication.throttled.replicas", "*", NULL };

    (void)state;
    assert_int_equal(ck_topic_conf_init(&tc, NULL, kv, err, sizeof(err)), 0);
    assert_string_equal(tc.str[CK_TK_MIN_CLEANABLE_DIRTY_RATIO], "0.1");   /* canonical, shortest */
    memcpy(&d, &tc.num[CK_TK_MIN_CLEANABLE_DIRTY_RATIO], sizeof(d));
    assert_true(d == 0.1);
    assert_string_equal(tc.str[CK_TK_LEADER_REPLICATION_THROTTLED_REPLICAS], "0:1,2:1");
    assert_string_equal(tc.str[CK_TK_FOLLOWER_REPLICATION_THROTTLED_REPLICAS], "*");
    assert_int_equal(ck_topic_conf_set(&tc, NULL, "min.cleanable.dirty.ratio", "1", err, sizeof(err)), 0);
    assert_string_equal(tc.str[CK_TK_MIN_CLEANABLE_DIRTY_RATIO], "1.0");
    assert_int_equal(ck_topic_conf_set(&tc, NULL, "leader.replication.throttled.replicas", "", err, sizeof(err)), 0);
    assert_string_equal(tc.str[CK_TK_LEADER_REPLICATION_THROTTLED_REPLICAS], "");
    ck_topic_conf_free(&tc);
    /* Without an override the ratio is the broker default's bits. */
    assert_int_equal(ck_topic_conf_init(&tc, NULL, NULL, err, sizeof(err)), 0);
    memcpy(&d, &tc.num[CK_TK_MIN_CLEANABLE_DIRTY_RATIO], sizeof(d));
    assert_true(d == 0.5);
    ck_topic_conf_free(&tc);

    for (const char *const *bad = (const char *const[]){ "-0.1", "1.0000001", "abc", "nan", "inf", " 0.5", "0.5x", "", NULL };
         *bad; bad++) {
        err[0] = '\0';
        if (ck_conf_topic_validate("min.cleanable.dirty.ratio", *bad, err, sizeof(err)) != CHRONIK_ERR_INVALID_CONFIG)
            fail_msg("min.cleanable.dirty.ratio=%s accepted", *bad);
        assert_non_null(strstr(err, "expected a number in [0, 1]"));
    }
    for (const char *const *bad = (const char *const[]){ "0:", ":1", "0-1", "a:1", "0:1,*", "0:1:2", NULL }; *bad; bad++) {
        err[0] = '\0';
        if (ck_conf_topic_validate("follower.replication.throttled.replicas", *bad, err, sizeof(err)) !=
            CHRONIK_ERR_INVALID_CONFIG)
            fail_msg("follower.replication.throttled.replicas=%s accepted", *bad);
        assert_non_null(strstr(err, "partition:broker pairs"));
    }
}

/* Dynamic broker levels: precedence, all-or-nothing replacement, read-only
 * keys, the stored form, and topics following the effective value. */
static void test_dynamic_levels(void **state)
{
    chronik_conf_t *c = chronik_conf_new();
    chronik_conf_t *d;
    ck_topic_conf   tc;
    ck_wb           wb;
    char            err[512];
    const char    **ks, **vs;
    size_t          n;
    const char *const k1[] = { "log.retention.ms", "log.cleanup.policy" };
    const char *const v1[] = { "2000", "compact" };
    const char *const k2[] = { "log.retention.ms" };
    const char *const v2[] = { "3000" };
    const char *const bad_ro[] = { "data.dir" };
    const char *const bad_unk[] = { "log.no.such" };
    const char *const bad_v[] = { "-7" };
    const char *const dupk[] = { "log.retention.ms", "log.retention.ms" };
    const char *const dupv[] = { "1", "2" };

    (void)state;
    assert_true(ck_conf_broker_dynamic(CK_BK_LOG_RETENTION_MS));
    assert_true(ck_conf_broker_dynamic(CK_BK_NUM_PARTITIONS));
    assert_true(ck_conf_broker_dynamic(CK_BK_LOG_MESSAGE_TIMESTAMP_AFTER_MAX_MS));
    assert_false(ck_conf_broker_dynamic(CK_BK_DATA_DIR));
    assert_false(ck_conf_broker_dynamic(CK_BK_LOG_RETENTION_CHECK_INTERVAL_MS));
    assert_false(ck_conf_broker_dynamic(-1));

    assert_int_equal(ck_conf_broker_source(c, CK_BK_LOG_RETENTION_MS), CK_SRC_DEFAULT);
    expect_set(c, "log.retention.ms", "1000", CHRONIK_OK, NULL);
    assert_int_equal(ck_conf_broker_source(c, CK_BK_LOG_RETENTION_MS), CK_SRC_STATIC);
    assert_int_equal(ck_topic_conf_init(&tc, c, NULL, err, sizeof(err)), 0);
    assert_int_equal(tc.num[CK_TK_RETENTION_MS], 1000);

    assert_int_equal(ck_conf_dynamic_replace(c, CK_SRC_DYNAMIC_DEFAULT, k1, v1, 2, err, sizeof(err)), 0);
    expect_get(c, "log.retention.ms", "2000");
    assert_int_equal(ck_conf_num(c, CK_BK_LOG_CLEANUP_POLICY), 2);
    assert_int_equal(ck_conf_broker_source(c, CK_BK_LOG_RETENTION_MS), CK_SRC_DYNAMIC_DEFAULT);
    assert_string_equal(ck_conf_broker_level(c, CK_BK_LOG_RETENTION_MS, CK_SRC_STATIC), "1000");
    assert_string_equal(ck_conf_broker_level(c, CK_BK_LOG_RETENTION_MS, CK_SRC_DEFAULT), "604800000");
    assert_null(ck_conf_broker_level(c, CK_BK_LOG_RETENTION_MS, CK_SRC_DYNAMIC_BROKER));
    ck_topic_conf_refresh(&tc, c);
    assert_int_equal(tc.num[CK_TK_RETENTION_MS], 2000);

    /* The node's own level wins over the cluster default. */
    assert_int_equal(ck_conf_dynamic_replace(c, CK_SRC_DYNAMIC_BROKER, k2, v2, 1, err, sizeof(err)), 0);
    expect_get(c, "log.retention.ms", "3000");
    assert_int_equal(ck_conf_broker_source(c, CK_BK_LOG_RETENTION_MS), CK_SRC_DYNAMIC_BROKER);

    /* Refusals leave every level as it was. */
    assert_int_equal(ck_conf_dynamic_replace(c, CK_SRC_DYNAMIC_DEFAULT, bad_ro, v2, 1, err, sizeof(err)),
                     CHRONIK_ERR_INVALID_REQUEST);
    assert_non_null(strstr(err, "data.dir"));
    assert_int_equal(ck_conf_dynamic_replace(c, CK_SRC_DYNAMIC_DEFAULT, bad_unk, v2, 1, err, sizeof(err)),
                     CHRONIK_ERR_UNKNOWN_CONFIG);
    assert_non_null(strstr(err, "log.no.such"));
    assert_int_equal(ck_conf_dynamic_replace(c, CK_SRC_DYNAMIC_DEFAULT, k2, bad_v, 1, err, sizeof(err)),
                     CHRONIK_ERR_INVALID_CONFIG);
    assert_non_null(strstr(err, "log.retention.ms"));
    assert_int_equal(ck_conf_dynamic_replace(c, CK_SRC_DYNAMIC_DEFAULT, dupk, dupv, 2, err, sizeof(err)),
                     CHRONIK_ERR_INVALID_REQUEST);
    assert_int_equal(ck_conf_dynamic_replace(c, CK_SRC_STATIC, k2, v2, 1, err, sizeof(err)), CHRONIK_ERR_INVALID_REQUEST);
    assert_string_equal(ck_conf_broker_level(c, CK_BK_LOG_RETENTION_MS, CK_SRC_DYNAMIC_DEFAULT), "2000");
    assert_string_equal(ck_conf_broker_level(c, CK_BK_LOG_CLEANUP_POLICY, CK_SRC_DYNAMIC_DEFAULT), "compact");

    /* dup keeps every level; the stored form round-trips. */
    d = chronik_conf_dup(c);
    assert_int_equal(ck_conf_broker_source(d, CK_BK_LOG_RETENTION_MS), CK_SRC_DYNAMIC_BROKER);
    ck_wb_init(&wb, 64);
    ck_conf_dynamic_encode(c, CK_SRC_DYNAMIC_DEFAULT, &wb);
    assert_true(ck_conf_dynamic_decode(wb.buf, wb.len, &ks, &vs, &n));
    assert_int_equal(n, 2);
    assert_int_equal(ck_conf_dynamic_replace(d, CK_SRC_DYNAMIC_DEFAULT, NULL, NULL, 0, err, sizeof(err)), 0);
    assert_null(ck_conf_broker_level(d, CK_BK_LOG_CLEANUP_POLICY, CK_SRC_DYNAMIC_DEFAULT));
    assert_int_equal(ck_conf_dynamic_replace(d, CK_SRC_DYNAMIC_DEFAULT, ks, vs, n, err, sizeof(err)), 0);
    assert_string_equal(ck_conf_broker_level(d, CK_BK_LOG_CLEANUP_POLICY, CK_SRC_DYNAMIC_DEFAULT), "compact");
    ck_free(ks);
    ck_free(vs);
    assert_false(ck_conf_dynamic_decode("a\0b", 3, &ks, &vs, &n));       /* no final NUL */
    ck_free(ks);
    ck_free(vs);
    assert_false(ck_conf_dynamic_decode("a\0b\0c\0", 6, &ks, &vs, &n));  /* a name without value */
    ck_free(ks);
    ck_free(vs);
    assert_true(ck_conf_dynamic_decode("", 0, &ks, &vs, &n));
    assert_int_equal(n, 0);
    ck_free(ks);
    ck_free(vs);
    ck_wb_free(&wb);

    /* Removing the dynamic values falls back to the static, then the default. */
    assert_int_equal(ck_conf_dynamic_replace(c, CK_SRC_DYNAMIC_BROKER, NULL, NULL, 0, err, sizeof(err)), 0);
    assert_int_equal(ck_conf_dynamic_replace(c, CK_SRC_DYNAMIC_DEFAULT, NULL, NULL, 0, err, sizeof(err)), 0);
    expect_get(c, "log.retention.ms", "1000");
    expect_get(c, "log.cleanup.policy", "delete");
    ck_topic_conf_refresh(&tc, c);
    assert_int_equal(tc.num[CK_TK_RETENTION_MS], 1000);
    ck_topic_conf_free(&tc);
    chronik_conf_free(d);
    chronik_conf_free(c);
}

/* Kafka's checks across keys. */
static void check_cross(const char *const *kv, const ck_topic_conf *prev, int want, const char *in_msg)
{
    ck_topic_conf tc;
    char          err[512] = "";

    assert_int_equal(ck_topic_conf_init(&tc, NULL, kv, err, sizeof(err)), 0);
    if (ck_topic_conf_check(&tc, NULL, prev, err, sizeof(err)) != want)
        fail_msg("%s=%s...: check gave \"%s\", want %d", kv[0], kv[1], err, want);
    if (in_msg != NULL && strstr(err, in_msg) == NULL)
        fail_msg("%s=%s...: message \"%s\" lacks \"%s\"", kv[0], kv[1], err, in_msg);
    ck_topic_conf_free(&tc);
}

static void test_cross_key_checks(void **state)
{
    ck_topic_conf remote;
    char          err[256];
    const char *const tiered[] = { "remote.storage.enable", "true", NULL };

    (void)state;
    check_cross((const char *const[]){ "min.compaction.lag.ms", "10", "max.compaction.lag.ms", "10", NULL }, NULL, 0, NULL);
    check_cross((const char *const[]){ "min.compaction.lag.ms", "11", "max.compaction.lag.ms", "10", NULL }, NULL,
                 CHRONIK_ERR_INVALID_CONFIG, "min.compaction.lag.ms (11) > max.compaction.lag.ms (10)");
    check_cross(tiered, NULL, 0, NULL);
    check_cross((const char *const[]){ "remote.storage.enable", "true", "cleanup.policy", "delete,compact", NULL }, NULL,
                 CHRONIK_ERR_INVALID_CONFIG, "cleanup.policy");
    check_cross((const char *const[]){ "remote.storage.enable", "true", "retention.bytes", "100",
                                        "local.retention.bytes", "101", NULL }, NULL,
                 CHRONIK_ERR_INVALID_CONFIG, "\"local.retention.bytes\": must not be more than \"retention.bytes\"");
    check_cross((const char *const[]){ "remote.storage.enable", "true", "retention.ms", "100",
                                        "local.retention.ms", "-1", NULL }, NULL,
                 CHRONIK_ERR_INVALID_CONFIG, "local.retention.ms");
    check_cross((const char *const[]){ "remote.storage.enable", "true", "retention.ms", "100",
                                        "local.retention.ms", "50", NULL }, NULL, 0, NULL);
    check_cross((const char *const[]){ "remote.storage.enable", "true", "remote.log.copy.disable", "true",
                                        "retention.ms", "100", "local.retention.ms", "50", NULL }, NULL,
                 CHRONIK_ERR_INVALID_CONFIG, "remote.log.copy.disable");
    /* Without remote storage the local.* keys are not checked. */
    check_cross((const char *const[]){ "retention.bytes", "100", "local.retention.bytes", "101", NULL }, NULL, 0, NULL);

    /* Turning remote storage off. */
    assert_int_equal(ck_topic_conf_init(&remote, NULL, tiered, err, sizeof(err)), 0);
    check_cross((const char *const[]){ "remote.storage.enable", "false", NULL }, &remote,
                 CHRONIK_ERR_INVALID_CONFIG, "remote.log.delete.on.disable");
    check_cross((const char *const[]){ "remote.storage.enable", "false", "remote.log.delete.on.disable", "true", NULL },
                 &remote, 0, NULL);
    ck_topic_conf_free(&remote);
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
    assert_non_null(strstr((char *)wb.buf, "| `log.segment.bytes` | int | `1073741824` | ≥ 1048576 | dynamic |"));
    assert_non_null(strstr((char *)wb.buf, "| `data.dir` | string | `./data` |  | read-only |"));
    assert_non_null(strstr((char *)wb.buf, "| `segment.bytes` | int | broker `log.segment.bytes` (`1073741824`) | ≥ 14 |"));
    assert_non_null(strstr((char *)wb.buf, "| `min.cleanable.dirty.ratio` | double | broker `log.cleaner.min.cleanable.ratio` (`0.5`) | [0, 1] |"));
    assert_non_null(strstr((char *)wb.buf, "| `compression.gzip.level` | int | broker `compression.gzip.level` (`-1`) | -1, or [1, 9] |"));
    assert_non_null(strstr((char *)wb.buf, "| `retention.bytes` | long | broker `log.retention.bytes` (`-1`) | any |"));
    assert_non_null(strstr((char *)wb.buf, "| `leader.replication.throttled.replicas` | list | (empty) | empty, `*`, or comma-separated partition:broker pairs |"));
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
        cmocka_unit_test(test_kafka_topic_keys),
        cmocka_unit_test(test_double_and_throttle_lists),
        cmocka_unit_test(test_dynamic_levels),
        cmocka_unit_test(test_cross_key_checks),
        cmocka_unit_test(test_markdown),
    };

    doc_path = argc > 1 ? argv[1] : NULL;
    return cmocka_run_group_tests(tests, NULL, NULL);
}
