/*
 * test_scram.c — SCRAM credentials and the SASL server side (lib/security
 * creds.c, sasl.c): RFC 7677's SCRAM-SHA-256 example reproduced message by
 * message, a SCRAM-SHA-512 vector computed by kafka-python's client, full
 * exchanges for both mechanisms against a client written here
 * independently on mbedtls, the failures (wrong password, unknown user —
 * with the same message and a stable derived salt —, malformed messages,
 * nonce and channel-binding mismatches, steps after the end), PLAIN, the
 * credential store (validation, listing, deletion, persistence, no
 * password on disk) and CHRONIK_SASL_USERS.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <mbedtls/base64.h>
#include <mbedtls/md.h>
#include <mbedtls/pkcs5.h>

#include "sec_fx.h"

/* ====================================================================== */
/* An independent SCRAM client                                              */
/* ====================================================================== */

static const mbedtls_md_info_t *cl_md(int mech)
{
    return mbedtls_md_info_from_type(mech == CK_SCRAM_SHA_512 ? MBEDTLS_MD_SHA512 : MBEDTLS_MD_SHA256);
}

static size_t cl_len(int mech)
{
    return mech == CK_SCRAM_SHA_512 ? 64 : 32;
}

static void cl_salted(int mech, const char *pw, const uint8_t *salt, size_t slen, int iter, uint8_t *out)
{
    mbedtls_md_context_t ctx;

    mbedtls_md_init(&ctx);
    assert_int_equal(mbedtls_md_setup(&ctx, cl_md(mech), 1), 0);
    assert_int_equal(mbedtls_pkcs5_pbkdf2_hmac(&ctx, (const unsigned char *)pw, strlen(pw), salt, slen,
                                               (unsigned)iter, (uint32_t)cl_len(mech), out), 0);
    mbedtls_md_free(&ctx);
}

static void cl_b64(const uint8_t *src, size_t n, char *out, size_t cap)
{
    size_t olen = 0;

    assert_int_equal(mbedtls_base64_encode((unsigned char *)out, cap, &olen, src, n), 0);
    out[olen] = '\0';
}

static size_t cl_unb64(const char *text, uint8_t *out, size_t cap)
{
    size_t olen = 0;

    assert_int_equal(mbedtls_base64_decode(out, cap, &olen, (const unsigned char *)text, strlen(text)), 0);
    return olen;
}

typedef struct client {
    int  mech;
    char bare[256];            /* client-first-message-bare */
    char final[1024];          /* client-final-message */
    char expect_v[256];        /* the server-final-message it expects */
} client;

/* "n,,n=<user>,r=<cnonce>"; the user is given already escaped. */
static void cl_first(client *c, int mech, const char *user_escaped, const char *cnonce, char *out, size_t cap)
{
    c->mech = mech;
    snprintf(c->bare, sizeof(c->bare), "n=%s,r=%s", user_escaped, cnonce);
    snprintf(out, cap, "n,,%s", c->bare);
}

/* Computes the client-final-message for server_first (with channel
 * binding cbind64) and the server signature it must get back. */
static void cl_final(client *c, const char *pw, const char *server_first, const char *cbind64)
{
    char        buf[512], nonce[256], salt64[256], am[2048], without[512], p64[200], v64[200];
    uint8_t     salt[128], salted[64], ckey[64], skey[64], stored[64], csig[64], ssig[64], proof[64];
    const char *r, *s, *i;
    size_t      kl = cl_len(c->mech), slen, j;
    int         iter;

    snprintf(buf, sizeof(buf), "%s", server_first);
    r = strstr(buf, "r=");
    s = strstr(buf, ",s=");
    i = strstr(buf, ",i=");
    assert_non_null(r);
    assert_non_null(s);
    assert_non_null(i);
    snprintf(nonce, sizeof(nonce), "%.*s", (int)(s - r - 2), r + 2);
    snprintf(salt64, sizeof(salt64), "%.*s", (int)(i - s - 3), s + 3);
    iter = atoi(i + 3);
    slen = cl_unb64(salt64, salt, sizeof(salt));
    cl_salted(c->mech, pw, salt, slen, iter, salted);
    mbedtls_md_hmac(cl_md(c->mech), salted, kl, (const unsigned char *)"Client Key", 10, ckey);
    mbedtls_md(cl_md(c->mech), ckey, kl, stored);
    mbedtls_md_hmac(cl_md(c->mech), salted, kl, (const unsigned char *)"Server Key", 10, skey);
    snprintf(without, sizeof(without), "c=%s,r=%s", cbind64, nonce);
    snprintf(am, sizeof(am), "%s,%s,%s", c->bare, server_first, without);
    mbedtls_md_hmac(cl_md(c->mech), stored, kl, (const unsigned char *)am, strlen(am), csig);
    for (j = 0; j < kl; j++)
        proof[j] = ckey[j] ^ csig[j];
    mbedtls_md_hmac(cl_md(c->mech), skey, kl, (const unsigned char *)am, strlen(am), ssig);
    cl_b64(proof, kl, p64, sizeof(p64));
    cl_b64(ssig, kl, v64, sizeof(v64));
    snprintf(c->final, sizeof(c->final), "%s,p=%s", without, p64);
    snprintf(c->expect_v, sizeof(c->expect_v), "v=%s", v64);
}

/* One step of x with a text message; *out is returned NUL-terminated. */
static int step(ck_sasl *x, const char *msg, char *out, size_t cap, char *err, size_t errlen)
{
    uint8_t *o = NULL;
    size_t   olen = 0;
    int      rc;

    err[0] = '\0';
    rc = ck_sasl_step(x, (const uint8_t *)msg, strlen(msg), &o, &olen, err, errlen);
    if (out != NULL) {
        assert_true(olen < cap);
        memcpy(out, o != NULL ? (const char *)o : "", olen);
        out[olen] = '\0';
    }
    ck_free(o);
    return rc;
}

