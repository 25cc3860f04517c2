/*
 * codec.h — compression behind one interface.  Kafka's codecs by their
 * attribute numbers: gzip (zlib), snappy (raw blocks and the xerial /
 * snappy-java stream framing that Java clients send), lz4 (LZ4 frame format,
 * with Kafka's magic-v0 header-checksum quirk tolerated on decode) and zstd.
 * Used by record/ to open compressed batches and to build them; never on the
 * produce path, which stores batches as received.
 */
#ifndef CK_CODEC_H
#define CK_CODEC_H

#include "util/util.h"

typedef enum ck_codec {
    CK_CODEC_NONE = 0,
    CK_CODEC_GZIP = 1,
    CK_CODEC_SNAPPY = 2,
    CK_CODEC_LZ4 = 3,
    CK_CODEC_ZSTD = 4,
} ck_codec;

/** @brief "none", "gzip", ... ; NULL for an unknown number. */
const char *ck_codec_name(int codec);
/** @brief Codec number for a Kafka compression.type name ("none", "gzip",
 *  "snappy", "lz4", "zstd"); -1 if unknown. */
int ck_codec_parse(const char *name);

/** @brief Appends the compressed form of in[0..len) to out.  For snappy the
 *  output uses the xerial framing (what Java clients read), for lz4 the frame
 *  format Kafka writes.  level < 0: the codec's default.
 *  Returns 0, or -1 with a message in err (errlen bytes). Any thread. */
int ck_compress(int codec, int level, const void *in, size_t len, ck_wb *out, char *err, size_t errlen);

/** @brief Appends the decompressed form of in[0..len) to out, refusing to
 *  produce more than max_out bytes (protects against decompression bombs).
 *  snappy accepts the xerial framing, concatenated xerial streams, and a
 *  single raw snappy block.  Returns 0, or -1 with a message. Any thread. */
int ck_decompress(int codec, const void *in, size_t len, size_t max_out, ck_wb *out, char *err, size_t errlen);

#endif
