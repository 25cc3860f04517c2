/*
 * crc32c.c — CRC-32C (Castagnoli, reflected polynomial 0x82F63B78) used by
 * Kafka v2 record batches, plus zlib's CRC-32 for legacy message sets.  The
 * hardware path (SSE4.2 crc32q on x86-64, the ARMv8 CRC extension on aarch64)
 * is chosen once at run time; the rest of the library is compiled without any
 * special -m flags.  The portable fallback is slicing-by-8.  All functions are
 * pure and thread-safe.
 *
 * The crc32 instruction has a latency of about three cycles but a throughput
 * of one per cycle, so one dependent chain uses a third of the unit.  Long
 * buffers are therefore cut into three adjacent blocks whose CRCs run
 * interleaved and are then joined: the register after block A followed by
 * block B is (A's register advanced over |B| zero bytes) xor (B's register
 * started from zero).  Advancing over a fixed number of zero bytes is a
 * linear map of the 32-bit register, tabulated once per block size in four
 * 256-entry tables (see crc_zeros_table).
 */
#include "util/util.h"

#include <pthread.h>
#include <zlib.h>

#if defined(__x86_64__) && defined(__GNUC__)
#include <nmmintrin.h>
#define CK_CRC_X86 1
#elif defined(__aarch64__) && defined(__GNUC__)
#include <arm_acle.h>
#include <sys/auxv.h>
#include <asm/hwcap.h>
#define CK_CRC_ARM 1
#endif

/* ===================================================================== */
/* Portable slicing-by-8                                                  */
/* ===================================================================== */

#define CRC_POLY 0x82F63B78u
#define CRC_LONG 8192u      /* bytes per block of the long three-way loop */
#define CRC_SHORT 256u      /* bytes per block of the short three-way loop */

static uint32_t crc_table[8][256];
static uint32_t crc_long[4][256];    /* advance a register over CRC_LONG zero bytes */
static uint32_t crc_short[4][256];   /* ... over CRC_SHORT zero bytes */
static pthread_once_t crc_once = PTHREAD_ONCE_INIT;
static bool crc_hw;

/* GF(2) 32x32 matrices are 32 columns: mat[i] is the image of bit i. */
static uint32_t gf2_times(const uint32_t *mat, uint32_t vec)
{
    uint32_t sum = 0;
    int i = 0;

    while (vec != 0) {
        if (vec & 1)
            sum ^= mat[i];
        vec >>= 1;
        i++;
    }
    return sum;
}

/* out = a * b (apply b, then a); out may not alias a or b. */
static void gf2_mul(uint32_t *out, const uint32_t *a, const uint32_t *b)
{
    int i;

    for (i = 0; i < 32; i++)
        out[i] = gf2_times(a, b[i]);
}

/* Tables for advancing a raw (not inverted) register over len zero bytes. */
static void crc_zeros_table(uint32_t table[4][256], size_t len)
{
    uint32_t power[32], result[32], tmp[32];
    int i, k;

    /* one zero bit: shift right, xor the polynomial when bit 0 was set */
    power[0] = CRC_POLY;
    for (i = 1; i < 32; i++)
        power[i] = 1u << (i - 1);
    for (k = 0; k < 3; k++) {          /* 2, 4, 8 bits: one byte */
        gf2_mul(tmp, power, power);
        memcpy(power, tmp, sizeof(tmp));
    }
    for (i = 0; i < 32; i++)
        result[i] = 1u << i;
    while (len != 0) {
        if (len & 1) {
            gf2_mul(tmp, power, result);
            memcpy(result, tmp, sizeof(tmp));
        }
        len >>= 1;
        if (len != 0) {
            gf2_mul(tmp, power, power);
            memcpy(power, tmp, sizeof(tmp));
        }
    }
    for (k = 0; k < 4; k++)
        for (i = 0; i < 256; i++)
            table[k][i] = gf2_times(result, (uint32_t)i << (8 * k));
}