/* A full SCRAM exchange of user/pw; returns the final result. */
static int exchange(ck_sec *s, int mech, const char *user_escaped, const char *pw, char *err, size_t errlen)
{
    ck_sasl *x = ck_sasl_new(s, mech);
    client   c;
    char     first[512], sf[512], sfin[256];
    int      rc;

    assert_non_null(x);
    cl_first(&c, mech, user_escaped, "fyko+d2lbbFgONRv9qkxdawL", first, sizeof(first));
    rc = step(x, first, sf, sizeof(sf), err, errlen);
    if (rc != CK_SASL_CONTINUE) {
        ck_sasl_free(x);
        return rc;
    }
    cl_final(&c, pw, sf, "biws");
    rc = step(x, c.final, sfin, sizeof(sfin), err, errlen);
    if (rc == CK_SASL_DONE) {
        assert_string_equal(sfin, c.expect_v);
        assert_non_null(ck_sasl_principal(x));
    } else {
        assert_null(ck_sasl_principal(x));
    }
    ck_sasl_free(x);
    return rc;
}

static void add_user(ck_sec *s, const char *user, int mech, const char *pw)
{
    char err[256] = "";

    if (ck_sec_user_upsert(s, user, mech, pw, strlen(pw), 0, err, sizeof(err)) != 0)
        fail_msg("upsert %s: %s", user, err);
}

/* ====================================================================== */
/* RFC 7677                                                                 */
/* ====================================================================== */

#define RFC_CNONCE "rOprNGfwEbeRWgbNEkqO"
#define RFC_SNONCE "%hvYDpWUa2RaTCAfuxFIlj)hNlF$k0"
#define RFC_SALT   "W22ZaJ0SNY7soEsUEjb6gQ=="
#define RFC_FIRST  "n,,n=user,r=" RFC_CNONCE
#define RFC_SFIRST "r=" RFC_CNONCE RFC_SNONCE ",s=" RFC_SALT ",i=4096"
#define RFC_FINAL  "c=biws,r=" RFC_CNONCE RFC_SNONCE ",p=dHzbZapWIk4jUhN+Ute9ytag9zjfMHgsqmmiz7AndVQ="
#define RFC_SFINAL "v=6rriTRBi23WpRR/wtup+mMhUZUn/dB5nLTJRsjl95G4="

static void test_rfc7677_client_side(void **state)
{
    client c;
    char   first[512];

    (void)state;
    /* The client of this file reproduces the RFC's messages. */
    cl_first(&c, CK_SCRAM_SHA_256, "user", RFC_CNONCE, first, sizeof(first));
    assert_string_equal(first, RFC_FIRST);
    cl_final(&c, "pencil", RFC_SFIRST, "biws");
    assert_string_equal(c.final, RFC_FINAL);
    assert_string_equal(c.expect_v, RFC_SFINAL);
}

static void test_rfc7677_server_side(void **state)
{
    sec_fx       *fx = *state;
    uint8_t       salt[32], salted[32];
    size_t        slen = cl_unb64(RFC_SALT, salt, sizeof(salt));
    char          err[256], out[512];
    ck_sasl      *x;
    ck_scram_cred made, stored;

    cl_salted(CK_SCRAM_SHA_256, "pencil", salt, slen, 4096, salted);
    assert_int_equal(ck_sec_user_upsert_salted(fx->sec, "user", CK_SCRAM_SHA_256, 4096, salt, slen, salted,
                                               sizeof(salted), err, sizeof(err)), 0);
    /* Deriving from the password gives the same stored keys. */
    assert_int_equal(ck_scram_cred_make(&made, CK_SCRAM_SHA_256, "pencil", 6, salt, slen, 4096), 0);
    assert_int_equal(ck_sec_cred_get(fx->sec, "user", CK_SCRAM_SHA_256, &stored), 0);
    assert_memory_equal(made.stored_key, stored.stored_key, 32);
    assert_memory_equal(made.server_key, stored.server_key, 32);
    assert_int_equal(stored.iterations, 4096);
    assert_int_equal(stored.salt_len, slen);

    x = ck_sasl_new(fx->sec, CK_SCRAM_SHA_256);
    ck_sasl_set_nonce(x, RFC_SNONCE);
    assert_int_equal(step(x, RFC_FIRST, out, sizeof(out), err, sizeof(err)), CK_SASL_CONTINUE);
    assert_string_equal(out, RFC_SFIRST);
    assert_null(ck_sasl_principal(x));
    assert_int_equal(step(x, RFC_FINAL, out, sizeof(out), err, sizeof(err)), CK_SASL_DONE);
    assert_string_equal(out, RFC_SFINAL);
    assert_string_equal(ck_sasl_principal(x), "User:user");
    /* Nothing after the end. */
    assert_int_equal(step(x, RFC_FINAL, NULL, 0, err, sizeof(err)), CHRONIK_ERR_ILLEGAL_SASL_STATE);
    ck_sasl_free(x);

    /* The same final message with a flipped proof bit fails. */
    x = ck_sasl_new(fx->sec, CK_SCRAM_SHA_256);
    ck_sasl_set_nonce(x, RFC_SNONCE);
    assert_int_equal(step(x, RFC_FIRST, out, sizeof(out), err, sizeof(err)), CK_SASL_CONTINUE);
    assert_int_equal(step(x, "c=biws,r=" RFC_CNONCE RFC_SNONCE ",p=dHzbZapWIk4jUhN+Ute9ytag9zjfMHgsqmmiz7AndVU=",
                          out, sizeof(out), err, sizeof(err)),
                     CHRONIK_ERR_SASL_AUTHENTICATION_FAILED);
    assert_string_equal(err, "Authentication failed during authentication due to invalid credentials with SASL "
                             "mechanism SCRAM-SHA-256");
    ck_sasl_free(x);
}

