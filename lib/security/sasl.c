/*
 * sasl.c — the server side of SASL PLAIN (RFC 4616) and SCRAM-SHA-256 /
 * SCRAM-SHA-512 (RFC 5802, RFC 7677), as SaslAuthenticate will drive it:
 * one ck_sasl per authentication, fed the client's messages one at a time.
 *
 * SCRAM runs client-first-message → server-first-message → client-final-
 * message → server-final-message.  Channel binding is not offered: the
 * GS2 header must be "n,," or "y,," (optionally with an authzid equal to
 * the user), and the client-final-message's c= must be its base64.  The
 * server nonce is 24 random bytes in base64 appended to the client's.
 *
 * A failed authentication never tells whether the user exists: an unknown
 * user gets a server-first-message with the default iteration count and a
 * salt derived from its name with the store's mock key (stable across
 * attempts and restarts, as a real salt is), the proof check does the same
 * hashing against a derived key, and every credential failure carries the
 * same message.  PLAIN is checked against the SCRAM-SHA-512 credential
 * (PBKDF2 over the stored salt and iterations) or, for an unknown user, the
 * same PBKDF2 over a derived salt.  Every comparison of secrets is
 * constant-time; secrets are wiped when the exchange is freed.
 */
#include "security/sec_int.h"

#include <stdio.h>
#include <string.h>

#define NONCE_RAW 24

enum { ST_CLIENT_FIRST, ST_CLIENT_FINAL, ST_DONE, ST_FAILED };

struct ck_sasl {
    ck_sec       *sec;
    int           mech;          /* CK_SCRAM_SHA_* or CK_SASL_PLAIN */
    int           state;
    bool          known;         /* the user has a credential */
    char         *user;
    char         *gs2;           /* the GS2 header as sent, e.g. "n,," */
    char         *client_first_bare;
    char         *server_first;
    char         *nonce;         /* client nonce + server nonce */
    char         *fixed_nonce;   /* the server nonce to use instead of a random one (tests) */
    ck_scram_cred cred;
    char          principal[CK_SCRAM_MAX_USER + 8];
};

/** @brief ck_sasl_new number of a mechanism name, or 0. */
int ck_sasl_mech_parse(const char *name)
{
    if (name != NULL && strcmp(name, "PLAIN") == 0)
        return CK_SASL_PLAIN;
    return ck_scram_mech_parse(name);
}

/** @brief A new exchange for mech. */
ck_sasl *ck_sasl_new(ck_sec *s, int mech)
{
    ck_sasl *x;

    if (s == NULL || (mech != CK_SASL_PLAIN && ck_scram_key_len(mech) == 0))
        return NULL;
    x = ck_calloc(1, sizeof(*x));
    x->sec = s;
    x->mech = mech;
    x->state = ST_CLIENT_FIRST;
    return x;
}

static void free_str(char **p)
{
    if (*p != NULL) {
        ck_sec_wipe(*p, strlen(*p));
        ck_free(*p);
        *p = NULL;
    }
}

/** @brief Frees x, wiping its secrets. */
void ck_sasl_free(ck_sasl *x)
{
    if (x == NULL)
        return;
    free_str(&x->user);
    free_str(&x->gs2);
    free_str(&x->client_first_bare);
    free_str(&x->server_first);
    free_str(&x->nonce);
    free_str(&x->fixed_nonce);
    ck_sec_wipe(x, sizeof(*x));
    ck_free(x);
}

/** @brief Uses server_nonce instead of random bytes (reproducible
 *  exchanges for tests: RFC 7677's example). */
void ck_sasl_set_nonce(ck_sasl *x, const char *server_nonce)
{
    free_str(&x->fixed_nonce);
    x->fixed_nonce = ck_strdup(server_nonce);
}

/** @brief The principal once authenticated. */
const char *ck_sasl_principal(const ck_sasl *x)
{
    return x != NULL && x->state == ST_DONE ? x->principal : NULL;
}

/* The message of every credential failure of a mechanism (Kafka's). */
static int fail_creds(ck_sasl *x, char *err, size_t errlen)
{
    x->state = ST_FAILED;
    if (x->mech == CK_SASL_PLAIN)
        ck_errf(err, errlen, "Authentication failed: Invalid username or password");
    else
        ck_errf(err, errlen, "Authentication failed during authentication due to invalid credentials with SASL "
                             "mechanism %s", ck_scram_mech_name(x->mech));
    return CHRONIK_ERR_SASL_AUTHENTICATION_FAILED;
}

