/*
 * test_record.c — unit tests for lib/record: v2 batch build -> validate ->
 * iterate round trips (keys, null keys/values, headers, timestamps, every
 * codec), corruption (CRC flips, every truncation, count mismatches),
 * transaction markers, and legacy message set v0/v1 conversion both ways.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <cmocka.h>

#include "record/record.h"

#define MAXD ((size_t)64 << 20)

static const int all_codecs[] = { CK_CODEC_NONE, CK_CODEC_GZIP, CK_CODEC_SNAPPY, CK_CODEC_LZ4, CK_CODEC_ZSTD };

/* A fixed set of test records. */
static ck_rec_header hdrs[3];
static ck_rec_in recs[6];
static char bigval[5000];

static void setup_recs(void)
{
    memset(recs, 0, sizeof(recs));
    memset(bigval, 'v', sizeof(bigval));
    hdrs[0] = (ck_rec_header){ (const uint8_t *)"h1", 2, (const uint8_t *)"v1", 2 };
    hdrs[1] = (ck_rec_header){ (const uint8_t *)"nullval", 7, NULL, -1 };
    hdrs[2] = (ck_rec_header){ (const uint8_t *)"", 0, (const uint8_t *)"", 0 };
    recs[0] = (ck_rec_in){ "k0", 2, "value0", 6, 1700000000000ll, NULL, 0 };
    recs[1] = (ck_rec_in){ NULL, 5, "no key", 6, 1700000000100ll, hdrs, 3 };   /* key NULL -> null */
    recs[2] = (ck_rec_in){ "tomb", 4, NULL, -1, 1699999999000ll, NULL, 0 };    /* earlier ts */
    recs[3] = (ck_rec_in){ "", 0, "", 0, 1700000005000ll, hdrs, 1 };
    recs[4] = (ck_rec_in){ "big", 3, bigval, (int32_t)sizeof(bigval), 1700000000200ll, NULL, 0 };
    recs[5] = (ck_rec_in){ "k5", -1, "x", 1, 1700000000300ll, hdrs + 1, 1 };   /* key_len -1 -> null */
}

static int32_t want_len(const void *p, int32_t len) { return (p == NULL || len < 0) ? -1 : len; }

static void check_rec(const ck_rec *r, const ck_rec_in *in, int64_t off, int64_t ts)
{
    int32_t kl = want_len(in->key, in->key_len), vl = want_len(in->value, in->value_len);
    ck_rd rd;
    ck_rec_header h;
    int32_t i;

    assert_true(r->offset == off);
    assert_true(r->timestamp == ts);
    assert_int_equal(r->key_len, kl);
    if (kl < 0)
        assert_null(r->key);
    else if (kl > 0)
        assert_memory_equal(r->key, in->key, (size_t)kl);
    assert_int_equal(r->value_len, vl);
    if (vl < 0)
        assert_null(r->value);
    else if (vl > 0)
        assert_memory_equal(r->value, in->value, (size_t)vl);
    assert_int_equal(r->header_count, in->headers ? in->header_count : 0);
    ck_rd_init(&rd, r->headers, r->headers_len);
    for (i = 0; i < r->header_count; i++) {
        assert_int_equal(ck_rec_headers_next(&rd, &h), 1);
        assert_int_equal(h.key_len, in->headers[i].key_len);
        assert_memory_equal(h.key, in->headers[i].key, (size_t)h.key_len);
        assert_int_equal(h.value_len, in->headers[i].value_len);
        if (h.value_len < 0)
            assert_null(h.value);
        else
            assert_memory_equal(h.value, in->headers[i].value, (size_t)h.value_len);
    }
    assert_int_equal(ck_rec_headers_next(&rd, &h), 0);
}

static void build(ck_wb *out, int codec, int64_t base, int16_t extra, size_t n)
{
    ck_batch_opts o;
    char err[128];
    ck_batch_opts_init(&o);
    o.codec = codec;
    o.base_offset = base;
    o.attributes_extra = extra;
    o.producer_id = 4242;
    o.producer_epoch = 3;
    o.base_sequence = 17;
    if (ck_batch_build(out, &o, recs, n, err, sizeof(err)) != 0)
        fail_msg("build: %s", err);
}

