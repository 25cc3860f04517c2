/*
 * test_codec.c — unit tests for lib/codec: round trips of every codec at
 * several sizes, decoding output of the reference gzip/lz4/zstd command-line
 * tools (run at test time), snappy xerial framing and raw-block fallback,
 * Kafka's lz4 header-checksum quirk, max_out enforcement and corrupt input.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <cmocka.h>

#include <snappy-c.h>
#include <unistd.h>

#include "codec/codec.h"

static const int all_codecs[] = { CK_CODEC_NONE, CK_CODEC_GZIP, CK_CODEC_SNAPPY, CK_CODEC_LZ4, CK_CODEC_ZSTD };

static uint8_t *make_data(size_t n, bool random_bytes, uint32_t seed)
{
    uint8_t *p = malloc(n ? n : 1);
    size_t i;
    for (i = 0; i < n; i++) {
        seed = seed * 1103515245u + 12345u;
        p[i] = random_bytes ? (uint8_t)(seed >> 16) : (uint8_t)("kafka records are fun "[i % 22] + (i / 1000) % 3);
    }
    return p;
}

static void roundtrip(int codec, const uint8_t *in, size_t len)
{
    ck_wb c, d;
    char err[128];

    ck_wb_init(&c, 0);
    ck_wb_init(&d, 0);
    ck_wb_put(&d, "pre", 3); /* decompress appends */
    assert_int_equal(ck_compress(codec, -1, in, len, &c, err, sizeof(err)), 0);
    if (ck_decompress(codec, c.buf, c.len, len, &d, err, sizeof(err)) != 0)
        fail_msg("codec %s len %zu: %s", ck_codec_name(codec), len, err);
    assert_int_equal(d.len, len + 3);
    assert_memory_equal(d.buf, "pre", 3);
    if (len)
        assert_memory_equal(d.buf + 3, in, len);
    /* max_out one byte short fails and leaves out untouched. */
    if (len > 0) {
        assert_int_equal(ck_decompress(codec, c.buf, c.len, len - 1, &d, err, sizeof(err)), -1);
        assert_int_equal(d.len, len + 3);
    }
    ck_wb_free(&c);
    ck_wb_free(&d);
}

static void test_names(void **state)
{
    (void)state;
    assert_string_equal(ck_codec_name(0), "none");
    assert_string_equal(ck_codec_name(4), "zstd");
    assert_null(ck_codec_name(5));
    assert_null(ck_codec_name(-1));
    assert_int_equal(ck_codec_parse("none"), 0);
    assert_int_equal(ck_codec_parse("gzip"), 1);
    assert_int_equal(ck_codec_parse("snappy"), 2);
    assert_int_equal(ck_codec_parse("lz4"), 3);
    assert_int_equal(ck_codec_parse("zstd"), 4);
    assert_int_equal(ck_codec_parse("producer"), -1);
    assert_int_equal(ck_codec_parse("brotli"), -1);
    assert_int_equal(ck_codec_parse(NULL), -1);
}

static void test_roundtrips(void **state)
{
    static const size_t sizes[] = { 0, 1, 100, 100000 };
    size_t c, s;
    (void)state;

    for (c = 0; c < CK_ARRAY_LEN(all_codecs); c++) {
        for (s = 0; s < CK_ARRAY_LEN(sizes); s++) {
            uint8_t *d = make_data(sizes[s], false, 1);
            roundtrip(all_codecs[c], d, sizes[s]);
            free(d);
        }
        {
            size_t n = 3u << 20;
            uint8_t *d = make_data(n, true, 7);
            roundtrip(all_codecs[c], d, n);
            free(d);
        }
    }
}

