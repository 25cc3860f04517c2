/*
 * test_util.c — unit tests for lib/util: CRC-32C (known vectors, hardware vs
 * table at every alignment), CRC-32, murmur2, varints (edges and malformed
 * input), the ck_wb writer and its file splicing, the arena, the hash map,
 * JSON escaping, log levels and the file helpers.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <cmocka.h>

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include "util/util.h"

/* ---------------------------------------------------------------------- */
/* Checksums                                                                */
/* ---------------------------------------------------------------------- */

static void test_crc32c_vectors(void **state)
{
    uint8_t zeros[32] = { 0 }, ones[32], inc[32];
    size_t i;
    (void)state;

    for (i = 0; i < 32; i++) {
        ones[i] = 0xff;
        inc[i] = (uint8_t)i;
    }
    assert_int_equal(ck_crc32c(0, "123456789", 9), 0xE3069283u);
    assert_int_equal(ck_crc32c_sw(0, "123456789", 9), 0xE3069283u);
    assert_int_equal(ck_crc32c(0, zeros, 32), 0x8A9136AAu);
    assert_int_equal(ck_crc32c_sw(0, zeros, 32), 0x8A9136AAu);
    /* RFC 3720 B.4 vectors. */
    assert_int_equal(ck_crc32c(0, ones, 32), 0x62A8AB43u);
    assert_int_equal(ck_crc32c(0, inc, 32), 0x46DD794Eu);
    assert_int_equal(ck_crc32c(0, "", 0), 0);
    /* Continuation. */
    assert_int_equal(ck_crc32c(ck_crc32c(0, "1234", 4), "56789", 5), 0xE3069283u);
    assert_int_equal(ck_crc32c_sw(ck_crc32c_sw(0, "12345", 5), "6789", 4), 0xE3069283u);
    /* zlib CRC-32. */
    assert_int_equal(ck_crc32(0, "123456789", 9), 0xCBF43926u);
    printf("crc32c hardware: %s\n", ck_crc32c_hw_available() ? "yes" : "no");
}

static void test_crc32c_hw_vs_sw(void **state)
{
    uint8_t *buf = malloc(4096 + 16);
    size_t off, len, i;
    uint32_t seed = 12345;
    (void)state;

    for (i = 0; i < 4096 + 16; i++) {
        seed = seed * 1103515245u + 12345u;
        buf[i] = (uint8_t)(seed >> 16);
    }
    for (off = 0; off < 8; off++)
        for (len = 0; len <= 300; len++)
            assert_int_equal(ck_crc32c(0x1234, buf + off, len), ck_crc32c_sw(0x1234, buf + off, len));
    assert_int_equal(ck_crc32c(0, buf + 3, 4096), ck_crc32c_sw(0, buf + 3, 4096));
    free(buf);
}

static void test_murmur2(void **state)
{
    (void)state;
    /* Values from Kafka's UtilsTest.testMurmur2. */
    assert_int_equal((int32_t)ck_murmur2("21", 2), -973932308);
    assert_int_equal((int32_t)ck_murmur2("foobar", 6), -790332482);
    assert_int_equal((int32_t)ck_murmur2("a-little-bit-long-string", 24), -985981536);
    assert_int_equal((int32_t)ck_murmur2("a-little-bit-longer-string", 26), -1486304829);
    assert_int_equal((int32_t)ck_murmur2("lkjh234lh9fiuh90y23oiuhsafujhadof229phr9h19h89h8", 48), -58897971);
    {
        const uint8_t abc[3] = { 'a', 'b', 'c' };
        assert_int_equal((int32_t)ck_murmur2(abc, 3), 479470107);
    }
    /* Partition of key "foobar" over 12 partitions, Java's toPositive. */
    assert_int_equal((ck_murmur2("foobar", 6) & 0x7fffffff) % 12, (uint32_t)(-790332482 & 0x7fffffff) % 12);
}