/* The same exchange with SCRAM-SHA-512, as kafka-python 2.0.2's ScramClient
 * (Python's hashlib) computes it for the RFC's user, password, salt and
 * nonces: a vector from a real client's implementation. */
#define KP_FINAL  "c=biws,r=" RFC_CNONCE RFC_SNONCE ",p=gMGXRcevScNtxZ6/8lQYpGtnsNAc3mGcmNomv+xnoOMw+3R2xNJdMNnzMl" \
                  "TN8PPC6wdp6dybEmDYXYTxwnYPJQ=="
#define KP_SFINAL "v=ZQnYEgWQMFmmsM8aQMF0nDDCy/AgCzkwk8CmMZYcMg0vSVlKDanekLtifDSeVGT4+5ZxXnJq199RVG2rR7N7Zw=="

static void test_sha512_vector(void **state)
{
    sec_fx  *fx = *state;
    uint8_t  salt[32], salted[64];
    size_t   slen = cl_unb64(RFC_SALT, salt, sizeof(salt));
    char     err[256], out[512];
    ck_sasl *x;
    client   c;

    /* The client of this file agrees with kafka-python... */
    cl_first(&c, CK_SCRAM_SHA_512, "user", RFC_CNONCE, out, sizeof(out));
    cl_final(&c, "pencil", RFC_SFIRST, "biws");
    assert_string_equal(c.final, KP_FINAL);
    assert_string_equal(c.expect_v, KP_SFINAL);
    /* ...and so does the server. */
    cl_salted(CK_SCRAM_SHA_512, "pencil", salt, slen, 4096, salted);
    assert_int_equal(ck_sec_user_upsert_salted(fx->sec, "user", CK_SCRAM_SHA_512, 4096, salt, slen, salted,
                                               sizeof(salted), err, sizeof(err)), 0);
    x = ck_sasl_new(fx->sec, CK_SCRAM_SHA_512);
    ck_sasl_set_nonce(x, RFC_SNONCE);
    assert_int_equal(step(x, RFC_FIRST, out, sizeof(out), err, sizeof(err)), CK_SASL_CONTINUE);
    assert_string_equal(out, RFC_SFIRST);
    assert_int_equal(step(x, KP_FINAL, out, sizeof(out), err, sizeof(err)), CK_SASL_DONE);
    assert_string_equal(out, KP_SFINAL);
    ck_sasl_free(x);
}

/* ====================================================================== */
/* Exchanges                                                                */
/* ====================================================================== */

static void test_exchange_both_mechanisms(void **state)
{
    sec_fx *fx = *state;
    char    err[256];

    add_user(fx->sec, "alice", CK_SCRAM_SHA_256, "wonderland");
    add_user(fx->sec, "alice", CK_SCRAM_SHA_512, "looking-glass");
    assert_int_equal(exchange(fx->sec, CK_SCRAM_SHA_256, "alice", "wonderland", err, sizeof(err)), CK_SASL_DONE);
    assert_int_equal(exchange(fx->sec, CK_SCRAM_SHA_512, "alice", "looking-glass", err, sizeof(err)), CK_SASL_DONE);
    /* Each mechanism has its own credential. */
    assert_int_equal(exchange(fx->sec, CK_SCRAM_SHA_512, "alice", "wonderland", err, sizeof(err)),
                     CHRONIK_ERR_SASL_AUTHENTICATION_FAILED);
    assert_string_equal(err, "Authentication failed during authentication due to invalid credentials with SASL "
                             "mechanism SCRAM-SHA-512");
    /* Iterations other than the default are honoured. */
    assert_int_equal(ck_sec_user_upsert(fx->sec, "bob", CK_SCRAM_SHA_512, "pw", 2, 8192, err, sizeof(err)), 0);
    assert_int_equal(exchange(fx->sec, CK_SCRAM_SHA_512, "bob", "pw", err, sizeof(err)), CK_SASL_DONE);
}

static void test_escaped_user_names(void **state)
{
    sec_fx  *fx = *state;
    char     err[256];
    ck_sasl *x;

    add_user(fx->sec, "a,b=c", CK_SCRAM_SHA_256, "pw");
    assert_int_equal(exchange(fx->sec, CK_SCRAM_SHA_256, "a=2Cb=3Dc", "pw", err, sizeof(err)), CK_SASL_DONE);
    x = ck_sasl_new(fx->sec, CK_SCRAM_SHA_256);
    assert_int_equal(step(x, "n,,n=a=2Xb,r=abc", NULL, 0, err, sizeof(err)), CHRONIK_ERR_SASL_AUTHENTICATION_FAILED);
    assert_non_null(strstr(err, "bad user name"));
    ck_sasl_free(x);
}

