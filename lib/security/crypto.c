/*
 * crypto.c — the primitives of the security layer over mbedtls: the hash,
 * HMAC and PBKDF2 of a SCRAM mechanism, base64, the kernel's random bytes,
 * constant-time comparison and wiping.  Everything here is stateless and
 * callable from any thread.
 */
#include "security/sec_int.h"

#include <errno.h>
#include <mbedtls/base64.h>
#include <mbedtls/md.h>
#include <mbedtls/pkcs5.h>
#include <mbedtls/platform_util.h>
#include <string.h>
#include <sys/random.h>

static const mbedtls_md_info_t *md_of(int mech)
{
    return mbedtls_md_info_from_type(mech == CK_SCRAM_SHA_512 ? MBEDTLS_MD_SHA512 : MBEDTLS_MD_SHA256);
}

/** @brief H(data) of mech's hash. */
void ck_sec_hash(int mech, const void *data, size_t len, uint8_t *out)
{
    mbedtls_md(md_of(mech), data, len, out);
}

/** @brief HMAC(key, data) of mech's hash. */
void ck_sec_hmac(int mech, const void *key, size_t klen, const void *data, size_t len, uint8_t *out)
{
    mbedtls_md_hmac(md_of(mech), key, klen, data, len, out);
}

/** @brief PBKDF2-HMAC of mech's hash (RFC 8018), ck_scram_key_len bytes. */
int ck_sec_pbkdf2(int mech, const void *pw, size_t pwlen, const uint8_t *salt, size_t slen, int32_t iter,
                  uint8_t *out)
{
    mbedtls_md_context_t ctx;
    int                  rc;

    if (iter < 1)
        return CHRONIK_ERR_INVALID_ARG;
    mbedtls_md_init(&ctx);
    rc = mbedtls_md_setup(&ctx, md_of(mech), 1);
    if (rc == 0)
        rc = mbedtls_pkcs5_pbkdf2_hmac(&ctx, pw, pwlen, salt, slen, (unsigned)iter,
                                       (uint32_t)ck_scram_key_len(mech), out);
    mbedtls_md_free(&ctx);
    return rc == 0 ? 0 : CHRONIK_ERR_IO;
}

/** @brief n random bytes from getrandom(2). */
int ck_sec_random(void *buf, size_t n)
{
    uint8_t *p = buf;
    size_t   got = 0;
    ssize_t  r;

    while (got < n) {
        r = getrandom(p + got, n - got, 0);
        if (r < 0) {
            if (errno == EINTR)
                continue;
            return CHRONIK_ERR_IO;
        }
        got += (size_t)r;
    }
    return 0;
}

/** @brief Constant-time equality: the time depends on n only. */
bool ck_sec_ct_eq(const void *a, const void *b, size_t n)
{
    const volatile uint8_t *x = a;
    const volatile uint8_t *y = b;
    uint8_t                 diff = 0;
    size_t                  i;

    for (i = 0; i < n; i++)
        diff |= (uint8_t)(x[i] ^ y[i]);
    return diff == 0;
}

/** @brief Wipes n bytes (mbedtls_platform_zeroize: not elided). */
void ck_sec_wipe(void *p, size_t n)
{
    if (p != NULL && n > 0)
        mbedtls_platform_zeroize(p, n);
}

/** @brief Base64 (standard alphabet, padded) of src, ck_malloc'd. */
char *ck_sec_b64(const uint8_t *src, size_t n)
{
    size_t cap = 4 * ((n + 2) / 3) + 1;
    size_t olen = 0;
    char  *out = ck_malloc(cap);

    if (mbedtls_base64_encode((unsigned char *)out, cap, &olen, src, n) != 0)
        olen = 0;
    out[olen] = '\0';
    return out;
}

static bool b64_char(char c)
{
    return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '+' || c == '/';
}

/** @brief Strict base64 decode: a multiple of 4 characters of the standard
 *  alphabet, '=' only as the last one or two, zero unused bits. */
ssize_t ck_sec_unb64(const char *text, size_t tlen, uint8_t *out, size_t cap)
{
    size_t i, pad = 0, olen = 0;

    if (tlen % 4 != 0)
        return -1;
    for (i = 0; i < tlen; i++) {
        if (text[i] == '=') {
            if (i < tlen - 2)
                return -1;
            pad++;
        } else if (!b64_char(text[i]) || pad > 0) {
            return -1;
        }
    }
    if (tlen / 4 * 3 - pad > cap)
        return -1;
    if (mbedtls_base64_decode(out, cap, &olen, (const unsigned char *)text, tlen) != 0)
        return -1;
    /* Canonical only: the unused bits of the last character must be zero
     * (one text per value, as RFC 4648 section 3.5 allows decoders to ask). */
    if (pad > 0) {
        char  *again = ck_sec_b64(out, olen);
        bool   same = strlen(again) == tlen && memcmp(again, text, tlen) == 0;

        ck_free(again);
        if (!same)
            return -1;
    }
    return (ssize_t)olen;
}