/* ---------------------------------------------------------------------- */
/* Varints                                                                  */
/* ---------------------------------------------------------------------- */

static void test_varint_roundtrip(void **state)
{
    static const int64_t longs[] = { 0, 1, -1, 63, -64, 64, -65, 127, 128, 8191, -8192, 8192,
                                     INT32_MAX, INT32_MIN, (int64_t)INT32_MAX + 1, INT64_MAX, INT64_MIN,
                                     -1234567890123ll };
    static const int32_t ints[] = { 0, 1, -1, 63, -64, 64, -65, 300, -300, INT32_MAX, INT32_MIN };
    static const uint64_t uns[] = { 0, 1, 127, 128, 16383, 16384, UINT32_MAX, (uint64_t)UINT32_MAX + 1, UINT64_MAX };
    size_t i;
    ck_wb wb;
    ck_rd rd;
    (void)state;

    ck_wb_init(&wb, 0);
    for (i = 0; i < CK_ARRAY_LEN(longs); i++)
        ck_wb_varlong(&wb, longs[i]);
    for (i = 0; i < CK_ARRAY_LEN(ints); i++)
        ck_wb_varint(&wb, ints[i]);
    for (i = 0; i < CK_ARRAY_LEN(uns); i++)
        ck_wb_uvarint(&wb, uns[i]);
    ck_rd_init(&rd, wb.buf, wb.len);
    for (i = 0; i < CK_ARRAY_LEN(longs); i++)
        assert_true(ck_rd_varlong(&rd) == longs[i]);
    for (i = 0; i < CK_ARRAY_LEN(ints); i++)
        assert_int_equal(ck_rd_varint(&rd), ints[i]);
    for (i = 0; i < CK_ARRAY_LEN(uns); i++)
        assert_true(ck_rd_uvarint(&rd) == uns[i]);
    assert_int_equal(rd.err, 0);
    assert_int_equal(ck_rd_left(&rd), 0);

    /* Sizes. */
    assert_int_equal(ck_varint_size(0), 1);
    assert_int_equal(ck_varint_size(-1), 1);
    assert_int_equal(ck_varint_size(-64), 1);
    assert_int_equal(ck_varint_size(64), 2);
    assert_int_equal(ck_varint_size(INT32_MIN), 5);
    assert_int_equal(ck_varlong_size(INT64_MIN), 10);
    assert_int_equal(ck_uvarint_size(UINT64_MAX), 10);
    assert_int_equal(ck_uvarint_size(127), 1);
    assert_int_equal(ck_uvarint_size(128), 2);
    {
        uint8_t b[10];
        assert_int_equal(ck_put_varint(b, -1), 1);
        assert_int_equal(b[0], 0x01);
        assert_int_equal(ck_put_varint(b, 1), 1);
        assert_int_equal(b[0], 0x02);
        assert_int_equal(ck_put_uvarint(b, 300), 2);
        assert_int_equal(b[0], 0xac);
        assert_int_equal(b[1], 0x02);
    }
    /* uvarint32 */
    {
        uint8_t b[10];
        size_t n = ck_put_uvarint(b, UINT32_MAX);
        ck_rd_init(&rd, b, n);
        assert_int_equal(ck_rd_uvarint32(&rd), UINT32_MAX);
        assert_int_equal(rd.err, 0);
    }
    ck_wb_free(&wb);
}