static void test_roundtrip_all_codecs(void **state)
{
    size_t c;
    (void)state;
    setup_recs();
    for (c = 0; c < CK_ARRAY_LEN(all_codecs); c++) {
        ck_wb wb;
        ck_batch_hdr h;
        ck_rec_iter it;
        ck_rec r;
        size_t i;

        ck_wb_init(&wb, 0);
        build(&wb, all_codecs[c], 1000, 0, CK_ARRAY_LEN(recs));
        assert_int_equal(ck_batch_validate(wb.buf, wb.len, true, &h), CK_BATCH_OK);
        assert_int_equal(ck_batch_size(&h), wb.len);
        assert_int_equal(ck_batch_codec(&h), all_codecs[c]);
        assert_true(h.base_offset == 1000);
        assert_int_equal(h.records_count, 6);
        assert_int_equal(h.last_offset_delta, 5);
        assert_true(ck_batch_last_offset(&h) == 1005);
        assert_true(h.base_timestamp == recs[0].timestamp);
        assert_true(h.max_timestamp == 1700000005000ll);
        assert_true(h.producer_id == 4242);
        assert_int_equal(h.producer_epoch, 3);
        assert_int_equal(h.base_sequence, 17);
        assert_int_equal(h.leader_epoch, -1);
        assert_int_equal(ck_records_magic(wb.buf, wb.len), 2);
        assert_false(ck_batch_is_control(&h));

        assert_int_equal(ck_rec_iter_init(&it, wb.buf, wb.len, MAXD), 0);
        for (i = 0; i < CK_ARRAY_LEN(recs); i++) {
            assert_int_equal(ck_rec_iter_next(&it, &r), 1);
            check_rec(&r, &recs[i], 1000 + (int64_t)i, recs[i].timestamp);
        }
        assert_int_equal(ck_rec_iter_next(&it, &r), 0);
        ck_rec_iter_free(&it);

        /* Rewriting the base offset keeps the CRC valid. */
        ck_batch_set_base_offset(wb.buf, 77);
        assert_int_equal(ck_batch_validate(wb.buf, wb.len, true, &h), CK_BATCH_OK);
        assert_true(h.base_offset == 77);

        /* A decompression limit below the payload fails the iterator. */
        if (all_codecs[c] != CK_CODEC_NONE) {
            assert_int_equal(ck_rec_iter_init(&it, wb.buf, wb.len, 100), -1);
            assert_true(strlen(it.err) > 0);
            assert_int_equal(ck_rec_iter_next(&it, &r), -1);
            ck_rec_iter_free(&it);
        }
        ck_wb_free(&wb);
    }
}

static void test_empty_and_append_time(void **state)
{
    ck_wb wb;
    ck_batch_hdr h;
    ck_rec_iter it;
    ck_rec r;
    size_t i;
    (void)state;
    setup_recs();

    ck_wb_init(&wb, 0);
    build(&wb, CK_CODEC_NONE, 0, 0, 0);
    assert_int_equal(wb.len, CK_BATCH_HEADER_SIZE);
    assert_int_equal(ck_batch_validate(wb.buf, wb.len, true, &h), CK_BATCH_OK);
    assert_int_equal(h.records_count, 0);
    assert_true(h.base_timestamp == -1);
    ck_wb_reset(&wb);

    build(&wb, CK_CODEC_ZSTD, 5, CK_ATTR_LOG_APPEND_TIME, 3);
    assert_int_equal(ck_batch_validate(wb.buf, wb.len, true, &h), CK_BATCH_OK);
    assert_int_equal(ck_rec_iter_init(&it, wb.buf, wb.len, MAXD), 0);
    for (i = 0; i < 3; i++) {
        assert_int_equal(ck_rec_iter_next(&it, &r), 1);
        check_rec(&r, &recs[i], 5 + (int64_t)i, h.max_timestamp);
    }
    assert_int_equal(ck_rec_iter_next(&it, &r), 0);
    ck_rec_iter_free(&it);
    ck_wb_free(&wb);
}

