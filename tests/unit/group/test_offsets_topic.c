/*
 * test_offsets_topic.c — the internal topic __consumer_offsets
 * (lib/group/offsets_topic.c) on a real engine: Kafka's partition of a group
 * (Java's String.hashCode, Utils.abs), the OffsetCommitKey/Value bytes of a
 * commit, tombstones for deleted groups, refusal of client produce and
 * deletion, and the reconciliation with LMDB at open (nothing appended when
 * both agree, the LMDB value or a tombstone when they differ).
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "chronik.h"
#include "engine/engine.h"
#include "group/group.h"
#include "util/util.h"

static char g_dir[256];

static chronik_t *open_engine(void)
{
    chronik_conf_t *conf = chronik_conf_new();
    chronik_t *c = NULL;
    char err[256];

    assert_int_equal(chronik_conf_set(conf, "data.dir", g_dir, err, sizeof(err)), CHRONIK_OK);
    assert_int_equal(chronik_conf_set(conf, "log.level", "warn", err, sizeof(err)), CHRONIK_OK);
    assert_int_equal(chronik_conf_set(conf, "offsets.topic.num.partitions", "7", err, sizeof(err)), CHRONIK_OK);
    assert_int_equal(chronik_open(conf, &c, err, sizeof(err)), CHRONIK_OK);
    chronik_conf_free(conf);
    return c;
}

static int setup(void **state)
{
    (void)state;
    snprintf(g_dir, sizeof(g_dir), "/tmp/chronik-otopic-XXXXXX");
    assert_non_null(mkdtemp(g_dir));
    return 0;
}

static int teardown(void **state)
{
    (void)state;
    ck_rmtree(g_dir);
    return 0;
}

/* One record read back from the topic. */
typedef struct got {
    int64_t offset;
    uint8_t key[512];
    int32_t klen;
    uint8_t val[512];
    int32_t vlen;              /* -1: tombstone */
} got;

/* Reads partition part of the topic from offset `from` until at least `want`
 * records arrived (or the fetch times out); returns how many. */
static size_t read_topic(chronik_t *c, int32_t part, int64_t from, got *out, size_t want)
{
    size_t n = 0;

    while (n < want) {
        chronik_fetch_t *f = NULL;
        chronik_record_t rec;
        int64_t off;
        if (chronik_fetch(c, CK_OFFSETS_TOPIC, part, from, 1 << 20, 5000, &f) != CHRONIK_OK)
            break;
        size_t before = n;
        while (n < want && chronik_fetch_next(f, &rec, &off) == 1) {
            out[n].offset = off;
            assert_true(rec.key_len < sizeof(out[n].key));
            memcpy(out[n].key, rec.key, rec.key_len);
            out[n].klen = (int32_t)rec.key_len;
            out[n].vlen = rec.value ? (int32_t)rec.value_len : -1;
            if (rec.value)
                memcpy(out[n].val, rec.value, rec.value_len);
            n++;
        }
        from = chronik_fetch_next_offset(f);
        chronik_fetch_free(f);
        if (n == before)
            break;
    }
    return n;
}

static int64_t hwm(chronik_t *c, int32_t part)
{
    int64_t start, hw;

    assert_int_equal(chronik_offsets(c, CK_OFFSETS_TOPIC, part, &start, &hw), CHRONIK_OK);
    return hw;
}

/* Kafka's key of group/topic/partition. */
static size_t kafka_key(uint8_t *buf, const char *group, const char *topic, int32_t partition)
{
    ck_wb wb;
    size_t n;

    ck_wb_init(&wb, 64);
    ck_offsets_topic_key(&wb, group, topic, partition);
    n = wb.len;
    memcpy(buf, wb.buf, n);
    ck_wb_free(&wb);
    return n;
}

static void test_partition_is_javas(void **state)
{
    (void)state;
    /* Values of Java's Utils.abs(s.hashCode()) % 50. */
    assert_int_equal(ck_offsets_topic_partition_for("", 50), 0);
    assert_int_equal(ck_offsets_topic_partition_for("group", 50), 47);
    assert_int_equal(ck_offsets_topic_partition_for("burrow-group-1", 50), 39);
    assert_int_equal(ck_offsets_topic_partition_for("console-consumer-12345", 50), 6);
    /* Negative hash codes, a non-ASCII letter and a surrogate pair. */
    assert_int_equal(ck_offsets_topic_partition_for("gr\xc3\xbcppe", 50), 12);
    assert_int_equal(ck_offsets_topic_partition_for("g\xf0\x9f\x98\x80x", 50), 12);
    /* hashCode() == Integer.MIN_VALUE: Utils.abs gives 0. */
    assert_int_equal(ck_offsets_topic_partition_for("polygenelubricants", 50), 0);
}