static void test_varint_malformed(void **state)
{
    /* 6 continuation bytes: too long for a 32-bit varint. */
    static const uint8_t long32[] = { 0x80, 0x80, 0x80, 0x80, 0x80, 0x00 };
    /* 5th byte with bits beyond 32. */
    static const uint8_t over32[] = { 0xff, 0xff, 0xff, 0xff, 0x1f };
    static const uint8_t max32[] = { 0xff, 0xff, 0xff, 0xff, 0x0f };
    /* 11 bytes: too long for 64 bits. */
    static const uint8_t long64[] = { 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x00 };
    static const uint8_t over64[] = { 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x02 };
    static const uint8_t trunc[] = { 0x80, 0x80 };
    ck_rd rd;
    (void)state;

    ck_rd_init(&rd, long32, sizeof(long32));
    ck_rd_varint(&rd);
    assert_int_not_equal(rd.err, 0);
    ck_rd_init(&rd, over32, sizeof(over32));
    ck_rd_varint(&rd);
    assert_int_not_equal(rd.err, 0);
    ck_rd_init(&rd, over32, sizeof(over32));
    ck_rd_uvarint32(&rd);
    assert_int_not_equal(rd.err, 0);
    ck_rd_init(&rd, max32, sizeof(max32));
    assert_int_equal(ck_rd_varint(&rd), INT32_MIN);
    assert_int_equal(rd.err, 0);
    ck_rd_init(&rd, long64, sizeof(long64));
    ck_rd_varlong(&rd);
    assert_int_not_equal(rd.err, 0);
    ck_rd_init(&rd, over64, sizeof(over64));
    ck_rd_uvarint(&rd);
    assert_int_not_equal(rd.err, 0);
    ck_rd_init(&rd, trunc, sizeof(trunc));
    ck_rd_uvarint(&rd);
    assert_int_not_equal(rd.err, 0);
    /* Sticky: further reads return 0. */
    assert_int_equal(ck_rd_i32(&rd), 0);
    assert_int_equal(ck_rd_left(&rd), 0);
    assert_null(ck_rd_bytes(&rd, 0));
    ck_rd_init(&rd, NULL, 0);
    assert_int_equal(ck_rd_varlong(&rd), 0);
    assert_int_not_equal(rd.err, 0);
}

static void test_reader_fixed(void **state)
{
    uint8_t b[] = { 0x80, 0x01, 0xff, 0xff, 0xff, 0xfe, 1, 2, 3, 4, 5, 6, 7, 8, 9 };
    ck_rd rd;
    (void)state;
    ck_rd_init(&rd, b, sizeof(b));
    assert_int_equal(ck_rd_i16(&rd), (int16_t)0x8001);
    assert_int_equal(ck_rd_i32(&rd), -2);
    assert_true(ck_rd_i64(&rd) == 0x0102030405060708ll);
    assert_int_equal(ck_rd_i16(&rd), 0);
    assert_int_not_equal(rd.err, 0);
}

/* ---------------------------------------------------------------------- */
/* Writer                                                                   */
/* ---------------------------------------------------------------------- */

static int released;
static void release_ref(void *ref) { released += *(int *)ref; }