static void test_crc_flips(void **state)
{
    ck_wb wb;
    ck_batch_hdr h;
    size_t pos;
    int bit;
    (void)state;
    setup_recs();

    ck_wb_init(&wb, 0);
    build(&wb, CK_CODEC_NONE, 0, 0, 4);
    for (pos = 0; pos < wb.len; pos++) {
        for (bit = 0; bit < 8; bit += 3) {
            ck_batch_status st;
            wb.buf[pos] ^= (uint8_t)(1 << bit);
            st = ck_batch_validate(wb.buf, wb.len, true, &h);
            if (pos < CK_BOFF_LENGTH || (pos >= CK_BOFF_LEADER_EPOCH && pos < CK_BOFF_MAGIC))
                assert_int_equal(st, CK_BATCH_OK);  /* baseOffset, leader epoch: not covered */
            else if (pos == CK_BOFF_MAGIC)
                assert_int_equal(st, CK_BATCH_BAD_MAGIC);
            else if (pos >= CK_BOFF_CRC)
                assert_int_equal(st, CK_BATCH_BAD_CRC);
            else
                assert_int_not_equal(st, CK_BATCH_OK);
            wb.buf[pos] ^= (uint8_t)(1 << bit);
        }
    }
    assert_int_equal(ck_batch_validate(wb.buf, wb.len, true, &h), CK_BATCH_OK);
    ck_wb_free(&wb);
}

static void test_truncation(void **state)
{
    size_t c;
    (void)state;
    setup_recs();
    for (c = 0; c < CK_ARRAY_LEN(all_codecs); c++) {
        ck_wb wb;
        ck_batch_hdr h;
        size_t len;

        ck_wb_init(&wb, 0);
        build(&wb, all_codecs[c], 0, 0, CK_ARRAY_LEN(recs));
        for (len = 0; len < wb.len; len++) {
            /* A private copy so ASan sees any read past len. */
            uint8_t *cp = malloc(len ? len : 1);
            ck_rec_iter it;
            memcpy(cp, wb.buf, len);
            assert_int_equal(ck_batch_validate(cp, len, true, &h), CK_BATCH_TRUNCATED);
            assert_int_equal(ck_rec_iter_init(&it, cp, len, MAXD), -1);
            ck_rec_iter_free(&it);
            free(cp);
        }
        /* Extra trailing bytes beyond the batch are fine. */
        ck_wb_put(&wb, "junk", 4);
        assert_int_equal(ck_batch_validate(wb.buf, wb.len, true, &h), CK_BATCH_OK);
        ck_wb_free(&wb);
    }
}

/* Rewrites a header field and fixes the CRC. */
static void patch_and_recrc(ck_wb *wb, size_t off, int32_t v)
{
    ck_put_be32(wb->buf + off, (uint32_t)v);
    ck_put_be32(wb->buf + CK_BOFF_CRC, ck_crc32c(0, wb->buf + CK_BOFF_ATTRIBUTES, wb->len - CK_BOFF_ATTRIBUTES));
}