static int fail_msg(ck_sasl *x, char *err, size_t errlen, const char *what)
{
    x->state = ST_FAILED;
    ck_errf(err, errlen, "Authentication failed: %s", what);
    return CHRONIK_ERR_SASL_AUTHENTICATION_FAILED;
}

/* The credential of an unknown user: a salt and keys derived from the mock
 * key and the name, so that the answer looks like a real user's. */
static void mock_cred(ck_sec *s, int mech, const char *user, ck_scram_cred *c)
{
    size_t  kl = ck_scram_key_len(mech);
    ck_wb   wb;
    uint8_t k[64];

    memset(c, 0, sizeof(*c));
    c->mech = mech;
    c->iterations = CK_SCRAM_DEFAULT_ITERATIONS;
    c->salt_len = CK_SCRAM_SALT_LEN;
    ck_wb_init(&wb, 64);
    ck_wb_put(&wb, "salt", 5);
    ck_wb_i8(&wb, (int8_t)mech);
    ck_wb_put(&wb, user, strlen(user));
    ck_sec_hmac(CK_SCRAM_SHA_256, s->mock_key, sizeof(s->mock_key), wb.buf, wb.len, c->salt);
    wb.buf[0] = 'k';
    ck_sec_hmac(CK_SCRAM_SHA_512, s->mock_key, sizeof(s->mock_key), wb.buf, wb.len, k);
    memcpy(c->stored_key, k, kl);
    wb.buf[0] = 'v';
    ck_sec_hmac(CK_SCRAM_SHA_512, s->mock_key, sizeof(s->mock_key), wb.buf, wb.len, k);
    memcpy(c->server_key, k, kl);
    ck_sec_wipe(k, sizeof(k));
    ck_wb_free(&wb);
}

/* Loads user's credential of mech into x->cred (a mock one when absent).
 * The mock one is derived either way, so both cases do the same hashing. */
static void load_cred(ck_sasl *x, int mech, const char *user)
{
    ck_scram_cred mock;

    mock_cred(x->sec, mech, user, &mock);
    x->known = ck_sec_cred_get(x->sec, user, mech, &x->cred) == 0;
    if (!x->known)
        x->cred = mock;
    ck_sec_wipe(&mock, sizeof(mock));
}

/* ====================================================================== */
/* PLAIN                                                                    */
/* ====================================================================== */

static int plain_step(ck_sasl *x, const uint8_t *in, size_t inlen, char *err, size_t errlen)
{
    const char   *p = (const char *)in, *end = p + inlen;
    const char   *z1, *z2;
    char         *authzid = NULL, *pw = NULL;
    size_t        pwlen;
    ck_scram_cred probe;
    bool          ok = false;
    int           rc;

    z1 = memchr(p, '\0', inlen);
    z2 = z1 != NULL ? memchr(z1 + 1, '\0', (size_t)(end - z1 - 1)) : NULL;
    if (z2 == NULL || memchr(z2 + 1, '\0', (size_t)(end - z2 - 1)) != NULL)
        return fail_msg(x, err, errlen, "Invalid SASL/PLAIN response: expected 3 tokens");
    if (z2 == z1 + 1)
        return fail_msg(x, err, errlen, "username not specified");
    if (z2 + 1 == end)
        return fail_msg(x, err, errlen, "password not specified");
    if ((size_t)(z2 - z1 - 1) > CK_SCRAM_MAX_USER)
        return fail_creds(x, err, errlen);
    authzid = ck_strndup(p, (size_t)(z1 - p));
    x->user = ck_strndup(z1 + 1, (size_t)(z2 - z1 - 1));
    pwlen = (size_t)(end - z2 - 1);
    pw = ck_memdup(z2 + 1, pwlen);
    load_cred(x, CK_SCRAM_SHA_512, x->user);
    rc = ck_scram_cred_make(&probe, CK_SCRAM_SHA_512, pw, pwlen, x->cred.salt, x->cred.salt_len,
                            x->cred.iterations);
    if (rc == 0)
        ok = ((int)ck_sec_ct_eq(probe.stored_key, x->cred.stored_key, 64) & (int)x->known) != 0;
    ck_sec_wipe(&probe, sizeof(probe));
    ck_sec_wipe(pw, pwlen);
    ck_free(pw);
    if (!ok) {
        ck_free(authzid);
        return fail_creds(x, err, errlen);
    }
    if (authzid[0] != '\0' && strcmp(authzid, x->user) != 0) {
        ck_free(authzid);
        return fail_msg(x, err, errlen, "Client requested an authorization id that is different from username");
    }
    ck_free(authzid);
    snprintf(x->principal, sizeof(x->principal), "User:%s", x->user);
    x->state = ST_DONE;
    return CK_SASL_DONE;
}