#if defined(__x86_64__) || defined(__aarch64__)
static inline uint32_t crc_shift(const uint32_t table[4][256], uint32_t crc)
{
    return table[0][crc & 0xff] ^ table[1][(crc >> 8) & 0xff] ^ table[2][(crc >> 16) & 0xff] ^
           table[3][crc >> 24];
}
#endif

static void crc_init(void)
{
    uint32_t i, j;

    for (i = 0; i < 256; i++) {
        uint32_t c = i;
        for (j = 0; j < 8; j++)
            c = (c & 1) ? (c >> 1) ^ CRC_POLY : c >> 1;
        crc_table[0][i] = c;
    }
    for (i = 0; i < 256; i++) {
        uint32_t c = crc_table[0][i];
        for (j = 1; j < 8; j++) {
            c = crc_table[0][c & 0xff] ^ (c >> 8);
            crc_table[j][i] = c;
        }
    }
    crc_zeros_table(crc_long, CRC_LONG);
    crc_zeros_table(crc_short, CRC_SHORT);
#if defined(CK_CRC_X86)
    __builtin_cpu_init();
    crc_hw = __builtin_cpu_supports("sse4.2") != 0;
#elif defined(CK_CRC_ARM)
    crc_hw = (getauxval(AT_HWCAP) & HWCAP_CRC32) != 0;
#else
    crc_hw = false;
#endif
}