static void test_count_mismatch(void **state)
{
    ck_wb wb;
    ck_batch_hdr h;
    ck_rec_iter it;
    ck_rec r;
    int i, rc;
    (void)state;
    setup_recs();

    ck_wb_init(&wb, 0);
    build(&wb, CK_CODEC_NONE, 0, 0, 4);
    patch_and_recrc(&wb, CK_BOFF_LAST_OFFSET_DELTA, 4);
    assert_int_equal(ck_batch_validate(wb.buf, wb.len, false, &h), CK_BATCH_BAD_COUNT);
    patch_and_recrc(&wb, CK_BOFF_LAST_OFFSET_DELTA, 3);
    patch_and_recrc(&wb, CK_BOFF_RECORDS_COUNT, -1);
    assert_int_equal(ck_batch_validate(wb.buf, wb.len, false, &h), CK_BATCH_BAD_COUNT);
    /* Count and delta agree but claim one record more than present. */
    patch_and_recrc(&wb, CK_BOFF_RECORDS_COUNT, 5);
    patch_and_recrc(&wb, CK_BOFF_LAST_OFFSET_DELTA, 4);
    assert_int_equal(ck_batch_validate(wb.buf, wb.len, false, &h), CK_BATCH_OK);
    assert_int_equal(ck_batch_validate(wb.buf, wb.len, true, &h), CK_BATCH_BAD_RECORDS);
    assert_int_equal(ck_rec_iter_init(&it, wb.buf, wb.len, MAXD), 0);
    for (i = 0; (rc = ck_rec_iter_next(&it, &r)) == 1; i++)
        ;
    assert_int_equal(rc, -1);
    assert_int_equal(i, 4);
    ck_rec_iter_free(&it);
    /* One record fewer than present: trailing bytes. */
    patch_and_recrc(&wb, CK_BOFF_RECORDS_COUNT, 3);
    patch_and_recrc(&wb, CK_BOFF_LAST_OFFSET_DELTA, 2);
    assert_int_equal(ck_batch_validate(wb.buf, wb.len, true, &h), CK_BATCH_BAD_RECORDS);
    /* Absurd count. */
    patch_and_recrc(&wb, CK_BOFF_RECORDS_COUNT, INT32_MAX);
    patch_and_recrc(&wb, CK_BOFF_LAST_OFFSET_DELTA, INT32_MAX - 1);
    assert_int_equal(ck_batch_validate(wb.buf, wb.len, true, &h), CK_BATCH_BAD_COUNT);
    /* Bad length field. */
    ck_put_be32(wb.buf + CK_BOFF_LENGTH, 10);
    assert_int_equal(ck_batch_validate(wb.buf, wb.len, true, &h), CK_BATCH_BAD_LENGTH);
    ck_put_be32(wb.buf + CK_BOFF_LENGTH, (uint32_t)-5);
    assert_int_equal(ck_batch_validate(wb.buf, wb.len, true, &h), CK_BATCH_BAD_LENGTH);
    assert_string_equal(ck_batch_status_str(CK_BATCH_BAD_CRC), "CRC-32C mismatch");
    ck_wb_free(&wb);
}

static void test_bad_record_framing(void **state)
{
    ck_wb wb;
    ck_batch_hdr h;
    size_t pos;
    (void)state;
    setup_recs();

    /* Corrupt each byte of the records section, fix the CRC: deep validation
     * and iteration must fail cleanly or succeed, never crash. */
    ck_wb_init(&wb, 0);
    build(&wb, CK_CODEC_NONE, 0, 0, CK_ARRAY_LEN(recs));
    for (pos = CK_BATCH_HEADER_SIZE; pos < wb.len; pos++) {
        uint8_t saved = wb.buf[pos];
        ck_rec_iter it;
        ck_rec r;
        int rc;
        wb.buf[pos] = 0xff;
        patch_and_recrc(&wb, CK_BOFF_RECORDS_COUNT, (int32_t)CK_ARRAY_LEN(recs));
        (void)ck_batch_validate(wb.buf, wb.len, true, &h);
        assert_int_equal(ck_rec_iter_init(&it, wb.buf, wb.len, MAXD), 0);
        while ((rc = ck_rec_iter_next(&it, &r)) == 1) {
            ck_rd rd;
            ck_rec_header hd;
            ck_rd_init(&rd, r.headers, r.headers_len);
            while (ck_rec_headers_next(&rd, &hd) == 1)
                ;
        }
        ck_rec_iter_free(&it);
        wb.buf[pos] = saved;
    }
    ck_wb_free(&wb);
}

