/*
 * codec.c — Kafka's compression codecs behind ck_compress/ck_decompress.
 *
 *   gzip    zlib with a gzip header; decoding accepts concatenated members.
 *   snappy  snappy-java's "xerial" stream framing on output (16-byte header,
 *           then be32 length + raw snappy block per <= 32 KiB of input);
 *           decoding accepts that framing (also concatenated streams) and
 *           falls back to one raw snappy block when the magic is absent.
 *   lz4     the LZ4 frame format as Kafka writes it (64 KiB independent
 *           blocks, no checksums); decoding tolerates the wrong header
 *           checksum Kafka's magic-v0 writer produced.
 *   zstd    standard frames; decoding is streaming, so frames without a
 *           content size work, and concatenated frames are accepted.
 *
 * Every decoder stops with an error once the output would exceed max_out, and
 * on failure leaves `out` as it was.  All functions are thread-safe.
 */
#include "codec/codec.h"

#include <stdarg.h>
#include <stdio.h>
#include <strings.h>

#include <lz4frame.h>
#include <snappy-c.h>
#include <zlib.h>
#include <zstd.h>

#define OUT_CHUNK (256 * 1024)
#define SNAPPY_BLOCK (32 * 1024)

static const uint8_t xerial_magic[8] = { 0x82, 'S', 'N', 'A', 'P', 'P', 'Y', 0 };

static const char *const codec_names[] = { "none", "gzip", "snappy", "lz4", "zstd" };

/** @brief The Kafka name of a codec number, NULL if unknown. Any thread. */
const char *ck_codec_name(int codec)
{
    if (codec < 0 || (size_t)codec >= CK_ARRAY_LEN(codec_names))
        return NULL;
    return codec_names[codec];
}

/** @brief The codec number of a compression.type name (case-insensitive), -1 if unknown. */
int ck_codec_parse(const char *name)
{
    size_t i;
    if (name == NULL)
        return -1;
    for (i = 0; i < CK_ARRAY_LEN(codec_names); i++)
        if (strcasecmp(name, codec_names[i]) == 0)
            return (int)i;
    return -1;
}

/* Room to offer a streaming decoder: at most OUT_CHUNK, and one byte more
 * than max_out allows so that overshooting is detected. */
static size_t out_room(size_t produced, size_t max_out)
{
    size_t left = max_out - produced;
    return left >= OUT_CHUNK ? OUT_CHUNK : left + 1;
}

/* ===================================================================== */
/* gzip                                                                   */
/* ===================================================================== */

static int gzip_compress(int level, const uint8_t *in, size_t len, ck_wb *out, char *err, size_t errlen)
{
    z_stream zs;
    int rc = -1, zr;

    memset(&zs, 0, sizeof(zs));
    if (level < 0 || level > 9)
        level = Z_DEFAULT_COMPRESSION;
    if (deflateInit2(&zs, level, Z_DEFLATED, 15 + 16, 8, Z_DEFAULT_STRATEGY) != Z_OK) {
        ck_errf(err, errlen, "gzip: deflateInit2 failed");
        return -1;
    }
    zs.next_in = (Bytef *)(uintptr_t)in;
    do {
        size_t chunk_in = CK_MIN(len, (size_t)0x40000000);
        int flush;
        zs.avail_in = (uInt)chunk_in;
        len -= chunk_in;
        flush = len == 0 ? Z_FINISH : Z_NO_FLUSH;
        do {
            size_t room = CK_MAX((size_t)deflateBound(&zs, zs.avail_in), (size_t)4096);
            room = CK_MIN(room, (size_t)0x40000000);
            zs.next_out = ck_wb_reserve(out, room);
            zs.avail_out = (uInt)room;
            zr = deflate(&zs, flush);
            out->len += room - zs.avail_out;
            if (zr == Z_STREAM_ERROR) {
                ck_errf(err, errlen, "gzip: deflate failed");
                goto out_end;
            }
        } while (zs.avail_out == 0 || (flush == Z_FINISH && zr != Z_STREAM_END));
    } while (len > 0);
    rc = 0;
out_end:
    deflateEnd(&zs);
    return rc;
}