static void test_levels(void **state)
{
    uint8_t *d = make_data(50000, false, 3);
    ck_wb c, o;
    char err[128];
    (void)state;
    ck_wb_init(&c, 0);
    ck_wb_init(&o, 0);
    assert_int_equal(ck_compress(CK_CODEC_GZIP, 9, d, 50000, &c, err, sizeof(err)), 0);
    assert_int_equal(ck_decompress(CK_CODEC_GZIP, c.buf, c.len, SIZE_MAX, &o, err, sizeof(err)), 0);
    assert_int_equal(o.len, 50000);
    c.len = o.len = 0;
    assert_int_equal(ck_compress(CK_CODEC_ZSTD, 19, d, 50000, &c, err, sizeof(err)), 0);
    assert_int_equal(ck_decompress(CK_CODEC_ZSTD, c.buf, c.len, SIZE_MAX, &o, err, sizeof(err)), 0);
    assert_int_equal(o.len, 50000);
    c.len = o.len = 0;
    assert_int_equal(ck_compress(CK_CODEC_LZ4, 9, d, 50000, &c, err, sizeof(err)), 0);
    assert_int_equal(ck_decompress(CK_CODEC_LZ4, c.buf, c.len, SIZE_MAX, &o, err, sizeof(err)), 0);
    assert_int_equal(o.len, 50000);
    assert_int_equal(ck_compress(9, -1, d, 10, &c, err, sizeof(err)), -1);
    assert_int_equal(ck_decompress(9, d, 10, 100, &o, err, sizeof(err)), -1);
    assert_int_equal(ck_decompress(CK_CODEC_NONE, d, 10, 9, &o, err, sizeof(err)), -1);
    ck_wb_free(&c);
    ck_wb_free(&o);
    free(d);
}

/* Runs `cmd` (reading file `in`) and returns its stdout. */
static void run_tool(const char *cmd, ck_wb *out)
{
    FILE *f = popen(cmd, "r");
    uint8_t buf[65536];
    size_t n;
    assert_non_null(f);
    while ((n = fread(buf, 1, sizeof(buf), f)) > 0)
        ck_wb_put(out, buf, n);
    assert_int_equal(pclose(f), 0);
}

static bool have_tool(const char *name)
{
    char cmd[128];
    snprintf(cmd, sizeof(cmd), "command -v %s >/dev/null 2>&1", name);
    return system(cmd) == 0;
}

static void check_tool(int codec, const char *tool, const char *fmt, const char *path,
                       const uint8_t *in, size_t len, int copies)
{
    char cmd[512];
    char err[128];
    ck_wb c, d;

    if (!have_tool(tool)) {
        printf("%s not installed: skipping (apt-get install %s)\n", tool, tool);
        return;
    }
    ck_wb_init(&c, 0);
    ck_wb_init(&d, 0);
    snprintf(cmd, sizeof(cmd), fmt, path, path);
    run_tool(cmd, &c);
    assert_true(c.len > 0);
    if (ck_decompress(codec, c.buf, c.len, SIZE_MAX, &d, err, sizeof(err)) != 0)
        fail_msg("%s: %s", cmd, err);
    assert_int_equal(d.len, copies * len);
    for (int i = 0; i < copies; i++)
        assert_memory_equal(d.buf + (size_t)i * len, in, len);
    ck_wb_free(&c);
    ck_wb_free(&d);
}

static void test_reference_tools(void **state)
{
    char path[] = "/tmp/ck-codec-test-XXXXXX";
    static const size_t sizes[] = { 1, 5000, 300000 };
    size_t s;
    (void)state;

    for (s = 0; s < CK_ARRAY_LEN(sizes); s++) {
        uint8_t *d = make_data(sizes[s], s == 2, 11);
        int fd = mkstemp(path);
        assert_true(fd >= 0);
        assert_int_equal(write(fd, d, sizes[s]), (ssize_t)sizes[s]);
        close(fd);
        check_tool(CK_CODEC_GZIP, "gzip", "gzip -c < %s%.0s", path, d, sizes[s], 1);
        check_tool(CK_CODEC_GZIP, "gzip", "gzip -9 -c %s", path, d, sizes[s], 1);
        /* Two gzip members back to back. */
        check_tool(CK_CODEC_GZIP, "gzip", "(gzip -c %s; gzip -1 -c %s) | cat", path, d, sizes[s], 2);
        check_tool(CK_CODEC_LZ4, "lz4", "lz4 -q -c %s", path, d, sizes[s], 1);
        check_tool(CK_CODEC_LZ4, "lz4", "lz4 -q -c -BD --content-size -BX %s", path, d, sizes[s], 1);
        check_tool(CK_CODEC_LZ4, "lz4", "lz4 -q -c -B4 < %s%.0s", path, d, sizes[s], 1);
        check_tool(CK_CODEC_ZSTD, "zstd", "zstd -q -c %s", path, d, sizes[s], 1);
        /* From a pipe: the frame has no content size. */
        check_tool(CK_CODEC_ZSTD, "zstd", "cat %s | zstd -q -c --no-check%.0s", path, d, sizes[s], 1);
        unlink(path);
        memcpy(path + strlen(path) - 6, "XXXXXX", 6);
        free(d);
    }
}