/* ====================================================================== */
/* SCRAM                                                                    */
/* ====================================================================== */

/* Decodes a saslname (=2C → ',', =3D → '='); NULL when malformed. */
static char *saslname_decode(const char *s, size_t n)
{
    char  *out = ck_malloc(n + 1);
    size_t i, o = 0;

    for (i = 0; i < n; i++) {
        if (s[i] == '\0' || s[i] == ',')
            goto bad;
        if (s[i] == '=') {
            if (i + 2 < n && s[i + 1] == '2' && s[i + 2] == 'C')
                out[o++] = ',';
            else if (i + 2 < n && s[i + 1] == '3' && s[i + 2] == 'D')
                out[o++] = '=';
            else
                goto bad;
            i += 2;
        } else {
            out[o++] = s[i];
        }
    }
    out[o] = '\0';
    return out;
bad:
    ck_free(out);
    return NULL;
}

/* The next attribute "k=value" of a comma-separated message: *val and *vlen,
 * *p advanced past it (and its comma).  false at the end or when malformed. */
static bool next_attr(const char **p, const char *end, char *k, const char **val, size_t *vlen)
{
    const char *q = *p, *comma;

    if (q >= end || end - q < 2 || q[1] != '=')
        return false;
    *k = q[0];
    comma = memchr(q, ',', (size_t)(end - q));
    *val = q + 2;
    *vlen = (size_t)((comma != NULL ? comma : end) - *val);
    *p = comma != NULL ? comma + 1 : end;
    return true;
}

static bool nonce_valid(const char *n, size_t len)
{
    size_t i;

    if (len == 0)
        return false;
    for (i = 0; i < len; i++)
        if (n[i] < 0x21 || n[i] > 0x7e || n[i] == ',')
            return false;
    return true;
}