static void test_unknown_user_looks_like_a_known_one(void **state)
{
    sec_fx  *fx = *state;
    char     err_unknown[256], err_wrong[256], sf1[512], sf2[512], sf3[512], err[256];
    uint8_t  salt[64];
    ck_sasl *x;
    char    *s, *i;

    add_user(fx->sec, "known", CK_SCRAM_SHA_256, "right");
    assert_int_equal(exchange(fx->sec, CK_SCRAM_SHA_256, "known", "wrong", err_wrong, sizeof(err_wrong)),
                     CHRONIK_ERR_SASL_AUTHENTICATION_FAILED);
    assert_int_equal(exchange(fx->sec, CK_SCRAM_SHA_256, "nobody", "wrong", err_unknown, sizeof(err_unknown)),
                     CHRONIK_ERR_SASL_AUTHENTICATION_FAILED);
    assert_string_equal(err_unknown, err_wrong);

    /* The server-first-message of an unknown user: a 32-byte salt and the
     * default iterations, the same on every attempt (and after a restart),
     * different for another name. */
    x = ck_sasl_new(fx->sec, CK_SCRAM_SHA_256);
    assert_int_equal(step(x, "n,,n=nobody,r=abc", sf1, sizeof(sf1), err, sizeof(err)), CK_SASL_CONTINUE);
    ck_sasl_free(x);
    fx_reopen(fx);
    x = ck_sasl_new(fx->sec, CK_SCRAM_SHA_256);
    assert_int_equal(step(x, "n,,n=nobody,r=abc", sf2, sizeof(sf2), err, sizeof(err)), CK_SASL_CONTINUE);
    ck_sasl_free(x);
    x = ck_sasl_new(fx->sec, CK_SCRAM_SHA_256);
    assert_int_equal(step(x, "n,,n=somebody,r=abc", sf3, sizeof(sf3), err, sizeof(err)), CK_SASL_CONTINUE);
    ck_sasl_free(x);
    s = strstr(sf1, ",s=");
    i = strstr(sf1, ",i=");
    assert_non_null(s);
    assert_non_null(i);
    assert_string_equal(i, ",i=4096");
    *i = '\0';
    assert_int_equal(cl_unb64(s + 3, salt, sizeof(salt)), 32);
    assert_non_null(strstr(sf2, s));          /* same salt after reopen */
    assert_null(strstr(sf3, s));              /* another user, another salt */
}

static void test_malformed_messages(void **state)
{
    static const char *const bad_first[] = {
        "",                                   /* empty */
        "p=tls-unique,,n=user,r=abc",         /* channel binding requested */
        "x,,n=user,r=abc",                    /* bad flag */
        "n,n=user,r=abc",                     /* GS2 header without authzid part */
        "n,,r=abc",                           /* no user */
        "n,,n=,r=abc",                        /* empty user */
        "n,,n=user",                          /* no nonce */
        "n,,n=user,r=",                       /* empty nonce */
        "n,,m=ext,n=user,r=abc",              /* mandatory extension */
        "n,,n=user,r=abc,tokenauth=true",     /* delegation token */
        "n,,n=user,r=abc,junk",               /* extension without value */
        "n,a=other,n=user,r=abc",             /* authzid differs from the user */
    };
    sec_fx  *fx = *state;
    char     err[256], out[512];
    ck_sasl *x;
    size_t   i;

    add_user(fx->sec, "user", CK_SCRAM_SHA_256, "pw");
    for (i = 0; i < CK_ARRAY_LEN(bad_first); i++) {
        x = ck_sasl_new(fx->sec, CK_SCRAM_SHA_256);
        if (step(x, bad_first[i], out, sizeof(out), err, sizeof(err)) != CHRONIK_ERR_SASL_AUTHENTICATION_FAILED)
            fail_msg("accepted client-first-message \"%s\"", bad_first[i]);
        assert_true(strncmp(err, "Authentication failed", 21) == 0);
        /* After a failure the exchange is over. */
        assert_int_equal(step(x, "c=biws,r=abc,p=AAAA", NULL, 0, err, sizeof(err)), CHRONIK_ERR_ILLEGAL_SASL_STATE);
        ck_sasl_free(x);
    }
    /* An authzid equal to the user and the y flag are accepted. */
    x = ck_sasl_new(fx->sec, CK_SCRAM_SHA_256);
    assert_int_equal(step(x, "n,a=user,n=user,r=abc", out, sizeof(out), err, sizeof(err)), CK_SASL_CONTINUE);
    ck_sasl_free(x);
    {
        client c;

        x = ck_sasl_new(fx->sec, CK_SCRAM_SHA_256);
        snprintf(c.bare, sizeof(c.bare), "n=user,r=abc");
        c.mech = CK_SCRAM_SHA_256;
        assert_int_equal(step(x, "y,,n=user,r=abc", out, sizeof(out), err, sizeof(err)), CK_SASL_CONTINUE);
        cl_final(&c, "pw", out, "eSws");      /* base64("y,,") */
        assert_int_equal(step(x, c.final, out, sizeof(out), err, sizeof(err)), CK_SASL_DONE);
        assert_string_equal(out, c.expect_v);
        ck_sasl_free(x);
    }
}