static void test_concatenated_streams(void **state)
{
    uint8_t *d = make_data(70000, false, 5);
    static const int codecs[] = { CK_CODEC_GZIP, CK_CODEC_SNAPPY, CK_CODEC_LZ4, CK_CODEC_ZSTD };
    size_t i;
    char err[128];
    (void)state;

    for (i = 0; i < CK_ARRAY_LEN(codecs); i++) {
        ck_wb c, o;
        ck_wb_init(&c, 0);
        ck_wb_init(&o, 0);
        assert_int_equal(ck_compress(codecs[i], -1, d, 70000, &c, err, sizeof(err)), 0);
        assert_int_equal(ck_compress(codecs[i], -1, d, 1000, &c, err, sizeof(err)), 0);
        if (ck_decompress(codecs[i], c.buf, c.len, SIZE_MAX, &o, err, sizeof(err)) != 0)
            fail_msg("%s: %s", ck_codec_name(codecs[i]), err);
        assert_int_equal(o.len, 71000);
        assert_memory_equal(o.buf, d, 70000);
        assert_memory_equal(o.buf + 70000, d, 1000);
        ck_wb_free(&c);
        ck_wb_free(&o);
    }
    free(d);
}

static void test_snappy_framing(void **state)
{
    uint8_t *d = make_data(100000, false, 9);
    ck_wb c, o;
    char err[128];
    size_t clen = snappy_max_compressed_length(100000), pos, blocks = 0;
    char *raw = malloc(clen);
    (void)state;

    ck_wb_init(&c, 0);
    ck_wb_init(&o, 0);
    assert_int_equal(ck_compress(CK_CODEC_SNAPPY, -1, d, 100000, &c, err, sizeof(err)), 0);
    /* Header: magic, version 1, compat 1; then blocks of <= 32 KiB input. */
    assert_memory_equal(c.buf, "\x82SNAPPY\0", 8);
    assert_int_equal(ck_be32(c.buf + 8), 1);
    assert_int_equal(ck_be32(c.buf + 12), 1);
    for (pos = 16; pos < c.len; blocks++) {
        size_t ulen;
        uint32_t bl = ck_be32(c.buf + pos);
        assert_int_equal(snappy_uncompressed_length((const char *)c.buf + pos + 4, bl, &ulen), SNAPPY_OK);
        assert_true(ulen <= 32768);
        pos += 4 + bl;
    }
    assert_int_equal(pos, c.len);
    assert_int_equal(blocks, 4);

    /* A raw snappy block (no xerial header) decodes through the fallback. */
    assert_int_equal(snappy_compress((const char *)d, 100000, raw, &clen), SNAPPY_OK);
    assert_int_equal(ck_decompress(CK_CODEC_SNAPPY, raw, clen, 100000, &o, err, sizeof(err)), 0);
    assert_int_equal(o.len, 100000);
    assert_memory_equal(o.buf, d, 100000);
    o.len = 0;
    assert_int_equal(ck_decompress(CK_CODEC_SNAPPY, raw, clen, 99999, &o, err, sizeof(err)), -1);
    assert_int_equal(o.len, 0);
    /* Header only: an empty stream. */
    assert_int_equal(ck_decompress(CK_CODEC_SNAPPY, c.buf, 16, 10, &o, err, sizeof(err)), 0);
    assert_int_equal(o.len, 0);
    /* Block length pointing past the end. */
    ck_put_be32(c.buf + 16, 0x7fffffff);
    assert_int_equal(ck_decompress(CK_CODEC_SNAPPY, c.buf, c.len, SIZE_MAX, &o, err, sizeof(err)), -1);
    ck_wb_free(&c);
    ck_wb_free(&o);
    free(raw);
    free(d);
}

static void test_lz4_kafka_quirk(void **state)
{
    uint8_t *d = make_data(100000, false, 13);
    ck_wb c, o;
    char err[128];
    (void)state;

    ck_wb_init(&c, 0);
    ck_wb_init(&o, 0);
    assert_int_equal(ck_compress(CK_CODEC_LZ4, -1, d, 100000, &c, err, sizeof(err)), 0);
    /* Kafka's frame: magic, FLG version 01 + independent blocks, no checksums, 64 KiB blocks. */
    assert_int_equal(ck_be32(c.buf), 0x04224D18u);
    assert_int_equal(c.buf[4] & 0xc0, 0x40);
    assert_int_equal(c.buf[4] & 0x20, 0x20);
    assert_int_equal(c.buf[4] & 0x1d, 0);
    assert_int_equal((c.buf[5] >> 4) & 7, 4);
    /* A wrong HC byte (as Kafka's magic-v0 writer produced) is tolerated. */
    c.buf[6] ^= 0x5a;
    if (ck_decompress(CK_CODEC_LZ4, c.buf, c.len, SIZE_MAX, &o, err, sizeof(err)) != 0)
        fail_msg("lz4 quirk: %s", err);
    assert_int_equal(o.len, 100000);
    assert_memory_equal(o.buf, d, 100000);
    ck_wb_free(&c);
    ck_wb_free(&o);
    free(d);
}