static void test_marker(void **state)
{
    int commit;
    (void)state;
    for (commit = 0; commit < 2; commit++) {
        ck_wb wb;
        ck_batch_hdr h;
        ck_rec_iter it;
        ck_rec r;
        int16_t type = -5;

        ck_wb_init(&wb, 0);
        ck_batch_build_marker(&wb, 9001, 7, commit != 0, 12, 1700000000000ll);
        assert_int_equal(ck_batch_validate(wb.buf, wb.len, true, &h), CK_BATCH_OK);
        assert_true(ck_batch_is_control(&h));
        assert_true(ck_batch_is_txn(&h));
        assert_true(h.producer_id == 9001);
        assert_int_equal(h.producer_epoch, 7);
        assert_int_equal(h.records_count, 1);
        assert_int_equal(ck_rec_iter_init(&it, wb.buf, wb.len, MAXD), 0);
        assert_int_equal(ck_rec_iter_next(&it, &r), 1);
        assert_int_equal(r.key_len, 4);
        assert_int_equal(ck_control_record_type(&r, &type), 0);
        assert_int_equal(type, commit ? 1 : 0);
        assert_int_equal(r.value_len, 6);
        assert_int_equal(ck_be16(r.value), 0);
        assert_int_equal(ck_be32(r.value + 2), 12);
        assert_true(r.timestamp == 1700000000000ll);
        assert_int_equal(ck_rec_iter_next(&it, &r), 0);
        ck_rec_iter_free(&it);
        /* Short or null keys are rejected. */
        r.key_len = 3;
        assert_int_equal(ck_control_record_type(&r, &type), -1);
        r.key = NULL;
        assert_int_equal(ck_control_record_type(&r, &type), -1);
        ck_wb_free(&wb);
    }
}

/* ---------------------------------------------------------------------- */
/* Legacy message sets                                                      */
/* ---------------------------------------------------------------------- */

static void put_msg(ck_wb *wb, int magic, int64_t offset, int8_t attrs, int64_t ts,
                    const void *key, int32_t klen, const void *val, int32_t vlen)
{
    size_t size_at, msg;
    ck_wb_i64(wb, offset);
    size_at = wb->len;
    ck_wb_i32(wb, 0);
    msg = wb->len;
    ck_wb_i32(wb, 0);
    ck_wb_i8(wb, (int8_t)magic);
    ck_wb_i8(wb, attrs);
    if (magic == 1)
        ck_wb_i64(wb, ts);
    ck_wb_i32(wb, key ? klen : -1);
    if (key)
        ck_wb_put(wb, key, (size_t)klen);
    ck_wb_i32(wb, val ? vlen : -1);
    if (val)
        ck_wb_put(wb, val, (size_t)vlen);
    ck_wb_patch_i32(wb, size_at, (int32_t)(wb->len - msg));
    ck_wb_patch_i32(wb, msg, (int32_t)ck_crc32(0, wb->buf + msg + 4, wb->len - msg - 4));
}

/* Three inner messages: ("a","1"), (null,"2"), ("c",null). */
static void put_inner(ck_wb *wb, int magic, int64_t first_off)
{
    put_msg(wb, magic, first_off + 0, 0, 1000, "a", 1, "1", 1);
    put_msg(wb, magic, first_off + 1, 0, 3000, NULL, 0, "2", 1);
    put_msg(wb, magic, first_off + 2, 0, 2000, "c", 1, NULL, 0);
}

static void expect_v2(const ck_wb *v2, int64_t base, const int64_t *ts, size_t n)
{
    static const char *keys[] = { "a", NULL, "c" };
    static const char *vals[] = { "1", "2", NULL };
    ck_batch_hdr h;
    ck_rec_iter it;
    ck_rec r;
    size_t i;

    assert_int_equal(ck_batch_validate(v2->buf, v2->len, true, &h), CK_BATCH_OK);
    assert_int_equal(ck_batch_codec(&h), CK_CODEC_NONE);
    assert_int_equal(h.records_count, (int32_t)n);
    assert_int_equal(ck_rec_iter_init(&it, v2->buf, v2->len, MAXD), 0);
    for (i = 0; i < n; i++) {
        assert_int_equal(ck_rec_iter_next(&it, &r), 1);
        assert_true(r.offset == base + (int64_t)i);
        assert_true(r.timestamp == ts[i]);
        if (keys[i % 3]) {
            assert_int_equal(r.key_len, 1);
            assert_memory_equal(r.key, keys[i % 3], 1);
        } else {
            assert_int_equal(r.key_len, -1);
        }
        if (vals[i % 3]) {
            assert_int_equal(r.value_len, 1);
            assert_memory_equal(r.value, vals[i % 3], 1);
        } else {
            assert_int_equal(r.value_len, -1);
        }
    }
    assert_int_equal(ck_rec_iter_next(&it, &r), 0);
    ck_rec_iter_free(&it);
}