static void test_commit_and_delete_records(void **state)
{
    (void)state;
    chronik_t *c = open_engine();
    int32_t part = ck_offsets_topic_partition_for("g1", 7);
    uint8_t key[512];
    size_t kl = kafka_key(key, "g1", "src", 1);
    got g[4];
    ck_rd rd;

    /* No group, no topic (Kafka creates it on first use too). */
    assert_null(ck_engine_topic_get(c, CK_OFFSETS_TOPIC, strlen(CK_OFFSETS_TOPIC)));
    assert_int_equal(chronik_topic_create(c, "src", 2, NULL), CHRONIK_OK);
    assert_int_equal(chronik_offset_commit(c, "g1", "src", 1, 42, "meta"), CHRONIK_OK);

    ck_topic *t = ck_engine_topic_get(c, CK_OFFSETS_TOPIC, strlen(CK_OFFSETS_TOPIC));
    assert_non_null(t);
    assert_int_equal(ck_topic_partition_count(t), 7);
    ck_topic_conf tc;
    ck_topic_conf_snapshot(t, &tc);
    assert_non_null(tc.str[CK_TK_CLEANUP_POLICY]);
    assert_string_equal(tc.str[CK_TK_CLEANUP_POLICY], "compact");
    ck_topic_conf_free(&tc);
    ck_topic_release(t);

    assert_int_equal(read_topic(c, part, 0, g, 1), 1);
    assert_int_equal(g[0].klen, (int32_t)kl);
    assert_memory_equal(g[0].key, key, kl);
    ck_rd_init(&rd, g[0].val, (size_t)g[0].vlen);
    assert_int_equal(ck_rd_i16(&rd), 3);            /* OffsetCommitValue v3 */
    assert_int_equal(ck_rd_i64(&rd), 42);
    assert_int_equal(ck_rd_i32(&rd), -1);           /* leader epoch */
    assert_int_equal(ck_rd_i16(&rd), 4);
    assert_memory_equal(ck_rd_bytes(&rd, 4), "meta", 4);
    assert_true(ck_rd_i64(&rd) > 0);                /* commit timestamp */
    assert_false(rd.err);
    assert_int_equal(rd.end - rd.p, 0);

    /* Deleting the group writes a tombstone for each of its offsets. */
    assert_int_equal(chronik_group_delete(c, "g1"), CHRONIK_OK);
    assert_int_equal(read_topic(c, part, g[0].offset + 1, g + 1, 1), 1);
    assert_memory_equal(g[1].key, key, kl);
    assert_int_equal(g[1].vlen, -1);

    /* Clients may neither write to it nor delete it. */
    chronik_record_t r = { "k", 1, "v", 1, -1, NULL, 0 };
    int64_t base;
    assert_int_equal(chronik_produce(c, CK_OFFSETS_TOPIC, 0, &r, 1, &base), CHRONIK_ERR_INVALID_TOPIC_EXCEPTION);
    assert_int_equal(chronik_topic_delete(c, CK_OFFSETS_TOPIC), CHRONIK_ERR_INVALID_TOPIC_EXCEPTION);
    chronik_close(c);
}

static void test_reconciled_at_open(void **state)
{
    (void)state;
    chronik_t *c = open_engine();
    int32_t part = ck_offsets_topic_partition_for("g2", 7);
    char lkey[CK_OFFSET_KEY_MAX];
    size_t lkl = ck_offset_key(lkey, "g2", "src", 0);
    uint8_t key[512];
    size_t kl = kafka_key(key, "g2", "src", 0);
    ck_offset_rec rec = { 9, -1, 1700000000000, NULL, -1 };
    ck_wb wb;
    got g[4];
    int64_t end;

    assert_int_equal(chronik_topic_create(c, "src", 1, NULL), CHRONIK_OK);
    assert_int_equal(chronik_offset_commit(c, "g2", "src", 0, 7, NULL), CHRONIK_OK);
    assert_int_equal(read_topic(c, part, 0, g, 1), 1);
    end = hwm(c, part);
    chronik_close(c);

    /* Topic and LMDB agree: nothing is appended. */
    c = open_engine();
    assert_int_equal(hwm(c, part), end);

    /* LMDB changed behind the topic's back (as when a crash lost the
     * topic's unsynced tail): the next open appends LMDB's value. */
    ck_wb_init(&wb, 64);
    ck_offset_rec_encode(&wb, &rec);
    assert_int_equal(ck_meta_put(ck_engine_meta(c), CK_META_OFFSETS, lkey, lkl, wb.buf, wb.len), 0);
    ck_wb_free(&wb);
    chronik_close(c);
    c = open_engine();
    assert_int_equal(read_topic(c, part, end, g, 1), 1);
    assert_memory_equal(g[0].key, key, kl);
    assert_int_equal(g[0].vlen, 2 + 8 + 4 + 2 + 8);
    assert_int_equal((int64_t)ck_be64(g[0].val + 2), 9);
    assert_int_equal((int64_t)ck_be64(g[0].val + 16), 1700000000000);
    end = g[0].offset + 1;

    /* An offset gone from LMDB gets its tombstone. */
    assert_int_equal(ck_meta_del(ck_engine_meta(c), CK_META_OFFSETS, lkey, lkl), 0);
    chronik_close(c);
    c = open_engine();
    assert_int_equal(read_topic(c, part, end, g, 1), 1);
    assert_memory_equal(g[0].key, key, kl);
    assert_int_equal(g[0].vlen, -1);
    end = g[0].offset + 1;
    chronik_close(c);

    /* And the tombstone settles it. */
    c = open_engine();
    assert_int_equal(hwm(c, part), end);
    chronik_close(c);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_partition_is_javas),
        cmocka_unit_test_setup_teardown(test_commit_and_delete_records, setup, teardown),
        cmocka_unit_test_setup_teardown(test_reconciled_at_open, setup, teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