static bool all_zero(const uint8_t *p, size_t n)
{
    size_t i;
    for (i = 0; i < n; i++)
        if (p[i])
            return false;
    return true;
}

static int gzip_decompress(const uint8_t *in, size_t len, size_t max_out, ck_wb *out, char *err, size_t errlen)
{
    z_stream zs;
    size_t start = out->len;
    int rc = -1, zr;
    bool in_member = true;

    memset(&zs, 0, sizeof(zs));
    if (inflateInit2(&zs, 15 + 32) != Z_OK) {
        ck_errf(err, errlen, "gzip: inflateInit2 failed");
        return -1;
    }
    zs.next_in = (Bytef *)(uintptr_t)in;
    for (;;) {
        size_t chunk_in, room, used_in;
        if (!in_member) {
            /* Between members: stop at the end or at zero padding. */
            if (len == 0 || all_zero(zs.next_in, len))
                break;
            inflateReset(&zs);
            in_member = true;
        }
        chunk_in = CK_MIN(len, (size_t)0x40000000);
        zs.avail_in = (uInt)chunk_in;
        room = out_room(out->len - start, max_out);
        zs.next_out = ck_wb_reserve(out, room);
        zs.avail_out = (uInt)room;
        zr = inflate(&zs, Z_NO_FLUSH);
        used_in = chunk_in - zs.avail_in;
        len -= used_in;
        out->len += room - zs.avail_out;
        if (out->len - start > max_out) {
            ck_errf(err, errlen, "gzip: output exceeds %zu bytes", max_out);
            goto out_end;
        }
        if (zr == Z_STREAM_END) {
            in_member = false;
            continue;
        }
        if (zr != Z_OK && zr != Z_BUF_ERROR) {
            ck_errf(err, errlen, "gzip: %s", zs.msg ? zs.msg : "corrupt data");
            goto out_end;
        }
        if (len == 0 && zs.avail_out != 0) {
            ck_errf(err, errlen, "gzip: truncated stream");
            goto out_end;
        }
        if (zr == Z_BUF_ERROR && used_in == 0 && zs.avail_out == room) {
            ck_errf(err, errlen, "gzip: no progress");
            goto out_end;
        }
    }
    rc = 0;
out_end:
    inflateEnd(&zs);
    if (rc != 0)
        out->len = start;
    return rc;
}

/* ===================================================================== */
/* snappy (xerial framing)                                                */
/* ===================================================================== */

static int snappy_compress_xerial(const uint8_t *in, size_t len, ck_wb *out, char *err, size_t errlen)
{
    uint8_t hdr[16];
    size_t pos = 0;

    memcpy(hdr, xerial_magic, 8);
    ck_put_be32(hdr + 8, 1);
    ck_put_be32(hdr + 12, 1);
    ck_wb_put(out, hdr, 16);
    while (pos < len) {
        size_t n = CK_MIN(len - pos, (size_t)SNAPPY_BLOCK);
        size_t clen = snappy_max_compressed_length(n);
        uint8_t *dst = ck_wb_reserve(out, 4 + clen);
        if (snappy_compress((const char *)in + pos, n, (char *)dst + 4, &clen) != SNAPPY_OK) {
            ck_errf(err, errlen, "snappy: compression failed");
            return -1;
        }
        ck_put_be32(dst, (uint32_t)clen);
        out->len += 4 + clen;
        pos += n;
    }
    return 0;
}

static int snappy_block(const uint8_t *in, size_t len, size_t start, size_t max_out, ck_wb *out,
                        char *err, size_t errlen)
{
    size_t ulen;
    uint8_t *dst;

    if (snappy_uncompressed_length((const char *)in, len, &ulen) != SNAPPY_OK) {
        ck_errf(err, errlen, "snappy: corrupt block header");
        return -1;
    }
    if (ulen > max_out - (out->len - start)) {
        ck_errf(err, errlen, "snappy: output exceeds %zu bytes", max_out);
        return -1;
    }
    dst = ck_wb_reserve(out, ulen);
    if (snappy_uncompress((const char *)in, len, (char *)dst, &ulen) != SNAPPY_OK) {
        ck_errf(err, errlen, "snappy: corrupt block");
        return -1;
    }
    out->len += ulen;
    return 0;
}