static void test_legacy_plain(void **state)
{
    ck_wb ms, v2;
    char err[128];
    const int64_t none[3] = { -1, -1, -1 };
    const int64_t v1ts[3] = { 1000, 3000, 2000 };
    const int64_t lat[3] = { 555, 555, 555 };
    (void)state;

    ck_wb_init(&ms, 0);
    ck_wb_init(&v2, 0);
    put_inner(&ms, 0, 10);
    assert_int_equal(ck_records_magic(ms.buf, ms.len), 0);
    assert_int_equal(ck_msgset_to_v2(ms.buf, ms.len, -1, &v2, err, sizeof(err)), 0);
    expect_v2(&v2, 10, none, 3);

    ck_wb_reset(&ms);
    ck_wb_reset(&v2);
    put_inner(&ms, 1, 0);
    assert_int_equal(ck_records_magic(ms.buf, ms.len), 1);
    assert_int_equal(ck_msgset_to_v2(ms.buf, ms.len, -1, &v2, err, sizeof(err)), 0);
    expect_v2(&v2, 0, v1ts, 3);

    /* Log-append time overrides. */
    ck_wb_reset(&v2);
    assert_int_equal(ck_msgset_to_v2(ms.buf, ms.len, 555, &v2, err, sizeof(err)), 0);
    expect_v2(&v2, 0, lat, 3);
    {
        ck_batch_hdr h;
        ck_batch_validate(v2.buf, v2.len, true, &h);
        assert_true(h.attributes & CK_ATTR_LOG_APPEND_TIME);
        assert_true(h.max_timestamp == 555);
    }

    /* CRC flip -> CORRUPT_MESSAGE; truncation -> CORRUPT_MESSAGE. */
    ck_wb_reset(&v2);
    ms.buf[30] ^= 1;
    assert_int_equal(ck_msgset_to_v2(ms.buf, ms.len, -1, &v2, err, sizeof(err)), 2);
    assert_int_equal(v2.len, 0);
    ms.buf[30] ^= 1;
    {
        size_t len;
        for (len = 1; len < ms.len; len++) {
            uint8_t *cp = malloc(len);
            int rc;
            memcpy(cp, ms.buf, len);
            rc = ck_msgset_to_v2(cp, len, -1, &v2, err, sizeof(err));
            if (rc == 0) {
                /* Cut at a message boundary: a valid, shorter message set. */
                ck_batch_hdr h;
                assert_int_equal(ck_batch_validate(v2.buf, v2.len, true, &h), CK_BATCH_OK);
                assert_true(h.records_count < 3);
                ck_wb_reset(&v2);
            } else {
                assert_true(rc == 2 || rc == 87);
                assert_int_equal(v2.len, 0);
            }
            free(cp);
        }
    }
    assert_int_equal(ck_msgset_to_v2(ms.buf, 0, -1, &v2, err, sizeof(err)), 87);
    ck_wb_free(&ms);
    ck_wb_free(&v2);
}