static void test_wb_basic_and_splice(void **state)
{
    ck_wb wb;
    int one = 1, ten = 10;
    size_t i;
    (void)state;

    ck_wb_init(&wb, 0);
    ck_wb_i8(&wb, 1);
    ck_wb_i16(&wb, 0x0203);
    ck_wb_i32(&wb, 0x04050607);
    ck_wb_i64(&wb, 0x08090a0b0c0d0e0fll);
    ck_wb_f64(&wb, 1.5);
    assert_int_equal(wb.len, 23);
    for (i = 0; i < 15; i++)
        assert_int_equal(wb.buf[i], i + 1);
    {
        ck_rd rd;
        ck_rd_init(&rd, wb.buf + 15, 8);
        assert_true(ck_rd_f64(&rd) == 1.5);
    }
    /* Patch a placeholder. */
    ck_wb_i32(&wb, 0);
    ck_wb_patch_i32(&wb, 23, 77);
    assert_int_equal(ck_be32(wb.buf + 23), 77);

    /* Splice ranges; contiguous ref-less ranges of one file merge. */
    wb.release = release_ref;
    ck_wb_splice_file(&wb, 5, 100, 50, NULL);
    ck_wb_splice_file(&wb, 5, 150, 25, NULL);
    assert_int_equal(wb.next, 1);
    assert_int_equal(wb.ext[0].len, 75);
    assert_int_equal(wb.ext[0].at, 27);
    ck_wb_put(&wb, "abc", 3);
    ck_wb_splice_file(&wb, 6, 0, 10, &one);
    ck_wb_splice_file(&wb, 6, 10, 10, &ten); /* has a ref: not merged */
    assert_int_equal(wb.next, 3);
    assert_int_equal(wb.ext[1].at, 30);
    assert_int_equal(wb.ext_bytes, 95);
    assert_int_equal(ck_wb_total(&wb), 30 + 95);
    ck_wb_reset(&wb);
    assert_int_equal(released, 11);
    assert_int_equal(ck_wb_total(&wb), 0);
    ck_wb_splice_file(&wb, 6, 0, 10, &one);
    ck_wb_free(&wb);
    assert_int_equal(released, 12);

    /* Large growth. */
    ck_wb_init(&wb, 4);
    for (i = 0; i < 100000; i++)
        ck_wb_uvarint(&wb, i);
    {
        ck_rd rd;
        ck_rd_init(&rd, wb.buf, wb.len);
        for (i = 0; i < 100000; i++)
            assert_true(ck_rd_uvarint(&rd) == i);
        assert_int_equal(ck_rd_left(&rd), 0);
    }
    ck_wb_free(&wb);
}

/* ---------------------------------------------------------------------- */
/* Arena, map                                                               */
/* ---------------------------------------------------------------------- */

static void test_arena(void **state)
{
    ck_arena a;
    size_t i;
    (void)state;

    ck_arena_init(&a);
    for (i = 0; i < 1000; i++) {
        uint8_t *p = ck_arena_alloc(&a, i % 37 + 1);
        assert_int_equal((uintptr_t)p & 7, 0);
        assert_int_equal(p[0], 0);
        memset(p, 0xab, i % 37 + 1);
    }
    {
        uint8_t *big = ck_arena_alloc(&a, 100000);
        assert_int_equal(big[99999], 0);
        memset(big, 1, 100000);
    }
    assert_string_equal(ck_arena_strndup(&a, "hello world", 5), "hello");
    ck_arena_reset(&a);
    assert_non_null(ck_arena_alloc(&a, 16));
    ck_arena_free(&a);
    ck_arena_free(&a);
}

static void test_map(void **state)
{
    ck_map m;
    char key[32];
    size_t i, it = 0, seen = 0;
    const char *k;
    size_t kl;
    void *v;
    (void)state;

    ck_map_init(&m);
    assert_null(ck_map_get(&m, "x", 1));
    assert_null(ck_map_del(&m, "x", 1));
    for (i = 0; i < 5000; i++) {
        int n = snprintf(key, sizeof(key), "key-%zu", i);
        assert_null(ck_map_put(&m, key, (size_t)n, (void *)(uintptr_t)(i + 1)));
    }
    assert_int_equal(m.count, 5000);
    for (i = 0; i < 5000; i++) {
        int n = snprintf(key, sizeof(key), "key-%zu", i);
        assert_int_equal((uintptr_t)ck_map_get(&m, key, (size_t)n), i + 1);
    }
    /* Replace returns the previous value. */
    assert_int_equal((uintptr_t)ck_map_put(&m, "key-7", 5, (void *)99), 8);
    assert_int_equal((uintptr_t)ck_map_get(&m, "key-7", 5), 99);
    /* Keys with embedded NULs and prefixes are distinct. */
    assert_null(ck_map_put(&m, "a\0b", 3, (void *)1));
    assert_null(ck_map_put(&m, "a", 1, (void *)2));
    assert_int_equal((uintptr_t)ck_map_get(&m, "a\0b", 3), 1);
    assert_int_equal((uintptr_t)ck_map_get(&m, "a", 1), 2);
    assert_null(ck_map_get(&m, "a\0c", 3));
    /* Delete half, churn with tombstones. */
    for (i = 0; i < 5000; i += 2) {
        int n = snprintf(key, sizeof(key), "key-%zu", i);
        assert_non_null(ck_map_del(&m, key, (size_t)n));
    }
    for (i = 0; i < 5000; i++) {
        int n = snprintf(key, sizeof(key), "key-%zu", i);
        void *got = ck_map_get(&m, key, (size_t)n);
        if (i % 2 == 0)
            assert_null(got);
        else
            assert_non_null(got);
    }
    for (i = 0; i < 20000; i++) {
        int n = snprintf(key, sizeof(key), "tmp-%zu", i);
        ck_map_put(&m, key, (size_t)n, (void *)1);
        ck_map_del(&m, key, (size_t)n);
    }
    assert_int_equal(m.count, 2502);
    while (ck_map_next(&m, &it, &k, &kl, &v)) {
        assert_int_equal(strlen(k) <= kl, 1);
        seen++;
    }
    assert_int_equal(seen, 2502);
    ck_map_free(&m);
}