static int scram_client_first(ck_sasl *x, const uint8_t *in, size_t inlen, uint8_t **out, size_t *outlen,
                              char *err, size_t errlen)
{
    const char *p = (const char *)in, *end = p + inlen, *bare, *comma, *val, *cnonce, *why = NULL;
    char       *authzid = NULL, *salt64, *snonce64, it[24];
    size_t      vlen, cnlen;
    uint8_t     raw[NONCE_RAW];
    char        k = 0;
    int         n;
    ck_wb       wb;

    if (memchr(p, '\0', inlen) != NULL)
        return fail_msg(x, err, errlen, "invalid SCRAM client-first-message");
    /* GS2 header: ("n" | "y") "," [ "a=" saslname ] "," */
    if (inlen < 3 || (p[0] != 'n' && p[0] != 'y') || p[1] != ',')
        return fail_msg(x, err, errlen, inlen > 0 && p[0] == 'p' ? "channel binding is not supported"
                                                                 : "invalid SCRAM client-first-message: bad GS2 header");
    comma = memchr(p + 2, ',', (size_t)(end - p - 2));
    if (comma == NULL)
        return fail_msg(x, err, errlen, "invalid SCRAM client-first-message: bad GS2 header");
    if (comma > p + 2) {
        if (comma - p < 4 || p[2] != 'a' || p[3] != '=' ||
            (authzid = saslname_decode(p + 4, (size_t)(comma - p - 4))) == NULL)
            return fail_msg(x, err, errlen, "invalid SCRAM client-first-message: bad authzid");
    }
    x->gs2 = ck_strndup(p, (size_t)(comma + 1 - p));
    bare = comma + 1;
    x->client_first_bare = ck_strndup(bare, (size_t)(end - bare));
    p = bare;
    if (!next_attr(&p, end, &k, &val, &vlen) || k != 'n') {
        why = k == 'm' ? "mandatory SCRAM extensions are not supported"
                       : "invalid SCRAM client-first-message: no user name";
        goto out_fail;
    }
    x->user = saslname_decode(val, vlen);
    if (x->user == NULL || x->user[0] == '\0') {
        why = "invalid SCRAM client-first-message: bad user name";
        goto out_fail;
    }
    if (!next_attr(&p, end, &k, &val, &vlen) || k != 'r' || !nonce_valid(val, vlen)) {
        why = "invalid SCRAM client-first-message: bad nonce";
        goto out_fail;
    }
    cnonce = val;
    cnlen = vlen;
    while (p < end) {   /* extensions: key=value; delegation tokens are not supported */
        const char *eq = memchr(p, '=', (size_t)(end - p));

        comma = memchr(p, ',', (size_t)(end - p));
        if (comma == NULL)
            comma = end;
        if (eq == NULL || eq > comma || eq == p) {
            why = "invalid SCRAM client-first-message: bad extension";
            goto out_fail;
        }
        if ((size_t)(eq - p) == 9 && memcmp(p, "tokenauth", 9) == 0 && (size_t)(comma - eq - 1) == 4 &&
            memcmp(eq + 1, "true", 4) == 0) {
            why = "delegation tokens are not supported";
            goto out_fail;
        }
        p = comma < end ? comma + 1 : end;
    }
    if (authzid != NULL && authzid[0] != '\0' && strcmp(authzid, x->user) != 0) {
        why = "Client requested an authorization id that is different from username";
        goto out_fail;
    }
    ck_free(authzid);
    if (strlen(x->user) > CK_SCRAM_MAX_USER) {
        free_str(&x->user);
        x->user = ck_strdup("");   /* unknown: an over-long name has no credential */
    }
    load_cred(x, x->mech, x->user);
    if (x->fixed_nonce != NULL) {
        snonce64 = ck_strdup(x->fixed_nonce);
    } else if (ck_sec_random(raw, sizeof(raw)) == 0) {
        snonce64 = ck_sec_b64(raw, sizeof(raw));
    } else {
        x->state = ST_FAILED;
        ck_errf(err, errlen, "Authentication failed: no random bytes for the nonce");
        return CHRONIK_ERR_SASL_AUTHENTICATION_FAILED;
    }
    salt64 = ck_sec_b64(x->cred.salt, x->cred.salt_len);
    ck_wb_init(&wb, 128);
    ck_wb_put(&wb, cnonce, cnlen);
    ck_wb_put(&wb, snonce64, strlen(snonce64));
    x->nonce = ck_strndup((const char *)wb.buf, wb.len);
    ck_wb_reset(&wb);
    ck_wb_put(&wb, "r=", 2);
    ck_wb_put(&wb, x->nonce, strlen(x->nonce));
    ck_wb_put(&wb, ",s=", 3);
    ck_wb_put(&wb, salt64, strlen(salt64));
    n = snprintf(it, sizeof(it), ",i=%d", (int)x->cred.iterations);
    ck_wb_put(&wb, it, (size_t)n);
    x->server_first = ck_strndup((const char *)wb.buf, wb.len);
    *out = ck_memdup(wb.buf, wb.len);
    *outlen = wb.len;
    ck_wb_free(&wb);
    ck_free(snonce64);
    ck_free(salt64);
    x->state = ST_CLIENT_FINAL;
    return CK_SASL_CONTINUE;

out_fail:
    ck_free(authzid);
    return fail_msg(x, err, errlen, why);
}