static void test_legacy_compressed(void **state)
{
    static const int codecs[] = { CK_CODEC_GZIP, CK_CODEC_SNAPPY, CK_CODEC_LZ4 };
    size_t c;
    char err[128];
    (void)state;

    for (c = 0; c < CK_ARRAY_LEN(codecs); c++) {
        ck_wb inner, z, ms, v2;
        const int64_t none[6] = { -1, -1, -1, -1, -1, -1 };
        const int64_t v1ts[6] = { 1000, 3000, 2000, 1000, 3000, 2000 };
        const int64_t wts[3] = { 7777, 7777, 7777 };

        ck_wb_init(&inner, 0);
        ck_wb_init(&z, 0);
        ck_wb_init(&ms, 0);
        ck_wb_init(&v2, 0);

        /* v0: absolute inner offsets 100..102, wrapper offset = last. Two wrappers. */
        put_inner(&inner, 0, 100);
        assert_int_equal(ck_compress(codecs[c], -1, inner.buf, inner.len, &z, err, sizeof(err)), 0);
        put_msg(&ms, 0, 102, (int8_t)codecs[c], -1, NULL, 0, z.buf, (int32_t)z.len);
        ck_wb_reset(&inner);
        ck_wb_reset(&z);
        put_inner(&inner, 0, 103);
        assert_int_equal(ck_compress(codecs[c], -1, inner.buf, inner.len, &z, err, sizeof(err)), 0);
        put_msg(&ms, 0, 105, (int8_t)codecs[c], -1, NULL, 0, z.buf, (int32_t)z.len);
        if (ck_msgset_to_v2(ms.buf, ms.len, -1, &v2, err, sizeof(err)) != 0)
            fail_msg("v0 %s: %s", ck_codec_name(codecs[c]), err);
        expect_v2(&v2, 100, none, 6);

        /* v1: relative inner offsets 0..2, wrapper offset = absolute last (52). */
        ck_wb_reset(&inner);
        ck_wb_reset(&z);
        ck_wb_reset(&ms);
        ck_wb_reset(&v2);
        put_inner(&inner, 1, 0);
        assert_int_equal(ck_compress(codecs[c], -1, inner.buf, inner.len, &z, err, sizeof(err)), 0);
        put_msg(&ms, 1, 52, (int8_t)codecs[c], 3000, NULL, 0, z.buf, (int32_t)z.len);
        put_msg(&ms, 1, 55, (int8_t)codecs[c], 3000, NULL, 0, z.buf, (int32_t)z.len);
        if (ck_msgset_to_v2(ms.buf, ms.len, -1, &v2, err, sizeof(err)) != 0)
            fail_msg("v1 %s: %s", ck_codec_name(codecs[c]), err);
        expect_v2(&v2, 50, v1ts, 6);

        /* v1 wrapper with LogAppendTime: its timestamp overrides the inner ones. */
        ck_wb_reset(&ms);
        ck_wb_reset(&v2);
        put_msg(&ms, 1, 2, (int8_t)(codecs[c] | CK_ATTR_LOG_APPEND_TIME), 7777, NULL, 0, z.buf, (int32_t)z.len);
        assert_int_equal(ck_msgset_to_v2(ms.buf, ms.len, -1, &v2, err, sizeof(err)), 0);
        expect_v2(&v2, 0, wts, 3);

        /* Wrapper with a corrupt payload (CRC fixed) -> CORRUPT_MESSAGE. */
        ck_wb_reset(&ms);
        ck_wb_reset(&v2);
        z.buf[z.len / 2] ^= 0xff;
        z.len -= 3;
        put_msg(&ms, 1, 2, (int8_t)codecs[c], 0, NULL, 0, z.buf, (int32_t)z.len);
        assert_int_not_equal(ck_msgset_to_v2(ms.buf, ms.len, -1, &v2, err, sizeof(err)), 0);
        assert_int_equal(v2.len, 0);

        /* Nested compression -> INVALID_RECORD. */
        ck_wb_reset(&ms);
        ck_wb_reset(&z);
        ck_wb_reset(&inner);
        put_msg(&inner, 1, 0, (int8_t)codecs[c], 0, NULL, 0, "xx", 2);
        assert_int_equal(ck_compress(codecs[c], -1, inner.buf, inner.len, &z, err, sizeof(err)), 0);
        put_msg(&ms, 1, 0, (int8_t)codecs[c], 0, NULL, 0, z.buf, (int32_t)z.len);
        assert_int_equal(ck_msgset_to_v2(ms.buf, ms.len, -1, &v2, err, sizeof(err)), 87);

        ck_wb_free(&inner);
        ck_wb_free(&z);
        ck_wb_free(&ms);
        ck_wb_free(&v2);
    }
}