/** @brief Table-driven CRC-32C continuing from crc (0 to start). Any thread. */
uint32_t ck_crc32c_sw(uint32_t crc, const void *buf, size_t len)
{
    const uint8_t *p = buf;
    uint32_t c = ~crc;

    pthread_once(&crc_once, crc_init);
    while (len && ((uintptr_t)p & 7)) {
        c = crc_table[0][(c ^ *p++) & 0xff] ^ (c >> 8);
        len--;
    }
    while (len >= 8) {
        uint32_t lo = c ^ ((uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 | (uint32_t)p[3] << 24);
        uint32_t hi = (uint32_t)p[4] | (uint32_t)p[5] << 8 | (uint32_t)p[6] << 16 | (uint32_t)p[7] << 24;
        c = crc_table[7][lo & 0xff] ^ crc_table[6][(lo >> 8) & 0xff] ^
            crc_table[5][(lo >> 16) & 0xff] ^ crc_table[4][lo >> 24] ^
            crc_table[3][hi & 0xff] ^ crc_table[2][(hi >> 8) & 0xff] ^
            crc_table[1][(hi >> 16) & 0xff] ^ crc_table[0][hi >> 24];
        p += 8;
        len -= 8;
    }
    while (len--)
        c = crc_table[0][(c ^ *p++) & 0xff] ^ (c >> 8);
    return ~c;
}

/* ===================================================================== */
/* Hardware paths                                                         */
/* ===================================================================== */

/* One step of the instruction: a raw register over one byte / one
 * little-endian 64-bit word.  CRC_TARGET enables the instruction set for the
 * functions that use it (the rest of the library is built without it). */
#if defined(CK_CRC_X86)
#define CRC_TARGET __attribute__((target("sse4.2")))
CRC_TARGET static inline uint64_t hw_u8(uint64_t c, uint8_t b) { return _mm_crc32_u8((uint32_t)c, b); }
CRC_TARGET static inline uint64_t hw_u64(uint64_t c, uint64_t w) { return _mm_crc32_u64(c, w); }
#elif defined(CK_CRC_ARM)
#define CRC_TARGET __attribute__((target("+crc")))
CRC_TARGET static inline uint64_t hw_u8(uint64_t c, uint8_t b) { return __crc32cb((uint32_t)c, b); }
CRC_TARGET static inline uint64_t hw_u64(uint64_t c, uint64_t w) { return __crc32cd((uint32_t)c, w); }
#endif

#if defined(CK_CRC_X86) || defined(CK_CRC_ARM)
/* Three chains over adjacent blocks of `block` bytes at p, joined into c0. */
CRC_TARGET static inline uint64_t hw_three_way(uint64_t c0, const uint8_t *p, size_t block,
                                               const uint32_t shift[4][256])
{
    const uint8_t *end = p + block;
    uint64_t c1 = 0, c2 = 0, w0, w1, w2;

    do {
        memcpy(&w0, p, 8);
        memcpy(&w1, p + block, 8);
        memcpy(&w2, p + 2 * block, 8);
        c0 = hw_u64(c0, w0);
        c1 = hw_u64(c1, w1);
        c2 = hw_u64(c2, w2);
        p += 8;
    } while (p < end);
    c0 = crc_shift(shift, (uint32_t)c0) ^ c1;
    return crc_shift(shift, (uint32_t)c0) ^ c2;
}

CRC_TARGET static uint32_t crc32c_hw(uint32_t crc, const void *buf, size_t len)
{
    const uint8_t *p = buf;
    uint64_t c = (uint32_t)~crc;

    while (len && ((uintptr_t)p & 7)) {
        c = hw_u8(c, *p++);
        len--;
    }
    while (len >= 3 * CRC_LONG) {
        c = hw_three_way(c, p, CRC_LONG, crc_long);
        p += 3 * CRC_LONG;
        len -= 3 * CRC_LONG;
    }
    while (len >= 3 * CRC_SHORT) {
        c = hw_three_way(c, p, CRC_SHORT, crc_short);
        p += 3 * CRC_SHORT;
        len -= 3 * CRC_SHORT;
    }
    while (len >= 8) {
        uint64_t w;
        memcpy(&w, p, 8);
        c = hw_u64(c, w);
        p += 8;
        len -= 8;
    }
    while (len--)
        c = hw_u8(c, *p++);
    return ~(uint32_t)c;
}
#endif

/** @brief true when ck_crc32c uses a CPU instruction. Any thread. */
bool ck_crc32c_hw_available(void)
{
    pthread_once(&crc_once, crc_init);
    return crc_hw;
}

/** @brief CRC-32C continuing from crc (0 to start); hardware when available. Any thread. */
uint32_t ck_crc32c(uint32_t crc, const void *buf, size_t len)
{
    pthread_once(&crc_once, crc_init);
#if defined(CK_CRC_X86) || defined(CK_CRC_ARM)
    if (CK_LIKELY(crc_hw))
        return crc32c_hw(crc, buf, len);
#endif
    return ck_crc32c_sw(crc, buf, len);
}

/** @brief zlib CRC-32 continuing from crc (0 to start). Any thread. */
uint32_t ck_crc32(uint32_t crc, const void *buf, size_t len)
{
    const uint8_t *p = buf;
    uLong c = crc;

    /* zlib takes uInt lengths. */
    while (len > 0) {
        uInt n = len > 0x40000000u ? 0x40000000u : (uInt)len;
        c = crc32(c, p, n);
        p += n;
        len -= n;
    }
    return (uint32_t)c;
}

/** @brief Kafka's murmur2 (Utils.murmur2 in the Java client). Any thread. */
uint32_t ck_murmur2(const void *key, size_t len)
{
    const uint8_t *data = key;
    const uint32_t m = 0x5bd1e995u;
    const int r = 24;
    uint32_t h = 0x9747b28cu ^ (uint32_t)len;
    size_t len4 = len / 4;
    size_t i;

    for (i = 0; i < len4; i++) {
        size_t i4 = i * 4;
        uint32_t k = (uint32_t)data[i4] | (uint32_t)data[i4 + 1] << 8 |
                     (uint32_t)data[i4 + 2] << 16 | (uint32_t)data[i4 + 3] << 24;
        k *= m;
        k ^= k >> r;
        k *= m;
        h *= m;
        h ^= k;
    }
    switch (len % 4) {
    case 3:
        h ^= (uint32_t)data[(len & ~(size_t)3) + 2] << 16;
        /* fallthrough */
    case 2:
        h ^= (uint32_t)data[(len & ~(size_t)3) + 1] << 8;
        /* fallthrough */
    case 1:
        h ^= (uint32_t)data[len & ~(size_t)3];
        h *= m;
        break;
    default:
        break;
    }
    h ^= h >> 13;
    h *= m;
    h ^= h >> 15;
    return h;
}