static int snappy_decompress(const uint8_t *in, size_t len, size_t max_out, ck_wb *out, char *err, size_t errlen)
{
    size_t start = out->len, pos = 16;
    int rc = -1;

    if (len < 16 || memcmp(in, xerial_magic, 8) != 0) {
        rc = snappy_block(in, len, start, max_out, out, err, errlen);
        goto out_end;
    }
    while (pos < len) {
        uint32_t blen;
        if (len - pos < 4) {
            ck_errf(err, errlen, "snappy: truncated block length");
            goto out_end;
        }
        if (len - pos >= 16 && memcmp(in + pos, xerial_magic, 8) == 0) {
            pos += 16; /* a concatenated stream's header */
            continue;
        }
        blen = ck_be32(in + pos);
        pos += 4;
        if (blen == 0 || blen > len - pos) {
            ck_errf(err, errlen, "snappy: bad block length %u", blen);
            goto out_end;
        }
        if (snappy_block(in + pos, blen, start, max_out, out, err, errlen) != 0)
            goto out_end;
        pos += blen;
    }
    rc = 0;
out_end:
    if (rc != 0)
        out->len = start;
    return rc;
}

/* ===================================================================== */
/* lz4                                                                    */
/* ===================================================================== */

static int lz4_compress(int level, const uint8_t *in, size_t len, ck_wb *out, char *err, size_t errlen)
{
    LZ4F_preferences_t prefs;
    size_t bound, n;

    memset(&prefs, 0, sizeof(prefs));
    prefs.frameInfo.blockSizeID = LZ4F_max64KB;
    prefs.frameInfo.blockMode = LZ4F_blockIndependent;
    prefs.frameInfo.contentChecksumFlag = LZ4F_noContentChecksum;
    prefs.frameInfo.blockChecksumFlag = LZ4F_noBlockChecksum;
    prefs.compressionLevel = level < 0 ? 0 : level;
    bound = LZ4F_compressFrameBound(len, &prefs);
    n = LZ4F_compressFrame(ck_wb_reserve(out, bound), bound, in, len, &prefs);
    if (LZ4F_isError(n)) {
        ck_errf(err, errlen, "lz4: %s", LZ4F_getErrorName(n));
        return -1;
    }
    out->len += n;
    return 0;
}