/* ---------------------------------------------------------------------- */
/* JSON                                                                     */
/* ---------------------------------------------------------------------- */

static void json_expect(const char *in, size_t n, const char *want)
{
    ck_wb wb;
    ck_wb_init(&wb, 0);
    ck_json_str(&wb, in, n);
    ck_wb_i8(&wb, 0);
    assert_string_equal((const char *)wb.buf, want);
    ck_wb_free(&wb);
}

static void test_json(void **state)
{
    ck_wb wb;
    (void)state;

    json_expect("plain", 5, "\"plain\"");
    json_expect("", 0, "\"\"");
    json_expect("a\"b\\c", 5, "\"a\\\"b\\\\c\"");
    json_expect("\n\r\t\b\f", 5, "\"\\n\\r\\t\\b\\f\"");
    json_expect("\x01\x1f\x7f", 3, "\"\\u0001\\u001f\\u007f\"");
    json_expect("a\0b", 3, "\"a\\u0000b\"");
    json_expect("h\xc3\xa9llo \xe2\x82\xac \xf0\x9f\x98\x80", 15, "\"h\xc3\xa9llo \xe2\x82\xac \xf0\x9f\x98\x80\"");
    /* Invalid UTF-8: lone continuation, truncated sequence, overlong, surrogate. */
    json_expect("\x80", 1, "\"\\u0080\"");
    json_expect("x\xc3", 2, "\"x\\u00c3\"");
    json_expect("\xc0\xaf", 2, "\"\\u00c0\\u00af\"");
    json_expect("\xed\xa0\x80", 3, "\"\\u00ed\\u00a0\\u0080\"");
    json_expect("\xff" "ok", 3, "\"\\u00ffok\"");

    ck_wb_init(&wb, 0);
    ck_json_cstr(&wb, NULL);
    ck_json_raw(&wb, ",");
    ck_json_cstr(&wb, "x");
    ck_json_raw(&wb, ",");
    ck_json_i64(&wb, INT64_MIN);
    ck_json_raw(&wb, ",");
    ck_json_f64(&wb, 0.1);
    ck_json_raw(&wb, ",");
    ck_json_f64(&wb, 1.0 / 0.0);
    ck_json_raw(&wb, ",");
    ck_json_f64(&wb, 12345.678);
    ck_wb_i8(&wb, 0);
    assert_string_equal((const char *)wb.buf, "null,\"x\",-9223372036854775808,0.1,null,12345.678");
    ck_wb_free(&wb);
}

/* ---------------------------------------------------------------------- */
/* Logging, clocks, files                                                   */
/* ---------------------------------------------------------------------- */