static void test_v2_to_legacy_and_back(void **state)
{
    int magic;
    char err[128];
    (void)state;
    setup_recs();

    for (magic = 0; magic <= 1; magic++) {
        ck_wb v2, ms, back;
        ck_batch_hdr h;
        ck_rec_iter it;
        ck_rec r;
        size_t i, full;
        ck_rd rd;
        int64_t expect_off[9];
        size_t nexp = 0;

        ck_wb_init(&v2, 0);
        ck_wb_init(&ms, 0);
        ck_wb_init(&back, 0);
        build(&v2, CK_CODEC_LZ4, 200, 0, 6);
        ck_batch_build_marker(&v2, 1, 0, true, 0, 5);
        ck_batch_set_base_offset(v2.buf + v2.len - (CK_BATCH_HEADER_SIZE + 17), 206);
        build(&v2, CK_CODEC_NONE, 207, 0, 3);
        full = v2.len;
        /* A partial trailing batch is ignored. */
        build(&v2, CK_CODEC_GZIP, 210, 0, 2);
        v2.len -= 5;
        for (i = 0; i < 6; i++)
            expect_off[nexp++] = 200 + (int64_t)i;
        for (i = 0; i < 3; i++)
            expect_off[nexp++] = 207 + (int64_t)i;

        assert_int_equal(ck_v2_to_msgset(v2.buf, v2.len, magic, &ms, err, sizeof(err)), 0);
        assert_int_equal(ck_records_magic(ms.buf, ms.len), magic);
        /* Offsets are absolute in the message set. */
        ck_rd_init(&rd, ms.buf, ms.len);
        for (i = 0; i < nexp; i++) {
            int32_t size;
            assert_true(ck_rd_i64(&rd) == expect_off[i]);
            size = ck_rd_i32(&rd);
            ck_rd_bytes(&rd, (size_t)size);
        }
        assert_int_equal(ck_rd_left(&rd), 0);
        assert_int_equal(rd.err, 0);

        /* And back to v2: same keys, values; v1 keeps timestamps. */
        assert_int_equal(ck_msgset_to_v2(ms.buf, ms.len, -1, &back, err, sizeof(err)), 0);
        assert_int_equal(ck_batch_validate(back.buf, back.len, true, &h), CK_BATCH_OK);
        assert_int_equal(h.records_count, 9);
        assert_true(h.base_offset == 200);
        assert_int_equal(ck_rec_iter_init(&it, back.buf, back.len, MAXD), 0);
        for (i = 0; i < 9; i++) {
            const ck_rec_in *in = &recs[i < 6 ? i : i - 6];
            int32_t kl = want_len(in->key, in->key_len), vl = want_len(in->value, in->value_len);
            assert_int_equal(ck_rec_iter_next(&it, &r), 1);
            assert_int_equal(r.key_len, kl);
            if (kl > 0)
                assert_memory_equal(r.key, in->key, (size_t)kl);
            assert_int_equal(r.value_len, vl);
            if (vl > 0)
                assert_memory_equal(r.value, in->value, (size_t)vl);
            assert_int_equal(r.header_count, 0); /* legacy has no headers */
            assert_true(r.timestamp == (magic == 1 ? in->timestamp : -1));
        }
        assert_int_equal(ck_rec_iter_next(&it, &r), 0);
        ck_rec_iter_free(&it);

        /* Errors: bad target magic, non-v2 input. */
        assert_int_equal(ck_v2_to_msgset(v2.buf, full, 2, &ms, err, sizeof(err)), -1);
        ck_wb_reset(&back);
        v2.buf[CK_BOFF_MAGIC] = 1;
        i = ms.len;
        assert_int_equal(ck_v2_to_msgset(v2.buf, full, magic, &ms, err, sizeof(err)), -1);
        assert_int_equal(ms.len, i);

        ck_wb_free(&v2);
        ck_wb_free(&ms);
        ck_wb_free(&back);
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_roundtrip_all_codecs),
        cmocka_unit_test(test_empty_and_append_time),
        cmocka_unit_test(test_crc_flips),
        cmocka_unit_test(test_truncation),
        cmocka_unit_test(test_count_mismatch),
        cmocka_unit_test(test_bad_record_framing),
        cmocka_unit_test(test_marker),
        cmocka_unit_test(test_legacy_plain),
        cmocka_unit_test(test_legacy_compressed),
        cmocka_unit_test(test_v2_to_legacy_and_back),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