static void test_final_message_checks(void **state)
{
    sec_fx *fx = *state;
    char    err[256], sf[512], out[256], msg[1024];
    client  c;
    struct {
        const char *what;
        const char *cbind;
        bool        break_nonce;
        bool        drop_proof;
    } cases[] = {
        {"channel binding of y,, after n,,", "eSws", false, false},
        {"nonce", "biws", true, false},
        {"proof", "biws", false, true},
    };
    size_t i;

    add_user(fx->sec, "user", CK_SCRAM_SHA_256, "pw");
    for (i = 0; i < CK_ARRAY_LEN(cases); i++) {
        ck_sasl *x = ck_sasl_new(fx->sec, CK_SCRAM_SHA_256);
        char    *r;

        cl_first(&c, CK_SCRAM_SHA_256, "user", "cnonce", msg, sizeof(msg));
        assert_int_equal(step(x, msg, sf, sizeof(sf), err, sizeof(err)), CK_SASL_CONTINUE);
        cl_final(&c, "pw", sf, cases[i].cbind);
        snprintf(msg, sizeof(msg), "%s", c.final);
        if (cases[i].break_nonce) {
            r = strstr(msg, "r=cnonce");
            r[3] = 'N';
        }
        if (cases[i].drop_proof)
            *strstr(msg, ",p=") = '\0';
        if (step(x, msg, out, sizeof(out), err, sizeof(err)) != CHRONIK_ERR_SASL_AUTHENTICATION_FAILED)
            fail_msg("accepted a client-final-message with a wrong %s", cases[i].what);
        ck_sasl_free(x);
    }
    /* A proof of the wrong length. */
    {
        ck_sasl *x = ck_sasl_new(fx->sec, CK_SCRAM_SHA_256);
        char    *p;

        cl_first(&c, CK_SCRAM_SHA_256, "user", "cnonce", msg, sizeof(msg));
        assert_int_equal(step(x, msg, sf, sizeof(sf), err, sizeof(err)), CK_SASL_CONTINUE);
        cl_final(&c, "pw", sf, "biws");
        snprintf(msg, sizeof(msg), "%s", c.final);
        p = strstr(msg, ",p=");
        snprintf(p, 20, ",p=AAAA");
        assert_int_equal(step(x, msg, out, sizeof(out), err, sizeof(err)), CHRONIK_ERR_SASL_AUTHENTICATION_FAILED);
        ck_sasl_free(x);
    }
}

/* Truncated and bit-flipped messages at every step never crash, never read
 * out of bounds (run under ASan), and only a message the client computed
 * authenticates. */
static void test_mutated_messages(void **state)
{
    sec_fx  *fx = *state;
    char     err[256], sf[512], first[512], msg[1024];
    uint64_t rnd = 0x9e3779b97f4a7c15ull;
    client   c;
    int      i, done = 0;

    add_user(fx->sec, "user", CK_SCRAM_SHA_256, "pw");
    /* One fixed server nonce, so the client-final-message is computed once
     * (PBKDF2 is the slow part). */
    {
        ck_sasl *x = ck_sasl_new(fx->sec, CK_SCRAM_SHA_256);

        ck_sasl_set_nonce(x, "srvnonce");
        cl_first(&c, CK_SCRAM_SHA_256, "user", "abcdef", first, sizeof(first));
        assert_int_equal(step(x, first, sf, sizeof(sf), err, sizeof(err)), CK_SASL_CONTINUE);
        cl_final(&c, "pw", sf, "biws");
        ck_sasl_free(x);
    }
    for (i = 0; i < 3000; i++) {
        bool     plain = i % 12 == 2;   /* PLAIN runs PBKDF2: fewer of those */
        ck_sasl *x = ck_sasl_new(fx->sec, plain ? CK_SASL_PLAIN : CK_SCRAM_SHA_256);
        uint8_t *o = NULL;
        size_t   olen = 0, len;
        bool     second = !plain && i % 2 == 1, changed;
        int      rc;

        rnd ^= rnd << 13, rnd ^= rnd >> 7, rnd ^= rnd << 17;
        if (plain) {
            memcpy(msg, "\0user\0pw", 8);
            len = 8;
        } else {
            snprintf(msg, sizeof(msg), "%s", first);
            len = strlen(msg);
            if (second) {
                ck_sasl_set_nonce(x, "srvnonce");
                assert_int_equal(step(x, first, sf, sizeof(sf), err, sizeof(err)), CK_SASL_CONTINUE);
                snprintf(msg, sizeof(msg), "%s", c.final);
                len = strlen(msg);
            }
        }
        changed = true;
        if (rnd % 4 == 0) {
            size_t cut = (size_t)(rnd >> 8) % (len + 1);                 /* truncate */

            changed = cut < len;
            len = cut;
        } else if (rnd % 4 != 1) {
            msg[(rnd >> 8) % len] ^= (char)(1u << ((rnd >> 40) % 8));  /* flip a bit */
        } else {
            changed = false;
        }
        rc = ck_sasl_step(x, (const uint8_t *)msg, len, &o, &olen, err, sizeof(err));
        assert_true(rc == CK_SASL_CONTINUE || rc == CK_SASL_DONE || rc == CHRONIK_ERR_SASL_AUTHENTICATION_FAILED);
        if (rc == CK_SASL_DONE && changed)
            fail_msg("a mutated message authenticated (case %d, %zu bytes): %.*s", i, len, (int)len, msg);
        done += rc == CK_SASL_DONE;
        ck_free(o);
        ck_sasl_free(x);
    }
    assert_true(done > 0);   /* the unmutated ones did */
}