static void test_corrupt(void **state)
{
    uint8_t *d = make_data(20000, false, 17);
    size_t c, cut, i;
    char err[128];
    (void)state;

    for (c = 1; c < CK_ARRAY_LEN(all_codecs); c++) {
        int codec = all_codecs[c];
        ck_wb z, o;
        uint32_t seed = 99;
        ck_wb_init(&z, 0);
        ck_wb_init(&o, 0);
        assert_int_equal(ck_compress(codec, -1, d, 20000, &z, err, sizeof(err)), 0);
        /* Every truncation fails cleanly (snappy's raw fallback may not always
         * notice, but must not crash or overrun). */
        for (cut = 0; cut < z.len; cut += (cut < 64 ? 1 : 97)) {
            int rc = ck_decompress(codec, z.buf, cut, 20000, &o, err, sizeof(err));
            if (rc == 0 && codec == CK_CODEC_SNAPPY && cut >= 16) {
                /* xerial has no end marker: a cut at a block boundary is a
                 * shorter valid stream, giving a whole-block prefix. */
                assert_int_equal(o.len % 32768, 0);
                assert_memory_equal(o.buf, d, o.len);
            } else if ((codec != CK_CODEC_SNAPPY || cut >= 16) && rc != -1) {
                fail_msg("%s: truncation to %zu of %zu accepted", ck_codec_name(codec), cut, z.len);
            }
            assert_true(o.len <= 20000);
            o.len = 0;
        }
        /* Random byte flips: no crash, output bounded. */
        for (i = 0; i < 300; i++) {
            uint8_t *bad = malloc(z.len);
            size_t pos;
            memcpy(bad, z.buf, z.len);
            seed = seed * 1103515245u + 12345u;
            pos = (seed >> 8) % z.len;
            bad[pos] ^= (uint8_t)(1 + (seed >> 24) % 255);
            if (ck_decompress(codec, bad, z.len, 20000, &o, err, sizeof(err)) != 0)
                assert_int_equal(o.len, 0);
            assert_true(o.len <= 20000);
            o.len = 0;
            free(bad);
        }
        /* Garbage. */
        assert_int_equal(ck_decompress(codec, "garbage!garbage!garbage!", 24, 1000, &o, err, sizeof(err)), -1);
        ck_wb_free(&z);
        ck_wb_free(&o);
    }
    free(d);
}

static void test_bomb(void **state)
{
    size_t n = 64u << 20;
    uint8_t *zeros = calloc(1, n);
    static const int codecs[] = { CK_CODEC_GZIP, CK_CODEC_SNAPPY, CK_CODEC_LZ4, CK_CODEC_ZSTD };
    size_t i;
    char err[128];
    (void)state;

    for (i = 0; i < CK_ARRAY_LEN(codecs); i++) {
        ck_wb z, o;
        ck_wb_init(&z, 0);
        ck_wb_init(&o, 0);
        assert_int_equal(ck_compress(codecs[i], -1, zeros, n, &z, err, sizeof(err)), 0);
        assert_int_equal(ck_decompress(codecs[i], z.buf, z.len, 1 << 20, &o, err, sizeof(err)), -1);
        assert_non_null(strstr(err, "exceeds"));
        assert_true(o.cap <= (2u << 20)); /* stopped early, no huge allocation */
        ck_wb_free(&z);
        ck_wb_free(&o);
    }
    free(zeros);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_names),
        cmocka_unit_test(test_roundtrips),
        cmocka_unit_test(test_levels),
        cmocka_unit_test(test_reference_tools),
        cmocka_unit_test(test_concatenated_streams),
        cmocka_unit_test(test_snappy_framing),
        cmocka_unit_test(test_lz4_kafka_quirk),
        cmocka_unit_test(test_corrupt),
        cmocka_unit_test(test_bomb),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