static int scram_client_final(ck_sasl *x, const uint8_t *in, size_t inlen, uint8_t **out, size_t *outlen,
                              char *err, size_t errlen)
{
    const char *p = (const char *)in, *end = p + inlen, *val, *pp = NULL, *q;
    size_t      vlen, kl = ck_scram_key_len(x->mech), i;
    char        k = 0;
    char       *cb64 = NULL, *sig64;
    uint8_t     proof[CK_SCRAM_MAX_KEY], sig[CK_SCRAM_MAX_KEY], ckey[CK_SCRAM_MAX_KEY], stored[CK_SCRAM_MAX_KEY];
    ssize_t     plen;
    ck_wb       am;
    bool        ok;

    if (memchr(p, '\0', inlen) != NULL)
        return fail_msg(x, err, errlen, "invalid SCRAM client-final-message");
    /* The proof is the last attribute: client-final-message-without-proof
     * is everything before ",p=". */
    for (q = end; q - p >= 3; q--) {
        if (q[-3] == ',' && q[-2] == 'p' && q[-1] == '=') {
            pp = q - 3;
            break;
        }
    }
    if (pp == NULL)
        return fail_msg(x, err, errlen, "invalid SCRAM client-final-message: no proof");
    q = p;
    if (!next_attr(&q, pp, &k, &val, &vlen) || k != 'c')
        return fail_msg(x, err, errlen, "invalid SCRAM client-final-message: no channel binding");
    cb64 = ck_sec_b64((const uint8_t *)x->gs2, strlen(x->gs2));
    ok = vlen == strlen(cb64) && memcmp(val, cb64, vlen) == 0;
    ck_free(cb64);
    if (!ok)
        return fail_msg(x, err, errlen, "invalid SCRAM client-final-message: channel binding mismatch");
    /* Kafka's rule: the nonce must end with the server-first-message's
     * (librdkafka sends its own nonce again in front of it). */
    if (!next_attr(&q, pp, &k, &val, &vlen) || k != 'r' || vlen < strlen(x->nonce) ||
        !ck_sec_ct_eq(val + vlen - strlen(x->nonce), x->nonce, strlen(x->nonce)))
        return fail_msg(x, err, errlen, "invalid SCRAM client-final-message: nonce mismatch");
    plen = ck_sec_unb64(pp + 3, (size_t)(end - pp - 3), proof, sizeof(proof));
    if (plen != (ssize_t)kl)
        return fail_msg(x, err, errlen, "invalid SCRAM client-final-message: bad proof");

    ck_wb_init(&am, 256);
    ck_wb_put(&am, x->client_first_bare, strlen(x->client_first_bare));
    ck_wb_put(&am, ",", 1);
    ck_wb_put(&am, x->server_first, strlen(x->server_first));
    ck_wb_put(&am, ",", 1);
    ck_wb_put(&am, p, (size_t)(pp - p));
    ck_sec_hmac(x->mech, x->cred.stored_key, kl, am.buf, am.len, sig);
    for (i = 0; i < kl; i++)
        ckey[i] = proof[i] ^ sig[i];
    ck_sec_hash(x->mech, ckey, kl, stored);
    ok = ((int)ck_sec_ct_eq(stored, x->cred.stored_key, kl) & (int)x->known) != 0;   /* no short circuit */
    ck_sec_hmac(x->mech, x->cred.server_key, kl, am.buf, am.len, sig);
    ck_wb_free(&am);
    ck_sec_wipe(ckey, sizeof(ckey));
    ck_sec_wipe(stored, sizeof(stored));
    ck_sec_wipe(proof, sizeof(proof));
    if (!ok) {
        ck_sec_wipe(sig, sizeof(sig));
        return fail_creds(x, err, errlen);
    }
    sig64 = ck_sec_b64(sig, kl);
    ck_sec_wipe(sig, sizeof(sig));
    *outlen = 2 + strlen(sig64);
    *out = ck_malloc(*outlen + 1);
    memcpy(*out, "v=", 2);
    memcpy(*out + 2, sig64, strlen(sig64) + 1);
    ck_free(sig64);
    snprintf(x->principal, sizeof(x->principal), "User:%s", x->user);
    ck_sec_wipe(&x->cred, sizeof(x->cred));
    x->state = ST_DONE;
    return CK_SASL_DONE;
}

/** @brief Feeds the client's next message. */
int ck_sasl_step(ck_sasl *x, const uint8_t *in, size_t inlen, uint8_t **out, size_t *outlen, char *err,
                 size_t errlen)
{
    static const uint8_t empty[1] = {0};

    *out = NULL;
    *outlen = 0;
    if (in == NULL)
        in = empty;
    switch (x->state) {
    case ST_CLIENT_FIRST:
        if (x->mech == CK_SASL_PLAIN)
            return plain_step(x, in, inlen, err, errlen);
        return scram_client_first(x, in, inlen, out, outlen, err, errlen);
    case ST_CLIENT_FINAL:
        return scram_client_final(x, in, inlen, out, outlen, err, errlen);
    default:
        ck_errf(err, errlen, "Unexpected SASL request: the authentication exchange is %s",
                x->state == ST_DONE ? "complete" : "over after a failure");
        return CHRONIK_ERR_ILLEGAL_SASL_STATE;
    }
}