static void test_plain(void **state)
{
    sec_fx  *fx = *state;
    char     err[256], err2[256];
    ck_sasl *x;
    uint8_t *out = NULL;
    size_t   outlen = 0;
    static const char ok[] = "\0alice\0secret", wrong[] = "\0alice\0Secret", unknown[] = "\0carol\0secret",
                      authz[] = "alice\0alice\0secret", other[] = "bob\0alice\0secret", two[] = "alice\0secret",
                      nouser[] = "\0\0secret", nopw[] = "\0alice\0", only256[] = "\0dave\0pw";

    add_user(fx->sec, "alice", CK_SCRAM_SHA_512, "secret");
    add_user(fx->sec, "dave", CK_SCRAM_SHA_256, "pw");
    assert_int_equal(ck_sasl_mech_parse("PLAIN"), CK_SASL_PLAIN);
    assert_int_equal(ck_sasl_mech_parse("SCRAM-SHA-512"), CK_SCRAM_SHA_512);
    assert_int_equal(ck_sasl_mech_parse("GSSAPI"), 0);
    assert_null(ck_sasl_new(fx->sec, 0));

#define PLAIN(msg, want, e)                                                                                  \
    do {                                                                                                     \
        x = ck_sasl_new(fx->sec, CK_SASL_PLAIN);                                                             \
        assert_int_equal(ck_sasl_step(x, (const uint8_t *)(msg), sizeof(msg) - 1, &out, &outlen, (e), 256), \
                         (want));                                                                            \
        assert_null(out);                                                                                    \
    } while (0)

    PLAIN(ok, CK_SASL_DONE, err);
    assert_string_equal(ck_sasl_principal(x), "User:alice");
    assert_int_equal(ck_sasl_step(x, (const uint8_t *)ok, sizeof(ok) - 1, &out, &outlen, err, sizeof(err)),
                     CHRONIK_ERR_ILLEGAL_SASL_STATE);
    ck_sasl_free(x);
    PLAIN(authz, CK_SASL_DONE, err);
    ck_sasl_free(x);
    PLAIN(wrong, CHRONIK_ERR_SASL_AUTHENTICATION_FAILED, err);
    assert_null(ck_sasl_principal(x));
    ck_sasl_free(x);
    PLAIN(unknown, CHRONIK_ERR_SASL_AUTHENTICATION_FAILED, err2);
    ck_sasl_free(x);
    assert_string_equal(err, "Authentication failed: Invalid username or password");
    assert_string_equal(err, err2);
    /* PLAIN checks the SCRAM-SHA-512 credential only. */
    PLAIN(only256, CHRONIK_ERR_SASL_AUTHENTICATION_FAILED, err);
    ck_sasl_free(x);
    PLAIN(other, CHRONIK_ERR_SASL_AUTHENTICATION_FAILED, err);
    assert_non_null(strstr(err, "authorization id"));
    ck_sasl_free(x);
    PLAIN(two, CHRONIK_ERR_SASL_AUTHENTICATION_FAILED, err);
    ck_sasl_free(x);
    PLAIN(nouser, CHRONIK_ERR_SASL_AUTHENTICATION_FAILED, err);
    assert_non_null(strstr(err, "username not specified"));
    ck_sasl_free(x);
    PLAIN(nopw, CHRONIK_ERR_SASL_AUTHENTICATION_FAILED, err);
    assert_non_null(strstr(err, "password not specified"));
    ck_sasl_free(x);
#undef PLAIN
}

/* ====================================================================== */
/* The credential store                                                     */
/* ====================================================================== */

static bool file_contains(const char *path, const char *needle)
{
    FILE  *f = fopen(path, "rb");
    char  *buf;
    long   n;
    bool   found;

    assert_non_null(f);
    fseek(f, 0, SEEK_END);
    n = ftell(f);
    fseek(f, 0, SEEK_SET);
    buf = malloc((size_t)n + 1);
    assert_int_equal(fread(buf, 1, (size_t)n, f), (size_t)n);
    fclose(f);
    found = memmem(buf, (size_t)n, needle, strlen(needle)) != NULL;
    free(buf);
    return found;
}