/* xxHash32, only to recompute an LZ4 frame header checksum. */
static uint32_t rotl32(uint32_t x, int r) { return (x << r) | (x >> (32 - r)); }
static uint32_t le32(const uint8_t *p) { return (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 | (uint32_t)p[3] << 24; }

static uint32_t xxh32(const uint8_t *p, size_t len, uint32_t seed)
{
    const uint32_t P1 = 2654435761u, P2 = 2246822519u, P3 = 3266489917u, P4 = 668265263u, P5 = 374761393u;
    const uint8_t *end = p + len;
    uint32_t h;

    if (len >= 16) {
        uint32_t v1 = seed + P1 + P2, v2 = seed + P2, v3 = seed, v4 = seed - P1;
        const uint8_t *limit = end - 16;
        do {
            v1 = rotl32(v1 + le32(p) * P2, 13) * P1; p += 4;
            v2 = rotl32(v2 + le32(p) * P2, 13) * P1; p += 4;
            v3 = rotl32(v3 + le32(p) * P2, 13) * P1; p += 4;
            v4 = rotl32(v4 + le32(p) * P2, 13) * P1; p += 4;
        } while (p <= limit);
        h = rotl32(v1, 1) + rotl32(v2, 7) + rotl32(v3, 12) + rotl32(v4, 18);
    } else {
        h = seed + P5;
    }
    h += (uint32_t)len;
    while (p + 4 <= end) {
        h = rotl32(h + le32(p) * P3, 17) * P4;
        p += 4;
    }
    while (p < end) {
        h = rotl32(h + (*p) * P5, 11) * P1;
        p++;
    }
    h ^= h >> 15;
    h *= P2;
    h ^= h >> 13;
    h *= P3;
    h ^= h >> 16;
    return h;
}

/* Rewrites the HC byte of the frame header at p with the correct checksum;
 * false if p does not start with a plausible LZ4 frame header. */
static bool lz4_fix_hc(uint8_t *p, size_t len)
{
    size_t dlen;
    if (len < 7 || le32(p) != 0x184D2204u)
        return false;
    dlen = 2 + ((p[4] & 0x08) ? 8 : 0) + ((p[4] & 0x01) ? 4 : 0);
    if (len < 4 + dlen + 1)
        return false;
    p[4 + dlen] = (uint8_t)(xxh32(p + 4, dlen, 0) >> 8);
    return true;
}

static int lz4_decompress_once(const uint8_t *in, size_t len, size_t max_out, ck_wb *out,
                               bool *hc_error, char *err, size_t errlen)
{
    LZ4F_dctx *dctx = NULL;
    size_t start = out->len, pos = 0, ret = 1;
    int rc = -1;

    *hc_error = false;
    if (LZ4F_isError(LZ4F_createDecompressionContext(&dctx, LZ4F_VERSION))) {
        ck_errf(err, errlen, "lz4: cannot create context");
        return -1;
    }
    if (len == 0) {
        ck_errf(err, errlen, "lz4: empty input");
        goto out_end;
    }
    while (pos < len || ret != 0) {
        size_t room = out_room(out->len - start, max_out);
        size_t dst_size = room, src_size = len - pos;
        ret = LZ4F_decompress(dctx, ck_wb_reserve(out, room), &dst_size, in + pos, &src_size, NULL);
        if (LZ4F_isError(ret)) {
            *hc_error = strcmp(LZ4F_getErrorName(ret), "ERROR_headerChecksum_invalid") == 0;
            ck_errf(err, errlen, "lz4: %s", LZ4F_getErrorName(ret));
            goto out_end;
        }
        pos += src_size;
        out->len += dst_size;
        if (out->len - start > max_out) {
            ck_errf(err, errlen, "lz4: output exceeds %zu bytes", max_out);
            goto out_end;
        }
        if (ret != 0 && pos == len && dst_size < room) {
            ck_errf(err, errlen, "lz4: truncated frame");
            goto out_end;
        }
        if (src_size == 0 && dst_size == 0 && ret != 0) {
            ck_errf(err, errlen, "lz4: no progress");
            goto out_end;
        }
    }
    rc = 0;
out_end:
    LZ4F_freeDecompressionContext(dctx);
    if (rc != 0)
        out->len = start;
    return rc;
}

static int lz4_decompress(const uint8_t *in, size_t len, size_t max_out, ck_wb *out, char *err, size_t errlen)
{
    bool hc_error;
    uint8_t *fixed;
    int rc;

    rc = lz4_decompress_once(in, len, max_out, out, &hc_error, err, errlen);
    if (rc == 0 || !hc_error)
        return rc;
    /* Kafka magic-v0 writers computed HC over magic + descriptor: fix, retry. */
    fixed = ck_memdup(in, len);
    if (lz4_fix_hc(fixed, len))
        rc = lz4_decompress_once(fixed, len, max_out, out, &hc_error, err, errlen);
    ck_free(fixed);
    return rc;
}

/* ===================================================================== */
/* zstd                                                                   */
/* ===================================================================== */

static int zstd_compress(int level, const uint8_t *in, size_t len, ck_wb *out, char *err, size_t errlen)
{
    size_t bound = ZSTD_compressBound(len);
    size_t n = ZSTD_compress(ck_wb_reserve(out, bound), bound, in, len, level < 0 ? ZSTD_CLEVEL_DEFAULT : level);
    if (ZSTD_isError(n)) {
        ck_errf(err, errlen, "zstd: %s", ZSTD_getErrorName(n));
        return -1;
    }
    out->len += n;
    return 0;
}

static int zstd_decompress(const uint8_t *in, size_t len, size_t max_out, ck_wb *out, char *err, size_t errlen)
{
    ZSTD_DCtx *dctx = ZSTD_createDCtx();
    ZSTD_inBuffer ib = { in, len, 0 };
    size_t start = out->len, ret = 1;
    int rc = -1;

    if (dctx == NULL) {
        ck_errf(err, errlen, "zstd: cannot create context");
        return -1;
    }
    if (len == 0) {
        ck_errf(err, errlen, "zstd: empty input");
        goto out_end;
    }
    while (ib.pos < ib.size || ret != 0) {
        size_t room = out_room(out->len - start, max_out);
        ZSTD_outBuffer ob = { ck_wb_reserve(out, room), room, 0 };
        size_t before = ib.pos;
        ret = ZSTD_decompressStream(dctx, &ob, &ib);
        if (ZSTD_isError(ret)) {
            ck_errf(err, errlen, "zstd: %s", ZSTD_getErrorName(ret));
            goto out_end;
        }
        out->len += ob.pos;
        if (out->len - start > max_out) {
            ck_errf(err, errlen, "zstd: output exceeds %zu bytes", max_out);
            goto out_end;
        }
        if (ret != 0 && ib.pos == ib.size && ob.pos < ob.size) {
            ck_errf(err, errlen, "zstd: truncated frame");
            goto out_end;
        }
        if (ib.pos == before && ob.pos == 0 && ret != 0) {
            ck_errf(err, errlen, "zstd: no progress");
            goto out_end;
        }
    }
    rc = 0;
out_end:
    ZSTD_freeDCtx(dctx);
    if (rc != 0)
        out->len = start;
    return rc;
}

/* ===================================================================== */
/* Dispatch                                                               */
/* ===================================================================== */

/** @brief Appends in[0..len) compressed with codec to out; 0 or -1 with err. Any thread. */
int ck_compress(int codec, int level, const void *in, size_t len, ck_wb *out, char *err, size_t errlen)
{
    size_t start = out->len;
    int rc;

    switch (codec) {
    case CK_CODEC_NONE:
        ck_wb_put(out, in, len);
        return 0;
    case CK_CODEC_GZIP:
        rc = gzip_compress(level, in, len, out, err, errlen);
        break;
    case CK_CODEC_SNAPPY:
        rc = snappy_compress_xerial(in, len, out, err, errlen);
        break;
    case CK_CODEC_LZ4:
        rc = lz4_compress(level, in, len, out, err, errlen);
        break;
    case CK_CODEC_ZSTD:
        rc = zstd_compress(level, in, len, out, err, errlen);
        break;
    default:
        ck_errf(err, errlen, "unknown compression codec %d", codec);
        return -1;
    }
    if (rc != 0)
        out->len = start;
    return rc;
}

/** @brief Appends the decompression of in[0..len) to out, at most max_out
 *  bytes; 0, or -1 with err and out unchanged. Any thread. */
int ck_decompress(int codec, const void *in, size_t len, size_t max_out, ck_wb *out, char *err, size_t errlen)
{
    switch (codec) {
    case CK_CODEC_NONE:
        if (len > max_out) {
            ck_errf(err, errlen, "output exceeds %zu bytes", max_out);
            return -1;
        }
        ck_wb_put(out, in, len);
        return 0;
    case CK_CODEC_GZIP:
        return gzip_decompress(in, len, max_out, out, err, errlen);
    case CK_CODEC_SNAPPY:
        return snappy_decompress(in, len, max_out, out, err, errlen);
    case CK_CODEC_LZ4:
        return lz4_decompress(in, len, max_out, out, err, errlen);
    case CK_CODEC_ZSTD:
        return zstd_decompress(in, len, max_out, out, err, errlen);
    default:
        ck_errf(err, errlen, "unknown compression codec %d", codec);
        return -1;
    }
}
