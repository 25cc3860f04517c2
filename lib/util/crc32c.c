/*
 * crc32c.c — CRC-32C (Castagnoli, reflected polynomial 0x82F63B78) used by
 * Kafka v2 record batches, plus zlib's CRC-32 for legacy message sets.  The
 * hardware path (SSE4.2 crc32q on x86-64, the ARMv8 CRC extension on aarch64)
 * is chosen once at run time; the rest of the library is compiled without any
 * special -m flags.  The portable fallback is slicing-by-8.  All functions are
 * pure and thread-safe.
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

static uint32_t crc_table[8][256];
static pthread_once_t crc_once = PTHREAD_ONCE_INIT;
static bool crc_hw;

static void crc_init(void)
{
    uint32_t i, j;

    for (i = 0; i < 256; i++) {
        uint32_t c = i;
        for (j = 0; j < 8; j++)
            c = (c & 1) ? (c >> 1) ^ 0x82F63B78u : c >> 1;
        crc_table[0][i] = c;
    }
    for (i = 0; i < 256; i++) {
        uint32_t c = crc_table[0][i];
        for (j = 1; j < 8; j++) {
            c = crc_table[0][c & 0xff] ^ (c >> 8);
            crc_table[j][i] = c;
        }
    }
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

#if defined(CK_CRC_X86)
__attribute__((target("sse4.2")))
static uint32_t crc32c_hw(uint32_t crc, const void *buf, size_t len)
{
    const uint8_t *p = buf;
    uint64_t c = ~crc;

    while (len && ((uintptr_t)p & 7)) {
        c = _mm_crc32_u8((uint32_t)c, *p++);
        len--;
    }
    while (len >= 8) {
        uint64_t w;
        memcpy(&w, p, 8);
        c = _mm_crc32_u64(c, w);
        p += 8;
        len -= 8;
    }
    while (len--)
        c = _mm_crc32_u8((uint32_t)c, *p++);
    return ~(uint32_t)c;
}
#elif defined(CK_CRC_ARM)
__attribute__((target("+crc")))
static uint32_t crc32c_hw(uint32_t crc, const void *buf, size_t len)
{
    const uint8_t *p = buf;
    uint32_t c = ~crc;

    while (len && ((uintptr_t)p & 7)) {
        c = __crc32cb(c, *p++);
        len--;
    }
    while (len >= 8) {
        uint64_t w;
        memcpy(&w, p, 8);
        c = __crc32cd(c, w);
        p += 8;
        len -= 8;
    }
    while (len--)
        c = __crc32cb(c, *p++);
    return ~c;
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