static void test_store(void **state)
{
    sec_fx           *fx = *state;
    char              err[256], path[512];
    ck_sec_user_info *infos;
    size_t            n;
    ck_scram_cred     c1, c2;

    /* Validation. */
    assert_int_equal(ck_sec_user_upsert(fx->sec, "", CK_SCRAM_SHA_256, "pw", 2, 0, err, sizeof(err)),
                     CHRONIK_ERR_UNACCEPTABLE_CREDENTIAL);
    assert_int_equal(ck_sec_user_upsert(fx->sec, "u", CK_SCRAM_SHA_256, "", 0, 0, err, sizeof(err)),
                     CHRONIK_ERR_UNACCEPTABLE_CREDENTIAL);
    assert_int_equal(ck_sec_user_upsert(fx->sec, "u", CK_SCRAM_SHA_256, "pw", 2, 4095, err, sizeof(err)),
                     CHRONIK_ERR_UNACCEPTABLE_CREDENTIAL);
    assert_non_null(strstr(err, "4096"));
    assert_int_equal(ck_sec_user_upsert(fx->sec, "u", CK_SCRAM_SHA_256, "pw", 2, 16385, err, sizeof(err)),
                     CHRONIK_ERR_UNACCEPTABLE_CREDENTIAL);
    assert_int_equal(ck_sec_user_upsert(fx->sec, "u", 3, "pw", 2, 0, err, sizeof(err)),
                     CHRONIK_ERR_UNSUPPORTED_SASL_MECHANISM);
    {
        char long_user[CK_SCRAM_MAX_USER + 2];

        memset(long_user, 'x', sizeof(long_user) - 1);
        long_user[sizeof(long_user) - 1] = '\0';
        assert_int_equal(ck_sec_user_upsert(fx->sec, long_user, CK_SCRAM_SHA_256, "pw", 2, 0, err, sizeof(err)),
                         CHRONIK_ERR_UNACCEPTABLE_CREDENTIAL);
    }
    {
        uint8_t salt[4] = {1, 2, 3, 4}, salted[32] = {0};

        assert_int_equal(ck_sec_user_upsert_salted(fx->sec, "u", CK_SCRAM_SHA_512, 4096, salt, 4, salted, 32, err,
                                                   sizeof(err)),
                         CHRONIK_ERR_UNACCEPTABLE_CREDENTIAL);
        assert_int_equal(ck_sec_user_upsert_salted(fx->sec, "u", CK_SCRAM_SHA_256, 4096, salt, 0, salted, 32, err,
                                                   sizeof(err)),
                         CHRONIK_ERR_UNACCEPTABLE_CREDENTIAL);
    }
    ck_sec_user_list(fx->sec, NULL, &infos, &n);
    assert_int_equal(n, 0);   /* no default users, and nothing failed half-way */

    add_user(fx->sec, "zed", CK_SCRAM_SHA_512, "correct horse battery staple");
    add_user(fx->sec, "amy", CK_SCRAM_SHA_512, "correct horse battery staple");
    add_user(fx->sec, "amy", CK_SCRAM_SHA_256, "correct horse battery staple");
    add_user(fx->sec, "am", CK_SCRAM_SHA_256, "x1");
    assert_int_equal(ck_sec_user_list(fx->sec, NULL, &infos, &n), 0);
    assert_int_equal(n, 4);
    assert_string_equal(infos[0].user, "am");
    assert_string_equal(infos[1].user, "amy");
    assert_int_equal(infos[1].mech, CK_SCRAM_SHA_256);
    assert_string_equal(infos[2].user, "amy");
    assert_int_equal(infos[2].mech, CK_SCRAM_SHA_512);
    assert_int_equal(infos[2].iterations, 4096);
    assert_string_equal(infos[3].user, "zed");
    ck_sec_user_infos_free(infos, n);
    /* One user's credentials: "am" does not list "amy"'s. */
    assert_int_equal(ck_sec_user_list(fx->sec, "am", &infos, &n), 0);
    assert_int_equal(n, 1);
    ck_sec_user_infos_free(infos, n);

    /* Two users with the same password get different salts and keys. */
    assert_int_equal(ck_sec_cred_get(fx->sec, "zed", CK_SCRAM_SHA_512, &c1), 0);
    assert_int_equal(ck_sec_cred_get(fx->sec, "amy", CK_SCRAM_SHA_512, &c2), 0);
    assert_int_equal(c1.salt_len, CK_SCRAM_SALT_LEN);
    assert_memory_not_equal(c1.salt, c2.salt, CK_SCRAM_SALT_LEN);
    assert_memory_not_equal(c1.stored_key, c2.stored_key, 64);

    /* Deletion per mechanism and of everything. */
    assert_int_equal(ck_sec_user_delete(fx->sec, "amy", CK_SCRAM_SHA_256, err, sizeof(err)), 0);
    assert_int_equal(ck_sec_user_delete(fx->sec, "amy", CK_SCRAM_SHA_256, err, sizeof(err)),
                     CHRONIK_ERR_RESOURCE_NOT_FOUND);
    assert_int_equal(ck_sec_cred_get(fx->sec, "amy", CK_SCRAM_SHA_256, &c1), CHRONIK_ERR_RESOURCE_NOT_FOUND);
    assert_int_equal(ck_sec_cred_get(fx->sec, "amy", CK_SCRAM_SHA_512, &c1), 0);
    assert_int_equal(ck_sec_user_delete(fx->sec, "am", 0, err, sizeof(err)), 0);
    assert_int_equal(ck_sec_user_delete(fx->sec, "am", 0, err, sizeof(err)), CHRONIK_ERR_RESOURCE_NOT_FOUND);
    assert_int_equal(ck_sec_cred_get(fx->sec, "amy", CK_SCRAM_SHA_512, &c1), 0);   /* a prefix, not amy */

    /* Persisted, and no password anywhere in the store. */
    fx_reopen(fx);
    assert_int_equal(ck_sec_cred_get(fx->sec, "zed", CK_SCRAM_SHA_512, &c2), 0);
    assert_int_equal(ck_sec_user_list(fx->sec, NULL, &infos, &n), 0);
    assert_int_equal(n, 2);
    ck_sec_user_infos_free(infos, n);
    assert_int_equal(exchange(fx->sec, CK_SCRAM_SHA_512, "zed", "correct horse battery staple", err, sizeof(err)),
                     CK_SASL_DONE);
    fx_close(fx);
    snprintf(path, sizeof(path), "%s/meta/data.mdb", fx->dir);
    assert_false(file_contains(path, "correct horse battery staple"));
    assert_true(file_contains(path, "zed"));   /* the check can see what is there */
    fx_open(fx);
}

static void test_users_spec(void **state)
{
    sec_fx       *fx = *state;
    char          err[256];
    ck_scram_cred before, after;

    assert_int_equal(ck_sec_apply_users_spec(fx->sec, "admin:s3cret,app:p:w", err, sizeof(err)), 0);
    assert_int_equal(exchange(fx->sec, CK_SCRAM_SHA_256, "admin", "s3cret", err, sizeof(err)), CK_SASL_DONE);
    assert_int_equal(exchange(fx->sec, CK_SCRAM_SHA_512, "admin", "s3cret", err, sizeof(err)), CK_SASL_DONE);
    assert_int_equal(exchange(fx->sec, CK_SCRAM_SHA_512, "app", "p:w", err, sizeof(err)), CK_SASL_DONE);
    /* Applying the same value again leaves the credentials as they are. */
    assert_int_equal(ck_sec_cred_get(fx->sec, "admin", CK_SCRAM_SHA_256, &before), 0);
    assert_int_equal(ck_sec_apply_users_spec(fx->sec, "admin:s3cret", err, sizeof(err)), 0);
    assert_int_equal(ck_sec_cred_get(fx->sec, "admin", CK_SCRAM_SHA_256, &after), 0);
    assert_memory_equal(before.salt, after.salt, CK_SCRAM_SALT_LEN);
    /* A new password replaces them. */
    assert_int_equal(ck_sec_apply_users_spec(fx->sec, "admin:n3w", err, sizeof(err)), 0);
    assert_int_equal(ck_sec_cred_get(fx->sec, "admin", CK_SCRAM_SHA_256, &after), 0);
    assert_memory_not_equal(before.salt, after.salt, CK_SCRAM_SALT_LEN);
    assert_int_equal(exchange(fx->sec, CK_SCRAM_SHA_256, "admin", "n3w", err, sizeof(err)), CK_SASL_DONE);
    assert_int_equal(exchange(fx->sec, CK_SCRAM_SHA_256, "admin", "s3cret", err, sizeof(err)),
                     CHRONIK_ERR_SASL_AUTHENTICATION_FAILED);
    /* Malformed entries: the error names the entry, never a password. */
    assert_int_equal(ck_sec_apply_users_spec(fx->sec, "ok:fine,nopassword:", err, sizeof(err)),
                     CHRONIK_ERR_INVALID_CONFIG);
    assert_non_null(strstr(err, "entry 2"));
    assert_int_equal(ck_sec_apply_users_spec(fx->sec, "ok:fine,:hunter2", err, sizeof(err)),
                     CHRONIK_ERR_INVALID_CONFIG);
    assert_null(strstr(err, "hunter2"));
    assert_int_equal(ck_sec_apply_users_spec(fx->sec, "justaname", err, sizeof(err)), CHRONIK_ERR_INVALID_CONFIG);
}