static void test_log_and_clock(void **state)
{
    int64_t a, b;
    (void)state;
    assert_int_equal(ck_log_parse_level("error"), CK_LOG_ERROR);
    assert_int_equal(ck_log_parse_level("WARN"), CK_LOG_WARN);
    assert_int_equal(ck_log_parse_level("Info"), CK_LOG_INFO);
    assert_int_equal(ck_log_parse_level("debug"), CK_LOG_DEBUG);
    assert_int_equal(ck_log_parse_level("trace"), CK_LOG_TRACE);
    assert_int_equal(ck_log_parse_level("loud"), -1);
    assert_int_equal(ck_log_parse_level(NULL), -1);
    assert_int_equal(ck_log_threshold, CK_LOG_INFO);
    CK_INFO("test", "hello %d", 42);
    CK_DEBUG("test", "dropped %d", 1);
    a = ck_mono_ns();
    b = ck_mono_ns();
    assert_true(b >= a);
    assert_true(ck_now_ms() > 1600000000000ll);
    assert_true(ck_mono_us() > 0 && ck_mono_ms() >= 0);
}

static void test_files(void **state)
{
    char dir[] = "/tmp/ck-util-test-XXXXXX";
    char path[256], file[300];
    uint8_t buf[16];
    int fd;
    (void)state;

    assert_non_null(mkdtemp(dir));
    snprintf(path, sizeof(path), "%s/a/b/c/", dir);
    assert_int_equal(ck_mkdirs(path, 0755), 0);
    assert_int_equal(ck_mkdirs(path, 0755), 0);
    snprintf(file, sizeof(file), "%s/a/b/c/f", dir);
    fd = open(file, O_CREAT | O_RDWR | O_TRUNC, 0644);
    assert_true(fd >= 0);
    assert_int_equal(ck_write_all(fd, "hello", 5), 0);
    assert_int_equal(ck_pwrite_all(fd, "XY", 2, 10), 0);
    assert_int_equal(ck_pread_all(fd, buf, 5, 0), 0);
    assert_memory_equal(buf, "hello", 5);
    assert_int_equal(ck_pread_all(fd, buf, 2, 10), 0);
    assert_memory_equal(buf, "XY", 2);
    assert_int_equal(ck_pread_all(fd, buf, 16, 0), 1);
    close(fd);
    /* mkdirs through a file fails. */
    snprintf(path, sizeof(path), "%s/a/b/c/f/x", dir);
    assert_int_equal(ck_mkdirs(path, 0755), -1);
    snprintf(path, sizeof(path), "%s/a", dir);
    assert_int_equal(ck_fsync_dir(path), 0);
    assert_int_equal(ck_rmtree(dir), 0);
    assert_int_equal(access(dir, F_OK), -1);
    assert_int_equal(ck_rmtree(dir), 0);
}

static void test_alloc(void **state)
{
    char *s;
    uint8_t *p;
    (void)state;
    s = ck_strdup("abc");
    assert_string_equal(s, "abc");
    ck_free(s);
    s = ck_strndup("abcdef", 3);
    assert_string_equal(s, "abc");
    ck_free(s);
    assert_null(ck_strdup(NULL));
    p = ck_calloc(10, 10);
    assert_int_equal(p[99], 0);
    p = ck_realloc(p, 1000);
    ck_free(p);
    p = ck_memdup("xyz", 3);
    assert_memory_equal(p, "xyz", 3);
    ck_free(p);
    ck_free(ck_malloc(0));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_crc32c_vectors),
        cmocka_unit_test(test_crc32c_hw_vs_sw),
        cmocka_unit_test(test_murmur2),
        cmocka_unit_test(test_varint_roundtrip),
        cmocka_unit_test(test_varint_malformed),
        cmocka_unit_test(test_reader_fixed),
        cmocka_unit_test(test_wb_basic_and_splice),
        cmocka_unit_test(test_arena),
        cmocka_unit_test(test_map),
        cmocka_unit_test(test_json),
        cmocka_unit_test(test_log_and_clock),
        cmocka_unit_test(test_files),
        cmocka_unit_test(test_alloc),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