static void test_primitives(void **state)
{
    uint8_t a[8] = {1, 2, 3, 4, 5, 6, 7, 8}, b[8];
    uint8_t out[16];
    char   *s;

    (void)state;
    memcpy(b, a, 8);
    assert_true(ck_sec_ct_eq(a, b, 8));
    b[7] ^= 0x80;
    assert_false(ck_sec_ct_eq(a, b, 8));
    assert_true(ck_sec_ct_eq(a, b, 7));
    s = ck_sec_b64((const uint8_t *)"y,,", 3);
    assert_string_equal(s, "eSws");
    ck_free(s);
    assert_int_equal(ck_sec_unb64("biws", 4, out, sizeof(out)), 3);
    assert_memory_equal(out, "n,,", 3);
    assert_int_equal(ck_sec_unb64("biw", 3, out, sizeof(out)), -1);
    assert_int_equal(ck_sec_unb64("b=ws", 4, out, sizeof(out)), -1);
    assert_int_equal(ck_sec_unb64("bi ws", 5, out, sizeof(out)), -1);
    assert_int_equal(ck_sec_unb64("eSw=", 4, out, sizeof(out)), 2);
    assert_int_equal(ck_sec_unb64("eSx=", 4, out, sizeof(out)), -1);   /* non-zero unused bits */
    assert_int_equal(ck_sec_unb64("AAAAAAAAAAAAAAAAAAAAAAAA", 24, out, sizeof(out)), -1);   /* 18 > 16 */
    assert_string_equal(ck_scram_mech_name(CK_SCRAM_SHA_256), "SCRAM-SHA-256");
    assert_int_equal(ck_scram_mech_parse("SCRAM-SHA-512"), CK_SCRAM_SHA_512);
    assert_int_equal(ck_scram_mech_parse("scram-sha-512"), 0);
}

static void test_enabled_mechanisms(void **state)
{
    sec_fx     *fx = *state;
    const char *names[3];

    fx_open(fx);
    assert_false(ck_sec_sasl_enabled(fx->sec, CK_SASL_PLAIN));
    assert_true(ck_sec_sasl_enabled(fx->sec, CK_SCRAM_SHA_256));
    assert_true(ck_sec_sasl_enabled(fx->sec, CK_SCRAM_SHA_512));
    assert_int_equal(ck_sec_sasl_mechanisms(fx->sec, names), 2);
    assert_string_equal(names[0], "SCRAM-SHA-256");
    assert_string_equal(names[1], "SCRAM-SHA-512");
    fx_close(fx);
    fx_conf(fx, "sasl.enabled.mechanisms", "SCRAM-SHA-512, PLAIN");
    fx_open(fx);
    assert_true(ck_sec_sasl_enabled(fx->sec, CK_SASL_PLAIN));
    assert_false(ck_sec_sasl_enabled(fx->sec, CK_SCRAM_SHA_256));
    assert_false(ck_sec_sasl_enabled(fx->sec, 0));
    assert_int_equal(ck_sec_sasl_mechanisms(fx->sec, names), 2);
    assert_string_equal(names[0], "PLAIN");
    assert_string_equal(names[1], "SCRAM-SHA-512");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_primitives),
        cmocka_unit_test_setup_teardown(test_enabled_mechanisms, fx_setup, fx_teardown),
        cmocka_unit_test(test_rfc7677_client_side),
        cmocka_unit_test_setup_teardown(test_rfc7677_server_side, fx_setup_open, fx_teardown),
        cmocka_unit_test_setup_teardown(test_sha512_vector, fx_setup_open, fx_teardown),
        cmocka_unit_test_setup_teardown(test_exchange_both_mechanisms, fx_setup_open, fx_teardown),
        cmocka_unit_test_setup_teardown(test_escaped_user_names, fx_setup_open, fx_teardown),
        cmocka_unit_test_setup_teardown(test_unknown_user_looks_like_a_known_one, fx_setup_open, fx_teardown),
        cmocka_unit_test_setup_teardown(test_malformed_messages, fx_setup_open, fx_teardown),
        cmocka_unit_test_setup_teardown(test_final_message_checks, fx_setup_open, fx_teardown),
        cmocka_unit_test_setup_teardown(test_mutated_messages, fx_setup_open, fx_teardown),
        cmocka_unit_test_setup_teardown(test_plain, fx_setup_open, fx_teardown),
        cmocka_unit_test_setup_teardown(test_store, fx_setup_open, fx_teardown),
        cmocka_unit_test_setup_teardown(test_users_spec, fx_setup_open, fx_teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
